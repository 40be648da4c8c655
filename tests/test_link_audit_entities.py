"""link: entity rules from blind audits of fresh stories (made-up sentences, hand-made mentions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from conftest import made_up_document
from crossread.model import AnalyzedDocument, Entity, Quote, Sentence
from crossread.stages.link import link_entities

made_up = made_up_document


def named(entities: Sequence[Entity], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.name, e.label, e.aliases) for e in entities]
    return found[0]


def test_link_a_law_plan_or_amendment_name_is_a_law() -> None:
    """Audit F saw "First Amendment" and "American Families Plan" typed ORG."""
    docs = [
        made_up(
            "The ruling widened Fourth Amendment protections, the Clean Water Act and the Green Homes Plan.",
            [("Fourth Amendment", "ORG"), ("Clean Water Act", "ORG"), ("Green Homes Plan", "ORG")],
        )
    ]
    entities = link_entities(docs)
    assert {e.name: e.label for e in entities} == {"Fourth Amendment": "LAW", "Clean Water Act": "LAW", "Green Homes Plan": "LAW"}


def test_link_a_censored_word_or_a_quoted_cry_is_no_entity() -> None:
    """Audit F saw "F— school" as a PRODUCT and the cry "Shame!" as a WORK_OF_ART."""
    docs = [
        made_up(
            'She wrote “F— homework” on her page. The two senators traded cries of "Shame!" at the hearing in Ohio.',
            [("F— homework", "PRODUCT"), ("Shame", "WORK_OF_ART"), ("Ohio", "GPE")],
        )
    ]
    assert [e.name for e in link_entities(docs)] == ["Ohio"]


def test_link_an_acronym_joins_its_expansion_after_a_qualifying_acronym() -> None:
    """Audit F saw "FDA" (two outlets) and "U.S. Food and Drug Administration" (a third) listed apart."""
    docs = [
        made_up("The FGA will review the pill next week.", [("FGA", "ORG")]),
        made_up("Approval from the FGA could come in days.", [("FGA", "ORG")]),
        made_up("The U.S. Fish and Game Agency will review the pill.", [("U.S. Fish and Game Agency", "ORG")]),
    ]
    entities = link_entities(docs)
    agency = named(entities, "U.S. Fish and Game Agency")
    assert "FGA" in agency.aliases and len(agency.mentions) == 3


def test_link_names_defining_one_acronym_in_brackets_are_one_entity() -> None:
    """Audit F saw the "Israel Defense Force (IDF)" of one outlet apart from the "Israeli Defense Forces
    (IDF)" of another."""
    docs = [
        made_up("The Northland Coast Guard (NCG) said its boats left port.", [("The Northland Coast Guard", "ORG")]),
        made_up("Northern Coast Guards (NCG) boats sailed on Friday.", [("Northern Coast Guards", "ORG")]),
        made_up("The Northern Coast Railway (NCR) runs by the port.", [("The Northern Coast Railway", "ORG")]),
    ]
    entities = link_entities(docs)
    guard = [e for e in entities if "Northland Coast Guard" in e.aliases]
    assert len(guard) == 1 and set(guard[0].aliases) == {"Northland Coast Guard", "Northern Coast Guards", "NCG"}, entities
    assert len(entities) == 2


def test_link_a_name_after_a_persons_title_is_a_person() -> None:
    """Audit F saw "Shontel Brown" ("councilwoman Shontel Brown") typed ORG; a title that also qualifies
    a body ("state") is no such evidence."""
    docs = [
        made_up(
            "The race pits Vera Lindqvist against Orla Penhallow, a county councilor.",
            [("Vera Lindqvist", "PERSON"), ("Orla Penhallow", "ORG")],
        ),
        made_up(
            "Vera Lindqvist and councilwoman Orla Penhallow shook hands.",
            [("Vera Lindqvist", "PERSON"), ("Orla Penhallow", "ORG")],
        ),
        made_up("Officials at the state Water Board said so.", [("Water Board", "ORG")]),
    ]
    labels = {e.name: e.label for e in link_entities(docs)}
    assert labels == {"Vera Lindqvist": "PERSON", "Orla Penhallow": "PERSON", "Water Board": "ORG"}


