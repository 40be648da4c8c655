"""Scoring the brief's event — Who, Where, When — against a reader's labels on multi-source stories.

The labels (``eval/labels/event/allsides.jsonl``, written blind: no brief was built for a
story before its line was final) cover the AllSides stories of the claims splits. Each
answer is one mention of its name in a side's canonical text (``allsides_texts``) plus
``alt`` mentions of its other spellings; never the text itself::

    {"story": 6104, "split": "dev", "annotator": "e", "docs": {"left": "<sha>", ...},
     "who": [{"side": "left", "start": 66, "end": 75, "alt": [{"side": "center", ...}]}],
     "where": [], "when": "2021-04-24"}

Each story is briefed as the claims task briefs it (``claims.canonical_documents``, one
``BriefMaker``). A predicted answer **matches** a gold answer when

1. one of its mention spans overlaps the gold mention or one of its ``alt`` spans (an
   actor: the mentions of its entity; a place: the mentions of the brief's entities whose
   name or alias is the place); or, failing that,
2. its name is one of the gold answer's spellings (the texts at those spans) or ends one
   ("House" / "Louisiana House"), or shares with one a content word that is not a generic
   word of institutions (``GENERIC_WORDS``):
   "President Biden" answers "Joe Biden", "U.S. Food and Drug Administration" does not
   answer "Biden administration". Content words are the ones giveme5w1h-5w compares
   (three letters or more, two-letter acronyms, no stopwords).

Rule 1 also credits a name inside a longer gold name ("Texas" in "Texas Democrats"); the
labels put such a name apart when it acts on its own. Figures, per split:

* **Who precision**: listed actors (``event.actors``) that match a gold actor, over the
  listed actors; those listed on a story with no gold Who count as wrong;
* **Who recall**: gold actors that a listed actor matches;
* **Who top-answer accuracy**: stories with a gold Who whose first listed actor matches
  one of them (any, as giveme5w1h-5w scores its top answer);
* the same three for **Where** (``event.places``);
* **When accuracy**: stories with a gold day whose brief gives that day;
* **When given and wrong**: stories whose brief gives a day the texts do not support
  (another day, or any day where the reader found none), over all stories; lower is better.

The baseline, "most-mentioned names", lists the brief's own entities by mention count
(actor labels for Who, place labels for Where, as many as the brief may list): what a
reader of the entity list would guess without the event stage.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crossread.evaluation.claims import BriefMaker, canonical_documents
from crossread.evaluation.labels import SourceText, allsides_texts
from crossread.model import ACTOR_LABELS, PLACE_LABELS, Brief, Entity

if TYPE_CHECKING:
    from crossread.evaluation import EvalContext, Figure

LABELS_FILE = Path(__file__).resolve().parents[3] / "eval" / "labels" / "event" / "allsides.jsonl"
# The baseline lists as many names as the brief may (stages/event.py: MAX_ACTORS, and up to
# three places, the brief's limit the readers labelled against).
BASELINE_ACTORS = 6
BASELINE_PLACES = 3
SYSTEMS = ("crossread", "most-mentioned names")
# Words a name shares with another without naming the same thing: on dev, "administration"
# let the FDA answer "the Biden administration" (dev Who precision 0.676 without this list,
# 0.667 with it and the qualified-form rule). A gold name made only of them still matches by
# span, by an equal name or by the name it qualifies ("Louisiana House"). Still
# lenient: "Supreme Court" answers "the Commission on the Supreme Court" ("supreme").
GENERIC_WORDS = frozenset(
    {"administration", "department", "agency", "office", "bureau", "committee", "commission", "council",
     "court", "house", "senate", "congress", "government", "national", "federal", "state", "states",
     "united", "party", "president", "governor", "secretary", "minister", "county", "city"}
)  # fmt: skip
_STAGE = "who/what/when/where"

Span = tuple[str, int, int]  # side, start, end


@dataclass(frozen=True, slots=True)
class GoldAnswer:
    """One answer: its mention and every labelled spelling (the mention first)."""

    spans: tuple[Span, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """A reader's Who / Where / When of one story."""

    story: int
    split: str
    docs: Mapping[str, str]
    who: tuple[GoldAnswer, ...]
    where: tuple[GoldAnswer, ...]
    when: str | None


