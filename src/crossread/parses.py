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
"""

from __future__ import annotations

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

# What compare reads of a token (lexical flags such as is_stop and like_num follow from ORTH).
PARSE_ATTRS = (ORTH, LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START, SPACY)


def model_id(nlp: Language) -> str:
    """The pipeline a parse came from: language, name, version and components."""
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}:{','.join(nlp.pipe_names)}"


def pack(doc: Doc) -> bytes:
    """The parse as bytes (no user data, no vectors)."""
    docs = DocBin(attrs=list(PARSE_ATTRS), store_user_data=False)
    docs.add(doc)
    return bytes(docs.to_bytes())


def unpack(data: bytes, vocab: Vocab) -> Doc:
    """The parse ``pack`` stored, over ``vocab`` (the loaded pipeline's)."""
    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))


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


def parse(text: str, nlp: Language, max_chars: int) -> Doc:
    """``text`` parsed by ``nlp`` whatever its length: in chunks of at most ``max_chars`` (capped at ``nlp.max_length``)."""
    limit = max(1, min(max_chars, nlp.max_length))
    if len(text) <= limit:
        return nlp(text)
    return join([nlp(text[start:end]) for start, end in text_chunks(text, limit)])
