"""compare: claims aligned across sources, their status and conflicts, per-source views.

Needs the analyzed documents of one story, the linked entities, the
syndication chains (document -> chain id: copies of one text are one source)
and a spaCy pipeline (lemmas, negation and clause structure come from a parse
of the clean text). Adds:

1. claim units: sentences split at semicolons and between coordinated clauses
   that have their own subject;
2. alignment: units of different documents are compared on TF-IDF weighted
   features — content lemmas, linked entity ids (so "Lukashenka" matches
   "Lukashenko"), numbers and dates — optionally blended with sentence
   embeddings; pairs above a threshold are grouped greedily, best first, never
   two units of one document in one group;
3. status: corroborated (two or more independent sources), single_source, or
   contested with typed conflicts (number, date, attribution, negation, name);
4. per source: what only it reports, what it omits that others carry, which
   actors and themes it foregrounds.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from crossread.model import (
    AnalyzedDocument,
    BriefQuote,
    Claim,
    ClaimStatus,
    Conflict,
    Entity,
    Prominence,
    QuoteMatch,
    SourceView,
    content_id,
)
from crossread.stages.align import Embedder, Unit, align_units, similarity_matrix

# --- tuning constants -------------------------------------------------------
# Units shorter than this carry no checkable claim ("He added.").
MIN_UNIT_WORDS = 4
# Two numbers about the same thing differ when apart by more than 1%.
NUMBER_TOLERANCE = 0.01
# Lead sentences weigh more for what a source foregrounds (inverted pyramid).
LEAD_SENTENCES = 3
LEAD_WEIGHT = 2.0
TOP_FOREGROUNDS = 5
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
# Words by which a source says a claim is untrue: one source carrying the claim
# and another refuting it is a conflict (FNC-1 "disagree" bodies use these).
REFUTATION_LEMMAS = frozenset(
    {"deny", "denial", "refute", "debunk", "false", "fake", "hoax", "untrue", "baseless", "unfounded",
     "fabricate", "fabricated", "misleading", "rumor", "rumour", "dismiss", "disprove", "retract"}
)  # fmt: skip
# Dependencies whose words carry a fact: the verbs, their subjects and objects
# (a word only in a modifier, "victims of human trafficking", is theme, not fact).
CORE_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "dobj", "attr", "oprd", "xcomp", "ccomp", "advcl", "relcl", "acomp"})
LIGHT_VERBS = frozenset({"be", "have", "do", "say", "make", "take", "get", "go", "will", "would"})


def _entity_index(entities: Sequence[Entity]) -> dict[str, list[tuple[int, int, Entity]]]:
    index: dict[str, list[tuple[int, int, Entity]]] = defaultdict(list)
    for entity in entities:
        for mention in entity.mentions:
            index[mention.doc].append((mention.start, mention.end, entity))
    return index


def _entity_at(index: Sequence[tuple[int, int, Entity]], start: int, end: int) -> Entity | None:
    for m_start, m_end, entity in index:
        if m_start < end and start < m_end:
            return entity
    return None


def _is_own_clause(token: Token) -> bool:
    """A coordinated verb with its own subject: "X met Y and Z said …"."""
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    return token.pos_ in ("VERB", "AUX") and own_subject and token.head.dep_ == "ROOT"


def _is_own_object(token: Token) -> bool:
    """A coordinated object noun with its own determiner: "… relations and the exchange of ambassadors"."""
    has_determiner = any(c.dep_ in ("det", "poss") for c in token.children)
    has_complement = any(c.dep_ in ("prep", "acl", "relcl") for c in token.children)
    head_complement = any(c.dep_ in ("prep", "acl", "relcl") for c in token.head.children)
    return (
        token.pos_ in ("NOUN", "PROPN")
        and has_determiner
        and has_complement
        and head_complement
        and token.head.dep_ in ("dobj", "pobj", "attr")
    )


def _clause_bounds(sentence: Span) -> list[tuple[int, int]]:
    """Token ranges of the claim units in a sentence: one fact each where the parse shows it."""
    cuts = {t.i + 1 for t in sentence if t.text == ";"}
    for token in sentence:
        if token.dep_ == "conj" and (_is_own_clause(token) or _is_own_object(token)):
            left = token.left_edge.i
            cc = [c for c in token.head.children if c.dep_ == "cc" and c.i < left]
            cuts.add(cc[-1].left_edge.i if cc else left)
    bounds = []
    previous = sentence.start
    for cut in sorted(c for c in cuts if sentence.start < c < sentence.end):
        bounds.append((previous, cut))
        previous = cut
    bounds.append((previous, sentence.end))
    return bounds


LEADING_CONJUNCTION = re.compile(r"^(?:(?:and|or|but|as well as)\b[\s,]*)+", re.IGNORECASE)
# A closing quote mark left over from the previous paragraph: '"\n\nAAP reports …'.
LEADING_STRAY = re.compile(r"^[\"\u201d\u2019'\s]*\n\s*")


def _leading_junk(text: str) -> int:
    """Characters to drop from a unit's start: a stray closing quote, a coordinating conjunction."""
    stray = LEADING_STRAY.match(text)
    skip = stray.end() if stray else 0
    conjunction = LEADING_CONJUNCTION.match(text[skip:])
    return skip + (conjunction.end() if conjunction else 0)


