"""The write-ahead log is copied into the database by the store's own thread, not inside the commits that
fill it: the log stays bounded as writes go on, and closing the store ends the thread."""

from __future__ import annotations

import time

from newsloom.store import SQLiteStore


def test_the_log_stays_bounded_and_closing_ends_the_thread(tmp_path, monkeypatch):
    from newsloom.store import sqlite

    monkeypatch.setattr(sqlite._Checkpointer, "DELAY", 0.05)  # a copy between two commits
    path = tmp_path / "s.db"
    wal = tmp_path / "s.db-wal"
    sizes = []
    with SQLiteStore(path) as store:
        assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0  # commits never copy it
        for i in range(20):  # 40 MB committed, 2 MB at a time, as batches of articles come
            with store.transaction() as db:
                db.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"k{i}", f"{i % 10}" * 2_000_000))
            time.sleep(0.1)
            sizes.append(wal.stat().st_size)
        thread = store._checkpointer._thread
        assert thread.is_alive()
    assert max(sizes) < 20_000_000, sizes  # without the thread the log would hold all 40 MB
    assert not thread.is_alive() and not wal.exists()  # the last connection closed copies the rest and removes it
    with SQLiteStore(path) as store:
        assert store.db.execute("SELECT COUNT(*) FROM meta WHERE key LIKE 'k%'").fetchone()[0] == 20
