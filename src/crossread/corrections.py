"""Analyst corrections: what they are, and how a computed brief takes them into account.

A correction is keyed by what survives re-ingest and re-clustering: document ids
(content hashes) and character spans into their clean text, or entity names —
never claim, story or entity ids, which are recomputed. ``apply_corrections`` is
a pure function: the brief crossread computed + the corrections -> the brief
every surface shows (page, API, exports, CLI). Kinds:

* ``match_wrong`` — spans[0] is not the same fact as spans[1]: the claim holding
  both loses spans[0] (it becomes a claim of its own), and statuses, evidence,
  conflicts and summary citations follow;
* ``status_wrong`` — the claim holding spans[0] has status ``value``;
* ``speaker_wrong`` — the quote at spans[0] was said by ``value`` (or "unknown");
* ``same_entity`` / ``different_entity`` — names[0] and names[1] are one entity / two.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from crossread.coverage import coverage
from crossread.model import Brief, BriefQuote, Claim, ClaimStatus, ClaimUnit, Entity, SourceView, SummarySentence, content_id

CorrectionKind = Literal["match_wrong", "status_wrong", "speaker_wrong", "same_entity", "different_entity"]
KINDS: tuple[str, ...] = get_args(CorrectionKind)
STATUSES: tuple[str, ...] = get_args(ClaimStatus)
UNKNOWN_SPEAKER = "unknown"
# Spans per kind, names per kind: what a correction must carry.
SPANS_NEEDED = {"match_wrong": 2, "status_wrong": 1, "speaker_wrong": 1, "same_entity": 0, "different_entity": 0}
NAMES_NEEDED = {"match_wrong": 0, "status_wrong": 0, "speaker_wrong": 0, "same_entity": 2, "different_entity": 2}
# A correction's span finds a unit when they overlap by at least this share of the shorter one:
# a unit re-cut by a later crossread (a clause more or less) is still the unit the analyst meant.
SPAN_OVERLAP = 0.5
LABEL_SCHEMA = "crossread.correction/1"
SPLIT_NOTE = "split off by analyst: not the same fact as the claim it was matched with"


@dataclass(frozen=True, slots=True)
class SpanKey:
    """A document span a correction is keyed by; in JSON (API, store, label files) ``{"doc", "start", "end"}``, as in briefs."""

    doc_id: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SpanKey:
        return cls(str(data["doc"]), int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Correction:
    """One analyst correction; ``id`` hashes kind and keys, so a second one on the same keys replaces the first."""

    id: str
    kind: CorrectionKind
    spans: tuple[SpanKey, ...] = ()
    names: tuple[str, ...] = ()
    value: str | None = None
    note: str = ""
    created: str = ""

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset(s.doc_id for s in self.spans)


def correction_id(kind: str, spans: Sequence[SpanKey], names: Sequence[str]) -> str:
    keys = [f"{s.doc_id}:{s.start}:{s.end}" for s in spans]
    folded = [n.casefold().strip() for n in names]
    if kind in ("same_entity", "different_entity"):
        folded.sort()  # "A is B" and "B is A" are one correction
    return content_id(kind, *keys, *folded, prefix="k")


def make_correction(
    kind: str, spans: Sequence[SpanKey] = (), names: Sequence[str] = (), value: str | None = None, note: str = "",
    created: str = "",
) -> Correction:  # fmt: skip
    """A validated correction; ValueError says what is missing or wrong."""
    if kind not in KINDS:
        raise ValueError(f"unknown correction kind {kind!r}; valid: {', '.join(KINDS)}")
    if len(spans) != SPANS_NEEDED[kind]:
        raise ValueError(f"a {kind} correction needs {SPANS_NEEDED[kind]} span(s) (doc, start, end), got {len(spans)}")
    if len(names) != NAMES_NEEDED[kind] or any(not n.strip() for n in names):
        raise ValueError(f"a {kind} correction needs {NAMES_NEEDED[kind]} non-empty name(s), got {len(names)}")
    for span in spans:
        if span.start < 0 or span.end <= span.start:
            raise ValueError(f"span {span.doc_id}:{span.start}:{span.end} is empty or negative")
    if kind == "match_wrong" and spans[0].doc_id == spans[1].doc_id:
        raise ValueError("a match_wrong correction names spans in two different documents")
    if kind == "status_wrong" and value not in STATUSES:
        raise ValueError(f"a status_wrong correction needs value, one of: {', '.join(STATUSES)}")
    if kind == "speaker_wrong" and not (value and value.strip()):
        raise ValueError(f"a speaker_wrong correction needs value: the speaker's name or {UNKNOWN_SPEAKER!r}")
    if kind in ("same_entity", "different_entity") and names[0].casefold().strip() == names[1].casefold().strip():
        raise ValueError(f"a {kind} correction names two different names")
    cid = correction_id(kind, spans, names)
    return Correction(cid, kind, tuple(spans), tuple(n.strip() for n in names), value, note, created)  # type: ignore[arg-type]


def relevant(corrections: Iterable[Correction], doc_ids: Collection[str]) -> list[Correction]:
    """Corrections that can touch a brief over ``doc_ids``: span corrections on them, every entity correction."""
    wanted = set(doc_ids)
    return [c for c in corrections if not c.spans or c.doc_ids & wanted]


# --- labelled export ----------------------------------------------------------


def label_line(correction: Correction) -> dict[str, Any]:
    """One JSONL line of the user's gold: ids, offsets, label — never article text."""
    return {
        "schema": LABEL_SCHEMA,
        "id": correction.id,
        "kind": correction.kind,
        "spans": [s.to_json() for s in correction.spans],
        "names": list(correction.names),
        "label": correction.value if correction.kind in ("status_wrong", "speaker_wrong") else correction.kind,
        "note": correction.note,
        "created": correction.created,
    }


