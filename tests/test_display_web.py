"""Robust display (issue 14) in a real browser: Debian's headless Chromium driven by Playwright.

One server (a free local port) over a store holding the bundled example and
display-hostile articles written to ``tmp_path``: a 200,000-character headline
and URL, a right-to-left override (U+202E) in a headline and an outlet, and a
few ordinary articles so that lists have several pages. Each test checks one
point of the issue in the page as a reader gets it; screenshots go to
``test-artifacts/``. Skipped, with the reason, when Chromium or Playwright is
missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from spacy.language import Language

from crossread.interfaces.api import create_app
from web_fixtures import ARTIFACTS, CHROMIUM, Watched, example_store, serve_app

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

LONG_WORD = "W" * 200_000
RLO = "\u202e"
MOBILE_WIDTH = 390
EXAMPLE_TITLE = "Pompeo Visits Minsk"
# Ordinary articles on topics of their own: each is a story, so the lists have pages.
PLAIN_ARTICLES = {
    "tram.txt": (
        "Tram line opens in Tartu\n\nA new tram line opened in Tartu on Tuesday, the city government said. "
        "The line links the railway station with the university campus and carries 4,000 passengers a day.\n"
    ),
    "harvest.txt": (
        "Grain harvest falls in Latvia\n\nLatvia's grain harvest fell by 12 percent this year after a dry summer, "
        "the agriculture ministry in Riga said on Thursday. Farmers asked the government for drought aid.\n"
    ),
}
LONG_RECORD = {
    "title": "Porto bridge closed " + LONG_WORD,
    "outlet": "Douro Courier",
    "url": "https://example.org/" + "u" * 200_000,
    "published": "2021-04-01",
    "text": (
        "The Luiz I bridge in Porto was closed to traffic on Thursday after inspectors found cracks in a pillar, "
        "the city council said. Engineers from the University of Porto will survey the structure next week, "
        "and ferries across the Douro will run every ten minutes until the bridge reopens, mayor Rui Moreira said."
    ),
}
RLO_RECORD = {
    "title": f"Valencia budget {RLO}vote delayed",
    "outlet": f"{RLO}Levante Daily",
    "published": "2021-05-03",
    "text": (
        "The regional parliament of Valencia delayed its budget vote for a second time on Monday, "
        "the speaker's office said. Opposition parties demanded more money for hospitals in Alicante, "
        "and finance minister Arcadi Espana said a new draft would be ready by Friday."
    ),
}
# Text nodes holding U+202E, whether the override is closed inside the node (by U+202C, or by the U+2069
# that ends an isolate opened before it), and the nearest ancestor whose computed unicode-bidi isolates it.
BIDI_PROBE = """() => {
  const closed = (text) => {
    const stack = [];
    for (const ch of text) {
      if ("\\u202a\\u202b\\u202d\\u202e".includes(ch)) stack.push("embed");
      else if (ch === "\\u202c") { if (stack.length && stack[stack.length - 1] === "embed") stack.pop(); }
      else if ("\\u2066\\u2067\\u2068".includes(ch)) stack.push("isolate");
      else if (ch === "\\u2069") { while (stack.length && stack.pop() !== "isolate") {} }
    }
    return !stack.includes("embed");
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.includes("\\u202e")) continue;
    let el = node.parentElement, isolate = null;
    for (; el && el !== document.body; el = el.parentElement) {
      if (getComputedStyle(el).unicodeBidi === "isolate") { isolate = el; break; }
    }
    const dir = isolate && isolate.getAttribute("dir") ? "[dir=" + isolate.getAttribute("dir") + "]" : "";
    found.push({text: node.data.slice(0, 60), closed: closed(node.data), svg: node.parentElement instanceof SVGElement,
                isolate: isolate ? isolate.tagName + dir : null});
  }
  return found;
}"""


def _page_width(page: Any) -> dict[str, int]:
    return dict(page.evaluate("() => ({scroll: document.documentElement.scrollWidth, view: window.innerWidth})"))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, example_dir: Path, nlp: Language) -> Iterator[dict[str, Any]]:
    """The app on 127.0.0.1:<free port> over the example plus the display-hostile articles; their ids and folder."""
    from crossread.pipeline import ingest
    from crossread.store import open_store

    folder = tmp_path_factory.mktemp("display")
    settings = example_store(folder / "library.sqlite", example_dir, nlp)
    inputs = folder / "inputs"
    inputs.mkdir()
    for name, text in PLAIN_ARTICLES.items():
        (inputs / name).write_text(text, "utf-8")
    (inputs / "long.jsonl").write_text(json.dumps(LONG_RECORD) + "\n", "utf-8")
    (inputs / "rlo.jsonl").write_text(json.dumps(RLO_RECORD) + "\n", "utf-8")
    store = open_store(settings)
    try:
        report = ingest([str(inputs)], store, nlp)
        assert not report.failures, report.failures
        documents = store.list_documents()
        stories = {d: s.id for s in store.list_stories() for d in s.doc_ids}
    finally:
        store.close()
    by_title = {d.title or "": d.id for d in documents}
    long_doc = next(i for t, i in by_title.items() if t.startswith("Porto bridge"))
    rlo_doc = next(i for t, i in by_title.items() if t.startswith("Valencia budget"))
    example_doc = next(d.id for d in documents if d.source_path.endswith("000_8e7836a4a5bcd670.txt"))
    with serve_app(create_app(settings, nlp=nlp, upload_dir=folder / "uploads")) as base:
        yield {
            "base": base,
            "folder": folder,
            "example_dir": example_dir.resolve(),
            "long_doc": long_doc,
            "long_story": stories[long_doc],
            "rlo_doc": rlo_doc,
            "rlo_story": stories[rlo_doc],
            "example_doc": example_doc,
            "example_story": stories[example_doc],
            "documents": len(documents),
        }


@pytest.fixture()
def watched(browser: Any, library: dict[str, Any]) -> Iterator[Watched]:
    session = Watched(browser, library["base"])
    yield session
    session.close()


@pytest.fixture()
def mobile(browser: Any, library: dict[str, Any]) -> Iterator[Watched]:
    session = Watched(browser, library["base"], width=MOBILE_WIDTH, height=844, is_mobile=True, has_touch=True)
    yield session
    session.close()


def test_display_web_long_title_never_widens_the_page(watched: Watched, library: dict[str, Any]) -> None:
    """A 200,000-character headline (and URL) wraps: the page is never wider than the window."""
    paths = ["/", "/documents", f"/stories/{library['long_story']}", f"/documents/{library['long_doc']}", "/?q=Porto"]
    ARTIFACTS.mkdir(exist_ok=True)
    for path in paths:
        page = watched.open(path)
        assert LONG_WORD[:1000] in page.content()  # the headline is there, whole, not cut
        width = _page_width(page)
        assert width["scroll"] <= width["view"], f"{path}: {width}"
    page = watched.open(f"/stories/{library['long_story']}")
    page.screenshot(path=str(ARTIFACTS / "display-long-title-story.png"))
    watched.assert_clean()


def test_display_web_right_to_left_override_is_isolated(watched: Watched, library: dict[str, Any]) -> None:
    """Every U+202E of a headline or outlet sits in an isolating <bdi>/dir=auto box; the page text around keeps its order."""
    paths = ["/", "/documents", f"/stories/{library['rlo_story']}", f"/documents/{library['rlo_doc']}", "/?q=Valencia"]
    for path in paths:
        page = watched.open(path)
        found = page.evaluate(BIDI_PROBE)
        assert found, f"{path}: the override is shown (as the article has it)"
        # contained: closed in its own text, or in a box of its own (<bdi>, dir=auto; an SVG text is its own paragraph)
        loose = [f for f in found if not (f["closed"] or f["svg"] or re.match(r"BDI|.*\[dir=auto\]", f["isolate"] or ""))]
        assert not loose, f"{path}: text with U+202E outside <bdi>/dir=auto: {loose}"
    # Order around the outlet: "[1]" left of the outlet, the outlet left of its class badge.
    page = watched.open(f"/stories/{library['rlo_story']}")
    outlet = page.locator(".headline-strip .hs-outlet").first
    number = outlet.locator(".num").bounding_box()
    name = outlet.locator("bdi").bounding_box()
    badge = outlet.locator(".class-badge").bounding_box()
    assert number["x"] + number["width"] <= name["x"] + 1 and name["x"] + name["width"] <= badge["x"] + 1
    assert page.locator("h1").inner_text().startswith("Valencia budget")
    page.locator(".headline-strip").screenshot(path=str(ARTIFACTS / "display-rlo-headline-strip.png"))
    # The document page's meta line: the outlet, then " · ", then the class badge, in reading order.
    page = watched.open(f"/documents/{library['rlo_doc']}")
    meta = page.locator(".page-head .meta")
    name, badge = meta.locator("bdi").first.bounding_box(), meta.locator(".class-badge").bounding_box()
    assert name["x"] + name["width"] <= badge["x"] + 1
    assert re.search(r"· .*· \d+ sentences$", meta.inner_text())
    watched.assert_clean()


def test_display_web_mobile_width_has_no_horizontal_scroll(mobile: Watched, library: dict[str, Any]) -> None:
    """At 390 px wide no page scrolls sideways (wide tables scroll in their own box)."""
    page = mobile.open(f"/stories/{library['example_story']}")
    entity = page.locator("#entities a.chip").first.get_attribute("href")
    pages = {
        "index": "/",
        "documents": "/documents",
        "story": f"/stories/{library['example_story']}",
        "story-long": f"/stories/{library['long_story']}",
        "document": f"/documents/{library['example_doc']}",
        "document-long": f"/documents/{library['long_doc']}",
        "entity": str(entity),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in pages.items():
        page = mobile.open(path)
        width = _page_width(page)
        assert width["view"] == MOBILE_WIDTH
        assert width["scroll"] <= MOBILE_WIDTH, f"{name} ({path}): {width}"
        page.screenshot(path=str(ARTIFACTS / f"display-mobile-{name}.png"))
    mobile.assert_clean()


def _document_links(page: Any) -> list[str]:
    return [str(a.get_attribute("href")) for a in page.locator("table.stories a[href^='/documents/']").all()]


def test_display_web_documents_pager_walks_every_page(watched: Watched, library: dict[str, Any]) -> None:
    """With two rows a page, next/previous walk the list: each page shows other documents, all are reached once."""
    page = watched.open("/documents?limit=2")
    total = library["documents"]
    assert total >= 5
    assert f"{total} articles in the library" in page.locator(".page-head .meta").inner_text()
    seen: list[str] = []
    for number in range(1, 10):
        links = _document_links(page)
        assert 1 <= len(links) <= 2 and not set(links) & set(seen), f"page {number}: {links} after {seen}"
        seen += links
        pager = page.locator("nav.pager")
        first = len(seen) - len(links) + 1
        assert f"{first}–{len(seen)} of {total} articles" in pager.inner_text()
        if number == 2:
            page.screenshot(path=str(ARTIFACTS / "display-documents-page-2.png"))
        if pager.locator("a.pager-next").count() == 0:
            break
        pager.locator("a.pager-next").click()
        page.wait_for_url(re.compile(rf".*offset={len(seen)}"))
    assert len(seen) == total
    assert page.locator("a.pager-prev").count() == 1
    page.locator("a.pager-prev").click()
    page.wait_for_load_state("load")
    assert parse_qs(urlsplit(page.url).query) == {"limit": ["2"], "offset": [str((total - 1) // 2 * 2 - 2)]}
    # the API pages the same way, with the same total
    api = page.request.get(f"{library['base']}/api/documents?limit=2&offset=2").json()
    assert api["total"] == total and api["next"] == "/api/documents?limit=2&offset=4"
    assert [f"/documents/{d['id']}" for d in api["documents"]] == seen[2:4]
    watched.assert_clean()


def test_display_web_stories_pager_counts_agree(watched: Watched, library: dict[str, Any]) -> None:
    """The stories page, its pager and the API say the same number of stories; page two shows other stories."""
    api = watched.page.request.get(f"{library['base']}/api/stories?limit=1").json()
    total = api["total"]
    page = watched.open("/?limit=1")
    assert page.locator(".page-head .meta").inner_text().startswith(f"{total} stories from {library['documents']} articles")
    assert f"1–1 of {total} stories" in page.locator("nav.pager").inner_text()
    first = page.locator("a.story-link").get_attribute("href")
    page.locator("a.pager-next").click()
    page.wait_for_url(re.compile(r".*offset=1"))
    assert page.locator("a.story-link").count() == 1 and page.locator("a.story-link").get_attribute("href") != first
    assert f"2–2 of {total} stories" in page.locator("nav.pager").inner_text()
    watched.assert_clean()


@pytest.mark.parametrize(
    ("query", "code", "words"),
    [
        pytest.param("/api/documents?offset=-5", "invalid_request", ("offset=-5", "greater than or equal to 0"), id="offset"),
        pytest.param("/api/documents?limit=0", "invalid_request", ("limit=0", "greater than or equal to 1"), id="limit-0"),
        pytest.param("/api/stories?limit=1000000", "invalid_request", ("limit=1000000", "less than or equal to 1000"), id="huge"),
        pytest.param("/api/stories?since=2020-13-45", "invalid_date", ("since='2020-13-45'", "YYYY-MM-DD"), id="since"),
        pytest.param("/api/stories?until=2020-02-30", "invalid_date", ("until='2020-02-30'", "YYYY-MM-DD"), id="until"),
        pytest.param("/api/stories?since=yesterday", "invalid_date", ("since='yesterday'", "YYYY-MM-DD"), id="not-a-date"),
    ],
)
def test_display_web_api_refuses_bad_parameters(
    watched: Watched, library: dict[str, Any], query: str, code: str, words: tuple[str, ...]
) -> None:
    response = watched.page.request.get(library["base"] + query)
    assert response.status == 422
    error = response.json()["error"]
    assert error["code"] == code and all(w in error["message"] for w in words), error


@pytest.mark.parametrize(
    ("path", "words"),
    [
        pytest.param("/?since=2020-13-45", ("since='2020-13-45' is not a calendar day", "YYYY-MM-DD"), id="index-since"),
        pytest.param("/?until=2021-02-29", ("until='2021-02-29' is not a calendar day",), id="index-until"),
        pytest.param("/documents?offset=-5", ("offset=-5", "greater than or equal to 0"), id="documents-offset"),
        pytest.param("/documents?limit=100000", ("limit=100000", "less than or equal to 1000"), id="documents-limit"),
    ],
)
def test_display_web_page_says_why_a_parameter_is_refused(watched: Watched, path: str, words: tuple[str, ...]) -> None:
    response = watched.page.goto(watched.base + path)
    assert response is not None and response.status == 422
    message = watched.page.locator(".error-box").inner_text()
    assert "422" in message and all(w in message for w in words), message
    if path.startswith("/?since"):
        watched.page.screenshot(path=str(ARTIFACTS / "display-422-since.png"))
    watched.problems = [p for p in watched.problems if "422" not in p]  # the browser logs the refused request
    watched.assert_clean()


def test_display_web_entity_page_counts_agree_with_the_story(watched: Watched, library: dict[str, Any]) -> None:
    """For each speaker the story page links, the entity page says as many quotes (and "1 story", never "storys")."""
    page = watched.open(f"/stories/{library['example_story']}")
    speakers = page.locator("#quotes .speaker")
    listed = {}
    for index in range(speakers.count()):
        heading = speakers.nth(index).locator("h3")
        link = heading.locator("a")
        if link.count():
            listed[str(link.get_attribute("href"))] = (link.inner_text(), int(heading.locator(".count").inner_text()))
    assert len(listed) >= 3  # Pompeo, Makei, and the United States (a place named as the speaker)
    assert any(name == "United States" for name, _n in listed.values())
    chips = {str(a.get_attribute("href")): int(a.locator("span").inner_text()) for a in page.locator("#entities a.chip").all()}
    for href, (name, quotes) in listed.items():
        page = watched.open(href)
        meta = page.locator(".page-head .meta").inner_text()
        assert meta.startswith(f"1 story · {quotes} quote{'s' if quotes != 1 else ''}"), (name, meta)
        assert page.locator(".quote-day blockquote").count() == quotes, name
        rows = page.locator("table.stories tbody tr")
        assert rows.count() == 1 and "storys" not in meta
        if href in chips:
            assert int(rows.first.locator("td.num").inner_text()) == chips[href], f"{name}: mentions"
    page.screenshot(path=str(ARTIFACTS / "display-entity-counts.png"))
    watched.assert_clean()


def test_display_web_search_finds_every_spelling(watched: Watched, library: dict[str, Any]) -> None:
    """The example writes "Lukashenka" in one source and "Lukashenko" in the other: either finds both."""
    found = {}
    for spelling in ("Lukashenko", "Lukashenka"):
        page = watched.open(f"/?q={spelling}")
        found[spelling] = sorted(str(a.get_attribute("href")) for a in page.locator("#search-results .hit-list li > a").all())
        api = page.request.get(f"{library['base']}/api/search?q={spelling}").json()
        assert sorted(f"/documents/{h['id']}" for h in api["hits"]) == found[spelling]
        stories = [a.get_attribute("href") for a in page.locator("a.story-link").all()]
        assert stories == [f"/stories/{library['example_story']}"]
    assert found["Lukashenko"] == found["Lukashenka"] and len(found["Lukashenko"]) == 2
    watched.assert_clean()


def _exports(story: str, doc: str, entity: str) -> list[str]:
    paths = [f"/stories/{story}/export.{fmt}" for fmt in ("json", "md", "html")]
    paths += [f"/stories/{story}/export.csv?table={t}" for t in ("claims", "quotes", "amounts", "documents")]
    paths += [f"/documents/{doc}/export.{fmt}" for fmt in ("json", "md", "html")]
    paths += [f"/documents/{doc}/export.csv?table={t}" for t in ("sentences", "quotes", "removed")]
    paths += [f"/entities/{entity}/export.{fmt}" for fmt in ("json", "md", "html", "csv")]
    paths += [f"/export/stories.{fmt}" for fmt in ("json", "csv", "md", "html")]
    paths += [f"/export/documents.{fmt}" for fmt in ("json", "csv", "md", "html")]
    return paths


def test_display_web_no_absolute_path_anywhere(watched: Watched, library: dict[str, Any]) -> None:
    """The inputs live under tmp_path (the example: under the repository): no page, API response or export shows
    those absolute paths, only file names or paths relative to the working directory."""
    folder = str(library["folder"])
    root = str(Path(folder).parent.parent)  # /tmp/pytest-of-<user>
    examples = str(library["example_dir"].parent)  # the example was ingested by its absolute path
    story, doc, long_story = library["example_story"], library["rlo_doc"], library["long_story"]
    page = watched.open(f"/stories/{story}")
    entity = str(page.locator("#entities a.chip").first.get_attribute("href")).rsplit("/", 1)[-1]
    pages = ["/", "/documents", f"/stories/{story}", f"/stories/{long_story}", f"/documents/{doc}",
             f"/documents/{library['example_doc']}", f"/entities/{entity}", "/?q=Valencia"]  # fmt: skip
    for path in pages:
        text = watched.open(path).content()
        assert folder not in text and root not in text and examples not in text, path
    shown = watched.open(f"/documents/{doc}").locator("dd.path").inner_text()
    assert shown.startswith("rlo.jsonl"), shown
    apis = ["/api/stories", f"/api/stories/{story}", f"/api/stories/{long_story}", "/api/documents?limit=1000",
            f"/api/documents/{doc}", f"/api/entities/{entity}", "/api/search?q=Valencia"]  # fmt: skip
    for path in apis + _exports(long_story, doc, entity) + _exports(story, library["example_doc"], entity):
        response = watched.page.request.get(library["base"] + path)
        assert response.ok, path
        body = response.text()
        assert folder not in body and root not in body and examples not in body, path
    watched.assert_clean()


def test_display_web_html_export_citation_targets_its_span(browser: Any, library: dict[str, Any], tmp_path: Path) -> None:
    """Clicking a citation in the downloaded HTML brief jumps to its span in the appendix, highlighted by :target."""
    response = Watched(browser, library["base"])
    try:
        body = response.page.request.get(f"{library['base']}/stories/{library['example_story']}/export.html").text()
    finally:
        response.close()
    export = tmp_path / "brief.html"
    export.write_text(body, "utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 800}, java_script_enabled=False)
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(export.as_uri())
        citation = page.locator("section:has(h2:text('Summary')) a.cite").first
        anchor = str(citation.get_attribute("href"))
        assert re.fullmatch(r"#src-\w+-\d+-\d+", anchor)
        target = page.locator(f"[id='{anchor[1:]}']")
        before = target.evaluate("el => getComputedStyle(el).backgroundColor")
        citation.click()
        assert page.url.endswith(anchor)
        assert target.evaluate("el => el.matches(':target')")
        assert target.evaluate("el => getComputedStyle(el).backgroundColor") != before  # highlighted
        box, view = target.bounding_box(), page.viewport_size
        assert box is not None and 0 <= box["y"] < view["height"], "the span is scrolled into view"
        assert target.evaluate("el => el.closest('#appendix-sources') !== null")
        page.screenshot(path=str(ARTIFACTS / "display-export-citation-target.png"))
        page.set_viewport_size({"width": MOBILE_WIDTH, "height": 844})
        width = _page_width(page)
        assert width["scroll"] <= MOBILE_WIDTH, f"the export at {MOBILE_WIDTH} px: {width}"
        assert requests == [export.as_uri()], "the export loads nothing else"
    finally:
        context.close()
