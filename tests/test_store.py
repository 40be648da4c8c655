"""The Store contract, run against every back end; then what only SQLite has.

A back end joins the contract suite by adding one entry to ``BACKENDS``: a
function that, given pytest's ``tmp_path``, returns an opener ``name -> Store``
that creates the store called ``name`` empty the first time and re-opens the
same data on later calls (SQLite: a file per name; PostgreSQL: a schema or
database per name, dropped by the fixture). An opener with a ``cleanup``
method has it called once the test's stores are closed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crossread.corrections import SpanKey, make_correction
from crossread.entity_ids import IssuedMention
from crossread.errors import StoreError
from crossread.model import (
    Amount,
    AnalyzedDocument,
    DateMention,
    Document,
    DocumentSummary,
    IngestFailure,
    Mention,
    Quote,
    RawDocument,
    RemovedLine,
    Sentence,
    Story,
)
from crossread.pipeline import ingest
from crossread.stages.analyze import analyze_many
from crossread.stages.extract import extract
from crossread.stages.sources import read_sources
from crossread.store import sqlite as sqlite_backend
from crossread.store.base import Store
from crossread.store.sqlite import MIGRATIONS, SQLiteStore

StoreOpener = Callable[[str], Store]


def _sqlite_backend(tmp_path: Path) -> StoreOpener:
    return lambda name: SQLiteStore(tmp_path / f"{name}.sqlite")


class _PostgresSchemas:
    """A schema per store name on the test server, all dropped by ``cleanup``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"crossread_test_{uuid.uuid4().hex[:12]}"
        self.schemas: set[str] = set()

    def __call__(self, name: str) -> Store:
        from crossread.store.postgres import PostgresStore

        schema = f"{self.prefix}_{name}"
        self.schemas.add(schema)
        return PostgresStore(self.url, schema=schema)

    def cleanup(self) -> None:
        import psycopg
        from psycopg import sql

        if self.schemas:
            with psycopg.connect(self.url, autocommit=True) as db:
                # one schema a statement: dropping them all at once takes a lock per table and index of every
                # schema in one transaction, past a default server's lock table (max_locks_per_transaction)
                for schema in sorted(self.schemas):
                    db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _postgres_backend(_tmp_path: Path) -> StoreOpener:
    url = os.environ.get("CROSSREAD_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL store tests need a server: set CROSSREAD_TEST_POSTGRES_URL=postgresql://USER@HOST:PORT/DB")
    pytest.importorskip("psycopg", reason="PostgreSQL store tests need psycopg: pip install 'psycopg[binary]'")
    return _PostgresSchemas(url)


BACKENDS: dict[str, Callable[[Path], StoreOpener]] = {"postgres": _postgres_backend, "sqlite": _sqlite_backend}


@pytest.fixture(params=sorted(BACKENDS))
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreOpener]:
    """Opens (or re-opens) a named store of the back end under test; closes them all afterwards."""
    make = BACKENDS[request.param](tmp_path)
    opened: list[Store] = []

    def opener(name: str) -> Store:
        store = make(name)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()
    cleanup = getattr(make, "cleanup", None)
    if cleanup is not None:
        cleanup()


@pytest.fixture
def store(open_store: StoreOpener) -> Store:
    return open_store("main")


# --------------------------------------------------------------------------- model strategies

# Any valid Unicode (no lone surrogates: they cannot be encoded, and decoded input never has them).
TEXT = st.text(st.characters(codec="utf-8"), max_size=60)
MAYBE_TEXT = st.none() | TEXT
DOC_IDS = st.from_regex(r"d[0-9a-f]{16}", fullmatch=True)


def _span(draw: st.DrawFn, text: str) -> tuple[int, int, str]:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return start, end, text[start:end]


@st.composite
def documents(draw: st.DrawFn, doc_id: str | None = None) -> Document:
    text = draw(st.text(st.characters(codec="utf-8"), max_size=300))
    return Document(
        id=doc_id or draw(DOC_IDS),
        source_path=draw(TEXT),
        text=text,
        kind=draw(st.sampled_from(["text", "html"])),
        source_id=draw(MAYBE_TEXT),
        url=draw(MAYBE_TEXT),
        outlet=draw(MAYBE_TEXT),
        title=draw(MAYBE_TEXT),
        author=draw(MAYBE_TEXT),
        published=draw(MAYBE_TEXT),
        language=draw(MAYBE_TEXT),
        headings=tuple(draw(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=3))),
        removed_lines=tuple(draw(st.lists(st.builds(RemovedLine, TEXT, TEXT, st.integers(1, 10**6)), max_size=4))),
        encoding=draw(MAYBE_TEXT),
    )


