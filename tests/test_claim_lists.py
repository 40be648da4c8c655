"""Only here / omits: the lists a reader scans per source hold facts, and are right.

The quality test scores the lists as the brief shows them against the readers'
labels of the held-out AllSides stories (``eval/labels/claims``, split ``test``);
the floors sit a little under what was measured (0.935 labelled facts, 0.931
only-here precision, 0.905 omits precision on 2026-12-03).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from spacy.language import Language

from conftest import shared_data
from crossread.brief import build_brief
from crossread.coverage import SINGLE_SOURCE_BELOW, alone_status, coverage
from crossread.evaluation.claims import evaluate_claims
from crossread.model import Brief, Claim, ClaimUnit, Document
from crossread.stages.analyze import analyze_many
from crossread.units import Unit


def _claim(cid: str, *units: tuple[str, bool], related: Sequence[str] = ()) -> Claim:
    parts = tuple(ClaimUnit(doc, i, i + 10, f"text {cid}", checkable) for i, (doc, checkable) in enumerate(units))
    sources = tuple(sorted({u.doc_id for u in parts}))
    status = alone_status(parts, 0.5 if related else 0.0) if len(sources) == 1 else "corroborated"
    return Claim(cid, status, sources, parts, related=tuple(related))


def test_claim_lists_keep_checkable_claims_and_omit_only_what_has_nothing_related() -> None:
    claims = [
        _claim("alone", ("a", True)),
        _claim("vague", ("a", False)),  # "We are working on it."
        _claim("shared", ("b", True), ("c", True)),
        _claim("b-only", ("b", True), related=["a-near"]),
        _claim("a-near", ("a", True), related=["b-only"]),
        _claim("c-only", ("c", True)),
    ]
    only_here, omits = coverage(claims, "a", {})
    assert only_here == ["alone"]  # "vague" is no fact; "a-near" has a related claim elsewhere
    assert omits == ["shared", "c-only"]  # most supported first; "b-only" is related to what a carries
    assert coverage(claims, "b", {})[1] == ["alone", "c-only"]  # "a-near" is related to b's own claim


def test_claim_lists_single_source_needs_every_other_claim_below_the_floor() -> None:
    unit = (ClaimUnit("a", 0, 10, "text", True),)
    assert alone_status(unit, 0.0) == "single_source"
    assert alone_status(unit, SINGLE_SOURCE_BELOW - 0.01) == "single_source"
    assert alone_status(unit, SINGLE_SOURCE_BELOW) == "unmatched"


def test_claim_lists_one_source_is_single_source_only_with_nothing_related() -> None:
    statuses = {c.id: c.status for c in (_claim("alone", ("a", True)), _claim("vague", ("a", False)),
                                         _claim("a-near", ("a", True), related=["b-only"]))}  # fmt: skip
    # "a-near" may be told by b in other words, and "vague" states nothing: neither gets a verdict
    assert statuses == {"alone": "single_source", "vague": "unmatched", "a-near": "unmatched"}


@pytest.mark.parametrize(
    ("text", "checkable"),
    [
        ("What we know and don't know about Merck's new pill", False),
        ("How the road deal came together in the Senate", False),
        ("5 things to know about the vote", False),
        ("Merck asks regulators to clear its new pill", True),
    ],
)
def test_claim_lists_an_explainer_title_is_not_a_claim(text: str, checkable: bool) -> None:
    unit = Unit("d", 0, len(text), text, 0, features=["know", "pill", "deal", "vote", "ask"], entities={"e1"})
    unit.headline = True
    assert unit.checkable is checkable
    unit.headline = False  # in a body, "How the deal came together …" is a sentence like any other
    assert unit.checkable is True


@pytest.mark.parametrize(
    ("text", "features", "entities", "checkable"),
    [
        ("We are working on it.", ["work"], set(), False),
        ("Make no mistake that he was.", ["make", "mistake"], set(), False),
        ("It can cause confusion, sow mistrust and harm health.", ["cause", "confusion", "sow", "mistrust"], set(), True),
        ("The commission's members are set to discuss...", ["commission", "member", "set", "discuss"], set(), False),
        ("What does that mean?", ["mean"], set(), False),
        ("Lukashenko met him.", ["meet"], {"e1"}, True),
        ("The Taliban have been advancing...", ["advance"], {"e1"}, False),
        # a whole sentence, then the excerpt's ellipsis: an audit saw it hidden as cut off
        ("The doctrine shields officers from suits over excessive force....", ["doctrine", "shield", "officer"], set(), True),
        ("Will the court hear it?...", ["court", "hear"], {"e1"}, False),
        # an explainer's teaser in a body states nothing (an audit saw it listed as a claim)
        (
            "Here's what you need to know about the tax credit, including whether you're eligible.",
            ["need", "know"],
            {"e1"},
            False,
        ),
        (
            "Ana Ruiz called the opening an important milestone as we continue to fulfil our promise to the...",
            ["call", "opening", "important", "milestone", "continue", "fulfil", "promise", "opening"],
            {"e1"},
            False,
        ),
        # a line that only introduces what follows states nothing yet (an audit found it "undecided")
        ("Ana Ruiz said in a statement Wednesday:", ["say", "statement", "wednesday"], {"e1"}, False),
    ],
)
def test_claim_lists_checkable_unit(text: str, features: list[str], entities: set[str], checkable: bool) -> None:
    unit = Unit("d", 0, len(text), text, 0, features=features, entities=entities)
    assert unit.checkable is checkable
    assert unit.as_claim_unit().checkable is checkable


def test_claim_lists_on_held_out_labelled_stories(nlp: Language) -> None:
    data = shared_data("allsides-neus").parent

    def make(documents: Sequence[Document]) -> Brief:
        return build_brief(list(analyze_many(documents, nlp)), nlp)

    tally, stories = evaluate_claims(data, make, "test")
    assert stories == 30 and not tally.errors
    figures = tally.figures()
    assert figures["only-here items that are labelled facts"] >= 0.90, figures
    assert figures["single-source precision (only here: no related claim)"] >= 0.90, figures
    assert figures["omits precision (the source carries none of it)"] >= 0.87, figures
    assert tally.counts["omits"] >= 60, "omits lists emptied"


def test_claim_lists_a_line_cut_after_a_title_is_cut_off() -> None:
    """Audit H saw "According to NBC/Today, Dr...." (the excerpt stops before the name) listed as a fact a source omits."""
    from crossread.units import Unit

    def unit(text: str) -> Unit:
        return Unit(doc_id="d", start=0, end=len(text), text=text, position=0, features=["report", "say", "today"])

    assert unit("According to the morning show, Dr....").cut_off
    assert not unit("The hearing ended early....").cut_off  # a full stop, then the excerpt's ellipsis
