"""A learned dispute scorer for compare's refutation rule, fitted on FNC-1: ``make train-refuter``. Measured and not kept.

The question (issue 10): can a scorer trained on FNC-1 tell that one source's
unit calls untrue or disputes what another source's unit states, well enough to
make that claim contested — FNC-1 "disagree" F1 >= 0.45 on ``run_fnc``'s pairs,
next to the refute-word baseline's 0.303, and no false contested claim on the
AllSides stories? Not with what is here; compare is unchanged.

Training pairs. FNC-1's ``train_*.csv`` are not in the shared data snapshot
(``shared/data/SOURCES.md``: the training stances file is an oversized blob), so
the fit uses the competition-test bodies that ``run_fnc``'s seeded 1,500-pair
sample never touches (295 bodies, 1,038 related pairs, 73 "disagree"), split by
body id (seeded) into a fit part (60%: 643 pairs, 54 disagree) and a dev part
(40%: 395 pairs, 19 disagree). Headlines (claims) are shared with the scored
sample, so figures on it are, if anything, optimistic.

The scorer works where the brief decides, on units. Each pair is built as the
brief builds it (units, frames, matcher scores). A candidate is a (stating unit,
disputing unit) pair of the two documents, both checkable, the disputing one
carrying a dispute cue (``CUES``: words that call something untrue, deny or
doubt it) and a word stem or entity of the other (``shares``). Its features
(``FEATURES``): cue counts by kind and each cue on its own in both units, the
cue and negations near the shared words, word, stem and entity overlap, the
parse's polarity (``Unit.refuted``, ``negated``), same predicate, quotation.
Its label is the pair's stance; a pair is predicted "disagree" when any
candidate scores at or above the threshold — as in the product, where such a
unit joined the claim it disputes and the conflict named both units, the score
and the cues. A logistic regression (scikit-learn, standardised, balanced
classes, L2 by grouped 5-fold CV on the fit part) is fitted on the fit part;
the threshold maximises "disagree" F1 on the dev part.

Measured (disagree P / R / F1):

* fit part, grouped CV at C = 0.01: 0.268 / 0.407 / 0.324 (baseline 0.219 /
  0.389 / 0.280); dev part at the threshold 0.75: 0.300 / 0.158 / 0.207
  (baseline 0.167 / 0.632 / 0.264);
* wired into compare (commit 27b02d6 of branch s26-refute: the scorer joined a
  disputing unit left alone to its best disputed partner's claim after
  ``match._refutation_claims``, and ``conflicts.find_conflicts`` named the
  dispute), ``run_fnc``'s 1,500 competition-test pairs, looked at once: 0.268 /
  0.162 / 0.202 (before 0.189 / 0.051 / 0.081; baseline 0.210 / 0.544 / 0.303);
* the precision guard failed: 2 new contested claims on the labelled dev
  stories (contested precision 0.000; partial precision 0.868 -> 0.865), none on
  devx, and 6 conflicts on the judged candidate stories, none of them judged
  real (``--guard`` reproduces the dev / devx / judged claim counts: 2 / 0 / 4);
  looked at once after the decision, the held-out test stories agree: 2 contested
  claims, both wrong, and none of their 5 labelled conflicts found (testx: none).
  Every one read a cue word that is not a verdict on the other source: a
  refuting word inside what a unit is about (made-up likes: "no pay for posts
  that dispute the bridge report", "too little to curb bogus rumours about
  fares"), a dismissal of another idea, two outlets paraphrasing one policy.
* gates on top (same pairs): the cue within ``NEAR_WORDS`` of a shared word, a
  verdict word (hoax, fake, false, debunked, ...), the parse's own-predicate
  refutation, the cue among the unit's core lemmas, "contradict" dropped: at
  every threshold that leaves dev, devx and the judged stories without a new
  contested claim, FNC dev recall is at most 0.05 (F1 <= 0.09);
* also tried: the kinds alone without each cue (fit CV F1 0.24-0.28); candidates
  without a shared word (0.27, and nothing to trace the conflict to); a
  document-level model (the body's cue counts and the best candidate's
  features: grouped CV F1 0.33 against the baseline's 0.27 on the same 1,038
  pairs, at precision 0.25 — a verdict on a document, not on two units).
* speed of the wired version (bench/compare.py, loaded machine, side by side):
  3-source story 0.024 s both, 19-source 2.97 s against 2.66 s.

With 73 "disagree" pairs and text-level cues, the scorer cannot tell a verdict
on the other source from a cue word about something else; that needs the cue's
syntactic scope (what the refuting word governs), which the unit does not keep.

Usage: ``python eval/train_refuter.py [--out PATH] [--cache PATH] [--guard]``;
prints fit-CV and dev figures next to the refute-word baseline of ``run_fnc``
(``--guard``: the claims it would contest on the AllSides dev, devx and judged
stories) and writes the
fitted parameters to ``build/refuter.json`` (not shipped).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import pickle
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from crossread.evaluation import FULL_FNC_PAIRS, REFUTE_WORDS, _document, load_fnc_pairs  # noqa: E402
from crossread.units import Unit  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
REFUTER_FILE = ROOT / "build" / "refuter.json"  # not shipped: see "Measured and not kept"
FNC = DATA / "fnc1-stance"
SPLIT_SEED = 20261206
DEV_SHARE = 0.4
REGULARISATION_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 1.0)
THRESHOLD_GRID = tuple(round(0.01 * i, 2) for i in range(20, 99))


# --- features (as they were wired into compare for the measurement) ---------------

# Tokens of the disputing unit within which a cue bears on a word it shares with
# the other unit ("the claim that the mayor resigned is false": "false" 5 tokens after "resigned").
NEAR_WORDS = 8
# Cue words by kind (lower case, matched on whole words; "n't" is split off first).
CUES: dict[str, tuple[str, ...]] = {
    "refute": (
        r"hoax(?:es)?", r"fake[sd]?", r"false(?:ly|hood)?", r"untrue", r"not true", r"debunk\w*", r"fabricat\w*",
        r"baseless", r"unfounded", r"bogus", r"myth", r"satir\w*", r"parody", r"photoshop\w*", r"doctored",
        r"no evidence", r"no proof", r"misleading", r"nonsense", r"lie[sd]?", r"never happened", r"retract\w*",
        r"scam", r"fraud\w*", r"prank", r"made up", r"not real",
    ),
    "deny": (
        r"den(?:y|ies|ied|ying|ial|ials)", r"refut\w*", r"reject\w*", r"dismiss\w*", r"rebut\w*", r"contradict\w*",
        r"disput\w*", r"not the case", r"no such",
    ),
    "doubt": (
        r"doubt\w*", r"skeptic\w*", r"sceptic\w*", r"unconfirmed", r"unverified", r"unsubstantiated",
        r"rumou?r(?:s|ed)?", r"alleged(?:ly)?", r"purported(?:ly)?", r"speculat\w*", r"questionable",
        r"(?:could|can|would) ?n't confirm", r"(?:could|can|would) not confirm", r"cannot confirm", r"no confirmation",
    ),
}  # fmt: skip
NEGATIONS = frozenset({"not", "n't", "no", "never", "nothing", "none", "nobody", "neither", "nor"})
_CUE = {kind: re.compile(r"\b(?:" + "|".join(words) + r")\b") for kind, words in CUES.items()}
# Each cue on its own, in the disputing unit and in the stating one ("fake" weighs more than "alleged").
_EACH_CUE = tuple((f"{kind}:{word}", re.compile(rf"\b(?:{word})\b")) for kind, words in CUES.items() for word in words)
FEATURES = (
    "refute", "deny", "doubt", "negation", "other_disputes", "other_negation", "refuted", "negated",
    "other_negated", "cue_near_shared", "negation_near_shared", "shared_words", "cover", "jaccard",
    "shared_entities", "same_predicate", "quoted", "shared_keys",
    *(f"cue={name}" for name, _p in _EACH_CUE), *(f"other_cue={name}" for name, _p in _EACH_CUE),
)  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9']+|n't")


def _normal(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("n't", " n't")


def cue_words(unit: Unit) -> dict[str, list[str]]:
    """The unit's dispute cues by kind (see ``CUES``)."""
    text = _normal(unit.text)
    return {kind: pattern.findall(text) for kind, pattern in _CUE.items()}


