"""A claim whose sources give one amount different values says so, not "another precision"."""

from __future__ import annotations

from crossread.stages.compare import _differing_figures
from crossread.units import Unit


def _unit(doc: str, numbers: dict[str, float], loose: set[str] | None = None) -> Unit:
    return Unit(doc_id=doc, start=0, end=10, text="made up", position=0, numbers=numbers, loose_numbers=loose or set())


def test_differing_figures_names_both_values_and_their_sources_in_source_order() -> None:
    units = [_unit("b", {"|dead": 26.0}), _unit("a", {"|dead": 28.0})]
    assert _differing_figures([(0, 1)], units, {"a": 1, "b": 3}) == "dead 28 in [1] vs 26 in [3]"
    money = [_unit("a", {"usd|package": 1e12}), _unit("b", {"usd|package": 1.2e12})]
    assert _differing_figures([(0, 1)], money, {"a": 1, "b": 2}).startswith("package 1")


def test_differing_figures_is_empty_when_the_amounts_agree_or_one_is_a_bound() -> None:
    same = [_unit("a", {"|dead": 28.0}), _unit("b", {"|dead": 28.0})]
    assert _differing_figures([(0, 1)], same, {"a": 1, "b": 2}) == ""
    bound = [_unit("a", {"|dead": 28.0}, {"|dead"}), _unit("b", {"|dead": 26.0})]  # "at least 28"
    assert _differing_figures([(0, 1)], bound, {"a": 1, "b": 2}) == ""
