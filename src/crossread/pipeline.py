"""Runs the per-document stages in order: sources -> extract -> analyze -> store.

Stages, as ``ingest`` runs them:

1. **read** (driver): every input becomes a ``RawDocument`` or a failure record;
   documents already in the store, or seen earlier in the run, are skipped
   before any work (ids are content hashes), which is what makes re-ingest a
   no-op and an interrupted ingest resumable.
2. **partition** (driver): the documents left are cut into partitions of
   ``batch_size``, in input order; each ``PartitionTask`` carries the debris
   statistics of its documents' sites (``stats_for_sites``), nothing else.
3. **extract + analyze** (engine): ``run_partition``, a pure module-level
   function, turns a partition into one ``AnalyzedDocument`` or
   ``IngestFailure`` per document. The engine decides where it runs: in this
   process (``LocalEngine``, the default), a process pool
   (``crossread.engines.local.PoolEngine``) or Dask
   (``crossread.engines.dask.DaskEngine``); results come back in input order,
   so every engine stores the same documents and builds the same stories.
4. **store** (driver): one transaction per document; failures are recorded.
5. **cluster** (driver): new documents join the stories incrementally.

This is the per-document error boundary: whatever goes wrong with one input
(unreadable, binary, empty, malformed, no article text, a crash in a stage) is
recorded as an ``IngestFailure`` naming the input and the reason, and the batch
goes on. If a whole partition is lost (a worker process died), each of its
documents is reported with stage ``engine``; none is stored, so the next run
retries them.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from spacy.language import Language

from crossread.errors import ConfigError, CrossreadError, StoreError
from crossread.model import AnalyzedDocument, Document, IngestFailure, RawDocument, SourceFailure, Story
from crossread.stages.analyze import PIPE_BATCH_SIZE, analyze, analyze_many, load_nlp
from crossread.stages.extract import (
    REPEAT_MIN_DOCUMENTS,
    REPEAT_PROSE_MIN_DOCUMENTS,
    SiteLineStats,
    collect_line_stats,
    extract,
    site_key,
)
from crossread.stages.sources import read_sources
from crossread.store.base import Store

ProgressCallback = Callable[[str, str], None]
# Documents handed to the story clusterer at a time: bounds memory on large ingests.
CLUSTER_BATCH_SIZE = 1000
# extract only asks whether a line occurs in at least this many documents of its
# site (``SiteLineStats.is_repeated``), so rarer lines can be left out of what is
# shipped to workers without changing any decision.
STATS_MIN_DOCUMENTS = min(REPEAT_MIN_DOCUMENTS, REPEAT_PROSE_MIN_DOCUMENTS)


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


# --------------------------------------------------------------------------- work units


@dataclass(frozen=True, slots=True)
class PartitionTask:
    """One partition of work: documents in input order, their sites' statistics, the model to use.

    Plain data, picklable: this is what an engine sends to a worker.
    """

    raws: tuple[RawDocument, ...]
    stats: SiteLineStats | None
    model: str | None
    batch_size: int = PIPE_BATCH_SIZE


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """One result per document of the task, in the same order, and which process made them."""

    results: tuple[AnalyzedDocument | IngestFailure, ...]
    worker_pid: int
    model_loads: int


class Engine(Protocol):
    """Where ``run_partition`` runs. Results come back in task order; ``close`` frees workers."""

    name: str

    def map_partitions(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]: ...

    def close(self) -> None: ...


# --------------------------------------------------------------------------- the per-document function


def extract_one(raw: RawDocument, stats: SiteLineStats | None) -> Document | IngestFailure:
    """extract, with the per-document error boundary."""
    try:
        return extract(raw, stats)
    except CrossreadError as exc:
        return IngestFailure(raw.source_path, "extract", getattr(exc, "reason", str(exc)))
    except Exception as exc:
        return IngestFailure(raw.source_path, "extract", f"unexpected {type(exc).__name__}: {exc}")


def analyze_documents(documents: Sequence[Document], nlp: Language, batch_size: int) -> list[AnalyzedDocument | IngestFailure]:
    """Analyze with one ``nlp.pipe`` over the batch; if it fails, retry one by one to isolate the bad document."""
    try:
        return list(analyze_many(documents, nlp, batch_size=batch_size))
    except Exception:
        pass
    results: list[AnalyzedDocument | IngestFailure] = []
    for document in documents:
        try:
            results.append(analyze(document, nlp))
        except Exception as exc:
            results.append(IngestFailure(document.source_path, "analyze", f"{type(exc).__name__}: {exc}"))
    return results


def process_documents(
    raws: Sequence[RawDocument], stats: SiteLineStats | None, nlp: Language, batch_size: int = PIPE_BATCH_SIZE
) -> list[AnalyzedDocument | IngestFailure]:
    """RawDocuments -> one AnalyzedDocument or IngestFailure each, in order (extract, then analyze in batches)."""
    extracted = [extract_one(raw, stats) for raw in raws]
    results: list[AnalyzedDocument | IngestFailure] = []
    for start in range(0, len(extracted), batch_size):
        chunk = extracted[start : start + batch_size]
        documents = [item for item in chunk if isinstance(item, Document)]
        analyzed = iter(analyze_documents(documents, nlp, batch_size))
        results.extend(next(analyzed) if isinstance(item, Document) else item for item in chunk)
    return results


def process_document(
    raw: RawDocument, site_stats: SiteLineStats | None, model: str | None = None
) -> AnalyzedDocument | IngestFailure:
    """One document, with this process's copy of ``model``: for ``dask.bag.map`` and the like (no batching)."""
    return process_documents([raw], site_stats, worker_nlp(model))[0]


