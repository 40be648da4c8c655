"""The HTTP API and the server-rendered pages, in process (httpx TestClient over the ASGI app).

A temporary store holds the bundled example; hostile articles are uploaded
through the API itself, then every page is rendered and parsed to prove that no
article content became markup. The OpenAPI schema is fuzzed with schemathesis,
in process and bounded.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from spacy.language import Language

from crossread.interfaces.api import CONTENT_SECURITY_POLICY, create_app, sniff_upload
from web_fixtures import HOSTILE_RECORD, example_store, write_hostile_files

STORY_KEYS = {"id", "title", "start", "end", "documents"}
STORY_DOCUMENT_KEYS = {"id", "source_id", "path", "url", "outlet", "source", "title", "published"}
BRIEF_KEYS = {"schema", "documents", "event", "entities", "quotes", "amounts", "claims", "per_source", "summary"}
DOCUMENT_KEYS = {
    "schema", "id", "source_path", "source_id", "url", "outlet", "title", "author", "published", "language", "kind",
    "encoding", "text", "removed", "headings", "date_evidence", "sentences", "mentions", "dates", "quotes", "amounts",
}  # fmt: skip
SUMMARY_KEYS = {"id", "title", "outlet", "published", "language", "sentences", "source_path", "source_id", "url"}
# Attributes that load or navigate: none may carry a script URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data"}
OUR_SCRIPTS = {"/static/crossread.js", "/static/corrections.js"}
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "applet", "base"}
# Generated requests per API operation: enough to hit each parameter's edge cases, bounded for CI time.
FUZZ_EXAMPLES = 12
NEW_ARTICLE = (
    "Lithuania and Latvia agreed on Tuesday to share power grid data, officials in Vilnius said.\n\n"
    "The energy ministers of both countries signed the deal in Riga after two days of talks.\n"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, example_dir: Path, nlp: Language) -> FastAPI:
    folder = tmp_path_factory.mktemp("api")
    settings = example_store(folder / "library.sqlite", example_dir, nlp)
    return create_app(settings, nlp=nlp, upload_dir=folder / "uploads")


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def hostile_upload(client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The hostile articles, ingested through POST /api/ingest."""
    paths = write_hostile_files(tmp_path_factory.mktemp("hostile"))
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    response = client.post("/api/ingest", files=files)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    assert len(result["ingested"]) == 2, result
    return result


@pytest.fixture(scope="module")
def example_story(client: TestClient, example_dir: Path) -> dict[str, Any]:
    stories = client.get("/api/stories").json()["stories"]
    names = {p.name for p in example_dir.iterdir()}
    return next(s for s in stories if {Path(d["path"]).name for d in s["documents"]} == names)


def assert_error(response: Any, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


def assert_inert(html: str, where: str) -> None:
    """No script, handler, script URL, frame or inline style can come from an article."""
    tree = lxml.html.fromstring(html)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        assert tag not in FORBIDDEN_TAGS, f"{where}: <{tag}> element"
        if tag == "script":
            assert element.get("src") in OUR_SCRIPTS and not (element.text or "").strip(), f"{where}: script"
        if tag == "meta":
            assert (element.get("http-equiv") or "").lower() != "refresh", f"{where}: meta refresh"
        for name, value in element.attrib.items():
            lowered = name.lower()
            assert not lowered.startswith("on"), f"{where}: <{tag} {name}=...> event handler"
            assert lowered != "style", f"{where}: <{tag} style=...> inline style"
            if lowered in URL_ATTRIBUTES:
                scheme = value.strip().lower().replace("\t", "").replace("\n", "")
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), f"{where}: {name}={value!r}"


# --- contracts ----------------------------------------------------------------


def test_api_stories_contract(client: TestClient, example_story: dict[str, Any]) -> None:
    response = client.get("/api/stories")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "crossread.stories/1"
    for story in body["stories"]:
        assert set(story) == STORY_KEYS
        assert all(set(d) == STORY_DOCUMENT_KEYS for d in story["documents"])
    assert len(example_story["documents"]) == 2
    assert example_story["start"] == "2020-02-01"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since=2020-01-01", True),
        ("since=2030-01-01", False),
        ("until=2019-12-31", False),
        ("until=2020-02-01", True),
        ("entity=Makei", True),
        ("entity=Zyxwvut", False),
        ("q=Lukashenko", True),
        ("q=zyxwvut", False),
        ("outlet=No+Such+Outlet", False),
        ("min_sources=2", True),
        ("min_sources=3", False),
    ],
)
def test_api_stories_filters(client: TestClient, example_story: dict[str, Any], query: str, expected: bool) -> None:
    response = client.get(f"/api/stories?{query}")
    assert response.status_code == 200, response.text
    assert (example_story["id"] in {s["id"] for s in response.json()["stories"]}) is expected


