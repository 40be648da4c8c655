"""SQLite store: the default, a single file; migrations by ``PRAGMA user_version``.

Writes go through one connection in one transaction per document, so an
interrupted ingest leaves only whole documents behind and a re-run resumes by
skipping ids already stored.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from crossread.corrections import Correction
from crossread.entity_ids import IssuedMention, resolve
from crossread.errors import StoreError
from crossread.model import AnalyzedDocument, Document, DocumentSummary, FailureRecord, IngestFailure, Story
from crossread.store.base import (
    CHILD_TABLES,
    CLUSTER_TABLES,
    SIGNATURE_TABLE,
    STORY_TABLES,
    SearchHit,
    TableChanges,
    cluster_delete,
    cluster_select,
    cluster_upsert,
    correction_from_row,
    correction_row,
    from_row,
    json_column,
    row_reader,
    row_values,
    stale_save,
    to_row,
)

SCHEMA_V1 = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, source_path TEXT NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
    source_id TEXT, url TEXT, outlet TEXT, title TEXT, author TEXT, published TEXT, language TEXT,
    headings TEXT NOT NULL, removed_lines TEXT NOT NULL, encoding TEXT, date_evidence TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sentences (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    "index" INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    is_heading INTEGER NOT NULL, PRIMARY KEY (doc_id, "index"));
CREATE TABLE mentions (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
    sentence INTEGER NOT NULL);
CREATE TABLE dates (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, value TEXT NOT NULL,
    evidence TEXT NOT NULL, candidates TEXT NOT NULL);
CREATE TABLE quotes (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
    speaker_text TEXT, speaker_start INTEGER, speaker_end INTEGER, speaker_name TEXT, cue TEXT,
    said_on TEXT, said_on_evidence TEXT);
CREATE TABLE amounts (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, value REAL NOT NULL,
    unit TEXT, counts TEXT);
CREATE TABLE failures (source_path TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX dates_doc ON dates(doc_id);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX amounts_doc ON amounts(doc_id);
"""

# Stories: the clusterer's output (rewritten per batch) and its state, so the
# next batch resumes incrementally.
SCHEMA_V2 = """
CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT, start TEXT, "end" TEXT);
CREATE TABLE story_documents (story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, PRIMARY KEY (story_id, doc_id));
CREATE INDEX story_documents_doc ON story_documents(doc_id);
CREATE TABLE cluster_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);
"""

# Full-text search over title and clean text (FTS5, external content kept in sync by triggers).
SCHEMA_V3 = """
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO documents_fts(rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM documents;
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
END;
"""

# Quote speakers get a type (person / organisation / group / role) and, for a role, its principal.
SCHEMA_QUOTE_SPEAKERS = """
ALTER TABLE quotes ADD COLUMN speaker_kind TEXT;
ALTER TABLE quotes ADD COLUMN speaker_of TEXT;
"""

# Failures: one row per input (the latest failure and how many attempts failed),
# upserted, so a re-ingest updates instead of appending; rows appended by older
# versions are folded into one per input (the latest reason kept).
SCHEMA_FAILURES_BY_INPUT = """
CREATE TABLE failures_by_input (source_path TEXT PRIMARY KEY, stage TEXT NOT NULL, reason TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), attempts INTEGER NOT NULL DEFAULT 1);
INSERT INTO failures_by_input (source_path, stage, reason, at, attempts)
    SELECT f.source_path, f.stage, f.reason, f.at, (SELECT COUNT(*) FROM failures g WHERE g.source_path = f.source_path)
    FROM failures f WHERE f.rowid = (SELECT MAX(rowid) FROM failures g WHERE g.source_path = f.source_path);
DROP TABLE failures;
ALTER TABLE failures_by_input RENAME TO failures;
"""

# Analyst corrections (crossread.corrections): keyed by document ids + spans or names, never by
# recomputed ids, so they survive re-ingest and re-clustering.
SCHEMA_CORRECTIONS = """
CREATE TABLE corrections (id TEXT PRIMARY KEY, kind TEXT NOT NULL, spans TEXT NOT NULL, names TEXT NOT NULL,
    value TEXT, note TEXT NOT NULL, created TEXT NOT NULL);
"""

# The spaCy parse of each document (crossread.parses), so a brief never parses a text again;
# documents stored before this version have none and are parsed when a brief needs them.
SCHEMA_PARSES = """
CREATE TABLE parses (doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL, data BLOB NOT NULL);
"""

