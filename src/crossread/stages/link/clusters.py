"""link.clusters: steps 2-4 — route surface forms to person or name by corpus majority, cluster
persons by surname skeleton and compatible given names, cluster other names by key and acronym.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from crossread.first_names import is_first_name
from crossread.model import PLACE_LABELS
from crossread.stages.link.mentions import PERSON, Candidate, case_parties, plain_key, span_tokens, trim_span
from crossread.stages.link.names import (
    ACRONYM_RE,
    GROUP_NICKNAMES,
    MAX_NAME_WORDS,
    NORMALISER_CACHE_SIZE,
    TRAILING_JUNK,
    PersonName,
    acronym_letters,
    fold,
    given_key,
    given_names_compatible,
    initials,
    is_role_token,
    is_series_name,
    middles_compatible,
    name_word_tuple,
    name_words,
    parse_person_name,
    surname_key,
)

# Jaro-Winkler similarity two surnames in one skeleton block must reach to be
# one name. Transliteration pairs score 0.95-0.98 ("lukashenka"/"lukashenko"
# 0.96, "zelensky"/"zelenskiy" 0.98); the skeleton already keeps apart
# look-alikes such as "johnson"/"johnston" (JW 0.975), so this only guards
# against skeleton collisions of short, different names.
SURNAME_MIN_SIMILARITY = 0.9
# A name this long is one name with or without a qualifying word in front ("U.S. Food and Drug
# Administration" / "Food and Drug Administration"); shorter ones are not ("Russian Navy").
MIN_QUALIFIED_NAME_WORDS = 3
# An acronym read from part of a name ("CDC" from "Centers for Disease Control and ...") has
# at least this many letters.
MIN_ACRONYM_LETTERS = 3
# An acronym this long is specific enough to join its expansion across documents that never meet it
# (two-letter ones are not: "US" and the "United Synagogue").
MIN_SPELT_OUT_ACRONYM_LETTERS = 3
_DEPARTMENT_OF = re.compile(r"(department|ministry|office|bureau) of (?:the )?(\w[\w .'&-]*)")
# ``_name_key``'s "X department" form.
_DEPARTMENT_KEY = re.compile(r"(\w[\w .'&-]*) (?:department|ministry|office|bureau)")
# A department's bare name stands for it from two words on ("Homeland Security"); one word is
# ambiguous ("State", "Justice", "Labor" are also a polity, a value, a party).
MIN_DEPARTMENT_NAME_WORDS = 2
ORG = "ORG"
NORP = "NORP"
# ``PLACE_LABELS`` (crossread.model) are the readings that keep a lone surname-like token a place
# even beside a person of that surname ("Washington" beside "George Washington", "Jordan" beside
# "Michael Jordan").


# A span narrowed to a full name inside it has this many words at least: a word before two.
MIN_NARROWED_WORDS = 3


@dataclass(slots=True)
class Votes:
    """Corpus-wide label votes per surface key, for the person/name decision."""

    person: Counter[str] = field(default_factory=Counter)
    other: Counter[str] = field(default_factory=Counter)
    place: Counter[str] = field(default_factory=Counter)
    surname_evidence: Counter[str] = field(default_factory=Counter)
    # Full names that are surely people's: 2-4 title-case words opening with a registered given name.
    named_in_full: Counter[str] = field(default_factory=Counter)
    # One-word forms NER never reads as a person that the story introduces as one (``introductions``).
    introduced: set[str] = field(default_factory=set)
    # The surnames (folded) of the full names the corpus reads as people's ("hannah jones" of "Nikole Hannah-Jones").
    full_surnames: set[str] = field(default_factory=set)

    @classmethod
    def count(cls, candidates: Sequence[Candidate]) -> Votes:
        votes = cls()
        person, other, place = votes.person, votes.other, votes.place
        for c in candidates:  # ``get`` rather than ``+=``: a Counter's missing key is a Python call
            if c.label == PERSON:
                key = fold(c.person_text)
                person[key] = person.get(key, 0) + 1
            else:
                key = fold(c.text)
                other[key] = other.get(key, 0) + 1
                place[key] = place.get(key, 0) + (c.label in PLACE_LABELS)
        for c in candidates:
            name = parse_person_name(c.person_text)
            if name is None or not name.given:
                continue
            key = fold(c.person_text)
            if person[key] and person[key] >= other[key]:
                votes.surname_evidence[name.block] += 1
                votes.named_in_full[name.block] += surely_a_full_name(c.person_text, name)
                votes.full_surnames.add(fold(name.surname))
        return votes

    def is_person(self, candidate: Candidate) -> bool:
        """Majority over the corpus: a form mostly read as a person (or surname) is one.

        A lone token that is the surname of someone the corpus names in full is that
        person unless it is read as a place more often: the small English model calls
        "Fauci" or "Trump" an ORG in most sentences (AllSides stories naming "Anthony
        Fauci" had a second, ORG "Fauci" entity in the Who list).

        Only PERSON labels vote for a person: a title stripped from an ORG
        mention ("State Pompeo") proposes a person reading, the corpus decides.
        """
        key = fold(candidate.person_text)
        support = self.person[key]
        if key in self.introduced:
            return True
        if self._may_be_surname(candidate.person_text, key):
            # an acronym is no one's surname written in capitals: "UN" is not the "Un" of "Kim Jong Un"
            name = parse_person_name(candidate.person_text)
            evidence = self.surname_evidence[name.block] if name else 0
            if name and self.named_in_full[name.block] and support + evidence > self.place[key]:
                return True  # the surname of a person the corpus names in full: ORG readings are NER noise
            support += evidence
        return support > 0 and support >= self.other[key]

    def _may_be_surname(self, text: str, key: str) -> bool:
        """One word that is no acronym; hyphenated, the surname of a full name ("Hannah-Jones" beside "Nikole
        Hannah-Jones": audit H saw it typed ORG), not two people's ("Biden-Putin", a summit)."""
        if len(name_word_tuple(text)) != 1 or acronym_letters(text) is not None:
            return False
        return " " not in key or key in self.full_surnames

    def joins_places(self, candidate: Candidate) -> bool:
        """ "U.S.-Mexico" (ORG, from "the U.S.-Mexico border"): places the story names, joined by a
        hyphen, are a relation between them (a border, a summit, a trade deal), no actor. A span NER
        itself reads as a place ("Guinea-Bissau") is left alone."""
        if "-" not in candidate.text or candidate.label in PLACE_LABELS:
            return False  # one part, or a place: nothing to split
        return all(self.place[fold(part)] for part in candidate.text.split("-"))

    def drop_leading_acronym(self, candidate: Candidate, text: str) -> None:
        """Read "CNN Abe" (PERSON) as "Abe" when "CNN" is mostly something else in the corpus."""
        opening = text[candidate.person_start : candidate.person_start + 1]
        if opening and not opening.isspace() and not "A" <= opening <= "Z":
            return  # the span's first word opens with no capital letter: no acronym (``ACRONYM_RE``)
        tokens = span_tokens(text, candidate.person_start, candidate.person_end)
        if len(tokens) < 2 or not ACRONYM_RE.fullmatch(tokens[0][2].strip(TRAILING_JUNK)):
            return
        key = fold(tokens[0][2])
        if self.other[key] > self.person[key]:
            candidate.person_start, candidate.person_end = trim_span(text, tokens[1][0], tokens[-1][1])
            candidate.person_text = text[candidate.person_start : candidate.person_end]

    def narrow_to_known_person(self, candidate: Candidate, text: str) -> None:
        """Read "UN Nikki Haley" (ORG) as "Nikki Haley" when that full name is mostly a PERSON."""
        if len(text[candidate.person_start : candidate.person_end].split()) < MIN_NARROWED_WORDS:
            return  # one word left after the first is no full name to narrow to (the words are ``span_tokens``')
        tokens = span_tokens(text, candidate.person_start, candidate.person_end)
        for first in range(1, len(tokens) - 1):
            key = fold(" ".join(t[2] for t in tokens[first:]))
            if self.person[key] and self.person[key] >= self.other[key]:
                candidate.person_start, candidate.person_end = trim_span(text, tokens[first][0], tokens[-1][1])
                candidate.person_text = text[candidate.person_start : candidate.person_end]
                return


@dataclass(slots=True)
class Cluster:
    """Mentions of one entity under construction."""

    kind: str
    key: str
    members: list[tuple[Candidate, bool]] = field(default_factory=list)
    given: str | None = None
    givens: list[str] = field(default_factory=list)
    surnames: set[str] = field(default_factory=set)
    middle: str = ""  # the middle initials a full name of the person gives ("hw"), "" while none has

    def add(self, candidate: Candidate, as_alias: bool = True) -> None:
        self.members.append((candidate, as_alias))


@dataclass(slots=True)
class PersonIndex:
    """Person clusters by surname group and by given name, and where each is mentioned."""

    by_group: dict[str, list[Cluster]] = field(default_factory=lambda: defaultdict(list))
    by_given: dict[str, list[Cluster]] = field(default_factory=lambda: defaultdict(list))
    bare: dict[str, Cluster] = field(default_factory=dict)
    positions: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    surname_groups: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    token_evidence: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    registry: dict[int, Cluster] = field(default_factory=dict)

    def group_of(self, name: PersonName) -> str:
        """The surname group (block + representative spelling) a surname belongs to."""
        key = surname_key(name.surname)
        representatives = self.surname_groups[name.block]
        for rep in representatives:
            if rep == key or JaroWinkler.similarity(rep, key) >= SURNAME_MIN_SIMILARITY:
                return f"{name.block}/{rep}"
        representatives.append(key)
        return f"{name.block}/{key}"

    def find(self, name: PersonName) -> Cluster | None:
        """The known person a full name (given + surname) belongs to."""
        for person in self.by_group.get(self.group_of(name), []):
            if (
                person.given
                and all(given_names_compatible(name.given, g) for g in [person.given, *person.givens])
                and middles_compatible(name.middle, person.middle)
            ):
                return person
        return None

    def place(self, name: PersonName) -> Cluster:
        """The person a full name belongs to, created if new; remembers new given-name spellings."""
        person = self.find(name)
        if person is None:
            person = Cluster("person", self.group_of(name), given=name.given)
            self.by_group[person.key].append(person)
            self.registry[id(person)] = person
        person.surnames.add(surname_key(name.surname))
        person.middle = person.middle or name.middle
        given = (name.given or "").rstrip(".")
        if len(given_key(given)) > 1 and given not in person.givens:
            person.givens.append(given)
            self.by_given[fold(given)].append(person)
        return person

    def note_position(self, person: Cluster, doc_index: int, start: int) -> None:
        self.positions[(id(person), doc_index)].append(start)

    def resolve_in_document(self, token: PersonName, doc_index: int, start: int) -> Cluster | None:
        """The person a lone name token means in its own document, if it names one there.

        Candidates are the people with that surname and, for family-name-first
        names ("Kim" of "Kim Jong-un", "Xi" of "Xi Jinping"), with that first
        name. The most recently mentioned wins, else the most mentioned there.
        A resolution is remembered as evidence for documents that give only
        the lone token.
        """
        exact, similar = self._by_surname(token)
        here = [p for p in exact + self.by_given.get(fold(token.surname), []) if self.positions.get((id(p), doc_index))]
        if not here and not exact:  # a transliteration only when no one has this exact spelling
            here = [p for p in similar if self.positions.get((id(p), doc_index))]
        if not here:
            return None
        person = max(here, key=lambda p: self._recency(p, doc_index, start))
        self.token_evidence[fold(token.surname)][id(person)] += 1
        return person

    def resolve_elsewhere(self, token: PersonName) -> Cluster | None:
        """A lone token in a document that names no candidate in full.

        It goes to the person other documents most often call by this token
        ("Kim" -> Kim Jong-un), else to the most mentioned person with this
        surname; a given name alone ("Michel") never crosses documents.
        """
        evidence = self.token_evidence.get(fold(token.surname))
        if evidence:
            return self.registry[max(evidence, key=lambda pid: evidence[pid])]
        exact, similar = self._by_surname(token)
        people = exact or similar
        return max(people, key=lambda p: len(p.members)) if people else None

    def _by_surname(self, token: PersonName) -> tuple[list[Cluster], list[Cluster]]:
        """People of the token's surname group: with its exact spelling, and with a variant.

        "Hollande" prefers François Hollande to Lisa Holland even where only
        she is named in full.
        """
        key = surname_key(token.surname)
        people = [p for p in self.by_group.get(self.group_of(token), []) if p.given]
        return [p for p in people if key in p.surnames], [p for p in people if key not in p.surnames]

    def resolve_bare(self, token: PersonName, doc_index: int, start: int) -> Cluster | None:
        """In-document resolution first, then evidence from the rest of the corpus."""
        return self.resolve_in_document(token, doc_index, start) or self.resolve_elsewhere(token)

    def _recency(self, person: Cluster, doc_index: int, start: int) -> tuple[int, int]:
        spots = self.positions[(id(person), doc_index)]
        preceding = [s for s in spots if s < start]
        return (max(preceding) if preceding else -1, len(spots))

    def bare_cluster(self, name: PersonName) -> Cluster:
        """The surname-only person of a surname no full name in the corpus explains."""
        group = self.group_of(name)
        if group not in self.bare:
            self.bare[group] = Cluster("person", group)
            self.by_group[group].append(self.bare[group])
        return self.bare[group]


def cluster_persons(candidates: Sequence[Candidate]) -> PersonIndex:
    """Full names first (so bare surnames have someone to join), then lone tokens.

    Lone tokens are resolved within their document first, so that the corpus
    has learnt whom each token stands for before it is used across documents.
    """
    index = PersonIndex()
    tails = _surname_tails(candidates)
    parsed = [(c, _as_surname_if_tail(c.person_text, tails)) for c in candidates]
    full = [(c, n) for c, n in parsed if n and n.given]
    # Full given names before initials, frequent before rare: clusters are
    # seeded by the clearest forms.
    given_counts = Counter(fold(n.given or "") for _, n in full)
    full.sort(key=lambda cn: (len(given_key(cn[1].given or "")) <= 1, -given_counts[fold(cn[1].given or "")]))
    for candidate, name in full:
        person = index.place(name)
        person.add(candidate)
        index.note_position(person, candidate.doc_index, candidate.person_start)
    bare = [(c, n) for c, n in parsed if n and not n.given]
    unresolved = []
    for candidate, name in bare:
        known = index.resolve_in_document(name, candidate.doc_index, candidate.person_start)
        if known is None:
            unresolved.append((candidate, name))
        else:
            known.add(candidate)
    for candidate, name in unresolved:
        (index.resolve_elsewhere(name) or index.bare_cluster(name)).add(candidate)
    return index


def _surname_tails(candidates: Sequence[Candidate]) -> set[str]:
    """The last two words of every name of three or more words ("De Blasio" of "Bill De Blasio")."""
    tails = set()
    for candidate in candidates:
        words = name_words(candidate.person_text)
        if len(words) >= 3:
            tails.add(fold(" ".join(words[-2:])))
    return tails


def _as_surname_if_tail(text: str, tails: set[str]) -> PersonName | None:
    """A two-word name that ends a longer name of the story is that person's surname, not a given
    name + surname: "De Blasio" / "Levine Cava" / "Ray Roseberry" beside "Bill De Blasio",
    "Daniella Levine Cava", "Floyd Ray Roseberry" (a particle, a two-word surname, a middle name
    the person goes by) would otherwise clash with the full name's given name."""
    name = parse_person_name(text)
    words = name_words(text)
    if name is None or name.given is None or len(words) != 2 or fold(" ".join(words)) not in tails:
        return name
    return PersonName(None, name.surname, name.block)


def cluster_names(candidates: Sequence[Candidate], texts: Sequence[str] = ()) -> list[Cluster]:
    """Group by normalised key, then fold acronym groups into their expansion (``texts``: the documents'
    texts, by ``Candidate.doc_index``, for folds that read the words around a name)."""
    groups: dict[str, Cluster] = {}
    for candidate in candidates:
        key = _group_key(_name_key(candidate.text), candidate.label)
        if key:
            groups.setdefault(key, Cluster("name", key)).add(candidate)
    _fold_bracket_definitions(groups)
    _fold_qualified(groups)
    _fold_acronym_heads(groups)
    _fold_departments(groups)
    _fold_series_heads(groups)
    _fold_courts_for_circuits(groups, texts)
    _fold_court_short_names(groups)
    _fold_newspaper_short_names(groups)
    _fold_channel_names(groups)
    _fold_news_names(groups)
    _fold_clipped_names(groups)
    _fold_case_parties(groups)
    _fold_district_names(groups)
    _fold_inner_word(groups)
    _fold_state_abbreviations(groups)
    _fold_city_names(groups, texts)
    _fold_group_adjectives(groups)
    _fold_compass_words(groups, texts)
    expansions: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        for letters in {i for c, _ in group.members for i in _spellings_out(c.text)} - {None}:
            expansions[str(letters)].append(key)
    for key, group in list(groups.items()):
        letters = acronym_letters(group.members[0][0].text)
        targets = [t for t in expansions.get(letters or "", []) if t != key and t in groups and _may_abbreviate(group, groups[t])]
        if targets:
            target = max(targets, key=lambda t: (_shared_documents(group, groups[t]), len(groups[t].members)))
            _join(groups, key, into=target)
    _fold_country_names(groups)
    _fold_party_names(groups)
    _fold_place_tails(groups)
    return list(groups.values())


# A country's other names (keys as ``fold`` writes them) and, in order, the keys of its name the story may use.
COUNTRY_NAMES = {
    "america": ("united states", "us", "usa", "united states of america"),
    "britain": ("united kingdom", "uk", "great britain"),
    "great britain": ("united kingdom", "uk"),
}


# A party's other names (keys as ``fold`` writes them, dots dropped) and the keys of its full name.
PARTY_NAMES = {"gop": ("republican party",)}


def _fold_party_names(groups: dict[str, Cluster]) -> None:
    """ "G.O.P." is the "Republican Party" when the story names both as organisations (audit J saw them apart).
    Only the party's own name: its members ("Republicans", NORP) stay a group (``_group_key``)."""
    for other, names in PARTY_NAMES.items():
        target = next((name for name in names if name in groups and majority_label(groups[name]) == ORG), None)
        if target is not None and other in groups and majority_label(groups[other]) == ORG:
            _join(groups, other, into=target)


def _join(groups: dict[str, Cluster], key: str, into: str) -> None:
    """Fold the cluster under ``key`` into the one under ``into`` (its mentions become that entity's)."""
    groups[into].members.extend(groups.pop(key).members)


def _fold_country_names(groups: dict[str, Cluster]) -> None:
    """ "America" is the United States when the story names both as places (audit H saw "America" listed
    apart from "U.S." / "United States" in three stories); "Britain" the United Kingdom."""
    for other, names in COUNTRY_NAMES.items():
        target = next((name for name in names if name in groups and majority_label(groups[name]) == "GPE"), None)
        if target is not None and other in groups and majority_label(groups[other]) == "GPE":
            _join(groups, other, into=target)


def surely_a_full_name(text: str, name: PersonName) -> bool:
    """2-4 title-case words opening with a given name the registry knows ("Anthony Fauci"; not
    "Equifax Twitter", "Miami Herald" or a photo credit "Andrew Kelly / Reuters")."""
    words = text.split()
    return (
        2 <= len(words) <= MAX_NAME_WORDS
        and all(w[:1].isupper() for w in words)
        and name.given is not None
        and is_first_name(name.given)
    )


def _initials_before_and(text: str) -> str | None:
    """Initials of a name's part before its last "and", when that is an acronym of its own length:
    "Centers for Disease Control and Prevention" is the "CDC"."""
    head, separator, _tail = text.rpartition(" and ")
    letters = initials(head) if separator else None
    return letters if letters is not None and len(letters) >= MIN_ACRONYM_LETTERS else None


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def _spellings_out(text: str) -> tuple[str | None, ...]:
    """The acronyms a name may be spelt out for: its initials, those before its last "and", those after
    a qualifying acronym."""
    return (initials(text), _initials_before_and(text), _initials_after_qualifier(text))


def _initials_after_qualifier(text: str) -> str | None:
    """Initials of a name after a leading acronym that qualifies it: "U.S. Food and Drug Administration"
    is the "FDA" (audit F saw the two listed apart)."""
    qualifier, _, rest = text.partition(" ")
    letters = initials(rest) if rest and acronym_letters(qualifier) is not None else None
    return letters if letters is not None and len(letters) >= MIN_ACRONYM_LETTERS else None


def _group_key(key: str, label: str) -> str:
    """A nationality, religion or party (NORP) keyed without its plural: "Republicans" = "Republican" (an
    audit saw them as two actors). Measured and not kept: "GOP" as the Republicans: the organisation
    joined a group NER calls NORP and left the actors (judged Who recall test 0.761 -> 0.746); nor the
    members joining their party ("Republicans" = "GOP", "Democrats" = "Democratic Party") as an ORG actor
    (audit G: dev Who recall 0.697 -> 0.717, but test Who precision 0.725 -> 0.714)."""
    if label == "NORP" and key in GROUP_NICKNAMES:
        return GROUP_NICKNAMES[key]
    if label == "NORP" and len(key) > 4 and key.endswith("s") and not key.endswith("ss") and " " not in key:
        return key[:-1]
    return key


# Ordinal words a name may write in figures ("Fifth Circuit" / "5th Circuit": audit H saw them listed apart).
ORDINAL_WORDS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
    "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th",
}  # fmt: skip
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)")
# What a court's short name leaves out ("the 5th Circuit" of "the 5th Circuit Court of Appeals").
COURT_OF_APPEALS = " court of appeals"


