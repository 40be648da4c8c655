"""link: entity rules from blind audit H of fresh stories (made-up sentences, hand-made mentions)."""

from __future__ import annotations

from collections.abc import Sequence

from conftest import made_up_document
from crossread.model import Entity
from crossread.stages.link import link_entities

made_up = made_up_document


def counts(entities: Sequence[Entity]) -> dict[str, tuple[str, int]]:
    return {e.name: (e.label, len(e.mentions)) for e in entities}


def test_link_a_hyphenated_surname_is_the_person_named_in_full() -> None:
    """Audit H saw "Hannah-Jones" typed ORG beside "Nikole Hannah-Jones"; a summit of two people
    ("Carter-Mondale") stays apart."""
    docs = [
        made_up(
            "Maria Lopez-Garcia joined the board. Lopez-Garcia said she would stay. Lopez-Garcia left early.",
            [("Maria Lopez-Garcia", "PERSON"), ("Lopez-Garcia", "ORG"), ("Lopez-Garcia", "ORG")],
        ),
        made_up(
            "Maria Lopez-Garcia spoke. Tom Reed and Anna Vale met at the Reed-Vale summit.",
            [("Maria Lopez-Garcia", "PERSON"), ("Tom Reed", "PERSON"), ("Anna Vale", "PERSON"), ("Reed-Vale", "ORG")],
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities["Maria Lopez-Garcia"] == ("PERSON", 4)
    assert "Lopez-Garcia" not in entities
    assert entities["Reed-Vale"] == ("ORG", 1)


def test_link_a_countrys_initials_name_and_other_name_are_one_place() -> None:
    """Audit H saw "U.S." (two outlets), "United States" (a third) and "America" listed apart."""
    docs = [
        made_up("Officials in the United States met on Monday.", [("United States", "GPE")]),
        made_up("U.S. officials met. America will act, U.S. aides said.", [("U.S.", "GPE"), ("America", "GPE"), ("U.S.", "GPE")]),
        made_up("US officials met on Monday.", [("US", "GPE")]),
    ]
    entities = counts(link_entities(docs))
    assert entities == {"United States": ("GPE", 5)}


def test_link_an_acronym_of_an_organisation_in_other_documents_stays_apart() -> None:
    """Two-letter initials NER reads as an organisation keep the old evidence rule ("US" is no synagogue)."""
    docs = [
        made_up("The United Synagogue met on Monday.", [("United Synagogue", "ORG")]),
        made_up("US officials met.", [("US", "GPE")]),
        made_up("US aides met.", [("US", "GPE")]),
    ]
    assert set(counts(link_entities(docs))) == {"United Synagogue", "US"}


def test_link_an_ordinal_in_words_or_figures_and_a_courts_short_name_are_one_court() -> None:
    """Audit H saw "5th Circuit", "5th U.S. Circuit Court of Appeals" and "Fifth Circuit Court of Appeals" listed
    apart."""
    docs = [
        made_up("The 5th Circuit ruled on Monday.", [("5th Circuit", "ORG")]),
        made_up("The 7th U.S. Circuit Court of Appeals ruled.", [("7th U.S. Circuit Court of Appeals", "ORG")]),
        made_up("The Seventh Circuit Court of Appeals agreed.", [("Seventh Circuit Court of Appeals", "ORG")]),
        made_up("The Fifth Circuit Court of Appeals sided with the state.", [("Fifth Circuit Court of Appeals", "ORG")]),
    ]
    entities = counts(link_entities(docs))
    assert entities == {"7th U.S. Circuit Court of Appeals": ("ORG", 2), "Fifth Circuit Court of Appeals": ("ORG", 2)}


def test_link_a_newspapers_last_word_is_the_newspaper_the_story_names() -> None:
    """Audit H saw "the Post" listed apart from "Washington Post"; with two "... Times" it stays apart."""
    docs = [
        made_up(
            "The Denver Post obtained the emails. The mayor told the Post he was tired.",
            [("Denver Post", "ORG"), ("Post", "ORG")],
        ),
        made_up(
            "The Ohio Times and the Lake Times ran it. The Times said so.",
            [("Ohio Times", "ORG"), ("Lake Times", "ORG"), ("Times", "ORG")],
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities["Denver Post"] == ("ORG", 2) and "Post" not in entities
    assert entities["Times"] == ("ORG", 1)


def test_link_a_chambers_numbered_bill_is_one_law() -> None:
    """Audit H saw "Senate" cut from "Senate Bill 8" (NER: "Senate" ORG, "Bill 8" PERSON); where the story names
    the chamber elsewhere, the bill's chamber is a mention of it too."""
    alone = [made_up("Senate Bill 8 bans it, the clerk said.", [("Senate", "ORG"), ("Bill 8", "PERSON")])]
    assert counts(link_entities(alone)) == {"Senate Bill 8": ("LAW", 1)}
    named = [
        made_up(
            "The Senate passed the plan. House Bill 12 bans it, the clerk said.",
            [("Senate", "ORG"), ("House", "ORG"), ("Bill 12", "PERSON")],
        )
    ]
    assert counts(link_entities(named)) == {"Senate": ("ORG", 1), "House Bill 12": ("LAW", 1)}


def test_link_a_one_word_name_after_a_four_figure_number_keeps_it() -> None:
    """Audit H saw "Project" listed for "the 1619 Project"; counts and times stay as they were."""
    docs = [
        made_up(
            "She founded the 1712 Project last year. About 200 Americans left before 1100 BST.",
            [("Project", "ORG"), ("Americans", "NORP"), ("BST", "ORG")],
        )
    ]
    assert set(counts(link_entities(docs))) == {"1712 Project", "Americans", "BST"}


def test_link_a_chant_is_no_entity() -> None:
    """Audit H saw "Long Live Afghanistan" (a chant ending a post) listed as a WORK_OF_ART."""
    docs = [
        made_up(
            'Mara Quill signed off with "Long Live Freedonia." Crowds shouted Death to Sylvania.',
            [("Mara Quill", "PERSON"), ("Long Live Freedonia", "WORK_OF_ART"), ("Death to Sylvania", "EVENT")],
        )
    ]
    assert set(counts(link_entities(docs))) == {"Mara Quill"}


def test_link_a_series_name_ending_an_office_is_no_part_of_it() -> None:
    """Audit H saw "White House Covid" (of "White House Covid coordinator X") listed as an organisation."""
    docs = [
        made_up(
            "The Town Hall Flu-22 coordinator Ana Ruiz spoke. Flu-22 cases rose at the Town Hall.",
            [("Town Hall Flu-22", "ORG"), ("Ana Ruiz", "PERSON"), ("Flu-22", "EVENT"), ("Town Hall", "ORG")],
        )
    ]
    entities = counts(link_entities(docs))
    assert entities["Town Hall"] == ("ORG", 2) and "Town Hall Flu-22" not in entities


def test_link_a_social_platform_is_a_company_and_its_untagged_uses_are_mentions() -> None:
    """Audit H saw "Twitter" typed PERSON ("a statement on Twitter") and "Twitter, Facebook" left out when NER tagged
    neither; a platform NER tagged once keeps NER's mentions only (its other uses outranked the story's actors)."""
    docs = [
        made_up(
            "Mara Quill wrote a statement on Twitter. The bill targets Facebook and Twitter, she said.",
            [("Mara Quill", "PERSON"), ("Twitter", "PERSON")],
        )
    ]
    entities = counts(link_entities(docs))
    assert entities["Twitter"] == ("ORG", 1) and entities["Facebook"] == ("ORG", 1)


def test_link_a_campus_name_cut_by_ner_joins_the_university_and_the_place() -> None:
    """Audit H saw "University of North Carolina at", "University of North Carolina Chapel Hill" and "Hill" (PERSON, of
    "... at Chapel Hill's") listed apart from the University of North Carolina and Chapel Hill."""
    docs = [
        made_up(
            "She left the University of Lakeland Glen Falls for a job. Glen Falls is quiet.",
            [("University of Lakeland Glen Falls", "ORG"), ("Glen Falls", "GPE")],
        ),
        made_up(
            "She declined the University of Lakeland at Glen Falls's offer. The University of Lakeland said so.",
            [("University of Lakeland at", "ORG"), ("Falls", "PERSON"), ("University of Lakeland", "ORG")],
        ),
    ]
    entities = counts(link_entities(docs))
    assert entities == {"University of Lakeland": ("ORG", 3), "Glen Falls": ("GPE", 2)}


def test_link_a_channel_is_its_broadcaster() -> None:
    """Audit H saw "Al-Jazeera TV" and "Al-Jazeera" listed apart."""
    docs = [made_up("He told Al-Waha TV on Sunday. Al-Waha aired footage.", [("Al-Waha TV", "ORG"), ("Al-Waha", "ORG")])]
    assert counts(link_entities(docs)) == {"Al-Waha TV": ("ORG", 2)}


def test_link_a_name_cut_at_its_and_is_one_name() -> None:
    """Audit H saw "Hussman School of Journalism" and "Media" listed apart; two bodies the story names stay two."""
    docs = [
        made_up(
            "She joins the Vale School of Design and Media next year. The Bureau of Mines and Congress met. Congress left.",
            [
                ("Vale School of Design", "ORG"),
                ("Media", "ORG"),
                ("Bureau of Mines", "ORG"),
                ("Congress", "ORG"),
                ("Congress", "ORG"),
            ],
        )
    ]
    assert set(counts(link_entities(docs))) == {"Vale School of Design and Media", "Bureau of Mines", "Congress"}


def test_link_a_name_cut_before_its_noun_phrase_ends_is_no_one_word_name() -> None:
    """NER cut "the Library of Congress" to "Library of": what is left without the connector is a common noun."""
    docs = [made_up("She asked the Library of Congress for it.", [("Library of", "ORG")])]
    assert counts(link_entities(docs)) == {}


def test_link_a_phrase_the_sentence_explains_is_no_name() -> None:
    """Audit H saw "Nemo" (of "Nemo resideo is a Latin phrase ...") listed as a person; a term-limited governor is
    still one."""
    docs = [
        made_up(
            "Vale mecum is a Latin phrase that means stay.\nHogan is a term-limited governor.",
            [("Vale", "PERSON"), ("Hogan", "PERSON")],
        )
    ]
    assert set(counts(link_entities(docs))) == {"Hogan"}
