"""Runs the declared stages (`newsloom.stages`): raw items in, articles stored and grouped into stories.

    prepare: normalise, language, sentences, dates             -> per article, as items arrive
    read: entity mentions of text and title                    -> per new article, in a reader process
    embed                                                      -> per batch, in a thread
    add: signature, dedup, link, quotes, amounts, claims,      -> per article, one transaction per batch
         cluster, store
    refresh stories (headline, summary, storylines)            -> the stories a run touched

While the main process stores batch k, the reader process finds the mentions of batch k+1 and the thread
embeds it (on one core, or for a run of one batch, everything runs in the main process; the results are
the same). The main process reads the last articles of batch k itself before it stores it, as large a
share as keeps it from waiting for the reader process (`_Reader.balance`). With `ray`, Ray workers read and
embed whole batches instead, two per worker in flight (`newsloom.distributed`).

A batch is written in publication order (`arrival_order`: within a batch, the stories do not depend on the
order its items were given in) and in one transaction, with what the entity linker learned (it reads its entities
and lexicon from the store as the articles need them). The in-memory state (clusterer, term and entity
frequencies) is saved in the store as a snapshot with a watermark at the end of a run once
`run.snapshot_every` articles have come since the last; a pipeline opens from the snapshot and replays only
the articles stored after its watermark (fewer than that, or those of a killed run),
so opening costs the same on a small and on a large store, and a killed run loses only the batch in
flight. Stories whose latest article left the active window (ClusterConfig.window_*) leave the
in-memory indexes and stay in the store. The caller holds the store's writer lock (`Store.writer`).
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from newsloom.cluster.lexical import DocumentFrequencies, Terms, term_counts
from newsloom.cluster.online import ClusterConfig, OnlineClusterer, Signal
from newsloom.cluster.storylines import keyed_by_terms, link_storylines, profile, story_terms
from newsloom.dedup import band_keys, earlier_version, find_near, signature
from newsloom.distributed import RayRead, RayReader
from newsloom.embed import Embedder, get_embedder
from newsloom.entities.link import EntityLinker, is_local
from newsloom.facts.amounts import figures
from newsloom.facts.offices import OfficeRecord, bundled
from newsloom.ingest import same_file
from newsloom.model import Article, Failure, RawItem, Story, instant, originals
from newsloom.publish import publish_story
from newsloom.render.fmt import plural
from newsloom.resources import Resources
from newsloom.settings import DEFAULTS, Settings
from newsloom.stages import STAGES, Stage, StageError, check, link, of_step, process, run_batch, run_pure
from newsloom.store.base import IndexRow, Store, StoreError
from newsloom.store.codec import from_iso, load_data
from newsloom.summarize import headline, summarize
from newsloom.text.dates import day_months
from newsloom.text.normalize import cut_at_word

log = logging.getLogger(__name__)
stage_log = logging.getLogger("newsloom.stages")  # seconds per stage: per run (INFO), per batch (DEBUG)

STATE_VERSION = 5  # of the pickled snapshot; another version is not read (the store is replayed instead)
OLD_STATE_VERSION = 3  # the same with the entity linker inside, read once to write the store's lexicon


@dataclass
class RunReport:
    read: int = 0  # items read (the failures of reading aside), stored or not
    batches: int = 0
    added: int = 0
    undated: int = 0  # of those added, articles without a publication date
    unsourced: int = 0  # of those added, articles naming no outlet (each a source of its own)
    already_stored: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (origin, origin of the stored original)
    near_copies: list[tuple[str, str, float]] = field(default_factory=list)  # (origin, original's origin, jaccard)
    revisions: list[tuple[str, str]] = field(default_factory=list)  # (origin, origin of the version it replaces)
    failures: list[Failure] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (origin, what was repaired)
    stories_touched: set[int] = field(default_factory=set)

    def merge(self, other: RunReport) -> None:
        """Add what `other` (a batch's part of the run) counted."""
        for name in ("read", "batches", "added", "undated", "unsourced", "already_stored"):  # not language data: fields
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("duplicates", "near_copies", "revisions", "failures", "notes"):
            getattr(self, name).extend(getattr(other, name))
        self.stories_touched |= other.stories_touched


def embed_text(a: Article, lead_chars: int = DEFAULTS.run.lead_chars) -> str:
    """What is embedded: the title and the lead, where news puts the event."""
    return f"{a.title}. {cut_at_word(a.text, lead_chars)}"


MAX_WINDOW_DAYS = 92  # a date range wider than this says too little about when the event was
OPEN_END = date(2100, 1, 1)  # a current office holder's term, for date windows: open-ended


def article_days(a: Article, record: OfficeRecord) -> tuple[date, date] | None:
    """The days an article can be about, for the clusterer's time gap: its publication day; else a date
    its title names with the year (a span of at most a week); else the days on which the office
    holders it names (e.g. "NATO Secretary General Mark Rutte", "President Joe Biden") all held office."""
    if a.published:
        return a.published.date(), a.published.date()
    for e in a.event_dates:
        if e.sentence == -1 and (e.end is None or (e.end - e.day).days <= 7):
            return e.day, e.end or e.day
    roles = [(c.slot.split(":", 1)[1], c.value) for c in a.claims if c.kind == "role"]
    window = record.window(roles, today=OPEN_END)  # fixed, so that a rebuild gives the same days
    if window and (window[1] - window[0]).days <= MAX_WINDOW_DAYS:
        return window
    return None


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: (un)pickling a snapshot makes millions of objects, none of
    them garbage, and the collector's passes over them would take most of the time (2.0 -> 0.5 s)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Timings:
    """Seconds spent in each stage, for `newsloom bench` and the `newsloom.stages` log."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, seconds: dict[str, float]) -> None:
        for stage, sec in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + sec

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def prepare(item: RawItem, timed: Timings | None = None, stages: Sequence[Stage] = STAGES,
            resources: Resources | None = None) -> Article:
    """The stages run as items arrive (normalise, language, sentences, dates); the id is the hash of the
    normalised text."""
    return run_pure(of_step(stages, "prepare"), Article.from_raw(item), resources or Resources(), timed)


@dataclass
class ReaderUse:
    """What reading a batch cost the process that read it."""

    pid: int
    cpu_seconds: float
    peak_rss_mb: float


# the articles with their mentions found (text and title), or failures; seconds per stage; what it cost
Read = tuple[list[Article | Failure], dict[str, float], ReaderUse]


def find_mentions(articles: list[Article], stages: Sequence[Stage] = STAGES,
                  resources: Resources | None = None) -> Read:
    """The stages that need nothing but the article and run in the reader process (the entity mentions of
    the text and title, not linked yet); with the seconds they took and what it cost the process. An
    article that fails is a Failure."""
    timed = Timings()
    cpu = time.process_time()
    out: list[Article | Failure] = []
    for a, read in zip(articles, run_batch(of_step(stages, "read"), articles, resources or Resources(), timed),
                       strict=True):
        if isinstance(read, Exception):  # one bad item never stops the batch
            log.error("finding the entities of %s", a.origin, exc_info=read)
            read = Failure(a.origin, f"could not process: {type(read).__name__}: {read}")
        out.append(read)
    peak = peak_rss_mb()
    return out, timed.seconds, ReaderUse(os.getpid(), time.process_time() - cpu, peak)


def embed_articles(embedder: Embedder, articles: list[Article], lead_chars: int, timed: Timings) -> dict[str, np.ndarray]:
    """The embed stage over a batch: {article id: vector of its title and lead}."""
    if not articles:
        return {}
    with timed("embed"):
        vectors = embedder.embed_queries([embed_text(a, lead_chars) for a in articles])
    return {a.id: v for a, v in zip(articles, vectors, strict=True)}


def warm_up(embedder: Embedder, resources: Resources | None = None) -> None:
    """Load every model once (the embedder's, the entities' of both languages), so that loading is not counted
    in a benchmark's rates nor waited for by a Ray worker's first batch."""
    embedder.embed_queries(["warm up"])
    for title, text in (("Thủ tướng thăm Hà Nội", "Thủ tướng Phạm Minh Chính nói chuyện tại Hà Nội."),
                        ("Minister visits Paris", "The minister Jean Dupont spoke in Paris on Monday.")):
        process(RawItem("warm-up", title, text), resources=resources)


def arrival_order(batch: list[Article]) -> list[Article]:
    """A batch as the clusterer takes it: dated articles first, oldest first, those of one instant by their place
    (URL or file) or else their id (content), two versions of one place as given (the later one is the current
    version); undated ones after them, in the order given. The order an item was given in then matters only
    across batches, among undated articles and among versions of one page."""
    def key(pair: tuple[int, Article]) -> tuple:
        i, a = pair
        when = instant(a.published)
        return (0, when, a.place or a.url or a.id, i) if when is not None else (1, i)

    return [a for _, a in sorted(enumerate(batch), key=key)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (0 where the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports kB


def exit_with(parent: int) -> None:
    """(In a reader process.) Leave Ctrl-C to the process that started it, which stops the run and keeps
    what is done (a terminal sends it to both), and end when that process is gone, killed included (POSIX:
    on Windows, signal 0 would be a Ctrl-C, so there the reader ends with its pool only)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name == "nt":
        return

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="newsloom-parent-watch").start()


