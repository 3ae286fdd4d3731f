"""The store contract: what the pipeline, the Python API, the CLI and a web service need of a store.

A store is the single source of truth. What readers show is written when a story changes (its row, its
digest with the sources compared, its entities and claims in indexed tables), so that reading costs the
same on a small and on a large store. The pipeline's in-memory state is saved as a snapshot with a
watermark (the last article it covers), so that opening a store never replays it.

`SQLiteStore` (store/sqlite.py) is the default implementation; the contract tests in
tests/store/test_contract.py run against every implementation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np

from newsloom.model import Article, Entity, PublishedSpan, Story

SortOrder = Literal["recent", "size", "contested", "id"]


class StoreError(RuntimeError):
    """A store that cannot be used as asked: not a newsloom store, damaged, newer, missing, locked."""


class StoreDamaged(StoreError):
    """SQLite found the store's file damaged while it read or wrote it."""


class WriterBusy(StoreError):
    """Another process is writing to the store and the caller chose not to wait."""


@dataclass
class IndexRow:
    """What the in-memory indexes need of a stored article."""

    seq: int
    id: str
    story_id: int | None
    copy_of: str | None
    lang: str | None
    published: str | None
    title: str
    embedding: np.ndarray | None
    minhash: bytes | None
    terms: bytes | None
    data: str
    revises: str | None = None  # the earlier version this article replaces


@dataclass
class TextHit:
    """An article found by full-text search, with its BM25 score (higher is better)."""

    seq: int
    id: str
    score: float


@dataclass
class ArticleBrief:
    """What a search result shows of a stored article (read without its analyses)."""

    seq: int
    id: str
    story_id: int | None
    title: str
    text: str
    url: str | None
    source: str | None
    published: datetime | None
    lang: str | None
    origin: str = ""  # where it was read from (a file, a URL, "wire.jsonl:2")


@dataclass
class SourceState:
    """A source a watcher follows (a feed, a folder or a page) and how it fares."""

    url: str
    kind: str  # "feed", "folder" or "page"
    added: datetime
    every: float | None = None  # seconds between two checks (None: the watcher's default)
    # HTTP validators of the last response, sent back to be told "not modified" (a local feed file's etag: its
    # size and time; a folder's: its newest file's time in ns at its last check, see `Watcher._settled`)
    etag: str | None = None
    last_modified: str | None = None
    last_check: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None  # the last failure, in words (None once it succeeds again)
    errors: int = 0  # failures in a row: the wait before the next check doubles with each
    next_check: datetime | None = None
    stored: int = 0  # articles stored from it
    allow_private: bool = False  # its address may be private or local: it was followed with --allow-private
    outlet: str | None = None  # the outlet of its items that name none (followed with --source)


@dataclass
class StoryRow(Story):
    """A story as listed: what a reader sees of it without reading its articles (their ids only)."""

    article_count: int = 0
    languages: dict[str, int] = field(default_factory=dict)  # language -> articles
    sources: list[str] = field(default_factory=list)  # independent sources, first seen first
    claims: int = 0  # claims compared across its sources
    conflicts: int = 0  # findings where sources, or a source and the record, disagree
    latest_seq: int = 0  # arrival number of its latest article


@dataclass
class StorylineRow(PublishedSpan):
    """A storyline as listed: its stories (the id of the first is the storyline's), their articles, when it
    ran (its first and latest story's times, each with the offset it was published at) and the headline of its
    latest story."""

    id: int
    stories: int
    articles: int
    first_seen: datetime | None
    last_seen: datetime | None
    headline: str


@dataclass
class StoryFilter:
    """Which stories to list (every field optional); `q` matches the headline and summary."""

    q: str | None = None
    lang: str | None = None
    source: str | None = None
    entity: str | None = None  # an entity key: stories naming it
    since: datetime | None = None  # latest article published on or after
    until: datetime | None = None  # first article published on or before
    storyline: int | None = None
    min_articles: int = 1
    contested: bool = False  # only stories with conflicts


