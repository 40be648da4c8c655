"""The pure side of corrections: validation, the labelled JSONL round trip, apply_corrections, the scorer.

Briefs here are built by hand from model objects (three documents, two of them
independent sources), so each rule is checked on a case small enough to read.
"""

from __future__ import annotations

import pytest

from crossread.corrections import SpanKey, apply_corrections, make_correction, read_jsonl, relevant, to_jsonl
from crossread.evaluation.corrections import score_corrections
from crossread.model import (
    Brief,
    BriefQuote,
    Citation,
    Claim,
    ClaimUnit,
    Entity,
    EntityMention,
    Event,
    MatchEvidence,
    Quote,
    SourceView,
    SummarySentence,
)

A = ClaimUnit("da", 0, 40, "The ministers met in Minsk on Saturday.")
B = ClaimUnit("db", 10, 52, "Ministers met in the Belarusian capital.")
C = ClaimUnit("dc", 5, 45, "A meeting took place in Minsk on Saturday.")


def _brief() -> Brief:
    evidence = tuple(
        MatchEvidence((x, y), 0.9, 0.8, ("predicate: meet",), "same", "same fact") for x, y in ((A, B), (A, C), (B, C))
    )
    claim = Claim("c1", "corroborated", ("da", "db", "dc"), (A, B, C), (), evidence)
    lone = Claim("c2", "single_source", ("da",), (ClaimUnit("da", 50, 80, "Talks covered oil supplies."),))
    people = (
        Entity("e1", "Alexander Lukashenko", "PERSON", ("Lukashenko",), (EntityMention("da", 1, 11, "Lukashenko"),)),
        Entity("e2", "Lukashenka", "PERSON", ("Lukashenka",), (EntityMention("db", 1, 11, "Lukashenka"),)),
        Entity("e3", "Mike Pompeo", "PERSON", ("Pompeo", "Makei"), (EntityMention("da", 20, 26, "Pompeo"),
                                                                   EntityMention("db", 30, 35, "Makei"))),
    )  # fmt: skip
    quote = BriefQuote(Quote("da", 90, 120, "We are ready", "direct", speaker_name="Mike Pompeo"), "e3", False)
    summary = (
        SummarySentence(A.text, "corroborated", "c1", (Citation("da", 0, 40), Citation("db", 10, 52), Citation("dc", 5, 45))),
    )
    views = tuple(SourceView(d, (), (), ()) for d in ("da", "db", "dc"))
    event = Event("Ministers meet", None, (), ("Minsk",), ("e1", "e2"))
    return Brief((), event, people, (quote,), (claim, lone), views, summary, {"da": "da", "db": "db", "dc": "dc"})


def test_corrections_match_wrong_splits_the_claim_and_its_citations() -> None:
    fixed = apply_corrections(_brief(), [make_correction("match_wrong", [SpanKey("dc", 5, 45), SpanKey("da", 0, 40)])])
    kept = next(c for c in fixed.claims if c.id == "c1")
    split = next(c for c in fixed.claims if C in c.units)
    assert kept.units == (A, B) and kept.status == "corroborated" and kept.sources == ("da", "db")
    assert all(C not in e.units for e in kept.evidence) and "analyst" in kept.note
    # parted from what it was matched to: no verdict (related, not the same fact), so not "only here" either
    assert split.units == (C,) and split.status == "unmatched" and split.evidence == () and "analyst" in split.note
    assert fixed.summary[0].citations == (Citation("da", 0, 40), Citation("db", 10, 52))
    assert split.id not in next(v for v in fixed.per_source if v.doc_id == "dc").only_here


def test_corrections_match_wrong_leaving_one_source_makes_it_unmatched_everywhere() -> None:
    brief = _brief()
    corrections = [make_correction("match_wrong", [SpanKey(u.doc_id, u.start, u.end), SpanKey("da", 0, 40)]) for u in (B, C)]
    fixed = apply_corrections(brief, corrections)
    assert next(c for c in fixed.claims if c.id == "c1").status == "unmatched"
    assert fixed.summary[0].status == "unmatched" and fixed.summary[0].citations == (Citation("da", 0, 40),)


def test_corrections_a_span_recut_slightly_still_finds_its_unit() -> None:
    fixed = apply_corrections(_brief(), [make_correction("match_wrong", [SpanKey("dc", 8, 45), SpanKey("da", 0, 38)])])
    assert len(fixed.claims) == 3


def test_corrections_status_wrong_shows_the_analysts_status_with_a_note() -> None:
    fixed = apply_corrections(_brief(), [make_correction("status_wrong", [SpanKey("db", 10, 52)], value="contested")])
    claim = next(c for c in fixed.claims if c.id == "c1")
    assert claim.status == "contested" and "status corrected by analyst (computed: corroborated)" in claim.note
    assert fixed.summary[0].status == "contested"


