"""State across processes: a pipeline opened from the store's snapshot carries on exactly as the process
that saved it would have, and one with articles stored after its snapshot replays them."""

from __future__ import annotations

import pytest

from conftest import DEMO
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore

ITEMS = sorted(str(p) for p in DEMO.iterdir() if p.is_file() and p.suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize("every", [1, 10_000])  # a snapshot after each run; none (the next replays them)
def test_reopened_from_the_store_equals_one_process(tmp_path, embedder, monkeypatch, every):
    from newsloom.settings import Settings

    settings = Settings.from_dict({"run": {"snapshot_every": every}})
    first, second = ITEMS[: len(ITEMS) // 2], ITEMS[len(ITEMS) // 2:]
    with SQLiteStore(tmp_path / "one.db") as store:
        one = Pipeline(store, embedder, settings=settings)
        one.run(read_sources(first))
        one.run(read_sources(second))
        expected = store.fingerprint()
    with SQLiteStore(tmp_path / "two.db") as store:
        Pipeline(store, embedder, settings=settings).run(read_sources(first))
        assert (store.load_state() is not None) == (every == 1)
        replayed: list[str] = []
        rows = store.index_rows
        monkeypatch.setattr(store, "index_rows", lambda **kw: (replayed.append(r.id) or r for r in rows(**kw)))
        again = Pipeline(store, embedder, settings=settings)  # a new process would do the same: it has only the store
        assert again.watermark == store.max_seq()
        assert len(replayed) == (0 if every == 1 else store.article_count())  # the snapshot spares the replay
        again.run(read_sources(second))
        assert store.fingerprint() == expected
