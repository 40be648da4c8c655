"""Corrections through the HTTP API and the CLI over a real SQLite store holding the bundled example.

Checks that a correction changes the brief every surface serves, that undo
restores it, the write guards (Host, cross-site, Origin: null, JSON only), clear
422s, the labelled JSONL export, and the CLI (list, export, undo, eval).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language
from typer.testing import CliRunner

from crossread.interfaces.api import create_app
from crossread.interfaces.cli import app as cli_app
from web_fixtures import example_store


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, example_dir: Path, nlp: Language) -> Iterator[tuple[TestClient, Path]]:
    folder = tmp_path_factory.mktemp("corrections")
    settings = example_store(folder / "library.sqlite", example_dir, nlp)
    with TestClient(create_app(settings, nlp=nlp, upload_dir=folder / "uploads"), raise_server_exceptions=False) as client:
        yield client, Path(settings.database)


@pytest.fixture(scope="module")
def client(setup: tuple[TestClient, Path]) -> TestClient:
    return setup[0]


@pytest.fixture(scope="module")
def story(client: TestClient) -> dict[str, Any]:
    stories = client.get("/api/stories").json()["stories"]
    chosen: dict[str, Any] = next(s for s in stories if len(s["documents"]) == 2)
    return chosen


def _brief(client: TestClient, story: dict[str, Any]) -> dict[str, Any]:
    response = client.get(f"/api/stories/{story['id']}")
    assert response.status_code == 200, response.text
    brief: dict[str, Any] = response.json()["brief"]
    return brief


def _shared_claim(brief: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = next(c for c in brief["claims"] if len({u["doc"] for u in c["units"]}) == 2)
    return claim


def _span(unit: dict[str, Any]) -> dict[str, Any]:
    return {"doc": unit["doc"], "start": unit["start"], "end": unit["end"]}


def test_corrections_api_match_wrong_changes_every_surface_and_undo_restores(client: TestClient, story: dict[str, Any]) -> None:
    before = _brief(client, story)
    claim = _shared_claim(before)
    first, other = claim["units"][0], next(u for u in claim["units"] if u["doc"] != claim["units"][0]["doc"])
    body = {"kind": "match_wrong", "spans": [_span(other), _span(first)], "note": "different meetings"}
    response = client.post("/api/corrections", json=body)
    assert response.status_code == 201, response.text
    correction = response.json()["correction"]
    after = _brief(client, story)
    kept = next(c for c in after["claims"] if c["id"] == claim["id"])
    split = next(c for c in after["claims"] if _span(other) in [_span(u) for u in c["units"]])
    assert split["id"] != claim["id"] and split["status"] == "unmatched" and "analyst" in split["note"]
    assert _span(other) not in [_span(u) for u in kept["units"]] and "analyst" in kept["note"]
    for sentence in after["summary"]:  # no summary sentence still cites the split-off unit for the kept claim
        if sentence["claim"] == claim["id"]:
            assert _span(other) not in sentence["citations"]
    # the same corrected brief in the exports and on the page
    exported = json.loads(client.get(f"/stories/{story['id']}/export.json").text)
    assert exported["brief"]["claims"] == after["claims"]
    assert "split off by analyst" in client.get(f"/stories/{story['id']}/export.md").text
    page = client.get(f"/stories/{story['id']}").text
    assert "split off by analyst" in page and correction["id"] in page
    listed = client.get("/api/corrections", params={"story": story["id"]}).json()["corrections"]
    assert [c["id"] for c in listed] == [correction["id"]]
    assert client.get("/api/corrections", params={"document": "dnothere"}).json()["corrections"] == []
    jsonl = client.get("/api/corrections", params={"format": "jsonl"})
    line = json.loads(jsonl.text.splitlines()[0])
    assert line["label"] == "match_wrong" and line["spans"][0] == _span(other)
    assert other["text"] not in jsonl.text  # ids and offsets, never article text
    assert client.delete(f"/api/corrections/{correction['id']}").status_code == 200
    assert _brief(client, story)["claims"] == before["claims"]
    assert client.delete(f"/api/corrections/{correction['id']}").status_code == 404


def test_corrections_api_status_speaker_and_entities(client: TestClient, story: dict[str, Any]) -> None:
    before = _brief(client, story)
    claim = before["claims"][0]
    wanted = "contested" if claim["status"] != "contested" else "partial"
    made = [client.post("/api/corrections", json={"kind": "status_wrong", "spans": [_span(claim["units"][0])], "value": wanted})]
    quote = before["quotes"][0]
    made.append(client.post("/api/corrections", json={"kind": "speaker_wrong", "spans": [_span(quote)], "value": "unknown"}))
    people = [e for e in before["entities"] if e["label"] == "PERSON"][:2]
    made.append(client.post("/api/corrections", json={"kind": "same_entity", "names": [p["name"] for p in people]}))
    assert [r.status_code for r in made] == [201, 201, 201], [r.text for r in made]
    after = _brief(client, story)
    relabelled = next(c for c in after["claims"] if c["id"] == claim["id"])
    assert relabelled["status"] == wanted and "status corrected by analyst" in relabelled["note"]
    corrected_quote = next(q for q in after["quotes"] if q["id"] == quote["id"])
    assert corrected_quote["speaker"] is None and corrected_quote["speaker_name"] is None
    merged = [e for e in after["entities"] if {p["name"] for p in people} <= {e["name"], *e["aliases"]}]
    assert len(merged) == 1 and len(after["entities"]) == len(before["entities"]) - 1
    for response in made:
        assert client.delete(f"/api/corrections/{response.json()['correction']['id']}").status_code == 200
    assert _brief(client, story) == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "match_wrong", "spans": []}, "needs 2 span"),
        ({"kind": "status_wrong", "spans": [{"doc": "dnothere", "start": 0, "end": 5}], "value": "contested"}, "no document"),
        ({"kind": "nonsense"}, "kind"),
        ({"kind": "same_entity", "names": ["A", "a"]}, "two different names"),
    ],
)
def test_corrections_api_refuses_bad_input_with_a_clear_422(client: TestClient, body: dict[str, Any], message: str) -> None:
    response = client.post("/api/corrections", json=body)
    assert response.status_code == 422, response.text
    assert message in response.json()["error"]["message"]


def test_corrections_api_refuses_bad_status_value_and_spans_outside_the_text(client: TestClient, story: dict[str, Any]) -> None:
    doc = story["documents"][0]["id"]
    bad = client.post(
        "/api/corrections", json={"kind": "status_wrong", "spans": [{"doc": doc, "start": 0, "end": 5}], "value": "x"}
    )
    assert bad.status_code == 422 and "value, one of" in bad.json()["error"]["message"]
    far = client.post(
        "/api/corrections", json={"kind": "speaker_wrong", "spans": [{"doc": doc, "start": 0, "end": 10**7}], "value": "X"}
    )
    assert far.status_code == 422 and "outside document" in far.json()["error"]["message"]


@pytest.mark.parametrize(
    ("method", "headers", "status"),
    [
        ("POST", {"origin": "null"}, 403),
        ("POST", {"origin": "null", "sec-fetch-site": "same-origin"}, 403),
        ("DELETE", {"origin": "null"}, 403),
        ("POST", {"origin": "http://attacker.example"}, 403),
        ("DELETE", {"sec-fetch-site": "cross-site"}, 403),
        ("POST", {"host": "attacker.example"}, 400),
        ("POST", {"content-type": "application/x-www-form-urlencoded"}, 415),
        ("POST", {"content-type": "text/plain"}, 415),
    ],
)
def test_corrections_api_write_guards(client: TestClient, method: str, headers: dict[str, str], status: int) -> None:
    body = json.dumps({"kind": "same_entity", "names": ["Guard One", "Guard Two"]})
    headers = {"content-type": "application/json", **headers}
    url = "/api/corrections" if method == "POST" else "/api/corrections/kdoesnotexist"
    response = client.request(method, url, content=body, headers=headers)
    assert response.status_code == status, response.text
    assert client.get("/api/corrections").json()["corrections"] == []


def test_corrections_api_is_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/corrections"]) and "delete" in paths["/api/corrections/{correction_id}"]


def test_corrections_cli_list_export_undo_and_eval(setup: tuple[TestClient, Path], story: dict[str, Any], tmp_path: Path) -> None:
    client, db = setup
    claim = _shared_claim(_brief(client, story))
    first, other = claim["units"][0], next(u for u in claim["units"] if u["doc"] != claim["units"][0]["doc"])
    made = client.post("/api/corrections", json={"kind": "match_wrong", "spans": [_span(other), _span(first)]}).json()
    cid = made["correction"]["id"]
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["corrections", "list", "--db", str(db)])
    assert listed.exit_code == 0 and cid in listed.stdout and "1 correction" in listed.stdout
    gold = tmp_path / "gold.jsonl"
    assert runner.invoke(cli_app, ["corrections", "export", "--db", str(db), "-o", str(gold)]).exit_code == 0
    assert json.loads(gold.read_text("utf-8").splitlines()[0])["id"] == cid
    shown = runner.invoke(cli_app, ["story", story["id"], "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0 and "split off by analyst" in shown.stdout
    scored = runner.invoke(cli_app, ["eval", "--corrections", str(gold), "--db", str(db)])
    assert scored.exit_code == 0, scored.output
    assert "| match_wrong | 1 | 0 | 100.0% |" in scored.stdout  # crossread itself still matches the pair
    assert runner.invoke(cli_app, ["corrections", "undo", cid, "--db", str(db)]).exit_code == 0
    assert runner.invoke(cli_app, ["corrections", "undo", cid, "--db", str(db)]).exit_code == 2
    assert client.get("/api/corrections").json()["corrections"] == []


def test_corrections_survive_reingest_and_reclustering_into_a_new_store(
    setup: tuple[TestClient, Path], story: dict[str, Any], example_dir: Path, nlp: Language, tmp_path: Path
) -> None:
    """The JSONL of one library, loaded into a library built again from the same files, corrects the same claim."""
    from crossread.corrections import read_jsonl
    from crossread.store.sqlite import SQLiteStore

    client, _db = setup
    claim = _shared_claim(_brief(client, story))
    first, other = claim["units"][0], next(u for u in claim["units"] if u["doc"] != claim["units"][0]["doc"])
    made = client.post("/api/corrections", json={"kind": "match_wrong", "spans": [_span(other), _span(first)]}).json()
    gold = client.get("/api/corrections", params={"format": "jsonl"}).text
    assert client.delete(f"/api/corrections/{made['correction']['id']}").status_code == 200
    settings = example_store(tmp_path / "again.sqlite", example_dir, nlp)  # ingested and clustered from scratch
    store = SQLiteStore(settings.database)
    for correction in read_jsonl(gold):
        store.add_correction(correction)
    store.close()
    with TestClient(create_app(settings, nlp=nlp, upload_dir=tmp_path / "uploads")) as again:
        stories = again.get("/api/stories").json()["stories"]
        rebuilt = _brief(again, next(s for s in stories if len(s["documents"]) == 2))
    split = [c for c in rebuilt["claims"] if [_span(u) for u in c["units"]] == [_span(other)]]
    assert split and split[0]["status"] == "unmatched" and "split off by analyst" in split[0]["note"]
