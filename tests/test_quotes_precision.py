"""quotes: speaker precision (no wrong speaker rather than a wrong one) and reported-speech cues."""

from __future__ import annotations

from spacy.language import Language

from crossread.model import Document, Quote
from crossread.stages.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


def test_quotes_precision_relative_that_is_never_the_speaker(nlp: Language) -> None:
    quotes = _find(nlp, "The mayor made a remark that described the bridge as a waste of money for the town.")
    assert quotes, "the stance report should still be found"
    assert all(q.speaker_text is None for q in quotes), [(q.text, q.speaker_text) for q in quotes]
