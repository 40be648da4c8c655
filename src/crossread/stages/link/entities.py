"""link.entities: step 6 — one ``Entity`` per cluster: label by majority, the most complete name,
aliases, a content-hash id.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from crossread.model import ACTOR_LABELS, AnalyzedDocument, Entity, EntityMention, content_id
from crossread.stages.link.clusters import COUNTRY_NAMES, Cluster, surely_a_full_name
from crossread.stages.link.mentions import PERSON, Candidate
from crossread.stages.link.names import (
    NORMALISER_CACHE_SIZE,
    acronym_letters,
    fold,
    is_series_name,
    parse_person_name,
    token_norm,
)

# Editorial brackets inside a name ("[Boris] Yeltsin") are dropped from aliases.
ALIAS_DROP_RE = re.compile(r"[\[\]\u200b\ufeff]")


# Deterministic tie-break when two labels have the same number of votes.
LABEL_PRIORITY = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")


# spaCy's label set has no disease: a series member NER gives no other reading of is an EVENT, the
# nearest (it happens or is made, it does not act).
SERIES_LABEL = "EVENT"
# NER's readings that can name a series member (a group of people, "NORP", cannot).
SERIES_LABELS = frozenset({"EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


# The head noun of a law, a bill, a plan or a treaty's name ("First Amendment", "American Families Plan",
# "Paris Agreement"): a title-case name of two or more words ending in one is a LAW whatever NER read
# (the small model calls such names organisations; audit F saw "First Amendment" and "American
# Families Plan" as ORG). Nouns that also end organisations' names ("Convention", "Code") are left out.
LAW_HEAD_WORDS = frozenset(
    {
        "act",
        "amendment",
        "amendments",
        "bill",
        "law",
        "plan",
        "treaty",
        "accord",
        "accords",
        "agreement",
        "constitution",
        "protocol",
    }
)
LAW = "LAW"


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def is_law_name(name: str) -> bool:
    """ "First Amendment", "Clean Air Act", "American Families Plan", "Senate Bill 8"; not "Plan" alone or "the plan"."""
    words = [w for w in name.split() if token_norm(w) not in ("of", "the", "for", "and", "on", "to")]
    head = words[-2] if len(words) > 2 and words[-1].isdigit() else words[-1] if words else ""  # "Senate Bill 8"
    return len(words) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in words) and token_norm(head) in LAW_HEAD_WORDS


def _series_label(labels: Counter[str]) -> str:
    """The label of a numbered series member: NER's most common reading of it as a thing, else EVENT."""
    others = Counter({label: n for label, n in labels.items() if label in SERIES_LABELS})
    return _majority_label(others, prefer_person=False) if others else SERIES_LABEL


def _majority_label(labels: Counter[str], prefer_person: bool) -> str:
    def rank(label: str) -> tuple[int, int, int]:
        priority = LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)
        return (-labels[label], 0 if (prefer_person and label == PERSON) else 1, priority)

    if len(labels) == 1:
        return next(iter(labels))  # the only reading (no ranking needed)
    return min(labels, key=rank)


def _best_name(cluster: Cluster, forms: Counter[str]) -> str:
    """Most complete form: persons want given name + surname (not the tail of a longer form), names
    their expansion, not the acronym, and a series member its number.

    Ties go to the form whose words are the entity's most used spellings
    ("Alexander" and "Lukashenko" over "Aleksandr" or "Lukashenka"), then to
    the longer form.
    """
    if len(forms) == 1:
        return next(iter(forms))  # the only form (no ranking needed)
    spellings: Counter[str] = Counter()
    for form, count in forms.items():
        for word in set(form.split()):
            spellings[word] += count

    def rank(form: str) -> tuple[int, int, int, int, str]:
        words = form.split()
        incomplete: int | bool
        if cluster.kind == "person":  # "De Blasio" is the tail of "Bill De Blasio", not a full name
            incomplete = len(words) < 2 or len(words[0].rstrip(".")) < 2 or any(o.endswith(" " + form) for o in forms)
        elif fold(form) in COUNTRY_NAMES:  # "America" of "U.S." / "United States": its name or initials first
            incomplete = 2
        else:  # an acronym, or the bare head of a numbered series name ("COVID" of "COVID-19")
            incomplete = acronym_letters(form) is not None or any(is_series_name(o) and o.startswith(form + "-") for o in forms)
        return (int(incomplete), -forms[form], -sum(spellings[w] for w in words), -len(form), form)

    return min(forms, key=rank)


