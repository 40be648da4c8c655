"""Syndication chains and incremental story clustering: behaviour, and quality on real gold.

Quality floors sit just below the measured figures (see the report in
``crossread.evaluation.clustering``); a change that lowers them fails here.
"""

from __future__ import annotations

import heapq
import json
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from conftest import shared_data
from crossread.evaluation.clustering import (
    allsides_documents,
    baseline_agglomerative,
    bcubed,
    giveme_documents,
    giveme_occurrences,
    headlines,
    in_batches,
    in_half,
    ner_only,
    split_at_gaps,
)
from crossread.model import AnalyzedDocument, DateMention, Document, Mention
from crossread.stages.cluster import (
    ARCHIVE_AFTER_DAYS,
    EMBEDDING_DIMS,
    LEAD_TIME_GRACE_DAYS,
    LEAD_TIME_POWER,
    LONG_DOCUMENT_WORDS,
    LONG_UNDATED_FACTOR,
    NUMBER,
    NUMBER_CONFLICT_FACTOR,
    SHORT_DOCUMENT_WORDS,
    STATE_VERSION,
    TIME_WINDOW_DAYS,
    UNDATED,
    UNDATED_FACTOR,
    ClusterState,
    Features,
    StoryClusterer,
    StoryProfile,
    Vectors,
    _dot,
    _drop_lightest,
    _embedding_array,
    _score,
    _top,
    _without,
    document_day,
    entity_key,
    features,
    syndication_chains,
    wordllama_embedder,
)

# --- quality floors (measured 2026-12-06, with the second pass; only go up) -------
# giveme5w1h against its own gold events (some are months-long topics, which a
# story-as-event clusterer splits on purpose): measured F1 0.896 (P 0.985 R 0.822).
GIVEME_F1_FLOOR = 0.89
# giveme5w1h gold cut where reports are > TIME_WINDOW_DAYS apart: measured 0.948.
GIVEME_EVENT_F1_FLOOR = 0.94
# Same corpus in 5 date-ordered batches vs one batch: measured 0.888 vs 0.896.
INCREMENTAL_MAX_F1_LOSS = 0.015
# allsides-neus (60% undated ~90-word leads; batch order no longer helps since
# 2026-12-03): measured 0.750 (P 0.711 R 0.794); 0.779 (P 0.770 R 0.787) with
# the split of lead stories and figure conflicts (2026-12-06, s28); 0.796
# (P 0.799 R 0.793) with s31's embeddings and leads' time fall; 0.810 (P 0.830
# R 0.790) with s32's weekday and headline figure conflicts. With
# giveme5w1h's calibration the average-link baseline gets 0.687; tuned on
# allsides, complete link ~0.83.
ALLSIDES_F1_FLOOR = 0.80
# The baseline's distance threshold, chosen like crossread's constants: the
# best B-cubed F1 on giveme5w1h (grid 0.6-0.95 in steps of 0.05).
BASELINE_DISTANCE = 0.85


# --- small synthetic corpus (our own text) ---------------------------------------

SUMMIT = (
    "Leaders of Ruritania and Freedonia met in Lakeside for a summit on border trade. "
    "President Anna Varga and Prime Minister Tomas Holt signed a customs accord and agreed on a joint rail corridor."
)
SECOND_SUMMIT = (
    "Anna Varga and Tomas Holt held talks in Lakeside again, this time on border trade quotas for farm goods. "
    "The leaders of Ruritania and Freedonia said the customs accord had doubled rail freight across the border."
)
FLOOD = (
    "Heavy rain flooded the river valley around Millbrook, forcing two thousand residents from their homes. "
    "Rescue crews used boats to reach villages cut off by the water, the regional emergency office said."
)


def make(doc_id: str, text: str, published: str | None, title: str | None = None, names: Sequence[str] = ()) -> AnalyzedDocument:
    """An AnalyzedDocument with GPE/PERSON mentions of ``names`` found in ``text``."""
    document = Document(id=doc_id, source_path=f"{doc_id}.txt", text=text, kind="text", title=title, published=published)
    mentions = tuple(
        Mention(doc_id, text.index(name), text.index(name) + len(name), name, "PERSON" if " " in name else "GPE", 0)
        for name in names
    )
    return AnalyzedDocument(document=document, mentions=mentions)


def summit(doc_id: str, published: str | None, extra: str = "") -> AnalyzedDocument:
    return make(doc_id, SUMMIT + extra, published, "Ruritania and Freedonia sign customs accord", ("Ruritania", "Anna Varga"))


def flood(doc_id: str, published: str | None, extra: str = "") -> AnalyzedDocument:
    return make(doc_id, FLOOD + extra, published, "Floods force thousands from homes in Millbrook", ("Millbrook",))


def story_of(clusterer: StoryClusterer, doc_id: str) -> str:
    return clusterer.state.assignments[doc_id]


# --- behaviour ------------------------------------------------------------------


def test_cluster_syndication_chains_link_copies_only() -> None:
    docs = [summit("a", None).document, flood("b", None).document, summit("c", None, " Updated.").document]
    assert syndication_chains(docs) == {"a": "a", "b": "b", "c": "a"}


@pytest.mark.parametrize("order", [("a", "b", "c"), ("b", "a", "c")])
def test_cluster_a_copy_of_two_chains_joins_the_earliest_listed(order: tuple[str, ...]) -> None:
    """c copies both a and b (which do not copy each other): it follows the one listed first, whatever the
    order the LSH index answers in (a set's: it changed with the hash seed)."""
    part = {k: " ".join(f"{k}word{i}" for i in range(40)) for k in ("one", "two", "three")}
    texts = {"a": f"{part['one']} {part['two']}", "b": f"{part['two']} {part['three']}", "c": " ".join(part.values())}
    docs = [Document(id=d, source_path=f"{d}.txt", text=texts[d], kind="text") for d in order]
    assert syndication_chains(docs) == {order[0]: order[0], order[1]: order[1], "c": order[0]}


def test_cluster_groups_reports_of_one_event_and_separates_others() -> None:
    clusterer = StoryClusterer()
    batch = [
        summit("s1", "2024-03-01"),
        flood("f1", "2024-03-01"),
        summit("s2", "2024-03-02", " The accord still needs approval by both parliaments."),
        flood("f2", "2024-03-03", " More rain is forecast for the weekend."),
    ]
    result = clusterer.add(batch)
    assert result["s1"] == result["s2"] != result["f1"] == result["f2"]
    stories = {s.id: s for s in clusterer.stories()}
    assert stories[result["s1"]].start == "2024-03-01" and stories[result["s1"]].end == "2024-03-02"
    assert stories[result["f1"]].title == "Floods force thousands from homes in Millbrook"