@dataclass(frozen=True, slots=True)
class Predicted:
    """A listed answer: its name and where the brief's entities mention it."""

    name: str
    spans: tuple[Span, ...]


@dataclass(slots=True)
class EventCounts:
    """Tallies of one system on one split."""

    counts: Counter[str] = field(default_factory=Counter)

    def add_list(self, question: str, predicted: Sequence[Predicted], gold: Sequence[GoldAnswer]) -> None:
        """Precision, recall and top-answer tallies of one answer list."""
        hits = [any(matches(p, g) for g in gold) for p in predicted]
        self.counts[f"{question}_listed"] += len(predicted)
        self.counts[f"{question}_listed_right"] += sum(hits)
        self.counts[f"{question}_gold"] += len(gold)
        self.counts[f"{question}_gold_found"] += sum(any(matches(p, g) for p in predicted) for g in gold)
        if gold:
            self.counts[f"{question}_stories"] += 1
            self.counts[f"{question}_top_right"] += bool(hits) and hits[0]

    def add_date(self, predicted: str | None, gold: str | None) -> None:
        day = (predicted or "")[:10] or None
        self.counts["stories"] += 1
        self.counts["when_gold"] += gold is not None
        self.counts["when_right"] += gold is not None and day == gold
        self.counts["when_wrong"] += day is not None and day != gold

    def ratio(self, hit: str, total: str) -> float:
        return self.counts[hit] / self.counts[total] if self.counts[total] else float("nan")

    def figures(self) -> dict[str, tuple[float, int]]:
        """Metric -> (value, size); NaN where nothing was asked."""
        out: dict[str, tuple[float, int]] = {}
        for q, label in (("who", "Who"), ("where", "Where")):
            out[f"{label} precision"] = self._share(f"{q}_listed_right", f"{q}_listed")
            out[f"{label} recall"] = self._share(f"{q}_gold_found", f"{q}_gold")
            out[f"{label} top-answer accuracy"] = self._share(f"{q}_top_right", f"{q}_stories")
        out["When accuracy (stories with a gold day)"] = self._share("when_right", "when_gold")
        out["When given and wrong (share of stories)"] = self._share("when_wrong", "stories")
        return out

    def _share(self, hit: str, total: str) -> tuple[float, int]:
        return self.ratio(hit, total), self.counts[total]


# --- reading the labels ------------------------------------------------------------


def _spans(mention: Mapping[str, Any]) -> list[Span]:
    """The mention, then its alt spellings."""
    return [(str(m["side"]), int(m["start"]), int(m["end"])) for m in [mention, *mention.get("alt", [])]]


def _answer(mention: Mapping[str, Any], texts: Mapping[str, SourceText]) -> GoldAnswer:
    spans = tuple(_spans(mention))
    names = tuple(dict.fromkeys(texts[side].text[start:end] for side, start, end in spans))
    return GoldAnswer(spans, names)


def read_event_labels(data_root: Path, path: Path = LABELS_FILE) -> tuple[list[StoryEvent], list[tuple[str, str]]]:
    """The stories whose texts are unchanged since labelling, and (split, problem) per story skipped."""
    texts = allsides_texts(data_root)
    stories: list[StoryEvent] = []
    problems: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        story_texts = texts.get(int(record["story"]))
        drifted = [s for s, sha in record["docs"].items() if story_texts is None or story_texts[s].sha != sha]
        if story_texts is None or drifted:
            why = f"story {record['story']}: text of {', '.join(drifted) or 'every side'} changed; relabel it"
            problems.append((record["split"], why))
            continue
        who = tuple(_answer(m, story_texts) for m in record["who"])
        where = tuple(_answer(m, story_texts) for m in record["where"])
        stories.append(StoryEvent(int(record["story"]), record["split"], record["docs"], who, where, record["when"]))
    return stories, problems


# --- matching -----------------------------------------------------------------------


