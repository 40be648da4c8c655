"""quotes: the shortcuts of the reported-speech pass give what reading every token gave (made-up sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from crossread.stages.analyze import quotes, speakers
from crossread.stages.analyze.quotes import (
    _clause_of,
    _is_aside,
    _possible_cues,
    _report_of,
    _reported_from,
    _trailing_asides,
    _tweets,
)
from crossread.stages.analyze.speakers import collect_people, speaker_span

SENTENCES = [
    "Trump's claim that the election was stolen was false, officials said.",
    "The claim was repeated by several senators on Tuesday.",
    "She was sure that the bill would pass, and she was afraid of the vote.",
    "According to the mayor, the bridge will reopen in May.",
    "Rep. Gwen Moore (D-Wis.) said the plan would hurt families, calling it “cruel.”",
    "Jane Doe, president of the union, which represents teachers, said the talks had failed.",
    "The senator said the plan would fail, though she noted that talks were going on.",
    "The agency, he said, is ready; the governor argued that it was not.",
    "Smith told reporters that the deal was done, and he left the room.",
]


@pytest.fixture(scope="module")
def docs(nlp: Language) -> list[Doc]:
    return [nlp(text) for text in SENTENCES]


def test_quotes_fast_paths_possible_cues_hold_every_token_that_reports(docs: list[Doc]) -> None:
    """A noun is read only with a clause child, an adjective only as a complement: no report is lost."""
    for doc in docs:
        possible = {t.i for t in _possible_cues(doc)}
        reporting = {t.i for t in doc if _reported_from(doc, t) is not None}
        assert reporting <= possible, doc.text
        assert any(t.pos_ in ("NOUN", "ADJ") and t.i not in possible for t in doc), doc.text  # fewer tokens read


def test_quotes_fast_paths_possible_cues_keep_claim_nouns_and_attitudes(docs: list[Doc]) -> None:
    claim = {t.text for t in _possible_cues(docs[0]) if t.pos_ == "NOUN"}
    sure = {t.text for t in _possible_cues(docs[2]) if t.pos_ == "ADJ"}
    according = {t.lower_ for t in _possible_cues(docs[3])}
    assert "claim" in claim and "election" not in claim
    assert "sure" in sure
    assert "according" in according


def test_quotes_fast_paths_reports_read_for_markup_only_when_the_text_may_hold_it(docs: list[Doc]) -> None:
    """Without ``="`` in the text a report's words are not read: the report is the same either way."""
    for doc in docs:
        for token in doc:
            if token.pos_ == "VERB":
                read = _report_of(token, True, markup=True)
                unread = _report_of(token, True, markup=False)
                assert (read is None) == (unread is None), token.text
                if read is not None and unread is not None:
                    assert (read.start, read.end, read.speaker) == (unread.start, unread.end, unread.speaker)


def test_quotes_fast_paths_markup_still_drops_an_embeds_attributes(nlp: Language) -> None:
    doc = nlp('The post said author="Jane Doe" timestamp="noon" was the source.')
    said = next(t for t in doc if t.lemma_ == "say")
    assert _report_of(said, True, markup=False) is not None  # the shortcut is taken only without ="
    assert _reported_from(doc, said, markup=True) is None


def _trailing_asides_reading_every_token(clause: Token) -> set[int]:
    """``_trailing_asides`` as it read every token of the clause, before the right-edge test."""
    end = clause.right_edge.i
    while end > clause.i and clause.doc[end].is_punct:
        end -= 1
    dropped: set[int] = set()
    for token in clause.subtree:
        for child in token.rights:
            if child.right_edge.i < end:
                continue
            comma = quotes._comma_before(child)
            if comma is not None and _is_aside(child):
                dropped.update(t.i for t in child.subtree)
                dropped.add(comma.i)
    return dropped


def test_quotes_fast_paths_trailing_asides_pruned_by_right_edge(docs: list[Doc]) -> None:
    for doc in docs:
        for token in doc:
            assert _trailing_asides(token) == _trailing_asides_reading_every_token(token), (doc.text, token.text)


def test_quotes_fast_paths_clause_and_speaker_spans(docs: list[Doc]) -> None:
    """The reported clause and the speaker phrase of each cue, as written in the made-up sentences."""
    found = {}
    for doc in docs:
        for token in doc:
            clause = _clause_of(token) if token.pos_ == "VERB" else None
            if clause is not None:
                found[(doc.text, token.text)] = doc.text[clause[0] : clause[1]]
    assert found[(SENTENCES[7], "said")].startswith("The agency")
    bracket = next(t for t in docs[4] if t.text == "Moore")
    said = next(t for t in docs[4] if t.text == "said")
    start, end = speaker_span(bracket, said)
    assert docs[4].text[start:end] == "Rep. Gwen Moore (D-Wis.)"


def _nested_asides_reading_every_token(head: Token) -> set[int]:
    """``speakers._nested_asides`` as it read every token's right children, before the "relcl" test."""
    dropped: set[int] = set()
    for token in head.subtree:
        if token.i == head.i or token.i in dropped:
            continue
        for child in token.rights:
            before = head.doc[child.left_edge.i - 1]
            if child.dep_ == "relcl" and child.left_edge.lower_ in ("which", "whose") and before.text in (",", "—", "–", "--"):
                dropped.update(t.i for t in child.subtree)
    return dropped


def test_quotes_fast_paths_nested_asides_only_with_a_relative_clause(nlp: Language, docs: list[Doc]) -> None:
    union = nlp("Jane Doe, president of the union, which represents teachers in Ohio, and a lawyer said it.")
    for doc in [*docs, union]:
        for token in doc:
            assert speakers._nested_asides(token, list(token.subtree)) == _nested_asides_reading_every_token(token)


def test_quotes_fast_paths_people_from_the_text_as_from_the_entities(nlp: Language) -> None:
    text = "Jane Doe's aide met Senator John Smith. Later Smith said Doe's plan was “fine.”"
    doc = nlp(text)
    quoted = [(text.index("fine"), text.index("fine") + 4)]
    sliced, joined = collect_people(doc, quoted, text), collect_people(doc, quoted)
    assert sliced == joined
    assert sliced.full_name("Smith") == "John Smith"
    assert speakers.clean_name(text[: len("Jane Doe's")]) == "Jane Doe"


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("The bridge will stay closed all winter, sadly. — Jane Holloway (@janeh) March 3, 2021\nMore later.", ["Jane Holloway"]),
        ("The bridge will stay closed all winter, sadly. — Jane Holloway (janeh) March 3, 2021", []),
        ("The bridge will stay closed all winter, sadly. — Jane Holloway, March 3, 2021", []),
    ],
)
def test_quotes_tweets_are_looked_for_only_in_a_text_with_a_handle(text: str, speakers: list[str]) -> None:
    assert [c.speaker_name for c in _tweets(text, [])] == speakers
