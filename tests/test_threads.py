"""crossread's work runs in one BLAS thread (``crossread.threads``) and gives the threads back after."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from threadpoolctl import threadpool_info

import crossread.brief
from crossread.brief import brief_from_paths
from crossread.threads import one_blas_thread


def _blas_threads() -> list[int]:
    return [int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_one_blas_thread_inside_and_restored_after() -> None:
    before = _blas_threads()
    assert before, "numpy ships a BLAS: threadpoolctl must see it"
    with one_blas_thread():
        assert _blas_threads() == [1] * len(before)
    assert _blas_threads() == before


def test_a_brief_is_built_in_one_blas_thread(nlp: Language, example_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[int]] = []
    summarize = crossread.brief.summarize

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(_blas_threads())
        return summarize(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(crossread.brief, "summarize", watched)
    brief, failures = brief_from_paths(sorted(example_dir.glob("*.txt")), nlp)
    assert not failures and brief.claims
    assert seen and all(threads and set(threads) == {1} for threads in seen)