def test_cluster_same_leaders_months_apart_are_two_stories() -> None:
    later = (date(2024, 3, 1) + timedelta(days=TIME_WINDOW_DAYS + 60)).isoformat()
    clusterer = StoryClusterer()
    autumn = make("autumn", SECOND_SUMMIT, later, "Ruritania and Freedonia leaders meet again", ("Ruritania", "Anna Varga"))
    same_week = replace(autumn, document=replace(autumn.document, id="march", published="2024-03-03"))
    result = clusterer.add([summit("spring", "2024-03-01"), autumn])
    assert result["spring"] != result["autumn"]
    assert StoryClusterer().add([summit("spring", "2024-03-01"), same_week])["march"] == result["spring"]


def test_cluster_syndicated_copies_share_a_story_even_outside_the_window() -> None:
    late = (date(2024, 3, 1) + timedelta(days=TIME_WINDOW_DAYS + 10)).isoformat()
    clusterer = StoryClusterer()
    result = clusterer.add([summit("wire", "2024-03-01"), flood("other", "2024-03-01"), summit("repost", late, " (AP)")])
    assert result["wire"] == result["repost"]


def test_cluster_syndicated_copy_in_a_later_batch_joins_its_story() -> None:
    clusterer = StoryClusterer()
    clusterer.add([summit("wire", "2024-03-01")])
    resumed = StoryClusterer(ClusterState.from_dict(json.loads(json.dumps(clusterer.state.to_dict()))))
    result = resumed.add([flood("other", "2024-03-02"), summit("copy", "2024-03-02", " Reuters contributed.")])
    assert result["copy"] == story_of(clusterer, "wire") != result["other"]


def test_cluster_state_round_trips_through_json_and_resumes_identically() -> None:
    first, second = [summit("s1", "2024-03-01"), flood("f1", "2024-03-01")], [summit("s2", "2024-03-02", " Talks ended.")]
    straight = StoryClusterer()
    straight.add(first)
    resumed = StoryClusterer(ClusterState.from_dict(json.loads(json.dumps(straight.state.to_dict()))))
    assert resumed.state.to_dict() == straight.state.to_dict()
    assert resumed.add(second) == straight.add(second)
    assert resumed.stories() == straight.stories()


def test_cluster_state_keeps_recent_documents_inside_the_window_and_within_its_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second pass revisits recent documents from the state; older ones leave it, so it stays bounded."""
    clusterer = StoryClusterer()
    clusterer.add([summit("s1", "2024-03-01"), flood("f1", None)])
    assert set(clusterer.state.recent) == {"s1", "f1"}
    later = (date(2024, 3, 1) + timedelta(days=TIME_WINDOW_DAYS + 1)).isoformat()
    clusterer.add([flood("f2", later)])
    assert set(clusterer.state.recent) == {"f2"}  # s1 left the window, and undated f1, which arrived with it
    clusterer.add([summit("s2", None, " Talks ended late.")])
    assert set(clusterer.state.recent) == {"f2", "s2"}
    monkeypatch.setattr("crossread.stages.cluster.MAX_RECENT_UNDATED", 1)
    clusterer.add([flood("f4", None, " Roads are shut.")])
    assert set(clusterer.state.recent) == {"f2", "f4"}
    monkeypatch.setattr("crossread.stages.cluster.MAX_RECENT_DOCUMENTS", 1)
    clusterer.add([flood("f3", later, " Schools are closed.")])
    assert set(clusterer.state.recent) == {"f3"}
    assert set(clusterer.state.assignments) == {"s1", "f1", "f2", "s2", "f4", "f3"}  # forgetting vectors keeps stories


def test_cluster_recent_documents_round_trip_and_a_resumed_batch_revisits_them() -> None:
    first = [summit("s1", "2024-03-01"), flood("f1", "2024-03-01")]
    clusterer = StoryClusterer()
    clusterer.add(first)
    saved = json.loads(json.dumps(clusterer.state.to_dict()))
    assert set(saved["recent"]) == {"s1", "f1"} and saved["version"] == STATE_VERSION
    resumed = StoryClusterer(ClusterState.from_dict(saved))
    assert resumed.state.recent == clusterer.state.recent
    resumed.add([summit("s2", "2024-03-02", " Talks ended.")])
    # s2's batch revisits s1 (same story) from the saved state: three documents, not one.
    assert resumed.state.counters["documents_revisited"] - clusterer.state.counters["documents_revisited"] >= 2


def _archiving_story(monkeypatch: pytest.MonkeyPatch, archive: bool) -> tuple[StoryClusterer, str, dict[str, str]]:
    """A summit story, then a flood two windows later (the summit falls out of reach of dated documents),
    then a late report of the summit and an undated one; ``archive=False`` never archives."""
    if not archive:
        monkeypatch.setattr("crossread.stages.cluster.ARCHIVE_AFTER_DAYS", 10**6)
    clusterer = StoryClusterer()
    clusterer.add([summit("s1", "2024-03-01"), summit("s2", "2024-03-02", " Talks ended.")])
    later = (date(2024, 3, 1) + timedelta(days=ARCHIVE_AFTER_DAYS + 30)).isoformat()
    clusterer.add([flood("f1", later)])
    story = story_of(clusterer, "s1")
    assert (story in clusterer.state.archived) == archive and (story in clusterer.state.stories) != archive
    result = clusterer.add([summit("late", "2024-03-03", " Both parliaments vote next week."), summit("undated", None, " (AP)")])
    return clusterer, story, result


def test_cluster_an_archived_story_is_listed_saved_and_thawed_by_late_or_undated_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Archiving changes where a story is held, never what it does: the same stories as a clusterer that keeps all."""
    kept, _story, kept_result = _archiving_story(monkeypatch, archive=False)
    monkeypatch.undo()
    archived, story, result = _archiving_story(monkeypatch, archive=True)
    assert result["late"] == result["undated"] == story  # thawed by the late report, joined by both
    assert result == kept_result and archived.stories() == kept.stories()
    assert archived.state.counters["stories_thawed"] >= 1
    monkeypatch.setattr("crossread.stages.cluster.MAX_HOT_REACHED_STORIES", 0)  # no thawed story kept unpacked
    archived.add([flood("f2", (date(2024, 3, 1) + timedelta(days=ARCHIVE_AFTER_DAYS + 31)).isoformat())])
    assert story in archived.state.archived  # packed again once the batch is done
    assert story in {s.id for s in archived.stories()}
    saved = json.loads(json.dumps(archived.state.to_dict()))
    assert {s["id"] for s in saved["stories"]} == set(archived.state.stories) | set(archived.state.archived)
    resumed = StoryClusterer(ClusterState.from_dict(saved))
    assert resumed.stories() == archived.stories()


