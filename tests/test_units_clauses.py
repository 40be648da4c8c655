"""compare.units: a sentence is cut into clauses only where each piece states a fact of its own (made-up sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import analyzed_texts


def _unit_texts(nlp: Language, text: str) -> list[str]:
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    analyzed = analyzed_texts(nlp, [text])
    return [u.text for u in claim_units(analyzed, list(nlp.pipe([text])), link_entities(analyzed))]


@pytest.mark.parametrize(
    "text",
    [
        # a participle is no clause of its own (an audit saw "with mask mandates and" end a unit)
        "After thirteen months of a long pandemic, the port city is taking a major step toward normal life with mask "
        "mandates and restrictions on local businesses being lifted.",
    ],
)
def test_units_one_fact_stays_one_unit(nlp: Language, text: str) -> None:
    assert _unit_texts(nlp, text) == [text]


def test_units_two_clauses_with_their_own_subjects_are_two_units(nlp: Language) -> None:
    text = (
        "The mayor of the port city met the striking dock workers' union on Monday, and the regional governor said "
        "the long strike would end by the weekend."
    )
    assert len(_unit_texts(nlp, text)) == 2


def test_units_a_reporting_verb_the_parser_coordinated_is_not_a_clause_of_its_own(nlp: Language) -> None:
    """An audit saw "… would add $256 billion to the deficit, analysts announced Thursday, dashing …" parsed
    with "announced" as a conjunct of "add": cut there, the figure lost who says so."""
    from spacy.tokens import Doc

    from crossread.stages.compare.units import ParseArrays, _is_own_clause

    words = ["The", "bill", "would", "add", "$", "45", "billion", ",", "analysts", "announced", "Thursday", "."]
    heads = [1, 3, 3, 3, 3, 6, 3, 3, 9, 3, 9, 3]
    deps = ["det", "nsubj", "aux", "ROOT", "dobj", "compound", "dobj", "punct", "nsubj", "conj", "npadvmod", "punct"]
    tags = ["DT", "NN", "MD", "VB", "$", "CD", "CD", "FW", "NNS", "VBD", "NNP", "."]
    pos = ["DET", "NOUN", "AUX", "VERB", "SYM", "NUM", "NUM", "PUNCT", "NOUN", "VERB", "PROPN", "PUNCT"]
    lemmas = ["the", "bill", "would", "add", "$", "45", "billion", ",", "analyst", "announce", "Thursday", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)
    assert not _is_own_clause(ParseArrays(doc), 9)
    said = Doc(nlp.vocab, words=["X", "met", "Y", "and", "Z", "said", "it", "ended"], heads=[1, 1, 1, 1, 5, 1, 7, 5],
               deps=["nsubj", "ROOT", "dobj", "cc", "nsubj", "conj", "nsubj", "ccomp"],
               tags=["NNP", "VBD", "NNP", "CC", "NNP", "VBD", "PRP", "VBD"],
               pos=["PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "VERB", "PRON", "VERB"],
               lemmas=["X", "meet", "Y", "and", "Z", "say", "it", "end"])  # fmt: skip
    assert _is_own_clause(ParseArrays(said), 5)


def test_a_newsletter_section_label_is_no_part_of_the_fact(nlp: Language) -> None:
    """Audit H saw "Why it matters: …" in summary sentences."""
    text = "Loans extended\n\nWhy it matters: The bill would give farmers two more years to repay their loans, officials said."
    assert _unit_texts(nlp, text)[-1] == "The bill would give farmers two more years to repay their loans, officials said."


def test_units_own_clause_read_off_the_arrays_is_what_the_tokens_say(nlp: Language) -> None:
    from spacy.tokens import Token

    from crossread.stages.compare.units import FINITE_TAGS, SPEECH_VERBS, ParseArrays, _is_own_clause

    def with_tokens(token: Token) -> bool:  # the test as it read the Token objects
        children = list(token.children)
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in children)
        finite = token.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in children)
        reports_the_head = (
            token.lemma_.lower() in SPEECH_VERBS
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in children)
            and not any(c.dep_ == "cc" for c in token.head.children if c.i < token.i)
        )
        verb = token.pos_ in ("VERB", "AUX")
        return verb and own_subject and finite and not reports_the_head and token.head.dep_ == "ROOT"

    doc = nlp(
        "The council approved the harbour plan and the mayor said it would open in May. Tolls rose, drivers "
        "complained and the ferry company has cut its fares. The bridge would cost $40 million, engineers announced "
        "Monday, and the vote was delayed. She ran and he will swim, but they were not told. Prices fell; wages rose."
    )
    parse = ParseArrays(doc)
    found = [_is_own_clause(parse, t.i) for t in doc]
    assert found == [with_tokens(t) for t in doc]
    assert any(found)
