"""Online, incremental, time-aware story clustering across languages.

Each new article is compared with the stories of its nearest stored articles (an HNSW index over the
article embeddings, so the cost per article stays flat as the store grows). For every member of a
candidate story a logistic model gives the probability that the two articles report the same event, from
  - the dense multilingual similarity of their leads,
  - the TF-IDF similarity of their texts and of their titles (same language only),
  - the named entities they share, weighted by rarity,
  - the days between them.
The article joins the story with the highest median probability over its (most recent) members when that
median reaches the threshold (at least half the members agree), or starts a new story.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import hnswlib
import numpy as np

from newsloom.cluster.lexical import PRIOR_DOCUMENTS, SparseVector, prior_idf


@lru_cache(maxsize=100_000)
def entity_prior_idf(key: str) -> float:
    """Prior IDF of an entity key such as "LOC:ukraine": its name as a phrase, in English or Vietnamese."""
    name = key.split(":", 1)[-1]
    return min(prior_idf(name, "en"), prior_idf(name, "vi"))


@dataclass
class ClusterConfig:
    """Defaults fitted once (see README, "How the clustering defaults were chosen"); the same for every corpus."""

    # logit of "same event" for two articles in the same language
    w_dense: float = 52.0
    w_lexical: float = 4.5
    w_title: float = 6.4
    w_entities: float = 16.5
    bias: float = -52.1
    # across languages there are no shared words: the dense similarity of translations runs lower
    cross_dense_offset: float = 0.02
    # time: a day's gap beyond the grace costs this much logit
    grace_days: int = 1
    w_day: float = 2.0
    threshold: float = 0.2  # median probability over a story's members needed to join it
    linkage: str = "median"  # or "mean": how members' probabilities make the story's
    neighbours: int = 30  # nearest articles whose stories are candidates
    members: int = 24  # most recent members of a story an article is compared with


@dataclass
class Signal:
    """What the clusterer sees of an article."""

    id: str
    embedding: np.ndarray
    lexical: SparseVector
    title: SparseVector
    entities: frozenset[str]
    lang: str | None
    day: date | None  # first day the article can be about
    until: date | None = None  # last such day, when it is known only as a range


@dataclass
class Match:
    story_id: int
    probability: float
    members: dict[str, float] = field(default_factory=dict)  # same-event probability with each member compared


@dataclass
class StoryState:
    members: list[int] = field(default_factory=list)  # index labels, in arrival order
    entities: Counter = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None

    def gap_days(self, day: date | None, until: date | None = None) -> int:
        """Days between `day` (to `until`) and the story's dated articles (0 when they overlap or are unknown)."""
        return _days_apart(day, until, self.first, self.last)


