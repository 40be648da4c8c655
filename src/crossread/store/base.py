"""The Store protocol every back end implements, and the row mapping they share.

Tables mirror the model: one row per document, and child tables for
sentences, mentions, dates, quotes and amounts keyed by ``doc_id``. Tuple
fields of the model (evidence, removed lines, headings) are stored as JSON.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from crossread.codec import field_names
from crossread.corrections import Correction, SpanKey
from crossread.entity_ids import IssuedMention
from crossread.model import (
    Amount,
    AnalyzedDocument,
    DateMention,
    Document,
    DocumentSummary,
    FailureRecord,
    IngestFailure,
    Mention,
    Quote,
    RemovedLine,
    Sentence,
    Story,
)

T = TypeVar("T")

# Child tables in the order they are written and read: table name -> model class.
CHILD_TABLES: dict[str, type[Any]] = {
    "sentences": Sentence,
    "mentions": Mention,
    "dates": DateMention,
    "quotes": Quote,
    "amounts": Amount,
}
JSON_FIELDS = frozenset({"headings", "removed_lines", "evidence", "candidates", "date_evidence"})
# The child tables story clustering reads (``Store.documents_for_stories``).
STORY_TABLES = ("mentions", "dates")

# The story clusterer's state, one row per piece (``crossread.stages.cluster.ClusterState.changes``
# writes the rows, ``ClusterState.from_rows`` reads them): table -> (key columns, value columns),
# a row being its key columns then its value columns. It is not one JSON document rewritten at
# every save (358 MiB at 100k documents) because a batch changes a few stories, postings and
# frequencies: a save writes only those rows. A table with a ``seq`` column is read in ``seq``
# order (the clusterer's dicts keep insertion order, and it matters); a row written with seq
# None keeps its stored seq. ``cluster_meta`` holds JSON values (version, documents, counters).
CLUSTER_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cluster_meta": (("name",), ("value",)),
    "cluster_terms": (("key",), ("documents",)),
    "cluster_stories": (("story_id",), ("seq", "hot", "profile")),
    "cluster_postings": (("key", "bucket"), ("story_ids",)),
    "cluster_signatures": (("doc_id",), ("seq", "signature", "day")),
    "cluster_aliases": (("story_id",), ("now_id",)),
    "cluster_recent": (("doc_id",), ("seq", "profile")),
}
# Every clustered document's syndication signature (base64 MinHash values), kept as long as the
# document: ``cluster_signatures`` holds only those the clusterer still compares copies with (its
# last SIGNATURE_WINDOW_DAYS), and a brief of an older story hashed its texts again. The clusterer
# writes the rows with its state (``save_stories``); a fresh state (``replace``) leaves them, a
# signature being a function of the text. Not part of the state ``load_cluster_state`` reads.
SIGNATURE_TABLE = "document_signatures"
# The tables ``save_stories`` writes rows of: the state's and the signatures.
SAVED_TABLES = {**CLUSTER_TABLES, SIGNATURE_TABLE: (("doc_id",), ("signature",))}
# The changes of one table in a save: (rows written, as upserts; keys deleted).
TableChanges = tuple[Sequence[tuple[Any, ...]], Sequence[tuple[Any, ...]]]


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def cluster_upsert(table: str, placeholder: str) -> str:
    """INSERT ... ON CONFLICT DO UPDATE of one ``SAVED_TABLES`` row (SQLite and PostgreSQL share the syntax)."""
    keys, values = SAVED_TABLES[table]
    updates = ", ".join(
        f'"{c}" = coalesce(excluded."{c}", {table}."{c}")' if c == "seq" else f'"{c}" = excluded."{c}"' for c in values
    )
    marks = ", ".join(placeholder for _ in (*keys, *values))
    insert = f"INSERT INTO {table} ({_quoted((*keys, *values))}) VALUES ({marks})"
    return f"{insert} ON CONFLICT ({_quoted(keys)}) DO UPDATE SET {updates}"


def cluster_delete(table: str, placeholder: str) -> str:
    """DELETE of one ``SAVED_TABLES`` row by its key."""
    keys, _values = SAVED_TABLES[table]
    return f"DELETE FROM {table} WHERE " + " AND ".join(f'"{c}" = {placeholder}' for c in keys)


def cluster_select(table: str) -> str:
    """Every row of a state table, ordered tables by ``seq``, the others by key."""
    keys, values = CLUSTER_TABLES[table]
    order = "seq" if "seq" in values else _quoted(keys)
    return f"SELECT {_quoted((*keys, *values))} FROM {table} ORDER BY {order}"


def stale_save(expect: tuple[str, str], found: str | None) -> str:
    """The message of a save refused because the stored state is not the one its changes continue."""
    return (
        f"the stories were not saved: they continue the saved clusterer state with {expect[0]} = {expect[1]},"
        f" but the store holds {found!r} (another crossread process saved its stories meanwhile);"
        " run the ingest again: it clusters the documents left in no story"
    )


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text search result: the document and a plain-text snippet (never markup)."""

    id: str
    title: str | None
    snippet: str


