"""The story clusterer's state in the store's tables (issue 15): resumed from the store, the clusterer
is the clusterer that never stopped, and a save writes only what changed.

Runs on every back end of the Store contract (the fixtures of tests/test_store.py: SQLite, and
PostgreSQL when ``CROSSREAD_TEST_POSTGRES_URL`` is set). The corpus is a slice of giveme5w1h's
news_cluster (real articles over several months: stories are archived and thawed), NER only.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from conftest import shared_data
from crossread.errors import StoreError
from crossread.evaluation.clustering import giveme_documents, in_batches, ner_only
from crossread.model import AnalyzedDocument, Story
from crossread.pipeline import update_stories
from crossread.stages import cluster
from crossread.stages.cluster import STATE_VERSION, ClusterState, StateChanges, StoryClusterer
from crossread.store.base import CLUSTER_TABLES, SAVED_TABLES, Store
from crossread.store.sqlite import MIGRATIONS, SQLiteStore
from test_store import open_store, store  # noqa: F401  (fixtures: every back end)

# Every SLICE_STEP-th article of giveme5w1h by date: 128 articles from January to November 2017.
SLICE_STEP = 3
BATCHES = 6
SRC = Path(__file__).resolve().parents[1] / "src"
Opener = Callable[[str], Store]


@pytest.fixture(scope="module")
def corpus(nlp: Language) -> list[AnalyzedDocument]:
    documents, _gold = giveme_documents(shared_data("giveme5w1h") / "news_cluster")
    ordered = sorted(documents, key=lambda d: (d.published or "9999", d.id))
    return ner_only(ordered[::SLICE_STEP], nlp)


def _undated(analyzed: Sequence[AnalyzedDocument]) -> list[AnalyzedDocument]:
    return [dataclasses.replace(a, document=dataclasses.replace(a.document, published=None)) for a in analyzed]


# Caps of the bounded parts of the state, lowered so that a small corpus reaches them: the order
# of the rows (which recent documents, signatures and undated stories go first) is then tested.
SMALL_CAPS = {
    "MAX_RECENT_DOCUMENTS": 12,
    "MAX_RECENT_UNDATED": 5,
    "MAX_UNDATED_SIGNATURES": 7,
    "MAX_HOT_UNDATED_STORIES": 4,
}


def _variant(name: str, corpus: list[AnalyzedDocument], monkeypatch: pytest.MonkeyPatch) -> list[AnalyzedDocument]:
    """``dated``: the slice in date order; else a quarter of it held back and sent last, half of that
    without its date (late and undated reports reach archived stories); ``small caps``: that, with
    the caps of SMALL_CAPS."""
    if name == "dated":
        return corpus
    if name == "small caps":
        for constant, value in SMALL_CAPS.items():
            monkeypatch.setattr(cluster, constant, value)
    return [a for n, a in enumerate(corpus) if n % 4] + corpus[::8] + _undated(corpus[4::8])


def _save(target: Store, clusterer: StoryClusterer) -> StateChanges:
    """What update_stories does after a batch: the changed rows, in one transaction."""
    changes = clusterer.state.changes()
    stories = clusterer.stories(changes.stories)
    target.save_stories(stories, changes.tables, gone=changes.gone, replace=changes.replace, expect=changes.expect)
    clusterer.state.saved(changes)
    return changes


def _loaded(source: Store) -> ClusterState:
    rows = source.load_cluster_state()
    assert rows is not None
    return ClusterState.from_rows(rows)


def _assert_same_state(loaded: ClusterState, memory: ClusterState) -> None:
    """Equal, and every dict whose order the clusterer reads in the same order."""
    assert loaded.to_dict() == memory.to_dict()
    assert list(loaded.stories) == list(memory.stories) and loaded.stories == memory.stories
    assert list(loaded.archived) == list(memory.archived) and loaded.archived == memory.archived
    assert list(loaded.signatures) == list(memory.signatures)
    assert list(loaded.recent) == list(memory.recent) and loaded.recent == memory.recent
    assert loaded.postings == memory.postings and loaded.assignments == memory.assignments


@pytest.mark.parametrize("variant", ["dated", "late and undated", "small caps"])
def test_cluster_state_store_resumed_batches_equal_one_clusterer_that_never_stopped(
    store: Store,  # noqa: F811
    corpus: list[AnalyzedDocument],
    variant: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Batches clustered with a save and a load between each give the same stories and the same state."""
    documents = _variant(variant, corpus, monkeypatch)
    memory = StoryClusterer()
    thawed = 0
    for batch in in_batches(documents, BATCHES) if variant == "dated" else _chunks(documents, BATCHES):
        for analyzed in batch:
            store.add_document(analyzed)
        saved = store.load_cluster_state()
        resumed = StoryClusterer(ClusterState.from_rows(saved) if saved else None)
        assert resumed.add(batch) == memory.add(batch)
        _save(store, resumed)
        _assert_same_state(_loaded(store), memory.state)
        assert store.list_stories() == _newest_first(memory.stories())
        thawed = memory.state.counters["stories_thawed"]
    assert memory.state.archived  # the corpus spans months: stories were archived ...
    assert thawed or variant == "dated"  # ... and late or undated reports thawed some


