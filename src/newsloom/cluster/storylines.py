"""Storylines: stories about the same developing subject, linked over time.

Two stories are linked when their centroids are close (but not close enough to be one story) and they
share named entities; storylines are the connected groups, named by their lowest story id.
"""

from __future__ import annotations

import numpy as np

from newsloom.cluster.online import OnlineClusterer

MIN_SIMILARITY = 0.875
MIN_SHARED_ENTITIES = 3
TOP_ENTITIES = 12


def _top(counter, n: int = TOP_ENTITIES) -> set[str]:
    """The n most named entities; ties broken by key, so the result never depends on hash order."""
    return {k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def link_storylines(clusterer: OnlineClusterer, current: dict[int, int | None], dirty: list[int]) -> dict[int, int]:
    """New storyline ids for the stories whose storyline changed, after linking the `dirty` stories."""
    parent = {sid: (sl if sl is not None else sid) for sid, sl in current.items()}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for sid in dirty:
        st = clusterer.stories.get(sid)
        if st is None:
            continue
        centroid = clusterer.centroid(sid)
        mine = _top(st.entities)
        for other in clusterer.candidates(centroid):
            if other == sid:
                continue
            ot = clusterer.stories[other]
            sim = float(np.dot(centroid, clusterer.centroid(other)))
            if sim >= MIN_SIMILARITY and len(mine & _top(ot.entities)) >= MIN_SHARED_ENTITIES:
                a, b = find(sid), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {sid: find(sid) for sid in current if current[sid] != find(sid)}
