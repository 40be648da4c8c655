"""Runs the per-document stages in order: sources -> extract -> analyze -> store.

This is the per-document error boundary: whatever goes wrong with one input
(unreadable, binary, empty, malformed, no article text, a crash in a stage) is
recorded as an ``IngestFailure`` naming the input and the reason, and the batch
goes on. Documents already in the store are skipped before any work, which is
what makes re-ingest a no-op and an interrupted ingest resumable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from crossread.errors import CrossreadError
from crossread.model import AnalyzedDocument, Document, IngestFailure, RawDocument, SourceFailure, Story
from crossread.stages.analyze import PIPE_BATCH_SIZE, analyze, analyze_many
from crossread.stages.extract import SiteLineStats, collect_line_stats, extract
from crossread.stages.sources import read_sources
from crossread.store.base import Store

ProgressCallback = Callable[[str, str], None]
# Documents handed to the story clusterer at a time: bounds memory on large ingests.
CLUSTER_BATCH_SIZE = 1000


@dataclass(slots=True)
class IngestReport:
    """What an ingest did, for the summary line and the exit code."""

    ingested: list[str] = field(default_factory=list)
    ingested_ids: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"{len(self.ingested)} ingested, {len(self.duplicates)} skipped as duplicate, {len(self.failures)} failed"


def count_inputs(paths: Sequence[str | Path]) -> tuple[int, SiteLineStats]:
    """First pass: how many items the inputs hold, and line statistics for debris removal."""
    raws: list[RawDocument] = []
    total = 0
    for item in read_sources(paths):
        total += 1
        if isinstance(item, RawDocument) and item.kind == "text":
            raws.append(item)
    return total, collect_line_stats(raws)


def extract_all(
    items: Iterable[RawDocument | SourceFailure],
    store: Store,
    stats: SiteLineStats | None,
    report: IngestReport,
    progress: ProgressCallback,
) -> Iterator[Document]:
    """Extracted documents not yet stored; failures and duplicates go to the report."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, SourceFailure):
            report.failures.append(IngestFailure(item.source_path, "read", item.reason))
            progress("failed", item.source_path)
            continue
        doc_id = item.id
        if doc_id in seen or store.has_document(doc_id):
            report.duplicates.append(item.source_path)
            progress("duplicate", item.source_path)
            continue
        seen.add(doc_id)
        try:
            yield extract(item, stats)
        except CrossreadError as exc:
            report.failures.append(IngestFailure(item.source_path, "extract", getattr(exc, "reason", str(exc))))
            progress("failed", item.source_path)
        except Exception as exc:
            report.failures.append(IngestFailure(item.source_path, "extract", f"unexpected {type(exc).__name__}: {exc}"))
            progress("failed", item.source_path)


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analyze_all(
    documents: Iterable[Document], nlp: Language, report: IngestReport, batch_size: int
) -> Iterator[AnalyzedDocument]:
    """Analyze in batches; when a batch fails, retry its documents one by one to isolate the bad one."""
    for chunk in _chunks(documents, batch_size):
        try:
            yield from list(analyze_many(chunk, nlp, batch_size=batch_size))
            continue
        except Exception:
            pass
        for document in chunk:
            try:
                yield analyze(document, nlp)
            except Exception as exc:
                report.failures.append(IngestFailure(document.source_path, "analyze", f"{type(exc).__name__}: {exc}"))


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    nlp: Language,
    *,
    batch_size: int = PIPE_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    stats: SiteLineStats | None = None,
    cluster: bool = True,
) -> IngestReport:
    """Read, extract, analyze and store every article in ``paths``."""
    report = IngestReport()
    notify = progress or (lambda _event, _path: None)
    if stats is None:
        _total, stats = count_inputs(paths)
    documents = extract_all(read_sources(paths), store, stats, report, notify)
    for analyzed in analyze_all(documents, nlp, report, batch_size):
        path = analyzed.document.source_path
        if store.add_document(analyzed):
            report.ingested.append(path)
            report.ingested_ids.append(analyzed.document.id)
            notify("ingested", path)
        else:
            report.duplicates.append(path)
            notify("duplicate", path)
    for failure in report.failures:
        store.record_failure(failure)
    if cluster and report.ingested_ids:
        update_stories(store, report.ingested_ids)
    return report


def update_stories(store: Store, doc_ids: Sequence[str], batch_size: int = CLUSTER_BATCH_SIZE) -> int:
    """Add newly stored documents to the stories incrementally; returns the number of stories."""
    from crossread.stages.cluster import ClusterState, StoryClusterer

    saved = store.load_cluster_state()
    clusterer = StoryClusterer(ClusterState.from_dict(saved) if saved else None)
    for start in range(0, len(doc_ids), batch_size):
        batch = [store.get_document(doc_id) for doc_id in doc_ids[start : start + batch_size]]
        clusterer.add([analyzed for analyzed in batch if analyzed is not None])
    stories = [Story(s.id, s.doc_ids, s.start, s.end, s.title) for s in clusterer.stories()]
    store.save_stories(stories, clusterer.state.to_dict())
    return len(stories)
