"""Storage adapters: one ``Store`` protocol, SQLite by default."""

from __future__ import annotations

from crossread.config import Settings
from crossread.store.base import DocumentSummary, Store


def open_store(settings: Settings) -> Store:
    """The store the settings name: PostgreSQL when a database URL is set, else SQLite."""
    if settings.database_url:
        from crossread.errors import StoreError

        raise StoreError("PostgreSQL storage is not available in this version; unset CROSSREAD_DATABASE_URL")
    from crossread.store.sqlite import SQLiteStore

    return SQLiteStore(settings.database)


__all__ = ["DocumentSummary", "Store", "open_store"]