# A country's initials inside a circuit court's name: "4th US Circuit Court of Appeals" = "4th Circuit Court of Appeals".
COUNTRY_IN_COURT_RE = re.compile(r" (?:us|u s|usa) circuit court")


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def _name_key(text: str) -> str:
    """``plain_key`` with "the department of X" read as "X department" (one office, two word orders) and an
    ordinal word of a name of two or more words in figures ("Fifth Circuit" = "5th Circuit")."""
    key = plain_key(text)
    if " " in key:
        key = " ".join(ORDINAL_WORDS.get(word, word) for word in key.split())
        key = COUNTRY_IN_COURT_RE.sub(" circuit court", key)  # "4th US Circuit Court of Appeals" (audit J)
    match = _DEPARTMENT_OF.fullmatch(key)
    return f"{match.group(2)} {match.group(1)}" if match else key


# The last word of a newspaper's name, by which a story calls it after naming it ("the Post", "the Times").
NEWSPAPER_WORDS = frozenset(
    {"post", "times", "journal", "herald", "tribune", "globe", "chronicle", "gazette", "examiner", "inquirer", "telegraph"}
    | {"court"}  # "the Court" of the story's only "... Court" ("Supreme Court": audit I saw them listed apart)
)


def _fold_newspaper_short_names(groups: dict[str, Cluster]) -> None:
    """ "the Post" is the "Washington Post" when that is the story's only organisation named "... Post"
    (audit H saw them listed apart)."""
    for word in sorted(NEWSPAPER_WORDS & groups.keys()):
        fuller = [k for k in groups if k.endswith(" " + word) and majority_label(groups[k]) == ORG]
        if len(fuller) == 1 and majority_label(groups[word]) == ORG:
            _join(groups, word, into=fuller[0])


