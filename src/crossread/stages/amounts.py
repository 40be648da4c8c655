"""amounts: numbers with their unit and what they count."""

from __future__ import annotations

from spacy.tokens import Doc

from crossread.model import Amount, Document


def find_amounts(doc: Doc, document: Document) -> list[Amount]:
    """Amounts in the document: value, unit and the thing counted."""
    return []
