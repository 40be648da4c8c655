"""Each distinct paragraph parsed once (``crossread.paragraphs``): texts kept byte for byte, copies read alike."""

from __future__ import annotations

import dataclasses
import itertools

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from crossread.model import Document
from crossread.paragraphs import JOIN_ATTRS, ParagraphCache, paragraph_spans, parse_texts
from crossread.stages.analyze import analyze, analyze_many

FERRY = "The ferry to Ostholm resumed service on Friday after a week of storms."
MAYOR = 'Mayor Elin Marsh said the harbour would stay open. "We are ready," she told reporters.'
COUNCIL = "The council will meet again on 12 March to vote on a new sea wall costing $4 million."
TEXTS = [
    f"{FERRY}\n\n{MAYOR}\n\n{COUNCIL}",
    f"{FERRY}\r\n\r\n{MAYOR}  \r\n{COUNCIL}\r\n",  # CRLF, trailing spaces
    f"  {FERRY}   \n \n\t{MAYOR}\n\n\n",  # indented, spaces around the breaks
    f"\n\n{FERRY} {MAYOR}",  # a leading break, no trailing one
    "",
    "\n",
]


def _parse(nlp: Language, texts: list[str], cache: ParagraphCache | None = None, max_chars: int = 50_000) -> list[Doc]:
    return [
        doc
        for doc, _ in parse_texts(((t, None) for t in texts), nlp, 32, ParagraphCache() if cache is None else cache, max_chars)
    ]


def _annotations(doc: Doc) -> tuple[object, ...]:
    tokens = [
        (t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i - t.i, t.lemma_, str(t.morph), t.is_sent_start) for t in doc
    ]
    return tuple(tokens), tuple((e.start, e.end, e.label_) for e in doc.ents), tuple((s.start, s.end) for s in doc.sents)


@pytest.mark.parametrize("text", TEXTS)
def test_paragraph_spans_cover_the_text_end_to_end(text: str) -> None:
    spans = paragraph_spans(text)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(b == c for (_a, b), (c, _d) in itertools.pairwise(spans))
    assert all("\n" not in text[a:b].rstrip() for a, b in spans)  # a break only at a paragraph's end


@pytest.mark.parametrize("text", TEXTS)
def test_paragraph_parse_keeps_the_text_byte_for_byte(nlp: Language, text: str) -> None:
    (doc,) = _parse(nlp, [text])
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in nlp(text)]  # the same tokens as the whole text parsed at once


def test_paragraph_parse_is_the_paragraphs_parses_joined(nlp: Language) -> None:
    text = TEXTS[1]
    (doc,) = _parse(nlp, [text])
    reference = Doc.from_docs([nlp(text[a:b]) for a, b in paragraph_spans(text)], ensure_whitespace=False)
    assert _annotations(doc) == _annotations(reference)
    assert numpy.array_equal(doc.to_array(list(JOIN_ATTRS)), reference.to_array(list(JOIN_ATTRS)))
    assert not doc.user_data and not doc.spans


def test_a_repeated_paragraph_is_parsed_once_and_read_alike(nlp: Language) -> None:
    text = f"{MAYOR}\n\n{FERRY}\n\n{MAYOR}\n\n"
    cache = ParagraphCache()
    (doc,) = _parse(nlp, [text], cache)
    assert cache.misses == 2 and cache.hits == 1  # the mayor's paragraph went through spaCy once
    size = len(nlp(MAYOR + "\n\n"))
    first, second = doc[:size], doc[len(doc) - size :]
    assert first.text == second.text == MAYOR + "\n\n"
    assert [(t.tag_, t.dep_, t.head.i - t.i, t.ent_iob_) for t in first] == [
        (t.tag_, t.dep_, t.head.i - t.i, t.ent_iob_) for t in second
    ]
    assert [(e.text, e.label_) for e in first.ents] == [(e.text, e.label_) for e in second.ents] == [("Elin Marsh", "PERSON")]
    whole = nlp(text)
    assert [t.text for t in doc] == [t.text for t in whole]
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in whole.ents]
    assert [s.text for s in doc.sents] == [s.text for s in whole.sents]


