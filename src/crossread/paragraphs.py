"""Each distinct paragraph parsed once per process: texts cut at line breaks, parses kept and joined.

News repeats itself: syndicated copies of a wire story, a site's boilerplate paragraphs on every
page. ``parse_texts`` cuts each text into paragraphs (``paragraph_spans``: each keeps the line
break and spaces after it, so the paragraphs joined are the text byte for byte), runs
``nlp.pipe`` over the paragraphs this process has not parsed yet, and builds each text's Doc
from its paragraphs' token arrays. The pipeline starts a sentence after every line break anyway
(``crossread_paragraph_boundaries``), so a paragraph is parsed alone as it was within its text,
apart from the few tokens of context the tagger, parser and entity recognizer read across a
break; a text is parsed the same way whether or not another holds its paragraphs, so a copy's
analysis equals its original's on the paragraphs they share.

A paragraph's parse is kept as the token array ``Doc.from_docs`` would join (``JOIN_ATTRS``:
112 bytes a token, no Doc object and no tensor, which nothing in crossread reads) in a
``ParagraphCache``, a least-recently-used map bounded by entries and by approximate bytes; a
text's Doc is one ``Doc`` over the concatenated arrays of its paragraphs. The key is a paragraph's
words without the whitespace after them (``content_and_tail``), so a text's last paragraph is the
same entry as that paragraph in a copy that goes on. Kept outside the stages (like ``parses``) so
that whatever parses a text for crossread can parse it this way: analyze at ingest, and compare
when no stored parse is at hand.
"""

from __future__ import annotations

import re
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import TypeVar

import numpy
from spacy.attrs import LEMMA, LENGTH, NORM, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from crossread.config import DEFAULT_MAX_CHUNK_CHARS, DEFAULT_PARAGRAPH_CACHE_ENTRIES, DEFAULT_PARAGRAPH_CACHE_MIB
from crossread.parses import text_chunks

T = TypeVar("T")

# Where a paragraph ends: after a run of whitespace holding a line break (the run stays with the paragraph before it).
PARAGRAPH_END = re.compile(r"[^\S\n]*\n\s*")
# The token attributes ``Doc.from_docs`` joins (its ``_get_array_attrs``), less LENGTH, which follows from ORTH.
JOIN_ATTRS: tuple[int, ...] = tuple(int(attr) for attr in Doc._get_array_attrs() if attr != LENGTH)
ORTH_COLUMN = JOIN_ATTRS.index(ORTH)
SPACY_COLUMN = JOIN_ATTRS.index(SPACY)
NORM_COLUMN = JOIN_ATTRS.index(NORM)
LEMMA_COLUMN = JOIN_ATTRS.index(LEMMA)
# What an entry costs besides its array's data and its key: the array object and the map's node (measured with
# sys.getsizeof and tracemalloc on CPython 3.12: about 112 + 100 bytes).
ENTRY_OVERHEAD_BYTES = 256
# Texts taken at a time (ingest's nlp.pipe batch size): 32 documents kept the 2-core machine busy without
# growing memory on the shared-data corpora.
TEXT_BATCH_SIZE = 32
# Paragraphs per ``nlp.pipe`` batch: a paragraph is about a tenth of a news article, and spaCy's memory grows
# with the characters of a batch, so ten times crossread's 32 documents holds about as many characters.
# Measured and not changed (s36, the 4,776 distinct paragraphs of 600 bench texts, CPU seconds, warm memo):
# 256: 11.8 / 12.0, 64: 12.4, 128: 12.4, 1,024: 12.5, 2,048: 13.4, 256 sorted by length: 12.0. The model's
# work is per token; a batch's size or order changes only spaCy's bookkeeping around it.
PARAGRAPH_BATCH_SIZE = 256


