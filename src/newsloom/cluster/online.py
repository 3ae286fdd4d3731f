"""Online, incremental, time-aware story clustering across languages.

Each new article is compared with the stories of its nearest stored articles (an HNSW index over the
article embeddings, so the cost per article stays flat as the store grows). For every member of a
candidate story a logistic model gives the probability that the two articles report the same event, from
  - the dense multilingual similarity of their leads (across languages, read on the article's own
    language's scale: see cluster/background.py),
  - the TF-IDF similarity of their texts and of their titles (same language only),
  - the named entities they share, weighted by rarity,
  - the days between them.
The article joins the story with the highest median probability over its (most recent) members when that
median reaches the threshold (at least half the members agree), or starts a new story.
"""

from __future__ import annotations

import math
import statistics
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import hnswlib
import numpy as np

from newsloom.cluster.background import LanguageBackground, Profile, on_own_scale
from newsloom.cluster.lexical import PRIOR_DOCUMENTS, SparseVector, prior_idf, segment_sums
from newsloom.settings import ClusterConfig
from newsloom.text.dates import nearest_year

EXPIRE_EVERY = 256  # articles between two looks for stories that left the active window
# entities numbered before the first forgetting of those seen once (`OnlineClusterer.compact_entities`), about
# 14,000 articles' worth; after it, when twice as many are numbered as were kept
COMPACT_ENTITIES = 50_000


@lru_cache(maxsize=100_000)
def entity_prior_idf(key: str) -> float:
    """Prior IDF of an entity key such as "LOC:ukraine": its name as a phrase, in English or Vietnamese."""
    name = key.split(":", 1)[-1]
    return min(prior_idf(name, "en"), prior_idf(name, "vi"))


