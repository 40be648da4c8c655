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

    from crossread.stages.compare.units import _is_own_clause

    words = ["The", "bill", "would", "add", "$", "45", "billion", ",", "analysts", "announced", "Thursday", "."]
    heads = [1, 3, 3, 3, 3, 6, 3, 3, 9, 3, 9, 3]
    deps = ["det", "nsubj", "aux", "ROOT", "dobj", "compound", "dobj", "punct", "nsubj", "conj", "npadvmod", "punct"]
    tags = ["DT", "NN", "MD", "VB", "$", "CD", "CD", "FW", "NNS", "VBD", "NNP", "."]
    pos = ["DET", "NOUN", "AUX", "VERB", "SYM", "NUM", "NUM", "PUNCT", "NOUN", "VERB", "PROPN", "PUNCT"]
    lemmas = ["the", "bill", "would", "add", "$", "45", "billion", ",", "analyst", "announce", "Thursday", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)
    assert not _is_own_clause(doc[9])
    said = Doc(nlp.vocab, words=["X", "met", "Y", "and", "Z", "said", "it", "ended"], heads=[1, 1, 1, 1, 5, 1, 7, 5],
               deps=["nsubj", "ROOT", "dobj", "cc", "nsubj", "conj", "nsubj", "ccomp"],
               tags=["NNP", "VBD", "NNP", "CC", "NNP", "VBD", "PRP", "VBD"],
               pos=["PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "VERB", "PRON", "VERB"],
               lemmas=["X", "meet", "Y", "and", "Z", "say", "it", "end"])  # fmt: skip
    assert _is_own_clause(said[5])


def test_a_newsletter_section_label_is_no_part_of_the_fact(nlp: Language) -> None:
    """Audit H saw "Why it matters: …" in summary sentences."""
    text = "Loans extended\n\nWhy it matters: The bill would give farmers two more years to repay their loans, officials said."
    assert _unit_texts(nlp, text)[-1] == "The bill would give farmers two more years to repay their loans, officials said."
