"""SQLite store: articles, stories, entities and storylines, written in transactions.

Everything the in-memory indexes need (vectors, MinHash signatures, term counts, story membership) is
stored with each article, so indexes are rebuilt from the store and a killed run loses at most the batch
it was writing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from newsloom.model import Article, Entity, Story
from newsloom.store.codec import article_data, from_iso, iso, load_data, vec_bytes, vec_from

SCHEMA_VERSION = 1

_SCHEMA = """
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


class StoreError(RuntimeError):
    pass


@dataclass
class IndexRow:
    """What the in-memory indexes need of a stored article."""

    seq: int
    id: str
    story_id: int | None
    copy_of: str | None
    lang: str | None
    published: str | None
    title: str
    embedding: np.ndarray | None
    minhash: bytes | None
    terms: bytes | None
    data: str


class Store:
    def __init__(self, path: str | Path = "newsloom.db") -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), isolation_level=None)  # explicit transactions only
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        has_meta = self.db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
        version = 0
        if has_meta:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this newsloom ({SCHEMA_VERSION}): "
                "upgrade newsloom"
            )
        if version < SCHEMA_VERSION:
            with self.transaction():
                for statement in _statements():
                    self.db.execute(statement)
                self.db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- articles ------------------------------------------------------------
    def origin_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT origin FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def add_article(self, a: Article, minhash: bytes | None, terms: bytes | None) -> int:
        """Insert one article (inside a transaction); returns its arrival sequence number."""
        cur = self.db.execute(
            "INSERT INTO articles(id, origin, title, text, url, source, published, lang, lang_confidence,"
            " story_id, copy_of, data, embedding, minhash, terms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.origin, a.title, a.text, a.url, a.source, iso(a.published), a.lang, a.lang_confidence,
             a.story_id, a.copy_of, article_data(a), vec_bytes(a.embedding), minhash, terms),
        )
        return int(cur.lastrowid or 0)

    def add_copy(self, article_id: str, origin: str, source: str | None, url: str | None) -> bool:
        """Record that `origin` carried the exact text of a stored article; False if known already."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO copies(article_id, origin, source, url) VALUES (?,?,?,?)",
            (article_id, origin, source, url),
        )
        return cur.rowcount > 0

    def copies(self, article_ids: Iterable[str]) -> list[tuple[str, str, str | None, str | None]]:
        ids = list(article_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self.db.execute(
            f"SELECT article_id, origin, source, url FROM copies WHERE article_id IN ({marks}) ORDER BY origin", ids
        ).fetchall()

    def index_rows(self) -> Iterator[IndexRow]:
        cur = self.db.execute(
            "SELECT seq, id, story_id, copy_of, lang, published, title, embedding, minhash, terms, data"
            " FROM articles ORDER BY seq"
        )
        for r in cur:
            yield IndexRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], vec_from(r[7]), r[8], r[9], r[10])

    def _article(self, r: tuple) -> Article:
        a = Article(
            id=r[1], origin=r[2], title=r[3], text=r[4], url=r[5], source=r[6], published=from_iso(r[7]),
            lang=r[8], lang_confidence=r[9] or 0.0, story_id=r[10], copy_of=r[11], embedding=vec_from(r[13]),
            seq=r[0],
        )
        load_data(a, r[12])
        return a

    _COLS = ("seq, id, origin, title, text, url, source, published, lang, lang_confidence, story_id, copy_of,"
             " data, embedding")

    def articles(self, story_id: int | None = None) -> list[Article]:
        if story_id is None:
            rows = self.db.execute(f"SELECT {self._COLS} FROM articles ORDER BY seq")
        else:
            rows = self.db.execute(f"SELECT {self._COLS} FROM articles WHERE story_id=? ORDER BY seq", (story_id,))
        return [self._article(r) for r in rows]

    def articles_with_ids(self, ids: Iterable[str]) -> list[Article]:
        """The stored articles among `ids`, in arrival order."""
        ids = list(ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {self._COLS} FROM articles WHERE id IN ({marks}) ORDER BY seq", ids)
        return [self._article(r) for r in rows]

    def story_members(self, story_id: int) -> list[tuple[str, datetime | None]]:
        """Id and publication time of each article of a story, in arrival order (no texts read)."""
        rows = self.db.execute("SELECT id, published FROM articles WHERE story_id=? ORDER BY seq", (story_id,))
        return [(r[0], from_iso(r[1])) for r in rows]

    def story_of(self, article_id: str) -> int | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def article_stories(self) -> list[tuple[str, str, int | None]]:
        """(article id, origin, story id) in arrival order."""
        return self.db.execute("SELECT id, origin, story_id FROM articles ORDER BY seq").fetchall()

    # -- stories -------------------------------------------------------------
    def touch_story(self, story_id: int) -> None:
        self.db.execute("INSERT OR IGNORE INTO stories(id) VALUES (?)", (story_id,))
        self.db.execute("UPDATE stories SET dirty=1 WHERE id=?", (story_id,))

    def max_story_id(self) -> int:
        row = self.db.execute("SELECT MAX(id) FROM stories").fetchone()
        return int(row[0] or 0)

    def dirty_stories(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE dirty=1 ORDER BY id")]

    def save_story(self, s: Story) -> None:
        self.db.execute(
            "UPDATE stories SET headline=?, summary=?, storyline_id=?, first_seen=?, last_seen=?, dirty=0"
            " WHERE id=?",
            (s.headline, json.dumps(s.summary, ensure_ascii=False), s.storyline_id, iso(s.first_seen),
             iso(s.last_seen), s.id),
        )

    def set_storylines(self, mapping: dict[int, int]) -> None:
        self.db.executemany("UPDATE stories SET storyline_id=? WHERE id=?", [(v, k) for k, v in mapping.items()])

    def storylines(self) -> dict[int, int | None]:
        return dict(self.db.execute("SELECT id, storyline_id FROM stories ORDER BY id").fetchall())

    def stories(self) -> list[Story]:
        members: dict[int, list[str]] = {}
        for sid, aid in self.db.execute(
            "SELECT story_id, id FROM articles WHERE story_id IS NOT NULL ORDER BY seq"
        ):
            members.setdefault(sid, []).append(aid)
        out = []
        for r in self.db.execute(
            "SELECT id, headline, summary, storyline_id, first_seen, last_seen FROM stories ORDER BY id"
        ):
            out.append(Story(id=r[0], article_ids=members.get(r[0], []), headline=r[1], summary=json.loads(r[2]),
                             storyline_id=r[3], first_seen=from_iso(r[4]), last_seen=from_iso(r[5])))
        return [s for s in out if s.article_ids]

    def story(self, story_id: int) -> Story | None:
        return next((s for s in self.stories() if s.id == story_id), None)

    # -- entities ------------------------------------------------------------
    def save_entities(self, entities: Iterable[Entity]) -> None:
        self.db.executemany(
            "INSERT INTO entities(key, name, label, aliases) VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET"
            " name=excluded.name, label=excluded.label, aliases=excluded.aliases",
            [(e.key, e.name, e.label, json.dumps({a: e.counts.get(a, 0) for a in sorted(e.aliases)}, ensure_ascii=False))
             for e in entities],
        )

    def entities(self) -> list[Entity]:
        out = []
        for key, name, label, aliases in self.db.execute("SELECT key, name, label, aliases FROM entities ORDER BY key"):
            counts = json.loads(aliases)  # alias -> weighted uses
            out.append(Entity(key=key, name=name, label=label, aliases=set(counts), counts=counts))
        return out

    # -- inspection ----------------------------------------------------------
    def fingerprint(self) -> list[tuple]:
        """Everything that defines the store's content, for comparing two stores."""
        arts = self.db.execute(
            "SELECT id, origin, story_id, copy_of, lang, data FROM articles ORDER BY seq"
        ).fetchall()
        stories = self.db.execute("SELECT id, headline, summary, storyline_id FROM stories ORDER BY id").fetchall()
        ents = self.db.execute("SELECT key, name, label, aliases FROM entities ORDER BY key").fetchall()
        copies = self.db.execute("SELECT * FROM copies ORDER BY article_id, origin").fetchall()
        return [arts, stories, ents, copies]


def _statements() -> list[str]:
    return [s.strip() for s in _SCHEMA.split(";") if s.strip()]