class EntityNumbers:
    """Entity keys numbered in order of appearance (in one clusterer), with their prior IDFs."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.prior = np.zeros(0)
        self._lock = threading.Lock()  # threads scoring with one clusterer share its numbering

    def __getstate__(self) -> dict:
        return {"number": self.number, "prior": self.prior}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def keep(self, keys: set[str]) -> np.ndarray:
        """Number only those of `keys` numbered already, in their order, from 0; the old number of each."""
        with self._lock:
            kept = sorted((n, k) for k, n in self.number.items() if k in keys)
            old = np.array([n for n, _ in kept], dtype=np.int64)
            self.number = {k: i for i, (_, k) in enumerate(kept)}
            self.prior = self.prior[old]
        return old

    def ids(self, keys: frozenset[str]) -> np.ndarray:
        if any(k not in self.number for k in keys):
            with self._lock:
                new = sorted(k for k in keys if k not in self.number)  # sorted: never depends on hashing
                priors = [entity_prior_idf(k) for k in new]
                self.prior = np.concatenate([self.prior, priors])  # before the numbers, which index it
                for key in new:
                    self.number[key] = len(self.number)
        return np.array(sorted(self.number[k] for k in keys), dtype=np.int64)


@dataclass
class _Packed:
    """The window's signals for a snapshot, their arrays laid end to end: read back, each signal's arrays
    are views of a few large ones, where unpickling thousands of small arrays took most of the time."""

    labels: list[int]
    arrays: dict[str, np.ndarray]  # field -> the signals' arrays concatenated
    sizes: dict[str, np.ndarray]  # field -> the length of each signal's array (-1: None)
    rest: list[tuple]  # the other fields of each signal, in `_REST` order


_ARRAYS = ("embedding", "lexical.ids", "lexical.weights", "title.ids", "title.weights", "entity_ids")  # not language data: Signal fields
_REST = ("id", "entities", "lang", "day", "until", "day_months", "figures", "profile")  # not language data: Signal fields


def _array(s: Signal, name: str) -> np.ndarray | None:
    head, _, tail = name.partition(".")
    value = getattr(s, head)
    return getattr(value, tail) if tail else value


def _pack(signals: dict[int, Signal]) -> _Packed:
    values = list(signals.values())
    arrays, sizes = {}, {}
    for name in _ARRAYS:
        parts = [_array(s, name) for s in values]
        sizes[name] = np.array([-1 if a is None else len(a) for a in parts], dtype=np.int64)
        kept = [a for a in parts if a is not None]
        arrays[name] = np.concatenate(kept) if kept else np.zeros(0)
    return _Packed(list(signals), arrays, sizes, [tuple(getattr(s, f) for f in _REST) for s in values])


def _unpack(packed: _Packed) -> dict[int, Signal]:
    columns: dict[str, list[np.ndarray | None]] = {}
    for name in _ARRAYS:
        sizes, whole = packed.sizes[name], packed.arrays[name]
        ends = np.cumsum(np.maximum(sizes, 0)).tolist()
        columns[name] = [None if n < 0 else whole[end - n:end] for n, end in zip(sizes.tolist(), ends, strict=True)]
    out = {}
    for i, (label, rest) in enumerate(zip(packed.labels, packed.rest, strict=True)):
        fields = dict(zip(_REST, rest, strict=True))
        out[label] = Signal(embedding=columns["embedding"][i],
                            lexical=SparseVector(columns["lexical.ids"][i], columns["lexical.weights"][i]),
                            title=SparseVector(columns["title.ids"][i], columns["title.weights"][i]),
                            entity_ids=columns["entity_ids"][i], **fields)
    return out


FEATURES = ("dense", "lexical", "title", "entities", "figures")  # of a pair, in `pair_features` order


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
    day_months: tuple[tuple[int, int], ...] = ()  # undated: (month, day)s its lead names, placed by a story's year
    figures: frozenset[float] = frozenset()  # the numbers it states (facts.amounts.figures)
    entity_ids: np.ndarray | None = field(default=None, repr=False, compare=False)  # see `OnlineClusterer.entity_ids`
    profile: Profile | None = field(default=None, repr=False, compare=False)  # see `OnlineClusterer.profile`


@dataclass
class Match:
    story_id: int
    probability: float
    members: dict[str, float] = field(default_factory=dict)  # same-event probability with each member compared


@dataclass
class StoryState:
    members: list[int] = field(default_factory=list)  # index labels, in arrival order
    entities: Counter = field(default_factory=Counter)
    total: np.ndarray | None = None  # sum of the members' embeddings
    first: date | None = None
    last: date | None = None
    latest: int = 0  # articles the clusterer had seen when its latest one joined

    day_months: tuple[tuple[int, int], ...] = ()  # of its undated members (see Signal.day_months)

    def gap_days(self, s: Signal) -> int:
        """Days between `s` and the story's articles (0 when they overlap or either's are unknown)."""
        return _gap(s.day, s.until, s.day_months, self.first, self.last, self.day_months)


class OnlineClusterer:
    def __init__(self, dim: int, config: ClusterConfig | None = None, next_story_id: int = 1) -> None:
        self.config = config or ClusterConfig()
        self.dim = dim
        self.index = _new_index(dim, 1024)
        self.signals: dict[int, Signal] = {}  # index label -> signal, for the articles in the window
        self.story_of: dict[int, int] = {}  # index label -> story id
        self.stories: dict[int, StoryState] = {}
        self.numbers = EntityNumbers()
        self._entity_df = np.zeros(1024, dtype=np.int64)  # by entity number (see `entity_ids`), every article seen
        self._entities_kept = 0  # entities numbered after the last `compact_entities`
        self.background = LanguageBackground(dim)
        self.next_story_id = next_story_id
        self.seen = 0  # articles added, the window's included or not
        self.newest: date | None = None  # the stream's day: the latest day an article is about (see `add`)
        self.newest_published: date | None = None  # the latest publication day
        self._next_label = 0
        self._vacant = 0  # articles that left the window but are still in the index, marked deleted
        self.on_expire: Callable[[list[int]], None] | None = None  # told which stories leave, before they do

    def __getstate__(self) -> dict:
        # the callback belongs to whoever holds the clusterer; the signals are packed (see `_pack`)
        return {**self.__dict__, "on_expire": None, "signals": _pack(self.signals)}

    def __setstate__(self, state: dict) -> None:
        signals = state["signals"]
        self.__dict__.update(state, signals=_unpack(signals) if isinstance(signals, _Packed) else signals)
        self.__dict__.setdefault("newest_published", None)  # a snapshot older than it
        self.__dict__.setdefault("_entities_kept", 0)  # ... or than this

    def __len__(self) -> int:
        return len(self.signals)

    def entity_ids(self, s: Signal) -> np.ndarray:
        """The numbers of a signal's entities, sorted (worked out once per signal)."""
        if s.entity_ids is None:
            s.entity_ids = self.numbers.ids(s.entities)
        return s.entity_ids

    # -- scoring ---------------------------------------------------------------
    def candidates(self, emb: np.ndarray, k: int | None = None) -> list[int]:
        """Stories of the nearest stored articles, nearest first."""
        return self.neighbourhood(emb, k)[0]

    def neighbourhood(self, emb: np.ndarray, k: int | None = None) -> tuple[list[int], float]:
        """Stories of the nearest articles in the window, nearest first, and the cosine of the farthest of
        those articles (how near an article must be to count among them)."""
        if not self.signals:
            return [], 1.0
        k = min(k or self.config.neighbours, len(self.signals))
        labels, distances = self.index.knn_query(emb.reshape(1, -1), k=k, num_threads=1)
        stories = list(dict.fromkeys(self.story_of[int(label)] for label in labels[0]))
        return stories, 1.0 - float(distances[0][-1])  # inner-product space: distance = 1 - cosine

    def _df(self) -> np.ndarray:
        """The stream's document frequency of every numbered entity (grown, doubling, as entities get numbers)."""
        if len(self.numbers.prior) > len(self._entity_df):
            size = max(len(self.numbers.prior), 2 * len(self._entity_df))
            self._entity_df = np.concatenate([self._entity_df, np.zeros(size - len(self._entity_df), np.int64)])
        return self._entity_df

    def common_entities(self, keys: Iterable[str], share: float, least: int) -> set[str]:
        """Those of `keys` named by more than `share` of the articles seen, once `least` were: what a store about
        one subject names everywhere ("EVN", "Vietnam" in a store of Vietnam's power news)."""
        if self.seen < least:
            return set()
        df = self._df()
        return {k for k in keys if (n := self.numbers.number.get(k)) is not None and df[n] > share * self.seen}

    def _entity_idf(self, ids: np.ndarray) -> np.ndarray:
        """IDF of entities: the stream's own, blended with a prior from how common the name is."""
        n = self.seen
        stream = np.log((n + 1) / (self._df()[ids] + 1)) + 1.0
        return (n * stream + PRIOR_DOCUMENTS * self.numbers.prior[ids]) / (n + PRIOR_DOCUMENTS)

    def _entity_overlap(self, s: Signal, others: list[Signal]) -> np.ndarray:
        """Weighted Jaccard of `s`'s entities with each of `others`' (weights: the entities' IDFs)."""
        mine = self.entity_ids(s)
        groups = [self.entity_ids(o) for o in others]
        sizes = np.array([len(g) for g in groups], dtype=np.int64)
        if not len(mine) or not sizes.sum():
            return np.zeros(len(others))
        ids = np.concatenate(groups)
        idf = self._entity_idf(ids)
        shared = segment_sums(np.where(np.isin(ids, mine), idf, 0.0), sizes)
        union = self._entity_idf(mine).sum() + segment_sums(idf, sizes) - shared
        return shared / union

    def profile(self, s: Signal) -> Profile:
        """`s`'s cosines with each language's recent articles (taken once, before `s` joins them)."""
        if s.profile is None:
            s.profile = self.background.profile(s.embedding)
        return s.profile

    def pair_features(self, s: Signal, others: list[Signal]) -> np.ndarray:
        """The pair model's inputs for `s` with each of `others`, one row each (FEATURES): dense cosine,
        TF-IDF cosines of texts and of titles (0 across languages, where no words are shared), entity
        overlap, and the share of their figures in common."""
        x = np.zeros((len(others), len(FEATURES)))
        if not others:
            return x
        x[:, 0] = np.stack([o.embedding for o in others]) @ s.embedding
        same = [i for i, o in enumerate(others) if o.lang == s.lang]
        if same:
            x[same, 1] = s.lexical.dots([others[i].lexical for i in same])
            x[same, 2] = s.title.dots([others[i].title for i in same])
        x[:, 3] = self._entity_overlap(s, others)
        x[:, 4] = [_jaccard(s.figures, o.figures) for o in others]
        return x

    def logits(self, s: Signal, others: list[Signal]) -> np.ndarray:
        """Logit of "same event" for `s` with each of `others`, scored together. Across languages no words
        are shared: the dense cosine is read on the same-language scale (`on_own_scale`) and judged by the
        model without word features, or, until both languages have a background, raised by a fixed offset
        and judged by the model above; either way the figures the two articles share count too."""
        c = self.config
        dense, lexical, title, entities, figures = self.pair_features(s, others).T
        z = c.w_dense * dense + c.bias + c.w_lexical * lexical + c.w_title * title + c.w_entities * entities
        for i, o in enumerate(others):
            if o.lang != s.lang:
                own = on_own_scale(dense[i], s.profile, s.lang, o.profile, o.lang)
                if own is None:  # the model above, with no words to share (lexical and title are 0)
                    z[i] += c.w_dense * c.cross_dense_offset
                else:
                    z[i] = c.x_dense * own + c.x_bias + c.x_entities * entities[i]
                z[i] += c.x_figures * figures[i]
        return z

    def pair_logit(self, a: Signal, b: Signal) -> float:
        return float(self.logits(a, [b])[0])

    def _late(self, gap_days: int) -> float:
        """Logit lost to a time gap beyond the grace days."""
        return self.config.w_day * max(0, gap_days - self.config.grace_days)

    def member_logits(self, s: Signal, story_ids: list[int]) -> list[list[tuple[Signal, float]]]:
        """The pair logits of `s` with each story's latest members (all stories scored together)."""
        groups = [[self.signals[m] for m in self.stories[sid].members[-self.config.members :]] for sid in story_ids]
        z = iter(self.logits(s, [m for g in groups for m in g]).tolist())
        return [[(m, next(z)) for m in g] for g in groups]

    def story_probability(self, s: Signal, story_id: int,
                          logits: list[tuple[Signal, float]] | None = None) -> float:
        """Probability of "same event" for `s` and a story: the median (or mean) over its latest members, less
        the story's time gap. A dated article is judged by the story's dated members in its own language where
        it has any (undated, by all: Blinken at NATO in November and in December), or by any one member in
        another language, less their own days apart (`linkage_across`), whichever says more: across
        languages the model's "no" says little and its "yes" much (docs/architecture.md)."""
        late = self._late(self.stories[story_id].gap_days(s))
        logits = logits or self.member_logits(s, [story_id])[0]
        across = 0.0
        if s.day is not None:
            if self.config.linkage_across == "max":  # an undated member: the story's gap
                across = max((self._pair_probability(s, m, z, late) for m, z in logits if m.lang != s.lang),
                             default=0.0)
            logits = [(m, z) for m, z in logits if m.lang == s.lang and m.day is not None] or logits
        probs = [_sigmoid(z - late) for _, z in logits]
        within = statistics.median(probs) if self.config.linkage == "median" else sum(probs) / len(probs)
        return max(within, across)

    def best(self, s: Signal) -> Match | None:
        """The likeliest candidate story over the threshold, with the pair probabilities of its members."""
        best: Match | None = None
        best_logits: list[tuple[Signal, float]] = []
        story_ids = self.candidates(s.embedding)
        for sid, logits in zip(story_ids, self.member_logits(s, story_ids), strict=True):
            p = self.story_probability(s, sid, logits)
            if p >= self.config.threshold and (best is None or p > best.probability):
                best, best_logits = Match(sid, p), logits
        if best:  # each member's own "same event" probability
            best.members = {m.id: self._pair_probability(s, m, z) for m, z in best_logits}
        return best

    def _pair_probability(self, s: Signal, m: Signal, z: float, late: float = 0.0) -> float:
        """"Same event" for `s` and `m`: the pair model's logit `z` less the pair's own days apart, or `late`
        where that is more."""
        return _sigmoid(z - max(late, self._late(_gap(s.day, s.until, s.day_months, m.day, m.until or m.day,
                                                      m.day_months))))

    # -- updates ---------------------------------------------------------------
    def assign(self, s: Signal, published: bool | None = None) -> tuple[int, Match | None]:
        """Put an article in its story (or a new one); returns the story id and the match that decided.
        `published`: see `add`."""
        self.profile(s)
        m = self.best(s)
        story_id = m.story_id if m else self.new_story_id()
        self.add(s, story_id, published)
        return story_id, m

    def new_story_id(self) -> int:
        sid = self.next_story_id
        self.next_story_id += 1
        return sid

    def add(self, s: Signal, story_id: int, published: bool | None = None) -> None:
        """Record an article in a story (also used to rebuild from the store). `published`: whether its day is
        its publication day; a day an undated article's title or office holders give (False) moves the
        stream's day no further than the window past the newest publication day ("Từ ngày 1/7/2030, …" is
        a plan: it would take every story out of the window). None: as a publication day."""
        label = self._next_label  # labels are never reused
        self._next_label += 1
        if self.index.get_current_count() >= self.index.get_max_elements():
            self.index.resize_index(2 * self.index.get_max_elements())
        self.index.add_items(s.embedding.reshape(1, -1), np.array([label]), num_threads=1)
        self.signals[label] = s
        self.story_of[label] = story_id
        self.seen += 1
        ids = self.entity_ids(s)  # first: it numbers new entities, which _df() then makes room for
        self._df()[ids] += 1
        st = self.stories.setdefault(story_id, StoryState())
        st.members.append(label)
        st.entities.update(s.entities)
        st.total = s.embedding.astype(np.float64) if st.total is None else st.total + s.embedding
        if s.day:
            st.first = min(st.first or s.day, s.day)
            st.last = max(st.last or s.day, s.until or s.day)
            clock = s.day
            if published is False and self.newest_published is not None:
                clock = min(clock, self.newest_published + timedelta(days=self.config.window_days))
            elif published:
                self.newest_published = max(self.newest_published or s.day, s.day)
            self.newest = max(self.newest or clock, clock)
        elif s.day_months:
            st.day_months = tuple(sorted(set(st.day_months) | set(s.day_months)))
        st.latest = self.seen
        self.next_story_id = max(self.next_story_id, story_id + 1)
        self.profile(s)  # a rebuild replays add() alone: the same profiles, in the same order
        self.background.add(s.lang, s.embedding)
        if self.seen % EXPIRE_EVERY == 0:  # by count, so that a rebuild expires at the same points
            self.expire()

    def retire(self, article_id: str, story_id: int) -> bool:
        """Take an article a new version replaces out of its story's members, centroid and entities, and out
        of the index (before the new version is added); False if it is not there (a copy, or its story left
        the window). The stream's counts keep it, as `expire` does, and the story its days."""
        st = self.stories.get(story_id)
        label = next((m for m in st.members if self.signals[m].id == article_id), None) if st else None
        if label is None:
            return False
        s = self.signals.pop(label)
        del self.story_of[label]
        st.members.remove(label)
        st.entities -= Counter(s.entities)
        st.total = st.total - s.embedding if st.members else None
        self.index.mark_deleted(label)
        self._vacant += 1
        return True

    def expire(self) -> list[int]:
        """Take the stories that left the active window out of the indexes; returns their ids. The stream's
        counts (entity frequencies, the language background) keep everything seen, but for entities named
        once (`compact_entities`)."""
        c = self.config
        old = [sid for sid, st in self.stories.items()
               if self.seen - st.latest > c.window_articles
               or (st.last is not None and self.newest is not None and (self.newest - st.last).days > c.window_days)]
        if old and self.on_expire is not None:
            self.on_expire(old)  # while they are still here
        for sid in old:
            for label in self.stories.pop(sid).members:
                self.index.mark_deleted(label)
                del self.signals[label], self.story_of[label]
                self._vacant += 1
        if self._vacant and self._vacant >= len(self.signals):
            self._rebuild_index()
        if len(self.numbers.number) >= max(COMPACT_ENTITIES, 2 * self._entities_kept):
            self.compact_entities()
        return old

    def compact_entities(self) -> None:
        """Forget the entities only one article named that no article in the window names: most names are
        met once, and the stream would keep a number, a prior and a count for each (about 3.5 an article,
        the memory that grew without end). One met again counts from 1 again, a change to its weight far
        below what two mentions make."""
        df = self._df()
        named = {k for s in self.signals.values() for k in s.entities}
        old = self.numbers.keep(named | {k for k, n in self.numbers.number.items() if df[n] > 1})
        self._entity_df = df[old]
        for s in self.signals.values():  # numbered anew when next compared (one that left the window never is)
            s.entity_ids = None
        self._entities_kept = len(self.numbers.number)

    def _rebuild_index(self) -> None:
        """The index anew from the window's articles. Measured: hnswlib's replacing a deleted slot costs
        about ten times a plain insert, where a rebuild once as many have left as stay costs a tenth of one."""
        labels = sorted(self.signals)
        self.index = _new_index(self.dim, max(1024, 2 * len(labels)))
        if labels:
            self.index.add_items(np.stack([self.signals[k].embedding for k in labels]), np.array(labels),
                                 num_threads=1)
        self._vacant = 0

    def central(self, story_id: int, k: int) -> list[str]:
        """Ids of the story's k members nearest its centroid."""
        members = self.stories[story_id].members
        sims = np.stack([self.signals[m].embedding for m in members]) @ self.centroid(story_id)
        return [self.signals[members[i]].id for i in np.argsort(-sims, kind="stable")[:k]]

    def centroid(self, story_id: int) -> np.ndarray:
        v = self.stories[story_id].total
        return (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)


