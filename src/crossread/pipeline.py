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

import contextlib
import dataclasses
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

from crossread.config import DEFAULT_MAX_CHUNK_CHARS
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
from crossread.stages.sources import ReadLimits, read_sources
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
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """One result per document of the task, in the same order, and which process made them."""

    results: tuple[AnalyzedDocument | IngestFailure, ...]
    worker_pid: int
    model_loads: int


class Engine(Protocol):
    """Where ``run_partition`` runs; ``close`` frees workers.

    Results come back in task order (local, dask) or as they are ready (pool,
    whose results may also split a task when a document timed out); ``ingest``
    puts its report back in input order either way.
    """

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


def analyze_documents(
    documents: Sequence[Document], nlp: Language, batch_size: int, max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS
) -> list[AnalyzedDocument | IngestFailure]:
    """Analyze with one ``nlp.pipe`` over the batch; if it fails, retry one by one to isolate the bad document.

    Texts longer than ``max_chunk_chars`` (capped at ``nlp.max_length``) are analysed chunk by chunk.
    """
    limit = max(1, min(max_chunk_chars, nlp.max_length))
    if all(len(d.text) <= limit for d in documents):
        try:
            return list(analyze_many(documents, nlp, batch_size=batch_size))
        except Exception:  # isolate the document that made the batch fail
            pass
    results: list[AnalyzedDocument | IngestFailure] = []
    for document in documents:
        try:
            results.append(analyze(document, nlp) if len(document.text) <= limit else analyze_long(document, nlp, limit))
        except RecursionError:
            results.append(IngestFailure(document.source_path, "analyze", "text nested or repeated too deeply to analyse"))
        except Exception as exc:
            results.append(IngestFailure(document.source_path, "analyze", f"{type(exc).__name__}: {exc}"))
    return results


def text_chunks(text: str, max_chars: int) -> list[tuple[int, int]]:
    """``text`` cut into spans of at most ``max_chars``: at a paragraph break, else a sentence end, else a space."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = start + max_chars
        floor = start + max_chars // 2
        cut = text.rfind("\n\n", floor, end)
        if cut < 0:
            cut = max(text.rfind(". ", floor, end - 1), text.rfind("\n", floor, end))
            cut = cut + 1 if cut >= 0 else text.rfind(" ", floor, end)
        if cut <= start:
            cut = end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def analyze_long(document: Document, nlp: Language, max_chars: int) -> AnalyzedDocument:
    """A text longer than spaCy takes at once, analysed in chunks; offsets point into the whole text."""
    parts: list[AnalyzedDocument] = []
    spans = text_chunks(document.text, max_chars)
    chunks = [
        dataclasses.replace(
            document,
            text=document.text[start:end],
            headings=tuple((a - start, b - start) for a, b in document.headings if start <= a and b <= end),
        )
        for start, end in spans
    ]
    for (start, _end), chunk in zip(spans, chunks, strict=True):  # one parse alive at a time: memory stays that of one chunk
        parts.append(_shifted(analyze(chunk, nlp), start, sum(len(p.sentences) for p in parts)))
    evidence = list(dict.fromkeys(e for p in parts for e in p.date_evidence))
    return AnalyzedDocument(
        document=document,
        sentences=tuple(s for p in parts for s in p.sentences),
        mentions=tuple(m for p in parts for m in p.mentions),
        dates=tuple(d for p in parts for d in p.dates),
        quotes=tuple(q for p in parts for q in p.quotes),
        amounts=tuple(a for p in parts for a in p.amounts),
        date_evidence=tuple(evidence),
    )


def _shifted(part: AnalyzedDocument, offset: int, sentence_offset: int) -> AnalyzedDocument:
    """A chunk's analysis with character offsets moved by ``offset`` and sentence numbers by ``sentence_offset``."""

    def move(item: Any, **extra: Any) -> Any:
        return dataclasses.replace(item, start=item.start + offset, end=item.end + offset, **extra)

    def speaker(value: int | None) -> int | None:
        return None if value is None else value + offset

    return dataclasses.replace(
        part,
        sentences=tuple(move(s, index=s.index + sentence_offset) for s in part.sentences),
        mentions=tuple(move(m, sentence=m.sentence + sentence_offset) for m in part.mentions),
        dates=tuple(move(d) for d in part.dates),
        quotes=tuple(move(q, speaker_start=speaker(q.speaker_start), speaker_end=speaker(q.speaker_end)) for q in part.quotes),
        amounts=tuple(move(a) for a in part.amounts),
    )


