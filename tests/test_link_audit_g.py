"""link: entity rules from blind audit G of fresh stories (made-up sentences, hand-made mentions)."""

from __future__ import annotations

from collections.abc import Sequence

from conftest import made_up_document
from crossread.model import Entity
from crossread.stages.link import link_entities

made_up = made_up_document


def labels(entities: Sequence[Entity]) -> dict[str, str]:
    return {e.name: e.label for e in entities}


def test_link_an_acronym_never_joins_a_persons_name_part() -> None:
    """Audit G saw "UN" (the United Nations) merged into "Kim Jong Un"."""
    docs = [
        made_up(
            "Leader Pak Sung Ri watched the test. The launch breached RI resolutions, the envoy said.",
            [("Pak Sung Ri", "PERSON"), ("RI", "ORG")],
        )
    ]
    entities = labels(link_entities(docs))
    assert entities == {"Pak Sung Ri": "PERSON", "RI": "ORG"}


def test_link_a_party_letter_or_one_member_of_a_group_is_no_group() -> None:
    """Audit G saw "D" of "(D., Hawaii)" listed as a NORP and "The Democrat argued" (a senator) folded into the
    Democrats."""
    text = (
        "Sen. Mara Quill (D., Ohio) said the plan stands. The Democrat argued that voters agree.\n"
        "Rep. Tom Vale (R-Iowa) disagreed with the Democrats and the Republican-led panel."
    )
    docs = [
        made_up(
            text,
            [
                ("Mara Quill", "PERSON"),
                ("D.", "NORP"),
                ("Ohio", "GPE"),
                ("Democrat", "NORP"),
                ("Tom Vale", "PERSON"),
                ("R", "NORP"),
                ("Democrats", "NORP"),
                ("Republican", "NORP"),
            ],
        )
    ]
    entities = {e.name: len(e.mentions) for e in link_entities(docs)}
    assert "D" not in entities and "R" not in entities
    assert entities["Democrats"] == 1 and entities["Republican"] == 1  # "Republican-led" is the group's


def test_link_a_clerk_is_a_title() -> None:
    """Audit G saw "Clerk" of "the Chief Clerk of the House" typed PERSON."""
    docs = [made_up("Ana Ruiz wrote to the Chief Clerk of the House on Monday.", [("Ana Ruiz", "PERSON"), ("Clerk", "PERSON")])]
    assert [e.name for e in link_entities(docs)] == ["Ana Ruiz"]


def test_link_a_headline_feature_name_keeps_its_noun_and_the_word_before() -> None:
    """Audit G saw the headline's "East Sea" cut to "Sea" and "Korean Peninsula" to "Korean" (running text
    writes "east coast" and names "Korean" alone)."""
    title = "Rockets Fall Into West Sea Near Norland Peninsula"
    text = f"{title}\nTwo rockets fell off the west coast, a Norland official said."
    docs = [made_up(text, [("West Sea", "LOC"), ("Norland Peninsula", "LOC"), ("Norland", "NORP")], title=title)]
    names = {e.name for e in link_entities(docs)}
    assert {"West Sea", "Norland Peninsula"} <= names


def test_link_a_name_before_variant_is_no_place() -> None:
    """Audit G saw "Delta" of "the Delta variant" typed LOC."""
    docs = [made_up("Cases rose as the Kappa variant spread in Ohio.", [("Kappa", "LOC"), ("Ohio", "GPE")])]
    assert labels(link_entities(docs)) == {"Kappa": "EVENT", "Ohio": "GPE"}


def test_link_an_outlet_name_read_as_a_state_is_an_organisation() -> None:
    """Audit G saw "Bloomberg" of "a Bloomberg survey" (in Bloomberg's own story) typed GPE."""
    docs = [
        made_up(
            "The median estimate in a Glimmer survey of economists was lower.",
            [("Glimmer", "GPE")],
            outlet="Glimmer (Online News)",
        )
    ]
    assert labels(link_entities(docs)) == {"Glimmer": "ORG"}


def test_link_the_north_and_the_south_are_the_halves_of_a_divided_country() -> None:
    """Audit G saw "the North" and "the South" listed as places beside North and South Korea; "the South" of
    a story naming North and South Carolina (US states) is the region and stays apart."""
    docs = [
        made_up(
            "North Varia fired a missile. South Varia said the North broke the truce; the South tested one too.",
            [("North Varia", "GPE"), ("South Varia", "GPE"), ("North", "LOC"), ("South", "LOC")],
        )
    ]
    counts = {e.name: len(e.mentions) for e in link_entities(docs)}
    assert counts == {"North Varia": 2, "South Varia": 2}
    states = [
        made_up(
            "North Carolina and South Carolina voted; the South turned out.",
            [("North Carolina", "GPE"), ("South Carolina", "GPE"), ("South", "LOC")],
        )
    ]
    assert {e.name for e in link_entities(states)} == {"North Carolina", "South Carolina", "South"}


def test_link_every_use_of_a_series_name_in_any_case_is_a_mention() -> None:
    """Audit G saw one outlet's four "Covid-19" (untagged by NER) left out of the "COVID-19" entity."""
    docs = [
        made_up("Cases of KOVID-19 rose in Ohio.", [("KOVID-19", "ORG"), ("Ohio", "GPE")]),
        made_up("Kovid-19 cases rose. Most Kovid-19 patients were not vaccinated.", []),
    ]
    entities = link_entities(docs)
    series = [e for e in entities if "KOVID-19" in e.aliases]
    assert len(series) == 1 and len(series[0].mentions) == 3 and series[0].label == "EVENT"


def test_link_a_name_defining_an_acronym_ner_missed_joins_the_name_defining_it_elsewhere() -> None:
    """Audit G (story of audit F): one outlet's "Israel Defense Force (IDF)" tagged, another's "Israeli Defense
    Forces (IDF)" untagged; the entity takes both names and the acronym, and an untagged definition no
    tagged name shares makes no entity."""
    docs = [
        made_up("The Northland Coast Guard (NCG) said its boats left port.", [("The Northland Coast Guard", "ORG")]),
        made_up("Northern Coast Guards (NCG) boats sailed. The Harbor Pilots Union (HPU) stayed.", []),
    ]
    entities = link_entities(docs)
    assert len(entities) == 1
    guard = entities[0]
    assert set(guard.aliases) == {"Northland Coast Guard", "Northern Coast Guards", "NCG"} and len(guard.mentions) == 2


def test_link_a_headline_group_the_text_names_is_kept_and_joins_it() -> None:
    """Audit G saw the headline's "Dems" (beside the text's "Democrats") missed; a headline-only word NER reads
    as a group that the text never names ("... Mired in Rifts") stays out."""
    title = "Dems Dismiss Tax Fears as Plan Stays Mired in Rifts"
    text = f"{title}\nDemocrats in Ohio said the tax rise would wait."
    docs = [made_up(text, [("Dems", "NORP"), ("Rifts", "NORP"), ("Democrats", "NORP"), ("Ohio", "GPE")], title=title)]
    counts = {e.name: len(e.mentions) for e in link_entities(docs)}
    assert counts == {"Democrats": 2, "Ohio": 1}
