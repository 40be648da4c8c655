"""compare.match: a fact told inside a longer unit is matched through the clause that tells it (made-up units)."""

from __future__ import annotations

import re

import numpy as np

from crossread.stages.compare.match import FEATURES, Match, Matcher, _absorb, _clause_scores, story_pairs
from crossread.units import Unit

WORD = re.compile(r"[a-z]+")
SHORT = "the dock strike will end by the weekend"
LONG = f"the council approved a new harbour budget on monday after the governor said {SHORT}"


def _embed(texts: list[str]) -> np.ndarray:
    """Bag-of-words vectors (a made-up embedder: a clause equal to the short unit has cosine 1 with it)."""
    vocabulary = sorted({w for t in texts for w in WORD.findall(t.lower())} | {"x"})
    rows = np.zeros((len(texts), len(vocabulary)))
    for k, text in enumerate(texts):
        for word in WORD.findall(text.lower()):
            rows[k, vocabulary.index(word)] += 1
        rows[k, -1] += 1e-3  # never a zero vector
    return np.asarray(rows / np.linalg.norm(rows, axis=1, keepdims=True))


def _unit(doc: str, text: str, clauses: tuple[str, ...] = ()) -> Unit:
    words = [w for w in WORD.findall(text.lower()) if len(w) > 3]
    unit = Unit(doc, 0, len(text), text, 0, features=words)
    unit.clauses = [_unit(doc, c) for c in clauses]
    return unit


# A model that reads the embedding cosine alone: the long unit scores related (about 0.3) with the short one.
MATCHER = Matcher(
    weights=tuple(20.0 if name == "embedding" else 0.0 for name in FEATURES), bias=-16.25,
    mean=(0.0,) * len(FEATURES), scale=(1.0,) * len(FEATURES), same=0.9, partial=0.85, related=0.1,
)  # fmt: skip


def _scores(units: list[Unit]) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, dict[tuple[int, int], tuple[float, str]]]:
    pairs = story_pairs(units, _embed)
    scores = MATCHER.probability(pairs.features)
    lifted, why = _clause_scores(units, pairs.pairs, scores, _embed, MATCHER)
    return pairs.pairs, scores, lifted, why


def test_match_a_clause_of_the_longer_unit_matches_the_shorter_one() -> None:
    pairs, scores, lifted, why = _scores(
        [_unit("a", LONG, (SHORT, "the council approved a new harbour budget on monday")), _unit("b", SHORT)]
    )
    assert pairs == [(0, 1)] and MATCHER.related <= scores[0] < MATCHER.partial
    assert lifted[0] == MATCHER.partial
    assert SHORT in why[(0, 1)][1] and why[(0, 1)][0] == scores[0]


def test_match_clauses_raise_no_pair_of_two_long_units_nor_an_uncheckable_one() -> None:
    other = f"{SHORT} and the union leaders promised new talks with the shipping firms"
    _pairs, scores, lifted, why = _scores([_unit("a", LONG, (SHORT,)), _unit("b", other, (SHORT,))])
    assert MATCHER.related <= scores[0] < MATCHER.partial
    assert lifted.tolist() == scores.tolist() and not why
    question = f"will {SHORT}?"
    _pairs, scores, lifted, why = _scores([_unit("a", LONG, (SHORT,)), _unit("b", question)])
    assert MATCHER.related <= scores[0] < MATCHER.partial
    assert lifted.tolist() == scores.tolist() and not why


def test_match_a_lone_unit_joins_its_partners_claim_a_little_below_the_floor_with_the_others() -> None:
    """A headline matching one outlet's lead joins that lead's claim though it scores 0.75 with the third outlet's."""
    units = [_unit(doc, "made up words here") for doc in ("a", "b", "c")]
    score = {(0, 1): 0.95, (0, 2): 0.9, (1, 2): 0.75}
    groups = _absorb([[0, 1], [2]], [Match(0, 2, 0.9)], units, lambda i, j: score[(min(i, j), max(i, j))], 0.85)
    assert sorted(map(sorted, groups)) == [[0, 1, 2]]
    score[(1, 2)] = 0.6  # well below the floor with a member: stays alone
    groups = _absorb([[0, 1], [2]], [Match(0, 2, 0.9)], units, lambda i, j: score[(min(i, j), max(i, j))], 0.85)
    assert sorted(map(sorted, groups)) == [[0, 1], [2]]
