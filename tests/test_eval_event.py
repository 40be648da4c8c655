"""The event scorer (crossread.evaluation.event): matching rules on made-up briefs, the labels, the dev floors."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import pytest
from spacy.language import Language

from conftest import ROOT, SHARED_DATA
from crossread.evaluation.event import (
    LABELS_FILE,
    EventCounts,
    GoldAnswer,
    Predicted,
    StoryEvent,
    evaluate_event,
    matches,
    read_event_labels,
    score_story,
)
from crossread.model import Brief, Document, Entity, EntityMention, Event

# Measured on the dev split (40 stories) when the labels were final, 2026-12-07:
# Who P 0.667 R 0.687 top 0.784; Where P 0.478 R 0.786 top 0.700; When given and wrong 0.025.
DEV_WHO_PRECISION_FLOOR = 0.64
DEV_WHO_RECALL_FLOOR = 0.66
DEV_WHO_TOP_FLOOR = 0.75
DEV_WHERE_PRECISION_FLOOR = 0.45
DEV_WHERE_RECALL_FLOOR = 0.75
DEV_WHERE_TOP_FLOOR = 0.65
DEV_WHEN_WRONG_CEILING = 0.05

# Made-up story: "Mayor Ann Rivera closed the Elm Street bridge in Northfield." (left) and
# "Rivera's office said the Northfield bridge shut on Monday." (center).
LEFT = "Mayor Ann Rivera closed the Elm Street bridge in Northfield."
CENTER = "Rivera's office said the Northfield bridge shut on Monday."
SIDE_OF = {"dl": "left", "dc": "center"}


def _entity(entity_id: str, name: str, label: str, spans: Sequence[tuple[str, int, int]]) -> Entity:
    texts = {"dl": LEFT, "dc": CENTER}
    mentions = tuple(EntityMention(doc, start, end, texts[doc][start:end]) for doc, start, end in spans)
    return Entity(entity_id, name, label, tuple(dict.fromkeys(m.text for m in mentions)), mentions)


def _brief(actors: Sequence[str], places: Sequence[str], date: str | None, entities: Sequence[Entity]) -> Brief:
    event = Event("a bridge closes", date, (), tuple(places), tuple(actors))
    return Brief((), event, tuple(entities), (), (), (), ())


RIVERA = _entity("e1", "Ann Rivera", "PERSON", [("dl", 6, 16), ("dc", 0, 6)])
OFFICE = _entity("e2", "Rivera's office", "ORG", [("dc", 0, 15)])
ELM = _entity("e3", "Elm Street", "FAC", [("dl", 28, 38)])
NORTHFIELD = _entity("e4", "Northfield", "GPE", [("dl", 49, 59), ("dc", 25, 35)])
GOLD = StoryEvent(
    story=1,
    split="dev",
    docs={},
    who=(GoldAnswer((("left", 6, 16), ("center", 0, 6)), ("Ann Rivera", "Rivera")),),
    where=(GoldAnswer((("left", 28, 38),), ("Elm Street",)), GoldAnswer((("left", 49, 59),), ("Northfield",))),
    when=None,
)


def _score(brief: Brief) -> dict[str, float]:
    tallies = {"crossread": EventCounts(), "most-mentioned names": EventCounts()}
    score_story(brief, GOLD, SIDE_OF, tallies)
    return {metric: value for metric, (value, _size) in tallies["crossread"].figures().items()}


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        # a shared span, whatever the names
        (Predicted("Rivera", (("center", 0, 6),)), GoldAnswer((("left", 6, 16), ("center", 0, 6)), ("Ann Rivera",)), True),
        # the same characters on another side do not overlap
        (Predicted("Hill", (("right", 6, 16),)), GoldAnswer((("left", 6, 16),), ("Ann Rivera",)), False),
        # no span: a shared content word
        (Predicted("Mayor Rivera", ()), GoldAnswer((("left", 6, 16),), ("Ann Rivera",)), True),
        # a shared generic word is not the same name
        (Predicted("Food and Drug Administration", ()), GoldAnswer((("left", 0, 20),), ("Biden administration",)), False),
        # a distinctive shared word still matches (a known leniency of the rule)
        (Predicted("Supreme Court", ()), GoldAnswer((("left", 0, 40),), ("Presidential Commission on the Supreme Court",)), True),
        (Predicted("County Court", ()), GoldAnswer((("left", 0, 40),), ("Commission on the Court",)), False),
        # a name made only of generic words matches an equal spelling
        (Predicted("Senate", ()), GoldAnswer((("left", 0, 6),), ("Senate",)), True),
        # or ends a qualified spelling, word for word
        (Predicted("House", ()), GoldAnswer((("left", 0, 15),), ("Louisiana House",)), True),
        (Predicted("House", ()), GoldAnswer((("left", 0, 15),), ("White House staff",)), False),
        (Predicted("use", ()), GoldAnswer((("left", 0, 15),), ("Louisiana House",)), False),
    ],
)
def test_eval_event_matches_by_span_then_by_name(predicted: Predicted, gold: GoldAnswer, expected: bool) -> None:
    assert matches(predicted, gold) is expected


def test_eval_event_scores_a_made_up_brief() -> None:
    brief = _brief(["e2", "e1"], ["Northfield", "Maple County"], "2021-05-03", [RIVERA, OFFICE, ELM, NORTHFIELD])
    figures = _score(brief)
    # "Rivera's office" shares the span of "Rivera" in the center text: both listed actors match
    assert figures["Who precision"] == 1.0
    assert figures["Who recall"] == 1.0
    assert figures["Who top-answer accuracy"] == 1.0
    # Northfield is gold (the second answer), Maple County is not; Elm Street is missed
    assert figures["Where precision"] == 0.5
    assert figures["Where recall"] == 0.5
    assert figures["Where top-answer accuracy"] == 1.0
    # the texts give no day: any day given is wrong, and there is no accuracy to report
    assert figures["When given and wrong (share of stories)"] == 1.0
    assert math.isnan(figures["When accuracy (stories with a gold day)"])


def test_eval_event_wrong_answers_and_an_empty_list() -> None:
    figures = _score(_brief(["e3"], [], None, [RIVERA, ELM, NORTHFIELD]))
    assert figures["Who precision"] == 0.0
    assert figures["Who recall"] == 0.0
    assert figures["Who top-answer accuracy"] == 0.0
    assert math.isnan(figures["Where precision"])  # nothing listed
    assert figures["Where recall"] == 0.0
    assert figures["When given and wrong (share of stories)"] == 0.0


def test_eval_event_baseline_lists_the_most_mentioned_names() -> None:
    tallies = {"crossread": EventCounts(), "most-mentioned names": EventCounts()}
    score_story(_brief([], [], None, [ELM, NORTHFIELD, RIVERA]), GOLD, SIDE_OF, tallies)
    figures = {metric: value for metric, (value, _size) in tallies["most-mentioned names"].figures().items()}
    assert figures["Who recall"] == 1.0  # Northfield (GPE, an actor label too) and Ann Rivera
    assert figures["Where top-answer accuracy"] == 1.0  # Northfield: two mentions, ahead of Elm Street
    assert figures["Where recall"] == 1.0


def test_eval_event_labels_hold_offsets_only() -> None:
    records = [json.loads(line) for line in LABELS_FILE.read_text(encoding="utf-8").splitlines()]
    stories = [r["story"] for r in records]
    assert len(stories) == len(set(stories))
    assert sum(r["split"] == "dev" for r in records) >= 30
    assert sum(r["split"] == "test" for r in records) >= 25
    for record in records:
        assert set(record) == {"story", "split", "annotator", "docs", "who", "where", "when"}
        for answer in record["who"] + record["where"]:
            for mention in [answer, *answer.get("alt", [])]:
                assert set(mention) <= {"side", "start", "end", "alt"}
                assert mention["side"] in ("left", "center", "right") and mention["start"] < mention["end"]
        assert record["when"] is None or len(record["when"]) == 10
    claim_stories = {
        json.loads(line)["story"]
        for name in ("dev-a", "dev-b", "test-c", "test-d")
        for line in (ROOT / "eval" / "labels" / "claims" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    }
    assert set(stories) <= claim_stories


def test_eval_event_labels_point_into_unchanged_texts() -> None:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    stories, problems = read_event_labels(SHARED_DATA)
    assert not problems
    assert all(name.strip() and name == name.strip() for s in stories for a in s.who + s.where for name in a.names)


@pytest.mark.slow
def test_eval_event_on_the_readers_allsides_dev_labels(nlp: Language) -> None:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    from crossread.brief import build_brief
    from crossread.stages.analyze import analyze_many

    def make(documents: Sequence[Document]) -> Brief:
        return build_brief(list(analyze_many(documents, nlp)), nlp)

    tallies, stories, problems = evaluate_event(SHARED_DATA, make, "dev")
    figures = {metric: value for metric, (value, _size) in tallies["crossread"].figures().items()}
    print(stories, figures)
    assert stories >= 30 and not problems
    assert figures["Who precision"] >= DEV_WHO_PRECISION_FLOOR
    assert figures["Who recall"] >= DEV_WHO_RECALL_FLOOR
    assert figures["Who top-answer accuracy"] >= DEV_WHO_TOP_FLOOR
    assert figures["Where precision"] >= DEV_WHERE_PRECISION_FLOOR
    assert figures["Where recall"] >= DEV_WHERE_RECALL_FLOOR
    assert figures["Where top-answer accuracy"] >= DEV_WHERE_TOP_FLOOR
    assert figures["When given and wrong (share of stories)"] <= DEV_WHEN_WRONG_CEILING
    baseline = tallies["most-mentioned names"].figures()
    assert figures["Who precision"] > baseline["Who precision"][0], "listing actors beats listing frequent names"
