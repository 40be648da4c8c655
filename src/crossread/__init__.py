"""crossread: read the news across sources.

Library first, CLI on top: ``crossread.ingest`` runs the per-document stages
into a store; the model classes are the public data types.
"""

from crossread.model import (
    Amount,
    AnalyzedDocument,
    DateMention,
    Document,
    IngestFailure,
    Mention,
    Quote,
    RawDocument,
    RemovedLine,
    Sentence,
)
from crossread.pipeline import IngestReport, ingest

__all__ = [
    "Amount",
    "AnalyzedDocument",
    "DateMention",
    "Document",
    "IngestFailure",
    "IngestReport",
    "Mention",
    "Quote",
    "RawDocument",
    "RemovedLine",
    "Sentence",
    "ingest",
]
__version__ = "0.1.0"
