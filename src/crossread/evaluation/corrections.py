"""Score crossread's own output against the analyst's corrections: the user's gold, grown while working.

``crossread eval --corrections gold.jsonl`` builds each touched story's brief
*without* the corrections and reports how far crossread already agrees:

* ``match_wrong`` — share of pairs marked "not the same fact" that crossread still
  puts in one claim (lower is better);
* ``status_wrong`` — share of corrected statuses crossread now gives itself;
* ``speaker_wrong`` — share of corrected quotes whose speaker crossread now names so;
* ``same_entity`` / ``different_entity`` — share of name pairs crossread links (or keeps apart) as told.

A correction whose spans are in none of the briefs is counted as not found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from crossread.corrections import UNKNOWN_SPEAKER, Correction, span_matches
from crossread.model import Brief

METRICS = {
    "match_wrong": "pairs still matched (lower is better)",
    "status_wrong": "statuses crossread now agrees with",
    "speaker_wrong": "speakers crossread now agrees with",
    "same_entity": "name pairs crossread links as one entity",
    "different_entity": "name pairs crossread keeps apart",
}


@dataclass(slots=True)
class Agreement:
    """Per kind: corrections found in the briefs, and how many crossread's output agrees with (``hits``)."""

    found: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)

    def share(self, kind: str) -> float | None:
        return self.hits[kind] / self.found[kind] if self.found[kind] else None

    def to_markdown(self) -> str:
        lines = ["| correction | found | not found | share | meaning |", "|---|---:|---:|---:|---|"]
        for kind, meaning in METRICS.items():
            share = self.share(kind)
            shown = "–" if share is None else f"{share:.1%}"
            lines.append(f"| {kind} | {self.found[kind]} | {self.missing[kind]} | {shown} | {meaning} |")
        return "\n".join(lines) + "\n"


def _judge(briefs: Sequence[Brief], c: Correction) -> bool | None:
    """Does crossread's output agree with the correction (None: not found in these briefs)?"""
    claims = [claim for b in briefs for claim in b.claims]
    if c.kind == "match_wrong":
        holding = [k for k in claims if any(span_matches(c.spans[0], u.doc_id, u.start, u.end) for u in k.units)]
        if not holding:
            return None
        return any(any(span_matches(c.spans[1], u.doc_id, u.start, u.end) for u in k.units) for k in holding)
    if c.kind == "status_wrong":
        claim = next((k for k in claims if any(span_matches(c.spans[0], u.doc_id, u.start, u.end) for u in k.units)), None)
        return None if claim is None else claim.status == c.value
    if c.kind == "speaker_wrong":
        for brief in briefs:
            names = {e.id: e.name for e in brief.entities}
            for bq in brief.quotes:
                q = bq.quote
                if span_matches(c.spans[0], q.doc_id, q.start, q.end):
                    said = q.speaker_name or (names.get(bq.speaker) if bq.speaker else None)
                    wanted = (c.value or "").casefold()
                    return said is None if wanted == UNKNOWN_SPEAKER else (said or "").casefold() == wanted
        return None
    a, b = (n.casefold() for n in c.names)
    entities = [{n.casefold() for n in (e.name, *e.aliases)} for brief in briefs for e in brief.entities]
    if not any(a in e for e in entities) or not any(b in e for e in entities):
        return None
    together = any(a in e and b in e for e in entities)
    return together if c.kind == "same_entity" else not together


def score_corrections(briefs: Sequence[Brief], corrections: Sequence[Correction]) -> Agreement:
    """How crossread's uncorrected briefs agree with each correction (match_wrong: a hit is a pair still matched)."""
    agreement = Agreement()
    for c in corrections:
        verdict = _judge(briefs, c)
        if verdict is None:
            agreement.missing[c.kind] += 1
            continue
        agreement.found[c.kind] += 1
        agreement.hits[c.kind] += int(verdict)
    return agreement