def _start_reader(parent: int, behind: int) -> None:
    """(In a reader process.) End with the process that started it, and use one core: numpy's BLAS (the
    English names' matrix products) would otherwise start a thread that waits, spinning, on the core the
    embedder uses."""
    exit_with(parent)
    threadpool_limits(1, user_api="blas")
    behind_the_writer(behind)


def behind_the_writer(levels: int) -> None:
    """(In the reader process and the embedding thread.) Give way to the writer's thread, which sets a run's
    pace, by `levels` nice levels (`run.helpers_behind`): on two cores shared by the three, each had two
    thirds of a core (DUC 2007: see docs/evaluation.md, "English speed"). Linux sets a thread's priority
    alone; elsewhere nothing changes."""
    if levels and sys.platform.startswith("linux"):
        with suppress(OSError):  # not allowed here: the same priority then
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + levels))


@dataclass
class _Pending:
    """A batch on its way to the writer: its articles, their mentions and vectors as they are being made,
    and the seconds spent on it."""

    batch: list[Article]
    todo: list[Article]  # those of the batch not stored yet when it was read: what `read` reads, in order
    read: _Shared | Future | RayRead  # of Read
    vectors: Future | Any  # of {article id: vector}
    timed: Timings


class _Shared:
    """The mentions of a batch found by the reader process and, for the batch's last articles, by this
    process when it comes to write the batch (`result`), before it waits for the reader process's part."""

    def __init__(self, far: Future, near: list[Article], reader: _Reader) -> None:
        self.far, self.near, self.reader = far, near, reader

    def result(self) -> Read:
        here = find_mentions(self.near, self.reader.stages, self.reader.resources) if self.near else None
        self.reader.balance(waited=not self.far.done())
        out, seconds, use = self.far.result()
        if here is None:
            return out, seconds, use
        for stage, sec in here[1].items():
            seconds[stage] = seconds.get(stage, 0.0) + sec
        return out + here[0], seconds, use


