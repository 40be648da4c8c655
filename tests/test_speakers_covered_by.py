"""speakers._covered_by: whether some quotation holds an offset, by bisection, as a scan of every quotation says."""

from __future__ import annotations

import pytest

from crossread.stages.analyze.speakers import _covered_by


@pytest.mark.parametrize(
    "spans",
    [
        [],
        [(5, 9)],
        [(20, 30), (5, 9), (8, 12), (12, 14), (40, 40), (50, 45)],
        [(0, 100), (10, 20)],
    ],
)
def test_speakers_covered_by_is_any_span_holding_the_offset(spans: list[tuple[int, int]]) -> None:
    covers = _covered_by(spans)
    for offset in range(-1, 110):
        assert covers(offset) == any(start <= offset < end for start, end in spans)