def to_jsonl(corrections: Iterable[Correction]) -> str:
    return "".join(json.dumps(label_line(c), ensure_ascii=False) + "\n" for c in corrections)


def from_label(line: dict[str, Any]) -> Correction:
    """A JSONL line back to a correction (ValueError on a malformed one)."""
    spans = [SpanKey.from_json(s) for s in line.get("spans", [])]
    kind = str(line.get("kind"))
    value = line.get("label") if kind in ("status_wrong", "speaker_wrong") else None
    return make_correction(kind, spans, [str(n) for n in line.get("names", [])], value, str(line.get("note") or ""),
                           str(line.get("created") or ""))  # fmt: skip


def read_jsonl(text: str) -> list[Correction]:
    return [from_label(json.loads(line)) for line in text.splitlines() if line.strip()]


# --- applying -----------------------------------------------------------------


def span_matches(key: SpanKey, doc: str, start: int, end: int) -> bool:
    if key.doc_id != doc:
        return False
    overlap = min(key.end, end) - max(key.start, start)
    return overlap > 0 and overlap >= SPAN_OVERLAP * min(key.end - key.start, end - start)


def _unit_in(key: SpanKey, claim: Claim) -> list[ClaimUnit]:
    return [u for u in claim.units if span_matches(key, u.doc_id, u.start, u.end)]


def _add_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra


def _rebuilt(claim: Claim, units: Sequence[ClaimUnit], chains: dict[str, str], claim_id: str, note: str) -> Claim:
    """``claim`` restricted to ``units``: sources, evidence, conflicts and status follow."""
    keep = set(units)
    by_chain: dict[str, str] = {}
    for unit in units:
        by_chain.setdefault(chains.get(unit.doc_id, unit.doc_id), unit.doc_id)
    evidence = tuple(e for e in claim.evidence if set(e.units) <= keep)
    conflicts = tuple(k for k in claim.conflicts if set(k.units) <= keep)
    status: ClaimStatus = claim.status
    if len(by_chain) < 2:  # the analyst parted it from what it was matched to: related, not the same fact
        status, evidence, conflicts = "unmatched", (), ()
    elif conflicts:
        status = "contested"
    elif claim.status == "contested":
        status = "corroborated" if evidence and all(e.relation == "same" for e in evidence) else "partial"
    same = claim_id == claim.id
    kept_note = claim.note if same and len(by_chain) > 1 else ""  # a note comparing sources no longer holds for one
    return Claim(claim_id, status, tuple(sorted(by_chain.values())), tuple(units), conflicts, evidence,
                 claim.related if same else (), _add_note(kept_note, note))  # fmt: skip


