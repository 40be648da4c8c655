"""compare: claims across the sources of one story — same facts, partial ones, conflicts, omissions.

Needs the analyzed documents of one story, the linked entities, the
syndication chains (document -> chain id: copies of one text are one source),
a spaCy pipeline (the frames come from a parse of the clean text) and a
sentence embedder. The steps, each a sub-module:

1. ``units`` — claim units: whole propositions with their frames;
2. ``match`` — learned pair scores (over ``align``'s lexical similarity, the
   embeddings and the frames), a global assignment per story, claims as unit
   groups, related pairs; ``copies`` — documents that share sentences of
   one wire text in the same words join one chain (one source);
3. ``conflicts`` — typed disagreements, only between units matched as one fact;
   ``tolls`` — one toll (deaths, injuries, arrests) given different figures by
   units the matcher left apart, said in their claims' notes (no verdict);
4. statuses (here): ``corroborated`` (two or more independent sources state the
   same fact), ``partial`` (they overlap: one adds to it, states it with
   another precision, or announces what the other reports as done),
   ``single_source`` (one source, and nothing related in any other),
   ``unmatched`` (no other source matched, but related sentences there: no
   verdict), ``contested``; every matched pair carries its evidence;
5. per source: what only it reports, what it omits that others carry, which
   actors and themes it foregrounds;
6. ``quotes`` — quotations across sources.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from crossread.coverage import alone_status, coverage
from crossread.headlines import headline_end
from crossread.model import AnalyzedDocument, Claim, ClaimStatus, Entity, MatchEvidence, Prominence, SourceView, content_id
from crossread.paragraphs import parse_texts
from crossread.parses import model_id, unpack
from crossread.stages.compare.conflicts import find_conflicts
from crossread.stages.compare.copies import copied_chains
from crossread.stages.compare.match import (
    SAME_FACT_SCORE,
    Alignment,
    Matcher,
    align_story,
    evidence_for,
    frames_agree,
    load_matcher,
    wordllama_embedder,
)
from crossread.stages.compare.quotes import compare_quotes, quote_relation, said_before_event
from crossread.stages.compare.tolls import note_tolls
from crossread.stages.compare.units import claim_units
from crossread.units import Embedder, Unit, source_numbers

__all__ = ["claim_units", "compare", "compare_quotes", "quote_relation", "said_before_event"]

# A name of these kinds met only in a title-case headline is how the parser reads capitals there,
# not an actor the source puts first.
TITLE_NOISE_LABELS = frozenset({"WORK_OF_ART", "LAW", "EVENT"})
# Lead sentences weigh more for what a source foregrounds (inverted pyramid).
LEAD_SENTENCES = 3
LEAD_WEIGHT = 2.0
TOP_FOREGROUNDS = 5

SpokenBy = Callable[[Unit], tuple[str | None, str | None]]


def _spoken_by(quote_speakers: Mapping[tuple[str, int, int], str], texts: Mapping[str, str]) -> SpokenBy:
    """A unit -> (speaker entity id, quoted words) of the quotation it overlaps, if any."""
    by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for (doc, start, end), speaker in quote_speakers.items():
        by_doc[doc].append((start, end, speaker))

    def lookup(unit: Unit) -> tuple[str | None, str | None]:
        for start, end, speaker in by_doc.get(unit.doc_id, ()):
            if start < unit.end and unit.start < end:
                return speaker, texts[unit.doc_id][start:end]
        return None, None

    return lookup


def _status_and_note(
    members: Sequence[int], units: Sequence[Unit], alignment: Alignment, matcher: Matcher, labels: Mapping[str, int]
) -> tuple[ClaimStatus, str]:
    """corroborated when every cross-source pair is the same fact (``Alignment.relation``) in one modality, else partial."""
    cross = [(i, j) for k, i in enumerate(members) for j in members[k + 1 :] if units[i].doc_id != units[j].doc_id]
    note = ""
    # What is told as planned in one source and as done in another ("will travel" / "arrived"):
    # the modality of what is said, not of the saying ("said they will meet" is planned), and
    # never of words inside quotation marks, whose tense is the speaker's. An audit read the
    # former "announced by [1], reported as said by [2]" six times in six as wrong: it fired
    # on "seek", "expected to", a quoted "will not" and reported plans, and read as naming who
    # announced.
    told: dict[str, set[str]] = defaultdict(set)
    for i in members:
        unit = units[i]
        if unit.quoted:
            continue
        # A plan may be the source's or someone's it reports ("said they will meet"); a deed is
        # told as done only in the source's own voice ("arrived"), not inside a report, whose
        # first clause may be another fact ("say they have agreed …, and they'll meet …").
        if unit.told == "planned":
            told["planned"].add(f"[{labels[unit.doc_id]}]")
        elif unit.modality == "happened":
            told["happened"].add(f"[{labels[unit.doc_id]}]")
    if told["planned"] and told["happened"]:
        return (
            "partial",
            f"told as planned in {' '.join(sorted(told['planned']))}, as done in {' '.join(sorted(told['happened']))}",
        )
    if any(not frames_agree(units[i], units[j], alignment.common) for i, j in cross):
        # At most partial when the parse backs a pair with no frame slot, but no note says so: its
        # notes ("overlap in wording only", then "crossread's parse found no shared predicate …")
        # were read as wrong or misleading 9 times in 10 by three audits (the small parse misses
        # or keys differently the subject, predicate or amount a reader sees shared).
        return "partial", note
    if all(alignment.relation(units, i, j, matcher) == "same" for i, j in cross):
        return "corroborated", note
    return "partial", "the sources overlap: one adds to the fact or states it with another precision"


def build_claims(
    units: Sequence[Unit],
    alignment: Alignment,
    matcher: Matcher,
    chains: Mapping[str, str],
    spoken_by: SpokenBy,
    entities: Sequence[Entity],
) -> list[Claim]:
    """Claims from the aligned groups; sources count syndication chains, not documents."""
    names = {e.id: e for e in entities}
    labels = source_numbers(units)
    claim_of: dict[int, str] = {}
    drafts = []
    for group in alignment.groups:
        members = sorted(group, key=lambda i: labels[units[i].doc_id])
        claim_units = tuple(units[i].as_claim_unit() for i in members)
        claim_id = content_id(*(f"{u.doc_id}:{u.start}:{u.end}" for u in claim_units), prefix="c")
        for i in members:
            claim_of.setdefault(i, claim_id)
        drafts.append((claim_id, members, claim_units))
    # each unit's related units with the pair's score (``alignment.pair_score`` of the pair, read once here)
    related_to: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, score in alignment.related:
        related_to[i][j] = score
        related_to[j][i] = score
    claims = []
    for claim_id, members, claim_units in drafts:
        by_chain: dict[str, str] = {}
        for i in members:
            by_chain.setdefault(chains.get(units[i].doc_id, units[i].doc_id), units[i].doc_id)
        closeness: dict[str, float] = {}
        for i in members:
            for j, score in related_to.get(i, {}).items():
                other = claim_of.get(j)
                if other is not None and other != claim_id:
                    closeness[other] = max(closeness.get(other, 0.0), score)
        related = sorted(closeness, key=lambda c: (-closeness[c], c))  # closest first
        status: ClaimStatus = alone_status(claim_units, max(closeness.values(), default=0.0))
        copies = len({units[i].doc_id for i in members})
        note = f"printed by {copies} documents in the same words: copies of one text count as one source" if copies > 1 else ""
        evidence: list[MatchEvidence] = []
        conflicts = []
        if len(by_chain) > 1:
            status, note = _status_and_note(members, units, alignment, matcher, labels)
            for k, i in enumerate(members):
                for j in members[k + 1 :]:
                    if chains.get(units[i].doc_id, units[i].doc_id) == chains.get(units[j].doc_id, units[j].doc_id):
                        continue
                    relation = alignment.relation(units, i, j, matcher)
                    evidence.append(evidence_for(alignment, units, i, j, relation, names))
                    (speaker_a, quote_a), (speaker_b, quote_b) = spoken_by(units[i]), spoken_by(units[j])
                    relation_q = quote_relation(quote_a, quote_b) if quote_a and quote_b else None
                    # a value compared only between units matched as one fact at a near-certain score
                    matched = alignment.pair_score(i, j) >= SAME_FACT_SCORE
                    conflicts += find_conflicts(units[i], units[j], (speaker_a, speaker_b), relation_q, names, matched)
            if conflicts:
                status = "contested"
        claims.append(
            Claim(
                claim_id,
                status,
                tuple(sorted(by_chain.values())),
                claim_units,
                tuple(conflicts),
                tuple(evidence),
                tuple(related),
                note,
            )
        )
    return claims


def _theme_words(units: Sequence[Unit]) -> tuple[dict[str, Counter[str]], Counter[str]]:
    """Per document and for the whole story, how often each candidate theme lemma occurs (read once per story)."""
    by_doc: dict[str, Counter[str]] = defaultdict(Counter)
    for unit in units:
        by_doc[unit.doc_id].update(f for f in unit.features if ":" not in f and not f.isdigit() and len(f) > 2)
    story: Counter[str] = Counter()
    for counts in by_doc.values():
        story.update(counts)
    return by_doc, story


def _themes(
    units: Sequence[Unit], doc_id: str, words: tuple[dict[str, Counter[str]], Counter[str]] | None = None
) -> list[tuple[str, float]]:
    """Lemmas this document uses far more than the others (log-odds with add-one; ``words``: ``_theme_words(units)``)."""
    by_doc, story = words if words is not None else _theme_words(units)
    here = by_doc.get(doc_id, Counter())
    elsewhere = Counter({lemma: story[lemma] - here[lemma] for lemma in here})  # only the lemmas scored below
    total_here = sum(here.values()) + 1
    total_else = sum(story.values()) - (total_here - 1) + 1
    scored = [
        (lemma, count * math.log(((count + 1) / total_here) / ((elsewhere[lemma] + 1) / total_else)))
        for lemma, count in here.items()
        if count >= 2
    ]
    return sorted((s for s in scored if s[1] > 0), key=lambda s: -s[1])


def foregrounds(
    analyzed: AnalyzedDocument,
    units: Sequence[Unit],
    entities: Sequence[Entity],
    words: tuple[dict[str, Counter[str]], Counter[str]] | None = None,
) -> list[Prominence]:
    """Actors (by mention count, lead mentions weighted) and themes this source puts first (``words``: ``_theme_words``)."""
    doc_id = analyzed.document.id
    lead_end = analyzed.sentences[min(LEAD_SENTENCES, len(analyzed.sentences)) - 1].end if analyzed.sentences else 0
    weights: dict[str, float] = defaultdict(float)
    names = {e.id: e.name for e in entities}
    title_end = headline_end(analyzed)
    for entity in entities:
        here = [m for m in entity.mentions if m.doc_id == doc_id]
        if entity.label in TITLE_NOISE_LABELS and all(m.end <= title_end for m in here):
            continue  # a title-case headline read as a work's title ("The World Saw How Much It Runs on Them")
        for mention in here:
            weights[entity.id] += LEAD_WEIGHT if mention.start < lead_end else 1.0
    total = sum(weights.values()) or 1.0
    top = sorted(weights.items(), key=lambda item: -item[1])[:TOP_FOREGROUNDS]
    actors = [Prominence("actor", names[e], round(w / total, 3), e) for e, w in top]
    themes = _themes(units, doc_id, words)[:TOP_FOREGROUNDS]
    theme_total = sum(w for _t, w in themes) or 1.0
    return actors + [Prominence("theme", t, round(w / theme_total, 3)) for t, w in themes]


def source_views(
    documents: Sequence[AnalyzedDocument],
    claims: Sequence[Claim],
    units: Sequence[Unit],
    entities: Sequence[Entity],
    chains: Mapping[str, str],
) -> list[SourceView]:
    """Per source: only here, omitted (see ``coverage``), foregrounded."""
    views = []
    words = _theme_words(units)  # once per story, not once per source
    for analyzed in documents:
        only_here, omits = coverage(claims, analyzed.document.id, chains)
        views.append(
            SourceView(analyzed.document.id, tuple(only_here), tuple(omits), tuple(foregrounds(analyzed, units, entities, words)))
        )
    return views


def stored_or_fresh_parses(documents: Sequence[AnalyzedDocument], nlp: Language) -> list[Doc]:
    """Each document's parse: the one ingest stored when the same pipeline made it, else parsed now (in one pipe)."""
    model = model_id(nlp)
    parses: list[Doc | None] = [unpack(d.parse, nlp.vocab) if d.parse and d.parse_model == model else None for d in documents]
    missing = [(documents[i].document.text, i) for i, doc in enumerate(parses) if doc is None]
    for doc, index in parse_texts(missing, nlp):  # as ingest parses: paragraph by paragraph
        parses[index] = doc
    return [doc for doc in parses if doc is not None]


def compare(
    documents: Sequence[AnalyzedDocument],
    entities: Sequence[Entity],
    chains: Mapping[str, str],
    nlp: Language,
    quote_speakers: Mapping[tuple[str, int, int], str] | None = None,
    embed: Embedder | None = None,
    matcher: Matcher | None = None,
) -> tuple[list[Claim], list[SourceView], list[Unit], dict[str, str], Callable[[int, int], float]]:
    """Claims across the story's documents, what each source carries and omits, the chains (copies joined),
    and the matcher's score of any two units (by their index in the units)."""
    parses = stored_or_fresh_parses(documents, nlp)
    units = claim_units(documents, parses, entities)
    matcher = matcher or load_matcher()
    alignment = align_story(units, embed or wordllama_embedder(), matcher)
    chains = copied_chains(units, alignment.score, chains, documents)
    texts = {d.document.id: d.document.text for d in documents}
    claims = build_claims(units, alignment, matcher, chains, _spoken_by(quote_speakers or {}, texts), entities)
    claims = note_tolls(claims, units, documents, parses, chains, entities)
    return claims, source_views(documents, claims, units, entities, chains), units, chains, alignment.pair_score
