"""compare.match: units left alone giving one figure and one name, one rare name, one named subject or one
quotation, are matched in a second pass."""

from __future__ import annotations

import numpy as np
from spacy.language import Language

from conftest import analyzed_texts
from crossread.brief import build_brief
from crossread.interfaces.render import brief_dict
from crossread.stages.compare.match import (
    FIGURE_AND_NAME_SCORE,
    NAMED_DOER_SCORE,
    QUOTE_SCORE,
    RARE_NAME_SCORE,
    Match,
    Matcher,
    _alone_pairs_at_least,
    _join,
    figure_and_name,
    named_doers,
    quoted_runs,
)
from crossread.units import Unit

MATCHER = Matcher(weights=(), bias=0.0, mean=(), scale=(), same=0.9, partial=0.85, related=0.1)


def _unit(doc: str, values: set[float], entities: set[str]) -> Unit:
    return Unit(doc_id=doc, start=0, end=10, text="made up", position=0, values=values, entities=entities)


def test_figure_and_name_needs_a_shared_figure_and_a_shared_name() -> None:
    assert figure_and_name(_unit("a", {14.0}, {"westport"}), _unit("b", {14.0, 3.0}, {"westport", "river"})) == [14.0]
    assert figure_and_name(_unit("a", {14.0}, {"westport"}), _unit("b", {14.0}, {"eastport"})) == []  # no shared name
    assert figure_and_name(_unit("a", {14.0}, {"westport"}), _unit("b", {15.0}, {"westport"})) == []  # no shared figure
    assert figure_and_name(_unit("a", {2021.0}, {"westport"}), _unit("b", {2021.0}, {"westport"})) == []  # a year


def test_only_units_left_alone_in_the_band_are_raised() -> None:
    units = [
        _unit("a", {14.0}, {"westport"}),
        _unit("b", {14.0}, {"westport"}),
        _unit("c", {14.0}, {"westport"}),
    ]
    pairs = [(0, 1), (0, 2), (1, 2)]
    scores = np.asarray([0.5, FIGURE_AND_NAME_SCORE - 0.01, 0.5])
    assert _alone_pairs_at_least(units, pairs, scores, {0, 1, 2}, {"westport"}, MATCHER) == {
        (0, 1): (0.5, "the same figure and the same name"),
        (1, 2): (0.5, "the same figure and the same name"),
    }  # (0, 2) scores under FIGURE_AND_NAME_SCORE
    assert list(_alone_pairs_at_least(units, pairs, scores, {1, 2}, {"westport"}, MATCHER)) == [(1, 2)]  # 0 has a claim
    capped = np.asarray([np.nextafter(MATCHER.partial, 0.0)] * 3)  # a question or a denial held under the floor
    assert _alone_pairs_at_least(units, pairs, capped, {0, 1, 2}, {"westport"}, MATCHER) == {}


def test_a_rare_name_raises_only_pairs_just_under_the_floor() -> None:
    units = [_unit("a", set(), {"westport", "maria lopez"}), _unit("b", set(), {"westport", "maria lopez"})]
    just_under, lower = np.asarray([RARE_NAME_SCORE]), np.asarray([RARE_NAME_SCORE - 0.01])
    assert _alone_pairs_at_least(units, [(0, 1)], just_under, {0, 1}, {"westport"}, MATCHER) == {
        (0, 1): (RARE_NAME_SCORE, "a name only some sources give, in both")
    }
    assert _alone_pairs_at_least(units, [(0, 1)], lower, {0, 1}, {"westport"}, MATCHER) == {}
    # a name every source gives is no evidence of one fact
    assert _alone_pairs_at_least(units, [(0, 1)], just_under, {0, 1}, {"westport", "maria lopez"}, MATCHER) == {}


def test_join_starts_from_the_claims_it_is_given() -> None:
    units = [Unit(doc_id=d, start=0, end=10, text="made up", position=0) for d in ("a", "b", "a", "c")]
    groups = _join(4, units, [Match(2, 3, 0.85)], lambda i, j: 0.5, 0.2, [[0, 1], [2], [3]])
    assert sorted(sorted(g) for g in groups) == [[0, 1], [2, 3]]
    assert _join(2, units[:2], [], lambda i, j: 0.5, 0.2) == [[0], [1]]  # every unit alone by default


def test_a_figure_and_a_name_match_sentences_the_scorer_rates_apart(nlp: Language) -> None:
    """Readers link "Floods in Westport killed 14 people" and "Fourteen residents of Westport drowned" as one
    fact; the scorer rates them under its floor and they count different things (people, residents)."""
    texts = [
        "Storm hits Westport\n\nFloods in Westport killed 14 people on Sunday, the coast guard said.",
        "Coast town mourns\n\nFourteen residents of Westport drowned on Sunday when the swollen river burst its banks, "
        "officials said.",
    ]
    data = brief_dict(build_brief(analyzed_texts(nlp, texts), nlp))
    matched = [c for c in data["claims"] if len({u["doc"] for u in c["units"]}) == 2]
    assert matched, [(c["status"], [u["text"][:40] for u in c["units"]]) for c in data["claims"]]
    reasons = " ".join(e["reason"] for c in matched for e in c["evidence"])
    assert "the same figure and the same name" in reasons, reasons


