"""Reliability, fast part: hostile and odd inputs never stop a batch, bounds hold, stories stay consistent.

Every hostile input is built in a temporary folder at run time. The full part
(10,000+ generated files, kill -9 at random points) is ``make reliability``
(``bench/reliability.py`` and ``tests/test_reliability_kill.py``).
"""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crossread.engines.work import analyze_documents, analyze_long, extract_one
from crossread.model import AnalyzedDocument, Document, IngestFailure, RawDocument, SourceFailure, Story
from crossread.parses import text_chunks
from crossread.pipeline import ingest, update_stories
from crossread.stages.extract import KEPT_WHOLE_ARTICLE
from crossread.stages.sources import SUPPORTED, ReadLimits, read_file_safely, read_sources, record_to_raw
from crossread.store.sqlite import SQLiteStore

ARTICLE = (
    "The foreign ministers of Belarus and the United States met in Minsk on Saturday to discuss oil supplies.\n\n"
    "Officials said the talks would continue next month in Vilnius, and that both sides wanted an agreement.\n\n"
    "The minister told reporters that the two countries had agreed to exchange ambassadors again this year.\n"
)
SMALL = ReadLimits(max_input_bytes=64 * 1024, max_decompressed_bytes=256 * 1024)


def _write(folder: Path, name: str | bytes, content: bytes) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())))
    path.write_bytes(content)
    return path


def _items(path: Path, limits: ReadLimits = SMALL) -> list[RawDocument | SourceFailure]:
    return list(read_sources([path], limits))


def _only_failure(items: list[RawDocument | SourceFailure]) -> str:
    assert len(items) == 1 and isinstance(items[0], SourceFailure), items
    return items[0].reason


# --------------------------------------------------------------------------- readers: hostile inputs named, never raised


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("deep.json", b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
        ("deep.jsonl", b'{"text": ' + b"[" * 20_000 + b"]" * 20_000 + b"}\n", "nested too deeply"),
        ("big.txt", b"word " * 20_000, "larger than max_input_bytes"),
        ("bomb.txt.gz", gzip.compress(b"\0" * (2 * 1024 * 1024)), "decompresses to more than max_input_bytes"),
        ("cut.txt.gz", gzip.compress(ARTICLE.encode())[:-12], "truncated or corrupt gzip"),
        ("page.warc", b"<!DOCTYPE html><html><body><p>" + ARTICLE.encode() + b"</p></body></html>", "the file is an HTML page"),
        ("feed.json", b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", "RSS/Atom feed"),
        ("random.txt", bytes(range(256)) * 8, "binary"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "PNG image"),
        ("nothing.rss", b"<html><body>not a feed</body></html>", "not an RSS/Atom feed"),
        ("notext.csv", b"a,b\n1,2\n", "no text column"),
    ],
)
def test_reliability_hostile_input_is_named_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    assert reason in _only_failure(_items(_write(tmp_path, name, content)))


def test_reliability_a_long_jsonl_line_is_refused_and_the_next_lines_kept(tmp_path: Path) -> None:
    lines = [json.dumps({"text": ARTICLE}), json.dumps({"text": "x" * 100_000}), json.dumps({"text": ARTICLE + " again"})]
    items = _items(_write(tmp_path, "dump.jsonl", "\n".join(lines).encode()))
    assert [type(i).__name__ for i in items] == ["RawDocument", "SourceFailure", "RawDocument"]
    assert isinstance(items[1], SourceFailure) and "max_input_bytes" in items[1].reason


def test_reliability_lone_surrogate_and_undecodable_file_name_are_cleaned(tmp_path: Path) -> None:
    path = _write(tmp_path, b"caf\xe9-\xff.jsonl", json.dumps({"text": ARTICLE + "\ud800", "title": "t\udfff"}).encode())
    (raw,) = _items(path)
    assert isinstance(raw, RawDocument)
    assert "\\xe9" in raw.source_path and "\ufffd" in str(raw.content) and raw.title == "t\ufffd"
    assert raw.id and raw.source_path.encode("utf-8")  # hashable and storable


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_reliability_utf16_and_utf32_without_bom_are_read(tmp_path: Path, codec: str) -> None:
    (raw,) = _items(_write(tmp_path, "wide.txt", ARTICLE.encode(codec)))
    assert isinstance(raw, RawDocument) and raw.content == ARTICLE


