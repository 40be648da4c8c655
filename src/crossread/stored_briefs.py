"""A story's brief computed once and kept in the store, keyed by its documents and the code that made it.

``brief_of`` is how every surface (page, API, CLI, library) gets a story's
brief: the stored one when the same documents were briefed by the same code,
else it is computed and stored. The key hashes the story's document ids (a
story that gains a document is briefed again); ``code_version`` hashes
crossread's own source and data files plus the spaCy model, so a brief made by
other code is recomputed, never shown. Stored briefs are plain JSON
(``crossread.codec``), without their documents: those are read from the store
and attached again. Analyst corrections are applied on top, per request
(``corpus.corrected``), so they are never baked in.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path

from spacy.language import Language

from crossread.codec import decode, encode
from crossread.errors import StoreError
from crossread.model import AnalyzedDocument, Brief, content_id
from crossread.parses import model_id
from crossread.store.base import Store

PACKAGE = Path(__file__).resolve().parent
# What makes a brief: the code and the data files it reads (matcher weights, outlet registry).
SOURCE_PATTERNS = ("**/*.py", "**/*.json", "**/*.csv")


@cache
def source_hash() -> str:
    """sha256 over crossread's own source and data files (path and bytes), computed once per process."""
    digest = hashlib.sha256()
    for pattern in SOURCE_PATTERNS:
        for path in sorted(PACKAGE.glob(pattern)):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def code_version(nlp: Language) -> str:
    """What made a brief: crossread's source hash and the spaCy model."""
    return f"{source_hash()}:{model_id(nlp)}"


def brief_key(doc_ids: list[str] | tuple[str, ...]) -> str:
    return content_id("brief", *sorted(doc_ids), prefix="b")


def to_json(brief: Brief) -> str:
    """The brief without its documents (the store has them), as JSON text."""
    return json.dumps(encode(dataclasses.replace(brief, documents=())), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str, documents: list[AnalyzedDocument]) -> Brief:
    brief: Brief = decode(Brief, json.loads(text), "brief")
    return dataclasses.replace(brief, documents=tuple(documents))


def brief_of(store: Store, documents: list[AnalyzedDocument], nlp: Language) -> Brief:
    """The brief of these documents: stored when the same code made it, else computed now and stored."""
    from crossread.brief import build_brief

    key = brief_key([d.document.id for d in documents])
    version = code_version(nlp)
    stored = store.load_brief(key, version)
    if stored is not None:
        try:
            return from_json(stored, documents)
        except (ValueError, TypeError, KeyError):  # written by other code under the same hash: compute again
            pass
    brief = build_brief(documents, nlp)
    with contextlib.suppress(StoreError):  # a read-only store still serves the brief, computed each time
        store.save_brief(key, version, to_json(brief))
    return brief
