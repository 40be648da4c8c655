"""evaluation.claims: same-fact recall counts only the facts a reader linked ``same`` (made-up labels)."""

from __future__ import annotations

from collections import Counter

from crossread.evaluation.claims import ClaimCounts, _Judge
from crossread.evaluation.labels import Fact, Link, StoryLabels


def test_same_partners_hold_only_same_links_and_the_figure_reads_them() -> None:
    facts = (Fact("l1", "left", 0, 10), Fact("c1", "center", 0, 10), Fact("r1", "right", 0, 10), Fact("r2", "right", 20, 30))
    links = (Link("l1", "c1", "same"), Link("l1", "r1", "partial"), Link("c1", "r2", "related"))
    judge = _Judge(StoryLabels(1, "dev", "reader", {}, facts, links))
    assert judge.same_partners == {"l1": {"c1"}, "c1": {"l1"}}
    assert judge.shared_facts == {"l1", "c1", "r1"}
    tally = ClaimCounts(Counter({"same_facts": 4, "same_facts_found": 3}))
    assert tally.figures()["same-fact recall (facts a reader linked same)"] == 0.75
