"""Score claim alignment against the SuperPAL Multi-News gold alignments.

SuperPAL (Ernst et al., CoNLL 2021) aligns propositions of Multi-News summary
sentences to sentences of the source articles. Two tasks are derived per topic:

* **cross-source** (what a brief does): candidates are all pairs of source
  sentences from different articles; a pair is gold when both were aligned to
  overlapping spans (half the smaller span) of one summary sentence, i.e. both
  state the same proposition. The negatives are on-topic sentences of the
  same story, so this is hard in the same way a real story is;
* **summary-source** (citation support): candidates are (summary sentence,
  source sentence) pairs; gold when crowd workers aligned them.

Features come from the brief's code path: each article (and the summary)
becomes a ``Document`` with one sentence per paragraph, analyzed with spaCy,
entities linked across the topic, split into claim units by
``compare.claim_units`` and scored by ``align.similarity_matrix``; a sentence
pair scores its best unit pair, and ``align.align_units`` decides grouped
pairs. The baseline is word-set Jaccard. Thresholds are calibrated on dev and
reported on test. Used by the test suite and ``make eval`` (``align-superpal``). The texts are read in place
from the shared data folder and never copied.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language

from crossread.model import AnalyzedDocument, Document, content_id
from crossread.stages.compare.align import align_units, similarity_matrix
from crossread.units import Embedder, Unit

SUMMARY = "summary"
# Two summary spans name one proposition when they share half the smaller span.
SPAN_OVERLAP = 0.5
# The product's operating point: the lowest threshold with this dev precision.
PRODUCT_PRECISION = 0.7
# Candidate thresholds searched when calibrating on dev.
THRESHOLD_GRID = tuple(round(0.01 * i, 2) for i in range(1, 100))
_WORD = re.compile(r"\w+")

SentenceKey = tuple[str, int]  # (article file or SUMMARY, sentence index)
PairScores = dict[Hashable, float]


@dataclass(frozen=True, slots=True)
class Task:
    """Candidate sentence pairs and the gold ones (pairs are frozensets of two SentenceKeys)."""

    candidates: tuple[frozenset[SentenceKey], ...]
    gold: frozenset[frozenset[SentenceKey]]


@dataclass(frozen=True, slots=True)
class Topic:
    """One Multi-News topic: summary sentences, source sentences per file, the two tasks."""

    name: str
    summary: tuple[str, ...]
    sources: dict[str, tuple[str, ...]]
    summary_source: Task
    cross_source: Task

    def text(self, key: SentenceKey) -> str:
        return self.summary[key[1]] if key[0] == SUMMARY else self.sources[key[0]][key[1]]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    threshold: float

    def __str__(self) -> str:
        return f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} @ {self.threshold:.2f}"


# --- loading ------------------------------------------------------------------


def load_superpal(root: Path, split: str) -> list[Topic]:
    """Topics of ``{split}_MN_only.csv``, sentences in their order of appearance."""
    with (root / f"{split}_MN_only.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_topic: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_topic[row["topic"]].append(row)
    return [_topic(name, topic_rows) for name, topic_rows in by_topic.items()]


def _span_chars(offsets: str) -> set[int]:
    chars: set[int] = set()
    for part in offsets.split(";"):
        start, end = part.split(",")
        chars.update(range(int(start), int(end)))
    return chars


def _topic(name: str, rows: Sequence[dict[str, str]]) -> Topic:
    summary = sorted({(int(r["scuSentCharIdx"]), r["scuSentence"]) for r in rows})
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for r in rows:
        found[r["documentFile"]].add((int(r["docSentCharIdx"]), r["docSentText"]))
    ordered = {f: sorted(s) for f, s in sorted(found.items())}

    def source_key(r: dict[str, str]) -> SentenceKey:
        return (r["documentFile"], ordered[r["documentFile"]].index((int(r["docSentCharIdx"]), r["docSentText"])))

    summary_key = {item: (SUMMARY, i) for i, item in enumerate(summary)}
    keys = [(summary_key[(int(r["scuSentCharIdx"]), r["scuSentence"])], source_key(r)) for r in rows]
    sources = [(f, i) for f, s in ordered.items() for i in range(len(s))]
    summary_task = Task(
        tuple(frozenset((s, d)) for s in summary_key.values() for d in sources),
        frozenset(frozenset(pair) for pair in keys),
    )
    same: set[frozenset[SentenceKey]] = set()
    for (a, ka), (b, kb) in itertools.combinations(zip(rows, keys, strict=True), 2):
        x, y = _span_chars(a["summarySpanOffsets"]), _span_chars(b["summarySpanOffsets"])
        if ka[0] == kb[0] and ka[1][0] != kb[1][0] and len(x & y) >= SPAN_OVERLAP * min(len(x), len(y)):
            same.add(frozenset((ka[1], kb[1])))
    cross_task = Task(tuple(frozenset(p) for p in itertools.combinations(sources, 2) if p[0][0] != p[1][0]), frozenset(same))
    texts = {f: tuple(t for _i, t in s) for f, s in ordered.items()}
    return Topic(name, tuple(t for _i, t in summary), texts, summary_task, cross_task)


# --- scorers ------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def jaccard_scores(topic: Topic, task: Task) -> PairScores:
    """Baseline: Jaccard of lower-cased word sets."""
    scores: PairScores = {}
    for pair in task.candidates:
        a, b = (_words(topic.text(k)) for k in pair)
        scores[pair] = len(a & b) / max(len(a | b), 1)
    return scores


def _document(name: str, sentences: Sequence[str]) -> tuple[Document, list[int]]:
    """One document, a sentence per paragraph; returns the sentence start offsets."""
    starts, parts, offset = [], [], 0
    for sentence in sentences:
        text = " ".join(sentence.split())
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 2
    text = "\n\n".join(parts)
    return Document(content_id(name, text, prefix="d"), name, text, "text"), starts


def topic_units(topic: Topic, nlp: Language, with_summary: bool) -> tuple[list[Unit], list[SentenceKey]]:
    """Claim units of the topic's articles (and summary) by the brief's code path, and their sentences."""
    from crossread.stages.analyze import analyze_parsed
    from crossread.stages.compare import claim_units
    from crossread.stages.link import link_entities

    named = [*([(SUMMARY, topic.summary)] if with_summary else []), *topic.sources.items()]
    built = [_document(name, sentences) for name, sentences in named]
    parsed = list(nlp.pipe(d.text for d, _s in built))
    analyzed: list[AnalyzedDocument] = [analyze_parsed(doc, d) for doc, (d, _s) in zip(parsed, built, strict=True)]
    units = claim_units(analyzed, parsed, link_entities(analyzed))
    by_id = {d.id: (name, starts) for (name, _t), (d, starts) in zip(named, built, strict=True)}
    keys = []
    for unit in units:
        name, starts = by_id[unit.doc_id]
        # The first word character decides: a unit may open with the previous sentence's closing quote.
        first = unit.start + next((i for i, c in enumerate(unit.text) if c.isalnum()), 0)
        keys.append((name, max(i for i, start in enumerate(starts) if start <= first)))
    return units, keys


def sentence_scores(task: Task, matrix: np.ndarray, keys: Sequence[SentenceKey]) -> PairScores:
    """A sentence pair scores its best unit pair (0 when a sentence has no unit)."""
    scores: PairScores = dict.fromkeys(task.candidates, 0.0)
    for i, j in itertools.combinations(range(len(keys)), 2):
        pair = frozenset((keys[i], keys[j]))
        if pair in scores:
            scores[pair] = max(scores[pair], float(matrix[i, j]))
    return scores


def grouped_pairs(task: Task, groups: Sequence[Sequence[int]], keys: Sequence[SentenceKey]) -> set[Hashable]:
    """Candidate sentence pairs whose units ``align_units`` put in one group."""
    candidates = set(task.candidates)
    return {
        pair for g in groups for i, j in itertools.combinations(g, 2) if (pair := frozenset((keys[i], keys[j]))) in candidates
    }


# --- metrics ------------------------------------------------------------------


def prf(tasks: Sequence[Task], predicted: Sequence[set[Hashable]], threshold: float = float("nan")) -> Scores:
    """Micro P/R/F1 of predicted pairs against the gold pairs."""
    hits = sum(len(p & t.gold) for t, p in zip(tasks, predicted, strict=True))
    n_predicted = sum(len(p) for p in predicted)
    n_gold = sum(len(t.gold) for t in tasks)
    precision = hits / n_predicted if n_predicted else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, threshold)


def pair_prf(tasks: Sequence[Task], scored: Sequence[PairScores], threshold: float) -> Scores:
    """P/R/F1 of the pairs scoring at least ``threshold``."""
    return prf(tasks, [{p for p, s in scores.items() if s >= threshold} for scores in scored], threshold)


def calibrate(tasks: Sequence[Task], scored: Sequence[PairScores]) -> float:
    """The threshold of the grid with the best pair F1 (ties: the lower)."""
    return max(THRESHOLD_GRID, key=lambda t: (pair_prf(tasks, scored, t).f1, -t))


def calibrate_precision(tasks: Sequence[Task], scored: Sequence[PairScores], target: float) -> float:
    """The lowest threshold of the grid whose precision reaches ``target`` (a false corroboration costs more than a miss)."""
    return next((t for t in THRESHOLD_GRID if pair_prf(tasks, scored, t).precision >= target), THRESHOLD_GRID[-1])


def ranking(topics: Sequence[Topic], scored: Sequence[PairScores]) -> tuple[float, float]:
    """Summary-source: is each summary sentence's best source sentence gold (recall@1), MRR of the first gold."""
    top1, reciprocal, count = 0.0, 0.0, 0
    for topic, scores in zip(topics, scored, strict=True):
        by_summary: dict[SentenceKey, list[tuple[float, bool]]] = defaultdict(list)
        for pair, score in scores.items():
            summary = next(k for k in pair if k[0] == SUMMARY)  # type: ignore[attr-defined]  # pairs are frozensets of keys
            by_summary[summary].append((-score, pair in topic.summary_source.gold))
        for ranked in by_summary.values():
            ranks = [r for r, (_s, gold) in enumerate(sorted(ranked, key=lambda x: x[0]), 1) if gold]
            if ranks:
                count += 1
                top1 += ranks[0] == 1
                reciprocal += 1 / ranks[0]
    return top1 / max(count, 1), reciprocal / max(count, 1)


