"""Writes in a process of their own: the pipeline (the entity models, the embedder) runs beside the
server, so that the server's readers never wait for it on the interpreter's lock.

    ingest = IngestProcess("news.db", embedder="auto")
    report = ingest.add(items)       # a RunReport, as Newsloom.add gives; the worker holds the writer lock
    ingest.close()

The worker opens the store once and keeps its models loaded; it ends with the server, even when the
server is killed (`pipeline.exit_with`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsloom.model import RawItem
from newsloom.pipeline import exit_with

if TYPE_CHECKING:
    from newsloom.api import Newsloom
    from newsloom.pipeline import RunReport

_OPEN: dict[str, Newsloom] = {}  # (in the worker) the store it writes, opened once


def _add(path: str, options: dict[str, Any], items: list[RawItem]) -> RunReport:
    import newsloom

    nl = _OPEN.get(path)
    if nl is None:
        nl = _OPEN[path] = newsloom.open(path, create=False, readers=0, **options)
    return nl.add(items)


class IngestProcess:
    def __init__(self, path: str | Path, **options: Any) -> None:
        """`options`: those of `newsloom.open` (embedder, offices, settings)."""
        self.path = str(path)
        self.options = options
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def add(self, items: list[RawItem]) -> RunReport:
        with self._lock:  # one write at a time, in the order the requests came
            if self._pool is None:  # forkserver: never fork a process that runs onnxruntime threads
                method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method),
                                                 initializer=exit_with, initargs=(os.getpid(),))
            return self._pool.submit(_add, self.path, self.options, items).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
