"""parses: a stored parse is a DocBin message (DocBin reads it as its own), written and read without DocBin's slow steps."""

from __future__ import annotations

import zlib
from typing import Any

import numpy
import pytest
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from crossread.parses import PARSE_ATTRS, _distinct, _strings, pack, unpack

# Made-up sentences: curly and straight apostrophes, entities, numbers, a heading, blank lines.
TEXTS = (
    "Mayor Jane Holloway said on Tuesday that the bridge won’t reopen before March.\n\nCity Hall",
    "The council didn't approve the $4.5 million plan, according to two officials.",
    'Breaking\n\n"We are not leaving," the union’s leader told reporters in Lisbon.',
    "",
    "   ",
)


def docbin_bytes(doc: Doc) -> bytes:
    """What the store held before: DocBin's own bytes for one Doc."""
    docs = DocBin(attrs=list(PARSE_ATTRS), store_user_data=False)
    docs.add(doc)
    return bytes(docs.to_bytes())


def token_view(doc: Doc) -> list[tuple[object, ...]]:
    return [
        (t.text, t.whitespace_, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start, t.norm_)
        for t in doc
    ]


@pytest.mark.parametrize("text", TEXTS)
def test_pack_writes_docbins_message(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert zlib.decompress(pack(doc)) == zlib.decompress(docbin_bytes(doc))
    restored = next(iter(DocBin().from_bytes(pack(doc)).get_docs(nlp.vocab)))  # DocBin reads it as its own
    assert restored.to_bytes() == next(iter(DocBin().from_bytes(docbin_bytes(doc)).get_docs(nlp.vocab))).to_bytes()


def test_pack_keeps_span_group_labels_like_docbin(nlp: Language) -> None:
    doc = nlp("The council approved the plan on Friday.")
    doc.spans["claims"] = [Span(doc, 0, 3, label="MADE_UP_LABEL")]
    assert pack(doc) == docbin_bytes(doc)


@pytest.mark.parametrize("text", TEXTS)
def test_unpack_restores_what_docbin_restores(nlp: Language, text: str) -> None:
    data = docbin_bytes(nlp(text))
    expected = next(iter(DocBin().from_bytes(data).get_docs(nlp.vocab)))
    restored = unpack(data, nlp.vocab)
    assert restored.text == expected.text
    assert token_view(restored) == token_view(expected)
    assert restored.to_bytes() == expected.to_bytes()


def test_unpack_makes_lexemes_for_words_only(nlp: Language) -> None:
    # a lemma no word of the text spells ("zorblax") joins the string store, not the lexicon:
    # DocBin made a lexeme of every stored string, the slow part of reading a parse back
    doc = nlp("The zorblaxes were quibbling about the grommets in Pelmora.")
    vocab = Vocab()
    restored = unpack(pack(doc), vocab)
    assert token_view(restored) == token_view(next(iter(DocBin().from_bytes(pack(doc)).get_docs(Vocab()))))
    lemma_only = {t.lemma_ for t in doc} - {t.text for t in doc}
    assert lemma_only, "the sentence needs lemmas that differ from its words"
    assert all(lemma in vocab.strings for lemma in lemma_only)
    assert not any(lemma in vocab for lemma in lemma_only)
    assert all(t.text in vocab for t in doc)


def test_parses_model_id_reads_the_pipeline_meta_once_and_follows_its_components() -> None:
    from unittest import mock

    import spacy

    from crossread.parses import model_id, pipeline_name
    from crossread.stages.analyze import meta_id

    nlp = spacy.blank("en")
    expected = meta_id(nlp.meta)
    with mock.patch.object(Language, "meta", new_callable=mock.PropertyMock, return_value=nlp.meta) as meta:
        first = model_id(nlp)
        nlp.add_pipe("sentencizer")
        second = model_id(nlp)
        assert meta.call_count == 1  # Language.meta gathers every component's labels on each access
    assert pipeline_name(nlp) == expected
    assert (first, second) == (f"{expected}:", f"{expected}:sentencizer")


@pytest.mark.parametrize(
    "values",
    [
        numpy.zeros((0, 8), dtype="uint64"),
        numpy.array([[7, 0, 7], [3, 2**63 + 5, 3]], dtype="uint64"),
        numpy.array([5, 5, 1, 0, 2**64 - 1], dtype="uint64"),
    ],
)
def test_parses_distinct_hashes_are_numpys_unique_as_ints(values: numpy.ndarray[Any, Any]) -> None:
    assert _distinct(values) == numpy.unique(values).tolist()


def test_parses_strings_are_docbins_strings(nlp: Language) -> None:
    doc = nlp("The mayor's plan wasn't approved: 4 votes to 3, said Ana_Silva.")
    docs = DocBin(attrs=list(PARSE_ATTRS), store_user_data=False)
    docs.add(doc)
    assert _strings(doc) == sorted(docs.strings)