# Computed briefs (crossread.stored_briefs): JSON keyed by the story's document ids, with the
# version of the code that made them; a story that changes gets a new key.
SCHEMA_BRIEFS = """
CREATE TABLE briefs (key TEXT PRIMARY KEY, version TEXT NOT NULL, data TEXT NOT NULL);
"""

# A counter bumped by every document added and every save of the stories, in the same
# transaction: the web app caches its listings by it.
SCHEMA_REVISION = """
CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO revision (id, n) VALUES (1, 0);
"""

# Entity ids issued per mention (crossread.entity_ids), so a brief built again keeps them,
# and ids retired by a merge, redirected to the entity that absorbed them.
SCHEMA_ENTITY_IDS = """
CREATE TABLE entity_ids (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, entity_id TEXT NOT NULL, issued TEXT NOT NULL,
    PRIMARY KEY (doc_id, start, "end", entity_id));
CREATE TABLE entity_redirects (old_id TEXT PRIMARY KEY, entity_id TEXT NOT NULL);
"""

# The story clusterer's state in tables, one row per piece (crossread.store.base.CLUSTER_TABLES),
# instead of one JSON document rewritten at every save: a save writes the rows a batch changed.
# A blob left by an older version is not carried over (that would need the clusterer's code in a
# migration): it is marked as another version's state, so the next ingest re-clusters every
# stored document into fresh stories, as for any state it cannot read; the old stories stay
# listed until then.
SCHEMA_CLUSTER_TABLES = """
CREATE TABLE cluster_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cluster_terms (key TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE cluster_stories (story_id TEXT PRIMARY KEY, seq INTEGER, hot INTEGER NOT NULL, profile BLOB NOT NULL);
CREATE TABLE cluster_postings (key TEXT NOT NULL, bucket TEXT NOT NULL, story_ids TEXT NOT NULL,
    PRIMARY KEY (key, bucket)) WITHOUT ROWID;
CREATE TABLE cluster_signatures (doc_id TEXT PRIMARY KEY, seq INTEGER, signature TEXT NOT NULL, day INTEGER);
CREATE TABLE cluster_aliases (story_id TEXT PRIMARY KEY, now_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cluster_recent (doc_id TEXT PRIMARY KEY, seq INTEGER, profile BLOB NOT NULL);
INSERT INTO cluster_meta (name, value) SELECT 'version', '0' FROM cluster_state;
DROP TABLE cluster_state;
"""

# Every clustered document's signature (crossread.store.base.SIGNATURE_TABLE), from those the
# clusterer keeps; documents clustered before have none and are hashed by their briefs.
SCHEMA_DOCUMENT_SIGNATURES = """
CREATE TABLE document_signatures (doc_id TEXT PRIMARY KEY, signature TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO document_signatures (doc_id, signature) SELECT doc_id, signature FROM cluster_signatures;
"""

# Each entry upgrades the schema by one version; never edit a released entry, append.
MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_QUOTE_SPEAKERS,
    SCHEMA_FAILURES_BY_INPUT,
    SCHEMA_CORRECTIONS,
    SCHEMA_PARSES,
    SCHEMA_BRIEFS,
    SCHEMA_REVISION,
    SCHEMA_ENTITY_IDS,
    SCHEMA_CLUSTER_TABLES,
    SCHEMA_DOCUMENT_SIGNATURES,
)


def _statements(script: str) -> list[str]:
    """Split a migration into whole statements (trigger bodies contain semicolons).

    Migrations are written one statement per line group: a statement ends at the
    end of the line where it is complete.
    """
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _quote(name: str) -> str:
    return f'"{name}"'


@lru_cache(maxsize=64)
def _insert_statement(table: str, columns: tuple[str, ...]) -> str:
    """``INSERT INTO table (columns) VALUES (?, ...)``, made once per table."""
    return f"INSERT INTO {table} ({', '.join(map(_quote, columns))}) VALUES ({', '.join('?' * len(columns))})"


# In WAL mode, NORMAL syncs the log at checkpoints, not at every commit: a crash of the process (kill -9)
# loses nothing committed and the file is never corrupted; a power cut may undo the last commits, which
# the next ingest makes again (it resumes). 999 bench documents stored: 0.85 -> 0.67 s of CPU, 4.4 -> 1-1.8
# s of wall time (FULL, SQLite's default, fsyncs once per document).
SYNCHRONOUS = "NORMAL"
# Documents ``documents_for_stories`` reads with one query per table (well under the 999 values an
# old SQLite binds at most).
READ_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    """``values`` READ_CHUNK at a time (the values one ``IN (...)`` query binds)."""
    for start in range(0, len(values), READ_CHUNK):
        yield list(values[start : start + READ_CHUNK])