def paragraph_spans(text: str, max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """``text`` cut after each run of whitespace holding a line break; a paragraph longer than ``max_chars`` cut again
    by ``text_chunks`` (at a sentence end, else a space). The spans cover the text end to end (one empty span for "")."""
    spans: list[tuple[int, int]] = []
    start = 0
    ends = [match.end() for match in PARAGRAPH_END.finditer(text)]
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    for end in ends:
        if end - start > max_chars:
            spans.extend((start + a, start + b) for a, b in text_chunks(text[start:end], max_chars))
        else:
            spans.append((start, end))
        start = end
    return spans


class ParagraphCache:
    """Token arrays of parsed paragraphs by their text, least recently used dropped first.

    Bounded by ``max_entries`` and by ``max_bytes`` (arrays, keys and ``ENTRY_OVERHEAD_BYTES`` each): memory stays
    flat whatever the corpus. ``hits`` and ``misses`` count the paragraphs asked for (a paragraph met again in the
    batch being parsed is a hit). The arrays hold hashes of one vocab's strings: a cache serves one pipeline, and
    is emptied when asked with another's vocab. A lock keeps it whole when an engine's worker runs threads.
    """

    def __init__(
        self, max_entries: int = DEFAULT_PARAGRAPH_CACHE_ENTRIES, max_bytes: int = DEFAULT_PARAGRAPH_CACHE_MIB * 2**20
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._arrays: OrderedDict[str, numpy.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._vocab: Vocab | None = None

    def __len__(self) -> int:
        return len(self._arrays)

    @staticmethod
    def cost(paragraph: str, array: numpy.ndarray) -> int:
        """Approximate bytes one entry holds."""
        return sys.getsizeof(paragraph) + array.nbytes + ENTRY_OVERHEAD_BYTES

    def get(self, paragraph: str, vocab: Vocab) -> numpy.ndarray | None:
        return self.lookup([paragraph], vocab)[0].get(paragraph)

    def lookup(self, paragraphs: Iterable[str], vocab: Vocab) -> tuple[dict[str, numpy.ndarray], list[str]]:
        """The arrays kept for ``paragraphs`` (parsed with ``vocab``) and, in order, the distinct ones not kept."""
        found: dict[str, numpy.ndarray] = {}
        missing: dict[str, None] = {}
        with self._lock:
            if vocab is not self._vocab:
                self._arrays.clear()
                self.bytes = 0
                self._vocab = vocab
            for paragraph in paragraphs:
                if paragraph in found or paragraph in missing:
                    self.hits += 1
                    continue
                array = self._arrays.get(paragraph)
                if array is None:
                    self.misses += 1
                    missing[paragraph] = None
                else:
                    self.hits += 1
                    self._arrays.move_to_end(paragraph)
                    found[paragraph] = array
        return found, list(missing)

    def put(self, paragraph: str, array: numpy.ndarray) -> None:
        cost = self.cost(paragraph, array)
        with self._lock:
            if cost > self.max_bytes or self.max_entries < 1 or paragraph in self._arrays:
                return
            self._arrays[paragraph] = array
            self.bytes += cost
            while len(self._arrays) > self.max_entries or self.bytes > self.max_bytes:
                old, old_array = self._arrays.popitem(last=False)
                self.bytes -= self.cost(old, old_array)

    def clear(self) -> None:
        with self._lock:
            self._arrays.clear()
            self.bytes = 0


_CACHES: weakref.WeakKeyDictionary[Language, ParagraphCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def process_cache(nlp: Language) -> ParagraphCache:
    """This process's cache for ``nlp``, shared by every call that is not given one (each engine worker has its own)."""
    with _caches_lock:
        cache = _CACHES.get(nlp)
        if cache is None:
            cache = _CACHES[nlp] = ParagraphCache()
        return cache


def joined(arrays: list[numpy.ndarray], nlp: Language) -> Doc:
    """One Doc over paragraphs' token arrays, one after the other: ``Doc.from_docs(…, ensure_whitespace=False)``'s Doc
    (without a tensor)."""
    array = arrays[0] if len(arrays) == 1 else numpy.concatenate(arrays)
    spaces = array[:, SPACY_COLUMN].astype(bool).tolist()
    doc = Doc(nlp.vocab, words=array[:, ORTH_COLUMN].tolist(), spaces=spaces)  # hashes: Doc makes lexemes of them
    if len(array):
        doc.from_array(list(JOIN_ATTRS), array)  # type: ignore[arg-type]
    return doc


def parse_texts(
    items: Iterable[tuple[str, T]],
    nlp: Language,
    batch_size: int = TEXT_BATCH_SIZE,
    cache: ParagraphCache | None = None,
    max_chars: int = DEFAULT_MAX_CHUNK_CHARS,
) -> Iterator[tuple[Doc, T]]:
    """(text, context) pairs -> (the text's Doc, context), in order, as ``nlp.pipe(…, as_tuples=True)``; each distinct
    paragraph parsed once while ``cache`` (this process's if None) keeps it.

    Texts are taken ``batch_size`` at a time; their paragraphs not in ``cache`` go through one ``nlp.pipe``.
    """
    cache = process_cache(nlp) if cache is None else cache
    max_chars = max(1, min(max_chars, nlp.max_length))
    pending: list[tuple[str, T]] = []
    for item in items:
        pending.append(item)
        if len(pending) >= batch_size:
            yield from _parse_batch(pending, nlp, cache, max_chars)
            pending = []
    if pending:
        yield from _parse_batch(pending, nlp, cache, max_chars)


def _parse_batch(items: list[tuple[str, T]], nlp: Language, cache: ParagraphCache, max_chars: int) -> Iterator[tuple[Doc, T]]:
    pieces = [[content_and_tail(text[start:end]) for start, end in paragraph_spans(text, max_chars)] for text, _ in items]
    # this batch's arrays, whatever the cache drops meanwhile
    found, missing = cache.lookup((content for text_pieces in pieces for content, _tail in text_pieces), nlp.vocab)
    for content, doc in zip(missing, nlp.pipe(missing, batch_size=PARAGRAPH_BATCH_SIZE), strict=True):
        array = found[content] = doc.to_array(list(JOIN_ATTRS))
        cache.put(content, array)
    for text_pieces, (_text, context) in zip(pieces, items, strict=True):
        yield joined([with_tail(found[content], tail, nlp) for content, tail in text_pieces], nlp), context


def content_and_tail(paragraph: str) -> tuple[str, str]:
    """A paragraph's words and the whitespace after them ("" for a paragraph of whitespace alone, parsed as it is).

    The words are what is parsed and kept: the last paragraph of a text and the same paragraph in a copy that
    goes on after it differ only in that whitespace."""
    content = paragraph.rstrip()
    return (content, paragraph[len(content) :]) if content else (paragraph, "")


def with_tail(array: numpy.ndarray, tail: str, nlp: Language) -> numpy.ndarray:
    """A paragraph's token array with the whitespace after its words, as spaCy tokenizes and tags it in the text:
    a first space is the last word's trailing space, the rest one whitespace token (tagged "_SP", attached to the
    word before it, outside any entity; the row of a whitespace token the pipeline parsed, its text replaced)."""
    if not tail:
        return array
    rows = [array.copy()] if tail[0] == " " else [array]
    if tail[0] == " ":
        rows[0][-1, SPACY_COLUMN] = 1
        tail = tail[1:]
    if tail:
        row = _space_row(nlp).copy()
        row[[ORTH_COLUMN, NORM_COLUMN, LEMMA_COLUMN]] = nlp.vocab.strings.add(tail)
        rows.append(row[numpy.newaxis])
    return rows[0] if len(rows) == 1 else numpy.concatenate(rows)


_SPACE_ROWS: weakref.WeakKeyDictionary[Language, numpy.ndarray] = weakref.WeakKeyDictionary()


def _space_row(nlp: Language) -> numpy.ndarray:
    """The token row ``nlp`` gives a line break after a word (made once per pipeline)."""
    row = _SPACE_ROWS.get(nlp)
    if row is None:
        row = _SPACE_ROWS[nlp] = nlp("Word\n").to_array(list(JOIN_ATTRS))[-1]
    return row
