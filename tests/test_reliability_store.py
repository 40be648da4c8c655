"""The failures and stories part of the Store contract, on every back end (the fixtures of tests/test_store.py).

Failures are one row per input (upserted, attempts counted, cleared when the
input is stored); ``unclustered_document_ids`` is what lets the next run repair
the stories after a kill. SQLite's migration 4 folds the rows older versions
appended into one per input.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crossread.model import AnalyzedDocument, Document, IngestFailure, Sentence, Story
from crossread.store.base import Store
from crossread.store.sqlite import MIGRATIONS, SQLiteStore
from test_store import open_store, store  # noqa: F401  (fixtures: every back end)


def _analyzed(doc_id: str) -> AnalyzedDocument:
    text = f"An article {doc_id} about the talks in Minsk."
    return AnalyzedDocument(Document(doc_id, f"{doc_id}.txt", text, "text"), (Sentence(doc_id, 0, 0, len(text), text),))


def test_reliability_store_failures_are_one_row_per_input(store: Store) -> None:  # noqa: F811
    store.record_failure(IngestFailure("feed.jsonl:3", "read", "malformed JSON line"))
    store.record_failure(IngestFailure("feed.jsonl:3", "read", "malformed JSON line: still"))
    store.record_failure(IngestFailure("slow.html", "extract", "timed out after 180 s"))
    rows = store.list_failures()
    assert [(r.source_path, r.stage, r.reason, r.attempts) for r in rows] == [
        ("feed.jsonl:3", "read", "malformed JSON line: still", 2),
        ("slow.html", "extract", "timed out after 180 s", 1),
    ]
    assert all(r.at.endswith("Z") and r.at[:2] == "20" for r in rows)
    store.clear_failure("feed.jsonl:3")
    store.clear_failure("never-failed.txt")
    assert [r.source_path for r in store.list_failures()] == ["slow.html"]


def test_reliability_store_unclustered_documents_are_those_in_no_story(store: Store) -> None:  # noqa: F811
    for doc_id in ("d1", "d2", "d3"):
        store.add_document(_analyzed(doc_id))
    assert store.unclustered_document_ids() == ["d1", "d2", "d3"]
    store.save_stories([Story("s1", ("d1", "d3"), None, None, "t")], {})
    assert store.unclustered_document_ids() == ["d2"]


def test_reliability_sqlite_failures_migration_folds_appended_failures(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    with sqlite3.connect(db) as raw:
        for script in MIGRATIONS[:3]:
            raw.executescript(script)
        raw.execute("PRAGMA user_version = 3")
        raw.executemany(
            "INSERT INTO failures (source_path, stage, reason, at) VALUES (?, ?, ?, ?)",
            [
                ("a.txt", "read", "empty file", "2026-01-01T00:00:00Z"),
                ("a.txt", "read", "empty file again", "2026-01-02T00:00:00Z"),
                ("b.txt", "extract", "no article text", "2026-01-01T00:00:00Z"),
            ],
        )
    migrated = SQLiteStore(db)
    rows = migrated.list_failures()
    # 6: corrections, 7: parses, 8: briefs, 9: revision, 10: entity ids, 11: the cluster state in tables,
    # 12: document signatures
    assert migrated.schema_version == len(MIGRATIONS) == 12
    assert [(r.source_path, r.reason, r.attempts) for r in rows] == [
        ("a.txt", "empty file again", 2),
        ("b.txt", "no article text", 1),
    ]
    migrated.close()
