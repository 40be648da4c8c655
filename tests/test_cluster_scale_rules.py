"""Rules that keep the clusterer's cost per document flat as the corpus grows (issue 15).

Made-up sentences only; each test fails without its rule.
"""

from __future__ import annotations

import gc
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest

from crossread.model import AnalyzedDocument, Document, Mention
from crossread.stages.cluster import (
    BUCKET_DAYS,
    TIME_WINDOW_DAYS,
    UNDATED,
    UNDATED_HORIZON_DAYS,
    Features,
    StoryClusterer,
    StoryProfile,
    Vectors,
    _figures,
    _figures_differ,
)

HARBOUR = "Dockworkers in Port Selby walked out on Monday over the new shift rota, halting cargo at the harbour."
BRIDGE = "The Kelmar river bridge reopened to traffic after engineers finished repairs to its cracked pillars."


def make(doc_id: str, text: str, published: str | None, name: str) -> AnalyzedDocument:
    document = Document(id=doc_id, source_path=f"{doc_id}.txt", text=text, kind="text", title=None, published=published)
    start = text.index(name)
    return AnalyzedDocument(document=document, mentions=(Mention(doc_id, start, start + len(name), name, "GPE", 0),))


def harbour(doc_id: str, published: str | None) -> AnalyzedDocument:
    return make(doc_id, HARBOUR, published, "Port Selby")


def bridge(doc_id: str, published: str | None) -> AnalyzedDocument:
    return make(doc_id, BRIDGE, published, "Kelmar")


def no_embedding(texts: list[str]) -> np.ndarray:
    return np.zeros((len(texts), 0))


def test_undated_documents_leave_the_recent_ones_with_the_dated_documents_they_arrived_with() -> None:
    """An undated document is dropped from ``recent`` once every dated document that arrived before it left the window."""
    clusterer = StoryClusterer(embed=no_embedding)
    clusterer.add([harbour("h1", "2024-03-01"), bridge("b1", None)])
    clusterer.add([bridge("b2", None)])
    assert set(clusterer.state.recent) == {"h1", "b1", "b2"}
    later = (date(2024, 3, 1) + timedelta(days=TIME_WINDOW_DAYS + 1)).isoformat()
    clusterer.add([harbour("h2", later), bridge("b3", None)])
    assert set(clusterer.state.recent) == {"h2", "b3"}  # b1, b2 arrived before h2 and with h1, which left


def test_undated_documents_without_dated_ones_keep_only_the_count_cap() -> None:
    """Nothing dates an undated corpus's arrivals: every undated document stays (under MAX_RECENT_UNDATED)."""
    clusterer = StoryClusterer(embed=no_embedding)
    for n in range(3):
        clusterer.add([bridge(f"b{n}", None), harbour(f"h{n}", None)])
    assert set(clusterer.state.recent) == {f"{k}{n}" for k in "bh" for n in range(3)}


def test_an_undated_lookup_reads_dated_buckets_within_the_horizon_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """An undated document reads the dated buckets within UNDATED_HORIZON_DAYS of the newest day, and the undated one."""
    clusterer = StoryClusterer(embed=no_embedding)
    key, newest = "e:port selby", date(2024, 6, 1).toordinal()

    def index(story_id: str, day: int | None) -> None:
        clusterer.state.stories[story_id] = StoryProfile(story_id, [f"d-{story_id}"])
        found = Features(f"d-{story_id}", day, None, Counter(), Counter())
        clusterer._index(story_id, Vectors(found, {}, {}, {key: 1.0}, np.zeros(0)))

    index("old", newest - UNDATED_HORIZON_DAYS - 2 * BUCKET_DAYS)
    index("inside", newest - UNDATED_HORIZON_DAYS + BUCKET_DAYS)
    index("new", newest)
    index("undated", None)
    clusterer._oldest_bucket = clusterer._horizon_bucket([Features("x", newest, None, Counter(), Counter())])
    assert sorted(clusterer._candidates({key: 1.0}, None, None)) == ["inside", "new", "undated"]
    clusterer._oldest_bucket = None  # no dated document yet: no horizon
    assert sorted(clusterer._candidates({key: 1.0}, None, None)) == ["inside", "new", "old", "undated"]
    assert clusterer.state.postings[UNDATED][key] == "undated"


def test_an_undated_report_joins_a_story_inside_the_horizon_and_not_one_past_it() -> None:
    """End to end: an undated report joins last month's story, and opens its own when the story is past the horizon."""
    start = date(2024, 3, 1)
    for gap, joins in ((20, True), (UNDATED_HORIZON_DAYS + 30, False)):
        clusterer = StoryClusterer(embed=no_embedding)
        clusterer.add([harbour("h1", start.isoformat())])
        clusterer.add([bridge("b1", (start + timedelta(days=gap)).isoformat())])
        clusterer.add([harbour("h2", None)])
        assert (clusterer.state.assignments["h2"] == clusterer.state.assignments["h1"]) is joins


