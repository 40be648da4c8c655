"""render: model objects -> JSON-ready dicts, and Markdown and HTML for people.

The Markdown and HTML briefs end with an appendix of the sources' clean texts;
every citation in them links to the cited span there (``#src-<doc>-<start>-<end>``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crossread.bidi import isolated
from crossread.model import (
    CLAIM_STATUSES,
    ONE_SOURCE_STATUSES,
    AnalyzedDocument,
    Brief,
    DocumentSummary,
    EntityMention,
    FailureRecord,
    Story,
    counted_label,
    readable_number,
)
from crossread.outlets import identify, identify_source
from crossread.paths import shown_path
from crossread.publication import document_date, publication_order, when_shown

if TYPE_CHECKING:
    from markupsafe import Markup

DOCUMENT_SCHEMA = "crossread.document/1"


def document_dict(analyzed: AnalyzedDocument) -> dict[str, Any]:
    """The JSON contract of ``crossread doc ID --format json``."""
    doc = analyzed.document
    data: dict[str, Any] = {"schema": DOCUMENT_SCHEMA, **dataclasses.asdict(doc), "source_path": shown_path(doc.source_path)}
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
    lines = [f"# {_md_escape(doc.title or shown_path(doc.source_path))}", ""]
    meta = [
        ("id", doc.id),
        ("source", shown_path(doc.source_path)),
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
            f"- {_md_escape(a.text)}: {_amount_reading(a.value, a.unit, a.counts, _md_escape)} [{a.start}:{a.end}]"
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


# --- stories ----------------------------------------------------------------


def speaker_role(quote: Mapping[str, Any]) -> str:
    """What the speaker is, when crossread knows more than a person's name: "spokesperson for X", "organisation"."""
    kind, principal = quote.get("speaker_kind"), quote.get("speaker_of")
    if principal:
        return f"speaking for {principal}"
    return str(kind) if kind in ("organisation", "group", "role", "document") else ""


def summary_dict(summary: DocumentSummary) -> dict[str, Any]:
    """A document of ``crossread.documents/1``: its path as :func:`shown_path` shows it."""
    return {**dataclasses.asdict(summary), "source_path": shown_path(summary.source_path)}


def documents_contract(summaries: Sequence[DocumentSummary]) -> dict[str, Any]:
    """``crossread.documents/1``: what ``crossread docs --json`` prints and ``/api/documents`` answers."""
    return {"schema": "crossread.documents/1", "documents": [summary_dict(s) for s in summaries]}


def failures_contract(rows: Sequence[FailureRecord]) -> dict[str, Any]:
    """``crossread.failures/1`` as pages and the API show it: each input's path as :func:`shown_path` shows it."""
    return {
        "schema": "crossread.failures/1",
        "failures": [{**dataclasses.asdict(r), "source_path": shown_path(r.source_path)} for r in rows],
    }


def stories_contract(rows: Sequence[tuple[Story, Sequence[DocumentSummary]]]) -> dict[str, Any]:
    """``crossread.stories/1``: each story with its documents (``crossread stories --format json``, ``/api/stories``)."""
    return {"schema": "crossread.stories/1", "stories": [story_dict(story, documents) for story, documents in rows]}


def story_contract(story: Story, summaries: Mapping[str, DocumentSummary], brief: Brief) -> dict[str, Any]:
    """``crossread.story/1``: the story and its brief (``crossread story --format json``, ``/api/stories/{id}``)."""
    documents = [summaries[d.document.id] for d in brief.documents if d.document.id in summaries]
    return {"schema": "crossread.story/1", "story": story_dict(story, documents), "brief": brief_dict(brief)}


def story_dict(story: Story, documents: Sequence[DocumentSummary]) -> dict[str, Any]:
    """One story of the ``crossread.stories/1`` contract (CLI and HTTP API alike)."""
    return {
        "id": story.id,
        "title": story.title,
        "start": story.start,
        "end": story.end,
        "documents": [
            {
                "id": d.id,
                "source_id": d.source_id,
                "path": shown_path(d.source_path),
                "url": d.url,
                "outlet": d.outlet,
                "source": identify_source(d.id, d.outlet, d.url, "text").to_dict(),
                "title": d.title,
                "published": d.published,
            }
            for d in sorted(documents, key=lambda d: publication_order(d.published, d.source_path))
        ],
    }


