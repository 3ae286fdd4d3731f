"""Atomic claims of an article, one module per kind: roles, meetings, measures (amounts), durations and
statements (quotes and reported speech).

Each module has `extract(article) -> list[Claim]`; it reads the article's sentences, linked entity
mentions, amounts and quotes, so it runs after the entity, quote and amount stages.
"""

from __future__ import annotations

from types import ModuleType

from newsloom.facts.claims import durations, measures, meetings, roles, statements
from newsloom.model import Article, Claim

# each kind of claim (Claim.kind) and the module that extracts and compares it, in the order of extraction
KINDS: dict[str, ModuleType] = {"role": roles, "meeting": meetings, "amount": measures, "duration": durations,
                                "quote": statements}


def extract_claims(article: Article) -> list[Claim]:
    return [claim for kind in KINDS.values() for claim in kind.extract(article)]
