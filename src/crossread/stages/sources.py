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
        if path.suffix.lower() == ".gz":
            data = gzip.decompress(data)
    except OSError as exc:
        return SourceFailure(str(path), f"cannot read file: {exc.strerror or exc}")
    except (EOFError, zlib.error) as exc:
        return SourceFailure(str(path), f"corrupt gzip data: {exc}")
    return data


def _problem_with_bytes(data: bytes) -> str | None:
    """Why these bytes are not an article, or None when they may be one."""
    if not data.strip():
        return "empty file"
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
    """HTML response records of a WARC or WARC.gz file (warcio)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    found = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read()
                where = f"{name}#{url}"
                problem = _problem_with_bytes(body)
                found += 1
                yield SourceFailure(where, problem) if problem else RawDocument(where, body, "html", url=url)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        yield SourceFailure(name, f"corrupt WARC: {exc}")
        return
    if not found:
        yield SourceFailure(name, "WARC holds no HTML response records")
