"""sources: paths, folders and globs -> RawDocument (or SourceFailure).

Each container format has one reader (plain text, HTML, JSON/JSONL, CSV,
RSS/Atom feeds, WARC). A reader never raises for a bad item: it yields a
``SourceFailure`` naming the file (and record) and the problem, so one corrupt,
hostile or oversized file never stops a batch. ``read_sources`` is the last
line of that boundary: whatever a reader raises (``RecursionError`` on deeply
nested JSON, ``MemoryError``, a library bug) becomes a failure for that file.

Bounds (``ReadLimits``, from the settings ``max_input_bytes`` and
``max_decompressed_bytes``): a file, JSON line, CSV row, feed or WARC payload
larger than ``max_input_bytes`` is refused after reading that much, never
loaded whole (a compressed single file too, once decompressed); a compressed
stream of records (JSONL, WARC) is decompressed as it is read and refused as
soon as it expands past ``max_decompressed_bytes``.

Every path given or found is accounted for: folders are read recursively
(supported suffixes only, everything else there is not an input); a file with
a supported suffix that cannot be read (a FIFO, a socket, a dangling or looping
symbolic link, no permission) is named with the reason, as is a file given
explicitly with an unsupported suffix.
"""

from __future__ import annotations

import csv
import errno
import glob
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from crossread.config import DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_INPUT_BYTES
from crossread.model import InputKind, RawDocument, SourceFailure

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc"}
SUPPORTED = sorted({*TEXT_SUFFIXES, *RECORD_SUFFIXES, *CSV_SUFFIXES, *FEED_SUFFIXES, *WARC_SUFFIXES, ".warc.gz"})

# Bytes sniffed to tell a binary file from text: a NUL byte in the first 8 KiB
# (outside UTF-16/32) is what `file` and git use as well.
BINARY_SNIFF_BYTES = 8192
# A NUL-bearing head is UTF-16/32 without a BOM when it decodes strictly and at
# least this share of its characters is printable text or whitespace (random
# bytes decoded as UTF-16 are mostly CJK and unassigned code points: under 0.5).
UTF16_PRINTABLE_SHARE = 0.95
# JSON fields a record may carry, first match wins (CSV headers are matched the same way, case-insensitively).
RECORD_TEXT_FIELDS = ("text", "body", "content", "articleBody", "maintext")
RECORD_HTML_FIELDS = ("html", "raw_html")
RECORD_FIELDS = {
    "url": ("url", "link", "newsLink"),
    "title": ("title", "headline", "newsTitle"),
    "published": ("published", "date", "date_publish", "datePublished", "pubDate"),
    "outlet": ("outlet", "source", "publisher", "site", "source_domain", "newsSource"),
    "author": ("author", "authors", "byline"),
}
RECORD_ID_FIELDS = ("id", "Body ID", "guid")
UTF_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
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
    (b"BZh", "bzip2-compressed data (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (b"\x7fELF", "an executable program"),
)
# What the start of a file says it is, for inputs whose suffix promises another format.
CONTENT_SNIFFERS = (
    (re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.I), "an HTML page (rename it to .html)"),
    (re.compile(rb"^\s*(<\?xml[^>]*>\s*)?<(rss|feed|rdf:RDF)\b", re.I), "an RSS/Atom feed (rename it to .rss)"),
    (re.compile(rb"^WARC/\d"), "a WARC file (rename it to .warc)"),
    (re.compile(rb"^\s*[\[{]"), "JSON (rename it to .json or .jsonl)"),
)
# Bytes read at a time from a stream (files, gzip members).
READ_CHUNK = 1 << 20
# Lone UTF-16 surrogates (from JSON "\ud800" escapes or undecodable file names) cannot be stored or hashed.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The bounds every reader applies (settings ``max_input_bytes`` and ``max_decompressed_bytes``)."""

    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES


class InputTooLarge(ValueError):
    """An input passed one of the ``ReadLimits``; the message says which and how to raise it."""