def _chunks(documents: Sequence[AnalyzedDocument], count: int) -> list[Sequence[AnalyzedDocument]]:
    size = -(-len(documents) // count)
    return [documents[i : i + size] for i in range(0, len(documents), size)]


def _newest_first(stories: Sequence[Story]) -> list[Story]:
    """As ``Store.list_stories`` lists them: newest first, undated last, then by id; members by id."""
    ordered = sorted((dataclasses.replace(s, doc_ids=tuple(sorted(s.doc_ids))) for s in stories), key=lambda s: s.id)
    ordered.sort(key=lambda s: s.start or "", reverse=True)  # stable: ties keep the id order
    ordered.sort(key=lambda s: s.start is None)
    return ordered


def test_cluster_state_store_keeps_every_clustered_documents_signature(
    store: Store,  # noqa: F811
    corpus: list[AnalyzedDocument],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every clustered document's signature is stored (``load_signatures``: what a brief reads instead of
    hashing the text again), also those the clusterer no longer keeps, whatever the batches."""
    monkeypatch.setattr(cluster, "MAX_UNDATED_SIGNATURES", 3)
    documents = corpus[:20] + _undated(corpus[20:30])
    for batch in in_batches(documents, 3):
        for analyzed in batch:
            store.add_document(analyzed)
        update_stories(store, [a.document.id for a in batch], batch_size=len(batch))
    kept = store.load_cluster_state()
    assert kept is not None and len(kept["cluster_signatures"]) < len(documents)  # the clusterer forgot some
    stored = store.load_signatures([a.document.id for a in documents])
    assert stored == {a.document.id: cluster._pack(cluster._minhash(a.document.text)) for a in documents}


def test_cluster_state_store_pipeline_resumes_from_the_tables(
    store: Store,  # noqa: F811
    corpus: list[AnalyzedDocument],
) -> None:
    """``update_stories`` per batch (load, cluster, save the changes) ends where one clusterer does."""
    memory = StoryClusterer()
    for batch in in_batches(corpus, BATCHES):
        for analyzed in batch:
            store.add_document(analyzed)
        update_stories(store, [a.document.id for a in batch], batch_size=len(batch))
        memory.add(batch)
    _assert_same_state(_loaded(store), memory.state)
    assert store.list_stories() == _newest_first(memory.stories())


def test_cluster_state_store_a_merge_is_saved_with_its_alias(
    store: Store,  # noqa: F811
    corpus: list[AnalyzedDocument],
) -> None:
    """Merges (rare on this slice: none in its runs above) delete the absorbed story and keep an alias."""
    memory = StoryClusterer()
    for analyzed in corpus[:12]:
        store.add_document(analyzed)
    memory.add(corpus[:12])
    _save(store, memory)
    first, second, *_rest = [*memory.state.stories, *memory.state.archived]
    memory._story(first), memory._story(second)  # thawed, as a merge finds them
    kept = memory._merge(first, second)
    changes = _save(store, memory)
    assert changes.gone == [first if kept == second else second] and changes.stories == [kept]
    assert changes.tables["cluster_aliases"][0] == [(changes.gone[0], kept)]
    loaded = _loaded(store)
    _assert_same_state(loaded, memory.state)
    assert loaded.aliases == {changes.gone[0]: kept}
    assert store.list_stories() == _newest_first(memory.stories())


# --------------------------------------------------------------------------- a save writes what changed


class _Counting:
    """A Store whose ``save_stories`` counts the rows it is given."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.saves: list[dict[str, int]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def save_stories(self, stories: Sequence[Story], state: Any, **options: Any) -> None:
        counts = {table: len(rows) + len(deleted) for table, (rows, deleted) in state.items()}
        self.saves.append({"stories": len(stories) + len(options.get("gone", ())), **counts})
        self.inner.save_stories(stories, state, **options)


def test_cluster_state_store_a_save_writes_the_rows_a_batch_changed(
    store: Store,  # noqa: F811
    corpus: list[AnalyzedDocument],
) -> None:
    """One more document in a library of many stories rewrites a few stories, not all of them."""
    library, last = corpus[:-1], corpus[-1]
    counting = _Counting(store)
    for analyzed in library:
        store.add_document(analyzed)
    update_stories(counting, [a.document.id for a in library], batch_size=len(library))  # type: ignore[arg-type]
    first = counting.saves[-1]
    stories = len(store.list_stories())
    assert first["stories"] == first["cluster_stories"] == stories > 40  # a fresh state is written whole
    assert first["cluster_terms"] > 5000
    store.add_document(last)
    update_stories(counting, [last.document.id])  # type: ignore[arg-type]
    one = counting.saves[-1]
    print(f"rows written: library of {len(library)} documents {first}; one more document {one}")
    assert one["stories"] <= cluster.MAX_CANDIDATES < stories / 2  # its story, and the stories near it
    assert one["cluster_stories"] <= cluster.MAX_CANDIDATES
    assert one["cluster_terms"] <= len(cluster.features(last).terms) + len(cluster.features(last).entities)
    assert one["cluster_postings"] <= cluster.QUERY_TERMS + cluster.QUERY_ENTITIES
    assert one["cluster_signatures"] <= 1 + first["cluster_signatures"] // 4  # its own, and those that left the window
    assert one["cluster_meta"] == first["cluster_meta"] == 5  # version, documents, counters, next_seq, saves
    memory = StoryClusterer()
    memory.add(library)
    memory.add([last])
    _assert_same_state(_loaded(store), memory.state)


def test_cluster_state_store_sqlite_writes_only_the_rows_given(tmp_path: Path, corpus: list[AnalyzedDocument]) -> None:
    """The SQLite store's own count of rows changed by the second save (not a rewrite of the library)."""
    library = SQLiteStore(tmp_path / "db.sqlite")
    for analyzed in corpus[:-1]:
        library.add_document(analyzed)
    update_stories(library, [a.document.id for a in corpus[:-1]], batch_size=len(corpus))
    rows = sum(library._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*CLUSTER_TABLES, "stories"))
    library.add_document(corpus[-1])
    before = library._db.total_changes
    update_stories(library, [corpus[-1].document.id])
    written = library._db.total_changes - before
    assert 0 < written < rows / 10
    library.close()


