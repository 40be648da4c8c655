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
