"""A story's brief computed once and kept in the store, keyed by its documents and the code that made it.

``brief_of`` is how every surface (page, API, CLI, library) gets a story's
brief: the stored one when the same documents were briefed by the same code,
else it is computed and stored. The key hashes the story's document ids (a
story that gains a document is briefed again); ``code_version`` hashes
crossread's own source and data files plus the spaCy model, so a brief made by
other code is recomputed, never shown. Stored briefs are plain JSON
(``crossread.codec``), without their documents: those are read from the store
and attached again. Analyst corrections are applied on top, per request
(``corpus.corrected``), so they are never baked in. A brief built again keeps
the entity ids the store issued before (``crossread.entity_ids``); the ids it
keeps, issues and retires are stored before the brief.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language

from crossread.codec import decode, field_names
from crossread.entity_ids import registry_after
from crossread.errors import StoreError
from crossread.model import AnalyzedDocument, Brief, content_id
from crossread.parses import pipeline_name
from crossread.stages.analyze import installed_model_id
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


def code_version(model: str) -> str:
    """What made a brief: crossread's source hash and the spaCy model (``analyze.meta_id``)."""
    return f"{source_hash()}:{model}"


def brief_key(doc_ids: list[str] | tuple[str, ...]) -> str:
    return content_id("brief", *sorted(doc_ids), prefix="b")


def to_json(brief: Brief) -> str:
    """The brief without its documents (the store has them), as JSON text: ``json.dumps(codec.encode(brief))``.

    ``json`` walks the tuples, dicts and scalars itself and asks ``_json_value`` only for
    the dataclasses (and bytes), so the brief's ~1,400 values on average are not first
    copied one by one in Python: same text, on the 748 briefs of a 1,500-document bench
    store 0.74 s of CPU before.
    """
    return json.dumps(dataclasses.replace(brief, documents=()), ensure_ascii=False, separators=(",", ":"), default=_json_value)


def _json_value(value: Any) -> Any:
    """What ``json`` cannot write itself, as ``codec.encode`` writes it: a dataclass as its fields in order, bytes as base64."""
    names = field_names(type(value))
    if names is not None:
        return {name: getattr(value, name) for name in names}
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"a brief holds a {type(value).__name__}, which crossread.codec cannot write")


def from_json(text: str, documents: list[AnalyzedDocument]) -> Brief:
    brief: Brief = decode(Brief, json.loads(text), "brief")
    return dataclasses.replace(brief, documents=tuple(documents))


def stored_brief(store: Store, documents: list[AnalyzedDocument], model: str | None) -> Brief | None:
    """The stored brief of these documents made by this code and the pipeline ``load_nlp(model)`` would load, else None.

    Never loads spaCy: a reader with stored briefs answers without the pipeline.
    """
    model_name = installed_model_id(model)
    return None if model_name is None else _load(store, documents, model_name)


def _load(store: Store, documents: list[AnalyzedDocument], model_name: str) -> Brief | None:
    stored = store.load_brief(brief_key([d.document.id for d in documents]), code_version(model_name))
    if stored is None:
        return None
    try:
        return from_json(stored, documents)
    except (ValueError, TypeError, KeyError):  # written by other code under the same hash: compute again
        return None


def _pipeline(nlp: Language | Callable[[], Language]) -> Language:
    return nlp if isinstance(nlp, Language) else nlp()


def brief_of(
    store: Store, documents: list[AnalyzedDocument], nlp: Language | Callable[[], Language], model: str | None = None
) -> Brief:
    """The brief of these documents: stored when the same code made it, else computed now and stored.

    ``nlp``: the pipeline, or a function that loads it — then a stored brief is read
    without loading spaCy at all (the model ``load_nlp(model)`` would load is
    identified from its meta.json).
    """
    from crossread.brief import build_brief

    loaded = nlp if isinstance(nlp, Language) else None
    model_name = pipeline_name(loaded) if loaded is not None else installed_model_id(model)
    if model_name is None:  # a pipeline not installed as a package or folder: load it to know it
        loaded = _pipeline(nlp)
        model_name = pipeline_name(loaded)
    found = _load(store, documents, model_name)
    if found is not None:
        return found
    doc_ids = [d.document.id for d in documents]
    issued = store.load_entity_ids(doc_ids)
    signatures = store.load_signatures(doc_ids) if len(doc_ids) > 1 else {}  # one document is its own chain
    brief = build_brief(documents, loaded if loaded is not None else _pipeline(nlp), issued=issued, signatures=signatures)
    rows, retired = registry_after(brief.entities, issued, datetime.now(UTC).isoformat(timespec="microseconds"))
    with contextlib.suppress(StoreError):  # a read-only store still serves the brief, computed each time
        store.save_entity_ids(doc_ids, rows, retired)  # first: a stored brief never has ids the registry lacks
        store.save_brief(brief_key(doc_ids), code_version(model_name), to_json(brief))
    return brief