def display_name(path: Path | str) -> str:
    """The path as text that can be printed and stored: undecodable bytes of a file name become ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def clean_string(text: str) -> str:
    """``text`` without lone surrogates (each becomes U+FFFD), so it can be encoded, hashed and stored."""
    return LONE_SURROGATE.sub("\ufffd", text) if LONE_SURROGATE.search(text) else text


# --------------------------------------------------------------------------- paths


def expand_paths(inputs: Iterable[str | Path]) -> Iterator[Path | SourceFailure]:
    """Files, folders (recursively, sorted) and glob patterns -> input files; what cannot be read is named."""
    for item in inputs:
        text = str(item)
        path = Path(text)
        try:
            info = path.lstat()
        except OSError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            yield from _walk_folder(path)
        elif info is not None:
            yield _checked_file(path, info, explicit=True)
        elif any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield SourceFailure(display_name(text), "glob pattern matched no files")
            for match in matches:
                yield from expand_paths([match])
        else:
            yield SourceFailure(display_name(text), "no such file or folder")


def _walk_folder(folder: Path) -> Iterator[Path | SourceFailure]:
    """Supported files under ``folder``, sorted by path; symbolic links to folders are not followed (named instead)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in list(dirs):
            if (base / name).is_symlink():
                dirs.remove(name)
                files.append(name)
        found.extend(base / name for name in files if _suffix(base / name) in SUPPORTED)
    for child in sorted(found):
        try:
            info = child.lstat()
        except OSError as exc:
            yield SourceFailure(display_name(child), f"cannot read file: {exc.strerror or exc}")
            continue
        yield _checked_file(child, info, explicit=False)


def _checked_file(path: Path, info: os.stat_result, *, explicit: bool) -> Path | SourceFailure:
    """``path`` when it is a regular file (or a link to one), else the reason it is skipped."""
    name = display_name(path)
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return SourceFailure(name, "skipped: symbolic link loop (the link points back to itself)")
            return SourceFailure(
                name, f"skipped: dangling symbolic link (its target {display_name(os.readlink(path))} is missing)"
            )
        if stat.S_ISDIR(target.st_mode):
            if explicit:
                return SourceFailure(name, "skipped: symbolic link to a folder (give the folder itself)")
            return SourceFailure(name, "skipped: symbolic link to a folder inside a folder (not followed, to avoid loops)")
        info = target
    if not stat.S_ISREG(info.st_mode):
        return SourceFailure(name, f"skipped: not a regular file but {_file_type(info.st_mode)}")
    if explicit and _suffix(path) not in SUPPORTED:
        suffix = _suffix(path) or "(none)"
        return SourceFailure(name, f"unsupported file type {suffix}; supported: {', '.join(SUPPORTED)}")
    return path


def _file_type(mode: int) -> str:
    for test, what in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return what
    return "a special file"


