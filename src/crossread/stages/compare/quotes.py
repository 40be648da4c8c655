"""compare.quotes: quotations across sources — the same words in several outlets, recycled quotes.

Needs the story's quotes, their speakers' entity ids and the documents'
publication dates. Adds, per quote, its counterparts in other sources and how
each prints it — verbatim, trimmed (a cut of these words), fuller, altered (the
same direct quotation with words changed, the changes listed), paraphrased by
the same speaker —, whether this source printed it first, and whether it was
said well before the event.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import accumulate
from typing import Literal

from crossread.model import AnalyzedDocument, BriefQuote, Quote, QuoteMatch
from crossread.publication import moment_of

# A quote said more than this many days before the event is old material
# recycled into the story (an epigraph, an earlier statement), not news of it.
QUOTE_BEFORE_EVENT_DAYS = 7
# Content-word Jaccard above which two quotes by one speaker say the same thing.
QUOTE_PARAPHRASE_JACCARD = 0.4
QUOTE_WORD = re.compile(r"\w+", re.UNICODE)
# Two direct quotations by one speaker are one quotation with words changed when
# their word sequences match at least this much (difflib ratio) and each has at
# least ALTERED_MIN_WORDS words: "we reject his visit" / "we reject his message"
# is 0.89. Read on the quotes of 264 AllSides stories: pairs at or above 0.8 were
# one quotation printed twice ("can" / "could", "the hell" / "in the hell").
ALTERED_RATIO = 0.8
ALTERED_MIN_WORDS = 4
MAX_CHANGES = 5
# Words in quote marks inside a quotation's text (a report around quoted words), double or
# single marks; a single mark opens after a space and closes before one (not "government's").
_MARKED = re.compile(
    '[\u201c"](?P<double>[^\u201d"]+)[\u201d"]|(?:^|(?<=\\s))[\u2018\'](?P<single>[^\\n]+?)(?<=\\S)[\u2019\'](?=[\\s.,;:!?)]|$)'
)
# A quoted part this short ("a 'robust' response", "the 'American people'") is a phrase, not a
# quotation to follow across sources.
MIN_FRAGMENT_WORDS = 4
# "[Russian] President [Vladimir] Putin": words an editor put in brackets are not the speaker's.
EDITORIAL = re.compile(r"\[[^\]]*\]")
# Verbs of taking a stand on someone or something ("condemns Belarus", "praising Manchin", "urged the
# use of masks"): what follows them is their object, not words said, unless a "that" clause.
STANCE_CUE = re.compile(
    r"(?:prais|reject|urg|declin|condemn|slam|blast|critici|applau|hail|laud|welcom|endors|oppos|thank|blam|accus|defend)",
    re.IGNORECASE,
)
# What the writer says someone knows, fears, hopes or expects ("Biden, knowing he'll soon have to bow …"):
# the writer's reading, not words anyone said.
KNOWING_CUE = re.compile(r"(?:know|realiz|realis|worr|hop|fear|expect|want|wish)", re.IGNORECASE)
# What someone asked others to do ("asked the court to step into a lawsuit"): a request, not words said;
# what they asked ("asked whether …", "asked why …") stays.
ASKING_CUE = re.compile(r"ask", re.IGNORECASE)
QUESTION_OPENER = re.compile(r"(?:whether|if|why|what|how|who|whom|when|where|which)\b", re.IGNORECASE)
# What a thing shows ("the launches show the North has continued …"): no one's words — unless a person or
# an organisation is the one showing ("the ministry's data showed …" stays).
EVIDENCE_CUE = re.compile(r"(?:show|suggest|indicat|reveal)", re.IGNORECASE)
NAMED_SPEAKER_KINDS = frozenset({"person", "organisation"})
# Not dropped: a headline's word or two in quote marks. Audit H read "DeSantis signs 'Big Tech' bill" as
# no quotation, but readers of the AllSides quote set labelled such two-word headline quotes as their
# speaker's words (one printed in two outlets), so the words stay listed.
# A share of people as the "speaker" ("just 41 percent said they planned to vote yes"): a poll
# result, not a statement (audit G).
SHARE_SPEAKER = re.compile(
    r"^\W*(?:(?:just|only|about|nearly|some|roughly|almost|around|over|under)\s+)?\d[\d.,]*\s*(?:%|percent\b|per cent\b)",
    re.IGNORECASE,
)
# Quote marks around a whole shown quotation (the brief prints its own marks around it); a double mark
# inside it means the quotation holds quoted words of its own, and its marks stay.
OPENING_MARKS = '\u201c"\u2018'
CLOSING_MARKS = '\u201d"\u2019'
DOUBLE_MARKS = '\u201c\u201d"'
# A source someone cites ("the newspaper reported it, citing people familiar with the matter"): no words of
# theirs (audit I read "The newspaper: people familiar with the matter" as no quotation). A reason cited
# ("citing a lack of legal authority") is what they said, and stays.
CITING_CUE = re.compile(r"cit(?:e|es|ed|ing)\b", re.IGNORECASE)
CITED_SOURCE = re.compile(
    r"\b(?:people|persons?|sources?|officials?|reports?|documents?|data|records?|statements?|stud(?:y|ies)|surveys?|"
    r"analys[ie]s|polls?|figures|estimates?|reporting|familiar)\b",
    re.IGNORECASE,
)
# Verbs that name or describe a thing ("called it 'liberating'"): the quoted words are what was said.
NAMING_CUE = re.compile(r"(?:call|describ|dub|label|brand|term)", re.IGNORECASE)
MARKED_WORDS = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{2,}?)(?:[\"\u201d]|$)")  # the span may end before the mark
# "that" opening reported words, not as their subject ("… said that was wrong").
THAT_OPENER = re.compile(
    r"that\s+(?!(?:is|was|were|are|would|will|has|had|could|should|can|may|might|must|does|did|isn't|wasn't)\b)",
    re.IGNORECASE,
)


def _quote_words(text: str) -> list[str]:
    return QUOTE_WORD.findall(text.lower())


def quote_relation(a: str, b: str) -> Literal["verbatim", "trimmed", "paraphrased"] | None:
    """How two quotations relate: same words, one cut from the other, or the same said differently."""
    return _relation(_Words.of(a), _Words.of(b))


class _Words:
    """A quotation's words, joined, its content words (longer than three letters), and the words
    of each part it holds in quote marks (a report around quoted words: 'that "…" to know')."""

    __slots__ = ("content", "fragments", "joined")

    def __init__(self, joined: str, content: frozenset[str], fragments: tuple[str, ...] = ()) -> None:
        self.joined = joined
        self.content = content
        self.fragments = fragments

    @classmethod
    def of(cls, text: str) -> _Words:
        words = _quote_words(text)
        marked = (_quote_words(m.group("double") or m.group("single")) for m in _MARKED.finditer(text))
        fragments = tuple(" ".join(f) for f in marked if len(f) >= MIN_FRAGMENT_WORDS)
        return cls(" ".join(words), frozenset(w for w in words if len(w) > 3), fragments)


def _may_relate_all(words: Sequence[_Words], docs: Sequence[str]) -> tuple[list[list[int]], list[set[int]]]:
    """A cheap test before ``_relation`` (shared content words, or one quotation's words inside the
    other's): for each quotation (its ``words``, its document in ``docs``), the quotations of other
    documents that may relate to it, in order, without testing every pair: those sharing a content word, found
    through an index of the words, and apart (second list) those whose joined words hold its own or are
    held in them, found by one search of each through all the quotations' joined words (the words hold
    no newline)."""
    sharing: defaultdict[str, list[int]] = defaultdict(list)
    for m, found in enumerate(words):
        for word in found.content:
            sharing[word].append(m)
    everything = "\n".join(found.joined for found in words)
    starts = list(accumulate((len(found.joined) + 1 for found in words), initial=0))
    related: list[set[int]] = [set() for _w in words]
    nested: list[set[int]] = [set() for _w in words]
    for k, found in enumerate(words):
        for word in found.content:
            related[k].update(sharing[word])
        if not found.joined:  # held in every quotation's words
            holders: Iterable[int] = range(len(words))
        else:
            holders = []
            at = everything.find(found.joined)
            while at >= 0:
                holders.append(bisect.bisect_right(starts, at) - 1)
                at = everything.find(found.joined, at + 1)
        for m in holders:
            nested[k].add(m)  # k's words in m's
            nested[m].add(k)  # and so m's hold k's
    return [sorted(m for m in found | nested[k] if docs[m] != docs[k]) for k, found in enumerate(related)], nested


def _relation(x: _Words, y: _Words) -> Literal["verbatim", "trimmed", "paraphrased"] | None:
    if not x.joined or not y.joined:
        return None
    if x.joined == y.joined:
        return "verbatim"
    if x.joined in y.joined or y.joined in x.joined:
        return "trimmed"
    shared = len(x.content & y.content)
    overlap = shared / max(len(x.content) + len(y.content) - shared, 1)  # the union's size, without making it
    return "paraphrased" if overlap >= QUOTE_PARAPHRASE_JACCARD else None


Relation = Literal["verbatim", "trimmed", "fuller", "altered", "paraphrased"]


def _shared_quoted_words(x: _Words, y: _Words) -> Relation | None:
    """How ``y`` prints the words ``x`` holds in quote marks, when either quotation only reports
    around them: "verbatim" (the same quoted words), "trimmed" (``y`` quotes a cut of them),
    "fuller" (``y`` quotes more); None when no quoted part of one is inside a part of the other."""
    for a in x.fragments or (x.joined,):
        for b in y.fragments or (y.joined,):
            if a == b:
                return "verbatim"
            if b in a or a in b:
                return "trimmed" if len(b) < len(a) else "fuller"
    return None


def _spoken_words(quote: Quote) -> list[str]:
    return _quote_words(EDITORIAL.sub(" ", quote.text))


def word_changes(a: Sequence[str], b: Sequence[str]) -> tuple[float, tuple[str, ...]]:
    """How alike two word sequences are (difflib ratio) and the edits from ``a`` to ``b``, for people to read."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old, new = " ".join(a[a1:a2]), " ".join(b[b1:b2])
        if op == "replace":
            changes.append(f"'{old}' -> '{new}'")
        elif op == "delete":
            changes.append(f"'{old}' left out")
        elif op == "insert":
            changes.append(f"'{new}' added")
    return matcher.ratio(), tuple(changes[:MAX_CHANGES])


