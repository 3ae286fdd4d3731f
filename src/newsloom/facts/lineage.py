"""Which articles of a story are independent sources.

Articles form one lineage, counted as one source, when one is an exact or near copy of another (the dedup
stage's `copy_of`), when they come from the same outlet, or when they are close rewrites in the same
language: word 5-gram (MinHash) overlap of at least the setting `compare.rewrite_jaccard` (0.3: independent
same-language reports of one event in the demo corpus stay below 0.1).
"""

from __future__ import annotations

from newsloom.dedup import jaccard, signature
from newsloom.model import Article


def source_name(a: Article) -> str:
    """The outlet, or where the article was read from when the outlet is unknown."""
    return source_label(a.source, a.origin)


def source_label(source: str | None, origin: str) -> str:
    """`source`, else the last part of `origin` (a file's name, a URL's last segment, "wire.jsonl:2")."""
    return source or origin.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] or origin


def lineages(articles: list[Article], rewrite_jaccard: float) -> dict[str, str]:
    """Article id -> id of the earliest article of its lineage (articles in arrival order)."""
    root = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            first, second = (rx, ry) if order[rx] <= order[ry] else (ry, rx)
            root[second] = first

    order = {a.id: i for i, a in enumerate(articles)}
    outlet: dict[str, str] = {}
    for a in articles:
        if a.copy_of in root:
            union(a.id, a.copy_of)
        if a.source:
            key = " ".join(a.source.casefold().split())
            if key in outlet:
                union(a.id, outlet[key])
            outlet.setdefault(key, a.id)
    sigs = {a.id: a.minhash if a.minhash is not None else signature(a.text) for a in articles}
    for i, a in enumerate(articles):
        for b in articles[:i]:
            if a.lang == b.lang and find(a.id) != find(b.id) and jaccard(sigs[a.id], sigs[b.id]) >= rewrite_jaccard:
                union(a.id, b.id)
    return {a.id: find(a.id) for a in articles}

