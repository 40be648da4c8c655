"""quotes: what an analyst audit of 12 AllSides briefs found shown as quotes that are none, or with the
wrong speaker: data and documents as people, deeds as speech, "the official" as a person named nearby."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crossread.model import Document, Quote
from crossread.stages.analyze.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


@pytest.mark.parametrize(
    ("text", "speaker_text"),
    [
        ("Surveys show that shoppers are paying more for bread than last year.", "Surveys"),
        ("According to data from a clinical trial, the pill cut the risk of death by half.", "data from a clinical trial"),
        ("Previous reports alleged that the perks were not taxed.", "Previous reports"),
        ("The report said the plant had broken safety rules twice.", "The report"),
    ],
)
def test_quotes_audit_data_without_an_author_is_a_document(nlp: Language, text: str, speaker_text: str) -> None:
    (quote,) = _find(nlp, text)
    assert (quote.speaker_text, quote.speaker_kind) == (speaker_text, "document")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("According to outage figures reported by FuelWatch, a tracking app, 8% of stations had no fuel.", "FuelWatch"),
        ("A Harlow University poll found that most voters back the plan.", "Harlow University"),
    ],
)
def test_quotes_audit_data_speaks_for_its_named_author(nlp: Language, text: str, name: str) -> None:
    (quote,) = _find(nlp, text)
    assert (quote.speaker_name, quote.speaker_kind) == (name, "organisation")


def test_quotes_audit_agreeing_to_do_something_is_a_deed(nlp: Language) -> None:
    assert _find(nlp, "The council on Tuesday agreed to take up the new housing plan.") == []
    (quote,) = _find(nlp, "The council agreed that the plan was too costly for the town.")
    assert quote.text == "that the plan was too costly for the town"


def test_quotes_audit_opposing_a_move_is_no_quote(nlp: Language) -> None:
    assert _find(nlp, "Governor Lee Park opposed the move to close the port.") == []


def test_quotes_audit_a_quote_under_its_own_cue_is_not_the_object_of_a_deed(nlp: Language) -> None:
    text = (
        "Judge Tom Baker granted the city’s request to block the parking rule and denied the state’s request "
        "to pause his ruling, saying “this court will not allow one more day of harm.”"
    )
    assert all(q.cue != "granted" for q in _find(nlp, text))


def test_quotes_audit_the_official_is_not_the_person_named_in_the_report(nlp: Language) -> None:
    text = "Interior Secretary Dana Whitfield and two aides visited the flooded towns on Monday, the official said."
    (quote,) = _find(nlp, text)
    assert (quote.speaker_text, quote.speaker_name) == ("the official", None)


def test_quotes_audit_an_official_is_someone_not_named_before(nlp: Language) -> None:
    text = (
        "The ministry has told mayors how many buses to expect. "
        "Interior Secretary Dana Whitfield met the mayors on Monday, an official said."
    )
    quotes = [q for q in _find(nlp, text) if q.speaker_text == "an official"]
    assert [q.speaker_name for q in quotes] == [None]


def test_quotes_audit_the_official_stands_for_the_unnamed_official_before(nlp: Language) -> None:
    text = (
        "The ministry has told mayors how many buses to expect, an administration official told reporters. "
        "Interior Secretary Dana Whitfield met the mayors on Monday. The buses will leave on Friday, the official said."
    )
    said = [q for q in _find(nlp, text) if q.cue == "said"]
    assert [(q.speaker_text, q.speaker_name) for q in said] == [("the official", None)]


def test_quotes_audit_a_document_speaker_is_shown_as_one() -> None:
    from crossread.interfaces.render import speaker_role

    assert speaker_role({"speaker_kind": "document", "speaker_of": None}) == "document"


def test_quotes_audit_who_is_made_to_speak_speaks(nlp: Language) -> None:
    (quote,) = _find(nlp, "Joe Rogan forced the network to admit that it had been wrong about the pill.")
    assert (quote.speaker_text, quote.cue) == ("the network", "admit")
    # a purpose infinitive after an object ("used blunt words to condemn …") is still the subject's
    (quote,) = _find(nlp, "Anna Smith used blunt words to argue that the bridge was a waste of money.")
    assert quote.speaker_text == "Anna Smith"


def test_quotes_audit_a_headline_label_written_with_the_is_a_topic(nlp: Language) -> None:
    """An audit saw a leak's name made the speaker of its headline ("X Papers: a guide to …"),
    which NER had tagged a person; the text calls it "the X Papers", which no one's name takes."""
    from spacy.tokens import Span

    text = "Harlow Files: Leaked records reveal the offshore accounts of senators\n\nThe Harlow Files hold two million records."
    doc = nlp(text)
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    assert find_quotes(doc, Document(id="d1", source_path="synthetic", text=text, kind="text"), []) == []
    person = "Anna Smith: Leaked records reveal the offshore accounts of senators\n\nMayor Anna Smith spoke on Monday."
    doc = nlp(person)
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    (quote,) = find_quotes(doc, Document(id="d1", source_path="synthetic", text=person, kind="text"), [])
    assert quote.speaker_text == "Anna Smith"