# --- briefs -----------------------------------------------------------------
BRIEF_SCHEMA = "crossread.brief/1"
# Source labels longer than this are cut: a headline is a label, not a paragraph.
LABEL_MAX_CHARS = 48
# Related claims shown per claim in Markdown and HTML, closest first (all are in the JSON).
RELATED_SHOWN = 3
# Claims with no checkable unit (a question, a line its source cuts off, a few words naming
# nothing: ``Unit.checkable``) are kept in the JSON but not listed: a fresh audit rejected 15 of
# 102 "undecided" labels because they sat on such lines.
# A claim several sources were matched on (any status but ``ONE_SOURCE_STATUSES``) is listed even
# when each of its lines is cut off by its source: an audit found two outlets' prints of one Biden
# quotation, both ending in "…", hidden as not checkable. A cut-off line alone is never "only here".
UNCHECKABLE_WHAT = "nothing checkable (a question, a line its source cuts off, a few words naming nothing)"


def unlisted_note(count: int) -> str:
    """'Not listed as claims (kept in the JSON): 1 line that states …' for the Markdown and HTML briefs."""
    lines = "1 line that states" if count == 1 else f"{count} lines that state"
    return f"Not listed as claims (kept in the JSON): {lines} {UNCHECKABLE_WHAT}."


STATUS_LABEL = {
    "corroborated": "corroborated",
    "partial": "partly corroborated",
    "single_source": "single source",
    "unmatched": "undecided (related text elsewhere)",
    "contested": "contested",
}


def quote_match_text(match: Mapping[str, Any], where: str) -> str:
    """How another source prints a quotation, for people: "altered in [2]: 'can' -> 'could'"."""
    changes = f": {', '.join(match['changes'])}" if match.get("changes") else ""
    return f"{match['relation']} in {where}{changes}"


# What a source prints where it cuts a sentence short (excerpts, teasers): "... At the same...".
CUT_MARK = re.compile(r"[\s\"'”’]*(?:\.\.\.|…)")


def cut_off_by_source(text: str, end: int) -> bool:
    """Whether the source cuts the words ending at ``end`` short ("… At the same..."): a reader must
    see that the quotation does not end there, not read a fragment as what was said."""
    return bool(CUT_MARK.match(text, end)) and not text[:end].rstrip("\"'”’ ").endswith((".", "!", "?"))


def _span(item: Any) -> dict[str, Any]:
    return {"doc": item.doc_id, "start": item.start, "end": item.end}


# A speaker told only as "he" or "she" is a mention of the person, but not of the name: the brief counts
# mentions "by name" (audit H counted "9 mentions" of a governor named 8 times, once more as "he").
PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "his", "hers", "their", "i", "we", "it"})


def _is_pronoun(mention: EntityMention) -> bool:
    return mention.text.strip().lower() in PRONOUNS


def mentions_shown(entity: Mapping[str, Any]) -> str:
    """'8 mentions', or '8 mentions by name, 1 as a pronoun' when speakers are told as "he" / "she"."""
    named = entity.get("named_mentions", len(entity["mentions"]))
    pronouns = len(entity["mentions"]) - named
    return f"{named} mentions by name, {pronouns} as a pronoun" if pronouns else f"{named} mentions"


def summary_shown(text: str) -> str:
    """A summary sentence that is a clause of its source sentence ("… fled as the Taliban entered Kabul",
    cut before ", and …") ends with "…", so it does not read as the source's whole sentence (audit H)."""
    stripped = text.rstrip()
    last, before = stripped[-1:], stripped[-2:-1]
    whole = last in ".!?…" or (last in "\"”’'" and before in ".!?…")
    return stripped if whole else stripped.rstrip(",;:") + " …"


