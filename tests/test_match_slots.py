"""A match's "why" names an amount as agreed only when both units give it one same value; a difference as one."""

from __future__ import annotations

from crossread.stages.compare.match import matched_slots
from crossread.units import Unit


def _unit(doc: str, numbers: dict[str, float], loose: set[str] | None = None) -> Unit:
    return Unit(doc_id=doc, start=0, end=10, text="made up", position=0, numbers=numbers, loose_numbers=loose or set())


def test_the_same_value_is_named() -> None:
    slots = matched_slots(_unit("a", {"%|index": 4.2}), _unit("b", {"%|index": 4.2}), set(), {})
    assert slots == ("amount: % of index = 4.2",)


def test_different_values_of_one_key_are_named_as_a_difference() -> None:
    slots = matched_slots(_unit("a", {"%|index": 4.2}), _unit("b", {"%|index": 3.6}), set(), {})
    assert slots == ("amount differs: % of index 4.2 vs 3.6",)


def test_a_unit_holding_two_values_of_the_key_agrees_on_none() -> None:
    # "rose 4.2%, above the estimated 3.6%": numbers keeps the last value, the key is loose
    both = _unit("a", {"%|index": 3.6}, {"%|index"})
    assert matched_slots(both, _unit("b", {"%|index": 3.6}), set(), {}) == ()


def test_a_counted_thing_keeps_its_first_letters() -> None:
    # no unit, counts "opinions": the key "|opinions" once lost the "o" of "opinions" to a strip
    slots = matched_slots(_unit("a", {"|opinions": 2.0}), _unit("b", {"|opinions": 2.0}), set(), {})
    assert slots == ("amount: opinions = 2",)


def test_a_unit_alone_is_named_without_a_dangling_of() -> None:
    slots = matched_slots(_unit("a", {"officers|": 2.0}), _unit("b", {"officers|": 2.0}), set(), {})
    assert slots == ("amount: officers = 2",)


def test_a_weekday_is_no_object_agreed_on() -> None:
    a = Unit(doc_id="a", start=0, end=10, text="They backed the plan on Wednesday.", position=0, objects={"wednesday", "plan"})
    b = Unit(doc_id="b", start=0, end=10, text="The plans won on Wednesday.", position=0, objects={"wednesday", "plan"})
    assert matched_slots(a, b, set(), {}) == ("object: plan",)


def test_a_slot_is_named_only_as_both_texts_write_it() -> None:
    """An audit read "object: datum" (the lemma of "data") and "object: be" as wrong."""
    a = Unit(doc_id="a", start=0, end=10, text="New data is out and it is safe.", position=0, objects={"datum", "be"})
    b = Unit(doc_id="b", start=0, end=10, text="The data are out; it is safe.", position=0, objects={"datum", "be"})
    a.predicate = b.predicate = "rule"
    assert matched_slots(a, b, set(), {}) == ()
    a.text, b.text = "The court ruled on it.", "Court rules for the city."
    assert matched_slots(a, b, set(), {}) == ("predicate: rule",)


def test_money_reads_as_what_it_pays_for_then_the_currency() -> None:
    slots = matched_slots(_unit("a", {"usd|infrastructure bill": 1e12}), _unit("b", {"usd|infrastructure bill": 1e12}), set(), {})
    assert slots == ("amount: infrastructure bill = 1,000,000,000,000 USD",)


def test_matched_slots_show_a_date_a_reader_can_check() -> None:
    a, b = _unit("a", {}), _unit("b", {})
    a.dates.update({"2020-02-01", "XXXX-03-05", "XXXX-XX-XX", "XXXX-XX"})
    b.dates.update({"2020-02-01", "XXXX-03-05", "XXXX-XX-XX", "XXXX-XX"})
    slots = matched_slots(a, b, set(), {})
    # two undated "on Wednesday"s may be different Wednesdays: no agreement to show, and never "XXXX-XX-XX"
    assert [s for s in slots if s.startswith("date")] == ["date: 2020-02-01", "date: 03-05, year not given"]
