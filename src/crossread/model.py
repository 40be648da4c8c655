"""The shared data model: plain, frozen, slotted dataclasses.

Every object that describes something found in an article points back to the
document (``doc_id``) and a character span (``start``/``end``) into that
document's clean ``text``. Ids are content hashes, so re-ingesting the same
input yields the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

InputKind = Literal["text", "html"]


def content_id(*parts: str | bytes, prefix: str = "") -> str:
    """Return a short stable id: the first 16 hex digits of a SHA-256 over ``parts``."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\x00")
    return prefix + digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as a container yields it, before any cleaning.

    ``content`` is bytes when the container gave bytes (files, WARC payloads),
    so that encoding detection happens once, in extract.
    """

    source_path: str
    content: bytes | str
    kind: InputKind
    source_id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None

    @property
    def id(self) -> str:
        """Content hash of the payload: the same article read twice gets the same id."""
        payload = self.content if isinstance(self.content, bytes) else self.content.encode()
        return content_id(self.kind, payload, prefix="d")


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """An input that could not be read: reported, never fatal for the batch."""

    source_path: str
    reason: str


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line of the raw text that cleaning dropped, with why: nothing is lost silently."""

    line: str
    reason: str
    line_number: int


@dataclass(frozen=True, slots=True)
class Document:
    """Clean text and metadata of one article."""

    id: str
    source_path: str
    text: str
    kind: InputKind
    source_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    headings: tuple[tuple[int, int], ...] = ()
    removed_lines: tuple[RemovedLine, ...] = ()
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention as spaCy labelled it in one sentence."""

    doc_id: str
    start: int
    end: int
    text: str
    label: str
    sentence: int


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text normalised to ISO.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; when the year cannot be
    fixed it is ``XXXX-MM-DD`` and ``candidates`` lists the years that fit.
    ``evidence`` says, in words, how the value was reasoned out.
    """

    doc_id: str
    start: int
    end: int
    text: str
    value: str
    evidence: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


