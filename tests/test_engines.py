"""Engines: this process, a process pool and Dask store the same documents and stories.

One batch (the bundled example, 40 giveme5w1h articles written to a temporary
JSONL, and bad inputs) is ingested once per engine into its own SQLite store;
the tests compare what was stored field by field, what was reported, and how
often each worker loaded the spaCy model.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from conftest import shared_data
from crossread.engines.work import Engine, PartitionResult, PartitionTask, extract_one, process_document
from crossread.errors import ConfigError
from crossread.model import AnalyzedDocument, IngestFailure, RawDocument, Story
from crossread.pipeline import IngestReport, count_inputs, ingest, open_engine, stats_for_sites
from crossread.stages.extract import site_key
from crossread.stages.sources import read_sources
from crossread.store.sqlite import SQLiteStore

# Real articles in the batch: enough for several partitions on every worker.
GIVEME_ARTICLES = 40
# Small partitions so that each worker gets several.
PARTITION_SIZE = 8
WORKERS = 2


def giveme_jsonl(target: Path, count: int) -> Path:
    """``count`` giveme5w1h articles as JSONL in ``target`` (read in place from the shared data, written to tmp only)."""
    articles: dict[str, dict[str, Any]] = {}
    for path in sorted(shared_data("giveme5w1h").glob("*/*.json")):
        article = json.loads(path.read_text("utf-8"))
        if article.get("text") and article.get("dId") not in articles:
            articles[article["dId"]] = {
                "id": article["dId"],
                "title": article.get("title"),
                "text": article["text"],
                "url": article.get("url"),
                "outlet": article.get("publisher") or article.get("source_domain"),
                "published": article.get("date_publish"),
            }
        if len(articles) >= count:
            break
    out = target / "giveme5w1h.jsonl"
    out.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles.values()), "utf-8")
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, example_dir: Path) -> list[Path]:
    folder = tmp_path_factory.mktemp("engines-batch")
    giveme = giveme_jsonl(folder, GIVEME_ARTICLES)
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (bad / "chrome.txt").write_text("Share this article\nAdvertisement\nFollow us on Twitter\n", "utf-8")
    (bad / "broken.jsonl").write_text(
        '{"text": "A fine article about the weather in Minsk, with rain all day."}\n{oops\n', "utf-8"
    )
    return [example_dir, giveme, bad]


class RecordingEngine:
    """Wraps an engine and keeps every PartitionResult it yields."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.name = inner.name
        self.results: list[PartitionResult] = []
        self.sent: list[str] = []

    def map_partitions(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        def counted() -> Iterator[PartitionTask]:
            for task in tasks:
                self.sent.extend(raw.source_path for raw in task.raws)
                yield task

        for result in self.inner.map_partitions(counted()):
            self.results.append(result)
            yield result

    def close(self) -> None:
        self.inner.close()


@dataclass
class Run:
    report: IngestReport
    documents: dict[str, AnalyzedDocument]
    stories: list[Story]
    partitions: list[PartitionResult]
    worker_loads: dict[str, int]
    reingest: IngestReport
    reingest_sent: list[str]
    trim_thresholds: dict[str, str | None]  # worker -> its MALLOC_TRIM_THRESHOLD_ (Dask only)


def _run(engine_name: str, paths: list[Path], db: Path, nlp: Language) -> Run:
    if engine_name == "pool":
        from crossread.engines.local import PoolEngine

        inner: Engine = PoolEngine(WORKERS)
    elif engine_name == "dask":
        from crossread.engines.dask import DaskEngine

        inner = DaskEngine(workers=WORKERS)
    else:
        from crossread.engines.local import LocalEngine

        inner = LocalEngine(nlp)
    engine = RecordingEngine(inner)
    store = SQLiteStore(db)
    try:
        report = ingest(paths, store, nlp, engine=engine, partition_size=PARTITION_SIZE)
        partitions = list(engine.results)
        loads = inner.model_loads() if engine_name == "dask" else {}  # type: ignore[attr-defined]
        trims = inner.client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_") if engine_name == "dask" else {}  # type: ignore[attr-defined]
        engine.sent.clear()
        reingest = ingest(paths, store, nlp, engine=engine, partition_size=PARTITION_SIZE)
        documents = {a.document.id: a for a in store.iter_documents()}
        return Run(report, documents, store.list_stories(), partitions, loads, reingest, sorted(engine.sent), trims)
    finally:
        engine.close()
        store.close()


@pytest.fixture(scope="module")
def runs(batch: list[Path], nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    folder = tmp_path_factory.mktemp("engines-stores")
    return {name: _run(name, batch, folder / f"{name}.sqlite", nlp) for name in ("local", "pool", "dask")}


def differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Field paths where two model objects differ (recursing into dataclasses and tuples)."""
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        return [
            d for f in dataclasses.fields(a) for d in differences(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
        ]
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: {a!r:.80} != {b!r:.80}"]


@pytest.mark.parametrize("engine", ["pool", "dask"])
def test_engines_store_the_same_documents_field_by_field(runs: dict[str, Run], engine: str) -> None:
    local, other = runs["local"], runs[engine]
    assert len(local.documents) >= GIVEME_ARTICLES  # the example and the articles, a few rejected by extract
    assert sorted(other.documents) == sorted(local.documents)
    diffs = [d for doc_id in local.documents for d in differences(local.documents[doc_id], other.documents[doc_id], doc_id)]
    assert diffs == []
    assert other.report.ingested == local.report.ingested
    assert other.report.ingested_ids == local.report.ingested_ids


@pytest.mark.parametrize("engine", ["pool", "dask"])
def test_engines_build_the_same_stories(runs: dict[str, Run], engine: str) -> None:
    assert runs["local"].stories
    assert runs[engine].stories == runs["local"].stories


def test_engines_dask_workers_keep_glibc_memory_trim(runs: dict[str, Run]) -> None:
    # Dask's nanny default (65536) costs spaCy ~30% more CPU per document (engines/dask.py UNSET_MALLOC_TRIM)
    trims = runs["dask"].trim_thresholds
    assert len(trims) == WORKERS and "65536" not in trims.values(), trims


@pytest.mark.parametrize("engine", ["local", "pool", "dask"])
def test_engines_report_bad_inputs_the_same_way(runs: dict[str, Run], engine: str) -> None:
    failures = runs[engine].report.failures
    assert failures == runs["local"].report.failures
    reasons = {Path(f.source_path.split(":")[0]).name: (f.stage, f.reason) for f in failures}
    assert reasons["empty.txt"] == ("read", "empty file")
    assert "binary" in reasons["binary.txt"][1]
    assert reasons["chrome.txt"][0] == "extract" and "no article text" in reasons["chrome.txt"][1]
    assert reasons["broken.jsonl"][0] == "read" and "malformed JSON" in reasons["broken.jsonl"][1]


@pytest.mark.parametrize("engine", ["pool", "dask"])
def test_engines_load_the_model_once_per_worker(runs: dict[str, Run], engine: str) -> None:
    partitions = runs[engine].partitions
    assert len(partitions) > WORKERS  # several partitions per worker
    pids = {p.worker_pid for p in partitions}
    assert 1 <= len(pids) <= WORKERS and 0 not in pids
    assert {p.model_loads for p in partitions} == {1}
    if engine == "dask":
        assert sorted(runs[engine].worker_loads.values()) in ([0, 1], [1, 1])


@pytest.mark.parametrize("engine", ["local", "pool", "dask"])
def test_engines_reingest_is_a_no_op_that_sends_only_earlier_failures(runs: dict[str, Run], engine: str) -> None:
    run = runs[engine]
    assert run.reingest.ingested == []
    assert len(run.reingest.duplicates) == len(run.report.ingested) + len(run.report.duplicates)
    # Stored documents are skipped before any work is sent; only what failed extract is tried again.
    retried = sorted(f.source_path for f in run.report.failures if f.stage != "read")
    assert run.reingest_sent == retried
    assert run.reingest.failures == run.report.failures


def test_engines_resume_an_interrupted_ingest(batch: list[Path], nlp: Language, runs: dict[str, Run], tmp_path: Path) -> None:
    from crossread.engines.local import PoolEngine

    store = SQLiteStore(tmp_path / "resumed.sqlite")
    first = ingest(batch[:1], store, nlp, cluster=False)  # the run "stopped" after the example
    engine = RecordingEngine(PoolEngine(WORKERS))
    try:
        rest = ingest(batch, store, nlp, engine=engine, partition_size=PARTITION_SIZE)
    finally:
        engine.close()
    assert len(first.ingested) == 2
    assert set(first.ingested).isdisjoint(engine.sent)  # skipped before any work was sent
    assert set(first.ingested).isdisjoint(rest.ingested)
    assert set(first.ingested) <= set(rest.duplicates)
    stored = {a.document.id: a for a in store.iter_documents()}
    store.close()
    assert stored == runs["local"].documents


def test_engines_site_statistics_sent_to_workers_keep_extract_unchanged(batch: list[Path]) -> None:
    _total, stats = count_inputs(batch)
    raws = [item for item in read_sources(batch) if isinstance(item, RawDocument)]
    pruned = stats_for_sites(stats, {site_key(raw) for raw in raws})
    assert pruned is not None and sum(map(len, pruned.documents_with_line.values())) < sum(
        map(len, stats.documents_with_line.values())
    )
    for raw in raws:
        assert extract_one(raw, pruned) == extract_one(raw, stats), raw.source_path


def test_engines_dask_without_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from crossread.engines.dask import DaskEngine

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConfigError, match=r"pip install 'dask\[distributed\]"):
        DaskEngine()


def test_engines_a_lost_partition_is_reported_per_document() -> None:
    from concurrent.futures import Future

    from crossread.engines.local import _result

    task = PartitionTask((RawDocument("a.txt", b"x", "text"), RawDocument("b.txt", b"y", "text")), None, None)
    future: Future[PartitionResult] = Future()
    future.set_exception(RuntimeError("worker killed"))
    result = _result(task, future)
    assert [f.source_path for f in result.results if isinstance(f, IngestFailure)] == ["a.txt", "b.txt"]
    assert all(isinstance(f, IngestFailure) and f.stage == "engine" and "worker killed" in f.reason for f in result.results)


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("spark", {}, "unknown engine 'spark'; valid engines: local, pool, dask"),
        ("pool", {"scheduler": "tcp://127.0.0.1:8786"}, "only applies to the dask engine"),
        ("pool", {"workers": -1}, "workers must be 0"),
    ],
)
def test_engines_open_engine_rejects_bad_options(name: str, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        open_engine(name, None, **options)


def test_engines_open_engine_local_runs_in_this_process(nlp: Language, example_dir: Path) -> None:
    engine = open_engine("local", nlp)
    store = SQLiteStore(":memory:")
    report = ingest([example_dir], store, None, engine=engine, cluster=False)
    engine.close()
    assert len(report.ingested) == 2 and not report.failures


def test_engines_process_document_is_the_per_document_function(runs: dict[str, Run], batch: list[Path]) -> None:
    raws = [item for item in read_sources(batch[:1]) if isinstance(item, RawDocument)]
    _total, stats = count_inputs(batch)
    for raw in raws:
        analyzed = process_document(raw, stats_for_sites(stats, [site_key(raw)]))
        assert isinstance(analyzed, AnalyzedDocument)
        assert differences(analyzed, runs["local"].documents[raw.id]) == []
    failure = process_document(RawDocument("blank.txt", b"Share this\n", "text"), None)
    assert isinstance(failure, IngestFailure) and failure.stage == "extract" and failure.source_path == "blank.txt"


def test_engines_dask_local_workers_run_without_the_stack_profiler() -> None:
    # a worker's 10 ms stack sampling cost spaCy ~5.6% more CPU (engines/dask.py NO_WORKER_PROFILER)
    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    from crossread.engines.dask import DaskEngine

    with DaskEngine(workers=1) as engine:
        profiling = engine.client.run(lambda dask_worker: "profile" in dask_worker.periodic_callbacks)
    assert list(profiling.values()) == [False], profiling


def test_engines_dask_local_cluster_keeps_its_housekeeping_quiet() -> None:
    # Dask's 20 ms event-loop ticks and 0.1-0.5 s monitors cost ~0.7 s of CPU in a 30 s ingest (QUIET_HOUSEKEEPING)
    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    from crossread.engines.dask import QUIET_HOUSEKEEPING, DaskEngine

    def settings() -> dict[str, Any]:
        import dask

        return {key: dask.config.get(key) for key in QUIET_HOUSEKEEPING}

    with DaskEngine(workers=1) as engine:
        in_workers = engine.client.run(settings)
        tick = engine.client.run_on_scheduler(lambda dask_scheduler: dask_scheduler._tick_interval)
    assert list(in_workers.values()) == [QUIET_HOUSEKEEPING], in_workers
    assert tick == 1.0, tick  # seconds, in the scheduler this process runs