# --- crossread over a split ---------------------------------------------------


@dataclass(slots=True)
class Featurised:
    """A topic's units (features from the brief's code path) for one task."""

    topic: Topic
    task: Task
    units: list[Unit]
    keys: list[SentenceKey]


def featurise(topics: Sequence[Topic], nlp: Language, cross_source: bool = True) -> list[Featurised]:
    result = []
    for topic in topics:
        units, keys = topic_units(topic, nlp, with_summary=not cross_source)
        result.append(Featurised(topic, topic.cross_source if cross_source else topic.summary_source, units, keys))
    return result


def crossread_scores(items: Sequence[Featurised], embed: Embedder | None = None) -> list[PairScores]:
    return [sentence_scores(f.task, similarity_matrix(f.units, embed)[0], f.keys) for f in items]


def crossread_grouped(items: Sequence[Featurised], embed: Embedder | None = None, threshold: float | None = None) -> Scores:
    """P/R/F1 of the pairs the brief's matcher puts in one claim (``compare.match.align_story``).

    At the shipped operating point unless ``threshold`` (the matching floor) is given.
    """
    from dataclasses import replace

    from crossread.stages.compare.match import align_story, load_matcher, wordllama_embedder

    matcher = load_matcher()
    if threshold is not None:
        matcher = replace(matcher, partial=threshold, same=max(threshold, matcher.same))
    predicted = []
    for f in items:
        groups = align_story(f.units, embed or wordllama_embedder(), matcher).groups
        predicted.append(grouped_pairs(f.task, groups, f.keys))
    return prf([f.task for f in items], predicted, matcher.partial)


