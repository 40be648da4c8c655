"""Scoring amounts — each number, its value, unit and what it counts — against a reader's labels.

The labels (``eval/labels/amounts/allsides.jsonl``, written blind: crossread's
amount finder was not run on the texts until they were final) hold, per AllSides
excerpt (doc ``allsides-<story>-<side>``, the text ``allsides_texts`` builds), every
amount's character span, value, unit and the span of the words naming what it
counts, never the text itself::

    {"dataset": "allsides", "doc": "allsides-5607-left", "field": "text", "split": "dev",
     "sha": "…", "amounts": [{"start": 210, "end": 214, "value": 5.9, "unit": "%",
                              "counts": {"start": 180, "end": 209}, "vague": false}]}

Vague words ("dozens") and items the reader marked ``unsure`` are not scored: a
prediction on them is neither right nor wrong; nor is a predicted bare "one", which
the readers skip (a pronoun, an article or a count, too often unclear). Scores, per split:

* **precision**: predicted amounts that overlap a scored gold amount, over the
  predictions that overlap no unscored one (a year, a name's number, a date read
  as an amount counts against it);
* **recall**: scored gold amounts a prediction overlaps;
* over the matched pairs: **value** (equal within ``VALUE_TOLERANCE``), **unit**
  (equal after ``_unit_key``), and **what it counts**: right when the predicted
  phrase's head word is the gold phrase's head word (``counts_match``), scored
  over the gold amounts whose sentence names what they count; ``counts given``
  is the share of those for which crossread names anything, ``counts right when
  given`` its precision.

The baseline for *what it counts* is the first noun after the number in its
sentence, the obvious rule a user would otherwise write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crossread.evaluation.labels import allsides_documents, as_read, unchanged_text
from crossread.model import Amount, Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Two values are one when they differ by less than this share ("1.5 million" vs 1,500,000).
VALUE_TOLERANCE = 0.005
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")
_ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"})
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "at", "to", "from", "with", "by", "under", "over", "about"})
_UNIT_ALIASES = {
    "percent": "%", "per cent": "%", "pct": "%", "percentage": "%", "dollar": "usd", "$": "usd",
    "km": "kilometer", "kilometre": "kilometer", "m": "meter", "metre": "meter", "cm": "centimeter",
    "mm": "millimeter", "kg": "kilogram", "lb": "pound", "feet": "foot", "mw": "megawatt", "gw": "gigawatt",
    "years old": "year",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LabelledAmount:
    start: int
    end: int
    value: float | None
    unit: str | None
    counts: tuple[int, int] | None
    vague: bool = False
    unsure: bool = False

    @property
    def scored(self) -> bool:
        return not self.vague and not self.unsure


@dataclass(frozen=True, slots=True)
class LabelledExcerpt:
    dataset: str
    doc: str
    field: str
    split: str
    sha: str
    amounts: tuple[LabelledAmount, ...]


@dataclass(slots=True)
class AmountScores:
    """Tallies of one split (see the module docstring)."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    predicted_right: int = 0
    value_right: int = 0
    unit_right: int = 0
    with_counts: int = 0
    counts_given: int = 0
    counts_right: int = 0
    baseline_counts_right: int = 0

    @staticmethod
    def _share(hit: int, total: int) -> float:
        return hit / total if total else float("nan")

    def figures(self) -> dict[str, tuple[float, int]]:
        """Metric name -> (value, items scored)."""
        return {
            "amount precision": (self._share(self.predicted_right, self.predicted), self.predicted),
            "amount recall": (self._share(self.found, self.gold), self.gold),
            "value right (found amounts)": (self._share(self.value_right, self.found), self.found),
            "unit right (found amounts)": (self._share(self.unit_right, self.found), self.found),
            "what it counts: right": (self._share(self.counts_right, self.with_counts), self.with_counts),
            "what it counts: given": (self._share(self.counts_given, self.with_counts), self.with_counts),
            "what it counts: right when given": (self._share(self.counts_right, self.counts_given), self.counts_given),
        }


def read_amount_labels(path: Path) -> list[LabelledExcerpt]:
    """The labelled excerpts of one ``.jsonl`` file."""
    excerpts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        amounts = tuple(
            LabelledAmount(
                int(a["start"]),
                int(a["end"]),
                None if a.get("value") is None else float(a["value"]),
                a.get("unit"),
                (int(a["counts"]["start"]), int(a["counts"]["end"])) if a.get("counts") else None,
                bool(a.get("vague", False)),
                bool(a.get("unsure", False)),
            )
            for a in raw["amounts"]
        )
        excerpts.append(LabelledExcerpt(raw["dataset"], raw["doc"], raw["field"], raw["split"], raw["sha"], amounts))
    return excerpts


def excerpt_text(data_root: Path, excerpt: LabelledExcerpt) -> str:
    """The excerpt's text as the labels saw it; ValueError when it drifted or is unknown."""
    documents = allsides_documents(data_root)
    if excerpt.dataset != "allsides" or excerpt.field != "text" or excerpt.doc not in documents:
        raise ValueError(f"{excerpt.dataset}/{excerpt.doc}: no three-outlet AllSides excerpt with field {excerpt.field!r}")
    return unchanged_text(excerpt.doc, documents[excerpt.doc], excerpt.sha)


# A labelled amount that is a number joined by a hyphen to a word: "27-nation", "three-judge".
_HYPHEN_WORD = re.compile(r"[\w.,]+[-–]([A-Za-z]+)")


