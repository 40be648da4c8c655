"""compare.match: a story's units, predicates and words are embedded in one call, each row as its own call gave it
(made-up units, a made-up embedder)."""

from __future__ import annotations

import hashlib

import numpy as np

from crossread.units import Unit


class _CountingEmbedder:
    """A vector per text from its hash (independent of the texts embedded with it), the calls counted."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8)[:16] / 255.0 - 0.5 for t in texts]
        vectors = np.asarray(rows, dtype=float).reshape(len(texts), 16)
        return np.asarray(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9))


def _unit(doc: str, k: int, text: str, predicate: str, features: list[str]) -> Unit:
    return Unit(doc, 0, len(text), text, k, features=features, predicate=predicate)


UNITS = [
    _unit("a", 0, "The council approved the harbour plan on Monday.", "approve", ["council", "approve", "harbour", "plan"]),
    _unit("a", 1, "Work on the new pier starts in spring.", "start", ["work", "pier", "start", "spring"]),
    _unit("b", 0, "Councillors voted for the harbour plan.", "vote", ["councillor", "vote", "harbour", "plan"]),
    _unit("b", 1, "Builders will begin the pier in the spring.", "begin", ["builder", "begin", "pier", "spring"]),
    _unit("c", 0, "No words here.", "", []),
]


def test_match_story_pairs_embed_once_with_the_vectors_of_separate_calls() -> None:
    from crossread.stages.compare.match import FEATURES, _WordVectors, story_pairs

    embed = _CountingEmbedder()
    pairs = story_pairs(UNITS, embed)
    assert len(embed.calls) == 1
    texts = [u.text for u in UNITS]
    vectors = embed(texts)
    assert np.array_equal(pairs.embedding, vectors @ vectors.T)
    lemmas, vocabulary = _WordVectors.vocabulary(UNITS)
    assert embed.calls[0] == [*texts, "approve", "begin", "start", "vote", *vocabulary]
    words = _WordVectors.build(lemmas, vocabulary, embed(vocabulary))
    covers = words.covers()
    i, j = np.asarray(pairs.pairs).T
    cover_min = np.where([bool(w) for w in lemmas], 1, 0)[i] * np.where([bool(w) for w in lemmas], 1, 0)[j]
    expected_min = np.minimum(covers[i, j], covers[j, i]) * cover_min
    column = FEATURES.index("soft_cover_min")
    assert np.array_equal(pairs.features[:, column], expected_min)