# --------------------------------------------------------------------------- the contract of the tables


def _meta(version: int) -> dict[str, Any]:
    return {"cluster_meta": ([("version", json.dumps(version)), ("documents", "0"), ("counters", "{}"), ("next_seq", "0")], [])}


def test_cluster_state_store_ordered_tables_come_back_in_seq_order_and_none_keeps_the_seq(store: Store) -> None:  # noqa: F811
    assert store.load_cluster_state() is None
    rows = [("b", 2, b"\x00two"), ("a", 3, b"three"), ("c", 1, b"one")]
    store.save_stories([], {**_meta(1), "cluster_recent": (rows, [])})
    assert store.load_cluster_state()["cluster_recent"] == [("c", 1, b"one"), ("b", 2, b"\x00two"), ("a", 3, b"three")]  # type: ignore[index]
    store.save_stories([], {"cluster_recent": ([("c", None, b"ONE"), ("d", 0, b"zero")], [("a",)])})
    loaded = store.load_cluster_state()
    assert loaded is not None
    assert loaded["cluster_recent"] == [("d", 0, b"zero"), ("c", 1, b"ONE"), ("b", 2, b"\x00two")]
    store.save_stories([], {"cluster_postings": ([("w:minsk", "2890", '["s1"]'), ("w:minsk", "u", '["s2"]')], [])})
    store.save_stories([], {"cluster_postings": ([("w:minsk", "u", '["s2", "s3"]')], [("w:minsk", "2890")])})
    assert store.load_cluster_state()["cluster_postings"] == [("w:minsk", "u", '["s2", "s3"]')]  # type: ignore[index]