def _suffix(path: Path) -> str:
    """The format suffix, looking through one .gz layer (".warc.gz", ".html.gz")."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"] and len(suffixes) >= 2:
        return ".warc.gz" if suffixes[-2] == ".warc" else suffixes[-2]
    return suffixes[-1] if suffixes else ""


# --------------------------------------------------------------------------- the boundary


def read_sources(inputs: Iterable[str | Path], limits: ReadLimits | None = None) -> Iterator[RawDocument | SourceFailure]:
    """Every article in ``inputs``, or a failure record for what cannot be read; never raises for an input."""
    bounds = limits or ReadLimits()
    for path in expand_paths(inputs):
        if isinstance(path, SourceFailure):
            yield path
            continue
        yield from read_file_safely(path, bounds)


def read_file_safely(path: Path, limits: ReadLimits | None = None) -> Iterator[RawDocument | SourceFailure]:
    """``read_file`` inside the per-input error boundary: whatever it raises becomes a failure for this file."""
    name = display_name(path)
    read = 0
    try:
        for item in read_file(path, limits):
            read += 1
            yield item
    except RecursionError:
        yield SourceFailure(name, f"nested too deeply to read (after {read} item(s)): JSON or markup with thousands of levels")
    except MemoryError:
        yield SourceFailure(name, f"out of memory while reading (after {read} item(s)); lower max_input_bytes")
    except Exception as exc:  # the boundary: a reader or library bug must not stop the batch
        yield SourceFailure(name, f"unreadable (after {read} item(s)): {type(exc).__name__}: {clean_string(str(exc))[:300]}")


def read_file(path: Path, limits: ReadLimits | None = None) -> Iterator[RawDocument | SourceFailure]:
    """The articles of one file, dispatched on its suffix."""
    bounds = limits or ReadLimits()
    suffix = _suffix(path)
    name = display_name(path)
    if suffix in (".warc", ".warc.gz"):
        yield from read_warc(path, bounds)
        return
    if suffix in (".jsonl", ".ndjson"):
        yield from read_json_lines(path, bounds)
        return
    if suffix in CSV_SUFFIXES:
        yield from read_csv(path, bounds)
        return
    data = read_bytes(path, bounds)
    if isinstance(data, SourceFailure):
        yield data
    elif suffix in TEXT_SUFFIXES:
        kind: InputKind = "html" if TEXT_SUFFIXES[suffix] == "html" else "text"
        yield bytes_to_raw(name, data, kind)
    elif suffix == ".json":
        yield from read_records(name, data, whole_json=True)
    elif suffix in FEED_SUFFIXES:
        yield from read_feed(name, data)
    else:
        yield SourceFailure(name, f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")


def bytes_to_raw(name: str, data: bytes, kind: InputKind) -> RawDocument | SourceFailure:
    """The bytes of one text or HTML article, or why they are not one (UTF-16/32 without a BOM are decoded here)."""
    problem = problem_with_bytes(data)
    if problem:
        return SourceFailure(name, problem)
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in head and not head.startswith(UTF_BOMS):
        text = decode_bomless_utf16_or_32(data)
        if text is None:
            return SourceFailure(name, "binary file (NUL bytes), not text or HTML")
        return RawDocument(name, text, kind)
    return RawDocument(name, data, kind)


# --------------------------------------------------------------------------- bytes, bounded


def _open_stream(path: Path) -> BinaryIO:
    return path.open("rb")


def iter_chunks(path: Path, limits: ReadLimits, *, cap: int | None = None) -> Iterator[bytes]:
    """The (decompressed) bytes of ``path`` in chunks, refusing as soon as they pass their bound.

    ``cap``: the most bytes wanted in all (default: ``max_input_bytes``, or
    ``max_decompressed_bytes`` for .gz). Raises ``InputTooLarge``.
    """
    compressed = path.suffix.lower() == ".gz"
    limit = cap if cap is not None else limits.max_input_bytes
    if compressed:
        limit = min(limit, limits.max_decompressed_bytes) if cap is not None else limits.max_decompressed_bytes
    total = 0
    with _open_stream(path) as stream:
        raw_chunks = iter(lambda: stream.read(READ_CHUNK), b"")
        chunks = _gunzip(raw_chunks) if compressed else raw_chunks
        for chunk in chunks:
            total += len(chunk)
            if total > limit:
                raise InputTooLarge(_too_large(compressed, limit, limits))
            yield chunk


def _too_large(compressed: bool, limit: int, limits: ReadLimits) -> str:
    setting = "max_decompressed_bytes" if limit == limits.max_decompressed_bytes else "max_input_bytes"
    if compressed:
        return (
            f"decompresses to more than {setting} ({limit:,} bytes): refused while decompressing"
            f" (a gzip bomb, or raise CROSSREAD_{setting.upper()})"
        )
    return f"larger than max_input_bytes ({limit:,} bytes): refused after reading that much (raise CROSSREAD_MAX_INPUT_BYTES)"


def _gunzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Decompress concatenated gzip members in a stream, at most ``READ_CHUNK`` bytes at a time."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    started = False
    for compressed in chunks:
        data = compressed
        while data:
            started = True
            try:
                out = decompressor.decompress(data, READ_CHUNK)
                yield out
                while decompressor.unconsumed_tail:
                    yield decompressor.decompress(decompressor.unconsumed_tail, READ_CHUNK)
            except zlib.error as exc:
                raise ValueError(f"truncated or corrupt gzip data: {exc}") from exc
            if decompressor.eof:
                data = decompressor.unused_data
                decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                started = bool(data)
            else:
                data = b""
    if started:
        raise ValueError("truncated or corrupt gzip data: the stream ends inside a gzip member")


def read_bytes(path: Path, limits: ReadLimits | None = None) -> bytes | SourceFailure:
    """The whole (decompressed) file, bounded by ``max_input_bytes`` (and ``max_decompressed_bytes``)."""
    bounds = limits or ReadLimits()
    name = display_name(path)
    try:
        cap = bounds.max_input_bytes
        if path.suffix.lower() != ".gz" and path.stat().st_size > cap:
            size = path.stat().st_size
            return SourceFailure(
                name, f"{size:,} bytes: larger than max_input_bytes ({cap:,} bytes), not read (raise CROSSREAD_MAX_INPUT_BYTES)"
            )
        # One file is one input, compressed or not: at most max_input_bytes once decompressed, so a
        # bomb costs that much memory, not max_decompressed_bytes (the bound of a stream of records).
        return b"".join(iter_chunks(path, bounds, cap=cap))
    except InputTooLarge as exc:
        return SourceFailure(name, str(exc))
    except OSError as exc:
        return SourceFailure(name, f"cannot read file: {exc.strerror or exc}")
    except ValueError as exc:
        return SourceFailure(name, str(exc))


def problem_with_bytes(data: bytes) -> str | None:
    """Why these bytes are not an article, or None when they may be one."""
    if not data:
        return "empty file"
    if not data.strip():
        return "empty file: it holds only whitespace"
    for signature, what in FILE_SIGNATURES:
        if data.startswith(signature):
            return f"not text or HTML: the file is {what}"
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in head and not head.startswith(UTF_BOMS) and decode_bomless_utf16_or_32(head[: len(head) // 4 * 4]) is None:
        return "binary file (NUL bytes), not text or HTML"
    return None


def decode_bomless_utf16_or_32(data: bytes) -> str | None:
    """Text in UTF-32 or UTF-16 (either byte order) without a BOM, or None when the bytes are not that."""
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if text and not LONE_SURROGATE.search(text) and _printable_share(text) >= UTF16_PRINTABLE_SHARE:
            return text
    return None


def _printable_share(text: str) -> float:
    sample = text[:4096]
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return good / len(sample)


def what_the_bytes_are(head: bytes) -> str | None:
    """What a file's first bytes say it is ("an HTML page (rename it to .html)"), when recognisable."""
    for signature, what in FILE_SIGNATURES:
        if head.startswith(signature):
            return what
    stripped = head.lstrip(b"\xef\xbb\xbf")
    for pattern, what in CONTENT_SNIFFERS:
        if pattern.match(stripped):
            return what
    return None


