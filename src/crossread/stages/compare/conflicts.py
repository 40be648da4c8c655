"""compare.conflicts: real disagreements between two units already matched as one fact.

Precision first: a false "contested" costs an analyst more than a missed one,
so every rule needs the frames to agree on what is compared and names the rule
that fired. Number, date and negation rules compare only two units matched to
each other at a near-certain score that say the same thing but for the value
(``same_context``), never two prints of one quotation, never a question or a
cut-off fragment.

* number — the same quantity (same unit and the same thing counted, one amount
  of that kind in each unit, told by the same predicate — what is said, for
  "X killed 17, officials said") apart by more than
  rounding — a round figure for a precise one ("$1 trillion" / "$1.2 trillion")
  and one number read at two scales ("194K" / 194,000) are not conflicts;
* date — the same occurrence (same non-reporting predicate, same modality,
  neither inside a quotation, one date written out in full in each) on
  incompatible days; the dates of successive statements ("said on Tuesday" /
  "said on Wednesday") and weekdays resolved against two documents' dates never
  clash;
* negation — the same predicate affirmed by one source and negated by the
  other (the words differ in a negation, not only their parse), or a claim one
  source states and the other calls untrue (a cue on the refuting unit's own
  predicate: "the report is false"; a reported denial only of what the other
  states: "denied reports that the dam collapsed" against "the dam collapsed";
  "cannot deny" affirms); two denials in other words agree;
* attribution — the same quotation (verbatim or trimmed) given to two people
  the texts name next to their quotes (``brief.named``), whose names cannot be
  one person's, transliterations included.
No "name" conflicts are made any more (one role filled by two names): on 150
unlabelled AllSides stories every one was a misreading ("President Stands Up To
China" as a name; "the Taiwanese president" against "Chinese President Xi").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from difflib import SequenceMatcher

from crossread.model import Conflict, Entity, readable_number
from crossread.stages.compare.units import SPEECH_VERBS
from crossread.units import Unit

# --- tuning constants -------------------------------------------------------
# Two amounts of one quantity differ when apart by more than this share: news
# rounds ("nearly 50,000" for 49,800 is 0.4%; "55,000 vs 50,000" is 9%).
NUMBER_TOLERANCE = 0.02
# Surnames at least this similar may be one person spelled two ways
# ("Makei" / "Makey" 0.8, "Lukashenka" / "Lukashenko" 0.9; "Pompeo" / "Makei" 0.18).
SAME_NAME_SIMILARITY = 0.75
QUOTE_NEAR_VERBATIM = frozenset({"verbatim", "trimmed"})
# Predicates by which someone denies or dismisses: the source reports the act, it does not refute.
DENIAL_PREDICATES = frozenset({"deny", "refute", "debunk", "disprove", "dismiss", "reject", "retract"})
DENIAL_VERB = re.compile(r"\b(?:den(?:y|ies|ied|ying)|refut|debunk|disprov|dismiss|reject|retract)\w*", re.IGNORECASE)
# A lemma matches a word of a text by its first letters ("collapse" / "collapsed"; "accuse" / "accusing").
STEM_LETTERS = 5
# A number or date conflict is only between units that say the same thing but for the
# value: at most this many content words of either unit are missing from the other.
# On the 64 multi-outlet events of giveme5w1h (full articles), 25 of 26 contested
# claims were wrong before; the wrong number ones compared different counts in
# different sentences ("23 of the defendants, including Morsi" / "22 other
# defendants"; "three gorillas" / "two female gorillas"; "five outs" / "four outs" at
# two moments of a game), 3 to 20 words apart; "killed 15" / "killed 17" in otherwise
# equal sentences is 1. With these gates, and the units matched at the near-certain
# score of ``match.SAME_FACT_SCORE`` (the outs pair scored 0.957), none of the 64
# events has a contested claim left: precision first, recall of real discrepancies is low.
SAME_CONTEXT_WORDS = 2
# What markets price from minute to minute: "shares fell 6.6%" and "shares fell 1.5 percent … at 9:34 a.m." are two
# moments of one day (a giveme5w1h event read them as a conflict), as is any figure given at a clock time.
MOMENT_COUNTS = frozenset({"shares", "share", "stock", "stocks", "index", "price", "prices", "futures", "yield", "yields"})
CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
NEGATION_WORDS = frozenset({"not", "n't", "no", "never", "none", "nor", "neither", "without", "nobody", "nothing"})


def _compatible_dates(a: str, b: str) -> bool:
    """ "XXXX-02-01" fits "2020-02-01"; "2020-02" fits "2020-02-01"."""
    if a.startswith("XXXX") or b.startswith("XXXX"):
        return a[4:] == b[4:] or a[4:] in b[4:] or b[4:] in a[4:]
    return a.startswith(b) or b.startswith(a)


def may_be_one_person(a: str, b: str) -> bool:
    """Could two names be one person's (surnames alike, allowing transliteration)?"""
    x, y = a.lower().split(), b.lower().split()
    if not x or not y:
        return True
    return SequenceMatcher(None, x[-1], y[-1]).ratio() >= SAME_NAME_SIMILARITY