@st.composite
def analyzed_documents(draw: st.DrawFn) -> AnalyzedDocument:
    """Documents with spans into their own text; children in the order analyze emits them (by start)."""
    document = draw(documents())
    text, doc_id = document.text, document.id

    def spans(max_size: int) -> list[tuple[int, int, str]]:
        return sorted(_span(draw, text) for _ in range(draw(st.integers(0, max_size))))

    sentences = [Sentence(doc_id, i, s, e, t, draw(st.booleans())) for i, (s, e, t) in enumerate(spans(4))]
    mentions = [
        Mention(doc_id, s, e, t, draw(st.sampled_from(["PERSON", "ORG", "GPE"])), draw(st.integers(0, 50)))
        for s, e, t in spans(4)
    ]
    dates = [
        DateMention(doc_id, s, e, t, draw(TEXT), tuple(draw(st.lists(TEXT, max_size=3))), tuple(draw(st.lists(TEXT, max_size=3))))
        for s, e, t in spans(3)
    ]
    quotes = []
    for s, e, t in spans(3):
        speaker = _span(draw, text) if draw(st.booleans()) else None
        quotes.append(
            Quote(
                doc_id, s, e, t, draw(st.sampled_from(["direct", "split", "reported", "epigraph"])),
                speaker_text=speaker[2] if speaker else None,
                speaker_start=speaker[0] if speaker else None,
                speaker_end=speaker[1] if speaker else None,
                speaker_name=draw(MAYBE_TEXT), cue=draw(MAYBE_TEXT), said_on=draw(MAYBE_TEXT), said_on_evidence=draw(MAYBE_TEXT),
            )
        )  # fmt: skip
    amounts = [
        Amount(doc_id, s, e, t, draw(st.floats(allow_nan=False, allow_infinity=False)), draw(MAYBE_TEXT), draw(MAYBE_TEXT))
        for s, e, t in spans(3)
    ]
    return AnalyzedDocument(
        document=document,
        sentences=tuple(sentences),
        mentions=tuple(mentions),
        dates=tuple(dates),
        quotes=tuple(quotes),
        amounts=tuple(amounts),
        date_evidence=tuple(draw(st.lists(TEXT, max_size=3))),
    )


def small_document(
    doc_id: str = "d0000000000000001", *, published: str | None = None, source_path: str = "a.txt"
) -> AnalyzedDocument:
    text = "Minsk, Sept. 2. Talks began on Tuesday. \u201cWe will see,\u201d he said."
    document = Document(doc_id, source_path, text, "text", published=published, title="Talks \u2014 \u00e9t\u00e9 \U0001f4f0",
                        removed_lines=(RemovedLine("Share this", "share/cookie chrome", 1),))  # fmt: skip
    return AnalyzedDocument(
        document=document,
        sentences=(Sentence(doc_id, 0, 0, 15, text[0:15]), Sentence(doc_id, 1, 16, 39, text[16:39])),
        mentions=(Mention(doc_id, 0, 5, "Minsk", "GPE", 0),),
        dates=(DateMention(doc_id, 7, 14, text[7:14], "2020-09-02", ("published 2020",), ("2020",)),),
        quotes=(Quote(doc_id, 41, 52, text[41:52], "direct", "he", 54, 56, None, "said"),),
        amounts=(Amount(doc_id, 7, 14, text[7:14], 2.0, None, None),),
        date_evidence=("dateline",),
    )


# --------------------------------------------------------------------------- the contract

NAMES = (f"example{n}" for n in itertools.count())


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(analyzed=analyzed_documents())
def test_store_round_trip_keeps_every_field(open_store: StoreOpener, analyzed: AnalyzedDocument) -> None:
    store = open_store(next(NAMES))
    assert store.add_document(analyzed) is True
    assert store.has_document(analyzed.document.id)
    assert store.get_document(analyzed.document.id) == analyzed
    assert list(store.iter_documents()) == [analyzed]


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(analyzed=st.lists(analyzed_documents(), min_size=1, max_size=3, unique_by=lambda a: a.document.id))
def test_store_documents_for_stories_are_the_stored_ones_without_what_clustering_never_reads(
    open_store: StoreOpener, analyzed: list[AnalyzedDocument]
) -> None:
    store = open_store(next(NAMES))
    for item in analyzed:
        store.add_document(item)
    wanted = [item.document.id for item in reversed(analyzed)] + ["d-not-stored"]
    found = store.documents_for_stories(wanted)
    assert sorted(found) == sorted(item.document.id for item in analyzed)
    for item in analyzed:
        light = found[item.document.id]
        assert (light.document, light.mentions, light.dates, light.date_evidence) == (
            item.document,
            item.mentions,
            item.dates,
            item.date_evidence,
        )
        assert light == dataclasses.replace(item, sentences=(), quotes=(), amounts=())
        assert light.parse == b""
    assert store.documents_for_stories([]) == {}


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    analyzed=st.lists(analyzed_documents(), min_size=1, max_size=3, unique_by=lambda a: a.document.id),
    parses=st.lists(st.binary(max_size=40), min_size=3, max_size=3),
)
def test_store_get_documents_are_the_stored_ones_whole(
    open_store: StoreOpener, analyzed: list[AnalyzedDocument], parses: list[bytes]
) -> None:
    """A story's documents read together are what ``get_document`` reads one by one, parse included."""
    store = open_store(next(NAMES))
    kept = [dataclasses.replace(item, parse=parse, parse_model="en_test-1.0:tagger" if parse else "")
            for item, parse in zip(analyzed, parses, strict=False)]  # fmt: skip
    for item in kept:
        store.add_document(item)
    found = store.get_documents([item.document.id for item in reversed(kept)] + ["d-not-stored"])
    assert sorted(found) == sorted(item.document.id for item in kept)
    for item in kept:
        whole = found[item.document.id]
        assert whole == item == store.get_document(item.document.id)
        assert (whole.parse, whole.parse_model) == (item.parse, item.parse_model)  # compare=False fields
    assert store.get_documents([]) == {}


