"""The failures page and /api/failures: every input that failed is listed with its stage and reason,
by name only (never a local path), hostile names shown as text; the API pages the same rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from spacy.language import Language

from crossread.interfaces.api import create_app
from crossread.pipeline import ingest
from crossread.store import open_store
from web_fixtures import ARTIFACTS, CHROMIUM, Watched, example_store, serve_app

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

HOSTILE_NAME = "<img src=x onerror=alert(1)>.jsonl"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, example_dir: Path, nlp: Language) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("failures")
    settings = example_store(folder / "library.sqlite", example_dir, nlp)
    bad = folder / "inputs"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / HOSTILE_NAME).write_text('{"text": "fine"}\n{oops\n', "utf-8")
    (bad / "notes.pdf").write_bytes(b"%PDF-1.4")
    store = open_store(settings)
    report = ingest([bad, bad / "notes.pdf"], store, nlp)
    store.close()
    assert len(report.failures) >= 3
    with serve_app(create_app(settings, nlp=nlp, upload_dir=folder / "uploads")) as base:
        yield base, folder


def test_failures_page_lists_each_failed_input_by_name(browser: Any, server: tuple[str, Path]) -> None:
    base, folder = server
    watched = Watched(browser, base)
    page = watched.open("/")
    page.locator("nav a", has_text="Failures").click()
    page.wait_for_url("**/failures")
    rows = page.locator("table.failures tbody tr")
    text = page.locator("table.failures").inner_text()
    assert rows.count() >= 3
    assert "empty file" in text and "unsupported file type" in text and "malformed JSON" in text
    assert HOSTILE_NAME in text  # shown as text, never run (the alert trap would record a dialog)
    assert str(folder) not in page.content()
    assert "crossread failures" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "failures-page.png"), full_page=True)
    watched.assert_clean()
    watched.close()


def test_failures_api_pages_the_same_rows(server: tuple[str, Path]) -> None:
    base, folder = server
    whole = httpx.get(f"{base}/api/failures").json()
    assert whole["schema"] == "crossread.failures/1" and whole["total"] == len(whole["failures"]) >= 3
    first = httpx.get(f"{base}/api/failures", params={"limit": 1}).json()
    second = httpx.get(f"{base}/api/failures", params={"limit": 1, "offset": 1}).json()
    assert first["failures"] != second["failures"] and first["failures"][0] == whole["failures"][0]
    assert str(folder) not in str(whole)
    assert {"source_path", "stage", "reason", "at", "attempts"} <= set(whole["failures"][0])
    refused = httpx.get(f"{base}/api/failures", params={"offset": -5})
    assert refused.status_code == 422 and "offset" in refused.text
