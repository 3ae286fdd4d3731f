"""The default store: one SQLite file in WAL mode, one connection per thread, one writer at a time.

Besides the articles (with everything the in-memory indexes need: vectors, MinHash signatures, term
counts, story membership) it keeps what readers show, written when a story changes: story rows with
their digests, mentions and claims in indexed tables, the near-duplicate bands, and the pipeline's
snapshot. The schema is versioned; an older store is upgraded in place when it is opened.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from newsloom.model import Article, page_place
from newsloom.store.base import StoreDamaged, StoreError, TextHit, WriterBusy
from newsloom.store.codec import load_data
from newsloom.store.sql import APPLICATION, SCHEMA_VERSION, SQLStore, _statements, _story_words
from newsloom.text.folding import loose_fold, search_fold

_HEADER = b"SQLite format 3\x00"
log = logging.getLogger(__name__)
_BUSY_MS = 60_000  # how long a statement waits for another connection's write to end

_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    url TEXT,
    source TEXT,
    published TEXT,
    lang TEXT,
    lang_confidence REAL,
    story_id INTEGER,
    copy_of TEXT,
    data TEXT NOT NULL,
    embedding BLOB,
    minhash BLOB,
    terms BLOB
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS copies (
    article_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    source TEXT,
    url TEXT,
    PRIMARY KEY (article_id, origin)
);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    headline TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '[]',
    storyline_id INTEGER,
    first_seen TEXT,
    last_seen TEXT,
    dirty INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS entities (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    aliases TEXT NOT NULL
);
"""

# version 2: what readers need, stored when a story changes; near-duplicate bands; the pipeline's snapshot
_V2 = """
ALTER TABLE stories ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN languages TEXT NOT NULL DEFAULT '{}';
ALTER TABLE stories ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
ALTER TABLE stories ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN latest_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN first_utc TEXT;
ALTER TABLE stories ADD COLUMN last_utc TEXT;
ALTER TABLE stories ADD COLUMN centroid BLOB;
ALTER TABLE stories ADD COLUMN digest TEXT;
CREATE INDEX stories_storyline ON stories(storyline_id);
CREATE INDEX stories_recent ON stories(last_utc, latest_seq);
CREATE INDEX stories_contested ON stories(conflicts) WHERE conflicts > 0;
CREATE INDEX stories_dirty ON stories(dirty) WHERE dirty = 1;
CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    story_id INTEGER,
    entity TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity, story_id);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE TABLE claims (
    article_id TEXT NOT NULL,
    story_id INTEGER,
    kind TEXT NOT NULL,
    slot TEXT NOT NULL,
    value TEXT NOT NULL,
    subject TEXT
);
CREATE INDEX claims_story ON claims(story_id);
CREATE INDEX claims_slot ON claims(slot);
CREATE TABLE bands (key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX bands_key ON bands(key);
CREATE TABLE story_entities (
    story_id INTEGER NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (story_id, entity)
) WITHOUT ROWID;
CREATE INDEX story_entities_entity ON story_entities(entity);
CREATE TABLE story_sources (
    story_id INTEGER NOT NULL,
    source TEXT NOT NULL,
    claims INTEGER NOT NULL,
    corroborated INTEGER NOT NULL,
    single INTEGER NOT NULL,
    contradicted INTEGER NOT NULL,
    against_record INTEGER NOT NULL,
    PRIMARY KEY (story_id, source)
) WITHOUT ROWID;
CREATE TABLE state (name TEXT PRIMARY KEY, watermark INTEGER NOT NULL, blob BLOB NOT NULL);
"""

# version 3: each story's key terms, for storylines (a story stored before has none until it changes)
_V3 = """
CREATE TABLE story_terms (
    story_id INTEGER NOT NULL,
    term INTEGER NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (story_id, term)
) WITHOUT ROWID;
CREATE INDEX story_terms_term ON story_terms(term, story_id);
"""