def _may_be_altered(a: Sequence[str], b: Sequence[str]) -> bool:
    """Can ``word_changes(a, b)``'s ratio reach ALTERED_RATIO? Its upper bound (difflib's ``quick_ratio``: the
    words the two share in any order) tells most pairs apart without aligning them; equal sequences pass."""
    shared = (Counter(a) & Counter(b)).total()
    return 2.0 * shared / (len(a) + len(b)) >= ALTERED_RATIO


def directed_relation(
    quote: Quote, other: Quote, x: _Words, y: _Words, same_speaker: bool
) -> tuple[Relation, tuple[str, ...]] | None:
    """How ``other`` prints ``quote`` (see ``QuoteMatch``), with the changed words of an altered quotation."""
    relation = _relation(x, y)
    if x.fragments or y.fragments:  # a report around quoted words: the quoted words decide
        shared = _shared_quoted_words(x, y)
        if shared is not None and (same_speaker or relation in ("verbatim", "trimmed")):
            return shared, ()  # another speaker's: only words the whole texts already share
    if relation == "verbatim":
        return "verbatim", ()
    if relation == "trimmed":
        return ("trimmed" if len(y.joined) < len(x.joined) else "fuller"), ()
    if not same_speaker:
        return None
    if quote.kind == other.kind == "direct":
        a, b = _spoken_words(quote), _spoken_words(other)
        if min(len(a), len(b)) >= ALTERED_MIN_WORDS and _may_be_altered(a, b):
            ratio, changes = word_changes(a, b)
            if not changes:
                return "verbatim", ()  # they differ only in an editor's brackets
            if ratio >= ALTERED_RATIO:
                return "altered", changes
    return ("paraphrased", ()) if relation == "paraphrased" else None


