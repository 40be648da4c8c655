"""The summary tells a fact with a body sentence; a headline only one source was matched on stays out.

A title restates its own lead ("Charges against Ana Ruiz dismissed" above "Ana Ruiz's
indictment was dismissed by a judge on Tuesday"): as a summary line of its own it
repeated the fact with an "undecided" label beside the sentence that tells it.
"""

from __future__ import annotations

from crossread.model import Claim, ClaimStatus
from crossread.stages.summarize import summarize
from crossread.units import Unit


def _unit(doc: str, position: int, text: str, *, headline: bool = False, entities: set[str] | None = None) -> Unit:
    unit = Unit(doc_id=doc, start=position * 100, end=position * 100 + len(text), text=text, position=position)
    unit.headline, unit.predicate, unit.entities = headline, "dismiss", entities or set()
    unit.features = [w.lower() for w in text.split()]
    return unit


def _claim(name: str, status: ClaimStatus, *units: Unit) -> Claim:
    return Claim(name, status, tuple(sorted({u.doc_id for u in units})), tuple(u.as_claim_unit() for u in units))


TITLE = _unit("a", 0, "Federal charges against Ana Ruiz officially dismissed today", headline=True, entities={"ruiz"})
LEAD = _unit("a", 1, "A federal judge dismissed the fraud case against Ana Ruiz on Tuesday after a review", entities={"ruiz"})
OTHER_TITLE = _unit("b", 0, "Judge throws out the Ruiz fraud indictment over 2 objections", headline=True, entities={"ruiz"})
OTHER_TITLE.numbers = {"|objections": 2.0}  # a figure makes it the more salient unit of its claim
OTHER_LEAD = _unit("b", 1, "Prosecutors had asked the court to keep the indictment against Ruiz in place", entities={"ruiz"})
EXTRA = [_unit("b", k, f"City officials opened review number {k} of the harbour budget this week") for k in range(2, 8)]


def test_a_one_source_headline_is_not_a_summary_sentence() -> None:
    claims = [
        _claim("c1", "unmatched", TITLE),
        _claim("c2", "unmatched", LEAD),
        *(_claim(f"x{k}", "unmatched", u) for k, u in enumerate(EXTRA)),
    ]
    texts = [s.text for s in summarize(claims, [TITLE, LEAD, *EXTRA], ["ruiz"])]
    assert LEAD.text in texts
    assert TITLE.text not in texts


def test_a_shared_claim_is_told_by_its_body_sentence_when_one_reads_alone() -> None:
    claims = [_claim("c1", "partial", OTHER_TITLE, LEAD), _claim("c2", "unmatched", OTHER_LEAD)]
    texts = [s.text for s in summarize(claims, [OTHER_TITLE, LEAD, OTHER_LEAD], ["ruiz"])]
    assert LEAD.text in texts
    assert OTHER_TITLE.text not in texts


def test_a_shared_claim_of_titles_alone_is_still_told() -> None:
    claims = [_claim("c1", "partial", TITLE, OTHER_TITLE)]
    texts = [s.text for s in summarize(claims, [TITLE, OTHER_TITLE], ["ruiz"])]
    assert len(texts) == 1 and texts[0] in (TITLE.text, OTHER_TITLE.text)


def test_a_line_that_only_introduces_what_follows_is_no_summary_sentence() -> None:
    intro = _unit("a", 2, "City spokeswoman Ana Ruiz said in a statement on Wednesday:", entities={"ruiz"})
    claims = [_claim("c1", "unmatched", intro), *(_claim(f"x{k}", "unmatched", u) for k, u in enumerate(EXTRA))]
    texts = [s.text for s in summarize(claims, [intro, *EXTRA], ["ruiz"])]
    assert intro.text not in texts and texts


def test_a_shared_headline_a_chosen_sentence_holds_is_not_told_again() -> None:
    """An audit saw three of twelve summaries tell their main event twice: a shared claim of titles
    beside the shared lead sentence that holds the title's words."""
    title = _unit("a", 0, "Judge dismisses fraud case against Ana Ruiz", headline=True, entities={"ruiz"})
    other_title = _unit("b", 0, "Ruiz fraud case dismissed by judge", headline=True, entities={"ruiz"})
    lead = _unit(
        "a",
        1,
        "A federal judge in Boston dismissed the fraud case against Ana Ruiz on Tuesday after a long review of the evidence",
        entities={"ruiz"},
    )
    other_lead = _unit("b", 1, "The fraud case against Ruiz was dismissed Tuesday by a federal judge", entities={"ruiz"})
    claims = [_claim("t", "partial", title, other_title), _claim("l", "partial", lead, other_lead)]
    texts = [s.text for s in summarize(claims, [title, other_title, lead, other_lead], ["ruiz"])]
    assert texts == [lead.text], texts


def test_another_source_s_paraphrase_of_a_chosen_sentence_is_left_out() -> None:
    """Two fresh audits saw one fact told two or three times, each "undecided": the matcher scored the
    paraphrases 0.64-0.75, under the floor that makes them one claim, but close enough to repeat."""
    lead, paraphrase, other = LEAD, _unit("b", 1, "The Ruiz fraud case was thrown out by a federal judge on Tuesday"), OTHER_LEAD
    units = [lead, paraphrase, other, *EXTRA]
    claims = [_claim(f"c{k}", "unmatched", u) for k, u in enumerate(units)]

    def score(i: int, j: int) -> float:
        return 0.72 if {units[i].text, units[j].text} == {lead.text, paraphrase.text} else 0.2

    told = [s.text for s in summarize(claims, units, ["ruiz"], score)]
    assert (lead.text in told) != (paraphrase.text in told), told  # one of the two, not both
    assert other.text in told
    both = [s.text for s in summarize(claims, units, ["ruiz"])]
    assert lead.text in both and paraphrase.text in both  # without the scores both are told
