"""compare.tolls: a toll another source gives otherwise ("28 die in Gaza" / "26 dead"), said in the claim's note.

A toll is a count of people who died, were hurt or were arrested, read from the
parse: the number counts a death noun ("26 dead", "28 deaths") or the people a
verb of dying, killing, wounding or arresting is about ("28 die", "killing two
women", "28 Palestinians have been reported killed", "26 people who died").
Outlets often give one toll differently, and an analyst wants to see it; but the
matcher rarely pairs such units (their other words differ: "28 die in Gaza as
Israel hits Hamas" / "Gaza militants and children among 26 dead amid Israel and
Hamas conflict"), so they stay lone claims and nothing said the figures differ.

Not a "contested" label: two careful readers judged that very pair differently
(the claims labels call it a number conflict; the judged conflict candidates
"no: different time" — a toll grows while outlets report it, and undated
sources cannot tell an old figure from a disputed one). A fact, not a verdict:
the lone claim's note names the other source's figure and its span.

Precision first: two tolls differ only when they are of one kind, count the
same people (the same noun, or one of them says only "people" / "dead"), are
not a part of a whole ("seven of the deaths"), not inside a quotation (someone's
words, not the source's figure), not a rate or an average, of a place both name
and not of different days, come from two independent sources published at most
a day apart, lie within ``MAX_RATIO`` of each other (two different counts are
usually far apart: "two Israelis" / "26 dead"), and their ranges — what "at
least", "nearly" or "about" allow — do not meet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token

from crossread.model import PLACE_LABELS, AnalyzedDocument, Claim, Entity
from crossread.units import Unit, source_numbers

# --- tuning constants -------------------------------------------------------
# Lemmas of the verbs whose subject (intransitive) or object / passive subject is the people counted.
TOLL_VERBS: Mapping[str, str] = {
    "die": "deaths",
    "kill": "deaths",
    "perish": "deaths",
    "injure": "injuries",
    "wound": "injuries",
    "hurt": "injuries",
    "arrest": "arrests",
    "detain": "arrests",
}
# Nouns that are the toll themselves ("26 dead", "28 deaths").
TOLL_NOUNS: Mapping[str, str] = {
    "dead": "deaths",
    "death": "deaths",
    "fatality": "deaths",
    "injury": "injuries",
    "injured": "injuries",
    "wounded": "injuries",
    "arrest": "arrests",
}
# Counted nouns that name no group: "26 people" and "26 dead" count the same people as "26 Palestinians".
GENERIC_COUNTED = frozenset({"", "people", "person", "dead", "death", "fatality", "injury", "injured", "wounded", "arrest"})
# Verbs that report a toll someone else gives ("have been reported killed", "were confirmed dead").
REPORTING_VERBS = frozenset({"report", "confirm", "say", "believe", "fear", "feared", "know", "presume"})
# Two tolls further apart than this ratio count different things ("two Israelis" / "26 dead").
MAX_RATIO = 1.5
# Tolls this small are too often different people ("two women", "three children") to compare.
MIN_VALUE = 5
# An exact figure stands for itself give or take this share; "about 30" for this share either way.
EXACT_TOLERANCE = 0.02
APPROXIMATE_TOLERANCE = 0.15
# Sources published further apart than this report a toll at two moments (it grows): both true.
MAX_DAYS_APART = 1
# Hedges that bound a figure from below, from above, or loosely either way.
LOWER_HEDGES = r"at least|more than|over|upwards of|in excess of"
UPPER_HEDGES = r"nearly|almost|up to|fewer than|less than|under|as many as|no more than"
LOOSE_HEDGES = r"about|around|roughly|some|approximately|an estimated|close to|estimated"
# The hedge right before a figure ("… at least | 28") or opening the amount's own text ("At least 28").
HEDGE_BEFORE = {kind: re.compile(rf"\b(?:{words})\s*$", re.IGNORECASE) for kind, words in
                (("low", LOWER_HEDGES), ("high", UPPER_HEDGES), ("loose", LOOSE_HEDGES))}  # fmt: skip
HEDGE_OPENING = re.compile(rf"^(?:{LOWER_HEDGES}|{UPPER_HEDGES}|{LOOSE_HEDGES})\b", re.IGNORECASE)
# A rate, an average or a share is no toll of one event ("a seven-day average of 1,900 deaths").
RATE_WORDS = re.compile(
    r"\b(?:average|daily|a day|per|each day|a week|weekly|a month|monthly|rate|percent|annual|a year)\b|%", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Toll:
    """One source's figure for how many people died, were hurt or arrested."""

    doc_id: str
    unit: int  # index in the story's units
    kind: str  # "deaths", "injuries", "arrests"
    counted: str  # the counted noun's lemma, "" when it names no group
    value: float
    low: float
    high: float
    text: str  # the amount as printed ("at least 28")


