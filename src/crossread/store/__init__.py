"""Storage adapters: one ``Store`` protocol; SQLite by default, PostgreSQL when a database URL is set."""

from __future__ import annotations

from crossread.config import Settings
from crossread.errors import StoreError
from crossread.model import DocumentSummary
from crossread.store.base import Store

POSTGRES_URL_SCHEMES = ("postgresql://", "postgres://")


def open_store(settings: Settings) -> Store:
    """The store the settings name: PostgreSQL when a database URL is set, else the SQLite file."""
    if settings.database_url:
        if not settings.database_url.startswith(POSTGRES_URL_SCHEMES):
            scheme = settings.database_url.partition(":")[0]  # only the scheme: the rest may hold a password
            raise StoreError(
                f"CROSSREAD_DATABASE_URL: {scheme!r} URLs are not supported: expected"
                " postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE; unset it to use the SQLite file"
                f" {settings.database!r}"
            )
        from crossread.store.postgres import PostgresStore

        return PostgresStore(settings.database_url)
    from crossread.store.sqlite import SQLiteStore

    return SQLiteStore(settings.database)


__all__ = ["DocumentSummary", "Store", "open_store"]
