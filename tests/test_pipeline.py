"""The whole pipeline on the team's demo corpus: idempotent runs, a killed run, bad input."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import CLI, DEMO
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore


def _run(db: Path, embedder, sources=(str(DEMO),), batch_size: int = 32):
    with SQLiteStore(db) as store:
        report = Pipeline(store, embedder, batch_size=batch_size).run(read_sources(list(sources)))
        return report, store.fingerprint()


def test_demo_run_twice_changes_nothing(tmp_path, embedder):
    db = tmp_path / "demo.db"
    first, before = _run(db, embedder)
    assert first.added >= 18 and not first.failures
    assert len(first.duplicates) == 1  # the byte-identical copy is recorded, not stored twice
    second, after = _run(db, embedder)
    assert second.added == 0 and second.already_stored == first.added + len(first.duplicates)
    assert not second.duplicates
    assert after == before


def test_a_folder_read_again_by_another_path_is_already_stored(tmp_path, embedder, monkeypatch):
    """A tester: the demo folder read again by its full path reported each file as an exact copy of itself."""
    import shutil
    shutil.copytree(DEMO, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "demo.db"
    first, before = _run(db, embedder, sources=("corpus",))
    again, after = _run(db, embedder, sources=(str(tmp_path / "corpus"),))
    assert again.added == 0 and not again.duplicates and after == before
    # from another directory, a file of one article is known by its full path (JSON Lines records and copies,
    # whose origins are relative to where they were first read, are not)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    third, _ = _run(db, embedder, sources=("../corpus",))
    files = sum(1 for p in (tmp_path / "corpus").iterdir() if p.suffix != ".jsonl")
    assert third.added == 0 and third.already_stored >= files
    assert {Path(origin).name.split(":")[0] for origin, _ in third.duplicates} <= {"wire.jsonl", "lu-song-tra-khuc-bantin.txt"}


def _article_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_run_then_rerun_equals_one_clean_run(tmp_path, embedder, sig):
    """Killed, or stopped by SIGTERM (what `systemctl stop` sends: an operations tester's run died of it with no
    word), halfway: a second run finishes it."""
    clean = tmp_path / "clean.db"
    _, expected = _run(clean, embedder, batch_size=2)
    total = len(expected[0])

    db = tmp_path / "killed.db"
    said = tmp_path / "stderr.txt"
    with said.open("w") as stderr:  # a file: the run's helper processes, killed later, hold its stderr open
        proc = subprocess.Popen([*CLI, "--db", str(db), "run", str(DEMO), "--batch-size", "2"],
                                stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 300
    while _article_count(db) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, sig)
    proc.wait(timeout=120)
    if sig == signal.SIGTERM:
        assert proc.returncode == 130 and "interrupted: the articles stored before it are kept" in said.read_text()
    stored = _article_count(db)
    assert 0 < stored < total, f"kill landed at {stored} of {total} articles"

    rerun = subprocess.run([*CLI, "--db", str(db), "run", str(DEMO), "--batch-size", "2"],
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with SQLiteStore(db) as store:
        assert store.fingerprint() == expected


def test_a_long_run_writes_its_stories_as_it_goes_and_ends_as_if_written_at_its_end(tmp_path, embedder):
    """Every `run.refresh_every` articles a run writes the stories it changed, so that readers see them (and
    a run killed later leaves them written); their storylines are linked at its end, as one run links them."""
    from dataclasses import replace

    from newsloom.settings import DEFAULTS

    _, expected = _run(tmp_path / "once.db", embedder, batch_size=2)
    db = tmp_path / "checkpoints.db"
    seen: list[int] = []
    linked: list[int] = []

    def written(_: int) -> None:  # the stories a reader sees, item after item, and their storylines
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            seen.append(con.execute("SELECT COUNT(*) FROM stories WHERE digest IS NOT NULL").fetchone()[0])
            linked.append(con.execute("SELECT COUNT(*) FROM stories WHERE storyline_id != id").fetchone()[0])

    settings = replace(DEFAULTS, run=replace(DEFAULTS.run, refresh_every=4))
    with SQLiteStore(db) as store:
        Pipeline(store, embedder, batch_size=2, settings=settings).run(read_sources([str(DEMO)]), progress=written)
        assert store.fingerprint() == expected and not store.unlinked_stories() and not store.dirty_stories()
    assert 0 < seen[len(seen) // 2] < len(expected[1])  # stories written halfway through, before the end
    assert not any(linked)  # S1 and S2 (demo/expected.json) are one storyline only when the run ends


def _profiles(db: Path) -> list[list[tuple]]:
    """What storylines rest on, per story: its storyline, centroid, top entities and key terms."""
    with sqlite3.connect(db) as con:
        return [con.execute("SELECT id, storyline_id, centroid, dirty FROM stories ORDER BY id").fetchall(),
                con.execute("SELECT * FROM story_entities ORDER BY story_id, entity").fetchall(),
                con.execute("SELECT story_id, term, round(weight, 6) FROM story_terms ORDER BY story_id, term")
                .fetchall()]


def test_stories_written_as_a_run_goes_link_as_one_run_links_them_when_some_leave_the_window(tmp_path, embedder,
                                                                                             monkeypatch):
    """A small window, looked at every 4 articles: stories leave it mid-run (refreshed and linked then),
    some after they were written by a checkpoint; storylines, centroids, top entities and key terms end as
    a run without checkpoints leaves them."""
    from dataclasses import replace

    from newsloom.cluster import online
    from newsloom.settings import DEFAULTS

    monkeypatch.setattr(online, "EXPIRE_EVERY", 4)
    left: list[int] = []
    leaving = Pipeline._leaving
    monkeypatch.setattr(Pipeline, "_leaving", lambda self, stories: (left.extend(stories), leaving(self, stories)))
    ends = []
    for every in (0, 3):
        settings = replace(DEFAULTS, run=replace(DEFAULTS.run, refresh_every=every),
                           cluster=replace(DEFAULTS.cluster, window_articles=5))
        db = tmp_path / f"every{every}.db"
        with SQLiteStore(db) as store:
            Pipeline(store, embedder, batch_size=2, settings=settings).run(read_sources([str(DEMO)]))
            ends.append(store.fingerprint())
        ends.append(_profiles(db))
    assert left  # stories left the window mid-run
    assert ends[0] == ends[2] and ends[1] == ends[3]


TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 has letters like ư and â, but writes the five tone marks as combining characters."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def _bad_folder(root: Path) -> dict[str, str]:
    """A folder of bad and good items; returns file name -> the words its error line must contain."""
    root.mkdir()
    (root / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (root / "empty.txt").write_bytes(b"")
    with open(root / "huge.txt", "wb") as f:
        f.write(b"Huge file\n\n")
        f.write(b"word " * (10 * 1024 * 1024))  # 50 MB
    good_vi = "Lũ lớn ở miền Trung\n\nMưa lớn kéo dài khiến nhiều tuyến đường ở Quảng Ngãi bị ngập sâu, chính quyền " \
              "đã sơ tán hơn 300 hộ dân ra khỏi vùng nguy hiểm trong đêm."
    broken = good_vi.encode("utf-8").replace("Quảng".encode(), b"Qu\xe1\xba")  # a cut multi-byte sequence
    (root / "invalid-utf8.txt").write_bytes(broken)
    (root / "cp1252.txt").write_bytes(
        "Café owners in Hội An\n\nThe café owners’ association said on Monday that visitor numbers rose by "
        "12% this year, and that the old town’s façades would be repainted before the festival.".encode("cp1252",
                                                                                                        "replace"))
    (root / "cp1258.txt").write_bytes(_cp1258(
        "Thủ tướng thăm Cần Thơ\n\nThủ tướng đã đến thăm Cần Thơ và phát biểu về kế hoạch phát triển vùng đồng "
        "bằng sông Cửu Long trong năm tới."))
    (root / "broken.html").write_text(
        "<html><head><title>Cầu mới ở Đà Nẵng</title><body><div><p>Đà Nẵng khánh thành cây cầu mới bắc qua sông "
        "Hàn sau hai năm xây dựng, giúp giảm ùn tắc giờ cao điểm.<p>Cây cầu dài 700 mét<div><b>unclosed",
        encoding="utf-8")
    (root / "good.txt").write_text(good_vi, encoding="utf-8")
    (root / "zz-copy.txt").write_text(good_vi, encoding="utf-8")
    return {"binary.bin": "binary", "empty.txt": "empty", "huge.txt": "too large", "invalid-utf8.txt": "UTF-8",
            "zz-copy.txt": "duplicate"}


def test_bad_input_each_reported_rest_stored(tmp_path):
    folder = tmp_path / "in"
    expected = _bad_folder(folder)
    db = tmp_path / "bad.db"
    res = subprocess.run([*CLI, "--db", str(db), "run", str(folder)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 1, res.stderr
    lines = res.stderr.splitlines()
    for name, words in expected.items():
        hits = [ln for ln in lines if name in ln]
        assert len(hits) == 1, f"{name}: {hits}"
        assert words.lower() in hits[0].lower(), hits[0]
    with SQLiteStore(db) as store:
        arts = {Path(a.origin).name: a for a in store.articles()}
    assert set(arts) == {"invalid-utf8.txt", "cp1252.txt", "cp1258.txt", "broken.html", "good.txt"}
    assert "façades" in arts["cp1252.txt"].text and "Thủ tướng" in arts["cp1258.txt"].title
    assert "Cần Thơ" in arts["cp1258.txt"].text
    assert "sông Hàn" in arts["broken.html"].text or "sông Hàn" in arts["broken.html"].title


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["eval", "clusters", "--help"]])
def test_help_teaches(args):
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "Usage" in res.stdout


def test_joining_articles_keep_same_event_probabilities(tmp_path, embedder):
    """An article that joins a story keeps, through the store, the clusterer's "same event" probability with
    each earlier member it was compared with; the first article of a story has none."""
    db = tmp_path / "demo.db"
    _run(db, embedder)
    with SQLiteStore(db) as store:
        joined = 0
        for s in store.stories(sort="id"):
            arts = sorted((a for a in store.articles(s.id) if not a.copy_of), key=lambda a: a.seq)
            assert not arts[0].same_event
            for i, a in enumerate(arts[1:], 1):
                assert set(a.same_event) == {b.id for b in arts[:i]}
                assert all(0.0 <= p <= 1.0 for p in a.same_event.values())
                joined += 1
    assert joined >= 5


def test_reader_process_stores_the_same(tmp_path, embedder, monkeypatch):
    """Batches read in a worker process, alone or with this process reading a share of each, give exactly
    the store that reading in-process gives."""
    from newsloom import pipeline

    prints = []
    for readers, near in ((0, 0.0), (1, 0.0), (1, 0.5)):
        monkeypatch.setattr(pipeline._Reader, "balance", lambda self, waited, near=near: setattr(self, "near", near))
        with SQLiteStore(tmp_path / f"readers{readers}-{near}.db") as store:
            report = Pipeline(store, embedder, batch_size=3, readers=readers).run(read_sources([str(DEMO)]))
            assert report.added >= 18 and not report.failures
            prints.append(store.fingerprint())
    assert prints[0] == prints[1] == prints[2]


def test_the_main_process_takes_a_share_of_reading_while_it_waits():
    """The share of a batch this process reads grows while it waits for the worker, shrinks while the
    worker keeps up, never passes half a batch, and always leaves the worker one article."""
    from newsloom.model import Article
    from newsloom.pipeline import _Reader

    reader = _Reader(1, (), None)
    batch = [Article(id=str(n), origin=str(n), title="", text="x" * 100) for n in range(10)]
    assert reader._cut(batch) == 10
    for _ in range(4):
        reader.balance(waited=True)
    assert reader.near == pytest.approx(0.2) and reader._cut(batch) == 8
    for _ in range(20):
        reader.balance(waited=True)
    assert reader.near == 0.5 and reader._cut(batch) == 5
    for _ in range(20):
        reader.balance(waited=False)
    assert reader.near == 0.0 and reader._cut(batch) == 10
    reader.near = 0.5
    assert reader._cut(batch[:1]) == 1
    # only texts that fit whole in the share: never more than the share, and an empty text stays the worker's
    assert reader._cut([Article(id="a", origin="a", title="", text="x" * 100),
                        Article(id="b", origin="b", title="", text="x" * 900)]) == 2
    assert reader._cut([*batch[:2], Article(id="e", origin="e", title="", text="")]) == 3


def test_a_script_without_main_guard_can_use_the_pipeline(tmp_path):
    """The library reads in-process by default: a plain script, with no `if __name__ == "__main__":`, runs
    several batches (a reader process would re-import the script and break)."""
    script = tmp_path / "plain.py"
    script.write_text("import sys\nfrom newsloom.ingest import read_sources\nfrom newsloom.pipeline import Pipeline\n"
                      "from newsloom.store import SQLiteStore\n"
                      "with SQLiteStore(sys.argv[1]) as store:\n"
                      "    print(Pipeline(store, batch_size=3).run(read_sources([sys.argv[2]])).added)\n",
                      encoding="utf-8")
    res = subprocess.run([sys.executable, str(script), str(tmp_path / "plain.db"), str(DEMO)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert int(res.stdout.split()[-1]) >= 18


def test_a_big_story_is_summarised_from_its_central_articles(tmp_path, embedder):
    """A big story's headline and summary are made from its `run.summary_articles` articles nearest its
    centroid (so their cost stays flat); the story still lists all its articles."""
    from dataclasses import replace

    from newsloom.settings import RunSettings, Settings
    from newsloom.summarize import clean_title

    with SQLiteStore(tmp_path / "demo.db") as store:
        pipe = Pipeline(store, embedder, settings=replace(Settings(), run=RunSettings(summary_articles=2)))
        pipe.run(read_sources([str(DEMO)]))
        sid = max(pipe.clusterer.stories, key=lambda s: len(pipe.clusterer.stories[s].members))
        central = pipe.clusterer.central(sid, 2)
        story = store.story(sid)
        arts = {a.id: a for a in store.articles(sid)}
    assert len(story.article_ids) == len(arts) >= 3
    assert story.headline in {clean_title(arts[i].title, arts[i].source) for i in central}
    assert all(any(s in " ".join(arts[i].text.split()) for i in central) for s in story.summary)


def _sigint_ignored() -> bool:
    import signal

    return signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def test_a_reader_process_leaves_ctrl_c_to_the_run():
    """A terminal's Ctrl-C reaches the reader process too: it ignores it, so the run stops cleanly and keeps
    what is done (`bench --scale` writes its partial report) instead of breaking on a dead worker."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from newsloom.pipeline import exit_with

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=exit_with,
                             initargs=(os.getpid(),)) as pool:
        assert pool.submit(_sigint_ignored).result(timeout=60)


