"""Page models for the web interface: a brief and its documents -> what the templates show.

The templates only loop and print; every decision (which claims a sentence
belongs to, which sentences of other sources it aligns with, how quotes group
by speaker) is made here, from the ``crossread.brief/1`` dict and the analyzed
documents, so it can be tested without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crossread.interfaces import render
from crossread.model import ONE_SOURCE_STATUSES, AnalyzedDocument, DocumentSummary, Sentence
from crossread.outlets import SourceIdentity, identify, identify_source
from crossread.publication import DocumentDate, document_date, moment_of

NO_HEADLINE = "(no headline)"
SINGLE_SOURCE_WHY = "no sentence of another source matched it as the same fact"
UNMATCHED_WHY = "it may be told there in other words: crossread makes no claim either way"

# A sentence's colour follows its most telling claim: a conflict beats agreement beats one voice.
STATUS_RANK = {"contested": 5, "corroborated": 4, "partial": 3, "single_source": 2, "unmatched": 1}
STATUS_LABEL = {**render.STATUS_LABEL, "none": "no claim"}


def summary_source(summary: DocumentSummary) -> SourceIdentity:
    """Who a listed document's source is, from the fields a listing has (outlet, URL)."""
    return identify_source(summary.id, summary.outlet, summary.url, "text")


def outlet_key(summary: DocumentSummary) -> str:
    """Independent outlets: one key per outlet (registry name, case folded), else the document itself."""
    return summary_source(summary).key


def document_title(title: str | None) -> str:
    """A document's headline as shown: never its file name; "(no headline)" when the input has none."""
    return title or NO_HEADLINE


def outlet_names(summaries: Sequence[DocumentSummary]) -> list[str]:
    """One display name per outlet of these documents, for the outlet filter (FOX and fox are one)."""
    names: dict[str, str] = {}
    for summary in summaries:
        source = summary_source(summary)
        if source.name:
            names.setdefault(source.key, source.name)
    return sorted(names.values(), key=str.lower)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True, slots=True)
class SentenceView:
    anchor: str
    text: str
    status: str
    claims: tuple[str, ...]
    aligned: tuple[str, ...]
    is_heading: bool
    why: str = ""