def has_cue(unit: Unit) -> bool:
    """Whether the unit carries a word that calls something untrue, denies or doubts it: only such units are scored."""
    text = _normal(unit.text)
    return any(pattern.search(text) for pattern in _CUE.values())


def _words(unit: Unit) -> set[str]:
    return {f for f in unit.features if ":" not in f and not f.isdigit()}


def _keys(unit: Unit) -> set[str]:
    """What two units can share: word stems (5 letters: "denied" / "denial") and entity ids."""
    return {f[:5] for f in _words(unit) if len(f) > 2} | {f for f in unit.features if f.startswith("E:")}


def shares(stating: Unit, disputing: Unit) -> bool:
    """Whether two units share a word stem or an entity: a dispute bears on something the other says."""
    return bool(_keys(stating) & _keys(disputing))


def _nearness(tokens: list[str], anchors: set[int], targets: set[str]) -> float:
    """1 when a token in ``targets`` sits next to an anchor position, falling to 0 at ``NEAR_WORDS``."""
    best = math.inf
    for k, token in enumerate(tokens):
        if token in targets:
            best = min([best, *(abs(k - a) for a in anchors)])
    return max(0.0, 1.0 - best / NEAR_WORDS) if best < math.inf else 0.0


def _proximity(disputing: Unit, shared: set[str], cues: dict[str, list[str]]) -> tuple[float, float]:
    """How close the disputing unit's refute/deny cues and its negations are to the words it shares."""
    tokens = _TOKEN.findall(_normal(disputing.text))
    anchors = {k for k, token in enumerate(tokens) if any(token.startswith(w[:5]) for w in shared if len(w) > 2)}
    if not anchors:
        return 0.0, 0.0
    cue_tokens = {t for kind in ("refute", "deny") for cue in cues[kind] for t in cue.split()}
    return _nearness(tokens, anchors, cue_tokens - NEGATIONS), _nearness(tokens, anchors, set(NEGATIONS))