_load_lock = threading.Lock()
_model_loads: Counter[str | None] = Counter()


@lru_cache(maxsize=4)
def _worker_nlp_cached(model: str | None) -> Language:
    _model_loads[model] += 1
    return load_nlp(model)


def worker_nlp(model: str | None) -> Language:
    """The spaCy pipeline ``model``, loaded once per process (a lock keeps threaded workers to one load)."""
    with _load_lock:
        return _worker_nlp_cached(model)


def model_loads() -> int:
    """How many times this process loaded a pipeline through ``worker_nlp`` (1 per model when healthy)."""
    return sum(_model_loads.values())


def run_partition(task: PartitionTask) -> PartitionResult:
    """The unit every engine runs: one partition, with the model of this worker process."""
    nlp = worker_nlp(task.model)
    results = process_documents(task.raws, task.stats, nlp, task.batch_size)
    return PartitionResult(tuple(results), os.getpid(), model_loads())


def failed_partition(task: PartitionTask, exc: BaseException) -> PartitionResult:
    """A partition whose worker died: each document is a failure (stored nowhere, so retried next run)."""
    reason = f"worker failed on this partition: {type(exc).__name__}: {exc}"
    return PartitionResult(tuple(IngestFailure(raw.source_path, "engine", reason) for raw in task.raws), 0, 0)


ENGINE_NAMES = ("local", "pool", "dask")


def open_engine(
    name: str,
    nlp: Language | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    model: str | None = None,
) -> Engine:
    """The engine called ``name``; the caller closes it.

    ``local``: this process, with ``nlp`` (loaded from ``model`` when None).
    ``pool``: ``workers`` processes (default: the usable CPUs). ``dask``: the
    cluster at ``scheduler``, else a LocalCluster of ``workers`` processes.
    Worker processes load ``model`` once each (None: crossread's default).
    """
    if name not in ENGINE_NAMES:
        raise ConfigError(f"unknown engine {name!r}; valid engines: {', '.join(ENGINE_NAMES)}")
    if scheduler and name != "dask":
        raise ConfigError(f"a scheduler address only applies to the dask engine, not {name!r}: add --engine dask")
    if workers is not None and workers < 0:
        raise ConfigError(f"workers must be 0 (all usable CPUs) or more, got {workers}")
    count = workers or None
    if name == "pool":
        from crossread.engines.local import PoolEngine

        return PoolEngine(count, model=model)
    if name == "dask":
        from crossread.engines.dask import DaskEngine

        return DaskEngine(scheduler, workers=count, model=model)
    return LocalEngine(nlp if nlp is not None else load_nlp(model))


