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
<title>Minsk talks &lt;script&gt;alert("xss-title")&lt;/script&gt; continue</title>
<meta name="author" content="&lt;img src=x onerror=alert('xss-img')&gt;">
<style>body { display: none } * { background: url("javascript:alert('xss-css')") }</style>
<script>alert("xss-head")</script>
<base href="javascript:alert('xss-base')//">
</head><body onload="alert('xss-body')">
<article>
<h1>Pompeo and Lukashenko discuss oil &lt;img src=x onerror=alert('xss-img')&gt;</h1>
<p>Secretary of State Michael Pompeo met President Alexander Lukashenko in Minsk on Saturday, February 1, 2020,
officials said. &lt;script&gt;alert('xss-text')&lt;/script&gt; The talks covered oil supplies, sanctions and
the return of ambassadors after a twelve-year break.</p>
<p>"We are ready to deliver one hundred percent of the oil you need," Pompeo said, according to
<a href="javascript:alert('xss-link')">a briefing note</a> circulated by the embassy
<img src="x" onerror="alert('xss-img')">.</p>
<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">Foreign Minister Vladimir Makei said
Belarus hopes for a further normalization of relations with the United States and more trade in the coming year
&lt;/textarea&gt;&lt;svg onload=alert('xss-svg')&gt; and that both sides agreed to keep talking.</p>
<iframe src="javascript:alert('xss-iframe')"></iframe>
<script>alert("xss-body")</script>
</article>
</body></html>
"""

HOSTILE_RECORD = {
    "url": "javascript:alert('xss-url')",
    "title": "<img src=x onerror=alert('xss-title')> Belarus trade report",
    "outlet": "<script>alert('xss-outlet')</script>",
    "published": "2020-02-02",
    "text": (
        "Belarus and the United States discussed oil deliveries in Minsk on Saturday, officials said. "
        "<script>alert('xss-text')</script> The Belarusian foreign ministry said trade could double. "
        "<a href=\"javascript:alert('xss-link')\">Read more</a> "
        "Analysts said the visit by Michael Pompeo was the first by a secretary of state in decades, "
        "and that Alexander Lukashenko wants better relations with the West."
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
