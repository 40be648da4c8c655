"""Builds a story's brief: link -> syndication chains -> compare -> event -> quotes -> summarize.

The second half of the pipeline, over the analyzed documents of one story.
``brief_from_paths`` is the one-shot path of ``crossread brief FILES...``: it
runs the per-document stages in memory first.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from crossread.entity_ids import IssuedMention, keep_ids
from crossread.model import AnalyzedDocument, Brief, Entity, IngestFailure, Quote
from crossread.parses import pack, text_chunks, unpack
from crossread.stages.cluster import syndication_chains
from crossread.stages.compare import compare, compare_quotes
from crossread.stages.compare.match import Matcher
from crossread.stages.event import describe_event
from crossread.stages.link import EntityFinder, link_entities
from crossread.stages.summarize import summarize
from crossread.threads import one_blas_thread
from crossread.units import Embedder

# Characters of each document a brief compares (see ``compared_part``).
MAX_BRIEF_CHARS = 100_000


# Objects left to the collector (net allocations, ``gc.get_count()[0]``) while briefs overlap
# before one collection runs anyway: a brief of the bench's largest story (22 sources) leaves
# ~115,000, most 2,000-9,000; a full collection of the briefing process took 0.08 s.
PAUSED_COLLECT_AFTER = 200_000


class CollectorPause(contextlib.ContextDecorator):
    """Python's cyclic garbage collector paused while any brief is being built; the state found is restored after.

    A brief makes millions of short-lived objects (tokens, sets, dicts) that reference
    counting frees; the collector still walked the live ones every 700 allocations.
    Briefing the 941 stories of the bench corpus with the collector on and off,
    alternated story by story in one process: 38.0 s of CPU against 35.1 s, the
    briefs the same. Cycles a brief leaves are collected once no brief runs. Briefs
    in several threads share one pause: the first in turns the collector off, the
    last out turns it back on if it was on; while briefs keep overlapping (a busy
    server), one that ends with more than ``collect_after`` objects allocated since
    the last collection collects them, so cycles never pile up.
    """

    def __init__(self, collect_after: int = PAUSED_COLLECT_AFTER) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False
        self._collect_after = collect_after

    def __enter__(self) -> CollectorPause:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0 and self._was_enabled:
                gc.enable()
            elif self._running and gc.get_count()[0] > self._collect_after:
                gc.collect()


collector_paused = CollectorPause()


# Speaker phrases that name nobody: a pronoun, or a description ("his spokeswoman",
# "The Williams driver") that speaker resolution has to guess from.
UNNAMED_OPENERS = frozenset({"he", "she", "they", "it", "we", "i", "the", "a", "an", "his", "her", "its", "their", "our"})


def named(quote: Quote) -> bool:
    """Does the text name the quote's speaker next to it ("Hollande said"), not a pronoun or a description?

    Compare reads attribution conflicts only between named speakers: on the 64
    multi-outlet events of giveme5w1h all 6 it read between resolved pronouns and
    roles were wrong ("he said" given to Tim Cook for Sean Parker's words; a
    spokesman's words against his president's).
    """
    words = (quote.speaker_text or "").split()
    return bool(words) and quote.speaker_kind in (None, "person") and words[0].lower() not in UNNAMED_OPENERS


def _speaker_entities(documents: Sequence[AnalyzedDocument], entities: Sequence[Entity]) -> dict[str, str | None]:
    """Quote id -> the entity id of its speaker (span first, then the resolved name)."""
    by_alias = {alias.lower(): e.id for e in entities if e.label == "PERSON" for alias in (e.name, *e.aliases)}
    speakers: dict[str, str | None] = {}
    finder = EntityFinder(entities)
    for analyzed in documents:
        for quote in analyzed.quotes:
            entity = None
            if quote.speaker_start is not None and quote.speaker_end is not None:
                entity = finder.at(quote.doc_id, quote.speaker_start, quote.speaker_end)
            speaker = entity.id if entity is not None and entity.label == "PERSON" else None
            if speaker is None and quote.speaker_name:
                speaker = by_alias.get(quote.speaker_name.lower())
            speakers[quote.id] = speaker
    return speakers


def compared_part(analyzed: AnalyzedDocument, nlp: Language, max_chars: int = MAX_BRIEF_CHARS) -> AnalyzedDocument:
    """The document as a brief reads it: whole, or, past ``max_chars``, its beginning up to a paragraph break.

    Comparing costs more than linearly in a text's length (a 1,200,000-character
    text took 184 s of CPU and 5.7 GB to brief alone); news articles are far
    shorter (99.9% of the shared corpora under 76,000 characters). Everything
    kept lies inside the cut, so every span still points into the stored text.
    """
    text = analyzed.document.text
    if len(text) <= max_chars:
        return analyzed
    cut = text_chunks(text, max_chars)[0][1]
    parse, parse_model = b"", ""
    if analyzed.parse:
        whole = unpack(analyzed.parse, nlp.vocab)
        span = whole.char_span(0, cut, alignment_mode="contract")
        if span is not None and text.startswith(span.as_doc().text):
            prefix = span.as_doc()
            cut, parse, parse_model = len(prefix.text), pack(prefix), analyzed.parse_model

    def inside(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(item for item in items if item.end <= cut)

    document = dataclasses.replace(
        analyzed.document, text=text[:cut], headings=tuple((a, b) for a, b in analyzed.document.headings if b <= cut)
    )
    return dataclasses.replace(
        analyzed,
        document=document,
        sentences=inside(analyzed.sentences),
        mentions=inside(analyzed.mentions),
        dates=inside(analyzed.dates),
        quotes=inside(analyzed.quotes),
        amounts=inside(analyzed.amounts),
        parse=parse,
        parse_model=parse_model,
    )


def story_chains(documents: Sequence[AnalyzedDocument], signatures: Mapping[str, str]) -> dict[str, str]:
    """``cluster.syndication_chains`` of the documents, each read through its stored signature when
    ``signatures`` has one (``Store.load_signatures``), else hashed now."""
    return syndication_chains([d.document for d in documents], signatures)


@one_blas_thread()
@collector_paused
def build_brief(
    documents: Sequence[AnalyzedDocument],
    nlp: Language,
    embed: Embedder | None = None,
    matcher: Matcher | None = None,
    issued: Iterable[IssuedMention] = (),
    signatures: Mapping[str, str] | None = None,
) -> Brief:
    """Everything crossread says about the story these documents tell (``matcher``: the shipped one by default).

    Each document is read as ``compared_part`` gives it; a source compared only
    in part says how much, and no omissions are claimed for it. ``issued``: the
    entity ids the store issued to these documents' mentions, which the entities
    keep (``crossread.entity_ids``), so every id in the brief is the kept one.
    ``signatures``: the documents' stored syndication signatures (``Store.load_signatures``),
    used for the documents compared whole (a cut one is hashed as compared).
    """
    whole = tuple(documents)
    documents = [compared_part(d, nlp, MAX_BRIEF_CHARS) for d in whole]
    entities = keep_ids(link_entities(documents), issued)
    uncut = {w.document.id for d, w in zip(documents, whole, strict=True) if d is w}
    chains = story_chains(documents, {k: v for k, v in (signatures or {}).items() if k in uncut})
    speakers = _speaker_entities(documents, entities)
    quote_speakers = {
        (q.doc_id, q.start, q.end): speakers[q.id] for d in documents for q in d.quotes if speakers.get(q.id) and named(q)
    }
    claims, views, units, chains, pair_score = compare(documents, entities, chains, nlp, quote_speakers, embed, matcher)  # type: ignore[arg-type]
    event = describe_event(documents, entities)
    quotes = compare_quotes(documents, speakers, event.date)
    summary = summarize(claims, units, event.actors, pair_score)
    cut = {d.document.id: len(d.document.text) for d, w in zip(documents, whole, strict=True) if d is not w}
    views = [dataclasses.replace(v, omits=(), compared_chars=cut[v.doc_id]) if v.doc_id in cut else v for v in views]
    return Brief(
        documents=whole,
        event=event,
        entities=tuple(entities),
        quotes=tuple(quotes),
        claims=tuple(claims),
        per_source=tuple(views),
        summary=tuple(summary),
        chains=chains,
    )


def analyze_paths(paths: Sequence[str | Path], nlp: Language) -> tuple[list[AnalyzedDocument], list[IngestFailure]]:
    """Read, extract and analyze files in memory, in input order (no store is written)."""
    from crossread.pipeline import ingest
    from crossread.store.sqlite import SQLiteStore

    store = SQLiteStore(":memory:")
    report = ingest(paths, store, nlp, cluster=False)
    by_path = {d.document.source_path: d for d in store.iter_documents()}
    store.close()
    ordered = [by_path[p] for p in report.ingested if p in by_path]
    return ordered, report.failures


def brief_from_paths(
    paths: Sequence[str | Path], nlp: Language, embed: Embedder | None = None
) -> tuple[Brief, list[IngestFailure]]:
    """One-shot: files in, brief out."""
    documents, failures = analyze_paths(paths, nlp)
    return build_brief(documents, nlp, embed), failures
