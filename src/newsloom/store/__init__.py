"""Storage behind one contract (store/base.py); SQLite is the default implementation."""

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


def open_store(path, *, create: bool = True) -> Store:
    """The store at `path` (a SQLite file), upgraded to this version's schema; created only if `create`."""
    return SQLiteStore(path, create=create)


# not language data: the names this module exports
__all__ = ["SCHEMA_VERSION", "SQLiteStore", "SortOrder", "SourceState", "Store", "StoreDamaged", "StoreError", "StoryFilter", "StorylineRow", "StoryRow",
           "TextHit", "WriterBusy", "open_store"]
