"""compare.refuter: a learned score that one source's unit disputes what another source's unit states.

Needs two claim units of different documents (``compare.units``); adds the
probability that the second calls the first untrue or disputes it, with the
cue words that carry it. Only a unit with a dispute cue (``CUES``: words that
call something untrue, deny it, doubt it) is ever scored, and only against
units it shares words with, so a story pays for the few units that dispute.

The features (``FEATURES``) read the two units alone — cue counts by kind in
each, the disputing unit's cue near the words it shares with the other
(within ``NEAR_WORDS``), negation near them, word and entity overlap, the
parse's polarity — and a logistic model over them (``refuter.json``, fitted by
``eval/train_refuter.py``) gives the score. The conflict rule
(``compare.conflicts``) and the claim grouping (``compare.match``) call the same
``Refuter.dispute``, so a refuting unit joins the claim it disputes exactly
when that claim is then contested, and the conflict names both units, the
score and the cues.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from crossread.units import Unit

REFUTER_FILE = Path(__file__).with_name("refuter.json")
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


@dataclass(frozen=True, slots=True)
class Dispute:
    """One unit disputing another's statement: the learned score and the cue words that carry it."""

    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Refuter:
    """The fitted dispute model: weights over ``FEATURES`` and the score at which a dispute is a conflict."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = ((features - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.weights) + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def dispute(self, stating: Unit, disputing: Unit) -> Dispute | None:
        """``disputing`` calls untrue or disputes what ``stating`` states, at or above ``threshold``; else None."""
        if stating.doc_id == disputing.doc_id or not has_cue(disputing) or not shares(stating, disputing):
            return None
        score = float(self.probability(np.asarray([pair_features(stating, disputing)]))[0])
        if score < self.threshold:
            return None
        cues = cue_words(disputing)
        return Dispute(score, tuple(sorted({c for kind in ("refute", "deny", "doubt") for c in cues[kind]})))


def load_refuter(path: Path = REFUTER_FILE) -> Refuter:
    """The shipped dispute model (see ``eval/train_refuter.py``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: features {data['features']} do not match this crossread's {FEATURES}; retrain")
    return Refuter(
        tuple(data["weights"]), float(data["bias"]), tuple(data["mean"]), tuple(data["scale"]), float(data["threshold"])
    )


@lru_cache(maxsize=1)
def shipped_refuter() -> Refuter:
    """``load_refuter()`` read once per process."""
    return load_refuter()


def join_disputes(groups: list[list[int]], units: Sequence[Unit], score: Mapping[tuple[int, int], float]) -> list[list[int]]:
    """A unit alone that disputes another source's unit (``Refuter.dispute``) joins that unit's claim.

    A dispute rarely restates what it disputes ("The photo is a fake" against
    "A photo shows …"), so matching leaves it alone; its best-scoring disputed
    partner among the story's scored pairs is taken as what it disputes.
    """
    refuter = shipped_refuter()
    alone = {g[0] for g in groups if len(g) == 1 and units[g[0]].checkable and has_cue(units[g[0]])}
    partners: dict[int, list[int]] = {}
    for i, j in score:
        for unit, partner in ((i, j), (j, i)):
            if unit in alone:
                partners.setdefault(unit, []).append(partner)
    group_of = {i: k for k, g in enumerate(groups) for i in g}
    for unit, found in sorted(partners.items()):
        disputes = [(d.score, p) for p in found if units[p].checkable and (d := refuter.dispute(units[p], units[unit]))]
        if disputes and len(groups[group_of[unit]]) == 1:
            _s, partner = max(disputes)
            groups[group_of[unit]] = []
            groups[group_of[partner]].append(unit)
            group_of[unit] = group_of[partner]
    return [g for g in groups if g]
