"""The soft word cover of all unit pairs at once is, bit for bit, the cover each pair gets alone."""

from __future__ import annotations

import numpy as np
import pytest

from crossread.stages.compare import match
from crossread.stages.compare.match import _WordVectors
from crossread.units import Unit

SENTENCES = (
    ["minister", "meet", "delegation", "border"],
    [],  # a unit without content words covers nothing
    ["delegation", "talk", "border", "trade"],
    ["trade", "deal", "sign"],
    ["minister", "sign", "deal", "border", "port", "tariff"],
)


def _embed(texts: list[str]) -> np.ndarray:
    """Made-up word vectors: the same word, the same vector."""
    rows = [np.random.default_rng(sum(map(ord, t))).normal(size=8) for t in texts]
    vectors = np.asarray(rows)
    return np.asarray(vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


def _units() -> list[Unit]:
    return [Unit(f"d{k % 2}", 0, 10, "made up", k, features=list(words)) for k, words in enumerate(SENTENCES)]


def _one_max_a_unit(vectors: _WordVectors) -> np.ndarray:
    """``covers`` as it was: one max per unit."""
    n, size = len(vectors.index), len(vectors.idf)
    sims = vectors.vectors @ vectors.vectors.T
    nearest, weights = np.zeros((size, n)), np.zeros((n, size))
    for k, words in enumerate(vectors.index):
        if len(words):
            nearest[:, k] = sims[:, words].max(axis=1)
            weights[k, words] = vectors.idf[words]
    return np.asarray((weights @ nearest) / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9))


@pytest.mark.parametrize("cells", [1, 30, 4_000_000])  # one unit a block, a few, all at once
def test_match_covers_in_blocks_equal_one_unit_at_a_time(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    monkeypatch.setattr(match, "COVER_GATHER_CELLS", cells)
    vectors = _WordVectors.build(_units(), _embed)
    covers = vectors.covers()
    assert covers.tobytes() == _one_max_a_unit(vectors).tobytes()
    for i in range(len(SENTENCES)):
        for j in range(len(SENTENCES)):
            pair = vectors.cover(i, j)
            if SENTENCES[i] and SENTENCES[j]:
                assert min(covers[i, j], covers[j, i]) == pytest.approx(pair[0])
            else:
                assert covers[i, j] == 0.0
