"""compare.match: a unit left alone joins the claim of a partner it matches (made-up scores)."""

from __future__ import annotations

from crossread.stages.compare.match import ABSORB_OTHERS_SHARE, Match, _absorb
from crossread.units import Unit

FLOOR = 0.85


def _groups(third: float) -> list[list[int]]:
    """Units of documents a and b in one claim; c's unit matches a's at 0.9 and b's at ``third``."""
    units = [Unit(doc, 0, 10, "made up", 0) for doc in ("a", "b", "c")]
    score = {(0, 1): 0.95, (0, 2): 0.9, (1, 2): third}
    groups = _absorb([[0, 1], [2]], [Match(0, 2, 0.9)], units, lambda i, j: score[(min(i, j), max(i, j))], FLOOR)
    return sorted(sorted(g) for g in groups)


def test_match_a_lone_unit_joins_its_partners_claim_a_little_below_the_floor_with_the_others() -> None:
    """A headline matching one outlet's lead joins that lead's claim though it scores 0.75 with the third outlet's."""
    assert ABSORB_OTHERS_SHARE * FLOOR <= 0.75 < FLOOR
    assert _groups(0.75) == [[0, 1, 2]]


def test_match_a_lone_unit_stays_alone_well_below_the_floor_with_a_member() -> None:
    assert _groups(0.6) == [[0, 1], [2]]
