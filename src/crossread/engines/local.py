"""Local engines: this process (``LocalEngine``) or a pool of worker processes (``PoolEngine``).

``PoolEngine`` runs ``crossread.pipeline.run_partition`` in a
``concurrent.futures.ProcessPoolExecutor``. Workers are started with *spawn*
(a fresh interpreter, as Dask's nanny does): nothing of the driver's state,
threads or loaded model leaks into them, and each loads the spaCy pipeline once,
on its first partition. At most ``IN_FLIGHT_PER_WORKER`` partitions per worker
are queued, so memory stays bounded however large the input, and results are
yielded in task order.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from crossread.errors import ConfigError
from crossread.pipeline import LocalEngine, PartitionResult, PartitionTask, failed_partition, run_partition, worker_nlp

__all__ = ["IN_FLIGHT_PER_WORKER", "LocalEngine", "PoolEngine", "default_workers"]

# Partitions queued per worker: 2 keeps every worker busy while the driver
# stores the previous results, without holding the whole input in memory.
IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """The CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class PoolEngine:
    """A process pool of ``workers`` processes; with ``preload``, they start and load ``model`` now, not on first use."""

    name = "pool"

    def __init__(self, workers: int | None = None, *, model: str | None = None, preload: bool = False) -> None:
        self.workers = workers or default_workers()
        if self.workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {self.workers}")
        context = multiprocessing.get_context("spawn")
        warm_up = functools.partial(worker_nlp, model) if preload else None
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=warm_up)
        if preload:
            # The pool starts a process per submitted task up to ``workers``: start them all now.
            for started in [self._pool.submit(os.getpid) for _ in range(self.workers)]:
                started.result()

    def map_partitions(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        pending: deque[tuple[PartitionTask, Future[PartitionResult]]] = deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        for task in tasks:
            pending.append((task, self._pool.submit(run_partition, task)))
            if len(pending) >= limit:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PoolEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _result(task: PartitionTask, future: Future[PartitionResult]) -> PartitionResult:
    try:
        return future.result()
    except Exception as exc:  # a worker died (BrokenProcessPool, MemoryError...): report the partition, go on
        return failed_partition(task, exc)