def test_link_a_name_qualified_by_a_body_the_story_names_joins_the_bare_name() -> None:
    """Audit F saw "Senate Rules Committee" and "Rules Committee" listed apart beside "Senate"; a qualifier
    that is no body ("Northern") keeps names apart."""
    docs = [
        made_up(
            "The Assembly voted. The Assembly Ethics Panel met, and the Ethics Panel said it would rule soon.",
            [("Assembly", "ORG"), ("Assembly Ethics Panel", "ORG"), ("Ethics Panel", "ORG")],
        ),
        made_up("The Northern Rail Board met the Rail Board.", [("Northern Rail Board", "ORG"), ("Rail Board", "ORG")]),
    ]
    names = sorted(e.name for e in link_entities(docs))
    assert names == ["Assembly", "Assembly Ethics Panel", "Northern Rail Board", "Rail Board"]


def test_link_a_bare_city_name_joins_the_city_where_its_documents_name_it() -> None:
    """A fresh audit saw "New York's next mayor" listed apart from "New York City"; a bare name that is the
    state ("Gov.", "state") stays apart."""
    city = [
        made_up(
            "Voters in Rio Calma City chose a mayor. Rio Calma's next mayor starts in January.",
            [("Rio Calma City", "GPE"), ("Rio Calma", "GPE")],
        ),
        made_up("Rio Calma City voted on Tuesday.", [("Rio Calma City", "GPE")]),
    ]
    assert [(e.name, len(e.mentions)) for e in link_entities(city)] == [("Rio Calma City", 3)]
    state = [
        made_up(
            "Rio Calma Gov. Ann Roe praised Rio Calma City.",
            [("Rio Calma", "GPE"), ("Ann Roe", "PERSON"), ("Rio Calma City", "GPE")],
        )
    ]
    assert sorted(e.name for e in link_entities(state)) == ["Ann Roe", "Rio Calma", "Rio Calma City"]
    listed = [
        made_up(
            "Floods hit Rio Calma City. Homes in Rio Calma, Vale Norte and Serra Alta lost power.",
            [("Rio Calma City", "GPE"), ("Rio Calma", "GPE"), ("Vale Norte", "GPE"), ("Serra Alta", "GPE")],
        )
    ]
    assert "Rio Calma" in [e.name for e in link_entities(listed)]


def test_link_a_headline_name_ending_in_a_lower_case_phrase_of_its_text_is_cut() -> None:
    """Audit F saw "Israel Ground Forces" (headline "... Ground Forces Shell Gaza ...", text "ground
    forces") listed as an organisation."""
    text = (
        "Norland Border Guards Close Roads\nNorland border guards closed two roads on Monday, officials in Norland said, "
        "and the Vesper Coast Guards stayed in port."
    )
    doc = made_up(text, [("Norland Border Guards", "ORG"), ("Norland", "GPE"), ("Vesper Coast Guards", "ORG")])
    heading = doc.sentences[0]
    doc = AnalyzedDocument(
        doc.document,
        (Sentence(heading.doc_id, 0, heading.start, heading.end, heading.text, True), doc.sentences[1]),
        doc.mentions,
    )
    assert sorted(e.name for e in link_entities([doc])) == ["Norland", "Vesper Coast Guards"]


def test_link_a_group_adjective_joins_its_group() -> None:
    """Audit F saw "Democrats" and "Democratic" listed apart (both NORP)."""
    docs = [made_up("Zentrists met on Monday, and Zentristic leaders spoke.", [("Zentrists", "NORP"), ("Zentristic", "NORP")])]
    entities = link_entities(docs)
    assert [(set(e.aliases), len(e.mentions)) for e in entities] == [({"Zentrists", "Zentristic"}, 2)]


def test_link_a_company_description_before_a_speaker_is_no_part_of_its_name() -> None:
    """Audit F saw the speaker "Drugmaker Merck" apart from Merck: the description is no given name."""
    text = "Drugmaker Zentiva said its pill halves the risk."
    said = made_up(text, [])
    speaker = "Drugmaker Zentiva"
    quote = Quote(said.document.id, 28, len(text) - 1, text[28:-1], "reported", speaker, 0, len(speaker), speaker)
    docs = [made_up("Zentiva shares rose on Monday.", [("Zentiva", "ORG")]), replace(said, quotes=(quote,))]
    assert [(e.name, e.label, len(e.mentions)) for e in link_entities(docs)] == [("Zentiva", "ORG", 2)]


def test_link_a_company_description_introduces_no_person() -> None:
    """ "drugmaker Zentiva" is no title: a form NER reads as a person, introduced only so, is none."""
    docs = [
        made_up(
            "Shares of drugmaker Zentiva rose after Zentiva said its pill works.", [("Zentiva", "PERSON"), ("Zentiva", "PERSON")]
        ),
    ]
    assert [e.label for e in link_entities(docs) if e.name == "Zentiva"] in ([], ["ORG"])