class _Reader:
    """Finds the mentions of each batch: the first in this process, the next ones in a worker process when
    `processes` > 0, started with a first batch as full as a batch, so that a run of one short batch (a test,
    a handful of files) never pays for starting one.
    This process reads a share of each batch itself (`near`), grown while it waits for the worker and shrunk
    while the worker keeps up: on DUC 2007's long English texts the worker would otherwise set the pace."""

    STEP = 0.05  # of a batch's characters, moved between the processes after each batch
    ahead = 2  # batches read while the writer writes one: two smooth out the batches' uneven costs

    def __init__(self, processes: int, stages: Sequence[Stage], resources: Resources, batch_size: int = 0,
                 behind: int = 0) -> None:
        self.processes = processes
        self.behind = behind  # nice levels below this process's main thread
        self.stages = stages
        self.resources = resources
        self.batch_size = batch_size  # a first batch this full starts the worker at once (`submit`)
        self.pool: ProcessPoolExecutor | None = None
        self.batches = 0
        self.near = 0.0  # the share of a batch's characters read in this process

    def submit(self, articles: list[Article]) -> _Shared | Future:
        self.batches += 1
        if self.processes and self.batches > 1 and articles:  # (a batch stored before: nothing to read)
            cut = self._cut(articles)
            return _Shared(self._pool().submit(find_mentions, articles[:cut], self.stages, self.resources),
                           articles[cut:], self)
        if self.processes and self.batches == 1 and len(articles) >= self.batch_size > 0:
            # more batches are likely to come: the worker starts and loads its models on one article of each
            # language meanwhile (1.5 s on DUC 2007, waited for by the second batch otherwise)
            firsts = {(a.lang or "").startswith("vi"): a for a in reversed(articles)}  # (pure stages: no harm)
            self._pool().submit(find_mentions, list(firsts.values()), self.stages, self.resources)
        done: Future = Future()
        done.set_result(find_mentions(articles, self.stages, self.resources))
        return done

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:  # forkserver: never fork a process that runs onnxruntime threads
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context(method),
                                            initializer=_start_reader, initargs=(os.getpid(), self.behind))
        return self.pool

    def _cut(self, articles: list[Article]) -> int:
        """Where the worker's part of the batch ends: this process takes the last articles whose texts fit
        whole in its share of the characters, the worker at least the first article."""
        left = self.near * sum(len(a.text) for a in articles)
        cut = len(articles)
        while cut > 1 and 0 < len(articles[cut - 1].text) <= left:
            cut -= 1
            left -= len(articles[cut].text)
        return cut

    def balance(self, waited: bool) -> None:
        """After this process read its share of a batch: take more if the worker is still at it."""
        self.near = min(0.5, self.near + self.STEP) if waited else max(0.0, self.near - self.STEP)

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def reader_processes() -> int:
    """The reader processes the newsloom commands use: one on a machine with several cores, else none."""
    return int((os.cpu_count() or 1) > 1)


class _ArticleFailed(Exception):
    """A stage that reads one article alone failed on it: that article is a failure, the others go on."""