def test_cluster_a_thawed_story_stays_unpacked_up_to_its_cap_and_a_resumed_state_keeps_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A story an old report thawed is not packed again at the end of its batch (undated reports reach the same
    old stories batch after batch); past MAX_HOT_REACHED_STORIES the first thawed is; a loaded state agrees."""
    archived, story, _result = _archiving_story(monkeypatch, archive=True)
    assert story in archived.state.stories  # thawed by the late report, and kept
    resumed = StoryClusterer(ClusterState.from_dict(json.loads(json.dumps(archived.state.to_dict()))))
    later = (date(2024, 3, 1) + timedelta(days=ARCHIVE_AFTER_DAYS + 31)).isoformat()
    for clusterer in (archived, resumed):
        clusterer.add([flood("f2", later, " Roads are shut.")])
        assert story in clusterer.state.stories and story not in clusterer.state.archived
    monkeypatch.setattr("crossread.stages.cluster.MAX_HOT_REACHED_STORIES", 0)
    for clusterer in (archived, resumed):
        clusterer.add([flood("f3", later, " Schools are closed.")])
        assert story in clusterer.state.archived
    assert list(resumed.state.stories) == list(archived.state.stories) and resumed.stories() == archived.stories()


def test_cluster_undated_stories_past_their_cap_are_archived_and_still_joined(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("crossread.stages.cluster.MAX_HOT_UNDATED_STORIES", 0)
    clusterer = StoryClusterer()
    clusterer.add([flood("f1", None)])
    assert set(clusterer.state.archived) == {story_of(clusterer, "f1")} and not clusterer.state.stories
    assert clusterer.add([flood("f2", None, " Schools are closed.")])["f2"] == story_of(clusterer, "f1")
    assert clusterer.state.counters["stories_thawed"] >= 1 and story_of(clusterer, "f1") in clusterer.state.archived


def test_cluster_withdrawing_a_document_leaves_its_story_as_the_sum_of_the_others() -> None:
    """``_without`` (scoring a document against the rest of its story) copies; ``_withdraw`` (a move) applies it."""
    clusterer = StoryClusterer()
    clusterer.add([flood("f1", "2024-03-01"), flood("f2", "2024-03-02", " Schools are closed.")])
    story_id = story_of(clusterer, "f1")
    story, state = clusterer.state.stories[story_id], clusterer.state
    assert story_of(clusterer, "f2") == story_id and story.doc_ids == ["f1", "f2"]
    saved = story.to_dict()
    rest = _without(story, "f2", state.recent["f2"])
    assert story.to_dict() == saved and rest.doc_ids == ["f1"]  # a copy: the story is untouched
    clusterer._withdraw(story_id, "f2", state.recent["f2"])
    left, f1 = state.stories[story_id], state.recent["f1"]
    assert left.doc_ids == ["f1"] and left.words == f1.words
    for key in {*left.terms, *f1.terms}:  # f2's own terms leave at most a rounding residue (profiles keep 6 decimals)
        assert left.terms.get(key, 0.0) == pytest.approx(f1.terms.get(key, 0.0), abs=1e-5)
    assert left.embedding == pytest.approx(f1.embedding, abs=1e-4) and left.embedding == [round(v, 5) for v in left.embedding]
    clusterer._withdraw(story_id, "f1", f1)
    assert story_id not in state.stories  # emptied: gone


@pytest.mark.parametrize("short", [False, True])
def test_cluster_a_document_scored_without_itself_scores_as_against_the_copy_without_it(short: bool) -> None:
    """The second pass scores a member against its story without it on the fly: exactly the copy's score."""
    if short:  # headlines: most of the score is the embedding's
        texts = ("Floods force thousands from homes in Millbrook", "Millbrook residents flee as river floods valley")
        batch = [make(f"f{n}", text, "2024-03-01", names=("Millbrook",)) for n, text in enumerate(texts)]
    else:
        batch = [flood("f0", "2024-03-01"), flood("f1", "2024-03-02", " Schools are closed.")]
    clusterer = StoryClusterer()
    clusterer.add(batch)
    state = clusterer.state
    story = state.stories[story_of(clusterer, "f1")]
    assert story.doc_ids == ["f0", "f1"]
    for doc_id in story.doc_ids:
        vectors, profile = clusterer._stored_vectors(doc_id, state.recent[doc_id]), state.recent[doc_id]
        assert _score(vectors, story, profile) == StoryClusterer.score(vectors, _without(story, doc_id, profile)) > 0


@pytest.mark.parametrize("old", [(), ("s1", "s2")])
def test_cluster_a_story_of_leads_whose_parts_would_not_merge_is_cut_in_two(old: tuple[str, ...]) -> None:
    """Two events' leads forced into one story come apart; members the state no longer keeps stay together."""
    clusterer = StoryClusterer()
    result = clusterer.add(
        [summit("s1", "2024-03-01"), summit("s2", "2024-03-02", " Both parliaments must approve it."),
         flood("f1", "2024-03-01"), flood("f2", "2024-03-02", " Schools are closed.")]
    )  # fmt: skip
    assert result["s1"] == result["s2"] != result["f1"] == result["f2"]
    state = clusterer.state
    merged = clusterer._merge(result["s1"], result["f1"])
    assert {story_of(clusterer, d) for d in ("s1", "s2", "f1", "f2")} == {merged}
    for doc_id in old:
        del state.recent[doc_id]
    clusterer._split_touched({merged})
    assert story_of(clusterer, "s1") == story_of(clusterer, "s2") != story_of(clusterer, "f1") == story_of(clusterer, "f2")
    assert sorted(d for s in state.stories.values() for d in s.doc_ids) == ["f1", "f2", "s1", "s2"]
    assert all(doc_id in state.stories[story_id].doc_ids for doc_id, story_id in state.assignments.items())
    if old:
        assert story_of(clusterer, "s1") == merged  # the block of older members keeps the story


def test_cluster_a_cut_that_would_leave_one_old_member_alone_is_not_made() -> None:
    """An earlier batch's member the state no longer keeps cannot be revisited: a cut leaving it alone would
    strand it, so the story stays whole; with a second old member the old block keeps the story and the cut is made."""
    for old in (("s1",), ("s1", "s2")):
        clusterer = StoryClusterer()
        result = clusterer.add(
            [summit("s1", "2024-03-01"), summit("s2", "2024-03-02", " Both parliaments must approve it."),
             flood("f1", "2024-03-01"), flood("f2", "2024-03-02", " Schools are closed.")]
        )  # fmt: skip
        merged = clusterer._merge(result["s1"], result["f1"])
        if old == ("s1",):
            clusterer._split_off(merged, ["s2"])  # s1 alone with the floods, as an old member
        for doc_id in old:
            del clusterer.state.recent[doc_id]
        clusterer._split_touched({merged})
        floods_left = story_of(clusterer, "f1") != story_of(clusterer, "s1")
        assert floods_left is (len(old) == 2)
        assert story_of(clusterer, "f1") == story_of(clusterer, "f2")


