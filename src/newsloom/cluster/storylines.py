"""Storylines: stories about the same developing subject, linked over time.

Two stories are linked when their centroids are close (but not close enough to be one story) and they
share named entities, or, in the languages of `key_term_languages`, when their key terms are (the TF-IDF
cosine of the words and word pairs that weigh most in each); storylines are the connected groups,
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
from newsloom.settings import DEFAULTS, StorylineSettings

if TYPE_CHECKING:
    from newsloom.model import Article
    from newsloom.store.base import Store

DEFAULT = DEFAULTS.storylines  # the settings' defaults (newsloom.settings), each with its doc


def _top(counter, n: int) -> set[str]:
    """The n most named entities; ties broken by key, so the result never depends on hash order."""
    return {k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def story_profile(articles: list[Article], settings: StorylineSettings = DEFAULT) -> tuple[np.ndarray | None, list[str]]:
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
    return (total / (np.linalg.norm(total) or 1.0)).astype(np.float32), sorted(_top(counts, settings.top_entities))


def story_terms(articles: Iterable[Terms], df: DocumentFrequencies,
                settings: StorylineSettings = DEFAULT) -> dict[int, float]:
    """A story's key terms (term id -> weight): the sum of its articles' TF-IDF vectors (their terms
    as stored; copies left out by the caller), cut to its heaviest terms and scaled to unit length."""
    total: dict[int, float] = {}
    for terms in articles:
        v = df.vector(terms)
        for t, w in zip(v.ids.tolist(), v.weights.tolist(), strict=True):
            total[t] = total.get(t, 0.0) + w
    top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:settings.terms]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: round(w / norm, 5) for t, w in top}


def keyed_by_terms(articles: list[Article], settings: StorylineSettings = DEFAULT) -> bool:
    """Whether a story is linked by its key terms: all its articles are in `key_term_languages`."""
    return bool(articles) and all(a.lang in settings.key_term_languages for a in articles)


def terms_cosine(a: dict[int, float], b: dict[int, float]) -> float:
    return sum(w * b[t] for t, w in a.items() if t in b)


def profile(clusterer: OnlineClusterer, story_id: int, articles: list[Article],
            settings: StorylineSettings = DEFAULT) -> tuple[np.ndarray | None, list[str]]:
    """A story's centroid and top entities: the clusterer's for a story in the active window, else worked
    out from its stored `articles` (a story that left the window during a long run)."""
    st = clusterer.stories.get(story_id)
    if st is None:
        return story_profile(articles, settings)
    return clusterer.centroid(story_id), sorted(_top(st.entities, settings.top_entities))


def storyline_links(clusterer: OnlineClusterer, store: Store,
                    profiles: dict[int, tuple[np.ndarray | None, list[str], dict[int, float]]],
                    settings: StorylineSettings = DEFAULT) -> list[tuple[int, int]]:
    """Pairs of stories to put in one storyline, for the changed stories (their centroid, top entities and
    key terms in `profiles`): the stories whose key terms are close, found through the store's index of
    key terms; and, for a story in the active window, the stories of its nearest articles, and those
    beyond the window, found through the store (which keeps each story's top entities and centroid) among
    those sharing enough top entities, that are at least as near as the farthest of those articles: as
    near as they would have to be to count among them, had they stayed."""
    s = settings
    links: list[tuple[int, int]] = []
    for sid, (_, _, terms) in profiles.items():  # key terms, through the store's index: in the window or not
        links += [(sid, other) for other, theirs in store.stories_by_terms(terms, s.min_shared_terms).items()
                  if other != sid and terms_cosine(terms, theirs) >= s.min_terms_cosine]
    for sid, (centroid, top, _) in profiles.items():
        if centroid is None or sid not in clusterer.stories:
            continue  # a story that left the window was linked as it left (see Pipeline._leaving)
        mine = set(top)
        near, floor = clusterer.neighbourhood(centroid)
        for other in near:
            if other == sid:
                continue
            sim = float(np.dot(centroid, clusterer.centroid(other)))
            if sim >= s.min_similarity and \
                    len(mine & _top(clusterer.stories[other].entities, s.top_entities)) >= s.min_shared_entities:
                links.append((sid, other))
        bar = max(s.min_similarity, floor)
        links += [(sid, other) for other, theirs in store.stories_sharing(mine, s.min_shared_entities)
                  if other != sid and other not in clusterer.stories and float(np.dot(centroid, theirs)) >= bar]
    return links
