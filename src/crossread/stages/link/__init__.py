"""link: AnalyzedDocuments -> cross-document entities.

Needs analyzed documents (``mentions`` from spaCy NER, ``sentences`` with the
``is_heading`` flag, ``quotes`` with speaker spans). Adds one ``Entity`` per
real-world person, place or organisation, with every mention (document + span)
that refers to it. The steps, in order (each a sub-module: ``mentions``, ``introductions``,
``clusters``, ``speakers``, ``entities``; name comparison in ``names``):

1. **Clean** each mention: strip "the", possessives, title-case headline verbs
   ("Meets Lukashenko", a lone "Strikes"), titles/roles ("U.S. Secretary of State",
   "Mr.") and what follows a person's name after a comma, a colon or as a trailing
   acronym; a headline is a heading sentence or the document's title printed as
   its first line ("Israel Ground Forces" -> "Israel" where the text says "ground
   forces"), but a feature's name keeps its noun ("East Sea", "Korean Peninsula") and a
   group the text names stays ("Dems"). A censored word ("F— school"), a quoted cry
   ("Shame!"), a party letter ("(D., Hawaii)") or one member of a group ("The Democrat
   argued") is no name; a name before "variant" is no place, an outlet's name read as a
   state is an organisation. Every use of a series name ("Covid-19") is a mention, and a
   name defining an acronym NER missed joins the name another outlet defines it for.
   A chant ("Long Live X") or a phrase the sentence explains ("X is a Latin phrase")
   is no name; "Senate Bill 8" is one LAW; a name ends before a trailing connector
   ("... at") or a series name ("White House Covid"); a one-word name takes a four-figure
   number before it ("1619 Project") or the word that makes it a name the story knows
   ("Hill" of "Chapel Hill's"); "X of Y and Z" cut at its "and" is one name; a social
   platform is a company, and its uses a story's NER never tagged are mentions. A court case
   ("Planned Parenthood" + "v." + "Casey") is one LAW and a one-word party named alone ("Roe") is the
   case; a country's initials before a body or a building ("U.S." + "Capitol") are part of its name;
   every use of a law's name is a mention. A headline's rubric ("EXPLAINER:") and a bill's prefix
   ("H. Res. 601") are no names, "Washington, D.C." is one place, a headline's surname of a person
   the story names in full is a mention where NER missed it, and a one-word person reading of the
   story's own outlet ("Politico reported") is the outlet. Cleaning
   narrows a span (or widens it to those words), so
   ``text == document.text[start:end]`` holds.
2. **Route** each surface form to *person* or *name* by majority over the
   corpus: spaCy calls "Pompeo" a GPE in some sentences, but a form that is
   mostly a person (or a person's surname) is a person everywhere. The story's
   own evidence overrules NER for one-word forms (``introductions``): one it
   mentions repeatedly but never introduces as a person (no given name, title,
   "he"/"his") is not one ("Pfizer said its ..."), one it introduces is; a
   two- or three-word name after a title only people take ("councilwoman X Y")
   is a person reading.
3. **Persons** are blocked by a transliteration-tolerant surname skeleton
   ("Lukashenka" / "Lukashenko", "Zelensky" / "Zelenskiy"), then split by
   compatible given names (equal, initial, nickname, truncation,
   transliteration), so "Hillary Clinton" and "Bill Clinton" stay apart; so do different
   middle initials ("George H. W. Bush", "George W. Bush"). A
   lone token ("Clinton", "Kim") goes to the person of that surname (or, for
   family-name-first names, that first name) most recently mentioned in its
   document; in a document that names no one in full, to whom other documents
   most often call by it, else to the most mentioned person of that surname.
4. **Names** (GPE, ORG, ...) merge on a normalised key plus acronyms
   ("U.S." = "United States", "HTP" = "Hi-Tech Park", "UN General Assembly"),
   qualifiers ("U.S. House" = "House", "Senate Rules Committee" = "Rules
   Committee"), departments ("Homeland Security"), acronyms defined in brackets
   ("Israel Defense Force (IDF)" = "Israeli Defense Forces (IDF)"), a bare city
   name ("New York's next mayor" = "New York City"), group adjectives
   ("Democratic" = "Democrats"), the halves of a divided country ("the North" =
   North Korea), a country's initials across outlets and its other name ("U.S." =
   "United States" = "America"), ordinals in words or figures ("Fifth Circuit" = "5th
   Circuit" = "5th Circuit Court of Appeals"), a newspaper's last word ("the Post"), a
   channel ("X TV" = "X"; "X" = "X News"), a clipping ("WaPo"), a city and its district ("Washington" =
   "Washington D.C."), "the Court" (the story's only court), a court named with its circuit after it
   ("U.S. Court of Appeals for the 4th Circuit" = "4th US Circuit Court of Appeals"), a party's
   initials ("G.O.P." = "Republican Party") and a campus ("University of X Chapel Hill" =
   "University of X").
   An acronym is no one's surname ("UN" is not Kim Jong Un); a hyphenated surname is
   the person named in full with it ("Hannah-Jones").
5. **Quote speakers** become mentions of the entity they name (a pronoun or
   "the minister" is a mention, never an alias).
6. Each entity gets its label by majority over its mentions (a numbered series
   such as "COVID-19" never an acting one; a name no person can bear that NER
   mostly calls a person, no entity; a name ending in "Act", "Amendment", "Plan"
   ... a LAW), its most complete name, its aliases, and a content-hash id.

Everything is hashing and sorting by blocks, so the cost is roughly linear in
the number of mentions; no step compares all pairs of the corpus.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence

from crossread.model import AnalyzedDocument, Entity
from crossread.stages.link.clusters import Votes, cluster_names, cluster_persons
from crossread.stages.link.entities import build_entity, impossible_person, is_law_name
from crossread.stages.link.introductions import Introductions, deny_unintroduced, retitle_titled_names
from crossread.stages.link.mentions import (
    PERSON,
    Candidate,
    CaseStats,
    add_headline_surname_uses,
    add_law_uses,
    add_numbered_bills,
    add_platform_uses,
    add_series_uses,
    clean_all,
    mark_bracket_acronyms,
)
from crossread.stages.link.names import fold, parse_person_name
from crossread.stages.link.speakers import add_speakers

__all__ = ["EntityFinder", "entity_for_span", "link_entities"]


def link_entities(documents: Sequence[AnalyzedDocument]) -> list[Entity]:
    """Resolve the mentions of ``documents`` into cross-document entities.

    Returns entities sorted by prominence: most mentions first, then earliest
    first mention (document order of ``documents``, then position).
    """
    stats = CaseStats.from_documents(documents)
    candidates = clean_all(documents, stats)
    add_series_uses(documents, candidates)
    add_law_uses(documents, candidates, is_law_name)
    add_numbered_bills(documents, candidates)
    add_platform_uses(documents, candidates)
    add_headline_surname_uses(documents, candidates, stats)
    mark_bracket_acronyms(documents, candidates)
    retitle_titled_names(documents, candidates)
    votes = Votes.count(candidates)
    candidates = [c for c in candidates if not votes.joins_places(c)]
    introductions = Introductions.count(documents, candidates, stats)
    deny_unintroduced(candidates, introductions, votes)
    votes.introduced = introductions.introduced_otherwise()
    if votes.introduced:  # (most stories introduce no such form: no key to fold)
        for candidate in candidates:
            if fold(candidate.person_text) in votes.introduced:
                candidate.label = PERSON  # "Alejandro\u00a0Mayorkas" read as a GPE: the story says who
    reads_as_person = _memoised_by_form(votes.is_person)
    for candidate in candidates:
        text = documents[candidate.doc_index].document.text
        if candidate.label == PERSON:
            votes.drop_leading_acronym(candidate, text)
        if not reads_as_person(candidate):
            votes.narrow_to_known_person(candidate, text)
    routed = [(c, _may_be_person(c, reads_as_person)) for c in candidates]
    people = [c for c, is_person in routed if is_person]
    names = [c for c, is_person in routed if not is_person]
    index = cluster_persons(people)
    clusters = [p for group in index.by_group.values() for p in group if p.members]
    clusters.extend(cluster_names(names, [d.document.text for d in documents]))
    add_speakers(documents, index, clusters, stats)
    used_ids: set[str] = set()
    ordered = sorted(
        (c for c in clusters if c.members and not impossible_person(c)),
        key=lambda c: (min((m.doc_index, m.start) for m, _ in c.members), c.kind),
    )
    entities = [build_entity(c, documents, used_ids) for c in ordered]
    first_seen = {e.id: i for i, e in enumerate(entities)}
    return sorted(entities, key=lambda e: (-len(e.mentions), first_seen[e.id]))


def _may_be_person(candidate: Candidate, reads_as_person: Callable[[Candidate], bool]) -> bool:
    """Routed to the persons: the corpus votes say person (``Votes.is_person``), the form parses as a name, and
    the story does not deny it (``introductions``)."""
    return not candidate.person_denied and reads_as_person(candidate) and parse_person_name(candidate.person_text) is not None


def _memoised_by_form(is_person: Callable[[Candidate], bool]) -> Callable[[Candidate], bool]:
    """``Votes.is_person`` asked once per person form: it reads nothing of a candidate but ``person_text``, and
    the votes are settled once the introductions are (a story names its people with few forms, many times)."""
    known: dict[str, bool] = {}

    def reads_as_person(candidate: Candidate) -> bool:
        found = known.get(candidate.person_text)
        if found is None:
            found = known[candidate.person_text] = is_person(candidate)
        return found

    return reads_as_person


def entity_for_span(entities: Sequence[Entity], doc: str, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping ``doc[start:end]`` the most (ties: the more prominent)."""
    return EntityFinder(entities).at(doc, start, end)


