"""`newsloom bench --scale`: does the cost of an article stay flat as the store grows?

One pass streams a JSON Lines corpus (.jsonl or .jsonl.gz, read record by record, never all in memory)
through the real pipeline into a fresh SQLite store. The stream is cut into consecutive runs of `window`
articles, the way a news feed arrives: each run stores its articles and refreshes the stories it touched,
and the store keeps growing across runs. After every run the wall time, each stage's seconds and the
memory are recorded, so the plot shows milliseconds per article against the number of articles already
in the store. At each checkpoint the table gives the rate of the last window (the rate *at* that size)
and the cumulative rate since the start.

The embedding of batch k+1 runs in a background thread while batch k goes through the other stages, so
the stages' seconds add up to more than the wall time; "end to end" is the wall time.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from newsloom.bench.stages import machine
from newsloom.ingest.files import format_of, open_jsonl
from newsloom.model import Failure, RawItem
from newsloom.store import is_url

DEFAULT_AT = "1000,5000,20000,all"
DEFAULT_WINDOW = 500
RATE_TOLERANCE = 0.20  # the rate at the last checkpoint may be at most 20% below the rate at the first
MEMORY_LIMIT_MB = 4096.0
MEMORY_BASE = 20_000  # once the active window is full, peak memory at the end may be at most
MEMORY_GROWTH = 1.2  # this many times the peak at this many articles
NO_FILE_LIMIT = 1 << 40  # the corpus is streamed: no limit on the file's size

# columns of the table: a name and the pipeline stages it adds up
# not language data: pipeline stage names
GROUPS: dict[str, tuple[str, ...]] = {
    "read": ("read",),
    "text": ("normalise", "language", "sentences", "dates"),
    "embed": ("embed",),
    "dedup": ("dedup",),
    "entities": ("entities",),
    "facts": ("quotes", "amounts", "claims"),
    "cluster": ("cluster",),
    "store": ("store",),
    "summary": ("summary",),
}
# not language data: pipeline stage names
PLOT_STAGES = ("embed", "entities", "facts", "cluster", "summary", "text", "store", "dedup")


class ScaleBenchError(RuntimeError):
    """A problem the user can fix (missing plotting library, bad checkpoints, unreadable corpus)."""


def require_matplotlib() -> None:
    """Fail before the long run, not after it, when the plot cannot be drawn."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as err:
        raise ScaleBenchError("`newsloom bench --scale` draws its plot with matplotlib, which is not "
                              "installed: pip install 'newsloom[eval]'") from err


def parse_checkpoints(text: str) -> tuple[list[int], bool]:
    """"1000,5000,all" -> ([1000, 5000], True): the sizes at which to report, and whether to go to the end."""
    sizes: list[int] = []
    to_end = False
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        if part in ("all", "end"):
            to_end = True
            continue
        try:
            n = int(part.replace("_", ""))
        except ValueError as err:
            raise ScaleBenchError(f"checkpoint {part!r} is not a number of articles or 'all'") from err
        if n <= 0:
            raise ScaleBenchError(f"checkpoint {n} must be a positive number of articles")
        sizes.append(n)
    if not sizes and not to_end:
        raise ScaleBenchError("no checkpoints given (e.g. --at 1000,5000,all)")
    return sorted(set(sizes)), to_end