def test_reliability_random_bytes_behind_a_bom_fail_one_input(tmp_path: Path, nlp: Language) -> None:
    bad = _write(tmp_path, "bom.txt", b"\xff\xfe\x00\xd8" + os.urandom(64))
    good = _write(tmp_path, "good.txt", ARTICLE.encode())
    store = SQLiteStore(tmp_path / "db.sqlite")
    report = ingest([bad, good], store, nlp)
    assert report.ingested == [str(good)]
    assert [f.source_path for f in report.failures] == [str(bad)]
    store.close()


def test_reliability_special_files_and_links_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, "utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.html").symlink_to(folder / "missing.html")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "linked.txt").symlink_to(folder / "good.txt")
    (folder / "notes.md").write_text("# not an input in a folder")
    items = {Path(i.source_path).name: i for i in _items(folder)}
    assert sorted(items) == ["dangling.html", "good.txt", "linked.txt", "loop.txt", "pipe.txt"]
    assert isinstance(items["linked.txt"], RawDocument)
    reasons = {name: i.reason for name, i in items.items() if isinstance(i, SourceFailure)}
    assert "FIFO" in reasons["pipe.txt"]
    assert "dangling symbolic link" in reasons["dangling.html"]
    assert "symbolic link loop" in reasons["loop.txt"]
    assert "unsupported file type .md" in _only_failure(_items(folder / "notes.md"))


def test_reliability_unreadable_file_is_named_and_the_rest_is_read() -> None:
    """As root (CI) the read runs in a child process that has dropped to the ``nobody`` user,
    since root reads any file."""
    folder = Path(tempfile.mkdtemp(prefix="crossread-perm-", dir="/tmp"))  # a folder ``nobody`` can reach
    try:
        folder.chmod(0o755)
        (folder / "readable.txt").write_text(ARTICLE, "utf-8")
        secret = folder / "secret.txt"
        secret.write_text(ARTICLE + "\n\nA second copy.", "utf-8")
        for path in folder.iterdir():
            path.chmod(0 if path == secret else 0o644)
        script = (
            "import os, sys\n"
            "from crossread.stages.sources import read_sources\n"
            "from crossread.model import SourceFailure\n"
            "list(read_sources([os.path.join(sys.argv[1], 'readable.txt')]))  # lazy imports done while allowed\n"
            "if os.geteuid() == 0:\n"
            "    os.setgid(65534); os.setuid(65534)\n"
            "    try:  # as nobody, can this interpreter still work? (a venv under a private home cannot)\n"
            "        list(read_sources([os.path.join(sys.argv[1], 'readable.txt')]))\n"
            "    except Exception as exc:\n"
            "        print(f'{type(exc).__name__}: {exc}', file=sys.stderr); sys.exit(3)\n"
            "for item in read_sources([sys.argv[1]]):\n"
            "    print(type(item).__name__, os.path.basename(item.source_path), getattr(item, 'reason', ''))\n"
        )
        done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=120)
        if done.returncode == 3:
            pytest.skip(f"root, and this interpreter does not run as nobody: {done.stderr.strip()}")
        assert done.returncode == 0, done.stderr
        lines = sorted(done.stdout.splitlines())
        assert lines[0].startswith("RawDocument readable.txt"), lines
        assert lines[1].startswith("SourceFailure secret.txt") and "cannot read file" in lines[1], lines
        assert len(lines) == 2, lines
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_reliability_csv_export_maps_its_headers(tmp_path: Path) -> None:
    rows = 'Body ID,articleBody,Headline\n7,"' + ARTICLE.replace('"', '""') + '",Talks in Minsk\n8,,Quake hits Japan\n9,,\n'
    items = _items(_write(tmp_path, "export.csv", rows.encode()))
    assert isinstance(items[0], RawDocument) and items[0].source_id == "7" and items[0].title == "Talks in Minsk"
    # A headline-only row is a short document (its headline is its text); a row with neither is a failure.
    assert isinstance(items[1], RawDocument) and items[1].content == "Quake hits Japan"
    assert isinstance(items[2], SourceFailure) and "no article text and no headline" in items[2].reason


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_reliability_feeds_give_entry_content_and_never_fetch(tmp_path: Path, kind: str) -> None:
    body = "<p>" + ARTICLE.replace("\n\n", "</p><p>") + "</p>"
    if kind == "rss":
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title><item><title>Talks</title>'
            f"<link>http://example.invalid/a</link><description><![CDATA[{body}]]></description></item>"
            "<item><title>Only a link</title><link>http://example.invalid/b</link></item></channel></rss>"
        )
    else:
        feed = (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Daily</title>'
            f'<entry><title>Talks</title><id>urn:1</id><content type="html"><![CDATA[{body}]]></content></entry>'
            "<entry><title>Only a link</title><link href='http://example.invalid/b'/></entry></feed>"
        )
    items = _items(_write(tmp_path, f"news.{kind}", feed.encode()))
    assert isinstance(items[0], RawDocument) and items[0].outlet == "Daily" and "Vilnius" in str(items[0].content)
    assert isinstance(items[1], SourceFailure) and "not fetched" in items[1].reason
    document = extract_one(items[0], None)
    assert isinstance(document, Document) and "Vilnius" in document.text


