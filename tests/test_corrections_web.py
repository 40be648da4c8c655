"""Corrections in a real browser (headless Chromium): mark a match wrong, see the brief change, export, undo.

Uses the server and browser of ``test_web`` (its own instance for this module);
screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_web import ARTIFACTS, Watched, _example_story_link, server, watched  # noqa: F401  (fixtures)


def _story_page(session: Watched) -> Any:
    page = session.open("/")
    _example_story_link(page).click()
    page.wait_for_url("**/stories/*")
    return page


def _download_json(page: Any, link: Any) -> Any:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_text("utf-8")


def test_web_corrections_mark_a_match_wrong_export_and_undo(watched: Watched) -> None:  # noqa: F811
    page = _story_page(watched)
    ARTIFACTS.mkdir(exist_ok=True)
    assert page.locator("#corrections .correction-list li.empty").count() == 1
    button = page.locator("#alignments li.claim .fix-match").first
    assert button.is_visible()  # shown by corrections.js
    claim = button.locator("xpath=ancestor::li[contains(@class, 'claim')]")
    claim_id = (claim.get_attribute("id") or "").removeprefix("claim-")
    moved = button.get_attribute("data-a") or ""
    doc, start, end = moved.split(":")
    before = claim.locator("ul li").count()
    page.screenshot(path=str(ARTIFACTS / "corrections-before.png"), full_page=True)
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")
    # the brief changed: the claim lost the unit, which is now a claim of its own, noted as the analyst's
    assert page.locator("#corrections .correction-list li[id^='correction-']").count() == 1
    assert "is not the same fact as" in page.locator("#corrections").inner_text()
    after = page.locator(f"[id='claim-{claim_id}']")
    assert after.locator("ul li").count() == before - 1
    assert "match corrected by analyst" in after.inner_text()
    assert "split off by analyst" in page.locator("#alignments").inner_text()
    page.locator("#corrections").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "corrections-marked.png"), full_page=True)
    page.locator("#corrections").screenshot(path=str(ARTIFACTS / "corrections-list.png"))
    after.screenshot(path=str(ARTIFACTS / "corrections-claim.png"))
    # the exports carry the corrected brief; the labelled JSONL carries ids + offsets + label, no article text
    story = json.loads(_download_json(page, page.locator(".exports a.export", has_text="JSON")))
    split = [c for c in story["brief"]["claims"] if "split off by analyst" in c["note"]]
    assert [(u["doc"], u["start"], u["end"]) for u in split[0]["units"]] == [(doc, int(start), int(end))]
    assert split[0]["status"] == "unmatched"
    lines = [json.loads(x) for x in _download_json(page, page.locator("#corrections a[href*='jsonl']")).splitlines()]
    assert len(lines) == 1 and lines[0]["label"] == "match_wrong"
    assert lines[0]["spans"][0] == {"doc": doc, "start": int(start), "end": int(end)}
    assert "text" not in json.dumps(lines[0]).replace('"note"', "")  # ids and offsets only
    # undo: the brief is crossread's own again
    with page.expect_navigation():
        page.locator("#corrections .fix-undo").first.click()
    page.wait_for_load_state("load")
    assert page.locator("#corrections .correction-list li.empty").count() == 1
    assert page.locator(f"[id='claim-{claim_id}'] ul li").count() == before
    assert "split off by analyst" not in page.locator("#alignments").inner_text()
    page.screenshot(path=str(ARTIFACTS / "corrections-undone.png"), full_page=True)
    watched.assert_clean()


def test_web_corrections_status_and_speaker_from_the_page(watched: Watched) -> None:  # noqa: F811
    page = _story_page(watched)
    claim = page.locator("#alignments li.claim").first
    claim_id = claim.get_attribute("id") or ""
    current = claim.locator(".fix-status-value").input_value()
    wanted = "contested" if current != "contested" else "partial"
    claim.locator(".fix-status-value").select_option(wanted)
    with page.expect_navigation():
        claim.locator(".fix-status").click()
    page.wait_for_load_state("load")
    corrected = page.locator(f"[id='{claim_id}']")
    assert "status corrected by analyst" in corrected.inner_text()
    assert corrected.locator(f".badge.{wanted}").count() >= 1
    quote = page.locator("#quotes li[id^='quote-']").first
    quote_id = quote.get_attribute("id") or ""
    quote.locator(".fix-speaker-name").fill("Jane Analyst")
    with page.expect_navigation():
        quote.locator(".fix-speaker").click()
    page.wait_for_load_state("load")
    speaker = page.locator(f"[id='{quote_id}']").locator("xpath=ancestor::div[contains(@class, 'speaker')]")
    assert "Jane Analyst" in speaker.locator("h3").inner_text()
    assert page.locator("#corrections .correction-list li[id^='correction-']").count() == 2
    page.screenshot(path=str(ARTIFACTS / "corrections-status-speaker.png"), full_page=True)
    for _ in range(2):  # clean up: undo both
        with page.expect_navigation():
            page.locator("#corrections .fix-undo").first.click()
        page.wait_for_load_state("load")
    assert page.locator("#corrections .correction-list li.empty").count() == 1
    watched.assert_clean()


def test_web_corrections_are_listed_without_javascript(browser: Any, server: str) -> None:  # noqa: F811
    session = Watched(browser, server, java_script_enabled=False)
    try:
        page = _story_page(session)
        assert page.locator("#corrections").is_visible()
        assert page.locator("[data-fix]:visible").count() == 0  # no dead controls without the script
        assert session.problems == []
    finally:
        session.close()