class LocalEngine:
    """In this process, with the pipeline the caller loaded (the default engine)."""

    name = "local"

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def map_partitions(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        for task in tasks:
            yield PartitionResult(tuple(process_documents(task.raws, task.stats, self.nlp, task.batch_size)), os.getpid(), 0)

    def close(self) -> None:
        return None


# --------------------------------------------------------------------------- driver


def count_inputs(paths: Sequence[str | Path]) -> tuple[int, SiteLineStats]:
    """First pass: how many items the inputs hold, and line statistics for debris removal.

    Streams: only the line counts are kept, never the documents themselves.
    """
    total = 0

    def counted_texts() -> Iterator[RawDocument]:
        nonlocal total
        for item in read_sources(paths):
            total += 1
            if isinstance(item, RawDocument) and item.kind == "text":
                yield item

    stats = collect_line_stats(counted_texts())
    return total, stats


def stats_for_sites(stats: SiteLineStats | None, sites: Iterable[str]) -> SiteLineStats | None:
    """The statistics extract can consult for documents of ``sites``: lines seen in enough documents to matter."""
    if stats is None:
        return None
    wanted: dict[str, Counter[str]] = {}
    for site in sorted(set(sites)):
        counts = stats.documents_with_line.get(site)
        if counts:
            wanted[site] = Counter({line: n for line, n in counts.items() if n >= STATS_MIN_DOCUMENTS})
    return SiteLineStats(documents_with_line=wanted)


def new_documents(
    items: Iterable[RawDocument | SourceFailure], store: Store, report: IngestReport, progress: ProgressCallback
) -> Iterator[RawDocument]:
    """Documents not yet stored (nor seen earlier in this run); read failures and duplicates go to the report."""
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
        yield item


def partition_tasks(
    raws: Iterable[RawDocument], stats: SiteLineStats | None, model: str | None, size: int, batch_size: int
) -> Iterator[PartitionTask]:
    """Consecutive partitions of ``size`` documents, each with its sites' statistics."""
    chunk: list[RawDocument] = []
    for raw in raws:
        chunk.append(raw)
        if len(chunk) >= size:
            yield PartitionTask(tuple(chunk), stats_for_sites(stats, map(site_key, chunk)), model, batch_size)
            chunk = []
    if chunk:
        yield PartitionTask(tuple(chunk), stats_for_sites(stats, map(site_key, chunk)), model, batch_size)


def extract_all(
    items: Iterable[RawDocument | SourceFailure],
    store: Store,
    stats: SiteLineStats | None,
    report: IngestReport,
    progress: ProgressCallback,
) -> Iterator[Document]:
    """Extracted documents not yet stored; failures and duplicates go to the report (no analysis)."""
    for raw in new_documents(items, store, report, progress):
        extracted = extract_one(raw, stats)
        if isinstance(extracted, IngestFailure):
            report.failures.append(extracted)
            progress("failed", raw.source_path)
        else:
            yield extracted


def model_package(nlp: Language) -> str:
    """The package name a worker process loads to get the same pipeline as ``nlp``."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'core_web_sm')}"


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    nlp: Language | None,
    *,
    batch_size: int = PIPE_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    stats: SiteLineStats | None = None,
    cluster: bool = True,
    engine: Engine | None = None,
    model: str | None = None,
    partition_size: int | None = None,
) -> IngestReport:
    """Read, extract, analyze and store every article in ``paths``.

    ``engine`` runs extract + analyze (default: this process, with ``nlp``, or
    ``model`` loaded here when ``nlp`` is None); the caller closes an engine it
    passes. Workers of other engines load ``model`` (default: the package
    ``nlp`` came from, else crossread's default) once per process.
    ``partition_size`` documents go to a worker at a time (default:
    ``batch_size``).
    """
    report = IngestReport()
    notify = progress or (lambda _event, _path: None)
    if stats is None:
        _total, stats = count_inputs(paths)
    runner = engine or LocalEngine(nlp if nlp is not None else load_nlp(model))
    worker_model = model or (model_package(nlp) if nlp is not None else None)
    raws = new_documents(read_sources(paths), store, report, notify)
    tasks = partition_tasks(raws, stats, worker_model, partition_size or batch_size, batch_size)
    for result in runner.map_partitions(tasks):
        for item in result.results:
            store_result(item, store, report, notify)
    for failure in report.failures:
        store.record_failure(failure)
    if cluster and report.ingested_ids:
        update_stories(store, report.ingested_ids)
    return report


def store_result(item: AnalyzedDocument | IngestFailure, store: Store, report: IngestReport, notify: ProgressCallback) -> None:
    """Write one analyzed document (its own transaction), or note the failure."""
    if isinstance(item, IngestFailure):
        report.failures.append(item)
        notify("failed", item.source_path)
        return
    path = item.document.source_path
    try:
        stored = store.add_document(item)
    except StoreError as exc:  # one document the database rejects never stops the batch
        report.failures.append(IngestFailure(path, "store", str(exc)))
        notify("failed", path)
        return
    if stored:
        report.ingested.append(path)
        report.ingested_ids.append(item.document.id)
        notify("ingested", path)
    else:
        report.duplicates.append(path)
        notify("duplicate", path)


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
