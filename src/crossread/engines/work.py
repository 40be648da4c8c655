"""The engines' unit of work: one partition of raw documents -> analysed documents or failures.

Every engine runs ``run_partition`` (or, for the pool's supervised workers,
``stream_partition``) on ``PartitionTask`` values and sends back
``PartitionResult`` values; ``LocalEngine`` runs them in this process. Plain
data and module-level functions only, so that workers in other processes can
import and run them; ``crossread.pipeline`` drives them and never runs a
stage itself.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from spacy.language import Language

from crossread.config import DEFAULT_MAX_CHUNK_CHARS
from crossread.errors import CrossreadError
from crossread.model import AnalyzedDocument, Document, IngestFailure, RawDocument
from crossread.parses import join, pack, text_chunks, unpack
from crossread.stages.analyze import PIPE_BATCH_SIZE, analyze, analyze_many, load_nlp
from crossread.stages.extract import SiteLineStats, extract

# ``part_done(index, chunks done, chunks)``: a long text's analysis moved on by one chunk.
PartDone = Callable[[int, int, int], None]

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

    Results come back in task order (local) or as they are ready (dask, and the
    pool, whose results may also split a task when a document timed out);
    ``ingest`` puts its report back in input order either way.
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
    documents: Sequence[Document],
    nlp: Language,
    batch_size: int,
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS,
    part_done: PartDone | None = None,
) -> list[AnalyzedDocument | IngestFailure]:
    """Analyze with one ``nlp.pipe`` over the batch; if it fails, retry one by one to isolate the bad document.

    Texts longer than ``max_chunk_chars`` (capped at ``nlp.max_length``) are analysed chunk by chunk,
    with ``part_done(position in documents, chunks done, chunks)`` after each chunk.
    """
    limit = max(1, min(max_chunk_chars, nlp.max_length))
    if all(len(d.text) <= limit for d in documents):
        try:
            return list(analyze_many(documents, nlp, batch_size=batch_size))
        except Exception:  # isolate the document that made the batch fail
            pass
    results: list[AnalyzedDocument | IngestFailure] = []
    for position, document in enumerate(documents):
        try:
            if len(document.text) <= limit:
                results.append(analyze(document, nlp))
            else:
                done = None if part_done is None else functools.partial(part_done, position)
                results.append(analyze_long(document, nlp, limit, done))
        except RecursionError:
            results.append(IngestFailure(document.source_path, "analyze", "text nested or repeated too deeply to analyse"))
        except Exception as exc:
            results.append(IngestFailure(document.source_path, "analyze", f"{type(exc).__name__}: {exc}"))
    return results


def analyze_long(
    document: Document, nlp: Language, max_chars: int, part_done: Callable[[int, int], None] | None = None
) -> AnalyzedDocument:
    """A text longer than spaCy takes at once, analysed in chunks; offsets point into the whole text.

    ``part_done(chunks done, chunks)`` after each chunk: a long text takes a minute or more, and
    a user watching the progress bar should see it move meanwhile."""
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
        if part_done is not None:
            part_done(len(parts), len(chunks))
    evidence = list(dict.fromkeys(e for p in parts for e in p.date_evidence))
    # The chunks' parses joined, so a brief reads this text's parse like any other's.
    whole = b"" if not all(p.parse for p in parts) else pack(join([unpack(p.parse, nlp.vocab) for p in parts]))
    return AnalyzedDocument(
        document=document,
        sentences=tuple(s for p in parts for s in p.sentences),
        mentions=tuple(m for p in parts for m in p.mentions),
        dates=tuple(d for p in parts for d in p.dates),
        quotes=tuple(q for p in parts for q in p.quotes),
        amounts=tuple(a for p in parts for a in p.amounts),
        date_evidence=tuple(evidence),
        parse=whole,
        parse_model=parts[0].parse_model if whole else "",
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
    part_done: PartDone | None = None,
) -> list[AnalyzedDocument | IngestFailure]:
    """RawDocuments -> one AnalyzedDocument or IngestFailure each, in order (extract, then analyze in batches)."""
    results: dict[int, AnalyzedDocument | IngestFailure] = {}
    keep = results.__setitem__
    stream_partition(raws, stats, nlp, batch_size, max_chunk_chars, keep, part_done=part_done)
    return [results[i] for i in range(len(raws))]


def stream_partition(
    raws: Sequence[RawDocument],
    stats: SiteLineStats | None,
    nlp: Language,
    batch_size: int,
    max_chunk_chars: int,
    emit: Callable[[int, AnalyzedDocument | IngestFailure], None],
    working: Callable[[str, tuple[int, ...], int], None] | None = None,
    part_done: PartDone | None = None,
) -> None:
    """Process a partition, calling ``emit(index, result)`` as each document is done.

    ``working(stage, indices, chunks)`` is called before each step with the
    documents it is about to handle and how many chunks of ``max_chunk_chars``
    their texts make (at least 1): what a supervising engine needs to tell which
    document took too long, with a budget that grows with the text.
    ``part_done(index, chunks done, chunks)`` follows each chunk of a long text.
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
        # Short texts in nlp.pipe batches of at most max_chunk_chars in all (spaCy's memory grows
        # with the characters of a batch, not its count); each long text alone after them, so its
        # results and its time budget are its own and the batch's results are not held back by it.
        short = [index for index in todo if len(_text(extracted[index])) <= max_chunk_chars]
        steps = _bounded_steps(short, [len(_text(extracted[index])) for index in short], max_chunk_chars)
        steps += [[index] for index in todo if index not in set(short)]
        for step in steps:
            documents = [item for item in (extracted[index] for index in step) if isinstance(item, Document)]
            characters = sum(len(d.text) for d in documents)
            busy("analyze", tuple(step), max(1, -(-characters // max(1, max_chunk_chars))))
            done = None if part_done is None else _in_partition(part_done, step)
            analyzed = analyze_documents(documents, nlp, batch_size, max_chunk_chars, done)
            for index, result in zip(step, analyzed, strict=True):
                emit(index, result)


def _in_partition(part_done: PartDone, step: list[int]) -> PartDone:
    """``part_done`` keyed by the document's index in the partition, not its position in the step."""
    return lambda position, done, total: part_done(step[position], done, total)


def _bounded_steps(indices: list[int], sizes: list[int], max_chars: int) -> list[list[int]]:
    """``indices`` in order, cut into runs whose ``sizes`` add up to at most ``max_chars`` (one item at least)."""
    steps: list[list[int]] = []
    total = 0
    for index, size in zip(indices, sizes, strict=True):
        if not steps or total + size > max_chars:
            steps.append([])
            total = 0
        steps[-1].append(index)
        total += size
    return steps


def _text(item: Document | IngestFailure) -> str:
    return item.text if isinstance(item, Document) else ""


def process_document(
    raw: RawDocument, site_stats: SiteLineStats | None, model: str | None = None
) -> AnalyzedDocument | IngestFailure:
    """One document, with this process's copy of ``model``: for ``dask.bag.map`` and the like (no batching)."""
    return process_documents([raw], site_stats, worker_nlp(model))[0]


_load_lock = threading.Lock()
_model_loads: Counter[str | None] = Counter()


@functools.lru_cache(maxsize=4)
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


def _by_path(on_part: Callable[[str, int, int], None], task: PartitionTask) -> PartDone:
    return lambda index, done, total: on_part(task.raws[index].source_path, done, total)


def failed_partition(task: PartitionTask, exc: BaseException) -> PartitionResult:
    """A partition whose worker died: each document is a failure (stored nowhere, so retried next run)."""
    reason = f"worker failed on this partition: {type(exc).__name__}: {exc}"
    return PartitionResult(tuple(IngestFailure(raw.source_path, "engine", reason) for raw in task.raws), 0, 0)


class LocalEngine:
    """In this process, with the pipeline the caller loaded (the default engine)."""

    name = "local"

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        # Told (source path, chunks done, chunks) as a long text's analysis moves on.
        self.on_part: Callable[[str, int, int], None] | None = None

    def map_partitions(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        for task in tasks:
            done = None if self.on_part is None else _by_path(self.on_part, task)
            results = process_documents(task.raws, task.stats, self.nlp, task.batch_size, task.max_chunk_chars, done)
            yield PartitionResult(tuple(results), os.getpid(), 0)

    def close(self) -> None:
        return None
