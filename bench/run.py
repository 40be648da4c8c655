"""Benchmark: ``crossread.pipeline.ingest`` against spaCy alone, in one process.

Stages, in the order the script runs them:

1. build a corpus of real news from ../shared/data (JSONL records, plain-text
   files and HTML pages) into ``bench/corpus/`` (gitignored; never committed);
2. load the spaCy pipeline crossread uses, and the same model plain (the
   baseline), and warm both up;
3. extract the clean texts (crossread's first pass and extract, nothing stored);
4. spaCy alone: ``nlp.pipe`` over those clean texts, with crossread's batch size;
5. crossread: ``count_inputs`` (the first pass the CLI makes) then ``ingest``
   (extract, analyze, store, story clustering) into a fresh SQLite store, in
   this process (the default engine), timed end to end and split by stage;
   then every story it made is briefed and stored (``corpus.brief_changed_stories``,
   as ``crossread ingest`` does), timed apart;
6. spaCy alone again, the same texts and settings: crossread is compared with the
   mean of the run before it and the run after it (``SPACY_ALONE_RUNS``);
7. write ``results.json``: documents/s, words/s, the crossread/spaCy ratios
   (wall-clock and CPU time; ``end_to_end_cpu_throughput_over_spacy`` counts the
   briefs too), each spaCy-alone run and the ratio against each, peak memory,
   machine info.

Usage: ``python bench/run.py [--quick] [--docs N] [--output bench/results.json]``.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("CROSSREAD_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEFAULT_CORPUS_DIR = ROOT / "bench" / "corpus"
RESULTS_SCHEMA = "crossread.bench/1"

# Documents in the full run and in --quick. 3,000 documents (~0.8 M words)
# keep the full run under ~10 minutes on the 2-core development machine.
DEFAULT_DOCUMENTS = 3000
QUICK_DOCUMENTS = 300
# Share of the corpus each source provides. Calibrated to the unique documents
# each set holds (allsides 1,479 short bodies, giveme5w1h 441, polnear 1,008
# long texts, scrapinghub 181 pages, multiling 30): the long polnear texts are
# sampled so the full run stays within its time budget, short allsides bodies
# are repeated (with variation) to reach 3,000 documents.
SOURCE_SHARES = {"allsides": 0.66, "giveme5w1h": 0.16, "polnear": 0.11, "scrapinghub": 0.06, "multiling": 0.01}
# Failures listed by path and reason in the results (all are counted).
MAX_FAILURES_LISTED = 20
# Documents each pipeline sees before timing starts (model and code warm-up).
WARMUP_DOCUMENTS = 16
# When spaCy alone is timed: before crossread, and after it (ingest and briefs). On the shared 2-core
# machine spaCy alone's CPU time for the same texts drifted 88-107 s within one hour (stop 37), so a
# single run before crossread moved the end-to-end ratio by +-0.08 from one bench to the next. The
# baseline crossread is divided by is the mean of the runs that bracket it (for two runs, also their
# median): a drift during the bench weighs on both sides alike. Every run and the ratio against each
# are in the results (``spacy_alone.runs``, ``ratio.end_to_end_cpu_throughput_over_spacy_by_run``).
SPACY_ALONE_RUNS = ("before_crossread", "after_crossread")

T = TypeVar("T")


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True, slots=True)
class Record:
    """One article as a JSONL record (the shape crossread's JSONL reader accepts)."""

    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class File:
    """One article as a file (plain text or gzipped HTML), under its original name."""

    name: str
    data: bytes


Item = Record | File


def _paragraphs(value: Any) -> str:
    if isinstance(value, list):
        return "\n\n".join(str(part).strip() for part in value if str(part).strip())
    return str(value or "")


def allsides_items(data: Path) -> list[Item]:
    """Left/center/right article bodies of every AllSides story."""
    items: list[Item] = []
    path = data / "allsides-neus" / "allsides_stories_2021-04_to_2021-10.jsonl"
    for line in path.read_text("utf-8").splitlines():
        story = json.loads(line)
        for side, news in sorted(story.get("news", {}).items()):
            text = _paragraphs(news.get("newBody"))
            if text.strip():
                items.append(
                    Record(
                        {
                            "id": f"allsides-{story['id']}-{side}",
                            "title": news.get("newsTitle"),
                            "text": text,
                            "url": news.get("newsLink"),
                            "outlet": news.get("newsSource"),
                            "published": story.get("date"),
                        }
                    )
                )
    return items


def giveme_items(data: Path) -> list[Item]:
    """giveme5w1h articles (gold standard and news clusters, deduplicated by document id)."""
    by_id: dict[str, Item] = {}
    for path in sorted((data / "giveme5w1h").glob("*/*.json")):
        article = json.loads(path.read_text("utf-8"))
        if not article.get("text") or article.get("dId") in by_id:
            continue
        by_id[article["dId"]] = Record(
            {
                "id": article["dId"],
                "title": article.get("title"),
                "text": article["text"],
                "url": article.get("url"),
                "outlet": article.get("publisher") or article.get("source_domain"),
                "published": article.get("date_publish"),
                "author": article.get("authors"),
            }
        )
    return [by_id[key] for key in sorted(by_id)]


def multiling_items(data: Path) -> list[Item]:
    """MultiLing 2011 Wikinews documents."""
    items: list[Item] = []
    for line in (data / "multiling2011-sample" / "documents.jsonl").read_text("utf-8").splitlines():
        for document in json.loads(line)["documents"]:
            items.append(Record({"id": document["filename"], "text": _paragraphs(document["text"]), "outlet": "Wikinews"}))
    return items


def polnear_items(data: Path) -> list[Item]:
    """PolNeAR plain-text articles (they go through crossread's debris cleaning)."""
    return [File(p.name, p.read_bytes()) for p in sorted((data / "polnear").glob("*/text/*.txt"))]


def scrapinghub_items(data: Path) -> list[Item]:
    """Scrapinghub benchmark HTML pages, gzipped as published (they go through trafilatura)."""
    return [File(p.name, p.read_bytes()) for p in sorted((data / "article-extraction-scrapinghub" / "html").glob("*.html.gz"))]


SOURCES: dict[str, Callable[[Path], list[Item]]] = {
    "allsides": allsides_items,
    "giveme5w1h": giveme_items,
    "polnear": polnear_items,
    "scrapinghub": scrapinghub_items,
    "multiling": multiling_items,
}


def spread(items: list[T], count: int) -> list[T]:
    """``count`` items evenly spaced over ``items`` (so a sample mixes outlets and topics)."""
    if count >= len(items):
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


def varied_copy(item: Item, copy: int) -> Item:
    """A copy that differs from the original, so the content-hash dedup keeps it.

    Text gets a numbered line appended; a copy's records carry their own outlet
    name and its files go to their own folder, so copies never count as lines
    repeated across documents of one site (crossread's debris statistics).
    HTML pages get a numbered comment appended (same extracted text).
    """
    mark = f"Benchmark copy {copy}."
    if isinstance(item, Record):
        fields = dict(item.fields)
        fields["id"] = f"{fields['id']}#copy{copy}"
        fields["text"] = f"{fields['text']}\n\n{mark}"
        fields["outlet"] = f"{fields.get('outlet') or 'unknown'} (bench copy {copy})"
        return Record(fields)
    if item.name.endswith(".html.gz"):
        return File(item.name[: -len(".gz")], gzip.decompress(item.data) + f"\n<!-- {mark} -->\n".encode())
    return File(item.name, item.data + f"\n\n{mark}\n".encode())


@dataclass(slots=True)
class Corpus:
    path: Path
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    documents: int = 0
    copies: int = 0
    input_bytes: int = 0


def build_corpus(data: Path, target: Path, documents: int) -> Corpus:
    """Write ``documents`` articles from the shared data sets under ``target``, by SOURCE_SHARES."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    corpus = Corpus(target)
    for name, load in SOURCES.items():
        unique = load(data)
        wanted = round(documents * SOURCE_SHARES[name])
        rounds: dict[int, list[Item]] = {0: spread(unique, wanted)}
        copy = 0
        while (remaining := wanted - sum(len(items) for items in rounds.values())) > 0:
            copy += 1
            rounds[copy] = [varied_copy(item, copy) for item in spread(unique, remaining)]
        for copy, items in sorted(rounds.items()):
            suffix = f"-copy{copy}" if copy else ""
            corpus.input_bytes += _write(target, f"{name}{suffix}", items)
        copies = sum(len(items) for copy, items in rounds.items() if copy)
        corpus.by_source[name] = {"documents": len(rounds[0]) + copies, "unique": len(rounds[0]), "copies": copies}
        corpus.documents += len(rounds[0]) + copies
        corpus.copies += copies
    return corpus


def _write(target: Path, stem: str, items: list[Item]) -> int:
    records = [i for i in items if isinstance(i, Record)]
    files = [i for i in items if isinstance(i, File)]
    written = 0
    if records:
        payload = "".join(json.dumps(r.fields, ensure_ascii=False) + "\n" for r in records).encode()
        (target / f"{stem}.jsonl").write_bytes(payload)
        written += len(payload)
    if files:
        folder = target / stem
        folder.mkdir()
        for f in files:
            (folder / f.name).write_bytes(f.data)
            written += len(f.data)
    return written


# --------------------------------------------------------------------------- measuring


def max_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def reset_peak_rss() -> bool:
    """Start a new RSS high-water mark for this process (Linux: /proc/self/clear_refs "5"); False where unsupported.

    Without it the spaCy-alone run's peak would hide crossread's own. The
    reset also applies to ``ru_maxrss``, so the spaCy-alone, ingest and briefs
    figures of ``memory_mib`` are each the peak of that phase alone.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


@dataclass(slots=True)
class StageClock:
    """Wall and CPU time spent inside wrapped functions, by stage name."""

    wall: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, stage: str, wall0: float, cpu0: float) -> None:
        self.wall[stage] += time.perf_counter() - wall0
        self.cpu[stage] += time.process_time() - cpu0

    def call(self, stage: str, function: Callable[..., T]) -> Callable[..., T]:
        def timed(*args: Any, **kwargs: Any) -> T:
            wall0, cpu0 = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(stage, wall0, cpu0)

        return timed

    def iterator(self, stage: str, function: Callable[..., Iterable[T]]) -> Callable[..., Iterator[T]]:
        def timed(*args: Any, **kwargs: Any) -> Iterator[T]:
            items = iter(function(*args, **kwargs))
            while True:
                wall0, cpu0 = time.perf_counter(), time.process_time()
                try:
                    item = next(items)
                except StopIteration:
                    self.add(stage, wall0, cpu0)
                    return
                self.add(stage, wall0, cpu0)
                yield item

        return timed

    @staticmethod
    def split(clock: dict[str, float], total: float) -> dict[str, float]:
        """Seconds by stage: spaCy's share of analyze apart from crossread's own analysis; the rest is other."""
        stages = dict(clock)
        analyze = stages.pop("analyze", 0.0)
        stages["spacy_pipe"] = analyze - stages.get("analyze_extras", 0.0)
        stages["other"] = total - sum(stages.values())
        order = ("scan", "read", "extract", "spacy_pipe", "analyze_extras", "store", "cluster", "other")
        return {name: round(stages.get(name, 0.0), 2) for name in order}