def test_reliability_xxe_doctype_page_keeps_its_paragraphs(tmp_path: Path) -> None:
    page = (
        '<!DOCTYPE foo [<!ELEMENT foo ANY><!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><head><title>Talks</title>'
        "</head><body><article><h1>Talks</h1><p>"
        + ARTICLE.replace("\n\n", "</p><p>")
        + "</p><p>&xxe;</p></article></body></html>"
    )
    (raw,) = _items(_write(tmp_path, "xxe.html", page.encode()))
    assert isinstance(raw, RawDocument)
    document = extract_one(raw, None)
    assert isinstance(document, Document) and "Vilnius" in document.text and "root:" not in document.text


def test_reliability_debris_removal_never_deletes_a_whole_article(tmp_path: Path) -> None:
    # A one-line scrape that opens like a gallery slide ("1/3 ...") is all "photo gallery caption" to the patterns.
    one_line = "1/3 " + ARTICLE.replace("\n\n", " ").strip()
    document = extract_one(RawDocument(str(tmp_path / "a.txt"), one_line.encode(), "text"), None)
    assert isinstance(document, Document) and "Vilnius" in document.text
    assert document.removed_lines[0].line_number == 0
    assert document.removed_lines[0].reason.startswith(KEPT_WHOLE_ARTICLE) and "gallery" in document.removed_lines[0].reason
    chrome = extract_one(RawDocument(str(tmp_path / "b.txt"), b"Share this article\nAdvertisement\n", "text"), None)
    assert isinstance(chrome, IngestFailure)


# --------------------------------------------------------------------------- fuzzing: nothing escapes the boundary

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "html", "title", "id", "url", "date", "authors", "x"]) | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _check(items: list[RawDocument | SourceFailure]) -> None:
    for item in items:
        assert isinstance(item, RawDocument | SourceFailure)
        if isinstance(item, RawDocument):
            assert item.id and item.source_path.encode("utf-8")
            extracted = extract_one(item, None)
            assert isinstance(extracted, Document | IngestFailure)
        else:
            assert item.reason


