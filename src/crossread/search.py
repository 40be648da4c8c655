"""Search that knows the linker's entities: "Lukashenko" also finds "Lukashenka".

The store's full-text search matches words as written. An entity the linker
merged ("Alexander Lukashenka", "Lukashenko") is one person, so a search for one
spelling should find every document that uses another. Nothing is stored for
this (no migration): the spellings are read from the entities the linker finds,
at query time, in the stories of the first hits:

1. search the words as given;
2. link the entities of the stories those hits belong to (a story is the unit
   the linker merges spellings in; at most ``ALIAS_STORIES`` of them);
3. for each query word that is an entity's name (a person's surname, or a
   whole one-word name), search again with each other spelling of it;
4. merge: the hits of the words as given first, then the others, best first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crossread.model import AnalyzedDocument, Entity
from crossread.stages.link import link_entities
from crossread.store.base import SearchHit, Store

# Stories whose entities are linked to find spellings: the stories of the best hits. Linking a
# 10-document story takes a few milliseconds; 10 stories keep a search well under a second.
ALIAS_STORIES = 10
# Other spellings searched per query, at most (each is one full-text query).
MAX_VARIANTS = 8
WORD_RE = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def spellings(word: str, entities: Sequence[Entity]) -> list[str]:
    """Other spellings of ``word`` among ``entities``: a person's other surnames, a name's other forms."""
    key = word.casefold()
    found: dict[str, None] = {}
    for entity in entities:
        forms = [_words(f) for f in (entity.name, *entity.aliases)]
        forms = [f for f in forms if f]
        if entity.label == "PERSON":
            if any(f[-1].casefold() == key for f in forms):
                found.update(dict.fromkeys(f[-1] for f in forms))
        elif any(len(f) == 1 and f[0].casefold() == key for f in forms):
            found.update(dict.fromkeys(" ".join(f) for f in forms))
    return [s for s in found if s.casefold() != key]


def _linked(store: Store, doc_ids: Sequence[str]) -> list[AnalyzedDocument]:
    found = store.get_documents(doc_ids)  # read together
    return [found[i] for i in doc_ids if i in found]


def search(store: Store, query: str, limit: int = 50) -> list[SearchHit]:
    """Full-text hits for ``query``, with every spelling the linker merged for its names (see the module)."""
    hits = store.search_documents(query, limit=limit)
    words = _words(query)
    if not hits or not words:
        return hits
    entities = _entities_of_stories(store, [h.id for h in hits])
    variants: list[str] = []
    for position, word in enumerate(words):
        for other in spellings(word, entities):
            variants.append(" ".join([*words[:position], other, *words[position + 1 :]]))
    merged = {h.id: h for h in hits}
    for variant in variants[:MAX_VARIANTS]:
        for hit in store.search_documents(variant, limit=limit):
            merged.setdefault(hit.id, hit)
    return list(merged.values())[:limit]


def _entities_of_stories(store: Store, doc_ids: list[str]) -> list[Entity]:
    """The linker's entities of each story holding one of ``doc_ids`` (best hits first)."""
    wanted = set(doc_ids)
    rank = {d: i for i, d in enumerate(doc_ids)}
    stories = sorted(
        (s for s in store.list_stories() if wanted & set(s.doc_ids)),
        key=lambda s: min(rank[d] for d in s.doc_ids if d in wanted),
    )
    entities: list[Entity] = []
    for story in stories[:ALIAS_STORIES]:
        entities.extend(link_entities(_linked(store, story.doc_ids)))
    return entities