def _one_figure(value: float) -> float:
    """``value`` rounded to one significant figure (1.2e12 -> 1e12, 55,000 -> 60,000)."""
    if value == 0:
        return 0.0
    magnitude = 10 ** math.floor(math.log10(abs(value)))
    return float(math.floor(value / magnitude + 0.5) * magnitude)


def _rounded_or_rescaled(x: float, y: float) -> bool:
    """A round figure for a precise one ("$1 trillion" for $1.2 trillion), or one number read at two scales ("194K")."""
    if x <= 0 or y <= 0:
        return False
    ratio = max(x, y) / min(x, y)
    if any(abs(ratio - scale) < 1e-6 * scale for scale in (1e3, 1e6, 1e9)):
        return True
    return any(v == _one_figure(v) and _one_figure(w) == v for v, w in ((x, y), (y, x)))


def _content_words(unit: Unit) -> set[str]:
    """The unit's content lemmas, less numbers and the reporting frame ("officials said")."""
    frame = SPEECH_VERBS | (unit.subjects if unit.modality == "reported" else set())
    return {f for f in unit.features if ":" not in f and not any(c.isdigit() for c in f) and f not in frame}


def same_context(a: Unit, b: Unit) -> bool:
    """Do two units say the same thing but for a value (``SAME_CONTEXT_WORDS``)?"""
    wa, wb = _content_words(a), _content_words(b)
    return max(len(wa - wb), len(wb - wa)) <= SAME_CONTEXT_WORDS


def _negations(unit: Unit) -> int:
    words = unit.text.lower().replace("’", "'").replace("n't", " n't").split()
    return sum(1 for word in words if word.strip(".,;:!?\"'“”") in NEGATION_WORDS)


def _number_conflicts(a: Unit, b: Unit) -> list[tuple[str, str, tuple[str, ...]]]:
    found: list[tuple[str, str, tuple[str, ...]]] = []
    if not a.content_predicate or a.content_predicate != b.content_predicate:
        return found  # the same quantity is told by the same predicate ("added 235,000" / "showed 943,000 in July")
    if not same_context(a, b):
        return found  # different counts in different sentences ("22 other defendants" / "23 of the defendants")
    for key in a.numbers.keys() & b.numbers.keys():
        _unit, _sep, counts = key.partition("|")
        if not counts:
            continue  # what the number counts is unknown: no basis to compare
        if key in a.loose_numbers or key in b.loose_numbers:
            continue  # several values, or a bound / estimate: not one value to compare
        if counts in MOMENT_COUNTS or any(CLOCK_TIME.search(unit.text) for unit in (a, b)):
            continue  # a price's move or a figure at a time of day: two reports may give two moments
        x, y = a.numbers[key], b.numbers[key]
        if _rounded_or_rescaled(x, y):
            continue
        if abs(x - y) > NUMBER_TOLERANCE * max(abs(x), abs(y), 1e-9):
            shown = (readable_number(x), readable_number(y))
            found.append((f"{counts}: {shown[0]} vs {shown[1]} (same quantity, beyond rounding)", "number", shown))
    return found


def _date_conflict(a: Unit, b: Unit) -> tuple[str, str, tuple[str, ...]] | None:
    if a.quoted or b.quoted or "reported" in (a.modality, b.modality) or a.modality != b.modality:
        return None
    if not a.predicate or a.predicate != b.predicate or len(a.dates) != 1 or len(b.dates) != 1:
        return None
    day, other = next(iter(a.dates)), next(iter(b.dates))
    if "X" in day + other:
        return None  # an underspecified date ("XXXX-12-03", a weekday) is compatible with anything
    if day not in a.explicit_dates or other not in b.explicit_dates or not same_context(a, b):
        return None  # "Sunday" resolved against two documents' dates, or two occurrences told apart
    if len(day) == len(other) == 10 and not _compatible_dates(day, other):
        return (f"'{a.predicate}' on {day} vs {other} (same occurrence)", "date", (day, other))
    return None