def _split_claims(claims: list[Claim], correction: Correction, chains: dict[str, str]) -> list[Claim]:
    wrong, other = correction.spans
    out: list[Claim] = []
    for claim in claims:
        moved = _unit_in(wrong, claim)
        if not moved or not _unit_in(other, claim) or set(moved) >= set(claim.units):
            out.append(claim)
            continue
        rest = [u for u in claim.units if u not in moved]
        note = "match corrected by analyst: a unit marked as another fact was split off"
        out.append(_rebuilt(claim, rest, chains, claim.id, note))
        split_id = content_id(*(f"{u.doc_id}:{u.start}:{u.end}" for u in moved), prefix="c")
        out.append(_rebuilt(claim, moved, chains, split_id, SPLIT_NOTE))
    return out


def _set_status(claims: list[Claim], correction: Correction) -> list[Claim]:
    key = correction.spans[0]
    status: ClaimStatus = correction.value  # type: ignore[assignment]
    return [
        replace(c, status=status, note=_add_note(c.note, f"status corrected by analyst (computed: {c.status})"))
        if _unit_in(key, c) and c.status != status else c
        for c in claims
    ]  # fmt: skip


def _names_of(entity: Entity) -> set[str]:
    return {n.casefold() for n in (entity.name, *entity.aliases)}


def _merge_entities(entities: list[Entity], a: str, b: str) -> tuple[list[Entity], dict[str, str]]:
    """names a and b are one entity: the one with more mentions absorbs the other (old id -> new id)."""
    first = next((e for e in entities if a.casefold() in _names_of(e)), None)
    second = next((e for e in entities if b.casefold() in _names_of(e)), None)
    if first is None or second is None or first.id == second.id:
        return entities, {}
    keep, gone = (first, second) if len(first.mentions) >= len(second.mentions) else (second, first)
    mentions = tuple(sorted(set(keep.mentions) | set(gone.mentions), key=lambda m: (m.doc_id, m.start)))
    merged = replace(keep, aliases=tuple(dict.fromkeys((*keep.aliases, gone.name, *gone.aliases))), mentions=mentions)
    return [merged if e.id == keep.id else e for e in entities if e.id != gone.id], {gone.id: keep.id}


def _split_entity(entities: list[Entity], a: str, b: str) -> list[Entity]:
    """names a and b are two entities: the forms of b (and their mentions) leave the entity holding both."""
    out: list[Entity] = []
    for entity in entities:
        names = _names_of(entity)
        if a.casefold() not in names or b.casefold() not in names:
            out.append(entity)
            continue
        forms = {alias for alias in (entity.name, *entity.aliases) if alias.casefold() == b.casefold()}
        moved = tuple(m for m in entity.mentions if m.text.casefold() == b.casefold())
        kept_aliases = tuple(x for x in entity.aliases if x not in forms)
        name = entity.name if entity.name not in forms else a
        out.append(replace(entity, name=name, aliases=kept_aliases or (name,),
                           mentions=tuple(m for m in entity.mentions if m not in moved)))  # fmt: skip
        out.append(Entity(content_id(entity.id, "split", b.casefold(), prefix="e"), b, entity.label, (b,), moved))
    return out