def test_api_story_contract(client: TestClient, example_story: dict[str, Any]) -> None:
    body = client.get(f"/api/stories/{example_story['id']}").json()
    assert set(body) == {"schema", "story", "brief"} and body["schema"] == "crossread.story/1"
    assert body["story"] == example_story
    brief = body["brief"]
    assert set(brief) == BRIEF_KEYS and brief["schema"] == "crossread.brief/1"
    assert {d["id"] for d in brief["documents"]} == {d["id"] for d in example_story["documents"]}
    assert brief["event"]["date"] == "2020-02-01"
    assert any(c["status"] in ("corroborated", "partial") and c["evidence"] for c in brief["claims"])
    # a unique prefix finds the story, as on the command line
    assert client.get(f"/api/stories/{example_story['id'][:8]}").json()["story"]["id"] == example_story["id"]


def test_api_documents_contract(client: TestClient, example_story: dict[str, Any]) -> None:
    body = client.get("/api/documents").json()
    assert body["schema"] == "crossread.documents/1"
    assert all(set(d) == SUMMARY_KEYS for d in body["documents"])
    doc_id = example_story["documents"][0]["id"]
    document = client.get(f"/api/documents/{doc_id}").json()
    assert set(document) == DOCUMENT_KEYS and document["schema"] == "crossread.document/1"
    assert document["id"] == doc_id and document["sentences"]


def test_api_entity_contract(client: TestClient, example_story: dict[str, Any]) -> None:
    brief = client.get(f"/api/stories/{example_story['id']}").json()["brief"]
    pompeo = next(e for e in brief["entities"] if e["name"].endswith("Pompeo"))
    body = client.get(f"/api/entities/{pompeo['id']}").json()
    assert body["schema"] == "crossread.entity/1" and set(body) == {"schema", "entity", "stories", "quotes"}
    assert body["entity"]["id"] == pompeo["id"] and body["entity"]["label"] == "PERSON"
    assert example_story["id"] in {s["id"] for s in body["stories"]}
    assert body["quotes"] and all(q["text"] for q in body["quotes"])
    assert [q["date"] for q in body["quotes"]] == sorted(q["date"] for q in body["quotes"])


def test_api_search_contract(client: TestClient, example_story: dict[str, Any]) -> None:
    body = client.get("/api/search", params={"q": "Makei"}).json()
    assert body["schema"] == "crossread.search/1" and body["query"] == "Makei"
    assert body["hits"] and all(set(h) == {"id", "title", "snippet", "story"} for h in body["hits"])
    assert example_story["id"] in {h["story"] for h in body["hits"]}


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("GET", "/api/stories/s000000000000000", 404, "story_not_found"),
        ("GET", "/api/documents/d000000000000000", 404, "document_not_found"),
        ("GET", "/api/entities/e000000000000000", 404, "entity_not_found"),
        ("GET", "/api/stories?since=yesterday", 422, "invalid_date"),
        ("GET", "/api/stories?since=2020-13-45", 422, "invalid_date"),
        ("GET", "/api/documents?offset=-5", 422, "invalid_request"),
        ("GET", "/api/stories?min_sources=0", 422, "invalid_request"),
        ("GET", "/api/search", 422, "invalid_request"),
        ("GET", "/api/nothing-here", 404, "not_found"),
        ("POST", "/api/stories", 405, "method_not_allowed"),
        ("POST", "/api/ingest", 422, "no_files"),
    ],
)
def test_api_errors_share_one_shape(client: TestClient, method: str, url: str, status: int, code: str) -> None:
    response = client.request(method, url)
    assert_error(response, status, code)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("method", "headers", "status", "code"),
    [
        ("GET", {"host": "attacker.example"}, 400, "unknown_host"),
        ("GET", {"host": "attacker.example:8000"}, 400, "unknown_host"),
        ("POST", {"origin": "http://attacker.example"}, 403, "cross_origin"),
        ("POST", {"origin": "null", "sec-fetch-site": "cross-site"}, 403, "cross_origin"),
        ("POST", {"origin": "http://testserver", "sec-fetch-site": "same-site"}, 403, "cross_origin"),
        ("POST", {"sec-fetch-site": "cross-site"}, 403, "cross_origin"),
    ],
)
def test_api_refuses_rebinding_and_cross_site_posts(
    client: TestClient, method: str, headers: dict[str, str], status: int, code: str
) -> None:
    files = [("files", ("note.txt", b"A short note about nothing in particular.", "text/plain"))] if method == "POST" else None
    response = client.request(method, "/api/ingest" if method == "POST" else "/api/stories", headers=headers, files=files)
    assert_error(response, status, code)
    page = client.request(method, "/upload" if method == "POST" else "/", headers=headers, files=files)
    assert page.status_code == status and "text/html" in page.headers["content-type"]


