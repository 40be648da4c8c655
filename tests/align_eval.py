"""Score claim alignment against the SuperPAL Multi-News gold alignments.

SuperPAL (Ernst et al., CoNLL 2021) aligns propositions of a Multi-News summary
sentence to sentences of the source articles. Per topic the candidates are all
distinct source sentences seen in the topic; a (summary sentence, source
sentence) pair is gold when crowd workers aligned them. Reusable by the test
suite and a later ``make eval``:

    topics = load_superpal(root, "dev")
    scored = [crossread_pair_scores(t, nlp) for t in topics]   # or jaccard_pair_scores(t)
    threshold = calibrate(topics, scored)
    print(pair_prf(topics, scored, threshold), ranking(topics, scored))

Features come from the real code path of a brief: each summary and each source
article becomes a ``Document`` (one sentence per paragraph), analyzed with
spaCy, entities linked across the topic, split into claim units by
``compare.claim_units`` and scored by ``align.similarity_matrix``. A sentence
pair scores the best of its unit pairs.

Run as a script: ``python tests/align_eval.py [EMBEDDINGS.npz]``. The texts are
read in place from the shared data folder and never copied.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language

from crossread.model import AnalyzedDocument, Document, content_id
from crossread.stages.align import Embedder, Unit, similarity_matrix

SUMMARY = "summary"
# Candidate thresholds searched when calibrating on dev.
THRESHOLD_GRID = tuple(round(0.01 * i, 2) for i in range(1, 100))
_WORD = re.compile(r"\w+")
# A short function-word list for the stronger lexical baseline.
STOPWORDS = frozenset(
    "a an the of to in on at for and or but by with from as is are was were be been has have had "
    "that this it its he she they his her their we our you i not no will would said says".split()
)

SentenceKey = tuple[str, int]  # (document file or SUMMARY, sentence index)
PairScores = dict[tuple[int, SentenceKey], float]


@dataclass(frozen=True, slots=True)
class Topic:
    """One Multi-News topic: summary sentences, source sentences per file, gold pairs."""

    name: str
    summary: tuple[str, ...]
    sources: dict[str, tuple[str, ...]]
    gold: frozenset[tuple[int, SentenceKey]]

    def candidates(self) -> list[SentenceKey]:
        return [(name, i) for name, sentences in self.sources.items() for i in range(len(sentences))]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    threshold: float

    def __str__(self) -> str:
        return f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} @ {self.threshold:.2f}"


def load_superpal(root: Path, split: str) -> list[Topic]:
    """Topics of ``{split}_MN_only.csv``, sentences in their order of appearance."""
    with (root / f"{split}_MN_only.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_topic: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_topic[row["topic"]].append(row)
    return [_topic(name, topic_rows) for name, topic_rows in by_topic.items()]


def _topic(name: str, rows: Sequence[dict[str, str]]) -> Topic:
    summary = sorted({(int(r["scuSentCharIdx"]), r["scuSentence"]) for r in rows})
    sources: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in rows:
        item = (int(r["docSentCharIdx"]), r["docSentText"])
        if item not in sources[r["documentFile"]]:
            sources[r["documentFile"]].append(item)
    ordered = {f: sorted(s) for f, s in sorted(sources.items())}
    summary_index = {item: i for i, item in enumerate(summary)}
    gold = frozenset(
        (
            summary_index[(int(r["scuSentCharIdx"]), r["scuSentence"])],
            (r["documentFile"], ordered[r["documentFile"]].index((int(r["docSentCharIdx"]), r["docSentText"]))),
        )
        for r in rows
    )
    return Topic(name, tuple(t for _i, t in summary), {f: tuple(t for _i, t in s) for f, s in ordered.items()}, gold)


# --- scorers ------------------------------------------------------------------


def _words(text: str, drop_stopwords: bool) -> set[str]:
    words = {w.lower() for w in _WORD.findall(text)}
    return words - STOPWORDS if drop_stopwords else words


def jaccard_pair_scores(topic: Topic, drop_stopwords: bool = False) -> PairScores:
    """Baseline: Jaccard of lower-cased word sets (optionally without function words)."""
    scores: PairScores = {}
    for s, sentence in enumerate(topic.summary):
        x = _words(sentence, drop_stopwords)
        for key in topic.candidates():
            y = _words(topic.sources[key[0]][key[1]], drop_stopwords)
            scores[(s, key)] = len(x & y) / max(len(x | y), 1)
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


def topic_units(topic: Topic, nlp: Language) -> tuple[list[Unit], list[SentenceKey]]:
    """Claim units of a topic's summary and sources (the brief's code path) and their sentences."""
    from crossread.stages.analyze import analyze_parsed
    from crossread.stages.compare import claim_units
    from crossread.stages.link import link_entities

    named = [(SUMMARY, topic.summary), *topic.sources.items()]
    built = [_document(name, sentences) for name, sentences in named]
    parsed = list(nlp.pipe(d.text for d, _s in built))
    analyzed: list[AnalyzedDocument] = [analyze_parsed(doc, d) for doc, (d, _s) in zip(parsed, built, strict=True)]
    units = claim_units(analyzed, parsed, link_entities(analyzed))
    by_id = {d.id: (name, starts) for (name, _t), (d, starts) in zip(named, built, strict=True)}
    keys = []
    for unit in units:
        name, starts = by_id[unit.doc]
        keys.append((name, max(i for i, start in enumerate(starts) if start <= unit.start)))
    return units, keys


def crossread_pair_scores(topic: Topic, nlp: Language, embed: Embedder | None = None) -> PairScores:
    """crossread's unit similarity; a sentence pair scores its best unit pair."""
    units, keys = topic_units(topic, nlp)
    matrix, _threshold = similarity_matrix(units, embed)
    return sentence_scores(topic, matrix, keys)