def _fold_news_names(groups: dict[str, Cluster]) -> None:
    """ "NBC" is "NBC News" when the story names both as organisations (audit I saw them listed apart)."""
    for key in sorted(groups):
        head, _, last = key.rpartition(" ")
        if (
            last == "news"
            and head in groups
            and key in groups
            and majority_label(groups[head]) == ORG == majority_label(groups[key])
        ):
            _join(groups, head, into=key)


# The shortest and longest one-word clipping of a name ("WaPo" of "Washington Post": two letters of each word).
MIN_CLIPPED_LETTERS, MAX_CLIPPED_LETTERS = 4, 8


def _clippings(key: str) -> set[str]:
    """One-word clippings of a name of two or three words: the first two or three letters of each ("wapo")."""
    words = key.split()
    if not 2 <= len(words) <= 3 or not all(w.isalpha() for w in words):
        return set()
    found = {""}
    for word in words:
        found = {f + word[:n] for f in found for n in (2, 3) if len(word) > n}
    return {f for f in found if MIN_CLIPPED_LETTERS <= len(f) <= MAX_CLIPPED_LETTERS}


def _fold_clipped_names(groups: dict[str, Cluster]) -> None:
    """ "WaPo" is the "Washington Post" when that is the story's only organisation it clips (audit I saw
    them listed apart)."""
    clipped: dict[str, list[str]] = defaultdict(list)
    for key in sorted(groups):
        clippings = _clippings(key)
        if clippings and majority_label(groups[key]) == ORG:  # a name with no clipping needs no label
            for clipping in clippings:
                clipped[clipping].append(key)
    for key in sorted(clipped.keys() & groups.keys()):
        targets = clipped[key]
        if len(targets) == 1 and key in groups and targets[0] in groups and majority_label(groups[key]) == ORG:
            _join(groups, key, into=targets[0])


