"""compare.match: the same number read in two units, and claims never joined through a weak pair (made-up units)."""

from __future__ import annotations

from crossread.stages.compare import match
from crossread.units import Unit


def _unit(doc: str, text: str, numbers: dict[str, float]) -> Unit:
    words = [w.strip(".,$").lower() for w in text.split() if len(w) > 3]
    return Unit(doc, 0, len(text), text, 0, features=words, numbers=numbers)


def test_match_shared_values_counts_the_same_number_whatever_it_was_read_to_count() -> None:
    units = [
        _unit("a", "The monthly benefit rises by $92 for the average retiree.", {"$|benefit": 92.0}),
        _unit("b", "That is an increase of $92 a month for a typical pensioner.", {"$|increase": 92.0}),
        _unit("c", "The agency counted 48 offices across the region last year.", {"|office": 48.0}),
    ]
    pairs = match.story_pairs(units, match.wordllama_embedder())
    column = pairs.features[:, match.FEATURES.index("shared_values")]
    by_pair = dict(zip(pairs.pairs, column.tolist(), strict=True))
    assert by_pair[(0, 1)] > 0, "$92 in both: the same value, though read with different counts"
    assert by_pair[(0, 2)] == by_pair[(1, 2)] == 0


def test_match_claims_never_join_through_a_pair_below_the_join_floor() -> None:
    units = [_unit(doc, f"Unit of document {doc} says something.", {}) for doc in "abc"]
    scores = {(0, 1): 0.9, (1, 2): 0.88, (0, 2): 0.3}  # a and c barely resemble each other

    def score_of(i: int, j: int) -> float:
        return scores[(min(i, j), max(i, j))]

    matches = [match.Match(0, 1, 0.9), match.Match(1, 2, 0.88)]
    groups = match._join(3, units, matches, score_of, match.JOIN_FLOOR)
    assert [0, 1] in groups and [2] in groups, "a claim says every pair across it is one fact: 0.3 is not"
