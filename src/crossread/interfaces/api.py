"""``crossread serve``: the local web application and the HTTP API (FastAPI).

One app, two faces over the same data:

1. **pages** (``/``, ``/stories/{id}``, ``/documents/{id}``, ``/entities/{id}``):
   server-rendered HTML (Jinja2, autoescaped) that works without JavaScript;
   ``static/crossread.js`` only adds the click-to-align highlighting.
2. **API** (``/api/...``, schema at ``/openapi.json``): the CLI's JSON contracts
   (``crossread.stories/1``, ``crossread.story/1``, ``crossread.document/1``)
   plus ``crossread.documents/1``, ``crossread.entity/1``, ``crossread.search/1``
   and ``crossread.ingest/1``. Every API error is ``{"error": {"code", "message"}}``.

Article text is hostile: every response carries a strict Content-Security-Policy,
templates never mark article data safe, links from articles are shown as text,
and the server never fetches anything. Uploads are size-limited, checked by
suffix and by content, and ingested synchronously (the response is the summary).

SQLite connections belong to one thread, so each request opens its own store.
Briefs are built lazily per story and cached in memory, keyed by the story's
documents (a story that gains a document gets a new brief). Entity pages and
the entity filter scan the store: fine for a local library, linear in its size.
An entity id retired by a merge (``crossread.entity_ids``) redirects (308) to
the id the entity goes by now, so bookmarked pages and API links keep working.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
import secrets
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from spacy.language import Language
from starlette.exceptions import HTTPException as StarletteHTTPException

from crossread.config import Settings
from crossread.corpus import corrected, story_documents
from crossread.corrections import relevant
from crossread.errors import CrossreadError, StoreError
from crossread.interfaces.api_errors import ERRORS, ApiError, ErrorBody, contract
from crossread.interfaces.render import (
    UNCHECKABLE_WHAT,
    documents_contract,
    failures_contract,
    stories_contract,
    story_contract,
    story_dict,
    summary_dict,
)
from crossread.interfaces.web import charts, exports, paging, views
from crossread.model import CLAIM_STATUSES, AnalyzedDocument, Brief, DocumentSummary, Story, counted_label, readable_number
from crossread.outlets import identify, name_key, use_registry
from crossread.paths import shown_path
from crossread.publication import document_date
from crossread.search import search as search_with_aliases
from crossread.store.base import Store

WEB_DIR = Path(__file__).resolve().parent / "web"
# 50 MB: a few thousand saved articles or a small WARC crawl; bigger batches belong to `crossread ingest`.
DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Multipart framing (boundaries, part headers) on top of the files themselves.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
# Bytes read from each upload to sniff its type (the same window sources.py uses for binary detection).
SNIFF_BYTES = 8192
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".warc", ".warc.gz")
# Signatures of binary formats that are never articles, whatever the file is called.
BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"GIF8", b"\xff\xd8\xff", b"MZ", b"\x1f\x8b")
TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Briefs kept in memory per process; a brief of a 10-article story is a few hundred KB.
BRIEF_CACHE_SIZE = 128
# Filtered story listings kept per store revision (the unfiltered page and a few searches).
ROWS_CACHE_SIZE = 32
# Rendered pages and API listings kept per store revision (a few hundred stories' pages).
RESPONSE_CACHE_SIZE = 512
SEARCH_LIMIT = 50
# Matching documents considered when a search narrows the story list (best first).
SEARCH_FILTER_LIMIT = 1000
ISO_DAY = r"^(\d{4}-\d{2}-\d{2})?$"  # empty is "no filter": HTML forms send empty fields

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Host names a local server answers to (``testserver`` is the in-process test client's).
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "testserver"})
ALL_INTERFACES = ("0.0.0.0", "::", "")
EXPORT_FORMATS = ("json", "csv", "md", "html")
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


# --- errors -------------------------------------------------------------------


UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Request for a host this server does not serve"},
    403: {"model": ErrorBody, "description": "Cross-site request refused"},
    413: {"model": ErrorBody, "description": "Upload too large"},
    415: {"model": ErrorBody, "description": "Unsupported file type"},
    422: {"model": ErrorBody, "description": "Invalid request"},
    503: {"model": ErrorBody, "description": "Store or NLP model unavailable"},
}


# --- uploads ------------------------------------------------------------------


def upload_suffix(name: str) -> str:
    lowered = name.lower()
    return ".warc.gz" if lowered.endswith(".warc.gz") else os.path.splitext(lowered)[1]


def safe_filename(name: str) -> str:
    """The last path component, reduced to characters safe on every file system."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")[-120:]
    return cleaned or "upload"


def sniff_upload(name: str, head: bytes) -> str | None:
    """Why ``head`` (the file's first bytes) does not match its suffix, or None when it does."""
    suffix = upload_suffix(name)
    if suffix not in UPLOAD_SUFFIXES:
        return f"{name}: unsupported file type {suffix or '(none)'}; accepted: {', '.join(UPLOAD_SUFFIXES)}"
    if not head.strip():
        return f"{name}: the file is empty"
    if suffix == ".warc.gz":
        try:
            first = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            first = b""
        return None if first.startswith(b"WARC/") else f"{name}: not a gzipped WARC file (no WARC/ record header)"
    if suffix == ".warc":
        return None if head.startswith(b"WARC/") else f"{name}: not a WARC file (it must start with a WARC/ record header)"
    if head.startswith(BINARY_MAGIC) or (b"\x00" in head and not head.startswith(TEXT_BOMS)):
        return f"{name}: binary content in a {suffix} file; upload text, HTML, JSON lines or WARC"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if suffix in (".json", ".jsonl", ".ndjson") and not text.startswith((b"{", b"[")):
        return f"{name}: not JSON (a {suffix} file must start with an object or a list)"
    if suffix in (".html", ".htm", ".xhtml") and b"<" not in head:
        return f"{name}: no HTML markup found in a {suffix} file"
    return None