def _speakers(quotes: Sequence[BriefQuote], correction: Correction, entities: Sequence[Entity]) -> list[BriefQuote]:
    key, name = correction.spans[0], (correction.value or "").strip()
    unknown = name.casefold() == UNKNOWN_SPEAKER
    found = next((e for e in entities if e.label == "PERSON" and name.casefold() in _names_of(e)), None)
    found = found or next((e for e in entities if name.casefold() in _names_of(e)), None)
    out = []
    for bq in quotes:
        q = bq.quote
        if not span_matches(key, q.doc_id, q.start, q.end):
            out.append(bq)
            continue
        quote = replace(q, speaker_name=None if unknown else name, speaker_text="unknown (corrected by analyst)" if unknown
                        else f"{name} (corrected by analyst)", speaker_start=None, speaker_end=None)  # fmt: skip
        out.append(replace(bq, quote=quote, speaker=None if unknown or found is None else found.id))
    return out


def _summary(summary: Sequence[SummarySentence], claims: Sequence[Claim], changed: set[str]) -> list[SummarySentence]:
    """Summary sentences follow their claim: unsupported citations dropped, the analyst's status shown."""
    out = []
    for sentence in summary:
        if sentence.claim not in changed or not sentence.citations:
            out.append(sentence)
            continue
        own = sentence.citations[0]
        claim = next(
            (c for c in claims if any((u.doc_id, u.start, u.end) == (own.doc_id, own.start, own.end) for u in c.units)), None
        )
        if claim is None:
            out.append(sentence)
            continue
        spans = {(u.doc_id, u.start, u.end) for u in claim.units}
        citations = tuple(c for c in sentence.citations if (c.doc_id, c.start, c.end) in spans)
        status = claim.status
        if "status corrected by analyst" not in claim.note and status in ("corroborated", "partial") and len(citations) == 1:
            status = "unmatched"
        out.append(replace(sentence, claim=claim.id, citations=citations, status=status))
    return out


def _views(views: Sequence[SourceView], claims: Sequence[Claim], chains: dict[str, str]) -> list[SourceView]:
    """Only here / omits recomputed over the corrected claims, by compare's own rule."""
    out = []
    for view in views:
        only_here, omits = coverage(claims, view.doc_id, chains)
        out.append(replace(view, only_here=tuple(only_here), omits=tuple(omits)))
    return out


def apply_corrections(brief: Brief, corrections: Sequence[Correction]) -> Brief:
    """The brief as the analyst corrected it (``brief`` itself when nothing applies)."""
    if not corrections:
        return brief
    ordered = sorted(corrections, key=lambda c: (c.created, c.id))
    chains = dict(brief.chains)
    entities, renamed = list(brief.entities), {}
    for c in ordered:
        if c.kind == "same_entity":
            entities, merged = _merge_entities(entities, *c.names)
            renamed.update(merged)
        elif c.kind == "different_entity":
            entities = _split_entity(entities, *c.names)
    quotes = [replace(q, speaker=renamed.get(q.speaker, q.speaker)) if q.speaker in renamed else q for q in brief.quotes]
    for c in ordered:
        if c.kind == "speaker_wrong":
            quotes = _speakers(quotes, c, entities)
    claims = list(brief.claims)
    for c in ordered:
        if c.kind == "match_wrong":
            claims = _split_claims(claims, c, chains)
    for c in ordered:
        if c.kind == "status_wrong":
            claims = _set_status(claims, c)
    changed = {c.id for c in brief.claims if c not in claims}  # split or relabelled
    event = replace(brief.event, actors=tuple(dict.fromkeys(renamed.get(a, a) for a in brief.event.actors)))
    views = brief.per_source if claims == list(brief.claims) else tuple(_views(brief.per_source, claims, chains))
    views = tuple(
        replace(v, foregrounds=tuple(replace(p, entity=renamed.get(p.entity, p.entity)) if p.entity in renamed else p
                                     for p in v.foregrounds))
        for v in views
    )  # fmt: skip
    return replace(brief, entities=tuple(entities), quotes=tuple(quotes), claims=tuple(claims), event=event,
                   per_source=views, summary=tuple(_summary(brief.summary, claims, changed)))  # fmt: skip
