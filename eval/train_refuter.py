"""Fit compare.refuter's dispute model: ``make train-refuter`` (reproducible; writes refuter.json).

Training pairs. FNC-1's ``train_*.csv`` are not in the shared data snapshot
(``shared/data/SOURCES.md``: the training stances file is an oversized blob), so
the fit uses the competition-test bodies that ``run_fnc``'s seeded 1,500-pair
sample never touches (295 bodies, 1,038 related pairs, 73 "disagree"), split by
body id (seeded) into a fit part (60%) and a dev part (40%). Headlines (claims)
are shared with the scored sample: the figures on it are optimistic, if anything.

Each pair is built as the brief builds it (units, frames, matcher scores). A
candidate is a (stating unit, disputing unit) pair of the two documents, both
checkable, the disputing one carrying a dispute cue (``refuter.CUES``) and a word
stem or entity of the other (``refuter.shares``). Its label is the pair's stance
("disagree" or not); a pair is predicted "disagree" when any candidate scores at
or above the threshold — what the product does, since every candidate that
passes makes its claim contested. A logistic regression (scikit-learn,
standardised features, balanced classes, L2 chosen by grouped 5-fold CV on the
fit part) is fitted on the fit part; the threshold maximises "disagree" F1 on dev.

Usage: ``python eval/train_refuter.py [--out PATH] [--cache PATH] [--sample]``;
prints fit-CV and dev figures next to the refute-word baseline of ``run_fnc``
(``--sample``: also the scorer alone on ``run_fnc``'s 1,500 pairs, once).
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from crossread.evaluation import FULL_FNC_PAIRS, REFUTE_WORDS, _document, load_fnc_pairs  # noqa: E402
from crossread.stages.compare.refuter import FEATURES, REFUTER_FILE, has_cue, pair_features, shares  # noqa: E402
from crossread.units import Unit  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FNC = DATA / "fnc1-stance"
SPLIT_SEED = 20261206
DEV_SHARE = 0.4
REGULARISATION_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 1.0)
THRESHOLD_GRID = tuple(round(0.01 * i, 2) for i in range(20, 99))


@dataclass(slots=True)
class Case:
    """One headline-body pair as the brief reads it: its units (headline's first) and gold stance."""

    body: str
    stance: str
    text: str
    units: list[Unit]


def held_out_pairs() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """Related competition-test pairs whose body is in none of ``run_fnc``'s sampled pairs."""
    sample, bodies = load_fnc_pairs(FNC, FULL_FNC_PAIRS)
    scored = {body for _h, body, _s in sample}
    with (FNC / "competition_test_stances.csv").open(newline="", encoding="utf-8") as handle:
        rows = [(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(handle)]
    return [r for r in rows if r[2] != "unrelated" and r[1] not in scored], bodies


def build_cases(pairs: list[tuple[str, str, str]], bodies: dict[str, str]) -> list[Case]:
    """Units of each pair, made as ``build_brief`` makes them (compared part, linked entities, frames)."""
    from crossread.brief import MAX_BRIEF_CHARS, compared_part
    from crossread.stages.analyze import analyze_many, load_nlp
    from crossread.stages.compare import stored_or_fresh_parses
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    nlp = load_nlp()
    ids = sorted({b for _h, b, _s in pairs})
    analyzed = dict(zip(ids, analyze_many([_document(f"fnc-body-{b}", bodies[b]) for b in ids], nlp), strict=True))
    heads = analyze_many([_document(f"fnc-headline-{i}", h) for i, (h, _b, _s) in enumerate(pairs)], nlp)
    cases = []
    for (_h, body, stance), head in zip(pairs, heads, strict=True):
        documents = [compared_part(d, nlp, MAX_BRIEF_CHARS) for d in (head, analyzed[body])]
        units = claim_units(documents, stored_or_fresh_parses(documents, nlp), link_entities(documents))
        cases.append(Case(body, stance, bodies[body], units))
    return cases


def candidates(case: Case) -> list[list[float]]:
    """Feature rows of every (stating, disputing) candidate pair of the case (see the module docstring)."""
    rows = []
    for stating in case.units:
        for disputing in case.units:
            if stating.doc_id == disputing.doc_id or not (stating.checkable and disputing.checkable):
                continue
            if has_cue(disputing) and shares(stating, disputing):
                rows.append(pair_features(stating, disputing))
    return rows


def stacked(cases: list[Case]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, their labels and the index of their case."""
    rows, labels, owner = [], [], []
    for k, case in enumerate(cases):
        for row in candidates(case):
            rows.append(row)
            labels.append(case.stance == "disagree")
            owner.append(k)
    return np.asarray(rows).reshape(-1, len(FEATURES)), np.asarray(labels, dtype=bool), np.asarray(owner, dtype=int)


def prf(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    hits = int((predicted & gold).sum())
    p, r = hits / max(int(predicted.sum()), 1), hits / max(int(gold.sum()), 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def case_scores(scores: np.ndarray, owner: np.ndarray, n_cases: int) -> np.ndarray:
    """Each case's best candidate score (0 without candidates)."""
    best = np.zeros(n_cases)
    np.maximum.at(best, owner, scores)
    return best


def best_threshold(best: np.ndarray, gold: np.ndarray) -> tuple[float, tuple[float, float, float]]:
    return max(((t, prf(best >= t, gold)) for t in THRESHOLD_GRID), key=lambda item: item[1][2])


def fit(x: np.ndarray, y: np.ndarray, c: float) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit((x - mean) / scale, y)
    weights, bias = model.coef_[0].tolist(), float(model.intercept_[0])
    return {"weights": weights, "bias": bias, "mean": mean.tolist(), "scale": scale.tolist()}


def probability(params: dict[str, Any], x: np.ndarray) -> np.ndarray:
    z = ((x - np.asarray(params["mean"])) / np.asarray(params["scale"])) @ np.asarray(params["weights"]) + params["bias"]
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def choose_regularisation(cases: list[Case]) -> float:
    """The L2 strength of best grouped 5-fold CV "disagree" F1 on the fit part (threshold chosen per grid point)."""
    from sklearn.model_selection import GroupKFold

    x, y, owner = stacked(cases)
    gold = np.asarray([c.stance == "disagree" for c in cases])
    groups = np.asarray([cases[k].body for k in owner])
    results = {}
    for c in REGULARISATION_GRID:
        scores = np.zeros(len(y))
        for train, test in GroupKFold(5).split(x, y, groups):
            scores[test] = probability(fit(x[train], y[train], c), x[test])
        t, (p, r, f) = best_threshold(case_scores(scores, owner, len(cases)), gold)
        results[c] = f
        print(f"  fit CV C={c:g}: disagree P {p:.3f} R {r:.3f} F1 {f:.3f} at {t:.2f}")
    return max(results, key=results.__getitem__)


def report(name: str, cases: list[Case], params: dict[str, Any], threshold: float) -> None:
    x, _y, owner = stacked(cases)
    gold = np.asarray([c.stance == "disagree" for c in cases])
    best = case_scores(probability(params, x), owner, len(cases)) if len(x) else np.zeros(len(cases))
    baseline = np.asarray([bool(REFUTE_WORDS.search(c.text)) for c in cases])
    for system, predicted in (("refuter", best >= threshold), ("refute-word baseline", baseline)):
        p, r, f = prf(predicted, gold)
        print(f"{name} ({len(cases)} pairs, {int(gold.sum())} disagree) {system}: P {p:.3f} R {r:.3f} F1 {f:.3f}")


def cached_cases(path: Path | None, pairs: list[tuple[str, str, str]], bodies: dict[str, str]) -> list[Case]:
    if path is not None and path.exists():
        return list(pickle.loads(path.read_bytes()))
    cases = build_cases(pairs, bodies)
    if path is not None:
        path.write_bytes(pickle.dumps(cases))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REFUTER_FILE)
    parser.add_argument("--cache", type=Path, default=None, help="pickle the built pairs here (and reuse them)")
    parser.add_argument("--sample", action="store_true", help="also score run_fnc's 1,500 pairs (report once)")
    args = parser.parse_args()
    pairs, bodies = held_out_pairs()
    cases = cached_cases(args.cache, pairs, bodies)
    ids = sorted({c.body for c in cases})
    random.Random(SPLIT_SEED).shuffle(ids)
    dev_ids = set(ids[: round(DEV_SHARE * len(ids))])
    fit_cases, dev_cases = [c for c in cases if c.body not in dev_ids], [c for c in cases if c.body in dev_ids]
    c = choose_regularisation(fit_cases)
    x, y, _owner = stacked(fit_cases)
    params = fit(x, y, c)
    xd, _yd, owner_d = stacked(dev_cases)
    gold_d = np.asarray([case.stance == "disagree" for case in dev_cases])
    threshold, _prf = best_threshold(case_scores(probability(params, xd), owner_d, len(dev_cases)), gold_d)
    print(f"C={c:g}, threshold {threshold:.2f} (best dev F1)")
    report("fit part", fit_cases, params, threshold)
    report("dev part", dev_cases, params, threshold)
    if args.sample:
        sample, _bodies = load_fnc_pairs(FNC, FULL_FNC_PAIRS)
        sample_cache = args.cache.with_suffix(".sample.pkl") if args.cache else None
        report("run_fnc sample", cached_cases(sample_cache, sample, bodies), params, threshold)
    data = {"features": list(FEATURES), **params, "threshold": threshold, "regularisation": c}
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