def brief_dict(brief: Brief) -> dict[str, Any]:
    """The public JSON contract ``crossread.brief/1`` (documented in the README)."""
    names = {e.id: e.name for e in brief.entities}
    documents = []
    for analyzed in brief.documents:
        doc = analyzed.document
        documents.append(
            {
                "id": doc.id,
                "path": shown_path(doc.source_path),
                "source_id": doc.source_id,
                "url": doc.url,
                "outlet": doc.outlet,
                "title": doc.title,
                "author": doc.author,
                "published": doc.published,
                "language": doc.language,
                "source": identify(doc).to_dict(),
                "date": document_date(doc.published, analyzed.date_evidence, analyzed.dates).to_dict(),
                "chain": brief.chains.get(doc.id, doc.id),
                "text": doc.text,
                "removed": [{"line": r.line, "reason": r.reason} for r in doc.removed_lines],
            }
        )
    texts = {analyzed.document.id: analyzed.document.text for analyzed in brief.documents}
    return {
        "schema": BRIEF_SCHEMA,
        "documents": documents,
        "event": {
            "title": brief.event.title,
            "date": brief.event.date,
            "day_without_year": brief.event.day_without_year,
            "when": when_shown(brief.event.date, brief.event.day_without_year),
            "date_evidence": list(brief.event.date_evidence),
            "places": list(brief.event.places),
            "actors": list(brief.event.actors),
            "actor_names": [names.get(a, a) for a in brief.event.actors],
        },
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "label": e.label,
                "aliases": list(e.aliases),
                "mentions": [_span(m) for m in e.mentions],
                "named_mentions": sum(1 for m in e.mentions if not _is_pronoun(m)),
            }
            for e in brief.entities
        ],
        "quotes": [
            {
                "id": bq.quote.id,
                "doc": bq.quote.doc_id,
                "start": bq.quote.start,
                "end": bq.quote.end,
                "text": bq.quote.text,
                "kind": bq.quote.kind,
                "speaker": bq.speaker,
                "speaker_name": bq.quote.speaker_name or (names.get(bq.speaker) if bq.speaker else None),
                "speaker_text": bq.quote.speaker_text,
                "speaker_kind": bq.quote.speaker_kind,
                "speaker_of": bq.quote.speaker_of,
                "cue": bq.quote.cue,
                "said_on": bq.quote.said_on,
                "said_on_evidence": bq.quote.said_on_evidence,
                "cut_off": cut_off_by_source(texts[bq.quote.doc_id], bq.quote.end) if bq.quote.doc_id in texts else False,
                "before_event": bq.before_event,
                "printed_first": bq.printed_first,
                "same_as": [{"quote": m.quote, "relation": m.relation, "changes": list(m.changes)} for m in bq.same_as],
            }
            for bq in brief.quotes
        ],
        "amounts": [
            {
                "doc": a.doc_id,
                "start": a.start,
                "end": a.end,
                "text": a.text,
                "value": a.value,
                "unit": a.unit,
                "counts": a.counts,
            }
            for d in brief.documents
            for a in d.amounts
        ],
        "claims": [
            {
                "id": c.id,
                "status": c.status,
                "sources": list(c.sources),
                "units": [{**_span(u), "text": u.text, "checkable": u.checkable} for u in c.units],
                "checkable": any(u.checkable for u in c.units) or c.status not in ONE_SOURCE_STATUSES,
                "conflicts": [
                    {"kind": k.kind, "detail": k.detail, "values": list(k.values), "units": [_span(u) for u in k.units]}
                    for k in c.conflicts
                ],
                "evidence": [
                    {
                        "units": [_span(u) for u in m.units],
                        "relation": m.relation,
                        "score": m.score,
                        "similarity": m.similarity,
                        "slots": list(m.slots),
                        "reason": m.reason,
                    }
                    for m in c.evidence
                ],
                "related": list(c.related),
                "note": c.note,
            }
            for c in brief.claims
        ],
        "per_source": [
            {
                "doc": v.doc_id,
                "only_here": list(v.only_here),
                "omits": list(v.omits),
                "compared_chars": v.compared_chars,
                "foregrounds": [{"kind": p.kind, "name": p.name, "weight": p.weight, "entity": p.entity} for p in v.foregrounds],
            }
            for v in brief.per_source
        ],
        "summary": [
            {
                "text": s.text,
                "shown": summary_shown(s.text),
                "status": s.status,
                "claim": s.claim,
                "citations": [_span(c) for c in s.citations],
            }
            for s in brief.summary
        ],
    }


