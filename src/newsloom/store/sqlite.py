"""The default store: one SQLite file in WAL mode, one connection per thread, one writer at a time.

Besides the articles (with everything the in-memory indexes need: vectors, MinHash signatures, term
counts, story membership) it keeps what readers show, written when a story changes: story rows with
their digests, mentions and claims in indexed tables, the near-duplicate bands, and the pipeline's
snapshot. The schema is versioned; an older store is upgraded in place when it is opened.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from newsloom.model import Article, Entity, page_place
from newsloom.store.base import (
    ArticleBrief,
    IndexRow,
    SortOrder,
    SourceState,
    Store,
    StoreDamaged,
    StoreError,
    StoryFilter,
    StorylineRow,
    StoryRow,
    TextHit,
    WriterBusy,
)
from newsloom.store.codec import article_data, from_iso, iso, load_data, vec_bytes, vec_from
from newsloom.text.folding import search_fold

SCHEMA_VERSION = 9
APPLICATION = "newsloom"
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

_REPLACED = "EXISTS (SELECT 1 FROM articles AS later WHERE later.revises = {})"  # of an article id column

_ARTICLE_COLS = ("seq, id, origin, title, text, url, source, published, lang, lang_confidence, story_id, copy_of,"
                 " data, embedding, minhash, place, revises,"
                 " (SELECT later.id FROM articles AS later WHERE later.revises = articles.id)")
# a story's storyline as readers see it: none while the story is alone in it (`storylines` lists from two)
def _held(story_id: object) -> bool:
    """Whether SQLite can hold the id: a larger one ("show 99999999999999999999") names no story."""
    return isinstance(story_id, int) and -(2**63) <= story_id < 2**63


_SHOWN_LINE = ("(CASE WHEN EXISTS (SELECT 1 FROM stories AS other WHERE other.storyline_id = stories.storyline_id"
               " AND other.id != stories.id AND other.digest IS NOT NULL) THEN stories.storyline_id END)")
_STORY_COLS = (f"id, headline, summary, {_SHOWN_LINE}, first_seen, last_seen, article_count, languages, sources,"
               " claims, conflicts, latest_seq")
_CHUNK = 500  # ids per IN (...) list


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def utc_key(d: datetime | None) -> str | None:
    """A datetime as a sortable UTC string (naive ones are taken as UTC)."""
    if d is None:
        return None
    d = d if d.tzinfo else d.replace(tzinfo=UTC)
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _digest(row: tuple) -> dict[str, Any]:
    """A stored digest with the story's storyline as it is now (storylines join after digests are written)."""
    d = json.loads(row[0])
    d["storyline_id"] = row[1]
    return d


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
    con.create_function("newsloom_casefold", 1, lambda v: v.casefold() if isinstance(v, str) else v,
                        deterministic=True)
    con.create_function("newsloom_fold", 1, lambda v: search_fold(v) if isinstance(v, str) else v,
                        deterministic=True)
    con.create_function("newsloom_story_words", 1, _story_words, deterministic=True)
    return con


_WORD = re.compile(r"\w+")


def _story_words(text: str) -> str:
    """A story's words for the stories filter, each as written (lowercase, after "=") and folded: "Cà phê
    xuất khẩu" -> " =cà =phê =xuất =khẩu ca phe xuat khau ". A word asked with marks matches as written ("bão"
    is not "báo"), one without in any form ("ca phe" finds "Cà phê")."""
    low = unicodedata.normalize("NFC", text).lower()
    return (" " + " ".join("=" + w for w in _WORD.findall(low)) + " "
            + " ".join(_WORD.findall(search_fold(text))) + " ")


