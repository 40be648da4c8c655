"""Benchmark: the web page and API under load, on a large store with stored briefs.

Stages, in the order the script runs them:

1. seed: real three-outlet AllSides stories from ../shared/data (headline + lead
   of each outlet, read in place, never copied), analysed once with spaCy;
2. store: the seed documents, then varied copies of them until ``--docs``
   documents (new ids, dates shifted by ``COPY_SHIFT_DAYS`` per copy so every
   copy forms stories of its own), written to a fresh SQLite store under
   ``bench/web-store/`` (ignored by git), then clustered (``update_stories``);
3. briefs: the ``--stories`` sampled stories are briefed and stored, as
   ``crossread ingest`` does for the stories it changes;
4. load: ``crossread serve`` in its own process on 127.0.0.1; ``--clients``
   concurrent clients (threads, one HTTP connection each) send ``--requests``
   requests per endpoint: each sampled story's page (the first request of each
   story reads the stored brief, later ones hit the server's memory), the
   stories list ``/api/stories``, ``/api/stories/{id}`` and the home page; the load is
   bounded (a fixed number of requests) and stops by itself;
5. write ``bench/web.json``: latency p50 / p90 / p99 / max per endpoint, the
   first (store-read) views of story pages apart, requests per second, and the
   targets (story page and home p99 < 300 ms, /api/stories p99 < 200 ms).

Usage: ``python bench/web.py [--quick] [--docs N] [--output bench/web.json]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATA = Path(os.environ.get("CROSSREAD_SHARED_DATA", ROOT.parent / "shared" / "data"))
STORE_DIR = ROOT / "bench" / "web-store"
RESULTS_SCHEMA = "crossread.bench.web/1"
DOCUMENTS, QUICK_DOCUMENTS = 20_000, 2_000
SEED_STORIES, QUICK_SEED_STORIES = 150, 40
STORIES, QUICK_STORIES = 40, 10
CLIENTS = 16
REQUESTS, QUICK_REQUESTS = 400, 120
COPY_SHIFT_DAYS = 91
TARGETS_MS = {"story page (stored brief)": 300.0, "home page": 300.0, "/api/stories": 200.0}
SERVER_START_SECONDS = 120


def log(message: str) -> None:
    print(f"[web-bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def seed_documents(data: Path, stories: int) -> list[Any]:
    """The documents of ``stories`` AllSides stories (three outlets each), analysed once."""
    from crossread.evaluation.claims import canonical_documents
    from crossread.evaluation.labels import allsides_texts
    from crossread.stages.analyze import analyze_many, load_nlp

    texts = allsides_texts(data)
    chosen = sorted(texts)[:: max(1, len(texts) // stories)][:stories]
    documents = []
    for number, story in enumerate(chosen):
        day = (date(2020, 1, 1) + timedelta(days=number * 2)).isoformat()
        for document in canonical_documents(texts[story]).values():
            documents.append(dataclasses.replace(document, published=day, source_path=f"allsides-{story}-{document.source_path}"))
    return list(analyze_many(documents, load_nlp(None)))


def _shifted_day(day: str | None, copy: int) -> str | None:
    return None if day is None else (date.fromisoformat(day[:10]) + timedelta(days=COPY_SHIFT_DAYS * copy)).isoformat()


def copy_of(analyzed: Any, copy: int) -> Any:
    """``analyzed`` as copy number ``copy``: new document id everywhere, date shifted (copy 0 is the seed itself)."""
    from crossread.model import content_id

    if copy == 0:
        return analyzed
    old = analyzed.document
    new_id = content_id(old.id, str(copy), prefix="d")

    def moved(items: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(dataclasses.replace(item, doc_id=new_id) for item in items)

    document = dataclasses.replace(
        old, id=new_id, source_path=f"copy-{copy:03d}/{old.source_path}", published=_shifted_day(old.published, copy)
    )
    return dataclasses.replace(
        analyzed,
        document=document,
        sentences=moved(analyzed.sentences),
        mentions=moved(analyzed.mentions),
        dates=moved(analyzed.dates),
        quotes=moved(analyzed.quotes),
        amounts=moved(analyzed.amounts),
    )


def build_store(path: Path, seed: list[Any], count: int, stories: int) -> tuple[list[str], dict[str, float]]:
    """A store of ``count`` documents, clustered, with ``stories`` sampled stories briefed; the sampled ids."""
    from crossread.corpus import brief_changed_stories
    from crossread.pipeline import update_stories
    from crossread.stages.analyze import load_nlp
    from crossread.store.sqlite import SQLiteStore

    seconds: dict[str, float] = {}
    store = SQLiteStore(path)
    started = time.perf_counter()
    for index in range(count):
        store.add_document(copy_of(seed[index % len(seed)], index // len(seed)))
    seconds["store documents"] = time.perf_counter() - started
    started = time.perf_counter()
    total = update_stories(store)
    seconds["cluster"] = time.perf_counter() - started
    multi = [s for s in store.list_stories() if len(s.doc_ids) >= 2]
    sampled = random.Random(20261203).sample(multi, min(stories, len(multi)))
    started = time.perf_counter()
    brief_changed_stories(store, [s.doc_ids[0] for s in sampled], load_nlp(None))
    seconds["brief sampled stories"] = time.perf_counter() - started
    log(f"store: {count} documents, {total} stories ({len(multi)} with 2+ documents), {len(sampled)} briefed")
    store.close()
    return [s.id for s in sampled], seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "crossread", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                why = server.stderr.read().decode()[-2000:] if server.stderr else ""
                raise RuntimeError(f"crossread serve exited: {why}") from None
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("crossread serve did not start")


def load(base: str, urls: list[tuple[str, str]], clients: int) -> list[tuple[str, str, float, int]]:
    """Every (endpoint, url) requested once, by ``clients`` threads; (endpoint, url, seconds, status) each."""
    import httpx

    todo = list(urls)
    lock = threading.Lock()
    results: list[tuple[str, str, float, int]] = []

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while True:
                with lock:
                    if not todo:
                        return
                    endpoint, url = todo.pop(0)
                started = time.perf_counter()
                response = http.get(url)
                elapsed = time.perf_counter() - started
                with lock:
                    results.append((endpoint, url, elapsed, response.status_code))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def summary(latencies: Sequence[float]) -> dict[str, float]:
    ms = [1000 * v for v in latencies]
    return {
        "requests": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p90_ms": round(percentile(ms, 0.90), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    docs = args.docs or (QUICK_DOCUMENTS if quick else DOCUMENTS)
    requests = args.requests or (QUICK_REQUESTS if quick else REQUESTS)
    started = time.perf_counter()
    seed = seed_documents(args.data, QUICK_SEED_STORIES if quick else SEED_STORIES)
    seconds = {"seed (spaCy)": time.perf_counter() - started}
    log(f"seed: {len(seed)} analysed documents")
    if STORE_DIR.exists():
        shutil.rmtree(STORE_DIR)
    STORE_DIR.mkdir(parents=True)
    (STORE_DIR / ".gitignore").write_text("# written by bench/web.py: never commit\n*\n", "utf-8")
    db = STORE_DIR / "web.sqlite"
    stories, store_seconds = build_store(db, seed, docs, QUICK_STORIES if quick else STORIES)
    seconds.update(store_seconds)
    port = free_port()
    server = start_server(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        rounds = -(-requests // max(1, len(stories)))
        story_urls = [("story page (stored brief)", f"/stories/{s}") for _ in range(rounds) for s in stories][:requests]
        api_urls = [("/api/stories", "/api/stories")] * requests
        home_urls = [("home page", "/")] * requests
        story_api = [("/api/stories/{id}", f"/api/stories/{s}") for _ in range(rounds) for s in stories][:requests]
        mixed = story_urls + api_urls + story_api + home_urls
        random.Random(7).shuffle(mixed)
        # first views first, one client: each reads the stored brief or scans the store once (the
        # server's caches are empty); reported apart from the timed load, which is then steady state
        first = [("story page, first view (read from the store)", f"/stories/{s}") for s in stories]
        first += [("first view of a listing (scans the store)", url) for url in ("/api/stories", "/")]
        first += [("/api/stories/{id}, first view", f"/api/stories/{s}") for s in stories]
        cold = load(base, first, 1)
        started = time.perf_counter()
        results = load(base, mixed, args.clients)
        wall = time.perf_counter() - started
        results = cold + results
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = [r for r in results if r[3] != 200]
    endpoints: dict[str, Any] = {}
    for name in dict.fromkeys(r[0] for r in results):
        endpoints[name] = summary([r[2] for r in results if r[0] == name])
    targets = {
        name: {"p99_ms": endpoints[name]["p99_ms"], "target_ms": limit, "met": endpoints[name]["p99_ms"] < limit}
        for name, limit in TARGETS_MS.items()
        if name in endpoints
    }
    return {
        "schema": RESULTS_SCHEMA,
        "quick": quick,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "store": {"documents": docs, "seed_documents": len(seed), "sampled_stories": len(stories)},
        "load": {
            "clients": args.clients,
            "requests": len(results) - len(cold),
            "cold_requests": len(cold),
            "errors": len(errors),
            "seconds": round(wall, 2),
            "requests_per_second": round((len(results) - len(cold)) / wall, 1),
        },
        "endpoints": endpoints,
        "targets": targets,
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCUMENTS} documents, fewer requests")
    parser.add_argument("--docs", type=int, default=None, help=f"documents in the store (default {DOCUMENTS})")
    parser.add_argument("--requests", type=int, default=None, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent clients (default %(default)s)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "web.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    log(json.dumps({"endpoints": result["endpoints"], "targets": result["targets"], "load": result["load"]}, indent=1))
    return 0 if not result["load"]["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
