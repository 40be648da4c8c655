"""dates: date expressions -> ISO values, with the reasoning kept as evidence.

Needs the spaCy ``Doc`` of ``document.text`` (DATE entities, the dependency parse
for tense) and the ``Document`` (its ``published`` date when known, its
``removed_lines`` as weak evidence). Adds ``DateMention`` objects and notes on
what the document's own date is or might be.

How a value is reasoned out, in order:

1. Find expressions: regular expressions for calendar forms ("Saturday, 1 February",
   "July 3, 2019", "2019-07-03", "03.07.2019", "March 2008") and relative forms
   ("yesterday", "on Monday", "last week", "three days ago"); spaCy DATE entities
   add bare years ("in 1991", "early 2008"). Durations ("a 12-year break", "two
   hours") have no calendar value and are skipped.
2. Explicit dates (with a year) are taken as written.
3. Everything else is resolved against a reference date: ``document.published``
   when known, else what the text says about its own date (a dateline near the
   top, the latest explicit past date, future-tense references to later dates).
   A weekday + day + month fixes the year only when the evidence leaves a single
   candidate; otherwise the value is ``XXXX-MM-DD`` with the candidate years.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from spacy.tokens import Doc, Span, Token

from crossread.model import DateMention, Document
from crossread.publication import COUNTS_YEARS_BACK, FUTURE_YEARLESS, NAMES_AN_EVENT, SINCE_BASELINE

# Years searched for a weekday + day + month without a year. Covers the span of
# web news archives the project reads (the brief's window; 1990 precedes the
# oldest dated article in the shared corpora, 2035 leaves room for plans).
YEAR_WINDOW = (1990, 2035)
# How far from the text's reference date an expression without a year may lie.
# One year plus a day: news reports refer to the current or adjacent year; on the
# giveme5w1h and SemEval gold no yearless date was further than that from the DCT.
HORIZON_DAYS = 366
# A day and month without tense ("the Jan. 6 riot", "the Dec. 25 deadline") is taken in the
# coming year only when it lies this many times nearer ahead than behind: "Jan. 6" in a July
# 2021 article is 168 days ahead and 197 behind, and means the 2021 riot (an audit found two
# briefs dated 2022-01-06); "Jan. 3" on 20 December is two weeks ahead and stays there.
UNDATED_FUTURE_ODDS = 2
# A dateline is a date standing (almost) alone on one of the first lines of the
# text ("March 01 , 2008", "Saturday, January 8, 2005"). Three lines cover a
# headline, a subtitle and the dateline in the SemEval and MultiLing texts.
DATELINE_MAX_LINE = 3
# Share of a line the date must cover to count as a dateline (punctuation and a
# weekday around it allowed). 0.6 accepts "Published: March 1, 2008".
DATELINE_MIN_SHARE = 0.6
# Heads walked up from a date to find the verb that carries its tense; 4 reaches
# the verb through "on" + noun + apposition in the parses we checked.
TENSE_MAX_HOPS = 4

# Verbs that put an infinitive in the future: "is to report", "is set to begin",
# "plans to visit". From the misses on the PolNeAR and SemEval texts.
# "warn" from audit J ("Minister warns lawmakers Treasury to hit debt limit Oct. 18": a deadline ahead).
FUTURE_FRAMES = frozenset({"be", "set", "due", "expect", "schedule", "plan", "intend", "hope", "aim", "prepare", "poise", "warn"})

# Participles that put the date they govern ahead of the text ("a summit set for June 16",
# "talks scheduled for Tuesday"); "was scheduled for" is past by its auxiliary first.
SCHEDULE_VERBS = frozenset({"set", "schedule", "slate", "plan"})

# A deadline named by its date ("beyond a Sept. 30 deadline") lies ahead of the text; and an end or a
# start told in the present ("the session, which ends Oct. 19", "the fiscal year ends on Sept. 30") is
# a schedule (audit G: both gave "written on or after" the coming date).
DEADLINE_NOUNS = frozenset({"deadline", "cutoff", "cut-off"})
SCHEDULED_PRESENT_VERBS = frozenset({"end", "expire", "begin", "start", "close", "open", "conclude", "lapse", "resume"})

# Modals of what may yet happen ("could" is left out: "could not attend on Monday" is past).
POSSIBILITY_MODALS = frozenset({"can", "may", "might", "should", "must"})
# Words before a date that make it a target rather than a reference point.
TARGET_WORDS = frozenset({"by", "until", "till", "through", "before"})
# ... of which these put a date not told in the past ahead of the text: "unless lawmakers vote by Oct. 18"
# is a deadline (audit J: "by Oct. 18" made the deadline the event's day); "stayed until Oct. 18" is past.
DEADLINE_WORDS = frozenset({"by", "until", "till"})
# Non-finite verbs walked up to the "will" that governs them ("will run out ... to avoid breaching ... on Oct. 18").
WILL_MAX_HOPS = 3
NON_FINITE_TAGS = frozenset({"VB", "VBG"})
# Words between such a bound and its year that name a part of the year.
PART_OF_YEAR_WORDS = frozenset(
    {"spring", "summer", "fall", "autumn", "winter", "early", "mid", "late", "the", "end", "start", "beginning", "of", "next"}
)

Tense = Literal["past", "future", "unknown"]
Kind = Literal["full", "yearless", "month_year", "month", "year", "weekday", "relative"]

MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "sept": 9, "oct.": 10, "nov.": 11, "dec.": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAY_NAMES = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon.": 0, "tue.": 1, "tues.": 1, "wed.": 2, "thu.": 3, "thurs.": 3, "fri.": 4, "sat.": 5, "sun.": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def _alternation(names: Iterable[str]) -> str:
    """Capitalised alternatives, longest first, so "Sept." wins over "Sep"."""
    return "|".join(re.escape(n[0].upper() + n[1:]) for n in sorted(names, key=len, reverse=True))


MONTH = rf"(?P<month>{_alternation(MONTH_NAMES)})"
FULL_MONTH = rf"(?P<month>{_alternation(n for n in MONTH_NAMES if len(n) > 4 or n in ('may', 'june', 'july'))})"
WEEKDAY = rf"(?P<weekday>{_alternation(WEEKDAY_NAMES)})"
# Standalone weekdays only in full: "Sun." alone is as often the newspaper.
FULL_WEEKDAY = rf"(?P<weekday>{_alternation(n for n in WEEKDAY_NAMES if n.endswith('day'))})"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
# Whitespace that stays on one line: a date never continues across a line break.
SP = r"[^\S\n]"
DAY_PART = rf"(?:{SP}+(?:morning|afternoon|evening|night))?"


@dataclass(frozen=True, slots=True)
class Expr:
    """A date expression found in the text, before resolution."""

    start: int
    end: int
    kind: Kind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    unit: str | None = None  # relative: "day", "week", "month", "year"
    delta: int = 0  # relative: offset in units from the reference date


@dataclass(frozen=True, slots=True)
class Reference:
    """What the text or metadata says about the document's own date."""

    anchor: date | None = None  # best single reference date (metadata or dateline or latest past date)
    anchor_text: str = ""
    earliest: date | None = None  # document written on or after this
    latest: date | None = None  # document written before this
    exact: bool = False  # anchor is the document date (metadata or dateline)
    names_day: bool = True  # the anchor is a whole date, not a bare year or month ("in 2001")
    # the anchor is a baseline the text counts from ("the lowest since March 14, 2020"): written after it
    baseline: bool = False

    @property
    def bare(self) -> bool:
        """Only a bare year or month the text postdates anchors it: it fixes no year by itself."""
        return not self.exact and not self.names_day


