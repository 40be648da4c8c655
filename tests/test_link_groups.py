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


def _entities_of_titled(nlp: Language, texts: list[str]) -> list[str]:
    from crossread.model import Document
    from crossread.stages.analyze import analyze_many

    documents = [
        Document(id=f"d{i}", source_path=f"d{i}.txt", text=t, kind="text", title=t.split("\n")[0]) for i, t in enumerate(texts)
    ]
    return [e.name for e in link_entities(list(analyze_many(documents, nlp)))]


def test_a_headline_name_ends_where_the_headline_goes_on(nlp: Language) -> None:
    """An audit saw "European Union Set to", "New Monthly Child Tax Credits Are Starting To Go Out" and
    "World Health Organization (WHO" listed as organisations."""
    names = _entities_of_titled(
        nlp,
        [
            "Nordic Union Set to Open Borders to Vaccinated Travelers\n\nThe Nordic Union took a step toward opening "
            "its borders on Wednesday.",
            "Health experts doubt boosters\n\nScientists at the World Health Organization (WHO) said boosters are not "
            "needed for the general public, according to the paper.",
        ],
    )
    assert "Nordic Union" in names and not any(n.startswith("Nordic Union ") for n in names), names
    assert "World Health Organization" in names and not any("(" in n for n in names), names
