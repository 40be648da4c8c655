"""The pipeline end to end on the bundled example and on hostile batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from crossread.model import AnalyzedDocument, RawDocument
from crossread.pipeline import TAPER_PARTITIONS, for_clustering, ingest, partition_tasks, tapered, update_stories
from crossread.store.sqlite import SQLiteStore


def test_pipeline_ingests_the_example_then_skips_it_as_duplicate(tmp_path: Path, nlp: Language, example_dir: Path) -> None:
    store = SQLiteStore(tmp_path / "db.sqlite")
    first = ingest([example_dir], store, nlp)
    assert len(first.ingested) == 2 and not first.failures
    second = ingest([example_dir], store, nlp)
    assert second.ingested == [] and len(second.duplicates) == 2
    docs = store.list_documents()
    assert {d.language for d in docs} == {"en"}
    assert all(d.sentences > 10 for d in docs)


def test_pipeline_reports_bad_files_and_keeps_the_rest(tmp_path: Path, nlp: Language, example_dir: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for source in example_dir.iterdir():
        (batch / source.name).write_bytes(source.read_bytes())
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (batch / "broken.jsonl").write_text(
        '{"text": "A fine article about the weather in Minsk today, with rain."}\n{oops\n', "utf-8"
    )
    (batch / "notes.pdf").write_bytes(b"%PDF-1.4")
    store = SQLiteStore(tmp_path / "db.sqlite")
    report = ingest([batch, tmp_path / "missing.txt", str(batch / "notes.pdf")], store, nlp)
    reasons = {Path(f.source_path.split(":")[0]).name: f.reason for f in report.failures}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "malformed JSON" in reasons["broken.jsonl"]
    assert "unsupported file type" in reasons["notes.pdf"]
    assert "no such file" in reasons["missing.txt"]
    assert len(report.ingested) == 3


def test_pipeline_reports_the_story_phase(tmp_path: Path, nlp: Language, example_dir: Path) -> None:
    events: list[tuple[str, str]] = []
    report = ingest([example_dir], SQLiteStore(tmp_path / "db.sqlite"), nlp, progress=lambda e, d: events.append((e, d)))
    story_events = [(e, d) for e, d in events if e in ("clustering", "clustered", "stories")]
    assert story_events == [("clustering", "2"), ("clustered", "2"), ("stories", "1")]
    assert [e for e, _d in events].index("clustering") > max(i for i, (e, _d) in enumerate(events) if e == "ingested")
    assert (report.clustered, report.stories) == (2, 1)


def test_pipeline_reclusters_when_the_saved_state_is_from_another_version(
    tmp_path: Path, nlp: Language, example_dir: Path
) -> None:
    from crossread.stages.cluster import STATE_VERSION

    store = SQLiteStore(tmp_path / "db.sqlite")
    ingest([example_dir], store, nlp)
    assert store.load_cluster_state() is not None
    older = {"cluster_meta": ([("version", str(STATE_VERSION - 1))], [])}
    store.save_stories([], older)  # as an older crossread left it
    assert update_stories(store) == 1  # no error: the whole library is clustered again, into fresh stories
    clustered = [d for s in store.list_stories() for d in s.doc_ids]
    assert sorted(clustered) == sorted(d.id for d in store.list_documents())
    assert ("version", str(STATE_VERSION)) in (store.load_cluster_state() or {})["cluster_meta"]


def _raws(lengths: list[int]) -> list[RawDocument]:
    sentence = "The council met on Tuesday and agreed to repair the old bridge. "
    return [RawDocument(f"note-{i}.txt", (sentence * n)[: max(1, n)], "text") for i, n in enumerate(lengths)]


def test_pipeline_partitions_keep_input_order_and_taper_at_the_end() -> None:
    raws = _raws([200] * 100)
    tasks = list(partition_tasks(iter(raws), None, None, size=8, batch_size=8))
    assert [raw for task in tasks for raw in task.raws] == raws
    sizes = [len(task.raws) for task in tasks]
    # Full partitions while the driver holds TAPER_PARTITIONS + 1 partitions ahead; at the end, what it holds
    # (36 documents) goes out in pieces of at most half the characters left, down to single documents.
    assert TAPER_PARTITIONS == 4
    assert sizes == [8] * 8 + [8, 8, 8, 6, 3, 1, 1, 1]


@pytest.mark.parametrize(
    ("lengths", "pieces"),
    [
        ([100] * 6, [3, 1, 1, 1]),  # at most half the characters left
        ([100, 100, 5000, 100, 100], [2, 1, 1, 1]),  # a long text goes alone
        ([100] * 40, [8, 8, 8, 8, 4, 2, 1, 1]),  # never more than size documents
        ([300], [1]),
        ([], []),
    ],
)
def test_pipeline_tapered_pieces_shrink_by_characters(lengths: list[int], pieces: list[int]) -> None:
    raws = _raws(lengths)
    cut = list(tapered(raws, 8))
    assert [len(piece) for piece in cut] == pieces
    assert [raw for piece in cut for raw in piece] == raws


class CountingReads(SQLiteStore):
    """A SQLite store that counts the documents read back one by one."""

    reads = 0

    def get_document(self, doc_id: str) -> AnalyzedDocument | None:
        self.reads += 1
        return super().get_document(doc_id)


def test_pipeline_clusters_this_runs_documents_without_reading_them_back(tmp_path: Path, nlp: Language) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in {
        "a.txt": "The council of Northvale voted on Monday to repair the old river bridge before winter.",
        "b.txt": "Northvale's council agreed on Monday that the old river bridge will be repaired before winter.",
        "c.txt": "A bakery in Southport won a regional prize for its rye bread, the judges said on Friday.",
    }.items():
        (folder / name).write_text(text, "utf-8")
    store = CountingReads(tmp_path / "db.sqlite")
    report = ingest([folder], store, nlp)
    assert len(report.ingested) == 3 and report.stories is not None
    assert store.reads == 0 and report.at_hand == {}  # the copies in memory are let go once clustered
    # The same stories as clustering documents read back from the store.
    again = SQLiteStore(tmp_path / "again.sqlite")
    for analyzed in store.iter_documents():
        again.add_document(analyzed)
    update_stories(again, report.ingested_ids)
    assert again.list_stories() == store.list_stories()


def test_pipeline_keeps_only_what_the_clusterer_reads_at_hand(tmp_path: Path, nlp: Language) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    texts = {
        "a.txt": "Mayor Ada Quill of Northvale said on March 3, 2021 that the 40 bridges will be repaired.",
        "b.txt": "Northvale's mayor, Ada Quill, said on March 3, 2021 that the city will repair 40 bridges.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
    store = SQLiteStore(tmp_path / "db.sqlite")
    report = ingest([folder], store, nlp, cluster=False)
    kept = list(report.at_hand.values())
    stored = [store.get_document(analyzed.document.id) for analyzed in kept]
    assert len(kept) == 2 and all(analyzed.parse == b"" and not analyzed.sentences for analyzed in kept)
    for analyzed, whole in zip(kept, stored, strict=True):
        assert whole is not None and whole.parse and whole.sentences
        assert (analyzed.document, analyzed.mentions, analyzed.dates, analyzed.date_evidence) == (
            whole.document,
            whole.mentions,
            whole.dates,
            whole.date_evidence,
        )
        assert for_clustering(whole) == analyzed