def test_posting_buckets_are_left_untracked_by_the_garbage_collector() -> None:
    """Postings grow with the corpus: their buckets are tuples of ids, so full collections need not walk them."""
    clusterer = StoryClusterer(embed=no_embedding)
    day = date(2024, 3, 1).toordinal()
    for n in range(4):
        for key, when in (("e:port selby", day), ("e:kelmar", None)):
            clusterer.state.stories[f"s{n}"] = StoryProfile(f"s{n}", [f"d{n}"])
            found = Features(f"d{n}", when, None, Counter(), Counter())
            clusterer._index(f"s{n}", Vectors(found, {}, {}, {key: 1.0}, np.zeros(0)))
    gc.collect()
    postings = clusterer.state.postings
    assert [list(entry) for posting in postings.values() for entry in posting.values()] == [["s0", "s1", "s2", "s3"]] * 2
    assert not any(gc.is_tracked(posting) for posting in postings.values())
    assert len(postings) == 2  # keyed by week bucket, then by key: the dict a full collection walks holds the weeks


def test_postings_are_held_by_week_bucket_then_key_and_read_as_before() -> None:
    """Bucket first: a dated lookup reads its window's buckets, an undated one the newest entries; JSON keeps key -> bucket."""
    clusterer = StoryClusterer(embed=no_embedding)
    day = date(2024, 3, 1).toordinal()
    for n, when in enumerate((day, day + BUCKET_DAYS, day + 200, None)):
        clusterer.state.stories[f"s{n}"] = StoryProfile(f"s{n}", [f"d{n}"])
        found = Features(f"d{n}", when, None, Counter(), Counter())
        clusterer._index(f"s{n}", Vectors(found, {}, {}, {"e:port selby": 1.0, "e:kelmar": 0.5}, np.zeros(0)))
    buckets = [str(day // BUCKET_DAYS), str(day // BUCKET_DAYS + 1), str((day + 200) // BUCKET_DAYS), UNDATED]
    assert list(clusterer.state.postings) == buckets
    assert all(list(posting) == ["e:port selby", "e:kelmar"] for posting in clusterer.state.postings.values())
    assert clusterer._candidates({"e:kelmar": 1.0}, day, day) == ["s0", "s1", "s3"]
    assert clusterer._candidates({"e:kelmar": 1.0}, None, None) == ["s0", "s1", "s2", "s3"]
    saved = clusterer.state.to_dict()["postings"]
    assert saved["e:kelmar"] == {b: [f"s{n}"] for n, b in enumerate(buckets)}


def test_recent_members_are_the_recent_documents_of_each_story() -> None:
    """The second pass finds a nearby story's recent members from ``recent`` (bounded), not from the story's members."""
    clusterer = StoryClusterer(embed=no_embedding)
    clusterer.add([harbour("h1", "2024-03-01"), harbour("h2", "2024-03-02"), bridge("b1", None)])
    state = clusterer.state
    scanned = {s: [d for d in story.doc_ids if d in state.recent] for s, story in state.stories.items()}
    assert {s: sorted(m) for s, m in clusterer._recent_members().items()} == {s: sorted(m) for s, m in scanned.items() if m}


@pytest.mark.parametrize(
    ("mine", "centroid", "removed"),
    [
        (["#1500"], {"#1500": 0.4, "harbour": 0.2}, None),
        (["#1500"], {"#2200": 0.4, "harbour": 0.2}, None),
        (["#1500"], {"harbour": 0.2}, None),
        (["#1500"], {"#1500": 0.4, "#2200": 0.1}, {"#1500": 0.4}),
        (["#1500"], {"#2200": 0.1}, {"#2200": 0.1}),
        (["#1500"], {"#22": 0.3, "#1500x": 0.1}, None),
        ([], {"#2200": 0.4}, None),
    ],
)
def test_figures_differ_answers_as_comparing_both_sets_of_figures(
    mine: list[str], centroid: dict[str, float], removed: dict[str, float] | None
) -> None:
    """The shortcut (a shared figure first, then any figure of the centroid) gives the set comparison's answer."""
    theirs = {k for k in centroid if k.startswith("#") and len(k) > 3}
    if removed:
        theirs = {k for k in theirs if centroid[k] - removed.get(k, 0.0) > 1e-9}
    expected = bool(mine) and bool(theirs) and theirs.isdisjoint(mine)
    assert _figures_differ(mine, centroid, removed) is expected
    assert _figures({"#1500": 1.0, "harbour": 1.0, "#15": 1.0, "#2200": 1.0}) == ["#1500", "#2200"]
