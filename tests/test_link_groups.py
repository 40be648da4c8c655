"""link: one political or national group is one entity, singular or plural (made-up texts)."""

from __future__ import annotations

from spacy.language import Language

from conftest import analyzed_texts
from crossread.stages.link import link_entities


def test_a_party_singular_and_plural_are_one_entity(nlp: Language) -> None:
    """An audit saw "Republicans" and "Republican" listed as two actors."""
    texts = [
        "GOP leaders block bill\n\nRepublicans in the Senate blocked the bill on Tuesday. A Republican senator said "
        "the GOP would not budge.",
        "Senate vote fails\n\nSenate Republicans voted against the plan, and Democrats said they would try again.",
    ]
    entities = link_entities(analyzed_texts(nlp, texts))
    republicans = [e for e in entities if {"Republicans", "Republican"} & set(e.aliases)]
    assert len(republicans) == 1, [(e.name, e.aliases) for e in entities]
    assert not any(e.name == "Democrats" and "Republicans" in e.aliases for e in entities)
