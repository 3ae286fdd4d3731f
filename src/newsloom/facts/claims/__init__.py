"""Atomic claims of an article, one module per kind: roles, meetings, measures (amounts), durations,
statements (quotes and reported speech) and attributions (who said a quote's words).

Each module has `extract(article) -> list[Claim]`; it reads the article's sentences, linked entity
mentions, amounts and quotes, so it runs after the entity, quote and amount stages.
"""

from __future__ import annotations

from types import ModuleType

from newsloom.facts.claims import attributions, durations, measures, meetings, roles, statements
from newsloom.facts.offices import OfficeRecord
from newsloom.model import Article, Claim

# each kind of claim (Claim.kind) and the module that extracts and compares it, in the order of extraction
KINDS: dict[str, ModuleType] = {"role": roles, "meeting": meetings, "amount": measures, "duration": durations,
                                "quote": statements, "attribution": attributions}


def extract_claims(article: Article, record: OfficeRecord | None = None) -> list[Claim]:
    """Every claim of `article`; roles are resolved against `record` (default: the bundled one)."""
    with meetings.naming(article):
        return [claim for name, kind in KINDS.items()
                for claim in (roles.extract(article, record) if name == "role" else kind.extract(article))]