# --- the library behind every request ----------------------------------------


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as the stories page and ``/api/stories`` list it."""

    story: Story
    documents: list[DocumentSummary]
    outlets: int
    sparkline: charts.Sparkline


@dataclass(frozen=True, slots=True)
class StoryFilters:
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    entity: str | None = None
    q: str | None = None
    min_sources: int = 1

    @property
    def active(self) -> bool:
        return any((self.since, self.until, self.outlet, self.entity, self.q)) or self.min_sources > 1


@dataclass(frozen=True, slots=True)
class Listing:
    """The store's documents and stories at one revision: what listing pages read, built once per revision."""

    revision: int
    documents: list[DocumentSummary]
    by_id: dict[str, DocumentSummary]
    stories: list[Story]
    story_by_id: dict[str, Story]
    story_of: dict[str, str]  # document id -> its story's id


class Library:
    """Per-app state: settings, the spaCy pipeline (loaded once), the brief cache, the listing cache."""

    def __init__(self, settings: Settings, nlp: Language | None, upload_dir: Path, max_upload_bytes: int) -> None:
        self.settings = settings
        self.upload_dir = upload_dir
        self.max_upload_bytes = max_upload_bytes
        self._nlp = nlp
        # spaCy pipelines are not thread-safe, and SQLite has one writer: NLP work and ingests take turns.
        self._work = threading.RLock()
        self._briefs: OrderedDict[tuple[str, tuple[str, ...]], Brief] = OrderedDict()
        # Listings and story rows by store revision (``Store.revision``): a page costs a store scan once
        # per change of the library, not once per request.
        self._cache = threading.Lock()
        self._listing: Listing | None = None
        self._rows: OrderedDict[StoryFilters, list[StoryRow]] = OrderedDict()
        self._responses: OrderedDict[tuple[object, ...], tuple[bytes, int, str]] = OrderedDict()
        self._making: dict[tuple[object, ...], threading.Lock] = {}

    @contextmanager
    def store(self) -> Iterator[Store]:
        from crossread.store import open_store

        try:
            store = open_store(self.settings)
        except CrossreadError as exc:
            raise ApiError(503, "store_unavailable", str(exc)) from exc
        try:
            yield store
        finally:
            store.close()

    def nlp(self) -> Language:
        with self._work:
            if self._nlp is None:
                from crossread.stages.analyze import load_nlp

                try:
                    self._nlp = load_nlp(self.settings.spacy_model)
                except CrossreadError as exc:
                    raise ApiError(503, "model_unavailable", str(exc)) from exc
            return self._nlp

    # stories ---------------------------------------------------------------

    def listing(self, store: Store) -> Listing:
        """The documents and stories as of the store's revision now (cached until it changes)."""
        revision = store.revision()
        with self._cache:
            if self._listing is not None and self._listing.revision == revision:
                return self._listing
        documents = store.list_documents()
        stories = store.list_stories()
        story_of = {d: s.id for s in stories for d in s.doc_ids}
        listing = Listing(revision, documents, {d.id: d for d in documents}, stories, {s.id: s for s in stories}, story_of)
        with self._cache:
            if self._listing is None or self._listing.revision != revision:
                self._rows.clear()
            self._listing = listing
        return listing

    def cached(self, key: tuple[object, ...], make: Callable[[], Response]) -> Response:
        """``make()``'s 200 response kept per store revision and ``key``; the same bytes until the library changes.

        A page or listing is rendered once per change of the store (document, stories,
        correction), however many readers ask; headers are added per response by the
        middleware, never cached.
        """
        with self.store() as store:
            revision = store.revision()
        full = (revision, *key)
        hit = self._cached_response(full)
        if hit is not None:
            return hit
        with self._cache:
            making = self._making.setdefault(full, threading.Lock())
        with making:  # readers asking for the same thing at once wait for one rendering, not sixteen
            hit = self._cached_response(full)
            if hit is not None:
                return hit
            response = make()
            with self._cache:
                if response.status_code == 200 and isinstance(response.body, bytes):
                    self._responses[full] = (response.body, response.status_code, response.media_type or "text/html")
                    while len(self._responses) > RESPONSE_CACHE_SIZE:
                        self._responses.popitem(last=False)
                self._making.pop(full, None)
        return response

    def _cached_response(self, full: tuple[object, ...]) -> Response | None:
        with self._cache:
            hit = self._responses.get(full)
            if hit is None:
                return None
            self._responses.move_to_end(full)
        body, status, media_type = hit
        return Response(body, status_code=status, media_type=media_type)

    def find_story(self, store: Store, story_id: str) -> Story:
        """The story with this id (or unique id prefix)."""
        listing = self.listing(store)
        exact = listing.story_by_id.get(story_id)
        matches = [exact] if exact is not None else [s for s in listing.stories if story_id and s.id.startswith(story_id)]
        if len(matches) != 1:
            reason = "no story has" if not matches else f"{len(matches)} stories have"
            raise ApiError(404, "story_not_found", f"{reason} id {story_id!r}; GET /api/stories lists them")
        return matches[0]

    def brief(self, store: Store, story: Story) -> tuple[Brief, list[AnalyzedDocument]]:
        """The story's brief, built once per process and set of documents; the analyst's corrections applied."""
        from crossread.stored_briefs import brief_of, stored_brief

        key = (story.id, tuple(sorted(story.doc_ids)))  # ids are content hashes: same ids, same documents
        with self._cache:
            cached = self._briefs.get(key)
        documents = list(cached.documents) if cached is not None else story_documents(store, story)
        if cached is None:  # the stored brief needs no NLP: read it without waiting for the pipeline
            cached = stored_brief(store, documents, self.settings.spacy_model)
        if cached is None:
            with self._work:  # computing needs spaCy, which takes one request at a time
                cached = brief_of(store, documents, self.nlp, self.settings.spacy_model)
        with self._cache:
            self._briefs[key] = cached
            self._briefs.move_to_end(key)
            while len(self._briefs) > BRIEF_CACHE_SIZE:
                self._briefs.popitem(last=False)
        fixed = corrected(cached, store, story)  # read per request: never stale
        return fixed, list(fixed.documents)

    def story_rows(self, store: Store, filters: StoryFilters) -> list[StoryRow]:
        """The stories the filters keep, with their documents and outlet counts (cached per revision and filters)."""
        listing = self.listing(store)
        with self._cache:
            cached = self._rows.get(filters) if self._listing is listing else None
        if cached is not None:
            return cached
        rows = self._story_rows(store, filters, listing)
        with self._cache:
            if self._listing is listing:
                self._rows[filters] = rows
                while len(self._rows) > ROWS_CACHE_SIZE:
                    self._rows.popitem(last=False)
        return rows

    def _story_rows(self, store: Store, filters: StoryFilters, listing: Listing) -> list[StoryRow]:
        by_id = listing.by_id
        wanted: set[str] | None = None
        if filters.q:
            wanted = {hit.id for hit in search_with_aliases(store, filters.q, limit=SEARCH_FILTER_LIMIT)}
        if filters.entity:
            mentioning = documents_mentioning(store, filters.entity)
            wanted = mentioning if wanted is None else wanted & mentioning
        rows = []
        for story in listing.stories:
            if filters.since and (story.end or story.start or "") < filters.since:
                continue
            if filters.until and (story.start or story.end or "9999") > filters.until + "~":
                continue
            documents = [by_id[d] for d in story.doc_ids if d in by_id]
            if wanted is not None and not any(d.id in wanted for d in documents):
                continue
            if filters.outlet and not any(views.outlet_key(d) == name_key(filters.outlet) for d in documents):
                continue
            outlets = len({views.outlet_key(d) for d in documents})
            if outlets < filters.min_sources:
                continue
            days = [charts.parse_day(d.published) for d in documents]
            rows.append(StoryRow(story, documents, outlets, charts.sparkline(days, charts.parse_day(story.start))))
        return rows

    # entities --------------------------------------------------------------

    def entity_report(self, store: Store, entity_id: str, follow: bool = True) -> dict[str, Any]:
        """``crossread.entity/1``: the entity, its stories and its quotes over time (scans every story).

        An id no story has that a merge retired (``Store.resolve_entity_id``) gives the report of the
        entity it went to: ``report["entity"]["id"]`` is then that id, and the routes redirect there.
        """
        found: dict[str, Any] | None = None
        stories: list[dict[str, Any]] = []
        quotes: list[dict[str, Any]] = []
        aliases: dict[str, None] = {}
        for story in store.list_stories():
            brief, documents = self.brief(store, story)
            entity = next((e for e in brief.entities if e.id == entity_id), None)
            if entity is None:
                continue
            found = found or {"id": entity.id, "name": entity.name, "label": entity.label}
            aliases.update(dict.fromkeys(entity.aliases))
            stories.append(
                {"id": story.id, "title": story.title, "start": story.start, "end": story.end, "mentions": len(entity.mentions)}
            )
            published = {d.document.id: d.document.published for d in documents}
            spellings = views.speaker_spellings(
                [{"id": e.id, "name": e.name, "label": e.label, "aliases": e.aliases} for e in brief.entities]
            )
            for bq in brief.quotes:
                if views.speaker_entity(bq.speaker, bq.quote.speaker_name, bq.quote.speaker_text, spellings) != entity_id:
                    continue
                q = bq.quote
                when = q.said_on or (published.get(q.doc_id) or "")[:10] or story.start
                quotes.append(
                    {"id": q.id, "story": story.id, "doc": q.doc_id, "start": q.start, "end": q.end, "text": q.text,
                     "kind": q.kind, "cue": q.cue, "said_on": q.said_on, "date": when, "before_event": bq.before_event}
                )  # fmt: skip
        moved = store.resolve_entity_id(entity_id) if found is None and follow else entity_id
        if moved != entity_id:
            return self.entity_report(store, moved, follow=False)
        if found is None:
            raise ApiError(404, "entity_not_found", f"no story mentions entity {entity_id!r}; entity ids appear in briefs")
        stories.sort(key=lambda s: (s["start"] or "", s["id"]))
        quotes.sort(key=lambda q: (q["date"] or "", q["id"]))
        return {"schema": "crossread.entity/1", "entity": {**found, "aliases": list(aliases)}, "stories": stories,
                "quotes": quotes}  # fmt: skip

    # ingest ----------------------------------------------------------------

    def ingest_uploads(self, uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
        """Check, save and ingest uploaded files; ``crossread.ingest/1``."""
        from crossread.pipeline import ingest

        if not uploads:
            raise ApiError(422, "no_files", "no files in the upload; send one or more `files` parts")
        total = sum(len(content) for _name, content in uploads)
        if total > self.max_upload_bytes:
            raise ApiError(413, "upload_too_large", f"upload is {total} bytes; the limit is {self.max_upload_bytes} bytes")
        problems = [p for p in (sniff_upload(name, content[:SNIFF_BYTES]) for name, content in uploads) if p]
        if problems:
            raise ApiError(415, "unsupported_file", "; ".join(problems))
        batch = self.upload_dir / f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        batch.mkdir(parents=True, exist_ok=False)
        paths = []
        for number, (name, content) in enumerate(uploads):
            path = batch / safe_filename(name)
            if path.exists():
                path = batch / f"{number}-{path.name}"
            path.write_bytes(content)
            paths.append(str(path))
        from crossread.stages.sources import ReadLimits

        limits = ReadLimits(self.settings.max_input_bytes, self.settings.max_decompressed_bytes)
        retry = f"the files are saved in {batch}; retry with `crossread ingest {batch}`"
        try:
            nlp = self.nlp()
            with self._work, self.store() as store:
                report = ingest(
                    paths,
                    store,
                    nlp,
                    batch_size=self.settings.batch_size,
                    limits=limits,
                    max_chunk_chars=self.settings.max_chunk_chars,
                )
                new = set(report.ingested_ids)
                stories = [s.id for s in store.list_stories() if new & set(s.doc_ids)]
        except StoreError as exc:
            raise ApiError(503, "store_unavailable", f"the store could not be written ({exc}); {retry}") from exc
        except CrossreadError as exc:
            raise ApiError(422, "ingest_failed", f"{exc}; {retry}") from exc
        except Exception as exc:  # never a 500 with the exception text: say what to do instead
            raise ApiError(
                422, "ingest_failed", f"the upload could not be ingested (unexpected {type(exc).__name__}); {retry}"
            ) from exc
        return {
            "schema": "crossread.ingest/1",
            "summary": report.summary,
            "ingested": [{"path": shown_path(p), "id": i} for p, i in zip(report.ingested, report.ingested_ids, strict=True)],
            "duplicates": [shown_path(p) for p in report.duplicates],
            "failures": [{"path": shown_path(f.source_path), "stage": f.stage, "reason": f.reason} for f in report.failures],
            "stories": stories,
        }


def documents_mentioning(store: Store, name: str) -> set[str]:
    """Ids of documents with an entity mention containing ``name`` (case-insensitive): a full scan."""
    needle = name.casefold().strip()
    return {a.document.id for a in store.iter_documents() if any(needle in m.text.casefold() for m in a.mentions)}


def find_document(store: Store, doc_id: str) -> AnalyzedDocument:
    analyzed = store.get_document(doc_id) if doc_id else None
    if analyzed is None and len(doc_id) >= 4:
        matches = [d.id for d in store.list_documents() if d.id.startswith(doc_id)]
        analyzed = store.get_document(matches[0]) if len(matches) == 1 else None
    if analyzed is None:
        raise ApiError(404, "document_not_found", f"no document has id {doc_id!r}; GET /api/documents lists them")
    return analyzed


# --- rendering ----------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        status_label=views.STATUS_LABEL,
        claim_statuses=CLAIM_STATUSES,
        export_formats=EXPORT_FORMATS,
        source_of=views.summary_source,
        counted_label=counted_label,
        readable_number=readable_number,
        uncheckable_what=UNCHECKABLE_WHAT,
    )
    return env


