"""dates: date expressions -> ISO values, with the reasoning kept as evidence."""

from __future__ import annotations

from spacy.tokens import Doc

from crossread.model import DateMention, Document


def find_dates(doc: Doc, document: Document) -> tuple[list[DateMention], list[str]]:
    """Dates in the text, normalised to ISO; and the evidence for the document's own date."""
    return [], []
