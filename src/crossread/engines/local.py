"""Local engines: this process (``LocalEngine``) or supervised worker processes (``PoolEngine``).

``PoolEngine`` runs the per-document stages (``crossread.engines.work.stream_partition``)
in ``workers`` processes started with *spawn* (a fresh interpreter, as Dask's
nanny does): nothing of the driver's state, threads or loaded model leaks into
them, and each loads the spaCy pipeline once, when it starts.

Supervision: a worker reports each step it starts (extract of document i,
analysis of a batch) and each result as it is ready. A step that runs past
``time_budget`` seconds (for analysis: per ``max_chunk_chars`` of text, so a
legitimate 1,200,000-character text gets 6 budgets) — in Python or stuck in native code, where no signal
reaches it — gets the worker killed (SIGKILL) and replaced; the document is
reported "timed out after N s". A batch that times out is retried one document
at a time, so only the slow document fails. A worker that dies (out of memory,
a crash in native code) is handled the same way. Other workers keep going
meanwhile, and results are yielded as they are ready (``ingest`` restores
input order in its report), so progress and storage continue while a slow
document is being handled. At most one partition per worker is in flight, so
memory stays bounded however large the input.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from crossread.config import DEFAULT_TIME_BUDGET
from crossread.engines.work import (
    LocalEngine,
    PartitionResult,
    PartitionTask,
    failed_partition,
    model_loads,
    stream_partition,
    worker_nlp,
)
from crossread.errors import AnalyzeError, ConfigError
from crossread.model import AnalyzedDocument, IngestFailure

__all__ = ["IN_FLIGHT_PER_WORKER", "WORKER_START_SECONDS", "LocalEngine", "PoolEngine", "default_workers"]

# Partitions in flight per worker: one, so that a killed worker loses at most
# one partition's progress and the driver never holds more than it can store.
IN_FLIGHT_PER_WORKER = 1
# Seconds a new worker may take to start and load its spaCy pipeline
# (en_core_web_sm loads in 2-4 s on the 2-core machine; a transformer in ~20 s).
WORKER_START_SECONDS = 300.0
# Workers that may die before they are ready before the ingest stops with an error.
MAX_START_FAILURES = 3
# Seconds to wait for a killed worker to be reaped.
REAP_SECONDS = 10.0
# A worker whose peak memory grew this many bytes past what it held once its
# pipeline was loaded is retired after its partition and replaced by a fresh
# one: spaCy's string store and the allocator's arenas only grow, and one very
# long text can leave a worker holding a gigabyte it no longer needs.
MAX_WORKER_GROWTH = 384 * 1024**2


def peak_rss() -> int:
    """This process's peak resident memory in bytes (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)  # bytes on macOS, KiB on Linux


