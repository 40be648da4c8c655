"""sources: paths, folders and globs -> RawDocument (or SourceFailure).

Each container format has one reader. A reader never raises for a bad item:
it yields a ``SourceFailure`` naming the file (and record) and the problem, so
one corrupt file or line never stops a batch.
"""

from __future__ import annotations

import glob
import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from crossread.model import InputKind, RawDocument, SourceFailure

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = {".warc"}
SUPPORTED = sorted({*TEXT_SUFFIXES, *RECORD_SUFFIXES, *WARC_SUFFIXES, ".warc.gz"})

# Bytes sniffed to tell a binary file from text: a NUL byte in the first 8 KiB
# (outside UTF-16/32, which carry a BOM) is what `file` and git use as well.
BINARY_SNIFF_BYTES = 8192
# JSON fields a record may carry, first match wins.
RECORD_TEXT_FIELDS = ("text", "body", "content", "articleBody", "maintext")
RECORD_HTML_FIELDS = ("html", "raw_html")
RECORD_FIELDS = {
    "url": ("url", "link", "newsLink"),
    "title": ("title", "headline", "newsTitle"),
    "published": ("published", "date", "date_publish", "datePublished", "pubDate"),
    "outlet": ("outlet", "source", "publisher", "site", "source_domain", "newsSource"),
    "author": ("author", "authors", "byline"),
}
UTF_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Magic numbers of files users drop into a news folder by mistake, so the
# failure says what the file is rather than only "binary".
FILE_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data without a .gz suffix (rename it to end in .gz)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)


def expand_paths(inputs: Iterable[str | Path]) -> Iterator[Path | SourceFailure]:
    """Files, folders (recursively, sorted) and glob patterns -> input files."""
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _suffix(child) in SUPPORTED:
                    yield child
        elif path.is_file():
            yield path
        elif any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield SourceFailure(text, "glob pattern matched no files")
            for match in matches:
                yield from expand_paths([match])
        else:
            yield SourceFailure(text, "no such file or folder")


