"""Storylines: stories about the same developing subject, linked over time.

Two stories are linked when their centroids are close (but not close enough to be one story) and they
share named entities; storylines are the connected groups, named by their lowest story id. Stories in the
active window are found through the clusterer's index, older ones through the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from newsloom.cluster.online import OnlineClusterer

if TYPE_CHECKING:
    from newsloom.model import Article
    from newsloom.store.base import Store

MIN_SIMILARITY = 0.875
MIN_SHARED_ENTITIES = 3
TOP_ENTITIES = 12


def _top(counter, n: int = TOP_ENTITIES) -> set[str]:
    """The n most named entities; ties broken by key, so the result never depends on hash order."""
    return {k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def story_profile(articles: list[Article]) -> tuple[np.ndarray | None, list[str]]:
    """The centroid and top entities of a story from its stored articles (copies left out), as the
    clusterer keeps them for the stories in its window."""
    from collections import Counter

    from newsloom.entities.link import is_local

    counts: Counter[str] = Counter()
    vectors = []
    for a in articles:
        if a.copy_of is None and a.embedding is not None:
            vectors.append(a.embedding.astype(np.float64))
            counts.update({k for k in a.entity_keys if not is_local(k)})
    if not vectors:
        return None, []
    total = np.sum(vectors, axis=0)
    return (total / (np.linalg.norm(total) or 1.0)).astype(np.float32), sorted(_top(counts))


def profile(clusterer: OnlineClusterer, story_id: int, articles: list[Article]) -> tuple[np.ndarray | None, list[str]]:
    """A story's centroid and top entities: the clusterer's for a story in the active window, else worked
    out from its stored `articles` (a story that left the window during a long run)."""
    st = clusterer.stories.get(story_id)
    if st is None:
        return story_profile(articles)
    return clusterer.centroid(story_id), sorted(_top(st.entities))


def storyline_links(clusterer: OnlineClusterer, store: Store,
                    profiles: dict[int, tuple[np.ndarray, list[str]]]) -> list[tuple[int, int]]:
    """Pairs of stories to put in one storyline, for the changed stories in the active window (their
    centroid and top entities in `profiles`): the stories of their nearest articles, as ever, and the
    stories beyond the window, found through the store (which keeps each story's top entities and
    centroid) among those sharing enough top entities, that are at least as near as the farthest of
    those articles: as near as they would have to be to count among them, had they stayed."""
    links: list[tuple[int, int]] = []
    for sid, (centroid, top) in profiles.items():
        if sid not in clusterer.stories:
            continue  # a story that left the window was linked as it left (see Pipeline._leaving)
        mine = set(top)
        near, floor = clusterer.neighbourhood(centroid)
        for other in near:
            if other == sid:
                continue
            sim = float(np.dot(centroid, clusterer.centroid(other)))
            if sim >= MIN_SIMILARITY and len(mine & _top(clusterer.stories[other].entities)) >= MIN_SHARED_ENTITIES:
                links.append((sid, other))
        bar = max(MIN_SIMILARITY, floor)
        links += [(sid, other) for other, theirs in store.stories_sharing(mine, MIN_SHARED_ENTITIES)
                  if other != sid and other not in clusterer.stories and float(np.dot(centroid, theirs)) >= bar]
    return links
