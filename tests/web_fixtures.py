"""Shared inputs of the API and browser tests: a store with the bundled example, hostile articles,
and the browser harness (``serve_app`` runs the app on a free local port, ``Watched`` is a page
that records console errors, dialogs and any request off the server).

The hostile articles carry every trick an article can play on a page that shows
it: script elements, inline event handlers, ``javascript:`` links, CSS that
hides or restyles the page, markup in the title, the outlet and the URL. They
are written to read as news (enough prose for extraction to keep them).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.language import Language

from crossread.config import Settings
from crossread.pipeline import ingest
from crossread.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Seconds to wait for the server to accept connections, and for any page action.
SERVER_START_TIMEOUT = 20.0
PAGE_TIMEOUT_MS = 20_000
# Replaces alert/confirm/prompt before any page script runs: a call is recorded, never shown.
ALERT_TRAP = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (message) => { window.__xss.push(name + ":" + String(message)); };
}
"""

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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1:<free port> in a thread of this process; yields its base URL."""
    import pytest
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the crossread server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class Watched:
    """A page with an alert trap and a record of console errors, page errors and dialogs."""

    def __init__(self, browser: Any, base: str, width: int = 1360, height: int = 1000, **options: Any) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True, **options)
        self.context.add_init_script(ALERT_TRAP)
        self.page = self.context.new_page()
        self.page.set_default_timeout(PAGE_TIMEOUT_MS)
        self.base = base
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", self._local_only)

    def _local_only(self, request: Any) -> None:
        if not request.url.startswith((self.base, "data:", "about:")):
            self.problems.append(f"external request: {request.url}")

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def assert_clean(self) -> None:
        trapped = self.page.evaluate("window.__xss || []") if self.page.url.startswith(self.base) else []
        assert not trapped, f"article script ran: {trapped}"
        assert not self.problems, self.problems

    def close(self) -> None:
        self.context.close()