def brief_json(brief: Brief) -> str:
    return json.dumps(brief_dict(brief), ensure_ascii=False, indent=2)


def _source_labels(brief: Brief) -> dict[str, str]:
    """Short human labels for documents: "[1] U.S. Department of State", "[2] outlet unknown" (never a headline)."""
    labels = {}
    for number, analyzed in enumerate(brief.documents, start=1):
        doc = analyzed.document
        name = identify(doc).display
        if len(name) > LABEL_MAX_CHARS:
            name = name[: LABEL_MAX_CHARS - 1].rstrip() + "…"
        labels[doc.id] = f"[{number}] {name}"
    return labels


def _carried_by(labels: dict[str, str], claim: dict[str, Any]) -> str:
    """ "carried by [2]" or "carried by [2] [3]": which sources an omitted fact comes from."""
    return "carried by " + " ".join(sorted({_number(labels, d) for d in claim["sources"]}))


def _number(labels: dict[str, str], doc: str) -> str:
    """The "[n]" part of a source label."""
    return labels[doc].split(" ", 1)[0]


def brief_markdown(brief: Brief) -> str:
    """The brief for people, in Markdown; article text is escaped; every citation links to the appendix of sources."""
    data = brief_dict(brief)
    labels = _source_labels(brief)
    cites = Citations(data, labels)
    names = {e["id"]: e["name"] for e in data["entities"]}
    claims = {c["id"]: c for c in data["claims"]}
    e = _md_escape
    event = data["event"]
    out = [f"# {e(event['title'])}", ""]
    out.append(f"- **When**: {event['when']}")
    out += [f"  - {e(x)}" for x in event["date_evidence"]]
    out.append(f"- **Where**: {e(', '.join(event['places']) or 'unknown')}")
    out.append(f"- **Who**: {e(', '.join(names[a] for a in event['actors']) or 'unknown')}")
    out += ["", "## Sources", ""]
    for d in data["documents"]:
        source = d["source"]
        kind = ", ".join(x for x in (source["class"], source["country"]) if x and x != "unknown")
        meta = ", ".join(x for x in (kind, d["date"]["label"] or "undated", d["language"], d["path"]) if x)
        out.append(f"- {e(isolated(labels[d['id']]))} — {e(isolated(d['title'] or '(no headline)'))} ({e(meta)})")
    out += ["", "## Summary", ""]
    for s in data["summary"]:
        out.append(f"- {e(s['shown'])} *({STATUS_LABEL[s['status']]}; {cites.markdown_all(s['citations'])})*")
    out += ["", "## Claims", ""]
    for status in CLAIM_STATUSES:
        group = [c for c in data["claims"] if c["status"] == status and c["checkable"]]
        if not group:
            continue
        out += [f"### {STATUS_LABEL[status].capitalize()} ({len(group)})", ""]
        for c in group:
            first = c["units"][0]
            out.append(f"- {e(first['text'])} ({cites.markdown(first['doc'], first['start'], first['end'])})")
            for u in c["units"][1:]:
                out.append(f"  - {e(labels[u['doc']])}: {e(u['text'])} ({cites.markdown(u['doc'], u['start'], u['end'])})")
            out.append(f"  - sources: {', '.join(e(labels[s]) for s in c['sources'])}")
            for k in c["conflicts"]:
                out.append(f"  - **conflict ({k['kind']})**: {e(k['detail'])}")
            if c["note"]:
                out.append(f"  - note: {e(c['note'])}")
            for m in c["evidence"]:
                slots = "; ".join(m["slots"]) or "no shared frame slot"
                out.append(f"  - why: {e(m['reason'])} ({e(slots)})")
            related = [r for r in c["related"] if claims[r]["checkable"]]
            for r in related[:RELATED_SHOWN]:
                out.append(f"  - related (not matched as the same fact): {e(claims[r]['units'][0]['text'])}")
            if len(related) > RELATED_SHOWN:
                out.append(f"  - (+{len(related) - RELATED_SHOWN} more related claims in the JSON)")
        out.append("")
    if unlisted := sum(1 for c in data["claims"] if not c["checkable"]):
        out += [f"*{unlisted_note(unlisted)}*", ""]
    out += ["## Per source", ""]
    for v in data["per_source"]:
        out.append(f"### {e(labels[v['doc']])}")
        actors = ", ".join(f"{e(p['name'])} ({p['weight']:.0%})" for p in v["foregrounds"] if p["kind"] == "actor")
        themes = ", ".join(e(p["name"]) for p in v["foregrounds"] if p["kind"] == "theme")
        out.append(f"- **Foregrounds**: {actors or '-'}; themes: {themes or '-'}")
        out.append(f"- **Only here** ({len(v['only_here'])}):")
        out += [f"  - {e(_claim_text(claims[c], v['doc']))}" for c in v["only_here"]]
        if v.get("compared_chars") is not None:
            compared = v["compared_chars"]
            out.append(f"- **Omits**: not said — only the first {compared:,} characters of this long text were compared.")
        elif len(data["per_source"]) > 2:
            out.append(f"- **Omits** ({len(v['omits'])}), what another source carries and this one says nothing related to:")
            out += [f"  - {e(claims[c]['units'][0]['text'])} ({_carried_by(labels, claims[c])})" for c in v["omits"]]
        else:
            out.append("- **Omits**: with two sources, what this one leaves out is the other's *Only here*.")
        out.append("")
    out += ["## Quotes", ""]
    for q in data["quotes"]:
        who = q["speaker_name"] or q["speaker_text"] or "unknown speaker"
        flags = [q["kind"], f"cue: {e(q['cue'])}" if q["cue"] else "", f"said on {q['said_on']}" if q["said_on"] else ""]
        flags += ["cut off by the source"] if q["cut_off"] else []
        flags.insert(0, e(speaker_role(q)))  # article words: escaped like the rest
        if q["before_event"]:
            flags.append("**said well before the event**")
        if q["printed_first"]:
            flags.append("printed here first")
        flags += [e(quote_match_text(m, labels[_quote_doc(data, m["quote"])])) for m in q["same_as"]]
        where = cites.markdown(q["doc"], q["start"], q["end"])
        words = e(q["text"]) + ("…" if q["cut_off"] else "")
        out.append(f"- **{e(who)}**: “{words}” ({'; '.join(f for f in flags if f)}; {where})")
    out += ["", "## Amounts", ""]
    for a in data["amounts"]:
        where = cites.markdown(a["doc"], a["start"], a["end"])
        out.append(f"- {e(a['text'])}: {_amount_reading(a['value'], a['unit'], a['counts'], e)} ({where})")
    out += ["", "## Entities", ""]
    once = []
    for ent in data["entities"]:
        if len(ent["mentions"]) > 1 or len(ent["aliases"]) > 1:
            out.append(f"- **{e(ent['name'])}** ({ent['label']}, {mentions_shown(ent)}): {e(' / '.join(ent['aliases']))}")
        else:
            once.append(f"{e(ent['name'])} ({ent['label']})")
    if once:  # an audit counted names told once ("WTO", "McCarthy") as missed: list them, briefly
        out.append(f"- Named once: {', '.join(once)}")
    out += appendix_markdown(data, cites)
    return "\n".join(out).rstrip("\n") + "\n"