def _fold_case_parties(groups: dict[str, Cluster]) -> None:
    """ "Roe" is "Roe v. Wade" when that is the story's only case it is a party of (``mentions._name_case_parties``
    named it a LAW; audit I saw "Roe", "Casey", "Dobbs" listed apart from the cases)."""
    by_party: dict[str, list[str]] = defaultdict(list)
    for key in sorted(groups):
        for party in case_parties(key):
            by_party[party].append(key)
    for party, cases in sorted(by_party.items()):
        if len(cases) == 1 and party in groups and cases[0] in groups and majority_label(groups[party]) == "LAW":
            _join(groups, party, into=cases[0])


# How a text writes the District of Columbia after its city's name ("Washington D.C.", "Washington, DC").
DISTRICT_WORDS = ("dc", "d c")


def _fold_district_names(groups: dict[str, Cluster]) -> None:
    """ "Washington" is "Washington D.C." when the story names both as places (audit I saw them listed apart)."""
    for key in sorted(groups):
        for word in DISTRICT_WORDS:
            head = key.removesuffix(" " + word)
            if (
                head != key
                and head in groups
                and key in groups
                and majority_label(groups[head]) == "GPE" == majority_label(groups[key])
            ):
                _join(groups, head, into=key)


# Words after a broadcaster's name that name its channel, not another body ("Al-Jazeera TV" / "Al-Jazeera": audit H).
CHANNEL_WORDS = ("tv", "television")


