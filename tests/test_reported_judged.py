"""Reported speech, judged: the finder's reported-speech items on the AllSides quote sample
against a reader's verdicts (eval/labels/quotes/allsides-reported-judged.jsonl)."""

from __future__ import annotations

import hashlib

import pytest
from spacy.language import Language

from conftest import ROOT, shared_data
from crossread.evaluation.quotes import (
    REPORTED_VERDICTS,
    JudgedReported,
    is_reported,
    judged_texts,
    predict_texts,
    read_reported_judged,
    score_reported,
)
from crossread.model import Quote

JUDGED = ROOT / "eval" / "labels" / "quotes" / "allsides-reported-judged.jsonl"

# Measured on dev when the judgements were made (finder of 6752dbc): 182 right of 210 judged,
# every reported item of the judged excerpts judged. Floors sit just below; they only go up.
DEV_PRECISION_FLOOR = 0.86
# Coverage (reported items that match a judged one) leaves room for a few items a finder change
# adds or moves before they are judged; below it the precision above would describe another finder,
# so judge the new items (eval/labels/GUIDELINES.md) rather than lower this.
DEV_COVERAGE_FLOOR = 0.95


def _quote(start: int, end: int, speaker: tuple[int, int] | None = (0, 4), name: str | None = "Anna") -> Quote:
    return Quote(
        doc_id="d",
        start=start,
        end=end,
        text="",
        kind="reported",
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        speaker_name=name,
        cue="said",
    )


def _item(start: int, end: int, verdict: str, *, unsure: bool = False, name_ok: bool = True) -> JudgedReported:
    return JudgedReported("d", "dev", "", start, end, 0, 4, "Anna", "said", verdict, unsure, name_ok)


def test_reported_judged_is_reported_counts_characters_outside_quote_marks() -> None:
    assert is_reported(_quote(10, 30), [])
    assert is_reported(_quote(10, 30), [(10, 20)]), "half outside is reported speech"
    assert not is_reported(_quote(10, 30), [(9, 25)])
    assert not is_reported(_quote(10, 10), [])


def test_reported_judged_matches_spans_within_slack_and_names_only_when_judged_on_them() -> None:
    text = "Anna said that the new bridge would open in May and cost less than planned."
    items = [_item(10, 74, "right"), _item(0, 4, "not_speech", unsure=True)]
    scores = score_reported(items, {"d": text}, {"d": [_quote(12, 73)]})
    assert (scores.predicted, scores.matched, scores.verdicts["right"], scores.precision) == (1, 1, 1, 1.0)
    scores = score_reported(items, {"d": text}, {"d": [_quote(20, 73)]})
    assert (scores.predicted, scores.matched, scores.coverage) == (1, 0, 0.0)
    scores = score_reported(items, {"d": text}, {"d": [_quote(10, 74, speaker=None)]})
    assert scores.matched == 0, "another speaker span is another item"
    named = [_item(10, 74, "wrong_speaker", name_ok=False)]
    assert score_reported(named, {"d": text}, {"d": [_quote(10, 74, name="Bob")]}).matched == 0
    assert score_reported(named, {"d": text}, {"d": [_quote(10, 74)]}).verdicts["wrong_speaker"] == 1


def test_reported_judged_file_is_well_formed() -> None:
    items = read_reported_judged(JUDGED)
    assert {i.verdict for i in items} <= set(REPORTED_VERDICTS)
    for item in items:
        story = int(item.doc.split("-")[1])
        even = hashlib.sha256(str(story).encode()).digest()[0] % 2 == 0
        assert item.split == ("dev" if even else "test"), item.doc
        assert 0 <= item.start < item.end and len(item.sha) == 16
    per_split = {s: sum(i.split == s for i in items) for s in ("dev", "test")}
    assert per_split["dev"] >= 120 and per_split["test"] >= 100, per_split


@pytest.mark.slow
def test_reported_judged_dev_precision_and_coverage_floors(nlp: Language) -> None:
    data_root = shared_data("allsides-neus").parent
    items = [i for i in read_reported_judged(JUDGED) if i.split == "dev"]
    texts = judged_texts(data_root, items)
    scores = score_reported(items, texts, predict_texts(nlp, texts))
    print(f"reported speech dev: {scores}")
    assert scores.coverage >= DEV_COVERAGE_FLOOR, f"{scores} (judge the new items: eval/labels/GUIDELINES.md)"
    assert scores.precision >= DEV_PRECISION_FLOOR, f"{scores}; errors {scores.errors.most_common(10)}"