def _month(text: str) -> int:
    return MONTH_NAMES[text.lower()]


def _weekday(text: str | None) -> int | None:
    return WEEKDAY_NAMES[text.lower()] if text else None


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _int(match: re.Match[str], name: str) -> int | None:
    value = _group(match, name)
    return int(value) if value else None


def _day_month(match: re.Match[str]) -> Expr | None:
    year = _int(match, "year")
    return Expr(
        match.start(), match.end(), "full" if year else "yearless", year,
        _month(match["month"]), int(match["day"]), _weekday(_group(match, "weekday")),
    )  # fmt: skip


def _numeric(day_group: str, month_group: str) -> Callable[[re.Match[str]], Expr | None]:
    def build(match: re.Match[str]) -> Expr | None:
        return Expr(match.start(), match.end(), "full", int(match["year"]), int(match[month_group]), int(match[day_group]))

    return build


def _slashed(match: re.Match[str]) -> Expr | None:
    """US order (month/day) first; day/month when the first part cannot be a month."""
    first, second = int(match["a"]), int(match["b"])
    month, day = (first, second) if first <= 12 else (second, first)
    return Expr(match.start(), match.end(), "full", int(match["year"]), month, day)


def _month_year(match: re.Match[str]) -> Expr | None:
    return Expr(match.start("month"), match.end(), "month_year", int(match["year"]), _month(match["month"]))


def _month_alone(match: re.Match[str]) -> Expr | None:
    return Expr(match.start("month"), match.end("month"), "month", None, _month(match["month"]))


def _weekday_alone(match: re.Match[str]) -> Expr | None:
    delta = {"last": -1, "next": 1}.get((_group(match, "rel") or "").lower(), 0)
    return Expr(match.start(), match.end(), "weekday", weekday=_weekday(match["weekday"]), delta=delta)


def _word_relative(match: re.Match[str]) -> Expr | None:
    word = match["word"].lower()
    delta = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return Expr(match.start(), match.end(), "relative", unit="day", delta=delta)


def _unit_relative(match: re.Match[str]) -> Expr | None:
    rel = match["rel"].lower()
    delta = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    unit = match["unit"].lower()
    return Expr(match.start(), match.end(), "relative", unit="week" if unit == "weekend" else unit, delta=delta)


def _ago(match: re.Match[str]) -> Expr | None:
    count = match["count"].lower()
    number = int(count) if count.isdigit() else NUMBER_WORDS.get(count)
    if number is None:
        return None
    return Expr(match.start(), match.end(), "relative", unit=match["unit"].lower(), delta=-number)