def _download(body: str, fmt: str, name: str) -> Response:
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)


# --- the app ------------------------------------------------------------------


def create_app(
    settings: Settings,
    *,
    nlp: Language | None = None,
    upload_dir: Path | None = None,
    max_upload_bytes: int | None = None,
    hosts: Collection[str] = (),
) -> FastAPI:
    """The crossread web app and API over the store ``settings`` names.

    ``nlp`` skips loading the spaCy pipeline (tests pass theirs); uploads are kept
    in ``upload_dir`` (default: ``crossread-uploads/`` next to the database) and
    limited to ``max_upload_bytes`` in total (default 50 MB, env
    ``CROSSREAD_MAX_UPLOAD_BYTES``). Requests must name a local host, or one of
    ``hosts`` (``"*"`` accepts any: for a server bound to all interfaces).
    """
    limit = max_upload_bytes or int(os.environ.get("CROSSREAD_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))
    uploads = upload_dir or Path(settings.database).resolve().parent / "crossread-uploads"
    use_registry(settings.outlets)
    library = Library(settings, nlp, uploads, limit)
    env = _environment()
    app = FastAPI(
        title="crossread",
        summary="Read the news across sources: stories, briefs, documents, entities.",
        version="1",
        docs_url=None,  # Swagger UI loads scripts from a CDN: the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.library = library
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(standalone=False, **context), status_code=status)

    def standalone(template: str, filename: str, **context: Any) -> Response:
        css = Markup((WEB_DIR / "static" / "crossread.css").read_text("utf-8"))  # our stylesheet, not article data
        return _download(env.get_template(template).render(standalone=True, inline_css=css, **context), "html", filename)

    install_middleware(app, env, limit, LOCAL_HOSTS | {h.lower().strip("[]") for h in hosts})
    install_error_handlers(app, env)
    add_api_routes(app, library)
    from crossread.interfaces.correction_routes import add_correction_routes

    add_correction_routes(app, library)
    add_page_routes(app, library, page, standalone)
    return app


def _host_name(value: str) -> str:
    """The host part of a Host header: ``127.0.0.1:8000`` -> ``127.0.0.1``, ``[::1]:8000`` -> ``::1``."""
    if value.startswith("["):
        return value[1:].split("]", 1)[0].lower()
    return (value.rsplit(":", 1)[0] if value.count(":") == 1 else value).lower()


def request_refusal(request: Request, limit: int, hosts: frozenset[str]) -> ApiError | None:
    """Why the request is refused before it reaches a route, or None.

    1. DNS rebinding: a web page cannot reach this server under a name of its own.
    2. Cross-site posts: another site's page cannot make the browser upload into the library.
    3. Size: a declared body over the upload limit is refused before it is read.
    """
    host = _host_name(request.headers.get("host", ""))
    if "*" not in hosts and host not in hosts:
        return ApiError(400, "unknown_host", f"host {host!r} is not served here; use http://127.0.0.1 (DNS rebinding guard)")
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        # Browsers say where a request comes from in Sec-Fetch-Site; Origin is the fallback for older
        # clients ("null" is what a no-referrer page sends for its own form posts, so it is not evidence).
        site = request.headers.get("sec-fetch-site")
        origin = request.headers.get("origin") or "null"
        foreign_origin = origin != "null" and urlsplit(origin).netloc != request.headers.get("host")
        if (site is not None and site not in ("same-origin", "none")) or (site is None and foreign_origin):
            return ApiError(403, "cross_origin", "requests from other sites are refused; upload from crossread's own page")
    length = request.headers.get("content-length", "")
    if request.method == "POST" and length.isdigit() and int(length) > limit + MULTIPART_OVERHEAD_BYTES:
        return ApiError(413, "upload_too_large", f"upload is {length} bytes; the limit is {limit} bytes")
    return None


def install_middleware(app: FastAPI, env: Environment, limit: int, hosts: frozenset[str]) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        refusal = request_refusal(request, limit, hosts)
        response = _error_response(request, env, refusal) if refusal else await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if request.url.path.startswith("/api/") or request.url.path in ("/", "/upload"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error_response(request: Request, env: Environment | None, error: ApiError) -> Response:
    if _wants_json(request) or env is None:
        body = {"error": {"code": error.code, "message": error.message}}
        return JSONResponse(body, status_code=error.status)
    html = env.get_template("error.html.j2").render(standalone=False, error=error)
    return HTMLResponse(html, status_code=error.status)


def install_error_handlers(app: FastAPI, env: Environment) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, env, exc)

    @app.exception_handler(exports.UnknownTable)
    async def unknown_table(request: Request, exc: exports.UnknownTable) -> Response:
        return _error_response(request, env, ApiError(404, "unknown_table", str(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = (
            "no such page or endpoint; the API is under /api (schema at /openapi.json)"
            if exc.status_code == 404
            else str(exc.detail)
        )
        return _error_response(request, env, ApiError(exc.status_code, code, message))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if any("files" in e.get("loc", ()) for e in exc.errors()):
            message = f"no files in the upload: choose one or more files ({', '.join(UPLOAD_SUFFIXES)})"
            return _error_response(request, env, ApiError(422, "no_files", message))
        errors = exc.errors()
        dates = [e for e in errors if tuple(e.get("loc", ()))[-1:] in (("since",), ("until",))]
        if dates:
            name, value = dates[0]["loc"][-1], dates[0].get("input")
            return _error_response(request, env, ApiError(422, "invalid_date", _date_problem(str(name), value)))
        problems = "; ".join(_parameter_problem(e) for e in errors)
        return _error_response(request, env, ApiError(422, "invalid_request", problems or "invalid request"))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        return _error_response(request, env, ApiError(500, "internal_error", f"{type(exc).__name__}: {exc}"))


Since = Annotated[str | None, Query(pattern=ISO_DAY, description="Only stories active on or after this ISO day.")]
Until = Annotated[str | None, Query(pattern=ISO_DAY, description="Only stories active on or before this ISO day.")]
Outlet = Annotated[str | None, Query(max_length=200, description="Only stories with a document from this outlet.")]
EntityName = Annotated[str | None, Query(max_length=200, description="Only stories mentioning this name (store scan).")]
SearchText = Annotated[str | None, Query(max_length=500, description="Only stories with a document matching this search.")]


def _filters(
    since: str | None, until: str | None, outlet: str | None, entity: str | None, q: str | None, min_sources: int = 1
) -> StoryFilters:
    def clean(value: str | None) -> str | None:
        return value.strip() or None if value else None

    return StoryFilters(_day(since, "since"), _day(until, "until"), clean(outlet), clean(entity), clean(q), min_sources)


def _parameter_problem(error: Any) -> str:
    """``offset=-5: Input should be greater than or equal to 0``: the parameter, the value sent, what is wrong."""
    loc = [str(p) for p in error.get("loc", ())]
    where = loc[0] if loc else ""
    name = ".".join(loc[1:]) if where in ("query", "path", "body") and len(loc) > 1 else ".".join(loc)
    sent = error.get("input")
    shown = f"{name}={sent}" if where == "query" and isinstance(sent, str | int) else name
    return f"{shown}: {error.get('msg', 'invalid')}"


def _date_problem(name: str, value: Any) -> str:
    return f"{name}={value!r} is not a calendar day; write it as YYYY-MM-DD, e.g. {name}=2020-02-01"


def _day(value: str | None, name: str) -> str | None:
    """An ISO day that exists (the query pattern only checks its shape: ``2020-13-45`` has it), else a 422."""
    if not value or not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ApiError(422, "invalid_date", _date_problem(name, value)) from None


Limit = Annotated[int, Query(ge=1, le=paging.MAX_LIMIT, description=f"Rows to return (1-{paging.MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Rows to skip, from the first (0 or more).")]


def _window(rows: int, limit: int, offset: int) -> paging.Window:
    return paging.Window(offset, limit, rows)


def _filter_query(filters: StoryFilters) -> dict[str, str]:
    """The active filters as query parameters (for export and paging links)."""
    return {k: str(v) for k, v in dataclasses.asdict(filters).items() if v and k != "min_sources"}


def stories_payload(rows: list[StoryRow]) -> dict[str, Any]:
    return stories_contract([(r.story, r.documents) for r in rows])


def add_api_routes(app: FastAPI, library: Library) -> None:
    @app.get("/api/stories", tags=["api"], responses={200: contract(["schema", "stories"]), **ERRORS})
    def api_stories(
        since: Since = None,
        until: Until = None,
        outlet: Outlet = None,
        entity: EntityName = None,
        q: SearchText = None,
        min_sources: Annotated[int, Query(ge=1, le=1000, description="Only stories with at least this many outlets.")] = 1,
        limit: Limit = paging.PAGE_LIMIT,
        offset: Offset = 0,
    ) -> Response:
        """Stories, newest first, one window of them (``crossread.stories/1`` plus total/limit/offset/next/previous)."""
        filters = _filters(since, until, outlet, entity, q, min_sources)

        def listing() -> Response:
            with library.store() as store:
                rows = library.story_rows(store, filters)
            window = _window(len(rows), limit, offset)
            query = _filter_query(filters)
            if min_sources > 1:
                query["min_sources"] = str(min_sources)
            return JSONResponse({**stories_payload(rows[offset : offset + limit]), **window.payload("/api/stories", query)})

        return library.cached(("api stories", filters, limit, offset), listing)

    @app.get("/api/stories/{story_id}", tags=["api"], responses={200: contract(["schema", "story", "brief"]), **ERRORS})
    def api_story(story_id: str) -> Response:
        """One story and its brief (``crossread.story/1``, as ``crossread story ID --format json``)."""

        def payload() -> Response:
            with library.store() as store:
                story = library.find_story(store, story_id)
                summaries = library.listing(store).by_id
                brief, _documents = library.brief(store, story)
            return JSONResponse(story_contract(story, summaries, brief))

        return library.cached(("api story", story_id), payload)

    @app.get("/api/failures", tags=["api"], responses={200: contract(["schema", "failures"]), **ERRORS})
    def api_failures(limit: Limit = paging.PAGE_LIMIT, offset: Offset = 0) -> JSONResponse:
        """Inputs whose last ingest failed, one row each (``crossread.failures/1``, paths as shown; plus paging keys).

        ``crossread failures`` prints the same rows with the exact retry command.
        """
        with library.store() as store:
            rows = store.list_failures()
        window = _window(len(rows), limit, offset)
        return JSONResponse({**failures_contract(rows[offset : offset + limit]), **window.payload("/api/failures")})

    @app.get("/api/documents", tags=["api"], responses={200: contract(["schema", "documents"]), **ERRORS})
    def api_documents(limit: Limit = paging.PAGE_LIMIT, offset: Offset = 0) -> JSONResponse:
        """One window of the documents (``crossread.documents/1``, as ``crossread docs --json``, plus paging keys)."""
        with library.store() as store:
            rows = library.listing(store).documents
        window = _window(len(rows), limit, offset)
        return JSONResponse(
            {"schema": "crossread.documents/1", "documents": [summary_dict(r) for r in rows[offset : offset + limit]],
             **window.payload("/api/documents")}
        )  # fmt: skip

    @app.get("/api/documents/{doc_id}", tags=["api"], responses={200: contract(["schema", "id", "text"]), **ERRORS})
    def api_document(doc_id: str) -> JSONResponse:
        """One document with its analysis (``crossread.document/1``, as ``crossread doc ID --format json``)."""
        from crossread.interfaces.render import document_dict

        with library.store() as store:
            analyzed = find_document(store, doc_id)
        return JSONResponse(document_dict(analyzed))

    @app.get(
        "/api/entities/{entity_id}",
        tags=["api"],
        responses={
            200: contract(["schema", "entity", "stories", "quotes"]),
            308: {"description": "The id was retired by a merge: Location is the entity's id now"},
            **ERRORS,
        },
    )
    def api_entity(entity_id: str) -> Response:
        """An entity across stories: its stories and its quotes over time (``crossread.entity/1``).

        An id retired by a merge redirects (308) to the id the entity goes by now.
        """
        with library.store() as store:
            report = library.entity_report(store, entity_id)
        if report["entity"]["id"] != entity_id:
            return RedirectResponse(f"/api/entities/{report['entity']['id']}", status_code=308)
        return JSONResponse(report)

    @app.get("/api/search", tags=["api"], responses={200: contract(["schema", "query", "hits"]), **ERRORS})
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find (all required).")],
        limit: Annotated[int, Query(ge=1, le=200)] = SEARCH_LIMIT,
    ) -> JSONResponse:
        """Full-text search over titles and texts, best first, every spelling of a linked name (``crossread.search/1``)."""
        with library.store() as store:
            hits = search_with_aliases(store, q, limit=limit)
            stories = library.listing(store).story_of
        return JSONResponse(
            {
                "schema": "crossread.search/1",
                "query": q,
                "hits": [{"id": h.id, "title": h.title, "snippet": h.snippet, "story": stories.get(h.id)} for h in hits],
            }
        )

    @app.post(
        "/api/ingest", tags=["api"], responses={200: contract(["schema", "summary", "ingested", "failures"]), **UPLOAD_ERRORS}
    )
    def api_ingest(
        files: Annotated[list[UploadFile], File(description=f"Articles: {', '.join(UPLOAD_SUFFIXES)}.")],
    ) -> JSONResponse:
        """Ingest uploaded files synchronously, then update the stories (``crossread.ingest/1``)."""
        return JSONResponse(library.ingest_uploads(_read_uploads(files, library.max_upload_bytes)))


def _read_uploads(files: list[UploadFile], limit: int) -> list[tuple[str, bytes]]:
    """Read every part, stopping as soon as the total passes ``limit``."""
    read: list[tuple[str, bytes]] = []
    total = 0
    for upload in files:
        content = upload.file.read(limit - total + 1)
        total += len(content)
        if total > limit:
            raise ApiError(413, "upload_too_large", f"upload is over the limit of {limit} bytes")
        read.append((upload.filename or "upload", content))
    return read


PageRenderer = Callable[..., HTMLResponse]
StandaloneRenderer = Callable[..., Response]


def _export_format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS:
        raise ApiError(404, "unknown_format", f"no export format {fmt!r}; valid: {', '.join(EXPORT_FORMATS)}")
    return fmt


def add_page_routes(app: FastAPI, library: Library, page: PageRenderer, standalone: StandaloneRenderer) -> None:
    add_index_routes(app, library, page, standalone)
    add_story_routes(app, library, page, standalone)
    add_document_routes(app, library, page, standalone)
    add_entity_routes(app, library, page, standalone)


def _index_context(
    library: Library, filters: StoryFilters, limit: int = paging.PAGE_LIMIT, offset: int = 0, everything: bool = False
) -> dict[str, Any]:
    with library.store() as store:
        rows = library.story_rows(store, filters)
        documents = library.listing(store).documents
        hits = search_with_aliases(store, filters.q, limit=SEARCH_LIMIT) if filters.q else []
        stories = library.listing(store).story_of if hits else {}
    outlets = views.outlet_names(documents)
    by_id = {d.id: d for d in documents}
    return {
        "rows": rows if everything else rows[offset : offset + limit],
        "total": len(rows),
        "window": paging.Window(0, max(len(rows), 1), len(rows)) if everything else paging.Window(offset, limit, len(rows)),
        "page_query": _filter_query(filters),
        "filters": filters,
        "outlets": outlets,
        "hits": [(h, stories.get(h.id), by_id.get(h.id)) for h in hits],
        "document_count": len(documents),
        "max_upload_mb": round(library.max_upload_bytes / 1024 / 1024, 1),
        "upload_suffixes": UPLOAD_SUFFIXES,
        "query_string": urlencode(_filter_query(filters)),
    }


def add_index_routes(app: FastAPI, library: Library, page: PageRenderer, standalone: StandaloneRenderer) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(
        since: Since = None,
        until: Until = None,
        outlet: Outlet = None,
        entity: EntityName = None,
        q: SearchText = None,
        limit: Limit = paging.PAGE_LIMIT,
        offset: Offset = 0,
    ) -> Response:
        filters = _filters(since, until, outlet, entity, q)
        return library.cached(
            ("home", filters, limit, offset), lambda: page("index.html.j2", **_index_context(library, filters, limit, offset))
        )

    @app.get("/export/stories.{fmt}", include_in_schema=False)
    def export_stories(
        fmt: str, since: Since = None, until: Until = None, outlet: Outlet = None, entity: EntityName = None, q: SearchText = None
    ) -> Response:
        _export_format(fmt)
        filters = _filters(since, until, outlet, entity, q)
        if fmt == "html":
            return standalone("index.html.j2", "crossread-stories", **_index_context(library, filters, everything=True))
        with library.store() as store:
            rows = library.story_rows(store, filters)
        stories = [{**story_dict(r.story, r.documents), "outlets": r.outlets} for r in rows]
        body = {"json": lambda: _dumps(stories_payload(rows)), "csv": lambda: exports.stories_csv(stories),
                "md": lambda: exports.stories_markdown(stories)}[fmt]()  # fmt: skip
        return _download(body, fmt, "crossread-stories")

    @app.get("/failures", response_class=HTMLResponse, include_in_schema=False)
    def failures_page(limit: Limit = paging.PAGE_LIMIT, offset: Offset = 0) -> HTMLResponse:
        with library.store() as store:
            rows = store.list_failures()
        window = paging.Window(offset, limit, len(rows))
        shown = failures_contract(rows[offset : offset + limit])["failures"]
        return page("failures.html.j2", failures=shown, window=window)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(limit: Limit = paging.PAGE_LIMIT, offset: Offset = 0) -> HTMLResponse:
        with library.store() as store:
            listing = library.listing(store)
            documents, stories = listing.documents, listing.story_of
        window = paging.Window(offset, limit, len(documents))
        return page("documents.html.j2", documents=documents[offset : offset + limit], stories=stories, window=window)

    @app.get("/export/documents.{fmt}", include_in_schema=False)
    def export_documents(fmt: str) -> Response:
        _export_format(fmt)
        with library.store() as store:
            listing = library.listing(store)
            documents, stories = listing.documents, listing.story_of
        if fmt == "html":
            window = paging.Window(0, max(len(documents), 1), len(documents))
            return standalone("documents.html.j2", "crossread-documents", documents=documents, stories=stories, window=window)
        body = {
            "json": lambda: _dumps(documents_contract(documents)),
            "csv": lambda: exports.documents_csv(documents),
            "md": lambda: exports.documents_markdown(documents),
        }[fmt]()
        return _download(body, fmt, "crossread-documents")

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload(files: Annotated[list[UploadFile], File()]) -> HTMLResponse:
        result = library.ingest_uploads(_read_uploads(files, library.max_upload_bytes))
        return page("upload.html.j2", result=result)

    @app.get("/upload", include_in_schema=False)
    def upload_form() -> RedirectResponse:
        return RedirectResponse("/#upload", status_code=303)

    @app.get("/search", include_in_schema=False)
    def search_redirect(q: SearchText = None) -> RedirectResponse:
        return RedirectResponse("/?" + urlencode({"q": q or ""}), status_code=303)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)


def _story_context(library: Library, story_id: str) -> tuple[Story, Brief, dict[str, Any]]:
    from crossread.interfaces.render import brief_dict

    with library.store() as store:
        story = library.find_story(store, story_id)
        brief, documents = library.brief(store, story)
        corrections = relevant(store.list_corrections(), story.doc_ids)
    data = brief_dict(brief)
    columns = views.side_by_side(documents, data)
    names = {e["id"]: e["name"] for e in data["entities"]}
    labels = {c.doc_id: f"[{c.number}] {c.name}" for c in columns}
    fallback = charts.parse_day(story.start or data["event"]["date"])
    articles = [
        charts.Article(row=c.name, day=charts.parse_day(c.published), title=c.title or c.name, href=f"/documents/{c.doc_id}")
        for c in columns
    ]
    statuses = {s: sum(1 for c in data["claims"] if c["status"] == s) for s in CLAIM_STATUSES}
    outlets = len({c.source.key for c in columns if c.source.name})
    context = {
        "unknown_outlets": sum(1 for c in columns if not c.source.name),
        "headlines": views.headline_strip(columns),
        "single_source_why": views.SINGLE_SOURCE_WHY,
        "story": story,
        "data": data,
        "columns": columns,
        "names": names,
        "labels": labels,
        "numbers": {c.doc_id: f"[{c.number}]" for c in columns},
        "claims": {c["id"]: c for c in data["claims"]},
        "speakers": views.quotes_by_speaker(data),
        "quote_docs": {q["id"]: q["doc"] for q in data["quotes"]},
        "number_conflicts": views.amount_conflicts(data),
        "timeline": charts.timeline(articles, fallback),
        "statuses": statuses,
        "outlets": outlets,
        "entities": [e for e in data["entities"] if len(e["mentions"]) > 1][:24],
        "anchor_at": views.SentenceLocator(documents),
        "corrections": correction_views(corrections, documents, brief),
    }
    return story, brief, context


def correction_views(corrections: list[Any], documents: list[AnalyzedDocument], brief: Brief) -> list[dict[str, Any]]:
    from crossread.interfaces.correction_routes import describe_corrections

    return describe_corrections(corrections, documents, brief)


def add_story_routes(app: FastAPI, library: Library, page: PageRenderer, standalone: StandaloneRenderer) -> None:
    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> Response:
        def render() -> Response:
            story, _brief, context = _story_context(library, story_id)
            if story.id != story_id:
                return RedirectResponse(f"/stories/{story.id}", status_code=303)
            return page("story.html.j2", **context)

        return library.cached(("story page", story_id), render)

    @app.get("/stories/{story_id}/export.{fmt}", include_in_schema=False)
    def export_story(story_id: str, fmt: str, table: str = "claims") -> Response:
        from crossread.interfaces.render import brief_dict, brief_html, brief_markdown

        _export_format(fmt)
        with library.store() as store:
            story = library.find_story(store, story_id)
            brief, _documents = library.brief(store, story)
            summaries = library.listing(store).by_id
        name = f"crossread-story-{story.id}"
        if fmt == "json":
            return _download(_dumps(story_contract(story, summaries, brief)), fmt, name)
        if fmt == "md":
            return _download(brief_markdown(brief), fmt, name)
        if fmt == "html":
            return _download(brief_html(brief), fmt, name)
        documents = [summaries[d] for d in story.doc_ids if d in summaries]
        return _download(exports.story_csv(brief_dict(brief), documents, table), fmt, f"{name}-{table}")


def _document_context(library: Library, doc_id: str) -> dict[str, Any]:
    with library.store() as store:
        analyzed = find_document(store, doc_id)
        story_id = library.listing(store).story_of.get(analyzed.document.id)
    doc = analyzed.document
    return {
        "analyzed": analyzed,
        "paragraphs": views.paragraphs(analyzed),
        "doc": doc,
        "story_id": story_id,
        "name": views.document_title(doc.title),
        "source": identify(doc),
        "date": document_date(doc.published, analyzed.date_evidence, analyzed.dates),
        "shown_path": shown_path(doc.source_path),
        "headings": {s for s, _e in doc.headings},
    }


def add_document_routes(app: FastAPI, library: Library, page: PageRenderer, standalone: StandaloneRenderer) -> None:
    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(doc_id: str) -> HTMLResponse:
        return page("document.html.j2", **_document_context(library, doc_id))

    @app.get("/documents/{doc_id}/export.{fmt}", include_in_schema=False)
    def export_document(doc_id: str, fmt: str, table: str = "sentences") -> Response:
        from crossread.interfaces.render import document_dict, document_markdown

        _export_format(fmt)
        context = _document_context(library, doc_id)
        analyzed: AnalyzedDocument = context["analyzed"]
        name = f"crossread-document-{analyzed.document.id}"
        if fmt == "json":
            return _download(_dumps(document_dict(analyzed)), fmt, name)
        if fmt == "md":
            return _download(document_markdown(analyzed), fmt, name)
        if fmt == "html":
            return standalone("document.html.j2", name, **context)
        return _download(exports.document_csv(document_dict(analyzed), table), fmt, f"{name}-{table}")


def _entity_context(library: Library, entity_id: str) -> dict[str, Any]:
    with library.store() as store:
        report = library.entity_report(store, entity_id)
    titles = {s["id"]: s["title"] for s in report["stories"]}
    by_day: dict[str, list[dict[str, Any]]] = {}
    for quote in report["quotes"]:
        by_day.setdefault(quote["date"] or "undated", []).append(quote)
    articles = [
        charts.Article(row=s["title"] or s["id"], day=charts.parse_day(s["start"]), title=f"{s['mentions']} mentions",
                       href=f"/stories/{s['id']}")
        for s in report["stories"]
    ]  # fmt: skip
    days = [a.day for a in articles if a.day]
    chart = (
        charts.timeline(articles, min(days) if days else None, item="story", row=None, axis="story start") if articles else None
    )
    return {"report": report, "entity": report["entity"], "titles": titles, "quotes_by_day": by_day, "timeline": chart}


def add_entity_routes(app: FastAPI, library: Library, page: PageRenderer, standalone: StandaloneRenderer) -> None:
    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(entity_id: str) -> Response:
        context = _entity_context(library, entity_id)
        if context["entity"]["id"] != entity_id:  # retired by a merge: the bookmark moves to the id used now
            return RedirectResponse(f"/entities/{context['entity']['id']}", status_code=308)
        return page("entity.html.j2", **context)

    @app.get("/entities/{entity_id}/export.{fmt}", include_in_schema=False)
    def export_entity(entity_id: str, fmt: str, table: str = "quotes") -> Response:
        _export_format(fmt)
        context = _entity_context(library, entity_id)
        report: dict[str, Any] = context["report"]
        if report["entity"]["id"] != entity_id:
            query = urlencode({"table": table})
            return RedirectResponse(f"/entities/{report['entity']['id']}/export.{fmt}?{query}", status_code=308)
        name = f"crossread-entity-{report['entity']['id']}"
        if fmt == "json":
            return _download(_dumps(report), fmt, name)
        if fmt == "html":
            return standalone("entity.html.j2", name, **context)
        if fmt == "csv":
            return _download(exports.entity_csv(report, table), fmt, f"{name}-{table}")
        return _download(exports.entity_markdown(report), fmt, name)


def serve(host: str, port: int, settings: Settings) -> None:
    """Run the app with uvicorn until interrupted (the CLI binds 127.0.0.1 unless told otherwise)."""
    import uvicorn

    hosts = ("*",) if host in ALL_INTERFACES else (host,)
    uvicorn.run(
        create_app(settings, hosts=hosts), host=host, port=port, log_level="info", proxy_headers=False, server_header=False
    )
