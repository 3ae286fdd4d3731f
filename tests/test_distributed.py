"""Reading on a Ray cluster (newsloom.distributed): a real cluster of two Ray nodes on this machine (Ray's own
`ray.cluster_utils.Cluster`: a head and a second node, each its own raylet), the demo read by workers on both,
and workers killed while a store is being written."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import CLI, DEMO

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
ray = pytest.importorskip("ray") if os.environ.get("NEWSLOOM_RAY_TESTS") != "required" else __import__("ray")


@pytest.fixture(scope="module")
def cluster():
    """Two Ray nodes of one CPU each; its address."""
    from ray.cluster_utils import Cluster

    nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    nodes.add_node(num_cpus=1)
    nodes.wait_for_nodes()
    # joined by loopback: tests/ingest's audit hook refuses other addresses in this process
    yield f"127.0.0.1:{nodes.address.rsplit(':', 1)[1]}"
    nodes.shutdown()


def _newsloom(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600,
                          env=os.environ | {"COLUMNS": "200"})


def _groups(db: Path) -> list[list[str]]:
    """The demo's stories as groups of file names (and "wire.jsonl:N"), exact copies with their original."""
    from newsloom.store import SQLiteStore

    with SQLiteStore(db) as store:
        stored = {a.id: a.story_id for a in store.articles()}
        story_of = {Path(a.origin).name: a.story_id for a in store.articles()}
        story_of |= {Path(origin).name: stored[aid] for aid, origin, *_ in store.copies(list(stored))}
    groups: dict[int, list[str]] = {}
    for name, sid in story_of.items():
        groups.setdefault(sid, []).append(name)
    return sorted(sorted(g) for g in groups.values())


@pytest.fixture(scope="module")
def here(tmp_path_factory) -> list[list[str]]:
    """The demo's stories read by this process, four articles a batch."""
    db = tmp_path_factory.mktemp("here") / "here.db"
    done = _newsloom("--db", str(db), "run", "--batch-size", "4", str(DEMO))
    assert done.returncode == 0, done.stderr
    return _groups(db)


def test_workers_on_two_nodes_make_the_stories_this_process_makes(cluster, here, tmp_path):
    db = tmp_path / "ray.db"
    done = _newsloom("-v", "--db", str(db), "run", "--ray", cluster, "--ray-workers", "2", "--batch-size", "4",
                     str(DEMO))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    started = re.search(r"Ray: 2 workers at (.+)", done.stderr)
    assert started, done.stderr
    assert len(set(re.findall(r"node (\w+)", started.group(1)))) == 2  # one on each node
    assert "reading with Ray: 2 workers at" in done.stderr  # said without -v too
    read_by = re.search(r"Ray: batches read by (.+)", done.stderr)
    assert read_by and "here" not in read_by.group(1) and read_by.group(1).count("node") == 2  # both read
    assert _groups(db) == here
    assert "6 stories in" in done.stdout


def test_a_worker_killed_is_started_again_and_one_lost_leaves_its_batches_here(cluster, here, tmp_path, caplog):
    import newsloom

    items = sorted(p for p in DEMO.iterdir() if p.is_file())
    with newsloom.open(tmp_path / "lost.db", ray=cluster, ray_workers=2, batch_size=4) as nl:
        first = nl.add(items[:4])
        workers = nl._ray
        assert workers is not None and len(workers.actors) == 2
        killed, lost = workers.actors
        os.kill(int(workers.where[killed].split()[0].rsplit(":", 1)[1]), signal.SIGKILL)  # the process, as the OOM killer would
        ray.kill(lost, no_restart=True)  # gone for good, as a node that left
        with caplog.at_level(logging.WARNING, logger="newsloom.distributed"):
            rest = nl.add(items[4:])
        assert not first.failures and not rest.failures
        assert workers.actors == [killed]  # started again by Ray, its batch read again
        assert workers.read_by["here"] >= 1
        assert sum(n for where, n in workers.read_by.items() if where != "here") >= 2  # read by the workers
        assert any("is lost" in r.getMessage() and "read here" in r.getMessage() for r in caplog.records)
    assert _groups(tmp_path / "lost.db") == here


def test_no_cluster_at_the_address_is_one_line(tmp_path):
    done = _newsloom("--db", str(tmp_path / "x.db"), "run", "--ray", "127.0.0.1:1", str(DEMO))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "Ray at 127.0.0.1:1: nothing answers there" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()  # no store made for a run that could not start (tester33)


def test_a_server_that_is_no_ray_head_is_one_line_at_once(tmp_path):
    """An HTTP server where the head was expected: Ray itself would try again without end (a new user's
    run hung for 5 minutes)."""
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = _newsloom("--db", str(tmp_path / "x.db"), "run", "--ray", f"127.0.0.1:{server.server_port}",
                         str(DEMO))
    finally:
        server.shutdown()
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is not a Ray cluster's head" in done.stderr