def _claim_text(claim: dict[str, Any], doc: str) -> str:
    return str(next((u["text"] for u in claim["units"] if u["doc"] == doc), claim["units"][0]["text"]))


def _quote_doc(data: dict[str, Any], quote_id: str) -> str:
    return str(next(q["doc"] for q in data["quotes"] if q["id"] == quote_id))


def _amount_reading(value: float, unit: str | None, counts: str | None, escape: Callable[[str], str]) -> str:
    """'65 years old — age of people', '40 million — counts cases': the value, its unit and what it counts."""
    return f"{readable_number(value)} {escape(unit or '')} — {counted_label(unit)} {escape(counts or '?')}"


def brief_html(brief: Brief) -> str:
    """A self-contained HTML page (inline CSS, no scripts, no external requests); all text escaped.

    Every citation links to its span in the appendix of source texts, highlighted when targeted.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("crossread", "interfaces/web/templates"), autoescape=select_autoescape(default=True))
    data = brief_dict(brief)
    labels = _source_labels(brief)
    cites = Citations(data, labels)
    template = env.get_template("brief.html.j2")
    return template.render(
        data=data,
        labels=labels,
        names={e["id"]: e["name"] for e in data["entities"]},
        claims={c["id"]: c for c in data["claims"]},
        status_label=STATUS_LABEL,
        claim_statuses=CLAIM_STATUSES,
        counted_label=counted_label,
        readable_number=readable_number,
        unlisted_note=unlisted_note,
        carried_by=lambda claim: _carried_by(labels, claim),
        quote_doc=lambda qid: _quote_doc(data, qid),
        claim_text=_claim_text,
        cite=cites.html_all,
        cite_one=cites.html,
        source_text=lambda doc: source_text_html(cites.sources.get(doc) or cut_at_spans(cites.texts[doc], doc, ())),
        crossing=cites.crossing,
    )


# --- the source appendix of the Markdown and HTML briefs ----------------------
# Every citation of a brief export ([n] start–end) links to the cited span of the source's clean text,
# shown in an appendix; the span carries the id ``src-<doc>-<start>-<end>``. Spans nest (a quote inside
# a claim's sentence); a span that crosses another (a quote over two sentences) cannot be nested in the
# text and is shown again, whole, below its source's text.


def span_anchor(doc: str, start: int, end: int) -> str:
    """The id of a cited span in the appendix: ``src-<doc>-<start>-<end>``."""
    return f"src-{doc}-{start}-{end}"


def cited_spans(data: dict[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """Document id -> the spans a brief export cites in it (summary, claims, quotes, amounts), sorted, within its text."""
    lengths = {d["id"]: len(d["text"]) for d in data["documents"]}
    found: dict[str, set[tuple[int, int]]] = {}
    items = [c for s in data["summary"] for c in s["citations"]]
    items += [u for c in data["claims"] for u in c["units"]] + data["quotes"] + data["amounts"]
    for item in items:
        doc, start, end = item["doc"], item["start"], item["end"]
        if doc in lengths and 0 <= start < end <= lengths[doc]:
            found.setdefault(doc, set()).add((start, end))
    return {doc: sorted(spans) for doc, spans in found.items()}


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source's clean text cut at its cited spans: ``pieces`` are text, ``("open", anchor)`` or ``("close", "")``."""

    pieces: tuple[tuple[str, str], ...]
    crossing: tuple[tuple[int, int], ...]