def _claims_failing(monkeypatch, fails) -> None:
    """The claims stage raises where `fails(article)` says (a bug in one article's claims, say)."""
    import newsloom.facts.claims as claims

    real = claims.extract_claims

    def extract(a, record):
        if fails(a):
            raise RuntimeError(f"a bug on {a.origin}")
        return real(a, record)

    monkeypatch.setattr(claims, "extract_claims", extract)


def test_a_stage_failing_once_loses_nothing(tmp_path, embedder, monkeypatch):
    _, expected = _run(tmp_path / "clean.db", embedder)
    calls: list[str] = []
    _claims_failing(monkeypatch, lambda a: calls.append(a.origin) or len(calls) == 1)
    report, got = _run(tmp_path / "demo.db", embedder)
    assert not report.failures and report.added == len(expected[0])
    assert got == expected  # the batch rolled back, then written article by article: as one clean run


def test_an_article_a_stage_fails_on_is_a_failure_and_its_batch_is_stored(tmp_path, embedder, monkeypatch):
    _, expected = _run(tmp_path / "clean.db", embedder)
    _claims_failing(monkeypatch, lambda a: a.origin.endswith("wire.jsonl:2"))
    report, got = _run(tmp_path / "demo.db", embedder)
    assert [(f.origin.endswith("wire.jsonl:2"), "RuntimeError: a bug on" in f.reason) for f in report.failures] \
        == [(True, True)]
    assert report.added == len(expected[0]) - 1 and len(got[0]) == len(expected[0]) - 1
    monkeypatch.undo()
    again, _ = _run(tmp_path / "demo.db", embedder)
    assert again.added == 1 and not again.failures  # only it, once fixed


