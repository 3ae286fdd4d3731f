"""Atomic claims of an article, one module per kind: roles, meetings, amounts, durations, quotes.

Each module has `extract(article) -> list[Claim]`; it reads the article's sentences, linked entity
mentions, amounts and quotes, so it runs after the entity, quote and amount stages.
"""

from __future__ import annotations

from newsloom.model import Article, Claim


def extract_claims(article: Article) -> list[Claim]:
    from newsloom.facts.claims import amounts, durations, meetings, quotes, roles

    claims: list[Claim] = []
    for kind in (roles, meetings, amounts, durations, quotes):
        claims += kind.extract(article)
    return claims