def test_store_round_trip_keeps_nul_characters(store: Store) -> None:
    """Any Unicode text round-trips, NUL included (PostgreSQL text cannot hold it: that back end escapes it)."""
    analyzed = small_document()
    document = dataclasses.replace(analyzed.document, text="Minsk\x00talks \ufffe0", title="\x00", source_path="a\x00.txt")
    analyzed = dataclasses.replace(analyzed, document=document, date_evidence=("\x00",))
    assert store.add_document(analyzed) is True
    assert store.get_document(analyzed.document.id) == analyzed
    assert store.list_documents()[0].source_path == "a\x00.txt"


def test_store_round_trip_of_documents_analyzed_from_the_example(store: Store, nlp: Language, example_dir: Path) -> None:
    raws = [item for item in read_sources([example_dir]) if isinstance(item, RawDocument)]
    analyzed = list(analyze_many([extract(raw) for raw in raws], nlp))
    assert len(analyzed) == 2
    for item in analyzed:
        assert store.add_document(item)
        assert store.get_document(item.document.id) == item
        got = store.get_document(item.document.id)
        assert got is not None and item.parse and (got.parse, got.parse_model) == (item.parse, item.parse_model)


def test_store_add_document_returns_false_on_a_duplicate_and_keeps_the_first(store: Store) -> None:
    first = small_document()
    assert store.add_document(first) is True
    changed = dataclasses.replace(first, document=dataclasses.replace(first.document, title="another title"), sentences=())
    assert store.add_document(changed) is False
    assert store.get_document(first.document.id) == first
    assert len(store.list_documents()) == 1


def test_store_returns_children_in_text_order(store: Store) -> None:
    text = 'He said "yes" and then she said "no".'
    later, earlier = Quote("d01", 32, 36, text[32:36], "direct"), Quote("d01", 8, 13, text[8:13], "direct")
    store.add_document(AnalyzedDocument(Document("d01", "a.txt", text, "text"), quotes=(later, earlier)))
    stored = store.get_document("d01")
    assert stored is not None and stored.quotes == (earlier, later)


def test_store_get_document_of_an_unknown_id_is_none(store: Store) -> None:
    assert store.get_document("d-unknown") is None
    assert not store.has_document("d-unknown")


def test_store_list_documents_summarises_dated_first_then_by_path(store: Store) -> None:
    for doc_id, published, path in [
        ("d01", None, "a.txt"),
        ("d02", "2020-09-02", "b.txt"),
        ("d03", "2020-09-01", "c.txt"),
        ("d04", "2020-09-02", "a.txt"),
    ]:
        store.add_document(small_document(doc_id, published=published, source_path=path))
    summaries = store.list_documents()
    assert [s.id for s in summaries] == ["d03", "d04", "d02", "d01"]
    assert summaries[0] == DocumentSummary("d03", "Talks \u2014 \u00e9t\u00e9 \U0001f4f0", None, "2020-09-01", None, 2, "c.txt")


def test_store_list_documents_of_an_empty_store_is_empty(store: Store) -> None:
    assert store.list_documents() == []
    assert list(store.iter_documents()) == []


def test_store_iter_documents_yields_every_document_once(store: Store) -> None:
    added = [small_document(f"d{n:02}", source_path=f"{n}.txt") for n in range(5)]
    for item in reversed(added):
        store.add_document(item)
    assert sorted(store.iter_documents(), key=lambda a: a.document.id) == added


def test_store_record_failure_leaves_documents_alone_and_the_store_writable(store: Store) -> None:
    store.add_document(small_document("d01"))
    store.record_failure(IngestFailure("bad.txt", "read", "binary file (NUL bytes), not text or HTML"))
    store.record_failure(IngestFailure("bad.txt", "read", "the same failure again"))
    assert store.add_document(small_document("d02")) is True
    assert [s.id for s in store.list_documents()] == ["d01", "d02"]


def test_store_failed_write_leaves_no_partial_document(store: Store) -> None:
    good = small_document("d01")
    unwritable = Amount("d01", 0, 5, "Minsk", 1.0, unit=object())  # type: ignore[arg-type]  # no back end can store an object
    bad = dataclasses.replace(good, amounts=(*good.amounts, unwritable))
    try:
        store.add_document(bad)
    except Exception:  # the contract: whatever the back end raises, nothing is half-written
        pass
    else:
        pytest.fail("add_document stored a value the back end cannot represent")
    assert not store.has_document("d01")
    assert store.get_document("d01") is None
    assert store.list_documents() == []
    assert store.add_document(good) is True
    assert store.get_document("d01") == good


