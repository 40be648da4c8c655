"""crossread.bidi: article strings inside crossread's own sentences are isolated only when they need it."""

from __future__ import annotations

import pytest

from crossread.bidi import isolated, needs_isolation


@pytest.mark.parametrize(
    ("text", "wrapped"),
    [
        pytest.param("Pompeo Visits Minsk", False, id="latin stays byte-identical"),
        pytest.param("Лукашенко: 1 февраля", False, id="cyrillic is left-to-right"),
        pytest.param("Valencia budget \u202evote delayed", True, id="right-to-left override"),
        pytest.param("\u202aembedded\u202c", True, id="embedding"),
        pytest.param("وزير الخارجية", True, id="arabic letters"),
        pytest.param("שלום", True, id="hebrew letters"),
        pytest.param("", False, id="empty"),
    ],
)
def test_bidi_isolated_wraps_only_strings_that_could_reorder_others(text: str, wrapped: bool) -> None:
    assert needs_isolation(text) is wrapped
    assert isolated(text) == (f"\u2068{text}\u2069" if wrapped else text)