def _words(*words: str) -> str:
    """Alternatives that match lower case and sentence-initial capitals."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words)


NUMERIC_YMD = r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])\b"
NUMERIC_DMY = r"\b(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<year>(?:19|20)\d\d)\b"
NUMERIC_SLASHED = r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"
DAY_MONTH = rf"(?:{WEEKDAY},?{SP}+)?(?:the{SP}+)?\b{DAY}{SP}+(?:of{SP}+)?{MONTH}(?!\w)(?:,?{SP}+{YEAR}\b)?"
MONTH_DAY = rf"(?:{WEEKDAY},?{SP}+)?\b{MONTH}{SP}+{DAY}\b(?![:.]\d|{SP}*%)(?:(?:{SP}*,{SP}*|{SP}+){YEAR}\b)?"
MONTH_YEAR = rf"\b(?:(?:early|mid|late)[- ]|the{SP}+end{SP}+of{SP}+)?{MONTH}(?:{SP}+of)?{SP}*,?{SP}+{YEAR}\b(?!{SP}*[-/]\d)"
MONTH_CUES = _words("in", "since", "until", "by", "from", "during", "early", "late", "mid", "last", "next", "this")
MONTH_ALONE = rf"\b(?:{MONTH_CUES})[- ]+{FULL_MONTH}\b(?!{SP}+\d)"
WEEKDAY_ALONE = rf"(?:\b(?P<rel>{_words('last', 'next', 'this')}){SP}+)?\b(?:(?:early|late){SP}+)?{FULL_WEEKDAY}\b{DAY_PART}"
DAY_WORDS = _words("yesterday", "today", "tonight", "tomorrow")
WORD_RELATIVE = rf"(?<!USA{SP})\b(?P<word>{DAY_WORDS}|[Tt]his{SP}+(?:morning|afternoon|evening))\b"
UNIT_RELATIVE = (
    rf"\b(?:(?:{_words('earlier', 'later')}){SP}+)?(?P<rel>{_words('last', 'next', 'this', 'past', 'previous', 'coming')})"
    rf"{SP}+(?P<unit>week|weekend|month|year)\b(?!s)"
)
AGO = rf"\b(?P<count>\d{{1,3}}|{_words(*NUMBER_WORDS)}){SP}+(?P<unit>day|week|month|year)s?{SP}+ago\b"


def _either_case(*words: str) -> str:
    """``_words`` as plain alternatives ("Yesterday|yesterday"): a regex opening on literals is scanned
    for its first letters in C, one opening on ``[Yy]`` is tried at every position (4x slower)."""
    return "|".join(f"{w[0].upper()}{w[1:]}|{w}" for w in words)


# What every match of a pattern contains, on the same line: a pattern only scans the lines that
# hold it (``_lines_holding``). No pattern matches across a line break (``SP`` is the only space
# they allow), so each finds the same matches as over the whole text; the anchors open on
# literals and run in C. On 999 bench documents: 1.07 s of CPU for the patterns before, 0.3 after.
ANY_MONTH = re.compile(_alternation(MONTH_NAMES))
DIGITS_SEPARATED = re.compile(r"\d[-/.]\d")
ANY_FULL_WEEKDAY = re.compile(_alternation(n for n in WEEKDAY_NAMES if n.endswith("day")))
DAY_PARTS = ("morning", "afternoon", "evening")
ANY_DAY_WORD = re.compile(_either_case("yesterday", "today", "tonight", "tomorrow", *(f"this{SP}+{part}" for part in DAY_PARTS)))
RELATIVE_WORDS = ("last", "next", "this", "past", "previous", "coming")
ANY_UNIT_RELATIVE = re.compile(rf"(?:{_either_case(*RELATIVE_WORDS)}){SP}+(?:week|month|year)")
ANY_AGO = re.compile("ago")


@dataclass(frozen=True, slots=True)
class DatePattern:
    """A regex for one form of date, the builder of its ``Expr`` and the anchor every match of it holds."""

    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], Expr | None]
    anchor: re.Pattern[str]


# Longer matches win over shorter overlapping ones.
PATTERNS: tuple[DatePattern, ...] = (
    DatePattern(re.compile(NUMERIC_YMD), _numeric("d", "m"), DIGITS_SEPARATED),
    DatePattern(re.compile(NUMERIC_DMY), _numeric("d", "m"), DIGITS_SEPARATED),
    DatePattern(re.compile(NUMERIC_SLASHED), _slashed, DIGITS_SEPARATED),
    DatePattern(re.compile(DAY_MONTH), _day_month, ANY_MONTH),
    DatePattern(re.compile(MONTH_DAY), _day_month, ANY_MONTH),
    DatePattern(re.compile(MONTH_YEAR), _month_year, ANY_MONTH),
    DatePattern(re.compile(MONTH_ALONE), _month_alone, ANY_MONTH),
    DatePattern(re.compile(WEEKDAY_ALONE), _weekday_alone, ANY_FULL_WEEKDAY),
    DatePattern(re.compile(WORD_RELATIVE), _word_relative, ANY_DAY_WORD),
    DatePattern(re.compile(UNIT_RELATIVE), _unit_relative, ANY_UNIT_RELATIVE),
    DatePattern(re.compile(AGO), _ago, ANY_AGO),
)


# A bare year inside a spaCy DATE entity: the entity may add only these words.
YEAR_IN_ENTITY = re.compile(
    r"^(?:(?:the\s+)?(?:year\s+|(?:early|mid|late|end\s+of|beginning\s+of|start\s+of|spring|summer|autumn|fall|winter)"
    r"[- ]+(?:of\s+)?)?(?:in\s+)?)?(?P<year>(?:1[5-9]|20)\d\d)$",
    re.IGNORECASE,
)
# A month alone that spaCy calls a DATE: "October", "the start of November",
# "the first few weeks of October", "the month of August".
MONTH_IN_ENTITY = re.compile(
    rf"^(?:the{SP}+(?:start|end|beginning|middle|month|(?:first|last|final){SP}+(?:few{SP}+)?(?:days|weeks)){SP}+of{SP}+"
    rf"|(?:early|late|mid)[- ])?{FULL_MONTH}$"
)
# A bare year after a temporal preposition, when spaCy missed the entity.
YEAR_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|since|by|until|during|from|before|after|of)\s+(?P<year>(?:19|20)\d\d)\b(?![-/.,]?\d)"
)


def regex_expressions(text: str) -> list[Expr]:
    """Every expression the patterns find, overlaps resolved (longest first)."""
    found: list[Expr] = []
    lines: dict[re.Pattern[str], list[tuple[int, int]]] = {}
    for form in PATTERNS:
        if form.anchor not in lines:
            lines[form.anchor] = _lines_holding(form.anchor, text)
        for start, end in lines[form.anchor]:
            for match in form.pattern.finditer(text, start, end):
                expr = form.build(match)
                if expr is not None and _is_calendar_valid(expr):
                    found.append(expr)
    return _without_overlaps(found)


def _lines_holding(anchor: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The (start, end) of each line of ``text`` where ``anchor`` occurs, in order, the line break left out.

    A pattern searched between these bounds sees the text before the line (``\\b``, look-behinds)
    and an end where the line break was: it matches as it does in the whole text. After a line is
    taken the anchor is looked for from its end on (no anchor matches across a line break).
    """
    bounds: list[tuple[int, int]] = []
    match = anchor.search(text)
    while match is not None:
        end = text.find("\n", match.end())
        bounds.append((text.rfind("\n", 0, match.start()) + 1, len(text) if end < 0 else end))
        match = anchor.search(text, end) if end >= 0 else None
    return bounds