def test_quotes_audit_what_an_event_showed_is_no_one_s_words(nlp: Language) -> None:
    """An audit saw "The … attack showed how …" listed as a quote of no one."""
    assert _find(nlp, "The fire showed that the old dam was weak.") == []
    (quote,) = _find(nlp, "The records show that the mayor paid the fine.")
    assert (quote.speaker_text, quote.speaker_kind) == ("The records", "document")


def test_quotes_audit_a_profession_stands_for_the_one_person_it_can_be(nlp: Language) -> None:
    """An audit saw "…,” the actor and activist said" left without a speaker in a story naming one
    woman; with two people it could be, no guess."""
    text = "Rose Lane says the party is a cult.\n\nGrowing up in the sect “gave me a way to see it,” the actor and activist said."
    assert [q.speaker_name for q in _find(nlp, text)] == ["Rose Lane", "Rose Lane"]
    two = "Rose Lane and Tom Ford say the party is a cult.\n\n“It took years to see it,” the actor said."
    assert [q.speaker_name for q in _find(nlp, two) if q.text.startswith("It took")] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Many women are not even aware that they are pregnant at six weeks.",
        "Officials did not know that the old bridge had been closed for weeks.",
    ],
)
def test_quotes_audit_what_someone_did_not_know_is_not_their_words(nlp: Language, text: str) -> None:
    """An audit saw "many women: that they are pregnant" (cue "are not even aware") listed as a quote."""
    assert _find(nlp, text) == []


def test_quotes_audit_a_denied_statement_is_still_reported(nlp: Language) -> None:
    (quote,) = _find(nlp, "The mayor did not say that the old bridge would close.")
    assert quote.speaker_text == "The mayor"


@pytest.mark.parametrize(
    "text",
    [
        "Harbor tunnel restrictions lifted, Mayor Lee calls changes a 'milestone'",
        "Census counts 9 million people in Norland, Westshire will add two parliament seats",
    ],
)
def test_quotes_audit_a_clause_before_a_verb_with_its_own_object_is_not_its_report(nlp: Language, text: str) -> None:
    """An audit saw headline clauses given to whoever 'calls X Y' or 'will add two seats' after them."""
    assert _find(nlp, text) == []


@pytest.mark.parametrize("cue", ["said", "told reporters", "warned residents"])
def test_quotes_audit_a_clause_before_a_cue_is_still_its_report(nlp: Language, cue: str) -> None:
    (quote,) = _find(nlp, f"The old bridge will close on Monday, the mayor {cue}.")
    assert quote.text == "The old bridge will close on Monday"


def test_quotes_audit_the_words_end_before_who_said_them(nlp: Language) -> None:
    """An audit saw "“We have been failed …,” Olympic medalist X, widely considered …" as one report."""
    text = (
        "“We have been failed and we deserve answers,” Olympic medalist Jane Doe, widely considered the greatest "
        "gymnast of all time, said during testimony to the Senate committee."
    )
    (quote,) = _find(nlp, text)
    assert (quote.text, quote.kind, quote.speaker_text) == (
        "We have been failed and we deserve answers",
        "direct",
        "Olympic medalist Jane Doe",
    )


def test_quotes_audit_a_headline_report_opening_at_a_mark_holds_the_quoted_words(nlp: Language) -> None:
    """An audit saw "Senate Republicans block 'rotten' election reform bill" quote "rotten' election reform bill in Senate"."""
    quotes = _find(nlp, "Senate Republicans block 'rotten' election reform bill in Senate")
    assert [(q.text, q.kind) for q in quotes] == [("rotten", "direct")], quotes