def _new_index(dim: int, size: int) -> hnswlib.Index:
    index = hnswlib.Index(space="ip", dim=dim)
    index.init_index(max_elements=size, ef_construction=100, M=16, random_seed=7)
    index.set_ef(64)
    return index


def _gap(day: date | None, until: date | None, day_months: tuple[tuple[int, int], ...],
         first: date | None, last: date | None, their_day_months: tuple[tuple[int, int], ...]) -> int:
    """Days between the span `day`..`until` and the span `first`..`last`. A side with no date but the days
    and months its lead names (`day_months`) has them placed in the year nearest the other side's dates."""
    if day is None and first is not None:
        day, until = _placed(day_months, first, last)
    elif first is None and day is not None:
        first, last = _placed(their_day_months, day, until)
    return _days_apart(day, until, first, last)


def _placed(day_months: tuple[tuple[int, int], ...], first: date, last: date | None) -> tuple[date | None, date | None]:
    """Days and months as the span of days in the years that put them nearest `first`..`last`."""
    days = [d for m, dd in day_months if (d := nearest_year(m, dd, last or first))]
    return (min(days), max(days)) if days else (None, None)


def _days_apart(day: date | None, until: date | None, first: date | None, last: date | None) -> int:
    """Days between the span `day`..`until` and the span `first`..`last` (0 when they overlap or one is unknown)."""
    if day is None or first is None or last is None:
        return 0
    return max((first - (until or day)).days, (day - last).days, 0)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
