"""bench/run.py's baseline: spaCy alone timed before and after crossread, crossread compared with their mean."""

from __future__ import annotations

from types import ModuleType

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from conftest import load_script


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("bench/run.py", "crossread_bench_run_test")


def test_bench_run_baseline_is_the_mean_of_the_runs(bench: ModuleType) -> None:
    runs = {"before_crossread": {"seconds": 10.0, "cpu_seconds": 8.0}, "after_crossread": {"seconds": 14.0, "cpu_seconds": 12.0}}
    assert bench.baseline(runs) == {"seconds": 12.0, "cpu_seconds": 10.0}


@pytest.mark.parametrize(("spacy_cpu", "crossread_cpu", "ratio"), [(80.0, 100.0, 0.8), (71.0, 100.0, 0.71), (5.0, 0.0, None)])
def test_bench_run_end_to_end_ratio_is_spacy_cpu_over_crossread_cpu(
    bench: ModuleType, spacy_cpu: float, crossread_cpu: float, ratio: float | None
) -> None:
    assert bench.end_to_end_ratio(spacy_cpu, crossread_cpu) == ratio


_SEEN: list[str] = []


@Language.component("crossread_test_bench_seen")
def _seen(doc: Doc) -> Doc:
    """A real pipeline component that notes every text the pipeline reads."""
    _SEEN.append(doc.text)
    return doc


def test_bench_run_time_pipe_runs_every_text_through_the_pipeline(bench: ModuleType) -> None:
    _SEEN.clear()
    nlp = spacy.blank("en")
    nlp.add_pipe("crossread_test_bench_seen")
    texts = ["The mayor opened a bridge.", "Rain fell on Tuesday.", "A third text."]
    timed = bench.time_pipe(nlp, texts, 2)
    assert texts == _SEEN
    assert set(timed) == {"seconds", "cpu_seconds"} and min(timed.values()) >= 0