def _fold_channel_names(groups: dict[str, Cluster]) -> None:
    """ "Al-Jazeera TV" is "Al-Jazeera" when the story names both."""
    for key in sorted(groups):
        head, _, last = key.rpartition(" ")
        if last in CHANNEL_WORDS and head in groups and key in groups:
            _join(groups, key, into=head)


def _fold_place_tails(groups: dict[str, Cluster]) -> None:
    """ "University of North Carolina Chapel Hill" is the "University of North Carolina" when the story names both and
    names "Chapel Hill" as a place: a name of three words or more that is another organisation's name and a place
    (audit H saw them listed apart)."""
    for key in sorted(groups, key=len, reverse=True):
        words = key.split()
        for cut in range(len(words) - 1, 1, -1):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            if (
                key in groups
                and head in groups
                and tail in groups
                and majority_label(groups[tail]) in PLACE_LABELS
                and majority_label(groups[head]) == ORG == majority_label(groups[key])
            ):
                _join(groups, key, into=head)
                break


# What follows a court named without its circuit ("the U.S. Court of Appeals" + " for the 4th Circuit").
FOR_THE_CIRCUIT_RE = re.compile(r"\s+for\s+the\s+([\w-]+)\s+Circuit\b")


def _fold_courts_for_circuits(groups: dict[str, Cluster], texts: Sequence[str]) -> None:
    """ "the U.S. Court of Appeals for the 4th Circuit", which NER cut in two, is the "4th Circuit": the court
    joins the circuit every one of its mentions names (audit J saw one court listed as four entities)."""
    for key in sorted(groups):
        if not key.endswith(COURT_OF_APPEALS.strip()) or key not in groups or not texts:
            continue
        circuits = set()
        for candidate, _ in groups[key].members:
            text = texts[candidate.doc_index] if candidate.doc_index < len(texts) else ""
            match = FOR_THE_CIRCUIT_RE.match(text, candidate.end)
            circuits.add(_name_key(f"{match.group(1)} Circuit") if match else None)
        circuit = circuits.pop() if len(circuits) == 1 else None
        if circuit is not None and circuit in groups and circuit != key:
            _join(groups, key, into=circuit)