def lexical_grouped(items: Sequence[Featurised], threshold: float | None = None) -> Scores:
    """The former lexical aligner (``align.align_units`` over ``align.similarity_matrix``), for comparison."""
    predicted = []
    used = float("nan")
    for f in items:
        matrix, default = similarity_matrix(f.units)
        used = default if threshold is None else threshold
        predicted.append(grouped_pairs(f.task, align_units(f.units, matrix, used), f.keys))
    return prf([f.task for f in items], predicted, used)


# --- embeddings cache (computed in a separate venv, see align.load_embedder) ----


def cached_embedder(path: Path) -> Embedder:
    """An embedder that looks texts up in an ``.npz`` of ``texts`` and ``vectors``."""
    data = np.load(path, allow_pickle=False)
    index = {str(t): i for i, t in enumerate(data["texts"])}
    vectors = data["vectors"]

    def embed(texts: list[str]) -> np.ndarray:
        return np.stack([vectors[index[t]] for t in texts])

    return embed


def _report_task(items: dict[str, list[Featurised]], cross: bool, embed: Embedder | None, out: Callable[[str], None]) -> None:
    name = "cross-source" if cross else "summary-source"
    tasks = {s: [f.task for f in items[s]] for s in items}
    scorers: dict[str, Callable[[list[Featurised]], list[PairScores]]] = {
        "jaccard": lambda fs: [jaccard_scores(f.topic, f.task) for f in fs],
        "crossread": crossread_scores,
    }
    if embed is not None:
        scorers["crossread+emb"] = lambda fs: crossread_scores(fs, embed)
    for scorer_name, scorer in scorers.items():
        dev, test = scorer(items["dev"]), scorer(items["test"])
        thresholds = {"F1": calibrate(tasks["dev"], dev)}
        if cross:
            thresholds[f"P>={PRODUCT_PRECISION}"] = calibrate_precision(tasks["dev"], dev, PRODUCT_PRECISION)
        for rule, threshold in thresholds.items():
            line = f"{name} {scorer_name:13} {rule:6} dev {pair_prf(tasks['dev'], dev, threshold)}"
            out(f"{line} | test {pair_prf(tasks['test'], test, threshold)}")
        if not cross:
            out("{} {:13} test R@1 {:.3f} MRR {:.3f}".format(name, scorer_name, *ranking([f.topic for f in items["test"]], test)))
    if cross:
        out(f"{name} {'grouped':13} {'align':6} dev {crossread_grouped(items['dev'])} | test {crossread_grouped(items['test'])}")
        out(f"{name} {'lexical':13} {'align':6} dev {lexical_grouped(items['dev'])} | test {lexical_grouped(items['test'])}")


def report(nlp: Language, root: Path, embed: Embedder | None = None, out: Callable[[str], None] = print) -> None:
    """Baseline and crossread on both tasks: thresholds calibrated on dev, the same ones reported on test."""
    topics = {split: load_superpal(root, split) for split in ("dev", "test")}
    for cross in (True, False):
        _report_task({s: featurise(topics[s], nlp, cross) for s in topics}, cross, embed, out)
