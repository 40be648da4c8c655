"""compare.units: a light verb with an event noun reads as the verb the noun stands for (made-up sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import analyzed_texts
from crossread.units import Unit


def _units(nlp: Language, texts: list[str]) -> list[Unit]:
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    analyzed = analyzed_texts(nlp, texts)
    return claim_units(analyzed, list(nlp.pipe(texts)), link_entities(analyzed))


@pytest.mark.parametrize(
    ("light", "plain", "verb"),
    [
        (
            "The envoy Maria Lindqvist held a secret meeting with Omar Haddad in Tunis.",
            "Maria Lindqvist met Omar Haddad in Tunis.",
            "meet",
        ),
        (
            "The finance minister made an announcement about the new tariffs on Friday.",
            "The finance minister announced the new tariffs on Friday.",
            "announce",
        ),
        (
            "The two delegations held talks with the union leaders in the capital.",
            "The two delegations talked with the union leaders in the capital.",
            "talk",
        ),
    ],
)
def test_units_light_verb_with_event_noun_has_the_nouns_verb(nlp: Language, light: str, plain: str, verb: str) -> None:
    first, second = _units(nlp, [light, plain])
    assert first.predicate == second.predicate == verb


def test_units_light_verb_event_noun_arguments_are_the_predicates(nlp: Language) -> None:
    (unit,) = _units(nlp, ["The envoy Maria Lindqvist held a secret meeting with Omar Haddad in Tunis."])
    assert "meeting" not in unit.objects, "the event noun is the predicate, not its object"
    assert any(o.startswith("E:") for o in unit.objects), "whom the meeting was with is the object"


@pytest.mark.parametrize(
    "text",
    [
        "The ruling party has held power in the northern region for decades.",
        "The new mayor will take office in the spring of next year.",
    ],
)
def test_units_light_verb_with_another_noun_keeps_its_verb(nlp: Language, text: str) -> None:
    (unit,) = _units(nlp, [text])
    assert unit.predicate in ("hold", "take")


def test_units_light_verb_with_a_negated_event_noun_is_negated(nlp: Language) -> None:
    (unit,) = _units(nlp, ["The two delegations held no talks with the union leaders this week."])
    assert unit.predicate == "talk"
    assert unit.negated
