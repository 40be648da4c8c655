"""link.introductions: between steps 1 and 2 — does the story introduce a one-word name as a person?

News introduces a person before leaning on a bare surname: a given name ("Anthony Fauci"), a title
("President Biden", "Mr. Cuomo", "then-President Trump", "the Biden administration"), or the
person's own pronouns ("X said his ..."). A one-word form the story mentions again and again
without any of these is no person's, whatever NER says: the small English model calls "Pfizer",
"Moderna", "Twitter" or "Covid" a PERSON in most sentences, while the story writes "Pfizer said its
vaccine ...". Such a form keeps NER's other readings of it; with none, "its" / "it" after it (or
"Pfizer Inc" in the story) makes it an organisation, and without that it is no entity at all
(``entities.impossible_person``).

The other way round, a title-case form NER never reads as a person is one when the story
introduces it so: a given name right before it that NER left out, or "he" / "she" after it as the
subject of its clause, again and again ("Smith said he ...", with Smith tagged ORG).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from crossread.first_names import is_first_name
from crossread.model import AnalyzedDocument
from crossread.stages.link.clusters import Votes
from crossread.stages.link.mentions import CONNECTOR_WORDS, DETERMINERS, PERSON, Candidate, CaseStats
from crossread.stages.link.names import (
    COMPANY_ROLE_WORDS,
    LEADING_JUNK,
    NORMALISER_CACHE_SIZE,
    TRAILING_JUNK,
    fold,
    is_person_title,
    is_role_token,
    name_word_tuple,
    parse_person_name,
    token_norm,
)

# A one-word form mentioned this often in a story with no introduction is no person's. One passing
# mention ("compared to Hitler") is how news names the famous without introducing them; on the
# 200 AllSides development stories every twice-mentioned bare form without an introduction was
# a company, an outlet, a place or the disease ("Pfizer", "Politico", "Gauteng", "Covid").
MIN_UNINTRODUCED_MENTIONS = 2


# A one-word form NER never calls a person is one when, opening its clause, it is followed by "he"
# or "she" this often and never by "it" (one "he" may be someone else's).
MIN_SUBJECT_PRONOUNS = 2


# A title abbreviated with a dot has at most this many letters ("Sen.", "Gov.", "Prof."): a longer word
# with a dot ends the sentence before the name ("chose a mayor. X Y").
MAX_TITLE_ABBREVIATION = 4


# The label a denied form takes when the story refers back to it as a thing ("Pfizer said its").
ORG = "ORG"


# Pronouns that tell a person from a thing when they are the first to follow a name in its sentence.
# Subject and possessive forms only: an object pronoun is someone else ("Facebook petitioned her",
# "X told him"), and "her" is an object as often as a possessive.
PERSON_PRONOUNS = frozenset({"he", "his", "she"})
THING_PRONOUNS = frozenset({"it", "its"})
# Nouns after a one-word name that only a person (a head of government) takes.
LEADER_NOUNS = frozenset({"administration", "presidency", "era"})
NEXT_WORD_RE = re.compile(r"[\s\-–]+(\w+)")
ARTICLES = frozenset({"the", "a", "an"})
NORP = "NORP"
# Sentence-initial words gender-guesser also lists as given names.
FUNCTION_WORDS = ARTICLES | DETERMINERS | CONNECTOR_WORDS
PRONOUN_RE = re.compile(r"\b(?:he|him|his|she|her|hers|it|its)\b", re.IGNORECASE)  # all, so an object stops the search


@dataclass(slots=True)
class Introductions:
    """Per folded one-word form: its mentions (under every NER reading) and the evidence around them
    for and against a person."""

    mentions: Counter[str] = field(default_factory=Counter)
    person_readings: Counter[str] = field(default_factory=Counter)
    titled: Counter[str] = field(default_factory=Counter)
    person_pronouns: Counter[str] = field(default_factory=Counter)
    thing_pronouns: Counter[str] = field(default_factory=Counter)
    named_before: Counter[str] = field(default_factory=Counter)
    title_case: set[str] = field(default_factory=set)
    groups: Counter[str] = field(default_factory=Counter)  # NORP readings: "a Virginia Democrat" is no one's name
    subject_pronouns: Counter[str] = field(default_factory=Counter)
    # Organisation names the form opens ("Pfizer Inc", "Twitter Inc.").
    org_heads: Counter[str] = field(default_factory=Counter)

    @classmethod
    def count(cls, documents: Sequence[AnalyzedDocument], candidates: Sequence[Candidate], stats: CaseStats) -> Introductions:
        """``stats`` tells a given name from an ordinary word the registry also lists ("In", "The")."""
        found = cls()
        starts: dict[int, _Starts] = {}  # per document, read once: where its sentences and mentions start
        for candidate in candidates:
            words = candidate.text.split()
            if candidate.label == ORG and len(words) > 1:  # "Pfizer Inc": the story names the form's organisation
                found.org_heads[fold(words[0])] += 1
            if len(name_word_tuple(candidate.person_text)) == 1:
                analyzed = documents[candidate.doc_index]
                if candidate.doc_index not in starts:
                    starts[candidate.doc_index] = _Starts.of(analyzed)
                found._note(candidate, analyzed, stats, starts[candidate.doc_index])
        return found

    def _note(self, candidate: Candidate, analyzed: AnalyzedDocument, stats: CaseStats, starts: _Starts) -> None:
        """Count one mention of a one-word form and the evidence around it."""
        key = fold(candidate.person_text)
        text = analyzed.document.text
        self.mentions[key] += 1  # every reading: "FOX" once an ORG and once a PERSON is mentioned twice
        self.person_readings[key] += candidate.label == PERSON
        before = _word_before(text, candidate.person_start)
        company = token_norm(before) in COMPANY_ROLE_WORDS  # "drugmaker Pfizer" introduces no person
        self.titled[key] += (is_role_token(before) and not company) or _leads(text, candidate.person_end)
        self.named_before[key] += _is_given_name(before) and not stats.is_common_word(before)
        self.groups[key] += candidate.label == NORP
        if _is_title_case(candidate.person_text):
            self.title_case.add(key)
        if _after_an_article(text, candidate.person_start):
            return  # "the Biden administration ... it": the pronoun is the head noun's, not the name's
        pronoun = _next_pronoun(analyzed, candidate.person_start, candidate.person_end, starts)
        self.person_pronouns[key] += pronoun in PERSON_PRONOUNS
        self.thing_pronouns[key] += pronoun in THING_PRONOUNS
        if pronoun in PERSON_PRONOUNS and _opens_a_clause(text, candidate.person_start):
            self.subject_pronouns[key] += 1

    def introduced_otherwise(self) -> set[str]:
        """One-word forms NER never reads as a person that the story introduces as one: a given name
        before it where NER left it out ("Alejandro\u00a0Mayorkas" read as a GPE), or, as the subject
        of its clause, referred back to as "he" / "she" again and again with never an "it" ("Smith said
        he ..." with Smith an ORG). A title is no such evidence: "Secretary" precedes departments too."""
        return {
            key
            for key in self.mentions
            if key in self.title_case
            and not self.person_readings[key]
            and not self.groups[key]
            and not self.thing_pronouns[key]
            and (self.named_before[key] or self.subject_pronouns[key] >= MIN_SUBJECT_PRONOUNS)
        }

    def unintroduced(self, key: str) -> bool:
        """A one-word PERSON form the story mentions repeatedly but never introduces as a person.

        A registered given name ("Casey", "Adele") is a person by itself; a surname the story gives
        in full is caught earlier, by the corpus votes (``deny_unintroduced``).
        """
        return (
            self.person_readings[key] > 0
            and self.mentions[key] >= MIN_UNINTRODUCED_MENTIONS
            and not self.titled[key]
            and self.person_pronouns[key] <= self.thing_pronouns[key]
        )

    def spoken_of_as_thing(self, key: str) -> bool:
        """The story refers back to the form with "it" / "its" more than with a person's pronoun, or
        names an organisation that opens with it ("Pfizer Inc")."""
        return self.thing_pronouns[key] > self.person_pronouns[key] or self.org_heads[key] > 0


def deny_unintroduced(candidates: Sequence[Candidate], introductions: Introductions, votes: Votes) -> None:
    """Mark every mention of an unintroduced one-word form as no person's (``Candidate.person_denied``),
    whatever NER called each; its PERSON readings become organisations where the story calls it "it".

    The surname of someone the story names in full ("Fauci" beside "Anthony Fauci",
    ``Votes.surname_evidence``) and a registered given name need no other introduction.
    """
    denied = {key for key in introductions.mentions if introductions.unintroduced(key)}
    for candidate in candidates:
        key = fold(candidate.person_text)
        if key not in denied:
            continue
        name = parse_person_name(candidate.person_text)
        if name is None or votes.surname_evidence[name.block] or is_first_name(name.surname.strip(LEADING_JUNK + TRAILING_JUNK)):
            continue
        candidate.person_denied = True
        if candidate.label == PERSON and introductions.spoken_of_as_thing(key):
            candidate.label = ORG


def retitle_titled_names(documents: Sequence[AnalyzedDocument], candidates: Sequence[Candidate]) -> None:
    """A two- or three-word title-case name NER did not read as a person is one where the story gives it a
    title only people take ("councilwoman Shontel Brown", "Sen. Jane Roe"): that mention becomes a PERSON
    reading, and the corpus votes decide the form (audit F saw "Shontel Brown" typed ORG)."""
    for candidate in candidates:
        words = candidate.text.split()
        if candidate.label == PERSON or not 2 <= len(words) <= 3 or not all(_is_title_case(w) for w in words):
            continue
        before = _word_before(documents[candidate.doc_index].document.text, candidate.start)
        ends_a_sentence = before.endswith(".") and len(fold(before)) > MAX_TITLE_ABBREVIATION  # "a mayor. X Y"
        if is_person_title(before) and not ends_a_sentence and parse_person_name(candidate.text) is not None:
            candidate.label = PERSON


# Characters before a name read first for the word before it (a paragraph is one line: splitting all of it
# before every one-word name cost more than the rest of the note).
WORD_BEFORE_CHARS = 64


def _word_before(text: str, start: int) -> str:
    """The word before ``start`` on its line ("" at the line's start).

    Read from the last ``WORD_BEFORE_CHARS`` characters when they hold a whole word, else
    from the line's start: the same word.
    """
    line_start = text.rfind("\n", 0, start) + 1
    near = max(line_start, start - WORD_BEFORE_CHARS)
    before = text[near:start].split()
    if near > line_start and len(before) < 2 and not (before and text[near].isspace()):
        before = text[line_start:start].split()  # no whole word in reach: the last one may begin earlier
    return before[-1] if before else ""


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def _is_given_name(word: str) -> bool:
    """A title-case registered given name right before a name ("Alejandro"), not a title ("Judge"
    is both), a function word the registry also lists ("The") or one ending a phrase ("Salvador,")."""
    core = word.lstrip(LEADING_JUNK)
    return (
        core[:1].isupper()
        and core[1:].isalpha()
        and core[1:].islower()
        and core.lower() not in FUNCTION_WORDS
        and not is_role_token(core)
        and is_first_name(core)
    )


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def _is_title_case(word: str) -> bool:
    """ "Mayorkas", "O'Brien"; not "CNN", "U.S." or "iPhone"."""
    core = word.strip(LEADING_JUNK + TRAILING_JUNK)
    return core[:1].isupper() and any(ch.islower() for ch in core) and core[1:] == core[1:].lower()


def _opens_a_clause(text: str, start: int) -> bool:
    """Whether the name opens its line or sentence or follows a comma: then it is the subject its
    pronoun follows ("Smith said he"), not an object ("told Politico he")."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip(LEADING_JUNK + " \u00a0")
    return not before or before.endswith((",", ".", "!", "?"))


def _leads(text: str, end: int) -> bool:
    """Whether the name is followed by a word only a leader takes ("the Biden administration", "Trump-era")."""
    match = NEXT_WORD_RE.match(text, end)
    return match is not None and match.group(1).lower() in LEADER_NOUNS


def _after_an_article(text: str, start: int) -> bool:
    """Whether "the" / "a" / "an" precedes the name: then it modifies the noun after it."""
    before = text[max(0, start - 5) : start].split()
    return bool(before) and before[-1].lower() in ARTICLES


@dataclass(frozen=True, slots=True)
class _Starts:
    """Where a document's sentences and mentions start (both in text order), listed once for its notes."""

    sentences: list[int]
    mentions: list[int]

    @classmethod
    def of(cls, analyzed: AnalyzedDocument) -> _Starts:
        return cls([s.start for s in analyzed.sentences], [m.start for m in analyzed.mentions])


def _next_pronoun(analyzed: AnalyzedDocument, start: int, end: int, starts: _Starts | None = None) -> str | None:
    """The first of he/his/she/her/it/its after the name ``[start, end)`` in its sentence,
    lower-cased; None when another name comes first ("Twitter suspended Trump's account over his
    posts": "his" is Trump's), or NER ran the name on into one ("Twitter Suspends Trump's ...")."""
    if starts is None:
        starts = _Starts.of(analyzed)
    found = bisect_right(starts.sentences, end - 1) - 1  # ``sentence_at``, on starts listed once
    if found < 0:
        return None
    sentence = analyzed.sentences[found]
    match = PRONOUN_RE.search(analyzed.document.text, end, sentence.end)
    if match is None:
        return None
    mentions = analyzed.mentions  # in text order, never overlapping: the name's own is the last starting by ``start``
    own = bisect_right(starts.mentions, start) - 1
    run_on = own >= 0 and mentions[own].end > end
    if run_on or (own + 1 < len(mentions) and mentions[own + 1].start < match.start()):
        return None
    return match.group().lower()
