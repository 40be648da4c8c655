"""crossread: read the news across sources.

Library first, CLI on top::

    import crossread

    with crossread.read(["articles/", "feed.jsonl"]) as corpus:
        for story in corpus.stories():
            brief = story.brief()

``crossread.ingest`` runs the per-document stages into a store of your own;
the model classes are the public data types.
"""

from crossread.corpus import Corpus, CorpusStory, read
from crossread.model import (
    Amount,
    AnalyzedDocument,
    Brief,
    Claim,
    DateMention,
    Document,
    IngestFailure,
    Mention,
    Quote,
    RawDocument,
    RemovedLine,
    Sentence,
    Story,
)
from crossread.pipeline import IngestReport, ingest

__all__ = [
    "Amount",
    "AnalyzedDocument",
    "Brief",
    "Claim",
    "Corpus",
    "CorpusStory",
    "DateMention",
    "Document",
    "IngestFailure",
    "IngestReport",
    "Mention",
    "Quote",
    "RawDocument",
    "RemovedLine",
    "Sentence",
    "Story",
    "ingest",
    "read",
]
__version__ = "0.1.0"
