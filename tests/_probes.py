"""Stages for tests that look inside a run: importable by name, so a reader process can run them too."""

from __future__ import annotations

import os

from threadpoolctl import threadpool_info

from newsloom.model import Article
from newsloom.resources import Resources


def blas_threads(a: Article, resources: Resources) -> Article:
    """Append to the title the process that read the article and the threads numpy's BLAS may use there."""
    threads = max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")
    a.title = f"{a.title} [pid {os.getpid()} blas {threads}]"
    return a


def priority(a: Article, resources: Resources) -> Article:
    """Append to the title the process that read the article and the nice value of the thread that did."""
    import threading

    a.title = f"{a.title} [pid {os.getpid()} nice {os.getpriority(os.PRIO_PROCESS, threading.get_native_id())}]"
    return a