def _unit_from_tokens(doc: Doc, analyzed: AnalyzedDocument, first: int, last: int, position: int) -> Unit | None:
    span = doc[first:last]
    text = analyzed.document.text
    start, end = span.start_char, span.end_char
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    start += _leading_junk(text[start:end])
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    if sum(t.is_alpha for t in span) < MIN_UNIT_WORDS:
        return None
    return Unit(analyzed.document.id, start, end, text[start:end], position)


def _describe(unit: Unit, doc: Doc, analyzed: AnalyzedDocument, entity_index: Sequence[tuple[int, int, Entity]]) -> None:
    """Fill a unit's features: lemmas, entity ids, numbers, dates, negation, titled persons."""
    span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    for token in tokens:
        entity = _entity_at(entity_index, token.idx, token.idx + len(token))
        if entity is not None:
            unit.entities.add(entity.id)
            if entity.label == "PERSON":
                title = _title_before(token)
                if title:
                    unit.titled_persons[title] = entity.id
            continue
        lemma = token.lemma_.lower()
        if token.pos_ in CONTENT_POS and not token.is_stop and (token.is_alpha or token.like_num):
            unit.features.append(lemma)
        if token.pos_ in ("VERB", "AUX") and lemma not in LIGHT_VERBS:
            unit.verbs.add(lemma)
        if token.dep_ == "neg":
            unit.negated_verbs.add(token.head.lemma_.lower())
        if lemma in REFUTATION_LEMMAS:
            unit.refutations.add(lemma)
        if _is_core(token) and lemma in unit.features[-1:]:
            unit.core.add(lemma)
    unit.features.extend(f"E:{e}" for e in sorted(unit.entities))
    for amount in analyzed.amounts:
        if unit.start <= amount.start and amount.end <= unit.end:
            key = f"{amount.unit or ''}|{amount.counts or ''}".lower()
            unit.numbers[key] = amount.value
            unit.features.append(f"N:{key}")
    for date in analyzed.dates:
        if unit.start <= date.start and date.end <= unit.end:
            unit.dates.add(date.value)


def _is_core(token: Token) -> bool:
    """A verb, subject or object of the unit (or coordinated with one)."""
    return token.dep_ in CORE_DEPS or (token.dep_ == "conj" and token.head.dep_ in CORE_DEPS)


def _title_before(token: object) -> str | None:
    """A lower-cased role noun right before a person's name ("foreign minister X")."""
    from spacy.tokens import Token

    assert isinstance(token, Token)
    if token.i == 0 or token.ent_iob_ != "B":
        return None
    previous = token.doc[token.i - 1]
    if previous.pos_ in ("NOUN", "PROPN") and previous.ent_type_ == "" and previous.is_title:
        return previous.lemma_.lower()
    return None


def claim_units(documents: Sequence[AnalyzedDocument], parsed: Sequence[Doc], entities: Sequence[Entity]) -> list[Unit]:
    """All claim units of the story's documents, with their features."""
    index = _entity_index(entities)
    units: list[Unit] = []
    for analyzed, doc in zip(documents, parsed, strict=True):
        position = 0
        for sentence in analyzed.sentences:
            if sentence.is_heading:
                continue
            span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if span is None:
                continue
            for first, last in _clause_bounds(span):
                unit = _unit_from_tokens(doc, analyzed, first, last, position)
                if unit is None:
                    continue
                _describe(unit, doc, analyzed, index[analyzed.document.id])
                units.append(unit)
                position += 1
    return units


def _compatible_dates(a: str, b: str) -> bool:
    """ "XXXX-02-01" fits "2020-02-01"; "2020-02" fits "2020-02-01"."""
    if a.startswith("XXXX") or b.startswith("XXXX"):
        return a[4:] == b[4:] or a[4:] in b[4:] or b[4:] in a[4:]
    return a.startswith(b) or b.startswith(a)