def test_cluster_a_story_of_one_event_is_not_cut() -> None:
    clusterer = StoryClusterer()
    clusterer.add([flood("f1", "2024-03-01"), flood("f2", "2024-03-02", " Schools are closed.")])
    story_id = story_of(clusterer, "f1")
    clusterer._split_touched({story_id})
    assert clusterer.state.stories[story_id].doc_ids == ["f1", "f2"]


JOBLESS = (
    "The number of Americans filing new claims for unemployment benefits fell last week to {}, the Labor "
    "Department said on Thursday, as the reopening of the economy continued and employers kept hiring."
)


@pytest.mark.parametrize(("figure", "repeats", "factor"), [
    ("444,000", 1, NUMBER_CONFLICT_FACTOR), ("473,000", 1, 1.0), ("444,000", 6, 1.0),
])  # fmt: skip
def test_cluster_a_lead_whose_figures_differ_from_the_story_scores_less(
    monkeypatch: pytest.MonkeyPatch, figure: str, repeats: int, factor: float
) -> None:
    """A lead with other figures than the story's (next week's claims) loses NUMBER_CONFLICT_FACTOR; one sharing a
    figure, or a full article (many figures), keeps its score."""
    clusterer = StoryClusterer()
    clusterer.add([make("week1", " ".join([JOBLESS.format("473,000")] * repeats), "2024-03-07")])
    story = clusterer.state.stories[story_of(clusterer, "week1")]
    text = " ".join([JOBLESS.format(figure)] * repeats)
    vectors = clusterer._vectors(features(make("week2", text, "2024-03-08")), np.zeros(EMBEDDING_DIMS))
    scored = StoryClusterer.score(vectors, story)
    monkeypatch.setattr("crossread.stages.cluster.NUMBER_CONFLICT_FACTOR", 1.0)
    assert scored == pytest.approx(factor * StoryClusterer.score(vectors, story)) and scored > 0


@pytest.mark.parametrize(("figure", "factor"), [("444,000", NUMBER_CONFLICT_FACTOR), ("473,000", 1.0)])
def test_cluster_a_headline_whose_figures_differ_from_the_storys_scores_less(
    monkeypatch: pytest.MonkeyPatch, figure: str, factor: float
) -> None:
    """Headlines give their event's figure as leads do: next week's claims lose NUMBER_CONFLICT_FACTOR."""
    clusterer = StoryClusterer()
    title = "Jobless claims fall to {} as hiring picks up"
    clusterer.add([make("week1", title.format("473,000"), "2024-03-07", title.format("473,000"))])
    story = clusterer.state.stories[story_of(clusterer, "week1")]
    headline = make("week2", title.format(figure), "2024-03-08", title.format(figure))
    vectors = clusterer._vectors(features(headline), np.ones(EMBEDDING_DIMS) / np.sqrt(EMBEDDING_DIMS))
    scored = StoryClusterer.score(vectors, story)
    monkeypatch.setattr("crossread.stages.cluster.NUMBER_CONFLICT_FACTOR", 1.0)
    assert scored == pytest.approx(factor * StoryClusterer.score(vectors, story)) and scored > 0


VOTE = (
    "The Senate of Ruritania {} on the customs bill on {}, after weeks of talks between the two parties, and "
    "leaders said the measure would reach the lower house before the end of the month."
)


@pytest.mark.parametrize(("day", "factor"), [("Friday", NUMBER_CONFLICT_FACTOR), ("Wednesday", 1.0)])
def test_cluster_a_lead_naming_another_weekday_than_the_storys_scores_less(
    monkeypatch: pytest.MonkeyPatch, day: str, factor: float
) -> None:
    """A lead dates its event by weekday: the vote planned for Wednesday is not Friday's vote; the same day keeps
    the score."""
    clusterer = StoryClusterer()
    clusterer.add([make("plan", VOTE.format("will vote", "Wednesday"), "2024-03-04")])
    story = clusterer.state.stories[story_of(clusterer, "plan")]
    vectors = clusterer._vectors(features(make("vote", VOTE.format("voted", day), "2024-03-06")), np.zeros(EMBEDDING_DIMS))
    scored = StoryClusterer.score(vectors, story)
    monkeypatch.setattr("crossread.stages.cluster.NUMBER_CONFLICT_FACTOR", 1.0)
    assert scored == pytest.approx(factor * StoryClusterer.score(vectors, story)) and scored > 0


def test_cluster_top_keys_and_centroid_truncation_keep_what_a_full_sort_keeps() -> None:
    """``_top`` and ``_drop_lightest`` select without sorting every key: the same keys, order and ties by key."""
    rng = random.Random(7)
    for _ in range(500):
        weights = [rng.choice((0.25, 0.5)) if rng.random() < 0.4 else rng.random() for _ in range(rng.randint(0, 40))]
        vector = {f"k{rng.randint(0, 60)}": w for w in weights}
        count = rng.randint(0, 45)
        assert _top(vector, count) == heapq.nsmallest(count, vector, key=lambda k: (-vector[k], k))
        if 0 < count < len(vector):
            kept = set(heapq.nsmallest(count, vector, key=lambda k: (-vector[k], k)))
            truncated = dict(vector)
            _drop_lightest(truncated, count)
            assert list(truncated.items()) == [(k, w) for k, w in vector.items() if k in kept]


def test_cluster_undated_bucket_keeps_the_newest_stories_within_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key's "u" bucket holds its newest UNDATED_BUCKET_CAP stories, which dated and undated lookups still find."""
    monkeypatch.setattr("crossread.stages.cluster.UNDATED_BUCKET_CAP", 3)
    clusterer = StoryClusterer()
    state, key = clusterer.state, "e:millbrook"

    def index(story_id: str) -> None:
        state.stories.setdefault(story_id, StoryProfile(story_id, [f"d-{story_id}"]))
        found = Features(f"d-{story_id}", None, None, Counter(), Counter())
        clusterer._index(story_id, Vectors(found, {}, {}, {key: 1.0}, np.zeros(0)))

    for n in range(6):
        index(f"s{n}")
    assert state.postings[UNDATED][key] == ("s3", "s4", "s5")
    day = date(2024, 3, 1).toordinal()
    assert clusterer._candidates({key: 1.0}, day, day) == ["s3", "s4", "s5"]  # a dated lookup
    assert clusterer._candidates({key: 1.0}, None, None) == ["s3", "s4", "s5"]  # an undated one
    index("s0")  # indexed again: the newest
    assert state.postings[UNDATED][key] == ("s4", "s5", "s0")
    saved = state.to_dict()
    saved["postings"][key][UNDATED] = [f"s{n}" for n in range(6)]  # a state saved before the cap
    assert ClusterState.from_dict(saved).postings[UNDATED][key] == ("s3", "s4", "s5")