def test_store_reopening_keeps_the_documents(open_store: StoreOpener) -> None:
    first = open_store("kept")
    added = [small_document(f"d{n:02}", source_path=f"{n}.txt") for n in range(3)]
    for item in added:
        first.add_document(item)
    first.close()
    again = open_store("kept")
    assert [s.id for s in again.list_documents()] == ["d00", "d01", "d02"]
    assert again.get_document("d01") == added[1]
    assert again.add_document(added[0]) is False


def _stored(store: Store, *doc_ids: str) -> None:
    for n, doc_id in enumerate(doc_ids):
        store.add_document(small_document(doc_id, source_path=f"{n}.txt"))


def _state(round_: int) -> dict[str, Any]:
    """Clusterer state rows (crossread.store.base.CLUSTER_TABLES) of a save, marked with ``round_``."""
    meta = [("version", "3"), ("round", str(round_)), ("note", '"\u00e9t\u00e9"')]
    return {"cluster_meta": (meta, []), "cluster_signatures": ([(f"d0{round_}", round_, "AAAA", None)], [])}


def test_store_stories_round_trip_newest_first_with_the_clusterer_state(store: Store) -> None:
    _stored(store, "d01", "d02", "d03")
    assert store.load_cluster_state() is None
    assert store.list_stories() == []
    older = Story("s1", ("d01", "d02"), "2020-09-01", "2020-09-02", "Talks in Minsk")
    newer = Story("s2", ("d03",), "2020-09-05", "2020-09-05", None)
    store.save_stories([older, newer], _state(1))
    assert store.list_stories() == [newer, older]
    loaded = store.load_cluster_state()
    assert loaded is not None
    assert sorted(loaded["cluster_meta"]) == sorted(_state(1)["cluster_meta"][0])
    assert loaded["cluster_signatures"] == [("d01", 1, "AAAA", None)]
    assert loaded["story_documents"] == [("s1", "d01"), ("s1", "d02"), ("s2", "d03")]


def test_store_load_signatures_reads_every_saved_document_signature(store: Store) -> None:
    _stored(store, "d01", "d02")
    signatures = {"document_signatures": ([("d01", "AAAA")], [])}
    store.save_stories([Story("s1", ("d01", "d02"), None, None, None)], {**_state(1), **signatures})
    assert store.load_signatures(["d01", "d02", "d09"]) == {"d01": "AAAA"}  # d02's was never saved, d09 is unknown
    store.save_stories([], {"cluster_signatures": ([], [("d01",)])})  # the clusterer forgot it: a brief still reads it
    assert store.load_signatures(["d01"]) == {"d01": "AAAA"}
    store.save_stories([], _state(2), replace=True)  # a fresh clusterer state keeps them (a function of the text)
    assert store.load_signatures(["d01"]) == {"d01": "AAAA"}
    assert store.load_cluster_state() is not None and "document_signatures" not in (store.load_cluster_state() or {})


def test_store_save_stories_replaces_the_previous_ones(store: Store) -> None:
    _stored(store, "d01", "d02")
    store.save_stories([Story("s1", ("d01",), None, None, "first")], _state(1))
    store.save_stories([Story("s2", ("d01", "d02"), "2020-09-01", None, "second")], _state(2), replace=True)
    assert store.list_stories() == [Story("s2", ("d01", "d02"), "2020-09-01", None, "second")]
    loaded = store.load_cluster_state()
    assert loaded is not None and ("round", "2") in loaded["cluster_meta"]
    assert loaded["cluster_signatures"] == [("d02", 2, "AAAA", None)]  # replace: round 1's rows are gone


def test_store_save_stories_writes_the_stories_given_and_deletes_the_gone(store: Store) -> None:
    _stored(store, "d01", "d02", "d03")
    store.save_stories([Story("s1", ("d01",), None, None, "one"), Story("s2", ("d02",), None, None, "two")], _state(1))
    store.save_stories([Story("s3", ("d01", "d03"), None, None, "merged")], _state(2), gone=["s1"])
    assert store.list_stories() == [Story("s2", ("d02",), None, None, "two"), Story("s3", ("d01", "d03"), None, None, "merged")]
    loaded = store.load_cluster_state()
    assert loaded is not None and [row[0] for row in loaded["cluster_signatures"]] == ["d01", "d02"]  # upserted


def test_store_failed_save_stories_keeps_the_previous_ones(store: Store) -> None:
    _stored(store, "d01")
    kept = Story("s1", ("d01",), None, None, "kept")
    store.save_stories([kept], _state(1))
    before = store.load_cluster_state()
    try:
        store.save_stories([Story("s2", ("d01",), None, None, "new"), Story("s2", ("d01",), None, None, "same id")], _state(2))
    except Exception:  # the contract: whatever the back end raises, the old stories stay whole
        pass
    else:
        pytest.fail("save_stories accepted two stories with the same id")
    assert store.list_stories() == [kept]
    assert store.load_cluster_state() == before