def test_the_two_sides_gives_no_figure(nlp: Language) -> None:
    """ "The two sides" says who, not how many: it is no figure two units could share."""
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    texts = ["Deal reached\n\nThe two sides reached a deal on Tuesday over 40 fishing boats in the northern bay."]
    analyzed = analyzed_texts(nlp, texts)
    units = claim_units(analyzed, list(nlp.pipe(texts)), link_entities(analyzed))
    sides = [u for u in units if "two sides" in u.text]
    assert len(sides) == 1 and sides[0].values == {40.0}, [(u.text, u.values) for u in units]


def test_a_rare_name_needs_both_units_told_as_planned_or_neither() -> None:
    """ "will also meet with Foreign Minister Makei" and "was greeted … by Foreign Minister Makei" (the Pompeo
    example) share a rare name just under the floor, but one is a plan and the other a deed."""
    plan, deed = (
        Unit(doc_id=d, start=0, end=10, text="made up", position=0, entities={"makei"}, modality=m)
        for d, m in (("a", "planned"), ("b", "happened"))
    )
    assert _alone_pairs_at_least([plan, deed], [(0, 1)], np.asarray([0.83]), {0, 1}, set(), MATCHER) == {}


def test_a_figure_and_a_name_need_both_units_told_the_same_way() -> None:
    """A headline stating "clash over … $3.5 trillion package" and "… liberals say they must prioritize a
    $3.5 trillion blueprint" (reported) share a figure and a name, and a reader reads them as related."""
    stated, reported = (
        Unit(doc_id=d, start=0, end=10, text="made up", position=0, values={3.5e12}, entities={"democrats"}, modality=m)
        for d, m in (("a", "stated"), ("b", "reported"))
    )
    assert _alone_pairs_at_least([stated, reported], [(0, 1)], np.asarray([0.45]), {0, 1}, set(), MATCHER) == {}
    assert _alone_pairs_at_least([stated, stated], [(0, 1)], np.asarray([0.45]), {0, 1}, set(), MATCHER)


def test_a_named_doer_raises_pairs_left_alone_from_its_score() -> None:
    """ "Premier Okafor keeps the harbour deadline" and "Premier Okafor decided to stick to the harbour deadline":
    one named subject, two wordings the scorer rates just under its floor."""
    keeps, decides, document, plan = (
        Unit(doc_id=d, start=0, end=10, text="made up", position=0, subjects=subjects, modality=m)
        for d, subjects, m in (
            ("a", {"E:okafor"}, "stated"),
            ("b", {"E:okafor"}, "happened"),
            ("c", {"document"}, "stated"),
            ("c", {"E:okafor"}, "planned"),
        )
    )
    at, under = np.asarray([NAMED_DOER_SCORE]), np.asarray([NAMED_DOER_SCORE - 0.01])
    assert _alone_pairs_at_least([keeps, decides], [(0, 1)], at, {0, 1}, set(), MATCHER) == {
        (0, 1): (NAMED_DOER_SCORE, "the same named doer")
    }
    assert _alone_pairs_at_least([keeps, decides], [(0, 1)], under, {0, 1}, set(), MATCHER) == {}
    assert _alone_pairs_at_least([keeps, document], [(0, 1)], at, {0, 1}, set(), MATCHER) == {}  # no name
    assert _alone_pairs_at_least([keeps, plan], [(0, 1)], at, {0, 1}, set(), MATCHER) == {}  # a plan, a deed
    assert named_doers(keeps, document) == set() and named_doers(keeps, decides) == {"E:okafor"}


def test_quoted_runs_are_the_words_inside_quotation_marks() -> None:
    text = "The minister called it a “last extension” of the freeze, and ‘There is no plan B’, she said."
    assert quoted_runs(text) == {("last", "extension"), ("there", "is"), ("is", "no"), ("no", "plan"), ("plan", "b")}
    assert quoted_runs("The minister’s plan was extended again.") == set()  # an apostrophe opens nothing


def test_the_same_words_quoted_raise_pairs_left_alone_from_its_score() -> None:
    """ "described it as the “last extension of the freeze”" and "… would be the “last extension”, the ministry
    said": one statement reported twice, worded apart around the quotation."""
    texts = (
        "The ministry described it as the “last extension of the freeze” on Friday.",
        "This would be the “last extension”, the ministry said.",
        "The ministry said the freeze would end in January.",
    )
    units = [Unit(doc_id=d, start=0, end=10, text=t, position=0) for d, t in zip("abc", texts, strict=True)]
    at, under = np.asarray([QUOTE_SCORE]), np.asarray([QUOTE_SCORE - 0.01])
    assert _alone_pairs_at_least(units, [(0, 1)], at, {0, 1}, set(), MATCHER) == {(0, 1): (QUOTE_SCORE, "the same words quoted")}
    assert _alone_pairs_at_least(units, [(0, 1)], under, {0, 1}, set(), MATCHER) == {}
    assert _alone_pairs_at_least(units, [(0, 2)], at, {0, 2}, set(), MATCHER) == {}  # nothing quoted in both


def test_an_apostrophe_inside_a_double_quotation_does_not_close_it() -> None:
    assert ("minister's", "plan") not in quoted_runs("“The minister’s plan holds,” she said.")
    assert ("plan", "holds") in quoted_runs("“The minister’s plan holds,” she said.")