@contextmanager
def stage_timing(clock: StageClock, store: Any, extras: StageClock | None = None) -> Iterator[None]:
    """Wrap the functions the pipeline calls for each stage (cheap: two clock reads per call).

    ``crossread.pipeline`` (reading, clustering) and ``crossread.engines.work``
    (extract, analyze: the engines' work unit) imported them by name, so they are
    patched there; ``analyze_parsed`` is looked up in its own module by ``analyze_many``.
    ``extras`` (a clock of its own, so nothing is counted twice) splits ``analyze_extras``
    into the finders ``analyze_parsed`` calls: dates, quotes, amounts and the parse's packing.
    """
    import crossread.engines.work as work
    import crossread.pipeline as pipeline
    import crossread.stages.analyze as analyze
    import crossread.stages.extract as extract
    import crossread.stages.sources as sources

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(pipeline, "read_sources", clock.iterator("read", sources.read_sources)))
        stack.enter_context(mock.patch.object(work, "extract", clock.call("extract", extract.extract)))
        stack.enter_context(mock.patch.object(work, "analyze_many", clock.iterator("analyze", analyze.analyze_many)))
        stack.enter_context(mock.patch.object(analyze, "analyze_parsed", clock.call("analyze_extras", analyze.analyze_parsed)))
        stack.enter_context(mock.patch.object(pipeline, "update_stories", clock.call("cluster", pipeline.update_stories)))
        stack.enter_context(mock.patch.object(store, "add_document", clock.call("store", store.add_document)))
        if extras is not None:
            for stage, name in (
                ("dates", "find_dates"),
                ("quotes", "find_quotes"),
                ("amounts", "find_amounts"),
                ("pack_parse", "pack"),
            ):
                stack.enter_context(mock.patch.object(analyze, name, extras.call(stage, getattr(analyze, name))))
        yield


