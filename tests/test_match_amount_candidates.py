"""compare.match: the same-amount / same-deed / same-figures rules are tested on the pairs that can pass them only,
with the same outcome as testing every related pair (made-up units)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from crossread.stages.compare.match import Matcher, same_amounts, same_deed, same_figures
from crossread.units import Unit

MATCHER = Matcher(weights=(), bias=0.0, mean=(), scale=(), same=0.9, partial=0.6, related=0.3)


def _every_pair(units: list[Unit], pairs: list[tuple[int, int]], scores: np.ndarray) -> dict[tuple[int, int], tuple[float, str]]:
    """The rules tested pair by pair over every related pair (as ``_same_amount_at_least`` was written first)."""
    raised = {}
    for k, (i, j) in enumerate(pairs):
        if not MATCHER.related <= scores[k] < MATCHER.partial:
            continue
        if same_amounts(units[i], units[j]):
            raised[(i, j)] = (float(scores[k]), "the same amount of the same thing")
        elif same_deed(units[i], units[j]):
            raised[(i, j)] = (float(scores[k]), "the same deed by the same subject")
        elif same_figures(units[i], units[j]):
            raised[(i, j)] = (float(scores[k]), "the same figures")
    return raised


def _unit(doc: str, rng: np.random.Generator) -> Unit:
    numbers = {"|troops": float(rng.choice([13, 14]))} if rng.random() < 0.4 else {}
    values = set(numbers.values()) | ({float(rng.choice([419_000, 51_000, 2.5]))} if rng.random() < 0.4 else set())
    predicate = str(rng.choice(["", "gain", "meet", "say"]))
    subjects = {str(rng.choice(["E:texas", "E:ohio", "report"]))} if rng.random() < 0.7 else set()
    loose = {"|troops"} if numbers and rng.random() < 0.2 else set()
    return Unit(
        doc, 0, 10, "made up", 0, numbers=numbers, values=values, predicate=predicate, subjects=subjects, loose_numbers=loose
    )


@pytest.mark.parametrize("seed", range(8))
def test_match_amount_rules_on_candidates_only_raise_what_every_pair_raises(seed: int) -> None:
    from crossread.stages.compare.match import _same_amount_at_least

    rng = np.random.default_rng(seed)
    units = [_unit(doc, rng) for doc in ("a", "b", "c") for _ in range(6)]
    pairs = [(i, j) for i, j in itertools.combinations(range(len(units)), 2) if units[i].doc_id != units[j].doc_id]
    scores = rng.choice([0.1, 0.3, 0.45, 0.6, 0.8], len(pairs))
    out, raised = _same_amount_at_least(units, pairs, scores, MATCHER)
    expected = _every_pair(units, pairs, scores)
    assert raised == expected and list(raised) == list(expected)
    assert np.array_equal(out, np.where([p in expected for p in pairs], MATCHER.partial, scores))


def test_match_amount_candidates_leave_out_pairs_no_rule_can_pass() -> None:
    from crossread.stages.compare.match import _may_share_amount_or_deed

    units = [
        Unit("a", 0, 10, "made up", 0, predicate="gain", subjects={"E:texas"}, values={13.0}, numbers={"|troops": 13.0}),
        Unit("b", 0, 10, "made up", 0, predicate="lose"),  # nothing to share with the first
        Unit("b", 0, 10, "made up", 1, predicate="gain"),  # the same predicate
        Unit("b", 0, 10, "made up", 2, values={13.0}),  # a figure
    ]
    in_band = np.asarray([True, True, True, False])
    assert _may_share_amount_or_deed(units, [(0, 1), (0, 2), (0, 3), (0, 3)], in_band) == [1, 2]
