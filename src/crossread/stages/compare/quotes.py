"""compare.quotes: quotations across sources — the same words in several outlets, recycled quotes.

Needs the story's quotes and their speakers' entity ids. Adds, per quote, its
counterparts in other sources (verbatim, trimmed, paraphrased by the same
speaker) and whether it was said well before the event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

from crossread.model import AnalyzedDocument, BriefQuote, QuoteMatch

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
    return _relation(_Words.of(a), _Words.of(b))


class _Words:
    """A quotation's words, joined, and its content words (longer than three letters)."""

    __slots__ = ("content", "joined")

    def __init__(self, joined: str, content: frozenset[str]) -> None:
        self.joined = joined
        self.content = content

    @classmethod
    def of(cls, text: str) -> _Words:
        words = _quote_words(text)
        return cls(" ".join(words), frozenset(w for w in words if len(w) > 3))


def _may_relate(x: _Words, y: _Words) -> bool:
    """A cheap test before ``_relation``: shared content words, or one inside the other."""
    return bool(x.content & y.content) or x.joined in y.joined or y.joined in x.joined


def _relation(x: _Words, y: _Words) -> Literal["verbatim", "trimmed", "paraphrased"] | None:
    if not x.joined or not y.joined:
        return None
    if x.joined == y.joined:
        return "verbatim"
    if x.joined in y.joined or y.joined in x.joined:
        return "trimmed"
    overlap = len(x.content & y.content) / max(len(x.content | y.content), 1)
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
    ids = [q.id for q in quotes]
    words = [_Words.of(q.text) for q in quotes]
    result = []
    for k, quote in enumerate(quotes):
        speaker = speakers.get(ids[k])
        matches = []
        for m, other in enumerate(quotes):
            if other.doc_id == quote.doc_id or not _may_relate(words[k], words[m]):
                continue
            relation = _relation(words[k], words[m])
            other_speaker = speakers.get(ids[m])
            same_speaker = speaker == other_speaker or None in (speaker, other_speaker)
            if relation and (relation != "paraphrased" or same_speaker):
                matches.append(QuoteMatch(ids[m], relation))
        result.append(BriefQuote(quote, speaker, said_before_event(quote.said_on, event_on), tuple(matches)))
    return result
