"""`newsloom bench`: articles per second for each stage and end to end, and peak memory."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsloom.eval.clusters import corpus_items, streamed
from newsloom.render.fmt import plural

# not language data: pipeline stage names
STAGES = ("read", "normalise", "language", "sentences", "dates", "embed", "dedup", "entities", "quotes",
          "amounts", "claims", "cluster", "store", "summary")


@dataclass
class BenchResult:
    articles: int
    seconds: float  # end to end, reading included
    stage_seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    embedder: str = ""
    machine: str = ""

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def machine() -> str:
    """The machine and the versions that set the pace: spaCy's NER ran at half the speed from 3.8.8 on."""
    try:
        spacy = f", spaCy {version('spacy')}"
    except PackageNotFoundError:  # run from a source tree without spaCy installed
        spacy = ""
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}{spacy}"


def run_bench(files: Iterable[Path], limit: int = 0, embedder: str = "auto",
              progress: Callable[[int, int], None] | None = None, ray: str | None = None,
              ray_workers: int | None = None) -> BenchResult:
    """One pass over `files` on a fresh store, timed from reading the files; the models (and with `ray`, the
    Ray workers and theirs) loaded before the clock starts."""
    from newsloom.distributed import RayReader
    from newsloom.embed import get_embedder
    from newsloom.pipeline import warm_up

    emb = get_embedder(embedder)
    warm_up(emb)
    workers = RayReader(ray, ray_workers) if ray else None
    try:
        start = time.perf_counter()
        items = corpus_items(files)
        if limit:
            items = items[:limit]
        read_seconds = time.perf_counter() - start
        with streamed(items, emb, progress, ray=workers) as (pipeline, seconds):
            stages = {"read": read_seconds, **pipeline.timed.seconds}
            peak = pipeline.peak_memory_mb()  # this process's and its readers' (a Ray worker's: the largest)
    finally:
        if workers is not None:
            workers.close()
    name = emb.name + (f", {plural(len(workers.where), 'Ray worker')}" if workers else "")
    return BenchResult(len(items), read_seconds + seconds, stages, peak, name, machine())


def print_bench(r: BenchResult, console: Console) -> None:
    table = Table(title=f"newsloom bench: {r.articles} articles, embedder {r.embedder}, {r.machine}")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    table.add_column("articles/s", justify="right")
    table.add_column("share", justify="right")
    total = r.seconds
    for stage in STAGES:
        sec = r.stage_seconds.get(stage)
        if sec is None:
            continue
        rate = r.articles / sec if sec else float("inf")
        table.add_row(stage, f"{sec:.2f}", f"{rate:,.1f}", f"{sec / total:.0%}")
    table.add_row("[bold]end to end[/]", f"{total:.2f}", f"[bold]{r.rate:,.1f}[/]", "100%")
    console.print(table)
    console.print(f"peak memory (RSS): {r.peak_rss_mb:,.0f} MB")
