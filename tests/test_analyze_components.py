"""crossread's own components read token arrays: the same sentence starts and lexemes as token by token (made-up texts)."""

from __future__ import annotations

import pytest
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from crossread.stages.analyze import (
    CLOCK_MARKS,
    NEVER_LAST,
    TITLE_ABBREVIATIONS,
    abbreviation_boundaries,
    straight_apostrophes,
)

TEXTS = [
    "The board met Reps. Tom Marsh and Ann Pole, and the dean of Reps. at 9:12 a.m. and 9:16 p.m. local time.",
    "Sens. Joe Hill said it ended at 4 p.m. Officials left. Dr. Ray and the rest, of course, stayed at St. Mark's.",
    "A list of names and\nthe end, or. Mr. Smith",
    "No full stop here, and the words go on, or the rest of it",
    "Gov. a.m. the. Reps.",
    "",
    "Hi.",
]


def _one_token_at_a_time(doc: Doc) -> Doc:
    """The rules as they were written first, each token made and set through ``Token.is_sent_start``."""
    if "." not in doc.text:
        return doc
    for i, token in enumerate(doc):
        if i == 0 or i >= len(doc) - 1:
            continue
        after = doc[i + 1]
        clock_mark = token.text.lower() in CLOCK_MARKS and (after.text[:1].islower() or after.text[:1].isdigit())
        if token.text == "." and not doc[i - 1].whitespace_:
            if doc[i - 1].text.lower() in TITLE_ABBREVIATIONS and after.text[:1].isupper():
                after.is_sent_start = False
        elif clock_mark or token.text in NEVER_LAST:
            after.is_sent_start = False
    return doc


@pytest.mark.parametrize("text", TEXTS)
def test_analyze_abbreviation_boundaries_from_arrays_as_token_by_token(nlp: Language, text: str) -> None:
    expected, got = _one_token_at_a_time(nlp.make_doc(text)), abbreviation_boundaries(nlp.make_doc(text))
    assert expected.to_array(SENT_START).tolist() == got.to_array(SENT_START).tolist()


def test_analyze_abbreviation_boundaries_keep_a_start_set_before(nlp: Language) -> None:
    doc = nlp.make_doc("They met Reps. Tom Marsh. Then they left, and\nHome")
    doc[7].is_sent_start = True  # "Then"
    doc[-1].is_sent_start = True  # "Home" after a line break
    abbreviation_boundaries(doc)
    assert [t.text for t in doc if t.is_sent_start is True] == ["They", "Then", "Home"]
    assert [t.text for t in doc if t.is_sent_start is False] == ["Tom", "and", "\n"]


def test_analyze_abbreviation_boundaries_refuse_a_parsed_document(nlp: Language) -> None:
    """As ``Token.is_sent_start`` does: sentence starts are not set on a parsed document (spaCy's E043)."""
    with pytest.raises(ValueError, match="E043"):
        abbreviation_boundaries(nlp("They met Reps. Tom Marsh on Monday."))


def test_analyze_straight_apostrophes_map_each_curly_word_once(nlp: Language) -> None:
    text = "It didn\u2019t stop; it didn\u2019t, and the company\u2019s \u2018plan\u2019 went on."
    doc = straight_apostrophes(nlp.make_doc(text))
    curly_words = {t.text for t in doc if "\u2019" in t.text or "\u2018" in t.text}
    assert {"n\u2019t", "\u2019s"} <= curly_words
    for word in curly_words:
        curly, straight = nlp.vocab[word], nlp.vocab[word.replace("\u2019", "'").replace("\u2018", "'")]
        assert (curly.norm_, curly.shape_, curly.suffix_) == (straight.norm_, straight.shape_, straight.suffix_)
    assert doc.text == text  # the text is untouched