def _asked_words(q: str) -> list[str]:
    """What each word of a stories filter looks for in `_story_words`, from a word's start."""
    low = unicodedata.normalize("NFC", q).lower()
    return [f" ={w}" if search_fold(w) != w else f" {w}" for w in _WORD.findall(low)]


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


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class SQLiteStore(Store):
    def __init__(self, path: str | Path = "newsloom.db", *, create: bool = True) -> None:
        """Open (and upgrade) the store at `path`; create it only if `create`. Raises StoreError with one
        line naming the file and the problem, and creates or changes nothing then."""
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
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
        con = getattr(self._local, "con", None)
        if con is None:
            con = _connect(self.path, frozen=self.frozen)
            con.execute("PRAGMA wal_autocheckpoint=0")  # the checkpointer's thread does it (see _Checkpointer)
            self._local.con = con
            with self._guard:
                self._connections.append(con)
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
            for con in self._connections:
                con.close()
            self._connections.clear()
        self._local = threading.local()

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

    # -- meta ------------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- articles --------------------------------------------------------------------------------
    def origin_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT origin FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def add_article(self, a: Article, minhash: bytes | None, terms: bytes | None, bands: Iterable[int] = ()) -> int:
        db = self.db
        try:
            cur = db.execute(
                "INSERT INTO articles(id, origin, title, text, url, source, published, lang, lang_confidence,"
                " story_id, copy_of, data, embedding, minhash, terms, place, revises)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.id, a.origin, a.title, a.text, a.url, a.source, iso(a.published), a.lang, a.lang_confidence,
                 a.story_id, a.copy_of, article_data(a), vec_bytes(a.embedding), minhash, terms, a.place,
                 a.revises),
            )
        except sqlite3.IntegrityError as err:  # the UNIQUE id: nothing of this article was written
            raise StoreError(f"{self.path}: article {a.id} is stored already") from err
        seq = int(cur.lastrowid or 0)
        self._index_article(db, a)
        self._index_text(db, seq, a.title, a.text)
        self._add_bands(db, a.id, bands)
        return seq

    @staticmethod
    def _index_text(db: sqlite3.Connection, seq: int, title: str, text: str) -> None:
        db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                   (seq, search_fold(title), search_fold(text)))

    @staticmethod
    def _index_article(db: sqlite3.Connection, a: Article) -> None:
        db.executemany("INSERT INTO mentions(article_id, story_id, entity, label) VALUES (?,?,?,?)",
                       [(a.id, a.story_id, m.entity, m.label) for m in a.mentions if m.entity])
        db.executemany("INSERT INTO claims(article_id, story_id, kind, slot, value, subject) VALUES (?,?,?,?,?,?)",
                       [(a.id, a.story_id, c.kind, c.slot, c.value, c.subject) for c in a.claims])

    @staticmethod
    def _add_bands(db: sqlite3.Connection, article_id: str, bands: Iterable[int]) -> None:
        db.executemany("INSERT INTO bands(key, article_id) VALUES (?, ?)", [(k, article_id) for k in bands])

    def add_copy(self, article_id: str, origin: str, source: str | None, url: str | None) -> bool:
        cur = self.db.execute("INSERT OR IGNORE INTO copies(article_id, origin, source, url) VALUES (?,?,?,?)",
                              (article_id, origin, source, url))
        return cur.rowcount > 0

    def copies(self, article_ids: Iterable[str]) -> list[tuple[str, str, str | None, str | None]]:
        out: list[tuple[str, str, str | None, str | None]] = []
        for ids in _chunks(list(article_ids)):
            marks = ",".join("?" * len(ids))
            out += self.db.execute(f"SELECT article_id, origin, source, url FROM copies WHERE article_id IN ({marks})",
                                   ids).fetchall()
        return sorted(out, key=lambda r: r[1])

    def latest_at(self, place: str) -> tuple[str, bytes | None, int | None] | None:
        row = self.db.execute("SELECT id, minhash, story_id FROM articles WHERE place=? ORDER BY seq DESC LIMIT 1",
                              (place,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def near_candidates(self, bands: Iterable[int]) -> list[tuple[str, bytes]]:
        keys = list(bands)
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return self.db.execute(
            f"SELECT id, minhash FROM articles WHERE id IN (SELECT article_id FROM bands WHERE key IN ({marks}))"
            " AND minhash IS NOT NULL ORDER BY seq", keys).fetchall()

    def _article(self, r: tuple) -> Article:
        a = Article(id=r[1], origin=r[2], title=r[3], text=r[4], url=r[5], source=r[6], published=from_iso(r[7]),
                    lang=r[8], lang_confidence=r[9] or 0.0, story_id=r[10], copy_of=r[11],
                    embedding=vec_from(r[13]), seq=r[0],
                    minhash=None if r[14] is None else np.frombuffer(r[14], dtype=np.uint64),
                    place=r[15], revises=r[16], revised_by=r[17])
        load_data(a, r[12])
        return a

    def articles(self, story_id: int | None = None) -> list[Article]:
        if story_id is None:
            rows = self.db.execute(f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY seq")
        else:
            rows = self.db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE story_id=? ORDER BY seq", (story_id,))
        return [self._article(r) for r in rows]

    def articles_with_ids(self, ids: Iterable[str]) -> list[Article]:
        rows: list[tuple] = []
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({marks})", chunk).fetchall()
        return [self._article(r) for r in sorted(rows)]

    def story_members(self, story_id: int) -> list[tuple[str, datetime | None]]:
        rows = self.db.execute("SELECT id, published FROM articles WHERE story_id=? ORDER BY seq", (story_id,))
        return [(r[0], from_iso(r[1])) for r in rows]

    def story_of(self, article_id: str) -> int | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def max_seq(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])

    def article_stories(self) -> list[tuple[str, str, int | None]]:
        return self.db.execute("SELECT id, origin, story_id FROM articles ORDER BY seq").fetchall()

    def index_rows(self, after: int = 0, stories: Iterable[int] | None = None) -> Iterator[IndexRow]:
        cols = "seq, id, story_id, copy_of, lang, published, title, embedding, minhash, terms, data, revises"
        if stories is None:
            rows: Iterable[tuple] = self.db.execute(f"SELECT {cols} FROM articles WHERE seq > ? ORDER BY seq", (after,))
        else:
            found: list[tuple] = []
            for chunk in _chunks(sorted(set(stories))):
                marks = ",".join("?" * len(chunk))
                found += self.db.execute(f"SELECT {cols} FROM articles WHERE seq > ? AND story_id IN ({marks})",
                                         [after, *chunk]).fetchall()
            rows = sorted(found)
        for r in rows:
            yield IndexRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], vec_from(r[7]), r[8], r[9], r[10], r[11])

    def article_terms(self, ids: Iterable[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"SELECT id, terms FROM articles WHERE id IN ({marks}) AND terms IS NOT NULL"
                                       " AND terms != x''", chunk).fetchall())
        return out

    # -- stories ---------------------------------------------------------------------------------
    def touch_story(self, story_id: int) -> None:
        self.db.execute("INSERT INTO stories(id, storyline_id, dirty) VALUES (?, ?, 1) ON CONFLICT(id) DO UPDATE"
                        " SET dirty=1", (story_id, story_id))

    def max_story_id(self) -> int:
        row = self.db.execute("SELECT MAX(id) FROM stories").fetchone()
        return int(row[0] or 0)

    def dirty_stories(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE dirty=1 ORDER BY id")]

    def unlinked_stories(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE dirty=2 ORDER BY id")]

    def mark_unlinked(self, story_ids: Iterable[int]) -> None:
        self.db.executemany("UPDATE stories SET dirty=2 WHERE id=? AND dirty=0", [(s,) for s in story_ids])

    def unpublished(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE digest IS NULL AND dirty=0 ORDER BY id")]

    def save_story(self, row: StoryRow, digest: dict[str, Any], conflicts: int, claims: int,
                   top_entities: Iterable[str] | None, centroid: np.ndarray | None,
                   source_scores: Iterable[tuple[str, int, int, int, int, int]],
                   terms: Mapping[int, float] | None = None) -> None:
        db = self.db
        summary = json.dumps(row.summary, ensure_ascii=False)
        db.execute(
            "UPDATE stories SET headline=?, summary=?, first_seen=?, last_seen=?, first_utc=?, last_utc=?,"
            " article_count=?, languages=?, sources=?, claims=?, conflicts=?, latest_seq=?, digest=?,"
            " storyline_id=COALESCE(storyline_id, id), words=? WHERE id=?",
            (row.headline, summary, iso(row.first_seen), iso(row.last_seen),
             utc_key(row.first_seen), utc_key(row.last_seen), row.article_count,
             json.dumps(row.languages, ensure_ascii=False), json.dumps(row.sources, ensure_ascii=False),
             claims, conflicts, row.latest_seq, json.dumps(digest, ensure_ascii=False, separators=(",", ":")),
             _story_words(f"{row.headline} {summary}"), row.id))
        self.save_profile(row.id, centroid, top_entities, terms)
        db.execute("DELETE FROM story_sources WHERE story_id=?", (row.id,))
        db.executemany("INSERT INTO story_sources(story_id, source, claims, corroborated, single, contradicted,"
                       " against_record) VALUES (?,?,?,?,?,?,?)", [(row.id, *s) for s in source_scores])

    def save_profile(self, story_id: int, centroid: np.ndarray | None, top_entities: Iterable[str] | None,
                     terms: Mapping[int, float] | None = None) -> None:
        db = self.db
        db.execute("UPDATE stories SET centroid=COALESCE(?, centroid), dirty=0 WHERE id=?",
                   (vec_bytes(centroid), story_id))
        if top_entities is not None:
            db.execute("DELETE FROM story_entities WHERE story_id=?", (story_id,))
            db.executemany("INSERT OR IGNORE INTO story_entities(story_id, entity) VALUES (?, ?)",
                           [(story_id, e) for e in top_entities])
        if terms is not None:
            db.execute("DELETE FROM story_terms WHERE story_id=?", (story_id,))
            db.executemany("INSERT INTO story_terms(story_id, term, weight) VALUES (?, ?, ?)",
                           [(story_id, int(t), float(w)) for t, w in terms.items()])

    def storyline_of(self, story_id: int) -> int | None:
        row = self.db.execute("SELECT COALESCE(storyline_id, id) FROM stories WHERE id=?", (story_id,)).fetchone()
        return row[0] if row else None

    def join_storylines(self, a: int, b: int) -> None:
        la, lb = self.storyline_of(a), self.storyline_of(b)
        if la is None or lb is None or la == lb:
            return
        low, high = min(la, lb), max(la, lb)
        self.db.execute("UPDATE stories SET storyline_id=? WHERE storyline_id=?", (low, high))
        self.db.execute("UPDATE stories SET storyline_id=? WHERE id=? AND storyline_id IS NULL", (low, high))

    def storylines(self) -> dict[int, int | None]:
        return dict(self.db.execute("SELECT id, storyline_id FROM stories ORDER BY id").fetchall())

    def stories_sharing(self, entities: Iterable[str], at_least: int, latest: int = 200) -> list[tuple[int, np.ndarray]]:
        keys = sorted(set(entities))
        if len(keys) < at_least:
            return []
        rows: list[tuple] = []
        for chunk in _chunks(self._sharing("story_entities", "entity", keys, at_least, latest)):
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"SELECT id, centroid FROM stories WHERE id IN ({marks}) AND centroid IS NOT NULL",
                                    chunk).fetchall()
        return [(r[0], np.frombuffer(r[1], dtype=np.float32)) for r in sorted(rows)]

    def stories_by_terms(self, terms: Iterable[int], at_least: int, latest: int = 200) -> dict[int, dict[int, float]]:
        return self.story_terms(self._sharing("story_terms", "term", sorted({int(t) for t in terms}), at_least, latest))

    def story_terms(self, ids: Iterable[int]) -> dict[int, dict[int, float]]:
        out: dict[int, dict[int, float]] = {}
        for chunk in _chunks(sorted({int(i) for i in ids})):
            marks = ",".join("?" * len(chunk))
            for sid, term, weight in self.db.execute(
                    f"SELECT story_id, term, weight FROM story_terms WHERE story_id IN ({marks})", chunk):
                out.setdefault(sid, {})[term] = weight
        return out

    def storyline_terms(self, line: int, latest: int) -> dict[int, float]:
        return dict(self.db.execute(
            "SELECT term, SUM(weight) FROM story_terms WHERE story_id IN (SELECT id FROM stories WHERE storyline_id=?"
            " AND EXISTS (SELECT 1 FROM story_terms t WHERE t.story_id=stories.id) ORDER BY id DESC LIMIT ?)"
            " GROUP BY term", (line, latest)).fetchall())

    def _sharing(self, table: str, column: str, keys: list, at_least: int, latest: int) -> list[int]:
        """The stories having at least `at_least` of `keys` in `table` (story_entities or story_terms), among
        the `latest` stories having each: by the index (key, story_id), so the cost stays flat as stories pile up."""
        shared: dict[int, int] = {}
        for key in keys:
            for (sid,) in self.db.execute(f"SELECT story_id FROM {table} WHERE {column}=? ORDER BY story_id DESC"
                                          " LIMIT ?", (key, latest)):
                shared[sid] = shared.get(sid, 0) + 1
        return sorted(sid for sid, n in shared.items() if n >= at_least)

    @staticmethod
    def _where(f: StoryFilter | None) -> tuple[str, list]:
        clauses = ["article_count >= ?"]
        args: list = [f.min_articles if f else 1]
        if f is None:
            return " WHERE " + clauses[0], args
        for asked in _asked_words(f.q or ""):  # each word from a word's start, in the headline or summary
            clauses.append("instr(words, ?)")
            args.append(asked)
        if f.lang:
            clauses.append("EXISTS (SELECT 1 FROM json_each(stories.languages) WHERE key = ?)")
            args.append(f.lang)
        if f.source:  # case ignored, as search's source filter ignores it
            clauses.append("EXISTS (SELECT 1 FROM json_each(stories.sources) WHERE newsloom_casefold(value) = ?)")
            args.append(f.source.casefold())
        if f.entity:
            clauses.append("id IN (SELECT story_id FROM mentions WHERE entity = ? AND NOT "  # current versions
                           + _REPLACED.format("mentions.article_id") + ")")
            args.append(f.entity)
        if f.since:
            clauses.append("last_utc >= ?")
            args.append(utc_key(f.since))
        if f.until:
            clauses.append("first_utc <= ?")
            args.append(utc_key(f.until))
        if f.storyline is not None:
            clauses.append("storyline_id = ?")
            args.append(f.storyline if _held(f.storyline) else -1)  # an id SQLite cannot hold names none
        if f.contested:
            clauses.append("conflicts > 0")
        return " WHERE " + " AND ".join(clauses), args

    _ORDER = {
        "recent": "last_utc IS NULL, last_utc DESC, latest_seq DESC, id DESC",
        "size": "article_count DESC, id",
        "contested": "conflicts DESC, article_count DESC, id",
        "id": "id",
    }

    def stories(self, where: StoryFilter | None = None, sort: SortOrder = "recent", limit: int | None = None,
                offset: int = 0) -> list[StoryRow]:
        if sort not in self._ORDER:
            raise ValueError(f"sort: {sort!r} is not one of {', '.join(self._ORDER)}")
        clause, args = self._where(where)
        rows = self.db.execute(f"SELECT {_STORY_COLS} FROM stories{clause} ORDER BY {self._ORDER[sort]}"
                               " LIMIT ? OFFSET ?", [*args, -1 if limit is None else limit, offset])
        out = [self._story_row(r) for r in rows]
        by_id = {row.id: row for row in out}
        for i in range(0, len(out), _CHUNK):  # each row's articles, as `story` gives them
            chunk = [row.id for row in out[i:i + _CHUNK]]
            for story_id, article_id in self.db.execute(
                    f"SELECT story_id, id FROM articles WHERE story_id IN ({','.join('?' * len(chunk))}) ORDER BY seq",
                    chunk):
                by_id[story_id].article_ids.append(article_id)
        return out

    def count_stories(self, where: StoryFilter | None = None) -> int:
        clause, args = self._where(where)
        return int(self.db.execute(f"SELECT COUNT(*) FROM stories{clause}", args).fetchone()[0])

    _LINES = "FROM stories WHERE digest IS NOT NULL GROUP BY storyline_id HAVING COUNT(*) >= ?"  # written stories

    def storyline_rows(self, min_stories: int = 2, limit: int | None = None, offset: int = 0) -> list[StorylineRow]:
        def of_line(column: str, order: str) -> str:  # a column of the line's first or latest written story
            return (f"(SELECT {column} FROM stories AS s WHERE s.storyline_id = stories.storyline_id AND s.digest IS"
                    f" NOT NULL ORDER BY {order} LIMIT 1)")
        latest = "s.last_utc IS NULL, s.last_utc DESC, s.latest_seq DESC"
        rows = self.db.execute(f"SELECT storyline_id, COUNT(*), SUM(article_count),"
                               f" {of_line('first_seen', 's.first_utc IS NULL, s.first_utc, s.id')},"
                               f" {of_line('last_seen', latest)}, {of_line('headline', latest)}"
                               f" {self._LINES} ORDER BY MAX(last_utc) IS NULL, MAX(last_utc) DESC, MAX(latest_seq)"
                               " DESC LIMIT ? OFFSET ?", (min_stories, -1 if limit is None else limit, offset)).fetchall()
        # the times as their stories give them, each with the offset it was published at
        return [StorylineRow(line, stories, articles or 0, from_iso(first), from_iso(last), headline)
                for line, stories, articles, first, last, headline in rows]

    def count_storylines(self, min_stories: int = 2) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 {self._LINES})", (min_stories,)).fetchone()[0])

    @staticmethod
    def _story_row(r: tuple) -> StoryRow:
        return StoryRow(id=r[0], headline=r[1], summary=json.loads(r[2]), storyline_id=r[3],
                        first_seen=from_iso(r[4]), last_seen=from_iso(r[5]), article_count=r[6],
                        languages=json.loads(r[7]), sources=json.loads(r[8]), claims=r[9], conflicts=r[10],
                        latest_seq=r[11])

    def story(self, story_id: int) -> StoryRow | None:
        if not _held(story_id):
            return None
        r = self.db.execute(f"SELECT {_STORY_COLS} FROM stories WHERE id=?", (story_id,)).fetchone()
        if r is None:
            return None
        row = self._story_row(r)
        row.article_ids = [i for i, _ in self.story_members(story_id)]
        return row if row.article_ids else None

    def digest(self, story_id: int) -> dict[str, Any] | None:
        if not _held(story_id):
            return None
        row = self.db.execute(f"SELECT digest, {_SHOWN_LINE} FROM stories WHERE id=? AND digest IS NOT NULL",
                              (story_id,)).fetchone()
        return _digest(row) if row else None

    def contested(self) -> list[dict[str, Any]]:
        return [_digest(r) for r in self.db.execute(
            f"SELECT digest, {_SHOWN_LINE} FROM stories WHERE conflicts > 0 AND digest IS NOT NULL ORDER BY id")]

    def source_scores(self) -> list[tuple[str, int, int, int, int, int]]:
        return self.db.execute(
            "SELECT source, SUM(claims), SUM(corroborated), SUM(single), SUM(contradicted), SUM(against_record)"
            " FROM story_sources GROUP BY source ORDER BY SUM(claims) DESC, source").fetchall()

    # -- entities --------------------------------------------------------------------------------
    def save_entities(self, entities: Iterable[Entity]) -> None:
        self.db.executemany(
            "INSERT INTO entities(key, name, label, aliases) VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET"
            " name=excluded.name, label=excluded.label, aliases=excluded.aliases",
            [(e.key, e.name, e.label, json.dumps({a: e.counts.get(a, 0) for a in sorted(e.aliases)},
                                                  ensure_ascii=False)) for e in entities])

    def entities(self, keys: Iterable[str] | None = None) -> list[Entity]:
        if keys is None:
            rows = self.db.execute("SELECT key, name, label, aliases FROM entities ORDER BY key").fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(keys))):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(f"SELECT key, name, label, aliases FROM entities WHERE key IN ({marks})",
                                        chunk).fetchall()
            rows.sort()
        out = []
        for key, name, label, aliases in rows:
            counts = json.loads(aliases)  # alias -> weighted uses
            out.append(Entity(key=key, name=name, label=label, aliases=set(counts), counts=counts))
        return out

    def lexicon(self, names: Iterable[str]) -> list[tuple[str, str, str]]:
        rows: list[tuple[str, str, str]] = []
        for chunk in _chunks(sorted(set(names))):
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"SELECT kind, name, entity FROM lexicon WHERE name IN ({marks})",
                                    chunk).fetchall()
        return rows

    def add_lexicon(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO lexicon(kind, name, entity) VALUES (?,?,?)", rows)

    _FOUND_MAX = 5000  # entities a name search ranks at most (the first by key)

    def find_entities(self, name: str, limit: int = 20) -> list[Entity]:
        wanted = " ".join(search_fold(name).split())
        if not wanted or limit <= 0:
            return []
        db = self.db
        names = "COALESCE((SELECT group_concat(j.key, char(31)) FROM json_each(aliases) j), '')"
        # not language data: SQL (its || joins strings)
        rows = db.execute(f"SELECT key, name, label, aliases FROM entities WHERE instr(newsloom_fold(key || char(31)"
                          f" || name || char(31) || {names}), ?) > 0 ORDER BY key LIMIT ?",
                          (wanted, self._FOUND_MAX)).fetchall()
        found = []
        for key, label_name, label, aliases in rows:
            counts = json.loads(aliases)
            folded = [" ".join(search_fold(n).split()) for n in (label_name, *counts)]
            rank = 0 if wanted in folded else 1 if any(n.startswith(wanted) for n in folded) else 2
            found.append((rank, -sum(counts.values()), key,
                          Entity(key=key, name=label_name, label=label, aliases=set(counts), counts=counts)))
        found.sort(key=lambda f: f[:3])
        return [f[3] for f in found[:limit]]

    # -- snapshot --------------------------------------------------------------------------------
    def load_state(self) -> tuple[int, bytes] | None:
        row = self.db.execute("SELECT watermark, blob FROM state WHERE name='pipeline'").fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def save_state(self, watermark: int, blob: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO state(name, watermark, blob) VALUES ('pipeline', ?, ?)",
                        (watermark, blob))

    # -- search -----------------------------------------------------------------------------------
    def search_text(self, query: str, limit: int = 50) -> list[TextHit]:
        words = re.findall(r"\w+", search_fold(query))
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
        rows = self.db.execute(
            "SELECT f.rowid, a.id, -bm25(articles_fts, 3.0, 1.0) FROM articles_fts f JOIN articles a ON a.seq = f.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT ?", (match, limit)).fetchall()
        return [TextHit(seq, aid, float(score)) for seq, aid, score in rows]

    def article_vectors(self, after: int = 0) -> Iterator[tuple[int, str, np.ndarray]]:
        cur = self.db.execute("SELECT seq, id, embedding FROM articles WHERE seq > ? AND embedding IS NOT NULL"
                              " ORDER BY seq", (after,))
        for seq, aid, blob in cur:
            yield seq, aid, vec_from(blob)

    def articles_naming(self, entities: Iterable[str], limit: int = 100) -> list[tuple[int, frozenset[str]]]:
        keys = sorted(set(entities))
        if not keys or limit <= 0:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT a.seq, json_group_array(DISTINCT m.entity) FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.entity IN ({marks}) AND NOT {_REPLACED.format('a.id')} GROUP BY a.seq"
            " ORDER BY count(DISTINCT m.entity) DESC, count(*) DESC, a.seq DESC LIMIT ?", (*keys, limit)).fetchall()
        return [(seq, frozenset(json.loads(named))) for seq, named in rows]

    def article_briefs(self, seqs: Iterable[int]) -> list[ArticleBrief]:
        rows: list[tuple] = []
        for chunk in _chunks(sorted(set(seqs))):
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute("SELECT seq, id, story_id, title, text, url, source, published, lang, origin FROM articles"
                                    f" WHERE seq IN ({marks}) AND NOT {_REPLACED.format('articles.id')} ORDER BY seq",
                                    chunk).fetchall()
        return [ArticleBrief(*r[:7], from_iso(r[7]), r[8], r[9]) for r in rows]

    # -- followed sources ------------------------------------------------------------------------
    _SOURCE_COLS = ("url, kind, added, every, etag, last_modified, last_check, last_success, last_error, errors,"
                    " next_check, stored, allow_private")

    @staticmethod
    def _source_row(r: tuple) -> SourceState:
        return SourceState(r[0], r[1], from_iso(r[2]), r[3], r[4], r[5], from_iso(r[6]), from_iso(r[7]), r[8],
                           r[9], from_iso(r[10]), r[11], bool(r[12]))

    def follow(self, url: str, kind: str, every: float | None = None, allow_private: bool = False) -> bool:
        cur = self.db.execute("INSERT OR IGNORE INTO sources(url, kind, added, every, allow_private)"
                              " VALUES (?, ?, ?, ?, ?)", (url, kind, iso(datetime.now(UTC)), every, int(allow_private)))
        return cur.rowcount > 0

    def unfollow(self, url: str) -> bool:
        with self.transaction() as db:
            db.execute("DELETE FROM source_entries WHERE source = ?", (url,))
            return db.execute("DELETE FROM sources WHERE url = ?", (url,)).rowcount > 0

    def sources(self) -> list[SourceState]:
        rows = self.db.execute(f"SELECT {self._SOURCE_COLS} FROM sources ORDER BY rowid").fetchall()
        return [self._source_row(r) for r in rows]

    def source(self, url: str) -> SourceState | None:
        row = self.db.execute(f"SELECT {self._SOURCE_COLS} FROM sources WHERE url = ?", (url,)).fetchone()
        return self._source_row(row) if row else None

    def save_source(self, state: SourceState) -> None:
        self.db.execute(
            "UPDATE sources SET kind=?, every=?, etag=?, last_modified=?, last_check=?, last_success=?, last_error=?,"
            " errors=?, next_check=?, stored=?, allow_private=? WHERE url=?",
            (state.kind, state.every, state.etag, state.last_modified, iso(state.last_check), iso(state.last_success),
             state.last_error, state.errors, iso(state.next_check), state.stored, int(state.allow_private), state.url))

    def entries_seen_at(self, url: str, entries: Iterable[str]) -> dict[str, datetime]:
        seen: dict[str, datetime] = {}
        for chunk in _chunks(list(entries)):
            marks = ",".join("?" * len(chunk))
            seen.update((r[0], from_iso(r[1])) for r in self.db.execute(
                f"SELECT entry, seen FROM source_entries WHERE source = ? AND entry IN ({marks})", [url, *chunk]))
        return seen

    def mark_seen(self, url: str, entries: Iterable[str]) -> None:
        now = iso(datetime.now(UTC))
        self.db.executemany("INSERT OR REPLACE INTO source_entries(source, entry, seen) VALUES (?, ?, ?)",
                            [(url, e, now) for e in entries])

    def fingerprint(self) -> list[list[tuple]]:
        db = self.db
        arts = db.execute("SELECT id, origin, story_id, copy_of, lang, data, place, revises FROM articles"
                          " ORDER BY seq").fetchall()
        stories = db.execute("SELECT id, headline, summary, storyline_id FROM stories ORDER BY id").fetchall()
        ents = db.execute("SELECT key, name, label, aliases FROM entities ORDER BY key").fetchall()
        copies = db.execute("SELECT * FROM copies ORDER BY article_id, origin").fetchall()
        return [arts, stories, ents, copies]
