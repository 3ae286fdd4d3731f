"""`newsloom bench --reopen`: does every command cost the same on a small and on a large store?

For each size (1,000, 10,000 and all of the corpus by default) a store is built once and kept in OUT
(a larger one grows from a copy of the smaller, in runs of 1,000 articles, as a feed arrives), or reused
when it is there. Then, each in a fresh process as a user would run it: `newsloom run` with one new
article (model loading included, on a copy of the store, so the store stays as built), and the read
commands `stories`, `show`, `conflicts`, `sources` and a one-story JSON export (each the median of three).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsloom.bench.scale import NO_FILE_LIMIT, ScaleBenchError, parse_checkpoints
from newsloom.bench.stages import machine
from newsloom.ingest.files import open_jsonl
from newsloom.model import Failure, RawItem

RUN_LIMIT_S = 3.0  # one new article into the largest store, models loaded
FLAT = 1.5  # the largest store's times may be at most this many times the smallest's
CHUNK = 1000  # articles per run while a store is built
READS = ("stories", "show", "conflicts", "sources", "export")


@dataclass
class SizeResult:
    articles: int
    stories: int
    db_mb: float
    run_s: float
    run_mb: float
    reads_s: dict[str, float] = field(default_factory=dict)


@dataclass
class ReopenResult:
    corpus: str
    sizes: list[SizeResult]
    machine: str
    date: str

    def checks(self) -> list[tuple[str, bool]]:
        """(what, met) for the targets: the largest store within FLAT of the smallest, and the run fast."""
        small, large = self.sizes[0], self.sizes[-1]
        out = [(f"run with one article at {large.articles:,} articles: {large.run_s:.2f} s (<= {RUN_LIMIT_S:g} s)",
                large.run_s <= RUN_LIMIT_S)]
        for name, small_s, large_s in [("run", small.run_s, large.run_s),
                                       *((r, small.reads_s[r], large.reads_s[r]) for r in READS)]:
            out.append((f"{name}: {large_s:.2f} s at {large.articles:,} against {small_s:.2f} s at "
                        f"{small.articles:,} ({large_s / small_s:.2f}x, <= {FLAT}x)", large_s <= FLAT * small_s))
        return out


def _records(corpus: Path) -> Iterator[RawItem]:
    for item in open_jsonl(corpus, NO_FILE_LIMIT):
        if not isinstance(item, Failure):
            yield item


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsloom.cli", *args]


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one command in a process of its own."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    errors = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise ScaleBenchError(f"`{' '.join(cmd[3:])}` failed ({proc.returncode}): {errors.strip()[-500:]}")
    return seconds, usage.ru_maxrss / 1024.0


def _flush(path: Path) -> None:
    """Write a fresh copy to disk before timing: the run's checkpoint syncs the store, and would otherwise
    write the whole copy (0.5 s of a 3 s run at 44,680 articles), which a store in use has long written."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _checkpoint(db: Path) -> None:
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def build(corpus: Path, db: Path, size: int, start_from: Path | None,
          progress: Callable[[int, int], None] | None = None) -> None:
    """Make `db` hold the corpus's first `size` articles, growing a copy of `start_from` if given."""
    import newsloom

    if start_from is not None and not db.exists():
        shutil.copy(start_from, db)
    with newsloom.open(db) as nl:
        have = nl.store.max_seq()
        items = islice(_records(corpus), have, size)
        while have < size:
            chunk = list(islice(items, CHUNK))
            if not chunk:
                break
            nl.add(chunk)
            have += len(chunk)
            if progress:
                progress(have, size)
    _checkpoint(db)


def _new_article(corpus: Path, db: Path, start: int) -> RawItem:
    """The first record from `start` on that the store does not hold (the one after its last, for a store
    built by this benchmark)."""
    from newsloom.pipeline import prepare

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        for record in islice(_records(corpus), start, None):
            if con.execute("SELECT 1 FROM articles WHERE id=?", (prepare(record).id,)).fetchone() is None:
                return record
    raise ScaleBenchError(f"{db} holds every article of {corpus}: no new one to add")


