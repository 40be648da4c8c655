"""speakers: words before a comma that opens the speaker's bare name are not part of the speaker."""

from __future__ import annotations

from spacy.language import Language

from crossread.model import Document
from crossread.stages.analyze.quotes import find_quotes


def test_speakers_words_before_a_comma_and_a_name_are_left_out(nlp: Language) -> None:
    text = "Two voters spoke. And a third, Anna Smith, said that the bridge was unsafe."
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    quotes = find_quotes(nlp(text), document, [])
    assert [(q.text, q.speaker_text) for q in quotes] == [("that the bridge was unsafe", "Anna Smith")]