def test_cluster_state_store_stories_are_written_and_deleted_one_by_one(store: Store) -> None:  # noqa: F811
    for doc_id in ("d1", "d2", "d3"):
        store.add_document(_document(doc_id))
    s1, s2 = Story("s1", ("d1",), None, None, "one"), Story("s2", ("d2",), "2020-09-01", "2020-09-01", "two")
    store.save_stories([s1, s2], _meta(1), replace=True)
    grown = Story("s1", ("d1", "d3"), None, None, "one, grown")
    store.save_stories([grown], {}, gone=["s2"])
    assert store.list_stories() == [grown]
    assert store.load_cluster_state()["story_documents"] == [("s1", "d1"), ("s1", "d3")]  # type: ignore[index]
    store.save_stories([s2], _meta(2), replace=True)  # a fresh clusterer's first save: nothing else is kept
    assert store.list_stories() == [s2]
    assert store.load_cluster_state()["cluster_meta"][-1] == ("version", "2")  # type: ignore[index]


def test_cluster_state_store_a_failed_save_keeps_the_previous_one_whole(store: Store) -> None:  # noqa: F811
    store.add_document(_document("d1"))
    kept = Story("s1", ("d1",), None, None, "kept")
    store.save_stories([kept], {**_meta(1), "cluster_aliases": ([("old", "s1")], [])})
    before = store.load_cluster_state()
    for bad in (
        [Story("s2", ("d1",), None, None, "new"), Story("s2", ("d1",), None, None, "same id")],
        [Story("s2", ("d1",), None, None, "new"), Story("s3", ("not stored",), None, None, "no such document")],
    ):
        with pytest.raises(Exception):  # noqa: B017  (the contract: whatever the back end raises, nothing is written)
            store.save_stories(bad, {**_meta(2), "cluster_aliases": ([("other", "s2")], [("old",)])}, gone=["s1"])
        assert store.list_stories() == [kept]
        assert store.load_cluster_state() == before


def _document(doc_id: str) -> AnalyzedDocument:
    from test_store import small_document

    return small_document(doc_id, source_path=f"{doc_id}.txt")


def test_cluster_state_store_changes_apply_only_to_the_state_they_continue(
    open_store: Opener,  # noqa: F811
    corpus: list[AnalyzedDocument],
) -> None:
    """Two processes resume one saved state: the first save wins, the second is refused whole."""
    first, second = open_store("main"), open_store("main")
    for analyzed in corpus[:20]:
        first.add_document(analyzed)
    update_stories(first, [a.document.id for a in corpus[:20]])
    for analyzed in corpus[20:30]:
        first.add_document(analyzed)
    one, other = StoryClusterer(_loaded(first)), StoryClusterer(_loaded(second))
    one.add(corpus[20:25])
    other.add(corpus[25:30])
    _save(first, one)
    saved, stories = first.load_cluster_state(), first.list_stories()
    with pytest.raises(StoreError, match="another crossread process saved its stories meanwhile"):
        _save(second, other)
    assert second.load_cluster_state() == saved and second.list_stories() == stories
    update_stories(second)  # the next run clusters what the refused save held
    assert sorted(d for s in second.list_stories() for d in s.doc_ids) == sorted(a.document.id for a in corpus[:30])


# --------------------------------------------------------------------------- versions, migration, kills


def test_cluster_state_store_another_versions_state_is_clustered_again(
    store: Store,  # noqa: F811
    corpus: list[AnalyzedDocument],
) -> None:
    for analyzed in corpus[:30]:
        store.add_document(analyzed)
    update_stories(store, [a.document.id for a in corpus[:30]])
    store.save_stories([], _meta(STATE_VERSION - 1))  # as an older crossread left it
    assert update_stories(store) == len(store.list_stories()) > 0  # no error: every stored document clustered again
    assert sorted(d for s in store.list_stories() for d in s.doc_ids) == sorted(a.document.id for a in corpus[:30])
    assert _loaded(store).to_dict()["version"] == STATE_VERSION


