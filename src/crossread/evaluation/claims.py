"""Score a story's brief the way a careful reader judges it, against the labelled claim sets.

Each labelled AllSides story (``crossread.evaluation.labels``) is briefed from
its three canonical texts; every claim unit is mapped to the reader's facts it
covers (character overlap), and every label the brief gives is judged:

* a **corroborated** claim is right (strict) when each pair of its units from
  different sources states the same fact (a ``same`` link between their facts),
  right (lenient) when ``partial`` also counts; a **partial** claim is right
  when each pair is ``same`` or ``partial``;
* a **contested** claim is right when one of its conflicts joins two facts the
  reader marked ``conflict`` (typed right: same type too);
* a **single-source** claim is right when none of its facts is carried, in any
  words, by another source; scored for every single-source claim and for those
  the brief presents as *only here*; an **unmatched** claim (one source matched,
  related sentences elsewhere) gives no verdict and is only counted;
* **shared-fact recall**: the reader's facts that another source carries
  (a ``same`` / ``partial`` link) shown in a claim with one of those partners;
  **shared-pair recall** counts the links themselves (a fact restated in three
  sentences of another source has three); **same-fact recall** only the facts a
  reader linked ``same`` somewhere (told again, nothing added: readers use
  ``partial`` far more loosely, for an overlap of a few words up to a restatement);
* a **summary** sentence is supported when every citation's unit states the
  sentence's fact (or is it).

Units that cover no fact (section labels, cut-off fragments) are counted apart.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crossread.evaluation.labels import Fact, SourceText, StoryLabels, allsides_texts, as_read, read_labels, validate
from crossread.model import Brief, ClaimUnit, Document, content_id

# A unit covers a fact when they share this share of the shorter of the two.
FACT_OVERLAP = 0.5
RELATION_RANK = {"same": 0, "partial": 1, "conflict": 2, "related": 3, "different": 4}
LABELS_FOLDER = Path(__file__).resolve().parents[3] / "eval" / "labels" / "claims"

BriefMaker = Callable[[Sequence[Document]], Brief]


@dataclass(slots=True)
class ClaimCounts:
    """Tallies over stories (see the module docstring for each judgement)."""

    counts: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def ratio(self, hit: str, total: str) -> float:
        return self.counts[hit] / self.counts[total] if self.counts[total] else float("nan")

    def figures(self) -> dict[str, float]:
        return {
            "corroborated precision (same fact)": self.ratio("corroborated_same", "corroborated"),
            "corroborated precision (same or partial)": self.ratio("corroborated_shared", "corroborated"),
            "partial precision": self.ratio("partial_shared", "partial"),
            "shared claims precision (corroborated + partial)": self.ratio("shared_right", "shared_claims"),
            "shared-fact recall": self.ratio("shared_facts_found", "shared_facts"),
            "shared-pair recall": self.ratio("gold_shared_found", "gold_shared"),
            "same-fact recall (facts a reader linked same)": self.ratio("same_facts_found", "same_facts"),
            "contested precision": self.ratio("contested_right", "contested"),
            "contested precision (type right)": self.ratio("contested_typed", "contested"),
            "conflict recall": self.ratio("gold_conflict_found", "gold_conflict"),
            "single-source precision (only here: no related claim)": self.ratio("only_here_right", "only_here"),
            "single-source precision (all single-source claims)": self.ratio("single_right", "single_judged"),
            "only-here share of single-source claims": self.ratio("only_here", "single_judged"),
            "unmatched claims carried elsewhere (no verdict given)": self.ratio("unmatched_carried", "unmatched"),
            "only-here items that are labelled facts": 1 - self.ratio("only_here_no_fact", "only_here_shown"),
            "omits precision (the source carries none of it)": self.ratio("omits_right", "omits"),
            "omits items that are labelled facts": 1 - self.ratio("omits_no_fact", "omits_shown"),
            "summary sentences with all citations supporting": self.ratio("summary_supported", "summary"),
        }


def canonical_documents(texts: Mapping[str, SourceText]) -> dict[str, Document]:
    """side -> the Document crossread reads (``labels.as_read``: offsets equal the labels')."""
    return {
        side: Document(
            id=content_id(source.doc_key, source.text, prefix="d"),
            source_path=source.doc_key,
            text=as_read(source.text),
            kind="text",
            title=as_read(source.title),
            outlet=source.outlet,
            url=source.url or None,
        )
        for side, source in texts.items()
    }


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def facts_of(unit: ClaimUnit | tuple[str, int, int], facts: Sequence[Fact], side_of: Mapping[str, str]) -> list[Fact]:
    """The reader's facts a span covers."""
    doc, start, end = (unit.doc_id, unit.start, unit.end) if isinstance(unit, ClaimUnit) else unit
    side = side_of.get(doc)
    found = []
    for fact in facts:
        if fact.doc != side:
            continue
        shared = _overlap(start, end, fact.start, fact.end)
        if shared and shared >= FACT_OVERLAP * min(end - start, fact.end - fact.start):
            found.append(fact)
    return found


def _linked(labels: StoryLabels, relations: tuple[str, ...]) -> dict[str, set[str]]:
    """fact id -> the facts a reader linked to it by one of ``relations`` (both ways)."""
    partners: dict[str, set[str]] = {}
    for link in labels.links:
        if link.relation in relations:
            partners.setdefault(link.a, set()).add(link.b)
            partners.setdefault(link.b, set()).add(link.a)
    return partners


class _Judge:
    """Relations between facts of one story's labels."""

    def __init__(self, labels: StoryLabels) -> None:
        self.labels = labels
        self.relation: dict[frozenset[str], tuple[str, str | None]] = {}
        for link in labels.links:
            self.relation[frozenset((link.a, link.b))] = (link.relation, link.type)
        # fact id -> the facts of other documents that carry it (a ``same`` or ``partial`` link)
        self.partners = _linked(labels, ("same", "partial"))
        self.shared_facts = set(self.partners)
        # fact id -> the facts of other documents that tell it again (a ``same`` link)
        self.same_partners = _linked(labels, ("same",))

    def between(self, a: Sequence[Fact], b: Sequence[Fact]) -> str:
        """The closest relation between any fact of ``a`` and any of ``b``."""
        best = "different"
        for x, y in itertools.product(a, b):
            if x.id == y.id:
                return "same"
            relation = self.relation.get(frozenset((x.id, y.id)), ("different", None))[0]
            if RELATION_RANK[relation] < RELATION_RANK[best]:
                best = relation
        return best

    def conflict_type(self, a: Sequence[Fact], b: Sequence[Fact]) -> str | None:
        for x, y in itertools.product(a, b):
            relation, kind = self.relation.get(frozenset((x.id, y.id)), ("different", None))
            if relation == "conflict":
                return kind or "conflict"
        return None


def score_brief(brief: Brief, labels: StoryLabels, side_of: Mapping[str, str], tally: ClaimCounts) -> None:
    """Judge every label of one brief against one story's labels (adds to ``tally``)."""
    judge = _Judge(labels)
    facts = labels.facts
    counts = tally.counts
    found_pairs: set[frozenset[str]] = set()
    for claim in brief.claims:
        units = [(u, facts_of(u, facts, side_of)) for u in claim.units]
        cross = [(a, b) for a, b in itertools.combinations(units, 2) if a[0].doc_id != b[0].doc_id]
        relations = [judge.between(fa, fb) for (_a, fa), (_b, fb) in cross if fa and fb]
        if claim.status != "single_source":
            for (_a, fa), (_b, fb) in cross:
                for x, y in itertools.product(fa, fb):
                    found_pairs.add(frozenset((x.id, y.id)))
        if claim.status in ("corroborated", "partial") and not relations:
            counts["shared_no_fact"] += 1  # only spans the reader marked no fact in (cut-off fragments)
            tally.confusion[(claim.status, "no fact")] += 1
        elif claim.status in ("corroborated", "partial"):
            counts["shared_claims"] += 1
            shared = bool(relations) and all(r in ("same", "partial") for r in relations)
            counts["shared_right"] += shared
            verdict = (
                "no fact"
                if not relations
                else min(relations, key=RELATION_RANK.__getitem__)
                if shared
                else max(relations, key=RELATION_RANK.__getitem__)
            )
            tally.confusion[(claim.status, verdict)] += 1
            if claim.status == "corroborated":
                counts["corroborated"] += 1
                counts["corroborated_same"] += bool(relations) and all(r == "same" for r in relations)
                counts["corroborated_shared"] += shared
            else:
                counts["partial"] += 1
                counts["partial_shared"] += shared
        elif claim.status == "contested":
            counts["contested"] += 1
            kinds = []
            for conflict in claim.conflicts:
                a, b = conflict.units[0], conflict.units[1]
                kind = judge.conflict_type(facts_of(a, facts, side_of), facts_of(b, facts, side_of))
                if kind is not None:
                    kinds.append((kind, conflict.kind))
            counts["contested_right"] += bool(kinds)
            counts["contested_typed"] += any(gold == ours for gold, ours in kinds)
            tally.confusion[
                (
                    "contested",
                    "conflict" if kinds else (min(relations, key=RELATION_RANK.__getitem__) if relations else "no fact"),
                )
            ] += 1
        elif claim.status == "unmatched":  # no verdict given: counted, never judged right or wrong
            unit_facts = [f for _u, fs in units for f in fs]
            carried = any(f.id in judge.shared_facts for f in unit_facts)
            counts["unmatched"] += 1
            counts["unmatched_carried"] += carried
            tally.confusion[("unmatched", "no fact" if not unit_facts else "carried elsewhere" if carried else "only here")] += 1
        else:
            unit_facts = [f for _u, fs in units for f in fs]
            if not unit_facts:
                counts["single_no_fact"] += 1
                tally.confusion[("single_source", "no fact")] += 1
                continue
            counts["single_judged"] += 1
            carried = any(f.id in judge.shared_facts for f in unit_facts)
            counts["single_right"] += not carried
            tally.confusion[("single_source", "carried elsewhere" if carried else "only here")] += 1
    _score_views(brief, judge, side_of, counts)
    for name, partners in (("shared_facts", judge.partners), ("same_facts", judge.same_partners)):
        for fact_id, others in partners.items():
            counts[name] += 1
            counts[f"{name}_found"] += any(frozenset((fact_id, o)) in found_pairs for o in others)
    for link in labels.links:
        pair = frozenset((link.a, link.b))
        if link.relation in ("same", "partial"):
            counts["gold_shared"] += 1
            counts["gold_shared_found"] += pair in found_pairs
        elif link.relation == "conflict":
            counts["gold_conflict"] += 1
            counts["gold_conflict_found"] += any(
                pair == frozenset((x.id, y.id))
                for claim in brief.claims
                for conflict in claim.conflicts
                for x in facts_of(conflict.units[0], facts, side_of)
                for y in facts_of(conflict.units[1], facts, side_of)
            )
    _score_summary(brief, judge, side_of, counts)


def _score_views(brief: Brief, judge: _Judge, side_of: Mapping[str, str], counts: Counter[str]) -> None:
    """Each source's *only here* and *omits* lists as the brief shows them.

    An only-here claim is right when none of its facts is carried by another
    source; an omitted claim is right when none of its facts is carried, in any
    words, by the source said to omit it. Items covering no labelled fact are
    counted apart (the non-claims a reader would strike from the list).
    """
    facts = judge.labels.facts
    by_id = {c.id: c for c in brief.claims}
    side_of_fact = {f.id: f.doc for f in facts}

    def tally(name: str, claim_ids: Sequence[str], right: Callable[[list[Fact]], bool]) -> None:
        for cid in claim_ids:
            claim_facts = [f for u in by_id[cid].units for f in facts_of(u, facts, side_of)]
            counts[f"{name}_shown"] += 1
            if not claim_facts:
                counts[f"{name}_no_fact"] += 1
                continue
            counts[name] += 1
            counts[f"{name}_right"] += right(claim_facts)

    for view in brief.per_source:
        side = side_of.get(view.doc_id, view.doc_id)
        tally("only_here", view.only_here, lambda fs: not any(f.id in judge.shared_facts for f in fs))

        def not_carried_here(fs: list[Fact], side: str = side) -> bool:
            return not any(side_of_fact.get(p) == side for f in fs for p in judge.partners.get(f.id, ()))

        tally("omits", view.omits, not_carried_here)


def _score_summary(brief: Brief, judge: _Judge, side_of: Mapping[str, str], counts: Counter[str]) -> None:
    facts = judge.labels.facts
    texts = {d.document.id: d.document.text for d in brief.documents}
    for sentence in brief.summary:
        own = next(
            (c for c in sentence.citations if texts.get(c.doc_id, "")[c.start : c.end] == sentence.text), sentence.citations[0]
        )
        own_facts = facts_of((own.doc_id, own.start, own.end), facts, side_of)
        counts["summary"] += 1
        supported = True
        for citation in sentence.citations:
            if citation == own:
                continue
            cited = facts_of((citation.doc_id, citation.start, citation.end), facts, side_of)
            if not own_facts or not cited or judge.between(own_facts, cited) not in ("same", "partial"):
                supported = False
        counts["summary_supported"] += supported


def evaluate_claims(data_root: Path, make_brief: BriefMaker, split: str, folder: Path = LABELS_FOLDER) -> tuple[ClaimCounts, int]:
    """Brief every labelled story of ``split`` ("test", or several: "test+testx") and judge it; returns tallies, story count."""
    texts = allsides_texts(data_root)
    tally = ClaimCounts()
    stories = 0
    for labels in _labels_of(folder, split):
        story_texts = texts.get(labels.story)
        if story_texts is None:
            continue
        problems = validate(labels, story_texts)
        if problems:
            tally.errors.extend(problems)
            continue
        documents = canonical_documents(story_texts)
        side_of = {d.id: side for side, d in documents.items()}
        brief = make_brief(list(documents.values()))
        score_brief(brief, labels, side_of, tally)
        stories += 1
    return tally, stories


def _labels_of(folder: Path, split: str) -> Iterable[StoryLabels]:
    splits = set(split.split("+"))
    return sorted((labels for labels in read_labels(folder) if labels.split in splits), key=lambda s: s.story)
