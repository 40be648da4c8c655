"""quotes: two errors an analyst audit found on a real brief — a passive deed read as speech ("women were
being threatened by adult men" as a quote of "women"), and court rulings typed as a group of people."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crossread.model import Document, Quote
from crossread.stages.analyze.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


@pytest.mark.parametrize(
    "text",
    [
        "In the camps, women or children were allegedly being threatened by adult men.",
        "The harbour towns were defended by a small volunteer force.",
        "Mayor Ana Ruiz was asked by a caller why the buses were late.",
    ],
)
def test_quotes_passive_deed_is_no_quote(nlp: Language, text: str) -> None:
    assert _find(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            "The plan to close the bridge was first reported by the Harbor Gazette.",
            "The plan to close the bridge",
            "the Harbor Gazette",
        ),
        ("The bridge is the only way forward. Such a view was voiced by Anna Smith.", "The bridge is the only way", "Anna Smith"),
    ],
)
def test_quotes_passive_report_of_words_stays(nlp: Language, text: str, words: str, speaker: str) -> None:
    (quote,) = _find(nlp, text)
    assert quote.text.startswith(words)
    assert quote.speaker_text == speaker


@pytest.mark.parametrize(
    "text",
    [
        "The rulings -- and the fact that no judge publicly dissented -- suggests that the court will not hear the case again.",
        "The decisions show that the judges are split on the harbour dispute.",
        "The orders said that the ferries must stop running at night.",
    ],
)
def test_quotes_rulings_are_documents_not_groups(nlp: Language, text: str) -> None:
    (quote,) = _find(nlp, text)
    assert quote.speaker_kind == "document"
    assert quote.speaker_name is None


def test_quotes_asked_opening_a_sentence_is_not_the_answerers_report(nlp: Language) -> None:
    text = "Asked whether he would back the harbour plan when the council met, Ben Tal said he would not."
    quotes = _find(nlp, text)
    assert all(q.cue != "Asked" for q in quotes)
    assert any(q.cue == "said" and q.speaker_name == "Ben Tal" for q in quotes)