def said_before_event(said_on: str | None, event_on: str | None) -> bool:
    """True when a quote's date lies well before the event's (both full ISO dates)."""
    from datetime import date

    if not said_on or not event_on or len(said_on) != 10 or len(event_on) != 10 or "X" in said_on + event_on:
        return False
    gap = date.fromisoformat(event_on) - date.fromisoformat(said_on)
    return gap.days > QUOTE_BEFORE_EVENT_DAYS


def as_shown(quote: Quote) -> Quote | None:
    """A reported statement shown from its first own word: "that Republicans will oppose …" reads as
    "Republicans will oppose …" (the analysis keeps the complementiser, as PolNeAR's content spans do;
    a fresh audit found it in most of the 10 wrong boundaries of 43 quotes); what someone called a thing shows
    only the words they are quoted with ("called it “liberating”" -> "liberating"); what someone
    praised, rejected or urged is no statement of theirs ("condemns Belarus", "praising Manchin for
    his insistence"): None, unless words of theirs are quoted in it (then those words). Neither is what the
    writer says someone knows, fears, hopes or expects, what someone asked others to do, what a thing
    shows (no person or organisation) or calls for, a share of people polled (fresh audits G and H
    read each as a quote that is none), what someone cites, nor reported words with no one named as
    their speaker (audit I)."""
    shown = _as_shown(quote)
    return None if shown is None else _without_wrapping_marks(shown)


def _without_wrapping_marks(quote: Quote) -> Quote:
    """'“semiconductors would prove …”' shown without the marks the brief adds again (audit G saw them doubled)."""
    text = quote.text
    if len(text) < 3 or text[0] not in OPENING_MARKS:
        return quote
    inner = text[1:]
    if inner[-1] in CLOSING_MARKS and not any(mark in inner[:-1] for mark in DOUBLE_MARKS):
        return replace(quote, start=quote.start + 1, end=quote.end - 1, text=inner[:-1])
    if not any(mark in inner for mark in DOUBLE_MARKS):
        return replace(quote, start=quote.start + 1, text=inner)  # the span ends before its closing mark
    return quote


