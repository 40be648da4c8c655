"""link: entity rules from blind audit J of fresh stories (made-up sentences, hand-made mentions)."""

from __future__ import annotations

from collections.abc import Sequence

from conftest import made_up_document
from crossread.model import Entity
from crossread.stages.link import link_entities
from crossread.stages.link.names import middle_initials, middles_compatible

made_up = made_up_document


def counts(entities: Sequence[Entity]) -> dict[str, tuple[str, int]]:
    return {e.name: (e.label, len(e.mentions)) for e in entities}


def test_link_different_middle_initials_keep_father_and_son_apart() -> None:
    """Audit J saw "George H. W. Bush" merged with "George W. Bush"; "John R. Lewis" is still "John Lewis"."""
    docs = [
        made_up(
            "Ann Lee served under President Adam W. Stone and then under President Adam Q. W. Stone.",
            [("Ann Lee", "PERSON"), ("Adam W. Stone", "PERSON"), ("Adam Q. W. Stone", "PERSON")],
        ),
        made_up(
            "Carl R. Moss met Ann Lee.\nCarl Moss left early.",
            [("Carl R. Moss", "PERSON"), ("Ann Lee", "PERSON"), ("Carl Moss", "PERSON")],
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities["Adam W. Stone"] == ("PERSON", 1)
    assert entities["Adam Q. W. Stone"] == ("PERSON", 1)
    assert entities["Carl R. Moss"] == ("PERSON", 2)


def test_link_middle_initials_read_and_compared() -> None:
    assert middle_initials(["H.", "W."]) == "hw"
    assert middle_initials(["H.W."]) == "hw"
    assert middle_initials(["Levine"]) == ""
    assert not middles_compatible("hw", "w")
    assert middles_compatible("", "w")
    assert middles_compatible("hw", "hw")


def test_link_a_bills_prefix_is_no_person() -> None:
    """Audit J saw "H. Res" and "S. Con" (of "H. Res. 601", "S. Con. Res. 14") as persons; "Stone 43" stays a person."""
    docs = [
        made_up(
            "The House passed H. Res. 512 and S. Con. Res. 9 on a vote.\nA Stone 43-appointee judge agreed with Stone.",
            [("H. Res", "PERSON"), ("S. Con", "PERSON"), ("Stone", "PERSON"), ("Stone", "PERSON")],
        ),
    ]
    entities = counts(link_entities(docs))
    assert "H. Res" not in entities
    assert "S. Con" not in entities
    assert entities["Stone"] == ("PERSON", 2)


def test_link_the_district_after_washington_is_the_same_place() -> None:
    """Audit J saw "Washington, D.C." as two places, "Washington" and "D.C."."""
    docs = [
        made_up("She was treated at a clinic in Washington, D.C., on a cold day.", [("Washington", "GPE"), ("D.C.", "GPE")]),
        made_up("The clinic near Washington, D.C. thanked staff.", [("Washington", "GPE"), ("D.C.", "GPE")]),
    ]
    entities = counts(link_entities(docs))
    assert entities["Washington"] == ("GPE", 2)
    assert "D.C." not in entities


def test_link_a_headline_rubric_and_a_hyphenated_headline_word_are_no_names() -> None:
    """Audit J saw "EXPLAINER" (of "EXPLAINER: What …") as a person and a headline's "Cease-Fire" as an organisation
    where the body writes "cease-fire"."""
    docs = [
        made_up(
            "EXPLAINER: What did the river truce change?\nThe truce between Ann Lee and the River Board held.",
            [("EXPLAINER", "PERSON"), ("Ann Lee", "PERSON"), ("River Board", "ORG")],
            title="EXPLAINER: What did the river truce change?",
        ),
        made_up(
            "After the Valley Cease-Fire\nThe cease-fire between the River Board and Ann Lee held.",
            [("Cease-Fire", "ORG"), ("River Board", "ORG"), ("Ann Lee", "PERSON")],
            title="After the Valley Cease-Fire",
        ),
    ]
    entities = counts(link_entities(docs))
    assert "EXPLAINER" not in entities
    assert "Cease-Fire" not in entities
    assert entities["River Board"] == ("ORG", 2)


def test_link_a_partys_initials_are_the_party() -> None:
    """Audit J saw "G.O.P." and "Republican Party" listed apart; the members ("Republicans") stay a group."""
    docs = [
        made_up("Ann Lee became the G.O.P. nominee.\nRepublicans cheered.", [("G.O.P.", "ORG"), ("Republicans", "NORP")]),
        made_up("The Republican Party backed Ann Lee.", [("Republican Party", "ORG")]),
    ]
    entities = counts(link_entities(docs))
    assert entities["Republican Party"] == ("ORG", 2)
    assert entities["Republicans"] == ("NORP", 1)


def test_link_one_appeals_court_however_written() -> None:
    """Audit J saw one court as "U.S. Court of Appeals" (NER cut "… for the 4th Circuit" off), "Fourth Circuit" and
    "4th US Circuit Court of Appeals"."""
    docs = [
        made_up(
            "A panel of the U.S. Court of Appeals for the 4th Circuit ruled on the river.",
            [("U.S. Court of Appeals", "ORG"), ("4th Circuit", "ORG")],
        ),
        made_up("A panel of the 4th US Circuit Court of Appeals ruled.", [("4th US Circuit Court of Appeals", "ORG")]),
        made_up(
            "A panel for the U.S. Court of Appeals for the Fourth Circuit ruled Tuesday.",
            [("U.S. Court of Appeals", "ORG"), ("Fourth Circuit", "ORG")],
        ),
    ]
    entities = link_entities(docs)
    courts = [e for e in entities if "Circuit" in " ".join(e.aliases) or "Appeals" in e.name]
    assert len(courts) == 1, [(e.name, e.aliases) for e in courts]
    assert len(courts[0].mentions) == 5


def test_link_a_headline_surname_ner_missed_or_glued_is_a_mention() -> None:
    """Audit J counted 8 of a story's 11 "Fauci": NER missed "Fauci" in two headlines and glued one into "Rand Paul
    Accuses Fauci of Lying". A word that is no one's surname in the story stays unread."""
    docs = [
        made_up(
            "Moss turns tables on Ann Lee\nCarl Moss spoke to Ann Lee on Monday.",
            [("Ann Lee", "PERSON"), ("Carl Moss", "PERSON"), ("Ann Lee", "PERSON")],
            title="Moss turns tables on Ann Lee",
        ),
        made_up(
            "Ann Lee Accuses Moss of Lying\nMoss denied it, Lee said.",
            [("Ann Lee Accuses Moss of Lying", "PERSON"), ("Moss", "PERSON"), ("Lee", "PERSON")],
            title="Ann Lee Accuses Moss of Lying",
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities["Carl Moss"] == ("PERSON", 4)


def test_link_a_story_outlet_read_as_a_person_is_the_outlet() -> None:
    """Audit J saw "Politico" (of "Politico reported") as a person in Politico's own story; a surname of someone the
    story names in full stays a person."""
    docs = [
        made_up("Zarvonet reported on Wednesday that aides left.", [("Zarvonet", "PERSON")], outlet="Zarvonet"),
        made_up("Aides left, Zarvonet reported, citing staff.", [("Zarvonet", "PERSON")], outlet="Tide News"),
        made_up("Rep. Ann Hillo spoke. Hillo left.", [("Ann Hillo", "PERSON"), ("Hillo", "PERSON")], outlet="Hillo"),
    ]
    entities = counts(link_entities(docs))
    assert entities["Zarvonet"][0] == "ORG"
    assert entities["Ann Hillo"] == ("PERSON", 2)


def test_link_a_titles_initials_are_no_name_and_no_part_of_one() -> None:
    """Audit J saw "VP" (of "the VP's office") as an organisation."""
    docs = [
        made_up(
            "Aides outside the VP’s office were told.\nVP Ann Lee met Carl Moss.",
            [("VP", "ORG"), ("VP Ann Lee", "PERSON"), ("Carl Moss", "PERSON")],
        )
    ]
    entities = counts(link_entities(docs))
    assert "VP" not in entities
    assert entities["Ann Lee"] == ("PERSON", 1)


def test_link_a_place_with_a_lower_case_noun_after_it_is_the_place() -> None:
    """Audit J saw "Gaza strip" listed apart from "Gaza"."""
    docs = [
        made_up("Rockets fell on Zarvia.", [("Zarvia", "GPE")]),
        made_up("The group took over the Zarvia strip in 2007.", [("Zarvia strip", "GPE")]),
    ]
    entities = counts(link_entities(docs))
    assert entities["Zarvia"] == ("GPE", 2)
    assert "Zarvia strip" not in entities