def _fold_court_short_names(groups: dict[str, Cluster]) -> None:
    """ "the 5th Circuit" is the "5th Circuit Court of Appeals" when the story names both (audit H)."""
    for key in sorted(groups):
        full = key + COURT_OF_APPEALS
        if key in groups and full in groups and key.endswith(" circuit"):
            _join(groups, key, into=full)


def _fold_bracket_definitions(groups: dict[str, Cluster]) -> None:
    """Names the story spells one acronym out as, in brackets, are one name: "Israel Defense Force (IDF)"
    in one outlet, "Israeli Defense Forces (IDF)" in another (``mentions.mark_bracket_acronyms``). They join
    the one with most mentions."""
    by_acronym: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        for letters in {c.spells_out for c, _ in group.members} - {None}:
            by_acronym[str(letters)].append(key)
    for keys in by_acronym.values():
        present = [k for k in keys if k in groups]
        if len(present) < 2:
            continue
        target = max(present, key=lambda k: (len(groups[k].members), k))
        for key in present:
            if key != target:
                _join(groups, key, into=target)


def _fold_qualified(groups: dict[str, Cluster]) -> None:
    """A name with one qualifying word in front joins the same name without it when the story has
    both: a long name ("U.S. Food and Drug Administration" / "Food and Drug Administration"), one
    whose qualifier is an acronym and the story's only qualifier of it ("U.S. House" / "House"), or a
    name of two words or more whose only qualifier is a body the story names ("Senate Rules Committee"
    / "Rules Committee" beside "Senate": audit F saw them listed apart).
    Other short names keep their qualifier ("Russian Navy" is not "Navy")."""
    qualifiers: dict[str, int] = defaultdict(int)
    for key in groups:
        qualifiers[key.partition(" ")[2]] += 1
    for key in sorted(groups, key=len, reverse=True):
        qualifier, _, rest = key.partition(" ")
        if not qualifier or rest not in groups or key not in groups or _ORDINAL_RE.fullmatch(qualifier):
            continue  # "5th U.S. Circuit Court of Appeals" is one of the courts of appeals
        long_name = len(rest.split()) >= MIN_QUALIFIED_NAME_WORDS
        by_acronym = qualifiers[rest] == 1 and acronym_letters(groups[key].members[0][0].text.split()[0]) is not None
        by_body = (
            qualifiers[rest] == 1 and len(rest.split()) > 1 and qualifier in groups and majority_label(groups[qualifier]) == ORG
        )
        if long_name or by_acronym or by_body:
            _join(groups, key, into=rest)


