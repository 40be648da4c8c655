"""summarize: an extractive, cited summary of a story.

Needs the claims (with their match evidence), the claim units with their
features and the story's main actors. Every summary sentence is a source
sentence (or clause) quoted as written — nothing any source does not say —
with its consensus label and citations: its own span, and each other unit of
its claim that the matcher judged to state the same fact as this sentence
(``same`` or ``partial`` evidence with it). A unit that only joined the claim
through another member is not cited, and the label follows what remains. The
main event leads (the facts several sources share, corroborated or partly, in
the lead source's order), then contested facts, then the most salient facts
only one source was matched on (single-source or unmatched).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from crossread.model import ONE_SOURCE_STATUSES, Citation, Claim, ClaimStatus, ClaimUnit, SummarySentence
from crossread.units import Unit

# 5-10 sentences: enough to cover a story's corroborated core and its notable
# single-source facts without turning into a second article.
MIN_SENTENCES = 5
MAX_SENTENCES = 8
# A unit sharing more than this share of features with a chosen one repeats it. Measured and
# not kept: also skipping a one-source claim that is ``related`` to a chosen one (an audit saw a
# summary tell one meeting four times): summaries lose facts, not repeats (NeuS ROUGE-1 0.417 ->
# 0.394, ROUGE-2 0.186 -> 0.172; MultiLing ROUGE-1 0.439 -> 0.417).
REDUNDANCY_JACCARD = 0.5
# Another source's sentence the matcher scores this close to a chosen one tells the same fact in other
# words, though below the floor that makes them one claim (two fresh audits: "one fact appears two or
# three times", each "undecided": "The Supreme Court upheld a pair of Arizona voting rules" beside "The
# Supreme Court said two provisions of an Arizona voting law … do not violate …", 0.72).
PARAPHRASE_SCORE = 0.6
# A headline whose words a chosen sentence mostly holds repeats it ("Court sides with officers in two
# immunity cases" beside the lead "The Court issued two opinions applying immunity to …"): three of
# twelve audited summaries told their main event twice so. Headlines are weighed after body sentences
# of the same rank, so the sentence that tells the fact in full comes first.
HEADLINE_CONTAINED = 0.5
# Units longer than this read as a paragraph, not a summary sentence.
MAX_UNIT_WORDS = 45
# What several sources share leads, whether or not one adds to it: "corroborated" now needs
# nothing added on either side (compare.match.adds_nothing) and is rare, so ranking it above
# "partial" would only reorder the shared core (multiling ROUGE-2 0.147 vs 0.152 together).
STATUS_ORDER = {"corroborated": 0, "partial": 0, "contested": 2, "single_source": 3, "unmatched": 3}
# Out of context, a sentence that opens with a bare pronoun or a first-person
# quote misleads: "He added…", "We are working on it."
CONTEXT_DEPENDENT = re.compile(r"^\W*(?:he|she|they|it|this|that|these|those|we|i|our|my|us)\b", re.IGNORECASE)


def _salience(unit: Unit, actors: Collection[str]) -> float:
    """How much a unit says about the story: actors, figures, dates, lead position."""
    lead_bonus = 2.0 if unit.position < 3 else 0.0
    return 2.0 * len(unit.entities & set(actors)) + len(unit.numbers) + len(unit.dates) + lead_bonus + 0.1 * len(unit.features)


def _readable(unit: Unit, last: bool = False) -> bool:
    """A proposition (it has a predicate) that reads alone: not a byline, a pronoun-led fragment,
    a clause cut from the middle of its sentence ("risks are rising, according to …"), or, as
    the ``last`` unit of its document, a sentence the source cuts off ("… told reporters
    that..."; an ellipsis inside a text is a speaker trailing off, and stays); nor a question
    ("Are you worried about your supply?"), which asks and states nothing."""
    words = unit.text.split()
    standalone = not CONTEXT_DEPENDENT.match(unit.text) and unit.text[0] not in "\"“«'" and not unit.text[0].islower()
    ending = unit.text.rstrip(" \"”’'")
    cut_off = last and ending.endswith(("...", "…"))
    question = ending.endswith("?")
    # nor a line that only introduces what follows, nor an explainer's title (``Unit.introduces_only``)
    states = not unit.introduces_only
    return 6 <= len(words) <= MAX_UNIT_WORDS and standalone and not cut_off and not question and states and bool(unit.predicate)


def _representative(
    claim: Claim, units_by_span: dict[tuple[str, int, int], Unit], actors: Collection[str], last_end: dict[str, int]
) -> Unit | None:
    candidates = [units_by_span[(u.doc_id, u.start, u.end)] for u in claim.units]
    readable = [u for u in candidates if _readable(u, last=u.end == last_end.get(u.doc_id))]
    if claim.status in ONE_SOURCE_STATUSES:
        # A headline one source alone was matched on restates its own lead, which the
        # summary tells in a sentence (the title "Charges against X dismissed" beside the
        # lead "X's indictment was dismissed by a judge who …").
        readable = [u for u in readable if not u.headline]
    # A body sentence tells the fact in full; the title only when no body sentence reads alone.
    return max(readable, key=lambda u: (not u.headline, _salience(u, actors), -len(u.text)), default=None)


def _jaccard(a: Unit, b: Unit) -> float:
    x, y = set(a.features), set(b.features)
    return len(x & y) / max(len(x | y), 1)


def _contained(headline: Unit, sentence: Unit) -> float:
    """The share of a headline's features a sentence holds."""
    words = set(headline.features)
    return len(words & set(sentence.features)) / max(len(words), 1)


def _repeats(unit: Unit, chosen: Sequence[tuple[Claim, Unit]], similar: Callable[[Unit, Unit], float]) -> bool:
    if any(_jaccard(unit, other) > REDUNDANCY_JACCARD for _c, other in chosen):
        return True
    if any(other.doc_id != unit.doc_id and similar(unit, other) >= PARAPHRASE_SCORE for _c, other in chosen):
        return True
    return unit.headline and any(_contained(unit, other) >= HEADLINE_CONTAINED for _c, other in chosen)


def summarize(
    claims: Sequence[Claim], units: Sequence[Unit], actors: Collection[str], pair_score: Callable[[int, int], float] | None = None
) -> list[SummarySentence]:
    """Pick 5-8 cited sentences: corroborated core, contested facts, then salient single-source facts
    (``pair_score``: the matcher's score of two units by index, to leave out another source's paraphrase)."""
    units_by_span = {(u.doc_id, u.start, u.end): u for u in units}
    index = {id(u): k for k, u in enumerate(units)}

    def similar(a: Unit, b: Unit) -> float:
        return pair_score(index[id(a)], index[id(b)]) if pair_score is not None else 0.0

    last_end: dict[str, int] = {}
    for u in units:
        last_end[u.doc_id] = max(last_end.get(u.doc_id, 0), u.end)
    ranked: list[tuple[tuple[float, ...], Claim, Unit]] = []
    for claim in claims:
        unit = _representative(claim, units_by_span, actors, last_end)
        if unit is None:
            continue
        ranked.append(((STATUS_ORDER[claim.status], unit.headline, -len(claim.sources), -_salience(unit, actors)), claim, unit))
    ranked.sort(key=lambda item: item[0])
    chosen: list[tuple[Claim, Unit]] = []
    for _key, claim, unit in ranked:
        if len(chosen) >= MAX_SENTENCES:
            break
        if claim.status in ONE_SOURCE_STATUSES and len(chosen) >= MIN_SENTENCES and _salience(unit, actors) < 4:
            continue
        if _repeats(unit, chosen, similar):
            continue
        chosen.append((claim, unit))
    # Read in story order within each status block: core first, then the rest.
    lead_doc = chosen[0][1].doc_id if chosen else ""
    chosen.sort(key=lambda cu: (STATUS_ORDER[cu[0].status], cu[1].doc_id != lead_doc, cu[1].position))
    return [_sentence(claim, unit) for claim, unit in chosen]


def supporting_units(claim: Claim, own: ClaimUnit) -> list[ClaimUnit]:
    """The claim's units that state the same fact as ``own`` by the matcher's evidence (``own`` first)."""
    supporting = [own]
    for evidence in claim.evidence:
        if evidence.relation not in ("same", "partial") or own not in evidence.units:
            continue
        other = evidence.units[1] if evidence.units[0] == own else evidence.units[0]
        if other not in supporting:
            supporting.append(other)
    return supporting


def _sentence(claim: Claim, unit: Unit) -> SummarySentence:
    """A summary sentence citing only the units that support it; its label follows them."""
    own = unit.as_claim_unit()
    cited = supporting_units(claim, own) if claim.status not in ONE_SOURCE_STATUSES else list(claim.units)
    relations = {e.relation for e in claim.evidence if own in e.units and (e.units[0] in cited and e.units[1] in cited)}
    status: ClaimStatus = claim.status
    if claim.status in ("corroborated", "partial"):
        same = claim.status == "corroborated" and relations == {"same"}
        # alone among its claim's units: other sources carry the claim, only not matched to this unit
        status = "unmatched" if len(cited) == 1 else "corroborated" if same else "partial"
    return SummarySentence(unit.text, status, claim.id, tuple(Citation(u.doc_id, u.start, u.end) for u in cited))