QuoteKind = Literal["direct", "split", "reported", "epigraph"]
# Who a speaker is: a named person, an organisation ("the FBI said"), a group ("Democrats said",
# "officials said"), a role standing for someone else ("his lawyer", "a spokesman for X") or data and
# documents without a named author ("surveys show", "the report said").
SpeakerKind = Literal["person", "organisation", "group", "role", "document"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: what was said (``start``..``end``), who said it, the cue, when."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_name: str | None = None
    cue: str | None = None
    said_on: str | None = None
    said_on_evidence: str | None = None
    # What the speaker is, and for a role speaker ("Mr. Strzok's lawyer") whom it speaks for
    # ("Peter Strzok"); ``speaker_name`` is then the role holder's own name when the text gives it.
    speaker_kind: SpeakerKind | None = None
    speaker_of: str | None = None

    @property
    def id(self) -> str:
        return content_id(self.doc_id, str(self.start), str(self.end), prefix="q")


@dataclass(frozen=True, slots=True)
class Amount:
    """A number with its unit and what it counts ("100% of the oil").

    An age has the unit ``AGE_UNIT`` and ``counts`` names whose age it is ("children ages 5
    to 11"): shown as "age of children", never as a count of children.
    """

    doc_id: str
    start: int
    end: int
    text: str
    value: float
    unit: str | None = None
    counts: str | None = None


@dataclass(frozen=True, slots=True)
class AnalyzedDocument:
    """A document with everything analyze found in it."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    amounts: tuple[Amount, ...] = ()
    date_evidence: tuple[str, ...] = field(default=())
    # The spaCy parse (crossread.parses.pack) and the pipeline that made it: compare reads it
    # instead of parsing the text again. Empty for texts analysed in chunks or by older versions.
    parse: bytes = field(default=b"", repr=False, compare=False)
    parse_model: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists; the binary parse left out)."""
        data = asdict(self)
        del data["parse"], data["parse_model"]
        return data


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """One input that failed at some stage, with the reason shown to the user."""

    source_path: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world event: its documents, first and last day (ISO), and a title."""

    id: str
    doc_ids: tuple[str, ...]
    start: str | None
    end: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class EntityMention:
    """Where an entity is mentioned: document + character span."""

    doc_id: str
    start: int
    end: int
    text: str


# Entity labels that act: people, organisations, states (the event's Who list is drawn from them;
# a demonym such as "Belarusian" describes, it does not act).
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE"})
# Entity labels of places: where a story happens (the event's Where list; link's place votes).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# The unit of an age ("people 65 and older", "a 30-year-old man"): its ``counts`` is who is that old.
AGE_UNIT = "years old"


# Units of time: "a four-week moving average", "a six-week ban" measure the thing they describe.
DURATION_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade", "century"})


def counted_label(unit: str | None) -> str:
    """How a brief introduces what an amount counts: an age is someone's, not a count of them, and a
    measure is of something ("4 week — of moving average", "11,500,000,000 USD — of goods", "5 inch — of
    rain"; audits read "counts moving average" and "counts goods" as wrong): only a bare number counts."""
    if unit == AGE_UNIT:
        return "age of"
    return "of" if unit else "counts"


def readable_number(value: float) -> str:
    """An amount's value as a reader writes it: "40,000,070", "2.99", "0.6667" (``:g`` showed an audit
    "4.00001e+07" for 40,000,070 cases)."""
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity across documents: all spellings and forms of its name.

    ``label`` is the majority spaCy label over its mentions; ``name`` the most
    complete form; ``aliases`` every distinct surface form seen.
    """

    id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    mentions: tuple[EntityMention, ...]


ClaimStatus = Literal["corroborated", "partial", "single_source", "unmatched", "contested"]
# Every status, in the order a brief lists them: disagreement first, then agreement, then one voice.
# ``single_source``: no other source carries it, nor anything related to it; ``unmatched``: no
# other source was matched to it as the same fact, but related sentences exist, so it may be
# told there in other words — crossread makes no claim either way.
CLAIM_STATUSES: tuple[ClaimStatus, ...] = ("contested", "corroborated", "partial", "single_source", "unmatched")
# The statuses of a claim only one source was matched on.
ONE_SOURCE_STATUSES: tuple[ClaimStatus, ...] = ("single_source", "unmatched")
ConflictKind = Literal["number", "date", "attribution", "negation", "name"]


@dataclass(frozen=True, slots=True)
class ClaimUnit:
    """One claim-sized piece of a sentence: document + character span.

    ``checkable``: it names a person, place, organisation, amount or date, so a
    reader can look for it in another source; "We are working on it." is not, and
    is never listed as what a source alone carries or leaves out.
    """

    doc_id: str
    start: int
    end: int
    text: str
    checkable: bool = True


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two units of one claim that disagree, and on what."""

    kind: ConflictKind
    detail: str
    units: tuple[ClaimUnit, ...]
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """Why two units of different sources were judged to state the same fact.

    ``score`` is the learned matcher's probability, ``similarity`` the sentence
    embedding cosine, ``slots`` the frame parts the two units agree on
    ("predicate: meet", "entity: Vladimir Makei", "amount: 100 percent").
    """

    units: tuple[ClaimUnit, ClaimUnit]
    score: float
    similarity: float
    slots: tuple[str, ...]
    relation: Literal["same", "partial", "related"]
    reason: str


@dataclass(frozen=True, slots=True)
class Claim:
    """Units from one or more documents that state the same fact.

    ``sources`` lists one document per independent source (syndicated copies of
    one text are one source); ``status`` follows from that and the conflicts.
    """

    id: str
    status: ClaimStatus
    sources: tuple[str, ...]
    units: tuple[ClaimUnit, ...]
    conflicts: tuple[Conflict, ...] = ()
    evidence: tuple[MatchEvidence, ...] = ()
    related: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Prominence:
    """An actor or theme a source foregrounds, with its weight in that source."""

    kind: Literal["actor", "theme"]
    name: str
    weight: float
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class SourceView:
    """What one source alone reports, what it leaves out, what it puts first.

    ``compared_chars``: None when the whole text was compared; else only its
    first that many characters were (a text longer than a brief reads), and
    ``omits`` is empty: what such a source leaves out cannot be said.
    """

    doc_id: str
    only_here: tuple[str, ...]
    omits: tuple[str, ...]
    foregrounds: tuple[Prominence, ...]
    compared_chars: int | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    doc_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of the summary: source text, its consensus label and citations."""

    text: str
    status: ClaimStatus
    claim: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """The same quotation in another source, as that source prints it.

    ``relation``: ``verbatim`` (the same words), ``trimmed`` (the other source
    prints a cut of these words), ``fuller`` (these words are a cut of the
    other's), ``altered`` (the same direct quotation with words changed:
    ``changes`` lists them, "'can' -> 'could'"), ``paraphrased`` (the same
    speaker saying the same thing in other words).
    """

    quote: str
    relation: Literal["verbatim", "trimmed", "fuller", "altered", "paraphrased"]
    changes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BriefQuote:
    quote: Quote
    speaker: str | None
    before_event: bool
    same_as: tuple[QuoteMatch, ...] = ()
    # This source printed the quotation before every other source that carries it
    # (by publication date; False when any of their dates is unknown or they tie).
    printed_first: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """Who/what/when/where of the story as the sources together support it."""

    title: str
    date: str | None
    date_evidence: tuple[str, ...]
    places: tuple[str, ...]
    actors: tuple[str, ...]
    # When the sources give the event's day but no year ("in the week ended July 17"): ISO 8601's
    # "--MM-DD", and ``date`` stays None (no year is invented).
    day_without_year: str | None = None


@dataclass(frozen=True, slots=True)
class Brief:
    """Everything crossread says about one story, every fact cited by span."""

    documents: tuple[AnalyzedDocument, ...]
    event: Event
    entities: tuple[Entity, ...]
    quotes: tuple[BriefQuote, ...]
    claims: tuple[Claim, ...]
    per_source: tuple[SourceView, ...]
    summary: tuple[SummarySentence, ...]
    chains: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One line of ``crossread docs``."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    sentences: int
    source_path: str
    source_id: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """One line of ``crossread failures``: an input, the stage and reason of its last failure, when, how often."""

    source_path: str
    stage: str
    reason: str
    at: str
    attempts: int
