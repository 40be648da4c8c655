"""compare.tolls: one toll given different figures by two sources is said in their claims' notes; made-up stories."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from spacy.language import Language

from crossread.brief import build_brief
from crossread.model import AnalyzedDocument, Brief, Document, Entity, content_id
from crossread.stages.analyze import analyze
from crossread.stages.compare.conflicts import find_conflicts
from crossread.stages.compare.tolls import Toll, clash, read_toll
from crossread.units import Unit

WORDS = {"three": 3.0, "Seven": 7.0}


def _toll(sentence: str, figure: str, nlp: Language) -> tuple[str, str] | None:
    doc = nlp(sentence)
    start = sentence.index(figure)
    value = WORDS[figure] if figure in WORDS else float(figure)
    return read_toll(doc, start, start + len(figure), value)


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        ("At least 30 people died in Springfield on Monday.", "30", ("deaths", "people")),
        ("The storm killed 31 residents of the valley.", "31", ("deaths", "resident")),
        ("Floods leave 25 dead across the valley.", "25", ("deaths", "dead")),
        ("Police arrested 12 protesters outside the hall.", "12", ("arrests", "protester")),
        ("At least 40 villagers have been reported killed in the raid.", "40", ("deaths", "villager")),
        ("Of the 26 people who died, most were farmers.", "26", ("deaths", "people")),
    ],
)
def test_tolls_read_from_the_parse(nlp: Language, sentence: str, figure: str, expected: tuple[str, str]) -> None:
    assert _toll(sentence, figure, nlp) == expected


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Seven of the dead were members of one family.", "Seven"),  # a part of a whole
        ("The company hired 40 workers at the plant.", "40"),  # no toll verb
        ("The storm killed three cows in the valley.", "three"),  # too small to compare
    ],
)
def test_tolls_not_read_where_no_toll_is(nlp: Language, sentence: str, figure: str) -> None:
    assert _toll(sentence, figure, nlp) is None


def _t(value: float, low: float, high: float, counted: str = "", kind: str = "deaths") -> Toll:
    return Toll("d", 0, kind, counted, value, low, high, str(value))


def test_tolls_clash_only_beyond_what_the_hedges_allow() -> None:
    exact_26 = _t(26, 25.48, 26.52)
    assert clash(_t(28, 27.44, 28.56), exact_26)
    assert clash(_t(28, 28, float("inf"), "villager"), exact_26)  # "at least 28" vs 26
    assert not clash(_t(24, 24, float("inf"), "villager"), exact_26)  # "more than two dozen" allows 26
    assert not clash(_t(30, 0, 30), exact_26)  # "nearly 30"
    assert not clash(_t(28, 27.44, 28.56, "soldier"), _t(26, 25.48, 26.52, "villager"))  # different people
    assert not clash(_t(28, 27.44, 28.56, kind="injuries"), exact_26)
    assert not clash(_t(60, 58.8, 61.2), exact_26)  # far apart: another count


def _documents(nlp: Language, texts: Sequence[str]) -> list[AnalyzedDocument]:
    documents = [
        Document(content_id(text, prefix="d"), f"doc{i}.txt", text, "text", outlet=f"Outlet {i}", published="2021-05-11")
        for i, text in enumerate(texts)
    ]
    return [analyze(d, nlp) for d in documents]


def _toll_notes(brief: Brief) -> list[str]:
    return [claim.note for claim in brief.claims if "gives this toll" in claim.note]


FIRST = (
    "Floods kill 31 in Springfield as the river bursts its banks.\n\n"
    "The mayor asked residents to stay away from the old bridge until engineers inspect it."
)
SECOND = (
    "Springfield counts 25 dead after a night of record rain and rising water.\n\n"
    "Schools in the county will stay closed for the rest of the week, officials said."
)


def test_tolls_two_figures_for_one_toll_said_in_both_notes_without_a_verdict(nlp: Language) -> None:
    brief = build_brief(_documents(nlp, [FIRST, SECOND]), nlp)
    notes = _toll_notes(brief)
    assert any("as '25'" in n and "here '31'" in n for n in notes), notes
    assert any("as '31'" in n and "here '25'" in n for n in notes), notes
    assert not any(claim.status == "contested" for claim in brief.claims)


@pytest.mark.parametrize(
    "second",
    [
        SECOND.replace("Springfield counts", "Shelbyville counts"),  # another place
        'A resident wrote: "Springfield counts 25 dead after a night of record rain."\n\nSchools will stay closed.',
    ],
)
def test_tolls_no_conflict_for_another_place_or_someone_elses_words(nlp: Language, second: str) -> None:
    brief = build_brief(_documents(nlp, [FIRST, second]), nlp)
    assert not _toll_notes(brief)


def _unit(doc: str, entities: set[str]) -> Unit:
    return Unit(doc, 0, 40, "made-up words of a quotation", 0, ["word"], entities=entities)


def test_attribution_conflict_not_read_from_a_unit_naming_both_people() -> None:
    people = {
        "e1": Entity("e1", "Ruth Alder", "PERSON", ("Ruth Alder",), ()),
        "e2": Entity("e2", "Simon Kettle", "PERSON", ("Simon Kettle",), ()),
    }
    apart = find_conflicts(_unit("a", {"e1"}), _unit("b", {"e2"}), ("e1", "e2"), "verbatim", people)
    assert [c.kind for c in apart] == ["attribution"]
    both = find_conflicts(_unit("a", {"e1", "e2"}), _unit("b", {"e2"}), ("e1", "e2"), "verbatim", people)
    assert both == []
