"""Reading on a Ray cluster: the per-article work of each batch (its entity mentions and its vectors) done by
Ray workers, on this machine or across many, while this process stays the one writer (linking, quotes,
amounts, claims, clustering, storing). This is the seam of `newsloom.stages`: the `read` step and the
embedding need nothing but the article; the `add` step needs the pipeline's state or comes after linking.

    newsloom run --ray local corpus/          # a Ray instance started on this machine for the run
    newsloom run --ray auto corpus/           # the cluster this machine joined (`ray start --address=...`)
    newsloom run --ray 10.0.0.5:6379 corpus/  # the cluster whose head listens there

Each worker (a Ray actor with one CPU, spread over the cluster's nodes) loads the embedder and the entity
models once, then reads whole batches: what it finds of an article is what this process would find, so the
stories are those of a run without Ray. The writer keeps two batches per worker in flight
and writes them in the order they came. A worker that dies is started again by Ray and its batch read
again; a batch whose worker cannot be reached is read here, with one line saying so, and a lost cluster
leaves the rest of the run to this process. Every node needs the same newsloom (and its models) installed:
a worker of another version or embedder is refused when the run starts.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsloom.model import Article
from newsloom.render.fmt import plural
from newsloom.resources import Resources
from newsloom.stages import Stage
from newsloom.text.normalize import cut_at_word

log = logging.getLogger(__name__)

START_TIMEOUT = 180.0  # seconds the workers may take to start and load their models
IN_FLIGHT = 2  # batches per worker sent before the writer waits for the oldest


class ClusterError(RuntimeError):
    """A Ray cluster that cannot be used: ray not installed, no cluster at the address, workers that do not
    start or run another newsloom."""


def _ray() -> Any:
    try:
        import ray
    except ImportError as err:
        raise ClusterError("--ray needs the package ray: pip install 'newsloom[ray]'") from err
    return ray


class Worker:
    """(A Ray actor.) Reads batches: their mentions (`newsloom.pipeline.find_mentions`) and vectors."""

    def __init__(self, stages: Sequence[Stage], resources: Resources, embedder: Any, lead_chars: int) -> None:
        """`embedder`: how `get_embedder` made the writer's (its `spec`), or an embedder of the caller's own,
        sent as it is."""
        from threadpoolctl import threadpool_limits

        from newsloom.embed import get_embedder
        from newsloom.pipeline import warm_up

        threadpool_limits(1, user_api="blas")  # one CPU per worker, as Ray counts them
        self.stages, self.resources, self.lead_chars = stages, resources, lead_chars
        self.embedder = get_embedder(embedder[0], **embedder[1]) if isinstance(embedder, tuple) else embedder
        self.embedder.use_threads(1)
        warm_up(self.embedder, resources)  # its models loaded before it says it is ready

    def ready(self) -> tuple[str, str, int, str]:
        """What it runs: newsloom's version, the embedder (its name and size, or how it was made), and where
        (host:pid, Ray's node)."""
        import socket

        import ray

        from newsloom import __version__

        node = ray.get_runtime_context().get_node_id()[:8]
        return __version__, _embedder_id(self.embedder), self.embedder.dim, \
            f"{socket.gethostname()}:{os.getpid()} node {node}"

    def read(self, articles: list[Article]) -> tuple[Any, dict[str, np.ndarray]]:
        from newsloom.pipeline import ReaderUse, Timings, embed_articles, find_mentions, peak_rss_mb

        cpu = time.process_time()
        out, seconds, _ = find_mentions(articles, self.stages, self.resources)
        timed = Timings()
        timed.add(seconds)
        vectors = embed_articles(self.embedder, articles, self.lead_chars, timed)
        return (out, timed.seconds, ReaderUse(os.getpid(), time.process_time() - cpu, peak_rss_mb())), vectors


@dataclass
class Local:
    """How this process reads a batch itself (a worker lost): the pipeline's stages, resources and embedding."""

    stages: Sequence[Stage]
    resources: Resources
    embed: Callable[[list[Article], Any], dict[str, np.ndarray]]  # (articles, Timings) -> vectors


class RayReader:
    """The Ray workers of a pipeline, started on its first run (`start`) and kept for the next ones until
    `close`. `address`: "local" starts a Ray instance on this machine (stopped by `close`), else a running
    cluster's address as `ray.init` takes it ("auto", "host:6379"). `workers`: how many (default: the
    cluster's CPUs less one, for this process's writer; at least one). A process has one Ray connection: where
    Ray was started already (by the caller, or another reader), that one is used, whatever `address` says."""

    def __init__(self, address: str = "local", workers: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise ClusterError(f"{workers} Ray workers: at least one is needed")
        self.address = address
        self.workers = workers
        self.actors: list[Any] = []  # the live workers
        self.where: dict[Any, str] = {}  # worker -> "host:pid node ID", as it said when it started
        self.read_by: Counter[str] = Counter()  # batches read by each worker ("here": by this process)
        self.local: Local | None = None
        self._started_ray = False
        self._turn = 0

    @property
    def ahead(self) -> int:
        """Batches the writer may have in flight before it writes the oldest."""
        return max(1, IN_FLIGHT * len(self.actors))

    def start(self, stages: Sequence[Stage], resources: Resources, embedder: Any, lead_chars: int,
              embed: Callable[[list[Article], Any], dict[str, np.ndarray]]) -> RayReader:
        """Connect (or start a local instance) and start the workers, once; raise ClusterError in one line."""
        self.local = Local(stages, resources, embed)
        if self.actors:
            return self
        where = f"Ray at {self.address}"
        local = self.address == "local"
        if not local:
            speaks_ray(self.address)
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline: a local instance reports no usage
        ray = _ray()
        if not ray.is_initialized():
            # Ray's default: a token guards a local instance's ports (said here, not warned about on each run)
            logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(logging.ERROR)
            with _held_stderr() as retries, _signals_kept():  # Ray's retries, one a second: one line if it fails
                try:
                    ray.init(address=self.address, num_cpus=os.cpu_count() if local else None,
                             include_dashboard=False if local else None, logging_level=logging.WARNING,
                             log_to_driver=False, namespace="newsloom")
                except (ConnectionError, ValueError, RuntimeError) as err:
                    failed: BaseException | None = err
                else:
                    failed = None
            if failed is not None:
                if "InvalidAuthToken" in retries.text and not os.environ.get("RAY_AUTH_MODE"):
                    raise ClusterError(f"{where}: the cluster asks for a token: set RAY_AUTH_MODE=token here, as on "
                                       "its nodes (its token in ~/.ray/auth_token or RAY_AUTH_TOKEN)") from failed
                raise ClusterError(f"{where}: could not join the cluster ({_first_line(failed)}); start one with "
                                   "`ray start --head`, or use local") from failed
            self._started_ray = True
        cpus = int(ray.cluster_resources().get("CPU", 1))
        count = self.workers or max(1, cpus - 1)
        if count > cpus and local:
            self.close()
            raise ClusterError(f"{where}: {count} workers asked for, and this machine has {cpus} CPUs (a worker "
                               f"takes one): ask for {cpus} or fewer")
        if count > cpus:  # a cluster may add nodes for them (Ray's autoscaler)
            log.warning("%s: %d workers asked for, and the cluster has %d CPUs (a worker takes one): waiting up to "
                        "%.0f s for more", where, count, cpus, START_TIMEOUT)
        actor = ray.remote(num_cpus=1, max_restarts=1, max_task_retries=1)(Worker)
        from newsloom import __version__

        spec = getattr(embedder, "spec", None)
        made = spec if spec is not None else embedder  # a caller's own embedder: sent itself
        try:
            with _held_stderr() as held:  # Ray prints each worker's failure at length: told in one line here
                self.actors = [actor.options(scheduling_strategy="SPREAD").remote(stages, resources, made, lead_chars)
                               for _ in range(count)]
                said = ray.get([a.ready.remote() for a in self.actors], timeout=START_TIMEOUT)
        except ray.exceptions.GetTimeoutError as err:
            self.close()
            raise ClusterError(f"{where}: {count} workers did not start within {START_TIMEOUT:.0f} s (the cluster has "
                               f"{cpus} CPUs; ask for fewer workers)") from err
        except (ray.exceptions.RayError, TypeError, ValueError) as err:  # (the embedder could not be sent)
            self.close()
            log.debug("Ray's account of the failure:\n%s", held.text)
            raise ClusterError(f"{where}: a worker could not start ({_last_cause(err)}); is the same newsloom "
                               "installed on every node?") from err
        mine = (__version__, _embedder_id(embedder), embedder.dim)
        for version, name, dim, at in said:
            if (version, name, dim) != mine:
                self.close()
                raise ClusterError(f"{where}: the worker at {at} runs newsloom {version} with the embedder {name} "
                                   f"({dim}), not {mine[0]} with {mine[1]} ({mine[2]}): install the same on every "
                                   "node")
        self.where = {a: w for a, (*_, w) in zip(self.actors, said, strict=True)}
        log.info("Ray: %s", self.summary())
        return self

    def summary(self) -> str:
        """The workers, as a line: "2 workers at vm:123 node 1a2b3c4d, vm:124 node 5e6f7a8b"."""
        return f"{plural(len(self.actors), 'worker')} at {', '.join(self.where[a] for a in self.actors)}"

    def submit(self, articles: list[Article]) -> RayRead:
        """A batch sent to the next worker (in turn); its mentions and vectors come from `result`."""
        if not articles or not self.actors:
            return RayRead(self, articles, None)
        self._turn = (self._turn + 1) % len(self.actors)
        actor = self.actors[self._turn]
        try:
            return RayRead(self, articles, actor.read.remote(articles), actor)
        except _lost_errors() as err:
            self.lose(actor, err, len(articles))
            return RayRead(self, articles, None)

    def lose(self, actor: Any, err: BaseException, count: int) -> None:
        """A worker that failed for good (Ray started it again once already, or cannot): left out from now on,
        its batches read here."""
        if actor in self.actors:
            self.actors.remove(actor)
            try:  # (a worker that answers no more may still hold its CPU)
                _ray().kill(actor, no_restart=True)
            except Exception:  # noqa: BLE001 - gone already
                log.debug("the lost Ray worker was gone already", exc_info=True)
            left = f"{plural(len(self.actors), 'worker')} left" if self.actors else "the rest is read here"
            log.warning("the Ray worker started at %s is lost (%s): its batches are read here (%s first); %s",
                        self.where.get(actor, "?"), _cause(err), plural(count, "article"), left)

    def close(self) -> None:
        """The workers stopped; a Ray instance this reader started, shut down."""
        if self.read_by:
            log.info("Ray: batches read by %s", ", ".join(f"{who} ({n})" for who, n in sorted(self.read_by.items())))
            self.read_by.clear()
        if not self.actors and not self._started_ray:
            return
        ray = _ray()
        for a in self.actors:
            try:
                ray.kill(a)
            except Exception:  # noqa: BLE001 - gone already
                log.debug("a Ray worker was gone already", exc_info=True)
        self.actors = []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False


class RayRead:
    """One batch sent to a worker (`ref`), or to be read here (`ref` None). `result` gives what
    `newsloom.pipeline.find_mentions` gives; `vectors` the batch's vectors after it."""

    def __init__(self, reader: RayReader, articles: list[Article], ref: Any, actor: Any = None) -> None:
        self.reader, self.articles, self.ref, self.actor = reader, articles, ref, actor
        self._vectors: dict[str, np.ndarray] = {}
        self.vectors = _Vectors(self)  # the pipeline asks `vectors.result()` after `result()`

    def result(self) -> Any:
        from newsloom.pipeline import ReaderUse, Timings, find_mentions

        if not self.articles:
            return [], {}, ReaderUse(os.getpid(), 0.0, 0.0)
        if self.ref is not None:
            ray = _ray()
            try:
                read, self._vectors = ray.get(self.ref)
                self.ref = None
                self.reader.read_by[self.reader.where.get(self.actor, "?")] += 1
                return read
            except ray.exceptions.RayTaskError as err:  # the worker's own code failed: as it would here
                raise (err.cause if isinstance(err.cause, Exception) else err) from err
            except _lost_errors() as err:  # the worker, its node or the batch is gone: read here
                self.reader.lose(self.actor, err, len(self.articles))
        local = self.reader.local
        assert local is not None, "RayReader.start comes first"
        self.ref = None
        self.reader.read_by["here"] += 1
        out, seconds, use = find_mentions(self.articles, local.stages, local.resources)
        timed = Timings()
        timed.add(seconds)
        self._vectors = local.embed(self.articles, timed)
        return out, timed.seconds, use


class _Vectors:
    """A batch's vectors, as a future gives them: known once its `RayRead.result` came."""

    def __init__(self, read: RayRead) -> None:
        self.read = read

    def result(self) -> dict[str, np.ndarray]:
        return self.read._vectors


# an HTTP/2 client's preface and an empty SETTINGS frame: a Ray head (gRPC) answers with a SETTINGS frame
_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes([0, 0, 0, 4, 0, 0, 0, 0, 0])


def speaks_ray(address: str) -> None:
    """Refuse in one line (ClusterError) a HOST:PORT that nothing answers on, or that answers as no Ray head
    would (an HTTP server): Ray itself would try again without end. `newsloom.open` asks before it makes
    a store."""
    import socket

    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or "://" in address:
        return  # "auto", or a form Ray reads itself
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=5) as conn:
            conn.sendall(_PREFACE)
            head = conn.recv(9)
    except OSError as err:
        raise ClusterError(f"Ray at {address}: nothing answers there ({err.strerror or err}); start a cluster with "
                           "`ray start --head`, or use local") from err
    if len(head) < 9 or head[3] != 4:  # a frame's type is its fourth byte; 4 is SETTINGS
        raise ClusterError(f"Ray at {address}: what answers there is not a Ray cluster's head (no gRPC); the head "
                           "listens where `ray start --head` says (port 6379 by default)")


class _Held:
    """What went to standard error while it was held (`_held_stderr`), known once it is given back."""

    text = ""


@contextmanager
def _held_stderr() -> Iterator[_Held]:
    """Standard error (the file descriptor, which Ray's C++ core writes to) kept in a file meanwhile."""
    import sys
    import tempfile

    sys.stderr.flush()
    said = _Held()
    with tempfile.TemporaryFile() as held:
        saved = os.dup(2)
        os.dup2(held.fileno(), 2)
        try:
            yield said
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            said.text = held.read().decode("utf-8", "replace")


def _lost_errors() -> tuple[type[BaseException], ...]:
    """The Ray errors that say a worker, its node or a batch's result is gone (not that its code failed)."""
    e = _ray().exceptions
    return (e.RayActorError, e.ActorUnavailableError, e.NodeDiedError, e.ObjectLostError, e.WorkerCrashedError,
            e.LocalRayletDiedError, e.OwnerDiedError)


@contextmanager
def _signals_kept() -> Iterator[None]:
    """SIGTERM's and SIGINT's handlers as they were before (`ray.init` sets its own: `run` says it was stopped,
    status 130, rather than Ray's exit 15 with a stack dump)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in kept.items():
            if handler is not None:
                signal.signal(sig, handler)


def _embedder_id(embedder: Any) -> str:
    """The embedder as the check at start compares it: how it was made ("onnx-e5:fp32"), else its name."""
    spec = getattr(embedder, "spec", None)
    return spec[0] + (f" {spec[1]}" if spec[1] else "") if spec else embedder.name


def _last_cause(err: BaseException) -> str:
    """What made a worker fail to start: the last line of the traceback Ray carries (the exception raised)."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    said = next((line for line in reversed(lines) if re.match(r"\w+(Error|Exception)\b", line)), lines[-1] if lines
                else type(err).__name__)
    return cut_at_word(said, 200)


def _cause(err: BaseException) -> str:
    """A Ray error in a few words: its kind and the start of its first line."""
    return f"{type(err).__name__}: {cut_at_word(_first_line(err), 120)}"


def _first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:300]
