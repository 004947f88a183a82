"""The pharmanews store: SQLite through sqlite-utils (schema, writes, deals, search, queries)."""

from storage.errors import StoreError
from storage.records import ArticleRecord
from storage.store import Store

__all__ = ["ArticleRecord", "Store", "StoreError"]