def sentence_scores(topic: Topic, matrix: np.ndarray, keys: Sequence[SentenceKey]) -> PairScores:
    scores: PairScores = {(s, key): 0.0 for s in range(len(topic.summary)) for key in topic.candidates()}
    summary_rows = [i for i, k in enumerate(keys) if k[0] == SUMMARY]
    for i in summary_rows:
        for j, key in enumerate(keys):
            if key[0] != SUMMARY:
                pair = (keys[i][1], key)
                scores[pair] = max(scores[pair], float(matrix[i, j]))
    return scores


# --- metrics ------------------------------------------------------------------


def pair_prf(topics: Sequence[Topic], scored: Sequence[PairScores], threshold: float) -> Scores:
    """Micro P/R/F1 of the pairs scoring at least ``threshold`` against the gold pairs."""
    hits = predicted = gold = 0
    for topic, scores in zip(topics, scored, strict=True):
        chosen = {pair for pair, score in scores.items() if score >= threshold}
        hits += len(chosen & topic.gold)
        predicted += len(chosen)
        gold += len(topic.gold)
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, threshold)


def calibrate(topics: Sequence[Topic], scored: Sequence[PairScores]) -> float:
    """The threshold of the grid with the best pair F1."""
    return max(THRESHOLD_GRID, key=lambda t: (pair_prf(topics, scored, t).f1, -t))


def ranking(topics: Sequence[Topic], scored: Sequence[PairScores]) -> tuple[float, float]:
    """Per summary sentence: is the best-scored source sentence gold (recall@1), and MRR of the first gold."""
    top1, reciprocal, count = 0.0, 0.0, 0
    for topic, scores in zip(topics, scored, strict=True):
        for s in range(len(topic.summary)):
            ranked = sorted(topic.candidates(), key=lambda k: -scores[(s, k)])
            ranks = [r for r, key in enumerate(ranked, 1) if (s, key) in topic.gold]
            if not ranks:
                continue
            count += 1
            top1 += ranks[0] == 1
            reciprocal += 1 / ranks[0]
    return top1 / max(count, 1), reciprocal / max(count, 1)


# --- embeddings cache (computed in a separate venv, see align.load_embedder) ----


def cached_embedder(path: Path) -> Embedder:
    """An embedder that looks texts up in an ``.npz`` of ``texts`` and ``vectors``."""
    data = np.load(path, allow_pickle=False)
    index = {str(t): i for i, t in enumerate(data["texts"])}
    vectors = data["vectors"]

    def embed(texts: list[str]) -> np.ndarray:
        return np.stack([vectors[index[t]] for t in texts])

    return embed


def report(nlp: Language, root: Path, embed: Embedder | None = None, out: Callable[[str], None] = print) -> None:
    """Baselines and crossread on dev (threshold calibrated) and test (same threshold)."""
    splits = {split: load_superpal(root, split) for split in ("dev", "test")}
    scorers: dict[str, Callable[[Topic], PairScores]] = {
        "jaccard": jaccard_pair_scores,
        "jaccard-nostop": lambda t: jaccard_pair_scores(t, True),
        "crossread": lambda t: crossread_pair_scores(t, nlp),
    }
    if embed is not None:
        scorers["crossread+emb"] = lambda t: crossread_pair_scores(t, nlp, embed)
    for name, scorer in scorers.items():
        dev = [scorer(t) for t in splits["dev"]]
        test = [scorer(t) for t in splits["test"]]
        threshold = calibrate(splits["dev"], dev)
        r1, mrr = ranking(splits["test"], test)
        out(
            f"{name:15} dev {pair_prf(splits['dev'], dev, threshold)} | test {pair_prf(splits['test'], test, threshold)}"
            f" | test R@1 {r1:.3f} MRR {mrr:.3f}"
        )


def main(argv: Sequence[str]) -> None:
    from crossread.stages.analyze import load_nlp

    root = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "superpal-multinews-alignment"
    embed = cached_embedder(Path(argv[0])) if argv else None
    report(load_nlp(), root, embed)


if __name__ == "__main__":
    main(sys.argv[1:])