def test_cluster_an_undated_lookup_reads_the_newest_buckets_first_when_a_late_document_arrives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An undated document reads the newest UNDATED_SCAN_CAP entries of a key, by day, not by arrival (a late
    document's bucket is older); a state saved and loaded in another order reads the same."""
    monkeypatch.setattr("crossread.stages.cluster.UNDATED_SCAN_CAP", 2)
    clusterer = StoryClusterer()
    key = "e:millbrook"
    for day in ("2024-03-20", "2024-05-01", "2024-03-01"):  # the last one is late
        story_id = f"s{day}"
        clusterer.state.stories[story_id] = StoryProfile(story_id, [f"d{day}"])
        found = Features(f"d{day}", date.fromisoformat(day).toordinal(), None, Counter(), Counter())
        clusterer._index(story_id, Vectors(found, {}, {}, {key: 1.0}, np.zeros(0)))
    assert sorted(clusterer._candidates({key: 1.0}, None, None)) == ["s2024-03-20", "s2024-05-01"]
    saved = clusterer.state.to_dict()["postings"]
    assert all(isinstance(ids, list) for posting in saved.values() for ids in posting.values())  # JSON keeps lists
    shuffled = {k: dict(reversed(list(v.items()))) for k, v in saved.items()}
    resumed = StoryClusterer(ClusterState.from_dict(clusterer.state.to_dict() | {"postings": shuffled}))
    assert resumed.state.postings == clusterer.state.postings
    assert sorted(resumed._candidates({key: 1.0}, None, None)) == ["s2024-03-20", "s2024-05-01"]


def test_cluster_adding_a_document_again_changes_nothing() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add([summit("s1", "2024-03-01"), flood("f1", "2024-03-01")])
    before = clusterer.state.to_dict()
    assert clusterer.add([summit("s1", "2024-03-01")]) == {"s1": first["s1"]}
    assert clusterer.state.to_dict() == before


def test_cluster_undated_documents_are_clustered_by_content() -> None:
    clusterer = StoryClusterer()
    result = clusterer.add([summit("s1", "2024-03-01"), flood("f1", None), flood("f2", None, " Schools are closed.")])
    assert result["f1"] == result["f2"] != result["s1"]


def test_cluster_headlines_alone_group_by_meaning() -> None:
    """Headline-only documents share few words; their embeddings carry the event."""
    batch = [
        make("h1", "Ruritania and Freedonia sign customs accord", "2024-03-01"),
        make("h2", "Freedonia, Ruritania leaders agree border trade deal in Lakeside", "2024-03-01"),
        make("h3", "Floods force thousands from homes in Millbrook", "2024-03-01"),
        make("h4", "Millbrook residents flee as river floods valley", "2024-03-02"),
    ]
    result = StoryClusterer().add(batch)
    assert result["h1"] == result["h2"] != result["h3"] == result["h4"]


def test_cluster_a_day_the_text_mentions_can_confirm_but_not_rule_out() -> None:
    """An undated report whose text mentions an old date still joins its story by content."""
    old_date = DateMention("f2", 0, 8, "in 1998", "1998-05-01")
    stale = replace(flood("f2", None, " The valley last flooded in 1998."), dates=(old_date,))
    result = StoryClusterer().add([flood("f1", "2024-03-01"), summit("s1", "2024-03-01"), stale])
    assert result["f2"] == result["f1"] != result["s1"]


@pytest.mark.parametrize(("repeats", "factor"), [(1, UNDATED_FACTOR), (8, LONG_UNDATED_FACTOR)])
def test_cluster_an_undated_full_article_keeps_more_of_its_score_than_an_undated_lead(repeats: int, factor: float) -> None:
    """Without a day a document pays a factor; a full article (many words of evidence) pays less."""
    clusterer = StoryClusterer()
    clusterer.add([flood("f1", "2024-03-01")])
    story = clusterer.state.stories[story_of(clusterer, "f1")]
    text = " ".join([FLOOD] * repeats)
    dated, undated = make("f2", text, "2024-03-02"), make("f3", text, None)
    assert (features(undated).words >= LONG_DOCUMENT_WORDS) == (factor == LONG_UNDATED_FACTOR)
    no_embedding = np.zeros(len(story.embedding))
    dated_score, undated_score = (clusterer.score(clusterer._vectors(features(d), no_embedding), story) for d in (dated, undated))
    assert undated_score == pytest.approx(factor * dated_score)
    assert LONG_UNDATED_FACTOR > UNDATED_FACTOR


@pytest.mark.parametrize("repeats", [1, 8])
def test_cluster_a_lead_two_days_after_its_story_scores_less_and_a_full_article_does_not(repeats: int) -> None:
    """Leads of one occurrence come out within a day; two days later a lead is discounted, an article is not."""
    clusterer = StoryClusterer()
    text = " ".join([FLOOD] * repeats)
    clusterer.add([make("f1", text, "2024-03-01")])
    story = clusterer.state.stories[story_of(clusterer, "f1")]
    same_day, later = (
        clusterer.score(clusterer._vectors(features(make(doc_id, text, day)), np.zeros(EMBEDDING_DIMS)), story)
        for doc_id, day in (("f2", "2024-03-01"), ("f3", "2024-03-03"))
    )
    lead = SHORT_DOCUMENT_WORDS < features(make("f2", text, None)).words < LONG_DOCUMENT_WORDS
    assert lead == (repeats == 1)
    fall = (1 - (2 - LEAD_TIME_GRACE_DAYS) / (TIME_WINDOW_DAYS - LEAD_TIME_GRACE_DAYS)) ** LEAD_TIME_POWER
    assert later == pytest.approx(fall * same_day if lead else same_day) and same_day > 0 and fall < 1


def test_cluster_a_storys_embedding_array_follows_its_list() -> None:
    """The array a score reads is made once per list and made again when the story's embedding is replaced."""
    story = StoryProfile("s", ["d"], embedding=[1.0, 0.0])
    first = _embedding_array(story)
    assert _embedding_array(story) is first and first.tolist() == [1.0, 0.0]
    story.embedding = [0.5, 0.5]
    assert _embedding_array(story).tolist() == [0.5, 0.5]


def test_cluster_embeddings_keep_all_of_wordllamas_dimensions() -> None:
    """The whole 256-dimension WordLlama vector, unit length: its 64-dimension prefix let one topic's headlines embed alike."""
    vectors = wordllama_embedder()(["Ruritania and Freedonia sign customs accord", "Floods force thousands from homes"])
    assert vectors.shape == (2, EMBEDDING_DIMS) == (2, 256)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0])