# version 4: full-text search over titles and texts, folded (no diacritics, "đ" as "d", lowercase) so
# that "Quang Ngai" finds "Quảng Ngãi" (contentless: the index only, rowid = articles.seq); the sources a
# watcher follows, with their HTTP validators, health and the entries already read
_V4 = """
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE sources (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    added TEXT NOT NULL,
    every REAL,
    etag TEXT,
    last_modified TEXT,
    last_check TEXT,
    last_success TEXT,
    last_error TEXT,
    errors INTEGER NOT NULL DEFAULT 0,
    next_check TEXT,
    stored INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE source_entries (
    source TEXT NOT NULL,
    entry TEXT NOT NULL,
    seen TEXT NOT NULL,
    PRIMARY KEY (source, entry)
) WITHOUT ROWID;
"""

# version 5: the entity linker's lexicon (newsloom.entities.lexicon), read by name as articles need it; the
# pipeline fills it from its snapshot or the entities the first time it opens the store
_V5 = """
CREATE TABLE lexicon (
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (name, kind, entity)
) WITHOUT ROWID;
"""

# version 6: where a later version of an article would be read from (its URL or file), and the earlier
# version it replaces; the URLs of the articles stored before are their places
_V6 = """
ALTER TABLE articles ADD COLUMN place TEXT;
ALTER TABLE articles ADD COLUMN revises TEXT;
UPDATE articles SET place = url WHERE url IS NOT NULL;
CREATE INDEX articles_place ON articles(place, seq) WHERE place IS NOT NULL;
CREATE INDEX articles_revises ON articles(revises) WHERE revises IS NOT NULL;
"""

# version 7: places are URLs normalised (model.page_place: tracking parameters dropped), set again in Python;
# a story's `dirty` is 2 when it was written within a run and its storylines wait for the run's end
_V7 = """
DROP INDEX stories_dirty;
CREATE INDEX stories_dirty ON stories(dirty) WHERE dirty > 0;
"""

# version 8: a followed source remembers that the user allowed its private address (watch --allow-private)
_V8 = """
ALTER TABLE sources ADD COLUMN allow_private INTEGER NOT NULL DEFAULT 0;
"""

# version 9: a story's headline and summary words, as written and folded, for the stories filter (`_story_words`)
_V9 = """
ALTER TABLE stories ADD COLUMN words TEXT NOT NULL DEFAULT '';
UPDATE stories SET words = newsloom_story_words(COALESCE(headline, '') || ' ' || COALESCE(summary, ''));
"""

# version 10: a followed source's outlet (watch --source), and the failed tries of a feed's entries whose pages
# could not be read (given up after `[watch] entry_tries`)
_V10 = """
ALTER TABLE sources ADD COLUMN outlet TEXT;
CREATE TABLE entry_tries (
    source TEXT NOT NULL,
    entry TEXT NOT NULL,
    tries INTEGER NOT NULL,
    PRIMARY KEY (source, entry)
) WITHOUT ROWID;
"""


def _told(err: sqlite3.DatabaseError, path: Path) -> Exception:
    """`err` as the store's callers are told it: a damaged file as StoreDamaged, in one line; a locked
    store, a full disk, a broken constraint as they are."""
    if type(err) is not sqlite3.DatabaseError:
        return err
    return StoreDamaged(f"{path}: the store is damaged ({err}); restore a backup, or try `sqlite3 {path} .recover`")


class _Cursor(sqlite3.Cursor):
    """A cursor whose errors are told as `_told` says, wherever SQLite finds them (reading rows too)."""

    def _run(self, method: Callable, *args: Any) -> Any:
        try:
            return method(*args)
        except sqlite3.DatabaseError as err:
            told = _told(err, self.connection.path)
            if told is err:
                raise
            raise told from err

    def execute(self, sql: str, parameters: Any = ()) -> _Cursor:
        return self._run(super().execute, sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any]) -> _Cursor:
        return self._run(super().executemany, sql, parameters)

    def fetchone(self) -> Any:
        return self._run(super().fetchone)

    def fetchmany(self, size: int = 1) -> list[Any]:
        return self._run(super().fetchmany, size)

    def fetchall(self) -> list[Any]:
        return self._run(super().fetchall)

    def __next__(self) -> Any:
        return self._run(super().__next__)