def test_store_search_finds_words_in_titles_and_texts_best_first(store: Store) -> None:
    store.add_document(small_document("d01", source_path="a.txt"))
    other = small_document("d02", source_path="b.txt")
    document = dataclasses.replace(other.document, title="Weather", text="Rain in Vilnius; talks were held in Minsk.")
    store.add_document(dataclasses.replace(other, document=document))
    assert [hit.id for hit in store.search_documents("Minsk")][:2] in (["d01", "d02"], ["d02", "d01"])
    assert [hit.id for hit in store.search_documents("talks")] == ["d01", "d02"]  # a title match ranks first
    assert [hit.id for hit in store.search_documents("vilnius")] == ["d02"]
    assert store.search_documents("Minsk", limit=1)[0].id in {"d01", "d02"}
    assert len(store.search_documents("Minsk", limit=1)) == 1
    assert store.search_documents("Kyiv") == []
    hit = store.search_documents("Vilnius")[0]
    assert hit.title == "Weather" and "Vilnius" in hit.snippet and "<" not in hit.snippet


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "AND OR NOT", "Minsk*", "(Minsk", "title:Minsk", "NEAR(a b)", "'; DROP TABLE documents; --"]
)
def test_store_search_treats_any_query_as_plain_words(store: Store, query: str) -> None:
    store.add_document(small_document("d01"))
    hits = store.search_documents(query)
    assert all(hit.id == "d01" for hit in hits)
    assert store.has_document("d01")


def test_store_search_does_not_find_a_document_whose_write_failed(store: Store) -> None:
    good = small_document("d01")
    bad = dataclasses.replace(good, amounts=(Amount("d01", 0, 5, "Minsk", 1.0, unit=object()),))  # type: ignore[arg-type]
    with contextlib.suppress(Exception):  # whatever the back end raises
        store.add_document(bad)
    assert store.search_documents("Minsk") == []


SYNTHETIC_ARTICLES = (
    '{"id": "w1", "outlet": "Example Wire", "title": "Rain in Minsk", "text": '
    '"Heavy rain fell on Minsk on Tuesday, the weather service said.\\n\\nRoads in the city centre were closed for two hours."}\n'
    '{"id": "w2", "outlet": "Example Wire", "title": "Trains resume", "text": '
    '"Trains between Minsk and Vilnius resumed on Wednesday after a three-day pause, the railway said."}\n'
)