def test_cluster_document_day_falls_back_to_the_text() -> None:
    undated = summit("s1", None)
    mention = DateMention("s1", 0, 8, "March 1", "2024-03-01")
    assert document_day(replace(undated, dates=(mention,))) == date(2024, 3, 1).toordinal()
    noted = replace(undated, date_evidence=("dateline near the top: 'March 2, 2024' → document date probably 2024-03-02",))
    assert document_day(noted) == date(2024, 3, 2).toordinal()
    assert document_day(undated) is None
    assert document_day(summit("s2", "2024-03-05T10:00:00")) == date(2024, 3, 5).toordinal()


@pytest.mark.parametrize(
    ("text", "label", "key"),
    [
        ("President Alexander Lukashenko", "PERSON", "lukashenko"),
        ("Lukashenko's", "PERSON", "lukashenko"),
        ("Kim Jong Un", "PERSON", "kim jong un"),
        ("the United Nations", "ORG", "united nations"),
        ("Zürich", "GPE", "zurich"),
        ("Москва", "GPE", "moskva"),
        ("X", "ORG", None),
    ],
)
def test_cluster_entity_key_normalises_names(text: str, label: str, key: str | None) -> None:
    assert entity_key(text, label) == key


MINHASH_TEXTS = [
    "",
    "Alone",
    "four words only here",
    "Exactly five words are here",
    "The council met on Tuesday. The council met on Tuesday again, and the mayor spoke at length.",
    "Zürich’s “new” café opened; the café’s owner said the café would stay open.",
]


@pytest.mark.parametrize("text", MINHASH_TEXTS)
def test_cluster_minhash_is_datasketchs_sha1_minhash_of_the_word_shingles(text: str) -> None:
    from datasketch import MinHash

    from crossread.stages.cluster import NUM_PERM, SHINGLE_WORDS, WORD, _minhash

    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    reference = MinHash(num_perm=NUM_PERM, seed=1)  # datasketch's own hashing: sha1_hash32 of each shingle
    for shingle in shingles:
        reference.update(shingle.encode("utf-8"))
    signature = _minhash(text)
    assert signature.hashvalues.dtype == reference.hashvalues.dtype
    assert signature.hashvalues.tolist() == reference.hashvalues.tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cities and flies: the bosses' buses was yes", ["city", "fly", "bosse", "buse", "yes"]),
        ("Missiles hit the cities’ ports; ss is Pies", ["missile", "hit", "city", "port", "pies"]),
        ("Zürich’s CAFÉS", ["zurich", "cafe"]),
    ],
)
def test_cluster_content_words_drop_stop_words_and_stem_plurals(text: str, expected: list[str]) -> None:
    from crossread.stages.cluster import _words

    assert _words(text) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Council meets", "Council meets\nThe council met on Tuesday to vote."),
        (None, "  The council met on Tuesday.  "),
        (" ".join(f"w{i}" for i in range(90)), "The council met."),
        ("Vote", "Voters\n" + " ".join(f"b{i}" for i in range(200))),
        ("t " * 79, "t " * 79 + "first second third"),
    ],
)
def test_cluster_lead_is_the_first_words_of_title_and_body(title: str | None, text: str) -> None:
    from crossread.stages.cluster import LEAD_WORDS

    heading = title or ""
    body = text[len(heading) :] if heading and text.startswith(heading) else text
    assert features(make("d1", text, None, title)).lead == " ".join(f"{heading}\n{body}".split()[:LEAD_WORDS])


# --- quality on real gold ---------------------------------------------------------


@pytest.fixture(scope="module")
def giveme(nlp: Language) -> tuple[list[AnalyzedDocument], dict[str, int]]:
    documents, gold = giveme_documents(shared_data("giveme5w1h") / "news_cluster")
    return ner_only(documents, nlp), gold


@pytest.mark.slow
def test_cluster_quality_giveme5w1h_one_batch_incremental_and_baseline(
    giveme: tuple[list[AnalyzedDocument], dict[str, int]],
) -> None:
    analyzed, gold = giveme
    documents = [a.document for a in analyzed]
    event_gold = split_at_gaps(gold, documents, TIME_WINDOW_DAYS)
    one = StoryClusterer()
    one.add(analyzed)
    split = StoryClusterer()
    for batch in in_batches(analyzed, 5):
        split.add(batch)
    whole, events = bcubed(one.state.assignments, gold), bcubed(one.state.assignments, event_gold)
    incremental = bcubed(split.state.assignments, gold)
    baseline = baseline_agglomerative(documents, BASELINE_DISTANCE)
    print(f"giveme5w1h crossread {whole} | incremental {incremental} | baseline {bcubed(baseline, gold)}")
    print(f"giveme5w1h per-event gold: crossread {events} | baseline {bcubed(baseline, event_gold)}")
    assert whole.f1 >= GIVEME_F1_FLOOR and events.f1 >= GIVEME_EVENT_F1_FLOOR
    assert incremental.f1 >= whole.f1 - INCREMENTAL_MAX_F1_LOSS
    # On events (the product's unit) crossread beats the baseline; on the raw gold
    # the baseline (no time window) wins by ~3 points by merging month-long topics.
    assert events.f1 >= bcubed(baseline, event_gold).f1


OCCURRENCES = Path(__file__).resolve().parent.parent / "eval" / "labels" / "stories" / "giveme5w1h-occurrences.jsonl"
# crossread one batch against the reader's occurrence gold (eval/labels/stories: giveme5w1h
# events relabelled into real-world occurrences, 102 of them): measured 2026-12-06 F1 0.916
# (P 0.921 R 0.911); the d=0.85 baseline 0.894 (P 0.830 R 0.969).
GIVEME_OCCURRENCE_F1_FLOOR = 0.91


