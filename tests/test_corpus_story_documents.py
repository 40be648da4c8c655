"""``corpus.story_documents``: a story's documents read together, numbered in publication order."""

from __future__ import annotations

import dataclasses

from crossread.corpus import story_documents
from crossread.model import AnalyzedDocument, Story
from crossread.store.sqlite import SQLiteStore
from test_store import small_document


class _OneByOne(SQLiteStore):
    """Counts the documents read one at a time (``get_document``)."""

    single_reads = 0

    def get_document(self, doc_id: str) -> AnalyzedDocument | None:
        self.single_reads += 1
        return super().get_document(doc_id)


def test_corpus_story_documents_reads_the_story_together_in_publication_order() -> None:
    store = _OneByOne(":memory:")
    late = small_document("d03", published="2020-09-03", source_path="a.txt")
    undated = small_document("d01", source_path="0.txt")
    early = dataclasses.replace(small_document("d02", published="2020-09-01", source_path="z.txt"), parse=b"P", parse_model="m")
    for item in (late, undated, early):
        store.add_document(item)
    story = Story("s1", ("d01", "d03", "d02", "d-gone"), None, None, None)
    found = story_documents(store, story)
    assert [d.document.id for d in found] == ["d02", "d03", "d01"]  # dated first, by date; a missing id left out
    assert found == [early, late, undated] and (found[0].parse, found[0].parse_model) == (b"P", "m")
    assert store.single_reads == 0  # Store.get_documents: a query per table, not seven per document
    store.close()


def test_corpus_story_documents_keep_the_story_order_among_equals() -> None:
    store = SQLiteStore(":memory:")
    for doc_id in ("d05", "d04"):
        store.add_document(small_document(doc_id, published="2020-09-01", source_path="same.txt"))
    assert [d.document.id for d in story_documents(store, Story("s1", ("d05", "d04"), None, None, None))] == ["d05", "d04"]
    store.close()
