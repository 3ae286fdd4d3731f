"""Storylines: stories about the same developing subject, linked over time.

A story joins the storyline of a story before it: in the languages of `key_term_languages`, the
storyline whose key terms (the words and word pairs that weigh most, summed over its latest stories: what
the subject keeps over time) are nearest its own; and, unless both have key terms, the story with the
nearest centroid among those sharing its main named entities (across languages too). Storylines are named
by their lowest story id. Stories in the active window are found through the clusterer's index, older ones
and those sharing key terms through the store.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from newsloom.cluster.lexical import DocumentFrequencies, Terms
from newsloom.cluster.online import OnlineClusterer
from newsloom.entities import gazetteer, local_bodies
from newsloom.model import Article, originals
from newsloom.settings import DEFAULTS, StorylineSettings

if TYPE_CHECKING:
    from newsloom.store.base import Store

DEFAULT = DEFAULTS.storylines  # the settings' defaults (newsloom.settings), each with its doc


def _top(counter, n: int) -> set[str]:
    """The n most named entities; ties broken by key, so the result never depends on hash order."""
    return {k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def story_profile(articles: list[Article], settings: StorylineSettings = DEFAULT) -> tuple[np.ndarray | None, list[str]]:
    """The centroid and top entities of a story from its stored articles (copies left out: `originals`), as the
    clusterer keeps them for the stories in its window."""
    from collections import Counter

    from newsloom.entities.link import is_local

    counts: Counter[str] = Counter()
    vectors = []
    for a in originals(articles):
        if a.embedding is not None:
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


def link_storylines(clusterer: OnlineClusterer, store: Store,
                    profiles: dict[int, tuple[np.ndarray | None, list[str], dict[int, float]]],
                    settings: StorylineSettings = DEFAULT, small: bool = False) -> list[tuple[int, int]]:
    """Put each changed story (its centroid, top entities and key terms in `profiles`), in id order, in the
    storyline of at most one story before it by each rule, and return those links. One link per rule, to
    the nearest: linking every story over a threshold let one story chain subjects together (DUC 2007,
    45 topics in one stream: BCubed precision 0.64). `small`: the store has read too few articles for its
    document frequencies to weigh key terms well (`small_store_terms_cosine` then)."""
    links: list[tuple[int, int]] = []
    for sid in sorted(profiles):
        centroid, top, terms = profiles[sid]
        for other in (_by_terms(store, sid, terms, settings, small),
                      _by_entities(clusterer, store, sid, centroid, top, bool(terms), settings)):
            if other is not None:
                store.join_storylines(sid, other)
                links.append((sid, other))
    return links


def _by_terms(store: Store, sid: int, terms: dict[int, float], s: StorylineSettings, small: bool = False
              ) -> int | None:
    """A story before `sid` whose storyline's key terms (the sum of its latest stories') are the nearest to
    the story's, with a cosine of at least `min_terms_cosine`: compared are the storylines of the
    `candidates` stories before it with the nearest key terms, found through the store's index."""
    if not terms:
        return None
    found = store.stories_by_terms(terms, s.min_shared_terms)
    nearest = sorted((o for o in found if o < sid), key=lambda o: (-terms_cosine(terms, found[o]), o))
    mine, lines = store.storyline_of(sid), set()
    best: tuple[float, int] | None = None
    for other in nearest[:s.candidates]:
        line = store.storyline_of(other)
        if line == mine or line in lines:
            continue
        lines.add(line)
        theirs = store.storyline_terms(line, s.line_stories) if line is not None else {}
        cosine = terms_cosine(terms, theirs) / (math.sqrt(sum(w * w for w in theirs.values())) or 1.0)
        if cosine >= (max(s.min_terms_cosine, s.small_store_terms_cosine) if small else s.min_terms_cosine) and (
                best is None or cosine > best[0]):  # ties: the nearer story's
            best = (cosine, other)
    return best[1] if best else None


_VIETNAM = gazetteer.place_key("Vietnam")


def _as_places(keys: set[str]) -> set[str]:
    """`keys` with a province's or a city's bodies counted as their place: the story of an outbreak and that of
    a poisoning in one province both name its health department and its hospital, standing bodies named as
    often as the province."""
    return {local_bodies.place_of(k) or k for k in keys}


def _where_once(shared: set[str]) -> set[str]:
    """Names two stories share, Vietnam left out where they share a Vietnamese province or city: it says no
    more where they happen (a tester's diphtheria case joined a poisoning's storyline through Thanh Hóa, its
    health department, its hospital and Vietnam)."""
    return shared - {_VIETNAM} if not shared.isdisjoint(gazetteer.vietnam_keys()) else shared


def _by_entities(clusterer: OnlineClusterer, store: Store, sid: int, centroid: np.ndarray | None, top: list[str],
                 keyed: bool, s: StorylineSettings) -> int | None:
    """The story before `sid` with the nearest centroid among those sharing `min_shared_entities` of its top
    entities, at a cosine of at least `min_similarity`: in the active window the stories of its nearest
    articles; beyond it, found through the store (which keeps each story's top entities and centroid), those
    at least as near as the farthest of those articles (as near as they would have to be to count among
    them, had they stayed). Two stories that both have key terms are left to them (measured on DUC 2007,
    where centroids and names chained English topics together)."""
    if centroid is None or sid not in clusterer.stories:
        return None  # a story that left the window was linked as it left (see Pipeline._leaving)
    mine = _as_places(set(top) - clusterer.common_entities(top, s.common_entity_share, s.common_entity_articles))
    near, floor = clusterer.neighbourhood(centroid)
    found = [(float(np.dot(centroid, clusterer.centroid(o))), o) for o in near if o < sid and len(_where_once(
        mine & _as_places(_top(clusterer.stories[o].entities, s.top_entities)))) >= s.min_shared_entities]
    found = [(sim, o) for sim, o in found if sim >= s.min_similarity]
    bar = max(s.min_similarity, floor)
    found += [(sim, o) for sim, o in ((float(np.dot(centroid, theirs)), o)
                                      # beyond the window, their names unread: Vietnam left out as if shared
                                      for o, theirs in store.stories_sharing(_where_once(mine), s.min_shared_entities)
                                      if o < sid and o not in clusterer.stories) if sim >= bar]
    if keyed and found:
        termed = store.story_terms(o for _, o in found)
        found = [(sim, o) for sim, o in found if o not in termed]
    return max(found)[1] if found else None
