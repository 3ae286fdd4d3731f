"""Storage behind one contract (store/base.py): SQLite by default (a file), PostgreSQL for a database URL."""

import re
from pathlib import Path
from urllib.parse import unquote

from newsloom.store.base import (
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
from newsloom.store.sqlite import SCHEMA_VERSION, SQLiteStore


def open_store(path: str | Path, *, create: bool = True) -> Store:
    """The store at `path`: a SQLite file, or a PostgreSQL database's URL (postgresql://user@host/dbname);
    upgraded to this version's schema; created only if `create`."""
    if isinstance(path, str) and not is_url(path) and _LIKE_URL.match(path):  # "postgresql:/x", "http://..."
        raise StoreError(f"{shown(path)}: not a store newsloom knows: give a file, or a PostgreSQL database's URL "
                         "(postgresql://user@host/dbname)")
    if is_url(path):
        try:  # psycopg is imported only for a database
            from newsloom.store.postgres import PostgresStore
        except ImportError as err:
            raise StoreError(f"{shown(path)}: a PostgreSQL store needs psycopg: pip install "
                             "'newsloom[postgres]'") from err
        return PostgresStore(str(path), create=create)
    return SQLiteStore(path, create=create)


# libpq's two ways of naming a database: a URL, or key=value words ("host=db.example.org dbname=news"):
# nothing but such words, one of them naming the database, its host or a service
_WORDS = re.compile(r"^\s*(\w+\s*=\s*('(?:[^'\\]|\\.)*'|(?:[^\s'\\]|\\.)*)\s*)+$")
_CONNINFO_KEY = re.compile(r"(?:^|\s)(dbname|host|hostaddr|service)\s*=", re.IGNORECASE)
_LIKE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/|^postgres(ql)?:", re.IGNORECASE)
_PASSWORD_WORD = re.compile(r"(?i)(\b(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|(?:[^\s'\\]|\\.)*)")
_PASSWORD_PARAM = re.compile(r"(?i)([?&](?:ssl)?pass(?:word|%77ord)=)([^&#]*)")  # in a URL


def is_url(path: object) -> bool:
    """Whether `path` names a PostgreSQL database (postgresql://..., or host=... dbname=...), not a file."""
    return isinstance(path, str) and (path.startswith(("postgresql://", "postgres://"))
                                      or bool(_WORDS.match(path) and _CONNINFO_KEY.search(path)))


def shown(path: str | Path) -> str:
    """The store as messages name it: a database's URL without its password (between the user's name and
    the last "@": a password may hold "@" or "/"; or a `password=` parameter)."""
    text = str(path)
    if "://" not in text:  # a file, or key=value words (a mistyped URL is shown without its password too)
        return _PASSWORD_WORD.sub(r"\1***", text)
    scheme, rest = text.split("://", 1)
    if "@" in rest:
        userinfo, place = rest.rsplit("@", 1)
        rest = (userinfo.split(":", 1)[0] + ":***" if ":" in userinfo else userinfo) + "@" + place
    return f"{scheme}://" + _PASSWORD_PARAM.sub(r"\1***", rest)


def _passwords(location: str) -> list[str]:
    """The passwords written in a database's URL (after the user's name, or as a parameter) or words."""
    if "://" not in location:
        return [m[2].strip("'") for m in _PASSWORD_WORD.finditer(location)]
    rest = location.split("://", 1)[1]
    found = [m[2] for m in _PASSWORD_PARAM.finditer(rest)]
    if "@" in rest and ":" in (userinfo := rest.rsplit("@", 1)[0]):
        found.append(userinfo.split(":", 1)[1])
    return found


def scrubbed(message: str, url: str) -> str:
    """`message` (a driver's error) without the password of `url`, as written or percent-decoded, anywhere."""
    for secret in sorted({s for f in _passwords(url) if f for s in (f, unquote(f))}, key=len, reverse=True):
        message = message.replace(secret, "***")
    return message.replace(url, shown(url))


# not language data: the names this module exports
__all__ = ["SCHEMA_VERSION", "SQLiteStore", "SortOrder", "SourceState", "Store", "StoreDamaged", "StoreError", "StoryFilter", "StorylineRow", "StoryRow",
           "TextHit", "WriterBusy", "is_url", "open_store", "scrubbed", "shown"]
