"""speakers: a name after a closing quote mark that the parser hung on the last quoted word still speaks."""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc, Span

from crossread.stages.analyze.speakers import subject_of

# “We are right,” Ana Ruiz, a union official, said. — parsed as the model parsed such a sentence in
# real news: the name as an apposition of "right" inside the quotation, and "said" without a subject.
WORDS = ["“", "We", "are", "right", ",", "”", "Ana", "Ruiz", ",", "a", "union", "official", ",", "said", "."]
HEADS = [2, 2, 13, 2, 2, 7, 7, 3, 7, 11, 11, 7, 13, 13, 13]
DEPS = ["punct", "nsubj", "ccomp", "acomp", "punct", "punct", "compound", "appos", "punct", "det", "compound", "appos"]
DEPS += ["punct", "ROOT", "punct"]
TAGS = ["``", "PRP", "VBP", "JJ", ",", "''", "NNP", "NNP", ",", "DT", "NN", "NN", ",", "VBD", "."]
POS = ["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "PROPN", "PROPN", "PUNCT", "DET", "NOUN", "NOUN", "PUNCT"]
POS += ["VERB", "PUNCT"]


def _misparsed() -> Doc:
    spaces = [False, True, True, False, False, True, True, False, True, True, True, False, True, False, False]
    doc = Doc(English().vocab, words=WORDS, spaces=spaces, heads=HEADS, deps=DEPS, tags=TAGS, pos=POS)
    doc.ents = [Span(doc, 6, 8, label="PERSON")]
    return doc


def test_speakers_name_after_a_closing_mark_speaks_for_a_subjectless_cue() -> None:
    doc = _misparsed()
    subject = subject_of(doc[13])
    assert subject is not None and subject.text == "Ruiz"


def test_speakers_no_name_after_the_closing_mark_no_subject() -> None:
    doc = _misparsed()
    doc.ents = []
    assert subject_of(doc[13]) is None
