"""Storage: SQLite by default, the single source of truth."""

from newsloom.store.sqlite import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
