"""A document's spaCy parse kept as compact bytes, so the story half never parses a text twice.

Ingest parses every text once (analyze); compare needs the same parse again
(dependencies, lemmas, entities) to cut claims and read their frames. Re-parsing
was most of a brief's time: 3.7 s of CPU for 20 articles of 900 tokens on the
2-core machine, against 0.04 s to restore them from a DocBin of the attributes
compare reads (about 15 bytes a token, zlib-compressed by spaCy). A parse is
tied to the pipeline that made it (``model_id``): another model re-parses.
A text longer than spaCy takes at once is parsed chunk by chunk
(``text_chunks``) and the chunks joined into one Doc over the whole text
(``join``), so every text has a parse whatever its length.

The bytes are spaCy's ``DocBin`` format for one Doc, written and read here without
``DocBin``'s two slow steps (the same message at a faster zlib level,
``PACK_ZLIB_LEVEL``; the same Doc): its string table is gathered from the token
arrays instead of nine attribute reads per token, and msgpack is called without
srsly's search of the installed packages' entry points for extra encoders on every
call (0.2 ms to pack, 0.3 ms to read, whatever the size). Measured on 300 bench
documents (2-core machine): pack 1.3 -> 0.6 ms a document, unpack 1.3 -> 0.8 ms;
reading the strings into the string store instead of making a lexeme of each
(``unpack``), 0.5 -> 0.3 ms (all 2,999 bench parses).
"""

from __future__ import annotations

import threading
import weakref
import zlib
from functools import cache
from typing import Any

import numpy
import srsly.msgpack
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.tokens._dict_proxies import SpanGroups
from spacy.vocab import Vocab

# What compare reads of a token (lexical flags such as is_stop and like_num follow from ORTH).
PARSE_ATTRS = (ORTH, LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START, SPACY)
# The token strings DocBin.add keeps (text, tag, lemma, norm, morph, dep, entity type, KB id, entity id)
# and the one of them read apart: an empty analysis is hashed as "_" but kept as "" (str(token.morph)).
STRING_ATTRS = (ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID)
EMPTY_MORPH = "_"
# STRING_ATTRS and MORPH read as one array (MORPH last).
STRING_COLUMNS: list[int | str] = [*STRING_ATTRS, MORPH]
# DocBin's format version (spacy.tokens.DocBin.version), written into every parse.
DOCBIN_VERSION = "0.1"


# Each loaded pipeline's language, name and version, read from its meta once: ``Language.meta``
# gathers every component's labels on each access (0.2 ms; two per brief).
_PIPELINE_NAMES: weakref.WeakKeyDictionary[Language, str] = weakref.WeakKeyDictionary()


def pipeline_name(nlp: Language) -> str:
    """The pipeline's language, name and version ("en_core_web_sm-3.8.0"), as ``analyze.meta_id`` reads them from its meta."""
    name = _PIPELINE_NAMES.get(nlp)
    if name is None:
        meta = nlp.meta
        name = _PIPELINE_NAMES[nlp] = f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
    return name


def model_id(nlp: Language) -> str:
    """The pipeline a parse came from: language, name, version and components."""
    return f"{pipeline_name(nlp)}:{','.join(nlp.pipe_names)}"


@cache
def docbin_attrs() -> tuple[int, ...]:
    """The attribute columns DocBin stores for PARSE_ATTRS, in its order (ORTH first, SPACY apart)."""
    return tuple(int(attr) for attr in DocBin(attrs=list(PARSE_ATTRS)).attrs)


_packers = threading.local()


def _packer() -> srsly.msgpack.Packer:
    """This thread's msgpack packer, made once (srsly scans entry points each time one is made)."""
    packer: srsly.msgpack.Packer | None = getattr(_packers, "packer", None)
    if packer is None:
        packer = _packers.packer = srsly.msgpack.Packer(use_bin_type=True)  # srsly.msgpack_dumps's options
    return packer


# zlib's level for a packed parse (DocBin's own: 6): on 1,500 bench parses 0.33 -> 0.17 s of CPU to compress for
# 4% more bytes (4.19 -> 4.37 MB), and reading them back as fast.
PACK_ZLIB_LEVEL = 2


def _distinct(values: numpy.ndarray[Any, Any]) -> list[int]:
    """The distinct values, sorted, as Python ints: ``numpy.unique(values).tolist()`` by a sort and a
    neighbour test (``numpy.unique`` hashes; on a parse's few thousand hashes it took 2.5x as long)."""
    flat = numpy.sort(values, axis=None)
    if not len(flat):
        return []
    kept: list[int] = flat[numpy.concatenate(([True], flat[1:] != flat[:-1]))].tolist()
    return kept