def _as_shown(quote: Quote) -> Quote | None:
    if quote.kind != "reported":
        return quote  # words in quotation marks are shown as printed
    cue = quote.cue or ""
    if SHARE_SPEAKER.match(quote.speaker_text or "") or KNOWING_CUE.match(cue):
        return None
    if ASKING_CUE.match(cue) and not QUESTION_OPENER.match(quote.text):
        return None
    if EVIDENCE_CUE.match(cue) and quote.speaker_kind not in NAMED_SPEAKER_KINDS:
        return None
    if not (quote.speaker_text or quote.speaker_name) and quote.speaker_kind is None:
        # reported words nobody is named for ("Giuliani had been warned, according to earlier reporting",
        # what a 1973 ruling "recognized"): audit I read all three such items as vague or wrong
        return None
    marked = MARKED_WORDS.search(quote.text)
    words_said = (
        None
        if marked is None
        else replace(quote, start=quote.start + marked.start(1), end=quote.start + marked.end(1), text=marked.group(1))
    )
    cited_source = CITING_CUE.match(cue) is not None and CITED_SOURCE.search(quote.text) is not None
    if cited_source or (STANCE_CUE.match(cue) and not THAT_OPENER.match(quote.text)):
        return words_said
    if NAMING_CUE.match(cue) and (words_said is not None or quote.speaker_kind in (None, "document")):
        # the words quoted, or nothing for what a thing "called for" ("the median estimate called for 350,000
        # new applications", audit G)
        return words_said
    opener = THAT_OPENER.match(quote.text)
    if opener is None or opener.end() == len(quote.text):
        return quote
    return replace(quote, start=quote.start + opener.end(), text=quote.text[opener.end() :])


def compare_quotes(
    documents: Sequence[AnalyzedDocument], speakers: Mapping[str, str | None], event_on: str | None
) -> list[BriefQuote]:
    """Every quotation with its speaker, its matches in other sources, who printed it first, whether it predates the event."""
    found_quotes = [q for d in documents for q in d.quotes]
    shown = [(as_shown(q), speakers.get(q.id)) for q in found_quotes]
    quotes = [q for q, _s in shown if q is not None]
    speaker_of = [speaker for q, speaker in shown if q is not None]
    published = {d.document.id: moment_of(d.document.published) for d in documents}
    ids = [q.id for q in quotes]
    doc_of = {quote_id: q.doc_id for quote_id, q in zip(ids, quotes, strict=True)}
    made: dict[str, _Words] = {}  # a quotation printed again (a copy's, a syndicated one) is read once
    words = [made.get(q.text) or made.setdefault(q.text, _Words.of(q.text)) for q in quotes]
    # directed_relation reads only the two texts, their kinds and whether one speaker may have said both:
    # the same question from copies of the same quotations is answered once
    relations: dict[tuple[str, str, str, str, bool], tuple[Relation, tuple[str, ...]] | None] = {}
    related, nested = _may_relate_all(words, [q.doc_id for q in quotes])
    result = []
    for k, quote in enumerate(quotes):
        speaker = speaker_of[k]
        matches = []
        for m in related[k]:
            other = quotes[m]
            other_speaker = speaker_of[m]
            same_speaker = speaker == other_speaker or None in (speaker, other_speaker)
            if not same_speaker and m not in nested[k]:
                continue  # two speakers' quotations relate only when one's words hold the other's (``directed_relation``)
            key = (quote.text, quote.kind, other.text, other.kind, same_speaker)
            found = (
                relations[key]
                if key in relations
                else relations.setdefault(key, directed_relation(quote, other, words[k], words[m], same_speaker))
            )
            if found is not None:
                matches.append(QuoteMatch(ids[m], *found))
        first = _printed_first(quote.doc_id, [doc_of[m.quote] for m in matches], published)
        result.append(BriefQuote(quote, speaker, said_before_event(quote.said_on, event_on), tuple(matches), first))
    return result


def _printed_first(doc: str, others: Sequence[str], published: Mapping[str, tuple[datetime, bool] | None]) -> bool:
    """Did ``doc`` publish before every other document carrying the quote (all dated, no tie)?"""
    mine = published.get(doc)
    if not others or mine is None:
        return False
    here, timed = mine
    for other in others:
        theirs = published.get(other)
        if theirs is None:
            return False
        moment, other_timed = theirs
        if here >= moment or (not (timed and other_timed) and here.date() == moment.date()):
            return False  # later, or the same day with no time of day to tell them apart
    return True