def rss_mb() -> float:
    """The memory the process holds now (resident set), in MB; the peak where /proc is missing."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        from newsloom.pipeline import peak_rss_mb

        return peak_rss_mb()


def cpu_seconds() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def count_records(path: Path) -> int:
    """Lines in the (possibly gzipped) file, for the progress bar; a second or two for 150 MB."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    n = 0
    with opener(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            n += chunk.count(b"\n")
        return n


def _grouped(stage_seconds: dict[str, float]) -> dict[str, float]:
    return {name: sum(stage_seconds.get(s, 0.0) for s in stages) for name, stages in GROUPS.items()}


@dataclass
class Window:
    """One run of the stream: the articles start+1 .. end, with the store holding `start` before it."""

    start: int
    end: int
    seconds: float
    stage_seconds: dict[str, float]
    rss_mb: float
    peak_rss_mb: float
    stories: int
    cpu_seconds: float = 0.0  # user + system time of the whole process (all threads) in the window
    stored: int = 0  # articles added to the store (exact duplicates are recorded, not stored again)

    @property
    def articles(self) -> int:
        return self.end - self.start

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def ms_per_article(self) -> dict[str, float]:
        """End to end and every table column, in milliseconds per article."""
        per = 1000.0 / max(self.articles, 1)
        return {"end to end": self.seconds * per, "cpu": self.cpu_seconds * per,
                **{k: v * per for k, v in _grouped(self.stage_seconds).items()}}


@dataclass
class Checkpoint:
    articles: int
    seconds: float  # wall time since the start of the stream
    stage_seconds: dict[str, float]  # cumulative
    window: Window  # the last window(s) before the checkpoint, merged: at least `window` articles
    peak_rss_mb: float
    rss_mb: float
    stories: int
    stored: int

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass
class ScaleResult:
    corpus: str
    embedder: str
    machine: str
    window: int
    checkpoints: list[Checkpoint] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # checkpoints past the end of the corpus
    failures: int = 0  # records that could not be read
    duplicates: int = 0  # exact copies, recorded but not stored again
    seconds: float = 0.0
    interrupted: bool = False  # stopped with Ctrl-C: the numbers cover the complete windows
    last_failure: str = ""
    store: str = "SQLite"  # the backend the corpus was streamed into

    @property
    def articles(self) -> int:
        return self.windows[-1].end if self.windows else 0

    @property
    def peak_rss_mb(self) -> float:
        return max((w.peak_rss_mb for w in self.windows), default=0.0)

    @property
    def rate_ratio(self) -> float:
        """The rate at the last checkpoint over the rate at the first (window rates)."""
        if len(self.checkpoints) < 2 or not self.checkpoints[0].window.rate:
            return 1.0
        return self.checkpoints[-1].window.rate / self.checkpoints[0].window.rate

    @property
    def cpu_ratio(self) -> float:
        """Like rate_ratio, from the process's CPU time per article, less sensitive to other programs' load."""
        first, last = self.checkpoints[0].window, self.checkpoints[-1].window
        a, b = first.cpu_seconds / max(first.articles, 1), last.cpu_seconds / max(last.articles, 1)
        return a / b if a and b else 1.0

    @property
    def memory_base(self) -> Checkpoint | None:
        """The checkpoint whose peak memory the last one's is compared with: MEMORY_BASE articles, when the
        run reached it and went on."""
        return next((c for c in self.checkpoints[:-1] if c.articles == MEMORY_BASE), None)

    def verdict(self) -> str:
        first, last = self.checkpoints[0], self.checkpoints[-1]
        ok_rate = self.rate_ratio >= 1.0 - RATE_TOLERANCE
        ok_mem = self.peak_rss_mb < MEMORY_LIMIT_MB
        out = (f"rate at {_size(last.articles)} is {self.rate_ratio:.0%} of the rate at {_size(first.articles)} "
               f"(within {RATE_TOLERANCE:.0%}: {'yes' if ok_rate else 'no'}); peak memory "
               f"{self.peak_rss_mb:,.0f} MB (< {MEMORY_LIMIT_MB:.0f}: {'yes' if ok_mem else 'no'})")
        base = self.memory_base
        if base is not None and base.peak_rss_mb:
            growth = last.peak_rss_mb / base.peak_rss_mb
            out += (f"; {growth:.2f}x the peak at {_size(base.articles)} (at most {MEMORY_GROWTH}x: "
                    f"{'yes' if growth <= MEMORY_GROWTH else 'no'})")
        return out

    def to_json(self) -> dict:
        def window(w: Window) -> dict:
            # not language data: the fields of the JSON report
            return {"start": w.start, "end": w.end, "seconds": w.seconds,
                    "articles_per_second": round(w.rate, 3),
                    "ms_per_article": {k: round(v, 3) for k, v in w.ms_per_article().items()},
                    "stage_seconds": w.stage_seconds,
                    "rss_mb": w.rss_mb, "peak_rss_mb": w.peak_rss_mb, "stories": w.stories,
                    "cpu_seconds": w.cpu_seconds, "stored": w.stored}

        # not language data: the fields of the JSON report
        return {
            "corpus": self.corpus, "embedder": self.embedder, "machine": self.machine, "window": self.window,
            "store": self.store, "articles": self.articles, "seconds": self.seconds, "failures": self.failures,
            "duplicates": self.duplicates, "skipped_checkpoints": self.skipped, "interrupted": self.interrupted,
            "peak_rss_mb": round(self.peak_rss_mb, 1), "rate_ratio": round(self.rate_ratio, 4),
            "verdict": self.verdict(),
            # not language data: the fields of the JSON report
            "checkpoints": [{
                "articles": c.articles, "seconds": c.seconds,
                "cumulative_articles_per_second": round(c.rate, 3),
                "window_articles_per_second": round(c.window.rate, 3),
                "window": window(c.window),
                "stage_seconds": c.stage_seconds,
                "peak_rss_mb": c.peak_rss_mb, "rss_mb": c.rss_mb,
                "stories": c.stories, "stored": c.stored,
            } for c in self.checkpoints],
            "windows": [window(w) for w in self.windows],
        }


    @classmethod
    def from_json(cls, doc: dict) -> ScaleResult:
        """Read back what to_json wrote, e.g. to redraw the plot without running again."""
        def window(d: dict) -> Window:
            return Window(d["start"], d["end"], d["seconds"], d["stage_seconds"], d["rss_mb"], d["peak_rss_mb"],
                          d["stories"], d.get("cpu_seconds", 0.0), d.get("stored", 0))

        r = cls(doc["corpus"], doc["embedder"], doc["machine"], doc["window"],
                windows=[window(w) for w in doc["windows"]], skipped=doc["skipped_checkpoints"],
                failures=doc["failures"], duplicates=doc["duplicates"], seconds=doc["seconds"],
                interrupted=doc.get("interrupted", False), store=doc.get("store", "SQLite"))
        r.checkpoints = [Checkpoint(c["articles"], c["seconds"], c["stage_seconds"], window(c["window"]),
                                    c["peak_rss_mb"], c["rss_mb"], c["stories"], c["stored"])
                         for c in doc["checkpoints"]]
        return r


def _size(n: int) -> str:
    return f"{n:,} articles"


class _Reader:
    """The corpus's articles one at a time, timing the reading (gunzip, JSON, record to item)."""

    def __init__(self, path: Path, limit: int) -> None:
        self._items = open_jsonl(path, NO_FILE_LIMIT)
        self._ahead: RawItem | None = None
        self.limit = limit
        self.taken = 0
        self.failures = 0
        self.seconds = 0.0
        self.last_failure = ""

    def _next(self) -> RawItem | None:
        if self._ahead is not None:
            item, self._ahead = self._ahead, None
            return item
        if self.limit and self.taken >= self.limit:
            return None
        start = time.perf_counter()
        try:
            while True:
                item = next(self._items, None)
                if not isinstance(item, Failure):
                    return item
                self.failures += 1
                self.last_failure = f"{item.origin}: {item.reason}"
        finally:
            self.seconds += time.perf_counter() - start

    def exhausted(self) -> bool:
        if self._ahead is None:
            self._ahead = self._next()
        return self._ahead is None

    def take(self, n: int) -> Iterator[RawItem]:
        for _ in range(n):
            item = self._next()
            if item is None:
                return
            self.taken += 1
            yield item


def run_scale(path: Path, at: str = DEFAULT_AT, window: int = DEFAULT_WINDOW, limit: int = 0,
              embedder="auto", db: Path | str | None = None,
              progress: Callable[[int, int], None] | None = None) -> ScaleResult:
    """Stream `path` through the pipeline on a fresh store (a temporary file unless `db` is given: a file,
    or a PostgreSQL database's URL, which must hold no store yet).

    `embedder` is a backend name or an Embedder. `progress(done, total)` is called for every article.
    """
    from newsloom.embed import get_embedder

    path = Path(path)
    if format_of(path) != "jsonl" or not path.is_file():
        raise ScaleBenchError(f"{path}: expected a JSON Lines file (.jsonl or .jsonl.gz)")
    if window < 1:
        raise ScaleBenchError("the window must hold at least one article")
    sizes, to_end = parse_checkpoints(at)
    stop = limit or 0
    if not to_end:
        stop = min(stop or sizes[-1], sizes[-1])
    total = count_records(path)
    total = min(total, stop) if stop else total
    from newsloom.pipeline import warm_up

    emb = get_embedder(embedder) if isinstance(embedder, str) else embedder
    warm_up(emb)
    result = ScaleResult(path.name, emb.name, machine(), window)
    if is_url(db):
        _check_empty(str(db))
        result.store = "PostgreSQL"
        _stream(path, str(db), emb, sizes, stop, total, result, progress)
    elif db is not None:
        db = Path(db)
        db.parent.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
        _stream(path, db, emb, sizes, stop, total, result, progress)
    else:
        with tempfile.TemporaryDirectory(prefix="newsloom-scale-") as tmp:
            _stream(path, Path(tmp) / "scale.db", emb, sizes, stop, total, result, progress)
    if not result.windows:
        raise ScaleBenchError(f"{path}: no article could be read" + (f" ({result.last_failure})"
                                                                     if result.last_failure else ""))
    return result


def _check_empty(url: str) -> None:
    from newsloom.store import StoreError, open_store, shown

    try:
        open_store(url, create=False).close()
    except StoreError as err:
        if "no newsloom store" not in str(err):
            raise ScaleBenchError(str(err)) from err
        return
    raise ScaleBenchError(f"{shown(url)}: holds a store already: give an empty database")


def _stream(path: Path, db: Path | str, emb, sizes: list[int], stop: int, total: int, result: ScaleResult,
            progress: Callable[[int, int], None] | None) -> None:
    from newsloom.pipeline import Pipeline, reader_processes
    from newsloom.store import open_store

    reader = _Reader(path, stop)
    ticks = 0

    def tick(n: int) -> None:
        nonlocal ticks
        ticks += n
        if progress:
            progress(ticks, max(total, ticks))

    with open_store(db) as store:
        pipeline = Pipeline(store, emb, readers=reader_processes())
        start = time.perf_counter()
        try:
            while not reader.exhausted():
                before, read_before = dict(pipeline.timed.seconds), reader.seconds
                cpu0 = cpu_seconds() + pipeline.reader_cpu_seconds
                t0 = time.perf_counter()
                # the next run ends at the next multiple of the window or the next checkpoint
                first = reader.taken
                end = min([(first // result.window + 1) * result.window] + [s for s in sizes if s > first])
                report = pipeline.run(reader.take(end - first), progress=tick)
                seconds = time.perf_counter() - t0
                cpu = cpu_seconds() + pipeline.reader_cpu_seconds - cpu0  # the reader process's CPU included
                result.duplicates += len(report.duplicates)
                stages = {k: v - before.get(k, 0.0) for k, v in pipeline.timed.seconds.items()}
                stages["read"] = reader.seconds - read_before
                result.windows.append(Window(first, reader.taken, seconds, stages, rss_mb(), pipeline.peak_memory_mb(),
                                             len(pipeline.clusterer.stories), cpu, report.added))
                if reader.taken in sizes or reader.exhausted():
                    result.checkpoints.append(_checkpoint(result.windows, result.window))
        except KeyboardInterrupt:  # keep the complete windows: a long run stopped early still reports
            result.interrupted = True
            if result.windows and (not result.checkpoints
                                   or result.checkpoints[-1].articles != result.windows[-1].end):
                result.checkpoints.append(_checkpoint(result.windows, result.window))
        result.seconds = time.perf_counter() - start
    result.failures = reader.failures
    result.last_failure = reader.last_failure
    result.skipped = [s for s in sizes if s > result.articles]


def _checkpoint(windows: list[Window], size: int) -> Checkpoint:
    """The state after the last window: cumulative times, and the rate over the last `size` articles."""
    stages: dict[str, float] = {}
    for w in windows:
        for k, v in w.stage_seconds.items():
            stages[k] = stages.get(k, 0.0) + v
    last = windows[-1]
    return Checkpoint(last.end, sum(w.seconds for w in windows), stages, _recent(windows, size),
                      last.peak_rss_mb, last.rss_mb, last.stories, sum(w.stored for w in windows))


def _recent(windows: list[Window], size: int) -> Window:
    """The last windows merged, going back until they hold at least `size` articles."""
    picked: list[Window] = []
    for w in reversed(windows):
        picked.append(w)
        if sum(p.articles for p in picked) >= size:
            break
    stages: dict[str, float] = {}
    for w in picked:
        for k, v in w.stage_seconds.items():
            stages[k] = stages.get(k, 0.0) + v
    last = picked[0]
    return Window(picked[-1].start, last.end, sum(p.seconds for p in picked), stages, last.rss_mb,
                  last.peak_rss_mb, last.stories, sum(p.cpu_seconds for p in picked), sum(p.stored for p in picked))


# -- output -------------------------------------------------------------------
def table_rows(r: ScaleResult) -> tuple[list[str], list[list[str]]]:
    # not language data: the columns of the table
    header = ["checkpoint", "articles", "window art/s", "cumulative art/s", "CPU ms",
              *(f"{g} ms" for g in GROUPS), "peak RSS MB"]
    rows = []
    for c in r.checkpoints:
        ms = c.window.ms_per_article()
        rows.append([_short(c.articles), f"{c.articles:,}", f"{c.window.rate:.2f}", f"{c.rate:.2f}",
                     f"{ms['cpu']:.0f}", *(f"{ms[g]:.1f}" for g in GROUPS), f"{c.peak_rss_mb:,.0f}"])
    return header, rows


def _short(n: int) -> str:
    return f"{n / 1000:.0f}k" if n >= 1000 and n % 1000 == 0 else (f"{n / 1000:.1f}k" if n >= 1000 else str(n))


def _notes(r: ScaleResult) -> list[str]:
    notes = [
        f"Windows of {r.window} articles; a checkpoint's window rate is over the last {r.window} articles or "
        "more before it, its cumulative rate over everything since the start. Stage columns are "
        "milliseconds per article in that window; the embedding runs in a background thread, overlapped "
        "with the other stages, so the stages add up to more than the end-to-end time. CPU ms: CPU time of "
        "the whole process (all threads) per article in the window.",
        f"By CPU time per article (less sensitive than wall time to other programs on the machine, not "
        f"immune: contended threads spin), the rate at {_size(r.checkpoints[-1].articles)} is "
        f"{r.cpu_ratio:.0%} of the rate at {_size(r.checkpoints[0].articles)}.",
        f"{r.articles:,} articles in {r.seconds:,.0f} s ({r.articles / max(r.seconds, 1e-9):.2f} articles/s); "
        f"{r.checkpoints[-1].stories:,} stories; {r.duplicates:,} exact duplicates; "
        f"{r.failures:,} unreadable records. Embedder {r.embedder}; store {r.store}; {r.machine}.",
    ]
    if r.interrupted:
        notes.append(f"Interrupted (Ctrl-C) after {r.articles:,} articles: the numbers cover the complete windows.")
    if r.skipped:
        notes.append(("Checkpoints not reached: " if r.interrupted else
                      "Checkpoints past the end of the corpus, not reached: ")
                     + ", ".join(f"{s:,}" for s in r.skipped) + ".")
    return notes


_TERMINAL_HEADERS = {"checkpoint": "at", "window art/s": "window/s", "cumulative art/s": "cumul./s",
                     "peak RSS MB": "RSS MB"}


def _terminal_table(header: list[str], rows: list[list[str]], columns: list[int]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 0))
    for i in columns:
        col = header[i]
        table.add_column(_TERMINAL_HEADERS.get(col, col.removesuffix(" ms")), justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(row[i] for i in columns))
    return table


def print_scale(r: ScaleResult, console: Console) -> None:
    """One table; two (rates, then stages) when the terminal is too narrow for it."""
    header, rows = table_rows(r)
    console.print(f"[bold]newsloom bench --scale: {r.corpus}[/]. window/s, cumul./s: articles per second in the "
                  "window before the checkpoint and since the start; read .. summary: milliseconds per article "
                  "in that window; RSS MB: peak memory.", highlight=False)
    every = list(range(len(header)))
    tables = [_terminal_table(header, rows, every)]
    if Measurement.get(console, console.options.update_width(10_000), tables[0]).maximum > console.width:
        stages = [0, *range(5, len(header) - 1)]
        tables = [_terminal_table(header, rows, [i for i in every if i not in stages[1:]]),
                  _terminal_table(header, rows, stages)]
    for table in tables:
        console.print(table)
    for note in _notes(r):
        console.print(note, highlight=False)
    console.print(f"[bold]{r.verdict()}[/]", highlight=False)


def markdown(r: ScaleResult, plot_name: str | None = "scale.png") -> str:
    header, rows = table_rows(r)
    lines = [f"## newsloom bench --scale: {r.corpus}", ""]
    if plot_name:
        lines += [f"![milliseconds per article against articles in the store]({plot_name})", ""]
    lines += ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += ["", f"**{r.verdict()}**", ""]
    lines += [f"- {n}" for n in _notes(r)]
    return "\n".join(lines) + "\n"


def plot(r: ScaleResult, out: Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Milliseconds per article (end to end and the main stages) and memory against the store's size."""
    require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator

    x = [(w.start + w.end) / 2 for w in r.windows]  # the store grows from start to end during a window
    ms = [w.ms_per_article() for w in r.windows]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7.5), sharex=True, height_ratios=(3, 1),
                                      layout="constrained")
    verdict = "\n".join(textwrap.wrap(r.verdict(), 110))  # one line would run off the figure
    fig.suptitle(f"newsloom: time per article as the store grows ({r.corpus}, {r.articles:,} articles)\n"
                 f"{verdict}", fontsize=10)
    top.plot(x, [m["end to end"] for m in ms], color="black", linewidth=2.4, marker="o", markersize=3,
             label="end to end (wall time)")
    if any(m["cpu"] for m in ms):
        top.plot(x, [m["cpu"] for m in ms], color="grey", linewidth=1.4, linestyle="--",
                 label="CPU time, all threads")
    for stage in PLOT_STAGES:
        label = "embed (background thread,\noverlapped with the rest)" if stage == "embed" else stage
        top.plot(x, [m[stage] for m in ms], linewidth=1.3, marker=".", markersize=4, label=label)
    top.set_yscale("log")
    top.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    top.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    top.set_ylabel(f"milliseconds per article, log scale\n(each point: a window of {r.window} articles)")
    top.grid(True, which="both", alpha=0.3)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    bottom.plot(x, [w.rss_mb for w in r.windows], color="darkslategray", linewidth=1.6, label="resident memory")
    bottom.plot(x, [w.peak_rss_mb for w in r.windows], color="darkslategray", linestyle="--", linewidth=1.0,
                label="peak so far")
    bottom.axhline(MEMORY_LIMIT_MB, color="tab:red", linestyle=":", linewidth=1.2, label="4 GB limit")
    bottom.set_ylim(0, MEMORY_LIMIT_MB * 1.1)
    bottom.set_ylabel("memory (MB)")
    bottom.set_xlabel("articles in the store")
    bottom.grid(True, alpha=0.3)
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    bottom.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    bottom.set_xlim(0, r.articles * 1.02)
    for c in r.checkpoints:
        for ax in (top, bottom):
            ax.axvline(c.articles, color="grey", linestyle=":", linewidth=0.8)
        top.annotate(_short(c.articles), (c.articles, 1.0), xycoords=("data", "axes fraction"),
                     xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8, color="grey")
    fig.text(0.005, 0.005, f"embedder {r.embedder}; store {r.store}; {r.machine}", fontsize=8, color="grey")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        p = out / f"scale.{fmt}"
        fig.savefig(p, dpi=120)
        paths.append(p)
    plt.close(fig)
    return paths


def write_outputs(r: ScaleResult, out: Path) -> list[Path]:
    """scale.png, scale.svg, scale.md and scale.json in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    md, js = out / "scale.md", out / "scale.json"
    # the numbers first: a long run's results survive a failing plot (redraw with ScaleResult.from_json)
    js.write_text(json.dumps(r.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md.write_text(markdown(r), encoding="utf-8")
    return [*plot(r, out), md, js]


# not language data: the names this module exports
__all__ = ["DEFAULT_AT", "DEFAULT_WINDOW", "ScaleBenchError", "ScaleResult", "markdown",
           "parse_checkpoints", "plot", "print_scale", "require_matplotlib", "run_scale", "write_outputs"]
