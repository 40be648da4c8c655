"""cues: attribution cues learned from PolNeAR train, for the verbs the hand lexicons leave out.

``quotes`` lists the common cues by hand (``SPEECH_VERBS``, ``STANCE_VERBS``, …). The long tail
("mocked", "cited", "wants", …) is too thin and too ambiguous to list: "cited" reports in one
sentence and not in the next. A logistic model (``cues.json``, fitted by ``eval/train_cues.py``)
scores a verb the lexicons do not take by its lemma and the shape of its report: whether it has a
clause, an object or sits in a parenthesis, who its subject is, its tense and its place in the parse.
``quotes`` builds the report as for a listed cue and keeps it when the score clears the threshold
chosen on held-out train folds and PolNeAR dev for that shape of report (a shape without one is
never kept).

Scoring is a dictionary lookup per feature on tokens the reported-speech pass already visits; a
verb whose lemma never passed on train is rejected before any feature is built.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.strings import get_string_id
from spacy.symbols import VERB
from spacy.tokens import Token

CUES_FILE = Path(__file__).with_name("cues.json")
# Subject words that stand for a person or a group of people.
PERSON_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you"})
PEOPLE_ENTITIES = frozenset({"PERSON", "NORP"})
BODY_ENTITIES = frozenset({"ORG", "GPE"})
# Dependents whose presence marks the report's content.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
OBJECT_DEPS = frozenset({"dobj", "oprd", "dative"})


@dataclass(frozen=True, slots=True)
class CueModel:
    """Logistic weights over named features, the lemmas seen as cues, and a threshold per report shape."""

    weights: dict[str, float]
    bias: float
    lemmas: frozenset[str]
    thresholds: dict[str, float]
    lemma_ids: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lemma_ids", frozenset(get_string_id(lemma) for lemma in self.lemmas))

    def may_be_cue(self, token: Token) -> bool:
        """Cheap gate, run on every token: a verb whose lemma passed in training (compared as string
        ids, without building the strings), in a report shape that has a threshold."""
        return token.pos == VERB and token.lemma in self.lemma_ids and report_shape(token) in self.thresholds

    def probability(self, token: Token, subject: Token | None) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in cue_features(token, subject))
        return 1.0 / (1.0 + math.exp(-z))

    def is_cue(self, token: Token, subject: Token | None) -> bool:
        """An unlisted verb whose report, with ``subject`` as its speaker, scores at or above its shape's threshold."""
        threshold = self.thresholds.get(report_shape(token))
        return threshold is not None and self.probability(token, subject) >= threshold


def cue_features(token: Token, subject: Token | None) -> list[str]:
    """Named features of a verb as a possible cue: lemma, report shape, subject, tense, dependency."""
    lemma = token.lemma_.lower()
    shape = report_shape(token)
    who = subject_kind(subject)
    prep = next((c.lower_ for c in token.rights if c.dep_ in ("prep", "prt")), "-")
    features = [
        f"lemma={lemma}",
        f"shape={shape}",
        f"lemma|shape={lemma}|{shape}",
        f"prep={prep}",
        f"lemma|prep={lemma}|{prep}",
        f"subject={who}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
    ]
    if any(c.dep_ == "neg" for c in token.children):
        features.append("negated")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in token.children):
        features.append("modal")
    clauses = [c for c in token.children if c.dep_ in CLAUSE_DEPS]
    if any(m.dep_ == "mark" and m.lower_ == "that" for c in clauses for m in c.children):
        features.append("that_clause")
    return features


def report_shape(token: Token) -> str:
    """What the verb would report: a ``clause``, an ``object``, or the clause around it (``aside``)."""
    deps = {c.dep_ for c in token.children}
    if deps & CLAUSE_DEPS:
        return "clause"
    if deps & OBJECT_DEPS:
        return "object"
    if any(c.dep_ == "prep" for c in token.rights):
        return "prep"
    return "aside" if token.dep_ in ("parataxis", "ccomp", "advcl") else "other"


def subject_kind(subject: Token | None) -> str:
    """``person`` (a name or he/she/they), ``body`` (an organisation, a place), ``it``, a ``noun``, else ``none``."""
    if subject is None:
        return "none"
    word = subject.lower_
    if word in PERSON_PRONOUNS or subject.ent_type_ in PEOPLE_ENTITIES:
        return "person"
    if word == "it":
        return "it"
    if subject.ent_type_ in BODY_ENTITIES:
        return "body"
    return "noun" if subject.pos_ in ("NOUN", "PROPN") else "other"


def load_cues(path: Path = CUES_FILE) -> CueModel:
    """The shipped cue model (``eval/train_cues.py`` writes it)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(
        {str(k): float(v) for k, v in data["weights"].items()},
        float(data["bias"]),
        frozenset(data["lemmas"]),
        {str(k): float(v) for k, v in data["thresholds"].items()},
    )


@lru_cache(maxsize=1)
def shipped_cues() -> CueModel:
    """``load_cues()``, read once per process."""
    return load_cues()