# --------------------------------------------------------------------------- JSON / JSONL / CSV records


def read_records(name: str, data: bytes, *, whole_json: bool) -> Iterator[RawDocument | SourceFailure]:
    """JSONL (one article per line) or a .json file holding one article or a list of them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        what = what_the_bytes_are(data[:64])
        detail = f"; the file is {what}" if what else ""
        yield SourceFailure(name, f"not UTF-8 JSON: {exc.reason} at byte {exc.start}{detail}")
        return
    if whole_json and text.lstrip()[:1] in ("[", "{"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            # A .json file may also be JSON Lines; fall through to line mode.
            if "Extra data" not in str(exc):
                yield SourceFailure(name, f"malformed JSON: {exc}")
                return
        except RecursionError:
            yield SourceFailure(name, "malformed JSON: nested too deeply (more than about 1,000 levels)")
            return
        else:
            items = parsed if isinstance(parsed, list) else [parsed]
            for index, item in enumerate(items, start=1):
                yield record_to_raw(f"{name}:{index}", item)
            return
    if not text.strip():
        yield SourceFailure(name, "empty file")
        return
    if whole_json and (what := what_the_bytes_are(data[:64])) and not what.startswith("JSON"):
        yield SourceFailure(name, f"not JSON: the file is {what}")
        return
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield json_line_to_raw(f"{name}:{line_no}", line)


def json_line_to_raw(where: str, line: str | bytes) -> RawDocument | SourceFailure:
    """One JSON Lines record -> RawDocument, or why it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return SourceFailure(where, f"malformed JSON line: {exc.msg} at column {exc.colno}")
    except UnicodeDecodeError as exc:
        return SourceFailure(where, f"not UTF-8 JSON: {exc.reason} at byte {exc.start}")
    except RecursionError:
        return SourceFailure(where, "malformed JSON line: nested too deeply (more than about 1,000 levels)")
    return record_to_raw(where, record)


