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

import importlib.util
import json
import sys
from types import ModuleType

import pytest
from spacy.language import Language

from conftest import ROOT, SHARED_DATA

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
    spec = importlib.util.spec_from_file_location("eval_run", ROOT / "eval" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_run"] = module
    spec.loader.exec_module(module)
    return module


def test_eval_floors_file_is_well_formed() -> None:
    data = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
    for mode in ("quick", "full"):
        assert all(0.0 <= floor <= 1.0 for floor in data.get(mode, {}).values()), mode
        assert all(key.endswith("| crossread") for key in data.get(mode, {})), "floors are for crossread figures only"


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
    measured = {f.key for f in result.figures if f.system == "crossread" and f.note != "length"}
    unfloored = sorted(measured - set(floors))
    assert not unfloored, f"crossread figures without a floor (run eval/run.py --quick --raise-floors): {unfloored}"
    below = runner.check_floors(result, floors)
    assert not below, "below floor:\n" + "\n".join(below)