def test_cluster_giveme5w1h_occurrence_labels_cover_every_article_inside_its_event(tmp_path: Path) -> None:
    documents, gold = giveme_documents(shared_data("giveme5w1h") / "news_cluster")
    occurrences = giveme_occurrences(OCCURRENCES, documents)
    rows = [json.loads(line) for line in OCCURRENCES.read_text(encoding="utf-8").splitlines()]
    assert len(documents) == len(occurrences) == len(rows) == 383
    assert len({row["doc"] for row in rows}) == 383
    by_file = {Path(d.source_path).name: d.id for d in documents}
    sizes = Counter(gold.values())
    for row in rows:
        event = gold[by_file[Path(row["doc"]).name]]
        assert row["event"] == event and row["occurrence"] == occurrences[by_file[Path(row["doc"]).name]]
        assert row["occurrence"].startswith(f"{event}-"), row["occurrence"]
        assert sizes[event] > 1 or row["occurrence"] == f"{event}-main"
        assert isinstance(row["unsure"], bool) and set(row) == {"doc", "event", "occurrence", "sha", "unsure"}
    first = next(row for row in rows if Path(row["doc"]).name == Path(documents[0].source_path).name)
    drifted = tmp_path / "drifted.jsonl"
    drifted.write_text(json.dumps(first | {"sha": "0" * 16}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="changed since it was labelled"):
        giveme_occurrences(drifted, documents[:1])
    with pytest.raises(ValueError, match="no occurrence label"):
        giveme_occurrences(drifted, documents[1:2])


@pytest.mark.slow
def test_cluster_quality_giveme5w1h_against_the_readers_occurrence_gold(
    giveme: tuple[list[AnalyzedDocument], dict[str, int]],
) -> None:
    analyzed, _gold = giveme
    occurrences = giveme_occurrences(OCCURRENCES, [a.document for a in analyzed])
    one = StoryClusterer()
    one.add(analyzed)
    ours = bcubed(one.state.assignments, occurrences)
    baseline = bcubed(baseline_agglomerative([a.document for a in analyzed], BASELINE_DISTANCE), occurrences)
    print(f"giveme5w1h occurrence gold: crossread {ours} | baseline {baseline}")
    assert ours.f1 >= GIVEME_OCCURRENCE_F1_FLOOR
    assert ours.f1 > baseline.f1


@pytest.fixture(scope="module")
def allsides(nlp: Language) -> tuple[list[AnalyzedDocument], dict[str, int]]:
    documents, gold = allsides_documents(shared_data("allsides-neus") / "allsides_stories_2021-04_to_2021-10.jsonl")
    return ner_only(documents, nlp), gold


@pytest.mark.slow
def test_cluster_quality_allsides_against_baseline(allsides: tuple[list[AnalyzedDocument], dict[str, int]]) -> None:
    analyzed, gold = allsides
    documents = [a.document for a in analyzed]
    clusterer = StoryClusterer()
    clusterer.add(analyzed)
    ours, baseline = bcubed(clusterer.state.assignments, gold), bcubed(baseline_agglomerative(documents, BASELINE_DISTANCE), gold)
    print(f"allsides crossread {ours} | baseline {baseline}")
    assert ours.f1 >= ALLSIDES_F1_FLOOR
    assert ours.f1 >= baseline.f1


@dataclass(frozen=True)
class HeldOut:
    """Measured B-cubed F1 on a test half (crossread; the best baseline tuned on the dev half) and floors."""

    crossread_floor: float
    linkage: str
    distance: float
    baseline_f1: float
    incremental_max_loss: float


# Test halves (gold stories hashed into dev/test; constants calibrated on dev),
# measured with NER-only analysis (undated = publication dates removed, no text
# dates; headlines = title only), as `eval/run.py --quick` reports them. The
# baseline's linkage and distance are the best of eval's grid on each
# variant's dev half. Measured 2026-12-06 with the second pass (2026-12-03 /
# -06 before it), crossread F1 | baseline F1 | 5 batches; then (s28) with the
# split of lead stories and figure conflicts:
#   giveme5w1h dated     0.883 (0.890) | 0.926 | 0.876 (0.870); s28 0.879 | 0.876
#   giveme5w1h undated   0.928 (0.916) | 0.926 | 0.932 (0.922); s28 0.928 | 0.932
#   giveme5w1h headlines 0.860 (0.859) | 0.847 | 0.845 (0.848); s28 unchanged
#   allsides dated       0.823 (0.814) | 0.838 | 0.807 (0.807); s28 0.847 | 0.829
#   allsides undated     0.818 (0.800) | 0.838 | 0.809 (0.791); s28 0.840 | 0.840
#   allsides headlines   0.730 (0.716) | 0.737 | 0.712 (0.707); s28 unchanged
# s31 (256-dimension embeddings, headline weight 0.6 / threshold 0.21, the
# leads' time fall): allsides dated 0.856 | 0.852, giveme5w1h headlines 0.866 |
# 0.863, allsides headlines 0.730 | 0.710; the others unchanged. s32
# (headlines' figure conflicts): allsides headlines 0.729 | 0.711 (dev half
# 0.742 -> 0.745); then weekday conflicts (eval/run.py's variants): allsides
# dated 0.857 -> 0.862 | 0.852 -> 0.858, undated (text dates) 0.842 -> 0.851 |
# 0.840 -> 0.849; giveme5w1h unchanged.
# crossread beats the tuned baseline on giveme5w1h undated and headlines and
# on allsides dated and undated (asserted there); elsewhere the floors pin
# what it does (issue 15 is still open). The allowed 5-batch losses are the
# measured ones rounded up: on allsides dated and both headline sets one batch
# rose with the second pass while 5 batches rose less (0.016-0.018 apart;
# 0.009-0.015 before).
HELD_OUT = {
    ("giveme5w1h", "dated"): HeldOut(0.878, "complete", 0.9, 0.926, 0.01),
    ("giveme5w1h", "undated"): HeldOut(0.927, "complete", 0.9, 0.926, 0.01),
    ("giveme5w1h", "headlines"): HeldOut(0.86, "average", 0.95, 0.847, 0.02),
    ("allsides", "dated"): HeldOut(0.85, "complete", 0.85, 0.838, 0.02),
    ("allsides", "undated"): HeldOut(0.839, "complete", 0.85, 0.838, 0.012),
    ("allsides", "headlines"): HeldOut(0.724, "complete", 0.8, 0.737, 0.02),
}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "variant"), list(HELD_OUT))
def test_cluster_quality_held_out_variants_on_the_test_half(
    request: pytest.FixtureRequest, nlp: Language, name: str, variant: str
) -> None:
    analyzed, gold = request.getfixturevalue("giveme" if name == "giveme5w1h" else name)
    if variant == "undated":
        analyzed = [replace(a, document=replace(a.document, published=None)) for a in analyzed]
    elif variant == "headlines":
        analyzed = _headline_analyses(name, analyzed, nlp)
    part = in_half(analyzed, gold, "test", lambda a: a.document.id)
    truth = {a.document.id: gold[a.document.id] for a in part}
    expected = HELD_OUT[(name, variant)]
    one = StoryClusterer()
    one.add(part)
    batched = StoryClusterer()
    for batch in in_batches(part, 5):
        batched.add(batch)
    ours, incremental = bcubed(one.state.assignments, truth), bcubed(batched.state.assignments, truth)
    baseline = bcubed(baseline_agglomerative([a.document for a in part], expected.distance, expected.linkage), truth)
    print(f"{name} {variant} test half: crossread {ours} | 5 batches {incremental} | baseline {baseline}")
    assert ours.f1 >= expected.crossread_floor
    assert incremental.f1 >= ours.f1 - expected.incremental_max_loss
    assert abs(baseline.f1 - expected.baseline_f1) < 0.005, "the pinned baseline moved: re-measure HELD_OUT"
    if expected.crossread_floor > expected.baseline_f1:
        assert ours.f1 > baseline.f1