@contextmanager
def traced(enabled: bool, peaks: dict[str, float], phase: str) -> Iterator[None]:
    """tracemalloc peak of one phase (only with --tracemalloc: it slows Python code down)."""
    if not enabled:
        yield
        return
    tracemalloc.start()
    try:
        yield
    finally:
        peaks[phase] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()


def machine_info(nlp: Any) -> dict[str, Any]:
    from spacy import about

    import crossread

    cpu_model = None
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu_model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")), None
        )
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": about.__version__,
        "crossread": getattr(crossread, "__version__", None),
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "pipe_names": list(nlp.pipe_names),
    }


def contention(before: tuple[float, float, float], after: tuple[float, float, float]) -> dict[str, Any]:
    """Load averages around the run; other work on the machine inflates wall times, much less CPU times."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    # The benchmark itself keeps one CPU busy: a 1-minute load above the CPU count means others competed.
    busy = max(before[0], after[0]) > cpus
    return {
        "load_average_before": [round(x, 2) for x in before],
        "load_average_after": [round(x, 2) for x in after],
        "other_load": busy,
        "note": "other processes competed for the CPUs: compare the cpu_* figures, wall-clock ones are inflated"
        if busy
        else "machine otherwise idle: wall-clock figures are representative",
    }


def rate(count: float, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def time_pipe(pipeline: Any, texts: list[str], batch_size: int) -> dict[str, float]:
    """Wall and CPU seconds of ``pipeline.pipe`` over ``texts`` (every Doc made and dropped, as spaCy alone runs)."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _doc in pipeline.pipe(texts, batch_size=batch_size):
        pass
    return {"seconds": time.perf_counter() - wall0, "cpu_seconds": time.process_time() - cpu0}