def _is_calendar_valid(expr: Expr) -> bool:
    if expr.day is None or expr.month is None:
        return True
    try:
        date(expr.year or 2000, expr.month, expr.day)
    except ValueError:
        return False
    return True


def _without_overlaps(found: list[Expr]) -> list[Expr]:
    kept: list[Expr] = []
    for expr in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if all(expr.end <= k.start or expr.start >= k.end for k in kept):
            kept.append(expr)
    return sorted(kept, key=lambda e: e.start)


def entity_expressions(
    doc: Doc, taken: list[Expr], doc_text: str | None = None, ents: Sequence[Span] | None = None
) -> list[Expr]:
    """Bare years and months from spaCy DATE entities (and temporal prepositions) the patterns did not cover.

    ``doc_text``: ``doc.text`` when the caller has it (spaCy joins the tokens again on every access); ``ents``:
    ``doc.ents``, likewise (rebuilt from the IOB tags on every access).
    """
    found: list[Expr] = []
    for ent in doc.ents if ents is None else ents:
        if ent.label_ != "DATE":
            continue
        text = ent.text.strip()
        year, month = YEAR_IN_ENTITY.match(text), MONTH_IN_ENTITY.match(text)
        if year:
            start = ent.start_char + year.start("year")
            found.append(Expr(start, start + 4, "year", int(year["year"])))
        elif month:
            start = ent.start_char + month.start("month")
            found.append(Expr(start, start + len(month["month"]), "month", month=_month(month["month"])))
    for match in YEAR_AFTER_PREPOSITION.finditer(doc.text if doc_text is None else doc_text):
        token = _token_at(doc, match.start("year"))
        if token is not None and token.dep_ != "nummod":
            found.append(Expr(match.start("year"), match.end("year"), "year", int(match["year"])))
    fresh = [e for e in found if all(e.end <= t.start or e.start >= t.end for t in taken)]
    return _without_overlaps(fresh)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _names_an_event(span: Span) -> bool:
    """Is the date written before the noun it names ("the Jan. 6 riot", "the Sept. 11 attacks")?"""
    head = span.root.head
    return head.i >= span.end and head.pos_ in ("NOUN", "PROPN")


def tense_at(doc: Doc, start: int, end: int) -> Tense:
    """Tense of the verb the expression hangs from: 'will travel on February 1' -> future."""
    return tense_of(doc.char_span(start, end, alignment_mode="expand"))


def tense_of(span: Span | None) -> Tense:
    """``tense_at`` of the expression's tokens (``doc.char_span(start, end, alignment_mode="expand")``)."""
    if span is None or not len(span):
        return "unknown"
    doc = span.doc
    token = span.root
    if _names_an_event(span):
        if span.root.head.lemma_.lower() in DEADLINE_NOUNS:
            return "future"  # "a Sept. 30 deadline"
        return "unknown"  # a date before the noun it names ("the Jan. 6 riot"): the verb's tense is not its own
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    if before[-1:] == ["since"]:
        return "past"  # "since June 30": however the sentence goes on
    if before == ["as", "of"]:
        return "unknown"  # "As of September 6, the U.S. is averaging …": a state at the date, not a plan
    for _ in range(TENSE_MAX_HOPS):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    children = list(token.children)
    if _has_will(token) or token.lower_ in ("will", "shall"):
        return "future"
    if any(c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in children) and token.tag_ == "VBG":
        return "future"  # "is travelling on Monday"
    if _set_for(span.root, token, children):
        return "future"  # "a vote was set for Saturday": the passive's "was" dates the setting, not the vote
    if token.tag_ == "VBD" or any(c.tag_ == "VBD" or c.lemma_ == "have" for c in children if c.dep_.startswith("aux")):
        return "past"
    if before[-1:] and before[-1] in DEADLINE_WORDS:
        return "future"  # "unless they vote to raise it by Oct. 18": a deadline, not yet passed
    if _will_above(token):
        return "future"  # "will run out of room to avoid breaching the cap on Oct. 18"
    if (
        token.dep_ in ("ROOT", "ccomp")
        and token.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
        and any(c.dep_ == "nsubj" for c in children)
    ):
        return "future"  # a headline's "Treasury to hit debt limit Oct. 18": an infinitive with its own subject
    if token.tag_ in ("VBZ", "VBP") and token.lemma_ in SCHEDULED_PRESENT_VERBS:
        return "future"  # "the session, which ends Oct. 19"
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in POSSIBILITY_MODALS for c in children):
        return "future"  # "we can get control in the spring of 2022": what may happen has not yet
    if token.tag_ == "VBN" and token.lemma_ in SCHEDULE_VERBS:
        return "future"  # "meeting set for June 16", "is scheduled for Tuesday"
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    if infinitive and (token.head.lemma_ in FUTURE_FRAMES or _has_will(token.head)):
        return "future"  # "is to report on Tuesday", "is set to begin on Monday"
    return "unknown"