def pair_features(stating: Unit, disputing: Unit) -> list[float]:
    """The ``FEATURES`` of "``disputing`` disputes what ``stating`` states"."""
    cues, other = cue_words(disputing), cue_words(stating)
    tokens, other_tokens = _TOKEN.findall(_normal(disputing.text)), _TOKEN.findall(_normal(stating.text))
    wa, wb = _words(stating), _words(disputing)
    shared = wa & wb
    near_cue, near_negation = _proximity(disputing, shared, cues)
    return [
        min(len(cues["refute"]), 2) / 2,
        min(len(cues["deny"]), 2) / 2,
        min(len(cues["doubt"]), 2) / 2,
        min(sum(t in NEGATIONS for t in tokens), 2) / 2,
        float(bool(other["refute"] or other["deny"])),
        float(any(t in NEGATIONS for t in other_tokens)),
        float(disputing.refuted),
        float(disputing.negated),
        float(stating.negated),
        near_cue,
        near_negation,
        math.log1p(len(shared)),
        len(shared) / max(len(wa), 1),
        len(shared) / max(len(wa | wb), 1),
        min(len(stating.entities & disputing.entities), 3) / 3,
        float(bool(stating.predicate) and stating.predicate == disputing.predicate),
        float(disputing.quoted),
        math.log1p(len(_keys(stating) & _keys(disputing))),
        *(float(bool(pattern.search(_normal(disputing.text)))) for _name, pattern in _EACH_CUE),
        *(float(bool(pattern.search(_normal(stating.text)))) for _name, pattern in _EACH_CUE),
    ]


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