def baseline(runs: dict[str, dict[str, float]]) -> dict[str, float]:
    """The spaCy-alone figures crossread is compared with: the mean wall and CPU seconds of ``runs`` (name -> run)."""
    return {key: sum(run[key] for run in runs.values()) / len(runs) for key in ("seconds", "cpu_seconds")}


def end_to_end_ratio(spacy_cpu: float, crossread_cpu: float) -> float | None:
    """spaCy alone's CPU seconds over crossread's (ingest plus briefs) for the same texts: a throughput ratio."""
    return round(spacy_cpu / crossread_cpu, 3) if crossread_cpu > 0 else None


# --------------------------------------------------------------------------- run


def run(args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    from crossread.pipeline import IngestReport, count_inputs, extract_all, ingest
    from crossread.stages.analyze import PIPE_BATCH_SIZE, load_nlp
    from crossread.stages.sources import read_sources
    from crossread.store.sqlite import SQLiteStore

    documents = args.docs or (QUICK_DOCUMENTS if args.quick else DEFAULT_DOCUMENTS)
    batch_size = args.batch_size or PIPE_BATCH_SIZE
    memory: dict[str, float] = {}
    traced_peaks: dict[str, float] = {}
    load_before = os.getloadavg()

    # 1. corpus
    log(f"building a corpus of {documents} documents under {args.corpus_dir}")
    started = time.perf_counter()
    corpus = build_corpus(args.data, args.corpus_dir, documents)
    corpus_seconds = time.perf_counter() - started
    memory["after_corpus_build"] = max_rss_mib()

    # 2. models: crossread's pipeline, and the same package loaded plain for the baseline
    nlp = load_nlp(args.model)
    package = f"{nlp.meta['lang']}_{nlp.meta['name']}"
    warmup = [line for line in (ROOT / "README.md").read_text("utf-8").split("\n\n") if line.strip()][:WARMUP_DOCUMENTS]

    def load_plain() -> Any:
        """The baseline pipeline, loaded and warmed up afresh (its vocabulary has not seen the texts yet)."""
        loaded = spacy.load(args.model or package)
        for _doc in loaded.pipe(warmup, batch_size=batch_size):
            pass
        return loaded

    for _doc in nlp.pipe(warmup, batch_size=batch_size):
        pass
    plain = load_plain()
    memory["after_model_load"] = max_rss_mib()

    # 3. the clean texts for the baseline: crossread's own first pass and extract, nothing stored
    log("extracting the clean texts for the baseline")
    _total, stats = count_inputs([corpus.path])
    nowhere = SQLiteStore(":memory:")
    texts = [d.text for d in extract_all(read_sources([corpus.path]), nowhere, stats, IngestReport(), lambda _e, _p: None)]
    nowhere.close()
    words = sum(len(text.split()) for text in texts)

    # 4. spaCy alone over those texts (first, so that its RSS high-water mark is its own)
    gc.collect()
    resettable = reset_peak_rss()  # from here on, each "after_*" figure is the peak of its own phase
    log(f"spaCy alone: nlp.pipe over {len(texts)} texts")
    spacy_runs: dict[str, dict[str, float]] = {}
    with traced(args.tracemalloc, traced_peaks, "spacy_alone"):
        spacy_runs[SPACY_ALONE_RUNS[0]] = time_pipe(plain, texts, batch_size)
    memory["after_spacy_alone"] = max_rss_mib()
    log(f"spaCy alone: {spacy_runs[SPACY_ALONE_RUNS[0]]['cpu_seconds']:.1f} s of CPU")

    # 5. crossread: the CLI's first pass (count + debris statistics), then ingest into a fresh store
    workdir = Path(tempfile.mkdtemp(prefix="crossread-bench-"))
    store = SQLiteStore(workdir / "bench.sqlite")
    clock = StageClock()
    extras = StageClock()
    gc.collect()
    reset_peak_rss()
    log("crossread: scanning and ingesting")
    wall0, cpu0 = time.perf_counter(), time.process_time()
    with traced(args.tracemalloc, traced_peaks, "crossread_ingest"):
        _total, stats = clock.call("scan", count_inputs)([corpus.path])
        with stage_timing(clock, store, extras):
            report = ingest([corpus.path], store, nlp, batch_size=batch_size, stats=stats)
    crossread_wall, crossread_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    memory["after_crossread_ingest"] = max_rss_mib()
    reset_peak_rss()
    log(f"crossread: {report.summary} in {crossread_wall:.1f} s; briefing every story it made")
    # 5b. the story half, as `crossread ingest` runs it: brief and store every story this ingest changed
    from crossread.corpus import brief_changed_stories

    wall0, cpu0 = time.perf_counter(), time.process_time()
    briefed = brief_changed_stories(store, report.ingested_ids, nlp)
    briefs_wall, briefs_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    memory["after_briefs"] = max_rss_mib()
    stored = sorted(analyzed.document.text for analyzed in store.iter_documents())
    store_bytes = sum(p.stat().st_size for p in workdir.iterdir())
    store.close()
    shutil.rmtree(workdir, ignore_errors=True)
    log(f"briefs: {briefed} stories in {briefs_wall:.1f} s")

    # 6. spaCy alone again, after crossread: the baseline is the mean of the runs around it. Each run gets
    # the pipeline loaded afresh, as crossread's own is at the start: a pipeline that has already read the
    # texts has a lexeme for every word, and ran 8-18% faster (--quick, three runs)
    for name in SPACY_ALONE_RUNS[1:]:
        plain = None
        gc.collect()
        plain = load_plain()
        reset_peak_rss()
        spacy_runs[name] = time_pipe(plain, texts, batch_size)
        log(f"spaCy alone ({name}): {spacy_runs[name]['cpu_seconds']:.1f} s of CPU")
    memory["after_spacy_alone_again"] = max_rss_mib()
    mean = baseline(spacy_runs)
    spacy_wall, spacy_cpu = mean["seconds"], mean["cpu_seconds"]
    end_to_end_cpu = crossread_cpu + briefs_cpu

    # 7. results
    ingested = len(report.ingested)
    return {
        "schema": RESULTS_SCHEMA,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "machine": machine_info(nlp) | contention(load_before, os.getloadavg()),
        "corpus": {
            "documents": corpus.documents,
            "unique_documents": corpus.documents - corpus.copies,
            "varied_copies": corpus.copies,
            "variation": "each copy: a numbered line 'Benchmark copy N.' appended to its text (HTML: a comment), "
            "its outlet suffixed '(bench copy N)' and its files in their own folder",
            "by_source": corpus.by_source,
            "formats": {
                "allsides": "jsonl",
                "giveme5w1h": "jsonl",
                "multiling": "jsonl",
                "polnear": "txt files",
                "scrapinghub": "html.gz files (copies: .html)",
            },
            "input_bytes": corpus.input_bytes,
            "clean_words": words,
            "build_seconds": round(corpus_seconds, 2),
            "path": str(corpus.path),
        },
        "crossread": {
            "what": "count_inputs (first pass) + pipeline.ingest into a fresh SQLite store",
            "batch_size": batch_size,
            "documents_ingested": ingested,
            "skipped_as_duplicate": len(report.duplicates),
            "failed": len(report.failures),
            "failures_by_stage": dict(sorted(_count(f.stage for f in report.failures).items())),
            "seconds": round(crossread_wall, 2),
            "cpu_seconds": round(crossread_cpu, 2),
            "documents_per_second": rate(ingested, crossread_wall),
            "words_per_second": rate(words, crossread_wall),
            "documents_per_cpu_second": rate(ingested, crossread_cpu),
            "words_per_cpu_second": rate(words, crossread_cpu),
            "stage_seconds": clock.split(clock.wall, crossread_wall),
            "stage_cpu_seconds": clock.split(clock.cpu, crossread_cpu),
            "analyze_extras_cpu_seconds": {name: round(seconds, 2) for name, seconds in sorted(extras.cpu.items())},
            "failures": [
                {"source_path": _relative(f.source_path, corpus.path), "stage": f.stage, "reason": f.reason}
                for f in report.failures[:MAX_FAILURES_LISTED]
            ],
            "same_texts_as_baseline": stored == sorted(texts),
            "store_bytes": store_bytes,
        },
        "briefs": {
            "what": "corpus.brief_changed_stories: every story the ingest made, briefed and stored (as crossread ingest does)",
            "stories": briefed,
            "seconds": round(briefs_wall, 2),
            "cpu_seconds": round(briefs_cpu, 2),
        },
        "spacy_alone": {
            "what": f"spacy.load({args.model or package!r}); nlp.pipe over the clean texts of crossread's extract",
            "measured": "the mean of the runs before and after crossread (runs); the rates and ratios use it",
            "runs": {
                name: {"seconds": round(r["seconds"], 2), "cpu_seconds": round(r["cpu_seconds"], 2)}
                for name, r in spacy_runs.items()
            },
            "pipe_names": list(plain.pipe_names),
            "batch_size": batch_size,
            "documents": len(texts),
            "seconds": round(spacy_wall, 2),
            "cpu_seconds": round(spacy_cpu, 2),
            "documents_per_second": rate(len(texts), spacy_wall),
            "words_per_second": rate(words, spacy_wall),
            "documents_per_cpu_second": rate(len(texts), spacy_cpu),
            "words_per_cpu_second": rate(words, spacy_cpu),
        },
        "ratio": {
            "throughput_crossread_over_spacy": round(spacy_wall / crossread_wall, 3) if crossread_wall else None,
            "wall_time_crossread_over_spacy": round(crossread_wall / spacy_wall, 3) if spacy_wall else None,
            "cpu_time_crossread_over_spacy": round(crossread_cpu / spacy_cpu, 3) if spacy_cpu else None,
            # raw inputs -> stored documents -> stories -> stored briefs, against spaCy alone on the clean texts
            # the finders crossread adds to spaCy (dates, quotes, amounts), against spaCy's own pipe in the same run
            "dates_quotes_amounts_cpu_over_spacy_pipe": _finders_share(clock, extras, crossread_cpu),
            # the same finders against spaCy alone: crossread's own spaCy stage runs cheaper than spaCy alone
            # (each paragraph parsed once, the ruler and lemmatizer memoised), which raises the share above
            # without the finders costing more
            "dates_quotes_amounts_cpu_over_spacy_alone": _finders_over(extras, spacy_cpu),
            "end_to_end_cpu_throughput_over_spacy": end_to_end_ratio(spacy_cpu, end_to_end_cpu),
            # the same against each spaCy-alone run apart: how far the baseline drifted during the bench
            "end_to_end_cpu_throughput_over_spacy_by_run": {
                name: end_to_end_ratio(r["cpu_seconds"], end_to_end_cpu) for name, r in spacy_runs.items()
            },
        },
        "memory_mib": {
            "ru_maxrss_high_water": memory,
            "peak_reset_between_phases": resettable,
            "tracemalloc_peak": traced_peaks or None,
        },
    }


def _finders_share(clock: StageClock, extras: StageClock, total: float) -> float | None:
    return _finders_over(extras, clock.split(clock.cpu, total)["spacy_pipe"])


def _finders_over(extras: StageClock, spacy_cpu: float) -> float | None:
    """CPU of the finders crossread adds to spaCy (dates, quotes, amounts) over ``spacy_cpu``."""
    finders = sum(extras.cpu.get(name, 0.0) for name in ("dates", "quotes", "amounts"))
    return round(finders / spacy_cpu, 3) if spacy_cpu > 0 else None


def _relative(source_path: str, root: Path) -> str:
    return source_path.removeprefix(str(root) + os.sep)


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return counts


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json", help="where to write the JSON results")
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_DOCUMENTS} documents")
    parser.add_argument("--docs", type=int, help=f"number of documents (default {DEFAULT_DOCUMENTS}, --quick {QUICK_DOCUMENTS})")
    parser.add_argument("--batch-size", type=int, help="nlp.pipe batch size for both runs (default: crossread's)")
    parser.add_argument("--model", help="spaCy pipeline (default: what crossread loads)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR, help="where the corpus is written (gitignored)")
    parser.add_argument("--tracemalloc", action="store_true", help="also report tracemalloc peaks (slows the timed runs)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.data.is_dir():
        print(f"error: shared data not found at {args.data}; pass --data or set CROSSREAD_SHARED_DATA", file=sys.stderr)
        return 2
    results = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    summary = results["crossread"], results["spacy_alone"], results["ratio"]
    log(
        f"crossread {summary[0]['documents_per_second']} docs/s, {summary[0]['words_per_second']} words/s; "
        f"spaCy alone {summary[1]['words_per_second']} words/s; throughput ratio {summary[2]['throughput_crossread_over_spacy']}"
    )
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