def _set_for(date_root: Token, verb: Token, children: list[Token]) -> bool:
    """A date after "for" on a passive schedule verb ("was set for Saturday", "is scheduled for May 3"),
    not after "had been" (a plan the story already saw pass)."""
    through_for = date_root.head.lower_ == "for" and date_root.head.head.i == verb.i
    return through_for and verb.tag_ == "VBN" and verb.lemma_ in SCHEDULE_VERBS and not any(c.lemma_ == "have" for c in children)


def _will_above(token: Token) -> bool:
    """Is the non-finite verb ``token`` (an infinitive, a gerund) a complement of a verb with "will"?"""
    for _ in range(WILL_MAX_HOPS):
        if token.tag_ not in NON_FINITE_TAGS or token.dep_ not in ("xcomp", "advcl") or token.head is token:
            return False
        token = token.head
        if _has_will(token):
            return True
    return False


def _has_will(token: Token) -> bool:
    return any(c.lower_ in ("will", "'ll", "shall") for c in token.children)


# --- explicit values -------------------------------------------------------


def explicit_value(expr: Expr) -> str | None:
    """ISO value of an expression that carries its own year."""
    if expr.year is None:
        return None
    if expr.kind == "full" and expr.month and expr.day:
        return f"{expr.year:04d}-{expr.month:02d}-{expr.day:02d}"
    if expr.kind == "month_year" and expr.month:
        return f"{expr.year:04d}-{expr.month:02d}"
    return f"{expr.year:04d}"


def _first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def parse_published(published: str | None) -> date | None:
    """``YYYY-MM-DD`` or a datetime string -> date; None when absent or unreadable."""
    if not published:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# --- the document's own date --------------------------------------------------


def dateline(text: str, exprs: list[Expr]) -> Expr | None:
    """A full date standing alone on one of the first lines: the usual place of a publication date."""
    lines_seen = 0
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lines_seen += 1
            for expr in exprs:
                inside = position <= expr.start and expr.end <= position + len(line)
                if expr.kind == "full" and inside and (expr.end - expr.start) >= DATELINE_MIN_SHARE * len(stripped):
                    return expr
        if lines_seen >= DATELINE_MAX_LINE:
            return None
        position += len(line) + 1
    return None


# "Twenty years ago", "the 20th anniversary": a text that counts years back from
# its latest full date is written long after it (a fresh audit: "Twenty years ago …, Sept. 11,
# 2001" made "Post-January 6" 2002-01-06; the s28 audit's Bagram story the same way). Only "ago"
# counts back from when the text was written: "68 years since the last title" (giveme5w1h) and
# "two years after the war" count between events, and with them one giveme5w1h "when" was lost.
YEARS_BACK = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"a hundred|\w+-\w+)\s+years?\s+ago\b|\b\w+(?:st|nd|rd|th)\s+anniversary\b",
    re.IGNORECASE,
)
# What every ``YEARS_BACK`` match holds: the whole text is searched only when it occurs (a text
# without "ago" or "anniversary" was searched in vain: 0.37 s of CPU for 999 bench texts, 0.02 now).
YEARS_BACK_ANCHOR = re.compile("ago|anniversary", re.IGNORECASE)


def counts_years_back(text: str) -> re.Match[str] | None:
    """The first ``YEARS_BACK`` phrase of ``text`` ("Twenty years ago"), if any."""
    return YEARS_BACK.search(text) if YEARS_BACK_ANCHOR.search(text) else None


def reference_from_text(text: str, exprs: list[Expr], tenses: dict[Expr, Tense], notes: list[str]) -> Reference:
    """What the text itself says about when it was written (no metadata date)."""
    line = dateline(text, exprs)
    if line is not None:
        value = explicit_value(line) or ""
        notes.append(f"dateline near the top: '{_quote(text, line)}' → document date probably {value}")
        day = _first_day(value)
        return Reference(day, _quote(text, line), earliest=day, exact=True)
    dated = [(e, v) for e in exprs if tenses[e] != "future" and not _is_target(text, e) and (v := explicit_value(e))]
    if not dated:
        notes.append("no explicit date with a year in the text: the document date is unknown")
        return Reference()
    expr, latest = max(dated, key=lambda pair: _first_day(pair[1]))
    notes.append(f"latest explicit date in the text: {latest} ('{_quote(text, expr)}') → written on or after it")
    day = _first_day(latest)
    names_day = len(latest) == len("YYYY-MM-DD")
    looking_back = counts_years_back(text)
    if names_day and looking_back:
        notes.append(f"{COUNTS_YEARS_BACK} ('{looking_back[0]}'): that date may be history, so it fixes no year")
        names_day = False
    return Reference(day, _quote(text, expr), earliest=day, names_day=names_day, baseline=_after_since(text, expr))


SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+(?:week|month|start|end|beginning)\s+of\s+)?$", re.IGNORECASE)


def _after_since(text: str, expr: Expr) -> bool:
    """Is the date a baseline the text counts from ("since March 14, 2020", "since the week of March 14")?"""
    return SINCE_BEFORE.search(text, max(0, expr.start - 40), expr.start) is not None


def _is_target(text: str, expr: Expr) -> bool:
    """'by 2030', 'until 2025', 'before spring 2022': a deadline, not a date the text was written after."""
    words = [w.lower() for w in text[max(0, expr.start - 40) : expr.start].split()]
    while words and words[-1] in PART_OF_YEAR_WORDS:
        words.pop()  # "before spring 2022", "until the end of 2025": the bound word comes before them
    return bool(words) and words[-1] in TARGET_WORDS


def _quote(text: str, expr: Expr) -> str:
    return " ".join(text[expr.start : expr.end].split())


def removed_line_notes(document: Document) -> list[str]:
    """Dates in lines that cleaning removed: weak evidence, labelled as such."""
    notes = []
    for removed in document.removed_lines:
        values = [v for v in (explicit_value(e) for e in regex_expressions(removed.line)) if v]
        if values:
            notes.append(
                f"weak evidence (removed line, {removed.reason}): '{removed.line.strip()[:120]}' mentions {', '.join(values)}"
            )
    return notes


# --- resolving expressions without a year -------------------------------------


def _weekday_years(month: int, day: int, weekday: int) -> list[int]:
    years = []
    for year in range(YEAR_WINDOW[0], YEAR_WINDOW[1] + 1):
        try:
            if date(year, month, day).weekday() == weekday:
                years.append(year)
        except ValueError:
            continue
    return years


def _pick_by_tense(options: list[date], ref: Reference, tense: Tense) -> tuple[list[date], str]:
    """Narrow dated options around the reference date using tense; returns the survivors and why.

    Future tense: the next such date. Past tense against the document's own date: the
    latest such date before it. Otherwise (tense unclear, or the reference is only the
    latest date the text mentions, which the document may postdate): the latest one before
    it unless the next one lies ``UNDATED_FUTURE_ODDS`` times nearer; else the nearest.
    """
    assert ref.anchor is not None
    anchor = ref.anchor
    near = [d for d in options if abs(d - anchor) <= timedelta(days=HORIZON_DAYS)]
    if tense == "future":
        return sorted(d for d in near if d >= anchor)[:1], "future tense → the next such date on or after it"
    if tense == "past" and ref.exact:
        return sorted(d for d in near if d <= anchor)[-1:], "past tense → the latest such date on or before it"
    past = sorted(d for d in near if d <= anchor)[-1:]
    ahead = sorted(d for d in near if d > anchor)[:1]
    if past and ahead and (ahead[0] - anchor) * UNDATED_FUTURE_ODDS >= anchor - past[0]:
        return past, "no tense: the latest such date before it (news tells of what happened more than of what is planned)"
    nearest = sorted(near, key=lambda d: abs(d - anchor))
    return nearest[:1], "the nearest such date (the text is written around it)"


def _bare_reference(ref: Reference) -> str:
    return f"the only reference is a bare year or month ('{ref.anchor_text}'), which the text may postdate by years"