def find_conflicts(units: Sequence[Unit], quote_speakers: Mapping[tuple[str, int, int], str]) -> list[Conflict]:
    """Typed disagreements between units of one claim from different documents."""
    conflicts: list[Conflict] = []
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            pair = (a.as_claim_unit(), b.as_claim_unit())
            for key in a.numbers.keys() & b.numbers.keys():
                x, y = a.numbers[key], b.numbers[key]
                if abs(x - y) > NUMBER_TOLERANCE * max(abs(x), abs(y), 1e-9):
                    what = key.split("|")[1] or key.split("|")[0] or "amount"
                    conflicts.append(Conflict("number", f"{what}: {x:g} vs {y:g}", pair, (f"{x:g}", f"{y:g}")))
            for day in a.dates:
                clash = [other for other in b.dates if len(day) == len(other) and not _compatible_dates(day, other)]
                if clash and not any(_compatible_dates(day, other) for other in b.dates):
                    conflicts.append(Conflict("date", f"date {day} vs {clash[0]}", pair, (day, clash[0])))
            shared = (a.verbs & b.verbs) & (a.negated_verbs ^ b.negated_verbs)
            if shared:
                verb = sorted(shared)[0]
                conflicts.append(Conflict("negation", f"'{verb}' negated in one source only", pair, (verb,)))
            elif bool(a.refutations) != bool(b.refutations):
                cue = sorted(a.refutations | b.refutations)[0]
                conflicts.append(Conflict("negation", f"called untrue in one source only ('{cue}')", pair, (cue,)))
            for title in a.titled_persons.keys() & b.titled_persons.keys():
                if a.titled_persons[title] != b.titled_persons[title]:
                    values = (a.titled_persons[title], b.titled_persons[title])
                    conflicts.append(Conflict("name", f"the {title} is named differently", pair, values))
            speaker_a = _speaker_in(a, quote_speakers)
            speaker_b = _speaker_in(b, quote_speakers)
            if speaker_a and speaker_b and speaker_a != speaker_b:
                conflicts.append(
                    Conflict("attribution", "the same words attributed to different speakers", pair, (speaker_a, speaker_b))
                )
    return conflicts


def _speaker_in(unit: Unit, quote_speakers: Mapping[tuple[str, int, int], str]) -> str | None:
    for (doc, start, end), speaker in quote_speakers.items():
        if doc == unit.doc and start < unit.end and unit.start < end:
            return speaker
    return None


def build_claims(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    chains: Mapping[str, str],
    quote_speakers: Mapping[tuple[str, int, int], str],
) -> list[Claim]:
    """Claims from aligned groups; sources count syndication chains, not documents."""
    claims = []
    for group in groups:
        members = [units[i] for i in group]
        by_chain: dict[str, str] = {}
        for unit in members:
            by_chain.setdefault(chains.get(unit.doc, unit.doc), unit.doc)
        conflicts = find_conflicts(members, quote_speakers) if len(by_chain) > 1 else []
        status: ClaimStatus = "contested" if conflicts else "corroborated" if len(by_chain) > 1 else "single_source"
        claim_units = tuple(u.as_claim_unit() for u in members)
        claim_id = content_id(*(f"{u.doc}:{u.start}:{u.end}" for u in claim_units), prefix="c")
        claims.append(Claim(claim_id, status, tuple(sorted(by_chain.values())), claim_units, tuple(conflicts)))
    return claims


def _themes(units: Sequence[Unit], doc_id: str) -> list[tuple[str, float]]:
    """Lemmas this document uses far more than the others (log-odds with add-one)."""
    here: Counter[str] = Counter()
    elsewhere: Counter[str] = Counter()
    for unit in units:
        target = here if unit.doc == doc_id else elsewhere
        target.update(f for f in unit.features if ":" not in f and not f.isdigit() and len(f) > 2)
    total_here, total_else = sum(here.values()) + 1, sum(elsewhere.values()) + 1
    scored = [
        (lemma, count * math.log(((count + 1) / total_here) / ((elsewhere[lemma] + 1) / total_else)))
        for lemma, count in here.items()
        if count >= 2
    ]
    return sorted((s for s in scored if s[1] > 0), key=lambda s: -s[1])


def foregrounds(analyzed: AnalyzedDocument, units: Sequence[Unit], entities: Sequence[Entity]) -> list[Prominence]:
    """Actors (by mention count, lead mentions weighted) and themes this source puts first."""
    doc_id = analyzed.document.id
    lead_end = analyzed.sentences[min(LEAD_SENTENCES, len(analyzed.sentences)) - 1].end if analyzed.sentences else 0
    weights: dict[str, float] = defaultdict(float)
    names = {e.id: e.name for e in entities}
    for entity in entities:
        for mention in entity.mentions:
            if mention.doc == doc_id:
                weights[entity.id] += LEAD_WEIGHT if mention.start < lead_end else 1.0
    total = sum(weights.values()) or 1.0
    top = sorted(weights.items(), key=lambda item: -item[1])[:TOP_FOREGROUNDS]
    actors = [Prominence("actor", names[e], round(w / total, 3), e) for e, w in top]
    themes = _themes(units, doc_id)[:TOP_FOREGROUNDS]
    theme_total = sum(w for _t, w in themes) or 1.0
    return actors + [Prominence("theme", t, round(w / theme_total, 3)) for t, w in themes]