def _suffix(path: Path) -> str:
    """The format suffix, looking through one .gz layer (".warc.gz", ".html.gz")."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"] and len(suffixes) >= 2:
        return ".warc.gz" if suffixes[-2] == ".warc" else suffixes[-2]
    return suffixes[-1] if suffixes else ""


def read_sources(inputs: Iterable[str | Path]) -> Iterator[RawDocument | SourceFailure]:
    """Every article in ``inputs``, or a failure record for what cannot be read."""
    for path in expand_paths(inputs):
        if isinstance(path, SourceFailure):
            yield path
            continue
        yield from read_file(path)


def read_file(path: Path) -> Iterator[RawDocument | SourceFailure]:
    """The articles of one file, dispatched on its suffix."""
    suffix = _suffix(path)
    name = str(path)
    if suffix in (".warc", ".warc.gz"):
        yield from read_warc(path)
        return
    data = _read_bytes(path)
    if isinstance(data, SourceFailure):
        yield data
    elif suffix in TEXT_SUFFIXES:
        kind: InputKind = "html" if TEXT_SUFFIXES[suffix] == "html" else "text"
        problem = _problem_with_bytes(data)
        yield SourceFailure(name, problem) if problem else RawDocument(name, data, kind)
    elif suffix in RECORD_SUFFIXES:
        yield from read_records(name, data, whole_json=suffix == ".json")
    else:
        yield SourceFailure(name, f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")


def _read_bytes(path: Path) -> bytes | SourceFailure:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SourceFailure(str(path), f"cannot read file: {exc.strerror or exc}")
    if path.suffix.lower() != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return SourceFailure(str(path), f"truncated or corrupt gzip data: {exc}")


def _problem_with_bytes(data: bytes) -> str | None:
    """Why these bytes are not an article, or None when they may be one."""
    if not data:
        return "empty file"
    if not data.strip():
        return "empty file: it holds only whitespace"
    for signature, what in FILE_SIGNATURES:
        if data.startswith(signature):
            return f"not text or HTML: the file is {what}"
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in head and not head.startswith(UTF_BOMS):
        return "binary file (NUL bytes), not text or HTML"
    return None


def read_records(name: str, data: bytes, *, whole_json: bool) -> Iterator[RawDocument | SourceFailure]:
    """JSONL (one article per line) or a .json file holding one article or a list of them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield SourceFailure(name, f"not UTF-8 JSON: {exc.reason} at byte {exc.start}")
        return
    if whole_json and text.lstrip()[:1] in ("[", "{"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            # A .json file may also be JSON Lines; fall through to line mode.
            if "Extra data" not in str(exc):
                yield SourceFailure(name, f"malformed JSON: {exc}")
                return
        else:
            items = parsed if isinstance(parsed, list) else [parsed]
            for index, item in enumerate(items, start=1):
                yield record_to_raw(f"{name}:{index}", item)
            return
    if not text.strip():
        yield SourceFailure(name, "empty file")
        return
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{line_no}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceFailure(where, f"malformed JSON line: {exc.msg} at column {exc.colno}")
            continue
        yield record_to_raw(where, record)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    return str(value)


def record_to_raw(where: str, record: Any) -> RawDocument | SourceFailure:
    """One JSON article record -> RawDocument; its ``id`` becomes ``source_id``."""
    if not isinstance(record, dict):
        return SourceFailure(where, f"record is a JSON {type(record).__name__}, expected an object")
    html = _first(record, RECORD_HTML_FIELDS)
    text = _first(record, RECORD_TEXT_FIELDS)
    if isinstance(text, list):
        text = "\n\n".join(str(t) for t in text)
    if not isinstance(html, str | None) or not isinstance(text, str | None):
        return SourceFailure(where, "record's text/html field is not a string")
    if not (html and html.strip()) and not (text and text.strip()):
        return SourceFailure(where, f"record has no article text (fields {', '.join(RECORD_TEXT_FIELDS + RECORD_HTML_FIELDS)})")
    meta = {key: _as_text(_first(record, keys)) for key, keys in RECORD_FIELDS.items()}
    source_id = record.get("id")
    return RawDocument(
        source_path=where,
        content=html if html and html.strip() else str(text),
        kind="html" if html and html.strip() else "text",
        source_id=None if source_id is None else str(source_id),
        **meta,
    )


def read_warc(path: Path) -> Iterator[RawDocument | SourceFailure]:
    """HTML response records of a WARC or WARC.gz file (warcio).

    Records read before a corrupt or truncated part are kept; the failure
    names the file and how many records were read before it. A record cut off
    by the truncation is not passed on as if it were whole.
    """
    name = str(path)
    found = 0
    try:
        for item in _warc_html_records(path):
            found += 1
            yield item
    except _TruncatedWarc as exc:
        yield SourceFailure(name, f"truncated WARC after {found} whole HTML record(s): {exc}")
        return
    except Exception as exc:  # warcio raises anything (even AttributeError) on bad bytes; a reader never stops the batch
        known = isinstance(exc, OSError | ValueError | EOFError)
        detail = str(exc) if known else f"malformed record ({type(exc).__name__}: {exc})"
        yield SourceFailure(name, f"corrupt WARC after {found} HTML record(s): {detail}")
        return
    if not found:
        yield SourceFailure(name, "WARC holds no HTML response records (empty, or only requests/images/other types)")


# Bytes read at a time when checking that every gzip member of a WARC is whole.
GZIP_CHECK_CHUNK = 1 << 20


def _gzip_members_complete(path: Path) -> bool:
    """True when every gzip member of the file ends properly (warcio may stop quietly inside one)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    member_started = False
    with path.open("rb") as stream:
        while chunk := stream.read(GZIP_CHECK_CHUNK):
            while chunk:
                member_started = True
                try:
                    decompressor.decompress(chunk)
                except zlib.error:
                    return False
                if not decompressor.eof:
                    break
                chunk = decompressor.unused_data
                decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                member_started = False
    return not member_started


class _TruncatedWarc(ValueError):
    """The file ends inside a record: warcio stops quietly there."""


def _warc_html_records(path: Path) -> Iterator[RawDocument | SourceFailure]:
    """HTML responses, each passed on once the next record shows it was complete."""
    from warcio.archiveiterator import ArchiveIterator

    size = path.stat().st_size
    last: Any = None
    pending: RawDocument | SourceFailure | None = None
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if pending is not None:
                yield pending
            last, pending = record, _html_record(str(path), record)
        # The parsed offset and the last record's unread length tell a truncated file from a whole one.
        parsed = getattr(records, "offset", size)
        unread = getattr(getattr(last, "raw_stream", None), "limit", 0) or 0
        if parsed < size or unread > 0:
            raise _TruncatedWarc(f"the file ends inside a record ({max(size - parsed, unread)} bytes not parsed)")
        if path.suffix.lower() == ".gz" and not _gzip_members_complete(path):
            raise _TruncatedWarc("the gzip stream ends inside a record")
        if pending is not None:
            yield pending


def _html_record(name: str, record: Any) -> RawDocument | SourceFailure | None:
    """One WARC record as a RawDocument when it is an HTML response, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in ctype:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read()
    where = f"{name}#{url}"
    problem = _problem_with_bytes(body)
    return SourceFailure(where, problem) if problem else RawDocument(where, body, "html", url=url)
