"""Runs the per-document stages in order: sources -> extract -> analyze -> store.

Stages, as ``ingest`` runs them:

1. **read** (driver): every input becomes a ``RawDocument`` or a failure record;
   documents already in the store, or seen earlier in the run, are skipped
   before any work (ids are content hashes), which is what makes re-ingest a
   no-op and an interrupted ingest resumable.
2. **partition** (driver): the documents left are cut into partitions of
   ``batch_size``, in input order, the last ones smaller and smaller (``tapered``);
   each ``PartitionTask`` carries the debris statistics of its documents' sites
   (``stats_for_sites``), nothing else.
3. **extract + analyze** (engine): ``run_partition``, a pure module-level
   function, turns a partition into one ``AnalyzedDocument`` or
   ``IngestFailure`` per document. The engine decides where it runs: in this
   process (``LocalEngine``, the default), a process pool
   (``crossread.engines.local.PoolEngine``) or Dask
   (``crossread.engines.dask.DaskEngine``); results come back in input order,
   so every engine stores the same documents and builds the same stories.
4. **store** (driver): one transaction per document; failures are recorded.
5. **cluster** (driver): new documents join the stories incrementally; the
   documents this run stored are taken from memory, not read back
   (``IngestReport.at_hand``, at most ``AT_HAND_DOCUMENTS``, each with only what the
   clusterer reads: ``for_clustering``).

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
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from crossread.config import DEFAULT_MAX_CHUNK_CHARS
from crossread.engines.work import Engine, LocalEngine, PartitionTask, extract_one
from crossread.errors import ConfigError, CrossreadError, StoreError
from crossread.model import AnalyzedDocument, Document, IngestFailure, RawDocument, SourceFailure
from crossread.stages.analyze import PIPE_BATCH_SIZE, load_nlp
from crossread.stages.extract import (
    REPEAT_MIN_DOCUMENTS,
    REPEAT_PROSE_MIN_DOCUMENTS,
    SiteLineStats,
    collect_line_stats,
    site_key,
)
from crossread.stages.sources import ReadLimits, read_sources
from crossread.store.base import Store
from crossread.threads import one_blas_thread

ProgressCallback = Callable[[str, str], None]
# Documents handed to the story clusterer at a time: bounds memory on large ingests.
CLUSTER_BATCH_SIZE = 1000
# This run's documents kept in memory for the clusterer (``for_clustering``: the document, its mentions and
# dates) instead of being read back from the store (``Store.documents_for_stories``: 0.15 ms a document in
# SQLite; ``get_document``, which read the sentences, quotes, amounts and parse too: 0.28 ms). Two batches'
# worth: 1,000 bench documents held 12.4 MiB so (tracemalloc), 28.8 MiB whole, so two thousand hold less
# than the thousand whole documents kept before.
AT_HAND_DOCUMENTS = 2 * CLUSTER_BATCH_SIZE
# Seconds of clustering between two saves of the stories: a user sees stories
# arrive while a large library is clustered, and a kill loses at most this much.
CLUSTER_SAVE_SECONDS = 20.0
# extract only asks whether a line occurs in at least this many documents of its
# site (``SiteLineStats.is_repeated``), so rarer lines can be left out of what is
# shipped to workers without changing any decision.
STATS_MIN_DOCUMENTS = min(REPEAT_MIN_DOCUMENTS, REPEAT_PROSE_MIN_DOCUMENTS)
# Partitions the driver reads ahead of the one it sends, so that it knows which are the
# last: those go out cut smaller and smaller (``tapered``) and the workers finish together.
# In the scale bench (1,000 documents, partitions of 32) a partition took 0.3-3.5 s of CPU,
# so a worker could sit idle for seconds while the other ran the last full one. Four
# partitions ahead hold enough work to even out what the workers already have in flight.
TAPER_PARTITIONS = 4


@dataclass(slots=True)
class IngestReport:
    """What an ingest did, for the summary line and the exit code."""

    ingested: list[str] = field(default_factory=list)
    ingested_ids: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)
    # The story phase: documents clustered by this run, stories in the library after it (None: not run).
    clustered: int = 0
    stories: int | None = None
    # This run's stored documents, the first AT_HAND_DOCUMENTS of them, kept until they are clustered:
    # the story phase then need not read them back from the store (a third of a second per 1,000
    # documents, while the workers sit idle). Each holds what the clusterer reads (``for_clustering``),
    # equal to what the store gives back, so the stories are the same.
    at_hand: dict[str, AnalyzedDocument] = field(default_factory=dict, repr=False)

    @property
    def summary(self) -> str:
        return f"{len(self.ingested)} ingested, {len(self.duplicates)} skipped as duplicate, {len(self.failures)} failed"


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
    """Consecutive partitions of ``size`` documents in input order, each with its sites' statistics.

    The last ``TAPER_PARTITIONS`` + 1 partitions' documents are cut smaller and smaller (``tapered``).
    """

    def task(chunk: Sequence[RawDocument]) -> PartitionTask:
        return PartitionTask(tuple(chunk), stats_for_sites(stats, map(site_key, chunk)), model, batch_size, max_chunk_chars)

    ahead: list[RawDocument] = []
    for raw in raws:
        ahead.append(raw)
        if len(ahead) >= size * (TAPER_PARTITIONS + 1):
            yield task(ahead[:size])
            del ahead[:size]
    for chunk in tapered(ahead, size):
        yield task(chunk)


def tapered(raws: Sequence[RawDocument], size: int) -> Iterator[Sequence[RawDocument]]:
    """The last documents of an input, in order, in pieces of at most ``size`` documents, each
    holding at most half the characters still left (one document at least): the pieces shrink
    to single documents, so whichever worker is free takes the next small one at the end."""
    sizes = [len(raw.content) for raw in raws]
    left = sum(sizes)
    start = 0
    while start < len(raws):
        end, characters = start + 1, sizes[start]
        while end < len(raws) and end - start < size and 2 * (characters + sizes[end]) <= left:
            characters += sizes[end]
            end += 1
        yield raws[start:end]
        left -= characters
        start = end


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


@one_blas_thread()
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
        cluster_ingested(store, report, notify)
    return report


def cluster_ingested(store: Store, report: IngestReport, progress: ProgressCallback | None = None) -> None:
    """Step 5 of ``ingest``: bring the stories up to date, this run's documents last; counts go into ``report``.

    Public so that a caller can stop its engine's workers first (the CLI does:
    their memory is not needed while the stories are clustered and briefed).
    """
    notify = progress or (lambda _event, _detail: None)

    def counted(event: str, detail: str) -> None:
        if event == "clustered":
            report.clustered += int(detail)
        notify(event, detail)

    report.stories = update_stories(store, report.ingested_ids, progress=counted, at_hand=report.at_hand)
    report.at_hand.clear()


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
        if len(report.at_hand) < AT_HAND_DOCUMENTS:
            report.at_hand[item.document.id] = for_clustering(item)
        notify("ingested", path)
    else:
        report.duplicates.append(path)
        notify("duplicate", path)


def for_clustering(analyzed: AnalyzedDocument) -> AnalyzedDocument:
    """The document with only what ``StoryClusterer.add`` reads: the document, its mentions, dates and date
    evidence (sentences, quotes, amounts and the parse left out: two thirds of its memory)."""
    return dataclasses.replace(analyzed, sentences=(), quotes=(), amounts=(), parse=b"", parse_model="")


def update_stories(
    store: Store,
    doc_ids: Sequence[str] = (),
    batch_size: int = CLUSTER_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    save_seconds: float = CLUSTER_SAVE_SECONDS,
    at_hand: Mapping[str, AnalyzedDocument] | None = None,
) -> int:
    """Put every stored document that is in no story yet into the stories, incrementally; returns the number of stories.

    Whatever run stored them: documents left out by a run that was killed
    before or during clustering come first (oldest first), then ``doc_ids`` in
    the order given (this run's, in input order). Stories and the clusterer
    state are saved together in one transaction, every ``save_seconds`` of
    clustering and at the end, so a kill here leaves the last saved stories
    and state, and the next run clusters the documents they do not hold.
    ``progress`` hears ``("clustering", total)``, then ``("clustered", n)`` per
    batch, then ``("stories", count)`` (counts as strings, like paths elsewhere).
    A clusterer state written by another crossread version is not read: every
    stored document is clustered again, oldest first, into fresh stories
    (corrections and stored briefs are keyed by documents, so they still apply).
    Documents found in ``at_hand`` (stored documents still in memory) are not read back.
    """
    from crossread.stages.cluster import ClusterState, StoryClusterer

    saved = store.load_cluster_state()
    try:
        state = ClusterState.from_rows(saved) if saved else None
    except CrossreadError:  # another version's state: re-cluster the whole library
        state = None
        waiting = [d.id for d in store.list_documents()]
    else:
        waiting = store.unclustered_document_ids()
    if not waiting:
        return len(store.list_stories()) if doc_ids else 0
    pending = set(waiting)
    given = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id in pending]
    ordered = [doc_id for doc_id in waiting if doc_id not in set(given)] + given
    notify = progress or (lambda _event, _detail: None)
    notify("clustering", str(len(ordered)))
    clusterer = StoryClusterer(state, keep_hashed=True)  # its saves store every document's signature
    kept = at_hand or {}
    saved_at, period = time.monotonic(), save_seconds
    for start in range(0, len(ordered), batch_size):
        batch = _stored(ordered[start : start + batch_size], store, kept)
        clusterer.add(batch)
        last = start + batch_size >= len(ordered)
        if last or time.monotonic() - saved_at >= period:
            began = time.monotonic()
            changes = clusterer.state.changes()  # only what the batches since the last save changed
            stories = clusterer.stories(changes.stories)
            store.save_stories(stories, changes.tables, gone=changes.gone, replace=changes.replace, expect=changes.expect)
            clusterer.state.saved(changes)
            saved_at = time.monotonic()
            # The first save of a fresh state writes it whole: in a large library, save less
            # often, so saving stays under a fifth of the clustering time.
            period = max(save_seconds, 4 * (saved_at - began))
        notify("clustered", str(len(batch)))
    count = len(clusterer.state.stories) + len(clusterer.state.archived)
    notify("stories", str(count))
    return count


def _stored(doc_ids: Sequence[str], store: Store, at_hand: Mapping[str, AnalyzedDocument]) -> list[AnalyzedDocument]:
    """The stored documents of ``doc_ids``, in order, with what the clusterer reads: the copies in memory
    when there are, the others read from the store together (``Store.documents_for_stories``)."""
    read = store.documents_for_stories([doc_id for doc_id in doc_ids if doc_id not in at_hand])
    found = (at_hand.get(doc_id) or read.get(doc_id) for doc_id in doc_ids)
    return [analyzed for analyzed in found if analyzed is not None]
