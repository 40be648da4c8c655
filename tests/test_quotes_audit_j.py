"""quotes: what an analyst audit of 10 AllSides briefs (audit J) found — a headline quote given to the
person it was said to, kickers and section labels read as speakers or words, relative and plural
pronouns shown as speakers, a report running on into the speaker's next act. Made-up sentences only."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crossread.model import Document, Quote
from crossread.stages.analyze.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


def _with(quotes: list[Quote], words: str) -> Quote:
    return next(q for q in quotes if words in q.text)


def test_quotes_audit_j_headline_quote_is_said_by_the_subject_across_the_colon(nlp: Language) -> None:
    text = (
        "‘If anyone is hiding the facts here, it is you’: Fauci turns the tables on inquisitor Rand Paul\n\n"
        "Anthony Fauci spoke to the committee on Tuesday, and Rand Paul listened."
    )
    quote = _with(_find(nlp, text), "hiding the facts")
    assert quote.speaker_name == "Anthony Fauci"


def test_quotes_audit_j_headline_quote_not_tied_to_a_name_has_no_speaker(nlp: Language) -> None:
    text = (
        "‘Not a happy place to work’: Kamala Harris’ office rife with dissent\n\n"
        "Vice President Kamala Harris visited the border last week."
    )
    assert all(q.speaker_name != "Kamala Harris" for q in _find(nlp, text) if "happy place" in q.text)


def test_quotes_audit_j_headline_quote_still_said_by_whose_letter_it_is(nlp: Language) -> None:
    text = "‘We Will Not Back Down’: Joe Biden’s Letter to Congress\n\nPresident Joe Biden wrote to Congress on Monday."
    assert _with(_find(nlp, text), "Back Down").speaker_name == "Joe Biden"


@pytest.mark.parametrize(
    "text",
    [
        "EXPLAINER: What was the outcome of the long port strike?\n\nThe strike ended on Friday after eleven days.",
        "Analysis: Why the port strike will not end soon\n\nThe strike ended on Friday after eleven days.",
    ],
)
def test_quotes_audit_j_headline_kicker_is_no_speaker(nlp: Language, text: str) -> None:
    headline_end = text.index("\n")
    assert [q for q in _find(nlp, text) if q.start < headline_end] == []


def test_quotes_audit_j_headline_label_of_a_named_person_still_speaks(nlp: Language) -> None:
    text = "Graham: Trump Will Sign the Farm Bill\n\nSenator Lindsey Graham spoke on Sunday."
    assert _with(_find(nlp, text), "Farm Bill").speaker_name == "Lindsey Graham"


@pytest.mark.parametrize("label", ["Why it matters", "The big picture", "Driving the news", "What's next"])
def test_quotes_audit_j_section_label_is_cut_from_the_content(nlp: Language, label: str) -> None:
    text = f"{label}: The new rule could change how the port hires workers next year, the Daily Ledger reports."
    (quote,) = _find(nlp, text)
    assert quote.text.startswith("The new rule")


def test_quotes_audit_j_relative_pronoun_speaker_is_the_person_described(nlp: Language) -> None:
    text = (
        "Since then, Senator Tom Hale has become a pathetic figure, someone who routinely tweets out stuff like "
        "this: “The new bridge plan is a total waste of money.”"
    )
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_name) for q in quotes] == [("The new bridge plan is a total waste of money.", "Tom Hale")]


def test_quotes_audit_j_they_is_the_group_that_spoke_before(nlp: Language) -> None:
    text = (
        "Farm groups keep telling voters that they have the votes to pass the bill. "
        "Yet they also claim they are helpless to stop the new tariff."
    )
    quote = _with(_find(nlp, text), "helpless")
    assert (quote.speaker_name, quote.speaker_kind) == ("Farm groups", "group")


def test_quotes_audit_j_report_stops_before_the_speakers_next_act(nlp: Language) -> None:
    text = (
        "Mayor Ann Lee on Tuesday again warned residents that the town was close to running out of water - now set "
        "for June 8 - and urged the council to act in order to avert “serious harm” to farms."
    )
    quote = _with(_find(nlp, text), "running out of water")
    assert "urged" not in quote.text


def test_quotes_audit_j_it_saying_in_a_free_relative_is_the_clause_subject(nlp: Language) -> None:
    text = "Israel carried out hundreds of airstrikes against what it said were militant targets across the city."
    (quote,) = _find(nlp, text)
    assert (quote.speaker_name, quote.speaker_kind) == ("Israel", "organisation")


def test_quotes_audit_j_cited_interviews_are_no_quote(nlp: Language) -> None:
    text = "Staff morale has fallen, the Daily Ledger reported, citing interviews with 22 current and former aides."
    assert all("interviews" not in q.text for q in _find(nlp, text))
    reasons = _find(nlp, "The mayor said the plan would fail, citing low growth and high costs.")
    assert any(q.text == "low growth and high costs" for q in reasons)


def test_quotes_audit_j_a_pointer_before_the_colon_is_no_quote(nlp: Language) -> None:
    text = "Senator Tom Hale routinely tweets out stuff like this: “The new bridge plan is a total waste of money.”"
    assert [q.text for q in _find(nlp, text)] == ["The new bridge plan is a total waste of money."]


def test_quotes_audit_j_headline_label_of_an_organisation_is_not_a_person(nlp: Language) -> None:
    text = "Federal Appeals Court: Ban on Night Fishing for Teens Unconstitutional\n\nA panel of the court ruled on Tuesday."
    quote = _with(_find(nlp, text), "Night Fishing")
    assert (quote.speaker_text, quote.speaker_kind) == ("Federal Appeals Court", "organisation")


def test_quotes_audit_j_headline_label_words_with_a_negated_knowing_verb_are_quoted(nlp: Language) -> None:
    text = (
        "Lee: Bell doesn't know what he's talking about 'and I want to say that plainly'\n\n"
        "Sen. Tom Bell on Tuesday escalated his feud with the city's top health official Ana Lee."
    )
    quote = _with(_find(nlp, text), "say that plainly")
    assert (quote.speaker_name, quote.cue) == ("Ana Lee", ":")
