"""amounts: numbers with their unit and what they count.

Needs the spaCy ``Doc`` of ``document.text`` (entities and the dependency parse).
Adds ``Amount`` objects: the value as a float ("1.5 million" -> 1500000.0), the
unit ("%", "USD", "year", "barrel"; None for plain counts) and the thing counted,
found through the parse:

* the noun the number modifies: "15 Royal Navy sailors" -> "sailors",
  "a 12-year break" -> "break", "$40 billion contract" -> "contract";
* the of-phrase of a percentage or a measure: "100% of the oil you need" -> "oil";
* the in-phrase of money: "$5 billion in aid" -> "aid";
* the subject of "rose to" / "reached" when the number stands alone:
  "the death toll rose to 150,000" -> "death toll".

Years, dates, times of day, ordinals and numbers inside names ("3D", "Boeing 777",
"A380") are not amounts. Vague plurals ("dozens", "thousands of") are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy
from spacy.attrs import LIKE_NUM
from spacy.tokens import Doc, Span, Token

from crossread.model import AGE_UNIT, DURATION_UNITS, Amount, Document

# Entity labels whose spans hold amounts; DATE and TIME spans count only when they
# are durations ("12-year", "two hours"), checked by DURATION below.
AMOUNT_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DURATION_LABELS = frozenset({"DATE", "TIME"})
# Entity labels of names: a number inside one ("Boeing 777", "Apollo 11") is part of a name.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
# A four-digit whole number in this range, not money or percent and not counting a
# plural noun, is read as a year. 1800 keeps "1,500 jobs" (comma) and "1500 jobs"
# (counts a plural) as amounts while dropping "in 1991"; 2100 covers plans.
YEAR_RANGE = (1800, 2100)
# Verbs whose subject is what a bare number measures: "the death toll rose to
# 150,000", "the toll passed 121,000", "the death count is over 120,000". Taken from
# the MultiLing tsunami reports; other verbs ("donated $1.2 million") do not qualify.
LEVEL_VERBS = frozenset({
    "rise", "climb", "pass", "reach", "exceed", "approach", "stand", "increase", "mount", "top", "near",
    "hit", "total", "surpass", "jump", "grow", "fall", "drop", "decline", "be", "soar", "swell",
    "plunge", "slide", "slump", "surge", "dip", "tumble", "double", "triple", "amount",
    "remain", "stay", "hover", "average", "cost",
    "tick", "edge", "inch", "creep", "ease", "slip", "rebound", "settle",  # "claims edged up to 373,000" (an audit)
})  # fmt: skip
# Verbs that set a level on their object: "raised the death toll to 1,941", "cut its
# forecast by one point to 6%" (the object is what the number measures); in the passive,
# their subject ("the toll was raised to 1,941").
SETTING_VERBS = frozenset({
    "raise", "lower", "bring", "cut", "slash", "increase", "reduce", "boost", "revise", "trim", "lift",
    "put", "push", "drive", "set", "hike", "peg", "estimate", "keep", "hold", "maintain", "leave",
})  # fmt: skip
# An amount of money is for what these introduce: "$5 billion in aid", "$55 billion for water
# infrastructure", "$65 billion toward broadband".
MONEY_PREPOSITIONS = ("in", "of", "on", "for", "toward", "towards")
# Verbs whose duration is that of an event a brief names by its noun: "YouTube suspended him for seven
# days" -> "7 days — of suspension" (an audit read "of ?" as vague). Verbs of news events that last.
EVENT_NOUNS = {
    "suspend": "suspension", "ban": "ban", "bar": "ban", "extend": "extension", "delay": "delay",
    "postpone": "postponement", "close": "closure", "shut": "shutdown", "detain": "detention",
    "imprison": "imprisonment", "jail": "jail term", "separate": "separation", "pause": "pause", "halt": "halt",
    "freeze": "freeze", "quarantine": "quarantine", "isolate": "isolation", "furlough": "furlough",
    "lock": "lockdown", "block": "block", "strike": "strike", "monitor": "monitoring", "track": "tracking",
}  # fmt: skip
# Words after a span of time that make it a point in time, not how long something lasts.
TIME_OFFSETS = frozenset({"after", "before", "ago", "later", "earlier", "since", "from", "into", "out", "apart"})
# Verbs whose subject a duration measures: "the outage lasted six hours".
DURATION_VERBS = frozenset({"last", "take", "span"})
# Verbs whose subject casts a tally: "senators voted 67-32", "the panel voted 2-1".
VOTE_VERBS = frozenset({"vote"})
# Verbs a tally says the outcome of: "the bill passed 252 to 175" counts votes, not bills (an audit
# read "252 — counts bill" as wrong). Verbs of games ("beat", "defeat", "win": goals, points) are
# left out: their tallies count nothing the text names.
VOTE_OUTCOME_VERBS = frozenset({
    "pass", "approve", "adopt", "reject", "confirm", "ratify", "override", "uphold", "acquit", "convict", "elect",
})  # fmt: skip
# Nouns a tally counts when it modifies them: "a 252-175 vote", "a 50-49 party line vote".
VOTE_NOUNS = frozenset({"vote", "votes", "tally", "ballot", "ballots", "margin"})
# What a tally after an outcome verb counts when the text names no voters ("the bill passed 252 to 175").
TALLY_COUNTS = "votes"
# Nouns a tally gives the votes of: "a 5-4 ruling", "the 9-0 decision" (5 votes to 4, not 5 rulings).
DECISION_NOUNS = frozenset({"ruling", "decision", "opinion", "verdict"})
# Verbs after which a tally of percents is a share of the vote: "Ellzey beat Wright 53 percent to 47 percent".
ELECTION_VERBS = frozenset({"beat", "defeat", "win", "edge", "top", "oust", "unseat"})
TALLY_SHARE_COUNTS = "vote"
# Tokens searched before a tally's first side for the "from" of a change ("dropped from a seven-day
# average of 78,449 to 51,465": "from" is seven tokens back; a change, not a tally).
CHANGE_LOOKBACK = 8
# Words between the two sides of a tally: "252-175", "252 to 175" ("252-to-175" is 252 / - / to-175).
TALLY_JOINS = frozenset({"-", "–", "to"})
# Prepositions that carry the new level or the change of a setting verb.
SETTING_PREPOSITIONS = frozenset({"to", "by", "at"})
# Statistics of a series: "the seven-day average of new cases fell to 78,449" counts new cases (audit I
# read "78,449 counts average" as wrong), and the "seven-day" of a statistic is its window, no amount a
# text reports (audit I read five "seven-day"/"14-day" windows listed as amounts as noise).
STATISTIC_NOUNS = frozenset({"average", "mean", "median"})
# Nouns that stand for a count of their of-phrase: "the number of injured people rose to 9,900".
COUNT_NOUNS = frozenset({"number", "total"}) | STATISTIC_NOUNS
# Nouns a tally gives the seats of: "the court's 6-3 conservative majority" (audit I read "6 — counts ?"
# and "3 — counts ?" as vague).
SEAT_NOUNS = frozenset({"majority", "minority"})
TALLY_SEATS = "seats"
# Words a dotted clock time ("at 9.47") comes after; elsewhere "3.34 million" and "1.25 percent" are
# decimals (audit I saw a death toll of 3.34 million missed as a clock time).
CLOCK_OPENERS = frozenset({"at", "from", "until", "till", "by", "around", "before", "after", "since", "between"})
# Fractions and counting words a hyphen joins a number to without naming what is counted ("two-thirds").
NOT_COUNTED_AFTER_HYPHEN = frozenset({
    "half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths", "something",
    "odd", "plus", "way", "time", "times", "fold",
})  # fmt: skip
# Plurals English does not make with -s: a hyphenated count names its noun in the singular ("a
# three-person panel"); the brief says what it counts in the plural ("3 — counts people").
IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children", "foot": "feet"}
# Heads walked up from a bare number to find the verb of "rose to 150,000"; two
# hops reach it through the preposition in every parse we checked.
VERB_MAX_HOPS = 2

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mln": 1e6, "mn": 1e6, "tn": 1e12}
# One-letter scales only count after a currency symbol ("$137M"); elsewhere "5m" is metres.
MONEY_SCALES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
# "$2B", "$3.5T": a money scale letter glued to the number (read only right after a currency sign).
GLUED_MONEY_SCALE = re.compile(r"^(\d+(?:\.\d+)?)([KMBT])$")
GLUED_SCALE = re.compile(r"^(\d+(?:\.\d+)?)(bn|mn|mln|tn)$", re.IGNORECASE)
# Headline short forms of a count, tokenised apart from their digits: "266K jobs", "60m doses".
COUNT_SCALES = {"K": 1e3, "m": 1e6, "M": 1e6}
# Words between such a count and its plural noun: "5m more doses".
COUNT_SCALE_BRIDGES = frozenset({"more", "additional", "extra", "new", "fewer"})
# Plurals a distance in metres comes before: "the 400m hurdles", "the 100m heats".
RACE_PLURALS = frozenset({"hurdles", "relays", "heats", "sprints", "races", "finals", "semifinals", "metres", "meters"})
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
VAGUE_WORDS = frozenset({"dozens", "hundreds", "thousands", "millions", "billions", "scores", "tens"})
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "us": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "a$": "AUD", "c$": "CAD"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "sterling": "GBP", "yen": "JPY", "jpy": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "rupee": "INR", "rupees": "INR", "franc": "CHF", "francs": "CHF", "lei": "RON", "leu": "RON",
}  # fmt: skip
PERCENT_WORDS = frozenset({"%", "percent", "pct", "per cent"})
TIME_UNITS = DURATION_UNITS  # one list of time units for reading amounts and for showing them
MEASURE_UNITS = TIME_UNITS | frozenset({
    "km", "kilometre", "kilometer", "mile", "metre", "meter", "foot", "feet", "inch", "cm", "mm", "m",
    "centimetre", "centimeter", "millimetre", "millimeter",
    "kg", "kilogram", "gram", "tonne", "ton", "pound", "lb", "ounce", "barrel", "litre", "liter", "gallon",
    "acre", "hectare", "mw", "megawatt", "gw", "kwh", "knot", "mph", "degree", "point",
    "page", "gigaton", "megaton", "kiloton",
})  # fmt: skip
# Units of physical measures a later figure in the same unit goes on measuring (``carried_measures``):
# the measures less time, counts ("page", "point"), yields and the forms read ambiguously ("m", "feet").
CARRIED_UNITS = MEASURE_UNITS - TIME_UNITS - frozenset({"feet", "m", "point", "page", "gigaton", "megaton", "kiloton"})
# "9½ minutes": a number written with a vulgar fraction (one token, which spaCy does not call a number).
VULGAR_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
FRACTION_CHARS = f"[{''.join(VULGAR_FRACTIONS)}]"
DURATION = re.compile(
    r"^(?:(?:a|an|the|about|some|nearly|almost|over|more than|less than|fewer than|at least|just|only|roughly"
    r"|around|another|last|past|first|next|its|their|his|her|up to|within|under)\s+)*"
    rf"(?P<number>\d+(?:\.\d+)?{FRACTION_CHARS}?|[a-z]+(?:-[a-z]+)?(?:\s+(?:hundred|thousand))?)[\s-]+"
    r"(?P<unit>year|month|week|day|hour|minute|second|decade)s?"
    r"(?:-(?:long|old)|\s+(?:ago|on|later|earlier|old))?$",
    re.IGNORECASE,
)
# An age without "year": "people 65 and older", "adults 18 and up", "over the age of 65".
AGE_RANGE = r"(?:and|or)\s+(?:older|up|over|above|younger|under)"
AGE_AFTER = re.compile(rf"^\s*{AGE_RANGE}\b", re.IGNORECASE)
AGE_WORDS = frozenset({
    "age", "ages", "aged", "of", "the", "over", "above", "under", "below", "between", "from", "in", "ranging", "ranged",
})  # fmt: skip
AGE_LOOKBACK = 5
# Words between an age word and the first age of a range: "ranging in age from 2 to 86", "aged between 5 and 11".
AGE_RANGE_OPENERS = frozenset({"from", "between", "of"})
# Words a bare count of people is said to be, right after it: "10 injured", "80 missing", "at least 9
# reported dead", "At Least 150 Killed" (an audit read "At least 9 — counts ?" as vague).
CASUALTY_WORDS = frozenset({"dead", "killed", "injured", "wounded", "hurt", "missing", "hospitalized", "hospitalised"})
# Words allowed between such a count and its casualty word: "60 are confirmed dead", "121 still missing".
CASUALTY_BRIDGES = frozenset({
    "are", "were", "is", "was", "have", "had", "been", "reported", "confirmed", "feared", "presumed", "believed",
    "still", "now", "more", "others",
})  # fmt: skip
AGE_ENTITY = re.compile(r"^(?:the\s+)?ages?\s+(?:of\s+)?\d+(?:\s+(?:to|and|-|–)\s+\d+)?$", re.IGNORECASE)
# Words next to a number that make it a clock time or a date, not an amount.
TIME_SUFFIXES = frozenset({"am", "pm", "a.m.", "p.m.", "gmt", "utc", "bst", "est", "hrs", "h"})
MONTH_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
    "oct.", "nov.", "dec.",
})  # fmt: skip
# Nouns that make "one" an idiom, not a count: "at one point", "one time", "one way".
IDIOMS_AFTER_ONE = frozenset({"point", "time", "way", "thing", "side", "hand"})
# Words before a "one" that stands for a thing, not a count of it, when no noun follows (audit H).
DETERMINERS_OF_ONE = frozenset({"the", "this", "that", "which", "every", "each", "another", "any", "no"})
# Subjects that name what a rising number measures, preferred when a headline's parse gives the verb
# two subjects ("KZN, Gauteng unrest: Death toll rises to 117" counts deaths, not KZN; audit H).
MEASURE_SUBJECTS = frozenset({"toll", "count", "number", "total", "tally", "figure"})
# Words between two numbers that make them one range ("1,500 to 2,000 jobs").
# Words just before a figure that compare it with another ("up from 6%", "higher than the
# estimated 3.6 percent", "than Trump's 42%"): then it counts what the other counts.
COMPARED_WITH = re.compile(
    r"\b(?:from|than|versus|vs\.?|compared (?:with|to))\s+(?:(?:the|an?|about|just|nearly|roughly|only|estimated"
    r"|expected|forecast|\w+['’]s)\s+)*$",
    re.IGNORECASE,
)
COMPARED_LOOKBACK = 60
# A percent that is a verb's subject or object, in a sentence whose one other percent is a share of a
# whole ("53 percent of the vote ..., with Wright taking 46.7 percent"; "29% of people have been
# vaccinated and 42% have received a dose"), is a share of that whole (an audit read both as "counts ?").
SHARE_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj"})
SHARE_OF = re.compile(r"\s+of\b")
# "68 out of 105 seats", "55 of 136 units": the share counts what the whole counts.
RANGE_WORDS = frozenset({"to", "-", "–", "and", "or", "out of", "of"})
# The second side of a tally the tokenizer glued to its "to": "voted 19-to-0" is 19 / - / to-0.
TALLY_TAIL = re.compile(r"^to-(\d+)$")
NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
WITH_FRACTION = re.compile(rf"^(\d*)({FRACTION_CHARS})$")
# An age entity that holds its own "and older": "65 or older" (NER's DATE).
AGE_WITH_RANGE = re.compile(rf"^\d+(?:\s+years?(?:\s+old)?)?\s+{AGE_RANGE}$", re.IGNORECASE)
# Compiled once: a token's digits and letters ("A380"), a clock time ("07.20", "9:47"), a year ("1991").
A_DIGIT = re.compile(r"\d")
A_LETTER = re.compile(r"[A-Za-z]")
CLOCK_LIKE = re.compile(r"0\d+(?:[.:]\d+)?|\d{1,2}[:.]\d{2}")
FOUR_DIGITS = re.compile(r"\d{4}")


# ``NumberGroup``'s unit token before it is first looked for.
_NOT_LOOKED_FOR = object()


@dataclass(frozen=True, slots=True)
class NumberGroup:
    """Consecutive tokens that spell one number: "1.5 million", "twenty-five", "200,000".

    Its head is found once, when it is made (read about 20 times a group: a third of the amounts
    pass's calls), and its unit token on first use (``unit_token``: up to five times a group).
    """

    tokens: tuple[Token, ...]
    value: float
    head: Token = field(init=False, repr=False, compare=False)
    unit: object = field(init=False, repr=False, compare=False)  # Token | None once looked for

    def __post_init__(self) -> None:
        object.__setattr__(self, "head", self._head())
        object.__setattr__(self, "unit", _NOT_LOOKED_FOR)

    def _head(self) -> Token:
        """The token that carries the group in the parse: the last one ("million", not "1.5"), but
        the number before a scale letter ("$1T infrastructure bill": the parser hangs "1" on the bill)."""
        if len(self.tokens) > 1 and (self.tokens[-1].text in MONEY_SCALES or self.tokens[-1].text in COUNT_SCALES):
            return self.tokens[-2]
        last = self.tokens[-1]
        if last.lower_ in ("dozen", "hundred") and last.head in self.tokens:
            # "two dozen Gazans" parsed as two -> Gazans, dozen -> two: the number the noun hangs from
            return next((t for t in self.tokens if t.head not in self.tokens), last)
        return last

    @property
    def counted_after_scale(self) -> Token | None:
        """The plural noun a headline count counts ("60m doses", "5m more doses"), None for other groups."""
        if len(self.tokens) < 2 or not glued_count_scale(self.tokens[-2], self.tokens[-1]):
            return None
        return plural_after_scale(self.tokens[-1])


def word_value(text: str) -> float | None:
    """'two' -> 2, 'twenty-five' -> 25, '200,000' -> 200000; None for anything else."""
    lower = text.lower()
    if NUMERIC.match(lower):
        return float(lower.replace(",", ""))
    glued = GLUED_SCALE.match(lower)
    if glued:
        return float(glued[1]) * SCALES[glued[2]]
    fraction = WITH_FRACTION.match(lower)
    if fraction:
        return float(fraction[1] or 0) + VULGAR_FRACTIONS[fraction[2]]
    parts = lower.split("-")
    if all(p in WORD_NUMBERS for p in parts) and len(parts) <= 2:
        return float(sum(WORD_NUMBERS[p] for p in parts))
    return None


def number_groups(tokens: Span | list[Token]) -> list[NumberGroup]:
    """Split a span into numbers, applying scale words ("1.5 million") and tens ("twenty five")."""
    groups: list[NumberGroup] = []
    current: list[Token] = []
    value = 0.0
    for token in tokens:
        lower = token.lower_
        glued = _glued_money(token)
        base = glued if glued is not None else word_value(token.text)
        if current and lower in SCALES:
            current.append(token)
            value *= SCALES[lower]
        elif current and token.text in MONEY_SCALES and _after_currency(current[0]):
            current.append(token)
            value *= MONEY_SCALES[token.text]
        elif current and glued_count_scale(current[-1], token):
            current.append(token)
            value *= COUNT_SCALES[token.text]
        elif current and lower in ("hundred", "dozen"):  # "two dozen Gazans" is 24, not 2 and 12
            current.append(token)
            value *= WORD_NUMBERS[lower]
        elif current and token.text == "-" and _is_tens_word(current[-1]):
            continue  # "twenty-five" tokenised as twenty / - / five
        elif current and base is not None and _space_grouped(current, token):
            current.append(token)  # "over 2 200 arrested": thousands set apart by a space, not two numbers
            value = value * 1000 + base
        elif current and base is not None and base < 10 and _is_tens_word(current[-1]):
            current.append(token)
            value += base
        elif base is not None:
            if current:
                groups.append(NumberGroup(tuple(current), value))
            current, value = [token], base
        elif current:
            groups.append(NumberGroup(tuple(current), value))
            current = []
    if current:
        groups.append(NumberGroup(tuple(current), value))
    return groups


def _space_grouped(current: list[Token], token: Token) -> bool:
    """'2 200', '12 500 000': digit groups of three set apart by single spaces, which the parser joins as one
    number (the first hangs on the next as a compound); "2 200-page reports" would be two numbers, and is rare."""
    last = current[-1]
    first_ok = len(current) > 1 or (last.text.isdigit() and len(last.text) <= 3)
    grouped = all(t.text.isdigit() for t in current) and token.text.isdigit() and len(token.text) == 3
    return first_ok and grouped and last.whitespace_ == " " and last.dep_ == "compound" and last.head.i >= token.i


def glued_count_scale(number: Token, letter: Token) -> bool:
    """'266K jobs', '60m doses', '5m more doses': a "K" or "m" glued to digits before a plural noun
    is thousands or millions (a headline's short form; "a 5K run", "the 100m final" and "a 5m wall"
    are distances: no plural follows; "2B" without a currency sign is too often something else)."""
    return (
        letter.text in COUNT_SCALES
        and not number.whitespace_
        and bool(NUMERIC.match(number.text))
        and plural_after_scale(letter) is not None
    )


def plural_after_scale(letter: Token) -> Token | None:
    """The plural noun right after a count's scale letter, past "more" and up to two modifiers ("60m vaccine doses")."""
    doc = letter.doc
    after = letter.i + 1
    if after < len(doc) and doc[after].lower_ in COUNT_SCALE_BRIDGES:
        after += 1
    for token in doc[after : min(len(doc), after + 3)]:
        if token.tag_ == "NNS":
            return None if token.lower_ in RACE_PLURALS else token
        if token.tag_ not in ("NN", "JJ"):
            return None
    return None


def _after_currency(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_ in CURRENCY_SYMBOLS


def _is_tens_word(token: Token) -> bool:
    return token.lower_ in WORD_NUMBERS and WORD_NUMBERS[token.lower_] % 10 == 0 and WORD_NUMBERS[token.lower_] >= 20


# --- what is not an amount ------------------------------------------------------


def is_glued_to_letters(token: Token) -> bool:
    """'3D', 'A380', 'KC-45', 'G7': digits fused with letters are names, not amounts ('$2B' is money)."""
    text = token.text
    named = bool(A_DIGIT.search(text)) and bool(A_LETTER.search(text)) and word_value(text) is None
    return named and _glued_money(token) is None


def _glued_money(token: Token) -> float | None:
    """The value of "$2B" ("2B" right after a currency sign), None for any other token."""
    match = GLUED_MONEY_SCALE.match(token.text)
    return float(match[1]) * MONEY_SCALES[match[2]] if match and _after_currency(token) else None


# Nouns a number names a member of, not counts: "phase three trials", "Category 4 hurricane",
# "Title 42", "Section 230", "Level 4 advisory" (an audit read "phase three" as 3 trials).
LABEL_NOUNS = frozenset({
    "phase", "stage", "category", "level", "title", "article", "section", "chapter", "tier", "grade", "round", "season",
    "episode",
})  # fmt: skip


def is_not_a_quantity(token: Token) -> bool:
    """Times, phone numbers, dates and labels: '07.20', '9.47am', '0800', '11 March', 'bus #30', 'phase three'."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if _is_clock_time(token, before, after):
        return True
    if after is not None and (after.lower_ in TIME_SUFFIXES or after.text.lower() in MONTH_WORDS):
        return True
    if before is None:
        return False
    glued_to_number = before.like_num and before.lower_ not in WORD_NUMBERS and before.lower_ not in SCALES
    labelled = before.lower_ in LABEL_NOUNS and before.pos_ in ("NOUN", "PROPN")  # "phase three trials", "Title 42"
    return glued_to_number or labelled or before.text in ("#", "No.", "no.", "+") or before.text.lower() in MONTH_WORDS


def _is_clock_time(token: Token, before: Token | None, after: Token | None) -> bool:
    """'07.20', '0800', '9:47', 'at 9.47': a dotted time needs a word of time before it ("rose 1.25
    percent", "3.34 million", "$2.99" are decimals) and no scale, unit or currency after it."""
    text = token.text
    if not CLOCK_LIKE.fullmatch(text) or text.startswith("0.") or (_after_currency(token) and "." in text):
        return False
    if ":" in text or text.startswith("0"):
        return True
    hours, minutes = (int(part) for part in text.split("."))
    measured = after is not None and (after.lower_ in SCALES or is_unit_word(after) or after.lemma_.lower() in MEASURE_UNITS)
    opened = before is not None and before.lower_ in CLOCK_OPENERS
    return opened and not measured and hours <= 23 and minutes <= 59


def is_model_number(group: NumberGroup) -> bool:
    """'delivered a 777': a number after "a" that neither has a unit nor modifies a noun names a model."""
    first = group.tokens[0]
    after_article = first.i > 0 and first.doc[first.i - 1].lower_ in ("a", "an")
    plain = unit_token(group) is None and tally_of(group, None) is None  # "a 252-175 vote": 252 hangs on 175
    return after_article and plain and modified_noun(group.head) is None


def looks_like_year(group: NumberGroup, label: str) -> bool:
    """A bare four-digit number in the year range that does not count a plural noun."""
    if label in ("MONEY", "PERCENT") or len(group.tokens) != 1:
        return False
    text = group.head.text
    if not FOUR_DIGITS.fullmatch(text) or not YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]:
        return False
    head = group.head.head
    return not (group.head.dep_ == "nummod" and head.tag_ in ("NNS", "NNPS"))


def is_part_of_name(token: Token) -> bool:
    """'Boeing 777', 'Flight 93': a number hanging from a singular proper noun; 'the Brians 2 prison'
    (``follows_a_name``); 'restaurant Two Meatballs', 'the Group of Seven' (``is_capitalised_in_prose``)."""
    if token.ent_type_ in NAME_LABELS:
        return True
    head = token.head
    hangs = head.pos_ == "PROPN" and head.tag_ == "NNP" and token.dep_ in ("nummod", "compound", "appos", "npadvmod")
    return hangs or follows_a_name(token) or is_capitalised_in_prose(token) or numbers_a_bill_or_person(token)


# Abbreviations whose number names a bill or an item ("H. Res. 601", "H.R. 4", "No. 5"), not an amount.
NUMBERING_ABBREVIATIONS = frozenset({"res", "con", "no", "nos", "vol", "art", "h.r.", "s.", "h.j."})


def numbers_a_bill_or_person(token: Token) -> bool:
    """'H. Res. 601', 'H.R. 4', 'No. 5': a bill's or an item's number; 'a Bush 43 appointee', 'Bush 43-appointee':
    a president's ordinal (audit J read "601 — counts House" and "43 — counts appointees" as wrong)."""
    if token.i < 1 or not token.is_digit:
        return False
    doc = token.doc
    before = doc[token.i - 1]
    if before.text == "." and token.i >= 2 and doc[token.i - 2].text[:1].isupper():
        return doc[token.i - 2].lower_ in NUMBERING_ABBREVIATIONS
    if before.lower_ in NUMBERING_ABBREVIATIONS and before.text[:1].isupper():
        return True
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return before.ent_type_ == "PERSON" and after is not None and after.text in ("-", "‑")


def follows_a_name(token: Token) -> bool:
    """'the Brians 2 prison', 'the Apollo 11 mission': a number right after an article and a capitalised
    singular proper noun, before a lower-case word or none, numbers that name (an audit read "2 — counts
    prison" as wrong); "on Monday 300 people" (a date) and "the EU 27 countries" (upper case) keep theirs."""
    doc = token.doc
    if token.i < 2 or not token.is_digit:
        return False
    name, article = doc[token.i - 1], doc[token.i - 2]
    if article.lower_ not in ("the", "a", "an") or name.tag_ != "NNP" or not name.is_title:
        return False
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return name.ent_type_ not in DURATION_LABELS and (after is None or not after.is_title)


# A sentence is a title-case headline when at least this share of its words of four letters or more are
# capitalised ("Biden Signs Two Bills Into Law"); prose sentences stay well below it.
TITLE_CASE_SHARE = 0.8


def is_capitalised_in_prose(token: Token) -> bool:
    """'restaurant Two Meatballs', 'the Group of Seven summit': a capitalised number word inside a prose
    sentence (not opening it, not after a colon or dash, not in a title-case headline) is part of a name."""
    if not token.is_title or not token.is_alpha or token.is_sent_start or token.i == 0:
        return False
    if token.doc[token.i - 1].is_punct:
        return False
    words = [t for t in token.sent if t.is_alpha and len(t) >= 4]
    return sum(t.is_title for t in words) < TITLE_CASE_SHARE * len(words)


def is_pronoun_one(group: NumberGroup) -> bool:
    """'one of the first countries', 'at one point' are not counts; 'one person' is; 'One
    results from demand' (the parser took the verb for a plural noun) is the pronoun."""
    head = group.head
    if head.lower_ != "one":
        return False
    plural_right_after = head.head.tag_ == "NNS" and head.head.i == head.i + 1  # not "one and a half times"
    doc = head.doc
    # "the one left standing", "the one that survived": "one" stands for a thing named before ("the one red
    # car" counts a car: a noun follows, maybe after an adjective)
    following = [t.pos_ for t in doc[head.i + 1 : head.i + 3]]
    noun_follows = following[:1] in (["NOUN"], ["PROPN"]) or following in (["ADJ", "NOUN"], ["ADJ", "PROPN"])
    stands_for = head.i > 0 and doc[head.i - 1].lower_ in DETERMINERS_OF_ONE and not noun_follows
    return head.dep_ != "nummod" or head.head.lower_ in IDIOMS_AFTER_ONE or plural_right_after or stands_for


def is_vague(group: NumberGroup) -> bool:
    return group.head.lower_ in VAGUE_WORDS


# --- unit and counted thing -----------------------------------------------------


def currency(span: Span, group: NumberGroup) -> str | None:
    """Currency from a symbol before the number or a currency word after it."""
    doc = span.doc
    start = min(span.start, group.tokens[0].i)
    before = [t.lower_ for t in doc[max(0, start - 2) : group.tokens[0].i]]
    for distance, word in enumerate(reversed(before)):
        if word == "us" and distance:
            continue  # "US 40 million" is money, "the US eclipses 40 million cases" is not
        if word in CURRENCY_SYMBOLS:
            return CURRENCY_SYMBOLS[word]
    following = doc[group.head.i + 1 : min(len(doc), group.head.i + 4)]
    for token in following:
        if token.lower_ in CURRENCY_WORDS:
            return CURRENCY_WORDS[token.lower_]
        if token.pos_ not in ("PROPN", "PUNCT") and token.lower_ not in ("u.s.", "us", "american", "australian"):
            break
    return None


def unit_token(group: NumberGroup) -> Token | None:
    """The token after the number that names its unit ('%', 'percent', 'hour', 'barrels'); none for
    a headline count ("60m doses": the "m" is millions, not metres). Looked for once a group."""
    if group.unit is _NOT_LOOKED_FOR:
        object.__setattr__(group, "unit", _unit_token(group))
    return group.unit  # type: ignore[return-value]


def _unit_token(group: NumberGroup) -> Token | None:
    if group.counted_after_scale is not None:
        return None
    head = group.head.head
    if group.head.dep_ == "nummod" and head.i > group.head.i and head.lemma_.lower() in MEASURE_UNITS:
        return head  # "between 500 and 600 seconds": 500 hangs from "seconds"
    doc = group.head.doc
    index = group.head.i + 1
    if index < len(doc) and doc[index].text == "-":
        index += 1
    if index >= len(doc):
        return None
    token = doc[index]
    if token.lower_ in PERCENT_WORDS or (token.lower_ == "per" and index + 1 < len(doc) and doc[index + 1].lower_ == "cent"):
        return token
    if token.lemma_.lower() in MEASURE_UNITS or token.lower_ in MEASURE_UNITS:
        return token
    return None


def unit_name(token: Token | None) -> str | None:
    if token is None:
        return None
    if token.lower_ in PERCENT_WORDS or token.lower_ == "per":
        return "%"
    lemma = token.lemma_.lower()
    if lemma == "point" and token.i > 0 and token.doc[token.i - 1].lower_ == "percentage":
        return "percentage point"
    return "foot" if lemma == "feet" else lemma


def noun_phrase_head(token: Token, amount_start: int, amount_end: int) -> str:
    """The counted noun with its common-noun compounds: 'death toll', 'oil', 'sailors' (not the
    word of a hyphenated number: 'the 27-nation bloc' counts the 'bloc')."""
    compounds = [
        c
        for c in token.lefts
        if c.dep_ == "compound"
        and c.pos_ == "NOUN"
        and not amount_start <= c.idx < amount_end
        and not _after_hyphenated_number(c)
    ]
    words = [*(c.text for c in compounds), token.text]
    return " ".join(words)


def _after_hyphenated_number(token: Token) -> bool:
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text in ("-", "–") and doc[token.i - 2].like_num


def object_of(token: Token, prepositions: tuple[str, ...]) -> Token | None:
    """The object of an of-/in-phrase hanging from ``token``."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and grandchild.pos_ in ("NOUN", "PROPN") and _fits(child, grandchild):
                    return grandchild
    return None


def _fits(preposition: Token, noun: Token) -> bool:
    """An in-phrase names what money is in only when bare: "in aid", not "in a telethon"."""
    return preposition.lower_ != "in" or not any(c.dep_ in ("det", "poss") for c in noun.children)


def following_object(token: Token, prepositions: tuple[str, ...]) -> Token | None:
    """'$2.5bn in bonds' when the parser hung "in bonds" on the verb: the of-/in-phrase right after."""
    doc = token.doc
    if token.i + 1 >= len(doc) or doc[token.i + 1].lower_ not in prepositions:
        return None
    preposition = doc[token.i + 1]
    objects = [c for c in preposition.children if c.dep_ == "pobj" and c.pos_ == "NOUN" and _fits(preposition, c)]
    return objects[0] if objects else None


def modified_noun(token: Token) -> Token | None:
    """The noun a number (or its unit) modifies: '15 sailors', 'a 12-year break', 'a four-week
    moving average'; through an age's "old" ('a 25-year-old man'); past a hyphenated noun that
    itself modifies a noun ('the 27-nation bloc', 'a three-judge panel': the bloc, the panel; what such a
    number counts is its hyphen word, see ``counted_after_hyphen``)."""
    head = token.head
    doc = token.doc
    hyphen_long = head.lower_ == "long" and head.i == token.i + 2 and doc[token.i + 1].text in ("-", "–")
    if token.dep_ == "npadvmod" and head.pos_ == "ADJ" and head.lower_ == "old" and head.dep_ == "amod":
        token, head = head, head.head  # "25-year-old man": the age is the man's
    elif hyphen_long and head.dep_ in ("amod", "compound"):
        token, head = head, head.head  # "a 17-year-long fight", "A 17-Year-Long Fight": the fight's length
    modifies = token.dep_ in ("nummod", "compound", "amod", "quantmod", "npadvmod", "nmod") and head.pos_ in ("NOUN", "PROPN")
    if not modifies or head.i <= token.i or is_unit_word(head):
        return None
    hyphenated = head.i == token.i + 2 and doc[token.i + 1].text in ("-", "–") and token.pos_ == "NUM"
    outer = head.head
    if hyphenated and head.dep_ in ("compound", "nmod", "amod") and outer.pos_ in ("NOUN", "PROPN") and outer.i > head.i:
        return outer
    return head


def is_unit_word(token: Token) -> bool:
    """Units and currencies name the measure, never the thing counted."""
    lower = token.lower_
    return lower in PERCENT_WORDS or lower in CURRENCY_WORDS or lower in CURRENCY_SYMBOLS


def subject_of_rise(token: Token, verbs: frozenset[str] = LEVEL_VERBS) -> Token | None:
    """'the death toll rose to 150,000': the subject of the verb the number completes;
    'raised the death toll to 1,941': the object of a verb that sets a level; 'senators voted
    67-32': the voters. ``verbs``: the verbs whose subject the number measures."""
    node = token
    for _ in range(VERB_MAX_HOPS):
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            lemma = node.lemma_.lower()
            if lemma in SETTING_VERBS and token.head.lower_ in SETTING_PREPOSITIONS:
                found = _argument(node, token, ("dobj", "nsubjpass"))
                if found is not None or lemma not in verbs:
                    return found
            if lemma in VOTE_VERBS:
                return _argument(node, token, ("nsubj",))
            if lemma not in verbs:
                return None
            return _argument(node, token, ("nsubj", "nsubjpass"))
    return None


def _argument(verb: Token, amount: Token, deps: tuple[str, ...]) -> Token | None:
    """The verb's first noun argument of one of ``deps`` that is not the amount or a unit; a
    relative pronoun stands for the noun its clause hangs from ('an outage that lasted …')."""
    found = []
    for child in verb.children:
        if child.dep_ not in deps or child is amount:
            continue
        if child.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
            child = verb.head
        if child.pos_ in ("NOUN", "PROPN") and not is_unit_word(child):
            found.append(child)
    return next((c for c in found if c.lemma_.lower() in MEASURE_SUBJECTS), found[0] if found else None)


def _named_by_copula(token: Token) -> Token | None:
    """'$1.5 trillion was the price tag', '$1.5 trillion is his limit': the noun the amount is said to be."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.lemma_.lower() != "be":
        return None
    return next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN" and not is_unit_word(c)), None)


def head_of_of_phrase(token: Token) -> Token | None:
    """'a price tag of $3.5 trillion', 'a family of 10': the noun the amount's of-phrase hangs from."""
    preposition = token.head
    if token.dep_ != "pobj" or preposition.lower_ != "of" or preposition.i > token.i:
        return None
    noun = preposition.head
    if noun.pos_ != "NOUN" or is_unit_word(noun) or noun.lemma_.lower() in MEASURE_UNITS:
        return None
    return noun


def counted_by_count_noun(token: Token) -> Token:
    """'the number of injured people': a count noun stands for what its of-phrase names."""
    if token.lemma_.lower() in COUNT_NOUNS:
        return object_of(token, ("of",)) or token
    return token


# Of-objects of a duration that say when or how old, not what lasted ("months of the year", "years of age").
NOT_LASTING = frozenset({"age", "time", "life", "year", "period"})
# Nouns that name a share: a percent of one is of what it is a share of (audit H read "3.4% of percentage").
SHARE_NOUNS = frozenset({"percentage", "percent", "share", "proportion", "rate", "fraction"})
# Words that stand for a noun said before: "$3,000 for older ones" counts what "ones" stands for, which
# the amount cannot name (an audit read "counts ones" as wrong).
STAND_IN_NOUNS = frozenset({"one", "ones", "other", "others", "that", "those", "these", "this", "same"})


def counted(group: NumberGroup, unit: Token | None, money: bool) -> Token | str | None:
    """The noun the amount counts, by the first parse pattern that applies (a tally's own first: see
    ``tally_counted``); none for a degree ("a 100% legal method": the percent grades "legal") or a
    stand-in word ("older ones")."""
    if unit is not None and group.value == 100 and unit_name(unit) == "%" and _grades_an_adjective(unit):
        return None
    tally = None if money else tally_of(group, unit)
    if tally is not None:
        return tally_counted(tally)
    hyphen_noun = None if unit is not None or money else counted_after_hyphen(group.head)
    if hyphen_noun is not None:
        return hyphen_noun
    found = _counted(group, unit, money)
    if found is None and unit is not None and unit.lemma_.lower() in TIME_UNITS:
        return event_lasting(unit)
    if found is not None and found.i == group.tokens[-1].i:  # "$3.5T budget": the parser hung 3.5 on its own T
        found = modified_noun(found)
    found = counted_by_count_noun(found) if found is not None else None
    if found is not None and unit is not None and unit_name(unit) == "%" and found.lemma_.lower() in SHARE_NOUNS:
        found = object_of(found, ("of",)) or found  # "the percentage of people … from 3.4%": of people, not "of percentage"
    return None if found is not None and found.lower_ in STAND_IN_NOUNS else found


def counted_after_hyphen(number: Token) -> str | None:
    """'the 27-nation bloc', 'a two-track process', 'a three-judge panel': a number a hyphen joins to a
    noun that modifies another noun counts the joined noun — 27 nations, two tracks (audits G and I
    read "27 — counts bloc" and "2 — counts process" as wrong) — in the plural."""
    doc = number.doc
    at = number.i + 2
    if at >= len(doc) or doc[number.i + 1].text not in ("-", "–") or doc[number.i + 1].whitespace_ or number.whitespace_:
        return None
    noun = doc[at]
    measure = is_unit_word(noun) or noun.lemma_.lower() in MEASURE_UNITS
    if noun.pos_ != "NOUN" or noun.lower_ in NOT_COUNTED_AFTER_HYPHEN or measure:
        return None
    outer = noun.head
    joined = at + 1 < len(doc) and doc[at + 1].text in ("-", "–")  # "a 25-year-old", "a two-thirds-majority"
    if joined or noun.dep_ not in ("compound", "amod", "nmod") or outer.i <= noun.i or outer.pos_ not in ("NOUN", "PROPN"):
        return None
    return plural(noun.lower_)


def plural(noun: str) -> str:
    """The plural of a singular count noun: 'nations', 'countries', 'buses', 'people'."""
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def event_lasting(unit: Token) -> str | None:
    """'suspended for seven days', 'suspended one week': the event a verb's duration is of, named by its
    noun (``EVENT_NOUNS``); none for a point in time ("closed two days after the storm")."""
    doc = unit.doc
    head = unit.head
    if unit.dep_ == "pobj" and head.lower_ == "for":
        verb = head.head
    elif unit.dep_ == "npadvmod" and min(t.i for t in unit.subtree) == head.i + 1:  # right after its verb:
        verb = head  # "suspended one week", not "bans abortion once cardiac activity is detected, around six weeks"
    else:
        return None
    offset = unit.i + 1 < len(doc) and doc[unit.i + 1].lower_ in TIME_OFFSETS
    return None if offset or verb.pos_ != "VERB" else EVENT_NOUNS.get(verb.lemma_.lower())


def _grades_an_adjective(percent: Token) -> bool:
    """'a 100% legal method', '100 percent sure': the percent says how much of a quality (a "5% annual
    rise" is a share: only a whole hundred is read so), not a share of anything."""
    doc = percent.doc
    following = doc[percent.i + 1] if percent.i + 1 < len(doc) else None
    return following is not None and following.pos_ == "ADJ"


def tally_tail(token: Token) -> Token | None:
    """The glued second side of a tally right after ``token`` ("19-to-0": the token "to-0")."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text in ("-", "–") and TALLY_TAIL.match(doc[token.i + 2].text):
        return doc[token.i + 2]
    return None


@dataclass(frozen=True, slots=True)
class Tally:
    """Two counts set against each other: "252-175", "252 to 175", "252-to-175", "53 percent to 47 percent"."""

    first: Token  # the first side's number
    second: Token  # the second side's number (or the glued "to-175")
    unit: Token | None  # the unit both sides are in


def _side_value(token: Token) -> float | None:
    glued = TALLY_TAIL.match(token.text)
    return float(glued[1]) if glued else word_value(token.text)


def tally_of(group: NumberGroup, unit: Token | None) -> Tally | None:
    """The tally the amount is a side of: two numbers in one unit, both in digits or both in words,
    joined by a dash or "to", the first not below the second (a range rises: "from 2 to 86", "rose by
    37,000 to 412,000") and not a change ("fell from 5.8% to 5.7%", "dropped by 9 to 3")."""
    doc = group.head.doc
    after = (unit or group.head).i + 1
    if after + 1 < len(doc) and doc[after].lower_ in TALLY_JOINS:
        second = doc[after + 1]
        same_unit = unit is None or (second.i + 1 < len(doc) and doc[second.i + 1].lower_ == unit.lower_)
        if same_unit and _sets_against(group.tokens[0], group.value, second):
            return Tally(group.head, second, unit)
    before = group.tokens[0].i - 1
    first_at = before - (1 if unit is None else 2)
    if first_at < 0 or doc[before].lower_ not in TALLY_JOINS:
        return None
    if unit is not None and doc[before - 1].lower_ != unit.lower_:
        return None
    first = doc[first_at]
    value = word_value(first.text)
    return Tally(first, group.head, unit) if value is not None and _sets_against(first, value, group.head) else None


def _sets_against(first: Token, value: float, second: Token) -> bool:
    """Are ``first`` (worth ``value``) and ``second`` the two sides of a tally (see ``tally_of``)?"""
    other = _side_value(second)
    if other is None or value < other or first.ent_type_ in DURATION_LABELS:
        return False
    if first.is_alpha != second.is_alpha:  # "pleaded on June 2 to one count"
        return False
    doc = first.doc
    opener = doc[first.i - 1].lower_ if first.i > 0 else ""
    by_to = opener == "by" and doc[first.i + 1].lower_ == "to"  # "fell by 9 to 3": a change, then a level
    after_from = any(t.lower_ == "from" for t in doc[max(0, first.i - CHANGE_LOOKBACK) : first.i])
    return not by_to and not after_from  # "dropped from a seven-day average of 78 to 51"


def tally_counted(tally: Tally) -> Token | str | None:
    """What a tally counts: the vote it modifies ("a 252-175 vote") or that is its subject ("the vote
    was 11 to 0"), the voters ("senators voted 67-32"), the body that passed a measure ("adopted 10-4
    by the panel", "passed the Senate 92-6") or else votes ("the bill passed 252 to 175"); a share of
    the vote when a candidate beat another ("53 percent to 47 percent"); nothing for a tally of
    anything else ("a 2-1 order", "a three-three balance", "won 3-1")."""
    sides = (tally.first, tally.second)
    nouns = [n for n in (modified_noun(tally.second), modified_noun(tally.first)) if n is not None and n not in sides]
    noun = nouns[0] if nouns else None  # the parser hangs either side on the noun ("voted 12-to-1": 12 on "to-1")
    if noun is not None:
        lemma = noun.lemma_.lower()
        if lemma in SEAT_NOUNS:
            return TALLY_SEATS
        return noun if lemma in VOTE_NOUNS else TALLY_COUNTS if lemma in DECISION_NOUNS else None
    vote = head_of_of_phrase(tally.first)  # "by a vote of 168 to 55", "a tally of 50-50"
    if vote is not None and vote.lemma_.lower() in VOTE_NOUNS:
        return vote
    heads = [*_ancestors(tally.first), *_ancestors(tally.second)]
    verb = next((t for t in heads if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lemma_.lower() in VOTE_NOUNS:
        return subject
    if tally.unit is not None:
        return TALLY_SHARE_COUNTS if unit_name(tally.unit) == "%" and lemma in ELECTION_VERBS else None
    if lemma in VOTE_VERBS:
        voters = _argument(verb, tally.first, ("nsubj",))
        # "the board of trustees voted 9-4": the trustees' votes (audit H read "9 counts board" as vague)
        return (object_of(voters, ("of",)) or voters) if voters is not None else None
    if lemma not in VOTE_OUTCOME_VERBS:
        return None
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    body = next((c for c in verb.children if c.dep_ == "dobj" and c.ent_type_ == "ORG"), None)
    return agent or body or TALLY_COUNTS


def _ancestors(token: Token) -> Iterator[Token]:
    """The heads above ``token``, up to ``VERB_MAX_HOPS``."""
    for _ in range(VERB_MAX_HOPS):
        if token.head is token:
            return
        token = token.head
        yield token


def is_even_split(group: NumberGroup, unit: Token | None) -> bool:
    """'a three-three balance', 'a 50-50 chance': a tie that counts no vote is a split, not two amounts
    (an audit read "three — counts balance" twice as wrong)."""
    tally = tally_of(group, unit)
    if tally is None or _side_value(tally.first) != _side_value(tally.second):
        return False
    return tally_counted(tally) is None


def _counted(group: NumberGroup, unit: Token | None, money: bool) -> Token | None:
    after_scale = group.counted_after_scale
    if after_scale is not None:
        return after_scale  # the parser hangs "60" on the "m" of "60m doses"
    carrier = unit or group.head
    tail = tally_tail(carrier)
    if tail is not None:  # "the panel voted 19-to-0": the voters, never the noun-tagged "to-0"
        return subject_of_rise(tail)
    if unit is not None and unit.lemma_.lower() not in TIME_UNITS:
        found = object_of(carrier, ("of",)) or modified_noun(carrier)
        if found is not None:
            return found
    elif unit is not None:
        # "six weeks of pregnancy", "two decades of war": what lasted; not "six months of the year" or "10 years of age"
        found = object_of(carrier, ("of",))
        if found is not None and found.lemma_.lower() not in TIME_UNITS | NOT_LASTING:
            return found
    if money:
        word = group.head.head if group.head.head.lower_ in CURRENCY_WORDS else carrier  # "1.5 million euros in loans"
        found = object_of(word, MONEY_PREPOSITIONS) or modified_noun(word) or following_object(word, ("in", "of"))
        if found is not None and found.lower_ == "worth":  # "150,000 euro worth of aid"
            found = object_of(found, ("of",))
        if found is not None:
            return found
    found = modified_noun(carrier)
    if found is not None:
        return found
    if carrier.pos_ in ("NUM", "NOUN", "PRON"):
        found = object_of(carrier, ("of",))
        if found is not None:
            return found
    named = _named_by_copula(carrier)  # "$1.5 trillion was the price tag"
    if named is not None:
        return named
    if carrier.dep_ in ("pobj", "dobj", "attr", "nsubj", "npadvmod"):
        if unit is None or money or unit_name(unit) == "%":
            found = subject_of_rise(carrier)  # "approval reached 73 percent", "the cost rose to $5 billion"
        elif unit.lemma_.lower() in TIME_UNITS:
            found = subject_of_rise(carrier, DURATION_VERBS)  # "the outage lasted six hours"
        if found is not None:
            return found
    return head_of_of_phrase(carrier) or casualty_after(carrier)


def casualty_after(number: Token) -> Token | None:
    """'10 injured', 'at least 9 reported dead', '60 are confirmed dead': the casualty word a bare count is said to be."""
    doc = number.doc
    for token in doc[number.i + 1 : min(len(doc), number.i + 4)]:
        if token.lower_ in CASUALTY_WORDS:
            return token
        if token.lower_ not in CASUALTY_BRIDGES:
            return None
    return None


# --- putting it together ------------------------------------------------------------


def candidate_spans(doc: Doc, ents: Sequence[Span] | None = None) -> Iterator[tuple[Span, str]]:
    """Entity spans that may hold amounts, then numbers spaCy left outside entities (``ents``: ``doc.ents``, when the
    caller has them)."""
    covered: set[int] = set()
    for ent in doc.ents if ents is None else ents:
        covered.update(range(ent.start, ent.end))
        label = ent.label_
        if label not in AMOUNT_LABELS and label not in DURATION_LABELS:
            continue
        text = "" if label in AMOUNT_LABELS else ent.text.strip()  # ``Span.text`` joins its tokens: once
        if label in AMOUNT_LABELS or DURATION.match(text):
            money = ent.end < len(doc) and _after_currency(doc[ent.start]) and doc[ent.end].text in MONEY_SCALES
            if money or (ent.end < len(doc) and glued_count_scale(doc[ent.end - 1], doc[ent.end])):
                ent = doc[ent.start : ent.end + 1]  # "$3.5T" tokenised $ / 3.5 / T, the entity without the T
                covered.add(ent.end - 1)
            yield ent, ent.label_
        elif label == "DATE" and AGE_WITH_RANGE.match(text):
            cut = next(t.i for t in ent if t.lower_ in ("and", "or"))
            yield doc[ent.start : cut], "AGE"  # the span is the age, as for "people 65 and older"
        elif label == "DATE" and (AGE_ENTITY.match(text) or _age_range_after(doc, ent.end) or _age_word_before(ent[0])):
            yield ent, "AGE"
        elif label == "DATE" and (duration := _leading_duration(ent)) is not None:
            yield duration, label
    for i in numpy.flatnonzero(doc.to_array(LIKE_NUM)).tolist():  # the numbers, read from one array, not every token
        if i in covered:
            continue
        token = doc[i]
        if not is_glued_to_letters(token):
            end = token.i + 1
            while end < len(doc) and (doc[end].lower_ in SCALES or (end == token.i + 1 and glued_count_scale(token, doc[end]))):
                end += 1
            covered.update(range(token.i, end))
            yield doc[token.i : end], "CARDINAL"


def without_dangling_join(span: Span) -> Span:
    """The entity without a range word it ends on: NER's "53 percent to" of "53 percent to 47 percent"
    (an audit read the amount "53 percent to" as a bad span)."""
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].lower_ in RANGE_WORDS:
        end -= 1
    return span if end == span.end else span.doc[span.start : end]


def _leading_duration(ent: Span) -> Span | None:
    """The "N-year-long" a longer DATE entity opens with: NER's "17-Year-Long Fight Over Aircraft
    Subsidies" holds the "17-Year-Long" an audit saw missed. Only a prefix ending on "long" is taken:
    other prefixes were wrong in 6 of 7 non-test AllSides texts ("11-year" of "5- to 11-year-olds",
    "16 years" of "16 years of age", "100 Days" of "100 Days of Big, Bold Change")."""
    longs = [t.i for t in ent if t.lower_ == "long"]
    if len(ent) < 4 or not longs:
        return None
    prefix = ent.doc[ent.start : longs[0] + 1]
    return prefix if DURATION.match(prefix.text) else None


def amounts_in_span(span: Span, label: str, document: Document) -> list[Amount]:
    """The amounts of one candidate span (one per number in it: '1,500 to 2,000 jobs')."""
    span = without_dangling_join(span)
    groups = [g for g in number_groups(span) if not any(is_glued_to_letters(t) for t in g.tokens)]
    amounts = []
    for group in groups:
        named = is_part_of_name(group.head) and group.counted_after_scale is None  # "60m doses": "m" is no name
        if looks_like_year(group, label) or named or is_pronoun_one(group) or is_vague(group):
            continue
        if is_not_a_quantity(group.tokens[0]) or is_model_number(group) or is_even_split(group, unit_token(group)):
            continue
        if label in ("DATE", "TIME") and unit_token(group) is None:
            continue
        if is_statistic_window(unit_token(group)):
            continue
        amount = make_amount(span if len(groups) == 1 else None, group, label, document)
        amounts.append(amount)
        tail = tally_tail(group.head)
        if tail is not None:
            amounts.append(_tally_second_side(tail, amount, document))
    return share_counts(amounts)


def is_statistic_window(unit: Token | None) -> bool:
    """'the seven-day average', 'a 14-day rolling average', 'a four-week moving average': the span a
    statistic is taken over, not an amount the text reports (see ``STATISTIC_NOUNS``)."""
    if unit is None or unit.lemma_.lower() not in TIME_UNITS:
        return False
    head = unit.head
    return head.i > unit.i and head.lemma_.lower() in STATISTIC_NOUNS and unit.dep_ in ("compound", "amod", "nmod", "npadvmod")


def _tally_second_side(tail: Token, first: Amount, document: Document) -> Amount:
    """The "0" of "19-to-0": its own amount (each side of a tally is one), counting what the first side counts."""
    start = tail.idx + len("to-")
    end = tail.idx + len(tail.text)
    return Amount(document.id, start, end, document.text[start:end], float(document.text[start:end]), first.unit, first.counts)


def share_counts(amounts: list[Amount]) -> list[Amount]:
    """A range counts one thing: '1,500 to 2,000 jobs' gives 'jobs' to both numbers."""
    things = {a.counts for a in amounts if a.counts}
    units = {a.unit for a in amounts if a.unit}
    if len(things) > 1 or len(units) > 1:
        return amounts
    thing, unit = next(iter(things), None), next(iter(units), None)
    shared = []
    for amount in amounts:
        counts, unit_text = amount.counts or thing, amount.unit or unit
        same = counts == amount.counts and unit_text == amount.unit  # most amounts: no copy made
        shared.append(amount if same else replace(amount, counts=counts, unit=unit_text))
    return shared


def make_amount(span: Span | None, group: NumberGroup, label: str, document: Document) -> Amount:
    """Value, unit and counted noun for one number; the span is the entity when it holds one number."""
    unit = unit_token(group)
    code = currency(span or group.head.doc[group.tokens[0].i : group.head.i + 1], group)
    money = label == "MONEY" or code is not None
    carrier = unit or group.head  # "65 years and older": the age words follow the unit
    years = unit is None or unit.lemma_.lower() == "year"
    named_age = label == "AGE" or _age_range_after(carrier.doc, carrier.i + 1) or _age_word_before(group.tokens[0])
    named_age = named_age or (unit is not None and _years_old_apart(unit))
    age = years and not money and named_age
    thing = age_holder(carrier) if age else counted(group, unit, money)
    age = age or (unit is not None and _year_old(unit))
    start = span.start_char if span is not None else group.tokens[0].idx
    if _after_currency(group.tokens[0]):  # keep "$" in "$100,000" when spaCy left it out
        start = min(start, group.head.doc[group.tokens[0].i - 1].idx)
    end = span.end_char if span is not None else group.head.idx + len(group.head)
    if unit is not None and unit.i <= group.head.i + 2:  # not "12 and 15 years" for the 12 of a range
        end = max(end, unit.idx + len(unit))
    unit_text = code if money and code else AGE_UNIT if age else unit_name(unit)
    if label == "PERCENT" and unit_text is None:
        unit_text = "%"
    return Amount(
        document.id, start, end, document.text[start:end], group.value, unit_text,
        noun_phrase_head(thing, start, end) if isinstance(thing, Token) else thing,
    )  # fmt: skip


def _year_old(unit: Token) -> bool:
    """'a 30-year-old man', 'the 70-year-old': the unit "year" of a hyphenated age."""
    doc = unit.doc
    return (
        unit.lemma_.lower() == "year"
        and unit.i + 2 < len(doc)
        and doc[unit.i + 1].text in ("-", "–")
        and doc[unit.i + 2].lower_ == "old"
    )


def _years_old_apart(unit: Token) -> bool:
    """'people 65 years old and older', 'a man 45 years old': the unit "year" of an age written apart."""
    doc = unit.doc
    return unit.lemma_.lower() == "year" and unit.i + 1 < len(doc) and doc[unit.i + 1].lower_ == "old"


def _words_after(doc: Doc, index: int) -> str:
    """The few words after token ``index`` (``doc.text`` is rebuilt on every access: never slice it per amount)."""
    return " " + doc[index : index + AGE_LOOKBACK].text


def _age_range_after(doc: Doc, index: int) -> bool:
    """Do the words from token ``index`` on say "and older", "or up" (``AGE_AFTER``)?

    Only a whitespace token or one that opens on "and" / "or" can start them, so the
    words are joined (``_words_after``) only after such a token: 6,500 times fewer on
    the bench corpus, same answers."""
    if index >= len(doc):
        return False
    first = doc[index]
    if not first.is_space and not first.lower_.startswith(("and", "or")):
        return False
    return bool(AGE_AFTER.match(_words_after(doc, index)))


def _age_word_before(number: Token) -> bool:
    """'ranging in age from 2 to 86', 'aged between 5 and 11': an age word right before the number, past
    the word that opens a range (an audit read the ages 2 and 86 as "counts ?")."""
    doc = number.doc
    index = number.i - 1
    if index >= 0 and doc[index].lower_ in AGE_RANGE_OPENERS:
        index -= 1
    return index >= 0 and doc[index].lower_ in ("age", "ages", "aged")


def age_holder(number: Token) -> Token | None:
    """Whose age a bare number is: the noun before it once the age words are passed ('people 65
    and older', 'individuals ages 18 to 64', 'people over the age of 65'), read off the words
    because the small model parses these phrases badly (ages as a verb, years as an adverb)."""
    doc = number.doc
    first = min([number.i, *(t.i for t in number.lefts)])
    for token in reversed(doc[max(0, first - AGE_LOOKBACK) : first]):
        if token.lower_ in AGE_WORDS:
            continue
        return token if token.pos_ in ("NOUN", "PROPN") and not is_unit_word(token) else None
    return None


def fill_ranges(amounts: list[Amount], text: str) -> list[Amount]:
    """'1,500 to 2,000 jobs', 'a vote of 168 to 55': two numbers of one range count one thing,
    whichever of the two the parse gave it to; and '10 to 30 degrees' are both in the unit
    written once, after the second."""
    filled = list(amounts)
    for i in range(len(filled) - 1, 0, -1):
        first, second = filled[i - 1], filled[i]
        if text[first.end : second.start].strip().lower() not in RANGE_WORDS:
            continue
        if first.counts is None and second.counts is not None:
            filled[i - 1] = replace(first, counts=second.counts, unit=first.unit or second.unit)
        elif second.counts is None and first.counts is not None:
            filled[i] = replace(second, counts=first.counts, unit=second.unit or first.unit)
        elif first.unit is None and second.unit is not None:
            filled[i - 1] = replace(first, unit=second.unit)
        if first.unit == AGE_UNIT and filled[i].unit is None:  # "between the ages of 18 and 64": both are ages
            filled[i] = replace(filled[i], unit=AGE_UNIT)
    return filled


def find_amounts(doc: Doc, document: Document, ents: Sequence[Span] | None = None) -> list[Amount]:
    """Amounts in the document: value, unit and the thing counted (``ents``: ``doc.ents``, when the caller has them)."""
    found: dict[tuple[int, int], Amount] = {}
    for span, label in candidate_spans(doc, ents):
        for amount in amounts_in_span(span, label, document):
            found.setdefault((amount.start, amount.end), amount)
    ranged = fill_ranges(sorted(found.values(), key=lambda a: a.start), document.text)
    return carried_measures(compared_in_sentence(ranged, doc, document.text), doc)


def carried_measures(amounts: list[Amount], doc: Doc) -> list[Amount]:
    """A physical measure that names nothing measures what the last one in its unit, in its sentence or
    the one before, measured: "The storm dropped 5 inches of rain in the park. Newark saw 8 inches"
    (an audit read "8 inches — counts ?" as vague). Times, shares, money and points are left alone."""
    filled = list(amounts)
    for i, amount in enumerate(filled):
        if amount.counts is not None or amount.unit not in CARRIED_UNITS:
            continue  # tested before the span is made: most amounts count something or are no measure
        span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
        if span is None:
            continue
        earliest = _previous_sentence_start(span)
        for before in reversed(filled[:i]):
            if before.start < earliest:
                break
            if before.unit == amount.unit and before.counts is not None:
                filled[i] = replace(amount, counts=before.counts)
                break
    return filled


def _previous_sentence_start(span: Span) -> int:
    """Where the sentence before ``span``'s starts (its own start when it is the first)."""
    sentence = span.sent
    if sentence.start == 0:
        return sentence.start_char
    return span.doc[sentence.start - 1].sent.start_char


def compared_in_sentence(amounts: list[Amount], doc: Doc, text: str) -> list[Amount]:
    """A figure a sentence compares with another of the same unit counts the same thing: "the
    CPI climbed 4.2 percent, higher than the estimated 3.6 percent", "the unemployment rate
    rose to 6.1%, up from 6%" — a figure right after "from" / "than" / "compared with", when
    exactly one figure of that unit in the sentence says what it counts. ``text``: the document's
    (``doc.text`` is rebuilt on every access)."""
    groups: dict[tuple[int, str], list[int]] = {}
    arguments: set[int] = set()  # the figures that are a verb's subject or object: "42% have received", "taking 46.7 percent"
    for index, amount in enumerate(amounts):
        if amount.unit is None:
            continue  # no span made for it: most amounts have no unit
        span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
        if span is not None:
            groups.setdefault((span.sent.start_char, amount.unit), []).append(index)
            if span.root.dep_ in SHARE_ARGUMENTS and span.root.head.pos_ in ("VERB", "AUX"):
                arguments.add(index)
    filled = list(amounts)
    for (sentence_start, unit), members in groups.items():
        named = {filled[i].counts for i in members if filled[i].counts}
        if len(members) < 2 or len(named) != 1:
            continue
        thing = named.pop()
        wholes = [i for i in members if filled[i].counts and SHARE_OF.match(text, filled[i].end)]
        for i in members:
            before = text[max(sentence_start, filled[i].start - COMPARED_LOOKBACK) : filled[i].start]
            share = unit == "%" and len(wholes) == 1 and i in arguments  # "29% of people ... and 42% have received"
            if filled[i].counts is None and (COMPARED_WITH.search(before) or share):
                filled[i] = replace(filled[i], counts=thing)
    return filled