def read_json_lines(path: Path, limits: ReadLimits) -> Iterator[RawDocument | SourceFailure]:
    """JSON Lines, streamed: a line longer than ``max_input_bytes`` is refused, the file may be any size."""
    name = display_name(path)
    line_no = 0
    any_line = False
    buffer = b""
    try:
        cap = limits.max_decompressed_bytes if path.suffix.lower() == ".gz" else 1 << 62
        for chunk in iter_chunks(path, limits, cap=cap):
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                line_no += 1
                if line_no == 1 and (what := what_the_bytes_are(line[:64])) and not what.startswith("JSON"):
                    yield SourceFailure(name, f"not JSON Lines: the file is {what}")
                    return
                if line.strip():
                    any_line = True
                    yield _bounded_line(f"{name}:{line_no}", line, limits)
            if len(buffer) > limits.max_input_bytes:
                yield SourceFailure(
                    f"{name}:{line_no + 1}",
                    f"JSON line {_too_large(False, limits.max_input_bytes, limits)}; the rest of the file is skipped",
                )
                return
    except InputTooLarge as exc:
        yield SourceFailure(name, f"{exc} (after {line_no} line(s))")
        return
    except OSError as exc:
        yield SourceFailure(name, f"cannot read file: {exc.strerror or exc}")
        return
    except ValueError as exc:
        yield SourceFailure(name, f"{exc} (after {line_no} line(s))")
        return
    if buffer.strip():
        any_line = True
        yield _bounded_line(f"{name}:{line_no + 1}", buffer, limits)
    if not any_line:
        yield SourceFailure(name, "empty file")


def _bounded_line(where: str, line: bytes, limits: ReadLimits) -> RawDocument | SourceFailure:
    if len(line) > limits.max_input_bytes:
        return SourceFailure(where, f"JSON line of {len(line):,} bytes is {_too_large(False, limits.max_input_bytes, limits)}")
    if where.endswith(":1"):
        line = line.removeprefix(b"\xef\xbb\xbf")
    return json_line_to_raw(where, line)


def read_csv(path: Path, limits: ReadLimits) -> Iterator[RawDocument | SourceFailure]:
    """A CSV export with a header row: one article per row, columns mapped like JSON fields (case-insensitively)."""
    name = display_name(path)
    data = read_bytes(path, limits)
    if isinstance(data, SourceFailure):
        yield data
        return
    if not data.strip():
        yield SourceFailure(name, "empty file")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:BINARY_SNIFF_BYTES]).best()
        if best is None or "\x00" in (decoded := data.decode(best.encoding, "replace")):
            yield SourceFailure(name, "not a CSV text file (cannot detect its encoding)")
            return
        text = decoded
    csv.field_size_limit(limits.max_input_bytes)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        yield SourceFailure(name, f"not a CSV file with a header row ({exc or 'no rows'})")
        return
    columns = [_csv_field(column) for column in header]
    if not any(column in RECORD_TEXT_FIELDS + RECORD_HTML_FIELDS for column in columns):
        yield SourceFailure(
            name,
            f"CSV header has no text column (one of {', '.join(RECORD_TEXT_FIELDS + RECORD_HTML_FIELDS)}); found {header[:10]}",
        )
        return
    row_no = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield SourceFailure(f"{name}:{row_no + 1}", f"malformed CSV row: {exc}; the rest of the file is skipped")
            return
        row_no += 1
        if row:
            yield record_to_raw(f"{name}:{row_no}", dict(zip(columns, row, strict=False)))