def test_api_accepts_same_origin_posts(client: TestClient) -> None:
    files = [("files", ("same-origin.txt", b"Officials in Tartu opened a new library on Friday, the mayor said.", "text/plain"))]
    for headers in ({"origin": "http://testserver"}, {"origin": "null", "sec-fetch-site": "same-origin"}):
        assert client.post("/api/ingest", files=files, headers=headers).status_code == 200


# --- uploads ------------------------------------------------------------------


def test_api_ingest_accepts_upload(client: TestClient) -> None:
    files = [("files", ("grid-deal.txt", NEW_ARTICLE.encode(), "text/plain"))]
    body = client.post("/api/ingest", files=files).json()
    assert body["schema"] == "crossread.ingest/1"
    assert body["summary"].startswith("1 ingested") and not body["failures"]
    doc_id = body["ingested"][0]["id"]
    assert client.get(f"/api/documents/{doc_id}").status_code == 200
    assert body["stories"] and any(
        doc_id in {d["id"] for d in s["documents"]} for s in client.get("/api/stories").json()["stories"]
    )
    again = client.post("/api/ingest", files=files).json()
    assert again["summary"].startswith("0 ingested, 1 skipped as duplicate")


def test_api_ingest_without_files_says_so(client: TestClient) -> None:
    assert_error(client.post("/api/ingest", files=[("files", ("", b"", "text/plain"))]), 422, "no_files")
    page = client.post("/upload", files=[("files", ("", b"", "text/plain"))])  # an empty file input, without JavaScript
    assert page.status_code == 422 and "choose one or more files" in page.text


def test_api_ingest_rejects_oversize(app: FastAPI, tmp_path: Path, nlp: Language) -> None:
    small = create_app(app.state.library.settings, nlp=nlp, upload_dir=tmp_path, max_upload_bytes=1000)
    with TestClient(small, raise_server_exceptions=False) as client:
        assert_error(
            client.post("/api/ingest", files=[("files", ("big.txt", b"word " * 400, "text/plain"))]), 413, "upload_too_large"
        )
        # declared too large: refused before the body is parsed
        huge = [("files", ("huge.txt", b"word " * 40_000, "text/plain"))]
        assert_error(client.post("/api/ingest", files=huge), 413, "upload_too_large")
        page = client.post("/upload", files=[("files", ("big.txt", b"word " * 400, "text/plain"))])
        assert page.status_code == 413 and "upload too large" in page.text
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00binary"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("nul.txt", b"text with a \x00 NUL byte"),
        ("feed.jsonl", b"this is not json\n"),
        ("crawl.warc", b"<html>not a warc</html>"),
        ("crawl.warc.gz", b"\x1f\x8b\x08\x00garbage"),
        ("page.html", b"no markup at all, just words"),
        ("empty.txt", b"   \n"),
        ("noext", b"plain words"),
    ],
)
def test_api_ingest_rejects_wrong_type(client: TestClient, name: str, content: bytes) -> None:
    assert sniff_upload(name, content) is not None
    response = client.post("/api/ingest", files=[("files", (name, content, "application/octet-stream"))])
    assert_error(response, 415, "unsupported_file")
    assert name in response.json()["error"]["message"]


