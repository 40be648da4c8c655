"""Benchmark: the story-clustering phase alone, from 10k to 1M documents.

Stages, in the order the script runs them:

1. **seed**: the analysed real articles cached by ``bench/corpus_gen.py``
   (analysed in a child process when the cache is missing, so spaCy never
   counts in this process's memory);
2. **stream**: ``corpus_gen.generate`` builds the documents one batch at a time
   (varied wording, days moved round by round: see its docstring); one
   ``StoryClusterer`` takes them through ``add`` in batches of
   ``pipeline.CLUSTER_BATCH_SIZE``. Only ``add`` is timed (wall and CPU); the
   generator's time is reported apart. Every ``WINDOW_DOCUMENTS`` the script
   records the time per document of that window, RSS, the clusterer's
   structure sizes and where the time went (the steps of ``add`` wrapped with
   timers, and the garbage collector's pauses). It stops, and says why, at the
   last checkpoint, at ``--max-rss-mib`` or after ``--max-seconds`` of clustering;
3. **memory by line**: a fresh clusterer over ``--trace-documents`` documents
   with tracemalloc on (untimed): the lines of cluster.py that hold the memory,
   and the deep size of each part of ``ClusterState``;
4. write ``bench/cluster_scale.json``: time per document at 10k / 100k / 1M
   (the window ending there), ratios over 10k, peak memory, reached, reason.

Usage: ``python bench/cluster_scale.py [--quick] [--documents N] [--output PATH]``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_SCHEMA = "crossread.bench.cluster_scale/1"

# Corpus sizes the time per document is reported at (full run; --quick stops at 100k).
CHECKPOINTS = (10_000, 100_000, 1_000_000)
QUICK_CHECKPOINTS = (10_000, 100_000)
# Documents per measuring window: the time per document at a checkpoint is the
# window ending there (a cumulative mean would hide growth behind the cheap start).
WINDOW_DOCUMENTS = 10_000
# Done means: cost per document at 1M within 1.2x of 10k, and peak memory below 4 GB.
TARGET_GROWTH = 1.2
TARGET_PEAK_BYTES = 4_000_000_000
# Stop when RSS passes this (the target, plus a margin to see the trend past it) ...
MAX_RSS_MIB = 4500
# ... or after this much clustering time (the 2-core machine's budget for one run).
MAX_SECONDS = 1800
# Structure sizes that cost a full walk (posting entries) every this many documents.
SNAPSHOT_EVERY = 50_000
# Documents of the traced (tracemalloc) pass, full run and --quick.
TRACE_DOCUMENTS = 5_000
QUICK_TRACE_DOCUMENTS = 2_000
TRACE_TOP_LINES = 12
# Steps of StoryClusterer.add timed on their own: (attribute, where it lives).
# "module" functions are looked up in cluster.py's globals at call time;
# "method" ones are wrapped on the instance. candidates and read_posting run
# inside place, merge and settle: they are listed apart, not added to the total.
TIMED_STEPS = (
    ("features", "module"),
    ("_minhash", "module"),
    ("_chains", "module"),
    ("_count_frequencies", "method"),
    ("_place_chain", "method"),
    ("_merge_touched", "method"),
    ("_settle", "method"),
    ("_forget_old_signatures", "method"),
    ("_forget_old_documents", "method"),
    ("_archive_cold_stories", "method"),
    ("_candidates", "method"),
    ("_read_posting", "method"),
)
NESTED_STEPS = frozenset({"_candidates", "_read_posting"})


def _load_bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"crossread_bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus_gen = _load_bench_module("corpus_gen")


# --------------------------------------------------------------------------- measuring


def proc_status_kib(field: str) -> int:
    """A ``/proc/self/status`` figure in KiB (VmRSS: now, VmHWM: peak); ru_maxrss where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def mib(kib: float) -> float:
    return round(kib / 1024, 1)


