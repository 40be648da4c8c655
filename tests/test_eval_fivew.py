"""The who/where scorer's word overlap (crossread.evaluation): what makes a predicted phrase an answer."""

from __future__ import annotations

from crossread.evaluation import _overlaps


def test_a_two_letter_acronym_answers_itself() -> None:
    assert _overlaps("UK", [{"text": "UK"}])
    assert _overlaps("the EU summit", [{"text": "EU"}])


def test_short_words_and_stopwords_never_answer() -> None:
    assert not _overlaps("in", [{"text": "in London"}])
    assert not _overlaps("Paris", [{"text": "UK"}])
