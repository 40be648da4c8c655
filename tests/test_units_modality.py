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
