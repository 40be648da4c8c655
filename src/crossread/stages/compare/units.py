"""compare.units: a story's claim units, each a whole proposition with its frame.

Needs the analyzed documents, their spaCy parses and the linked entities. A
sentence is cut between coordinated clauses that have their own subject and at
semicolons, but a piece without its own predicate (a verb) or shorter than
``MIN_UNIT_CHARS`` stays with its sentence: a fragment carries no claim.
Each unit gets its matching features (lemmas, entity ids, amounts, dates) and
its frame: the main predicate's lemma, its subjects' and objects' heads
(entity ids where linked), polarity (negated or called untrue), modality
(planned / reported / happened / stated) and whether it sits inside a quotation.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD, IS_ALPHA, IS_STOP, LEMMA, LENGTH, LIKE_NUM, LOWER, POS, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

from crossread.headlines import title_sentences
from crossread.model import AnalyzedDocument, Entity
from crossread.units import Unit, inside_quotation

# --- tuning constants -------------------------------------------------------
# Units shorter than this carry no checkable claim ("He added.").
MIN_UNIT_WORDS = 4
# A clause piece shorter than this joins its sentence: of 162 corroborated claims
# read on real three-outlet stories, 26 had a unit under 60 characters and
# nearly all were fragments ("as well as the return of ambassadors").
MIN_UNIT_CHARS = 40
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
# Words by which a source says a claim is untrue: one source carrying the claim
# and another refuting it is a conflict (FNC-1 "disagree" bodies use these). A
# "rumour" is unconfirmed, not untrue ("the pictures seem to confirm early rumours").
REFUTATION_LEMMAS = frozenset(
    {"deny", "denial", "refute", "debunk", "false", "fake", "hoax", "untrue", "baseless", "unfounded",
     "fabricate", "fabricated", "misleading", "dismiss", "disprove", "retract"}
)  # fmt: skip
# Dependencies whose words carry a fact: the verbs, their subjects and objects
# (a word only in a modifier, "victims of human trafficking", is theme, not fact).
CORE_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "dobj", "attr", "oprd", "xcomp", "ccomp", "advcl", "relcl", "acomp"})
LIGHT_VERBS = frozenset({"be", "have", "do", "say", "make", "take", "get", "go", "will", "would"})
SPEECH_VERBS = frozenset(
    {"say", "tell", "announce", "claim", "report", "state", "add", "write", "tweet", "note", "argue", "insist",
     "warn", "accord", "suggest", "allege", "confirm", "acknowledge", "explain", "describe", "call"}
)  # fmt: skip
# A light verb with an event noun as its object says what the noun says: "held a meeting with X"
# states "met X", "made an announcement" "announced", so ``same_predicate`` fires across the two
# wordings (an analyst audit of unlabelled stories found core events missed this way). Only these
# verbs and nouns: "hold power", "take office", "make money" keep their verb. On the labelled dev
# stories such pairs are rare (under ten units of 64 stories: "issue a statement", "make an arrest").
LIGHT_PREDICATES = frozenset({"hold", "have", "make", "give", "take", "conduct", "carry", "deliver", "issue", "pay", "stage"})
EVENT_NOUN_VERBS = {
    "meeting": "meet", "talk": "talk", "call": "call", "visit": "visit", "trip": "travel", "speech": "speak",
    "statement": "state", "announcement": "announce", "decision": "decide", "vote": "vote", "promise": "promise",
    "pledge": "pledge", "threat": "threaten", "warning": "warn", "request": "request", "demand": "demand",
    "appearance": "appear", "attack": "attack", "arrest": "arrest", "raid": "raid", "search": "search",
    "investigation": "investigate", "inquiry": "inquire", "review": "review", "inspection": "inspect",
    "recommendation": "recommend", "argument": "argue", "attempt": "attempt", "payment": "pay", "comment": "comment",
    "proposal": "propose", "offer": "offer", "negotiation": "negotiate", "discussion": "discuss", "testimony": "testify",
    "criticism": "criticize", "response": "respond", "apology": "apologize", "admission": "admit", "accusation": "accuse",
    "allegation": "allege", "denial": "deny", "ruling": "rule", "strike": "strike", "withdrawal": "withdraw",
}  # fmt: skip
PLAN_LEMMAS = frozenset({"plan", "expect", "intend", "schedule", "propose", "aim", "hope", "seek", "prepare"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
NEGATING_DETERMINERS = frozenset({"no", "never", "none", "neither", "nor"})
# Words before an amount that make it a bound or an estimate, not a value to compare.
HEDGE = re.compile(
    r"\b(?:at least|more than|over|under|fewer than|less than|nearly|almost|about|around|roughly|some|up to|"
    r"approximately|an estimated|as many as|as much as|close to|upwards of)\s*[$€£]?\s*$",
    re.IGNORECASE,
)
HEDGE_START = re.compile(HEDGE.pattern.replace(r"\s*[$€£]?\s*$", r"\b"), re.IGNORECASE)
# "up to" after a verb of movement is where a figure went, not a bound: "claims ticked up to 373,000",
# "edged up to", "revised up to" (an audit saw such figures read as at most N).
MOVED_UP = re.compile(
    r"\b(?:tick|edg|inch|creep|crept|climb|jump|mov|revis|bump|shot|shoot|went|go|rose|ris|push|drift)\w*\s+$", re.IGNORECASE
)
# A denial verb refutes a claim ("denied the report", "denied that …", "denies
# taking a selfie", "X denied it"), not what is granted or refused ("denied the
# request"); a dismissal only a claim ("dismissed the reports", not "dismissed the
# tactics"); a refuting adjective counts as the predicate's attribute only.
DENIAL_VERBS = frozenset({"deny", "refute", "debunk", "disprove"})
DISMISSAL_VERBS = frozenset({"dismiss", "reject", "retract"})
CLAIM_NOUNS = frozenset(
    {"report", "claim", "allegation", "rumor", "rumour", "story", "accusation", "charge", "speculation",
     "suggestion", "it", "this", "that"}
)  # fmt: skip


class MentionIndex:
    """One document's entity mentions, found by character span in logarithmic time.

    A linear scan per token was quadratic in the text: a 1,200,000-character
    text (250,000 tokens, 30,000 mentions) took hours to brief. Among
    overlapping mentions the first listed wins, as before.
    """

    def __init__(self, mentions: Sequence[tuple[int, int, Entity]]) -> None:
        order = sorted(range(len(mentions)), key=lambda i: mentions[i][0])
        self._starts = [mentions[i][0] for i in order]
        self._ends = [mentions[i][1] for i in order]
        self._entities = [mentions[i][2] for i in order]
        self._listed = order
        self._longest = max((end - start for start, end, _e in mentions), default=0)

    def at(self, start: int, end: int) -> Entity | None:
        """The entity of the first-listed mention overlapping ``[start, end)``, if any."""
        found: tuple[int, Entity] | None = None
        i = bisect.bisect_left(self._starts, end) - 1
        while i >= 0 and self._starts[i] > start - self._longest - 1:
            if self._ends[i] > start and (found is None or self._listed[i] < found[0]):
                found = (self._listed[i], self._entities[i])
            i -= 1
        return found[1] if found else None

    def per_token(self, starts: Sequence[int], ends: Sequence[int]) -> list[Entity | None]:
        """``at`` for every token of a parse at once (``starts``, ``ends``: its tokens' character offsets, in order).

        Walks the mentions instead of the tokens: few tokens are in a mention, and a mention's
        tokens are found by bisection (tokens are ordered and never overlap, so their ends are too).
        """
        found: list[Entity | None] = [None] * len(starts)
        for listed in sorted(range(len(self._listed)), key=lambda i: self._listed[i]):  # the first listed wins
            start, end = self._starts[listed], self._ends[listed]
            for i in range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)):
                if found[i] is None:
                    found[i] = self._entities[listed]
        return found


POS_BY_ID = {int(k): v for k, v in POS_NAMES.items()}


class _Strings:
    """A column of string hashes, each looked up when read (``strings``: the parse's string store)."""

    __slots__ = ("_hashes", "_strings")

    def __init__(self, hashes: numpy.ndarray[Any, Any], strings: StringStore) -> None:
        self._hashes = hashes
        self._strings = strings

    def __getitem__(self, token: int) -> str:
        return str(self._strings[int(self._hashes[token])])


class ParseArrays:
    """One parse's token attributes as plain lists, read once (``Doc.to_array``).

    Reading them off ``Token`` objects made one object per read (``token.head``, ``doc[i]``):
    about 2,000,000 of them for the 1,000 stories of the bench. Lemmas are lower-cased.
    """

    __slots__ = (
        "_bounds",
        "_by_head",
        "_reach",
        "alpha",
        "dep",
        "end",
        "head",
        "idx",
        "lemma",
        "like_num",
        "lower",
        "pos",
        "stop",
        "tag",
    )

    def __init__(self, doc: Doc) -> None:
        table = doc.to_array([LEMMA, POS, DEP, HEAD, IS_STOP, IS_ALPHA, LIKE_NUM, LENGTH, SPACY, TAG, LOWER])
        strings = doc.vocab.strings
        lemmas, deps = table[:, 0].tolist(), table[:, 2].tolist()
        self.lemma = list(map({h: strings[h].lower() for h in set(lemmas)}.__getitem__, lemmas))
        self.pos = list(map(POS_BY_ID.__getitem__, table[:, 1].tolist()))
        self.dep = list(map({h: strings[h] for h in set(deps)}.__getitem__, deps))
        self.tag = _Strings(table[:, 9], strings)  # read for a few tokens only: looked up when read
        self.lower = _Strings(table[:, 10], strings)
        heads = table[:, 3].view(numpy.int64) + numpy.arange(len(table), dtype=numpy.int64)
        self.head = heads.tolist()
        # each token's children (``Token.children``: in order, the root not its own): tokens by head, then position
        by_head = numpy.argsort(heads, kind="stable")
        self._by_head = by_head.tolist()
        self._bounds = numpy.searchsorted(heads[by_head], numpy.arange(len(table) + 1)).tolist()
        self.stop = table[:, 4].astype(bool).tolist()
        self.alpha = table[:, 5].astype(bool).tolist()
        self.like_num = table[:, 6].astype(bool).tolist()
        lengths = table[:, 7].view(numpy.int64)
        following = lengths + table[:, 8].view(numpy.int64)  # a token's text and its trailing space
        starts = numpy.concatenate(([0], numpy.cumsum(following)[:-1])) if len(table) else lengths
        self.idx = starts.tolist()
        self.end = (starts + lengths).tolist()
        self._reach = (starts + following).tolist()  # where the next token starts

    def _token_at(self, char: int) -> int:
        """The token whose text or trailing space holds character ``char``, else -1 (spaCy's ``token_by_char``)."""
        token = bisect.bisect_right(self.idx, char) - 1
        return token if token >= 0 and char < self._reach[token] else -1

    def char_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The token range of ``doc.char_span(start, end, alignment_mode="expand")``, without making the Span."""
        first, last = self._token_at(start), self._token_at(end - 1)
        if first < 0 or last < 0:
            return None
        if start == self.end[first]:  # spaCy: a trailing space is no part of the token before it
            first += 1
        if first > last + 1:
            raise IndexError(f"no span from token {first} to {last + 1} (characters {start} to {end})")
        return first, last + 1

    def children(self, token: int) -> list[int]:
        """The token's syntactic children, in order (``Token.children``)."""
        return [c for c in self._by_head[self._bounds[token] : self._bounds[token + 1]] if c != token]


def _entity_index(entities: Sequence[Entity]) -> dict[str, MentionIndex]:
    mentions: dict[str, list[tuple[int, int, Entity]]] = defaultdict(list)
    for entity in entities:
        for mention in entity.mentions:
            mentions[mention.doc_id].append((mention.start, mention.end, entity))
    return defaultdict(lambda: MentionIndex(()), {doc: MentionIndex(found) for doc, found in mentions.items()})


FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})