def _csv_field(column: str) -> str:
    """A CSV header -> the JSON field name it stands for (case and spaces ignored), else itself."""
    key = column.strip().lower().replace(" ", "").replace("_", "")
    for field_name in (
        *RECORD_TEXT_FIELDS,
        *RECORD_HTML_FIELDS,
        *RECORD_ID_FIELDS,
        *(k for ks in RECORD_FIELDS.values() for k in ks),
    ):
        if key == field_name.lower().replace(" ", "").replace("_", ""):
            return field_name
    return column


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
        return clean_string(", ".join(str(v) for v in value if v)) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    return clean_string(str(value))


def record_to_raw(where: str, record: Any) -> RawDocument | SourceFailure:
    """One JSON article record -> RawDocument; its ``id`` becomes ``source_id``."""
    if not isinstance(record, dict):
        return SourceFailure(where, f"record is a JSON {type(record).__name__}, expected an object")
    html = _first(record, RECORD_HTML_FIELDS)
    text = _first(record, RECORD_TEXT_FIELDS)
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n\n".join(text)
    if not isinstance(html, str | None) or not isinstance(text, str | None):
        return SourceFailure(where, "record's text/html field is not a string")
    meta = {key: _as_text(_first(record, keys)) for key, keys in RECORD_FIELDS.items()}
    if not (html and html.strip()) and not (text and text.strip()):
        if not meta["title"]:
            fields = ", ".join(RECORD_TEXT_FIELDS + RECORD_HTML_FIELDS + RECORD_FIELDS["title"])
            return SourceFailure(where, f"record has no article text and no headline (fields {fields})")
        text = meta["title"]  # a headline-only record (a wire flash, a feed item) is a short document
    source_id = _first(record, RECORD_ID_FIELDS)
    return RawDocument(
        source_path=where,
        content=clean_string(html if html and html.strip() else str(text)),
        kind="html" if html and html.strip() else "text",
        source_id=None if source_id is None else _as_text(source_id),
        **meta,
    )


# --------------------------------------------------------------------------- feeds


def read_feed(name: str, data: bytes) -> Iterator[RawDocument | SourceFailure]:
    """RSS/Atom entries (feedparser): each entry's content, else its summary; links are never fetched."""
    import feedparser

    problem = problem_with_bytes(data)
    if problem:
        yield SourceFailure(name, problem)
        return
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        what = what_the_bytes_are(data[:256])
        detail = f": the file is {what}" if what and "feed" not in what else ""
        reason = parsed.get("bozo_exception")
        yield SourceFailure(name, f"not an RSS/Atom feed{detail}" + (f" ({reason})" if reason and not detail else ""))
        return
    outlet = _as_text((parsed.get("feed") or {}).get("title"))
    found = 0
    for index, entry in enumerate(entries, start=1):
        item = _feed_entry(f"{name}#{index}", entry, outlet)
        found += isinstance(item, RawDocument)
        yield item
    if not entries:
        yield SourceFailure(name, "feed has no entries")


def _feed_entry(where: str, entry: Any, outlet: str | None) -> RawDocument | SourceFailure:
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    body, ctype = (contents[0].get("value"), contents[0].get("type") or "") if contents else (entry.get("summary"), "")
    if not body or not str(body).strip():
        return SourceFailure(where, "feed entry has no content or summary (its link is not fetched)")
    if not ctype:
        detail = entry.get("summary_detail") or {}
        ctype = detail.get("type") or "text/html"
    is_html = "html" in ctype or bool(re.search(r"<(p|div|br|a)\b", str(body), re.I))
    title = _as_text(entry.get("title"))
    content = clean_string(str(body))
    if is_html and title:
        from html import escape

        head = f"<html><head><title>{escape(title)}</title></head>"
        content = f"{head}<body><article><h1>{escape(title)}</h1>{content}</article></body></html>"
    return RawDocument(
        source_path=where,
        content=content,
        kind="html" if is_html else "text",
        source_id=_as_text(entry.get("id")),
        url=_as_text(entry.get("link")),
        title=title,
        published=_as_text(entry.get("published") or entry.get("updated")),
        outlet=outlet,
        author=_as_text(entry.get("author")),
    )


# --------------------------------------------------------------------------- WARC