def test_more_workers_than_cpus_is_refused_at_once(tmp_path):
    done = _newsloom("--db", str(tmp_path / "x.db"), "run", "--ray", "local", "--ray-workers", "50", str(DEMO))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "50 workers asked for" in done.stderr and "CPUs" in done.stderr


def test_workers_without_a_cluster_are_refused(tmp_path):
    done = _newsloom("--db", str(tmp_path / "x.db"), "run", "--ray-workers", "2", str(DEMO))
    assert done.returncode == 2
    assert "--ray" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_a_local_ray_instance_reads_the_demo(here, tmp_path):
    db = tmp_path / "local.db"
    done = _newsloom("--db", str(db), "run", "--ray", "local", "--batch-size", "4", str(DEMO))
    assert done.returncode == 0, done.stderr
    assert _groups(db) == here


def test_a_watcher_reads_with_ray_workers(tmp_path):
    """`watch --ray` starts the workers before its first check (a cluster it cannot use is refused first)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for p in sorted(DEMO.iterdir())[:6]:
        (folder / p.name).write_bytes(p.read_bytes())
    done = _newsloom("-v", "--db", str(tmp_path / "w.db"), "watch", str(folder), "--once", "--ray", "local")
    assert done.returncode == 0, done.stderr
    assert re.search(r"Ray: \d+ workers? at", done.stderr)
    assert "checked 1 source:" in done.stderr and "0 errors" in done.stderr
    refused = _newsloom("--db", str(tmp_path / "w.db"), "watch", "--once", "--ray", "127.0.0.1:1")
    assert refused.returncode == 2 and "nothing answers there" in refused.stderr


def test_a_server_watches_with_ray_workers(tmp_path):
    """`serve --watch --ray`: the watcher beside the server reads on the workers; --ray alone is refused (a
    POST is read by the server's writer process)."""
    import contextlib
    import socket
    import time

    import httpx

    folder = tmp_path / "inbox"
    folder.mkdir()
    for p in sorted(DEMO.iterdir())[:6]:
        (folder / p.name).write_bytes(p.read_bytes())
    alone = _newsloom("--db", str(tmp_path / "s.db"), "serve", "--ray", "local")
    assert alone.returncode == 2 and "give --watch too" in alone.stderr and "Traceback" not in alone.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*CLI, "-v", "--db", str(tmp_path / "s.db"), "serve", "--port", str(port), "--no-access-log",
                             "--watch", str(folder), "--every", "1h", "--ray", "local"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, health = time.monotonic() + 300, None
        while health is None or health["stories"] < 1:  # stories: when the watcher's run ends
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1] if proc.poll() else health
            with contextlib.suppress(httpx.TransportError):
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).json()
            time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert re.search(r"Ray: \d+ workers? at", err) and "reading with Ray" in err
    read_by = re.search(r"Ray: batches read by (.+)", err)
    assert read_by and "node" in read_by.group(1), err
    assert health["articles"] >= 5


def test_an_error_in_a_workers_code_is_raised_not_taken_for_a_lost_worker(cluster):
    """A bug in what a worker runs (here a lead length of the wrong type) fails as it would in this process,
    and the worker stays (a review: it was dropped for good, its batch read again here)."""
    from newsloom.distributed import RayReader
    from newsloom.embed import get_embedder
    from newsloom.facts.offices import bundled
    from newsloom.model import RawItem
    from newsloom.pipeline import prepare
    from newsloom.resources import Resources
    from newsloom.stages import STAGES

    workers = RayReader(cluster, 1)
    try:
        workers.start(STAGES, Resources(bundled()), get_embedder(), "400", lambda articles: {})  # type: ignore[arg-type]
        article = prepare(RawItem("x.txt", "Minister visits Paris", "The minister spoke in Paris on Monday."))
        with pytest.raises(TypeError):
            workers.submit([article]).result()
        assert len(workers.actors) == 1 and not workers.read_by["here"]
    finally:
        workers.close()


def test_sigterm_stops_a_ray_run_as_it_stops_any_run(tmp_path):
    """`ray.init` sets its own SIGTERM handler: the run exited 15 with a stack dump (a review), not 130 with one
    line, as `run` says."""
    import time

    run = subprocess.Popen([*CLI, "--db", str(tmp_path / "t.db"), "run", "--ray", "local", "--batch-size", "1",
                            str(DEMO)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = ""
    deadline = time.monotonic() + 300
    while "reading with Ray:" not in said and time.monotonic() < deadline:
        said += run.stderr.readline()
    run.send_signal(signal.SIGTERM)
    _, rest = run.communicate(timeout=120)
    assert run.returncode == 130, said + rest
    assert "interrupted" in rest and "Traceback" not in rest


def test_closing_stops_the_local_ray_instance_it_started(tmp_path):
    import newsloom

    items = sorted(p for p in DEMO.iterdir() if p.is_file())[:3]
    with newsloom.open(tmp_path / "c.db", ray="local", ray_workers=1) as nl:
        assert nl.workers is None  # started by the first add
        assert nl.add(items).added
        assert nl.workers and ray.is_initialized()
    assert not ray.is_initialized()