def test_cluster_state_store_sqlite_migration_drops_the_blob_and_the_next_run_clusters_again(
    tmp_path: Path, corpus: list[AnalyzedDocument]
) -> None:
    db = tmp_path / "old.sqlite"
    old = SQLiteStore(db)
    for analyzed in corpus[:20]:
        old.add_document(analyzed)
    old.close()
    with sqlite3.connect(db) as raw:  # back to version 10, as that crossread left a clustered library
        raw.executescript(
            "DROP TABLE cluster_meta; DROP TABLE cluster_terms; DROP TABLE cluster_stories; DROP TABLE cluster_postings;"
            " DROP TABLE cluster_signatures; DROP TABLE cluster_aliases; DROP TABLE cluster_recent;"
            " DROP TABLE document_signatures;"
            " CREATE TABLE cluster_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);"
            " PRAGMA user_version = 10;"
        )
        raw.execute("INSERT INTO cluster_state (id, state) VALUES (1, ?)", (json.dumps({"version": 3, "stories": []}),))
        raw.execute("INSERT INTO stories (id, title) VALUES ('s-old', 'old')")
        raw.execute("INSERT INTO story_documents (story_id, doc_id) VALUES ('s-old', ?)", (corpus[0].document.id,))
    library = SQLiteStore(db)
    assert library.schema_version == len(MIGRATIONS) == 12
    assert library._db.execute("SELECT name FROM sqlite_master WHERE name = 'cluster_state'").fetchone() is None
    assert [s.id for s in library.list_stories()] == ["s-old"]  # listed until the next run
    assert update_stories(library) > 0
    assert "s-old" not in {s.id for s in library.list_stories()}
    assert sorted(d for s in library.list_stories() for d in s.doc_ids) == sorted(a.document.id for a in corpus[:20])
    library.close()


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from crossread.pipeline import update_stories
    from crossread.store.sqlite import SQLiteStore

    store = SQLiteStore(sys.argv[1])
    executemany = store._db.executemany
    calls = {"n": 0}

    class Dying:  # sqlite3.Connection's methods are read-only: wrap the connection
        def __init__(self, db):
            self._db = db
        def __getattr__(self, name):
            return getattr(self._db, name)
        def executemany(self, statement, rows):
            if statement.startswith("INSERT INTO cluster_"):
                calls["n"] += 1
                if calls["n"] >= int(sys.argv[2]):
                    os.kill(os.getpid(), signal.SIGKILL)
            return self._db.executemany(statement, rows)

    store._db = Dying(store._db)
    update_stories(store, sys.argv[3:])
    print("not killed", flush=True)
    """
)


@pytest.mark.parametrize("at", [1, 4])
def test_cluster_state_store_a_kill_during_a_save_leaves_the_previous_save(
    tmp_path: Path, corpus: list[AnalyzedDocument], at: int
) -> None:
    """kill -9 inside the save's transaction (after the stories, at the ``at``-th state table): the
    store opens with the stories and state of the save before, and the next run completes them."""
    db, first, second = tmp_path / "db.sqlite", corpus[:40], corpus[40:60]
    library = SQLiteStore(db)
    for analyzed in first:
        library.add_document(analyzed)
    update_stories(library, [a.document.id for a in first])
    before, stories = library.load_cluster_state(), library.list_stories()
    for analyzed in second:
        library.add_document(analyzed)
    library.close()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    child = subprocess.run(
        [sys.executable, "-c", KILLER, str(db), str(at), *(a.document.id for a in second)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    library = SQLiteStore(db)
    assert library.load_cluster_state() == before and library.list_stories() == stories
    assert library.unclustered_document_ids() == [a.document.id for a in second]
    update_stories(library)
    memory = StoryClusterer()
    memory.add(first)
    memory.add([library.get_document(a.document.id) for a in second])  # type: ignore[misc]
    _assert_same_state(_loaded(library), memory.state)
    library.close()


def test_cluster_state_store_rows_have_the_columns_of_their_tables(corpus: list[AnalyzedDocument]) -> None:
    clusterer = StoryClusterer()
    clusterer.add(corpus[:20])
    whole = clusterer.state.changes()
    clusterer.state.saved(whole)
    clusterer.add(corpus[20:30])
    for changes in (whole, clusterer.state.changes()):
        assert set(changes.tables) == set(SAVED_TABLES)
        for table, (rows, deleted) in changes.tables.items():
            keys, values = SAVED_TABLES[table]
            assert {len(row) for row in rows} <= {len(keys) + len(values)} and {len(key) for key in deleted} <= {len(keys)}