def default_workers() -> int:
    """The CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# --------------------------------------------------------------------------- worker side


def worker_main(conn: Connection, model: str | None) -> None:
    """A worker process: load the pipeline, then run partitions sent by the driver until told to stop."""
    try:
        nlp = worker_nlp(model)
    except Exception as exc:  # reported to the driver, which stops the ingest with this message
        conn.send(("error", None, f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None, (os.getpid(), peak_rss())))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        key, task = message

        def emit(index: int, item: AnalyzedDocument | IngestFailure, key: int = key) -> None:
            conn.send(("result", key, (index, item)))

        def working(stage: str, indices: tuple[int, ...], chunks: int, key: int = key) -> None:
            conn.send(("working", key, (stage, indices, chunks)))

        def part_done(index: int, done: int, total: int, key: int = key) -> None:
            conn.send(("part", key, (index, done, total)))

        stream_partition(task.raws, task.stats, nlp, task.batch_size, task.max_chunk_chars, emit, working, part_done)
        conn.send(("done", key, (os.getpid(), model_loads(), peak_rss())))


# --------------------------------------------------------------------------- driver side


@dataclass
class _Job:
    """A partition sent to a worker: what came back so far and what is being worked on."""

    key: int
    task: PartitionTask
    results: dict[int, AnalyzedDocument | IngestFailure] = field(default_factory=dict)
    stage: str = "extract"
    working: tuple[int, ...] = ()


@dataclass
class _Worker:
    process: Any  # multiprocessing.context.SpawnProcess
    conn: Connection
    ready: bool = False
    job: _Job | None = None
    deadline: float = 0.0
    loaded_rss: int = 0  # peak memory once the pipeline was loaded


class PoolEngine:
    """``workers`` supervised processes; each document gets ``time_budget`` seconds per step.

    A worker whose peak memory grew more than ``max_worker_growth`` bytes past
    its size once loaded is replaced after its partition (``retired`` counts
    them), so memory stays bounded over a long batch.

    With ``preload``, the workers start and load ``model`` now, not on first use.
    """

    name = "pool"

    def __init__(
        self,
        workers: int | None = None,
        *,
        model: str | None = None,
        preload: bool = False,
        time_budget: float | None = None,
        max_worker_growth: int = MAX_WORKER_GROWTH,
    ) -> None:
        self.workers = workers or default_workers()
        if self.workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {self.workers}")
        self.model = model
        self.time_budget = float(time_budget or DEFAULT_TIME_BUDGET)
        if self.time_budget <= 0:
            raise ConfigError(f"time_budget must be more than 0 seconds, got {time_budget}")
        self._context = multiprocessing.get_context("spawn")
        self._pool: list[_Worker] = []
        self._keys = 0
        self.replaced = 0
        self.retired = 0
        self.max_worker_growth = max_worker_growth
        # Told (source path, chunks done, chunks) as a long text's analysis moves on in a worker.
        self.on_part: Callable[[str, int, int], None] | None = None
        self._start_failures = 0
        if preload:
            self._start_workers()
            while not all(w.ready for w in self._pool):
                for _ in self._wait(1.0):
                    pass

    # -- workers ------------------------------------------------------------------

    def _start_worker(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.model), daemon=True, name="crossread-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent, deadline=time.monotonic() + WORKER_START_SECONDS)
        self._pool.append(worker)
        return worker

    def _start_workers(self) -> None:
        while len(self._pool) < self.workers:
            self._start_worker()

    def _retire(self, worker: _Worker) -> None:
        """Stop an idle worker that grew too large; a fresh one starts when there is work for it."""
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        worker.process.join(REAP_SECONDS)
        self._kill(worker)
        self.retired += 1

    def _kill(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(REAP_SECONDS)
        worker.conn.close()
        self._pool.remove(worker)

    # -- the loop -------------------------------------------------------------------

    def map_partitions(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        source = iter(tasks)
        queue: deque[PartitionTask] = deque()
        exhausted = False
        while True:
            if not queue and not exhausted:
                task = next(source, None)
                if task is None:
                    exhausted = True
                else:
                    queue.append(task)
            for worker in self._pool:
                if worker.ready and worker.job is None and queue:
                    self._send(worker, queue.popleft())
            # Workers start on demand: a one-partition batch needs one, a large one all of them.
            if queue and len(self._pool) < self.workers and all(w.ready and w.job is not None for w in self._pool):
                self._start_worker()
            if exhausted and not queue and all(w.job is None for w in self._pool):
                return
            yield from self._wait(self._seconds_left(), queue)

    def _send(self, worker: _Worker, task: PartitionTask) -> None:
        self._keys += 1
        worker.job = _Job(self._keys, task)
        worker.deadline = time.monotonic() + self.time_budget
        worker.conn.send((worker.job.key, task))

    def _seconds_left(self) -> float:
        busy = [w.deadline for w in self._pool if w.job is not None or not w.ready]
        return max(0.0, min(busy) - time.monotonic()) if busy else 0.0

    def _wait(self, timeout: float, queue: deque[PartitionTask] | None = None) -> Iterator[PartitionResult]:
        """Handle what the workers sent (or their death) within ``timeout``; enforce deadlines."""
        requeue = queue if queue is not None else deque()
        handles: dict[Any, _Worker] = {}
        for worker in self._pool:
            handles[worker.conn] = worker
            handles[worker.process.sentinel] = worker
        for handle in wait(list(handles), timeout):
            worker = handles[handle]
            if worker not in self._pool:
                continue
            if handle is worker.conn or worker.conn.poll():
                yield from self._drain(worker, requeue)
            elif not worker.process.is_alive():
                yield from self._lost(worker, requeue, f"the worker process died (exit code {worker.process.exitcode})")
        now = time.monotonic()
        for worker in list(self._pool):
            if worker.deadline <= now and (worker.job is not None or not worker.ready):
                if worker.conn.poll():  # something arrived just now: not stalled
                    yield from self._drain(worker, requeue)
                    continue
                if not worker.ready:
                    self._kill(worker)
                    raise AnalyzeError(f"a worker process did not start within {WORKER_START_SECONDS:.0f} s")
                yield from self._lost(worker, requeue, f"timed out after {self.time_budget:g} s (time_budget)")

    def _drain(self, worker: _Worker, queue: deque[PartitionTask]) -> Iterator[PartitionResult]:
        while worker in self._pool:
            try:
                if not worker.conn.poll():
                    return
                event, key, payload = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(REAP_SECONDS)
                yield from self._lost(worker, queue, f"the worker process died (exit code {worker.process.exitcode})")
                return
            job = worker.job
            if event == "ready":
                worker.ready = True
                worker.loaded_rss = payload[1]
            elif event == "error":
                self._kill(worker)
                raise AnalyzeError(f"a worker process could not load the spaCy pipeline: {payload}")
            elif job is None or key != job.key:
                continue
            elif event == "working":
                job.stage, job.working, chunks = payload
                worker.deadline = time.monotonic() + self.time_budget * chunks
            elif event == "part":
                index, done, total = payload
                if self.on_part is not None:
                    self.on_part(job.task.raws[index].source_path, done, total)
            elif event == "result":
                index, item = payload
                job.results[index] = item
            elif event == "done":
                worker.job = None
                pid, loads, peak = payload
                if peak - worker.loaded_rss > self.max_worker_growth:
                    self._retire(worker)
                yield PartitionResult(tuple(job.results[i] for i in range(len(job.task.raws))), pid, loads)

    def _lost(self, worker: _Worker, queue: deque[PartitionTask], reason: str) -> Iterator[PartitionResult]:
        """A worker that stalled or died: its culprit document fails, the rest of its partition is sent again."""
        job = worker.job
        pid = worker.process.pid or 0
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures > MAX_START_FAILURES:
                self._kill(worker)
                raise AnalyzeError(f"worker processes keep dying while they start ({reason}); is the spaCy model installed?")
        self._kill(worker)
        self.replaced += 1
        if job is None:
            return
        task = job.task
        left = [i for i in range(len(task.raws)) if i not in job.results]
        working = [i for i in job.working if i in left]
        if len(working) == 1:
            culprit = working[0]
            stage = job.stage
            job.results[culprit] = IngestFailure(
                task.raws[culprit].source_path, stage, f"{reason}; the worker was stopped and replaced, the batch went on"
            )
            others = [i for i in left if i != culprit]
            # The rest in one piece per worker: a partition holding several slow documents
            # then costs one budget per worker in parallel, not one after the other.
            size = max(1, -(-len(others) // self.workers))
            for start in reversed(range(0, len(others), size)):
                queue.appendleft(replace(task, raws=tuple(task.raws[i] for i in others[start : start + size])))
        else:  # a batch: retry each of its documents alone, so only the slow one fails
            rest = [i for i in left if i not in working]
            if rest:
                queue.appendleft(replace(task, raws=tuple(task.raws[i] for i in rest)))
            for index in reversed(working):
                queue.appendleft(replace(task, raws=(task.raws[index],)))
        done = tuple(job.results[i] for i in sorted(job.results))
        if done:
            yield PartitionResult(done, pid, 1)

    def close(self) -> None:
        for worker in list(self._pool):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in list(self._pool):
            worker.process.join(REAP_SECONDS)
            self._kill(worker)

    def __enter__(self) -> PoolEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _result(task: PartitionTask, future: Future[PartitionResult]) -> PartitionResult:
    """A partition's result from a future, or each of its documents as an ``engine`` failure when its worker died."""
    try:
        return future.result()
    except Exception as exc:  # a worker died (BrokenProcessPool, MemoryError...): report the partition, go on
        return failed_partition(task, exc)