def _bounds(value: float, before: str) -> tuple[float, float]:
    """The range a figure allows: "at least 28" is 28 or more, "nearly 30" at most 30, "about 30" 30 ± 15%."""
    if HEDGE_BEFORE["low"].search(before):
        return value, math.inf
    if HEDGE_BEFORE["high"].search(before):
        return 0.0, value
    if HEDGE_BEFORE["loose"].search(before):
        return value * (1 - APPROXIMATE_TOLERANCE), value * (1 + APPROXIMATE_TOLERANCE)
    return value * (1 - EXACT_TOLERANCE), value * (1 + EXACT_TOLERANCE)


def _toll_verb(noun: Token) -> str | None:
    """The kind of toll a verb makes of the people ``noun`` names, if any (subject, object, "who died", "killed in")."""
    for child in noun.children:
        if child.dep_ in ("relcl", "acl") and child.lemma_.lower() in TOLL_VERBS:
            return TOLL_VERBS[child.lemma_.lower()]  # "26 people who died", "26 people killed in"
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "obj"):
        return None
    verb = noun.head
    lemma = verb.lemma_.lower()
    if lemma in TOLL_VERBS:
        return TOLL_VERBS[lemma]
    if lemma in REPORTING_VERBS and noun.dep_ == "nsubjpass":
        for child in verb.children:  # "28 Palestinians have been reported killed"
            said = child.lemma_.lower()
            if child.dep_ in ("xcomp", "oprd", "acomp") and (said in TOLL_VERBS or said in TOLL_NOUNS):
                return TOLL_VERBS.get(said) or TOLL_NOUNS[said]
    return None


def read_toll(doc: Doc, start: int, end: int, value: float) -> tuple[str, str] | None:
    """(kind, counted noun) when the amount at ``start:end`` of ``doc`` is a toll, else None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or value < MIN_VALUE or value != int(value):
        return None
    number = span.root
    noun = number.head if number.dep_ == "nummod" else number
    if any(child.dep_ == "prep" and child.lower_ == "of" for child in noun.children) and noun is number:
        return None  # a part of a whole: "seven of the deaths", "16 of them"
    lemma = noun.lemma_.lower() if noun is not number else ""
    if lemma in TOLL_NOUNS:
        return TOLL_NOUNS[lemma], lemma
    after = doc[number.i + 1] if noun is number and number.i + 1 < len(doc) else None
    if after is not None and after.lower_ in TOLL_NOUNS and after.head in (number, number.head):
        return TOLL_NOUNS[after.lower_], after.lower_  # "leave 25 dead", "counts 25 dead": the parse hangs "dead" on the verb
    kind = _toll_verb(noun)
    if kind is None:
        return None
    return kind, lemma


def story_tolls(units: Sequence[Unit], documents: Sequence[AnalyzedDocument], parses: Sequence[Doc]) -> list[Toll]:
    """Every toll the story's units give, each with the unit holding it."""
    by_doc: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        by_doc.setdefault(unit.doc_id, []).append(index)
    tolls = []
    for analyzed, doc in zip(documents, parses, strict=True):
        text = analyzed.document.text
        quoted = [(q.start, q.end) for q in analyzed.quotes if q.kind != "reported"]
        for amount in analyzed.amounts:
            if any(start <= amount.start < end for start, end in quoted):
                continue  # someone's words the source prints, not its own figure ("wrote: 'the 80 people that have died'")
            holder = next(
                (i for i in by_doc.get(analyzed.document.id, ()) if units[i].start <= amount.start < units[i].end), None
            )
            if holder is None or RATE_WORDS.search(units[holder].text):
                continue
            found = read_toll(doc, amount.start, amount.end, amount.value)
            if found is None:
                continue
            before = text[max(0, amount.start - 24) : amount.start] + " " + _leading_words(amount.text)
            low, high = _bounds(amount.value, before)
            kind, counted = found
            tolls.append(Toll(analyzed.document.id, holder, kind, counted, amount.value, low, high, amount.text))
    return tolls