def test_api_sniff_accepts_real_inputs(example_dir: Path) -> None:
    import gzip

    for path in example_dir.iterdir():
        assert sniff_upload(path.name, path.read_bytes()) is None
    assert sniff_upload("a.jsonl", b'\xef\xbb\xbf{"text": "x"}') is None
    assert sniff_upload("a.html", b"<p>hello</p>") is None
    assert sniff_upload("a.warc.gz", gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")) is None
    assert sniff_upload("A.WARC", b"WARC/1.1\r\n") is None


# --- pages, exports, hostile content --------------------------------------------


def _page_urls(client: TestClient) -> list[str]:
    stories = client.get("/api/stories").json()["stories"]
    documents = client.get("/api/documents").json()["documents"]
    urls = ["/", "/documents", "/?q=Klaipeda", "/?entity=Petraitiene", "/?since=2020-01-01&until=2020-12-31", "/upload-missing"]
    urls += [f"/stories/{s['id']}" for s in stories] + [f"/documents/{d['id']}" for d in documents]
    for story in stories:
        brief = client.get(f"/api/stories/{story['id']}").json()["brief"]
        urls += [f"/entities/{e['id']}" for e in brief["entities"][:3]]
    return urls


def test_api_pages_render_hostile_articles_inert(client: TestClient, hostile_upload: dict[str, Any]) -> None:
    urls = _page_urls(client)
    assert any(f"/documents/{i['id']}" in urls for i in hostile_upload["ingested"])
    seen_payload = False
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert_inert(response.text, url)
        seen_payload = seen_payload or "alert(" in lxml.html.fromstring(response.text).text_content()
    assert seen_payload, "the hostile text should be shown, as text"
    hostile_doc = next(i["id"] for i in hostile_upload["ingested"] if ".jsonl" in i["path"])
    page = client.get(f"/documents/{hostile_doc}").text
    assert HOSTILE_RECORD["url"] in lxml.html.fromstring(page).text_content()  # the link is shown as text
    assert 'href="javascript' not in page.lower()


def test_api_exports_every_page(client: TestClient, example_story: dict[str, Any], hostile_upload: dict[str, Any]) -> None:
    doc_id = hostile_upload["ingested"][0]["id"]
    brief = client.get(f"/api/stories/{example_story['id']}").json()["brief"]
    entity = brief["event"]["actors"][0]
    bases = [
        "/export/stories",
        "/export/documents",
        f"/stories/{example_story['id']}/export",
        f"/documents/{doc_id}/export",
        f"/entities/{entity}/export",
    ]
    for base in bases:
        for fmt in ("json", "csv", "md", "html"):
            response = client.get(f"{base}.{fmt}")
            assert response.status_code == 200, (base, fmt, response.text)
            assert response.headers["content-disposition"].startswith("attachment; filename=")
            if fmt == "json":
                assert json.loads(response.text)["schema"].startswith("crossread.")
            elif fmt == "csv":
                rows = list(csv.reader(io.StringIO(response.text)))
                assert rows and all(len(r) == len(rows[0]) for r in rows)
                assert not any(cell.startswith(("=", "+", "@")) for r in rows[1:] for cell in r)
            elif fmt == "html":
                assert_inert(response.text, f"{base}.html")
    story_json = client.get(f"/stories/{example_story['id']}/export.json").json()
    assert story_json["schema"] == "crossread.story/1" and story_json["brief"]["schema"] == "crossread.brief/1"
    assert client.get(f"/stories/{example_story['id']}/export.csv?table=quotes").text.startswith("quote,doc,")
    assert client.get(f"/stories/{example_story['id']}/export.xml").status_code == 404


def test_api_static_assets_are_local(client: TestClient) -> None:
    page = client.get("/").text
    tree = lxml.html.fromstring(page)
    for element in tree.iter("link", "script", "img"):
        url = element.get("href") or element.get("src") or ""
        assert url.startswith("/static/"), url
        asset = client.get(url)
        assert asset.status_code == 200 and asset.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    js = client.get("/static/crossread.js").text
    assert "innerHTML" not in js and "fetch(" not in js and "eval(" not in js


# --- fuzzing ------------------------------------------------------------------


def test_api_openapi_fuzz(app: FastAPI, hostile_upload: dict[str, Any]) -> None:
    """Every API operation, fed schema-generated requests in process: no 5xx, and responses match the schema."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/stories", "/api/stories/{story_id}", "/api/search", "/api/ingest"}
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: Any) -> None:
            statuses.append(case.call_and_validate(checks=checks).status_code)

        call()
    assert len(statuses) >= len(operations) and 200 in statuses


# --- page models ----------------------------------------------------------------


def test_api_side_by_side_links_aligned_sentences(app: FastAPI, example_story: dict[str, Any]) -> None:
    from crossread.interfaces.render import brief_dict
    from crossread.interfaces.web.views import side_by_side

    library = app.state.library
    with library.store() as store:
        brief, documents = library.brief(store, library.find_story(store, example_story["id"]))
    data = brief_dict(brief)
    columns = side_by_side(documents, data)
    assert [c.doc_id for c in columns] == [d.document.id for d in documents]
    sentences = {s.anchor: (c.doc_id, s) for c in columns for p in c.paragraphs for s in p}
    assert len(sentences) == sum(len(d.sentences) for d in documents)
    shared = [c for c in data["claims"] if c["status"] in ("corroborated", "partial")]
    assert shared
    for claim in shared:
        carriers = [(doc, s) for doc, s in sentences.values() if claim["id"] in s.claims]
        assert {doc for doc, _s in carriers} == {u["doc"] for u in claim["units"]}
        for doc, sentence in carriers:
            assert sentence.status in ("corroborated", "partial", "contested")
            others = {sentences[a][0] for a in sentence.aligned}
            assert others and doc not in others  # aligned only with the other sources


def test_api_charts_timeline_and_sparkline_geometry() -> None:
    from datetime import date

    from crossread.interfaces.web import charts

    articles = [
        charts.Article("Outlet A", date(2020, 2, 1), "a1", "/documents/a1"),
        charts.Article("Outlet A", date(2020, 2, 1), "a2", "/documents/a2"),
        charts.Article("Outlet B", date(2020, 2, 4), "b1", "/documents/b1"),
        charts.Article("Outlet B", None, "b2", "/documents/b2"),
    ]
    chart = charts.timeline(articles, date(2020, 2, 2))
    assert [r.label for r in chart.rows] == ["Outlet A", "Outlet B"]
    assert len(chart.points) == 3 and sum(p.count for p in chart.points) == 4
    assert [p.estimated for p in chart.points].count(True) == 1
    assert all(chart.left <= p.x <= chart.width - chart.right for p in chart.points)
    assert chart.ticks[0].label == "2020-02-01" and chart.ticks[-1].label == "2020-02-04"
    assert "4 articles in 2 outlets" in chart.caption and "1 undated" in chart.caption
    spark = charts.sparkline([date(2020, 2, 1), date(2020, 2, 1), date(2020, 2, 3), None], date(2020, 2, 1))
    assert spark.bars and all(b.y >= 0 and b.y + b.height <= spark.height + 0.01 for b in spark.bars)
    assert max(b.height for b in spark.bars) == pytest.approx(spark.height - 2)
    assert not charts.sparkline([None], None).bars


def test_api_ingest_accepts_a_gzipped_warc(client: TestClient) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = (
        b"<html><head><title>Riga tram line opens</title></head><body><article><h1>Riga tram line opens</h1>"
        b"<p>The city of Riga opened a new tram line to the airport on Thursday, the transport department said.</p>"
        b"<p>The line carries up to 4000 passengers a day and cost 60 million euros, officials said.</p>"
        b"</article></body></html>"
    )
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record("https://example.org/riga-tram", "response", payload=io.BytesIO(html), http_headers=headers)
    )
    body = client.post("/api/ingest", files=[("files", ("crawl.warc.gz", buffer.getvalue(), "application/warc"))]).json()
    assert body["summary"].startswith("1 ingested"), body
    document = client.get(f"/api/documents/{body['ingested'][0]['id']}").json()
    assert document["url"] == "https://example.org/riga-tram" and "tram line" in document["text"]


def test_api_entity_quotes_match_the_story_quote_groups(client: TestClient, example_story: dict[str, Any]) -> None:
    """Each speaker group of the story page that names an entity has as many quotes as that entity's report."""
    from crossread.interfaces.web.views import quotes_by_speaker

    brief = client.get(f"/api/stories/{example_story['id']}").json()["brief"]
    groups = [g for g in quotes_by_speaker(brief) if g.entity]
    assert any(g.name == "United States" for g in groups)  # a place named as the speaker: not a linked person
    for group in groups:
        report = client.get(f"/api/entities/{group.entity}").json()
        assert len(report["quotes"]) == len(group.quotes), group.name
        assert {q["id"] for q in report["quotes"]} == {q["id"] for q in group.quotes}


def test_api_listings_are_rendered_once_per_store_revision(
    client: TestClient, example_story: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossread.interfaces import api

    calls: list[int] = []
    real = api.stories_payload

    def counted(rows: Any) -> Any:
        calls.append(len(rows))
        return real(rows)

    monkeypatch.setattr(api, "stories_payload", counted)
    url = "/api/stories?limit=7"
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert len(calls) == 1  # the second answer is the first one's bytes
    page = client.get(f"/stories/{example_story['id']}")
    assert page.status_code == 200 and page.headers["content-security-policy"]  # headers stay per response
    assert client.get(f"/stories/{example_story['id']}").content == page.content
