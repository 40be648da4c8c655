"""analyze: no sentence ends at a title's full stop before a name, at "p.m." before more words, or with "and" (made-up texts)."""

from __future__ import annotations

from spacy.language import Language


def _sentences(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_a_title_with_a_full_stop_does_not_end_the_sentence(nlp: Language) -> None:
    """Real leads were cut after "… the two Republicans he chose to sit on the panel, Reps." (a name list as a claim)."""
    text = (
        "The chair said on Wednesday that the group will not take part after the speaker rejected two of the members "
        "he chose to sit on the board, Reps. Tom Marsh of Idaho and Ann Pole of Utah. The board meets today."
    )
    sentences = _sentences(nlp, text)
    assert len(sentences) == 2 and sentences[0].endswith("Ann Pole of Utah."), sentences


def test_no_sentence_ends_with_and_or_at_a_clock_mark_before_more_words(nlp: Language) -> None:
    """A real lead was cut after "… at <time> p.m. and" before the second time, and another after "a.m." before "local"."""
    text = (
        "The harbour office said it thinks the two rockets were fired four minutes apart, at 9:12 a.m. and 9:16 a.m. "
        "local time (2:12 a.m. and 2:16 a.m. GMT) and that they fell into open sea."
    )
    sentences = _sentences(nlp, text)
    assert len(sentences) == 1, sentences


def test_a_bill_or_item_abbreviation_before_its_number_does_not_end_the_sentence(nlp: Language) -> None:
    """A real lead was cut after "The House passed on H. Res." before "601, the resolution …" (audit J)."""
    text = (
        "The assembly passed on H. Res. 417, the rule for the harbour bill, and S. Con. Res. 9, the budget plan. "
        "The vote came late."
    )
    sentences = _sentences(nlp, text)
    assert len(sentences) == 2 and sentences[0].endswith("the budget plan."), sentences