class StepClock:
    """CPU seconds spent in each timed step of ``add``, and in garbage-collector pauses.

    CPU time (``time.process_time``), not wall time, so that other jobs on the
    machine do not inflate the steps; ``other`` is the CPU time of ``add``
    outside the top-level steps.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {name: 0.0 for name, _where in TIMED_STEPS}
        self.seconds["gc"] = 0.0
        self.gc_collections = 0
        self._gc_started = 0.0

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        seconds, clock = self.seconds, time.process_time

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += clock() - started

        return timed

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.process_time()
        else:
            self.seconds["gc"] += time.process_time() - self._gc_started
            self.gc_collections += info.get("generation", 0) == 2

    def take(self) -> dict[str, float]:
        """The seconds since the last take, and reset."""
        taken = dict(self.seconds)
        for name in self.seconds:
            self.seconds[name] = 0.0
        return taken


def instrument(clusterer: Any, clock: StepClock) -> Callable[[], None]:
    """Wrap the steps of ``add`` with timers; returns the undo."""
    from crossread.stages import cluster

    originals: list[tuple[Any, str, Any]] = []
    for name, where in TIMED_STEPS:
        owner = cluster if where == "module" else clusterer
        original = getattr(owner, name)
        originals.append((owner, name, original))
        setattr(owner, name, clock.wrap(name, original))
    gc.callbacks.append(clock.on_gc)

    def undo() -> None:
        gc.callbacks.remove(clock.on_gc)
        for owner, name, original in originals:
            if owner is cluster:
                setattr(owner, name, original)
            else:
                delattr(owner, name)

    return undo


def cheap_sizes(state: Any) -> dict[str, int]:
    return {
        "stories": len(state.stories) + len(state.archived),
        "hot_stories": len(state.stories),
        "assignments": len(state.assignments),
        "document_frequency_keys": len(state.document_frequency),
        "posting_weeks": len(state.postings),  # week buckets (and the undated one): postings are held bucket first
        "signatures": len(state.signatures),
        "aliases": len(state.aliases),
    }


def walk_sizes(state: Any) -> dict[str, Any]:
    """Sizes that need a walk over every posting and story (untimed)."""
    from crossread.stages.cluster import UNDATED

    entries = undated_entries = buckets = longest = longest_undated = 0
    keys: set[str] = set()
    for bucket, posting in state.postings.items():  # week bucket -> key -> entry
        buckets += len(posting)
        keys.update(posting)
        for entry in posting.values():
            ids = (entry,) if isinstance(entry, str) else entry  # a bucket of one story holds its id alone
            entries += len(ids)
            longest = max(longest, len(ids))
            if bucket == UNDATED:
                undated_entries += len(ids)
                longest_undated = max(longest_undated, len(ids))
    stories = state.stories.values()
    count = max(1, len(state.stories))
    return {
        "posting_keys": len(keys),
        "posting_entries": entries,
        "posting_buckets": buckets,
        "posting_entries_undated_bucket": undated_entries,
        "longest_bucket_list": longest,
        "longest_undated_bucket_list": longest_undated,
        "story_terms_mean": round(sum(len(s.terms) for s in stories) / count, 1),
        "story_entities_mean": round(sum(len(s.entities) for s in stories) / count, 1),
        "largest_story_documents": max((len(s.doc_ids) for s in stories), default=0),
        "multi_document_stories": sum(len(s.doc_ids) > 1 for s in stories),
    }


def deep_size(value: Any, seen: set[int] | None = None) -> int:
    """Bytes of an object graph of dicts, lists, tuples, dataclasses with slots, strings and numbers."""
    seen = set() if seen is None else seen
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif hasattr(item, "__slots__"):
            stack.extend(getattr(item, slot) for slot in item.__slots__ if hasattr(item, slot))
    return total


# --------------------------------------------------------------------------- the run


def batches(stream: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(itertools.islice(stream, size)):
        yield batch


def cluster_stream(seed: list[Any], args: argparse.Namespace, checkpoints: tuple[int, ...]) -> dict[str, Any]:
    """One StoryClusterer over the generated stream; a window record every WINDOW_DOCUMENTS."""
    from crossread.stages.cluster import StoryClusterer

    clusterer = StoryClusterer()
    clock = StepClock()
    undo = instrument(clusterer, clock)
    target = checkpoints[-1]
    stream = corpus_gen.generate(seed, target, seed_value=args.seed)
    windows: list[dict[str, Any]] = []
    snapshots: dict[str, Any] = {}
    done, wall_total, cpu_total, generate_total = 0, 0.0, 0.0, 0.0
    window_wall = window_cpu = 0.0
    counters0 = dict(clusterer.state.counters)
    reason = "reached the last checkpoint"
    gc.collect()
    started = time.perf_counter()
    while done < target:
        t0 = time.perf_counter()
        batch = list(itertools.islice(stream, min(args.batch_size, target - done)))
        generate_total += time.perf_counter() - t0
        if not batch:
            break
        wall0, cpu0 = time.perf_counter(), time.process_time()
        clusterer.add(batch)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        done += len(batch)
        del batch
        if not args.keep_unsaved:
            forget_unsaved(clusterer.state)
        wall_total, cpu_total = wall_total + wall, cpu_total + cpu
        window_wall, window_cpu = window_wall + wall, window_cpu + cpu
        rss = proc_status_kib("VmRSS")
        if done % WINDOW_DOCUMENTS == 0 or done == target:
            size = WINDOW_DOCUMENTS if done % WINDOW_DOCUMENTS == 0 else done % WINDOW_DOCUMENTS
            windows.append(window_record(done, size, window_wall, window_cpu, rss, clock, clusterer.state, counters0))
            counters0 = dict(clusterer.state.counters)
            window_wall = window_cpu = 0.0
            if done % SNAPSHOT_EVERY == 0 or done in checkpoints:
                snapshots[str(done)] = cheap_sizes(clusterer.state) | walk_sizes(clusterer.state) | {"rss_mib": mib(rss)}
            last = windows[-1]
            log(
                f"{done:>9,} documents: {last['wall_us_per_document']:>6.0f} us/doc wall, "
                f"{last['cpu_us_per_document']:>6.0f} us/doc CPU (window), RSS {mib(rss):,.0f} MiB, "
                f"{last['sizes']['stories']:,} stories; "
                + ", ".join(f"{k} {v:,.0f}" for k, v in last["step_us_per_document"].items() if v >= 100)
                + "; per document "
                + ", ".join(f"{k} {v}" for k, v in last["per_document"].items())
            )
        if rss / 1024 > args.max_rss_mib:
            reason = f"stopped: RSS {mib(rss):,.0f} MiB passed --max-rss-mib {args.max_rss_mib}"
            break
        if wall_total > args.max_seconds:
            reason = f"stopped: {wall_total:,.0f} s of clustering passed --max-seconds {args.max_seconds}"
            break
    elapsed = time.perf_counter() - started
    if str(done) not in snapshots:
        snapshots[str(done)] = (
            cheap_sizes(clusterer.state) | walk_sizes(clusterer.state) | {"rss_mib": mib(proc_status_kib("VmRSS"))}
        )
    undo()
    peak_clustering_kib = proc_status_kib("VmHWM")  # before the JSON below: to_dict + dumps is a spike of its own
    state_json_mib = None
    if done <= args.state_json_up_to:
        state_json_mib = round(len(json.dumps(clusterer.state.to_dict())) / 2**20, 1)
    log(f"{reason} at {done:,} documents; clustering {wall_total:.0f} s, generating {generate_total:.0f} s")
    return {
        "reached": done,
        "reason": reason,
        "clustering_seconds": round(wall_total, 1),
        "clustering_cpu_seconds": round(cpu_total, 1),
        "generate_seconds": round(generate_total, 1),
        "loop_seconds": round(elapsed, 1),
        "gc_full_collections": clock.gc_collections,
        "windows": windows,
        "snapshots": snapshots,
        "state_json_mib_at_end": state_json_mib,
        "peak_rss_mib_clustering": mib(peak_clustering_kib),
    }


def forget_unsaved(state: Any) -> None:
    """What a store's save does to the state's bookkeeping (untimed): ``unsaved`` starts again.

    Ingest (``pipeline``) saves ``state.changes()`` every few seconds and calls
    ``state.saved``, so ``unsaved`` holds the ids and keys a few batches changed.
    Never saved, its sets grew with the corpus (330k posting keys at 30k documents),
    which the collector walks in every full collection: gen-2 pauses grew
    175 -> 283 us/doc from 10k to 30k documents (199 -> 248 with the sets reset),
    and RSS with them. The rows a save would write are not built (that is the
    store's time, not the clusterer's).
    """
    from crossread.stages.cluster import Unsaved

    state.unsaved = Unsaved(replace=False, next_seq=state.unsaved.next_seq, saves=state.unsaved.saves + 1)


def window_record(
    done: int, size: int, wall: float, cpu: float, rss_kib: int, clock: StepClock, state: Any, counters0: dict[str, int]
) -> dict[str, Any]:
    steps = clock.take()
    top = sum(seconds for name, seconds in steps.items() if name not in NESTED_STEPS and name != "gc")
    per_doc = {name.lstrip("_"): round(seconds / size * 1e6, 1) for name, seconds in steps.items()}
    per_doc["other"] = round(max(0.0, cpu - top) / size * 1e6, 1)
    return {
        "documents": done,
        "window": size,
        "wall_us_per_document": round(wall / size * 1e6, 1),
        "cpu_us_per_document": round(cpu / size * 1e6, 1),
        "rss_mib": mib(rss_kib),
        "step_us_per_document": per_doc,
        "per_document": {
            name: round((state.counters.get(name, 0) - counters0.get(name, 0)) / size, 1) for name in state.counters
        },
        "sizes": cheap_sizes(state) | {"gc_tracked_objects": len(gc.get_objects())},
    }


def trace_memory(seed: list[Any], args: argparse.Namespace, documents: int) -> dict[str, Any]:
    """tracemalloc over a fresh clusterer: memory by line of cluster.py, deep size of each ClusterState part."""
    from crossread.stages import cluster

    clusterer = cluster.StoryClusterer()
    gc.collect()
    tracemalloc.start()
    for batch in batches(corpus_gen.generate(seed, documents, seed_value=args.seed), args.batch_size):
        clusterer.add(batch)
        del batch
    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    traced_total = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    here = snapshot.filter_traces([tracemalloc.Filter(True, cluster.__file__)])
    lines = [
        {"line": f"{Path(stat.traceback[0].filename).name}:{stat.traceback[0].lineno}", "mib": round(stat.size / 2**20, 1)}
        for stat in here.statistics("lineno")[:TRACE_TOP_LINES]
    ]
    for entry in lines:
        number = int(entry["line"].split(":")[1])
        entry["code"] = Path(cluster.__file__).read_text().splitlines()[number - 1].strip()[:120]
    state = clusterer.state
    parts = {
        name: round(deep_size(getattr(state, name)) / 2**20, 1)
        for name in ("stories", "archived", "assignments", "postings", "document_frequency", "signatures", "aliases", "recent")
    }
    per_story = (parts["stories"] + parts["archived"]) * 2**20 / max(1, len(state.stories) + len(state.archived))
    return {
        "documents": documents,
        "traced_mib_held": round(traced_total / 2**20, 1),
        "cluster_py_lines": lines,
        "state_deep_mib": parts,
        "bytes_per_story": round(per_story),
        "bytes_per_document_all_state": round(sum(parts.values()) * 2**20 / documents),
        "stories": len(state.stories) + len(state.archived),
        "hot_stories": len(state.stories),
    }


def at_checkpoints(result: dict[str, Any], checkpoints: tuple[int, ...]) -> dict[str, Any]:
    """The window ending at each checkpoint; cumulative means; ratios over the first checkpoint."""
    by_end = {w["documents"]: w for w in result["windows"]}
    table: dict[str, Any] = {}
    for checkpoint in checkpoints:
        window = by_end.get(checkpoint)
        table[str(checkpoint)] = None if window is None else {
            "wall_us_per_document": window["wall_us_per_document"],
            "cpu_us_per_document": window["cpu_us_per_document"],
            "rss_mib": window["rss_mib"],
            "stories": window["sizes"]["stories"],
        }  # fmt: skip
    base = table.get(str(checkpoints[0]))
    ratios: dict[str, Any] = {}
    for checkpoint in checkpoints[1:]:
        entry = table[str(checkpoint)]
        for kind in ("wall", "cpu"):
            key = f"{kind}_{checkpoint}_over_{checkpoints[0]}"
            ratios[key] = round(entry[f"{kind}_us_per_document"] / base[f"{kind}_us_per_document"], 3) if entry and base else None
    windows = result["windows"]
    if len(windows) > 1:
        first, last = windows[0], windows[-1]
        ratios[f"cpu_last_window_{last['documents']}_over_first"] = round(
            last["cpu_us_per_document"] / first["cpu_us_per_document"], 3
        )
    return {"per_document": table, "ratios": ratios}


def verdict(summary: dict[str, Any], result: dict[str, Any], peak_bytes: int, checkpoints: tuple[int, ...]) -> dict[str, Any]:
    last = checkpoints[-1]
    ratio = summary["ratios"].get(f"cpu_{last}_over_{checkpoints[0]}")
    return {
        "target": f"CPU time per document at {last:,} within {TARGET_GROWTH}x of {checkpoints[0]:,}; peak RSS < 4 GB",
        "reached_last_checkpoint": result["reached"] >= last,
        "flat": ratio is not None and ratio <= TARGET_GROWTH,
        "peak_under_4_gb": peak_bytes < TARGET_PEAK_BYTES and result["reached"] >= last,
        "met": ratio is not None and ratio <= TARGET_GROWTH and peak_bytes < TARGET_PEAK_BYTES,
    }


def machine() -> dict[str, Any]:
    cpu_model = None
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu_model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")), None
        )
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "memory_total_mib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20),
    }


def ensure_seed(args: argparse.Namespace) -> tuple[list[Any], dict[str, Any]]:
    """The cached seed; analysed in a child process first when missing (spaCy stays out of this process)."""
    path = corpus_gen.cache_path(args.cache_dir, args.seed_documents)
    if not path.exists():
        log(f"no seed cache at {path}: analysing {args.seed_documents} documents in a child process")
        command = [sys.executable, str(ROOT / "bench" / "corpus_gen.py"), "--seed-documents", str(args.seed_documents)]
        command += ["--cache-dir", str(args.cache_dir), "--data", str(args.data)]
        subprocess.run(command, check=True)
    return corpus_gen.read_seed(path)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from crossread.stages import cluster

    checkpoints = QUICK_CHECKPOINTS if args.quick else CHECKPOINTS
    if args.documents:
        checkpoints = (*(c for c in checkpoints if c < args.documents), args.documents)
    load_before = os.getloadavg()
    started = time.perf_counter()
    seed, meta = ensure_seed(args)
    log(f"seed: {len(seed)} analysed documents ({meta['dated']} dated); clustering up to {checkpoints[-1]:,}")

    # 2. the stream, timed window by window
    result = cluster_stream(seed, args, checkpoints)
    peak_kib = result["peak_rss_mib_clustering"] * 1024  # the state JSON at the end is not clustering
    summary = at_checkpoints(result, checkpoints)

    # 3. memory by line, on a fresh clusterer (the big one is gone)
    gc.collect()
    trace_documents = (
        args.trace_documents if args.trace_documents is not None else (QUICK_TRACE_DOCUMENTS if args.quick else TRACE_DOCUMENTS)
    )
    traced = trace_memory(seed, args, trace_documents) if trace_documents else None
    load_after = os.getloadavg()
    return {
        "schema": RESULTS_SCHEMA,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "machine": machine()
        | {"load_average_before": [round(x, 2) for x in load_before], "load_average_after": [round(x, 2) for x in load_after]},
        "what": "StoryClusterer.add over generated pre-analysed documents in batches (no spaCy, no store); "
        f"time per document = the {WINDOW_DOCUMENTS:,}-document window ending at each size; "
        "step timers wrap the steps of add (candidates and read_posting run inside place_chain, merge_touched and settle; "
        "gc = collector pauses, inside whichever step allocated)",
        "settings": {
            "batch_size": args.batch_size,
            "unsaved_reset_after_each_batch": not args.keep_unsaved,
            "seed_value": args.seed,
            "checkpoints": list(checkpoints),
            "max_rss_mib": args.max_rss_mib,
            "max_seconds": args.max_seconds,
            "clusterer": {
                name: getattr(cluster, name)
                for name in (
                    "MAX_CANDIDATES",
                    "TIME_WINDOW_DAYS",
                    "BUCKET_DAYS",
                    "CENTROID_TERMS",
                    "UNDATED_SCAN_CAP",
                    "UNDATED_BUCKET_CAP",
                    "UNDATED_HORIZON_DAYS",
                    "SIGNATURE_WINDOW_DAYS",
                    "MAX_RECENT_UNDATED",
                    "MAX_RECENT_DOCUMENTS",
                    "ARCHIVE_AFTER_DAYS",
                    "MAX_HOT_UNDATED_STORIES",
                    "MAX_HOT_REACHED_STORIES",
                )
            },
        },
        "generator": {
            "seed": meta,
            "seed_span_days": corpus_gen.SEED_SPAN_DAYS,
            "round_days": corpus_gen.ROUND_DAYS,
            "documents_per_week": round(len(seed) * 7 / corpus_gen.ROUND_DAYS),
            "word_dropout": corpus_gen.WORD_DROPOUT,
            "synonym_chance": corpus_gen.SYNONYM_CHANCE,
            "mention_dropout": corpus_gen.MENTION_DROPOUT,
            "undated_share": round(1 - meta["dated"] / max(1, meta["analysed"]), 3),
        },
        "reached": result["reached"],
        "reason": result["reason"],
        "peak_rss_mib": mib(peak_kib),
        "peak_rss_mib_with_state_json": mib(proc_status_kib("VmHWM")),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "checkpoints": summary,
        "verdict": verdict(summary, result, peak_kib * 1024, checkpoints),
        "run": result,
        "memory_by_line": traced,
    }


def log(message: str) -> None:
    print(f"[cluster_scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from crossread.pipeline import CLUSTER_BATCH_SIZE

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench" / "cluster_scale.json", help="where to write the JSON results"
    )
    parser.add_argument("--quick", action="store_true", help="stop at 100,000 documents (checkpoints 10k, 100k)")
    parser.add_argument("--documents", type=int, help="stop at this many documents instead (a checkpoint of its own)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=CLUSTER_BATCH_SIZE,
        help=f"documents per add() (default {CLUSTER_BATCH_SIZE}, as ingest)",
    )
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument(
        "--keep-unsaved",
        action="store_true",
        help="never reset the state's unsaved changes (as if never saved; ingest saves every few seconds)",
    )
    parser.add_argument("--max-rss-mib", type=float, default=MAX_RSS_MIB, help=f"stop past this RSS (default {MAX_RSS_MIB})")
    parser.add_argument(
        "--max-seconds", type=float, default=MAX_SECONDS, help=f"stop past this much clustering time (default {MAX_SECONDS})"
    )
    parser.add_argument(
        "--trace-documents",
        type=int,
        help=f"documents of the tracemalloc pass (default {TRACE_DOCUMENTS}, --quick {QUICK_TRACE_DOCUMENTS}; 0: skip)",
    )
    parser.add_argument(
        "--state-json-up-to",
        type=int,
        default=100_000,
        help="serialise the state at the end when at most this many documents (default 100000)",
    )
    parser.add_argument("--seed-documents", type=int, default=corpus_gen.SEED_DOCUMENTS, help="real articles in the seed")
    parser.add_argument("--data", type=Path, default=corpus_gen.DEFAULT_DATA, help="the shared data folder (to analyse the seed)")
    parser.add_argument("--cache-dir", type=Path, default=corpus_gen.DEFAULT_CACHE_DIR, help="the seed cache folder (gitignored)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.batch_size <= 0 or WINDOW_DOCUMENTS % args.batch_size:
        print(f"error: --batch-size must divide {WINDOW_DOCUMENTS}; got {args.batch_size}", file=sys.stderr)
        return 2
    results = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    log(
        f"reached {results['reached']:,} ({results['reason']}); peak RSS {results['peak_rss_mib']:,} MiB; "
        f"{results['checkpoints']['ratios']}"
    )
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
