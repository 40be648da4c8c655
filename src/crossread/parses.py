"""A document's spaCy parse kept as compact bytes, so the story half never parses a text twice.

Ingest parses every text once (analyze); compare needs the same parse again
(dependencies, lemmas, entities) to cut claims and read their frames. Re-parsing
was most of a brief's time: 3.7 s of CPU for 20 articles of 900 tokens on the
2-core machine, against 0.04 s to restore them from a DocBin of the attributes
compare reads (about 15 bytes a token, zlib-compressed by spaCy). A parse is
tied to the pipeline that made it (``model_id``): another model re-parses.
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
