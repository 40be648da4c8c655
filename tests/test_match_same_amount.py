"""compare.match: two related sentences that state the same amount of the same thing are matched (made-up texts)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from conftest import analyzed_texts
from crossread.brief import build_brief
from crossread.interfaces.render import brief_dict
from crossread.stages.compare.match import same_amounts
from crossread.units import Unit


def _unit(doc: str, numbers: dict[str, float], loose: set[str] | None = None) -> Unit:
    return Unit(doc_id=doc, start=0, end=10, text="made up", position=0, numbers=numbers, loose_numbers=loose or set())


def _cross_source_claims(nlp: Language, texts: list[str]) -> list[dict[str, Any]]:
    """The brief's claims holding units of both made-up documents (the test fails, listing the claims, without one)."""
    data = brief_dict(build_brief(analyzed_texts(nlp, texts), nlp))
    matched = [c for c in data["claims"] if len({u["doc"] for u in c["units"]}) == 2]
    assert matched, [(c["status"], [u["text"][:40] for u in c["units"]]) for c in data["claims"]]
    return matched


def test_same_amounts_needs_one_firm_equal_value_of_one_thing() -> None:
    assert same_amounts(_unit("a", {"|member states": 27.0}), _unit("b", {"|member states": 27.0})) == ["|member states"]
    assert same_amounts(_unit("a", {"|member states": 27.0}), _unit("b", {"|member states": 26.0})) == []
    assert same_amounts(_unit("a", {"|states": 27.0}), _unit("b", {"|member states": 27.0})) == []
    assert same_amounts(_unit("a", {"|member states": 27.0}, {"|member states"}), _unit("b", {"|member states": 27.0})) == []


def test_a_shared_figure_matches_sentences_the_scorer_rates_apart(nlp: Language) -> None:
    """An audit saw "ambassadors from the 27 member states ... Wednesday" in two outlets left undecided."""
    texts = [
        "Bloc opens borders\n\nAmbassadors from the 27 member states of the Nordic Union on Wednesday endorsed a plan "
        "to let vaccinated tourists visit this summer, officials said.",
        "Union backs travel plan\n\nThe decision, taken Wednesday by envoys of the 27 member states, still needs a "
        "formal vote by national leaders before tourists can arrive.",
    ]
    matched = _cross_source_claims(nlp, texts)
    reasons = " ".join(e["reason"] for c in matched for e in c["evidence"])
    assert "member states = 27" in " ".join(s for c in matched for e in c["evidence"] for s in e["slots"]), reasons


def test_same_deed_needs_one_predicate_one_subject_and_no_verb_of_saying() -> None:
    from crossread.stages.compare.match import same_deed

    def unit(predicate: str, subjects: set[str]) -> Unit:
        return Unit(doc_id="a", start=0, end=10, text="made up", position=0, predicate=predicate, subjects=subjects)

    assert same_deed(unit("gain", {"E:texas"}), unit("gain", {"E:texas"}))
    assert not same_deed(unit("gain", {"E:texas"}), unit("lose", {"E:texas"}))
    assert not same_deed(unit("gain", {"E:texas"}), unit("gain", {"E:ohio"}))
    assert not same_deed(unit("say", {"E:texas"}), unit("say", {"E:texas"}))  # "X said" is no fact of its own
    assert not same_deed(unit("be", {"E:texas"}), unit("be", {"E:texas"}))  # "X is a …" / "X is the …": no deed
    assert not same_deed(unit("show", {"report"}), unit("show", {"report"}))  # what it shows is the fact


def test_the_two_sides_is_no_amount_to_match_on(nlp: Language) -> None:
    """A fresh audit saw "the two sides reached a deal …" and "the two sides have fought since 2004 …" grouped
    as one fact on "sides = 2": "the two sides" says who, not how many."""
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    texts = [
        "Deal reached\n\nThe two sides reached a deal on Tuesday over fishing rights in the northern bay.",
        "Fishing row\n\nThe two sides have fought since 2004 in parallel cases at the trade court over fishing rights.",
    ]
    analyzed = analyzed_texts(nlp, texts)
    units = claim_units(analyzed, list(nlp.pipe(texts)), link_entities(analyzed))
    sides = [u for u in units if "two sides" in u.text]
    assert len(sides) == 2 and not same_amounts(*sides), [(u.numbers, u.loose_numbers) for u in sides]


def test_same_deed_needs_a_named_doer() -> None:
    """On the devz stories "the document shows …" / "the document names …" and two different flights were joined
    by a shared common-noun subject: only a named doer makes one predicate the same deed."""
    from crossread.stages.compare.match import same_deed

    def unit(subjects: set[str]) -> Unit:
        return Unit(doc_id="a", start=0, end=10, text="made up", position=0, predicate="land", subjects=subjects)

    assert same_deed(unit({"E:orbitair"}), unit({"E:orbitair", "flight"}))
    assert not same_deed(unit({"flight"}), unit({"flight"}))


def test_same_figures_are_two_distinctive_figures_or_one_precise_one() -> None:
    from crossread.stages.compare.match import same_figures, significant_digits

    def unit(values: set[float]) -> Unit:
        return Unit(doc_id="a", start=0, end=10, text="made up", position=0, values=values)

    assert [significant_digits(v) for v in (419_000, 51_000, 2.5, 7, 1.2e12)] == [3, 2, 2, 1, 2]
    # "jump 51,000 to 419,000" / "up 51,000 ... totaled 419,000": whatever each unit says they count
    assert same_figures(unit({51_000.0, 419_000.0}), unit({419_000.0, 51_000.0, 3.0})) == [51_000.0, 419_000.0]
    assert same_figures(unit({385_250.0}), unit({385_250.0})) == [385_250.0]  # one figure of 3+ digits
    assert same_figures(unit({35.0, 7.0}), unit({35.0, 7.0})) == []  # one two-digit figure and a small count
    assert same_figures(unit({2021.0, 12.0}), unit({2021.0, 12.0})) == []  # a year is no figure of a fact
    assert same_figures(unit({40.0, 60.0}), unit({40.0, 61.0})) == []


def test_two_shared_figures_match_sentences_told_in_other_words(nlp: Language) -> None:
    """A fresh audit saw "Claims jump 51,000 to 419,000" left undecided beside "claims totaled 419,000, up 51,000"."""
    texts = [
        "Jobless claims report\n\nInitial claims for benefits in Freedonia totaled 419,000 last week, up 51,000 from "
        "the week before, the labour ministry said on Thursday.",
        "Benefit filings rise\n\nFilings for unemployment aid in Freedonia jumped by 51,000 to 419,000 in the latest "
        "week as the reopening stalled.",
    ]
    assert _cross_source_claims(nlp, texts)
