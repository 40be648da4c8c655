"""The Store protocol every back end implements, and the row mapping they share.

Tables mirror the model: one row per document, and child tables for
sentences, mentions, dates, quotes and amounts keyed by ``doc_id``. Tuple
fields of the model (evidence, removed lines, headings) are stored as JSON.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

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

    def list_documents(self) -> list[DocumentSummary]: ...

    def iter_documents(self) -> Iterator[AnalyzedDocument]: ...

    def load_cluster_state(self) -> dict[str, Any] | None:
        """The story clusterer's saved state (JSON), or None before the first batch."""
        ...

    def save_stories(self, stories: Sequence[Story], state: dict[str, Any]) -> None:
        """Replace all stories and the clusterer state, in one transaction."""
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
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in JSON_FIELDS:
            value = json.dumps([_json_item(v) for v in value])
        elif isinstance(value, bool):
            value = int(value)
        row[f.name] = value
    return row


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """Column values -> dataclass; JSON columns become tuples again."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        value = row[f.name]
        if f.name in JSON_FIELDS:
            items = json.loads(value) if value else []
            if f.name == "removed_lines":
                value = tuple(RemovedLine(**item) for item in items)
            else:
                value = tuple(tuple(item) if isinstance(item, list) else item for item in items)
        elif f.name in ("is_heading",):
            value = bool(value)
        values[f.name] = value
    return cls(**values)


def document_columns() -> list[str]:
    return [f.name for f in dataclasses.fields(Document)] + ["date_evidence"]
