"""compare.units: a unit's modality comes from a verb that says what was done or planned (made-up sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import analyzed_texts
from crossread.units import Unit


def _unit(nlp: Language, text: str) -> Unit:
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    analyzed = analyzed_texts(nlp, [text])
    (unit,) = claim_units(analyzed, list(nlp.pipe([text])), link_entities(analyzed))
    return unit


@pytest.mark.parametrize(
    "text",
    [
        "Appeals court sides with farmers seeking relief in two water cases",
        "Regional court sides with tenants seeking damages in two housing cases",
    ],
)
def test_a_verb_describing_a_noun_plans_nothing(nlp: Language, text: str) -> None:
    # the farmers seek; nothing is announced as planned
    assert _unit(nlp, text).modality != "planned"


def test_a_plan_verb_of_the_clause_still_plans(nlp: Language) -> None:
    assert _unit(nlp, "The governor plans to visit the border town next week.").modality == "planned"


@pytest.mark.parametrize(
    ("text", "loose"),
    [
        ("Weekly jobless claims in the region edged up to 373,000 last week, the labor office said.", False),
        ("The prior week's figure for jobless claims was revised up to 371,000, the labor office said.", False),
        ("The new state fund will give up to 500 grants to small firms this year, officials said.", True),
    ],
)
def test_up_to_after_a_verb_of_movement_is_no_bound(nlp: Language, text: str, loose: bool) -> None:
    """An audit saw "claims edged up to 373,000" read as at most 373,000."""
    unit = _unit(nlp, text)
    assert unit.numbers, unit
    assert bool(unit.loose_numbers) is loose