def measure(db: Path, new: Path) -> SizeResult:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        stories = con.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        # the latest story of three articles (or the biggest): the same work to show on every store
        big = (con.execute("SELECT id FROM stories WHERE article_count = 3 ORDER BY id DESC LIMIT 1").fetchone()
               or con.execute("SELECT id FROM stories ORDER BY article_count DESC, id LIMIT 1").fetchone())[0]
    runs = []
    for _ in range(3):  # each on a fresh copy of the store, so that each adds the same new article
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "copy.db"
            shutil.copy(db, copy)
            _flush(copy)
            _timed(_cli("--db", str(copy), "stories"))  # the page cache warmed, as for a store in use
            runs.append(_timed(_cli("--db", str(copy), "run", str(new))))
    run_s, run_mb = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    reads = {"stories": ["stories"], "show": ["show", str(big)], "conflicts": ["conflicts"],
             "sources": ["sources"], "export": ["export", "--story", str(big), "--format", "json"]}
    times = {name: statistics.median(_timed(_cli("--db", str(db), *args))[0] for _ in range(3))
             for name, args in reads.items()}
    return SizeResult(articles, stories, db.stat().st_size / 1e6, run_s, run_mb, times)


def run_reopen(corpus: Path, sizes: str, out: Path, progress: Callable[[int, int], None] | None = None) -> ReopenResult:
    wanted, to_end = parse_checkpoints(sizes)
    total = sum(1 for _ in _records(corpus))
    points = sorted({n for n in wanted if n < total} | ({total - 1} if to_end else set()))
    if not points:
        raise ScaleBenchError(f"{corpus} has {total:,} articles: give sizes below that (--at)")
    out.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    previous: Path | None = None
    for n in points:
        db = out / f"reopen-{n}.db"
        build(corpus, db, n, previous, progress)
        new = out / f"new-{n}.jsonl"
        record = _new_article(corpus, db, n)
        new.write_text(json.dumps({"title": record.title, "text": record.text, "source": record.source,
                                   "url": record.url}, ensure_ascii=False) + "\n", encoding="utf-8")
        results.append(measure(db, new))
        previous = db
    return ReopenResult(corpus.name, results, machine(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))


def table(r: ReopenResult) -> Table:
    t = Table(title=f"Reopening stores of {r.corpus}: seconds per command, each in a fresh process")
    for col in ("articles", "stories", "store MB", "run +1 s", "run +1 MB", *READS):
        t.add_column(col, justify="right")
    for s in r.sizes:
        t.add_row(f"{s.articles:,}", f"{s.stories:,}", f"{s.db_mb:,.0f}", f"{s.run_s:.2f}", f"{s.run_mb:,.0f}",
                  *(f"{s.reads_s[k]:.2f}" for k in READS))
    return t


def print_reopen(r: ReopenResult, console: Console) -> None:
    console.print(table(r))
    for what, met in r.checks():
        console.print(f"{'yes' if met else 'NO '}  {what}", highlight=False)
    console.print(f"{r.date}; {r.machine}", highlight=False)


def write_reopen(r: ReopenResult, out: Path) -> list[Path]:
    md = out / "reopen.md"
    lines = [f"Reopening stores of {r.corpus} ({r.date}; {r.machine}): seconds per command in a fresh process, "
             "`run +1` adds one new article (models loaded), each the median of three.", "",
             "| articles | stories | store MB | run +1 s | run +1 MB | " + " | ".join(READS) + " |",
             "|" + "---:|" * (5 + len(READS))]
    for s in r.sizes:
        lines.append(f"| {s.articles:,} | {s.stories:,} | {s.db_mb:,.0f} | {s.run_s:.2f} | {s.run_mb:,.0f} | "
                     + " | ".join(f"{s.reads_s[k]:.2f}" for k in READS) + " |")
    lines += [""] + [f"- {'met' if met else 'NOT met'}: {what}" for what, met in r.checks()]
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    js = out / "reopen.json"
    js.write_text(json.dumps(asdict(r), indent=2), encoding="utf-8")
    return [md, js]
