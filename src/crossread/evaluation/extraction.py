"""Scorers for extraction quality (tests/test_extract_quality.py and ``make eval``).

Two upstream protocols, re-implemented here so the tests need no benchmark code:

* scrapinghub article-extraction-benchmark (``evaluate.py``): ``\\w+`` tokens,
  4-token shingles counted as a bag; per page TP/FP/FN are normalised to sum to
  1 (long pages do not weigh more), precision and recall are averaged over
  pages, F1 is the harmonic mean of the two averages.
* trafilatura ``tests/evaluate.py``: each gold ``with`` segment found in the
  output is a true positive, missing a false negative; each ``without`` segment
  found is a false positive, absent a true negative; counts summed over pages.

Also the loaders for the shared data, so the test file stays about assertions.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SHINGLE_SIZE = 4  # upstream default ngram_n
TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall, F1 (and the page count they were averaged over)."""

    precision: float
    recall: float
    f1: float
    pages: int

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (n={self.pages})"


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Bag of ``size``-token shingles; a text shorter than ``size`` is one shingle."""
    tokens = TOKEN.findall(text or "")
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(count) if tokens[i : i + size])


def page_tp_fp_fn(gold: str, predicted: str, size: int = SHINGLE_SIZE) -> tuple[float, float, float]:
    """Shingle TP/FP/FN of one page, normalised to sum to 1 as upstream does."""
    true, pred = shingles(gold, size), shingles(predicted, size)
    tp = float(sum((true & pred).values()))
    fp = float(sum((pred - true).values()))
    fn = float(sum((true - pred).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def shingle_prf(pairs: Iterable[tuple[str, str]], size: int = SHINGLE_SIZE) -> PRF:
    """Upstream scrapinghub metric over (gold, predicted) pairs; ``size=1`` is a bag of tokens."""
    counts = [page_tp_fp_fn(gold, pred, size) for gold, pred in pairs]
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(precisions) / max(len(precisions), 1)
    recall = sum(recalls) / max(len(recalls), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, len(counts))


@dataclass(slots=True)
class SegmentCounts:
    """trafilatura-eval confusion counts over with/without segments."""

    true_positives: int = 0
    false_negatives: int = 0
    false_positives: int = 0
    true_negatives: int = 0

    def add(self, text: str, with_segments: Iterable[str], without_segments: Iterable[str]) -> None:
        for segment in with_segments:
            if segment in text:
                self.true_positives += 1
            else:
                self.false_negatives += 1
        for segment in without_segments:
            if segment in text:
                self.false_positives += 1
            else:
                self.true_negatives += 1

    @property
    def prf(self) -> PRF:
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return PRF(precision, recall, f1, tp + fn + fp + self.true_negatives)


def normalise_whitespace(text: str) -> str:
    """Collapse whitespace, as the trafilatura evaluation trims outputs before matching."""
    return " ".join(text.split())


# --- loaders ------------------------------------------------------------------


def load_scrapinghub(folder: Path) -> list[tuple[str, str, bytes, str]]:
    """(page id, url, html bytes, gold articleBody) for every benchmark page."""
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(gold.items()):
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, item["url"], html, item.get("articleBody", "")))
    return pages


def load_baseline(folder: Path, name: str) -> dict[str, str]:
    """Shipped output of one extractor: page id -> articleBody."""
    data = json.loads((folder / "baseline-outputs" / f"{name}.json").read_text(encoding="utf-8"))
    outputs = data["output"] if "output" in data and "version" in data else data  # two layouts ship
    return {key: value.get("articleBody", "") or "" for key, value in outputs.items()}


@dataclass(frozen=True, slots=True)
class EvalPage:
    """One trafilatura-eval page with its gold segments and metadata."""

    url: str
    html: bytes
    with_segments: tuple[str, ...]
    without_segments: tuple[str, ...]
    title: str | None
    author: str | None
    date: str | None


def _gold_author(value: str | list[str] | None) -> str | None:
    """Gold authors as trafilatura writes them: several names joined by "; "."""
    if isinstance(value, list):
        return "; ".join(value) or None
    return value or None


def load_trafilatura_eval(folder: Path, every: int = 1) -> list[EvalPage]:
    """Pages of evaldata.json (every ``every``-th one, in file order, for runtime)."""
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for index, (url, item) in enumerate(data.items()):
        if index % every:
            continue
        path = folder / "html" / f"{item['file']}.gz"
        if not path.exists():
            continue
        pages.append(
            EvalPage(
                url=url,
                html=gzip.decompress(path.read_bytes()),
                with_segments=tuple(item.get("with", [])),
                without_segments=tuple(item.get("without", [])),
                title=item.get("title") or None,
                author=_gold_author(item.get("author")),
                date=item.get("date") or None,
            )
        )
    return pages


def same_title(gold: str, predicted: str | None) -> bool:
    """Titles match up to whitespace."""
    return predicted is not None and normalise_whitespace(gold) == normalise_whitespace(predicted)


def same_date(gold: str, predicted: str | None) -> bool:
    """Dates match on the day (gold is YYYY-MM-DD; a time part is ignored)."""
    return predicted is not None and predicted[:10] == gold[:10]


def _names(authors: str) -> set[str]:
    return {normalise_whitespace(name).lower() for name in re.split(r"[;,]", authors) if name.strip()}


def same_author(gold: str, predicted: str | None) -> bool:
    """Authors match as a set of names, case-insensitively (order and separators vary)."""
    return predicted is not None and _names(gold) == _names(predicted)
