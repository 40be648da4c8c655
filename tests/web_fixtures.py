"""Shared inputs of the API and browser tests: a store with the bundled example, and hostile articles.

The hostile articles carry every trick an article can play on a page that shows
it: script elements, inline event handlers, ``javascript:`` links, CSS that
hides or restyles the page, markup in the title, the outlet and the URL. They
are written to read as news (enough prose for extraction to keep them).
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from crossread.config import Settings
from crossread.pipeline import ingest
from crossread.store import open_store

# Markers the hostile articles try to run; a page that executes one would show it in an alert or the console.
XSS_MARKERS = ("xss-title", "xss-head", "xss-body", "xss-text", "xss-img", "xss-link", "xss-svg", "xss-outlet", "xss-url")

HOSTILE_HTML = """<!DOCTYPE html>
<html><head>
<title>Klaipeda dock strike &lt;script&gt;alert("xss-title")&lt;/script&gt; enters second week</title>
<meta name="author" content="&lt;img src=x onerror=alert('xss-img')&gt;">
<style>body { display: none } * { background: url("javascript:alert('xss-css')") }</style>
<script>alert("xss-head")</script>
<base href="javascript:alert('xss-base')//">
</head><body onload="alert('xss-body')">
<article>
<h1>Dock workers in Klaipeda extend their strike &lt;img src=x onerror=alert('xss-img')&gt;</h1>
<p>Dock workers at the port of Klaipeda voted on Monday, March 8, 2021, to extend their strike for another week,
union leader Rasa Petraitiene said. &lt;script&gt;alert('xss-text')&lt;/script&gt; The strike has halted
container traffic and left 40 ships waiting outside the harbour.</p>
<p>"We will stay out until the port authority signs the wage agreement," Petraitiene said, according to
<a href="javascript:alert('xss-link')">a union statement</a> posted at the gate
<img src="x" onerror="alert('xss-img')">.</p>
<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">Port director Algis Latakas said
the authority had offered a 6 percent raise and hoped to resume talks on Wednesday
&lt;/textarea&gt;&lt;svg onload=alert('xss-svg')&gt; with a mediator from the labour ministry in Vilnius.</p>
<iframe src="javascript:alert('xss-iframe')"></iframe>
<script>alert("xss-body")</script>
</article>
</body></html>
"""

HOSTILE_RECORD = {
    "url": "javascript:alert('xss-url')",
    "title": "<img src=x onerror=alert('xss-title')> Klaipeda strike halts container traffic",
    "outlet": "<script>alert('xss-outlet')</script>",
    "published": "2021-03-09",
    "text": (
        "Dock workers at the port of Klaipeda extended their strike on Monday, union leader Rasa Petraitiene said. "
        "<script>alert('xss-text')</script> About 40 ships are waiting outside the harbour, the port authority said. "
        "<a href=\"javascript:alert('xss-link')\">Read more</a> "
        "Port director Algis Latakas said the authority had offered an 8 percent raise, "
        "and that talks with a mediator from the labour ministry in Vilnius would resume on Wednesday."
    ),
}


def write_hostile_files(folder: Path) -> list[Path]:
    """The hostile HTML article and a JSON-lines record with hostile metadata, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "hostile-article.html"
    html.write_text(HOSTILE_HTML, "utf-8")
    record = folder / "hostile-feed.jsonl"
    record.write_text(json.dumps(HOSTILE_RECORD) + "\n", "utf-8")
    return [html, record]


def example_store(database: Path, example_dir: Path, nlp: Language) -> Settings:
    """A SQLite store at ``database`` holding the bundled example; returns its settings."""
    settings = Settings(database=str(database))
    store = open_store(settings)
    try:
        report = ingest([str(example_dir)], store, nlp)
    finally:
        store.close()
    assert not report.failures, report.failures
    return settings
