"""Contested claims judged by readers: do the brief's conflicts hold on real multi-outlet stories?

Real contradictions between outlets are rare (6 in the 48 held-out labelled
stories, none in the 64 dev ones), so conflict rules cannot be tuned on the
claim labels alone. ``eval/conflict_candidates.py`` draws candidate pairs by
relaxed rules (amounts of one kind apart beyond rounding, one unit negated or
refuting, the same quotation given to two speakers) from AllSides stories
outside every labelled split, and readers judged each pair ``conflict`` (with
its type) or ``no`` (with why: different thing, different time, rounding or
bound, compatible, agree, unclear). The file ``eval/labels/conflicts/
candidates-judged.jsonl`` holds story ids, sides, character offsets and the
judgement, never the text.

Every conflict the brief makes on those stories is then judged:

* **right** when it joins a pair a reader judged ``conflict``;
* **wrong** when it joins a pair judged ``no`` — or a pair no reader judged:
  the candidates hold every pair the relaxed rules flag, so such a conflict
  comes from a looser rule than any the readers saw, and a conflict nobody
  found real is not shown right (counted apart as ``unjudged`` too);
* **found**: the judged conflicts the brief calls contested (recall).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from crossread.evaluation.claims import canonical_documents
from crossread.evaluation.labels import allsides_texts
from crossread.model import Brief, Document

JUDGED_FILE = Path(__file__).resolve().parents[3] / "eval" / "labels" / "conflicts" / "candidates-judged.jsonl"

BriefMaker = Callable[[Sequence[Document]], Brief]
Span = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class JudgedPair:
    """Two spans of one story (side, start, end) and a reader's judgement."""

    story: int
    a: Span
    b: Span
    label: str
    type: str | None
    why: str | None

    @property
    def key(self) -> frozenset[Span]:
        return frozenset((self.a, self.b))


def read_judged(path: Path = JUDGED_FILE) -> list[JudgedPair]:
    """The judged candidate pairs, in file order."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        a, b = raw["a"], raw["b"]
        pairs.append(
            JudgedPair(
                int(raw["story"]),
                (a["side"], int(a["start"]), int(a["end"])),
                (b["side"], int(b["start"]), int(b["end"])),
                raw["label"],
                raw.get("type"),
                raw.get("why"),
            )
        )
    return pairs


def _by_story(pairs: Sequence[JudgedPair]) -> Iterator[tuple[int, list[JudgedPair]]]:
    stories: dict[int, list[JudgedPair]] = {}
    for pair in pairs:
        stories.setdefault(pair.story, []).append(pair)
    yield from sorted(stories.items())


def evaluate_judged_conflicts(data_root: Path, make_brief: BriefMaker, path: Path = JUDGED_FILE) -> tuple[Counter[str], int]:
    """Brief every judged story and judge each conflict it makes (see the module docstring); returns tallies, stories."""
    texts = allsides_texts(data_root)
    counts: Counter[str] = Counter()
    stories = 0
    for story, pairs in _by_story(read_judged(path)):
        if story not in texts:
            continue
        documents = canonical_documents(texts[story])
        side_of = {d.id: side for side, d in documents.items()}
        brief = make_brief(list(documents.values()))
        judged = {p.key: p for p in pairs}
        made: set[frozenset[Span]] = set()
        for claim in brief.claims:
            for conflict in claim.conflicts:
                x, y = conflict.units[0], conflict.units[1]
                key = frozenset(((side_of[x.doc_id], x.start, x.end), (side_of[y.doc_id], y.start, y.end)))
                made.add(key)
                counts["conflicts"] += 1
                pair = judged.get(key)
                if pair is None:
                    counts["unjudged"] += 1
                elif pair.label == "conflict":
                    counts["right"] += 1
                    counts["typed"] += pair.type == conflict.kind
                else:
                    counts["wrong"] += 1
        for pair in pairs:
            counts["judged"] += 1
            counts["judged_conflict" if pair.label == "conflict" else "judged_no"] += 1
            if pair.key in made:
                counts["found" if pair.label == "conflict" else "false_contested"] += 1
        stories += 1
    return counts, stories


def figures(counts: Counter[str]) -> dict[str, float]:
    """The judged-conflict figures (NaN where nothing was counted)."""

    def ratio(hit: float, total: float) -> float:
        return hit / total if total else float("nan")

    return {
        "contested precision (judged pairs)": ratio(counts["right"], counts["conflicts"]),
        "judged non-conflicts not called contested": ratio(counts["judged_no"] - counts["false_contested"], counts["judged_no"]),
        "judged conflicts called contested (recall)": ratio(counts["found"], counts["judged_conflict"]),
    }
