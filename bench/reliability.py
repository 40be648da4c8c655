"""Reliability run: a generated batch of 10,000+ files with hostile inputs of every kind, ingested as a user would.

    python bench/reliability.py --output bench/reliability.json [--files 10000] [--keep DIR]

1. **generate** (into a temporary folder, from ``../shared/data`` read in place):
   real articles as .txt, .json, .txt.gz and .html.gz files, three legitimate
   texts over 1,000,000 characters, and ``--per-kind`` inputs of each hostile
   kind (``HOSTILE_KINDS``): gzip bombs, deep nesting, lone surrogates,
   undecodable file names, random bytes behind a BOM, oversized files, lines
   and fields, tags with 100,000 attributes (a stall), XXE-style DOCTYPEs,
   BOM-less UTF-16, truncated and malformed containers, wrong suffixes, FIFOs,
   dangling and looping links. Every good article's id is computed here.
2. **ingest**: ``crossread ingest`` in a subprocess (the pool engine, the
   default), sampling the process tree's RSS and the store's progress.
3. **check**: crashes (a traceback or an exit code other than 0/1), good ids
   not stored, hostile inputs not named in ``crossread failures``, the story
   invariant (every stored document in exactly one story), the longest stall.
4. **write** the figures as JSON.
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from crossread.engines.work import extract_one  # noqa: E402
from crossread.model import RawDocument  # noqa: E402
from crossread.stages.sources import display_name, read_sources  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEED = 20261202
# Seconds a document step may take in the run: the stall inputs (100,000
# attributes: about 100 s of trafilatura on an idle core) exceed it; real
# articles take < 3 s, a 200,000-character chunk about 20 s on a busy core.
TIME_BUDGET = 60
# Reads per second of the store while sampling progress and memory.
SAMPLE_SECONDS = 0.5
# Seconds between the points of the timeline written to the JSON (progress and memory).
TIMELINE_SECONDS = 10.0
# The longest a user may see nothing move (no document stored, failure recorded,
# document placed in a story or brief stored): one time budget and the start of
# the worker that replaces a stopped one (spaCy loads in 3-5 s on an idle core,
# up to ~20 s while the other core is busy). When the only work left is stall
# inputs, every worker is waiting out a budget at once, so one budget alone
# cannot be the bound; more than this means something waited past its budget.
MAX_STALL_SECONDS = 1.5 * TIME_BUDGET
# A bomb expands to this much (more than the 512 MiB max_decompressed_bytes default).
BOMB_BYTES = 1 << 30
# Oversized inputs are sparse files this large (over the 32 MiB max_input_bytes default).
OVERSIZE_BYTES = 40 * 1024 * 1024
LONG_TEXT_CHARS = 1_200_000
# Stall inputs each cost TIME_BUDGET seconds of a worker plus a restart: fewer of them.
STALL_INPUTS = 6


@dataclass
class Batch:
    """What was generated: good article ids, hostile inputs by kind, and which hostile inputs should still be stored."""

    folder: Path
    files: int = 0
    good_ids: set[str] = field(default_factory=set)
    hostile: dict[str, list[str]] = field(default_factory=dict)
    recovered_ids: dict[str, set[str]] = field(default_factory=dict)


# --------------------------------------------------------------------------- real articles


def _articles() -> Iterator[tuple[str, dict[str, Any]]]:
    """(text, metadata) of real articles in the shared data, deduplicated by text."""
    seen: set[str] = set()

    def fresh(text: str) -> bool:
        key = text.strip()[:2000]
        if len(key) < 400 or key in seen:
            return False
        seen.add(key)
        return True

    for path in sorted((DATA / "polnear").rglob("*.txt")):
        text = path.read_text("utf-8", "replace")
        if fresh(text):
            yield text, {"title": path.stem}
    csv.field_size_limit(1 << 30)
    with (DATA / "fnc1-stance" / "competition_test_bodies.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if fresh(row["articleBody"]):
                yield row["articleBody"], {"id": row["Body ID"]}
    for line in (DATA / "allsides-neus" / "allsides_stories_2021-04_to_2021-10.jsonl").open(encoding="utf-8"):
        story = json.loads(line)
        for side in (story.get("news") or {}).values():
            body = side.get("newBody") or ""
            if isinstance(body, list):
                parts = body
            else:
                try:
                    parts = ast.literal_eval(body) if str(body).startswith("[") else [body]
                except (ValueError, SyntaxError):
                    parts = [body]
            text = "\n\n".join(str(p).strip() for p in parts if str(p).strip())
            if fresh(text):
                yield text, {"title": side.get("newsTitle"), "url": side.get("newsLink"), "outlet": side.get("newsSource")}
    for path in sorted((DATA / "giveme5w1h").rglob("*.json")):
        article = json.loads(path.read_text("utf-8"))
        text = article.get("text") or ""
        if fresh(text):
            yield text, {"title": article.get("title"), "url": article.get("url"), "published": article.get("date_publish")}
    for path in sorted((DATA / "semeval2015-timeline").rglob("*.txt")):
        if "list_target" in path.name or path.name.startswith("UPSTREAM"):
            continue
        text = path.read_text("utf-8", "replace")
        if fresh(text):
            yield text, {}


def _html_pages() -> Iterator[Path]:
    for name in ("trafilatura-eval", "article-extraction-scrapinghub"):
        yield from sorted((DATA / name).rglob("*.html.gz"))


def _ids_of(path: Path) -> set[str]:
    """Ids of the articles in ``path`` that extract accepts (what a clean ingest would store)."""
    ids = set()
    for item in read_sources([path]):
        if isinstance(item, RawDocument) and not hasattr(extract_one(item, None), "stage"):
            ids.add(item.id)
    return ids


# --------------------------------------------------------------------------- hostile inputs


def _bomb() -> bytes:
    """A gzip member that expands to BOMB_BYTES of text (about 1 MB compressed)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"bomb " * (1 << 18)
    parts = [compressor.compress(block) for _ in range(BOMB_BYTES // len(block))]
    return b"".join(parts) + compressor.flush()


def _sparse(path: Path, head: bytes, size: int) -> None:
    with path.open("wb") as stream:
        stream.write(head)
        stream.truncate(size)


def _warc(body: bytes, url: str) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2020-02-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{random.getrandbits(128):032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def _page(text: str, extra_head: str = "", tag: str = "<article>") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    return (
        f"<!DOCTYPE html><html><head><title>t</title>{extra_head}</head><body>{tag}{paragraphs}</article></body></html>".encode()
    )


Maker = Callable[[Path, int, str], "tuple[list[Path], bool]"]


def _hostile_makers(bomb: bytes) -> dict[str, Maker]:
    """kind -> maker(folder, number, article text) -> (paths made, whether its article should be stored anyway)."""

    def one(name: str, content: Callable[[int, str], bytes], stored: bool = False) -> Maker:
        def make(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
            path = folder / name.format(n=number)
            path.write_bytes(content(number, text))
            return [path], stored

        return make

    def cut(data: bytes) -> bytes:
        return data[: len(data) // 2]

    def deep_jsonl(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"deep-{number}.jsonl"
        path.write_bytes(b'{"text": ' + b"[" * 200_000 + b"]" * 200_000 + b"}\n")
        return [path], False

    def surrogate(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"surrogate-{number}.jsonl"
        path.write_text(json.dumps({"text": text + " \ud800", "title": "lone \udfff surrogate"}), "utf-8")
        return [path], True

    def bad_name(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = Path(os.fsdecode(os.fsencode(folder) + b"/bad-name-\xff\xfe-%d.txt" % number))
        path.write_bytes(text.encode())
        return [path], True

    def oversize(suffix: str, head: bytes) -> Maker:
        def make(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
            path = folder / f"oversize-{number}{suffix}"
            _sparse(path, head, OVERSIZE_BYTES)
            return [path], False

        return make

    def huge_line(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"huge-line-{number}.jsonl"
        _sparse(path, b'{"text": "', OVERSIZE_BYTES)
        return [path], False

    def attributes(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"attributes-{number}.html"
        many = " ".join(f'a{i}="{i}"' for i in range(100_000))
        path.write_bytes(_page(text, tag=f"<article {many}>"))
        return [path], False

    def xxe(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"xxe-{number}.html"
        page = _page(text).replace(
            b"<!DOCTYPE html>", b'<!DOCTYPE foo [<!ELEMENT foo ANY><!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        )
        path.write_bytes(page.replace(b"</article>", b"<p>&xxe;</p></article>"))
        return [path], True

    def utf16(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"utf16-nobom-{number}.txt"
        path.write_bytes(text.encode("utf-16-le"))
        return [path], True

    def truncated_warc(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"truncated-{number}.warc.gz"
        whole = gzip.compress(_warc(_page(text), f"http://example.invalid/{number}"))
        path.write_bytes(whole[: len(whole) // 2])
        return [path], False

    def fifo(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"fifo-{number}.txt"
        os.mkfifo(path)
        return [path], False

    def dangling(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"dangling-{number}.html"
        path.symlink_to(folder / f"missing-{number}.html")
        return [path], False

    def loop(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"loop-{number}.txt"
        path.symlink_to(path)
        return [path], False

    def malformed_jsonl(folder: Path, number: int, text: str) -> tuple[list[Path], bool]:
        path = folder / f"malformed-{number}.jsonl"
        path.write_text('{"text": "unterminated\n{"title": 3}\n[1, 2]\n', "utf-8")
        return [path], False

    return {
        "gzip_bomb": one("bomb-{n}.txt.gz", lambda n, t: bomb),
        "deep_json": one("deep-{n}.json", lambda n, t: b"[" * (200_000 + n) + b"]" * (200_000 + n)),
        "deep_jsonl_line": deep_jsonl,
        "lone_surrogate": surrogate,
        "undecodable_file_name": bad_name,
        "random_bytes_behind_bom": one("random-bom-{n}.txt", lambda n, t: b"\xff\xfe\x00\xd8" + random.randbytes(4096)),
        "random_bytes": one("random-{n}.txt", lambda n, t: random.randbytes(8192)),
        "oversize_text": oversize(".txt", b"one very long line "),
        "oversize_html": oversize(".html", b"<html><body><p>"),
        "oversize_json_field": oversize(".json", b'{"text": "'),
        "oversize_jsonl_line": huge_line,
        "many_attributes_stall": attributes,
        "xxe_doctype": xxe,
        "utf16_without_bom": utf16,
        "truncated_gzip": one("truncated-{n}.txt.gz", lambda n, t: cut(gzip.compress(t.encode()))),
        "truncated_warc": truncated_warc,
        "corrupt_warc": one(
            "corrupt-{n}.warc", lambda n, t: b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n%d" % n
        ),
        "html_named_warc": one("page-{n}.warc", lambda n, t: _page(t)),
        "pdf_named_txt": one("report-{n}.txt", lambda n, t: b"%PDF-1.7\n" + random.randbytes(2048)),
        "malformed_jsonl": malformed_jsonl,
        "empty_file": one("empty-{n}.txt", lambda n, t: b" \n\t\n" * (n + 1)),
        "fifo": fifo,
        "dangling_link": dangling,
        "looping_link": loop,
    }


# --------------------------------------------------------------------------- 1. generate


def generate(folder: Path, files: int, per_kind: int, limit: int | None = None, long_texts: int = 3) -> Batch:
    random.seed(SEED)
    batch = Batch(folder)
    good = folder / "good"
    for sub in ("txt", "json", "gz", "html", "long"):
        (good / sub).mkdir(parents=True)
    articles = list(_articles())[:limit]
    pages = list(_html_pages())[: None if limit is None else limit // 4]
    hostile_total = per_kind * 23 + STALL_INPUTS
    paths: list[Path] = []
    for number, (text, _meta) in enumerate(articles):
        path = good / "txt" / f"{number:05d}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
    for number, page in enumerate(pages):
        path = good / "html" / f"{number:05d}.html.gz"
        shutil.copyfile(page, path)
        paths.append(path)
    # Copies in other containers until the batch has ``files`` files (same articles: their ids repeat).
    number = 0
    while len(paths) + hostile_total < files:
        text, meta = articles[number % len(articles)]
        if number % 2:
            path = good / "json" / f"{number:05d}.json"
            path.write_text(json.dumps({"text": text, **{k: v for k, v in meta.items() if v}}), "utf-8")
        else:
            path = good / "gz" / f"{number:05d}.txt.gz"
            path.write_bytes(gzip.compress(text.encode("utf-8"), 1))
        paths.append(path)
        number += 1
    for number in range(long_texts):  # legitimate texts over 1,000,000 characters, each in a folder of its own (its own "site")
        parts: list[str] = []
        for text, _meta in (articles * 400)[number * 400 :]:
            parts.append(text.strip())
            if sum(map(len, parts)) > LONG_TEXT_CHARS:
                break
        sub = good / "long" / str(number)
        sub.mkdir()
        path = sub / "long.txt"
        path.write_text("\n\n".join(parts), "utf-8")
        paths.append(path)
    for path in paths:
        batch.good_ids |= _ids_of(path)
    bad = folder / "hostile"
    bad.mkdir()
    makers = _hostile_makers(_bomb())
    pick = random.Random(SEED)
    for kind, make in makers.items():
        batch.hostile[kind] = []
        for number in range(min(per_kind, STALL_INPUTS) if kind == "many_attributes_stall" else per_kind):
            text, _meta = pick.choice(articles)
            text = f"{text.strip()}\n\nGenerated {kind} copy {number}."  # its own id
            made, stored = make(bad, number, text)
            for path in made:
                batch.hostile[kind].append(display_name(path))
                if stored:
                    batch.recovered_ids.setdefault(kind, set()).update(_ids_of(path))
    batch.files = len(paths) + sum(len(v) for v in batch.hostile.values())
    return batch


# --------------------------------------------------------------------------- 2. ingest


@dataclass
class Run:
    exit_code: int
    wall_seconds: float
    peak_rss_total: int
    peak_rss_process: int
    longest_stall_seconds: float
    stderr_tail: str
    tracebacks: int
    peak_rss_driver: int = 0
    stall_at_seconds: float = 0.0
    timeline: list[dict[str, float | int]] = field(default_factory=list)


def _tree_rss(process: Any) -> tuple[int, int, int]:
    """The RSS of the whole process tree, of its largest process, and of the driver (the ingest process itself)."""
    import psutil

    total = largest = driver = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0, 0, 0
    for member in members:
        try:
            rss = member.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        largest = max(largest, rss)
        driver = rss if member is process else driver
    return total, largest, driver


# What a user can see move, in the store: documents stored, failures recorded,
# documents placed in stories, briefs stored. A stall is a time none of them moves.
PROGRESS_QUERIES = {
    "documents": "SELECT count(*) FROM documents",
    "failures": "SELECT count(*) FROM failures",
    "in_stories": "SELECT count(*) FROM story_documents",
    "briefs": "SELECT count(*) FROM briefs",
}


def _progress(db: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as raw:
            for name, query in PROGRESS_QUERIES.items():
                counts[name] = int(raw.execute(query).fetchone()[0])
    except sqlite3.Error:
        return {}
    return counts


def ingest(batch: Batch, db: Path) -> Run:
    import psutil

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CROSSREAD_TIME_BUDGET": str(TIME_BUDGET)}
    command = [sys.executable, "-m", "crossread", "ingest", "--db", str(db), str(batch.folder)]
    started = time.monotonic()
    log = (db.parent / "ingest.stderr").open("wb")
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=env)
    process = psutil.Process(child.pid)
    peak_total = peak_one = peak_driver = 0
    last_value: dict[str, int] | None = None
    last_change, stall, stall_at, next_point = started, 0.0, 0.0, started
    timeline: list[dict[str, float | int]] = []
    while child.poll() is None:
        total, largest, driver = _tree_rss(process)
        peak_total, peak_one, peak_driver = max(peak_total, total), max(peak_one, largest), max(peak_driver, driver)
        value = _progress(db)
        now = time.monotonic()
        if value and value != last_value:
            if last_value is not None and now - last_change > stall:
                stall, stall_at = now - last_change, last_change - started
            last_value, last_change = value, now
        if now >= next_point:
            timeline.append({"t": round(now - started, 1), **(value or {}), "rss_tree": total, "rss_driver": driver})
            next_point = now + TIMELINE_SECONDS
        time.sleep(SAMPLE_SECONDS)
    wall = time.monotonic() - started
    log.close()
    stderr = (db.parent / "ingest.stderr").read_text("utf-8", "replace")
    return Run(
        child.returncode,
        wall,
        peak_total,
        peak_one,
        round(stall, 1),
        stderr[-3000:],
        stderr.count("Traceback"),
        peak_driver,
        round(stall_at, 1),
        timeline,
    )


# --------------------------------------------------------------------------- 3. check


def check(batch: Batch, db: Path, run: Run) -> dict[str, Any]:
    with sqlite3.connect(db) as raw:
        stored = {r[0] for r in raw.execute("SELECT id FROM documents")}
        members = Counter(r[0] for r in raw.execute("SELECT doc_id FROM story_documents"))
        stories = raw.execute("SELECT count(*) FROM stories").fetchone()[0]
        empty_stories = raw.execute(
            "SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_documents d WHERE d.story_id = s.id)"
        ).fetchone()[0]
        failures = [
            {"path": r[0], "stage": r[1], "reason": r[2], "attempts": r[3]}
            for r in raw.execute("SELECT source_path, stage, reason, attempts FROM failures")
        ]
    failed_paths = [f["path"] for f in failures]
    lost = sorted(batch.good_ids - stored)
    unnamed: dict[str, list[str]] = {}
    reasons: dict[str, Counter[str]] = {}
    recovered: dict[str, int] = {}
    for kind, paths in batch.hostile.items():
        expected_stored = batch.recovered_ids.get(kind)
        if expected_stored is not None:
            recovered[kind] = len(expected_stored & stored)
            missing = expected_stored - stored
            if missing:
                unnamed[kind] = sorted(missing)
            continue
        for path in paths:
            named = [
                f for f in failures if f["path"] == path or f["path"].startswith(path + ":") or f["path"].startswith(path + "#")
            ]
            if not named:
                unnamed.setdefault(kind, []).append(path)
            for f in named:
                reasons.setdefault(kind, Counter())[f["reason"][:90]] += 1
    return {
        "good_distinct_ids": len(batch.good_ids),
        "good_ids_stored": len(batch.good_ids & stored),
        "good_documents_lost": len(lost),
        "lost_examples": lost[:10],
        "stored_documents": len(stored),
        "hostile_recovered_and_stored": recovered,
        "hostile_not_named": {k: v[:5] for k, v in unnamed.items()},
        "hostile_reasons": {k: dict(v.most_common(3)) for k, v in reasons.items()},
        "failures_recorded": len(failures),
        "failures_recorded_once_per_input": len(failed_paths) == len(set(failed_paths)),
        "stories": stories,
        "story_invariant_holds": set(members) == stored and set(members.values()) <= {1} and empty_stories == 0,
        "documents_in_no_story": len(stored - set(members)),
        "documents_in_several_stories": sum(1 for n in members.values() if n > 1),
        "crashes": int(run.exit_code not in (0, 1)) + run.tracebacks,
    }


# --------------------------------------------------------------------------- 4. write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "bench" / "reliability.json"))
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--per-kind", type=int, default=25, help="hostile inputs of each kind")
    parser.add_argument("--articles", type=int, help="use only this many real articles (a quick smoke run)")
    parser.add_argument("--long", type=int, default=3, help="legitimate texts over 1,000,000 characters")
    parser.add_argument("--keep", help="generate into this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="crossread-reliability-"))
    try:
        started = time.monotonic()
        batch = generate(work / "batch", args.files, args.per_kind, args.articles, args.long)
        generated = time.monotonic() - started
        print(f"generated {batch.files} files ({sum(map(len, batch.hostile.values()))} hostile) in {generated:.0f} s", flush=True)
        db = work / "reliability.sqlite"
        run = ingest(batch, db)
        checked = check(batch, db, run)
        hostile = sum(map(len, batch.hostile.values()))
        result = {
            "schema": "crossread.reliability/1",
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "settings": {
                "engine": "pool (default)",
                "time_budget": TIME_BUDGET,
                "max_stall_seconds": MAX_STALL_SECONDS,
                "workers": "all usable CPUs (default)",
            },
            "files": batch.files,
            "hostile_inputs": hostile,
            "hostile_share": round(hostile / batch.files, 4),
            "hostile_by_kind": {k: len(v) for k, v in batch.hostile.items()},
            "exit_code": run.exit_code,
            "wall_seconds": round(run.wall_seconds, 1),
            "documents_per_second": round(checked["stored_documents"] / run.wall_seconds, 2),
            "peak_rss_bytes_process_tree": run.peak_rss_total,
            "peak_rss_bytes_largest_process": run.peak_rss_process,
            "peak_rss_bytes_driver": run.peak_rss_driver,
            "longest_stall_seconds": run.longest_stall_seconds,
            "longest_stall_starts_at_seconds": run.stall_at_seconds,
            **checked,
            "stderr_tail": run.stderr_tail[-1500:] if checked["crashes"] else "",
            "timeline": run.timeline,
        }
        Path(args.output).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(json.dumps({k: v for k, v in result.items() if not isinstance(v, dict | list)}, indent=2))
        ok = (
            result["crashes"] == 0
            and result["good_documents_lost"] == 0
            and not result["hostile_not_named"]
            and result["story_invariant_holds"]
            and result["peak_rss_bytes_process_tree"] < 2 * 1024**3
            and result["longest_stall_seconds"] < MAX_STALL_SECONDS
        )
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
