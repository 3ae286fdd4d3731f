"""Storylines: stories about the same developing subject, linked over time.

Two stories are linked when their centroids are close (but not close enough to be one story) and they
share named entities, or, in the languages of KEY_TERM_LANGUAGES, when their key terms are (the TF-IDF
cosine of the TERMS words and word pairs that weigh most in each); storylines are the connected groups,
named by their lowest story id. Stories in the active window are found through the clusterer's index,
older ones and those sharing key terms through the store.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from newsloom.cluster.lexical import DocumentFrequencies, Terms
from newsloom.cluster.online import OnlineClusterer

if TYPE_CHECKING:
    from newsloom.model import Article
    from newsloom.store.base import Store

MIN_SIMILARITY = 0.875
MIN_SHARED_ENTITIES = 3
TOP_ENTITIES = 12
TERMS = 48  # key terms kept per story
MIN_SHARED_TERMS = 6  # a story sharing fewer of them is not a candidate
MIN_TERMS_COSINE = 0.13  # fitted on DUC 2007 (`newsloom eval storylines`): see docs/evaluation.md
# the languages whose stories are linked by key terms: those the threshold was fitted in. On Vietnamese
# (ViMs + VietnameseMDS) 0.13 chains unrelated stories (storyline precision 0.69 -> 0.34); a Vietnamese
# corpus of topics followed over time would fit its own
KEY_TERM_LANGUAGES = frozenset({"en"})


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


def story_terms(articles: Iterable[Terms], df: DocumentFrequencies) -> dict[int, float]:
    """A story's TERMS key terms (term id -> weight): the sum of its articles' TF-IDF vectors (their terms
    as stored; copies left out by the caller), cut to its heaviest terms and scaled to unit length."""
    total: dict[int, float] = {}
    for terms in articles:
        v = df.vector(terms)
        for t, w in zip(v.ids.tolist(), v.weights.tolist(), strict=True):
            total[t] = total.get(t, 0.0) + w
    top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: round(w / norm, 5) for t, w in top}


def keyed_by_terms(articles: list[Article]) -> bool:
    """Whether a story is linked by its key terms: all its articles are in KEY_TERM_LANGUAGES."""
    return bool(articles) and all(a.lang in KEY_TERM_LANGUAGES for a in articles)


def terms_cosine(a: dict[int, float], b: dict[int, float]) -> float:
    return sum(w * b[t] for t, w in a.items() if t in b)


def profile(clusterer: OnlineClusterer, story_id: int, articles: list[Article]) -> tuple[np.ndarray | None, list[str]]:
    """A story's centroid and top entities: the clusterer's for a story in the active window, else worked
    out from its stored `articles` (a story that left the window during a long run)."""
    st = clusterer.stories.get(story_id)
    if st is None:
        return story_profile(articles)
    return clusterer.centroid(story_id), sorted(_top(st.entities))


def storyline_links(clusterer: OnlineClusterer, store: Store,
                    profiles: dict[int, tuple[np.ndarray | None, list[str], dict[int, float]]]) -> list[tuple[int, int]]:
    """Pairs of stories to put in one storyline, for the changed stories (their centroid, top entities and
    key terms in `profiles`): the stories whose key terms are close, found through the store's index of
    key terms; and, for a story in the active window, the stories of its nearest articles, and those
    beyond the window, found through the store (which keeps each story's top entities and centroid) among
    those sharing enough top entities, that are at least as near as the farthest of those articles: as
    near as they would have to be to count among them, had they stayed."""
    links: list[tuple[int, int]] = []
    for sid, (_, _, terms) in profiles.items():  # key terms, through the store's index: in the window or not
        links += [(sid, other) for other, theirs in store.stories_by_terms(terms, MIN_SHARED_TERMS).items()
                  if other != sid and terms_cosine(terms, theirs) >= MIN_TERMS_COSINE]
    for sid, (centroid, top, _) in profiles.items():
        if centroid is None or sid not in clusterer.stories:
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