def cut_at_spans(text: str, doc: str, spans: Sequence[tuple[int, int]]) -> SourceText:
    """``text`` as text pieces with nested open/close marks around ``spans``; spans crossing another go to ``crossing``."""
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    nested: list[tuple[int, int]] = []
    crossing: list[tuple[int, int]] = []
    open_ends: list[int] = []
    for start, end in ordered:
        while open_ends and open_ends[-1] <= start:
            open_ends.pop()
        if open_ends and end > open_ends[-1]:
            crossing.append((start, end))
            continue
        nested.append((start, end))
        open_ends.append(end)
    pieces: list[tuple[str, str]] = []
    position = 0
    closing: list[int] = []

    def advance(to: int) -> None:
        nonlocal position
        while closing and closing[-1] <= to:
            if closing[-1] > position:
                pieces.append(("text", text[position : closing[-1]]))
                position = closing[-1]
            pieces.append(("close", ""))
            closing.pop()
        if to > position:
            pieces.append(("text", text[position:to]))
            position = to

    for start, end in nested:
        advance(start)
        pieces.append(("open", span_anchor(doc, start, end)))
        closing.append(end)
    advance(len(text))
    return SourceText(tuple(pieces), tuple(crossing))


# A paragraph of article text that starts like a Markdown list item or heading underline stays text.
MD_BLOCK_START = re.compile(r"^(\d*)([-+=.)])")


def _md_text(text: str, inline: bool) -> str:
    """Article text for Markdown; inside a cited span line breaks are ``<br>`` (a span cannot hold a blank line)."""
    out = _md_escape(text).replace("&", "\\&")
    if inline:
        return re.sub(r"\n+", lambda m: "<br>" * min(len(m.group()), 2), out)
    return re.sub(r"\n+", "\n\n", out)