def read_warc(path: Path, limits: ReadLimits | None = None) -> Iterator[RawDocument | SourceFailure]:
    """HTML response records of a WARC or WARC.gz file (warcio).

    Records read before a corrupt or truncated part are kept; the failure
    names the file and how many records were read before it. A record cut off
    by the truncation is not passed on as if it were whole. A payload larger
    than ``max_input_bytes`` is refused by itself; the file may be any size.
    """
    bounds = limits or ReadLimits()
    name = display_name(path)
    found = 0
    try:
        for item in _warc_html_records(path, bounds):
            found += 1
            yield item
    except _TruncatedWarc as exc:
        yield SourceFailure(name, f"truncated WARC after {found} whole HTML record(s): {exc}")
        return
    except Exception as exc:  # warcio raises anything (even AttributeError) on bad bytes; a reader never stops the batch
        what = _sniff_file(path)
        if what and "WARC" not in what and found == 0:
            yield SourceFailure(name, f"not a WARC file: the file is {what}")
            return
        known = isinstance(exc, OSError | ValueError | EOFError)
        detail = str(exc) if known else f"malformed record ({type(exc).__name__}: {exc})"
        yield SourceFailure(name, f"corrupt WARC after {found} HTML record(s): {clean_string(detail)[:300]}")
        return
    if not found:
        what = _sniff_file(path)
        if what and "WARC" not in what:
            yield SourceFailure(name, f"not a WARC file: the file is {what}")
        else:
            yield SourceFailure(name, "WARC holds no HTML response records (empty, or only requests/images/other types)")


def _sniff_file(path: Path) -> str | None:
    """What the first (decompressed) bytes of ``path`` are, if recognisable."""
    try:
        with _open_stream(path) as stream:
            head = stream.read(4096)
        if head.startswith(b"\x1f\x8b"):
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 512)
    except (OSError, zlib.error):
        return None
    return what_the_bytes_are(head)


def _gzip_members_complete(path: Path) -> bool:
    """True when every gzip member of the file ends properly (warcio may stop quietly inside one)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    member_started = False
    with _open_stream(path) as stream:
        while chunk := stream.read(READ_CHUNK):
            while chunk:
                member_started = True
                try:
                    while chunk:
                        decompressor.decompress(chunk, READ_CHUNK)
                        chunk = decompressor.unconsumed_tail
                        if decompressor.eof:
                            break
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


def _warc_html_records(path: Path, limits: ReadLimits) -> Iterator[RawDocument | SourceFailure]:
    """HTML responses, each passed on once the next record shows it was complete."""
    from warcio.archiveiterator import ArchiveIterator

    name = display_name(path)
    size = path.stat().st_size
    last: Any = None
    pending: RawDocument | SourceFailure | None = None
    with _open_stream(path) as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if pending is not None:
                yield pending
            last, pending = record, _html_record(name, record, limits)
        # The parsed offset and the last record's unread length tell a truncated file from a whole one.
        parsed = getattr(records, "offset", size)
        unread = getattr(getattr(last, "raw_stream", None), "limit", 0) or 0
        if parsed < size or unread > 0:
            raise _TruncatedWarc(f"the file ends inside a record ({max(size - parsed, unread)} bytes not parsed)")
        if path.suffix.lower() == ".gz" and not _gzip_members_complete(path):
            raise _TruncatedWarc("the gzip stream ends inside a record")
        if pending is not None:
            yield pending


def _html_record(name: str, record: Any, limits: ReadLimits) -> RawDocument | SourceFailure | None:
    """One WARC record as a RawDocument when it is an HTML response, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in ctype:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = clean_string(f"{name}#{url}")
    stream = record.content_stream()
    body = stream.read(limits.max_input_bytes + 1)
    if len(body) > limits.max_input_bytes:
        while stream.read(READ_CHUNK):  # skip the rest of the payload: the next record starts after it
            pass
        return SourceFailure(where, "WARC record payload " + _too_large(False, limits.max_input_bytes, limits))
    raw = bytes_to_raw(where, body, "html")
    return (
        raw if isinstance(raw, SourceFailure) else RawDocument(where, raw.content, "html", url=clean_string(url) if url else None)
    )