class OnlineClusterer:
    def __init__(self, dim: int, config: ClusterConfig | None = None, next_story_id: int = 1) -> None:
        self.config = config or ClusterConfig()
        self.dim = dim
        self.index = hnswlib.Index(space="ip", dim=dim)
        self.index.init_index(max_elements=1024, ef_construction=100, M=16, random_seed=7)
        self.index.set_ef(64)
        self.signals: list[Signal] = []  # index label -> signal
        self.story_of: list[int] = []  # index label -> story id
        self.stories: dict[int, StoryState] = {}
        self.entity_df: Counter = Counter()
        self._idf: dict[str, float] = {}
        self._idf_n = -1
        self.next_story_id = next_story_id

    def __len__(self) -> int:
        return len(self.signals)

    # -- scoring ---------------------------------------------------------------
    def candidates(self, emb: np.ndarray, k: int | None = None) -> list[int]:
        """Stories of the nearest stored articles, nearest first."""
        if not self.signals:
            return []
        k = min(k or self.config.neighbours, len(self.signals))
        labels, _ = self.index.knn_query(emb.reshape(1, -1), k=k, num_threads=1)
        return list(dict.fromkeys(self.story_of[int(label)] for label in labels[0]))

    def _entity_weight(self, keys: frozenset[str]) -> float:
        """Sum of the entities' IDFs: the stream's own, blended with a prior from how common the name is."""
        n = len(self.signals)
        if self._idf_n != n:  # the IDFs change with every article added, not while one is scored
            self._idf.clear()
            self._idf_n = n
        total = 0.0
        for e in keys:
            idf = self._idf.get(e)
            if idf is None:
                stream = math.log((n + 1) / (self.entity_df[e] + 1)) + 1.0
                idf = self._idf[e] = (n * stream + PRIOR_DOCUMENTS * entity_prior_idf(e)) / (n + PRIOR_DOCUMENTS)
            total += idf
        return total

    def pair_logit(self, a: Signal, b: Signal) -> float:
        c = self.config
        dense = float(np.dot(a.embedding, b.embedding))
        if a.lang == b.lang:
            z = c.w_dense * dense + c.w_lexical * a.lexical.dot(b.lexical) + c.w_title * a.title.dot(b.title)
        else:
            z = c.w_dense * (dense + c.cross_dense_offset)
        shared = a.entities & b.entities
        if shared:  # weighted Jaccard of the two articles' entities
            z += c.w_entities * self._entity_weight(shared) / self._entity_weight(a.entities | b.entities)
        return z + c.bias

    def _late(self, gap_days: int) -> float:
        """Logit lost to a time gap beyond the grace days."""
        return self.config.w_day * max(0, gap_days - self.config.grace_days)

    def member_logits(self, s: Signal, story_id: int) -> list[tuple[Signal, float]]:
        """The pair logit of `s` with each of the story's latest members."""
        members = self.stories[story_id].members[-self.config.members :]
        return [(self.signals[m], self.pair_logit(s, self.signals[m])) for m in members]

    def story_probability(self, s: Signal, story_id: int,
                          logits: list[tuple[Signal, float]] | None = None) -> float:
        """Median (or mean) probability of "same event" over the story's latest members, less the story's time gap."""
        late = self._late(self.stories[story_id].gap_days(s.day, s.until))
        probs = [_sigmoid(z - late) for _, z in logits or self.member_logits(s, story_id)]
        if self.config.linkage == "median":
            return statistics.median(probs)
        return sum(probs) / len(probs)

    def best(self, s: Signal) -> Match | None:
        """The likeliest candidate story over the threshold, with the pair probabilities of its members."""
        best: Match | None = None
        best_logits: list[tuple[Signal, float]] = []
        for sid in self.candidates(s.embedding):
            logits = self.member_logits(s, sid)
            p = self.story_probability(s, sid, logits)
            if p >= self.config.threshold and (best is None or p > best.probability):
                best, best_logits = Match(sid, p), logits
        if best:  # each member's own "same event" probability: the pair model less the pair's days apart
            best.members = {m.id: _sigmoid(z - self._late(_days_apart(s.day, s.until, m.day, m.until or m.day)))
                            for m, z in best_logits}
        return best

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
        if len(self.signals) >= self.index.get_max_elements():
            self.index.resize_index(2 * self.index.get_max_elements())
        label = len(self.signals)
        self.index.add_items(s.embedding.reshape(1, -1), np.array([label]), num_threads=1)
        self.signals.append(s)
        self.story_of.append(story_id)
        self.entity_df.update(s.entities)
        st = self.stories.setdefault(story_id, StoryState())
        st.members.append(label)
        st.entities.update(s.entities)
        if s.day:
            st.first = min(st.first or s.day, s.day)
            st.last = max(st.last or s.day, s.until or s.day)
        self.next_story_id = max(self.next_story_id, story_id + 1)

    def centroid(self, story_id: int) -> np.ndarray:
        v = np.sum([self.signals[m].embedding for m in self.stories[story_id].members], axis=0)
        return v / (np.linalg.norm(v) or 1.0)


def _days_apart(day: date | None, until: date | None, first: date | None, last: date | None) -> int:
    """Days between the span `day`..`until` and the span `first`..`last` (0 when they overlap or one is unknown)."""
    if day is None or first is None or last is None:
        return 0
    return max((first - (until or day)).days, (day - last).days, 0)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