def _overlap(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def matches(predicted: Predicted, gold: GoldAnswer) -> bool:
    """A shared span first; failing that a shared content word (see the module docstring)."""
    from crossread.evaluation import _content_words

    if any(_overlap(p, g) for p in predicted.spans for g in gold.spans):
        return True
    key = predicted.name.casefold()
    if any(name.casefold() == key or name.casefold().endswith(f" {key}") for name in gold.names):
        return True  # the same name, or its qualified form ("House" / "Louisiana House")
    words = _content_words(predicted.name) - GENERIC_WORDS
    return bool(words) and any(words & _content_words(name) for name in gold.names)


def _entity_spans(entity: Entity, side_of: Mapping[str, str]) -> tuple[Span, ...]:
    return tuple((side_of[m.doc_id], m.start, m.end) for m in entity.mentions if m.doc_id in side_of)


def _place_spans(place: str, entities: Iterable[Entity], side_of: Mapping[str, str]) -> tuple[Span, ...]:
    """Mentions of the entities that bear the place's name (the brief lists places by name)."""
    key = place.casefold()
    named = [e for e in entities if key in {e.name.casefold(), *(a.casefold() for a in e.aliases)}]
    return tuple(span for e in named for span in _entity_spans(e, side_of))


def listed_answers(brief: Brief, side_of: Mapping[str, str]) -> tuple[list[Predicted], list[Predicted]]:
    """The brief's Who and Where lists, each answer with the spans that name it."""
    by_id = {e.id: e for e in brief.entities}
    actors = [by_id[a] for a in brief.event.actors if a in by_id]
    who = [Predicted(e.name, _entity_spans(e, side_of)) for e in actors]
    where = [Predicted(p, _place_spans(p, brief.entities, side_of)) for p in brief.event.places]
    return who, where


def baseline_answers(brief: Brief, side_of: Mapping[str, str]) -> tuple[list[Predicted], list[Predicted]]:
    """Most-mentioned entities: actor labels for Who, place labels for Where."""
    ranked = sorted(brief.entities, key=lambda e: -len(e.mentions))
    who = [Predicted(e.name, _entity_spans(e, side_of)) for e in ranked if e.label in ACTOR_LABELS][:BASELINE_ACTORS]
    where = [Predicted(e.name, _entity_spans(e, side_of)) for e in ranked if e.label in PLACE_LABELS][:BASELINE_PLACES]
    return who, where


# --- scoring ------------------------------------------------------------------------


def score_story(brief: Brief, gold: StoryEvent, side_of: Mapping[str, str], tallies: Mapping[str, EventCounts]) -> None:
    """Add one story's answers, the brief's and the baseline's, to ``tallies`` (system -> counts)."""
    for system, (who, where) in (
        ("crossread", listed_answers(brief, side_of)),
        ("most-mentioned names", baseline_answers(brief, side_of)),
    ):
        tallies[system].add_list("who", who, gold.who)
        tallies[system].add_list("where", where, gold.where)
    tallies["crossread"].add_date(brief.event.date, gold.when)  # the baseline names no day


def evaluate_event(
    data_root: Path, make_brief: BriefMaker, split: str, path: Path = LABELS_FILE
) -> tuple[dict[str, EventCounts], int, list[str]]:
    """Brief every labelled story of ``split`` and score its event; tallies per system, stories, problems."""
    stories, problems = read_event_labels(data_root, path)
    texts = allsides_texts(data_root)
    tallies = {system: EventCounts() for system in SYSTEMS}
    scored = 0
    for gold in (s for s in stories if s.split == split):
        documents = canonical_documents(texts[gold.story])
        side_of = {d.id: side for side, d in documents.items()}
        score_story(make_brief(list(documents.values())), gold, side_of, tallies)
        scored += 1
    return tallies, scored, [why for where, why in problems if where == split]


def run_event(ctx: EvalContext) -> list[Figure]:
    """The ``event-allsides`` task: dev (read while labelling and tuning) and test (held out), test first."""
    from crossread.evaluation import Figure, _brief_maker, _robustness

    figures: list[Figure] = []
    for split in ("test", "dev"):
        failures: list[str] = []
        tallies, stories, problems = evaluate_event(ctx.data_root, _brief_maker(ctx.nlp, failures), split)
        failures.extend(problems)  # a story whose text drifted is reported, not scored
        dataset = f"allsides judged events ({split}, {stories} stories)"
        figures.append(_robustness(_STAGE, dataset, failures, stories))
        for system, tally in tallies.items():
            for metric, (value, size) in tally.figures().items():
                if value == value:  # not NaN
                    figures.append(Figure(_STAGE, dataset, metric, system, value, size))
    return figures
