"""render: model objects -> JSON-ready dicts and Markdown for people."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from crossread.model import AnalyzedDocument

DOCUMENT_SCHEMA = "crossread.document/1"


def document_dict(analyzed: AnalyzedDocument) -> dict[str, Any]:
    """The JSON contract of ``crossread doc ID --format json``."""
    doc = analyzed.document
    data: dict[str, Any] = {"schema": DOCUMENT_SCHEMA, **dataclasses.asdict(doc)}
    data["removed"] = [{"line": r.line, "reason": r.reason, "line_number": r.line_number} for r in doc.removed_lines]
    del data["removed_lines"]
    data["headings"] = [{"start": s, "end": e} for s, e in doc.headings]
    data["date_evidence"] = list(analyzed.date_evidence)
    for name in ("sentences", "mentions", "dates", "quotes", "amounts"):
        items = []
        for item in getattr(analyzed, name):
            row = dataclasses.asdict(item)
            row.pop("doc_id", None)
            if name == "quotes":
                row = {"id": item.id, **row}
            items.append(row)
        data[name] = items
    return data


def document_json(analyzed: AnalyzedDocument) -> str:
    return json.dumps(document_dict(analyzed), ensure_ascii=False, indent=2)


def _md_escape(text: str) -> str:
    """Keep article text from being read as Markdown/HTML markup."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def document_markdown(analyzed: AnalyzedDocument) -> str:
    """A readable report of one document: metadata, text, and what analyze found."""
    doc = analyzed.document
    lines = [f"# {_md_escape(doc.title or doc.source_path)}", ""]
    meta = [
        ("id", doc.id),
        ("source", doc.source_path),
        ("source id", doc.source_id),
        ("url", doc.url),
        ("outlet", doc.outlet),
        ("author", doc.author),
        ("published", doc.published),
        ("language", doc.language),
        ("sentences", str(len(analyzed.sentences))),
    ]
    lines += [f"- **{k}**: {_md_escape(v)}" for k, v in meta if v]
    if analyzed.date_evidence:
        lines += ["", "## Date evidence", ""] + [f"- {_md_escape(e)}" for e in analyzed.date_evidence]
    lines += ["", "## Text", ""]
    heading_starts = {s for s, _e in doc.headings}
    for sentence in analyzed.sentences:
        prefix = "### " if sentence.start in heading_starts else ""
        lines.append(f"{prefix}{_md_escape(sentence.text)}  ")
    if analyzed.quotes:
        lines += ["", "## Quotes", ""]
        for q in analyzed.quotes:
            who = q.speaker_name or q.speaker_text or "unknown speaker"
            when = f", said on {q.said_on}" if q.said_on else ""
            lines.append(
                f"- **{_md_escape(who)}** ({q.kind}, cue: {_md_escape(q.cue or '-')}{when}) "
                f"[{q.start}:{q.end}]: {_md_escape(q.text)}"
            )
    if analyzed.dates:
        lines += ["", "## Dates", ""]
        lines += [
            f"- {_md_escape(d.text)} → {d.value} [{d.start}:{d.end}]"
            + (f" — {_md_escape('; '.join(d.evidence))}" if d.evidence else "")
            for d in analyzed.dates
        ]
    if analyzed.amounts:
        lines += ["", "## Amounts", ""]
        lines += [
            f"- {_md_escape(a.text)}: {a.value:g} {_md_escape(a.unit or '')} of {_md_escape(a.counts or '?')} [{a.start}:{a.end}]"
            for a in analyzed.amounts
        ]
    if analyzed.mentions:
        lines += ["", "## Entity mentions", ""]
        seen: dict[tuple[str, str], int] = {}
        for m in analyzed.mentions:
            seen[(m.text, m.label)] = seen.get((m.text, m.label), 0) + 1
        lines += [f"- {_md_escape(t)} ({label}) ×{n}" for (t, label), n in sorted(seen.items(), key=lambda kv: -kv[1])]
    if doc.removed_lines:
        lines += ["", "## Removed lines", ""]
        lines += [f"- line {r.line_number} ({r.reason}): {_md_escape(r.line)}" for r in doc.removed_lines]
    return "\n".join(lines) + "\n"
