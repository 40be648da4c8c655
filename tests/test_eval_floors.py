"""Quality gate: the cheap part of the quick eval must stay at or above eval/floors.json.

Runs the quick (seeded, deterministic) subsets of the tasks listed in
GATED_TASKS through ``eval/run.py``'s registry and compares every crossread
figure with its floor. Floors sit just below measured figures and ONLY GO UP:
raise them with ``python eval/run.py --quick --raise-floors`` after an
improvement; never lower one to make a change pass — fix the regression or
explain it in the pull request. The HTML extraction and clustering gates live
in test_extract_quality.py and test_cluster.py; the full run is ``make eval``.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language

from conftest import ROOT, SHARED_DATA, load_script

pytestmark = pytest.mark.slow

# ~2 min on 2 cores together (the expensive HTML/cluster tasks are gated elsewhere).
GATED_TASKS = (
    "extract-debris",
    "quotes-polnear",
    "giveme5w1h-5w",
    "semeval2015-timeline",
    "align-superpal",
    "multiling2011-sample",
    "allsides-neus",
    "claims-allsides",
    "conflicts-judged",
)


def _eval_runner() -> ModuleType:
    """eval/run.py as a module (eval/ is not a package)."""
    return load_script("eval/run.py", "eval_run")


def test_eval_floors_file_is_well_formed() -> None:
    from crossread.evaluation import LOWER_IS_BETTER_METRICS

    data = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
    for mode in ("quick", "full", "quick_ceilings", "full_ceilings"):
        assert data.get(mode), f"no {mode} gates"
        assert all(0.0 <= gate <= 1.0 for gate in data[mode].values()), mode
        assert all(key.endswith("| crossread") for key in data[mode]), "gates are for crossread figures only"
        lower = {key for key in data[mode] if key.split(" | ")[2] in LOWER_IS_BETTER_METRICS}
        wanted = set(data[mode]) if mode.endswith("_ceilings") else set()
        assert lower == wanted, f"{mode}: a lower-is-better figure needs a ceiling, every other one a floor"


def test_a_lower_is_better_figure_is_gated_by_a_ceiling_that_only_goes_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossread.evaluation import LOWER_IS_BETTER_METRICS, EvalResult, Figure

    runner = _eval_runner()
    monkeypatch.setattr(runner, "FLOORS", tmp_path / "floors.json")
    misses = Figure("claims", "made-up", sorted(LOWER_IS_BETTER_METRICS)[0], "crossread", 0.40, 10)
    hits = Figure("claims", "made-up", "shared-fact recall", "crossread", 0.40, 10)
    runner.raise_floors(EvalResult(figures=[misses, hits]), quick=True)
    assert runner.load_ceilings(quick=True) == {misses.key: 0.405}
    assert runner.load_floors(quick=True) == {hits.key: 0.395}
    better = EvalResult(figures=[Figure(*[getattr(misses, f) for f in ("stage", "dataset", "metric", "system")], 0.30, 10)])
    assert runner.check_floors(better, runner.load_floors(True), runner.load_ceilings(True)) == []
    worse = EvalResult(figures=[Figure(*[getattr(misses, f) for f in ("stage", "dataset", "metric", "system")], 0.45, 10)])
    assert len(runner.check_floors(worse, runner.load_floors(True), runner.load_ceilings(True))) == 1
    runner.raise_floors(better, quick=True)
    runner.raise_floors(worse, quick=True)
    assert runner.load_ceilings(quick=True) == {misses.key: 0.305}, "a ceiling only goes down"


def test_eval_quick_figures_meet_their_floors(nlp: Language) -> None:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set CROSSREAD_SHARED_DATA)")
    from crossread.evaluation import evaluate

    runner = _eval_runner()
    result = evaluate(
        GATED_TASKS,
        data_root=SHARED_DATA,
        quick=True,
        nlp=nlp,
        extra_tasks=runner.EXTRA_TASKS,
    )
    floors = runner.load_floors(quick=True)
    ceilings = runner.load_ceilings(quick=True)
    measured = {f.key for f in result.figures if f.system == "crossread" and f.note != "length"}
    unfloored = sorted(measured - set(floors) - set(ceilings))
    assert not unfloored, f"crossread figures without a floor (run eval/run.py --quick --raise-floors): {unfloored}"
    below = runner.check_floors(result, floors, ceilings)
    assert not below, "below floor:\n" + "\n".join(below)
