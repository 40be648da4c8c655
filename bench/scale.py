"""Benchmark: engines (in-process, process pool, Dask) and story clustering at scale.

Stages, in the order the script runs them:

1. build a corpus of ``CORPUS_DOCUMENTS`` (20,000) real news documents from
   ../shared/data under ``bench/corpus-scale/`` (ignored by git; never committed):
   round 0 is ``--docs`` distinct articles in their own formats (JSONL records,
   plain-text files, gzipped HTML pages); rounds 1.. are varied copies of them
   as JSONL records (new id, a numbered line appended, outlet suffixed, date
   shifted by ``ROUND_SHIFT_DAYS`` per round), so clustering sees a new set of
   stories in every round;
2. engines on round 0 (the same files, the same process, one after another):
   in-process (``LocalEngine``, the baseline), ``PoolEngine`` with 2 workers,
   ``DaskEngine`` on a LocalCluster with 1 and with 2 worker processes; each
   is ``count_inputs`` + ``ingest`` (extract, analyze, store, cluster) into a
   fresh SQLite store; the stored documents and stories are compared with the
   baseline's; RSS of the driver and of every child process is sampled;
3. memory: each engine again on ``MEMORY_DOCUMENTS`` documents with
   tracemalloc on in the driver (kept out of the timed runs: it slows the
   in-process baseline most, which would flatter the other engines);
4. clustering alone: the baseline's analyzed documents, replayed round by
   round exactly as the copies on disk vary them (id, appended line, outlet,
   shifted date: spaCy is not run again), through ``StoryClusterer.add`` in
   batches of ``CLUSTER_BATCH_SIZE``, timed at 5k / 10k / 20k documents;
5. write ``bench/scale.json``.

Usage: ``python bench/scale.py [--quick] [--docs N] [--output bench/scale.json]``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gc
import hashlib
import importlib.util
import itertools
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("CROSSREAD_SHARED_DATA", ROOT.parent / "shared" / "data"))
# Not under bench/corpus/: bench/run.py deletes that folder whole when it starts.
# The folder ignores itself (a .gitignore holding "*"), so nothing is committed.
DEFAULT_CORPUS_DIR = ROOT / "bench" / "corpus-scale"
RESULTS_SCHEMA = "crossread.bench.scale/1"

# Distinct documents in round 0 (what the engines ingest), full run and --quick.
# 1,000 documents take 1-3 minutes per engine run on the 2-core machine (more
# when other work competes), so 2 x 4 engine runs, the memory runs and
# clustering 20,000 documents fit in ~25 minutes.
DEFAULT_DOCUMENTS = 1000
QUICK_DOCUMENTS = 120
# Documents in the corpus on disk (round 0 + varied copies) and clustered;
# --quick writes and clusters QUICK_ROUNDS rounds.
CORPUS_DOCUMENTS = 20000
QUICK_ROUNDS = 10
# Clustering is timed at these corpus sizes (full run; --quick scales them down).
CLUSTER_CHECKPOINTS = (5000, 10000, 20000)
# Days a round is shifted from the previous one: more than the clusterer's
# TIME_WINDOW_DAYS (30) + TIME_GRACE_DAYS (3) and its SIGNATURE_WINDOW_DAYS
# (14), so a copy never joins its original's story: each round is new stories.
ROUND_SHIFT_DAYS = 91
# Undated originals (fnc1 bodies, some pages) get a date for their copies:
# this day plus their index modulo a year, so they spread over the weeks.
SYNTHETIC_BASE_DAY = date(2019, 1, 1)
# Share of round 0 each source provides (calibrated to the distinct documents
# each holds: allsides 1,479 short bodies, polnear 1,008 long texts, fnc1 904
# bodies, giveme5w1h 441, scrapinghub 181 pages, multiling 30).
SOURCE_SHARES = {
    "allsides": 0.45,
    "polnear": 0.17,
    "fnc1": 0.15,
    "giveme5w1h": 0.14,
    "scrapinghub": 0.08,
    "multiling": 0.01,
}
# Documents of the traced (tracemalloc) run per engine.
MEMORY_DOCUMENTS = 300
QUICK_MEMORY_DOCUMENTS = 40
# --quick clusters in smaller batches, so its checkpoints hold several.
QUICK_CLUSTER_BATCH_SIZE = 100
# Seconds between RSS samples of the driver and its children.
RSS_SAMPLE_SECONDS = 0.25
ENGINES = ("local", "pool-2", "dask-1", "dask-2")


def _load_run_module() -> ModuleType:
    """bench/run.py, for its corpus loaders (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("crossread_bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench_run = _load_run_module()
Record, File, Item = bench_run.Record, bench_run.File, bench_run.Item


# --------------------------------------------------------------------------- corpus


def fnc1_items(data: Path) -> list[Any]:
    """FNC-1 competition article bodies (no title, outlet or date)."""
    path = data / "fnc1-stance" / "competition_test_bodies.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [Record({"id": f"fnc1-{row['Body ID']}", "text": row["articleBody"], "outlet": "FNC-1"}) for row in rows]


def polnear_dates(data: Path) -> dict[str, str]:
    """PolNeAR file stem -> publication date (metadata.tsv)."""
    dates: dict[str, str] = {}
    with (data / "polnear" / "metadata.tsv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            dates[row["filename"]] = row["publication_date"]
    return dates


SOURCES: dict[str, Callable[[Path], list[Any]]] = {
    "allsides": bench_run.allsides_items,
    "polnear": bench_run.polnear_items,
    "fnc1": fnc1_items,
    "giveme5w1h": bench_run.giveme_items,
    "scrapinghub": bench_run.scrapinghub_items,
    "multiling": bench_run.multiling_items,
}


@dataclass(slots=True)
class Corpus:
    root: Path
    round0: Path
    documents: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    input_bytes: int = 0
    # Per round-0 item, in the order ingest reads them: (source path key, published or None).
    originals: list[tuple[str, str | None]] = field(default_factory=list)


def _shifted(day: str | None, index: int, copy: int) -> str:
    """The date of copy ``copy``: the original's date (or a synthetic one) + copy x ROUND_SHIFT_DAYS."""
    try:
        start = date.fromisoformat((day or "")[:10])
    except ValueError:
        start = SYNTHETIC_BASE_DAY + timedelta(days=index % 365)
    return (start + timedelta(days=copy * ROUND_SHIFT_DAYS)).isoformat()


def copy_mark(copy: int) -> str:
    return f"Benchmark copy {copy}."


def copy_record(item: Any, index: int, copy: int, published: str | None) -> dict[str, Any]:
    """Round ``copy`` of a round-0 item, as one JSONL record."""
    if isinstance(item, Record):
        fields = dict(item.fields)
        fields["id"] = f"{fields['id']}#copy{copy}"
        fields["text"] = f"{fields['text']}\n\n{copy_mark(copy)}"
    elif item.name.endswith(".html.gz"):
        import gzip

        html = gzip.decompress(item.data).decode("utf-8", "replace")
        fields = {"id": f"{item.name}#copy{copy}", "html": f"{html}\n<!-- {copy_mark(copy)} -->\n"}
    else:
        fields = {"id": f"{item.name}#copy{copy}", "text": f"{item.data.decode('utf-8', 'replace')}\n\n{copy_mark(copy)}"}
    fields["outlet"] = f"{fields.get('outlet') or 'unknown'} (bench copy {copy})"
    fields["published"] = _shifted(published, index, copy)
    return fields


def build_corpus(data: Path, target: Path, documents: int, rounds: int) -> tuple[Corpus, list[tuple[str, Any, str | None]]]:
    """Round 0 under ``target/round0`` (native formats), rounds 1.. as ``target/round-NN.jsonl``."""
    if target.exists():
        shutil.rmtree(target)
    (target / "round0").mkdir(parents=True)
    (target / ".gitignore").write_text("# written by bench/scale.py: never commit the corpus\n*\n", "utf-8")
    corpus = Corpus(target, target / "round0")
    dates = polnear_dates(data)
    chosen: list[tuple[str, Any, str | None]] = []
    for name, load in SOURCES.items():
        items = bench_run.spread(load(data), max(1, round(documents * SOURCE_SHARES[name])))
        corpus.by_source[name] = len(items)
        for item in items:
            published = item.fields.get("published") if isinstance(item, Record) else dates.get(item.name.split(".")[0])
            chosen.append((name, item, published))
        corpus.input_bytes += bench_run._write(corpus.round0, name, items)
    for copy in range(1, rounds):
        lines = [
            json.dumps(copy_record(item, index, copy, published), ensure_ascii=False) + "\n"
            for index, (_name, item, published) in enumerate(chosen)
        ]
        payload = "".join(lines).encode()
        (target / f"round-{copy:02d}.jsonl").write_bytes(payload)
        corpus.input_bytes += len(payload)
    corpus.documents = len(chosen) * rounds
    return corpus, chosen


# --------------------------------------------------------------------------- measuring


class RssSampler:
    """Peak RSS of this process and of its descendants (dask workers, pool workers), sampled in a thread."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self._stop = threading.Event()
        self.driver_peak = 0
        self.children_peak_sum = 0
        self.child_peak = 0
        self.children_seen: set[int] = set()
        self.children_cpu: dict[int, float] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        self.driver_peak = max(self.driver_peak, self._process.memory_info().rss)
        total = 0
        for child in self._process.children(recursive=True):
            try:
                rss = child.memory_info().rss
                times = child.cpu_times()
            except psutil.Error:
                continue
            self.children_seen.add(child.pid)
            self.children_cpu[child.pid] = times.user + times.system
            total += rss
            self.child_peak = max(self.child_peak, rss)
        self.children_peak_sum = max(self.children_peak_sum, total)

    def _run(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_SECONDS):
            self._sample()

    def __enter__(self) -> RssSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, Any]:
        return {
            "driver_rss_peak_mib": mib(self.driver_peak),
            "children": len(self.children_seen),
            "children_rss_peak_sum_mib": mib(self.children_peak_sum),
            "child_rss_peak_mib": mib(self.child_peak),
        }


def mib(value: float) -> float:
    return round(value / 2**20, 1)


def children_max_rss_mib() -> float:
    """ru_maxrss of the largest terminated, waited-for child so far (KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


@contextmanager
def traced(peaks: dict[str, float]) -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        peaks["tracemalloc_peak_mib"] = mib(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def make_engine(name: str, nlp: Any, model: str | None) -> Any:
    if name == "local":
        from crossread.engines.work import LocalEngine

        return LocalEngine(nlp)
    kind, workers = name.split("-")
    if kind == "pool":
        from crossread.engines.local import PoolEngine

        return PoolEngine(int(workers), model=model, preload=True)
    from crossread.engines.dask import DaskEngine

    return DaskEngine(workers=int(workers), model=model, preload=True)


def fingerprint(documents: Sequence[Any]) -> str:
    """One hash over every field of every stored document, in id order."""
    digest = hashlib.sha256()
    for analyzed in sorted(documents, key=lambda a: a.document.id):
        digest.update(repr(analyzed).encode())
    return digest.hexdigest()[:16]


@dataclass(slots=True)
class EngineRun:
    figures: dict[str, Any]
    documents: list[Any]


def run_engine(name: str, paths: list[Path], nlp: Any, model: str | None, batch_size: int, trace: bool) -> EngineRun:
    """count_inputs + ingest (with clustering) into a fresh store; startup timed apart."""
    from crossread.paragraphs import process_cache
    from crossread.pipeline import count_inputs, ingest
    from crossread.store.sqlite import SQLiteStore

    workdir = Path(tempfile.mkdtemp(prefix=f"crossread-scale-{name}-"))
    store = SQLiteStore(workdir / "scale.sqlite")
    peaks: dict[str, float] = {}
    # every run starts with no parsed paragraph kept, as a fresh worker process does: a repeat of the
    # in-process engine would otherwise take every parse from the first run's cache
    process_cache(nlp).clear()
    gc.collect()
    with RssSampler() as rss:
        started = time.perf_counter()
        engine = make_engine(name, nlp, model)
        startup = time.perf_counter() - started
        wall0, cpu0 = time.perf_counter(), time.process_time()
        if trace:
            tracemalloc.start()
        _total, stats = count_inputs(paths)
        report = ingest(paths, store, nlp, batch_size=batch_size, stats=stats, engine=engine)
        if trace:
            peaks["driver_tracemalloc_peak_mib"] = mib(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        engine.close()
    documents = list(store.iter_documents())
    stories = store.list_stories()
    store.close()
    shutil.rmtree(workdir, ignore_errors=True)
    ingested = len(report.ingested)
    children_cpu = sum(rss.children_cpu.values())
    figures = {
        "documents_ingested": ingested,
        "failed": len(report.failures),
        "stories": len(stories),
        "startup_seconds": round(startup, 2),
        "seconds": round(wall, 2),
        "documents_per_second": rate(ingested, wall),
        "documents_per_second_with_startup": rate(ingested, wall + startup),
        "driver_cpu_seconds": round(cpu, 2),
        "worker_cpu_seconds": round(children_cpu, 2),
        "fingerprint": fingerprint(documents),
        "stories_fingerprint": hashlib.sha256(repr(stories).encode()).hexdigest()[:16],
        "memory": rss.summary() | peaks,
    }
    log(f"{name}: {report.summary} in {wall:.1f} s (+{startup:.1f} s startup): {figures['documents_per_second']} docs/s")
    return EngineRun(figures, documents)


def combine(repeats: list[dict[str, Any]]) -> dict[str, Any]:
    """One engine's repeats: documents/s over all of them, the range, and whether every run stored the same."""
    ingested = sum(r["documents_ingested"] for r in repeats)
    wall = sum(r["seconds"] for r in repeats)
    startup = sum(r["startup_seconds"] for r in repeats)
    cpu = sum(r["driver_cpu_seconds"] + r["worker_cpu_seconds"] for r in repeats)
    return {
        "documents_per_second": rate(ingested, wall),
        "documents_per_second_with_startup": rate(ingested, wall + startup),
        "documents_per_second_each_repeat": [r["documents_per_second"] for r in repeats],
        "cpu_seconds": round(cpu / len(repeats), 2),
        "documents_per_cpu_second": rate(ingested, cpu),
        "fingerprints": [f"{r['fingerprint']}/{r['stories_fingerprint']}" for r in repeats],
        "repeats": repeats,
    }


def rate(count: float, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def ratio(value: float, base: float, digits: int = 3) -> float | None:
    return round(value / base, digits) if base else None


# --------------------------------------------------------------------------- clustering


def replay(documents: Sequence[Any], published: dict[str, str | None]) -> Iterator[Any]:
    """Round 0's analyzed documents, then each round's copies: id, text, outlet and date as on disk.

    Rounds go on past those on disk when failures in round 0 leave fewer
    documents than wanted.
    """
    from crossread.model import content_id

    index_of = {path: i for i, path in enumerate(published)}
    ordered = sorted(documents, key=lambda a: index_of.get(a.document.source_path, len(index_of)))
    yield from ordered
    for copy in itertools.count(1):
        for analyzed in ordered:
            doc = analyzed.document
            index = index_of.get(doc.source_path, 0)
            text = f"{doc.text}\n\n{copy_mark(copy)}"
            new = dataclasses.replace(
                doc,
                id=content_id("text", text.encode(), str(copy), prefix="d"),
                source_path=f"round-{copy:02d}.jsonl:{index + 1}",
                text=text,
                outlet=f"{doc.outlet or 'unknown'} (bench copy {copy})",
                published=_shifted(published.get(doc.source_path) or doc.published, index, copy),
            )
            yield dataclasses.replace(analyzed, document=new)


def cluster_scaling(documents: Sequence[Any], checkpoints: Sequence[int], batch_size: int) -> dict[str, Any]:
    """One StoryClusterer over the documents in batches; cumulative seconds at each checkpoint."""
    from crossread.stages.cluster import StoryClusterer

    clusterer = StoryClusterer()
    at: dict[str, Any] = {}
    batch_seconds: list[float] = []
    total = 0.0
    gc.collect()
    for start in range(0, checkpoints[-1], batch_size):
        batch = documents[start : start + batch_size]
        wall0 = time.perf_counter()
        clusterer.add(batch)
        batch_seconds.append(time.perf_counter() - wall0)
        total += batch_seconds[-1]
        done = start + len(batch)
        if done in checkpoints:
            stories = clusterer.stories()
            at[str(done)] = {
                "seconds": round(total, 2),
                "documents_per_second": rate(done, total),
                "stories": len(stories),
                "multi_document_stories": sum(len(s.doc_ids) > 1 for s in stories),
            }
            log(f"clustering: {done} documents in {total:.1f} s, {len(stories)} stories")
    first, last = checkpoints[0], checkpoints[-1]
    return {
        "what": "StoryClusterer.add over analyzed documents in batches (driver only, no store)",
        "batch_size": batch_size,
        "at": at,
        "batch_seconds": [round(s, 2) for s in batch_seconds],
        "growth": {
            "documents_ratio": round(last / first, 2),
            "seconds_ratio": round(at[str(last)]["seconds"] / at[str(first)]["seconds"], 2)
            if at[str(first)]["seconds"]
            else None,
            "last_batch_over_first_batch": ratio(batch_seconds[-1], batch_seconds[0], 2),
        },
    }


def cluster_memory(documents: Sequence[Any], count: int, batch_size: int) -> dict[str, float]:
    """tracemalloc peak of clustering ``count`` documents (a separate, untimed pass), and the state's JSON size."""
    from crossread.stages.cluster import StoryClusterer

    peaks: dict[str, float] = {}
    clusterer = StoryClusterer()
    with traced(peaks):
        for start in range(0, count, batch_size):
            clusterer.add(documents[start : start + batch_size])
        state_bytes = len(json.dumps(clusterer.state.to_dict()))
    peaks["state_json_mib"] = mib(state_bytes)
    return peaks


# --------------------------------------------------------------------------- run


def run(args: argparse.Namespace) -> dict[str, Any]:
    from importlib.metadata import version

    from crossread.pipeline import CLUSTER_BATCH_SIZE, model_package
    from crossread.stages.analyze import PIPE_BATCH_SIZE, load_nlp

    documents = args.docs or (QUICK_DOCUMENTS if args.quick else DEFAULT_DOCUMENTS)
    memory_documents = QUICK_MEMORY_DOCUMENTS if args.quick else MEMORY_DOCUMENTS
    batch_size = args.batch_size or PIPE_BATCH_SIZE
    load_before = os.getloadavg()

    # 1. corpus
    rounds = QUICK_ROUNDS if args.quick else -(-CORPUS_DOCUMENTS // documents)
    log(f"building a corpus of {rounds} rounds x {documents} documents under {args.corpus_dir}")
    started = time.perf_counter()
    corpus, chosen = build_corpus(args.data, args.corpus_dir, documents, rounds)
    corpus_seconds = time.perf_counter() - started
    log(f"corpus: {corpus.documents} documents, {corpus.input_bytes / 2**20:.1f} MiB in {corpus_seconds:.1f} s")

    nlp = load_nlp(args.model)
    model = args.model or model_package(nlp)

    # 2. engines, timed, on round 0; repeats alternate the order (ABBA) so that
    #    load from other processes drifting over the run favours no engine
    runs: dict[str, list[EngineRun]] = {name: [] for name in ENGINES}
    for repeat in range(args.repeats):
        for name in ENGINES if repeat % 2 == 0 else ENGINES[::-1]:
            log(f"engine {name} (repeat {repeat + 1}/{args.repeats}): ingesting round 0 ({documents} documents)")
            runs[name].append(run_engine(name, [corpus.round0], nlp, model, batch_size, trace=False))
    engines = {name: combine([r.figures for r in repeats]) for name, repeats in runs.items()}
    baseline = engines["local"]
    for figures in engines.values():
        figures["identical_to_local"] = figures["fingerprints"] == baseline["fingerprints"][:1] * len(figures["fingerprints"])
        figures["throughput_over_local"] = ratio(figures["documents_per_second"], baseline["documents_per_second"])
        figures["cpu_seconds_over_local"] = ratio(figures["cpu_seconds"], baseline["cpu_seconds"])

    # 3. memory, traced, on a subset of round 0
    subset = args.corpus_dir / "memory"
    if subset.exists():
        shutil.rmtree(subset)
    subset.mkdir(parents=True)
    memory_items = bench_run.spread([item for _name, item, _published in chosen], memory_documents)
    bench_run._write(subset, "memory", memory_items)
    memory: dict[str, Any] = {}
    for name in ENGINES:
        log(f"engine {name}: traced run on {len(memory_items)} documents")
        memory[name] = run_engine(name, [subset], nlp, model, batch_size, trace=True).figures["memory"]
    shutil.rmtree(subset, ignore_errors=True)
    for figures in memory.values():
        base = memory["local"]
        figures["driver_tracemalloc_over_local"] = ratio(
            figures["driver_tracemalloc_peak_mib"], base["driver_tracemalloc_peak_mib"]
        )
        figures["all_processes_rss_over_local"] = ratio(
            figures["driver_rss_peak_mib"] + figures["children_rss_peak_sum_mib"],
            base["driver_rss_peak_mib"] + base["children_rss_peak_sum_mib"],
        )

    # 4. clustering alone: round 0's analysis replayed for every round
    published = dict(zip(_item_paths(corpus.round0, chosen), (when for _n, _i, when in chosen), strict=True))
    analyzed = runs["local"][0].documents
    wanted = len(chosen) * rounds if args.quick else CLUSTER_CHECKPOINTS[-1]
    replayed = list(itertools.islice(replay(analyzed, published), wanted))
    cluster_batch = QUICK_CLUSTER_BATCH_SIZE if args.quick else CLUSTER_BATCH_SIZE
    quarters = (wanted // 4, wanted // 2, wanted)
    checkpoints = tuple(c - c % cluster_batch for c in quarters) if args.quick else CLUSTER_CHECKPOINTS
    log(f"clustering {checkpoints[-1]} replayed documents (checkpoints {checkpoints})")
    clustering = cluster_scaling(replayed, checkpoints, cluster_batch)
    clustering["memory_at_first_checkpoint"] = cluster_memory(replayed, checkpoints[0], cluster_batch)
    clustering["analysis_reused"] = (
        f"the {len(analyzed)} documents analyzed in the in-process engine run (round 0), replayed round by round "
        "with the id, appended line, outlet and shifted date of the copies on disk (spaCy is not run again; the "
        "appended line 'Benchmark copy N.' is in the text, so MinHash sees it, but not in sentences/mentions); "
        f"rounds continue past {rounds - 1} when round-0 failures leave fewer than {wanted} documents"
    )

    load_after = os.getloadavg()
    return {
        "schema": RESULTS_SCHEMA,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "machine": bench_run.machine_info(nlp) | bench_run.contention(load_before, load_after),
        "versions": {"dask": version("dask"), "distributed": version("distributed")},
        "corpus": {
            "documents": corpus.documents,
            "rounds": rounds,
            "round0_documents": documents,
            "round0_by_source": corpus.by_source,
            "round0_formats": "allsides, fnc1, giveme5w1h, multiling: JSONL records; polnear: .txt files; scrapinghub: .html.gz",
            "copies": f"rounds 1-{rounds - 1}: one JSONL file per round, one record per round-0 document: id '#copyN', "
            "text + a line 'Benchmark copy N.' (HTML pages: an HTML comment), outlet suffixed ' (bench copy N)', "
            f"published = the original's date (polnear: metadata.tsv; undated: {SYNTHETIC_BASE_DAY} + index mod 365 days) "
            f"+ N x {ROUND_SHIFT_DAYS} days, beyond the clusterer's time window, so every round is new stories",
            "input_bytes": corpus.input_bytes,
            "build_seconds": round(corpus_seconds, 2),
            "path": str(corpus.root),
        },
        "engines": {
            "what": "count_inputs + pipeline.ingest (read, extract, analyze, store, cluster) of round 0 into a fresh "
            "SQLite store; startup (pool spawn / LocalCluster + model load in every worker) timed apart; "
            f"{args.repeats} repeats per engine, order {', '.join(ENGINES)} then reversed (ABBA), documents/s over all "
            "repeats; cpu_seconds = driver + worker processes (workers' include their model load), per repeat",
            "documents": documents,
            "batch_size": batch_size,
            "partition_size": batch_size,
            "runs": engines,
        },
        "memory": {
            "what": f"each engine again on {len(memory_items)} documents of round 0, tracemalloc on in the driver; "
            "RSS of the driver and of all its descendant processes sampled every "
            f"{RSS_SAMPLE_SECONDS} s (also in the timed runs, under engines.runs.*.memory)",
            "runs": memory,
            "children_ru_maxrss_mib": children_max_rss_mib(),
            "children_ru_maxrss_note": "Linux keeps a child's pre-exec high-water mark, so a spawned worker reports at "
            "least the driver's RSS at spawn time: use the sampled children_rss_* figures per run",
        },
        "clustering": clustering,
    }


def _item_paths(round0: Path, chosen: Sequence[tuple[str, Any, str | None]]) -> Iterator[str]:
    """The source_path ingest gives each round-0 item (bench/run.py's _write layout)."""
    line = {name: 0 for name in SOURCES}
    for name, item, _published in chosen:
        if isinstance(item, Record):
            line[name] += 1
            yield f"{round0 / (name + '.jsonl')}:{line[name]}"
        else:
            yield str(round0 / name / item.name)


def log(message: str) -> None:
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "scale.json", help="where to write the JSON results")
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_DOCUMENTS} documents per round")
    parser.add_argument("--docs", type=int, help=f"round-0 documents (default {DEFAULT_DOCUMENTS}, --quick {QUICK_DOCUMENTS})")
    parser.add_argument("--batch-size", type=int, help="nlp.pipe batch size and partition size (default: crossread's)")
    parser.add_argument("--model", help="spaCy pipeline (default: what crossread loads)")
    parser.add_argument("--repeats", type=int, default=2, help="runs per engine, the order reversed every other time (default 2)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR, help="where the corpus is written (gitignored)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.data.is_dir():
        print(f"error: shared data not found at {args.data}; pass --data or set CROSSREAD_SHARED_DATA", file=sys.stderr)
        return 2
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("error: the Dask runs need dask.distributed: pip install 'dask[distributed]==2026.8.0'", file=sys.stderr)
        return 2
    results = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    for name, figures in results["engines"]["runs"].items():
        log(f"{name}: {figures['documents_per_second']} docs/s, x{figures['throughput_over_local']} vs local")
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
