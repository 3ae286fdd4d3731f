"""The PostgreSQL store on a real server (tests/_postgres.py): the demo read into it gives what the SQLite
store gives, through every reader; its one-writer lock outlives no killed process; a database of another
program, a server that is not there and a password are told in one line. (The contract itself:
tests/store/test_contract.py, run on both backends.)"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from contextlib import suppress

import psycopg
import pytest

from conftest import CLI, DEMO
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore, StoreError, StoryFilter, WriterBusy, open_store


@pytest.fixture(scope="module")
def demo_in_both(tmp_path_factory, postgres, embedder):
    """The demo corpus read by the real pipeline into a SQLite store and into a PostgreSQL one."""
    lite = SQLiteStore(tmp_path_factory.mktemp("pg") / "demo.db")
    pg = open_store(postgres.database())
    for store in (lite, pg):
        Pipeline(store, embedder).run(read_sources([str(DEMO)]))
    yield lite, pg
    lite.close()
    pg.close()


def _reads(store) -> dict:
    """What every reader of a store sees (the CLI, the REST API and the web pages read these)."""
    stories = store.stories(sort="id")
    return {
        "fingerprint": store.fingerprint(),
        "stories": [vars(s) for s in stories],
        "filtered": [[s.id for s in store.stories(f)] for f in (
            StoryFilter(lang="en"), StoryFilter(q="quang ngai"), StoryFilter(q="Quảng"),
            StoryFilter(source=stories[0].sources[0].upper()), StoryFilter(min_articles=3))],
        "storylines": [vars(r) for r in store.storyline_rows(min_stories=1)],
        "counts": (store.count_stories(), store.count_storylines(1), store.article_count(), store.max_seq()),
        "digests": [store.digest(s.id) for s in stories],
        "contested": store.contested(),
        "scores": store.source_scores(),
        "entities": [(e.key, e.name, e.label, sorted(e.aliases)) for e in store.entities()],
        "found": [e.key for e in store.find_entities("hai phong")],
        "text": [h.id for h in store.search_text("lũ Quảng Ngãi", limit=3)],
        "terms": store.story_terms(s.id for s in stories),
    }


def test_the_demo_in_postgresql_reads_as_in_sqlite(demo_in_both):
    lite, pg = demo_in_both
    a, b = _reads(lite), _reads(pg)
    assert len(a["stories"]) == 6 and a["text"] and a["found"] and a["scores"]  # the comparison compares something
    for key in a:
        assert json.dumps(a[key], default=str, sort_keys=True) == json.dumps(b[key], default=str, sort_keys=True), key


def test_cli_reads_and_writes_a_database_by_url(postgres, tmp_path):
    url = postgres.database()
    run = subprocess.run([*CLI, "--db", url, "run", str(DEMO / "wire.jsonl")], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode in (0, 1), run.stderr
    shown = subprocess.run([*CLI, "--db", url, "stories"], capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0 and "Quang Ngai" in shown.stdout, shown.stderr
    with open_store(url, create=False) as store:
        assert store.article_count() == len(list(read_sources([str(DEMO / "wire.jsonl")])))


def test_a_killed_writer_leaves_no_lock(postgres):
    url = postgres.database()
    open_store(url).close()  # its tables
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom newsloom.store import open_store\n"
        "with open_store(sys.argv[1]).writer():\n    print('holding', flush=True)\n    time.sleep(600)"), url],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with open_store(url) as store:
            assert store.writing()
            with pytest.raises(WriterBusy, match="another newsloom process is writing"), store.writer(wait=False):
                pass
            holder.kill()
            holder.wait()
            deadline = time.monotonic() + 30  # the server notices the closed connection
            while store.writing() and time.monotonic() < deadline:
                time.sleep(0.1)
            with store.writer(wait=False):
                assert store.writing()
            assert not store.writing()
    finally:
        holder.kill()


def test_a_database_of_another_program_is_not_taken(postgres):
    url = postgres.database()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE articles (id serial, body text)")
    with pytest.raises(StoreError, match="not a newsloom store"):
        open_store(url)
    with psycopg.connect(url) as con:  # untouched
        assert [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")] == ["articles"]


def test_reading_an_empty_database_creates_nothing(postgres):
    url = postgres.database()
    with pytest.raises(StoreError, match="no newsloom store in this database"):
        open_store(url, create=False)
    with psycopg.connect(url) as con:
        assert con.execute("SELECT count(*) FROM pg_tables WHERE schemaname='public'").fetchone()[0] == 0


def test_no_server_is_one_line_without_the_password():
    url = "postgresql://reader:s3cret@127.0.0.1:1/news"
    done = subprocess.run([*CLI, "--db", url, "stories"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("error: postgresql://reader:***@127.0.0.1:1/news: cannot connect to PostgreSQL")
    assert "s3cret" not in done.stderr + done.stdout and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_copy_moves_a_store_into_postgresql_and_back_and_a_run_goes_on_there(postgres, tmp_path):
    """`newsloom copy`: a SQLite store into PostgreSQL and back reads the same through every reader; a run on
    the copy gives what the same run on the original gives (the pipeline's state went with it)."""
    files = [str(p) for p in sorted(DEMO.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    original, url, back = str(tmp_path / "laptop.db"), postgres.database(), str(tmp_path / "back.db")

    def cli(db: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*CLI, "--db", db, *args], capture_output=True, text=True, timeout=600)

    assert cli(original, "run", *files).returncode in (0, 1)
    copied = cli(original, "copy", url)
    assert copied.returncode == 0, copied.stderr
    assert "copied" in copied.stdout and "into postgresql:///" in copied.stdout
    assert cli(url, "copy", back).returncode == 0
    with open_store(original, create=False) as a, open_store(url, create=False) as b, \
            open_store(back, create=False) as c:
        assert _reads(a) == _reads(b) == _reads(c)
    for db in (original, url):  # the wire copy's articles join the stories of both the same way
        assert cli(db, "run", str(DEMO / "wire.jsonl")).returncode in (0, 1)
    with open_store(original, create=False) as a, open_store(url, create=False) as b:
        assert a.article_count() > len(files) - 1
        assert _reads(a) == _reads(b)


def test_copy_refuses_a_store_that_holds_one_and_leaves_no_file_when_it_fails(demo_in_both, tmp_path):
    lite, pg = demo_in_both
    with pytest.raises(StoreError, match="holds a store already"):
        lite.copy_into(pg)
    done = subprocess.run([*CLI, "--db", str(lite.path), "copy", pg.location], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2 and "holds a store already" in done.stderr and "Traceback" not in done.stderr
    missing = subprocess.run([*CLI, "--db", str(tmp_path / "none.db"), "copy", str(tmp_path / "new.db")],
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "no such store" in missing.stderr
    assert list(tmp_path.iterdir()) == []  # neither store made


@pytest.mark.parametrize("url", [
    "postgresql://reader:s3cret-pw@[::1/news",  # malformed: libpq repeats the whole URL
    "postgresql://reader:s3cret-pw%zz@127.0.0.1:1/news",  # bad percent-encoding
    "postgresql://127.0.0.1:1/news?user=reader&password=s3cret-pw",
    "postgresql://reader:s3cret@pw@127.0.0.1:1/news",  # an "@" in the password, not encoded
    "postgresq://reader:s3cret-pw@127.0.0.1/news",  # a mistyped scheme
])
def test_a_password_is_never_told(url):
    with pytest.raises(StoreError) as told:
        open_store(url)
    assert "s3cret" not in str(told.value) and "***" in str(told.value)


def test_a_text_field_postgresql_cannot_hold_is_left_out_as_sqlite_leaves_it(postgres, tmp_path):
    """A record's URL with a NUL (a database's text cannot hold one) is left out with a note, in both
    stores; the rest of the batch is stored."""
    records = tmp_path / "nul.jsonl"
    records.write_text(json.dumps({"title": "Flood in Hue", "text": "Heavy rain flooded Hue on Monday, officials "
                                   "said. " * 4, "url": "https://example.com/a\u0000b", "source": "Wire\u0000"})
                       + "\n" + json.dumps({"title": "Storm hits Da Nang", "text": "A storm hit Da Nang on Tuesday, "
                                            "officials said. " * 4, "url": "https://example.com/c"}) + "\n")
    for db in (postgres.database(), str(tmp_path / "nul.db")):
        done = subprocess.run([*CLI, "--db", db, "run", str(records)], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0 and "url has control characters, left out" in done.stderr, done.stderr
        with open_store(db, create=False) as store:
            assert [(a.url, a.source) for a in store.articles()] == [(None, "Wire"), ("https://example.com/c",
                                                                                      "example.com")]


def test_connections_of_threads_that_ended_are_closed(postgres):
    """A server's thread pool ends idle threads and starts others: their connections do not pile up."""
    import threading

    with open_store(postgres.database()) as store:
        for _ in range(3):
            workers = [threading.Thread(target=store.article_count) for _ in range(8)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
        done = threading.Thread(target=store.article_count)  # the next new thread closes those that ended
        done.start()
        done.join()
        deadline = time.monotonic() + 10  # a closed connection's server process ends a moment later

        def others() -> int:  # besides this thread's: the last thread's, until a new thread comes
            return store.db.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                    " AND pid != pg_backend_pid()").fetchone()[0]

        while others() > 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert others() <= 1


def _end_sessions(url: str, where: str) -> None:
    """End the database's sessions that match `where` (pg_stat_activity), as a server's timeout would."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                      f" AND pid != pg_backend_pid() AND {where}")


def test_a_writer_whose_lock_was_lost_writes_nothing_more(postgres):
    """The server ends the writer's lock session (an idle timeout, an administrator): the next batch is
    refused whole, since another writer may hold the lock now."""
    url = postgres.database()
    with open_store(url) as store, store.writer(wait=False):
        _end_sessions(url, "query LIKE 'SET idle_session_timeout%' OR query LIKE 'SELECT pg_try_advisory_lock%'")
        with pytest.raises(StoreError, match="lost its writer lock"), store.transaction():
            store.set_meta("after", "the lock was lost")
        assert store.meta("after") is None
        assert not store.writing()


def test_a_connection_the_server_ended_is_made_again_outside_a_transaction(postgres):
    url = postgres.database()
    with open_store(url) as store:
        store.set_meta("k", "v")
        _end_sessions(url, "TRUE")  # a server restarted
        assert store.meta("k") == "v"


def test_libpq_key_value_words_name_a_database(postgres):
    url = postgres.database()  # postgresql:///tN?host=DIR&user=postgres
    name, query = url.removeprefix("postgresql:///").split("?")
    words = " ".join(f"{k}={v}" for k, v in (p.split("=") for p in query.split("&"))) + f" dbname={name}"
    with open_store(words) as store:
        assert store.article_count() == 0
    with open_store(url, create=False) as store:  # the same database
        assert store.meta("application") == "newsloom"
    with pytest.raises(StoreError, match="not a store newsloom knows"):
        open_store("postgresql:/news")


def test_a_role_without_privileges_is_told_in_one_line(postgres):
    url = postgres.database()
    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS reader; CREATE ROLE reader LOGIN")
    reader = url.replace("user=postgres", "user=reader")
    done = subprocess.run([*CLI, "--db", reader, "stories"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "permission denied" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_watcher_outlives_the_database_going_away_and_says_so_once(tmp_path, embedder, caplog):
    """A watcher on a folder, its PostgreSQL server stopped for a while then started again: it says once that
    the store cannot be reached, keeps going, and stores the file dropped meanwhile once it can."""
    import logging
    import threading

    import newsloom
    from _postgres import Server
    from newsloom.watch import Watcher

    server = Server()  # a server of its own, to stop
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    stop = threading.Event()
    try:
        nl = newsloom.open(server.database(), embedder=embedder)
        with Watcher(nl, every=0.2) as watcher, caplog.at_level(logging.WARNING, logger="newsloom.watch"):
            watcher.follow([inbox])
            thread = threading.Thread(target=watcher.run, args=(stop,))
            thread.start()
            server.pause()
            (inbox / "flood.txt").write_text("Flood in Hue\n\nHeavy rain flooded Hue on Monday, officials said. " * 3,
                                             encoding="utf-8")
            time.sleep(8)  # checks fail meanwhile, more and more apart
            server.start()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with suppress(StoreError):
                    if nl.count():
                        break
                time.sleep(0.2)
            stop.set()
            thread.join(timeout=30)
            assert not thread.is_alive()
            assert nl.count() == 1
        said = [r.getMessage() for r in caplog.records if "the watcher tries again" in r.getMessage()]
        assert 1 <= len(said) <= 2 and all(m.startswith("postgresql:///") for m in said), said  # not per check
        assert any("reached again" in r.getMessage() for r in caplog.records)
        nl.close()
    finally:
        stop.set()
        server.stop()


def test_another_threads_failed_writer_leaves_the_holders_check_in_place(postgres):
    """A second thread's writer(wait=False) that finds the lock taken does not turn off the first thread's
    check: after the first thread's lock session is ended, its next batch is still refused."""
    import threading

    url = postgres.database()
    with open_store(url) as store, store.writer(wait=False):
        refused = []

        def second() -> None:
            try:
                with store.writer(wait=False):
                    pass
            except WriterBusy as err:
                refused.append(err)

        other = threading.Thread(target=second)
        other.start()
        other.join()
        assert refused
        _end_sessions(url, "query LIKE 'SET idle_session_timeout%' OR query LIKE 'SELECT pg_try_advisory_lock%'")
        with pytest.raises(StoreError, match="lost its writer lock"), store.transaction():
            store.set_meta("after", "the lock was lost")


def test_a_store_of_schema_9_is_brought_up_to_date(postgres):
    """The first PostgreSQL stores are of schema 9: opened, a followed source gains its outlet and the feed
    entries their failed tries (schema 10), what it followed kept."""
    url = postgres.database()
    store = open_store(url)
    with store.transaction():
        store.follow("https://example.org/feed.xml", "feed", every=600)
    store.close()
    with psycopg.connect(url, autocommit=True) as con:  # the tables as schema 9 had them
        con.execute("ALTER TABLE sources DROP COLUMN outlet")
        con.execute("DROP TABLE entry_tries")
        con.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    store = open_store(url)
    try:
        [feed] = store.sources()
        assert (feed.url, feed.every, feed.outlet) == ("https://example.org/feed.xml", 600, None)
        with store.transaction():
            assert store.count_tries(feed.url, ["e1"]) == {"e1": 1}
            store.follow("/data/inbox", "folder", outlet="Wire")
        assert store.source("/data/inbox").outlet == "Wire"
    finally:
        store.close()
    with psycopg.connect(url) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("10",)


def test_a_store_whose_sources_were_keyed_by_case_only_is_keyed_again_when_opened(postgres):
    """Stores written before the stories filter ignored accents keyed their sources casefolded only: opened
    again, they are keyed as it compares them, so "nhip song phap dinh" finds "Nhịp Sống Pháp Đình"."""
    url = postgres.database()
    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as con:  # a story as an older newsloom left it
        con.execute("INSERT INTO stories(id, headline, storyline_id, dirty, article_count, sources, source_keys,"
                    " digest) VALUES (1, 'Tòa tuyên án', 1, 0, 1, %s, %s, '{}')",
                    (json.dumps(["Nhịp Sống Pháp Đình"]), json.dumps(["nhịp sống pháp đình"])))
        con.execute("DELETE FROM meta WHERE key = 'source_keys'")
    store = open_store(url)
    try:
        assert [s.id for s in store.stories(StoryFilter(source="nhip song phap dinh"))] == [1]
        assert [s.id for s in store.stories(StoryFilter(source="Nhịp Sống Pháp Đình"))] == [1]
    finally:
        store.close()
