"""bench/corpus_gen.py: the generated stream for the clustering scale bench (tiny hand-made seed, no spaCy)."""

from __future__ import annotations

import itertools
import types
from datetime import date
from pathlib import Path

import pytest

from conftest import load_script
from crossread.stages.cluster import TIME_GRACE_DAYS, TIME_WINDOW_DAYS, StoryClusterer, document_day


def _load() -> types.ModuleType:
    return load_script("bench/corpus_gen.py", "crossread_bench_corpus_gen_test")


corpus_gen = _load()
SeedDocument = corpus_gen.SeedDocument


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


SEED = [
    SeedDocument(
        "a1", "allsides", "President signs the climate deal",
        "President Joe Biden said on Monday the government will sign the climate deal in Glasgow. "
        "Officials said the plan would help people in every country cut emissions this week.",
        _day("2021-11-01"), (("Joe Biden", "PERSON"), ("Glasgow", "GPE"), ("Monday", "DATE")),
    ),
    SeedDocument(
        "a2", "allsides", "Biden and the Glasgow climate deal",
        "The president said the climate deal agreed in Glasgow was a big move. Critics said the government "
        "plan would not help people and called the talks a failure.",
        _day("2021-11-02"), (("Biden", "PERSON"), ("Glasgow", "GPE")),
    ),
    SeedDocument(
        "p1", "polnear", "Police report an attack in Lyon",
        "Police said an attack in Lyon killed two people. The city mayor Gregory Doucet said officials "
        "warned of a new threat last week and accused the attackers of planning it for months.",
        _day("2016-06-10"), (("Lyon", "GPE"), ("Gregory Doucet", "PERSON")),
    ),
    SeedDocument(
        "f1", "fnc1", None,
        "A company said its money troubles began after the war. Its leaders claimed the crisis ended "
        "and the report was wrong, but the vote on the new law fell short.",
        None, (("Acme Corp", "ORG"),),
    ),
]  # fmt: skip


def _fingerprint(documents: list[object]) -> list[tuple[object, ...]]:
    return [
        (a.document.id, a.document.published, a.document.title, a.document.text, tuple((m.text, m.label) for m in a.mentions))
        for a in documents  # type: ignore[attr-defined]
    ]


def test_cluster_scale_gen_is_deterministic_and_seeded() -> None:
    first = list(corpus_gen.generate(SEED, 40))
    again = list(corpus_gen.generate(SEED, 40))
    other = list(corpus_gen.generate(SEED, 40, seed_value=1))
    assert _fingerprint(first) == _fingerprint(again)
    assert [a.document.text for a in first] != [a.document.text for a in other]
    assert len({a.document.id for a in first}) == 40


def test_cluster_scale_gen_varies_wording_but_keeps_the_report() -> None:
    documents = list(corpus_gen.generate(SEED, len(SEED) * 10))
    texts_of_a1 = [a.document.text for a in documents if a.document.source_path.endswith(f":{0}")]
    assert len(texts_of_a1) == 10
    bodies = {text.rsplit("\n\n", 1)[0] for text in texts_of_a1}
    assert len(bodies) >= 8, "rounds should word the same report differently"
    original = set(SEED[0].text.lower().split())
    for text in texts_of_a1:
        assert text.rsplit("\n\n", 1)[1].startswith("(crossread bench variant ")
        words = set(text.rsplit("\n\n", 1)[0].lower().split())
        assert len(words & original) / len(original) > 0.6, "a variant must still be the same report"
    synonyms_used = sum(
        any(s in text for s in ("stated", "told reporters", "administration", "authorities")) for text in texts_of_a1
    )
    assert synonyms_used >= 3
    mentions = [len(a.mentions) for a in documents]
    assert min(mentions) < max(mentions), "some mentions are dropped"


def test_cluster_scale_gen_shifts_days_round_by_round_and_keeps_undated_undated() -> None:
    assert corpus_gen.ROUND_DAYS - corpus_gen.SEED_SPAN_DAYS > TIME_WINDOW_DAYS + TIME_GRACE_DAYS
    documents = list(corpus_gen.generate(SEED, len(SEED) * 3))
    by_seed: dict[str, list[int | None]] = {}
    for analysed in documents:
        index = analysed.document.source_path.rsplit(":", 1)[1]
        by_seed.setdefault(index, []).append(document_day(analysed))
    for index, days in by_seed.items():
        if SEED[int(index)].day is None:
            assert days == [None, None, None]
        else:
            assert days[1] - days[0] == corpus_gen.ROUND_DAYS and days[2] - days[1] == corpus_gen.ROUND_DAYS
    # a1 and a2 (a day apart) stay close; polnear's 2016 article is squeezed into the same round span
    first_round = {a.document.source_path: document_day(a) for a in documents[: len(SEED)]}
    dated = [d for d in first_round.values() if d is not None]
    assert max(dated) - min(dated) < corpus_gen.SEED_SPAN_DAYS


def test_cluster_scale_gen_rounds_are_new_stories() -> None:
    clusterer = StoryClusterer()
    documents = list(corpus_gen.generate(SEED, len(SEED) * 3))
    assignments = clusterer.add(documents)
    for index in range(len(SEED)):
        stories = [assignments[a.document.id] for a in documents if a.document.source_path.endswith(f":{index}")]
        if SEED[index].day is not None:
            assert len(set(stories)) == 3, "a variant must not join the previous round's story"


def test_cluster_scale_gen_streams_without_building_the_corpus() -> None:
    stream = corpus_gen.generate(SEED, 10**12)
    assert isinstance(stream, types.GeneratorType)
    head = list(itertools.islice(stream, 5))
    assert len(head) == 5
    assert next(stream).document.source_path == "bench-variant:1:" + head[1].document.source_path.rsplit(":", 1)[1]


@pytest.mark.parametrize("documents", [0, 1, 7])
def test_cluster_scale_gen_yields_exactly_count(documents: int) -> None:
    assert sum(1 for _ in corpus_gen.generate(SEED, documents)) == documents


def test_cluster_scale_gen_seed_cache_round_trips(tmp_path: Path) -> None:
    path = corpus_gen.cache_path(tmp_path, len(SEED))
    corpus_gen.write_seed(path, SEED, {"schema": corpus_gen.CACHE_SCHEMA, "analysed": len(SEED)})
    seed, meta = corpus_gen.read_seed(path)
    assert seed == SEED and meta["analysed"] == len(SEED)
    assert (tmp_path / ".gitignore").read_text().strip().endswith("*")
