"""What the SQL stores share: the contract (store/base.py) written once in SQL that SQLite and PostgreSQL
both run. A backend gives its connection (`db`: `execute`, `executemany`, cursors with `fetchone`, `fetchall`
and iteration; "?" marks the parameters), its transactions and writer lock, its schema, its full-text index
and the few clauses the two dialects write differently (the class attributes below `SQLStore`).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import numpy as np

from newsloom.model import Article, Entity
from newsloom.store.base import (
    ArticleBrief,
    IndexRow,
    SortOrder,
    SourceState,
    Store,
    StoreError,
    StoryFilter,
    StorylineRow,
    StoryRow,
    TextHit,
)
from newsloom.store.codec import article_data, from_iso, iso, load_data, vec_bytes, vec_from
from newsloom.text.folding import loose_fold, search_fold

SCHEMA_VERSION = 10  # what the tables hold; a store of an older version is upgraded when it is opened
APPLICATION = "newsloom"

_REPLACED = "EXISTS (SELECT 1 FROM articles AS later WHERE later.revises = {})"  # of an article id column

_ARTICLE_COLS = ("seq, id, origin, title, text, url, source, published, lang, lang_confidence, story_id, copy_of,"
                 " data, embedding, minhash, place, revises,"
                 " (SELECT later.id FROM articles AS later WHERE later.revises = articles.id)")


def _held(story_id: object) -> bool:
    """Whether a store can hold the id: a larger one ("show 99999999999999999999") names no story."""
    return isinstance(story_id, int) and -(2**63) <= story_id < 2**63


# a story's storyline as readers see it: none while the story is alone in it (`storylines` lists from two)
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


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class SQLStore(Store):
    """The contract in SQL; see the module's docstring for what a backend adds."""

    # the clauses the dialects write differently ("?": a parameter)
    _NO_LIMIT: Any  # LIMIT's parameter for "no limit"
    _HAS_WORD: str  # the story's `words` hold the asked word (`_asked_words`)
    _HAS_LANGUAGE: str  # the story has articles in the language
    _HAS_SOURCE: str  # one of the story's sources is the one asked, both `loose_fold`ed
    _ENTITY_LIST: str  # the distinct entities of a group of mentions `m`, as a list or a JSON array
    _FOLLOWED_ORDER: str  # the followed sources in the order they were added

    @property
    @abstractmethod
    def db(self) -> Any:
        """This thread's connection."""

    def _thread_connection(self, make: Callable[[], Any]) -> Any:
        """This thread's connection, made by `make` the first time; the connections of threads that have
        ended are closed then (a server's thread pool ends idle threads and starts others)."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = make()
            with self._guard:
                ended = [c for thread, c in self._connections if not thread.is_alive()]
                self._connections = [(t, c) for t, c in self._connections if t.is_alive()]
                self._connections.append((threading.current_thread(), con))
            for c in ended:
                c.close()
        return con

    def _close_connections(self) -> None:
        """(Under `_guard`.) Close every thread's connection."""
        for _, con in self._connections:
            con.close()
        self._connections = []
        self._local = threading.local()

    # -- meta ------------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                        (key, value))

    # -- articles --------------------------------------------------------------------------------
    @staticmethod
    @abstractmethod
    def _index_text(db: Any, seq: int, title: str, text: str) -> None:
        """Index an article's title and text for `search_text`, folded (`search_fold`)."""

    def origin_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT origin FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    # what an article's row holds besides its arrival number
    _ARTICLE_FIELDS = ("id, origin, title, text, url, source, published, lang, lang_confidence, story_id, copy_of,"
                       " data, embedding, minhash, terms, place, revises")

    def add_article(self, a: Article, minhash: bytes | None, terms: bytes | None, bands: Iterable[int] = ()) -> int:
        db = self.db
        added = db.execute(
            f"INSERT INTO articles({self._ARTICLE_FIELDS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO NOTHING",
            (a.id, a.origin, a.title, a.text, a.url, a.source, iso(a.published), a.lang, a.lang_confidence,
             a.story_id, a.copy_of, article_data(a), vec_bytes(a.embedding), minhash, terms, a.place,
             a.revises),
        ).rowcount
        if not added:  # the id is stored already: nothing of this article was written
            raise StoreError(f"{self.path}: article {a.id} is stored already")
        seq = int(db.execute("SELECT seq FROM articles WHERE id=?", (a.id,)).fetchone()[0])
        self._index_article(db, a)
        self._index_text(db, seq, a.title, a.text)
        self._add_bands(db, a.id, bands)
        return seq

    @staticmethod
    def _index_article(db: Any, a: Article) -> None:
        db.executemany("INSERT INTO mentions(article_id, story_id, entity, label) VALUES (?,?,?,?)",
                       [(a.id, a.story_id, m.entity, m.label) for m in a.mentions if m.entity])
        db.executemany("INSERT INTO claims(article_id, story_id, kind, slot, value, subject) VALUES (?,?,?,?,?,?)",
                       [(a.id, a.story_id, c.kind, c.slot, c.value, c.subject) for c in a.claims])

    @staticmethod
    def _add_bands(db: Any, article_id: str, bands: Iterable[int]) -> None:
        db.executemany("INSERT INTO bands(key, article_id) VALUES (?, ?)", [(k, article_id) for k in bands])

    def add_copy(self, article_id: str, origin: str, source: str | None, url: str | None) -> bool:
        cur = self.db.execute("INSERT INTO copies(article_id, origin, source, url) VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
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

    def languages(self, after: int = 0) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT lang FROM articles WHERE seq > ? AND lang IS NOT NULL",
                                              (after,))}

    def article_stories(self) -> list[tuple[str, str, int | None]]:
        return self.db.execute("SELECT id, origin, story_id FROM articles ORDER BY seq").fetchall()

    def index_rows(self, after: int = 0, stories: Iterable[int] | None = None) -> Iterator[IndexRow]:
        cols = "seq, id, story_id, copy_of, lang, published, title, embedding, minhash, terms, data, revises"
        if stories is None:
            rows: Iterable[tuple] = self._in_pages(f"SELECT {cols} FROM articles WHERE seq > ?", after)
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
                                       " AND length(terms) > 0", chunk).fetchall())
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
            db.executemany("INSERT INTO story_entities(story_id, entity) VALUES (?, ?) ON CONFLICT DO NOTHING",
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

    def _where(self, f: StoryFilter | None) -> tuple[str, list]:
        clauses = ["article_count >= ?"]
        args: list = [f.min_articles if f else 1]
        if f is None:
            return " WHERE " + clauses[0], args
        for asked in _asked_words(f.q or ""):  # each word from a word's start, in the headline or summary
            clauses.append(self._HAS_WORD)
            args.append(asked)
        if f.lang:
            clauses.append(self._HAS_LANGUAGE)
            args.append(f.lang)
        if f.source:  # accents and case ignored, as search's source filter ignores them
            clauses.append(self._HAS_SOURCE)
            args.append(loose_fold(f.source))
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
                               " LIMIT ? OFFSET ?", [*args, self._NO_LIMIT if limit is None else limit, offset])
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
                               " DESC LIMIT ? OFFSET ?", (min_stories, self._NO_LIMIT if limit is None else limit, offset)).fetchall()
        # the times as their stories give them, each with the offset it was published at
        return [StorylineRow(line, stories, int(articles or 0), from_iso(first), from_iso(last), headline)
                for line, stories, articles, first, last, headline in rows]

    def count_storylines(self, min_stories: int = 2) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 {self._LINES}) AS lines", (min_stories,)).fetchone()[0])

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
        rows = self.db.execute(
            "SELECT source, SUM(claims), SUM(corroborated), SUM(single), SUM(contradicted), SUM(against_record)"
            " FROM story_sources GROUP BY source ORDER BY SUM(claims) DESC, source").fetchall()
        return [(source, *map(int, counts)) for source, *counts in rows]  # PostgreSQL sums as decimals

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
        self.db.executemany("INSERT INTO lexicon(kind, name, entity) VALUES (?,?,?) ON CONFLICT DO NOTHING", rows)

    _FOUND_MAX = 5000  # entities a name search ranks at most (the first by key)

    @abstractmethod
    def _entities_containing(self, folded: str, limit: int) -> list[tuple]:
        """(key, name, label, aliases) of the first `limit` entities by key whose key, name or an alias,
        folded (`search_fold`), contains `folded`."""

    def find_entities(self, name: str, limit: int = 20) -> list[Entity]:
        wanted = " ".join(search_fold(name).split())
        if not wanted or limit <= 0:
            return []
        found = []
        for key, label_name, label, aliases in self._entities_containing(wanted, self._FOUND_MAX):
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
        self.db.execute("INSERT INTO state(name, watermark, blob) VALUES ('pipeline', ?, ?) ON CONFLICT(name) DO UPDATE SET"
                        " watermark=excluded.watermark, blob=excluded.blob",
                        (watermark, blob))

    # -- search -----------------------------------------------------------------------------------
    @abstractmethod
    def search_text(self, query: str, limit: int = 50) -> list[TextHit]: ...

    def article_vectors(self, after: int = 0) -> Iterator[tuple[int, str, np.ndarray]]:
        for seq, aid, blob in self._in_pages("SELECT seq, id, embedding FROM articles WHERE seq > ? AND embedding IS"
                                             " NOT NULL", after):
            yield seq, aid, vec_from(blob)

    _PAGE = 1000  # rows read at a time by `_in_pages`

    def _in_pages(self, select: str, after: int) -> Iterator[tuple]:
        """The rows of `select` (its first column `seq`, its condition "seq > ?") in arrival order, a page at
        a time: a driver that fetches a whole result (psycopg) holds one page, not the whole store."""
        while True:
            rows = self.db.execute(f"{select} ORDER BY seq LIMIT ?", (after, self._PAGE)).fetchall()
            yield from rows
            if len(rows) < self._PAGE:
                return
            after = rows[-1][0]

    def articles_naming(self, entities: Iterable[str], limit: int = 100) -> list[tuple[int, frozenset[str]]]:
        keys = sorted(set(entities))
        if not keys or limit <= 0:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT a.seq, {self._ENTITY_LIST} FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.entity IN ({marks}) AND NOT {_REPLACED.format('a.id')} GROUP BY a.seq"
            " ORDER BY count(DISTINCT m.entity) DESC, count(*) DESC, a.seq DESC LIMIT ?", (*keys, limit)).fetchall()
        return [(seq, frozenset(json.loads(named) if isinstance(named, str) else named)) for seq, named in rows]

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
                    " next_check, stored, allow_private, outlet")

    @staticmethod
    def _source_row(r: tuple) -> SourceState:
        return SourceState(r[0], r[1], from_iso(r[2]), r[3], r[4], r[5], from_iso(r[6]), from_iso(r[7]), r[8],
                           r[9], from_iso(r[10]), r[11], bool(r[12]), r[13])

    def follow(self, url: str, kind: str, every: float | None = None, allow_private: bool = False,
               outlet: str | None = None) -> bool:
        cur = self.db.execute("INSERT INTO sources(url, kind, added, every, allow_private, outlet)"
                              " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                              (url, kind, iso(datetime.now(UTC)), every, int(allow_private), outlet))
        return cur.rowcount > 0

    def unfollow(self, url: str) -> bool:
        with self.transaction() as db:
            db.execute("DELETE FROM source_entries WHERE source = ?", (url,))
            db.execute("DELETE FROM entry_tries WHERE source = ?", (url,))
            return db.execute("DELETE FROM sources WHERE url = ?", (url,)).rowcount > 0

    def sources(self) -> list[SourceState]:
        rows = self.db.execute(f"SELECT {self._SOURCE_COLS} FROM sources ORDER BY {self._FOLLOWED_ORDER}").fetchall()
        return [self._source_row(r) for r in rows]

    def source(self, url: str) -> SourceState | None:
        row = self.db.execute(f"SELECT {self._SOURCE_COLS} FROM sources WHERE url = ?", (url,)).fetchone()
        return self._source_row(row) if row else None

    def save_source(self, state: SourceState) -> None:
        self.db.execute(
            "UPDATE sources SET kind=?, every=?, etag=?, last_modified=?, last_check=?, last_success=?, last_error=?,"
            " errors=?, next_check=?, stored=?, allow_private=?, outlet=? WHERE url=?",
            (state.kind, state.every, state.etag, state.last_modified, iso(state.last_check), iso(state.last_success),
             state.last_error, state.errors, iso(state.next_check), state.stored, int(state.allow_private),
             state.outlet, state.url))

    def entries_seen_at(self, url: str, entries: Iterable[str]) -> dict[str, datetime]:
        seen: dict[str, datetime] = {}
        for chunk in _chunks(list(entries)):
            marks = ",".join("?" * len(chunk))
            seen.update((r[0], from_iso(r[1])) for r in self.db.execute(
                f"SELECT entry, seen FROM source_entries WHERE source = ? AND entry IN ({marks})", [url, *chunk]))
        return seen

    def mark_seen(self, url: str, entries: Iterable[str]) -> None:
        now = iso(datetime.now(UTC))
        entries = list(entries)
        self.db.executemany("INSERT INTO source_entries(source, entry, seen) VALUES (?, ?, ?) ON CONFLICT(source, entry) DO UPDATE"
                            " SET seen=excluded.seen",
                            [(url, e, now) for e in entries])
        self.db.executemany("DELETE FROM entry_tries WHERE source = ? AND entry = ?", [(url, e) for e in entries])

    def count_tries(self, url: str, entries: Iterable[str]) -> dict[str, int]:
        entries = list(entries)
        self.db.executemany("INSERT INTO entry_tries(source, entry, tries) VALUES (?, ?, 1) ON CONFLICT(source, entry)"
                            " DO UPDATE SET tries = entry_tries.tries + 1", [(url, e) for e in entries])
        tries: dict[str, int] = {}
        for chunk in _chunks(entries):
            marks = ",".join("?" * len(chunk))
            tries.update(self.db.execute(f"SELECT entry, tries FROM entry_tries WHERE source = ? AND entry IN ({marks})",
                                         [url, *chunk]).fetchall())
        return tries

    # -- copying a store -------------------------------------------------------------------------
    # not language data: the tables a copy carries over and their columns, copied whole, with each page of
    # articles (by article id) or by ranges of story ids; entities go through `save_entities`
    _COPIED_WHOLE = {
        "meta": "key, value",
        "state": "name, watermark, blob",
        "sources": _SOURCE_COLS,
        "source_entries": "source, entry, seen",
        "entry_tries": "source, entry, tries",
        "lexicon": "name, kind, entity",
    }
    _COPIED_ARTICLES = f"seq, {_ARTICLE_FIELDS}"
    _COPIED_BY_ARTICLE = {
        "copies": "article_id, origin, source, url",
        "mentions": "article_id, story_id, entity, label",
        "claims": "article_id, story_id, kind, slot, value, subject",
        "bands": "article_id, key",
    }
    _COPIED_BY_STORY = {
        "stories": ("id", "id, headline, summary, storyline_id, first_seen, last_seen, dirty, article_count,"
                          " languages, sources, claims, conflicts, latest_seq, first_utc, last_utc, centroid, digest,"
                          " words"),
        "story_entities": ("story_id", "story_id, entity"),
        "story_sources": ("story_id", "story_id, source, claims, corroborated, single, contradicted, against_record"),
        "story_terms": ("story_id", "story_id, term, weight"),
    }

    def copy_into(self, target: SQLStore, progress: Callable[[int], None] | None = None) -> int:
        """Copy everything this store holds into `target`, a new store of either backend, in one transaction
        (a copy stopped halfway leaves it empty), a page of rows at a time: what readers see, the followed
        sources and the pipeline's state, so that a run on the copy goes on where this store left off.
        Returns the articles copied; `progress(n)` is told of them as they go. Hold both stores' writer
        locks around it."""
        if target.article_count() or target.max_story_id() or target.sources():
            raise StoreError(f"{target.path}: holds a store already: copy into a new file or an empty database")

        def insert(table: str, cols: str, rows: list[tuple]) -> None:
            marks = ",".join("?" * (cols.count(",") + 1))
            out.executemany(f"INSERT INTO {table}({cols}) VALUES ({marks})"  # the target's own meta rows stay
                            + (" ON CONFLICT DO NOTHING" if table == "meta" else ""), rows)

        with target.transaction() as out:
            for table, cols in self._COPIED_WHOLE.items():
                order = f" ORDER BY {self._FOLLOWED_ORDER}" if table == "sources" else ""
                insert(table, cols, self.db.execute(f"SELECT {cols} FROM {table}{order}").fetchall())
            rows = self._in_pages(f"SELECT {self._COPIED_ARTICLES} FROM articles WHERE seq > ?", 0)
            while page := list(islice(rows, self._PAGE)):
                insert("articles", self._COPIED_ARTICLES, page)
                for seq, _, _, title, text, *_ in page:  # indexed for full text the target's way
                    target._index_text(out, seq, title, text)
                ids = [r[1] for r in page]
                for table, cols in self._COPIED_BY_ARTICLE.items():
                    insert(table, cols, [r for chunk in _chunks(ids) for r in self.db.execute(
                        f"SELECT {cols} FROM {table} WHERE article_id IN ({','.join('?' * len(chunk))})", chunk)])
                if progress:
                    progress(len(page))
            for low in range(0, self.max_story_id(), self._PAGE):
                for table, (key, cols) in self._COPIED_BY_STORY.items():
                    insert(table, cols, self.db.execute(f"SELECT {cols} FROM {table} WHERE {key} > ? AND {key} <= ?",
                                                        (low, low + self._PAGE)).fetchall())
            target.save_entities(self.entities())
            target._copied(out)
        return target.article_count()

    def _copied(self, db: Any) -> None:
        """(After rows were copied in with their own numbers.) What the backend must set again."""

    def fingerprint(self) -> list[list[tuple]]:
        db = self.db
        arts = db.execute("SELECT id, origin, story_id, copy_of, lang, data, place, revises FROM articles"
                          " ORDER BY seq").fetchall()
        stories = db.execute("SELECT id, headline, summary, storyline_id FROM stories ORDER BY id").fetchall()
        ents = db.execute("SELECT key, name, label, aliases FROM entities ORDER BY key").fetchall()
        copies = db.execute("SELECT * FROM copies ORDER BY article_id, origin").fetchall()
        return [arts, stories, ents, copies]
