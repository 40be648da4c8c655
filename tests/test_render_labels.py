"""What the brief's words say about a claim must be what crossread knows about it."""

from __future__ import annotations

from crossread.interfaces.render import STATUS_LABEL
from crossread.model import CLAIM_STATUSES


def test_render_every_claim_status_has_a_label() -> None:
    assert set(STATUS_LABEL) == set(CLAIM_STATUSES)


def test_render_unmatched_label_says_related_text_exists_not_that_none_does() -> None:
    """An analyst audit read "no match found" as "no other outlet carries it": 50 of 127 such
    claims were carried elsewhere in other words. Crossread gives no verdict on them, and the
    label must say so (related sentences exist in other sources)."""
    label = STATUS_LABEL["unmatched"]
    assert "related" in label and "no match" not in label