class SQLiteStore:
    """The default Store: one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the SQLite store ({exc})") from exc
        try:
            self._db.row_factory = sqlite3.Row
            self._check_version()
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path}: cannot open the SQLite store ({exc}); is it a crossread database?") from exc
        except StoreError:
            self._db.close()
            raise

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self) -> None:
        """Refuse a store written by a newer crossread before changing anything in it."""
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this crossread ({len(MIGRATIONS)}); upgrade crossread"
            )

    def _migrate(self) -> None:
        version = self.schema_version
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self._db.execute("BEGIN")
            try:
                for statement in _statements(script):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number}")
                self._db.execute("COMMIT")
            except sqlite3.Error:
                self._db.execute("ROLLBACK")
                raise

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        columns = ", ".join(_quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        self._db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))

    def _insert_many(self, table: str, items: Sequence[Any]) -> None:
        """Model objects of one class as rows of ``table``, in order, in one statement run over them all."""
        if not items:
            return
        columns, values = row_values(type(items[0]))
        self._db.executemany(_insert_statement(table, columns), map(values, items))

    def has_document(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_document(self, analyzed: AnalyzedDocument) -> bool:
        document = analyzed.document
        self._db.execute("BEGIN IMMEDIATE")
        try:
            if self.has_document(document.id):
                self._db.execute("ROLLBACK")
                return False
            row = to_row(document)
            row["date_evidence"] = json_column(analyzed.date_evidence)
            self._insert("documents", row)
            for table in CHILD_TABLES:
                self._insert_many(table, getattr(analyzed, table))
            if analyzed.parse:
                self._insert("parses", {"doc_id": document.id, "model": analyzed.parse_model, "data": analyzed.parse})
            self._db.execute("UPDATE revision SET n = n + 1")
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot store document {document.id} ({document.source_path}): {exc}") from exc
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return True

    def get_document(self, doc_id: str) -> AnalyzedDocument | None:
        return self.get_documents([doc_id]).get(doc_id)

    def get_documents(self, doc_ids: Sequence[str]) -> dict[str, AnalyzedDocument]:
        """Read READ_CHUNK whole documents at a time, with one query per table and one for their parses
        (``get_document`` makes seven queries per document)."""
        return self._read_many(doc_ids, tuple(CHILD_TABLES), with_parse=True)

    def documents_for_stories(self, doc_ids: Sequence[str]) -> dict[str, AnalyzedDocument]:
        """Read READ_CHUNK documents at a time, with one query per table (``get_document`` makes seven per document,
        and reads the sentences, quotes, amounts and parse the clusterer never looks at: 0.28 ms a document)."""
        return self._read_many(doc_ids, STORY_TABLES, with_parse=False)

    def _read_many(self, doc_ids: Sequence[str], tables: Sequence[str], with_parse: bool) -> dict[str, AnalyzedDocument]:
        """Id -> stored document with the children of ``tables`` (in ``get_document``'s order) and, ``with_parse``,
        its parse; the other children are left empty. READ_CHUNK documents a query."""
        found: dict[str, AnalyzedDocument] = {}
        for chunk in _chunks(doc_ids):
            marks = ", ".join("?" * len(chunk))
            rows = [dict(r) for r in self._db.execute(f"SELECT * FROM documents WHERE id IN ({marks})", chunk)]
            children: dict[str, dict[str, list[Any]]] = {}
            plain = self._db.cursor()
            plain.row_factory = None  # rows as tuples, in the order of the columns asked for
            for table in tables:
                columns, read = row_reader(CHILD_TABLES[table])
                grouped = children[table] = {}
                query = f"SELECT {', '.join(map(_quote, columns))} FROM {table} WHERE doc_id IN ({marks})"
                for item in map(read, plain.execute(f"{query} ORDER BY doc_id, start, rowid", chunk)):
                    grouped.setdefault(item.doc_id, []).append(item)
            parses: dict[str, tuple[str, bytes]] = {}
            if with_parse:
                query = f"SELECT doc_id, model, data FROM parses WHERE doc_id IN ({marks})"
                parses = {r["doc_id"]: (r["model"], bytes(r["data"])) for r in self._db.execute(query, chunk)}
            for row in rows:
                document = from_row(Document, row)
                model, parse = parses.get(document.id, ("", b""))
                found[document.id] = AnalyzedDocument(
                    document=document,
                    date_evidence=tuple(json.loads(row["date_evidence"])),
                    parse=parse,
                    parse_model=model,
                    **{table: tuple(children[table].get(document.id, ())) for table in tables},
                )
        return found

    def list_documents(self) -> list[DocumentSummary]:
        rows = self._db.execute(
            "SELECT d.id, d.title, d.outlet, d.published, d.language, d.source_path, d.source_id, d.url,"
            " (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id) AS n"
            " FROM documents d ORDER BY d.published IS NULL, d.published, d.source_path"
        )
        return [
            DocumentSummary(
                r["id"],
                r["title"],
                r["outlet"],
                r["published"],
                r["language"],
                r["n"],
                r["source_path"],
                r["source_id"],
                r["url"],
            )
            for r in rows
        ]

    def iter_documents(self) -> Iterator[AnalyzedDocument]:
        """Every stored document, by id, read READ_CHUNK at a time as ``get_documents`` reads them."""
        ids = [str(r[0]) for r in self._db.execute("SELECT id FROM documents ORDER BY id").fetchall()]
        for chunk in _chunks(ids):
            found = self.get_documents(chunk)
            yield from (found[i] for i in chunk)

    def load_cluster_state(self) -> dict[str, list[tuple[Any, ...]]] | None:
        if self._db.execute("SELECT 1 FROM cluster_meta LIMIT 1").fetchone() is None:
            return None
        tables = {table: [tuple(row) for row in self._db.execute(cluster_select(table))] for table in CLUSTER_TABLES}
        tables["story_documents"] = [
            tuple(row) for row in self._db.execute("SELECT story_id, doc_id FROM story_documents ORDER BY story_id, doc_id")
        ]
        return tables

    def save_stories(
        self,
        stories: Sequence[Story],
        state: Mapping[str, TableChanges],
        *,
        gone: Sequence[str] = (),
        replace: bool = False,
        expect: tuple[str, str] | None = None,
    ) -> None:
        """Write the changed stories and state rows in one transaction (the previous save stays whole on any error)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            if expect is not None:
                row = self._db.execute("SELECT value FROM cluster_meta WHERE name = ?", (expect[0],)).fetchone()
                if row is None or row[0] != expect[1]:
                    raise StoreError(f"{self.path}: {stale_save(expect, None if row is None else row[0])}")
            if replace:
                for table in ("story_documents", "stories", *CLUSTER_TABLES):
                    self._db.execute(f"DELETE FROM {table}")
            else:  # every story written is deleted first: two stories with one id in a save fail on the second insert
                dropped = [(story_id,) for story_id in (*(s.id for s in stories), *gone)]
                self._db.executemany("DELETE FROM story_documents WHERE story_id = ?", dropped)
                self._db.executemany("DELETE FROM stories WHERE id = ?", dropped)
            for story in stories:
                self._insert("stories", {"id": story.id, "title": story.title, "start": story.start, "end": story.end})
                self._db.executemany(
                    "INSERT INTO story_documents (story_id, doc_id) VALUES (?, ?)", [(story.id, d) for d in story.doc_ids]
                )
            for table, (rows, deleted) in state.items():
                self._db.executemany(cluster_delete(table, "?"), deleted)
                self._db.executemany(cluster_upsert(table, "?"), rows)
            self._db.execute("UPDATE revision SET n = n + 1")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def list_stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for row in self._db.execute("SELECT story_id, doc_id FROM story_documents ORDER BY story_id, doc_id"):
            members.setdefault(row[0], []).append(row[1])
        rows = self._db.execute('SELECT id, title, start, "end" FROM stories ORDER BY start IS NULL, start DESC, id')
        return [Story(r[0], tuple(members.get(r[0], ())), r[2], r[3], r[1]) for r in rows]

    def search_documents(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Documents matching ``query`` (words, all required), best first, with a plain-text snippet."""
        terms = [t for t in re.findall(r"\w+", query, flags=re.UNICODE) if t]
        if not terms:
            return []
        match = " ".join(f'"{t}"' for t in terms)
        rows = self._db.execute(
            "SELECT d.id, d.title, snippet(documents_fts, 1, '', '', ' … ', 16) AS snippet"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 5.0, 1.0) LIMIT ?",
            (match, limit),
        )
        return [SearchHit(r["id"], r["title"], r["snippet"]) for r in rows]

    def record_failure(self, failure: IngestFailure) -> None:
        self._write(
            "INSERT INTO failures (source_path, stage, reason) VALUES (?, ?, ?) ON CONFLICT (source_path) DO UPDATE SET"
            " stage = excluded.stage, reason = excluded.reason, at = excluded.at, attempts = failures.attempts + 1",
            (failure.source_path, failure.stage, failure.reason),
        )

    def clear_failure(self, source_path: str) -> None:
        self._write("DELETE FROM failures WHERE source_path = ?", (source_path,))

    def _write(self, statement: str, parameters: tuple[Any, ...]) -> None:
        with self._transaction("cannot write"):
            self._db.execute(statement, parameters)

    @contextmanager
    def _transaction(self, failure: str) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back on any error (StoreError saying ``failure``)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {failure} ({exc})") from exc
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def list_failures(self) -> list[FailureRecord]:
        rows = self._db.execute("SELECT source_path, stage, reason, at, attempts FROM failures ORDER BY source_path")
        return [FailureRecord(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def unclustered_document_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM story_documents s WHERE s.doc_id = d.id)"
            " ORDER BY d.rowid"
        )
        return [r[0] for r in rows]

    def add_correction(self, correction: Correction) -> None:
        row = correction_row(correction)
        self._write(
            "INSERT OR REPLACE INTO corrections (id, kind, spans, names, value, note, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
            tuple(row.values()),
        )
        self._write("UPDATE revision SET n = n + 1", ())  # after the write: a reader never caches the old brief as new

    def list_corrections(self) -> list[Correction]:
        rows = self._db.execute("SELECT * FROM corrections ORDER BY created, id")
        return [correction_from_row(dict(r)) for r in rows]

    def delete_correction(self, correction_id: str) -> bool:
        found = self._db.execute("SELECT 1 FROM corrections WHERE id = ?", (correction_id,)).fetchone() is not None
        self._write("DELETE FROM corrections WHERE id = ?", (correction_id,))
        self._write("UPDATE revision SET n = n + 1", ())
        return found

    # -- stored briefs -----------------------------------------------------------------

    def revision(self) -> int:
        return int(self._db.execute("SELECT n FROM revision").fetchone()[0])

    def load_brief(self, key: str, version: str) -> str | None:
        row = self._db.execute("SELECT data FROM briefs WHERE key = ? AND version = ?", (key, version)).fetchone()
        return None if row is None else str(row["data"])

    def save_brief(self, key: str, version: str, data: str) -> None:
        self._write("INSERT OR REPLACE INTO briefs (key, version, data) VALUES (?, ?, ?)", (key, version, data))

    def load_signatures(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """READ_CHUNK documents a query (it was one query per document), in the order of ``doc_ids``."""
        stored: dict[str, str] = {}
        for chunk in _chunks(doc_ids):
            query = f"SELECT doc_id, signature FROM {SIGNATURE_TABLE} WHERE doc_id IN ({', '.join('?' * len(chunk))})"
            stored.update((str(r[0]), str(r[1])) for r in self._db.execute(query, chunk))
        return {doc_id: stored[doc_id] for doc_id in doc_ids if doc_id in stored}

    # -- entity ids (crossread.entity_ids) ----------------------------------------------

    def load_entity_ids(self, doc_ids: Sequence[str]) -> list[IssuedMention]:
        rows: list[IssuedMention] = []
        for doc_id in sorted(set(doc_ids)):
            found = self._db.execute(
                'SELECT start, "end", entity_id, issued FROM entity_ids WHERE doc_id = ? ORDER BY start, "end", entity_id',
                (doc_id,),
            )
            rows.extend(IssuedMention(doc_id, r[0], r[1], r[2], r[3]) for r in found)
        return rows

    def save_entity_ids(self, doc_ids: Sequence[str], issued: Sequence[IssuedMention], retired: Mapping[str, str]) -> None:
        with self._transaction("cannot store entity ids"):
            self._db.executemany("DELETE FROM entity_ids WHERE doc_id = ?", [(d,) for d in set(doc_ids)])
            self._db.executemany(
                'INSERT OR IGNORE INTO entity_ids (doc_id, start, "end", entity_id, issued) VALUES (?, ?, ?, ?, ?)',
                [(r.doc_id, r.start, r.end, r.entity_id, r.issued) for r in issued],
            )
            self._db.executemany("DELETE FROM entity_redirects WHERE old_id = ?", [(i,) for i in {r.entity_id for r in issued}])
            self._db.executemany(
                "INSERT OR REPLACE INTO entity_redirects (old_id, entity_id) VALUES (?, ?)", sorted(retired.items())
            )

    def resolve_entity_id(self, entity_id: str) -> str:
        def redirect(old_id: str) -> str | None:
            row = self._db.execute("SELECT entity_id FROM entity_redirects WHERE old_id = ?", (old_id,)).fetchone()
            return None if row is None else str(row[0])

        return resolve(entity_id, redirect)

    def close(self) -> None:
        self._db.close()
