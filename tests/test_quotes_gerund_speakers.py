"""quotes: a speech gerund after "after" or "before" speaks for the subject of the verb it hangs on;
"expressed" reports its object."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crossread.model import Document, Quote
from crossread.stages.analyze.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            "After saying the harbour tax was unfair, Mayor Ana Ruiz left the meeting early.",
            "the harbour tax was unfair",
            "Ana Ruiz",
        ),
        (
            "Mayor Ana Ruiz spoke for an hour before adding that the ferry fares would rise in May.",
            "that the ferry fares would rise in May",
            "Ana Ruiz",
        ),
    ],
)
def test_quotes_gerund_after_a_preposition_speaks_for_the_subject(nlp: Language, text: str, words: str, speaker: str) -> None:
    quote = next(q for q in _find(nlp, text) if q.text == words)
    assert quote.speaker_name == speaker


def test_quotes_expressing_concern_reports_its_object(nlp: Language) -> None:
    (quote,) = _find(nlp, "Local harbour leaders expressed deep concern about the new ferry tax.")
    assert (quote.text, quote.cue) == ("deep concern about the new ferry tax", "expressed")