_HEADLINES: dict[str, list[AnalyzedDocument]] = {}


def _headline_analyses(name: str, analyzed: Sequence[AnalyzedDocument], nlp: Language) -> list[AnalyzedDocument]:
    """Headline-only documents (NER over the titles), computed once per set."""
    if name not in _HEADLINES:
        _HEADLINES[name] = ner_only(headlines([a.document for a in analyzed]), nlp)
    return _HEADLINES[name]


@pytest.mark.slow
def test_cluster_work_per_document_stays_flat_as_the_corpus_grows(giveme: tuple[list[AnalyzedDocument], dict[str, int]]) -> None:
    """Four copies of giveme5w1h, each shifted by 2,000 days and added as its own batch.

    Not timed: the counters say how many posting entries were read, how many
    stories were scored and how many documents the second pass revisited per
    document. All-pairs work would grow ~4x by the last
    copy; the time-windowed index keeps it flat.
    """
    analyzed, _gold = giveme
    clusterer = StoryClusterer()
    per_document = []
    for copy in range(4):
        before = dict(clusterer.state.counters)
        clusterer.add([_shifted(a, copy) for a in analyzed])
        work = {k: (clusterer.state.counters[k] - before[k]) / len(analyzed) for k in before}
        per_document.append(work)
    print("work per document, copy by copy:", per_document)
    for key in ("postings_read", "candidates_scored", "documents_revisited"):
        assert per_document[-1][key] <= 1.25 * per_document[0][key] + 1


def _shifted(analyzed: AnalyzedDocument, copy: int) -> AnalyzedDocument:
    """A copy of a document published ``2000 * copy`` days later, under a new id."""
    document = analyzed.document
    day = date.fromisoformat(str(document.published)[:10]) + timedelta(days=2000 * copy)
    moved = replace(document, id=f"{document.id}-{copy}", published=day.isoformat())
    return replace(analyzed, document=moved, mentions=tuple(replace(m, doc_id=moved.id) for m in analyzed.mentions))


# The number pattern as it was written before its look-behind moved after the first digit (a speed change).
LOOK_BEHIND_FIRST_NUMBER = re.compile(r"(?<![\d.,])\d[\d,]*\d(?:\.\d+)?(?!\d|,\d)")


@pytest.mark.parametrize(
    "text",
    [
        "The council counted 373,000 votes in 1992 and 850 more on Friday.",
        "Prices rose 2.5 percent, from 3.14 to 12.75, then 1,000,000.5 and .75 and 7.",
        "Version 1.2.3, items 4,5,6 and 12,34 and ,56 and 1,2345 were listed 99.",
        "42",
        "x1,000y 2019-2020 3/4 10:30 $6,000. 5,000,",
        "",
    ],
)
def test_cluster_number_terms_match_the_look_behind_first_pattern(text: str) -> None:
    """NUMBER finds the same figures as the same pattern with its look-behind before the first digit."""
    assert NUMBER.findall(text) == LOOK_BEHIND_FIRST_NUMBER.findall(text)


def test_cluster_dot_is_the_sum_over_every_unit_key_in_order() -> None:
    """``_dot`` multiplies only shared keys and gives the bit-identical float of the sum over every key of
    the unit, in its order, with 0.0 for keys the centroid lacks."""
    rng = random.Random(7)
    keys = [f"k{i}" for i in range(60)]
    for _ in range(200):
        unit = {k: rng.random() for k in rng.sample(keys, rng.randint(0, 40))}
        centroid = {k: rng.random() * 3 for k in rng.sample(keys, rng.randint(0, 40))}
        expected = 0.0
        for key, weight in unit.items():
            expected += weight * centroid.get(key, 0.0)
        assert _dot(unit, centroid) == expected
        assert isinstance(_dot(unit, centroid), float)


@pytest.mark.parametrize(
    "text",
    [
        "The minister met the envoy in the capital on Monday and both said the talks would go on next week.",
        "Short text here.",
        "",
        "Élan vital — the café's owners said 1,200 people came; the café's owners said 1,200 people came.",
    ],
)
def test_cluster_minhash_values_are_datasketchs(text: str) -> None:
    """The signature's values computed here are those ``MinHash.update_batch`` gives for the same shingle hashes."""
    from hashlib import sha1

    from datasketch import MinHash

    from crossread.stages.cluster import NUM_PERM, SHINGLE_WORDS, SIGNATURE_SCHEME, WORD, _minhash, _permutations

    words = [w.encode() for w in WORD.findall(text.lower())]
    if len(words) < SHINGLE_WORDS:
        shingles = {b" ".join(words)}
    else:
        shingles = {b" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    expected = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, permutations=_permutations(), scheme=SIGNATURE_SCHEME)
    expected.update_batch([int.from_bytes(sha1(s).digest()[:4], "little") for s in shingles])
    found = _minhash(text).hashvalues
    assert found.dtype == expected.hashvalues.dtype
    assert found.tolist() == expected.hashvalues.tolist()


@pytest.mark.parametrize(
    ("first_terms", "second_terms"),
    [
        ({"#444000": 0.5, "claim": 0.4, "friday": 0.3}, {"#473000": 0.6, "claim": 0.5, "thursday": 0.2}),
        ({"#444000": 0.5, "claim": 0.4}, {"#444000": 0.4, "claim": 0.5}),
        ({"claim": 0.4, "vote": 0.2}, {"#1200": 0.4, "claim": 0.5}),
    ],
)
def test_cluster_linkage_with_the_first_storys_dates_given_is_the_same(
    first_terms: dict[str, float], second_terms: dict[str, float]
) -> None:
    """``_best_partner`` reads a story's figures and weekdays once for all its candidates: the same link."""
    from crossread.stages.cluster import _figures, _linkage, _weekdays

    first = StoryProfile("s1", ["d1"], 738000, 738000, terms=first_terms, words=90)
    second = StoryProfile("s2", ["d2", "d3"], 738001, 738002, terms=second_terms, words=180)
    given = (_figures(first.terms), _weekdays(first.terms))
    assert _linkage(first, second, given) == _linkage(first, second)