def resolve_yearless(expr: Expr, phrase: str, ref: Reference, tense: Tense) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Day + month without a year -> (value, evidence, candidate years)."""
    assert expr.month is not None and expr.day is not None
    md = f"{expr.month:02d}-{expr.day:02d}"
    weekday_years = _weekday_years(expr.month, expr.day, expr.weekday) if expr.weekday is not None else []
    evidence: list[str] = [f"'{phrase}' gives no year"]
    if expr.weekday is not None:
        evidence.append(
            f"{expr.day} {date(2000, expr.month, 1):%B} fell on a {_weekday_name(expr.weekday)} in "
            f"{', '.join(map(str, weekday_years))} (window {YEAR_WINDOW[0]}–{YEAR_WINDOW[1]})"
        )
    if ref.anchor is None:
        evidence.append("no date in the text or metadata narrows the year")
        if tense == "future":
            evidence.append(FUTURE_YEARLESS)
        return f"XXXX-{md}", tuple(evidence), tuple(str(y) for y in weekday_years)
    anchor = ref.anchor
    if ref.bare and not weekday_years:
        # "The attacks of 2001" is history as often as news: the document postdates a
        # bare year by any number of years, so it fixes no year for "by 11 September"
        # (a 2021 report is not about 2001-09-11). A weekday still narrows it (one year
        # in about six fits), so "Saturday, 1 February" keeps the year it points to.
        evidence.append(_bare_reference(ref))
        return f"XXXX-{md}", tuple(evidence), ()
    if ref.baseline and not weekday_years:
        # "the lowest since March 14, 2020 … the week ended Oct. 9": the text postdates the baseline it counts
        # from by any number of years (audit J: 2019-10-09, then 2020-10-09, for a 2021 report)
        evidence.append(
            f"the only reference is a baseline the text counts from ('since {ref.anchor_text}'), which it may postdate by years"
        )
        return f"XXXX-{md}", tuple(evidence), ()
    years = weekday_years or [anchor.year + k for k in (-1, 0, 1)]
    options = [date(y, expr.month, expr.day) for y in years if _is_calendar_valid(replace(expr, year=y))]
    chosen, why = _pick_by_tense(options, ref, tense)
    source = "document date" if ref.exact else "reference date"
    evidence.append(f"{source} {anchor.isoformat()} ('{ref.anchor_text}'); {why}")
    by_distance = tuple(str(d.year) for d in sorted(options, key=lambda d: abs(d - anchor)))
    if len(chosen) != 1:
        evidence.append(f"no candidate within {HORIZON_DAYS} days fits")
        return f"XXXX-{md}", tuple(evidence), by_distance if weekday_years else ()
    evidence.append(f"→ {chosen[0].isoformat()}")
    return chosen[0].isoformat(), tuple(evidence), ()


def _weekday_name(weekday: int) -> str:
    return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]


def resolve_month(expr: Expr, ref: Reference, tense: Tense) -> tuple[str, tuple[str, ...]]:
    """A month name without a year ("in March") -> YYYY-MM against the reference date."""
    assert expr.month is not None
    if ref.anchor is None:
        return f"XXXX-{expr.month:02d}", ("no year in the text or metadata",)
    if ref.bare:
        return f"XXXX-{expr.month:02d}", (_bare_reference(ref),)
    options = [date(ref.anchor.year + k, expr.month, 1) for k in (-1, 0, 1)]
    month_ref = replace(ref, anchor=ref.anchor.replace(day=1))
    chosen, why = _pick_by_tense(options, month_ref, tense)
    if len(chosen) != 1:
        return f"XXXX-{expr.month:02d}", (f"reference date {ref.anchor.isoformat()}; {why}: none fits",)
    return f"{chosen[0]:%Y-%m}", (f"month without a year; reference date {ref.anchor.isoformat()}; {why}",)


def resolve_weekday(expr: Expr, ref: Reference, tense: Tense) -> tuple[str, tuple[str, ...]]:
    """'on Monday' -> the Monday before (past) or after (future) the document date.

    With the tense unclear ("when markets reopen Tuesday") the nearer of the two wins,
    ties going to the past: news mostly reports what happened.
    """
    assert expr.weekday is not None
    if ref.anchor is None or not ref.exact:
        return "XXXX-XX-XX", ("a weekday relative to the document date, which the text does not fix",)
    ahead = (expr.weekday - ref.anchor.weekday()) % 7 or (7 if expr.delta > 0 else 0)
    back = (ref.anchor.weekday() - expr.weekday) % 7 or (7 if expr.delta < 0 else 0)
    if expr.delta > 0 or (expr.delta == 0 and tense == "future"):
        day, why = ref.anchor + timedelta(days=ahead), "future → the next"
    elif expr.delta < 0 or tense == "past" or back <= ahead:
        day, why = ref.anchor - timedelta(days=back), f"{'past' if tense == 'past' else 'the nearer'} → the latest"
    else:
        day, why = ref.anchor + timedelta(days=ahead), "tense unclear, the next one is nearer → the next"
    return day.isoformat(), (f"document date {ref.anchor.isoformat()}; {why} {_weekday_name(expr.weekday)}",)


def resolve_relative(expr: Expr, ref: Reference) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """'yesterday', 'last week', 'three years ago' against the document date."""
    unit = expr.unit or "day"
    if ref.anchor is None or not ref.exact:
        return _unresolved_relative(unit, ref)
    base = ref.anchor
    why = (f"relative to the document date {base.isoformat()}",)
    if unit == "day":
        return (base + timedelta(days=expr.delta)).isoformat(), why, ()
    if unit == "week":
        thursday = base - timedelta(days=base.weekday() - 3) + timedelta(weeks=expr.delta)
        return f"{thursday:%Y-%m}", (*why, "a week is given as the month of its Thursday (the ISO week rule)"), ()
    if unit == "month":
        index = base.year * 12 + base.month - 1 + expr.delta
        return f"{index // 12:04d}-{index % 12 + 1:02d}", why, ()
    return f"{base.year + expr.delta:04d}", why, ()


def _unresolved_relative(unit: str, ref: Reference) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    value = {"day": "XXXX-XX-XX", "week": "XXXX-XX", "month": "XXXX-XX"}.get(unit, "XXXX")
    evidence = ["relative to the document date, which the text does not fix"]
    candidates: tuple[str, ...] = ()
    if unit == "year" and ref.earliest and ref.latest:
        candidates = tuple(str(y) for y in range(ref.earliest.year, ref.latest.year + 1))
        evidence.append(f"document written between {ref.earliest.isoformat()} and {ref.latest.isoformat()}")
    return value, tuple(evidence), candidates


# --- putting it together ----------------------------------------------------------

# "Post-January 6 America", "a pre-2008 law": a date prefixed so names an era, not a day the text is about.
ERA_PREFIX = re.compile(r"\b(?:post|pre)-$", re.IGNORECASE)


def find_expressions(doc: Doc, doc_text: str | None = None, ents: Sequence[Span] | None = None) -> list[Expr]:
    """Regex matches plus bare years from spaCy, in text order (``doc_text``: ``doc.text``, ``ents``: ``doc.ents``,
    when the caller has them)."""
    text = doc.text if doc_text is None else doc_text  # spaCy joins the tokens on each access (once: 40% of find_dates)
    exprs = regex_expressions(text)
    found = exprs + entity_expressions(doc, exprs, text, ents)
    return sorted((e for e in found if not ERA_PREFIX.search(text, max(0, e.start - 5), e.start)), key=lambda e: e.start)


def _future_bounds(text: str, exprs: list[Expr], tenses: dict[Expr, Tense], ref: Reference, notes: list[str]) -> Reference:
    """Future-tense references to yearless dates put an upper bound on the document date."""
    if ref.anchor is None or ref.exact:
        return ref
    latest = ref.latest
    for expr in exprs:
        if expr.kind != "yearless" or tenses[expr] != "future":
            continue
        value, _, _ = resolve_yearless(expr, _quote(text, expr), ref, "future")
        if value.startswith("X"):
            continue
        phrase = _clause(text, expr)
        notes.append(f"'{phrase}' is future tense → after {ref.anchor.isoformat()} → {value} → written before {value}")
        bound = _first_day(value)
        latest = bound if latest is None or bound < latest else latest
    if latest is not None and ref.earliest is not None:
        notes.append(f"document date between {ref.earliest.isoformat()} and {latest.isoformat()}")
    return replace(ref, latest=latest)


def _clause(text: str, expr: Expr) -> str:
    """A few words before the expression, for readable evidence ('will travel on February 1')."""
    before = text[max(0, expr.start - 40) : expr.start].split("\n")[-1].split()
    return " ".join([*before[-3:], _quote(text, expr)])


def mention_for(document: Document, expr: Expr, ref: Reference, tense: Tense) -> DateMention | None:
    """One expression -> a DateMention with value and evidence."""
    text = document.text
    phrase = text[expr.start : expr.end]
    value: str | None = explicit_value(expr) if expr.kind in ("full", "month_year", "year") else None
    evidence: tuple[str, ...] = ("explicit date",) if value else ()
    candidates: tuple[str, ...] = ()
    if expr.kind == "yearless":
        value, evidence, candidates = resolve_yearless(expr, _quote(text, expr), ref, tense)
    elif expr.kind == "month":
        value, evidence = resolve_month(expr, ref, tense)
    elif expr.kind == "weekday":
        value, evidence = resolve_weekday(expr, ref, tense)
    elif expr.kind == "relative":
        value, evidence, candidates = resolve_relative(expr, ref)
    if value is None:
        return None
    return DateMention(document.id, expr.start, expr.end, phrase, value, evidence, candidates)


def _weekday_checks(exprs: list[Expr], mentions: list[DateMention], text: str) -> Iterator[str]:
    """Say so when a written weekday contradicts the resolved date."""
    for expr, mention in zip(exprs, mentions, strict=True):
        if expr.weekday is None or expr.kind not in ("full", "yearless") or mention.value.startswith("X"):
            continue
        actual = _first_day(mention.value).weekday()
        if actual != expr.weekday:
            yield f"'{_quote(text, expr)}': {mention.value} is a {_weekday_name(actual)}, not a {_weekday_name(expr.weekday)}"


def _dateline_conflict(text: str, exprs: list[Expr], published: date) -> list[str]:
    """Say so when the dateline in the text disagrees with the metadata date."""
    line = dateline(text, exprs)
    value = explicit_value(line) if line is not None else None
    if line is None or value is None or value == published.isoformat():
        return []
    return [f"dateline '{_quote(text, line)}' gives {value}, but the metadata says {published.isoformat()}"]


def _with_event_note(span: Span | None, mention: DateMention) -> DateMention:
    """The mention, noted ``NAMES_AN_EVENT`` when it is written before the noun it names (``span``: its tokens)."""
    if span is None or not len(span) or not _names_an_event(span):
        return mention
    return replace(mention, evidence=(*mention.evidence, NAMES_AN_EVENT))


def _with_baseline_note(text: str, expr: Expr, mention: DateMention) -> DateMention:
    """The mention, noted ``SINCE_BASELINE`` when the text counts from it ("the lowest since March 14, 2020")."""
    return replace(mention, evidence=(*mention.evidence, SINCE_BASELINE)) if _after_since(text, expr) else mention


def find_dates(doc: Doc, document: Document, ents: Sequence[Span] | None = None) -> tuple[list[DateMention], list[str]]:
    """Dates in the text, normalised to ISO; and the evidence for the document's own date (``doc``: the parse of its text;
    ``ents``: its ``doc.ents``, when the caller has them)."""
    exprs = find_expressions(doc, document.text, ents)  # the parse's text, without joining its 0.1 ms of tokens again
    spans = {e: doc.char_span(e.start, e.end, alignment_mode="expand") for e in exprs}  # made once, read twice
    tenses = {e: tense_of(spans[e]) for e in exprs}
    notes: list[str] = []
    published = parse_published(document.published)
    if published is not None:
        notes.append(f"document date from metadata: {published.isoformat()}")
        notes.extend(_dateline_conflict(document.text, exprs, published))
        ref = Reference(published, document.published or "", earliest=published, exact=True)
    else:
        ref = reference_from_text(document.text, exprs, tenses, notes)
        ref = _future_bounds(document.text, exprs, tenses, ref, notes)
        notes.extend(removed_line_notes(document))
    pairs = [(e, mention_for(document, e, ref, tenses[e])) for e in exprs]
    kept = [(e, _with_baseline_note(document.text, e, _with_event_note(spans[e], m))) for e, m in pairs if m is not None]
    mentions = [m for _, m in kept]
    notes.extend(_weekday_checks([e for e, _ in kept], mentions, document.text))
    return mentions, notes
