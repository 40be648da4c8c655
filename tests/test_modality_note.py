"""A claim says "told as planned in [x], as done in [y]" only when one source tells a plan and another the deed.

An audit read the former note ("announced by [1], reported as said by [2]") as wrong six
times in six: it fired on reported plans, on a quoted "will not", on "seek", and read as
naming who announced. The modality compared is that of what is said, never of quoted words.
"""

from __future__ import annotations

import numpy as np

from crossread.stages.compare import _status_and_note
from crossread.stages.compare.match import Alignment, load_matcher
from crossread.units import Unit


def _unit(doc: str, modality: str, content_modality: str = "", *, quoted: bool = False) -> Unit:
    unit = Unit(doc_id=doc, start=0, end=40, text="made up", position=0, modality=modality, quoted=quoted)
    unit.content_modality = content_modality or modality
    unit.predicate = unit.content_predicate = "meet"
    return unit


def _note(*units: Unit) -> str:
    alignment = Alignment([], {(0, 1): 0.99}, np.zeros((0, 0)), [], set())
    labels = {u.doc_id: k + 1 for k, u in enumerate(units)}
    return _status_and_note(list(range(len(units))), units, alignment, load_matcher(), labels)[1]


def test_a_plan_in_one_source_and_the_deed_in_another_is_said() -> None:
    note = _note(_unit("a", "planned"), _unit("b", "happened"))
    assert note == "told as planned in [1], as done in [2]"


def test_a_reported_plan_beside_a_plan_is_no_modality_difference() -> None:
    # "They said senators will meet Biden Thursday" / "The senators will meet Biden Thursday"
    note = _note(_unit("a", "reported", "planned"), _unit("b", "planned"))
    assert "told as" not in note and "announced" not in note


def test_a_reported_deed_beside_a_plan_is_not_told_as_done() -> None:
    # "Senators say they have agreed …, and they'll meet Biden Thursday" / "The senators will meet Biden
    # Thursday": the report's first clause is another fact; only a source's own voice tells a deed
    note = _note(_unit("a", "reported", "happened"), _unit("b", "planned"))
    assert "told as" not in note and "announced" not in note


def test_a_reported_plan_beside_a_deed_is_said() -> None:
    # "They said senators would go to the White House" / "The senators arrived at the White House"
    assert _note(_unit("a", "reported", "planned"), _unit("b", "happened")) == "told as planned in [1], as done in [2]"


def test_quoted_words_carry_the_speaker_s_tense_not_the_source_s() -> None:
    # a quoted ruling ("this Court will not sanction …") beside the report that it was granted
    note = _note(_unit("a", "planned", quoted=True), _unit("b", "happened"))
    assert "told as" not in note and "announced" not in note
