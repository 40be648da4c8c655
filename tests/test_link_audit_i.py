"""link: entity rules from blind audit I of fresh stories (made-up sentences, hand-made mentions)."""

from __future__ import annotations

from collections.abc import Sequence

from conftest import made_up_document
from crossread.model import Entity
from crossread.stages.link import link_entities

made_up = made_up_document


def counts(entities: Sequence[Entity]) -> dict[str, tuple[str, int]]:
    return {e.name: (e.label, len(e.mentions)) for e in entities}


def test_link_a_court_case_is_one_law_and_its_parties_named_alone_join_it() -> None:
    """Audit I saw "Casey" as a person, "Dobbs" as an organisation and "Roe" listed apart from "Roe v. Wade"; a
    state named as a party stays a place."""
    docs = [
        made_up(
            "The judges may overturn Roe and Casey this year.\nThe brief in Dobbs v. Jackson Clinic was filed in Texas.",
            [("Roe", "LAW"), ("Casey", "PERSON"), ("Dobbs", "ORG"), ("Jackson Clinic", "ORG"), ("Texas", "GPE")],
        ),
        made_up(
            "It asks the judges to overturn Roe v. Wade and Planned Parenthood v. Casey.\nTexas v. Ohio was heard.",
            [("Roe v. Wade", "LAW"), ("Planned Parenthood", "ORG"), ("Casey", "PERSON"), ("Texas", "GPE"), ("Ohio", "GPE")],
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities["Roe v. Wade"] == ("LAW", 2)
    assert entities["Planned Parenthood v. Casey"] == ("LAW", 2)
    assert entities["Dobbs v. Jackson Clinic"] == ("LAW", 1)
    assert entities["Texas v. Ohio"] == ("LAW", 1)
    assert entities["Texas"] == ("GPE", 1)
    assert not {"Roe", "Casey", "Dobbs", "Planned Parenthood", "Jackson Clinic"} & entities.keys()


def test_link_a_countrys_initials_before_a_body_or_a_building_are_part_of_its_name() -> None:
    """Audit I saw "U.S." counted as a place three times where the texts name the "U.S. Capitol" and the "U.S.
    Capitol Police" (NER tagged "U.S." apart, or not the "Capitol" after it at all)."""
    docs = [
        made_up(
            "Officers who defended the U.S. Capitol spoke.\nThe U.S. Capitol Police chief spoke.\nThe Capitol was quiet.",
            [("U.S.", "GPE"), ("Capitol", "FAC"), ("U.S.", "GPE"), ("Capitol Police", "ORG"), ("Capitol", "FAC")],
        ),
        made_up("Officers who defended U.S. Capitol testify.", [("U.S.", "GPE")]),
    ]
    entities = counts(link_entities(docs))
    assert "U.S." not in entities
    assert entities["U.S. Capitol"] == ("FAC", 3)
    assert entities["U.S. Capitol Police"] == ("ORG", 1)


def test_link_an_outlets_short_names_are_the_outlet() -> None:
    """Audit I saw "NBC" beside "NBC News" and "WaPo" beside "Washington Post"; a clipping two bodies share stays apart."""
    docs = [
        made_up(
            "NBC and WaPo took back a story.\nNBC News and the Washington Post said so.\nThe Washington Police met.",
            [("NBC", "ORG"), ("WaPo", "ORG"), ("NBC News", "ORG"), ("Washington Post", "ORG"), ("Washington Police", "ORG")],
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities["NBC News"] == ("ORG", 2)
    assert "NBC" not in entities
    docs_one = [made_up("WaPo took back a story.\nThe Washington Post said so.", [("WaPo", "ORG"), ("Washington Post", "ORG")])]
    assert counts(link_entities(docs_one)) == {"Washington Post": ("ORG", 2)}
    assert entities["WaPo"] == ("ORG", 1)  # "wapo" clips both "Washington Post" and "Washington Police"


def test_link_a_city_and_the_city_with_its_district_are_one_place() -> None:
    """Audit I saw "Washington" and "Washington D.C." listed as two places."""
    docs = [
        made_up("The rally was in Washington on Monday.", [("Washington", "GPE")]),
        made_up("The rally was in Washington D.C. on Monday.", [("Washington D.C.", "GPE")]),
    ]
    assert counts(link_entities(docs)) == {"Washington D.C.": ("GPE", 2)}


def test_link_the_court_is_the_storys_only_court() -> None:
    """Audit I saw "Court" listed apart from the "Supreme Court" its story names."""
    docs = [
        made_up(
            "The Supreme Court will hear the case.\nIt is unclear how the Court could rule.",
            [("Supreme Court", "ORG"), ("Court", "ORG")],
        ),
    ]
    assert counts(link_entities(docs)) == {"Supreme Court": ("ORG", 2)}


def test_link_a_headline_acronym_runs_into_no_headline_words() -> None:
    """Audit I saw "NBC Retract Incorrect" (an organisation) and "COVID Deaths Continue" (a person) made of title-case
    headline words; what is left is the outlet and the disease."""
    docs = [
        made_up(
            "Papers, NBC Retract Incorrect Reporting\nNBC News said it was wrong to report it.",
            [("NBC Retract Incorrect", "ORG"), ("NBC News", "ORG")],
            title="Papers, NBC Retract Incorrect Reporting",
        ),
        made_up(
            "COVID Deaths Continue to Fall\nThe COVID-19 deaths continue to fall.",
            [("COVID Deaths Continue", "PERSON"), ("COVID-19", "EVENT")],
            title="COVID Deaths Continue to Fall",
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities["NBC News"] == ("ORG", 2)
    assert entities["COVID-19"] == ("EVENT", 2)
    assert len(entities) == 2


def test_link_words_ending_in_a_pronouns_contraction_are_no_name() -> None:
    """Audit I saw the first words of a quotation, "Today I'm", listed as a work; a title opening with one stays."""
    docs = [
        made_up(
            "He said: \"Today I'm filing cloture on the bill.\"\nShe hosted I'm a Celebrity last year.",
            [("Today I'm", "WORK_OF_ART"), ("I'm a Celebrity", "WORK_OF_ART")],
        ),
    ]
    assert counts(link_entities(docs)) == {"I'm a Celebrity": ("WORK_OF_ART", 1)}


def test_a_body_named_with_a_countrys_initials_is_not_where() -> None:
    """Audit I: "U.S." (a place to NER) joined to "U.S. Capitol Police" made the police force a Where."""
    from crossread.stages.event import event_places

    title = "U.S. Capitol Police officers sue"
    docs = [
        made_up(
            f"{title}\nTwo U.S. Capitol Police officers sued in Washington on Thursday.",
            [("U.S.", "GPE"), ("Capitol Police", "ORG"), ("U.S.", "GPE"), ("Capitol Police", "ORG"), ("Washington", "GPE")],
            title=title,
        ),
    ]
    entities = link_entities(docs)
    assert counts(entities)["U.S. Capitol Police"] == ("ORG", 2)
    assert event_places(docs, entities) == ["Washington"]


def test_link_every_use_of_a_laws_name_is_a_mention() -> None:
    """Audit I saw the "Ku Klux Klan Act" named once where a second outlet names it too (NER tagged it in one)."""
    docs = [
        made_up("The suit cites the Harbor Safety Act of the state.", [("the Harbor Safety Act", "ORG")]),
        made_up("The officers say the 1871 Harbor Safety Act was broken.", []),
    ]
    assert counts(link_entities(docs)) == {"Harbor Safety Act": ("LAW", 2)}


def test_the_seat_of_an_organisation_is_not_where() -> None:
    """Audit I saw Seattle as Where: "... of the Harbor Research Center in Seattle" says where a scientist works."""
    from crossread.stages.event import event_places

    docs = [
        made_up(
            "Scientists met in Denver on Monday.\nAna Ruiz of the Harbor Research Center in Seattle spoke.",
            [("Denver", "GPE"), ("Ana Ruiz", "PERSON"), ("Harbor Research Center", "ORG"), ("Seattle", "GPE")],
        ),
    ]
    assert event_places(docs, link_entities(docs)) == ["Denver"]


def test_link_headline_words_half_of_them_ordinary_are_no_name() -> None:
    """Audit I saw "Stands Up" as a person and "Another Group of Scientists Calls for Further Inquiry" as an
    organisation; a person the headline alone names, by a given name, stays."""
    title = "Mayor Stands Up To Council as Charles Barkley Watches"
    other = "Another Group of Scientists Calls for Further Inquiry"
    docs = [
        made_up(
            f"{title}\nThe mayor stood firm against the council.",
            [("Stands Up", "PERSON"), ("Charles Barkley", "PERSON")],
            title=title,
        ),
        made_up(f"{other}\nA group of scientists calls for a new study.", [(other, "ORG")], title=other),
    ]
    assert counts(link_entities(docs)) == {"Charles Barkley": ("PERSON", 1)}