def alias_form(candidate: Candidate, kind: str) -> str:
    """The surface form shown as an alias: one-spaced, without "the" or editorial brackets."""
    return _alias_of(candidate.person_text if kind == "person" else candidate.text)


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def _alias_of(text: str) -> str:
    """``alias_form`` of a surface text, memoised: a story names its entities the same way again and again."""
    text = ALIAS_DROP_RE.sub("", text)
    words = text.split()
    if words and token_norm(words[0]) == "the" and len(words) > 1:
        return " ".join(words[1:])
    return " ".join(words)


def _label_votes(members: Sequence[tuple[Candidate, bool]], person: bool) -> Counter[str]:
    """NER labels of the members; for a person, those of its sure full names when there are any
    (a lone surname joins its person whatever NER called it: "Fauci" is an ORG to the small model)."""
    if person:
        names = ((c, parse_person_name(c.person_text)) for c, _ in members)
        full = Counter(c.label for c, n in names if n is not None and surely_a_full_name(c.person_text, n))
        if full:
            return full
    votes = Counter(c.label for c, _ in members)
    if not person and len(votes) > 1 and _no_person_can_bear(members):
        del votes[PERSON]  # "COVID-19" (PERSON twice, ORG once): a name no person can bear is not a person
    return votes


def _no_person_can_bear(members: Sequence[tuple[Candidate, bool]]) -> bool:
    """A name that cannot be a person's: "COVID-19" holds a digit (``parse_person_name``), "Pfizer"
    is never introduced as a person in its story (``introductions``)."""
    return parse_person_name(members[0][0].person_text) is None or any(c.person_denied for c, _ in members)


def impossible_person(cluster: Cluster) -> bool:
    """A name NER mostly calls a person, which no person can bear: no entity rather than a wrong one.

    When NER's majority reading is impossible, its minority readings are no evidence either:
    "COVID-19" read as a PERSON twice and an ORG once is no organisation. A name some mentions
    call an ORG or a place at least as often as a person stays, as that (``_label_votes``):
    "Facebook", twice a PERSON and twice an ORG.
    """
    if cluster.kind != "name" or not _no_person_can_bear(cluster.members):
        return False
    if any(is_series_name(candidate.text) for candidate, _ in cluster.members):
        return False  # its shape settles what it is ("COVID" and "COVID-19" read as persons: an EVENT)
    labels = Counter(candidate.label for candidate, _ in cluster.members)
    return labels[PERSON] * 2 > labels.total()


def build_entity(cluster: Cluster, documents: Sequence[AnalyzedDocument], used_ids: set[str]) -> Entity:
    """An Entity from a cluster: majority label, best name, aliases, sorted mentions, stable id."""
    members = sorted(cluster.members, key=lambda m: (m[0].doc_index, m[0].start))
    person = cluster.kind == "person"
    labels = _label_votes(members, person)
    forms = Counter(alias_form(c, cluster.kind) for c, as_alias in members if as_alias)
    if not forms:
        forms = Counter(alias_form(c, cluster.kind) for c, _ in members)
    name = _best_name(cluster, forms)
    label = _majority_label(labels, prefer_person=person)
    if not person and label in ACTOR_LABELS and any(is_series_name(form) for form in forms):
        label = _series_label(labels)
    if not person and is_law_name(name):
        label = LAW
    mentions: dict[EntityMention, None] = {}  # ordered and deduplicated
    for candidate, _ in members:
        start, end = (candidate.person_start, candidate.person_end) if person else (candidate.start, candidate.end)
        mentions[EntityMention(candidate.doc_id, start, end, documents[candidate.doc_index].document.text[start:end])] = None
    aliases = tuple(sorted(forms, key=lambda f: (-forms[f], f)))
    # the acronym a text defines for the name in brackets is one of its names, mentioned or not ("IDF")
    defined = {c.spells_out.upper() for c, _ in members if c.spells_out} - {fold(f).upper() for f in forms}
    aliases += tuple(sorted(defined))
    entity_id = content_id(label, fold(name), prefix="e")
    serial = 1
    while entity_id in used_ids:
        serial += 1
        entity_id = content_id(label, fold(name), str(serial), prefix="e")
    used_ids.add(entity_id)
    return Entity(entity_id, name, label, aliases, tuple(mentions))
