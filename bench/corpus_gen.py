"""Generator: a stream of up to millions of pre-analysed documents for the clustering phase.

Stages:

1. **seed** (once, cached): ``SEED_DOCUMENTS`` real articles from ../shared/data,
   chosen as ``bench/scale.py`` chooses its round 0 (same sources and shares),
   go through crossread's own read -> extract -> analyze
   (``pipeline.process_documents``); what ``StoryClusterer`` reads of each one —
   clean text, title, day (``cluster.document_day``) and entity mentions
   (text, label) — is cached as gzipped JSONL under ``bench/corpus-cluster-scale/``
   (ignored by git: the texts are never committed);
2. **stream** (``generate``): document ``n`` is round ``n // len(seed)`` of seed
   document ``n % len(seed)``, built on demand (nothing holds N documents):
   a new content-hash id; the day moved into the round's own ``ROUND_DAYS``
   period (seed days compressed into ``SEED_SPAN_DAYS``, so every round holds
   the seed's stories again, as new stories); wording varied with a
   per-document seeded RNG — word dropout, synonyms of common news words,
   entity mentions dropped (as a tagger misses some) and person names shortened
   to the surname — and a numbered line ``(crossread bench variant R.I)``
   appended.

Usage: ``python bench/corpus_gen.py [--seed-documents N] [--force]`` prepares the
cache; ``python bench/corpus_gen.py --show 3`` prints a few generated documents.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import itertools
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("CROSSREAD_SHARED_DATA", ROOT.parent / "shared" / "data"))
# Matches the ``bench/corpus*/`` rule of .gitignore, and ignores itself too.
DEFAULT_CACHE_DIR = ROOT / "bench" / "corpus-cluster-scale"
CACHE_SCHEMA = "crossread.bench.seed/1"

# Real documents analysed once. 1,000 take ~1.5-3 minutes of spaCy on the 2-core
# machine and hold ~20k distinct content words: enough stories per round that
# the candidate index sees realistic collisions, few enough to analyse once.
SEED_DOCUMENTS = 1000
# The seed's dated documents are spread over years (allsides 2021, polnear
# 2016-2019, giveme5w1h 2016-2017...); their days are squeezed, order kept, into
# this many days (by rank: see round_offsets), so one round is a dense month of
# news (~110 documents a week over the stream) however old the originals are.
SEED_SPAN_DAYS = 28
# Round r occupies days [FIRST_DAY + r * ROUND_DAYS, + SEED_SPAN_DAYS). The gap
# to the next round (ROUND_DAYS - SEED_SPAN_DAYS = 35) exceeds the clusterer's
# TIME_WINDOW_DAYS (30), so a variant never joins its previous round's story:
# every round is new stories, at the same rate per week for the whole stream.
ROUND_DAYS = 63
FIRST_DAY = date(2000, 1, 3).toordinal()
# Wording variation per generated document (round >= 1 and round 0 alike):
# share of words dropped; chance that a word with a synonym is replaced;
# share of entity mentions dropped (the tagger missing them); chance that a
# multi-word person mention is shortened to its last word.
WORD_DROPOUT = 0.04
SYNONYM_CHANCE = 0.5
MENTION_DROPOUT = 0.1
SURNAME_CHANCE = 0.3
# Common news words and replacements that keep the sense (surface variation of
# the same report, as different outlets word it).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "told reporters", "added"),
    "says": ("states", "adds"),
    "announced": ("unveiled", "declared"),
    "president": ("leader", "head of state"),
    "government": ("administration", "authorities"),
    "officials": ("authorities", "representatives"),
    "people": ("residents", "citizens"),
    "police": ("officers", "law enforcement"),
    "attack": ("assault", "strike"),
    "killed": ("slain", "left dead"),
    "country": ("nation",),
    "week": ("seven days",),
    "big": ("large", "major"),
    "new": ("fresh", "latest"),
    "plan": ("proposal", "scheme"),
    "law": ("legislation", "statute"),
    "vote": ("ballot",),
    "meeting": ("talks", "summit"),
    "report": ("account",),
    "reported": ("disclosed", "revealed"),
    "help": ("assist", "support"),
    "began": ("started", "commenced"),
    "ended": ("finished", "concluded"),
    "rise": ("increase", "climb"),
    "fell": ("dropped", "declined"),
    "money": ("funds", "cash"),
    "company": ("firm", "business"),
    "city": ("town",),
    "leaders": ("heads", "chiefs"),
    "war": ("conflict",),
    "crisis": ("emergency",),
    "deal": ("agreement", "accord"),
    "warned": ("cautioned",),
    "called": ("urged",),
    "move": ("step", "decision"),
    "talks": ("negotiations",),
    "claims": ("allegations", "assertions"),
    "accused": ("charged", "blamed"),
    "support": ("backing",),
    "major": ("significant",),
}
WORDS = re.compile(r"\S+\s*")
PUNCTUATION = "\"'()[]{},.;:!?-\u201c\u201d\u2018\u2019"


@dataclass(frozen=True, slots=True)
class SeedDocument:
    """What the clusterer reads of one analysed real article (and its source, for the record)."""

    id: str
    source: str
    title: str | None
    text: str
    day: int | None
    mentions: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "title": self.title, "text": self.text, "day": self.day,
            "mentions": [list(m) for m in self.mentions],
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeedDocument:
        mentions = tuple((str(text), str(label)) for text, label in data["mentions"])
        return cls(data["id"], data["source"], data["title"], data["text"], data["day"], mentions)


# --------------------------------------------------------------------------- seed


def _load_scale_module() -> ModuleType:
    """bench/scale.py, for its sources and shares (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("crossread_bench_scale", ROOT / "bench" / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def cache_path(cache_dir: Path, documents: int) -> Path:
    return cache_dir / f"seed-{documents}.jsonl.gz"


def analyse_seed(data: Path, documents: int, model: str | None = None) -> tuple[list[SeedDocument], dict[str, Any]]:
    """Choose ``documents`` real articles as bench/scale.py's round 0 does and run crossread's analysis on them."""
    from crossread.engines.work import process_documents
    from crossread.model import AnalyzedDocument, RawDocument
    from crossread.pipeline import count_inputs
    from crossread.stages.analyze import load_nlp
    from crossread.stages.cluster import document_day
    from crossread.stages.sources import read_sources

    scale = _load_scale_module()
    polnear = scale.polnear_dates(data)  # PolNeAR texts carry no date; metadata.tsv has it
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crossread-seed-") as folder:
        root = Path(folder)
        by_source: dict[str, int] = {}
        source_of: dict[str, str] = {}
        for name, load in scale.SOURCES.items():
            items = scale.bench_run.spread(load(data), max(1, round(documents * scale.SOURCE_SHARES[name])))
            by_source[name] = len(items)
            scale.bench_run._write(root, name, items)
        raws = [raw for raw in read_sources([root]) if isinstance(raw, RawDocument)]
        for raw in raws:
            relative = Path(raw.source_path.split(":")[0]).relative_to(root)
            source_of[raw.source_path] = relative.parts[0].removesuffix(".jsonl")
        _total, stats = count_inputs([root])
        nlp = load_nlp(model)
        results = process_documents(raws, stats, nlp)
    analysed = [r for r in results if isinstance(r, AnalyzedDocument)]
    seed = [
        SeedDocument(
            id=a.document.id,
            source=source_of.get(a.document.source_path, "unknown"),
            title=a.document.title,
            text=a.document.text,
            day=document_day(a) or iso_day(polnear.get(Path(a.document.source_path).name.split(".")[0])),
            mentions=tuple((m.text, m.label) for m in a.mentions),
        )
        for a in analysed
    ]
    meta = {
        "schema": CACHE_SCHEMA,
        "documents_chosen": sum(by_source.values()),
        "chosen_by_source": by_source,
        "analysed": len(seed),
        "failed": len(results) - len(analysed),
        "dated": sum(s.day is not None for s in seed),
        "words": sum(len(s.text.split()) for s in seed),
        "analyse_seconds": round(time.perf_counter() - started, 1),
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
    }
    return seed, meta


def iso_day(value: str | None) -> int | None:
    try:
        return date.fromisoformat((value or "")[:10]).toordinal()
    except ValueError:
        return None


def write_seed(path: Path, seed: Sequence[SeedDocument], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("# written by bench/corpus_gen.py: never commit the texts\n*\n", "utf-8")
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps(meta, ensure_ascii=False) + "\n")
        for document in seed:
            stream.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")


def read_seed(path: Path) -> tuple[list[SeedDocument], dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        meta = json.loads(next(stream))
        if meta.get("schema") != CACHE_SCHEMA:
            raise ValueError(f"{path}: seed cache schema {meta.get('schema')!r} is not {CACHE_SCHEMA}: rerun with --force")
        return [SeedDocument.from_dict(json.loads(line)) for line in stream], meta


def load_or_analyse(
    cache_dir: Path, data: Path, documents: int, *, force: bool = False
) -> tuple[list[SeedDocument], dict[str, Any]]:
    path = cache_path(cache_dir, documents)
    if path.exists() and not force:
        return read_seed(path)
    seed, meta = analyse_seed(data, documents)
    write_seed(path, seed, meta)
    return seed, meta


# --------------------------------------------------------------------------- stream


def round_offsets(seed: Sequence[SeedDocument]) -> list[int]:
    """Each seed document's day within a round (0..SEED_SPAN_DAYS-1); undated: 0.

    By rank among the seed's distinct days, so the order of the originals is
    kept, documents of one day stay on one day, and the round is evenly dense
    (the seed's days bunch in a few years: a linear squeeze would pile them up).
    """
    distinct = sorted({s.day for s in seed if s.day is not None})
    rank = {day: i for i, day in enumerate(distinct)}
    return [0 if s.day is None else rank[s.day] * SEED_SPAN_DAYS // len(distinct) for s in seed]


def stream_order(seed: Sequence[SeedDocument], offsets: Sequence[int]) -> list[int]:
    """Seed indexes in arrival order within a round: by day, undated ones spread evenly among them."""
    dated = sorted((i for i, s in enumerate(seed) if s.day is not None), key=lambda i: (offsets[i], i))
    undated = [i for i, s in enumerate(seed) if s.day is None]
    if not dated:
        return undated
    # undated document k arrives after the dated document at the same relative position
    slots: dict[int, list[int]] = {}
    for k, index in enumerate(undated):
        slots.setdefault(k * len(dated) // len(undated), []).append(index)
    order: list[int] = []
    for position, index in enumerate(dated):
        order.extend(slots.get(position, ()))
        order.append(index)
    return order


def generate(seed: Sequence[SeedDocument], count: int, *, seed_value: int = 0) -> Iterator[Any]:
    """``count`` varied AnalyzedDocuments, one at a time: round after round of the seed (see the module docstring)."""
    if not seed:
        return
    offsets = round_offsets(seed)
    order = stream_order(seed, offsets)
    words = [(Wording.of(s.text), Wording.of(s.title or "")) for s in seed]
    for n in range(count):
        round_, position = divmod(n, len(seed))
        index = order[position]
        yield variant(seed[index], index, round_, offsets[index], words[index], seed_value)


@dataclass(frozen=True, slots=True)
class Wording:
    """A text cut into words (each with its trailing whitespace), and where the words with synonyms are."""

    leading: str
    words: tuple[str, ...]
    replaceable: tuple[tuple[int, str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, text: str) -> Wording:
        words = tuple(WORDS.findall(text))
        replaceable = []
        for position, word in enumerate(words):
            core = word.strip().strip(PUNCTUATION)
            choices = SYNONYMS.get(core.lower())
            if choices:
                replaceable.append((position, core, choices))
        return cls(text[: len(text) - len(text.lstrip())], words, tuple(replaceable))

    def varied(self, rng: random.Random) -> str:
        """Drop ~WORD_DROPOUT of the words, swap common words for synonyms; whitespace and punctuation kept."""
        words = list(self.words)
        for position, core, choices in self.replaceable:
            if rng.random() < SYNONYM_CHANCE:
                word = rng.choice(choices)
                if core[0].isupper():
                    word = word[0].upper() + word[1:]
                words[position] = words[position].replace(core, word, 1)
        draw = rng.random
        kept = [draw() >= WORD_DROPOUT for _ in words]
        return self.leading + "".join(itertools.compress(words, kept))


def variant(
    original: SeedDocument,
    index: int,
    round_: int,
    offset: int,
    wording: tuple[Wording, Wording] | None = None,
    seed_value: int = 0,
) -> Any:
    """Round ``round_`` of one seed document: new id and day, varied wording and mentions (deterministic)."""
    from crossread.model import AnalyzedDocument, Document, Mention, content_id

    text_words, title_words = wording or (Wording.of(original.text), Wording.of(original.title or ""))
    rng = random.Random(f"{seed_value}:{round_}:{index}")
    mark = f"(crossread bench variant {round_}.{index})"
    text = f"{text_words.varied(rng).rstrip()}\n\n{mark}"
    title = title_words.varied(rng).strip() if original.title else None
    doc_id = content_id("bench-variant", str(seed_value), original.id, str(round_), prefix="d")
    day = None if original.day is None else FIRST_DAY + round_ * ROUND_DAYS + offset
    document = Document(
        id=doc_id,
        source_path=f"bench-variant:{round_}:{index}",
        text=text,
        kind="text",
        outlet=f"bench outlet {index % 97}",
        title=title,
        published=date.fromordinal(day).isoformat() if day is not None else None,
    )
    # Spans are not kept through the rewording (start/end 0): clustering reads only text and label.
    mentions = tuple(
        Mention(doc_id, 0, 0, vary_mention(text_, label, rng), label, 0)
        for text_, label in original.mentions
        if rng.random() >= MENTION_DROPOUT
    )
    return AnalyzedDocument(document=document, mentions=mentions)


def vary_mention(text: str, label: str, rng: random.Random) -> str:
    """A person named by surname alone now and then (the same entity key: the clusterer keys people by surname)."""
    words = text.split()
    if label == "PERSON" and len(words) > 1 and rng.random() < SURNAME_CHANCE:
        return words[-1]
    return text


# --------------------------------------------------------------------------- command line


def log(message: str) -> None:
    print(f"[corpus_gen {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--seed-documents", type=int, default=SEED_DOCUMENTS, help=f"real articles analysed (default {SEED_DOCUMENTS})"
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument(
        "--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help="where the analysed seed is cached (gitignored)"
    )
    parser.add_argument("--force", action="store_true", help="analyse again even when the cache exists")
    parser.add_argument("--show", type=int, default=0, help="print this many generated documents (ids, day, text head)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    path = cache_path(args.cache_dir, args.seed_documents)
    if (args.force or not path.exists()) and not args.data.is_dir():
        print(f"error: shared data not found at {args.data}; pass --data or set CROSSREAD_SHARED_DATA", file=sys.stderr)
        return 2
    log(f"seed: {path} ({'analysing' if args.force or not path.exists() else 'cached'})")
    seed, meta = load_or_analyse(args.cache_dir, args.data, args.seed_documents, force=args.force)
    log(f"seed: {len(seed)} documents, {meta['dated']} dated, {meta['words']} words ({meta})")
    for analysed in generate(seed, args.show):
        doc = analysed.document
        print(f"{doc.id} {doc.published} {doc.source_path} mentions={len(analysed.mentions)} | {doc.text[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
