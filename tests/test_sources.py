"""sources: every container format, and every way a file can be bad, read into RawDocument or SourceFailure.

Hostile files are made in tmp_path. Text encodings are checked through
extract, where decoding happens; each bad input must yield a SourceFailure
whose reason names the problem.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crossread.model import RawDocument, SourceFailure
from crossread.stages.extract import extract
from crossread.stages.sources import SUPPORTED, read_sources

RUSSIAN = (
    "Министр иностранных дел Беларуси Владимир Макей заявил, что страна надеется на дальнейшую "
    "нормализацию отношений с США. Госсекретарь прибыл в Минск в субботу и встретился с президентом."
)
GERMAN = (
    "Der Außenminister äußerte sich am Samstag über die Gespräche in Minsk. Die Verhandlungen über "
    "Öl, Sanktionen und die Rückkehr der Botschafter dauerten zwei Stunden, sagte ein Sprecher."
)
ENGLISH = "The Secretary met the president in Minsk on Saturday. They discussed oil supplies, sanctions and ambassadors."
ARTICLE_HTML = (
    "<html><head><title>Talks in Minsk</title></head><body><article><h1>Talks in Minsk</h1>"
    f"<p>{ENGLISH}</p><p>{ENGLISH.replace('Saturday', 'Sunday')}</p></article></body></html>"
)


def _read(*paths: str | Path) -> list[RawDocument | SourceFailure]:
    return list(read_sources(list(paths)))


def _only(items: list[RawDocument | SourceFailure]) -> RawDocument | SourceFailure:
    assert len(items) == 1, items
    return items[0]


def _failure(items: list[RawDocument | SourceFailure]) -> SourceFailure:
    item = _only(items)
    assert isinstance(item, SourceFailure), item
    return item


# --- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "prefix"),
    [
        (RUSSIAN, "cp1251", b""),
        (GERMAN, "latin-1", b""),
        (GERMAN, "utf-16-le", b"\xff\xfe"),
        (RUSSIAN, "utf-16-be", b"\xfe\xff"),
        (GERMAN, "utf-8", b"\xef\xbb\xbf"),
        (RUSSIAN, "utf-8", b""),
    ],
    ids=["cp1251", "latin-1", "utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "utf-8"],
)
def test_sources_text_encodings_decode_right(tmp_path: Path, text: str, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(prefix + text.encode(encoding))
    raw = _only(_read(path))
    assert isinstance(raw, RawDocument) and raw.kind == "text"
    document = extract(raw)
    assert document.text == text
    assert "\ufeff" not in document.text


def test_sources_html_in_cp1251_with_meta_charset(tmp_path: Path) -> None:
    head = '<html><head><meta charset="windows-1251"><title>Минск</title></head>'
    html = f"{head}<body><article><p>{RUSSIAN}</p></article></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("cp1251"))
    document = extract(_only(_read(path)))  # type: ignore[arg-type]
    assert RUSSIAN[:60] in document.text


# --- bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\r\n  ", "only whitespace"),
        ("blank.html", b"\n\n", "only whitespace"),
        ("binary.txt", bytes(range(256)) * 8, "binary file"),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        ("packed.txt", gzip.compress(ENGLISH.encode()), "gzip-compressed"),
        ("cut.txt.gz", gzip.compress(ENGLISH.encode() * 50)[:60], "truncated or corrupt gzip"),
        ("notgz.html.gz", b"<html>not gzip</html>", "truncated or corrupt gzip"),
        ("empty.html.gz", gzip.compress(b""), "empty file"),
    ],
)
def test_sources_bad_file_is_reported(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    failure = _failure(_read(path))
    assert reason in failure.reason
    assert failure.source_path == str(path)


def test_sources_missing_path_and_unsupported_suffix(tmp_path: Path) -> None:
    missing = _failure(_read(tmp_path / "nope.txt"))
    assert "no such file or folder" in missing.reason
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    unsupported = _failure(_read(tmp_path / "sheet.xlsx"))
    assert "unsupported file type .xlsx" in unsupported.reason
    assert ".warc.gz" in unsupported.reason and ".jsonl" in unsupported.reason
    nothing = _failure(_read(str(tmp_path / "*.md")))
    assert "matched no files" in nothing.reason


@pytest.mark.parametrize("name", ["page.html.gz", "page.htm.gz", "page.HTM", "page.xhtml", "page.htm"])
def test_sources_html_suffixes(tmp_path: Path, name: str) -> None:
    data = ARTICLE_HTML.encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    raw = _only(_read(path))
    assert isinstance(raw, RawDocument) and raw.kind == "html" and raw.content == data
    assert "oil supplies" in extract(raw).text


def test_sources_text_gz_and_jsonl_gz(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ENGLISH.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": ENGLISH}).encode()))
    items = _read(tmp_path / "a.txt.gz", tmp_path / "b.jsonl.gz")
    assert [type(item) for item in items] == [RawDocument, RawDocument]


# --- records ------------------------------------------------------------------------------


def test_sources_jsonl_keeps_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    good = {
        "id": 17,
        "text": ENGLISH,
        "url": "https://example.com/a",
        "title": "Talks in Minsk",
        "published": "2020-02-01",
        "outlet": "Example News",
        "authors": ["A. Writer", "B. Writer"],
    }
    lines = [
        json.dumps(good),
        "{not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "x", "title": "Headline only"}),
        json.dumps({"id": "y", "url": "https://example.com/nothing"}),
        json.dumps({"id": "h", "html": ARTICLE_HTML, "link": "https://example.com/h", "source": "Other"}),
        json.dumps({"text": 42}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    raws = [item for item in items if isinstance(item, RawDocument)]
    failures = {item.source_path.rsplit(":", 1)[1]: item.reason for item in items if isinstance(item, SourceFailure)}
    assert len(raws) == 3
    first, headline, second = raws
    assert (headline.source_id, headline.content, headline.title) == ("x", "Headline only", "Headline only")
    assert (first.source_id, first.url, first.title, first.published, first.outlet) == (
        "17",
        "https://example.com/a",
        "Talks in Minsk",
        "2020-02-01",
        "Example News",
    )
    assert first.author == "A. Writer, B. Writer" and first.kind == "text"
    assert (second.source_id, second.kind, second.url, second.outlet) == ("h", "html", "https://example.com/h", "Other")
    assert "malformed JSON line" in failures["2"]
    assert "expected an object" in failures["4"]
    assert "no article text and no headline" in failures["6"]
    assert "not a string" in failures["8"]


def test_sources_json_list_and_single_object(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(json.dumps([{"id": 1, "text": ENGLISH}, {"id": 2, "body": GERMAN}, "junk"]))
    (tmp_path / "one.json").write_text(json.dumps({"id": 3, "articleBody": ENGLISH}))
    (tmp_path / "broken.json").write_text('[{"id": 1, "text": "cut')
    items = _read(tmp_path / "list.json", tmp_path / "one.json", tmp_path / "broken.json")
    raws = [item for item in items if isinstance(item, RawDocument)]
    assert [raw.source_id for raw in raws] == ["1", "2", "3"]
    failures = [item for item in items if isinstance(item, SourceFailure)]
    assert len(failures) == 2
    assert "expected an object" in failures[0].reason
    assert "malformed JSON" in failures[1].reason and failures[1].source_path.endswith("broken.json")


def test_sources_jsonl_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(json.dumps({"text": GERMAN}, ensure_ascii=False).encode("latin-1"))
    assert "not UTF-8 JSON" in _failure(_read(path)).reason


# --- WARC ---------------------------------------------------------------------------------


def _write_warc(path: Path, *, gz: bool) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gz)
        for url, ctype, body in (
            ("https://example.com/a", "text/html; charset=utf-8", ARTICLE_HTML.encode()),
            ("https://example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://example.com/b", "text/html", ARTICLE_HTML.replace("Minsk", "Vilnius").encode()),
            ("https://example.com/empty", "text/html", b"   "),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
        request = writer.create_warc_record(
            "https://example.com/a",
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET /a HTTP/1.1", [("Host", "example.com")], is_http_request=True),
        )
        writer.write_record(request)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_sources_warc_yields_html_responses_only(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _write_warc(path, gz=name.endswith(".gz"))
    items = _read(path)
    raws = [item for item in items if isinstance(item, RawDocument)]
    assert [raw.url for raw in raws] == ["https://example.com/a", "https://example.com/b"]
    assert all(raw.kind == "html" and raw.source_path == f"{path}#{raw.url}" for raw in raws)
    assert "Vilnius" in extract(raws[1]).text
    failures = [item for item in items if isinstance(item, SourceFailure)]
    assert len(failures) == 1 and failures[0].source_path.endswith("#https://example.com/empty")
    assert "only whitespace" in failures[0].reason


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("junk.warc", b"this is not a WARC file at all\r\n\r\n" * 20),
        ("junk.warc.gz", gzip.compress(b"WARC/1.0\r\nnonsense\r\n\r\n")),
        ("empty.warc", b""),
    ],
)
def test_sources_corrupt_warc_is_reported(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    failure = _failure(_read(path))
    assert failure.source_path == str(path)
    assert "WARC" in failure.reason


def _record_offsets(path: Path) -> set[int]:
    """Byte offsets where the records of a WARC file start."""
    from warcio.archiveiterator import ArchiveIterator

    offsets = set()
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for _record in iterator:
            offsets.add(iterator.get_record_offset())
    return offsets


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("keep", [0.2, 0.5, 0.75, 0.98])
def test_sources_truncated_warc_keeps_whole_records_and_reports_the_cut(tmp_path: Path, gz: bool, keep: float) -> None:
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    _write_warc(whole, gz=gz)
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = whole.read_bytes()
    # Record ids and dates are random, so compressed sizes vary: a cut that lands exactly on a
    # record boundary leaves a whole, shorter WARC (nothing to report). Cut inside a record.
    position = int(len(data) * keep)
    while position in _record_offsets(whole):
        position -= 1
    cut.write_bytes(data[:position])
    items = _read(cut)
    assert isinstance(items[-1], SourceFailure) and items[-1].source_path == str(cut)
    assert re.search(r"(truncated|corrupt) WARC after \d+", items[-1].reason)
    full = {raw.url: raw.content for raw in _read(whole) if isinstance(raw, RawDocument)}
    for raw in items[:-1]:
        if isinstance(raw, RawDocument):
            assert raw.content == full[raw.url]  # never a record cut in half


def test_sources_warc_without_html(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record("https://e.com/x.png", "response", payload=io.BytesIO(b"x"), http_headers=headers)
        )
    assert "no HTML response records" in _failure(_read(path)).reason


# --- folders and globs ------------------------------------------------------------------------


def test_sources_folder_is_recursive_sorted_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ENGLISH)
    (tmp_path / "a.html").write_text(ARTICLE_HTML)
    (tmp_path / "c.htm.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "notes.md").write_text("# notes")
    items = _read(tmp_path)
    assert [Path(item.source_path).name for item in items] == ["a.html", "2.txt", "c.htm.gz"]
    assert all(isinstance(item, RawDocument) for item in items)


def test_sources_globs(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    for name in ("one.txt", "two.txt", "x/three.txt"):
        (tmp_path / name).write_text(ENGLISH)
    assert len(_read(str(tmp_path / "*.txt"))) == 2
    assert len(_read(str(tmp_path / "**" / "*.txt"))) == 3


def test_sources_supported_lists_every_reader() -> None:
    for suffix in (".txt", ".html", ".htm", ".jsonl", ".json", ".warc", ".warc.gz"):
        assert suffix in SUPPORTED