class Pipeline:
    def __init__(self, store: Store, embedder: Embedder | None = None, config: ClusterConfig | None = None,
                 batch_size: int | None = None, readers: int = 0, record: OfficeRecord | None = None,
                 stages: Sequence[Stage] = STAGES, settings: Settings = DEFAULTS, ray: RayReader | None = None) -> None:
        """`readers`: worker processes that find the next batch's mentions meanwhile (0: all in this process;
        the newsloom commands use `reader_processes()`). As with any multiprocessing that does not fork, a
        script that asks for readers must keep its top level under `if __name__ == "__main__":`, since the
        reader re-imports the script. `record`: the office holders that role claims are resolved and
        checked against (default: the bundled record). `stages`: the declared stages (newsloom.stages.STAGES), checked first:
        StageError when one needs what no stage before it sets. `ray`: Ray workers that read the batches
        (mentions and vectors) instead of `readers`, started on the first run (newsloom.distributed). Raises
        StoreError when the store was built with another embedder."""
        check(stages)
        unknown = [s.name for s in stages if s.run is None and not hasattr(self, f"_stage_{s.name}")]
        if unknown:
            raise StageError(f"the stage {unknown[0]!r} has no run function and is not one of the pipeline's")
        self.stages = tuple(stages)
        self._adding = of_step(stages, "add")
        self.store = store
        self.embedder = embedder or get_embedder()
        if config is not None:
            settings = replace(settings, cluster=config)
        if batch_size is not None:
            settings = replace(settings, run=replace(settings.run, batch_size=batch_size))
        self.settings = settings
        self.config = settings.cluster
        self.resources = Resources(record or bundled())
        self.batch_size = settings.run.batch_size
        self.readers = readers
        self.ray = ray
        # the embedding thread gets the cores this process's main thread and the readers leave: on 2 cores
        # one, which ran DUC 2007 7% faster than two competing with them (docs/evaluation.md, "English speed");
        # the embedder makes its threads in that thread, behind the writer too
        self.embedder.use_threads(max(1, (os.cpu_count() or 1) - 1 - readers))
        # what reader processes used (their CPU time and peak memory), for `newsloom bench`
        self.reader_cpu_seconds = 0.0
        self.reader_peak_mb = 0.0
        self.timed = Timings()
        self._fresh: dict[str, str] = {}  # id -> origin of the articles this run stored
        self.stale = False  # an interrupted write left the in-memory state unlike the store's: open it again
        self._check_store()
        self.watermark = 0  # the last stored article the in-memory state covers
        self.saved = 0  # ... and the last one the store's snapshot covers
        self._open()

    # -- state -----------------------------------------------------------------------------------
    def _identity(self) -> dict[str, object]:
        """What shapes the stories and must not change within one store: the embedder and the clustering."""
        return {"embedder": self.embedder.name, "dim": self.embedder.dim} | self.settings.shaping()

    def _check_store(self) -> None:
        """Refuse a store built with another embedder (vectors of two models never mix); record ours."""
        mine = self._identity()
        stored = self.store.meta("embedder")
        if stored is not None and stored != mine["embedder"]:
            raise StoreError(f"{self.store.path}: built with the embedder {stored!r}, not {mine['embedder']!r}: "
                             f"use --embedder {stored}, or another store")
        recorded = self.store.meta("settings")
        if recorded != json.dumps(mine, sort_keys=True):
            if recorded is not None:
                log.warning("%s: the settings that shape stories differ from those it was built with: the stories "
                            "already formed keep their articles; new articles are grouped with the new settings",
                            self.store.path)
            with self.store.transaction():
                self.store.set_meta("embedder", str(mine["embedder"]))
                self.store.set_meta("settings", json.dumps(mine, sort_keys=True))

    def _open(self) -> None:
        """The in-memory state from the store's snapshot, then the articles stored after it, in arrival order.
        The entity linker reads what it needs of the store itself (entities and lexicon): a store that has no
        lexicon yet (older than schema 5) is given it first, from the snapshot's linker or its entities."""
        snapshot = self.store.load_state()
        state = None
        if snapshot is not None:
            watermark, blob = snapshot
            try:
                with _no_gc():
                    state = pickle.loads(blob)
            except Exception:  # noqa: BLE001 - an unreadable snapshot is rebuilt from the articles
                log.warning("%s: the saved state could not be read; rebuilding it from the articles", self.store.path)
        # an old snapshot's linker holds the lexicon in the order it was learned, whatever the settings
        old_linker: EntityLinker | None = state.get("linker") if isinstance(state, dict) else None
        if state is not None and (state.get("version") not in (STATE_VERSION, OLD_STATE_VERSION)
                                  or state.get("identity") != self._identity()):
            state = None
        if state is None:
            self.df = DocumentFrequencies()
            self.clusterer = OnlineClusterer(self.embedder.dim, self.config)
            self.watermark = 0
        else:
            self.df, self.clusterer = state["df"], state["clusterer"]
            self.clusterer.config = self.config
            self.watermark = self.saved = watermark
        self.clusterer.next_story_id = max(self.clusterer.next_story_id, self.store.max_story_id() + 1)
        self.clusterer.on_expire = None  # the replay refreshes nothing: stories left dirty wait for the next run
        named = self._replay()
        if self.store.meta("lexicon") is None:
            self._write_lexicon(old_linker, named)
        self.linker = EntityLinker(store=self.store)
        self.clusterer.on_expire = self._leaving
        if old_linker is not None and state is not None:
            self.save_state()  # without the linker: the next run reads a snapshot a fraction of the size

    def _write_lexicon(self, old: EntityLinker | None, named: set[str]) -> None:
        """(Once per store.) Write the linker's lexicon into the store: the snapshot's linker's, with the
        entities named after its watermark taken again as a replay used to, or else one built from the
        stored entities."""
        if old is not None:
            old.update(self.store.entities(named))
        linker = old if old is not None else EntityLinker(self.store.entities())
        with self.store.transaction():
            self.store.add_lexicon(linker.lexicon_rows())
            self.store.set_meta("lexicon", "written")

    def _replay(self) -> set[str]:
        """Add the articles stored after the watermark to the indexes, exactly as the runs that stored them
        left them; the keys of the entities they name."""
        named: set[str] = set()
        for row in self.store.index_rows(after=self.watermark):
            self.watermark = row.seq
            if row.terms is None or row.embedding is None or row.story_id is None:
                continue
            terms = Terms.unpack(row.terms)
            a = self._row_article(row)
            named |= a.entity_keys
            if row.revises is not None:  # as `_stage_cluster` decided
                self._enter_version(self._signal(a, row.embedding, terms), row.revises, row.copy_of, row.story_id,
                                    a.published is not None)
            elif row.copy_of is None:
                self.clusterer.add(self._signal(a, row.embedding, terms), row.story_id, a.published is not None)
            self.df.add(terms.ids)
        return named

    def _enter_version(self, signal: Signal, replaced: str, copy_of: str | None, story_id: int | None,
                       published: bool) -> None:
        """A new version joins the clusterer's index in its story, in place of the version it replaces: when it
        copies nothing (a near copy of that version adds nothing) and the story is still in the active window
        (one that left it is not brought back by one article). The same in a run and in a replay."""
        if copy_of is None and story_id in self.clusterer.stories:
            self._retire(replaced, story_id)
            self.clusterer.add(signal, story_id, published)

    def _retire(self, replaced: str, story_id: int) -> None:
        """Take the version a new one replaces out of the clusterer's story, or the earlier version it stood
        for when it was not indexed itself (a near copy of that one: v1, its near copy v2, v2's rewrite v3)."""
        for _ in range(100):  # a chain of near copies, each of the one before
            if self.clusterer.retire(replaced, story_id):
                return
            earlier = self.store.articles_with_ids([replaced])
            if not earlier or earlier[0].revises is None:
                return
            replaced = earlier[0].revises

    @staticmethod
    def _row_article(row: IndexRow) -> Article:
        a = Article(id=row.id, origin="", title=row.title, text="", lang=row.lang, published=from_iso(row.published))
        load_data(a, row.data)
        return a

    def save_state(self) -> None:
        """Snapshot the in-memory state with its watermark, so that the next pipeline replays nothing."""
        state = {"version": STATE_VERSION, "identity": self._identity(), "df": self.df, "clusterer": self.clusterer}
        with self.timed("store"), _no_gc():
            blob = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        with self.timed("store"), self.store.transaction():
            self.store.save_state(self.watermark, blob)
        self.saved = self.watermark

    def _signal(self, a: Article, emb: np.ndarray, terms: Terms) -> Signal:
        title = self.df.vector(term_counts("", a.title, a.lang))
        days = article_days(a, self.resources.record)
        shared = frozenset(k for k in a.entity_keys if not is_local(k))  # one article's own names tell nothing
        return Signal(a.id, emb, self.df.vector(terms), title, shared, a.lang,
                      days[0] if days else None, days[1] if days else None, () if days else day_months(a),
                      figures(a))

    def peak_memory_mb(self) -> float:
        """Peak resident memory of this process plus that of its reader process, in MB."""
        return peak_rss_mb() + self.reader_peak_mb

    def _stored_origin(self, article_id: str) -> str | None:
        """Where a stored article was first read from (None: not stored)."""
        return self._fresh.get(article_id) or self.store.origin_of(article_id)

    # -- runs ------------------------------------------------------------------
    def process(self, item: RawItem | Article) -> Article:
        """One item through the per-article stages, linked with this pipeline's linker (which learns its
        names), neither clustered nor stored: what `run` would store of it, for tests and evaluations."""
        return process(item, self.linker, self.stages, self.resources)

    def run(self, items: Iterable[RawItem | Failure], progress: Callable[[int], None] | None = None) -> RunReport:
        """Ingest items batch by batch; the next batch is read and embedded meanwhile (see the module notes).
        Ends by refreshing the stories it touched and saving the state."""
        report = RunReport()
        self._refreshed = 0  # articles this run had stored when it last wrote its stories (`_checkpoint`)
        start, began = dict(self.timed.seconds), time.perf_counter()
        # numpy's BLAS on one thread: its products here are small, and the cores go to the reader and embedder
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsloom-embed",
                                initializer=behind_the_writer, initargs=(self.settings.run.helpers_behind,)) as pool, \
                self._reader() as reader, threadpool_limits(1, user_api="blas"):
            waiting: deque[_Pending] = deque()  # batches read meanwhile, written oldest first
            for batch, timed in self._batches(items, report, progress):
                todo = [a for a in batch if self._stored_origin(a.id) is None]  # stored: nothing to do
                if isinstance(reader, RayReader):  # read and embedded by a Ray worker
                    read = reader.submit(todo)
                    waiting.append(_Pending(batch, todo, read, read.vectors, timed))
                else:  # embedded in the thread while read in the reader process (or in this thread, meanwhile)
                    vectors = pool.submit(self._embed, todo, timed)
                    waiting.append(_Pending(batch, todo, reader.submit(todo), vectors, timed))
                while len(waiting) > reader.ahead:
                    self._process(waiting.popleft(), report)
                    self._checkpoint(report)
            while waiting:
                self._process(waiting.popleft(), report)
                if waiting:
                    self._checkpoint(report)
        self.refresh()
        self._fresh.clear()
        if self.watermark - self.saved >= self.settings.run.snapshot_every:
            self.save_state()
        spent = {stage: sec - start.get(stage, 0.0) for stage, sec in self.timed.seconds.items()
                 if sec > start.get(stage, 0.0)}
        stage_log.info("run: %s in %s, %d added, %.2f s; seconds per stage: %s", plural(report.read, "item"),
                       plural(report.batches, "batch", "batches"), report.added, time.perf_counter() - began,
                       ", ".join(f"{stage} {sec:.2f}" for stage, sec in spent.items()) or "none")
        return report

    def _reader(self) -> AbstractContextManager[_Reader | RayReader]:
        """Who reads the batches: the Ray workers (kept for the next run), or this process and its readers."""
        if self.ray is None:
            return _Reader(self.readers, self.stages, self.resources, self.batch_size, self.settings.run.helpers_behind)
        return nullcontext(self.start_workers())

    def start_workers(self) -> RayReader | None:
        """The Ray workers, started now (they load their models) if not yet; None without `ray`."""
        if self.ray is None:
            return None
        return self.ray.start(self.stages, self.resources, self.embedder, self.settings.run.lead_chars, self._embed)

    def _batches(self, items: Iterable[RawItem | Failure], report: RunReport,
                 progress: Callable[[int], None] | None) -> Iterator[tuple[list[Article], Timings]]:
        """The prepared articles, a batch at a time, each with the seconds spent on it so far."""
        batch: list[Article] = []
        timed = Timings()
        for item in items:
            if isinstance(item, Failure):
                report.failures.append(item)
            else:
                report.read += 1
                try:
                    a = prepare(item, timed, self.stages, self.resources)
                except Exception as err:  # noqa: BLE001 - one bad item never stops the batch
                    log.exception("preparing %s", item.origin)
                    report.notes.extend((item.origin, n) for n in item.notes)
                    report.failures.append(Failure(item.origin, f"could not process: {type(err).__name__}: {err}"))
                else:
                    report.notes.extend((item.origin, n) for n in a.notes)  # the item's, and the stages'
                    batch.append(a)
            if progress:
                progress(1)
            if len(batch) >= self.batch_size:
                yield arrival_order(batch), timed
                batch, timed = [], Timings()
        if batch:
            yield arrival_order(batch), timed

    def _checkpoint(self, report: RunReport) -> None:
        """Within a long run, every `run.refresh_every` articles it stored: the stories it changed written (so
        that readers see them, and a run killed later loses none of them) and the state saved."""
        every = self.settings.run.refresh_every
        if not every or report.added - self._refreshed < every:
            return
        self._refreshed = report.added
        self.refresh(link=False)
        if self.watermark - self.saved >= self.settings.run.snapshot_every:
            self.save_state()

    def _embed(self, articles: list[Article], timed: Timings) -> dict[str, np.ndarray]:
        return embed_articles(self.embedder, articles, self.settings.run.lead_chars, timed)

    def _process(self, pending: _Pending, report: RunReport) -> None:
        """Write a batch in one transaction. If a stage that reads one article alone fails on it, the
        transaction is rolled back, the state read again from the store, and the batch written one article at
        a time: that article is reported as a failure, the others are stored. Any other error (the store's,
        Ctrl-C) stops the run, the pipeline marked stale."""
        results, seconds, use = pending.read.result()
        vectors = pending.vectors.result()
        if use.pid != os.getpid():  # read in a reader process
            self.reader_cpu_seconds += use.cpu_seconds
            self.reader_peak_mb = max(self.reader_peak_mb, use.peak_rss_mb)
        pending.timed.add(seconds)
        report.failures += [r for r in results if isinstance(r, Failure)]
        read = {(r.id, r.origin): r for r in results if not isinstance(r, Failure)}
        # the items the reader failed on are left out (by id and origin: two items may share an origin)
        failed = {(a.id, a.origin) for a, r in zip(pending.todo, results, strict=True) if isinstance(r, Failure)}
        batch = [a for a in pending.batch if (a.id, a.origin) not in failed]
        # as read, for writing one by one: the stages change the articles they write (pickled: a sixth of a deep copy's time)
        spare = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            before = (self.watermark, self.clusterer.seen)
            try:
                report.merge(self._write_batch(batch, read, vectors, pending.timed))
            except _ArticleFailed:
                log.exception("writing a batch of %d articles; writing them one by one", len(batch))
                self._undo(before)
                for a in batch:
                    before = (self.watermark, self.clusterer.seen)
                    try:
                        report.merge(self._write_batch([a], pickle.loads(spare), vectors, pending.timed))
                    except _ArticleFailed as failed:
                        log.exception("writing %s", a.origin)
                        report.failures.append(Failure(a.origin, f"could not process: {failed}"))
                        self._undo(before)
        except BaseException:  # the store failed, or Ctrl-C: the run stops, and this state is not the store's
            self.stale = True
            self.linker.forget()
            raise
        report.batches += 1
        self.timed.add(pending.timed.seconds)
        for stage, sec in pending.timed.seconds.items():
            stage_log.debug("batch %d: %s %.3f s", report.batches, stage, sec)

    def _undo(self, before: tuple[int, int]) -> None:
        """After a rolled-back write: the in-memory state as the store has it. Read again (`_reopen`) if an
        article of the write reached the clusterer or the store, else only the linker forgets what it learned
        (a failure before the clusterer, on the write's first article, changed nothing else)."""
        if (self.watermark, self.clusterer.seen) != before:
            self._reopen()
        else:
            self.linker.forget()

    def _reopen(self) -> None:
        """The in-memory state (index, document frequencies, linker) as the store has it, read again."""
        self.watermark = self.saved = 0
        self._open()

    def _write_batch(self, batch: list[Article], read: dict[tuple[str, str], Article],
                     vectors: dict[str, np.ndarray], timed: Timings) -> RunReport:
        """Store `batch` in one transaction; what it did, for the run's report once it is committed."""
        part = RunReport()
        fresh: dict[str, Article] = {}  # id -> the article of this batch stored under it
        with self.store.transaction():
            for a in batch:
                first = fresh[a.id].origin if a.id in fresh else self._stored_origin(a.id)
                if first is not None:
                    if self._read_before(a, first):
                        part.already_stored += 1
                    elif self.store.add_copy(a.id, a.origin, a.source, a.url):
                        part.duplicates.append((a.origin, first))
                        story = None if a.id in fresh else self.store.story_of(a.id)
                        if story is not None:
                            self.store.touch_story(story)  # its digest lists the copy
                    else:
                        part.already_stored += 1
                    continue
                fresh[a.id] = read[a.id, a.origin]
            for key, a in fresh.items():
                a.embedding = vectors[a.id]
                fresh[key] = self._add(a, part, timed)
            with timed("store"):
                touched = {m.entity for a in fresh.values() for m in a.mentions if m.entity}
                self.store.save_entities(self.linker.entities(touched))
                self.linker.flush()
        self._fresh.update((k, a.origin) for k, a in fresh.items())
        return part

    def _read_before(self, a: Article, first: str) -> bool:
        """Whether `a`, stored already (first read from `first`), was read from this very file before, maybe by
        another path: its origin's file, or the place of a file of one article (its URL or full path); else a copy."""
        if same_file(first, a.origin):
            return True
        latest = self.store.latest_at(a.place) if a.place else None
        return (latest is not None and latest[0] == a.id) or any(
            same_file(origin, a.origin) for _, origin, _, _ in self.store.copies([a.id]))

    def _add(self, a: Article, report: RunReport, timed: Timings) -> Article:
        """The writer's stages on `a`, read (its mentions found, not linked) and embedded, in their order. An
        error in a stage that reads the article alone (linking, quotes, amounts, claims) is the article's
        (`_ArticleFailed`); one of the store or of the clusterer stops the run."""
        for stage in self._adding:
            with timed(stage.timed_as):
                try:
                    if stage.run is not None:
                        a = stage.run(a, self.resources)
                    else:
                        getattr(self, f"_stage_{stage.name}")(a, report)
                except Exception as err:
                    if stage.run is None and stage.name != "link":
                        raise
                    raise _ArticleFailed(f"{stage.name}: {type(err).__name__}: {err}") from err
        report.added += 1
        report.undated += a.published is None
        report.unsourced += not a.source
        return a

    # the writer's stateful stages (see newsloom.stages)
    def _stage_signature(self, a: Article, report: RunReport) -> None:
        a.minhash = signature(a.text)

    def _stage_dedup(self, a: Article, report: RunReport) -> None:
        hit = find_near(self.store, a.minhash, self.settings.dedup.threshold)
        if a.place:
            dedup = self.settings.dedup
            a.revises = earlier_version(self.store, a.place, a.minhash, a.text, dedup.revision_jaccard,
                                        dedup.revision_containment)
            if a.revises:
                report.revisions.append((a.origin, self._stored_origin(a.revises) or "?"))
        if hit is not None:
            original, share = hit
            a.copy_of = original
            if original != a.revises:
                report.near_copies.append((a.origin, self._stored_origin(original) or "?", share))

    def _stage_link(self, a: Article, report: RunReport) -> None:
        link(self.linker, a)

    def _stage_embed(self, a: Article, report: RunReport) -> None:
        """(The vectors of a batch are made in a thread before its articles reach the writer.)"""
        if a.embedding is None:
            raise ValueError(f"{a.origin}: not embedded")

    def _stage_cluster(self, a: Article, report: RunReport) -> None:
        if a.revises is not None:  # a new version stays in the story of the one it replaces
            a.story_id = self.store.story_of(a.revises)
            self._enter_version(self._signal(a, a.embedding, a.terms), a.revises, a.copy_of, a.story_id,
                                a.published is not None)
            return
        if a.copy_of is not None:
            a.story_id = self.store.story_of(a.copy_of)
            return
        a.story_id, match = self.clusterer.assign(self._signal(a, a.embedding, a.terms), a.published is not None)
        if match:
            a.same_event = {k: round(p, 4) for k, p in match.members.items()}

    def _stage_store(self, a: Article, report: RunReport) -> None:
        self.df.add(a.terms.ids)
        a.seq = self.store.add_article(a, a.minhash.tobytes(), a.terms.pack(), band_keys(a.minhash))
        self.watermark = a.seq
        if a.story_id is not None:  # a new version's is the story of the version it replaces (`_stage_cluster`)
            self.store.touch_story(a.story_id)
            report.stories_touched.add(a.story_id)

    # -- stories ---------------------------------------------------------------
    def _leaving(self, stories: list[int]) -> None:
        """(Called by the clusterer.) Stories about to leave the active window are refreshed first, if they
        changed, so that their storylines are linked while their neighbours are still in the window."""
        self.refresh(set(stories))

    def refresh(self, only: set[int] | None = None, *, link: bool = True) -> list[int]:
        """Rewrite what readers see of every story changed since it was last written (of those in `only`):
        headline, summary, dates, digest, sources compared; then their profiles and storylines, and those
        of the stories written within the run (`link=False`, by `_checkpoint`, without their profiles),
        which wait for its end so that they link as one run's end links them."""
        dirty = [sid for sid in self.store.dirty_stories() if only is None or sid in only]
        waiting = [sid for sid in self.store.unlinked_stories() if only is None or sid in only] if link else []
        if not dirty and not waiting:
            return []
        entities = self.linker.known
        profiles: dict[int, tuple[np.ndarray | None, list[str], dict[int, float]]] = {}
        with self.timed("summary"), self.store.transaction():
            for sid in dirty:
                stored = self.store.articles(sid)
                arts = [a for a in stored if a.current]  # earlier versions of an article are only listed
                if not arts:
                    continue
                self.linker.read_ahead(m.entity for a in arts for m in a.mentions if m.entity)
                central = self._summary_articles(sid, stored)
                days = sorted((a.published for a in arts if a.published), key=instant)
                story = Story(id=sid, article_ids=[a.id for a in stored], headline=headline(central),
                              summary=summarize(central, settings=self.settings.summary),
                              first_seen=days[0] if days else None,
                              last_seen=days[-1] if days else None)
                # within a run, no profile: storylines find a story by its profile, so one written there
                # would be found before its turn, where one run's end would not find it
                if link:
                    profiles[sid] = self._profile(sid, stored, central)
                publish_story(self.store, story, stored, entities, self.resources.record,
                              *profiles.get(sid, (None, None, None)), self.settings,
                              central if central is not stored else None)  # a big story's: its summary's
            for sid in waiting:  # written: their profiles as they are now
                stored = self.store.articles(sid)
                profiles[sid] = self._profile(sid, stored, self._summary_articles(sid, stored))
                self.store.save_profile(sid, *profiles[sid])
            if link:
                link_storylines(self.clusterer, self.store, profiles, self.settings.storylines, small=self.df.n <
                                self.settings.storylines.min_term_documents)
            else:
                self.store.mark_unlinked(dirty)
        return dirty + waiting

    def _profile(self, sid: int, stored: list[Article], central: list[Article]
                 ) -> tuple[np.ndarray | None, list[str], dict[int, float]]:
        """What storylines compare of a story: its centroid, top entities and key terms."""
        centroid, top = profile(self.clusterer, sid, stored, self.settings.storylines)
        terms: dict[int, float] = {}
        if keyed_by_terms([a for a in stored if a.current], self.settings.storylines):
            own = {a.id for a in originals(stored)}
            packed = self.store.article_terms(a.id for a in central if a.id in own)
            terms = story_terms((Terms.unpack(packed[a.id]) for a in central if a.id in packed), self.df,
                                self.settings.storylines)
        return centroid, top, terms

    def _summary_articles(self, story_id: int, articles: list[Article]) -> list[Article]:
        """What a story's headline and summary are made from: all its articles, or in a big story the
        `run.summary_articles` nearest its centroid (so the summary costs the same however big the story grows),
        with their later versions (`articles` in arrival order)."""
        n = self.settings.run.summary_articles
        if len(articles) <= n or story_id not in self.clusterer.stories:
            return articles
        central = set(self.clusterer.central(story_id, n))
        for a in articles:
            if a.revises in central:
                central.add(a.id)
        return [a for a in articles if a.id in central]
