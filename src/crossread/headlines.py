"""Which sentences of a document are its headline, for every stage that reads headlines apart.

A headline is a sentence extract marked as a heading, or the document's title printed as
its first line: a JSONL record or a scrape whose headline heads the text but was not
recognised as a heading. Link reads title case there as noise, not names; the event
reads the headline as naming who the story is about.
"""

from __future__ import annotations

from crossread.model import AnalyzedDocument


def headline_sentences(analyzed: AnalyzedDocument) -> set[int]:
    """Indexes of the sentences written as headings: marked so by extract, or the title printed as the first line."""
    return {s.index for s in analyzed.sentences if s.is_heading} | title_sentences(analyzed)


def title_sentences(analyzed: AnalyzedDocument) -> set[int]:
    """Indexes of the sentences of the document's title printed as its first line (not of other headings).

    The title states the story's main claim ("CIA director meets Taliban leader"),
    which other outlets' titles and leads corroborate; a section heading inside
    the text ("What happens next") states nothing.
    """
    title = (analyzed.document.title or "").strip()
    text = analyzed.document.text
    lead = len(text) - len(text.lstrip())
    if not title or not text.startswith(title, lead) or (len(text) > lead + len(title) and text[lead + len(title)] != "\n"):
        return set()
    return {s.index for s in analyzed.sentences if s.end <= lead + len(title)}


def headline_end(analyzed: AnalyzedDocument) -> int:
    """Where the document's first headline ends (0 when it has none): the span a mention must start in."""
    found, end = headline_sentences(analyzed), 0
    for sentence in analyzed.sentences:  # the first run of headline sentences ("Title: subtitle" may be two)
        if sentence.index in found:
            end = sentence.end
        elif end:
            break
    return end


__all__ = ["headline_end", "headline_sentences", "title_sentences"]
