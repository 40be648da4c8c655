"""The web page in a real browser: Debian's headless Chromium driven by Playwright.

The test starts the app with uvicorn on 127.0.0.1 (a free port, a thread of
this process) over a temporary store holding the bundled example and hostile
articles. Screenshots of the story page go to ``test-artifacts/``. Skipped,
with the reason, when Chromium or Playwright is missing. No browser download:
Playwright drives the system Chromium.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from crossread.interfaces.api import create_app
from web_fixtures import ARTIFACTS, CHROMIUM, XSS_MARKERS, Watched, example_store, serve_app, write_hostile_files

NEW_ARTICLE = (
    "Estonia opened a new border crossing with Latvia on Monday, the interior ministry in Tallinn said.\n\n"
    "Officials of both countries attended the opening near Valga, where traffic has doubled in a year.\n"
)

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, example_dir: Path, nlp: Language) -> Iterator[str]:
    """The app on 127.0.0.1:<free port>, serving the example plus the hostile articles."""
    from crossread.pipeline import ingest
    from crossread.store import open_store

    folder = tmp_path_factory.mktemp("web")
    settings = example_store(folder / "library.sqlite", example_dir, nlp)
    store = open_store(settings)
    ingest([str(p) for p in write_hostile_files(folder / "hostile")], store, nlp)
    store.close()
    with serve_app(create_app(settings, nlp=nlp, upload_dir=folder / "uploads")) as base:
        yield base


@pytest.fixture()
def watched(browser: Any, server: str) -> Iterator[Watched]:
    session = Watched(browser, server)
    yield session
    session.close()


def _example_story_link(page: Any) -> Any:
    return page.locator("a.story-link", has_text="Pompeo Visits Minsk").first


def test_web_stories_page_lists_the_example(watched: Watched) -> None:
    page = watched.open("/")
    assert page.title().startswith("Stories")
    link = _example_story_link(page)
    assert link.is_visible()
    row = page.locator("table.stories tr", has=link)
    assert row.locator("svg.spark rect").count() >= 1
    assert row.locator("td.num").first.inner_text() == "2"
    watched.assert_clean()


def test_web_story_side_by_side_and_alignment(watched: Watched) -> None:
    page = watched.open("/")
    _example_story_link(page).click()
    page.wait_for_url("**/stories/*")
    columns = page.locator("#side-by-side .column")
    assert columns.count() == 2
    assert page.locator("svg.timeline circle").count() >= 1
    assert page.locator("svg.timeline .tick-label").count() >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story-top.png"))
    page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)
    # click a sentence of the first source that another source also states
    sentence = columns.nth(0).locator("a.sent[data-aligned]:not([data-aligned=''])").first
    aligned_ids = (sentence.get_attribute("data-aligned") or "").split()
    assert aligned_ids
    sentence.click()
    assert "is-active" in (sentence.get_attribute("class") or "")
    counterpart = page.locator(f"[id='{aligned_ids[0]}']")
    assert "is-aligned" in (counterpart.get_attribute("class") or "")
    assert columns.nth(1).locator(".sent.is-aligned").count() >= 1
    assert columns.nth(0).locator(".sent.is-aligned").count() == 0
    assert "Same claim" in page.locator(".align-status").inner_text()
    assert "matcher score" in page.locator(".align-status").inner_text()  # and why the two sentences match
    assert "matcher score" in page.locator(".align-status bdi").inner_text()  # isolated: it quotes article words
    page.locator("#side-by-side").screenshot(path=str(ARTIFACTS / "story-side-by-side.png"))
    sentence.click()  # a second click clears the selection
    assert page.locator(".sent.is-aligned").count() == 0
    watched.assert_clean()


def test_web_entity_page_from_story(watched: Watched) -> None:
    page = watched.open("/")
    _example_story_link(page).click()
    page.wait_for_url("**/stories/*")
    page.locator(".event a.entity", has_text="Pompeo").first.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text().endswith("Pompeo")
    assert page.locator("table.stories a", has_text="Pompeo Visits Minsk").count() == 1
    assert page.locator(".quote-day blockquote").count() >= 1
    assert page.locator("svg.timeline circle").count() == 1
    page.screenshot(path=str(ARTIFACTS / "entity-page.png"))
    watched.assert_clean()


def test_web_story_works_without_javascript(browser: Any, server: str) -> None:
    session = Watched(browser, server, java_script_enabled=False)
    try:
        page = session.open("/")
        _example_story_link(page).click()
        page.wait_for_url("**/stories/*")
        sentence = page.locator("#side-by-side .column").nth(0).locator("a.sent[data-aligned]:not([data-aligned=''])").first
        target = (sentence.get_attribute("href") or "").lstrip("#")
        sentence.click()
        assert page.url.endswith("#" + target)
        claim = page.locator(f"[id='{target}']")
        assert claim.locator("a.cite").count() >= 2  # links back to the sentence in each source
        assert session.problems == []
    finally:
        session.close()


def test_web_upload_then_search(watched: Watched, tmp_path: Path) -> None:
    article = tmp_path / "border-crossing.txt"
    article.write_text(NEW_ARTICLE, "utf-8")
    page = watched.open("/")
    page.set_input_files("form.upload-form input[type=file]", str(article))
    page.locator("form.upload-form button[type=submit]").click()
    page.wait_for_url("**/upload")
    assert "1 ingested" in page.locator(".summary-line").inner_text()
    page = watched.open("/")
    page.fill("form.filters input[name=q]", "Valga border")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r".*\?q="))
    hits = page.locator("#search-results .hit-list li")
    assert hits.count() == 1
    assert "border-crossing.txt" in hits.first.inner_text() and "Estonia" in hits.first.inner_text()
    watched.assert_clean()


def test_web_upload_rejects_wrong_type(watched: Watched, tmp_path: Path) -> None:
    fake = tmp_path / "photo.txt"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page = watched.open("/")
    page.set_input_files("form.upload-form input[type=file]", str(fake))
    page.locator("form.upload-form button[type=submit]").click()
    page.wait_for_url("**/upload")
    assert "unsupported file" in page.locator(".error-box").inner_text()
    watched.problems = [p for p in watched.problems if "415" not in p]  # the browser logs the failed POST
    watched.assert_clean()


def test_web_export_downloads(watched: Watched) -> None:
    page = watched.open("/")
    _example_story_link(page).click()
    page.wait_for_url("**/stories/*")
    with page.expect_download() as info:
        page.locator(".exports a.export", has_text="JSON").click()
    download = info.value
    assert download.suggested_filename.startswith("crossread-story-") and download.suggested_filename.endswith(".json")
    body = json.loads(Path(download.path()).read_text("utf-8"))
    assert body["schema"] == "crossread.story/1" and len(body["story"]["documents"]) == 2
    with page.expect_download() as info:
        page.locator(".exports a.export", has_text="Markdown").click()
    assert Path(info.value.path()).read_text("utf-8").startswith("# ")
    watched.assert_clean()


def test_web_hostile_articles_never_run_script(watched: Watched) -> None:
    page = watched.open("/documents")
    document_links = [a.get_attribute("href") for a in page.locator("table.stories a[href^='/documents/']").all()]
    story_links = [a.get_attribute("href") for a in page.locator("table.stories a[href^='/stories/']").all()]
    shown = ""
    for path in ["/", "/?q=Klaipeda", "/?entity=Petraitiene", *dict.fromkeys(story_links), *document_links]:
        page = watched.open(str(path))
        for sentence in page.locator("a.sent").all()[:3]:
            sentence.click()
        text = page.locator("body").inner_text()
        shown += text
        watched.assert_clean()
        if path.startswith("/stories/") and "Klaipeda" in text:
            page.screenshot(path=str(ARTIFACTS / "hostile-story.png"))
    # the payloads are on the pages, as text
    assert sum(marker in shown for marker in XSS_MARKERS) >= 3


def test_web_story_says_who_each_source_is(browser: Any, server: str) -> None:
    """The headline strip names the State Department (government) first and says honestly the report's outlet is unknown."""
    session = Watched(browser, server, java_script_enabled=False)
    try:
        page = session.open("/")
        _example_story_link(page).click()
        page.wait_for_url("**/stories/*")
        strip = page.locator(".headline-strip .headline")
        assert strip.count() == 2
        first, second = strip.nth(0), strip.nth(1)
        assert "U.S. Department of State" in first.locator(".hs-outlet").inner_text()
        assert first.locator(".class-badge").inner_text() == "government / official"
        assert "between 2019-07-03 and 2020-02-01" in first.inner_text()
        assert "outlet unknown" in second.locator(".hs-outlet").inner_text()
        assert "Pompeo Visits Minsk" in second.locator(".hs-title").inner_text()
        assert "Pompeo Visits Minsk" not in second.locator(".hs-outlet").inner_text()  # a headline is never the outlet
        # Why, without JavaScript: the <details> opens and says which signal named the outlet.
        first.locator("details.how summary").click()
        assert "footer" in first.locator("details.how").inner_text()
        columns = page.locator("#side-by-side .column")
        assert "U.S. Department of State" in columns.nth(0).locator("h3").inner_text()
        assert "(no headline)" in columns.nth(0).locator(".column-title").inner_text()
        assert "outlet unknown" in columns.nth(1).locator("h3").inner_text()
        assert "1 outlet (+1 unknown)" in page.locator(".page-head .meta").inner_text()
        # Every claim in the list says why it has its status, single-source ones included.
        claims = page.locator("#alignments li.claim")
        assert claims.count() >= 2
        assert claims.count() == page.locator("#alignments li.claim:has(p.why)").count()
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".headline-strip").screenshot(path=str(ARTIFACTS / "story-headline-strip.png"))
        session.assert_clean()
    finally:
        session.close()


def test_web_document_page_names_outlet_and_date(watched: Watched) -> None:
    page = watched.open("/documents")
    row = page.locator("tr", has_text="U.S. Department of State")
    assert row.count() == 1 and "(no headline)" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_url("**/documents/*")
    meta = page.locator(".page-head .meta").inner_text()
    assert "U.S. Department of State" in meta and "government" in meta and "between 2019-07-03 and 2020-02-01" in meta
    assert "000_8e7836a4a5bcd670" not in page.locator("h1").inner_text()
    watched.assert_clean()
