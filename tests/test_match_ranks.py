"""A pair's rank features (best candidate, margin) read the two largest scores of each row, as a full sort gave them."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from crossread.stages.compare.match import _rank_features
from crossread.units import Unit


def _sorted_ranks(units: list[Unit], base: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    """The rank features as a full sort of each row made them."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for k, unit in enumerate(units):
        by_doc[unit.doc_id].append(k)
    best, second = np.zeros_like(base), np.zeros_like(base)
    for members in by_doc.values():
        ordered = np.sort(base[:, members], axis=1)
        best[:, members] = ordered[:, -1:]
        second[:, members] = ordered[:, -2:-1] if len(members) > 1 else 0.0
    i, j = np.asarray(pairs).T
    top_i, top_j = base[i, j] >= best[i, j], base[j, i] >= best[j, i]
    margin_i = base[i, j] - np.where(top_i, second[i, j], best[i, j])
    margin_j = base[j, i] - np.where(top_j, second[j, i], best[j, i])
    return np.column_stack([top_i & top_j, top_i | top_j, np.minimum(margin_i, margin_j)]).astype(float)


TOGETHER = ["a", "a", "a", "b", "b", "c", "d", "d", "d", "d"]  # one document with a single unit
MIXED = ["a", "b", "a", "d", "c", "d", "a", "b", "d", "d"]  # a document's units not listed together


@pytest.mark.parametrize("docs", [TOGETHER, MIXED])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_match_rank_features_equal_a_full_sort(seed: int, docs: list[str]) -> None:
    rng = np.random.default_rng(seed)
    units = [Unit(doc, 0, 10, "made up", k) for k, doc in enumerate(docs)]
    base = np.round(rng.random((len(units), len(units))), 1)  # ties on purpose
    pairs = [(i, j) for i in range(len(units)) for j in range(i + 1, len(units)) if docs[i] != docs[j]]
    assert _rank_features(units, base, pairs).tobytes() == _sorted_ranks(units, base, pairs).tobytes()
