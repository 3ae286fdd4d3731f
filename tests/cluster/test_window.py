"""The active window (cluster/online.py): stories that leave it leave the in-memory indexes, which stop
growing, while the stream's counts keep everything seen; storylines reach beyond it through the store."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from _signals import _signal
from newsloom.cluster.lexical import DocumentFrequencies
from newsloom.cluster.online import EXPIRE_EVERY, ClusterConfig, OnlineClusterer


def _random(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=384).astype(np.float32)


def test_stories_older_than_the_window_leave_and_memory_stops_growing():
    df = DocumentFrequencies()
    cl = OnlineClusterer(384, ClusterConfig(window_days=30, window_articles=10_000))
    start = date(2025, 1, 1)
    n = 6 * EXPIRE_EVERY
    for i in range(n):
        day = start + timedelta(days=i // 8)  # eight unrelated articles a day, for 192 days
        cl.assign(_signal(f"a{i}", f"unrelated article number {i}", _random(i), df, {f"ORG:firm {i}"}, day))
    newest = start + timedelta(days=(n - 1) // 8)
    assert all((newest - st.last).days <= 30 + EXPIRE_EVERY // 8 for st in cl.stories.values())
    assert len(cl.signals) == sum(len(st.members) for st in cl.stories.values()) <= 31 * 8 + EXPIRE_EVERY
    # what left stays in the index, marked deleted, until as many have left as stay: then it is rebuilt
    assert cl._vacant < len(cl.signals) and cl.index.get_current_count() == len(cl.signals) + cl._vacant
    assert cl.index.get_max_elements() == 1024  # so the index never grew
    assert cl.seen == n and cl._df()[cl.entity_ids(cl.signals[next(iter(cl.signals))])].sum() == 1


def test_the_rebuilt_index_finds_what_the_window_holds():
    import pickle

    cl = OnlineClusterer(384, ClusterConfig(window_articles=EXPIRE_EVERY))
    df = DocumentFrequencies()
    rebuilt = 0
    for i in range(6 * EXPIRE_EVERY):
        index = cl.index
        cl.assign(_signal(f"r{i}", f"undated article {i}", _random(5000 + i), df))
        rebuilt += cl.index is not index
    assert rebuilt >= 2 and cl.index.get_current_count() < 2 * len(cl.signals)
    for label, s in list(cl.signals.items())[::50]:  # each article in the window is its own nearest
        assert cl.index.knn_query(s.embedding.reshape(1, -1), k=1)[0][0][0] == label
    again = pickle.loads(pickle.dumps(cl))
    probe = _random(5000 + 6 * EXPIRE_EVERY - 1)
    assert again.candidates(probe) == cl.candidates(probe)


def test_undated_stories_age_by_arrival():
    df = DocumentFrequencies()
    cl = OnlineClusterer(384, ClusterConfig(window_articles=100))
    for i in range(2 * EXPIRE_EVERY):
        cl.assign(_signal(f"u{i}", f"undated article {i}", _random(1000 + i), df))
    assert len(cl.signals) <= 100 + EXPIRE_EVERY
    assert min(cl.stories) > EXPIRE_EVERY  # the first stories are gone
    assert cl.candidates(_random(1000)) and all(s in cl.stories for s in cl.candidates(_random(1000)))


def test_a_story_beyond_the_window_is_still_reached_by_its_storyline(tmp_path, embedder):
    """The demo's flood (S1) and its recovery a week later (S2): with a window of two days the flood's
    stories have left the clusterer when the recovery arrives, and the storyline joins them through the
    store, as it does when nothing has left."""
    import json
    from pathlib import Path

    from conftest import DEMO
    from newsloom.ingest import read_sources
    from newsloom.pipeline import Pipeline
    from newsloom.store import SQLiteStore

    expected = json.loads((DEMO.parent / "expected.json").read_text(encoding="utf-8"))
    refs = {s["id"]: s["articles"] for s in expected["stories"]}
    items = {Path(i.origin).name: i for i in read_sources([str(DEMO)])}
    flood, recovery = [items[r] for r in refs["S1"]], [items[r] for r in refs["S2"]]

    def storylines(window_days: int) -> tuple[dict[str, int], set[int]]:
        with SQLiteStore(tmp_path / f"w{window_days}.db") as store:
            pipe = Pipeline(store, embedder, config=ClusterConfig(window_days=window_days))
            pipe.run(flood)
            pipe.run(recovery[:1])
            gone = set(pipe.clusterer.expire())
            pipe.run(recovery[1:])
            line = {Path(o).name: store.storyline_of(sid) for _, o, sid in store.article_stories()}
        return line, gone

    narrow, gone = storylines(2)
    wide, none = storylines(30)
    assert gone and not none  # the flood's stories left the narrow window only
    assert len(set(narrow.values())) == 1 and narrow == wide


def test_a_publication_date_in_the_future_does_not_move_the_window(tmp_path, embedder):
    """A feed's typo (2099) is dropped as the item is read: the stream's day stays the demo's newest, so no
    story leaves the window for it; an undated title's plan (2030) moves it one window at most (reviews,
    2026-12-05)."""
    from dataclasses import replace
    from datetime import datetime

    from conftest import DEMO
    from newsloom.ingest import read_sources
    from newsloom.model import RawItem
    from newsloom.pipeline import Pipeline
    from newsloom.store import SQLiteStore

    items = [i for i in read_sources([str(DEMO)]) if isinstance(i, RawItem)]
    typo = replace(items[0], origin="typo", text=items[0].text + " Updated.", published=datetime(2099, 1, 1))
    # undated, its title naming a day years ahead (a plan): it moves the stream's day by a window at most
    plan = RawItem("plan.txt", "Từ ngày 1/7/2030, Hà Nội cấm xe máy xăng trong vành đai 1",
                   "Thành phố Hà Nội sẽ cấm xe máy chạy xăng trong vành đai 1 từ ngày 1/7/2030, theo chỉ thị mới.")
    newest = max(i.published.date() for i in items if i.published)
    with SQLiteStore(tmp_path / "w.db") as store:
        pipe = Pipeline(store, embedder)
        report = pipe.run([*items, typo])
        assert ("typo", "publication date in the future ignored: 2099-01-01") in report.notes
        assert pipe.clusterer.newest == newest
        pipe.run([plan])
        assert newest < pipe.clusterer.newest <= newest + timedelta(days=pipe.config.window_days)
        reopened = Pipeline(store, embedder)  # the same, rebuilt from the store
        assert (reopened.clusterer.newest, reopened.clusterer.newest_published) == (pipe.clusterer.newest, newest)


def test_entities_named_once_outside_the_window_are_forgotten(monkeypatch):
    """The stream numbered every entity it ever met (about 3.5 an article): memory grew without end. Past a
    size, those only one article named that the window does not name are forgotten; the others keep their
    counts, and what the window's articles score against each other does not change."""
    import pickle

    import newsloom.cluster.online as online

    monkeypatch.setattr(online, "COMPACT_ENTITIES", 300)
    df = DocumentFrequencies()
    cl = OnlineClusterer(384, ClusterConfig(window_articles=EXPIRE_EVERY // 2))
    for i in range(2 * EXPIRE_EVERY - 1):  # each names itself once, a city every time, a firm every other time
        shared = {"LOC:hanoi"} | ({"ORG:vinfast"} if i % 2 else set())
        cl.assign(_signal(f"e{i}", f"article {i}", _random(9000 + i), df, {f"PERSON:someone {i}", *shared}))
    numbered = len(cl.numbers.number)
    assert numbered == 2 * EXPIRE_EVERY - 1 + 2 > 300 and cl._entities_kept == 0  # not until the next look
    twin = pickle.loads(pickle.dumps(cl))
    twin.assign(_signal("last", "article last", _random(42), df, {"PERSON:someone last", "LOC:hanoi"}))
    assert 0 < twin._entities_kept == len(twin.numbers.number) < numbered  # at the look, it ran
    window = list(cl.signals.values())
    before = cl.pair_features(window[0], window[1:])
    cl.compact_entities()
    names = set(cl.numbers.number)
    assert {"LOC:hanoi", "ORG:vinfast"} <= names
    named = {k for s in cl.signals.values() for k in s.entities}
    assert names == named and len(names) < numbered  # the window's; each one named once before it forgotten
    counts = cl._df()
    assert counts[cl.numbers.number["LOC:hanoi"]] == 2 * EXPIRE_EVERY - 1
    assert counts[cl.numbers.number["ORG:vinfast"]] == EXPIRE_EVERY - 1
    assert np.allclose(cl.pair_features(window[0], window[1:]), before)  # the same scores for the window
    again = pickle.loads(pickle.dumps(cl))  # a snapshot keeps it
    assert again._entities_kept == cl._entities_kept and again.numbers.number == cl.numbers.number