def test_store_ingest_resumes_after_an_interrupt(
    open_store: StoreOpener, nlp: Language, example_dir: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for source in example_dir.glob("*.txt"):
        (batch / source.name).write_bytes(source.read_bytes())
    (batch / "wire.jsonl").write_text(SYNTHETIC_ARTICLES, "utf-8")

    def interrupt_after_first(event: str, _path: str) -> None:
        if event == "ingested":
            raise KeyboardInterrupt

    interrupted = open_store("resume")
    with pytest.raises(KeyboardInterrupt):
        ingest([batch], interrupted, nlp, progress=interrupt_after_first)
    [stored] = interrupted.list_documents()
    interrupted.close()

    resumed = open_store("resume")
    report = ingest([batch], resumed, nlp)
    assert report.duplicates == [stored.source_path]
    assert len(report.ingested) == 3 and not report.failures
    ids = [s.id for s in resumed.list_documents()]
    assert len(ids) == len(set(ids)) == 4
    assert sorted(a.document.source_path for a in resumed.iter_documents()) == sorted([stored.source_path, *report.ingested])


# --------------------------------------------------------------------------- SQLite only


def _queries(store: SQLiteStore) -> list[str]:
    """The statements ``store`` runs from now on (SQLite's trace callback)."""
    seen: list[str] = []
    store._db.set_trace_callback(seen.append)
    return seen


def test_sqlite_reads_a_story_in_a_few_queries_whatever_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A story's documents and signatures: a query per table and chunk, not per document."""
    store = SQLiteStore(tmp_path / "s.sqlite")
    doc_ids = [f"d0{n}" for n in range(5)]
    for n, doc_id in enumerate(doc_ids):
        store.add_document(
            dataclasses.replace(small_document(doc_id, source_path=f"{n}.txt"), parse=b"P" + doc_id.encode(), parse_model="m")
        )
    signatures = {"document_signatures": ([(d, f"S{d}") for d in doc_ids], [])}
    store.save_stories([Story("s1", tuple(doc_ids), None, None, None)], {**_state(1), **signatures})
    issued = [IssuedMention(d, 0, 5, f"e{d}", "2026-01-01T00:00:00+00:00") for d in doc_ids]
    store.save_entity_ids(doc_ids, issued, {})
    monkeypatch.setattr(sqlite_backend, "READ_CHUNK", 2)  # five documents: three chunks
    asked = [*reversed(doc_ids), "d-unknown"]
    seen = _queries(store)
    found = store.get_documents(asked)
    assert len(seen) == 3 * (2 + len(sqlite_backend.CHILD_TABLES))  # per chunk: documents, five child tables, parses
    assert found == {d: store.get_document(d) for d in doc_ids}
    assert [found[d].parse for d in doc_ids] == [b"P" + d.encode() for d in doc_ids]
    seen.clear()
    assert store.load_signatures(asked) == {d: f"S{d}" for d in reversed(doc_ids)}
    assert len(seen) == 3
    assert store.load_entity_ids(asked) == issued
    store.close()


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_store_corrections_round_trip_replace_and_undo(open_store: StoreOpener) -> None:
    store = open_store("corrections")
    spans = [SpanKey("d01", 0, 40), SpanKey("d02", 10, 52)]
    wrong = make_correction("match_wrong", spans, note="\u00e9t\u00e9 \x00 not the same")
    status = make_correction("status_wrong", [SpanKey("d01", 0, 40)], value="contested", created="2026-01-02T00:00:00Z")
    same = make_correction("same_entity", names=["Lukashenka", "Lukashenko"], created="2026-01-01T00:00:00Z")
    for correction in (wrong, status, same):
        store.add_correction(correction)
    assert store.list_corrections() == [wrong, same, status]  # oldest first
    again = dataclasses.replace(status, value="partial", created="2026-01-03T00:00:00Z")
    store.add_correction(again)  # same kind and keys: replaces
    assert store.list_corrections() == [wrong, same, again]
    assert store.delete_correction(same.id) is True
    assert store.delete_correction(same.id) is False
    store.close()
    assert open_store("corrections").list_corrections() == [wrong, again]  # kept across re-opening


def test_store_load_signatures_keeps_the_order_asked(store: Store) -> None:
    _stored(store, "d01", "d02", "d03")
    signatures = {"document_signatures": ([("d01", "AAAA"), ("d02", "BBBB"), ("d03", "CCCC")], [])}
    store.save_stories([Story("s1", ("d01", "d02", "d03"), None, None, None)], {**_state(1), **signatures})
    assert list(store.load_signatures(["d03", "d09", "d01", "d02"]).items()) == [
        ("d03", "CCCC"),
        ("d01", "AAAA"),
        ("d02", "BBBB"),
    ]


def test_store_entity_ids_replace_per_document_and_retired_ids_resolve(open_store: StoreOpener) -> None:
    store = open_store("entity_ids")
    _stored(store, "d01", "d02")
    first = [IssuedMention("d01", 0, 5, "eA", "2026-01-01T00:00:00.000001+00:00"),
             IssuedMention("d01", 0, 5, "eB", "2026-01-01T00:00:00.000001+00:00"),  # one span, two entities
             IssuedMention("d02", 3, 9, "eA", "2026-01-01T00:00:00.000001+00:00")]  # fmt: skip
    store.save_entity_ids(["d01", "d02"], first, {})
    assert store.load_entity_ids(["d02", "d01", "d01"]) == first  # by document, then span
    assert store.load_entity_ids(["d03"]) == []
    merged = [IssuedMention("d01", 0, 5, "eA", "2026-01-01T00:00:00.000001+00:00")]
    store.save_entity_ids(["d01"], merged, {"eB": "eA"})  # eB merged into eA
    assert store.load_entity_ids(["d01", "d02"]) == [*merged, first[2]]  # d02's rows untouched
    store.save_entity_ids(["d02"], [IssuedMention("d02", 3, 9, "eC", "2026-02-01T00:00:00+00:00")], {"eA": "eC"})
    assert [store.resolve_entity_id(i) for i in ("eA", "eB", "eC", "e?")] == ["eC", "eC", "eC", "e?"]  # chains followed
    store.save_entity_ids(["d01"], [IssuedMention("d01", 0, 5, "eB", "2026-03-01T00:00:00+00:00")], {})
    assert store.resolve_entity_id("eB") == "eB"  # issued again: no longer redirected
    store.save_entity_ids(["d02"], [IssuedMention("d02", 3, 9, "eA", "2026-02-01T00:00:00+00:00")], {"eC": "eA"})
    assert [store.resolve_entity_id(i) for i in ("eA", "eC")] == ["eA", "eA"]  # eA live again, eC retired into it
    store.close()
    assert open_store("entity_ids").load_entity_ids(["d01"]) == [IssuedMention("d01", 0, 5, "eB", "2026-03-01T00:00:00+00:00")]


def test_sqlite_store_new_file_is_at_the_latest_schema_version(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "new.sqlite")
    assert store.schema_version == len(MIGRATIONS)
    store.close()
    assert _user_version(tmp_path / "new.sqlite") == len(MIGRATIONS)


@pytest.mark.parametrize(
    "interruption", [KeyboardInterrupt(), sqlite3.OperationalError("disk I/O error")], ids=["ctrl-c", "io-error"]
)
def test_sqlite_store_write_interrupted_after_the_document_row_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    path = tmp_path / "db.sqlite"
    store = SQLiteStore(path)
    original = SQLiteStore._insert
    tables: list[str] = []

    def insert_then_fail(self: SQLiteStore, table: str, row: dict[str, Any]) -> None:
        tables.append(table)
        if table != "documents":
            raise interruption
        original(self, table, row)

    def insert_rows_then_fail(self: SQLiteStore, table: str, rows: list[dict[str, Any]]) -> None:
        insert_then_fail(self, table, rows[0])

    monkeypatch.setattr(SQLiteStore, "_insert", insert_then_fail)
    monkeypatch.setattr(SQLiteStore, "_insert_many", insert_rows_then_fail)  # a child table's rows: one statement
    # A database error surfaces as StoreError naming the document; an interrupt stays an interrupt.
    expected = StoreError if isinstance(interruption, sqlite3.Error) else type(interruption)
    with pytest.raises(expected):
        store.add_document(small_document("d01"))
    assert tables == ["documents", "sentences"]
    monkeypatch.undo()
    assert not store.has_document("d01")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == 0
    assert store.add_document(small_document("d01")) is True
    store.close()


def test_sqlite_store_records_failures_in_their_table(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "db.sqlite")
    store.record_failure(IngestFailure("feeds.jsonl:3", "read", "malformed JSON line"))
    store.close()
    with sqlite3.connect(tmp_path / "db.sqlite") as db:
        assert db.execute("SELECT source_path, stage, reason FROM failures").fetchall() == [
            ("feeds.jsonl:3", "read", "malformed JSON line")
        ]


def test_sqlite_store_migrates_an_older_file_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db.sqlite"
    old = SQLiteStore(path)
    old.add_document(small_document("d01"))
    old.close()
    upgrade = "ALTER TABLE documents ADD COLUMN note TEXT;\nCREATE TABLE notes (doc_id TEXT, note TEXT);\n"
    monkeypatch.setattr(sqlite_backend, "MIGRATIONS", (*MIGRATIONS, upgrade))
    upgraded = SQLiteStore(path)
    assert upgraded.schema_version == len(MIGRATIONS) + 1
    assert upgraded.get_document("d01") == small_document("d01")
    upgraded.close()
    with sqlite3.connect(path) as db:
        assert "note" in {row[1] for row in db.execute("PRAGMA table_info(documents)")}
    assert SQLiteStore(path).schema_version == len(MIGRATIONS) + 1  # re-opening does not migrate again


def test_sqlite_store_migration_keeps_the_signatures_the_clusterer_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 12 copies ``cluster_signatures`` into ``document_signatures``: a library clustered before
    it still gives its briefs the signatures it kept."""
    path = tmp_path / "db.sqlite"
    monkeypatch.setattr(sqlite_backend, "MIGRATIONS", MIGRATIONS[:11])
    old = SQLiteStore(path)
    _stored(old, "d01", "d02")
    old.save_stories([Story("s1", ("d01", "d02"), None, None, None)], _state(1))
    old.close()
    monkeypatch.undo()
    upgraded = SQLiteStore(path)
    assert upgraded.schema_version == len(MIGRATIONS) == 12
    assert upgraded.load_signatures(["d01", "d02"]) == {"d01": "AAAA"}
    upgraded.close()


def test_sqlite_store_failed_migration_leaves_the_file_at_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite"
    SQLiteStore(path).close()
    monkeypatch.setattr(sqlite_backend, "MIGRATIONS", (*MIGRATIONS, "CREATE TABLE notes (x TEXT);\nTHIS IS NOT SQL;\n"))
    with pytest.raises(StoreError, match=r"cannot open the SQLite store.*syntax error"):
        SQLiteStore(path)
    assert _user_version(path) == len(MIGRATIONS)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'notes'").fetchone() is None


def test_sqlite_store_rejects_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    with pytest.raises(StoreError) as raised:
        SQLiteStore(path)
    message = str(raised.value)
    assert str(path) in message
    assert "not a database" in message and "crossread database" in message


def test_sqlite_store_rejects_a_database_from_a_newer_crossread(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StoreError, match=rf"schema version {len(MIGRATIONS) + 5} is newer.*upgrade crossread"):
        SQLiteStore(path)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
    assert _user_version(path) == len(MIGRATIONS) + 5


def test_store_keeps_the_parse_so_a_brief_never_parses_again(
    store: Store, nlp: Language, example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossread.brief import build_brief
    from crossread.paragraphs import parse_texts, process_cache
    from crossread.parses import model_id
    from crossread.stages.compare import stored_or_fresh_parses

    report = ingest([example_dir], store, nlp, cluster=False)
    assert len(report.ingested) == 2
    stored = sorted(store.iter_documents(), key=lambda d: d.document.source_path)
    assert all(d.parse and d.parse_model == model_id(nlp) for d in stored)
    texts_parsed: list[str] = []
    real_pipe = nlp.pipe

    def counting_pipe(texts: Any, *args: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        texts_parsed.extend(texts)
        return real_pipe(texts, *args, **kwargs)

    restored = stored_or_fresh_parses(stored, nlp)
    fresh = [doc for doc, _ in parse_texts(((d.document.text, None) for d in stored), nlp, 32)]  # as ingest parses
    for a, b in zip(restored, fresh, strict=True):
        assert a.text == b.text
        assert [(t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in a] == [
            (t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in b
        ]
    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    from_store = build_brief(stored, nlp)
    assert texts_parsed == []  # nothing parsed again
    without = [dataclasses.replace(d, parse=b"", parse_model="") for d in stored]
    process_cache(nlp).clear()  # else every paragraph is still kept from the ingest above
    reparsed = build_brief(without, nlp)
    assert texts_parsed  # an older store without parses still works: parsed (paragraph by paragraph) when needed
    monkeypatch.undo()
    assert [(c.status, [(u.doc_id, u.start, u.end) for u in c.units]) for c in from_store.claims] == [
        (c.status, [(u.doc_id, u.start, u.end) for u in c.units]) for c in reparsed.claims
    ]


def test_store_briefs_are_computed_once_per_documents_and_code(
    open_store: StoreOpener, nlp: Language, example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossread import brief as brief_module
    from crossread import stored_briefs
    from crossread.corpus import story_documents
    from crossread.stages.analyze import meta_id

    store = open_store("briefs")
    ingest([example_dir], store, nlp)
    (story,) = store.list_stories()
    documents = story_documents(store, story)
    built: list[int] = []
    real_build = brief_module.build_brief
    monkeypatch.setattr(brief_module, "build_brief", lambda docs, n, **kw: built.append(1) or real_build(docs, n, **kw))
    first = stored_briefs.brief_of(store, documents, nlp)
    again = stored_briefs.brief_of(store, documents, nlp)
    assert built == [1] and again == first  # read back whole: claims, evidence, quotes, summary, chains
    assert [d.document.id for d in again.documents] == [d.document.id for d in documents]
    monkeypatch.setattr(stored_briefs, "source_hash", lambda: "other-code")
    stored_briefs.brief_of(store, documents, nlp)
    assert built == [1, 1]  # a brief made by other code is made again, never shown
    key = stored_briefs.brief_key([d.document.id for d in documents])
    store.save_brief(key, stored_briefs.code_version(meta_id(nlp.meta)), '{"event": "not a brief"}')
    assert stored_briefs.brief_of(store, documents, nlp) == first and built == [1, 1, 1]  # unreadable: made again
    store.close()


@settings(max_examples=3, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(analyzed=analyzed_documents())
def test_store_revision_moves_with_documents_and_stories(open_store: StoreOpener, analyzed: AnalyzedDocument) -> None:
    store = open_store(next(NAMES))
    before = store.revision()
    assert store.add_document(analyzed)
    after_add = store.revision()
    assert after_add != before
    assert not store.add_document(analyzed) and store.revision() == after_add  # a duplicate changes nothing
    store.save_stories([Story("s1", (analyzed.document.id,), None, None, None)], {})
    assert store.revision() not in (before, after_add)
    store.close()


def test_store_sqlite_syncs_its_log_at_checkpoints_not_every_commit(tmp_path: Path) -> None:
    from crossread.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "store.sqlite")
    try:
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL (FULL, the default, is 2)
    finally:
        store.close()


@pytest.mark.parametrize(
    "item",
    [
        Sentence("d1", 0, 0, 19, "A made-up headline.", is_heading=True),
        Mention("d1", 2, 7, "Alice", "PERSON", 0),
        DateMention("d1", 10, 18, "March 3", "2020-03-03", ("explicit date", "in the text"), ("2020",)),
        Quote("d1", 20, 40, "We will build it.", "direct", speaker_text="Alice", cue="said"),
        Amount("d1", 41, 47, "5 cats", 5.0, counts="cats"),
    ],
)
def test_store_row_values_are_to_rows_values_in_column_order(item: Any) -> None:
    from crossread.store.base import row_values, to_row

    columns, values = row_values(type(item))
    row = to_row(item)
    assert columns == tuple(row)
    assert values(item) == tuple(row.values())


def test_store_sqlite_child_rows_read_back_as_written(tmp_path: Path) -> None:
    from crossread.store.sqlite import SQLiteStore

    document = Document(id="d1", source_path="made-up.txt", text="Alice said on March 3 that 5 cats came.", kind="text")
    analyzed = AnalyzedDocument(
        document=document,
        sentences=(Sentence("d1", 0, 0, 39, document.text, is_heading=True),),
        mentions=(Mention("d1", 0, 5, "Alice", "PERSON", 0),),
        dates=(DateMention("d1", 14, 21, "March 3", "2020-03-03", ("explicit date",), ("2020", "2021")),),
        amounts=(Amount("d1", 27, 33, "5 cats", 5.0, counts="cats"),),
        date_evidence=("document date from metadata: 2020-03-04",),
    )
    store = SQLiteStore(tmp_path / "rows.sqlite")
    assert store.add_document(analyzed)
    assert store.get_document("d1") == analyzed
    assert tuple(store._db.execute("SELECT typeof(is_heading), is_heading FROM sentences").fetchone()) == ("integer", 1)
    store.close()