def _refutation_conflict(a: Unit, b: Unit) -> tuple[str, str, tuple[str, ...]] | None:
    """One source calls untrue what the other states (two refutations agree).

    A reported denial ("X denied reports that the dam collapsed") disputes the
    other unit only when what is denied is what that unit states: its content
    predicate ("collapse") is a word of the denial. On 200 unlabelled AllSides
    stories every contested claim made without that check (5 of 5) was wrong —
    "Kerry denies ever having discussed …" against "Kerry is facing calls to
    resign", a court dismissing a case against another outlet's report of the
    same dismissal — and readers judging 248 candidate pairs of those stories
    found no real negation conflict.
    """
    if a.refuted == b.refuted or (b.negated if a.refuted else a.negated):
        return None
    refuting, stating = (a, b) if a.refuted else (b, a)
    if refuting.negated_verbs & DENIAL_PREDICATES or refuting.predicate in refuting.negated_verbs:
        return None  # "We cannot deny that it was a terror attack" affirms it
    if stating.negated_verbs or stating.refutations:
        return None  # the other source denies too ("said the charges do not accord with facts"): they agree
    said = stating.content_predicate or stating.predicate
    if DENIAL_PREDICATES & {refuting.predicate, refuting.content_predicate} and not _denies(refuting.text, said):
        return None  # "X, who stands accused of …, denies assaulting her" denies no "X has been accused"
    if not said or said == refuting.predicate or said not in refuting.features:
        # What is called untrue must be what the other states: "speculation that they petition carriers to monitor
        # texts is false" disputes no "allies to dispel misinformation in text messages" (150 unlabelled AllSides
        # stories: that pair was the only contested claim left, and wrong).
        return None
    cue = sorted(refuting.refutations)[0] if refuting.refutations else refuting.predicate
    return (f"called untrue by one source ('{cue}'), stated by the other", "negation", (cue,))


def _denies(text: str, predicate: str) -> bool:
    """Does a denial's own object hold ``predicate`` (its first letters: "collapse" in "denied that the dam collapsed")?

    Read from the text after the denial's verb, not from the whole unit, whose other clauses may name it."""
    found = DENIAL_VERB.search(text)
    if found is None or not predicate:
        return False
    return predicate[:STEM_LETTERS] in text[found.end() :].lower()


def negation_conflict(a: Unit, b: Unit) -> tuple[str, str, tuple[str, ...]] | None:
    if a.negated == b.negated or not a.predicate or a.predicate != b.predicate:
        return None
    if _negations(a) == _negations(b) or not same_context(a, b) or a.dates != b.dates:
        return None  # the same words parsed two ways ("It wasn't like we didn't talk"), two statements, two times
    if not (a.objects & b.objects or a.subjects & b.subjects):
        return None
    denied = a if a.negated else b
    cue = sorted(denied.refutations)[0] if denied.refutations else "not"
    return (f"'{a.predicate}' affirmed by one source, denied by the other ('{cue}')", "negation", (a.predicate, cue))


def _names(entities: Mapping[str, Entity], ids: tuple[str, str]) -> tuple[str, str]:
    return tuple(entities[i].name if i in entities else i for i in ids)  # type: ignore[return-value]


def find_conflicts(
    a: Unit,
    b: Unit,
    speakers: tuple[str | None, str | None],
    quote_relation: str | None,
    entities: Mapping[str, Entity],
    matched: bool = True,
) -> list[Conflict]:
    """Typed conflicts between two units of one claim from different sources (see the module docstring).

    Number, date and negation conflicts need the two units matched to each other
    as one fact (``matched``), not only through a third unit of their claim; none
    is read between two prints of one quotation (its words are the same).
    """
    pair = (a.as_claim_unit(), b.as_claim_unit())
    found: list[tuple[str, str, tuple[str, ...]]] = []
    if not (a.checkable and b.checkable):
        return []  # a question or a cut-off fragment asserts nothing to contradict
    if a.refuted or b.refuted:
        refutation = _refutation_conflict(a, b)
        found += [refutation] if refutation is not None else []
    elif matched and quote_relation is None:
        found += _number_conflicts(a, b)
        for rule in (_date_conflict(a, b), negation_conflict(a, b)):
            if rule is not None:
                found.append(rule)
    speaker_a, speaker_b = speakers
    if speaker_a and speaker_b and speaker_a != speaker_b and quote_relation in QUOTE_NEAR_VERBATIM:
        names = _names(entities, (speaker_a, speaker_b))
        people = all(entities[s].label == "PERSON" for s in (speaker_a, speaker_b) if s in entities)
        # A unit naming both people leaves the speaker to the parse ("judge Roger Benitez, an appointee of
        # President George W. Bush, argued …" gave the words to Bush in a dev story): no conflict to show.
        both_named = any({speaker_a, speaker_b} <= unit.entities for unit in (a, b))
        if people and not both_named and not may_be_one_person(*names):
            found.append((f"the same words given to {names[0]} and to {names[1]}", "attribution", names))
    return [Conflict(kind, detail, pair, values) for detail, kind, values in found]  # type: ignore[arg-type]
