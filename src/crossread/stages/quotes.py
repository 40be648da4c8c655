"""quotes: quotations with speaker, cue verb, span and date said."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from crossread.model import DateMention, Document, Quote


def find_quotes(doc: Doc, document: Document, dates: Sequence[DateMention]) -> list[Quote]:
    """Direct, split and reported quotations in the document."""
    return []