NUMBERING = ("doc_id", "index", "sentence")
OFFSETS = ("start", "end", "speaker_start", "speaker_end")


def _moved(analyzed: object, offset: int) -> list[tuple[object, ...]]:
    """What an analysis found, with offsets taken back by ``offset`` (the paragraph added before)."""
    found = []
    for name in ("sentences", "mentions", "dates", "quotes", "amounts"):
        for item in getattr(analyzed, name):
            values = {
                f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name not in ("doc_id", "index", "sentence")
            }
            values.update(
                {
                    k: v - offset
                    for k, v in values.items()
                    if k in ("start", "end", "speaker_start", "speaker_end") and v is not None
                }
            )
            values.pop("text", None)
            found.append((name, tuple(sorted((k, repr(v)) for k, v in values.items()))))
    return found


def test_a_copy_with_an_added_paragraph_reads_its_shared_paragraphs_alike(nlp: Language) -> None:
    added = "Reprinted with permission.\n\n"
    original = Document(id="o", source_path="o.txt", text=TEXTS[0], kind="text", published="2026-03-01")
    copy = dataclasses.replace(original, id="c", source_path="c.txt", text=added + TEXTS[0] + "\n\nCopy 2.")
    cache = ParagraphCache()
    first = next(analyze_many([original], nlp, cache=cache))
    misses = cache.misses
    second = next(analyze_many([copy], nlp, cache=cache))
    assert cache.misses - misses == 2  # only the added paragraphs were parsed
    shared = [f for f in _moved(second, len(added)) if f in _moved(first, 0)]
    assert shared == _moved(first, 0)
    assert any(name == "quotes" for name, _ in shared) and any(name == "amounts" for name, _ in shared)


def test_analyze_parses_a_document_as_analyze_many_does(nlp: Language) -> None:
    document = Document(id="d", source_path="d.txt", text=TEXTS[1], kind="text")
    assert analyze(document, nlp, ParagraphCache()) == next(analyze_many([document], nlp, cache=ParagraphCache()))


def test_paragraph_cache_is_bounded_by_entries_and_bytes() -> None:
    vocab = Vocab()
    array = numpy.zeros((10, len(JOIN_ATTRS)), dtype=numpy.uint64)
    by_count = ParagraphCache(max_entries=3, max_bytes=2**30)
    for name in "abcde":
        by_count.lookup([name], vocab)
        by_count.put(name, array)
        by_count.get("a", vocab)  # used again: kept
    kept = [name for name in "abcde" if by_count.get(name, vocab) is not None]
    assert len(by_count) == 3 and kept == ["a", "d", "e"]
    cost = ParagraphCache.cost("a", array)
    by_size = ParagraphCache(max_entries=100, max_bytes=2 * cost + 1)
    by_size.lookup([], vocab)
    for name in "abcde":
        by_size.put(name, array)
    assert len(by_size) == 2 and by_size.bytes <= by_size.max_bytes
    by_size.put("a" * 10_000, array)  # larger than the whole cache: not kept
    assert by_size.get("a" * 10_000, vocab) is None and by_size.bytes <= by_size.max_bytes


def test_a_paragraph_cache_serves_one_vocab(nlp: Language) -> None:
    """The arrays hold hashes of the vocab's strings: another pipeline (a worker's own load) must not read them."""
    cache = ParagraphCache()
    (parsed,) = _parse(nlp, [TEXTS[0]], cache)
    assert len(cache) == 3
    other = spacy.blank("en")
    (doc,) = [doc for doc, _ in parse_texts([(TEXTS[0], None)], other, 32, cache)]
    assert doc.text == parsed.text and doc.vocab is other.vocab and not doc.has_annotation("DEP")
    assert len(cache) == 3 and cache.misses == 6  # emptied, then filled again with the other pipeline's parses


def test_a_paragraph_longer_than_the_chunk_limit_is_cut(nlp: Language) -> None:
    text = " ".join([FERRY] * 6) + "\n\n" + MAYOR
    spans = paragraph_spans(text, max_chars=150)
    assert all(b - a <= 150 for a, b in spans) and "".join(text[a:b] for a, b in spans) == text
    (doc,) = _parse(nlp, [text], max_chars=150)
    assert doc.text == text