@dataclass(slots=True)
class ColumnView:
    doc_id: str
    number: int
    name: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    source: SourceIdentity
    date: DocumentDate
    paragraphs: list[list[SentenceView]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def sentence_anchor(doc_id: str, index: int) -> str:
    return f"s-{doc_id}-{index}"


def _sentence_claims(analyzed: AnalyzedDocument, claims: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Sentence index -> the claims with a unit overlapping that sentence."""
    doc_id = analyzed.document.id
    found: dict[int, list[dict[str, Any]]] = {}
    for sentence in analyzed.sentences:
        for claim in claims:
            if any(u["doc"] == doc_id and _overlaps(sentence.start, sentence.end, u["start"], u["end"]) for u in claim["units"]):
                found.setdefault(sentence.index, []).append(claim)
    return found


def _breaks_paragraph(text: str, previous_end: int, start: int, previous_heading: bool, heading: bool) -> bool:
    return heading or previous_heading or "\n" in text[previous_end:start]


def paragraphs(analyzed: AnalyzedDocument) -> list[list[Sentence]]:
    """The document's sentences grouped as the text's lines and headings group them."""
    groups: list[list[Sentence]] = []
    previous: Sentence | None = None
    for sentence in analyzed.sentences:
        if previous is None or _breaks_paragraph(analyzed.document.text, previous.end, sentence.start, previous.is_heading,
                                                 sentence.is_heading):  # fmt: skip
            groups.append([])
        groups[-1].append(sentence)
        previous = sentence
    return groups


def _why(claims: Sequence[dict[str, Any]]) -> str:
    """Why a sentence carries its status: the conflict, the modality note, or the first match's reason and slots."""
    for claim in claims:
        if claim["conflicts"]:
            return "; ".join(f"conflict ({k['kind']}): {k['detail']}" for k in claim["conflicts"])
    for claim in claims:
        for evidence in claim.get("evidence", ()):
            slots = "; ".join(evidence["slots"])
            note = f" ({claim['note']})" if claim.get("note") else ""
            return f"{evidence['reason']}{note}" + (f" — {slots}" if slots else "")
    for claim in claims:
        if claim["status"] in ONE_SOURCE_STATUSES:
            related = len(claim.get("related", ()))
            plural = "s" if related != 1 else ""
            if not related:
                return f"{SINGLE_SOURCE_WHY}, and no claim of another source is related to it"
            return f"{SINGLE_SOURCE_WHY}; {related} claim{plural} of other sources are related to it: {UNMATCHED_WHY}"
    return ""


def side_by_side(documents: Sequence[AnalyzedDocument], data: dict[str, Any]) -> list[ColumnView]:
    """One column per source: its sentences in paragraphs, each with its claims' status and aligned sentences."""
    per_doc = {d.document.id: _sentence_claims(d, data["claims"]) for d in documents}
    # (doc, claim) -> anchors of that document's sentences carrying the claim
    carriers: dict[tuple[str, str], list[str]] = {}
    for doc_id, by_index in per_doc.items():
        for index, claims in by_index.items():
            for claim in claims:
                carriers.setdefault((doc_id, claim["id"]), []).append(sentence_anchor(doc_id, index))
    columns = []
    for number, analyzed in enumerate(documents, start=1):
        doc = analyzed.document
        source = identify(doc)
        column = ColumnView(doc.id, number, source.display, doc.title, source.name, doc.published, doc.url, source,
                            document_date(doc.published, analyzed.date_evidence, analyzed.dates))  # fmt: skip
        previous_end = 0
        paragraph: list[SentenceView] = []
        for sentence in analyzed.sentences:
            claims = per_doc[doc.id].get(sentence.index, [])
            status = max((c["status"] for c in claims), key=STATUS_RANK.__getitem__, default="none")
            aligned = [
                anchor
                for claim in claims
                for other in documents
                if other.document.id != doc.id
                for anchor in carriers.get((other.document.id, claim["id"]), [])
            ]
            view = SentenceView(sentence_anchor(doc.id, sentence.index), sentence.text, status,
                                tuple(c["id"] for c in claims), tuple(dict.fromkeys(aligned)), sentence.is_heading,
                                _why(claims))  # fmt: skip
            if paragraph and _breaks_paragraph(
                doc.text, previous_end, sentence.start, paragraph[-1].is_heading, sentence.is_heading
            ):
                column.paragraphs.append(paragraph)
                paragraph = []
            paragraph.append(view)
            previous_end = sentence.end
            column.counts[status] = column.counts.get(status, 0) + 1
        if paragraph:
            column.paragraphs.append(paragraph)
        columns.append(column)
    return columns


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    name: str
    entity: str | None
    quotes: tuple[dict[str, Any], ...]


def speaker_spellings(entities: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Each spelling of an entity (name and aliases, case folded) -> its id; people first when two share one."""
    spellings: dict[str, str] = {}
    for entity in sorted(entities, key=lambda e: e["label"] != "PERSON"):
        for form in (entity["name"], *entity["aliases"]):
            spellings.setdefault(form.casefold(), entity["id"])
    return spellings


def speaker_entity(speaker: str | None, name: str | None, text: str | None, spellings: dict[str, str]) -> str | None:
    """The entity a quote is said by, as the story page and the entity page both count it.

    The speaker the brief linked; else the entity one of whose spellings is the speaker's name
    ("The United States said": the brief links only people, the United States is a place).
    """
    if speaker:
        return speaker
    for said_by in (name, text):
        key = (said_by or "").casefold().strip()
        key = key[4:] if key.startswith("the ") else key
        if key in spellings:
            return spellings[key]
    return None


def quotes_by_speaker(data: dict[str, Any]) -> list[SpeakerQuotes]:
    """Quotes grouped by speaker entity (else by the speaker's name), most quoted first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    names: dict[str, tuple[str, str | None]] = {}
    spellings = speaker_spellings(data["entities"])
    for quote in data["quotes"]:
        name = quote["speaker_name"] or quote["speaker_text"] or "unknown speaker"
        entity = speaker_entity(quote["speaker"], quote["speaker_name"], quote["speaker_text"], spellings)
        key = entity or f"name:{name.lower()}"
        groups.setdefault(key, []).append(quote)
        names.setdefault(key, (name, entity))
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), names[kv[0]][0].lower()))
    return [SpeakerQuotes(names[k][0], names[k][1], tuple(v)) for k, v in ordered]


def amount_conflicts(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Number conflicts between sources, with the claim they belong to."""
    return [
        {"claim": c["id"], "detail": k["detail"], "values": k["values"], "units": k["units"]}
        for c in data["claims"]
        for k in c["conflicts"]
        if k["kind"] == "number"
    ]


class SentenceLocator:
    """Finds the sentence anchor a span (doc, start, end) falls in, for citation links."""

    def __init__(self, documents: Sequence[AnalyzedDocument]) -> None:
        self._spans = {
            d.document.id: [(s.start, s.end, sentence_anchor(d.document.id, s.index)) for s in d.sentences] for d in documents
        }

    def __call__(self, doc: str, start: int, end: int | None = None) -> str:
        stop = start + 1 if end is None else end
        for s_start, s_end, anchor in self._spans.get(doc, []):
            if _overlaps(s_start, s_end, start, max(stop, start + 1)):
                return anchor
        return f"col-{doc}"


@dataclass(frozen=True, slots=True)
class HeadlineView:
    """One source in the headline strip: its outlet, class, headline, date, and when it reported relative to the first."""

    column: ColumnView
    first: bool
    later: str | None


def _delay(first: tuple[datetime, bool], this: tuple[datetime, bool]) -> str | None:
    """ "3 h later", "2 days later"; None when the two are the same day and one has no time."""
    if first[1] and this[1]:
        hours = (this[0] - first[0]).total_seconds() / 3600
        if hours < 1:
            return "within the hour"
        if hours < 48:
            return f"{round(hours)} h later"
    days = (this[0].date() - first[0].date()).days
    if days == 0:
        return "same day"
    return f"{days} day{'s' if days != 1 else ''} later"


def headline_strip(columns: Sequence[ColumnView]) -> list[HeadlineView]:
    """Each source's headline side by side, in the order they were published (undated last).

    "first" is said only when two or more sources have a publication date and one is strictly earliest.
    """
    dated = [(c, m) for c in columns if (m := moment_of(c.published)) is not None]
    dated.sort(key=lambda pair: pair[1][0])
    undated = [c for c in columns if moment_of(c.published) is None]
    if len(dated) < 2:
        return [HeadlineView(c, False, None) for c, _m in dated] + [HeadlineView(c, False, None) for c in undated]
    earliest = dated[0][1]
    unique_first = dated[1][1][0] > earliest[0]
    views = [
        HeadlineView(c, index == 0 and unique_first, None if index == 0 else _delay(earliest, m))
        for index, (c, m) in enumerate(dated)
    ]
    return views + [HeadlineView(c, False, None) for c in undated]
