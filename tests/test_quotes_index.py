"""quotes: the quotation index the reported-speech pass reads per token agrees with reading every quotation."""

from __future__ import annotations

from crossread.stages.analyze.quotes import _Quoted, _QuoteIndex


def test_quotes_index_agrees_with_a_scan_of_every_quotation() -> None:
    spans = [(40, 60), (5, 20), (10, 30), (70, 71), (90, 90)]  # unsorted, overlapping, one char, empty
    quoted = [_Quoted(s, e, s - 1, e + 1, (0, 100)) for s, e in spans]
    index = _QuoteIndex.of(quoted)
    for offset in range(100):
        assert index.covers(offset) == any(q.start <= offset < q.end for q in quoted), offset
        for width in (1, 5, 30):
            hi = offset + width
            assert index.opens_within(offset, hi) == any(offset <= q.start < hi for q in quoted), (offset, hi)
