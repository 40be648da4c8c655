"""compare.match._shared_counts: set intersections per pair, by any of its three ways, the same counts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


@given(
    st.lists(st.sets(st.sampled_from("abcdefgh"), max_size=5), min_size=2, max_size=12),
    st.lists(st.sets(st.sampled_from("defghijk"), max_size=6), min_size=12, max_size=12),
)
@settings(max_examples=40, deadline=None)
def test_match_shared_counts_table_rows_and_loop_agree(left: list[set[str]], right: list[set[str]]) -> None:
    # the whole left x right table read at the pairs, the rows multiplied pair by pair, and the Python loop
    from crossread.stages.compare import match

    right = right[: len(left)]
    first, second = np.triu_indices(len(left), k=1)
    pairs = list(zip(first.tolist(), second.tolist(), strict=True))
    expected = [float(len(left[i] & right[j])) for i, j in pairs]
    backwards = [float(len(left[j] & right[i])) for i, j in pairs]
    for min_pairs, table_cells in ((10**9, 0), (0, 10**9), (0, 0)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(match, "SPARSE_MIN_PAIRS", min_pairs)
            patch.setattr(match, "SHARED_TABLE_CELLS", table_cells)
            assert match._shared_counts(left, right, first, second).tolist() == expected
            assert match._shared_counts(left, right, second, first).tolist() == backwards
