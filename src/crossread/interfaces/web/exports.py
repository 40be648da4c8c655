"""Downloads of every page: CSV tables and Markdown reports (JSON and HTML come from render and the templates).

Article text goes into these files unchanged except where the format would run
it: Markdown markup characters are escaped, and CSV cells that a spreadsheet
would evaluate as a formula get a leading quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from crossread.model import DocumentSummary
from crossread.paths import shown_path

# Spreadsheet programs run cells starting with these as formulas: such cells get a leading quote.
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
STORY_TABLES = ("claims", "quotes", "amounts", "documents")
DOCUMENT_TABLES = ("sentences", "quotes", "removed")
ENTITY_TABLES = ("quotes", "stories")


class UnknownTable(ValueError):
    """A CSV table name that the page does not offer."""

    def __init__(self, table: str, valid: Sequence[str]) -> None:
        super().__init__(f"no CSV table {table!r}; valid: {', '.join(valid)}")


def md_escape(text: str) -> str:
    """Keep article text from being read as Markdown/HTML markup."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header row; cells a spreadsheet would run as formulas are defused with a quote."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells = ["" if v is None else str(v) for v in row]
        writer.writerow(["'" + c if c.startswith(CSV_FORMULA_PREFIXES) else c for c in cells])
    return out.getvalue()


def claims_csv(data: dict[str, Any]) -> str:
    rows = [
        (c["id"], c["status"], len(c["sources"]), u["doc"], u["start"], u["end"], u["text"],
         "; ".join(f"{k['kind']}: {k['detail']}" for k in c["conflicts"]))
        for c in data["claims"]
        for u in c["units"]
    ]  # fmt: skip
    return csv_text(("claim", "status", "sources", "doc", "start", "end", "text", "conflicts"), rows)


def quotes_csv(quotes: Iterable[dict[str, Any]]) -> str:
    rows = [
        (q["id"], q["doc"], q["start"], q["end"], q["speaker"], q["speaker_name"] or q["speaker_text"], q["cue"], q["kind"],
         q["said_on"], q["before_event"], q["text"])
        for q in quotes
    ]  # fmt: skip
    header = ("quote", "doc", "start", "end", "speaker", "speaker_name", "cue", "kind", "said_on", "before_event", "text")
    return csv_text(header, rows)


def amounts_csv(data: dict[str, Any]) -> str:
    rows = [(a["doc"], a["start"], a["end"], a["text"], a["value"], a["unit"], a["counts"]) for a in data["amounts"]]
    return csv_text(("doc", "start", "end", "text", "value", "unit", "counts"), rows)


def documents_csv(documents: Iterable[DocumentSummary]) -> str:
    rows = [(d.id, d.title, d.outlet, d.published, d.language, d.sentences, d.url, shown_path(d.source_path)) for d in documents]
    return csv_text(("id", "title", "outlet", "published", "language", "sentences", "url", "path"), rows)


def _pick(table: str, tables: dict[str, Callable[[], str]]) -> str:
    if table not in tables:
        raise UnknownTable(table, list(tables))
    return tables[table]()


def story_csv(data: dict[str, Any], documents: Sequence[DocumentSummary], table: str) -> str:
    """One table of a story's brief (``crossread.brief/1`` dict)."""
    return _pick(
        table,
        {
            "claims": lambda: claims_csv(data),
            "quotes": lambda: quotes_csv(data["quotes"]),
            "amounts": lambda: amounts_csv(data),
            "documents": lambda: documents_csv(documents),
        },
    )


def stories_csv(stories: Sequence[dict[str, Any]]) -> str:
    """``crossread.stories/1`` story dicts, each with an added ``outlets`` count."""
    rows = [(s["id"], s["title"], s["start"], s["end"], len(s["documents"]), s["outlets"]) for s in stories]
    return csv_text(("id", "title", "start", "end", "documents", "outlets"), rows)


def stories_markdown(stories: Sequence[dict[str, Any]]) -> str:
    lines = ["# Stories", "", "| id | title | start | end | documents | outlets |", "|---|---|---|---|---|---|"]
    for s in stories:
        cells = (s["id"], md_escape(s["title"] or ""), s["start"] or "", s["end"] or "", len(s["documents"]), s["outlets"])
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def documents_markdown(documents: Iterable[DocumentSummary]) -> str:
    lines = ["# Documents", "", "| id | title | outlet | published | language | sentences |", "|---|---|---|---|---|---|"]
    for d in documents:
        title = md_escape(d.title or d.source_path.rsplit("/", 1)[-1])
        cells = (d.id, title, md_escape(d.outlet or ""), d.published or "", d.language or "", d.sentences)
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def document_csv(data: dict[str, Any], table: str) -> str:
    """One table of a ``crossread.document/1`` dict."""
    return _pick(
        table,
        {
            "sentences": lambda: csv_text(
                ("index", "start", "end", "is_heading", "text"),
                [(s["index"], s["start"], s["end"], s["is_heading"], s["text"]) for s in data["sentences"]],
            ),
            "quotes": lambda: quotes_csv({**q, "doc": data["id"], "speaker": None, "before_event": None} for q in data["quotes"]),
            "removed": lambda: csv_text(
                ("line_number", "reason", "line"), [(r["line_number"], r["reason"], r["line"]) for r in data["removed"]]
            ),
        },
    )


def entity_csv(report: dict[str, Any], table: str) -> str:
    """One table of a ``crossread.entity/1`` report."""
    return _pick(
        table,
        {
            "quotes": lambda: csv_text(
                ("date", "story", "doc", "start", "end", "cue", "kind", "text"),
                [
                    (q["date"], q["story"], q["doc"], q["start"], q["end"], q["cue"], q["kind"], q["text"])
                    for q in report["quotes"]
                ],
            ),
            "stories": lambda: csv_text(
                ("story", "title", "start", "end", "mentions"),
                [(s["id"], s["title"], s["start"], s["end"], s["mentions"]) for s in report["stories"]],
            ),
        },
    )


def entity_markdown(report: dict[str, Any]) -> str:
    entity = report["entity"]
    lines = [f"# {md_escape(entity['name'])} ({entity['label']})", ""]
    lines += [f"Also written: {md_escape(' / '.join(entity['aliases']))}", "", "## Stories", ""]
    for s in report["stories"]:
        lines.append(f"- {s['start'] or '?'} — {md_escape(s['title'] or s['id'])} ({s['mentions']} mentions)")
    lines += ["", "## Quotes", ""]
    lines += [f"- {q['date'] or 'undated'}: “{md_escape(q['text'])}” ({q['cue'] or q['kind']})" for q in report["quotes"]]
    return "\n".join(lines) + "\n"