def test_an_interrupted_add_leaves_the_next_add_everything_to_store(tmp_path, embedder, monkeypatch):
    """Ctrl-C as the first article is being stored, after the clusterer took it: the next add opens the
    pipeline again from the store, so that the rolled-back article is not in the clusterer twice."""
    import newsloom

    with newsloom.open(tmp_path / "demo.db", embedder=embedder, readers=0) as nl:
        real = nl.store.add_article

        def add_article(*args, **kwargs):
            monkeypatch.setattr(nl.store, "add_article", real)
            raise KeyboardInterrupt

        monkeypatch.setattr(nl.store, "add_article", add_article)
        with pytest.raises(KeyboardInterrupt):
            nl.add([str(DEMO)])
        assert nl.store.article_count() == 0  # the batch was rolled back
        report = nl.add([str(DEMO)])
        assert report.added >= 18 and not report.failures and report.already_stored == 0
        got, seen = nl.store.fingerprint(), nl.pipeline().clusterer.seen
    with newsloom.open(tmp_path / "clean.db", embedder=embedder, readers=0) as clean:
        clean.add([str(DEMO)])
        assert (got, seen) == (clean.store.fingerprint(), clean.pipeline().clusterer.seen)


def test_a_store_that_fails_stops_the_run(tmp_path, embedder, monkeypatch):
    """A full disk is not the articles' fault: the run stops on it, rather than blaming each article."""
    import newsloom

    with newsloom.open(tmp_path / "demo.db", embedder=embedder, readers=0) as nl:
        def add_article(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(nl.store, "add_article", add_article)
        with pytest.raises(sqlite3.OperationalError, match="disk is full"):
            nl.add([str(DEMO)])
        monkeypatch.undo()
        assert nl.store.article_count() == 0 and nl.add([str(DEMO)]).added >= 18


def test_the_reader_and_the_embedder_give_way_to_the_writer(tmp_path, embedder, monkeypatch):
    """The reader process and the embedding thread run `run.helpers_behind` nice levels below the writer's
    thread, which sets a run's pace; a first batch as full as a batch starts the reader at once."""
    import threading

    from newsloom import pipeline
    from newsloom.settings import DEFAULTS

    if not sys.platform.startswith("linux"):
        pytest.skip("a thread's own priority is Linux's")
    from newsloom.stages import STAGES, Stage

    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []
    real = embedder.embed_queries

    def embed(texts):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return real(texts)

    monkeypatch.setattr(embedder, "embed_queries", embed)
    started: list[int] = []
    monkeypatch.setattr(pipeline._Reader, "_pool", lambda self, real=pipeline._Reader._pool: (
        started.append(self.batches), real(self))[1])
    probe = Stage("probe", ("title",), ("title",), "read", __import__("_probes").priority)
    stages = tuple(s for s in STAGES if s.step != "add") + (probe,) + tuple(s for s in STAGES if s.step == "add")
    with SQLiteStore(tmp_path / "probe.db") as store:
        report = Pipeline(store, embedder, batch_size=4, readers=1, stages=stages).run(read_sources([str(DEMO)]))
        assert report.added >= 12 and not report.failures
        titles = [a.title for a in store.articles()]
    behind = min(19, mine + DEFAULTS.run.helpers_behind)
    probed = {tuple(map(int, m.groups())) for m in (re.search(r"\[pid (\d+) nice (-?\d+)\]", t) for t in titles)}
    assert probed == {(os.getpid(), mine), (next(p for p, _ in probed if p != os.getpid()), behind)}
    assert set(seen) == {behind}
    assert started[0] == 1  # the first batch started it
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine


def test_a_short_first_batch_starts_no_reader_process():
    """A run of one batch that is not full (a test, a handful of files) never pays for starting one."""
    from newsloom.model import Article
    from newsloom.pipeline import _Reader
    from newsloom.resources import Resources
    from newsloom.stages import STAGES

    texts = ["Anna Lindqvist met Omar Haddad in Lisbon.", "Ingrid Solberg flew to Oslo."]
    batch = [Article(id=str(n), origin=f"t{n}", title="", text=t, lang="en", sentences=[t]) for n, t in enumerate(texts)]
    with _Reader(1, STAGES, Resources(), batch_size=8) as reader:
        assert [m.text for m in reader.submit(batch).result()[0][1].mentions] == ["Ingrid Solberg", "Oslo"]
        assert reader.pool is None


def test_one_article_failing_in_a_read_batch_is_a_failure_and_the_others_are_read(monkeypatch):
    """spaCy reads a batch's English texts together; an error on one is told apart by reading each alone."""
    from newsloom.entities import extract
    from newsloom.model import Article, Failure
    from newsloom.pipeline import find_mentions

    texts = ["Anna Lindqvist met Omar Haddad in Lisbon.", "The mayor of Porto, Rui Costa, spoke on Monday.",
             "Ingrid Solberg flew to Oslo."]
    batch = [Article(id=str(n), origin=f"t{n}", title="", text=t, lang="en", sentences=[t]) for n, t in enumerate(texts)]
    alone = [extract.extract_mentions(a) for a in batch]
    real = extract._english

    def english(a, found=None):
        if a.origin == "t1":
            raise RuntimeError("a bug")
        return real(a, found)

    monkeypatch.setattr(extract, "_english", english)
    out, _, _ = find_mentions(batch)
    assert [type(r).__name__ for r in out] == ["Article", "Failure", "Article"]
    assert isinstance(out[1], Failure) and "RuntimeError: a bug" in out[1].reason
    assert [out[0].mentions, out[2].mentions] == [alone[0], alone[2]] and alone[0] and alone[2]


def test_helpers_behind_zero_keeps_the_reader_at_the_writers_priority(tmp_path, embedder):
    """On a machine shared with other work, `run.helpers_behind = 0` keeps the helpers where the run is."""
    import threading
    from dataclasses import replace

    from newsloom.settings import DEFAULTS
    from newsloom.stages import STAGES, Stage

    if not sys.platform.startswith("linux"):
        pytest.skip("a thread's own priority is Linux's")
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    probe = Stage("probe", ("title",), ("title",), "read", __import__("_probes").priority)
    stages = tuple(s for s in STAGES if s.step != "add") + (probe,) + tuple(s for s in STAGES if s.step == "add")
    settings = replace(DEFAULTS, run=replace(DEFAULTS.run, helpers_behind=0))
    with SQLiteStore(tmp_path / "probe.db") as store:
        Pipeline(store, embedder, batch_size=4, readers=1, stages=stages, settings=settings).run(read_sources([str(DEMO)]))
        titles = [a.title for a in store.articles()]
    nices = {int(m.group(2)) for m in (re.search(r"\[pid (\d+) nice (-?\d+)\]", t) for t in titles)}
    pids = {m.group(1) for m in (re.search(r"\[pid (\d+) nice (-?\d+)\]", t) for t in titles)}
    assert nices == {mine} and len(pids) == 2


def test_a_digest_lists_the_exact_copies_also_those_read_in_a_later_run(tmp_path, embedder):
    # a tester's digest listed no copy though the run said "exact copy of ..."
    import newsloom

    later = tmp_path / "later" / "the-same-again.txt"
    later.parent.mkdir()
    later.write_bytes((DEMO / "lu-quang-ngai-tinnhanh.txt").read_bytes())
    db = tmp_path / "demo.db"
    _run(db, embedder)
    report, _ = _run(db, embedder, sources=(str(later),))
    assert len(report.duplicates) == 1
    with newsloom.open(db, embedder=embedder) as nl:
        (sid,) = {a.story_id for a in nl.store.articles() if a.origin.endswith("lu-quang-ngai-tinnhanh.txt")}
        digest = nl.story(sid)
        exact = sorted(Path(c.origin).name for c in digest.copies if c.origin)
        assert exact == ["lu-song-tra-khuc-bantin.txt", "the-same-again.txt"]
        assert {c.copy_of for c in digest.copies if c.origin} <= {a.id for a in digest.articles}
        assert all(c.id == c.origin for c in digest.copies if c.origin)  # an exact copy has no article of its own
        assert "the-same-again.txt" not in digest.sources  # a copy is no source of its own


def test_an_outlets_own_item_at_a_second_address_is_no_copy_of_itself(tmp_path, embedder):
    """A review: one item read at its URL and with a tracking parameter was "Harbor Herald (copy of Harbor
    Herald)"."""
    import json

    import newsloom

    text = ("Quang Ngai province evacuated more than 300 households on Tuesday as the Tra Khuc River rose above "
            "the third alarm level, officials said.")
    wire = tmp_path / "wire.jsonl"
    wire.write_text("\n".join(json.dumps({"title": "Quang Ngai evacuates 300 households", "text": text,
                                          "source": "Harbor Herald", "url": url})
                              for url in ("https://harbor.example/flood", "https://harbor.example/flood?x=rss")),
                    encoding="utf-8")
    with newsloom.open(tmp_path / "own.db", embedder=embedder) as nl:
        report = nl.add([str(wire)])
        assert len(report.duplicates) == 1
        (row,) = nl.stories()
        assert nl.story(row.id).copies == []