def _is_own_clause(parse: ParseArrays, token: int) -> bool:
    """A coordinated verb with its own subject: "X met Y and Z said …". Not a participle ("with
    mandates and restrictions being lifted"), nor a reporting verb the parser coordinated with what it
    reports ("… would add $256 billion, analysts announced Thursday, dashing …"): cut off, the fact
    lost who says so (an audit saw both). Read off the parse's arrays: the tests cheapest and most
    often false first (no ``Token`` made)."""
    dep, head = parse.dep, parse.head[token]
    if parse.pos[token] not in ("VERB", "AUX") or dep[head] != "ROOT":
        return False
    children = parse.children(token)
    if not any(dep[c] in ("nsubj", "nsubjpass") for c in children):
        return False
    tag = parse.tag
    if not (tag[token] in FINITE_TAGS or any(dep[c] in ("aux", "auxpass") and tag[c] in FINITE_TAGS for c in children)):
        return False
    reports_the_head = (
        parse.lemma[token] in SPEECH_VERBS
        and not any(dep[c] in ("ccomp", "dobj", "xcomp") for c in children)
        and not any(dep[c] == "cc" for c in parse.children(head) if c < token)
    )
    return not reports_the_head


def _clause_bounds(doc: Doc, parse: ParseArrays, sentence: tuple[int, int], text: str) -> list[tuple[int, int]]:
    """Token ranges of the claim units in a sentence (its tokens' range): one fact each where the parse shows it.

    Words inside quotation marks stay one unit: a quotation is what someone said as a
    whole, and its clauses cut apart read as fragments (an audit found a texted quote
    split at its "and" into two "single source" lines).
    """
    first, last = sentence
    # a token's text is a new string each time it is read: only a sentence with a ";" is looked through
    semicolon = ";" in text[parse.idx[first] : parse.end[last - 1]]
    cuts = {i + 1 for i in range(first, last) if doc[i].text == ";"} if semicolon else set()
    dep = parse.dep
    for token in (doc[i] for i in range(first, last) if dep[i] == "conj" and _is_own_clause(parse, i)):
        left = token.left_edge.i
        cc = [c for c in token.head.children if c.dep_ == "cc" and c.i < left]
        if not cc and not (left > first and doc[left - 1].is_punct):
            continue  # no "and", no comma: "… that it is possible COVID-19 originated in a lab" is one clause
        cuts.add(cc[-1].left_edge.i if cc else left)
    bounds: list[tuple[int, int]] = []
    previous = first
    for cut in sorted(c for c in cuts if first < c < last and not inside_quotation(text, parse.idx[c])):
        bounds.append((previous, cut))
        previous = cut
    bounds.append((previous, last))
    return _join_fragments(parse, bounds)