def _strings(doc: Doc) -> list[str]:
    """The sorted strings DocBin.add would collect from the doc's tokens, read from their hashes.

    One array for all the columns, each distinct hash looked up once (the string store gives ""
    for hash 0): 0.31 -> 0.20 s of CPU on 1,349 bench parses.
    """
    lookup = doc.vocab.strings.__getitem__
    columns = doc.to_array(STRING_COLUMNS)
    found = set(map(lookup, _distinct(columns[:, :-1])))
    found.update("" if morph == EMPTY_MORPH else morph for morph in map(lookup, _distinct(columns[:, -1])))
    return sorted(found)


def pack(doc: Doc) -> bytes:
    """The parse as bytes (no user data, no vectors): ``DocBin(attrs=PARSE_ATTRS).add(doc).to_bytes()``'s message,
    compressed at ``PACK_ZLIB_LEVEL`` (``DocBin.from_bytes`` reads it as its own)."""
    if doc.spans:  # span groups add their labels to the strings: DocBin's own path
        docs = DocBin(attrs=list(PARSE_ATTRS), store_user_data=False)
        docs.add(doc)
        return bytes(docs.to_bytes())
    attrs: list[int | str] = list(docbin_attrs())
    tokens = doc.to_array(attrs).reshape((len(doc), len(attrs)))
    spaces = numpy.asarray(doc.to_array(SPACY).reshape((len(doc), 1)), dtype=bool)
    message = {
        "version": DOCBIN_VERSION,
        "attrs": attrs,
        "tokens": tokens.tobytes("C"),
        "spaces": spaces.tobytes("C"),
        "lengths": numpy.asarray([len(doc)], dtype="int32").tobytes("C"),
        "strings": _strings(doc),
        "cats": [doc.cats],
        "flags": [{"has_unknown_spaces": doc.has_unknown_spaces}],
        "span_groups": [doc.spans.to_bytes()],
    }
    return zlib.compress(_packer().pack(message), PACK_ZLIB_LEVEL)


def _message(data: bytes) -> dict[str, Any]:
    """The msgpack message of a DocBin (``object_pairs_hook`` given: srsly adds no decoders, so scans nothing)."""
    message: dict[str, Any] = srsly.msgpack.unpackb(zlib.decompress(data), raw=False, use_list=True, object_pairs_hook=None)
    return message


def unpack(data: bytes, vocab: Vocab) -> Doc:
    """The parse ``pack`` stored, over ``vocab`` (the loaded pipeline's): the Doc ``DocBin.get_docs`` makes.

    ``get_docs`` first looks every stored string up as a lexeme (``vocab[string]``):
    lemmas, tags, labels and entity types too, which no token's lexeme is. Here they
    only join the string store, which is all the token arrays need; each word's lexeme
    is made by ``Doc`` as before. Same Doc; on the 2,999 stored parses of the bench
    corpus, alternated in one process: 1.5 s of CPU against 0.9 s a pass.
    """
    message = _message(data)
    attrs: list[int | str] = message["attrs"]
    strings = vocab.strings
    for string in message["strings"]:
        strings.add(string)
    count = int(numpy.frombuffer(message["lengths"], dtype="int32")[0])  # pack writes one Doc
    tokens = numpy.frombuffer(message["tokens"], dtype="uint64").reshape((-1, len(attrs)))[:count]
    flags = message.get("flags", [{}])[0]
    spaces = None if flags.get("has_unknown_spaces") else numpy.frombuffer(message["spaces"], dtype=bool)[:count].tolist()
    # Words and spaces as Python ints and bools: ``Doc`` walks them one by one, and a numpy scalar made of
    # each element and converted back cost twice the time of the list.
    doc = Doc(vocab, words=tokens[:, attrs.index(ORTH)].tolist(), spaces=spaces)
    doc = doc.from_array(attrs, tokens)  # type: ignore[arg-type]
    doc.cats = message["cats"][0]
    groups = message.get("span_groups", [b""])[0]
    if groups and groups != SpanGroups._EMPTY_BYTES:
        doc.spans.from_bytes(groups)
    else:
        doc.spans.clear()
    if message.get("user_data") and message["user_data"][0] is not None:
        doc.user_data.update(srsly.msgpack_loads(message["user_data"][0], use_list=False))
    return doc


def text_chunks(text: str, max_chars: int) -> list[tuple[int, int]]:
    """``text`` cut into spans of at most ``max_chars``: at a paragraph break, else a sentence end, else a space."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = start + max_chars
        floor = start + max_chars // 2
        cut = text.rfind("\n\n", floor, end)
        if cut < 0:
            cut = max(text.rfind(". ", floor, end - 1), text.rfind("\n", floor, end))
            cut = cut + 1 if cut >= 0 else text.rfind(" ", floor, end)
        if cut <= start:
            cut = end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def join(docs: list[Doc]) -> Doc:
    """Parses of consecutive chunks of one text as one Doc whose text (and so every offset) is the whole text's."""
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
