"""``/api/corrections``: the analyst's corrections, listed, added, undone and exported as labelled JSONL.

Writes pass the app's guard (Host check, cross-site refusal) and, here, two more
checks: ``Origin: null`` is refused (a sandboxed or opaque page, never
crossread's own script, which sends its origin), and a POST must be
``application/json`` (a cross-site HTML form cannot send that without a CORS
preflight, which this server never answers).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Protocol

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from crossread.corrections import Correction, SpanKey, label_line, make_correction, relevant, to_jsonl
from crossread.interfaces.api_errors import ERRORS, ApiError, contract
from crossread.model import AnalyzedDocument, Brief, Story
from crossread.store.base import Store


class StoreOwner(Protocol):
    """What these routes need of the app's library (``api.Library``): a store per request, a story by id."""

    def store(self) -> AbstractContextManager[Store]: ...

    def find_story(self, store: Store, story_id: str) -> Story: ...


SCHEMA = "crossread.corrections/1"
SNIPPET_CHARS = 90
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    403: {"model": ERRORS[404]["model"], "description": "Cross-site request refused (also Origin: null)"},
    415: {"model": ERRORS[404]["model"], "description": "The body must be application/json"},
}


class SpanIn(BaseModel):
    doc: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="Document id.")]
    start: Annotated[int, Field(ge=0, description="First character of the span in the document's clean text.")]
    end: Annotated[int, Field(ge=1, description="One past its last character.")]


class CorrectionIn(BaseModel):
    """A correction: ``match_wrong`` (2 spans), ``status_wrong`` (1 span + value), ``speaker_wrong`` (quote span +
    value: a name or "unknown"), ``same_entity`` / ``different_entity`` (2 names)."""

    kind: Literal["match_wrong", "status_wrong", "speaker_wrong", "same_entity", "different_entity"]
    spans: Annotated[list[SpanIn], Field(max_length=2)] = []
    names: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=2)] = []
    value: Annotated[str | None, Field(max_length=200)] = None
    note: Annotated[str, Field(max_length=2000)] = ""


def correction_dict(correction: Correction) -> dict[str, Any]:
    line = label_line(correction)
    del line["schema"]
    return {**line, "value": correction.value}


def guard_write(request: Request) -> None:
    """The checks this router adds to the app's guard (see the module docstring)."""
    if request.headers.get("origin") == "null":
        raise ApiError(403, "cross_origin", "requests with Origin: null are refused; correct from crossread's own page")
    if request.method == "POST" and request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the correction as a JSON body (Content-Type: application/json)")


def _check_spans(library: StoreOwner, spans: list[SpanIn]) -> None:
    with library.store() as store:
        for span in spans:
            analyzed = store.get_document(span.doc)
            if analyzed is None:
                raise ApiError(422, "invalid_correction", f"no document has id {span.doc!r}; GET /api/documents lists them")
            if span.end > len(analyzed.document.text) or span.end <= span.start:
                raise ApiError(
                    422, "invalid_correction", f"span {span.start}-{span.end} is outside document {span.doc}"
                    f" ({len(analyzed.document.text)} characters)",
                )  # fmt: skip


def add_correction_routes(app: FastAPI, library: StoreOwner) -> None:
    listing = contract(["schema", "corrections"])
    listing["content"]["application/x-ndjson"] = {"schema": {"type": "string", "description": "crossread.correction/1 lines"}}

    @app.get("/api/corrections", tags=["api"], responses={200: listing, **ERRORS})
    def api_corrections(
        story: Annotated[str | None, Query(max_length=64, description="Only corrections that touch this story.")] = None,
        document: Annotated[str | None, Query(max_length=64, description="Only corrections on this document.")] = None,
        format: Annotated[Literal["json", "jsonl"], Query(description="jsonl: labelled lines (ids, offsets, label).")] = "json",
    ) -> Response:
        """The analyst's corrections, oldest first (``crossread.corrections/1``); ``format=jsonl`` exports them as gold."""
        with library.store() as store:
            corrections = store.list_corrections()
            if story is not None:
                corrections = relevant(corrections, library.find_story(store, story).doc_ids)
        if document is not None:
            corrections = [c for c in corrections if document in c.doc_ids]
        if format == "jsonl":
            return Response(to_jsonl(corrections), media_type="application/x-ndjson",
                            headers={"Content-Disposition": 'attachment; filename="crossread-corrections.jsonl"'})  # fmt: skip
        return JSONResponse({"schema": SCHEMA, "corrections": [correction_dict(c) for c in corrections]})

    @app.post(
        "/api/corrections", tags=["api"], status_code=201, dependencies=[Depends(guard_write)],
        responses={201: contract(["schema", "correction"]), **WRITE_ERRORS},
    )  # fmt: skip
    def api_add_correction(body: CorrectionIn) -> JSONResponse:
        """Record a correction; every brief applies it from now on (one on the same keys replaces it)."""
        _check_spans(library, body.spans)
        created = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        try:
            correction = make_correction(body.kind, [SpanKey(s.doc, s.start, s.end) for s in body.spans], body.names,
                                         body.value, body.note, created)  # fmt: skip
        except ValueError as exc:
            raise ApiError(422, "invalid_correction", str(exc)) from exc
        with library.store() as store:
            store.add_correction(correction)
        return JSONResponse({"schema": SCHEMA, "correction": correction_dict(correction)}, status_code=201)

    @app.delete(
        "/api/corrections/{correction_id}", tags=["api"], dependencies=[Depends(guard_write)],
        responses={200: contract(["schema", "deleted"]), **WRITE_ERRORS},
    )  # fmt: skip
    def api_delete_correction(correction_id: str) -> JSONResponse:
        """Undo a correction: the briefs show crossread's own reading again."""
        with library.store() as store:
            if not store.delete_correction(correction_id):
                raise ApiError(404, "correction_not_found", f"no correction has id {correction_id!r}; GET /api/corrections")
        return JSONResponse({"schema": SCHEMA, "deleted": correction_id})


def _snippet(texts: dict[str, str], span: SpanKey) -> str:
    text = texts.get(span.doc_id, "")[span.start : span.end]
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def describe_corrections(corrections: list[Correction], documents: list[AnalyzedDocument], brief: Brief) -> list[dict[str, Any]]:
    """What the story page lists for each correction: kind, the words it is about (escaped by the template)."""
    texts = {d.document.id: d.document.text for d in documents}
    numbers = {d.document.id: f"[{n}]" for n, d in enumerate(brief.documents, start=1)}
    views = []
    for c in corrections:
        parts = [f"{numbers.get(s.doc_id, s.doc_id)} “{_snippet(texts, s)}”" for s in c.spans]
        if c.kind == "match_wrong":
            what = f"{parts[0]} is not the same fact as {parts[1]}"
        elif c.kind == "status_wrong":
            what = f"{parts[0]}: status is {c.value}"
        elif c.kind == "speaker_wrong":
            what = f"{parts[0]}: said by {c.value}"
        else:
            what = f"“{c.names[0]}” and “{c.names[1]}” are {'one entity' if c.kind == 'same_entity' else 'two entities'}"
        views.append({"id": c.id, "kind": c.kind.replace("_", " "), "what": what, "note": c.note, "created": c.created})
    return views
