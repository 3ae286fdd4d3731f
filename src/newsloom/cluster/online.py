"""Online, incremental, time-aware story clustering across languages.

Each new article is compared with the stories of its nearest stored articles (an HNSW index, so the cost
per article stays flat as the store grows). A story scores by the dense multilingual similarity to its
centroid, the lexical TF-IDF similarity to its articles in the same language, and the named entities they
share; a time gap between the article and the story's dates counts against it. The article joins the best
story above the threshold, or starts a new one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import hnswlib
import numpy as np

from newsloom.cluster.lexical import Centroid


@dataclass
class ClusterConfig:
    # same language: dense + lexical + entities
    threshold: float = 0.5
    dense_weight: float = 0.5
    lexical_weight: float = 1.0
    entity_weight: float = 0.15
    dense_floor: float = 0.80  # below this dense similarity an article never joins a story
    # across languages (no shared words to count): dense + entities
    cross_threshold: float = 0.88
    cross_entity_weight: float = 0.04
    # time
    grace_days: int = 3  # a story's dates can be this far apart without any penalty
    day_penalty: float = 0.01  # per day beyond the grace
    max_gap_days: int = 45  # never join a story this far away in time
    neighbours: int = 30


@dataclass
class Signal:
    """What the clusterer sees of an article."""

    id: str
    embedding: np.ndarray
    lexical: dict[int, float]
    entities: set[str]
    lang: str | None
    day: date | None


@dataclass
class StoryState:
    dense: np.ndarray
    n: int = 0
    lexical: dict[str, Centroid] = field(default_factory=dict)  # per language
    entities: Counter = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None

    def add(self, s: Signal) -> None:
        self.dense = self.dense + s.embedding
        self.n += 1
        self.lexical.setdefault(s.lang or "und", Centroid()).add(s.lexical)
        self.entities.update(s.entities)
        if s.day:
            self.first = min(self.first or s.day, s.day)
            self.last = max(self.last or s.day, s.day)

    def gap_days(self, day: date | None) -> int:
        if day is None or self.first is None or self.last is None:
            return 0
        if day < self.first:
            return (self.first - day).days
        if day > self.last:
            return (day - self.last).days
        return 0


@dataclass
class Match:
    story_id: int
    score: float
    dense: float
    lexical: float
    entity: float
    cross: bool


class OnlineClusterer:
    def __init__(self, dim: int, config: ClusterConfig | None = None, next_story_id: int = 1) -> None:
        self.config = config or ClusterConfig()
        self.dim = dim
        self.index = hnswlib.Index(space="ip", dim=dim)
        self.index.init_index(max_elements=1024, ef_construction=100, M=16, random_seed=7)
        self.index.set_ef(64)
        self.story_of: list[int] = []  # index label -> story id
        self.stories: dict[int, StoryState] = {}
        self.next_story_id = next_story_id

    def __len__(self) -> int:
        return len(self.story_of)

    # -- scoring ---------------------------------------------------------------
    def candidates(self, emb: np.ndarray) -> list[int]:
        if not self.story_of:
            return []
        k = min(self.config.neighbours, len(self.story_of))
        labels, _ = self.index.knn_query(emb.reshape(1, -1), k=k, num_threads=1)
        seen: dict[int, None] = {}
        for label in labels[0]:
            seen.setdefault(self.story_of[int(label)], None)
        return list(seen)

    def score(self, s: Signal, story_id: int) -> Match:
        c = self.config
        st = self.stories[story_id]
        centroid = st.dense / (np.linalg.norm(st.dense) or 1.0)
        dense = float(np.dot(centroid, s.embedding))
        shared = sum(1 for e in s.entities if st.entities[e])
        entity = min(shared, 5) / 5.0
        gap = st.gap_days(s.day)
        time_penalty = c.day_penalty * max(0, gap - c.grace_days)
        lex_centroid = st.lexical.get(s.lang or "und")
        if lex_centroid is not None:
            lexical = lex_centroid.cosine(s.lexical)
            total = c.dense_weight * dense + c.lexical_weight * lexical + c.entity_weight * entity - time_penalty
            ok = total >= c.threshold
            score = total - c.threshold
            cross = False
        else:
            lexical = 0.0
            total = dense + c.cross_entity_weight * entity - time_penalty
            ok = total >= c.cross_threshold
            score = total - c.cross_threshold
            cross = True
        if dense < c.dense_floor or gap > c.max_gap_days:
            ok = False
        return Match(story_id, score if ok else -1.0 - abs(score), dense, lexical, entity, cross)

    def best(self, s: Signal) -> Match | None:
        matches = [self.score(s, sid) for sid in self.candidates(s.embedding)]
        ok = [m for m in matches if m.score >= 0]
        if not ok:
            return None
        return max(ok, key=lambda m: (m.score, -m.story_id))

    # -- updates ---------------------------------------------------------------
    def assign(self, s: Signal) -> tuple[int, Match | None]:
        """Put an article in its story (or a new one); returns the story id and the match that decided."""
        m = self.best(s)
        story_id = m.story_id if m else self.new_story_id()
        self.add(s, story_id)
        return story_id, m

    def new_story_id(self) -> int:
        sid = self.next_story_id
        self.next_story_id += 1
        return sid

    def add(self, s: Signal, story_id: int) -> None:
        """Record an article in a story (also used to rebuild from the store)."""
        if len(self.story_of) >= self.index.get_max_elements():
            self.index.resize_index(2 * self.index.get_max_elements())
        self.index.add_items(s.embedding.reshape(1, -1), np.array([len(self.story_of)]), num_threads=1)
        self.story_of.append(story_id)
        st = self.stories.get(story_id)
        if st is None:
            st = self.stories[story_id] = StoryState(dense=np.zeros(self.dim, dtype=np.float32))
        st.add(s)
        self.next_story_id = max(self.next_story_id, story_id + 1)
