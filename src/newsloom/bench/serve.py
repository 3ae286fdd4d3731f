"""`newsloom bench --serve FILE`: the web server's latency under load, while articles arrive.

`newsloom serve` starts in a process of its own, on loopback, over a fresh store. One writer POSTs the
first `--limit` articles of FILE to /api/articles in batches (BATCH per request), as a feed would bring
them; meanwhile `--readers` threads, each with its own HTTP connection and no pause between requests
(unless `--pause`), ask in turn for a page of /api/stories, a story's digest (/api/stories/{id}), a search
(/api/search, a few words of a title posted), /api/conflicts and the story's web page (/stories/{id}).
Only the requests made while the writer writes are counted: the models are loaded before (the first
batch, and one search, are a warm-up). The run stops when the articles are all posted or after
`max_seconds`. It prints the latency per endpoint (p50, p95, p99, max), the errors, the writer's rate,
the goals (p99 of the story page <= 300 ms, of search <= 500 ms), the date, commit and machine.

The readers run on the same machine as the server, so they take some of its CPU: the figures are those
of a server that shares its cores with its clients.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsloom.bench.scale import NO_FILE_LIMIT, ScaleBenchError
from newsloom.bench.stages import machine

BATCH = 25  # articles per POST
MAX_SECONDS = 1800.0  # the run stops after this, posted or not
START_SECONDS = 120.0  # the server must answer within this
ENDPOINTS = {  # name -> what is asked (for the table)
    "stories": "GET /api/stories",
    "story": "GET /api/stories/{id}",
    "search": "GET /api/search?q=",
    "conflicts": "GET /api/conflicts",
    "page": "GET /stories/{id}",
}
GOALS = {"page": 0.300, "search": 0.500}  # p99 seconds
_TOKEN = "bench-serve-token"


@dataclass
class EndpointStats:
    name: str
    seconds: list[float] = field(default_factory=list)  # of the requests that succeeded
    errors: int = 0
    samples: list[str] = field(default_factory=list)  # the first errors, in words

    def quantile(self, q: int) -> float | None:
        if not self.seconds:
            return None
        if len(self.seconds) == 1:
            return self.seconds[0]
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[q - 1]


@dataclass
class ServeBench:
    corpus: str
    readers: int
    pause: float
    batch: int
    posted: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    stories: int = 0
    seconds: float = 0.0  # the measured part: from the second batch to the last
    warm_up: float = 0.0
    posts: list[float] = field(default_factory=list)
    endpoints: dict[str, EndpointStats] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # endpoint -> why it was not asked
    stopped_early: bool = False
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average before and after
    machine: str = ""
    date: str = ""
    commit: str = ""

    def goals(self) -> list[tuple[str, bool]]:
        out = []
        for name, limit in GOALS.items():
            stats = self.endpoints.get(name)
            p99 = stats.quantile(99) if stats else None
            if p99 is not None:
                out.append((f"p99 of {ENDPOINTS[name]}: {p99 * 1000:,.0f} ms (goal <= {limit * 1000:.0f} ms)",
                            p99 <= limit))
        return out


def _commit() -> str:
    root = Path(__file__).resolve().parents[3]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout"
    if head.returncode != 0:
        return "not a git checkout"
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _records(corpus: Path, limit: int) -> list[dict]:
    from newsloom.ingest.files import open_jsonl
    from newsloom.model import RawItem

    items = (i for i in open_jsonl(corpus, NO_FILE_LIMIT) if isinstance(i, RawItem))
    return [{k: v for k, v in {"title": i.title, "text": i.text, "url": i.url, "source": i.source,
                               "published": i.published.isoformat() if i.published else None}.items()
             if v is not None} for i in islice(items, limit)]


class _Server:
    """`newsloom serve` in a process of its own, its output in a log file."""

    def __init__(self, db: Path, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self._log = log.open("w", encoding="utf-8")
        env = {**os.environ, "NEWSLOOM_TOKEN": _TOKEN}
        # not language data: a command line
        self.proc = subprocess.Popen([sys.executable, "-m", "newsloom.cli", "--db", str(db), "serve", "--port",
                                      str(self.port), "--no-access-log"], stdout=self._log,
                                     stderr=subprocess.STDOUT, env=env)

    def wait(self, client) -> None:
        import httpx

        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ScaleBenchError(f"newsloom serve ended with status {self.proc.returncode}: {self.tail()}")
            try:
                if client.get("/api/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise ScaleBenchError(f"newsloom serve did not answer within {START_SECONDS:.0f} s: {self.tail()}")

    def tail(self) -> str:
        self._log.flush()
        return " | ".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-5:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def run_serve_bench(corpus: Path, readers: int = 16, limit: int = 1000, batch: int = BATCH, pause: float = 0.0,
                    max_seconds: float = MAX_SECONDS, seed: int = 0, server_log: Path | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ServeBench:
    """Start a server on a fresh store, post the first `limit` articles of `corpus` in batches while
    `readers` threads read, and return what was measured (see the module's doc). `server_log`: where the
    server's output goes (default: a temporary file)."""
    import httpx

    if not corpus.is_file():
        raise ScaleBenchError(f"{corpus}: no such file")
    records = _records(corpus, limit)
    if len(records) <= batch:
        raise ScaleBenchError(f"{corpus}: {len(records)} articles read, more than one batch of {batch} is needed")
    result = ServeBench(corpus.name, readers, pause, batch, machine=machine(), commit=_commit(),
                        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    result.endpoints = {name: EndpointStats(name) for name in ENDPOINTS}
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="newsloom-bench-serve-") as tmp:
        server = _Server(Path(tmp) / "bench.db", server_log or Path(tmp) / "serve.log")
        try:
            with httpx.Client(base_url=server.base, timeout=600.0, headers={"Authorization": f"Bearer {_TOKEN}"}) \
                    as writer:
                server.wait(writer)
                story_ids: list[int] = []
                titles: list[str] = []
                lock = threading.Lock()

                def post(chunk: list[dict]) -> float:
                    began = time.perf_counter()
                    r = writer.post("/api/articles", json=chunk)
                    spent = time.perf_counter() - began
                    if r.status_code != 200:
                        raise ScaleBenchError(f"POST /api/articles: HTTP {r.status_code}: {r.text[:300]}")
                    report = r.json()
                    result.posted += len(chunk)
                    result.added += report["added"]
                    result.duplicates += report["duplicates"]
                    result.failed += report["failed"]
                    with lock:
                        known = set(story_ids)
                        story_ids.extend(i for i in report["stories_touched"] if i not in known)
                        titles.extend(c.get("title", "") for c in chunk if c.get("title"))
                    if progress:
                        progress(result.posted, len(records))
                    return spent

                began = time.perf_counter()  # the warm-up: models loaded, the page probed
                post(records[:batch])
                writer.get("/api/search", params={"q": titles[0] if titles else "tin"})
                probe = writer.get(f"/stories/{story_ids[0]}")
                if probe.status_code == 404:
                    result.skipped["page"] = "the server has no story page (/stories/{id} answers 404)"
                result.warm_up = time.perf_counter() - began

                done = threading.Event()
                endpoints = [e for e in ENDPOINTS if e not in result.skipped]

                def read(n: int) -> None:
                    local = random.Random(seed * 1000 + n)
                    stats = {name: EndpointStats(name) for name in endpoints}
                    with httpx.Client(base_url=server.base, timeout=60.0) as client:
                        turn = n  # readers start on different endpoints
                        while not done.is_set():
                            name = endpoints[turn % len(endpoints)]
                            turn += 1
                            with lock:
                                sid = local.choice(story_ids)
                                words = local.choice(titles).split()
                            start = local.randrange(max(1, len(words) - 3))
                            url, params = {
                                "stories": ("/api/stories", {"sort": local.choice(["recent", "size", "contested"]),
                                                             "offset": local.randrange(0, 60, 20)}),
                                "story": (f"/api/stories/{sid}", None),
                                "search": ("/api/search", {"q": " ".join(words[start:start + local.randint(2, 3)])}),
                                "conflicts": ("/api/conflicts", None),
                                "page": (f"/stories/{sid}", None),
                            }[name]
                            t0 = time.perf_counter()
                            try:
                                r = client.get(url, params=params)
                                spent = time.perf_counter() - t0
                                problem = None if r.status_code == 200 else f"HTTP {r.status_code} for {url}"
                            except httpx.HTTPError as e:
                                spent, problem = time.perf_counter() - t0, f"{type(e).__name__} for {url}: {e}"
                            if problem is None:
                                stats[name].seconds.append(spent)
                            else:
                                stats[name].errors += 1
                                if len(stats[name].samples) < 3:
                                    stats[name].samples.append(problem)
                            if pause:
                                done.wait(pause)
                    with lock:
                        for name, s in stats.items():
                            total = result.endpoints[name]
                            total.seconds += s.seconds
                            total.errors += s.errors
                            total.samples += s.samples[:3 - len(total.samples)]

                threads = [threading.Thread(target=read, args=(n,), name=f"reader-{n}") for n in range(readers)]
                began = time.perf_counter()
                for t in threads:
                    t.start()
                try:
                    for i in range(batch, len(records), batch):
                        if time.perf_counter() - began > max_seconds:
                            result.stopped_early = True
                            break
                        result.posts.append(post(records[i:i + batch]))
                finally:
                    done.set()
                    for t in threads:
                        t.join()
                result.seconds = time.perf_counter() - began
                result.stories = writer.get("/api/health").json()["stories"]
        finally:
            server.stop()
    for name in result.skipped:
        result.endpoints.pop(name, None)
    result.load = (before, os.getloadavg()[0])
    return result


def _ms(s: float | None) -> str:
    return "-" if s is None else f"{s * 1000:,.0f}"


def rows(r: ServeBench) -> list[list[str]]:
    out = []
    for name, s in r.endpoints.items():
        out.append([ENDPOINTS[name], f"{len(s.seconds) + s.errors:,}", _ms(s.quantile(50)), _ms(s.quantile(95)),
                    _ms(s.quantile(99)), _ms(max(s.seconds) if s.seconds else None), f"{s.errors:,}"])
    return out


# not language data: the columns of the table
HEADER = ["endpoint", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"]


def notes(r: ServeBench) -> list[str]:
    rate = (r.posted - r.batch) / r.seconds if r.seconds else 0.0
    lines = [
        f"{r.readers} readers{f' pausing {r.pause:g} s between requests' if r.pause else ' without pause'}, while one "
        f"writer posted {r.posted:,} articles of {r.corpus} in batches of {r.batch} ({r.added:,} added, "
        f"{r.duplicates:,} duplicates, {r.failed:,} failed; {r.stories:,} stories): {r.seconds:,.1f} s measured "
        f"after a warm-up of {r.warm_up:,.1f} s (the first batch and a search, which load the models).",
        f"Writer: {rate:,.1f} articles/s; POST /api/articles of {r.batch}: p50 {_ms(_q(r.posts, 50))} ms, "
        f"max {_ms(max(r.posts) if r.posts else None)} ms."
        + (f" Stopped after {MAX_SECONDS:,.0f} s, before every article was posted." if r.stopped_early else ""),
    ]
    for name, why in r.skipped.items():
        lines.append(f"Not asked: {ENDPOINTS[name]}: {why}.")
    for name, s in r.endpoints.items():
        for sample in s.samples:
            lines.append(f"Error ({ENDPOINTS[name]}): {sample}")
    lines += [f"{'met' if met else 'NOT met'}: {what}" for what, met in r.goals()]
    lines.append(f"Measured {r.date} on {r.machine}, commit {r.commit}; the readers share the machine's cores "
                 f"with the server; load average {r.load[0]:.1f} before the run (other programs), {r.load[1]:.1f} "
                 "at its end.")
    return lines


def _q(values: list[float], q: int) -> float | None:
    return EndpointStats("", list(values)).quantile(q)


def print_serve(r: ServeBench, console: Console) -> None:
    t = Table(title=f"newsloom serve under load: {r.readers} readers while {r.posted:,} articles of {r.corpus} "
                    "arrive")
    for n, col in enumerate(HEADER):
        t.add_column(col, justify="left" if n == 0 else "right")
    for row in rows(r):
        t.add_row(*row)
    console.print(t)
    for line in notes(r):
        console.print(line, highlight=False, markup=False, soft_wrap=True)