def source_views(
    documents: Sequence[AnalyzedDocument],
    claims: Sequence[Claim],
    units: Sequence[Unit],
    entities: Sequence[Entity],
    chains: Mapping[str, str],
) -> list[SourceView]:
    """Per source: only here, omitted (carried by others, ordered by support), foregrounded."""
    views = []
    for analyzed in documents:
        doc_id = analyzed.document.id
        chain = chains.get(doc_id, doc_id)
        carried = [c for c in claims if any(chains.get(u.doc, u.doc) == chain for u in c.units)]
        only_here = [c.id for c in carried if len(c.sources) == 1]
        missing = [c for c in claims if c not in carried]
        omits = [c.id for c in sorted(missing, key=lambda c: -len(c.sources))]
        views.append(SourceView(doc_id, tuple(only_here), tuple(omits), tuple(foregrounds(analyzed, units, entities))))
    return views


QUOTE_CHARS = re.compile(r"[\"\u201c\u201d\u00ab\u00bb]")


def compare(
    documents: Sequence[AnalyzedDocument],
    entities: Sequence[Entity],
    chains: Mapping[str, str],
    nlp: Language,
    quote_speakers: Mapping[tuple[str, int, int], str] | None = None,
    embed: Embedder | None = None,
) -> tuple[list[Claim], list[SourceView], list[Unit]]:
    """Claims across the story's documents and what each source carries and omits."""
    parsed = list(nlp.pipe(d.document.text for d in documents))
    units = claim_units(documents, parsed, entities)
    scores, threshold = similarity_matrix(units, embed)
    groups = align_units(units, scores, threshold)
    claims = build_claims(units, groups, chains, quote_speakers or {})
    return claims, source_views(documents, claims, units, entities, chains), units


# --- quotes across sources -------------------------------------------------
# A quote said more than this many days before the event is old material
# recycled into the story (an epigraph, an earlier statement), not news of it.
QUOTE_BEFORE_EVENT_DAYS = 7
# Content-word Jaccard above which two quotes by one speaker say the same thing.
QUOTE_PARAPHRASE_JACCARD = 0.4
QUOTE_WORD = re.compile(r"\w+", re.UNICODE)


def _quote_words(text: str) -> list[str]:
    return QUOTE_WORD.findall(text.lower())


def quote_relation(a: str, b: str) -> Literal["verbatim", "trimmed", "paraphrased"] | None:
    """How two quotations relate: same words, one cut from the other, or the same said differently."""
    x, y = " ".join(_quote_words(a)), " ".join(_quote_words(b))
    if not x or not y:
        return None
    if x == y:
        return "verbatim"
    if x in y or y in x:
        return "trimmed"
    content_x = {w for w in x.split() if len(w) > 3}
    content_y = {w for w in y.split() if len(w) > 3}
    overlap = len(content_x & content_y) / max(len(content_x | content_y), 1)
    return "paraphrased" if overlap >= QUOTE_PARAPHRASE_JACCARD else None


def said_before_event(said_on: str | None, event_on: str | None) -> bool:
    """True when a quote's date lies well before the event's (both full ISO dates)."""
    from datetime import date

    if not said_on or not event_on or len(said_on) != 10 or len(event_on) != 10 or "X" in said_on + event_on:
        return False
    gap = date.fromisoformat(event_on) - date.fromisoformat(said_on)
    return gap.days > QUOTE_BEFORE_EVENT_DAYS


def compare_quotes(
    documents: Sequence[AnalyzedDocument], speakers: Mapping[str, str | None], event_on: str | None
) -> list[BriefQuote]:
    """Every quotation with its speaker entity, its matches in other sources, and whether it predates the event."""
    quotes = [q for d in documents for q in d.quotes]
    result = []
    for quote in quotes:
        matches = []
        for other in quotes:
            if other.doc_id == quote.doc_id:
                continue
            relation = quote_relation(quote.text, other.text)
            same_speaker = speakers.get(quote.id) == speakers.get(other.id) or None in (
                speakers.get(quote.id),
                speakers.get(other.id),
            )
            if relation and (relation != "paraphrased" or same_speaker):
                matches.append(QuoteMatch(other.id, relation))
        result.append(BriefQuote(quote, speakers.get(quote.id), said_before_event(quote.said_on, event_on), tuple(matches)))
    return result