class EntityFinder:
    """``entity_for_span`` for many spans over the same entities: each document's mentions listed once.

    A brief asks for every quote's speaker; scanning every mention of the story for
    each was 2% of the briefs of the bench corpus. Same answers: the mentions are
    read in the same order (entities by prominence, then their mentions).
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        listed: dict[str, list[tuple[int, int, int, Entity]]] = defaultdict(list)
        for entity in entities:
            for mention in entity.mentions:
                mentions = listed[mention.doc_id]
                mentions.append((mention.start, len(mentions), mention.end, entity))
        # per document: its mentions by start (then by the order read: prominence), their starts, the longest
        self._by_doc: dict[str, tuple[list[tuple[int, int, int, Entity]], list[int], int]] = {}
        for doc, mentions in listed.items():
            mentions.sort(key=lambda m: (m[0], m[1]))
            self._by_doc[doc] = (mentions, [m[0] for m in mentions], max(m[2] - m[0] for m in mentions))

    def at(self, doc: str, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping ``doc[start:end]`` the most (ties: the more prominent).

        Only the mentions that may overlap are read: those starting before ``end`` and at most the
        document's longest mention before ``start``. Ties go to the mention read first (the most
        prominent entity's), as when every mention was read in that order.
        """
        end = max(end, start + 1)  # a point asks for the mention that contains it
        found = self._by_doc.get(doc)
        if found is None:
            return None
        mentions, starts, longest = found
        best: Entity | None = None
        best_key = (0, 0)
        for mention_start, order, mention_end, entity in mentions[
            bisect_left(starts, start - longest) : bisect_left(starts, end)
        ]:
            overlap = min(end, mention_end) - max(start, mention_start)
            if overlap > 0 and (overlap, -order) > best_key:
                best, best_key = entity, (overlap, -order)
        return best