def _is_proposition(parse: ParseArrays, first: int, last: int) -> bool:
    """A piece (never empty) with a predicate of its own and enough text to state something."""
    pos, dep = parse.pos, parse.dep
    has_verb = any(pos[i] in ("VERB", "AUX") and dep[i] not in ("aux", "auxpass") for i in range(first, last))
    return has_verb and parse.end[last - 1] - parse.idx[first] >= MIN_UNIT_CHARS


def _join_fragments(parse: ParseArrays, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces that are not propositions join the piece before them (the first joins the next)."""
    joined: list[tuple[int, int]] = []
    for first, last in bounds:
        if joined and not (_is_proposition(parse, first, last) and _is_proposition(parse, *joined[-1])):
            joined[-1] = (joined[-1][0], last)
        else:
            joined.append((first, last))
    return joined


LEADING_CONJUNCTION = re.compile(r"^(?:(?:and|or|but|as well as)\b[\s,]*)+", re.IGNORECASE)
# A closing quote mark left over from the previous paragraph: '"\n\nAAP reports …'.
LEADING_STRAY = re.compile(r"^[\"\u201d\u2019'\s]*\n\s*")


# The section labels of newsletter-style reports ("Why it matters: …", "The big picture: …"): the
# outlet's signposts, not part of the fact (audit H saw them in summary sentences).
SECTION_LABEL = re.compile(
    r"^(?:why it matters|the big picture|driving the news|between the lines|the bottom line|bottom line|"
    r"what's next|what to watch|what they're saying|the other side|state of play|by the numbers|zoom in|"
    r"zoom out|flashback|catch up quick|reality check|the backstory|be smart|the latest|go deeper|"
    r"yes, but|context|details|the catch|our thought bubble|what we're watching|where it stands)\s*:\s*",
    re.IGNORECASE,
)


def _leading_junk(text: str) -> int:
    """Characters to drop from a unit's start: a stray closing quote, a section label, a coordinating conjunction."""
    stray = LEADING_STRAY.match(text)
    skip = stray.end() if stray else 0
    label = SECTION_LABEL.match(text[skip:])
    skip += label.end() if label else 0
    conjunction = LEADING_CONJUNCTION.match(text[skip:])
    return skip + (conjunction.end() if conjunction else 0)


def _unit_from_tokens(parse: ParseArrays, analyzed: AnalyzedDocument, first: int, last: int, position: int) -> Unit | None:
    text = analyzed.document.text
    start, end = parse.idx[first], parse.end[last - 1]
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    start += _leading_junk(text[start:end])
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    if sum(parse.alpha[first:last]) < MIN_UNIT_WORDS:
        return None
    return Unit(analyzed.document.id, start, end, text[start:end], position)


@dataclass(frozen=True, slots=True)
class _ParsedDocument:
    """A document's parse as ``claim_units`` reads it: the tokens, their attributes, their linked entities."""

    doc: Doc
    parse: ParseArrays
    entities: list[Entity | None]  # each token's (``MentionIndex.per_token``)


def _describe(unit: Unit, parsed: _ParsedDocument, analyzed: AnalyzedDocument) -> None:
    """Fill a unit's features: lemmas, entity ids, numbers, dates, negation, titled persons."""
    text = analyzed.document.text
    span = parsed.parse.char_span(unit.start, unit.end)
    first, last = span if span is not None else (0, 0)
    parse = parsed.parse
    lemmas, pos, dep, head = parse.lemma, parse.pos, parse.dep, parse.head
    for i in range(first, last):
        entity = parsed.entities[i]
        if entity is not None:
            unit.entities.add(entity.id)
            if entity.label == "PERSON":
                title = _title_before(parsed.doc[i])
                if title:
                    unit.titled_persons[title] = entity.id
            continue
        lemma = lemmas[i]
        if pos[i] in CONTENT_POS and not parse.stop[i] and (parse.alpha[i] or parse.like_num[i]):
            unit.features.append(lemma)
        if pos[i] in ("VERB", "AUX") and lemma not in LIGHT_VERBS:
            unit.verbs.add(lemma)
        if dep[i] == "neg":
            unit.negated_verbs.add(lemmas[head[i]])
        if lemma in REFUTATION_LEMMAS:
            unit.refutations.add(lemma)
        if lemma in unit.features[-1:] and (dep[i] in CORE_DEPS or (dep[i] == "conj" and dep[head[i]] in CORE_DEPS)):
            unit.core.add(lemma)  # a verb, subject or object of the unit (or coordinated with one); the cheaper test first
    unit.features.extend(f"E:{e}" for e in sorted(unit.entities))
    for amount in analyzed.amounts:
        if unit.start <= amount.start and amount.end <= unit.end:
            key = f"{amount.unit or ''}|{amount.counts or ''}".lower()
            bound = HEDGE.search(text[max(0, amount.start - 24) : amount.start]) or HEDGE_START.match(amount.text)
            hedged = bound is not None and not _moved_up(text, amount.start, amount.text)
            # "the two sides", "the two leaders": who, not how many (an audit saw two sentences matched on it)
            referential = amount.value <= 2 and text[max(0, amount.start - 4) : amount.start].lower() == "the "
            if hedged or referential or (key in unit.numbers and unit.numbers[key] != amount.value):
                unit.loose_numbers.add(key)
            unit.numbers[key] = amount.value
            if not referential:  # "the two sides" is no figure the unit gives (``match.figure_and_name``)
                unit.values.add(amount.value)
            unit.features.append(f"N:{key}")
    for date in analyzed.dates:
        if unit.start <= date.start and date.end <= unit.end:
            unit.dates.add(date.value)
            if "explicit date" in date.evidence:
                unit.explicit_dates.add(date.value)
    if last > first:
        _read_frame(unit, parsed, first, last, analyzed.document.text)


UP_TO_END = re.compile(r"\bup\s+to\s*$", re.IGNORECASE)


def _moved_up(text: str, start: int, amount_text: str) -> bool:
    """Is the "up to" before (or opening) an amount a verb's particle ("ticked up to 373,000")?"""
    before = text[max(0, start - 32) : start]
    if amount_text[:5].casefold() != "up to":
        cut = UP_TO_END.search(before)
        if cut is None:
            return False
        before = before[: cut.start()]
    return bool(MOVED_UP.search(before))


def _title_before(token: object) -> str | None:
    """A lower-cased role noun right before a person's name ("foreign minister X")."""
    from spacy.tokens import Token

    assert isinstance(token, Token)
    if token.i == 0 or token.ent_iob_ != "B":
        return None
    previous = token.doc[token.i - 1]
    if previous.pos_ in ("NOUN", "PROPN") and previous.ent_type_ == "" and previous.is_title:
        return previous.lemma_.lower()
    return None


def claim_units(documents: Sequence[AnalyzedDocument], parsed: Sequence[Doc], entities: Sequence[Entity]) -> list[Unit]:
    """All claim units of the story's documents, with their features."""
    index = _entity_index(entities)
    units: list[Unit] = []
    for analyzed, doc in zip(documents, parsed, strict=True):
        parse = ParseArrays(doc)
        read = _ParsedDocument(doc, parse, index[analyzed.document.id].per_token(parse.idx, parse.end))
        position = 0
        title = title_sentences(analyzed)
        for sentence in analyzed.sentences:
            if sentence.is_heading and sentence.index not in title:  # a section heading; the title is a claim
                continue
            span = parse.char_span(sentence.start, sentence.end)
            if span is None:
                continue
            for first, last in _clause_bounds(doc, parse, span, analyzed.document.text):
                unit = _unit_from_tokens(parse, analyzed, first, last, position)
                if unit is None:
                    continue
                unit.headline = sentence.index in title
                _describe(unit, read, analyzed)
                units.append(unit)
                position += 1
    return units


def _main_predicate(parse: ParseArrays, first: int, end: int) -> int | None:
    """The unit's highest verb (tokens ``first`` to ``end``): its root, or the clause root nearest the top of the parse."""
    pos, dep, heads = parse.pos, parse.dep, parse.head
    verbs = [i for i in range(first, end) if pos[i] in ("VERB", "AUX") and dep[i] not in ("aux", "auxpass")]
    if not verbs:
        return None

    def depth(token: int) -> int:
        steps = 0
        head = heads[token]
        while head != token and first <= head < end:
            token, head, steps = head, heads[head], steps + 1
        return steps

    return min(verbs, key=lambda i: (depth(i), i))


def _head_key(token: int, parsed: _ParsedDocument) -> str:
    """An argument's identity: its linked entity id, else its lemma."""
    entity = parsed.entities[token]
    return f"E:{entity.id}" if entity is not None else parsed.parse.lemma[token]


# A verb that only describes a noun ("officers seeking immunity", "a plan expected to pass"): when a
# headline's parse leaves no finite verb above it, it tells nothing of what was planned or done.
NOUN_MODIFIER_DEPS = frozenset({"acl", "amod"})


def _modality(parse: ParseArrays, predicate: int) -> str:
    lemma = parse.lemma[predicate]
    auxiliaries = {parse.lower[c] for c in parse.children(predicate) if parse.dep[c] in ("aux", "auxpass")}
    if auxiliaries & FUTURE_AUX or "going" in auxiliaries:
        return "planned"
    if parse.dep[predicate] in NOUN_MODIFIER_DEPS:
        return "stated"
    if lemma in PLAN_LEMMAS:
        return "planned"
    if lemma in SPEECH_VERBS:
        return "reported"
    if parse.tag[predicate] in ("VBD", "VBN") or auxiliaries & {"has", "have", "had", "was", "were"}:
        return "happened"
    return "stated"


def _read_frame(unit: Unit, parsed: _ParsedDocument, first: int, end: int, text: str) -> None:
    """Fill the unit's frame from the parse of its tokens ``first`` to ``end`` (see the module docstring)."""
    parse = parsed.parse
    predicate = _main_predicate(parse, first, end)
    unit.quoted = inside_quotation(text, unit.start + len(unit.text) // 2)
    if predicate is None:
        return
    dep = parse.dep
    event = _event_noun(parse, predicate)
    unit.predicate = _predicate_lemma(parse, predicate)
    unit.modality = _modality(parse, predicate)
    reported = unit.modality == "reported"
    children = parse.children(predicate)
    said = [c for c in children if dep[c] in ("ccomp", "parataxis") and parse.pos[c] in ("VERB", "AUX")]
    content = said[0] if reported and said else None
    unit.content_predicate = unit.predicate if content is None else _predicate_lemma(parse, content)
    unit.content_modality = unit.modality if content is None else _modality(parse, content)
    unit.refuted = _refutes(parsed, predicate)
    unit.negated = unit.refuted
    arguments = children + (parse.children(event) if event is not None else [])
    for child in arguments:
        if child == event:  # the event noun became the predicate ("held talks with X")
            unit.negated |= _negated_noun(parse, child)  # "held no talks"
            continue
        if dep[child] == "neg":
            unit.negated = True
        elif dep[child] in ("nsubj", "nsubjpass"):
            unit.subjects.add(_head_key(child, parsed))
        elif dep[child] in ("dobj", "attr", "oprd", "dative") or (reported and dep[child] == "ccomp"):
            unit.objects.add(_head_key(child, parsed))
            unit.negated |= _negated_noun(parse, child)
        elif dep[child] == "prep":
            unit.objects.update(_head_key(g, parsed) for g in parse.children(child) if dep[g] == "pobj")


def _negated_noun(parse: ParseArrays, noun: int) -> bool:
    """An object with a negating determiner ("no talks", "no evidence")."""
    return any(parse.lower[g] in NEGATING_DETERMINERS for g in parse.children(noun) if parse.dep[g] == "det")


def _event_noun(parse: ParseArrays, verb: int) -> int | None:
    """The event noun a light verb takes as its object ("held *talks*", "made an *announcement*"), if any."""
    if parse.lemma[verb] not in LIGHT_PREDICATES:
        return None
    return next((c for c in parse.children(verb) if parse.dep[c] == "dobj" and parse.lemma[c] in EVENT_NOUN_VERBS), None)


def _predicate_lemma(parse: ParseArrays, verb: int) -> str:
    """A verb's lemma, or the verb its event noun stands for after a light verb ("held a meeting": meet)."""
    event = _event_noun(parse, verb)
    return EVENT_NOUN_VERBS[parse.lemma[event]] if event is not None else parse.lemma[verb]


# Words that say a claim is untrue as the predicate's attribute ("the report is false"); a denial or a dismissal
# refutes by its verb (``_refutes``).
REFUTING_ATTRIBUTES = REFUTATION_LEMMAS - DENIAL_VERBS - DISMISSAL_VERBS


def _refutes(parsed: _ParsedDocument, predicate: int) -> bool:
    """Does the unit call a claim untrue ("the report is false", "X denied that …", "a hoax")?

    A cue inside an argument ("the spread of false claims") or a denial of a
    request refutes nothing another source states.
    """
    parse = parsed.parse
    lemmas, dep = parse.lemma, parse.dep
    lemma = lemmas[predicate]
    children = parse.children(predicate)
    if lemma in SPEECH_VERBS:  # "officials said the report is false": what is said refutes
        return any(_refutes(parsed, c) for c in children if dep[c] == "ccomp")
    objects = [c for c in children if dep[c] in ("dobj", "nsubjpass")]
    claim_object = any(lemmas[c] in CLAIM_NOUNS for c in objects)
    if lemma in DENIAL_VERBS:
        said = any(dep[c] in ("ccomp", "xcomp") for c in children)
        return said or claim_object or not objects
    if lemma in DISMISSAL_VERBS:
        return claim_object
    for child in children:
        if dep[child] in ("acomp", "attr", "oprd", "xcomp", "advmod") and lemmas[child] in REFUTING_ATTRIBUTES:
            return True  # "the report is false"; not "the case needed to be dismissed" (a dismissal refutes a claim only)
        if dep[child] in ("attr", "oprd") and any(
            dep[g] in ("amod", "compound", "appos") and lemmas[g] in REFUTATION_LEMMAS for g in parse.children(child)
        ):
            return True
        as_cue = dep[child] == "prep" and parse.lower[child] == "as"  # "exposed as a hoax", "dismissed as false"
        if as_cue and any(
            g.dep_ in ("pobj", "amod", "acomp") and g.lemma_.lower() in REFUTATION_LEMMAS for g in parsed.doc[child].subtree
        ):
            return True
    return False
