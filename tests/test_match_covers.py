"""compare.match: the soft word cover of all unit pairs at once is the column-by-column one, bit for bit (made-up vectors)."""

from __future__ import annotations

import numpy as np
import pytest


def _unit_by_unit(index: list[np.ndarray], vectors: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """``covers`` as it was written first: one column gather and one maximum per unit."""
    n, size = len(index), len(idf)
    sims = vectors @ vectors.T
    nearest, weights = np.zeros((size, n)), np.zeros((n, size))
    for k, words in enumerate(index):
        if len(words):
            nearest[:, k] = sims[:, words].max(axis=1)
            weights[k, words] = idf[words]
    return np.asarray((weights @ nearest) / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9))


@pytest.mark.parametrize("seed", range(12))
def test_match_covers_over_rows_are_column_by_column(seed: int) -> None:
    from crossread.stages.compare import match

    rng = np.random.default_rng(seed)
    size, n = int(rng.integers(1, 30)), int(rng.integers(1, 25))
    vectors = rng.normal(size=(size, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    idf = rng.uniform(0.1, 3.0, size)
    # some units without a content word, the others a few distinct words each
    index = [np.sort(rng.choice(size, int(rng.integers(0, min(size, 6) + 1)), replace=False)) for _ in range(n)]
    found = match._WordVectors(index, vectors, idf).covers()
    assert np.array_equal(found, _unit_by_unit(index, vectors, idf))
    for i in range(n):
        for j in range(n):
            if len(index[i]) and len(index[j]):
                low, high = match._WordVectors(index, vectors, idf).cover(i, j)
                assert min(found[i, j], found[j, i]) == pytest.approx(low) and max(found[i, j], found[j, i]) == pytest.approx(
                    high
                )


def test_match_covers_of_units_without_words() -> None:
    from crossread.stages.compare.match import _WordVectors

    vectors = np.eye(3)
    found = _WordVectors([np.zeros(0, dtype=int)] * 2, vectors, np.ones(3)).covers()
    assert np.array_equal(found, np.zeros((2, 2)))


@pytest.mark.parametrize("seed", range(4))
def test_match_covers_of_copied_units_are_their_originals_bit_for_bit(seed: int) -> None:
    # a copy's words are reduced once and copied: the same rows as reducing them again
    from crossread.stages.compare import match

    rng = np.random.default_rng(seed)
    size = 20
    vectors = rng.normal(size=(size, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    idf = rng.uniform(0.1, 3.0, size)
    originals = [np.sort(rng.choice(size, int(rng.integers(0, 6)), replace=False)) for _ in range(5)]
    index = [originals[k] for k in rng.integers(0, 5, 12)]  # copies, listed in any order
    found = match._WordVectors(index, vectors, idf).covers()
    assert found.tobytes() == _unit_by_unit(index, vectors, idf).tobytes()