def test_corrections_entities_merge_and_split_by_name() -> None:
    brief = _brief()
    merged = apply_corrections(brief, [make_correction("same_entity", names=["lukashenka", "Alexander Lukashenko"])])
    assert len(merged.entities) == 2
    one = merged.entities[0]
    assert {"Lukashenka", "Alexander Lukashenko"} <= {one.name, *one.aliases} and len(one.mentions) == 2
    assert merged.event.actors == (one.id,)
    split = apply_corrections(brief, [make_correction("different_entity", names=["Pompeo", "Makei"])])
    names = {e.name: e for e in split.entities}
    assert "Makei" in names and [m.text for m in names["Makei"].mentions] == ["Makei"]
    assert "Makei" not in names["Mike Pompeo"].aliases


@pytest.mark.parametrize(("value", "speaker", "name"), [("unknown", None, None), ("Lukashenka", "e2", "Lukashenka")])
def test_corrections_speaker_wrong_replaces_the_speaker(value: str, speaker: str | None, name: str | None) -> None:
    fixed = apply_corrections(_brief(), [make_correction("speaker_wrong", [SpanKey("da", 90, 120)], value=value)])
    assert fixed.quotes[0].speaker == speaker and fixed.quotes[0].quote.speaker_name == name
    assert "corrected by analyst" in (fixed.quotes[0].quote.speaker_text or "")


def test_corrections_that_match_nothing_leave_the_brief_as_it_was() -> None:
    brief = _brief()
    assert apply_corrections(brief, [make_correction("match_wrong", [SpanKey("dz", 0, 9), SpanKey("da", 0, 40)])]) == brief
    assert relevant([make_correction("status_wrong", [SpanKey("dz", 0, 9)], value="partial")], {"da"}) == []


@pytest.mark.parametrize(
    ("kind", "spans", "names", "value", "message"),
    [
        ("match_wrong", [SpanKey("da", 0, 4), SpanKey("da", 9, 12)], [], None, "two different documents"),
        ("status_wrong", [SpanKey("da", 0, 4)], [], "maybe", "value, one of"),
        ("speaker_wrong", [SpanKey("da", 5, 5)], [], "X", "empty"),
        ("different_entity", [], ["X"], None, "2 non-empty name"),
        ("nonsense", [], [], None, "unknown correction kind"),
    ],
)
def test_corrections_make_correction_says_what_is_wrong(kind: str, spans: list[SpanKey], names: list[str], value: str | None,
                                                         message: str) -> None:  # fmt: skip
    with pytest.raises(ValueError, match=message):
        make_correction(kind, spans, names, value)


def test_corrections_jsonl_round_trip_and_ids_follow_the_keys() -> None:
    made = [
        make_correction("match_wrong", [SpanKey("dc", 5, 45), SpanKey("da", 0, 40)], note="two meetings", created="t1"),
        make_correction("status_wrong", [SpanKey("da", 0, 40)], value="partial", created="t2"),
        make_correction("same_entity", names=["B", "A"], created="t3"),
    ]
    assert read_jsonl(to_jsonl(made)) == made
    assert make_correction("same_entity", names=["a", "b"]).id == made[2].id  # order and case do not matter
    assert make_correction("status_wrong", [SpanKey("da", 0, 40)], value="contested").id == made[1].id  # replaces


def test_corrections_scorer_reports_how_crossread_agrees_with_the_gold() -> None:
    brief = _brief()
    gold = [
        make_correction("match_wrong", [SpanKey("dc", 5, 45), SpanKey("da", 0, 40)]),  # crossread still matches it
        make_correction("status_wrong", [SpanKey("da", 0, 40)], value="corroborated"),  # agrees
        make_correction("status_wrong", [SpanKey("da", 50, 80)], value="partial"),  # disagrees
        make_correction("speaker_wrong", [SpanKey("da", 90, 120)], value="Mike Pompeo"),  # agrees
        make_correction("same_entity", names=["Lukashenka", "Lukashenko"]),  # kept apart: disagrees
        make_correction("different_entity", names=["Pompeo", "Makei"]),  # linked: disagrees
        make_correction("status_wrong", [SpanKey("dz", 0, 9)], value="partial"),  # not found
    ]
    scores = score_corrections([brief], gold)
    assert scores.share("match_wrong") == 1.0 and scores.share("status_wrong") == 0.5 and scores.share("speaker_wrong") == 1.0
    assert scores.share("same_entity") == 0.0 and scores.share("different_entity") == 0.0 and scores.missing["status_wrong"] == 1
    fixed = apply_corrections(brief, gold)
    after = score_corrections([fixed], gold)
    assert after.share("match_wrong") == 0.0 and after.share("status_wrong") == 1.0
    assert after.share("same_entity") == 1.0 and after.share("different_entity") == 1.0
    assert "| match_wrong | 1 | 0 | 0.0% |" in after.to_markdown()