def _words(text: str) -> list[str]:
    """Lower-case words without possessives, leading articles dropped."""
    words = [w.lower().removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text.replace("’s", "").replace("'s", ""))]
    return [w for w in words if w not in _ARTICLES]


def _singular(word: str) -> str:
    """A crude singular for comparing heads ("sailors" = "sailor"); both sides get the same cut."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _head(words: Sequence[str]) -> str:
    """A noun phrase's head: its last word before any prepositional phrase ("member of
    Parliament" -> "member", "new applications for benefits" -> "applications")."""
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS and i > 0), len(words))
    return _singular(words[cut - 1])


def counts_match(gold: str, predicted: str) -> bool:
    """Same counted thing: the predicted phrase's head word is the gold phrase's head, or the
    predicted phrase holds that head ("toll" ~ "death toll", "sailors" ~ "Royal Navy sailors",
    "applications" ~ "new applications for benefits"; "growth" is not "GDP")."""
    gold_words, predicted_words = _words(gold), _words(predicted)
    if not gold_words or not predicted_words:
        return False
    head = _head(gold_words)
    return _head(predicted_words) == head or head in {_singular(w) for w in predicted_words}


def _unit_key(unit: str | None) -> str | None:
    """A unit compared without case, plural or spelling ("percent" = "%", "hours" = "hour")."""
    if unit is None:
        return None
    key = unit.strip().lower()
    return _UNIT_ALIASES.get(key, key if len(key) <= 3 else key.removesuffix("s"))


def _is_a_bare_one(amount: Amount) -> bool:
    """The word "one" alone: readers skip it (a pronoun, an article or a count, too often unclear)."""
    return amount.value == 1.0 and not any(c.isdigit() for c in amount.text) and "one" in amount.text.lower().split()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _value_right(gold: float | None, predicted: float) -> bool:
    return gold is not None and abs(gold - predicted) <= VALUE_TOLERANCE * max(abs(gold), 1e-9)


def score_excerpt(
    text: str,
    gold: Sequence[LabelledAmount],
    predicted: Sequence[Amount],
    baseline: Callable[[int, int], str | None],
    scores: AmountScores,
) -> None:
    """Add one excerpt's judgements to ``scores`` (a gold amount takes the first overlapping prediction)."""
    unscored = [(g.start, g.end) for g in gold if not g.scored]
    scored = [g for g in gold if g.scored]
    for amount in predicted:
        if _is_a_bare_one(amount):
            continue
        span = (amount.start, amount.end)
        hits = any(_overlaps(span, (g.start, g.end)) for g in scored)
        if not hits and any(_overlaps(span, u) for u in unscored):
            continue
        scores.predicted += 1
        scores.predicted_right += hits
    for item in scored:
        scores.gold += 1
        match = next((a for a in predicted if _overlaps((a.start, a.end), (item.start, item.end))), None)
        named = text[item.counts[0] : item.counts[1]] if item.counts else None
        if named is not None:
            scores.with_counts += 1
            guess = baseline(item.start, item.end)
            scores.baseline_counts_right += guess is not None and counts_match(named, guess)
        if match is None:
            continue
        scores.found += 1
        scores.value_right += _value_right(item.value, match.value)
        scores.unit_right += _unit_key(item.unit) == _unit_key(match.unit)
        if named is not None and match.counts:
            scores.counts_given += 1
            hyphen_word = _hyphen_word(text[item.start : item.end])
            own_word = hyphen_word is not None and counts_match(hyphen_word, match.counts)
            scores.counts_right += own_word or counts_match(named, match.counts)


def _hyphen_word(span: str) -> str | None:
    """The noun a labelled "27-nation" or "60-vote" ends on. The guidelines keep it inside the amount's
    span, so a reader's counts span names the noun it modifies ("bloc", "hurdle"); a brief that says
    "27 — counts nations" names the same thing (audits G and I read "counts bloc" as wrong)."""
    match = _HYPHEN_WORD.fullmatch(span)
    return match[1] if match else None


def next_noun_baseline(doc: Doc) -> Callable[[int, int], str | None]:
    """The baseline's guess of what the number at [start, end) counts: the first noun after it in its sentence."""

    def guess(start: int, end: int) -> str | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        return next((t.text for t in doc[span.end : span.sent.end] if t.pos_ in ("NOUN", "PROPN")), None)

    return guess


def score_amounts(nlp: Language, excerpts: Sequence[LabelledExcerpt], texts: Mapping[str, str]) -> AmountScores:
    """crossread's amounts (``analyze.amounts.find_amounts`` over each excerpt's parse) against the labels."""
    from crossread.stages.analyze.amounts import find_amounts

    scores = AmountScores()
    keys = [e.doc for e in excerpts]
    read = {k: as_read(texts[k]) for k in keys}
    for excerpt, doc in zip(excerpts, nlp.pipe(read[k] for k in keys), strict=True):
        document = Document(id=excerpt.doc, source_path=excerpt.doc, text=read[excerpt.doc], kind="text")
        predicted = find_amounts(doc, document)
        score_excerpt(texts[excerpt.doc], excerpt.amounts, predicted, next_noun_baseline(doc), scores)
    return scores


__all__ = [
    "AmountScores",
    "LabelledAmount",
    "LabelledExcerpt",
    "counts_match",
    "excerpt_text",
    "next_noun_baseline",
    "read_amount_labels",
    "score_amounts",
    "score_excerpt",
]
