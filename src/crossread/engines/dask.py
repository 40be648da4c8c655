"""Dask engine: the same ``run_partition`` on a ``dask.distributed`` cluster, partition by partition.

Needs ``dask[distributed]`` (imported lazily, with an install hint). Give a
scheduler address (``tcp://host:8786``: workers there need crossread and the
spaCy model installed) or let the engine start a ``LocalCluster`` in this
process (loopback only, no dashboard, one thread per worker process, glibc's
own memory-trim threshold: see ``UNSET_MALLOC_TRIM``; no statistical profiler in
the workers: ``NO_WORKER_PROFILER``; housekeeping once a second or less:
``QUIET_HOUSEKEEPING``).

Partitions are dealt as the pool deals them: each goes to the worker with the
fewest partitions in flight (at most ``IN_FLIGHT_PER_WORKER`` each), scattered
straight to it (the documents never pass through the scheduler's task graph)
and run there with ``run_partition``; results are taken as they complete, and
the next partition is sent before the driver stores one. The store stays in
the driver: workers only return analyzed documents. The spaCy pipeline is
loaded once per worker process, by the same per-process cache the pool uses
(``crossread.engines.work.worker_nlp``); ``model_loads`` asks every worker how
many loads it made. On 600 documents (ABBA x 2, idle machine) two workers run
1.48x one process (the bag windows: 1.43x; the pool: 1.67x in the same run).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from crossread.engines.work import PartitionResult, PartitionTask, failed_partition, model_loads, run_partition, worker_nlp
from crossread.errors import ConfigError

__all__ = ["DASK_INSTALL_HINT", "IN_FLIGHT_PER_WORKER", "NO_WORKER_PROFILER", "QUIET_HOUSEKEEPING", "DaskEngine"]

DASK_INSTALL_HINT = "the dask engine needs dask.distributed: pip install 'dask[distributed]==2026.8.0'"
# Partitions queued per worker, as in the pool engine.
IN_FLIGHT_PER_WORKER = 2
# A partition that cannot reach a worker within this is reported failed (no worker left).
SCATTER_SECONDS = 60
# Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536 (hand freed memory
# back to the OS at once). spaCy allocates and frees all the time: with it, analysing
# 360 AllSides texts took 8.7-9.3 s of CPU against 6.6-7.3 s with glibc's own
# threshold — the ~30% more CPU Dask workers spent than the pool's. Workers of a
# LocalCluster started here keep glibc's default, like the pool's; a remote cluster's
# workers are configured where they run (unset the variable in their
# ``distributed.nanny.pre-spawn-environ``).
UNSET_MALLOC_TRIM = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
# A Dask worker samples the stack of its running task every 10 ms for the dashboard's profile
# (``distributed.worker.profile``): the worker's event loop takes the GIL from spaCy 100 times a
# second. Analysing 160 bench documents with a thread doing the same sampling, alternated
# batch by batch with plain runs in one process (2-core machine): 30.9 s of CPU against 29.2 s
# (+5.6%) — about the extra CPU Dask workers spent over the pool's (stop 29: 2 workers
# 1.68x one process, the pool 1.81x). Workers of a LocalCluster started here do not profile
# (no dashboard is served anyway); a remote cluster's workers are configured where they run.
NO_WORKER_PROFILER = {"distributed.worker.profile.enabled": False}
# Dask's periodic housekeeping, in the driver (scheduler, nannies, client) and in every worker:
# the event-loop watchdog ticks every 20 ms, the system monitor samples psutil every 0.5 s and
# the memory monitor every 0.1 s. Measured on an idle LocalCluster of 2 workers over 20 s
# (2-core machine): driver 0.31 s of CPU and 0.14 s per worker with the defaults, 0.07 and
# 0.03 with these intervals — about 0.7 s of CPU in a 30-second ingest, taken from the cores
# spaCy runs on. Nothing here reads the dashboard's figures; a worker past its memory limit
# is still paused or restarted, within a second instead of 0.1 s.
QUIET_HOUSEKEEPING = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "10s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _import_dask() -> tuple[Any, Any, Any, Any]:
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ConfigError(f"{DASK_INSTALL_HINT} ({exc})") from exc
    return dask.config, as_completed, Client, LocalCluster


class DaskEngine:
    """Partitions on a Dask cluster: ``scheduler`` address, or a LocalCluster of ``workers`` processes."""

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, *, workers: int | None = None, model: str | None = None, preload: bool = False
    ) -> None:
        config, as_completed, client_class, cluster_class = _import_dask()
        self._as_completed = as_completed
        self._cluster: Any = None
        if scheduler:
            self.client: Any = client_class(scheduler)
        else:
            from crossread.engines.local import default_workers

            with config.set({**UNSET_MALLOC_TRIM, **NO_WORKER_PROFILER, **QUIET_HOUSEKEEPING}):
                self._cluster = cluster_class(
                    n_workers=workers or default_workers(),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.WARNING,
                )
            self.client = client_class(self._cluster)
        if preload:
            self.client.run(worker_nlp, model)

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def map_partitions(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        # Dealt by load, not in fixed windows: bag windows consumed in task order left a worker
        # idle whenever one partition of a window ran long (dask-2 1.43x one process, pool 1.73x).
        load = dict.fromkeys(self.client.scheduler_info().get("workers", {}), 0)
        running: dict[Any, tuple[PartitionTask, str | None]] = {}
        done = self._as_completed()
        source = iter(tasks)

        def send(task: PartitionTask) -> list[PartitionResult]:
            """Deal one partition; [] once sent, else the partition reported failed."""
            worker = min(load, key=load.__getitem__) if load else None
            where = [worker] if worker else None
            try:
                [data] = self.client.scatter([task], workers=where, hash=False, timeout=SCATTER_SECONDS)
                future = self.client.submit(run_partition, data, workers=where, allow_other_workers=True, pure=False)
            except Exception as exc:  # the worker went away: report the partition, deal to the others
                load.pop(worker or "", None)
                return [failed_partition(task, exc)]
            running[future] = (task, worker)
            done.add(future)
            if worker in load:
                load[worker] += 1
            return []

        for task in itertools.islice(source, max(1, len(load)) * IN_FLIGHT_PER_WORKER):
            yield from send(task)
        while True:
            for future in done:
                task, worker = running.pop(future)
                if worker in load:
                    load[worker] -= 1
                following = next(source, None)
                unsent = send(following) if following is not None else []  # sent before the driver stores
                yield _result(task, future)
                yield from unsent
            if (following := next(source, None)) is None:  # nothing left in flight: sent everything?
                return
            yield from send(following)

    def model_loads(self) -> dict[str, int]:
        """Worker address -> pipelines it loaded (1 each once it has run a partition)."""
        return dict(self.client.run(model_loads))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _result(task: PartitionTask, future: Any) -> PartitionResult:
    try:
        result: PartitionResult = future.result()
    except Exception as exc:  # a worker died or the cluster went away: report the partition, go on
        return failed_partition(task, exc)
    return result
