"""align: which claim units of different documents state the same fact.

Units carry features (content lemmas, linked entity ids, numbers, dates);
similarity is the cosine of TF-IDF weighted feature vectors, optionally
blended with sentence embeddings; ``align_units`` groups units best pair
first, never two units of one document in one group.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from crossread.model import ClaimUnit

Embedder = Callable[[list[str]], np.ndarray]

# Cosine of TF-IDF feature vectors above which two units state the same fact.
# Calibrated on the SuperPAL Multi-News alignments (tests/test_compare.py) and
# by reading the bundled example's alignments.
ALIGN_THRESHOLD = 0.30
# With embeddings, the score is this blend of embedding and feature cosine;
# embedding cosines of unrelated news sentences sit around 0.2-0.4.
EMBEDDING_WEIGHT = 0.5
EMBEDDING_ALIGN_THRESHOLD = 0.45
# Feature weights: entities and numbers identify a fact more than a common lemma.
ENTITY_FEATURE_WEIGHT = 1.5
NUMBER_FEATURE_WEIGHT = 1.5
# Feature weights: entities and numbers identify a fact more than a common lemma.
ENTITY_FEATURE_WEIGHT = 1.5
NUMBER_FEATURE_WEIGHT = 1.5


@dataclass(slots=True)
class Unit:
    """A claim unit with the features alignment compares."""

    doc: str
    start: int
    end: int
    text: str
    position: int
    features: list[str] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    numbers: dict[str, float] = field(default_factory=dict)
    dates: set[str] = field(default_factory=set)
    negated_verbs: set[str] = field(default_factory=set)
    verbs: set[str] = field(default_factory=set)
    titled_persons: dict[str, str] = field(default_factory=dict)

    def as_claim_unit(self) -> ClaimUnit:
        return ClaimUnit(self.doc, self.start, self.end, self.text)


def _tfidf(units: Sequence[Unit]) -> np.ndarray:
    """L2-normalised TF-IDF rows over unit features (entity/number features weigh more)."""
    vocabulary: dict[str, int] = {}
    for unit in units:
        for feature in unit.features:
            vocabulary.setdefault(feature, len(vocabulary))
    matrix = np.zeros((len(units), max(len(vocabulary), 1)))
    doc_freq: Counter[str] = Counter()
    for unit in units:
        doc_freq.update(set(unit.features))
    for row, unit in enumerate(units):
        for feature, count in Counter(unit.features).items():
            idf = math.log((1 + len(units)) / (1 + doc_freq[feature])) + 1
            weight = (
                ENTITY_FEATURE_WEIGHT if feature.startswith("E:") else NUMBER_FEATURE_WEIGHT if feature.startswith("N:") else 1.0
            )
            matrix[row, vocabulary[feature]] = (1 + math.log(count)) * idf * weight
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def similarity_matrix(units: Sequence[Unit], embed: Embedder | None = None) -> tuple[np.ndarray, float]:
    """Pairwise unit similarity and the threshold that applies to it."""
    features = _tfidf(units)
    scores = features @ features.T
    if embed is None or not units:
        return scores, ALIGN_THRESHOLD
    vectors = embed([u.text for u in units])
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    blended = EMBEDDING_WEIGHT * (vectors @ vectors.T) + (1 - EMBEDDING_WEIGHT) * scores
    return blended, EMBEDDING_ALIGN_THRESHOLD


def align_units(units: Sequence[Unit], scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Group units across documents: best pairs first, one unit per document per group."""
    parent = list(range(len(units)))
    members: dict[int, set[str]] = {i: {u.doc} for i, u in enumerate(units)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = [
        (scores[i, j], i, j)
        for i in range(len(units))
        for j in range(i + 1, len(units))
        if units[i].doc != units[j].doc and scores[i, j] >= threshold
    ]
    for _score, i, j in sorted(pairs, reverse=True):
        a, b = root(i), root(j)
        if a == b or members[a] & members[b]:
            continue
        parent[b] = a
        members[a] |= members.pop(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(units)):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda g: min(units[i].position for i in g))