def _fold_acronym_heads(groups: dict[str, Cluster]) -> None:
    """A name opening with an acronym joins the one that spells it out: "UN General Assembly" is the
    "United Nations General Assembly" when the story has both (the expansion's initials are the acronym)."""
    by_tail: dict[str, list[str]] = defaultdict(list)  # every name under each of its word tails
    for key in sorted(groups):
        words = key.split()
        for first in range(1, len(words)):
            by_tail[" ".join(words[first:])].append(key)
    for key in sorted(groups, key=len):
        rest = key.partition(" ")[2]
        letters = acronym_letters(groups[key].members[0][0].text.split()[0]) if rest and key in groups else None
        for other in by_tail.get(rest, []) if letters else []:
            words = groups[other].members[0][0].text.split() if other in groups else []
            lead = words[: len(words) - len(rest.split())]
            if other != key and len(lead) > 1 and initials(" ".join(lead)) == letters:
                _join(groups, key, into=other)
                break


def _fold_departments(groups: dict[str, Cluster]) -> None:
    """ "Homeland Security" is the "Department of Homeland Security" when the story names both: a name
    of two or more words and the department (ministry, office, bureau) of that name are one body."""
    for key in sorted(groups):
        match = _DEPARTMENT_KEY.fullmatch(key)
        if match and match.group(1) in groups and len(match.group(1).split()) >= MIN_DEPARTMENT_NAME_WORDS:
            _join(groups, match.group(1), into=key)


def _fold_series_heads(groups: dict[str, Cluster]) -> None:
    """ "COVID" is "COVID-19" when the story names both: a numbered series name and its bare head
    are one thing there. Only the hyphenated shape (``is_series_name``): "Boeing" is not "Boeing 737"."""
    for key in sorted(groups):
        head = key.rpartition(" ")[0]
        if key in groups and head in groups and any(is_series_name(c.text) for c, _ in groups[key].members):
            _join(groups, head, into=key)


def _fold_inner_word(groups: dict[str, Cluster]) -> None:
    """ "Holocaust Museum" is the "Holocaust Memorial Museum" when the story names both (a fresh audit saw
    one museum listed twice as Who): a name of two or more words joins the name of one word more,
    inserted inside it (the same first and last word), when no other name of the story fits it so."""
    by_ends: dict[tuple[str, str, int], list[list[str]]] = defaultdict(list)  # (first, last, length) -> names
    for other in groups:
        parts = other.split()
        if len(parts) > 2:
            by_ends[(parts[0], parts[-1], len(parts))].append(parts)
    for key in sorted(groups, key=len):
        words = key.split()
        if len(words) < 2 or key not in groups:
            continue
        fuller = [
            other
            for parts in by_ends.get((words[0], words[-1], len(words) + 1), [])
            if any(parts[:i] + parts[i + 1 :] == words for i in range(1, len(words))) and (other := " ".join(parts)) in groups
        ]
        if len(fuller) == 1 and majority_label(groups[key]) == majority_label(groups[fuller[0]]):
            _join(groups, key, into=fuller[0])


# The AP style abbreviations of US states (keys as ``fold`` writes them: "W.Va." -> "wva").
STATE_ABBREVIATIONS = {
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california", "colo": "colorado",
    "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia", "ill": "illinois",
    "ind": "indiana", "kan": "kansas", "ky": "kentucky", "la": "louisiana", "md": "maryland",
    "mass": "massachusetts", "mich": "michigan", "minn": "minnesota", "miss": "mississippi", "mo": "missouri",
    "mont": "montana", "neb": "nebraska", "nev": "nevada", "nh": "new hampshire", "nj": "new jersey",
    "nm": "new mexico", "ny": "new york", "nc": "north carolina", "nd": "north dakota", "okla": "oklahoma",
    "ore": "oregon", "pa": "pennsylvania", "ri": "rhode island", "sc": "south carolina", "sd": "south dakota",
    "tenn": "tennessee", "vt": "vermont", "va": "virginia", "wash": "washington", "wva": "west virginia",
    "wis": "wisconsin", "wyo": "wyoming",
}  # fmt: skip


def _fold_state_abbreviations(groups: dict[str, Cluster]) -> None:
    """ "Pa." is Pennsylvania when the story names both, as a place (a fresh audit saw "Pa" and
    "Pennsylvania" listed as two entities; "(R-Pa.)" beside "Pennsylvania's Senate race")."""
    for short, full in STATE_ABBREVIATIONS.items():
        if short in groups and full in groups and majority_label(groups[short]) == "GPE" == majority_label(groups[full]):
            _join(groups, short, into=full)


# Words after a bare place name that make it the state, not its city ("New York Gov. X", "New York
# state", "New York Attorney General"): role words (``is_role_token``) and these.
STATE_WORDS = frozenset({"state", "states", "statewide", "legislature", "assembly"})
CITY_WORD = "city"


