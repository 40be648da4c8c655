"""PostgreSQL store: the same ``Store`` contract as SQLite, on a server.

Chosen when ``CROSSREAD_DATABASE_URL`` (``Settings.database_url``) is a
``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`` URL; needs psycopg 3
(``pip install 'psycopg[binary]'``).

Schema
    The tables of the SQLite store in native types: TEXT, INTEGER, DOUBLE
    PRECISION, BOOLEAN, JSONB for the model's tuple fields, TIMESTAMPTZ for
    ``ingested_at`` and ``failures.at``. Child rows carry their ``position`` in
    the model's tuple, so children come back by ``start`` and then in the order
    they were stored (what SQLite's ``rowid`` gives). Ids, paths and dates sort
    with ``COLLATE "C"`` (code point order, like SQLite), whatever the server's
    locale. ``published`` and story days stay TEXT: the model holds ISO strings
    of varying precision and the store returns exactly what it was given.
    Numbered migrations (``MIGRATIONS``) are applied one transaction each and
    recorded in ``crossread_schema``; an advisory lock serialises processes that
    open the same schema at once.

Transactions
    ``add_document`` writes the document row (``INSERT ... ON CONFLICT DO
    NOTHING``) and all its child rows in one transaction: a concurrent writer of
    the same id waits, then gets False. ``save_stories`` writes the changed
    stories and clusterer state rows in one transaction.

The cluster state is rows, in order
    One row per piece of state (``crossread.store.base.CLUSTER_TABLES``):
    packed profiles as BYTEA, JSON values as TEXT (not JSONB, which reorders
    object keys). The clusterer's results depend on the insertion order of its
    dicts (which undated signatures are forgotten first, which stories are
    archived), so the ordered tables carry a ``seq`` and are read in its order:
    SQLite and PostgreSQL resume clustering identically.

NUL characters
    PostgreSQL text (and JSONB) cannot hold U+0000, but a ``Document`` may (a
    JSONL record with ``\\u0000``), and SQLite stores it. So that both back ends
    return exactly what they were given, every string is escaped on the way in
    with the noncharacter U+FFFE: NUL -> U+FFFE "0", U+FFFE -> U+FFFE U+FFFE,
    and unescaped on the way out (``_escape`` / ``_unescape``). Text without
    NUL or U+FFFE, i.e. all real text, is stored unchanged, so SQL over the
    tables and search see it as it is.

Search
    A generated ``tsvector`` column (title weighted A, text B) with a GIN index,
    built with the ``simple`` configuration: lower-cased words, no stemming and
    no stop words, like SQLite's FTS5 ``unicode61`` tokenizer, so both back ends
    find the same documents. (Unlike SQLite, diacritics are kept: "ete" does not
    find "été".) A query is plain words, all required (``plainto_tsquery``:
    operators and quotes have no meaning); snippets come from ``ts_headline``
    with empty start/stop selectors, so they are plain text.

Errors: a bad URL, an unreachable server, a failed login or a failed write
raise ``StoreError`` naming ``host:port`` (never the password) and what to do.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from crossread.corrections import Correction
from crossread.entity_ids import IssuedMention, resolve
from crossread.errors import StoreError
from crossread.model import AnalyzedDocument, Document, DocumentSummary, FailureRecord, IngestFailure, Story
from crossread.store.base import (
    CHILD_TABLES,
    CLUSTER_TABLES,
    JSON_FIELDS,
    SIGNATURE_TABLE,
    STORY_TABLES,
    SearchHit,
    TableChanges,
    cluster_delete,
    cluster_select,
    cluster_upsert,
    correction_from_row,
    correction_row,
    document_columns,
    from_row,
    stale_save,
    to_row,
)

try:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict
    from psycopg.rows import RowMaker
    from psycopg.types.json import Jsonb
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise StoreError(
        "PostgreSQL storage needs psycopg 3: pip install 'psycopg[binary]'"
        " (or unset CROSSREAD_DATABASE_URL to use the SQLite file)"
    ) from exc

URL_SCHEMES = ("postgresql://", "postgres://")
# Seconds to wait for the server when the URL sets no connect_timeout: long enough
# for a busy server on a LAN, short enough that a wrong host fails while the user waits.
CONNECT_TIMEOUT_SECONDS = 10
# Documents fetched per round trip by iter_documents (children come in one query per table per page).
ITER_PAGE_SIZE = 200
# The search vector covers the title and the first SEARCH_TEXT_CHARS characters of the text:
# a tsvector holds at most 1 MiB. Measured on PostgreSQL 15: 200,000 characters of distinct
# random 2-6 letter words make a 411 kB vector (CJK one-character words: 282 kB); the longest
# article text in ../shared/data (HTML files included) is 34,309 characters.
SEARCH_TEXT_CHARS = 200_000
# ts_rank weights for D, C, B (text), A (title): a title match counts five times a text
# match, as bm25(documents_fts, 5.0, 1.0) does in the SQLite store.
SEARCH_WEIGHTS = (0.0, 0.0, 0.2, 1.0)
# ts_headline options: about as long as SQLite's 16-token snippet, no markup around matches.
SNIPPET_OPTIONS = 'StartSel="", StopSel="", MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "'
# Columns that are BOOLEAN here (the shared to_row gives SQLite's 0/1).
BOOLEAN_COLUMNS = frozenset({"is_heading"})

SCHEMA_V1 = """
CREATE TABLE documents (
    id TEXT COLLATE "C" PRIMARY KEY,
    source_path TEXT COLLATE "C" NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_id TEXT, url TEXT, outlet TEXT, title TEXT, author TEXT,
    published TEXT COLLATE "C",
    language TEXT,
    headings JSONB NOT NULL,
    removed_lines JSONB NOT NULL,
    encoding TEXT,
    date_evidence JSONB NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE sentences (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, "index" INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, is_heading BOOLEAN NOT NULL,
    PRIMARY KEY (doc_id, position), UNIQUE (doc_id, "index")
);
CREATE TABLE mentions (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, label TEXT NOT NULL, sentence INTEGER NOT NULL,
    PRIMARY KEY (doc_id, position)
);
CREATE TABLE dates (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, value TEXT NOT NULL, evidence JSONB NOT NULL, candidates JSONB NOT NULL,
    PRIMARY KEY (doc_id, position)
);
CREATE TABLE quotes (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, kind TEXT NOT NULL,
    speaker_text TEXT, speaker_start INTEGER, speaker_end INTEGER, speaker_name TEXT, cue TEXT,
    said_on TEXT, said_on_evidence TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE TABLE amounts (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, unit TEXT, counts TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE TABLE failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_path TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""

# Stories: the clusterer's output (rewritten per batch) and its state (JSON: see the module docstring).
SCHEMA_V2 = """
CREATE TABLE stories (id TEXT COLLATE "C" PRIMARY KEY, title TEXT, start TEXT COLLATE "C", "end" TEXT COLLATE "C");
CREATE TABLE story_documents (
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, doc_id)
);
CREATE INDEX story_documents_doc ON story_documents(doc_id);
CREATE TABLE cluster_state (
    id INTEGER PRIMARY KEY CHECK (id = 1), state JSON NOT NULL, saved_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""

# Full-text search over title (weight A) and text (weight B); see SEARCH_TEXT_CHARS.
SCHEMA_V3 = f"""
ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig, left(text, {SEARCH_TEXT_CHARS})), 'B')
) STORED;
CREATE INDEX documents_search ON documents USING GIN (search);
"""

# Quote speakers get a type (person / organisation / group / role) and, for a role, its principal.
SCHEMA_QUOTE_SPEAKERS = """
ALTER TABLE quotes ADD COLUMN speaker_kind TEXT;
ALTER TABLE quotes ADD COLUMN speaker_of TEXT;
"""

# Failures: one row per input (the latest failure and how many attempts failed),
# upserted; rows appended by older versions are folded into one per input.
SCHEMA_FAILURES_BY_INPUT = """
CREATE TABLE failures_by_input (
    source_path TEXT COLLATE "C" PRIMARY KEY, stage TEXT NOT NULL, reason TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now(), attempts INTEGER NOT NULL DEFAULT 1
);
INSERT INTO failures_by_input (source_path, stage, reason, at, attempts)
    SELECT DISTINCT ON (source_path) source_path, stage, reason, at, count(*) OVER (PARTITION BY source_path)
    FROM failures ORDER BY source_path, id DESC;