@pytest.mark.parametrize("suffix", [*SUPPORTED, ".txt.gz", ".jsonl.gz"])
@FUZZ
@given(data=st.binary(max_size=2048))
def test_reliability_fuzz_every_reader_on_arbitrary_bytes(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") and data[:1] != b"\x00" else data)
    _check(list(read_file_safely(path, SMALL)))


@FUZZ
@given(value=json_values)
def test_reliability_fuzz_json_readers_on_arbitrary_json(tmp_path: Path, value: object) -> None:
    text = json.dumps(value)
    _check([record_to_raw("fuzz", value)])
    for name in ("fuzz.json", "fuzz.jsonl"):
        path = tmp_path / name
        path.write_text(text, "utf-8")
        _check(list(read_file_safely(path, SMALL)))


# --------------------------------------------------------------------------- long texts, failures, stories


def test_reliability_long_text_is_analysed_in_chunks_with_whole_text_offsets(nlp: Language) -> None:
    text = "\n\n".join(
        f"Paragraph {i}: President Alexander Lukashenko met Mike Pompeo in Minsk on 1 February 2020." for i in range(80)
    )
    document = Document("d1", "long.txt", text, "text")
    assert len(text_chunks(text, 1000)) > 5
    analyzed = analyze_long(document, nlp, 1000)
    assert [s.index for s in analyzed.sentences] == list(range(len(analyzed.sentences)))
    assert all(text[s.start : s.end] == s.text for s in analyzed.sentences)
    assert all(text[m.start : m.end] == m.text for m in analyzed.mentions)
    assert {m.text for m in analyzed.mentions} >= {"Minsk"}
    assert max(m.start for m in analyzed.mentions) > len(text) - 1000


def test_reliability_a_long_text_reports_each_part_as_it_is_analysed(nlp: Language) -> None:
    long_text = "\n\n".join(f"Paragraph {i}: Alexander Lukashenko met Mike Pompeo in Minsk." for i in range(60))
    documents = [
        Document("d0", "short.txt", "Pompeo arrived in Minsk on Saturday.", "text"),
        Document("d1", "long.txt", long_text, "text"),
    ]
    calls: list[tuple[int, int, int]] = []
    results = analyze_documents(documents, nlp, 8, 1000, lambda index, done, total: calls.append((index, done, total)))
    parts = len(text_chunks(long_text, 1000))
    assert parts > 3 and all(isinstance(r, AnalyzedDocument) for r in results)
    assert calls == [(1, done, parts) for done in range(1, parts + 1)]  # the short text is no long text's part


def test_reliability_the_cli_shows_a_long_texts_parts_from_a_pool_worker(tmp_path: Path) -> None:
    text = "\n\n".join(f"Paragraph {i}: Alexander Lukashenko met Mike Pompeo in Minsk." for i in range(100))
    path = _write(tmp_path, "long[bold].txt", text.encode())
    env = {**os.environ, "CROSSREAD_MAX_CHUNK_CHARS": "1000", "CROSSREAD_WORKERS": "1"}
    args = [sys.executable, "-m", "crossread", "ingest", "--db", str(tmp_path / "s.sqlite"), str(path)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    parts = len(text_chunks(text, 1000))
    lines = [line for line in done.stderr.splitlines() if "analysed" in line]
    assert lines == [f"long[bold].txt: part {k} of {parts} analysed" for k in range(1, parts + 1)], done.stderr


def test_reliability_a_long_text_keeps_one_parse_of_the_whole_text_and_is_briefed(nlp: Language, tmp_path: Path) -> None:
    from crossread.brief import build_brief
    from crossread.parses import unpack
    from crossread.stages.compare import stored_or_fresh_parses

    text = "\n\n".join(f"Paragraph {i}: Alexander Lukashenko met Mike Pompeo in Minsk on 1 February 2020." for i in range(60))
    analyzed = analyze_long(Document("d1", "long.txt", text, "text"), nlp, 1000)
    parse = unpack(analyzed.parse, nlp.vocab)
    assert parse.text == text and analyzed.parse_model
    assert "Minsk" in {e.text for e in parse.ents if e.start_char > len(text) - 400}
    # A text longer than spaCy takes at once, stored without its parse (older ingest), is parsed in chunks for a brief.
    unparsed = dataclasses.replace(analyzed, parse=b"", parse_model="")
    limit = nlp.max_length
    nlp.max_length = 2000
    try:
        (fresh,) = stored_or_fresh_parses([unparsed], nlp)
        brief = build_brief([unparsed, unparsed], nlp)
    finally:
        nlp.max_length = limit
    assert fresh.text == text and len(list(fresh.sents)) >= 60
    assert brief.claims


def test_reliability_a_story_whose_brief_fails_is_named_and_the_others_are_briefed(
    tmp_path: Path, nlp: Language, example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossread import brief as brief_module
    from crossread.corpus import brief_changed_stories

    store = SQLiteStore(tmp_path / "db.sqlite")
    report = ingest([example_dir, _write(tmp_path, "other.txt", ARTICLE.encode())], store, nlp)
    stories = store.list_stories()
    assert len(stories) == 2
    real_build = brief_module.build_brief

    def build(documents: list[AnalyzedDocument], pipeline: Language, **options: Any) -> object:
        if any("other.txt" in d.document.source_path for d in documents):
            raise MemoryError("out of memory while briefing")
        return real_build(documents, pipeline, **options)

    monkeypatch.setattr(brief_module, "build_brief", build)
    failed: list[tuple[str, str]] = []
    made = brief_changed_stories(store, report.ingested_ids, nlp, failed=lambda story, reason: failed.append((story, reason)))
    (bad,) = [s.id for s in stories if any(d.endswith("other.txt") for d in _paths(store, s.doc_ids))]
    assert made == 1 and failed == [(bad, "MemoryError: out of memory while briefing")]
    store.close()


def _paths(store: SQLiteStore, doc_ids: tuple[str, ...] | list[str]) -> list[str]:
    return [doc.document.source_path for doc in (store.get_document(i) for i in doc_ids) if doc is not None]


def test_reliability_text_chunks_cover_the_text_exactly() -> None:
    text = ("word " * 300 + "\n\n") * 7 + "x" * 2500
    spans = text_chunks(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(end - start <= 1000 for start, end in spans)


def test_reliability_failures_are_upserted_once_per_input_and_cleared_when_fixed(tmp_path: Path, nlp: Language) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.jsonl").write_text('{"text": "' + ARTICLE.replace("\n", " ") + '"}\n{oops\n', "utf-8")
    store = SQLiteStore(tmp_path / "db.sqlite")
    first = ingest([folder], store, nlp)
    again = ingest([folder], store, nlp)
    rows = store.list_failures()
    assert len(first.failures) == len(again.failures) == len(rows) == 2
    assert {row.attempts for row in rows} == {2}
    (folder / "empty.txt").write_text(ARTICLE.replace("Saturday", "Sunday"), "utf-8")
    ingest([folder], store, nlp)
    assert [Path(row.source_path).name for row in store.list_failures()] == ["broken.jsonl:2"]
    store.close()


def _story_membership(db: Path) -> tuple[set[str], Counter[str]]:
    with sqlite3.connect(db) as raw:
        stored = {r[0] for r in raw.execute("SELECT id FROM documents")}
        members = Counter(r[0] for r in raw.execute("SELECT doc_id FROM story_documents"))
    return stored, members


def test_reliability_documents_stored_without_clustering_join_stories_next_run(
    tmp_path: Path, nlp: Language, example_dir: Path
) -> None:
    db = tmp_path / "db.sqlite"
    store = SQLiteStore(db)
    ingest([example_dir], store, nlp, cluster=False)  # as if killed before clustering
    assert store.unclustered_document_ids()
    report = ingest([example_dir], store, nlp)  # a no-op re-run repairs the stories
    assert report.ingested == [] and store.unclustered_document_ids() == []
    assert update_stories(store) == 0  # nothing left to do
    store.close()
    stored, members = _story_membership(db)
    assert set(members) == stored and set(members.values()) == {1}


def test_reliability_clustering_saves_as_it_goes_and_a_kill_between_saves_is_repaired(
    tmp_path: Path, nlp: Language, example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday"]
    texts = [_write(tmp_path, f"t{i}.txt", ARTICLE.replace("Saturday", day).encode()) for i, day in enumerate(days)]
    db = tmp_path / "db.sqlite"
    store = SQLiteStore(db)
    report = ingest([example_dir, *texts], store, nlp, cluster=False)
    one_save = SQLiteStore(tmp_path / "whole.sqlite")  # the same clustering, never interrupted
    update_stories(one_save, ingest([example_dir, *texts], one_save, nlp, cluster=False).ingested_ids, batch_size=1)
    saves: list[int] = []
    real_save = store.save_stories

    def killed_on_the_third_save(stories: list[Story], state: dict[str, object], **options: Any) -> None:
        saves.append(len(stories))
        if len(saves) == 3:
            raise KeyboardInterrupt  # as if killed mid-clustering
        real_save(stories, state, **options)

    monkeypatch.setattr(store, "save_stories", killed_on_the_third_save)
    with pytest.raises(KeyboardInterrupt):
        update_stories(store, report.ingested_ids, batch_size=1, save_seconds=0)
    monkeypatch.undo()
    left = store.unclustered_document_ids()
    assert len(saves) == 3 and 0 < len(left) < len(report.ingested_ids)  # two batches' stories were kept
    update_stories(store, report.ingested_ids, batch_size=1)  # the next run clusters the rest
    stored, members = _story_membership(db)
    assert set(members) == stored and set(members.values()) == {1}
    assert sorted(sorted(s.doc_ids) for s in store.list_stories()) == sorted(sorted(s.doc_ids) for s in one_save.list_stories())
    store.close()
    one_save.close()


def test_reliability_a_slow_document_times_out_and_the_batch_goes_on(tmp_path: Path) -> None:
    from crossread.engines.local import PoolEngine

    # 60,000 attributes take ~19 s to extract on an idle core (30,000 took 5.0 s: the budget itself, so the
    # test passed only on a loaded machine); the worker is stopped at the 5 s budget either way.
    attributes = " ".join(f'a{i}="{i}"' for i in range(60_000))
    slow = _write(tmp_path, "slow.html", f"<html><body><div {attributes}><p>{ARTICLE}</p></div></body></html>".encode())
    good = [
        _write(tmp_path, f"good{i}.txt", ARTICLE.replace("Saturday", day).encode()) for i, day in enumerate(["Monday", "Friday"])
    ]
    store = SQLiteStore(tmp_path / "db.sqlite")
    with PoolEngine(1, time_budget=5) as engine:  # 5 s: the good texts stay far below it on a loaded machine
        report = ingest([slow, *good], store, None, engine=engine)
        assert engine.replaced == 1
    assert report.ingested == [str(p) for p in good]
    (failure,) = report.failures
    assert failure.source_path == str(slow) and failure.stage == "extract" and "timed out after 5 s" in failure.reason
    assert [row.source_path for row in store.list_failures()] == [str(slow)]
    store.close()


def test_reliability_a_worker_that_grew_too_large_is_replaced_and_nothing_is_lost(tmp_path: Path) -> None:
    from crossread.engines.local import PoolEngine

    days = ["Monday", "Tuesday", "Wednesday"]
    good = [_write(tmp_path, f"good{i}.txt", ARTICLE.replace("Saturday", day).encode()) for i, day in enumerate(days)]
    store = SQLiteStore(tmp_path / "db.sqlite")
    # No growth allowed: every worker is retired after its partition, a fresh one takes the next.
    with PoolEngine(1, max_worker_growth=-1) as engine:
        report = ingest(good, store, None, engine=engine, partition_size=1, cluster=False)
        assert engine.retired == len(good) and engine.replaced == 0
    assert report.ingested == [str(p) for p in good] and not report.failures
    with PoolEngine(1) as engine:  # the default allowance: a worker reading three short texts is kept
        ingest([_write(tmp_path, "more.txt", ARTICLE.replace("Saturday", "Sunday").encode())], store, None, engine=engine)
        assert engine.retired == 0
    assert len(store.list_documents()) == len(good) + 1
    store.close()


def test_reliability_every_item_of_a_hostile_batch_is_accounted_for(tmp_path: Path, nlp: Language) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    good = [
        _write(folder, f"good{i}.txt", ARTICLE.replace("Saturday", day).encode()) for i, day in enumerate(["Monday", "Friday"])
    ]
    _write(folder, "deep.json", b"[" * 50_000)
    _write(folder, b"bad-\xff.jsonl", json.dumps({"text": ARTICLE.replace("Minsk", "Brest") + "\ud800"}).encode())
    _write(folder, "bomb.txt.gz", gzip.compress(b"a" * (2 * 1024 * 1024)))
    _write(folder, "bom.txt", b"\xff\xfe\x00\xd8garbage")
    os.mkfifo(folder / "pipe.html")
    store = SQLiteStore(tmp_path / "db.sqlite")
    report = ingest([folder], store, nlp, limits=SMALL)
    names = sorted(Path(p.split(":")[0]).name for p in report.ingested)
    assert names == sorted(["bad-\\xff.jsonl", *(p.name for p in good)])
    assert sorted(Path(f.source_path).name for f in report.failures) == ["bom.txt", "bomb.txt.gz", "deep.json", "pipe.html"]
    assert all(isinstance(a, AnalyzedDocument) for a in store.iter_documents())
    store.close()


# --------------------------------------------------------------------------- the CLI and the API


def test_reliability_cli_failures_lists_each_input_once_with_a_retry_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from crossread.interfaces.cli import app

    db = tmp_path / "db.sqlite"
    store = SQLiteStore(db)
    store.record_failure(IngestFailure(str(tmp_path / "feed.jsonl:3"), "read", "malformed JSON line"))
    store.record_failure(IngestFailure(str(tmp_path / "feed.jsonl:3"), "read", "malformed JSON line"))
    store.record_failure(IngestFailure(str(tmp_path / "slow.html"), "extract", "timed out after 180 s (time_budget)"))
    store.close()
    result = CliRunner().invoke(app, ["failures", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{tmp_path / 'feed.jsonl:3'}: malformed JSON line (read;") and "2 attempts" in lines[0]
    assert lines[-1] == f"after a fix, retry with: crossread ingest {tmp_path / 'feed.jsonl'} {tmp_path / 'slow.html'}"
    data = json.loads(CliRunner().invoke(app, ["failures", "--db", str(db), "--json"]).stdout)
    assert data["schema"] == "crossread.failures/1" and len(data["failures"]) == 2
    assert "Example: crossread failures" in CliRunner().invoke(app, ["failures", "--help"]).stdout


def test_reliability_api_ingest_never_answers_500_with_exception_text(
    tmp_path: Path, example_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from crossread import pipeline
    from crossread.interfaces.api import create_app
    from web_fixtures import example_store

    settings = example_store(tmp_path / "library.sqlite", example_dir, nlp)
    with TestClient(create_app(settings, nlp=nlp, upload_dir=tmp_path / "uploads"), raise_server_exceptions=False) as client:
        hostile = [
            ("files", ("deep.json", b"[" * 50_000 + b"]" * 50_000, "application/json")),
            ("files", ("surrogate.jsonl", json.dumps({"text": ARTICLE + "\ud800"}).encode(), "application/json")),
        ]
        body = client.post("/api/ingest", files=hostile).json()
        assert len(body["ingested"]) == 1 and "nested too deeply" in body["failures"][0]["reason"]

        def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("secret internal detail")

        monkeypatch.setattr(pipeline, "ingest", broken)
        response = client.post("/api/ingest", files=[("files", ("a.txt", ARTICLE.encode(), "text/plain"))])
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "ingest_failed" and "secret" not in error["message"] and "retry with" in error["message"]