def process_documents(
    raws: Sequence[RawDocument],
    stats: SiteLineStats | None,
    nlp: Language,
    batch_size: int = PIPE_BATCH_SIZE,
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS,
) -> list[AnalyzedDocument | IngestFailure]:
    """RawDocuments -> one AnalyzedDocument or IngestFailure each, in order (extract, then analyze in batches)."""
    results: dict[int, AnalyzedDocument | IngestFailure] = {}
    stream_partition(raws, stats, nlp, batch_size, max_chunk_chars, lambda index, item: results.__setitem__(index, item))
    return [results[i] for i in range(len(raws))]


def stream_partition(
    raws: Sequence[RawDocument],
    stats: SiteLineStats | None,
    nlp: Language,
    batch_size: int,
    max_chunk_chars: int,
    emit: Callable[[int, AnalyzedDocument | IngestFailure], None],
    working: Callable[[str, tuple[int, ...], int], None] | None = None,
) -> None:
    """Process a partition, calling ``emit(index, result)`` as each document is done.

    ``working(stage, indices, chunks)`` is called before each step with the
    documents it is about to handle and how many chunks of ``max_chunk_chars``
    their texts make (at least 1): what a supervising engine needs to tell which
    document took too long, with a budget that grows with the text.
    """
    busy = working or (lambda _stage, _indices, _chunks: None)
    extracted: list[Document | IngestFailure] = []
    for index, raw in enumerate(raws):
        busy("extract", (index,), 1)
        extracted.append(extract_one(raw, stats))
    for start in range(0, len(extracted), batch_size):
        indices = range(start, min(start + batch_size, len(extracted)))
        for index in indices:
            item = extracted[index]
            if isinstance(item, IngestFailure):
                emit(index, item)
        todo = [index for index in indices if isinstance(extracted[index], Document)]
        # Short texts in one nlp.pipe batch; each long text alone after them, so its results and
        # its time budget are its own and the batch's results are not held back by it.
        short = [index for index in todo if len(_text(extracted[index])) <= max_chunk_chars]
        steps = [short] if short else []
        steps += [[index] for index in todo if index not in set(short)]
        for step in steps:
            documents = [item for item in (extracted[index] for index in step) if isinstance(item, Document)]
            characters = sum(len(d.text) for d in documents)
            busy("analyze", tuple(step), max(1, -(-characters // max(1, max_chunk_chars))))
            for index, result in zip(step, analyze_documents(documents, nlp, batch_size, max_chunk_chars), strict=True):
                emit(index, result)


def _text(item: Document | IngestFailure) -> str:
    return item.text if isinstance(item, Document) else ""


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
    results = process_documents(task.raws, task.stats, nlp, task.batch_size, task.max_chunk_chars)
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
    time_budget: float | None = None,
) -> Engine:
    """The engine called ``name``; the caller closes it.

    ``local``: this process, with ``nlp`` (loaded from ``model`` when None).
    ``pool``: ``workers`` processes (default: the usable CPUs). ``dask``: the
    cluster at ``scheduler``, else a LocalCluster of ``workers`` processes.
    Worker processes load ``model`` once each (None: crossread's default).
    ``time_budget``: seconds a document may take in a pool worker before the
    worker is killed and replaced (default: the ``time_budget`` setting).
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

        return PoolEngine(count, model=model, time_budget=time_budget)
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
            results = process_documents(task.raws, task.stats, self.nlp, task.batch_size, task.max_chunk_chars)
            yield PartitionResult(tuple(results), os.getpid(), 0)

    def close(self) -> None:
        return None


# --------------------------------------------------------------------------- driver


def count_inputs(paths: Sequence[str | Path], limits: ReadLimits | None = None) -> tuple[int, SiteLineStats]:
    """First pass: how many items the inputs hold, and line statistics for debris removal.

    Streams: only the line counts are kept, never the documents themselves.
    """
    total = 0

    def counted_texts() -> Iterator[RawDocument]:
        nonlocal total
        for item in read_sources(paths, limits):
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


class _Bookkeeping:
    """The report of one ingest, and the store's failures table kept in step as things happen.

    Every failure is upserted when it happens (one row per input, so a killed
    run keeps what it found and a re-run does not append again); an input that
    failed before and is now stored or found to be a duplicate is cleared.
    Positions in the input remember the order the report is put back in.
    """

    def __init__(self, store: Store, report: IngestReport, notify: ProgressCallback) -> None:
        self.store, self.report, self.notify = store, report, notify
        self.position: dict[str, int] = {}
        try:
            self.failed_before = {f.source_path for f in store.list_failures()}
        except StoreError:
            self.failed_before = set()

    def seen(self, source_path: str) -> None:
        self.position.setdefault(source_path, len(self.position))

    def failed(self, failure: IngestFailure) -> None:
        self.seen(failure.source_path)
        self.report.failures.append(failure)
        self.notify("failed", failure.source_path)
        with contextlib.suppress(StoreError):  # the report still names it; the store may be full or read-only
            self.store.record_failure(failure)

    def succeeded(self, source_path: str) -> None:
        if source_path in self.failed_before:
            self.failed_before.discard(source_path)
            with contextlib.suppress(StoreError):
                self.store.clear_failure(source_path)

    def in_input_order(self) -> None:
        """Put the report back in input order (engines may return results as they are ready)."""
        where = self.position
        report = self.report
        pairs = sorted(zip(report.ingested, report.ingested_ids, strict=True), key=lambda pair: where.get(pair[0], 0))
        report.ingested = [path for path, _ in pairs]
        report.ingested_ids = [doc_id for _, doc_id in pairs]
        report.duplicates.sort(key=lambda path: where.get(path, 0))
        report.failures.sort(key=lambda failure: where.get(failure.source_path, 0))


def new_documents(
    items: Iterable[RawDocument | SourceFailure],
    store: Store,
    report: IngestReport,
    progress: ProgressCallback,
    books: _Bookkeeping | None = None,
) -> Iterator[RawDocument]:
    """Documents not yet stored (nor seen earlier in this run); read failures and duplicates go to the report."""
    ledger = books or _Bookkeeping(store, report, progress)
    seen: set[str] = set()
    for item in items:
        if isinstance(item, SourceFailure):
            ledger.failed(IngestFailure(item.source_path, "read", item.reason))
            continue
        ledger.seen(item.source_path)
        try:
            doc_id = item.id
            stored = doc_id in seen or store.has_document(doc_id)
        except Exception as exc:  # the boundary: an id that cannot be computed or looked up fails this input only
            ledger.failed(IngestFailure(item.source_path, "read", f"cannot identify the document: {type(exc).__name__}: {exc}"))
            continue
        if stored:
            report.duplicates.append(item.source_path)
            ledger.succeeded(item.source_path)
            progress("duplicate", item.source_path)
            continue
        seen.add(doc_id)
        yield item


def partition_tasks(
    raws: Iterable[RawDocument],
    stats: SiteLineStats | None,
    model: str | None,
    size: int,
    batch_size: int,
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS,
) -> Iterator[PartitionTask]:
    """Consecutive partitions of ``size`` documents, each with its sites' statistics."""
    chunk: list[RawDocument] = []
    for raw in raws:
        chunk.append(raw)
        if len(chunk) >= size:
            yield PartitionTask(tuple(chunk), stats_for_sites(stats, map(site_key, chunk)), model, batch_size, max_chunk_chars)
            chunk = []
    if chunk:
        yield PartitionTask(tuple(chunk), stats_for_sites(stats, map(site_key, chunk)), model, batch_size, max_chunk_chars)


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
    limits: ReadLimits | None = None,
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS,
) -> IngestReport:
    """Read, extract, analyze and store every article in ``paths``; then bring the stories up to date.

    ``engine`` runs extract + analyze (default: this process, with ``nlp``, or
    ``model`` loaded here when ``nlp`` is None); the caller closes an engine it
    passes. Workers of other engines load ``model`` (default: the package
    ``nlp`` came from, else crossread's default) once per process.
    ``partition_size`` documents go to a worker at a time (default:
    ``batch_size``). ``limits`` bound what is read (``ReadLimits``); texts
    longer than ``max_chunk_chars`` are analysed in chunks.

    Steps: 1. read (driver: failures recorded at once, stored ids skipped);
    2. partition; 3. extract + analyze (engine); 4. store, one transaction per
    document, each failure upserted as it happens; 5. cluster every stored
    document that is in no story yet, whichever run stored it.
    """
    report = IngestReport()
    notify = progress or (lambda _event, _path: None)
    books = _Bookkeeping(store, report, notify)
    if stats is None:
        _total, stats = count_inputs(paths, limits)
    runner = engine or LocalEngine(nlp if nlp is not None else load_nlp(model))
    worker_model = model or (model_package(nlp) if nlp is not None else None)
    # 1. read
    raws = new_documents(read_sources(paths, limits), store, report, notify, books)
    # 2. partition
    tasks = partition_tasks(raws, stats, worker_model, partition_size or batch_size, batch_size, max_chunk_chars)
    # 3. extract + analyze, 4. store
    for result in runner.map_partitions(tasks):
        for item in result.results:
            store_result(item, store, report, notify, books)
    books.in_input_order()
    # 5. cluster
    if cluster:
        update_stories(store, report.ingested_ids)
    return report


def store_result(
    item: AnalyzedDocument | IngestFailure,
    store: Store,
    report: IngestReport,
    notify: ProgressCallback,
    books: _Bookkeeping | None = None,
) -> None:
    """Write one analyzed document (its own transaction), or note the failure."""
    ledger = books or _Bookkeeping(store, report, notify)
    if isinstance(item, IngestFailure):
        ledger.failed(item)
        return
    path = item.document.source_path
    try:
        stored = store.add_document(item)
    except StoreError as exc:  # one document the database rejects never stops the batch
        ledger.failed(IngestFailure(path, "store", str(exc)))
        return
    except (ValueError, UnicodeError, OverflowError) as exc:  # a value the database driver cannot bind
        ledger.failed(IngestFailure(path, "store", f"cannot store the document: {type(exc).__name__}: {exc}"))
        return
    ledger.succeeded(path)
    if stored:
        report.ingested.append(path)
        report.ingested_ids.append(item.document.id)
        notify("ingested", path)
    else:
        report.duplicates.append(path)
        notify("duplicate", path)


def update_stories(store: Store, doc_ids: Sequence[str] = (), batch_size: int = CLUSTER_BATCH_SIZE) -> int:
    """Put every stored document that is in no story yet into the stories, incrementally; returns the number of stories.

    Whatever run stored them: documents left out by a run that was killed
    before or during clustering come first (oldest first), then ``doc_ids`` in
    the order given (this run's, in input order). Stories and the clusterer
    state are saved in one transaction, so a kill here leaves the previous
    stories and state, and the next run clusters the same documents again.
    """
    from crossread.stages.cluster import ClusterState, StoryClusterer

    waiting = store.unclustered_document_ids()
    if not waiting:
        return len(store.list_stories()) if doc_ids else 0
    pending = set(waiting)
    given = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id in pending]
    ordered = [doc_id for doc_id in waiting if doc_id not in set(given)] + given
    saved = store.load_cluster_state()
    clusterer = StoryClusterer(ClusterState.from_dict(saved) if saved else None)
    for start in range(0, len(ordered), batch_size):
        batch = [store.get_document(doc_id) for doc_id in ordered[start : start + batch_size]]
        clusterer.add([analyzed for analyzed in batch if analyzed is not None])
    stories = [Story(s.id, s.doc_ids, s.start, s.end, s.title) for s in clusterer.stories()]
    store.save_stories(stories, clusterer.state.to_dict())
    return len(stories)
