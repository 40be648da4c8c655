"""The amount scorer (crossread.evaluation.amounts) on made-up excerpts: what counts as found, right and named."""

from __future__ import annotations

from crossread.evaluation.amounts import AmountScores, LabelledAmount, counts_match, score_excerpt
from crossread.model import Amount

TEXT = "Officials said 15 Royal Navy sailors were held in 2019, and the toll rose to 40 percent."


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def _gold(word: str, value: float, unit: str | None, counts: str | None, **flags: bool) -> LabelledAmount:
    return LabelledAmount(*_at(word), value, unit, _at(counts) if counts else None, **flags)


def _predicted(word: str, value: float, unit: str | None, counts: str | None) -> Amount:
    return Amount("d", *_at(word), word, value, unit, counts)


def test_counts_match_compares_head_words() -> None:
    assert counts_match("Royal Navy sailors", "sailors")
    assert counts_match("death toll", "toll") and counts_match("the oil", "oil")
    assert counts_match("sailor", "Royal Navy sailors")
    assert not counts_match("Royal Navy sailors", "Navy")
    assert not counts_match("global GDP", "growth")
    assert counts_match("new applications for benefits", "applications")
    assert counts_match("member of Parliament", "member") and not counts_match("member of Parliament", "Parliament")


def test_scores_found_value_unit_and_what_it_counts() -> None:
    gold = [_gold("15", 15, None, "Royal Navy sailors"), _gold("40 percent", 40, "%", "toll")]
    predicted = [
        _predicted("15", 15, None, "sailors"),
        _predicted("2019", 2019, None, None),  # a year read as an amount: a false amount
        _predicted("40 percent", 40, "percent", None),
    ]
    scores = AmountScores()
    score_excerpt(TEXT, gold, predicted, lambda start, end: "sailors" if TEXT[start:end] == "15" else None, scores)
    figures = {k: v for k, (v, _n) in scores.figures().items()}
    assert figures["amount precision"] == 2 / 3 and figures["amount recall"] == 1.0
    assert figures["value right (found amounts)"] == 1.0 and figures["unit right (found amounts)"] == 1.0
    assert figures["what it counts: right"] == 0.5 and figures["what it counts: given"] == 0.5
    assert figures["what it counts: right when given"] == 1.0
    assert scores.baseline_counts_right == 1


def test_unscored_gold_items_make_predictions_neither_right_nor_wrong() -> None:
    gold = [_gold("2019", 2019, None, None, unsure=True), _gold("15", 15, None, None)]
    scores = AmountScores()
    score_excerpt(TEXT, gold, [_predicted("2019", 2019, None, None)], lambda _s, _e: None, scores)
    assert scores.predicted == 0 and scores.gold == 1 and scores.found == 0


def test_a_hyphenated_amount_may_count_its_own_hyphen_word() -> None:
    """ "27-nation": the reader's counts span is "bloc" (the hyphen word sits inside the amount); "nations" is right too."""
    text = "The 27-nation bloc agreed, and a three-judge panel ruled."
    at = text.index("27-nation")
    gold = [LabelledAmount(at, at + 9, 27, None, (text.index("bloc"), text.index("bloc") + 4))]
    for counts, right in (("nations", 1), ("bloc", 1), ("agreements", 0)):
        scores = AmountScores()
        score_excerpt(text, gold, [Amount("d", at, at + 2, "27", 27, None, counts)], lambda _s, _e: None, scores)
        assert scores.counts_right == right, counts