DROP TABLE failures;
ALTER TABLE failures_by_input RENAME TO failures;
"""

# Analyst corrections (crossread.corrections): keyed by document ids + spans or names.
SCHEMA_CORRECTIONS = """
CREATE TABLE corrections (
    id TEXT COLLATE "C" PRIMARY KEY, kind TEXT NOT NULL, spans JSONB NOT NULL, names JSONB NOT NULL,
    value TEXT, note TEXT NOT NULL, created TEXT COLLATE "C" NOT NULL
);
"""

# The spaCy parse of each document (crossread.parses), so a brief never parses a text again.
SCHEMA_PARSES = """
CREATE TABLE parses (
    doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL, data BYTEA NOT NULL
);
"""

# Computed briefs (crossread.stored_briefs), as in the SQLite store.
SCHEMA_BRIEFS = """
CREATE TABLE briefs (key TEXT COLLATE "C" PRIMARY KEY, version TEXT COLLATE "C" NOT NULL, data TEXT NOT NULL);
"""

# Bumped by every document added and every save of the stories (a sequence: read across sessions).
SCHEMA_REVISION = """
CREATE SEQUENCE revision;
"""

# Entity ids issued per mention (crossread.entity_ids) and ids retired by a merge, as in the SQLite store.
SCHEMA_ENTITY_IDS = """
CREATE TABLE entity_ids (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, entity_id TEXT COLLATE "C" NOT NULL, issued TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_id, start, "end", entity_id)
);
CREATE TABLE entity_redirects (old_id TEXT COLLATE "C" PRIMARY KEY, entity_id TEXT COLLATE "C" NOT NULL);
"""

# The story clusterer's state in tables, one row per piece (crossread.store.base.CLUSTER_TABLES):
# a save writes the rows a batch changed. A blob left by an older version is not carried over:
# it is marked as another version's state, so the next ingest re-clusters every stored document.
SCHEMA_CLUSTER_TABLES = """
CREATE TABLE cluster_meta (name TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cluster_terms (key TEXT COLLATE "C" PRIMARY KEY, documents INTEGER NOT NULL);
CREATE TABLE cluster_stories (story_id TEXT COLLATE "C" PRIMARY KEY, seq BIGINT, hot BOOLEAN NOT NULL, profile BYTEA NOT NULL);
CREATE TABLE cluster_postings (
    key TEXT COLLATE "C" NOT NULL, bucket TEXT COLLATE "C" NOT NULL, story_ids TEXT NOT NULL, PRIMARY KEY (key, bucket)
);
CREATE TABLE cluster_signatures (doc_id TEXT COLLATE "C" PRIMARY KEY, seq BIGINT, signature TEXT NOT NULL, day INTEGER);
CREATE TABLE cluster_aliases (story_id TEXT COLLATE "C" PRIMARY KEY, now_id TEXT COLLATE "C" NOT NULL);
CREATE TABLE cluster_recent (doc_id TEXT COLLATE "C" PRIMARY KEY, seq BIGINT, profile BYTEA NOT NULL);
INSERT INTO cluster_meta (name, value) SELECT 'version', '0' FROM cluster_state;
DROP TABLE cluster_state;
"""

# Every clustered document's signature (crossread.store.base.SIGNATURE_TABLE), from those the
# clusterer keeps; documents clustered before have none and are hashed by their briefs.
SCHEMA_DOCUMENT_SIGNATURES = """
CREATE TABLE document_signatures (doc_id TEXT COLLATE "C" PRIMARY KEY, signature TEXT NOT NULL);
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

VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS crossread_schema (
    version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""

# --------------------------------------------------------------------------- NUL escaping

NUL, ESCAPE = "\x00", "\ufffe"
_ESCAPED = re.compile(ESCAPE + "(.)", re.DOTALL)


def _escape_text(text: str) -> str:
    if NUL not in text and ESCAPE not in text:
        return text
    return text.replace(ESCAPE, ESCAPE + ESCAPE).replace(NUL, ESCAPE + "0")


def _unescape_text(text: str) -> str:
    if ESCAPE not in text:
        return text
    return _ESCAPED.sub(lambda m: NUL if m[1] == "0" else m[1], text)


def _escape(value: Any) -> Any:
    """Strings (also inside JSON lists and dicts) with NUL and U+FFFE escaped; other values as they are."""
    if isinstance(value, str):
        return _escape_text(value)
    if isinstance(value, list | tuple):
        return [_escape(item) for item in value]
    if isinstance(value, dict):
        return {_escape(key): _escape(item) for key, item in value.items()}
    return value


def _unescape(value: Any) -> Any:
    if isinstance(value, str):
        return _unescape_text(value)
    if isinstance(value, list):
        return [_unescape(item) for item in value]
    if isinstance(value, dict):
        return {_unescape(key): _unescape(item) for key, item in value.items()}
    return value


def _unescaped_dict_row(cursor: Any) -> RowMaker[dict[str, Any]]:  # a psycopg cursor (its base class is private)
    """Row factory: rows as dicts, every string (also in JSON) unescaped."""
    names = [column.name for column in cursor.description or ()]

    def make(values: Sequence[Any]) -> dict[str, Any]:
        return {name: _unescape(value) for name, value in zip(names, values, strict=True)}

    return make


# --------------------------------------------------------------------------- rows


def _columns(obj: Any) -> dict[str, Any]:
    """Model object -> parameters: the shared mapping, with JSONB, BOOLEAN and escaped text."""
    row: dict[str, Any] = {}
    for name, value in to_row(obj).items():
        if name in JSON_FIELDS:
            row[name] = Jsonb(_escape(json.loads(value)))
        elif name in BOOLEAN_COLUMNS:
            row[name] = bool(value)
        else:
            row[name] = _escape(value)
    return row


def _model(cls: type[Any], row: dict[str, Any]) -> Any:
    """Row (JSONB already decoded) -> model object through the shared from_row (which reads JSON text)."""
    return from_row(cls, {name: json.dumps(value) if name in JSON_FIELDS else value for name, value in row.items()})


def _column_list(names: Sequence[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(name) for name in names)


# --------------------------------------------------------------------------- connecting


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (for messages)."""
    scheme, separator, rest = url.partition("://")
    if separator:
        userinfo, at, host_part = rest.rpartition("@")
        if at and ":" in userinfo:
            url = f"{scheme}://{userinfo.partition(':')[0]}:***@{host_part}"
    return re.sub(r"(password=)[^&\s]*", r"\1***", url, flags=re.IGNORECASE)


def _location(params: dict[str, Any]) -> str:
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    database = params.get("dbname")
    return f"{host}:{port}" + (f" (database {database!r})" if database else "")


def _reason(exc: Exception, secret: str | None) -> str:
    """The first line of psycopg's message (later ones are hints, or the statement), without the password."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
    reason = lines[0].removeprefix("connection failed: ")
    return reason.replace(secret, "***") if secret else reason


def _connection_error(exc: psycopg.OperationalError, params: dict[str, Any]) -> StoreError:
    where = _location(params)
    user = params.get("user") or os.environ.get("PGUSER") or "the current user"
    reason = _reason(exc, params.get("password"))
    lowered = reason.lower()
    if "password" in lowered or "authentication" in lowered or ("role" in lowered and "does not exist" in lowered):
        return StoreError(
            f"cannot log in to PostgreSQL at {where} as {user!s}: {reason}."
            " Check the user name and password in CROSSREAD_DATABASE_URL."
        )
    if "database" in lowered and "does not exist" in lowered:
        return StoreError(
            f"PostgreSQL at {where}: {reason}. Create it (createdb NAME) or fix the database name in CROSSREAD_DATABASE_URL."
        )
    return StoreError(
        f"cannot connect to PostgreSQL at {where}: {reason}."
        " Is the server running and accepting connections there? Check the host and port in CROSSREAD_DATABASE_URL."
    )


def _connect(url: str) -> psycopg.Connection[dict[str, Any]]:
    if not url.startswith(URL_SCHEMES):
        raise StoreError(
            f"{redact_url(url)!r} is not a PostgreSQL URL: expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        )
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StoreError(
            f"{redact_url(url)!r} is not a valid PostgreSQL URL ({_reason(exc, None).replace(url, redact_url(url))});"
            " expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        ) from None  # the original message quotes the URL, password included
    extra: dict[str, Any] = {} if "connect_timeout" in params else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    try:
        db = psycopg.connect(url, autocommit=True, row_factory=_unescaped_dict_row, application_name="crossread", **extra)
    except psycopg.OperationalError as exc:
        raise _connection_error(exc, params) from None  # libpq's message may echo connection details
    encoding = db.execute("SHOW server_encoding").fetchone()
    if encoding is None or encoding["server_encoding"] != "UTF8":
        db.close()
        raise StoreError(
            f"PostgreSQL at {_location(params)}: the database encoding is {encoding and encoding['server_encoding']},"
            " crossread needs UTF8 (createdb --encoding UTF8 --template template0 NAME)"
        )
    return db


# --------------------------------------------------------------------------- the store


class PostgresStore:
    """The Store on PostgreSQL: tables in ``schema`` (created if missing), else the URL's default schema."""

    def __init__(self, url: str, schema: str | None = None) -> None:
        self._db = _connect(url)
        self.schema = schema
        self._where = _location(conninfo_to_dict(url))
        try:
            if schema is not None:
                self._db.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
            self._migrate()
        except psycopg.Error as exc:
            self._db.close()
            raise StoreError(f"PostgreSQL at {self._where}: cannot prepare the crossread tables ({_reason(exc, None)})") from exc
        except BaseException:
            self._db.close()
            raise

    # -- schema ------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT coalesce(max(version), 0) AS version FROM crossread_schema").fetchone()
        return int(row["version"]) if row else 0

    def _lock_schema(self) -> None:
        """Serialise migrations of this schema across processes (held until the transaction ends)."""
        self._db.execute("SELECT pg_advisory_xact_lock(hashtext('crossread_schema:' || %s))", (self.schema or "",))

    def _migrate(self) -> None:
        with self._db.transaction():
            self._lock_schema()
            if self.schema is not None:
                self._db.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)))
            self._db.execute(VERSION_TABLE)
            version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"PostgreSQL at {self._where}: schema version {version} is newer than this crossread ({len(MIGRATIONS)});"
                " upgrade crossread"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            try:
                with self._db.transaction():
                    self._lock_schema()
                    if self.schema_version >= number:  # another process applied it while we waited
                        continue
                    self._db.execute(script.encode())  # bytes: run as one multi-statement script, no parameters
                    self._db.execute("INSERT INTO crossread_schema (version) VALUES (%s)", (number,))
            except psycopg.Error as exc:
                raise StoreError(
                    f"PostgreSQL at {self._where}: migration to schema version {number} failed and was rolled back"
                    f" ({_reason(exc, None)})"
                ) from exc

    # -- documents ---------------------------------------------------------------

    def _insert_many(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        names = list(rows[0])
        statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(table), _column_list(names), sql.SQL(", ").join(sql.Placeholder() * len(names))
        )
        with self._db.cursor() as cursor:
            cursor.executemany(statement, [[row[name] for name in names] for row in rows])

    def has_document(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM documents WHERE id = %s", (_escape_text(doc_id),)).fetchone() is not None

    def add_document(self, analyzed: AnalyzedDocument) -> bool:
        """One transaction: the document row (or nothing, when the id exists) and all its children."""
        document = analyzed.document
        row = _columns(document)
        row["date_evidence"] = Jsonb(_escape(list(analyzed.date_evidence)))
        statement = sql.SQL("INSERT INTO documents ({}) VALUES ({}) ON CONFLICT (id) DO NOTHING RETURNING id").format(
            _column_list(list(row)), sql.SQL(", ").join(sql.Placeholder() * len(row))
        )
        try:
            with self._db.transaction():
                if self._db.execute(statement, list(row.values())).fetchone() is None:
                    return False
                for table in CHILD_TABLES:
                    items = getattr(analyzed, table)
                    if items:
                        self._insert_many(table, [{"position": n, **_columns(item)} for n, item in enumerate(items)])
                if analyzed.parse:
                    self._db.execute(
                        "INSERT INTO parses (doc_id, model, data) VALUES (%s, %s, %s)",
                        (_escape_text(document.id), analyzed.parse_model, analyzed.parse),
                    )
                self._db.execute("SELECT nextval('revision')")
        except psycopg.Error as exc:
            raise StoreError(
                f"document {document.id} ({document.source_path}): PostgreSQL at {self._where} did not store it"
                f" ({_reason(exc, None)}); nothing of it was written"
            ) from exc
        return True

    def _load(
        self, rows: Sequence[dict[str, Any]], tables: Sequence[str] = tuple(CHILD_TABLES), with_parse: bool = True
    ) -> list[AnalyzedDocument]:
        """Document rows -> analyzed documents, the children of ``tables`` (and the parse) fetched with one query per
        table; the other children are left empty."""
        if not rows:
            return []
        ids = [_escape_text(row["id"]) for row in rows]
        children: dict[str, dict[str, list[Any]]] = {row["id"]: {table: [] for table in tables} for row in rows}
        for table in tables:
            query = sql.SQL("SELECT * FROM {} WHERE doc_id = ANY(%s) ORDER BY doc_id, start, position").format(
                sql.Identifier(table)
            )
            for child in self._db.execute(query, (ids,)):
                children[child["doc_id"]][table].append(_model(CHILD_TABLES[table], child))
        query_parses = "SELECT doc_id, model, data FROM parses WHERE doc_id = ANY(%s)"
        parses = {p["doc_id"]: p for p in self._db.execute(query_parses, (ids,))} if with_parse else {}
        return [
            AnalyzedDocument(
                document=_model(Document, row),
                date_evidence=tuple(row["date_evidence"]),
                parse=bytes(parses[row["id"]]["data"]) if row["id"] in parses else b"",
                parse_model=parses[row["id"]]["model"] if row["id"] in parses else "",
                **{table: tuple(items) for table, items in children[row["id"]].items()},
            )
            for row in rows
        ]

    def get_document(self, doc_id: str) -> AnalyzedDocument | None:
        query = sql.SQL("SELECT {} FROM documents WHERE id = %s").format(_column_list(document_columns()))
        row = self._db.execute(query, (_escape_text(doc_id),)).fetchone()
        return None if row is None else self._load([row])[0]

    def get_documents(self, doc_ids: Sequence[str]) -> dict[str, AnalyzedDocument]:
        """One query per table for all of ``doc_ids`` (``get_document`` makes seven per document)."""
        return {analyzed.document.id: analyzed for analyzed in self._load(self._document_rows(doc_ids))}

    def documents_for_stories(self, doc_ids: Sequence[str]) -> dict[str, AnalyzedDocument]:
        rows = self._document_rows(doc_ids)
        return {analyzed.document.id: analyzed for analyzed in self._load(rows, STORY_TABLES, with_parse=False)}

    def _document_rows(self, doc_ids: Sequence[str]) -> list[dict[str, Any]]:
        query = sql.SQL("SELECT {} FROM documents WHERE id = ANY(%s)").format(_column_list(document_columns()))
        return self._db.execute(query, ([_escape_text(doc_id) for doc_id in doc_ids],)).fetchall()

    def list_documents(self) -> list[DocumentSummary]:
        rows = self._db.execute(
            "SELECT d.id, d.title, d.outlet, d.published, d.language, d.source_path, d.source_id, d.url,"
            " (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id) AS sentences"
            " FROM documents d ORDER BY d.published IS NULL, d.published, d.source_path, d.id"
        )
        return [DocumentSummary(**row) for row in rows]

    def iter_documents(self) -> Iterator[AnalyzedDocument]:
        """Every document by id, fetched a page at a time (the store stays usable between pages)."""
        query = sql.SQL("SELECT {} FROM documents WHERE id > %s ORDER BY id LIMIT %s").format(_column_list(document_columns()))
        after = ""
        while True:
            rows = self._db.execute(query, (after, ITER_PAGE_SIZE)).fetchall()
            yield from self._load(rows)
            if len(rows) < ITER_PAGE_SIZE:
                return
            after = _escape_text(rows[-1]["id"])

    # -- stories -----------------------------------------------------------------

    def load_cluster_state(self) -> dict[str, list[tuple[Any, ...]]] | None:
        if self._db.execute("SELECT 1 FROM cluster_meta LIMIT 1").fetchone() is None:
            return None
        tables = {table: [tuple(row.values()) for row in self._db.execute(cluster_select(table))] for table in CLUSTER_TABLES}
        members = self._db.execute("SELECT story_id, doc_id FROM story_documents ORDER BY story_id, doc_id")
        tables["story_documents"] = [(row["story_id"], row["doc_id"]) for row in members]
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
        """Write the changed stories and state rows in one transaction (concurrent savers take turns)."""
        try:
            with self._db.transaction(), self._db.cursor() as cursor:
                cursor.execute("LOCK TABLE stories IN SHARE ROW EXCLUSIVE MODE")
                if expect is not None:
                    row = cursor.execute("SELECT value FROM cluster_meta WHERE name = %s", (expect[0],)).fetchone()
                    found = None if row is None else row["value"]
                    if found != expect[1]:
                        raise StoreError(f"PostgreSQL at {self._where}: {stale_save(expect, found)}")
                if replace:
                    cursor.execute(sql.SQL("TRUNCATE {}").format(_column_list(["story_documents", "stories", *CLUSTER_TABLES])))
                else:  # every story written is deleted first: two stories with one id in a save fail on the second insert
                    dropped = [_escape_text(story_id) for story_id in (*(s.id for s in stories), *gone)]
                    cursor.execute("DELETE FROM story_documents WHERE story_id = ANY(%s)", (dropped,))
                    cursor.execute("DELETE FROM stories WHERE id = ANY(%s)", (dropped,))
                if stories:
                    self._insert_many(
                        "stories",
                        [_escape({"id": s.id, "title": s.title, "start": s.start, "end": s.end}) for s in stories],
                    )
                members = [_escape({"story_id": s.id, "doc_id": d}) for s in stories for d in s.doc_ids]
                if members:
                    self._insert_many("story_documents", members)
                for table, (rows, deleted) in state.items():
                    if deleted:
                        cursor.executemany(cluster_delete(table, "%s"), [_escape(list(key)) for key in deleted])
                    if rows:
                        cursor.executemany(cluster_upsert(table, "%s"), [_escape(list(row)) for row in rows])
                cursor.execute("SELECT nextval('revision')")
        except psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL at {self._where}: the stories were not saved ({_reason(exc, None)}); the previous ones are kept"
            ) from exc

    def list_stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for row in self._db.execute("SELECT story_id, doc_id FROM story_documents ORDER BY story_id, doc_id"):
            members.setdefault(row["story_id"], []).append(row["doc_id"])
        rows = self._db.execute('SELECT id, title, start, "end" FROM stories ORDER BY start IS NULL, start DESC, id')
        return [Story(r["id"], tuple(members.get(r["id"], ())), r["start"], r["end"], r["title"]) for r in rows]

    # -- search ------------------------------------------------------------------

    def search_documents(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Documents with every word of ``query`` in title or text, best first, with a plain-text snippet."""
        words = query.replace(NUL, " ").replace(ESCAPE, " ")
        if not re.search(r"\w", words):
            return []
        rows = self._db.execute(
            "WITH q AS (SELECT plainto_tsquery('simple', %(words)s) AS q),"
            " hits AS (SELECT d.id, d.title, d.text, ts_rank(%(weights)s::real[], d.search, q.q) AS rank"
            "          FROM documents d, q WHERE d.search @@ q.q ORDER BY rank DESC, d.id LIMIT %(limit)s)"
            " SELECT hits.id, hits.title, ts_headline('simple', hits.text, q.q, %(options)s) AS snippet"
            " FROM hits, q ORDER BY hits.rank DESC, hits.id",
            {"words": words, "weights": list(SEARCH_WEIGHTS), "limit": limit, "options": SNIPPET_OPTIONS},
        )
        return [SearchHit(r["id"], r["title"], r["snippet"]) for r in rows]

    # -- failures ------------------------------------------------------------------

    def record_failure(self, failure: IngestFailure) -> None:
        row = _escape({"source_path": failure.source_path, "stage": failure.stage, "reason": failure.reason})
        self._write_failure(
            "INSERT INTO failures (source_path, stage, reason) VALUES (%(source_path)s, %(stage)s, %(reason)s)"
            " ON CONFLICT (source_path) DO UPDATE SET stage = excluded.stage, reason = excluded.reason,"
            " at = now(), attempts = failures.attempts + 1",
            row,
            failure.source_path,
        )

    def clear_failure(self, source_path: str) -> None:
        self._write_failure(
            "DELETE FROM failures WHERE source_path = %(source_path)s", {"source_path": _escape_text(source_path)}, source_path
        )

    def _write_failure(self, statement: str, parameters: dict[str, Any], source_path: str) -> None:
        try:
            with self._db.transaction():
                self._db.execute(statement, parameters)
        except psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL at {self._where}: could not record the failure of {source_path} ({_reason(exc, None)})"
            ) from exc

    def list_failures(self) -> list[FailureRecord]:
        rows = self._db.execute(
            "SELECT source_path, stage, reason, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, attempts"
            " FROM failures ORDER BY source_path"
        )
        return [FailureRecord(**_unescape(dict(row))) for row in rows]

    def unclustered_document_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM story_documents s WHERE s.doc_id = d.id)"
            " ORDER BY d.ingested_at, d.id"
        )
        return [_unescape_text(r["id"]) for r in rows]

    # -- corrections ---------------------------------------------------------------

    def add_correction(self, correction: Correction) -> None:
        row = _escape(correction_row(correction))
        row["spans"], row["names"] = Jsonb(json.loads(row["spans"])), Jsonb(json.loads(row["names"]))
        self._write_correction(
            "INSERT INTO corrections (id, kind, spans, names, value, note, created)"
            " VALUES (%(id)s, %(kind)s, %(spans)s, %(names)s, %(value)s, %(note)s, %(created)s)"
            " ON CONFLICT (id) DO UPDATE SET spans = excluded.spans, names = excluded.names, value = excluded.value,"
            " note = excluded.note, created = excluded.created",
            row,
        )
        self._db.execute("SELECT nextval('revision')")  # after the write: a reader never caches the old brief as new

    def list_corrections(self) -> list[Correction]:
        rows = self._db.execute("SELECT * FROM corrections ORDER BY created, id")
        return [correction_from_row(dict(r)) for r in rows]

    def delete_correction(self, correction_id: str) -> bool:
        with self._db.transaction():
            row = self._db.execute("DELETE FROM corrections WHERE id = %s RETURNING id", (_escape_text(correction_id),))
            found = row.fetchone() is not None
        self._db.execute("SELECT nextval('revision')")
        return found

    def revision(self) -> int:
        row = self._db.execute("SELECT last_value, is_called FROM revision").fetchone()
        return int(row["last_value"]) if row is not None and row["is_called"] else 0

    def load_brief(self, key: str, version: str) -> str | None:
        row = self._db.execute("SELECT data FROM briefs WHERE key = %s AND version = %s", (key, version)).fetchone()
        return None if row is None else _unescape_text(row["data"])

    def save_brief(self, key: str, version: str, data: str) -> None:
        try:
            with self._db.transaction():
                self._db.execute(
                    "INSERT INTO briefs (key, version, data) VALUES (%s, %s, %s)"
                    " ON CONFLICT (key) DO UPDATE SET version = excluded.version, data = excluded.data",
                    (key, version, _escape_text(data)),
                )
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL at {self._where}: could not store a brief ({_reason(exc, None)})") from exc

    def load_signatures(self, doc_ids: Sequence[str]) -> dict[str, str]:
        rows = self._db.execute(
            f"SELECT doc_id, signature FROM {SIGNATURE_TABLE} WHERE doc_id = ANY(%s)",
            ([_escape_text(d) for d in sorted(set(doc_ids))],),
        )
        found = {_unescape_text(r["doc_id"]): _unescape_text(r["signature"]) for r in rows}
        return {doc_id: found[doc_id] for doc_id in doc_ids if doc_id in found}

    # -- entity ids (crossread.entity_ids) ------------------------------------------

    def load_entity_ids(self, doc_ids: Sequence[str]) -> list[IssuedMention]:
        rows = self._db.execute(
            'SELECT doc_id, start, "end", entity_id, issued FROM entity_ids WHERE doc_id = ANY(%s)'
            ' ORDER BY doc_id, start, "end", entity_id',
            ([_escape_text(d) for d in sorted(set(doc_ids))],),
        )
        return [IssuedMention(r["doc_id"], r["start"], r["end"], r["entity_id"], r["issued"]) for r in rows]

    def save_entity_ids(self, doc_ids: Sequence[str], issued: Sequence[IssuedMention], retired: Mapping[str, str]) -> None:
        rows = [_escape([r.doc_id, r.start, r.end, r.entity_id, r.issued]) for r in issued]
        try:
            with self._db.transaction(), self._db.cursor() as cursor:
                cursor.execute("DELETE FROM entity_ids WHERE doc_id = ANY(%s)", ([_escape_text(d) for d in set(doc_ids)],))
                cursor.executemany(
                    'INSERT INTO entity_ids (doc_id, start, "end", entity_id, issued) VALUES (%s, %s, %s, %s, %s)'
                    " ON CONFLICT DO NOTHING",
                    rows,
                )
                cursor.execute(
                    "DELETE FROM entity_redirects WHERE old_id = ANY(%s)", ([_escape_text(r.entity_id) for r in issued],)
                )
                cursor.executemany(
                    "INSERT INTO entity_redirects (old_id, entity_id) VALUES (%s, %s)"
                    " ON CONFLICT (old_id) DO UPDATE SET entity_id = excluded.entity_id",
                    [_escape([old, new]) for old, new in sorted(retired.items())],
                )
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL at {self._where}: could not store entity ids ({_reason(exc, None)})") from exc

    def resolve_entity_id(self, entity_id: str) -> str:
        def redirect(old_id: str) -> str | None:
            row = self._db.execute("SELECT entity_id FROM entity_redirects WHERE old_id = %s", (_escape_text(old_id),)).fetchone()
            return None if row is None else str(row["entity_id"])

        return resolve(entity_id, redirect)

    def _write_correction(self, statement: str, parameters: dict[str, Any]) -> None:
        try:
            with self._db.transaction():
                self._db.execute(statement, parameters)
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL at {self._where}: could not store the correction ({_reason(exc, None)})") from exc

    def close(self) -> None:
        self._db.close()


__all__ = ["MIGRATIONS", "PostgresStore", "redact_url"]