def _fold_city_names(groups: dict[str, Cluster], texts: Sequence[str]) -> None:
    """ "New York" is "New York City" when every document that names it bare also names the city, and
    never as a state ("New York Gov.", "New York state", "upstate New York"): a fresh audit saw "New
    York's next mayor" listed apart from "New York City" / "NYC"."""
    for key in sorted(groups):
        head, _, last = key.rpartition(" ")
        if last != CITY_WORD or head not in groups or key not in groups or not texts:
            continue
        bare, city = groups[head], groups[key]
        if majority_label(bare) != "GPE" or majority_label(city) != "GPE" or not _documents(bare) <= _documents(city):
            continue
        if not any(_names_the_state(texts[c.doc_index], c.start, c.end) for c, _ in bare.members):
            _join(groups, head, into=key)


def _names_the_state(text: str, start: int, end: int) -> bool:
    """The place name at ``text[start:end]`` is followed (past a possessive) by a role or a state word
    ("New York's governor", "New York state"), follows "upstate", or is listed with other names ("New
    York, New Jersey and Pennsylvania": the states)."""
    after = re.sub(r"^[’']s\b", "", text[end : end + 40]).split()
    before = text[max(0, start - 20) : start].split()
    following = after[0] if after else ""
    return (
        fold(following) in STATE_WORDS
        or (bool(following) and is_role_token(following))
        or (bool(before) and fold(before[-1]) == "upstate")
        or _LISTED_AFTER.match(text, end) is not None
        or _LISTED_BEFORE.search(text[max(0, start - 40) : start]) is not None
    )


# A name in a list of names: ", X" / " and X" right after it, or "X, " / "X and " right before it.
_LISTED_AFTER = re.compile(r"(?:,|\s+and|\s+or|\s+&)\s+(?:the\s+)?[A-Z]")
_LISTED_BEFORE = re.compile(r"[A-Z][\w.’']*(?:,|\s+and|\s+or|\s+&)\s+$")


def _fold_group_adjectives(groups: dict[str, Cluster]) -> None:
    """ "Democratic" is the "Democrats" when the story names both as a group (NORP): a one-word group name
    ending in "-ic" joins the group named by the word without it (audit F saw "Democrats" and
    "Democratic" listed apart in two stories)."""
    for key in sorted(groups):
        noun = key.removesuffix("ic")
        if (
            key in groups
            and " " not in key
            and noun != key
            and noun in groups
            and majority_label(groups[key]) == NORP == majority_label(groups[noun])
        ):
            _join(groups, key, into=noun)


# The halves of a divided country that the story calls "the North" and "the South" ("East"/"West").
COMPASS_PAIRS = {"north": "south", "south": "north", "east": "west", "west": "east"}


def _fold_compass_words(groups: dict[str, Cluster], texts: Sequence[str]) -> None:
    """ "the South" is South Korea when the story names both North and South Korea (audit G saw "the North"
    and "the South" listed as two places of their own): a bare compass word written after "the" joins the
    one country the story names by it whose other half it names too. A US state is no such half ("the
    South" beside North and South Carolina is the region)."""
    states = set(STATE_ABBREVIATIONS.values())
    for word, other in COMPASS_PAIRS.items():
        if word not in groups or not texts or not any(_after_the(texts[c.doc_index], c.start) for c, _ in groups[word].members):
            continue
        halves = [
            key
            for key in groups
            if key.startswith(word + " ")
            and len(key.split()) == 2
            and f"{other} {key.split()[1]}" in groups
            and key not in states
            and majority_label(groups[key]) == "GPE"
        ]
        if len(halves) == 1:
            _join(groups, word, into=halves[0])


def _after_the(text: str, start: int) -> bool:
    return text[max(0, start - 4) : start].lower() == "the "


def majority_label(cluster: Cluster) -> str:
    """The spaCy label most of a cluster's mentions carry."""
    if len(cluster.members) == 1:
        return cluster.members[0][0].label  # one mention: its label, with no count
    return Counter(c.label for c, _ in cluster.members).most_common(1)[0][0]


def _documents(cluster: Cluster) -> set[int]:
    return {c.doc_index for c, _ in cluster.members}


def _shared_documents(first: Cluster, second: Cluster) -> int:
    return len(_documents(first) & _documents(second))


def _may_abbreviate(acronym: Cluster, expansion: Cluster) -> bool:
    """Is the evidence enough to read ``acronym`` as short for ``expansion``?

    Articles spell out what they abbreviate, so the two normally meet in some
    document. An acronym seen in several documents that never meet the
    expansion is something else ("US" in a corpus that also names the
    "United Synagogue"); one seen in a single document, one of three letters
    or more (an "FDA" in two outlets, the "U.S. Food and Drug Administration" in
    a third: audit F saw them listed apart), or a country's (both read as a
    place: "U.S." in two outlets, "the United States" in a third) may still be
    merged when spaCy gives both the same label.
    """
    if _shared_documents(acronym, expansion):
        return True
    if majority_label(acronym) != majority_label(expansion):
        return False
    if majority_label(acronym) == "GPE":
        return True  # a country's initials read as a place ("US" / "United States" in two outlets: audit H)
    letters = acronym_letters(acronym.members[0][0].text) or ""
    return len(_documents(acronym)) == 1 or len(letters) >= MIN_SPELT_OUT_ACRONYM_LETTERS