def source_text_markdown(source: SourceText) -> str:
    """A source's clean text in Markdown paragraphs, each cited span a ``<span id="src-…">``."""
    out: list[str] = []
    depth = 0
    for kind, value in source.pieces:
        if kind == "open":
            out.append(f'<span id="{value}">')
            depth += 1
        elif kind == "close":
            out.append("</span>")
            depth -= 1
        else:
            out.append(_md_text(value, inline=depth > 0))
    paragraphs = [MD_BLOCK_START.sub(r"\1\\\2", p.strip(" \t")) for p in "".join(out).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p.strip())


def source_text_html(source: SourceText) -> Markup:
    """A source's clean text as escaped HTML, each cited span a ``<mark class="cited" id="src-…">``."""
    from markupsafe import Markup, escape

    parts = [
        Markup('<mark class="cited" id="{}">').format(value)
        if kind == "open"
        else Markup("</mark>")
        if kind == "close"
        else escape(value)
        for kind, value in source.pieces
    ]
    return Markup("").join(parts)


class Citations:
    """Links from a brief's citations to their spans in the appendix (plain text for a span the appendix lacks)."""

    def __init__(self, data: dict[str, Any], labels: dict[str, str]) -> None:
        texts = {d["id"]: d["text"] for d in data["documents"]}
        self.labels = labels
        self.spans = cited_spans(data)
        self.sources = {doc: cut_at_spans(texts[doc], doc, spans) for doc, spans in self.spans.items()}
        self.texts = texts
        self._anchors = {span_anchor(doc, s, e) for doc, spans in self.spans.items() for s, e in spans}

    def crossing(self, doc: str) -> list[tuple[str, str]]:
        """(anchor, text) of the spans of ``doc`` shown whole below its text."""
        source = self.sources.get(doc)
        return [(span_anchor(doc, s, e), self.texts[doc][s:e]) for s, e in (source.crossing if source else ())]

    def markdown(self, doc: str, start: int, end: int) -> str:
        """``[\\[1\\] 120–245](#src-…)``: the source number and span, linked to the appendix."""
        shown = f"{_md_escape(_number(self.labels, doc))} {start}–{end}"
        anchor = span_anchor(doc, start, end)
        return f"[{shown}](#{anchor})" if anchor in self._anchors else shown

    def html(self, doc: str, start: int, end: int) -> Markup:
        """``<a class="cite" href="#src-…">[1]</a>``, its title naming the source and the characters."""
        from markupsafe import Markup, escape

        anchor = span_anchor(doc, start, end)
        number = _number(self.labels, doc)
        if anchor not in self._anchors:
            return Markup("<span>{} {}–{}</span>").format(number, start, end)
        title = f"{self.labels[doc]}, characters {start}–{end}"
        return Markup('<a class="cite" href="#{}" title="{}">{}</a>').format(anchor, title, escape(number))

    def html_all(self, citations: Sequence[dict[str, Any]]) -> Markup:
        from markupsafe import Markup

        return Markup(" ").join(self.html(c["doc"], c["start"], c["end"]) for c in citations)

    def markdown_all(self, citations: Sequence[dict[str, Any]]) -> str:
        return "; ".join(self.markdown(c["doc"], c["start"], c["end"]) for c in citations)


def appendix_markdown(data: dict[str, Any], citations: Citations) -> list[str]:
    """The "Appendix: Sources" of the Markdown brief: each source's clean text, cited spans anchored."""
    out = ["", "## Appendix: Sources", "", "Every citation above links to its span in the source's clean text below.", ""]
    for d in data["documents"]:
        meta = ", ".join(x for x in (d["date"]["label"] or "undated", d["path"]) if x)
        label, title = isolated(citations.labels[d["id"]]), isolated(d["title"] or "(no headline)")
        out += [f"### {_md_escape(label)} — {_md_escape(title)}", ""]
        out += [f"*{_md_escape(meta)}*", ""]
        source = citations.sources.get(d["id"]) or cut_at_spans(d["text"], d["id"], ())
        out += [source_text_markdown(source), ""]
        crossing = citations.crossing(d["id"])
        if crossing:
            out += ["Cited passages that overlap the ones marked above:", ""]
            out += [f'- <span id="{anchor}">{_md_text(text, inline=True)}</span>' for anchor, text in crossing]
            out.append("")
    return out