# --- the precision guard: what the wired rule would contest on the AllSides dev stories ---------


def _claims_before_disputes(documents: list[Any], nlp: Any, embed: Any, matcher: Any) -> tuple[list[Unit], list[list[int]], Any]:
    """A story's units, its claims as compare groups them and the scored pairs (nothing of this script applied)."""
    from crossread.brief import MAX_BRIEF_CHARS, compared_part
    from crossread.stages.analyze import analyze_many
    from crossread.stages.compare import stored_or_fresh_parses
    from crossread.stages.compare.match import align_story
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    analyzed = [compared_part(d, nlp, MAX_BRIEF_CHARS) for d in analyze_many(documents, nlp)]
    units = claim_units(analyzed, stored_or_fresh_parses(analyzed, nlp), link_entities(analyzed))
    alignment = align_story(units, embed, matcher)
    return units, alignment.groups, alignment.score


def guard_stories() -> dict[str, list[tuple[list[Unit], list[list[int]], Any]]]:
    """The labelled dev and devx stories and the judged conflict-candidate stories (never test), as compare reads them."""
    from crossread.evaluation.claims import LABELS_FOLDER, _labels_of, canonical_documents
    from crossread.evaluation.conflicts import _by_story, read_judged
    from crossread.evaluation.labels import allsides_texts
    from crossread.stages.analyze import load_nlp
    from crossread.stages.compare.match import load_matcher, wordllama_embedder

    nlp, embed, matcher = load_nlp(), wordllama_embedder(), load_matcher()
    texts = allsides_texts(DATA)
    ids = {split: [labels.story for labels in _labels_of(LABELS_FOLDER, split)] for split in ("dev", "devx")}
    ids["judged"] = [story for story, _pairs in _by_story(read_judged())]
    return {
        split: [
            _claims_before_disputes(list(canonical_documents(texts[s]).values()), nlp, embed, matcher)
            for s in found
            if s in texts
        ]
        for split, found in ids.items()
    }


def contested_claims(units: list[Unit], groups: list[list[int]], scored: Any, params: dict[str, Any], threshold: float) -> int:
    """Claims the wired rule makes contested: a disputing unit alone joins its best disputed partner's claim, then
    any two units of one claim from different documents that dispute at or above ``threshold`` contest it."""
    cache: dict[tuple[int, int], float] = {}

    def disputes(i: int, j: int) -> float:
        if (i, j) not in cache:
            a, b = units[i], units[j]
            ok = a.doc_id != b.doc_id and a.checkable and b.checkable and has_cue(b) and shares(a, b)
            cache[(i, j)] = float(probability(params, np.asarray([pair_features(a, b)]))[0]) if ok else 0.0
        return cache[(i, j)]

    groups = [list(g) for g in groups]
    group_of = {i: k for k, g in enumerate(groups) for i in g}
    for alone in [g[0] for g in groups if len(g) == 1]:
        partners = [(disputes(p, alone), p) for pair in scored for p in pair if alone in pair and p != alone]
        best = max((found for found in partners if found[0] >= threshold), default=None)
        if best is not None and len(groups[group_of[alone]]) == 1:
            groups[group_of[alone]] = []
            groups[group_of[best[1]]].append(alone)
            group_of[alone] = group_of[best[1]]
    return sum(any(disputes(i, j) >= threshold for i in g for j in g if i != j) for g in groups)


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
    parser.add_argument("--guard", action="store_true", help="claims the rule would contest on AllSides dev / devx / judged")
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
    if args.guard:
        for split, stories in guard_stories().items():
            made = [contested_claims(*story, params, threshold) for story in stories]
            print(f"AllSides {split} ({len(stories)} stories): {sum(made)} claims contested by this rule")
    data = {"features": list(FEATURES), **params, "threshold": threshold, "regularisation": c}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