class Store(ABC):
    """The operations newsloom needs of a store. Use as a context manager; every write goes inside
    `transaction()`, and a process that writes holds `writer()` for the whole run."""

    path: Path  # what messages name: a file, or a database's URL without its password
    frozen: bool = False  # read-only: on a disk nobody can write

    @property
    def location(self) -> str:
        """What `open_store` opens again to reach this store (another process's connection)."""
        return str(self.path)

    # -- lifecycle -------------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """All writes inside commit together or not at all."""

    @abstractmethod
    def writer(self, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> AbstractContextManager[None]:
        """Hold the store's one writer lock: wait for another writer (calling `on_wait` once with a message),
        or raise `WriterBusy` at once when `wait` is false. A killed holder leaves no lock behind."""

    @abstractmethod
    def writing(self) -> bool:
        """Whether a writer holds the lock now (its run's new stories are not shown yet)."""

    # -- settings that shape the stories ------------------------------------------------------------
    @abstractmethod
    def meta(self, key: str) -> str | None: ...

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    # -- articles --------------------------------------------------------------------------------
    @abstractmethod
    def origin_of(self, article_id: str) -> str | None:
        """Where the stored article with this id was first read from; None if it is not stored."""

    @abstractmethod
    def add_article(self, a: Article, minhash: bytes | None, terms: bytes | None,
                    bands: Iterable[int] = ()) -> int:
        """Store one article, its mentions and claims (indexed) and its near-duplicate bands; returns its
        arrival number."""

    @abstractmethod
    def add_copy(self, article_id: str, origin: str, source: str | None, url: str | None) -> bool:
        """Record that `origin` carried the exact text of a stored article; False if known already."""

    @abstractmethod
    def copies(self, article_ids: Iterable[str]) -> list[tuple[str, str, str | None, str | None]]: ...

    @abstractmethod
    def latest_at(self, place: str) -> tuple[str, bytes | None, int | None] | None:
        """The article last stored from `place` (a URL or a file's path): its id, MinHash signature and
        story; None when none was."""

    @abstractmethod
    def near_candidates(self, bands: Iterable[int]) -> list[tuple[str, bytes]]:
        """(id, MinHash signature) of the stored articles sharing any of these LSH bands."""

    @abstractmethod
    def articles(self, story_id: int | None = None) -> list[Article]:
        """All articles, or a story's, in arrival order."""

    @abstractmethod
    def articles_with_ids(self, ids: Iterable[str]) -> list[Article]: ...

    @abstractmethod
    def story_members(self, story_id: int) -> list[tuple[str, datetime | None]]:
        """Id and publication time of each article of a story, in arrival order (no texts read)."""

    @abstractmethod
    def story_of(self, article_id: str) -> int | None: ...

    @abstractmethod
    def article_count(self) -> int: ...

    @abstractmethod
    def max_seq(self) -> int:
        """The arrival number of the latest stored article (0 for none)."""

    @abstractmethod
    def languages(self, after: int = 0) -> set[str]:
        """The languages of the articles that arrived after arrival number `after` (0: all of them). No
        article is ever removed, so a reader that knows those up to a number adds the later ones'."""

    @abstractmethod
    def article_stories(self) -> list[tuple[str, str, int | None]]:
        """(article id, origin, story id) in arrival order (for evaluation)."""

    @abstractmethod
    def index_rows(self, after: int = 0, stories: Iterable[int] | None = None) -> Iterator[IndexRow]:
        """The articles after arrival number `after` (of the given stories only, if any), in arrival order."""

    @abstractmethod
    def article_terms(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The packed term counts (`Terms.pack`) of these articles, for those that have them."""

    # -- stories ---------------------------------------------------------------------------------
    @abstractmethod
    def touch_story(self, story_id: int) -> None:
        """Mark a story changed (creating its row), so that the next refresh rewrites what readers see."""

    @abstractmethod
    def max_story_id(self) -> int: ...

    @abstractmethod
    def dirty_stories(self) -> list[int]:
        """Stories changed since they were last written."""

    @abstractmethod
    def unlinked_stories(self) -> list[int]:
        """Stories written within a run (`Pipeline.refresh(link=False)`) whose storylines wait for its end."""

    @abstractmethod
    def mark_unlinked(self, story_ids: Iterable[int]) -> None:
        """(Just written.) Their storylines are linked when the run ends, or when they leave the window."""

    @abstractmethod
    def unpublished(self) -> list[int]:
        """Stories stored before digests were kept (an upgraded store), to be published once."""

    @abstractmethod
    def save_story(self, row: StoryRow, digest: dict[str, Any], conflicts: int, claims: int,
                   top_entities: Iterable[str] | None, centroid: np.ndarray | None,
                   source_scores: Iterable[tuple[str, int, int, int, int, int]],
                   terms: Mapping[int, float] | None = None) -> None:
        """What readers see of a story, written when it changes: its row, its digest, the entities it is
        most about, its centroid and its key terms (term id -> TF-IDF weight; for storylines), and per
        source the (claims, corroborated, single, contradicted, against record) counts of its findings.
        What is None is kept as stored."""

    @abstractmethod
    def save_profile(self, story_id: int, centroid: np.ndarray | None, top_entities: Iterable[str] | None,
                     terms: Mapping[int, float] | None = None) -> None:
        """What storylines compare of a story (see `save_story`), the story then up to date."""

    @abstractmethod
    def storyline_of(self, story_id: int) -> int | None: ...

    @abstractmethod
    def join_storylines(self, a: int, b: int) -> None:
        """Put the storylines of stories `a` and `b` together; the group takes its lowest story id."""

    @abstractmethod
    def storylines(self) -> dict[int, int | None]:
        """story id -> storyline id, for every story (for evaluation)."""

    @abstractmethod
    def stories_sharing(self, entities: Iterable[str], at_least: int, latest: int = 200) -> list[tuple[int, np.ndarray]]:
        """(story id, centroid) of the stories whose top entities include at least `at_least` of these,
        among the `latest` stories (by id) naming each of them, so that the cost does not grow with the store."""

    @abstractmethod
    def stories_by_terms(self, terms: Iterable[int], at_least: int, latest: int = 200) -> dict[int, dict[int, float]]:
        """The key terms (term id -> weight) of the stories that share at least `at_least` of these, among
        the `latest` stories (by id) having each, so that the cost does not grow with the store."""

    @abstractmethod
    def story_terms(self, ids: Iterable[int]) -> dict[int, dict[int, float]]:
        """The key terms of these stories, for those that have them."""

    @abstractmethod
    def storyline_terms(self, line: int, latest: int) -> dict[int, float]:
        """The key terms of storyline `line`: the sum of those of its `latest` last stories (by id) having key
        terms, so that the cost does not grow with the storyline."""

    @abstractmethod
    def stories(self, where: StoryFilter | None = None, sort: SortOrder = "recent", limit: int | None = None,
                offset: int = 0) -> list[StoryRow]:
        """The stories that match, without reading their articles."""

    @abstractmethod
    def count_stories(self, where: StoryFilter | None = None) -> int: ...

    @abstractmethod
    def storyline_rows(self, min_stories: int = 2, limit: int | None = None, offset: int = 0) -> list[StorylineRow]:
        """The storylines of at least `min_stories` written stories, the latest first (by their latest story's
        publication)."""

    @abstractmethod
    def count_storylines(self, min_stories: int = 2) -> int: ...

    @abstractmethod
    def story(self, story_id: int) -> StoryRow | None:
        """One story's row, with its article ids."""

    @abstractmethod
    def digest(self, story_id: int) -> dict[str, Any] | None:
        """The story's stored digest (Digest.to_dict()), None if the story is unknown."""

    @abstractmethod
    def contested(self) -> list[dict[str, Any]]:
        """The digests of the stories whose sources disagree, by story id."""

    @abstractmethod
    def source_scores(self) -> list[tuple[str, int, int, int, int, int]]:
        """Per source, over every story: (source, claims, corroborated, single, contradicted, against record)."""

    # -- entities --------------------------------------------------------------------------------
    @abstractmethod
    def save_entities(self, entities: Iterable[Entity]) -> None: ...

    @abstractmethod
    def entities(self, keys: Iterable[str] | None = None) -> list[Entity]:
        """All known entities, or those with the given keys, by key."""

    @abstractmethod
    def find_entities(self, name: str, limit: int = 20) -> list[Entity]:
        """The entities whose name, key or any alias contains `name`, compared folded (no diacritics, "đ" as
        "d", any case: "pham minh chinh" finds "Phạm Minh Chính"); those named exactly so first, then those
        with a name or alias starting with it, then the most named."""

    @abstractmethod
    def lexicon(self, names: Iterable[str]) -> list[tuple[str, str, str]]:
        """The entity linker's lexicon rows (kind, name, entity key) for these names, in no given order
        (see `newsloom.entities.lexicon`)."""

    @abstractmethod
    def add_lexicon(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Add lexicon rows (kind, name, entity key); a row already there is left as it is."""

    # -- the pipeline's saved state --------------------------------------------------------------
    @abstractmethod
    def load_state(self) -> tuple[int, bytes] | None:
        """The pipeline's last saved snapshot: (watermark, bytes), or None."""

    @abstractmethod
    def save_state(self, watermark: int, blob: bytes) -> None: ...

    # -- search -----------------------------------------------------------------------------------
    @abstractmethod
    def search_text(self, query: str, limit: int = 50) -> list[TextHit]:
        """Articles whose title or text has any word of `query` (compared folded: no diacritics, "đ" as "d",
        any case), best BM25 first."""

    @abstractmethod
    def articles_naming(self, entities: Iterable[str], limit: int = 100) -> list[tuple[int, frozenset[str]]]:
        """The current articles that name any of these entities, as (seq, which of them it names): those
        naming most of them first, then those naming them most often, then the latest."""

    @abstractmethod
    def article_vectors(self, after: int = 0) -> Iterator[tuple[int, str, np.ndarray]]:
        """(seq, id, embedding) of the articles stored after `after`, copies included, in arrival order."""

    @abstractmethod
    def article_briefs(self, seqs: Iterable[int]) -> list[ArticleBrief]:
        """The articles with these sequence numbers (those stored and not replaced by a later version), by
        sequence number."""

    # -- followed sources ------------------------------------------------------------------------
    @abstractmethod
    def follow(self, url: str, kind: str, every: float | None = None, allow_private: bool = False,
               outlet: str | None = None) -> bool:
        """Start following a source (True), or leave one already followed as it is (False)."""

    @abstractmethod
    def unfollow(self, url: str) -> bool: ...

    @abstractmethod
    def sources(self) -> list[SourceState]:
        """The followed sources, in the order they were added."""

    @abstractmethod
    def source(self, url: str) -> SourceState | None: ...

    @abstractmethod
    def save_source(self, state: SourceState) -> None:
        """Write a followed source's state (after a check)."""

    def seen_entries(self, url: str, entries: Iterable[str]) -> set[str]:
        """Which of `entries` (feed entry ids, file names) were read from this source before."""
        return set(self.entries_seen_at(url, entries))

    @abstractmethod
    def entries_seen_at(self, url: str, entries: Iterable[str]) -> dict[str, datetime]:
        """When each of `entries` read from this source before was last read."""

    @abstractmethod
    def mark_seen(self, url: str, entries: Iterable[str]) -> None:
        """Mark `entries` read now (again, for an entry read before); their failed tries are forgotten."""

    @abstractmethod
    def count_tries(self, url: str, entries: Iterable[str]) -> dict[str, int]:
        """Count one more failed try of each of `entries` (a feed entry whose page could not be read) and return
        how many each has had in all."""

    @abstractmethod
    def fingerprint(self) -> list[list[tuple]]:
        """Everything that defines the store's content, for comparing two stores."""