class _Connection(sqlite3.Connection):
    """A connection whose statements run on `_Cursor`s; `path`: the store's file, for its messages."""

    path: Path

    def execute(self, sql: str, parameters: Any = ()) -> _Cursor:
        return self.cursor(_Cursor).execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any]) -> _Cursor:
        return self.cursor(_Cursor).executemany(sql, parameters)


def _connect(path: Path, *, frozen: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are begun explicitly) that waits for other writers;
    `frozen`: read-only, for a store on a read-only file system (nobody can write it, so SQLite is told
    the file never changes and needs no shared memory beside it)."""
    target, uri = (f"{path.resolve().as_uri()}?immutable=1", True) if frozen else (str(path), False)
    con = sqlite3.connect(target, isolation_level=None, timeout=_BUSY_MS / 1000, check_same_thread=False, uri=uri,
                          factory=_Connection)
    con.path = path
    con.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
    con.create_function("newsloom_loose_fold", 1, lambda v: loose_fold(v) if isinstance(v, str) else v,
                        deterministic=True)
    con.create_function("newsloom_fold", 1, lambda v: search_fold(v) if isinstance(v, str) else v,
                        deterministic=True)
    con.create_function("newsloom_story_words", 1, _story_words, deterministic=True)
    return con


class _Checkpointer:
    """Copies what writers committed from the write-ahead log into the database, in a thread of its own,
    where SQLite would do it (and sync the file) inside the commit that filled the log. Measured on a
    store of 45,000 articles: a batch's commit took 55 ms, of which the copy and its sync 35. It copies at
    most once a `DELAY`, the commits of that time together, and not at all in a run shorter than that:
    closing the store's last connection copies the rest (each copy syncs the file, 50 ms or more)."""

    DELAY = 1.0  # seconds

    def __init__(self, path: Path) -> None:
        self.path = path
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="newsloom-checkpoint")
        self._thread.start()

    def poke(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        con: sqlite3.Connection | None = None
        try:
            while not self._stop.is_set():
                self._wake.wait()
                if self._stop.wait(self.DELAY):
                    return
                self._wake.clear()
                con = con or _connect(self.path)
                try:  # PASSIVE: never waits for readers or the writer; what it cannot copy is copied next time
                    con.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except (sqlite3.Error, StoreError) as err:
                    log.debug("%s: checkpoint deferred (%s)", self.path, err)
        finally:
            if con is not None:
                con.close()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()


class SQLiteStore(SQLStore):
    _NO_LIMIT = -1
    _HAS_WORD = "instr(words, ?) > 0"
    _HAS_LANGUAGE = "EXISTS (SELECT 1 FROM json_each(stories.languages) WHERE key = ?)"
    _HAS_SOURCE = "EXISTS (SELECT 1 FROM json_each(stories.sources) WHERE newsloom_loose_fold(value) = ?)"
    _ENTITY_LIST = "json_group_array(DISTINCT m.entity)"
    _FOLLOWED_ORDER = "rowid"

    def __init__(self, path: str | Path = "newsloom.db", *, create: bool = True) -> None:
        """Open (and upgrade) the store at `path`; create it only if `create`. Raises StoreError with one
        line naming the file and the problem, and creates or changes nothing then."""
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._guard = threading.Lock()
        self._checkpointer: _Checkpointer | None = None  # started by the first commit
        self._check_file(create)
        deadline = time.monotonic() + _BUSY_MS / 1000
        while True:
            try:
                self._open_schema()
                break
            except (sqlite3.DatabaseError, StoreDamaged) as told:
                err = told.__cause__ if isinstance(told, StoreDamaged) else told  # SQLite's own words
                # "locked": another process opening the new store at this moment, so try again
                if isinstance(err, sqlite3.OperationalError) and "locked" in str(err) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                self.close()
                if not create and not self.frozen and self._read_only_disk():
                    self.frozen = True
                    continue
                if not os.access(self.path if self.path.exists() else self.path.parent, os.W_OK):
                    raise StoreError(f"{self.path}: cannot be opened: it or its folder is read-only (a read-only "
                                     f"file system, or no permission; {err})") from err
                raise StoreDamaged(f"{self.path}: damaged or not a database ({err})") from err

    # -- opening ---------------------------------------------------------------------------------
    def _read_only_disk(self) -> bool:
        """Whether the store is one to read frozen: it is on a file system mounted read-only (nobody can
        write it; a store this user may not write, another may: read frozen, it would be read stale), and
        nothing committed waits in a write-ahead log beside it (a frozen reader would not see it)."""
        try:
            if not os.statvfs(self.path.parent).f_flag & os.ST_RDONLY:
                return False
        except (OSError, AttributeError):  # no statvfs (Windows)
            return False
        wal = Path(f"{self.path}-wal")
        if wal.exists() and wal.stat().st_size:
            raise StoreError(f"{self.path}: cannot be read here: it is read-only and its latest changes are "
                             f"still in {wal.name} (open it once where it can be written, or copy all its files "
                             "to a folder that can be)")
        return True

    def _check_file(self, create: bool) -> None:
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a store")
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no such store (create one with `newsloom run PATH`)")
            if not self.path.parent.is_dir():
                raise StoreError(f"{self.path}: the folder {self.path.parent} does not exist")
            return
        try:
            with self.path.open("rb") as f:
                head = f.read(len(_HEADER))
        except OSError as err:
            raise StoreError(f"{self.path}: cannot be read ({err.strerror or err})") from err
        if head and head != _HEADER:
            raise StoreError(f"{self.path}: not a newsloom store (not an SQLite database)")
        if not head and not create:  # reading never writes: an empty file stays empty
            raise StoreError(f"{self.path}: an empty file, no store yet (create one with `newsloom run PATH`)")

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection."""
        return self._thread_connection(self._new_connection)

    def _new_connection(self) -> sqlite3.Connection:
        con = _connect(self.path, frozen=self.frozen)
        con.execute("PRAGMA wal_autocheckpoint=0")  # the checkpointer's thread does it (see _Checkpointer)
        return con

    def _open_schema(self) -> None:
        db = self.db
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = 0
        if "meta" in tables:
            row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row and not str(row[0]).isdecimal():
                raise StoreError(f"{self.path}: damaged (its schema version is {str(row[0])[:40]!r}, not a number)")
            version = int(row[0]) if row else 0
        if tables and not ({"meta", "articles"} <= tables and version):
            raise StoreError(f"{self.path}: not a newsloom store (an SQLite database of another program)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer newsloom (schema {version}, this one reads "
                             f"{SCHEMA_VERSION}): upgrade newsloom")
        if self.frozen:
            if version < SCHEMA_VERSION:
                raise StoreError(f"{self.path}: written by an older newsloom (schema {version}) and read-only, "
                                 "so it cannot be brought up to date: open it once where it can be written")
            return
        # turning a new file to WAL needs it alone, and SQLite neither waits for that nor always says it
        # could not: it may answer with the old mode (the caller tries again)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal" and \
                db.execute("PRAGMA journal_mode=WAL").fetchone()[0] != "wal":
            raise sqlite3.OperationalError("database is locked (turning it to WAL)")
        db.execute("PRAGMA synchronous=NORMAL")
        if version < SCHEMA_VERSION:
            self._upgrade(version)

    def _upgrade(self, version: int) -> None:
        """Bring the schema to SCHEMA_VERSION in one transaction; the articles are not read again."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() \
                if db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone() else None
            version = int(row[0]) if row else 0  # another process may have upgraded it meanwhile
            if version >= SCHEMA_VERSION:
                return
            if version < 1:
                for statement in _statements(_V1):
                    db.execute(statement)
            if version < 2:
                for statement in _statements(_V2):
                    db.execute(statement)
                self._index_stored_articles(db)
            if version < 3:
                for statement in _statements(_V3):
                    db.execute(statement)
            if version < 4:
                for statement in _statements(_V4):
                    db.execute(statement)
                for seq, title, text in db.execute("SELECT seq, title, text FROM articles").fetchall():
                    self._index_text(db, seq, title, text)
            if version < 5:
                for statement in _statements(_V5):
                    db.execute(statement)
            if version < 6:
                for statement in _statements(_V6):
                    db.execute(statement)
            if version < 7:
                for statement in _statements(_V7):
                    db.execute(statement)
                # a file's path stays its place when its URL is no page's (a site's front page)
                rows = db.execute("SELECT seq, url, place FROM articles WHERE url IS NOT NULL").fetchall()
                db.executemany("UPDATE articles SET place = ? WHERE seq = ?",
                               [(page_place(url) or (place if place != url else None), seq)
                                for seq, url, place in rows])
            if version < 8:
                for statement in _statements(_V8):
                    db.execute(statement)
            if version < 9:
                for statement in _statements(_V9):
                    db.execute(statement)
            if version < 10:
                for statement in _statements(_V10):
                    db.execute(statement)
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('application', ?)", (APPLICATION,))

    def _index_stored_articles(self, db: sqlite3.Connection) -> None:
        """(Upgrade to 2.) Mentions, claims and near-duplicate bands of the articles stored before."""
        from newsloom.dedup import band_keys

        for seq, aid, story_id, data, minhash in db.execute(
                "SELECT seq, id, story_id, data, minhash FROM articles ORDER BY seq").fetchall():
            a = Article(id=aid, origin="", title="", text="", story_id=story_id, seq=seq)
            load_data(a, data)
            self._index_article(db, a)
            if minhash is not None:
                self._add_bands(db, aid, band_keys(np.frombuffer(minhash, dtype=np.uint64)))

    def close(self) -> None:
        with self._guard:
            if self._checkpointer is not None:
                self._checkpointer.stop()
                self._checkpointer = None
            self._close_connections()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        if db.in_transaction:  # nested: part of the enclosing one
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")
            self._checkpoint()

    def _checkpoint(self) -> None:
        with self._guard:
            if self._checkpointer is None:
                self._checkpointer = _Checkpointer(self.path)
            self._checkpointer.poke()

    @contextmanager
    def writer(self, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        # an OS lock on a file beside the store: the system releases it when its holder dies, even by SIGKILL
        lock = FileLock(f"{self.path}.lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if not wait:
                raise WriterBusy(f"{self.path}: another newsloom process is writing to it "
                                 "(try again when it has finished)") from None
            if on_wait:
                on_wait(f"waiting for another newsloom process writing to {self.path} to finish ...")
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    def writing(self) -> bool:
        lock = FileLock(f"{self.path}.lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return True
        except OSError:  # a store on a read-only disk: nobody writes to it
            return False
        lock.release()
        return False

    # -- what SQLite writes its own way ------------------------------------------------------------
    @staticmethod
    def _index_text(db: sqlite3.Connection, seq: int, title: str, text: str) -> None:
        db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                   (seq, search_fold(title), search_fold(text)))

    def search_text(self, query: str, limit: int = 50) -> list[TextHit]:
        words = re.findall(r"\w+", search_fold(query))
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
        rows = self.db.execute(
            "SELECT f.rowid, a.id, -bm25(articles_fts, 3.0, 1.0) FROM articles_fts f JOIN articles a ON a.seq = f.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT ?", (match, limit)).fetchall()
        return [TextHit(seq, aid, float(score)) for seq, aid, score in rows]

    def _entities_containing(self, folded: str, limit: int) -> list[tuple]:
        names = "COALESCE((SELECT group_concat(j.key, char(31)) FROM json_each(aliases) j), '')"
        # not language data: SQL (its || joins strings)
        return self.db.execute(f"SELECT key, name, label, aliases FROM entities WHERE instr(newsloom_fold(key || "
                               f"char(31) || name || char(31) || {names}), ?) > 0 ORDER BY key LIMIT ?",
                               (folded, limit)).fetchall()

