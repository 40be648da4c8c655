"""Entity ids that stay the same when a later batch adds spellings, merges or splits entities.

``link`` names each entity by a content hash of its label and best name, so a
fuller spelling from a later batch ("Pompeo" -> "Mike Pompeo", "Alexander
Lukashenka" -> "Alexander Lukashenko") would give the entity a new id, and a
bookmarked page, an export diffed between runs or anything keyed by the id
would break. Mentions do not move: a document id and a character span into its
stored text. So the store keeps a registry, one row per mention, of the id each
mention's entity was issued (``IssuedMention``), and when a brief is built
again its entities are matched to the registry by the mentions they share:

1. **Keep** (``keep_ids``): each new entity takes the id of the registered entity
   it shares most mentions with, one to one, greatest overlap first; ties go
   to the older id (issued first, then the smaller id), then to the more
   prominent new entity (``link_entities`` order). A merge thus keeps the id
   of the part with more mentions (the older on ties); a split leaves the id
   with the part holding most of the old mentions.
2. **Issue**: an entity sharing no mention with an unclaimed registered one
   keeps its content id, unless that id is taken by a kept entity or retired
   (below), then a serial variant of it.
3. **Retire** (``registry_after``): a registered id whose mentions now all
   belong to entities with other ids is redirected to the entity holding most
   of them, so lookups by the old id still resolve (``Store.resolve_entity_id``).

A mention shifted by cleaning ("Meets Lukashenko" -> "Lukashenko") still
counts when it keeps its start or its end. Pure functions: the store is read
and written by ``crossread.stored_briefs``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from crossread.model import Entity, EntityMention, content_id


@dataclass(frozen=True, slots=True)
class IssuedMention:
    """A registry row: the entity id a mention's entity was issued, and when that id was first issued (ISO time)."""

    doc_id: str
    start: int
    end: int
    entity_id: str
    issued: str


class _Registry:
    """The registry of a set of documents, indexed by span and by the span's start and end."""

    def __init__(self, rows: Iterable[IssuedMention]) -> None:
        self.exact: dict[tuple[str, int, int], set[str]] = defaultdict(set)
        starts: dict[tuple[str, int], set[str]] = defaultdict(set)
        ends: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.issued: dict[str, str] = {}
        for row in rows:
            self.exact[(row.doc_id, row.start, row.end)].add(row.entity_id)
            starts[(row.doc_id, row.start)].add(row.entity_id)
            ends[(row.doc_id, row.end)].add(row.entity_id)
            known = self.issued.get(row.entity_id)
            self.issued[row.entity_id] = row.issued if known is None else min(known, row.issued)
        # A shifted span counts only where its start (or end) is one entity's alone.
        self.starts = {key: next(iter(ids)) for key, ids in starts.items() if len(ids) == 1}
        self.ends = {key: next(iter(ids)) for key, ids in ends.items() if len(ids) == 1}

    def ids_of(self, mention: EntityMention) -> set[str]:
        """The registered ids of the entity (entities) this mention belonged to."""
        exact = self.exact.get((mention.doc_id, mention.start, mention.end))
        if exact:
            return exact
        shifted = self.starts.get((mention.doc_id, mention.start)) or self.ends.get((mention.doc_id, mention.end))
        return {shifted} if shifted else set()

    def shared(self, entities: Sequence[Entity]) -> list[Counter[str]]:
        """Per entity: registered id -> how many of its mentions were that id's."""
        return [Counter(i for m in e.mentions for i in self.ids_of(m)) for e in entities]

    def age(self, entity_id: str) -> tuple[str, str]:
        return (self.issued[entity_id], entity_id)


def _kept(registry: _Registry, shared: list[Counter[str]]) -> dict[int, str]:
    """Entity index -> the registered id it keeps: greatest overlap first, one to one."""
    pairs = sorted(
        ((count, old, index) for index, counts in enumerate(shared) for old, count in counts.items()),
        key=lambda p: (-p[0], registry.age(p[1]), p[2]),
    )
    kept: dict[int, str] = {}
    claimed: set[str] = set()
    for _count, old, index in pairs:
        if index not in kept and old not in claimed:
            kept[index] = old
            claimed.add(old)
    return kept


def _retired(registry: _Registry, shared: list[Counter[str]], kept: dict[int, str]) -> dict[str, int]:
    """Registered id not kept -> the index of the entity holding most of its mentions (ties: the more prominent)."""
    claimed = set(kept.values())
    best: dict[str, tuple[int, int]] = {}
    for index, counts in enumerate(shared):
        for old, count in counts.items():
            if old not in claimed and (old not in best or count > best[old][0]):
                best[old] = (count, index)
    return {old: index for old, (_count, index) in best.items()}


def _assigned(entities: Sequence[Entity], registry: _Registry) -> tuple[list[str], dict[str, int]]:
    """Each entity's id (kept, else its own or a serial variant of it) and the retired ids with their heir's index."""
    shared = registry.shared(entities)
    kept = _kept(registry, shared)
    retired = _retired(registry, shared, kept)
    unavailable = set(kept.values()) | set(retired)
    ids: list[str] = []
    for index, entity in enumerate(entities):
        if index in kept:
            ids.append(kept[index])
            continue
        entity_id, serial = entity.id, 1
        while entity_id in unavailable:
            serial += 1
            entity_id = content_id(entity.id, str(serial), prefix="e")
        unavailable.add(entity_id)
        ids.append(entity_id)
    return ids, retired


def keep_ids(entities: Sequence[Entity], issued: Iterable[IssuedMention]) -> list[Entity]:
    """``entities`` (as ``link_entities`` made them, in its order) with the ids the registry ``issued`` keeps."""
    registry = _Registry(issued)
    if not registry.issued:
        return list(entities)
    ids, _retired_ids = _assigned(entities, registry)
    return [e if e.id == i else dataclasses.replace(e, id=i) for e, i in zip(entities, ids, strict=True)]


def registry_after(
    entities: Sequence[Entity], issued: Iterable[IssuedMention], now: str
) -> tuple[list[IssuedMention], dict[str, str]]:
    """The registry rows of ``entities`` (ids from ``keep_ids``) and the ids they retire (old id -> id now).

    A kept id keeps its issue time; an id first issued now gets ``now``.
    """
    registry = _Registry(issued)
    retired = _retired(registry, registry.shared(entities), {i: e.id for i, e in enumerate(entities)})
    rows = [
        IssuedMention(m.doc_id, m.start, m.end, e.id, registry.issued.get(e.id, now))
        for e in entities
        for m in dict.fromkeys(e.mentions)
    ]
    live = {e.id for e in entities}
    return rows, {old: entities[index].id for old, index in retired.items() if old not in live}


def resolve(entity_id: str, redirect: Callable[[str], str | None]) -> str:
    """Follow retired ids (``redirect``: old id -> the id it went to, else None) to the id used now.

    A cycle (an id retired, issued again, retired again) stops where it closes.
    """
    seen = {entity_id}
    target = redirect(entity_id)
    while target is not None and target not in seen:
        entity_id = target
        seen.add(entity_id)
        target = redirect(entity_id)
    return entity_id