class Store(Protocol):
    """What the pipeline and the interfaces need from storage."""

    def has_document(self, doc_id: str) -> bool: ...

    def add_document(self, analyzed: AnalyzedDocument) -> bool:
        """Store one analyzed document in one transaction; False when it was already there."""
        ...

    def get_document(self, doc_id: str) -> AnalyzedDocument | None: ...

    def get_documents(self, doc_ids: Sequence[str]) -> dict[str, AnalyzedDocument]:
        """Id -> the stored document, whole as ``get_document`` reads it (children, date evidence, parse), for
        those of ``doc_ids`` that are stored: read together (a story's documents, for its brief)."""
        ...

    def documents_for_stories(self, doc_ids: Sequence[str]) -> dict[str, AnalyzedDocument]:
        """Id -> the stored document with what story clustering reads: the document, its mentions, dates and
        date evidence (no sentences, quotes, amounts or parse), for those of ``doc_ids`` that are stored."""
        ...

    def list_documents(self) -> list[DocumentSummary]: ...

    def iter_documents(self) -> Iterator[AnalyzedDocument]: ...

    def load_cluster_state(self) -> dict[str, list[tuple[Any, ...]]] | None:
        """The story clusterer's saved state as rows, or None before the first save.

        Table name -> rows (``CLUSTER_TABLES``: key columns then value columns;
        ordered tables by ``seq``), and ``story_documents`` as (story id,
        document id): the clusterer's assignments are the stories' members.
        """
        ...

    def save_stories(
        self,
        stories: Sequence[Story],
        state: Mapping[str, TableChanges],
        *,
        gone: Sequence[str] = (),
        replace: bool = False,
        expect: tuple[str, str] | None = None,
    ) -> None:
        """Write what clustering changed, in one transaction (a kill or an error leaves the previous save whole).

        Each story in ``stories`` replaces the one with its id (members
        included), the stories ``gone`` are deleted, and ``state`` (table ->
        rows upserted, keys deleted) updates the clusterer's state tables:
        only changed rows, so a save costs what the batches changed, not the
        size of the library. ``replace``: every stored story and state row is
        deleted first (the first save of a clusterer that started afresh).
        ``expect``: a ``cluster_meta`` (name, value) the store must hold when
        the transaction starts, else ``StoreError`` and nothing is written:
        changes apply only to the state they were computed from (another
        process may have saved its own stories meanwhile).
        """
        ...

    def list_stories(self) -> list[Story]:
        """Stories, newest first."""
        ...

    def search_documents(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles and texts, best first."""
        ...

    def record_failure(self, failure: IngestFailure) -> None:
        """Record that an input failed: one row per input (``source_path``), the latest reason wins."""
        ...

    def clear_failure(self, source_path: str) -> None:
        """Forget the failure of an input that has now been stored (or read) fine."""
        ...

    def list_failures(self) -> list[FailureRecord]:
        """Inputs whose last attempt failed, by path."""
        ...

    def unclustered_document_ids(self) -> list[str]:
        """Stored documents that are in no story (stored by a run that stopped before clustering), oldest first."""
        ...

    def add_correction(self, correction: Correction) -> None:
        """Store an analyst correction; one with the same id (same kind and keys) is replaced."""
        ...

    def list_corrections(self) -> list[Correction]:
        """Every correction, oldest first."""
        ...

    def delete_correction(self, correction_id: str) -> bool:
        """Undo a correction; False when there was none with that id."""
        ...

    def revision(self) -> int:
        """A number that changes whenever a document is added, the stories are saved or a correction changes.

        Readers cache what they computed from the store by it (the web app's listings and pages).
        """
        ...

    def load_brief(self, key: str, version: str) -> str | None:
        """A stored brief (``crossread.stored_briefs``) made by code ``version``, else None."""
        ...

    def save_brief(self, key: str, version: str, data: str) -> None:
        """Keep a computed brief; it replaces the one stored under ``key`` by any version."""
        ...

    def load_signatures(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """Document id -> its syndication signature as the clusterer made it (``SIGNATURE_TABLE``: base64
        MinHash values), for those of ``doc_ids`` that have one (every document clustered since the table
        was added, and those the clusterer kept then), in the order of ``doc_ids``; a brief hashes the others."""
        ...

    def load_entity_ids(self, doc_ids: Sequence[str]) -> list[IssuedMention]:
        """The entity ids issued to mentions in these documents (``crossread.entity_ids``), by document and span."""
        ...

    def save_entity_ids(self, doc_ids: Sequence[str], issued: Sequence[IssuedMention], retired: Mapping[str, str]) -> None:
        """In one transaction: ``issued`` replaces the rows of ``doc_ids``; each retired id (old id -> id now)
        is redirected; an id issued again is no longer redirected."""
        ...

    def resolve_entity_id(self, entity_id: str) -> str:
        """The id an entity goes by now: ``entity_id`` itself unless it was retired (redirects followed)."""
        ...

    def close(self) -> None: ...


def correction_row(correction: Correction) -> dict[str, Any]:
    """Correction -> column values (spans and names as JSON text)."""
    return {
        "id": correction.id,
        "kind": correction.kind,
        "spans": json.dumps([s.to_json() for s in correction.spans]),
        "names": json.dumps(list(correction.names), ensure_ascii=False),
        "value": correction.value,
        "note": correction.note,
        "created": correction.created,
    }


def correction_from_row(row: dict[str, Any]) -> Correction:
    spans = row["spans"] if isinstance(row["spans"], list) else json.loads(row["spans"])
    names = row["names"] if isinstance(row["names"], list) else json.loads(row["names"])
    return Correction(row["id"], row["kind"], tuple(SpanKey.from_json(s) for s in spans),
                      tuple(names), row["value"], row["note"], row["created"])  # fmt: skip


def _json_item(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def to_row(obj: Any) -> dict[str, Any]:
    """Dataclass -> column values; tuple fields become JSON text."""
    row = {}
    for name in field_names(type(obj)) or ():
        value = getattr(obj, name)
        if name in JSON_FIELDS:
            value = json_column(value)
        elif isinstance(value, bool):
            value = int(value)
        row[name] = value
    return row


_ROW_VALUES: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def row_values(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A dataclass's columns, and a function from one of its objects to that row's values in column order
    (``tuple(to_row(obj).values())``), made once per class. A class without JSON fields has its values read
    by one ``attrgetter``, in C (a bool stays a bool: the database driver binds it as the 0/1 ``to_row``
    gives); a document's hundreds of sentence and mention rows were each a dict built field by field."""
    found = _ROW_VALUES.get(cls)
    if found is None:
        names = field_names(cls) or ()
        values: Callable[[Any], tuple[Any, ...]]
        if not names or JSON_FIELDS.intersection(names):
            values = _to_row_values
        elif len(names) == 1:
            values = _one_value(attrgetter(names[0]))
        else:
            values = attrgetter(*names)
        found = _ROW_VALUES[cls] = (names, values)
    return found


def _to_row_values(obj: Any) -> tuple[Any, ...]:
    return tuple(to_row(obj).values())


def _one_value(get: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda obj: (get(obj),)


def json_column(values: Sequence[Any]) -> str:
    """A tuple field as its JSON column (``to_row`` of a field in ``JSON_FIELDS``)."""
    return json.dumps([_json_item(v) for v in values])


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """Column values -> dataclass; JSON columns become tuples again."""
    values: dict[str, Any] = {}
    for name, kind in _row_fields(cls):
        value = row[name]
        values[name] = value if kind == "plain" else _field_value(name, kind, value)
    return cls(**values)


def _field_value(name: str, kind: str, value: Any) -> Any:
    """A JSON or boolean column's value as the model holds it (``from_row``)."""
    if kind == "json":
        items = json.loads(value) if value else []
        if name == "removed_lines":
            return tuple(RemovedLine(**item) for item in items)
        return tuple(tuple(item) if isinstance(item, list) else item for item in items)
    return bool(value)


_ROW_READERS: dict[type, tuple[tuple[str, ...], Callable[[Sequence[Any]], Any]]] = {}


def row_reader(cls: type) -> tuple[tuple[str, ...], Callable[[Sequence[Any]], Any]]:
    """A dataclass's columns, and a function from a row of their values in that order (a plain tuple) to the
    object ``from_row`` makes of it, made once per class. A class without JSON or boolean fields is called
    on the row as it is: a story's brief reads ~50 sentence and mention rows a document, and a dict made
    of each row and read back field by field was most of the time of reading them."""
    found = _ROW_READERS.get(cls)
    if found is None:
        fields = _row_fields(cls)
        special = tuple((index, name, kind) for index, (name, kind) in enumerate(fields) if kind != "plain")
        read: Callable[[Sequence[Any]], Any]
        if special:

            def read(row: Sequence[Any]) -> Any:
                values = list(row)
                for index, name, kind in special:
                    values[index] = _field_value(name, kind, values[index])
                return cls(*values)

        else:

            def read(row: Sequence[Any]) -> Any:
                return cls(*row)

        found = _ROW_READERS[cls] = (tuple(name for name, _kind in fields), read)
    return found


_ROW_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _row_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """A dataclass's field names, each with how its column is read back, once per class (a document has
    thousands of child rows, and ``dataclasses.fields`` rebuilds its tuple on every call)."""
    found = _ROW_FIELDS.get(cls)
    if found is None:
        found = _ROW_FIELDS[cls] = tuple(
            (name, "json" if name in JSON_FIELDS else "bool" if name == "is_heading" else "plain")
            for name in field_names(cls) or ()
        )
    return found


def document_columns() -> list[str]:
    return [f.name for f in dataclasses.fields(Document)] + ["date_evidence"]