def _leading_words(amount_text: str) -> str:
    """The hedge an amount's own text opens with ("At least 28" -> "At least", "more than two dozen" -> "more than")."""
    found = HEDGE_OPENING.match(amount_text)
    return found.group(0) if found else ""


def clash(a: Toll, b: Toll) -> bool:
    """Do two tolls give one count of the same people incompatible figures?"""
    if a.kind != b.kind:
        return False
    if a.counted != b.counted and a.counted not in GENERIC_COUNTED and b.counted not in GENERIC_COUNTED:
        return False
    if max(a.value, b.value) > MAX_RATIO * min(a.value, b.value):
        return False
    return a.high < b.low or b.high < a.low


def _published(analyzed: AnalyzedDocument) -> date | None:
    try:
        return date.fromisoformat((analyzed.document.published or "")[:10])
    except ValueError:
        return None


def _places(unit: Unit, entities: Mapping[str, Entity]) -> set[str]:
    return {e for e in unit.entities if e in entities and entities[e].label in PLACE_LABELS}


def _comparable(a: Unit, b: Unit, entities: Mapping[str, Entity]) -> bool:
    """Units that may tell one event: a place both name, no two different days.

    Without a place in each, a figure for a city and one for the region around it
    ("at least nine people died" / "eight people died in New York City") looked alike."""
    if not _places(a, entities) & _places(b, entities):
        return False
    return not (a.explicit_dates and b.explicit_dates and not a.explicit_dates & b.explicit_dates)


def note_tolls(
    claims: Sequence[Claim],
    units: Sequence[Unit],
    documents: Sequence[AnalyzedDocument],
    parses: Sequence[Doc],
    chains: Mapping[str, str],
    entities: Sequence[Entity],
) -> list[Claim]:
    """``claims`` with each lone claim whose toll another source gives otherwise saying so in its note."""
    names = {e.id: e for e in entities}
    published = {d.document.id: _published(d) for d in documents}
    labels = source_numbers(units)
    claim_at = {(u.doc_id, u.start, u.end): k for k, claim in enumerate(claims) for u in claim.units}
    lone = {k for k, claim in enumerate(claims) if claim.status in ("single_source", "unmatched")}
    tolls = [t for t in story_tolls(units, documents, parses) if _claim_of(units[t.unit], claim_at) in lone]
    notes: dict[int, list[str]] = {}
    for i, a in enumerate(tolls):
        for b in tolls[i + 1 :]:
            if chains.get(a.doc_id, a.doc_id) == chains.get(b.doc_id, b.doc_id) or not clash(a, b):
                continue
            days = (published[a.doc_id], published[b.doc_id])
            if days[0] and days[1] and abs((days[0] - days[1]).days) > MAX_DAYS_APART:
                continue
            if not _comparable(units[a.unit], units[b.unit], names):
                continue
            for here, there in ((a, b), (b, a)):
                other = units[there.unit]
                notes.setdefault(_claim_of(units[here.unit], claim_at), []).append(
                    f"[{labels[there.doc_id]}] gives this toll of {there.kind} as '{there.text}' "
                    f"({other.start}–{other.end}), here '{here.text}'"
                )
    if not notes:
        return list(claims)
    result = []
    for k, claim in enumerate(claims):
        if k in notes:
            said = "; ".join(dict.fromkeys(notes[k])) + " (the sources may count at different moments)"
            claim = replace(claim, note=f"{claim.note}; {said}" if claim.note else said)
        result.append(claim)
    return result


def _claim_of(unit: Unit, claim_at: Mapping[tuple[str, int, int], int]) -> int:
    return claim_at.get((unit.doc_id, unit.start, unit.end), -1)
