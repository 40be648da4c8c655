"""crossread as a library: ``crossread.read(paths) -> Corpus``, ``Corpus.stories()``, ``story.brief()``.

The same stages and the same store as ``crossread ingest`` and ``crossread
story``; the CLI, the web page and the API number a story's sources and apply
the analyst's corrections through the two functions here, so a brief read from
Python is the brief every other surface shows:

* ``story_documents``: a story's documents in publication order (dated first,
  then by input name) — the order sources are numbered [1], [2], … everywhere;
* ``corrected``: a computed brief with the store's corrections that touch it.

``read`` ingests into an in-memory SQLite store unless ``db`` names a file (or
a ``Store`` is given), so a script can read a folder and print briefs without
set-up; ``Corpus.add`` ingests more, and the stories follow incrementally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from spacy.language import Language

from crossread.corrections import apply_corrections, relevant
from crossread.model import AnalyzedDocument, Brief, DocumentSummary, Story
from crossread.pipeline import IngestReport, ingest
from crossread.publication import publication_order
from crossread.store.base import Store


def story_documents(store: Store, story: Story) -> list[AnalyzedDocument]:
    """The story's stored documents in the order sources are numbered everywhere: published first, then by input name.

    Read together (``Store.get_documents``: a query per table, not seven per document); documents
    that sort alike keep the story's order.
    """
    stored = store.get_documents(story.doc_ids)
    found = [stored[i] for i in story.doc_ids if i in stored]
    return sorted(found, key=lambda d: publication_order(d.document.published, d.document.source_path))


def corrected(brief: Brief, store: Store, story: Story) -> Brief:
    """``brief`` with the analyst's stored corrections that touch the story's documents (read each time: never stale)."""
    return apply_corrections(brief, relevant(store.list_corrections(), story.doc_ids))


def brief_changed_stories(
    store: Store,
    doc_ids: Sequence[str],
    nlp: Language,
    progress: Callable[[int, int], None] | None = None,
    failed: Callable[[str, str], None] | None = None,
) -> int:
    """Brief (and store) every story holding one of ``doc_ids``: the stories an ingest changed; returns how many.

    One story per error boundary: a story whose brief cannot be made is told
    to ``failed(story_id, reason)`` and the others are still briefed (its page
    makes the brief on demand, or says why it cannot).
    """
    from crossread.stored_briefs import brief_of

    changed = set(doc_ids)
    stories = [s for s in store.list_stories() if changed & set(s.doc_ids)]
    made = 0
    for done, story in enumerate(stories, 1):
        try:
            brief_of(store, story_documents(store, story), nlp)
        except Exception as exc:  # one story's brief never stops the others
            if failed is not None:
                failed(story.id, f"{type(exc).__name__}: {exc}"[:300])
        else:
            made += 1
        if progress is not None:
            progress(done, len(stories))
    return made


@dataclass(slots=True)
class CorpusStory:
    """One story of a corpus: its documents and, on demand, its brief."""

    story: Story
    corpus: Corpus = field(repr=False)

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def title(self) -> str | None:
        return self.story.title

    def documents(self) -> list[AnalyzedDocument]:
        """The story's documents, numbered as the brief numbers them."""
        return story_documents(self.corpus.store, self.story)

    def brief(self) -> Brief:
        """Everything crossread says about the story (stored once computed; the analyst's corrections applied)."""
        from crossread.stored_briefs import brief_of

        return corrected(brief_of(self.corpus.store, self.documents(), self.corpus.nlp), self.corpus.store, self.story)


class Corpus:
    """Articles read into a store, grouped into stories."""

    def __init__(self, store: Store, nlp: Language, report: IngestReport | None = None) -> None:
        self.store = store
        self.nlp = nlp
        self.report = report or IngestReport()

    def add(self, paths: Sequence[str | Path]) -> IngestReport:
        """Read more inputs; the stories are brought up to date (failures are in the report, never raised)."""
        report = ingest(paths, self.store, self.nlp)
        self.report.ingested += report.ingested
        self.report.ingested_ids += report.ingested_ids
        self.report.duplicates += report.duplicates
        self.report.failures += report.failures
        return report

    def documents(self) -> list[DocumentSummary]:
        return self.store.list_documents()

    def stories(self) -> list[CorpusStory]:
        """The stories, biggest first, then by date and id (a stable order for scripts)."""
        stories = sorted(self.store.list_stories(), key=lambda s: (-len(s.doc_ids), s.start or "", s.id))
        return [CorpusStory(s, self) for s in stories]

    def __iter__(self) -> Iterator[CorpusStory]:
        return iter(self.stories())

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()


def read(
    paths: Sequence[str | Path] | str | Path,
    *,
    db: str | Path | Store | None = None,
    nlp: Language | None = None,
    model: str | None = None,
) -> Corpus:
    """Read articles (files, folders, JSONL, WARC, …) into a corpus of stories.

    ``db``: a SQLite file to keep (or reuse), a ``Store`` (e.g. PostgreSQL), or
    None for memory only. ``nlp``: a loaded spaCy pipeline, else ``model`` (or
    crossread's default) is loaded. Inputs that fail are in ``corpus.report``.
    """
    from crossread.stages.analyze import load_nlp
    from crossread.store.sqlite import SQLiteStore

    given = [paths] if isinstance(paths, (str, Path)) else list(paths)
    pipeline = nlp if nlp is not None else load_nlp(model)
    store: Store = SQLiteStore(str(db or ":memory:")) if db is None or isinstance(db, (str, Path)) else db
    return Corpus(store, pipeline, ingest(given, store, pipeline))
