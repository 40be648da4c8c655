"""link: AnalyzedDocuments -> cross-document entities.

Needs analyzed documents (``mentions`` from spaCy NER, ``sentences`` with the
``is_heading`` flag, ``quotes`` with speaker spans). Adds one ``Entity`` per
real-world person, place or organisation, with every mention (document + span)
that refers to it. The steps, in order:

1. **Clean** each mention: strip "the", possessives, title-case headline verbs
   ("Meets Lukashenko") and titles/roles ("U.S. Secretary of State", "Mr.").
   Cleaning only narrows a span, so ``text == document.text[start:end]`` holds.
2. **Route** each surface form to *person* or *name* by majority over the
   corpus: spaCy calls "Pompeo" a GPE in some sentences, but a form that is
   mostly a person (or a person's surname) is a person everywhere.
3. **Persons** are blocked by a transliteration-tolerant surname skeleton
   ("Lukashenka" / "Lukashenko", "Zelensky" / "Zelenskiy"), then split by
   compatible given names (equal, initial, nickname, truncation,
   transliteration), so "Hillary Clinton" and "Bill Clinton" stay apart. A
   lone token ("Clinton", "Kim") goes to the person of that surname (or, for
   family-name-first names, that first name) most recently mentioned in its
   document; in a document that names no one in full, to whom other documents
   most often call by it, else to the most mentioned person of that surname.
4. **Names** (GPE, ORG, ...) merge on a normalised key plus acronyms
   ("U.S." = "United States", "HTP" = "Hi-Tech Park").
5. **Quote speakers** become mentions of the entity they name (a pronoun or
   "the minister" is a mention, never an alias).
6. Each entity gets its label by majority over its mentions, its most complete
   name, its aliases, and a content-hash id.

Everything is hashing and sorting by blocks, so the cost is roughly linear in
the number of mentions; no step compares all pairs of the corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

from crossread.model import AnalyzedDocument, Entity, EntityMention, Sentence, content_id

# --- tuning constants -------------------------------------------------------

# Jaro-Winkler similarity two surnames in one skeleton block must reach to be
# one name. Transliteration pairs score 0.95-0.98 ("lukashenka"/"lukashenko"
# 0.96, "zelensky"/"zelenskiy" 0.98); the skeleton already keeps apart
# look-alikes such as "johnson"/"johnston" (JW 0.975), so this only guards
# against skeleton collisions of short, different names.
SURNAME_MIN_SIMILARITY = 0.9
# Given names with one skeleton must also reach this Jaro-Winkler similarity.
# "Vladimir"/"Volodymyr" (the Russian and Ukrainian spelling of one name)
# score 0.754, "Aleksandr"/"Alexander" 0.896; different names that share a
# skeleton and an ending class score lower ("Ivan"/"Evan" is caught below).
GIVEN_NAME_MIN_SIMILARITY = 0.75
# Two-consonant skeletons ("Mohammed"/"Muhammad" -> "md") are only trusted for
# long names that are very similar (0.85), so that "Ivan"/"Evan" stay apart.
SHORT_SKELETON_MIN_SIMILARITY = 0.85
SHORT_SKELETON_MIN_LETTERS = 6
# Letters a truncated given name may drop only if the rest is not a feminine
# or diminutive ending: "Alex" < "Alexander", but "Paul" !< "Pauline",
# "Daniel" !< "Danielle".
GENDERED_ENDINGS = frozenset({"a", "e", "ia", "ine", "ette", "elle", "le", "ina", "ene", "na"})
# Skeletons shorter than this ("li", "xi", "lee") are too coarse to block on:
# such surnames must match exactly.
MIN_SKELETON_LENGTH = 3
# A truncated given name ("Alex", "Vlad") matches a longer one it starts with
# only from this length on; "Al" or "Jo" are too ambiguous.
MIN_PREFIX_GIVEN_NAME = 3
# Given names written as initials: "M", "M.", "J.P.", "JP".
INITIALS_RE = re.compile(r"(?:[A-Z]\.?){1,3}")
# Acronyms are 2-6 capital letters, optionally dotted ("U.S.", "FBI").
ACRONYM_RE = re.compile(r"(?:[A-Z]\.?){2,6}")
# A speaker span longer than this is a description, not a clean full name.
MAX_NAME_WORDS = 4
# A mention starting this many characters into its sentence (an opening quote
# or bullet) still counts as sentence-initial.
SENTENCE_START_SLACK = 3
# Spans are tokenised on whitespace; the clean-up trims these characters.
LEADING_JUNK = "\"'“‘’«([–—-•*:&\u200b\ufeff"
TRAILING_JUNK = "\"'”’»)].,;:!?–—-\u200b\ufeff"
# Editorial brackets inside a name ("[Boris] Yeltsin") are dropped from aliases.
ALIAS_DROP_RE = re.compile(r"[\[\]\u200b\ufeff]")
WORD_RE = re.compile(r"[^\W\d_]+")
# Span ends whose final dot belongs to the name ("U.S.", "Jr.", "Equifax Inc.").
ABBREVIATION_END_RE = re.compile(r"(?:\b[A-Z]\.[A-Z]|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|Bros|St))$")

# Titles, roles and honorifics (lower case, dots removed) that precede a name;
# hyphenated titles count when every part is one ("then-President",
# "Secretary-General", "President-elect").
# Everything up to the last of them is dropped from a person mention, which
# also removes what qualifies the title ("Belarus' Minister of Foreign Affairs
# Vladimir Makei" -> "Vladimir Makei"). Ambiguous given names (Dean, Major)
# are left out on purpose.
ROLE_WORDS = frozenset(
    {
        "president",
        "vice",
        "prime",
        "premier",
        "chancellor",
        "minister",
        "ministers",
        "secretary",
        "undersecretary",
        "state",
        "foreign",
        "affairs",
        "interior",
        "defense",
        "defence",
        "finance",
        "justice",
        "home",
        "trade",
        "economy",
        "general",
        "attorney",
        "deputy",
        "chief",
        "executive",
        "ceo",
        "cfo",
        "coo",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "director",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "gov",
        "mayor",
        "ambassador",
        "envoy",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheikh",
        "emir",
        "sultan",
        "leader",
        "commander",
        "officer",
        "official",
        "head",
        "coach",
        "manager",
        "founder",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "adm",
        "maj",
        "cpl",
        "judge",
        "sheriff",
        "detective",
        "inspector",
        "sergeant",
        "superintendent",
        "commissioner",
        "prosecutor",
        "constable",
        "former",
        "ex",
        "acting",
        "interim",
        "then",
        "late",
        "incoming",
        "outgoing",
        "elect",
        "supreme",
        "rev",
        "reverend",
        "cardinal",
        "archbishop",
        "bishop",
        "imam",
        "rabbi",
        "pres",
        "sec",
    }
)
# Words that only connect parts of a title or a name; never a stripping anchor.
CONNECTOR_WORDS = frozenset({"of", "the", "for", "and", "on", "to", "at"})
# Words skipped when taking the initials of an expansion ("Bureau of Investigation").
ACRONYM_SKIP_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "la", "du", "des", "on", "in", "to", "at", "a", "an"})
# Generational suffixes: part of the span, not of the surname.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Spans that name nobody by themselves: never a mention of a name, never an alias.
PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "i", "we", "you", "who"})
# A span opening with one of these is a description ("A spokesman", "Some people").
DETERMINERS = frozenset({"a", "an", "some", "this", "that", "these", "those", "his", "her", "its", "their", "our", "many"})
# A small, generic nickname table: nickname -> the formal names it stands for.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "mike": ("michael",),
    "mick": ("michael",),
    "mikey": ("michael",),
    "bill": ("william",),
    "billy": ("william",),
    "will": ("william",),
    "willy": ("william",),
    "liam": ("william",),
    "bob": ("robert",),
    "bobby": ("robert",),
    "rob": ("robert",),
    "robbie": ("robert",),
    "bert": ("robert", "albert"),
    "alex": ("alexander", "alexandra"),
    "sasha": ("alexander", "alexandra"),
    "sandy": ("alexander", "alexandra"),
    "jim": ("james",),
    "jimmy": ("james",),
    "jamie": ("james",),
    "joe": ("joseph",),
    "joey": ("joseph",),
    "tom": ("thomas",),
    "tommy": ("thomas",),
    "dick": ("richard",),
    "rick": ("richard",),
    "rich": ("richard",),
    "richie": ("richard",),
    "ted": ("edward", "theodore"),
    "ed": ("edward",),
    "eddie": ("edward",),
    "ned": ("edward",),
    "teddy": ("theodore", "edward"),
    "tony": ("anthony",),
    "chris": ("christopher", "christine", "christina"),
    "dan": ("daniel",),
    "danny": ("daniel",),
    "dave": ("david",),
    "steve": ("steven", "stephen"),
    "liz": ("elizabeth",),
    "beth": ("elizabeth",),
    "betty": ("elizabeth",),
    "kate": ("katherine", "catherine"),
    "kathy": ("katherine", "catherine"),
    "cathy": ("catherine",),
    "maggie": ("margaret",),
    "peggy": ("margaret",),
    "jen": ("jennifer",),
    "jenny": ("jennifer",),
    "sam": ("samuel", "samantha"),
    "nick": ("nicholas",),
    "pat": ("patrick", "patricia"),
    "matt": ("matthew",),
    "andy": ("andrew",),
    "drew": ("andrew",),
    "ben": ("benjamin",),
    "charlie": ("charles",),
    "chuck": ("charles",),
    "hank": ("henry",),
    "harry": ("henry",),
    "jack": ("john",),
    "johnny": ("john",),
    "larry": ("lawrence",),
    "greg": ("gregory",),
    "jeff": ("jeffrey",),
    "ron": ("ronald",),
    "don": ("donald",),
    "sue": ("susan",),
    "vlad": ("vladimir",),
    "volodya": ("vladimir",),
    "misha": ("mikhail",),
    "sergei": ("sergey",),
}

PERSON = "PERSON"
# Memo size for the pure string normalisers: surface forms repeat a lot, so a
# corpus of 100k mentions has only some 10k distinct strings to fold.
NORMALISER_CACHE_SIZE = 1 << 16
# Deterministic tie-break when two labels have the same number of votes.
LABEL_PRIORITY = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")


# --- text normalisation -----------------------------------------------------


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def fold(text: str) -> str:
    """ASCII, lower case, letters/digits/spaces only: the key two spellings share."""
    ascii_text = anyascii(text).lower().replace("-", " ")
    return " ".join(re.sub(r"[^a-z0-9 ]+", "", ascii_text).split())


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def skeleton(word: str) -> str:
    """Consonant skeleton of a folded word, tolerant to transliteration.

    Vowels (and y/h, which transliterations add or drop) are removed, letters
    that systems render differently are unified, and doubled letters collapse:
    "lukashenka" and "lukashenko" both give "lksnk", "zelenskiy" and
    "zelenskyy" both "zlnsk", while "johnson" ("jnsn") and "johnston"
    ("jnstn") stay apart.
    """
    text = word.replace(" ", "").replace("ph", "f").replace("ck", "k").replace("x", "ks")
    text = text.translate(str.maketrans("cqw", "kkv"))
    text = re.sub(r"[aeiouyh]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def surname_key(word: str) -> str:
    """Last hyphen part of a folded surname: "al-Assad" = "Assad", "Kim Jong-un" = "Kim Jong Un"."""
    parts = fold(word).split()
    return parts[-1] if parts else ""


def surname_block(word: str) -> str:
    """Blocking key of a surname: its skeleton, or the exact key when too short."""
    key = surname_key(word)
    shape = skeleton(key)
    return shape if len(shape) >= MIN_SKELETON_LENGTH else "=" + key


def given_names_compatible(first: str | None, other: str | None) -> bool:
    """Could two given names belong to one person?

    True when one is missing, they are equal, one is the other's initial, one
    is a nickname of the other, one is a truncation of the other ("Alex"), or
    they are transliterations (same skeleton, similar, same kind of ending).
    """
    if not first or not other:
        return True
    a, b = _given_key(first), _given_key(other)
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if {a, *NICKNAMES.get(a, ())} & {b, *NICKNAMES.get(b, ())}:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= MIN_PREFIX_GIVEN_NAME and long.startswith(short) and long[len(short) :] not in GENDERED_ENDINGS:
        return short not in NICKNAMES
    return _same_name_transliterated(a, b)


def _given_key(given: str) -> str:
    """Folded given name; initials ("J.P.", "M") reduce to their first letter."""
    if INITIALS_RE.fullmatch(given.replace(" ", "")):
        return given[0].lower()
    return fold(given).replace(" ", "")


def _ending_class(name: str) -> str:
    """a / e / other vowel / consonant: transliterations keep it, gendered pairs do not."""
    last = name[-1]
    return last if last in "ae" else ("v" if last in "iouy" else "c")


def _same_name_transliterated(a: str, b: str) -> bool:
    """ "Vladimir" = "Volodymyr", "Sergei" = "Sergey", "Mohammed" = "Muhammad"; not "Maria" = "Mario"."""
    shape = skeleton(a)
    if shape != skeleton(b) or _ending_class(a) != _ending_class(b) or len(shape) < 2:
        return False
    similarity = JaroWinkler.similarity(a, b)
    if len(shape) >= MIN_SKELETON_LENGTH:
        return similarity >= GIVEN_NAME_MIN_SIMILARITY
    return min(len(a), len(b)) >= SHORT_SKELETON_MIN_LETTERS and similarity >= SHORT_SKELETON_MIN_SIMILARITY


def acronym_letters(text: str) -> str | None:
    """Lower-case letters of an acronym surface ("U.S." -> "us"), else None."""
    compact = text.replace(" ", "")
    return compact.replace(".", "").lower() if ACRONYM_RE.fullmatch(compact) else None


def initials(text: str) -> str | None:
    """Initials of a multi-word capitalised name, hyphen parts included ("Hi-Tech Park" -> "htp")."""
    words = [w for w in re.split(r"[\s\-]+", text) if w and w.lower() not in ACRONYM_SKIP_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).lower()


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def _token_norm(token: str) -> str:
    """One whitespace token folded for word-list look-ups ("Belarus’" -> "belarus", "U.S." -> "us")."""
    return fold(token.strip(LEADING_JUNK + TRAILING_JUNK).removesuffix("’s").removesuffix("'s")).replace(" ", "")


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def is_role_token(token: str) -> bool:
    """A title word, hyphenated ones included ("Secretary", "then-President", "Secretary-General")."""
    parts = fold(token.strip(LEADING_JUNK + TRAILING_JUNK)).split()
    return bool(parts) and all(part in ROLE_WORDS for part in parts)


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def _stem(word: str) -> str:
    """Crude English stem, enough to see that "Meets" is the verb "meet"."""
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# --- corpus-wide casing statistics (headline noise) --------------------------


@dataclass(slots=True)
class CaseStats:
    """How words are written outside headings, to spot title-case headline noise."""

    capitalised: set[str] = field(default_factory=set)
    lowercase_stems: set[str] = field(default_factory=set)
    known_keys: set[str] = field(default_factory=set)

    @classmethod
    def from_documents(cls, documents: Sequence[AnalyzedDocument]) -> CaseStats:
        stats = cls()
        for analyzed in documents:
            heading_sentences = {s.index for s in analyzed.sentences if s.is_heading}
            for sentence in analyzed.sentences:
                if not sentence.is_heading:
                    stats._add_sentence(sentence.text)
            for mention in analyzed.mentions:
                if mention.sentence not in heading_sentences:
                    stats.known_keys.add(_plain_key(mention.text))
        return stats

    def _add_sentence(self, text: str) -> None:
        for match in WORD_RE.finditer(text):
            word = match.group()
            if word.islower():
                self.lowercase_stems.add(_stem(word))
            elif word[0].isupper() and _follows_a_word(text, match.start()):
                self.capitalised.add(word.lower())

    def is_sentence_start_noise(self, token: str, rest_key: str) -> bool:
        """A sentence-initial word spaCy glued to a name ("Earlier Trump").

        Stricter than in headings: the word must be an ordinary lower-case word
        elsewhere *and* the rest must be a name the corpus knows, so that a
        given name at a sentence start ("Mark Carney said") is kept.
        """
        word = token.strip(LEADING_JUNK + TRAILING_JUNK)
        return (
            word[:1].isupper()
            and word.lower() not in self.capitalised
            and _stem(word.lower()) in self.lowercase_stems
            and rest_key in self.known_keys
        )

    def is_common_word(self, token: str) -> bool:
        """An ordinary word that a sentence start or a heading capitalised ("Officials", "Driver")."""
        word = token.strip(LEADING_JUNK + TRAILING_JUNK)
        return word.lower() not in self.capitalised and _stem(word.lower()) in self.lowercase_stems

    def is_headline_noise(self, token: str, rest_key: str) -> bool:
        """A title-case heading word that is never capitalised in running text.

        Such a word is noise around a name when it is an ordinary lower-case
        word elsewhere ("Meets" ~ "meet") or when dropping it leaves a name the
        corpus knows from running text.
        """
        word = token.strip(LEADING_JUNK + TRAILING_JUNK)
        if not word[:1].isupper() or word.lower() in self.capitalised:
            return False
        return _stem(word.lower()) in self.lowercase_stems or rest_key in self.known_keys


def _follows_a_word(text: str, position: int) -> bool:
    """True when a word sits mid-sentence, so its capital is not just sentence case."""
    before = text[:position].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] == ",")


def _plain_key(text: str) -> str:
    """Key of a non-person name: folded, without a leading "the"."""
    key = fold(text)
    return key[4:] if key.startswith("the ") else key


# --- step 1: cleaning mentions ------------------------------------------------


@dataclass(slots=True)
class Candidate:
    """One cleaned mention: where it is, what spaCy said, and its two readings."""

    doc_index: int
    doc_id: str
    start: int
    end: int
    label: str
    person_start: int
    person_end: int
    text: str
    person_text: str


_Token = tuple[int, int, str]


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    return [(start + m.start(), start + m.end(), m.group()) for m in re.finditer(r"\S+", text[start:end])]


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop quotes, brackets, punctuation and a possessive "'s" from both ends."""
    if text.startswith(("’s ", "'s "), start):  # the tail of the previous word's possessive
        start += 3
    while start < end and (text[start] in LEADING_JUNK or text[start].isspace()):
        start += 1
    changed = True
    while changed and end > start:
        changed = False
        for suffix in ("’s", "'s"):
            if text[start:end].endswith(suffix) and end - len(suffix) > start:
                end -= len(suffix)
                changed = True
        while end > start and (text[end - 1] in TRAILING_JUNK or text[end - 1].isspace()):
            end -= 1
            changed = True
    # Keep the dot of an abbreviation such as "U.S." or "Jr.".
    if end < len(text) and text[end] == "." and ABBREVIATION_END_RE.search(text[start:end]):
        end += 1
    return start, end


def _strip_headline_noise(tokens: list[_Token], stats: CaseStats) -> list[_Token]:
    """Drop title-case verbs and the like from both ends of a heading mention."""
    while len(tokens) > 1 and stats.is_headline_noise(tokens[0][2], _plain_key(" ".join(t[2] for t in tokens[1:]))):
        tokens = tokens[1:]
    while len(tokens) > 1 and stats.is_headline_noise(tokens[-1][2], _plain_key(" ".join(t[2] for t in tokens[:-1]))):
        tokens = tokens[:-1]
    return tokens


def _strip_roles(tokens: list[_Token]) -> list[_Token]:
    """Drop everything up to the last title word before the name ("U.S. Secretary of State")."""
    last = len(tokens) - 1
    while last > 0 and _token_norm(tokens[last][2]) in NAME_SUFFIXES:
        last -= 1
    anchors = [i for i in range(last) if is_role_token(tokens[i][2])]
    tokens = tokens[anchors[-1] + 1 :] if anchors else tokens
    while tokens and _token_norm(tokens[0][2]) in CONNECTOR_WORDS:
        tokens = tokens[1:]
    return tokens


def _cut_apposition(tokens: list[_Token]) -> list[_Token]:
    """A person's name ends at a comma: "Pavel Durov, the app's co-founder" -> "Pavel Durov"."""
    for position, token in enumerate(tokens[:-1]):
        if token[2].endswith(","):
            return tokens[: position + 1]
    return tokens


def _is_name_like(tokens: list[_Token]) -> bool:
    """Names have a capital and are neither pronouns nor bare titles ("she", "State", "lone wolf")."""
    text = " ".join(t[2] for t in tokens)
    return (
        any(ch.isupper() for ch in text)
        and fold(text) not in PRONOUNS
        and tokens[0][2].lower() not in DETERMINERS  # raw token: "A." is an initial, "A" an article
        and not all(is_role_token(t[2]) or _token_norm(t[2]) in CONNECTOR_WORDS for t in tokens)
    )


def clean_span(
    analyzed: AnalyzedDocument, doc_index: int, span: tuple[int, int], label: str, sentence: Sentence | None, stats: CaseStats
) -> Candidate | None:
    """A mention's cleaned spans, or None when nothing name-like is left ("State", "she", "Officials")."""
    text = analyzed.document.text
    start, end = _trim_span(text, *span)
    tokens = _tokens(text, start, end)
    at_start = sentence is not None and (sentence.is_heading or start <= sentence.start + SENTENCE_START_SLACK)
    if tokens and _token_norm(tokens[0][2]) == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    if sentence is not None and sentence.is_heading:
        tokens = _strip_headline_noise(tokens, stats)
    elif at_start and len(tokens) > 1:
        rest_key = _plain_key(" ".join(t[2] for t in tokens[1:]))
        if stats.is_sentence_start_noise(tokens[0][2], rest_key):
            tokens = tokens[1:]
    if not _is_name_like(tokens) or (at_start and len(tokens) == 1 and stats.is_common_word(tokens[0][2])):
        return None
    person_tokens = _cut_apposition(_strip_roles(tokens))
    if not person_tokens and label == PERSON:
        return None  # nothing but roles and titles ("the Secretary"): no name to link
    if not person_tokens or (label != PERSON and not all(t[2][:1].isupper() for t in person_tokens)):
        person_tokens = tokens
    plain = tokens if label != PERSON else person_tokens
    start, end = _trim_span(text, plain[0][0], plain[-1][1])
    person_start, person_end = _trim_span(text, person_tokens[0][0], person_tokens[-1][1])
    if end <= start or person_end <= person_start:
        return None
    plain_text, person_text = text[start:end], text[person_start:person_end]
    return Candidate(doc_index, analyzed.document.id, start, end, label, person_start, person_end, plain_text, person_text)


def clean_all(documents: Sequence[AnalyzedDocument], stats: CaseStats) -> list[Candidate]:
    """Clean every mention of every document (input order kept)."""
    candidates: list[Candidate] = []
    for doc_index, analyzed in enumerate(documents):
        sentences = {s.index: s for s in analyzed.sentences}
        for mention in analyzed.mentions:
            span = (mention.start, mention.end)
            candidate = clean_span(analyzed, doc_index, span, mention.label, sentences.get(mention.sentence), stats)
            if candidate is not None:
                candidates.append(candidate)
    return candidates


def sentence_at(analyzed: AnalyzedDocument, position: int) -> Sentence | None:
    """The sentence holding a character position (sentences are in text order)."""
    starts = [s.start for s in analyzed.sentences]
    found = bisect_right(starts, position) - 1
    return analyzed.sentences[found] if found >= 0 else None


# --- person names ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonName:
    """A parsed person name: given name (or None), surname, and the surname's block."""

    given: str | None
    surname: str
    block: str

    @classmethod
    def parse(cls, text: str) -> PersonName | None:
        words = [w for w in text.split() if _token_norm(w)]
        while len(words) > 1 and _token_norm(words[-1]) in NAME_SUFFIXES:
            words = words[:-1]
        if not words or not surname_key(words[-1]):
            return None
        given = words[0].strip(LEADING_JUNK + TRAILING_JUNK + ".") if len(words) > 1 else None
        if given and not given[0].isupper():  # "bin Laden", "de Gaulle": a particle, not a given name
            given = None
        return cls(given or None, words[-1], surname_block(words[-1]))


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def parse_person_name(text: str) -> PersonName | None:
    """``PersonName.parse``, memoised: the same surface forms are parsed again and again."""
    return PersonName.parse(text)


# --- step 2: routing surface forms to person / name ---------------------------


@dataclass(slots=True)
class Votes:
    """Corpus-wide label votes per surface key, for the person/name decision."""

    person: Counter[str] = field(default_factory=Counter)
    other: Counter[str] = field(default_factory=Counter)
    surname_evidence: Counter[str] = field(default_factory=Counter)

    @classmethod
    def count(cls, candidates: Sequence[Candidate]) -> Votes:
        votes = cls()
        for c in candidates:
            if c.label == PERSON:
                votes.person[fold(c.person_text)] += 1
            else:
                votes.other[fold(c.text)] += 1
        for c in candidates:
            name = parse_person_name(c.person_text)
            key = fold(c.person_text)
            if name and name.given and votes.person[key] and votes.person[key] >= votes.other[key]:
                votes.surname_evidence[name.block] += 1
        return votes

    def is_person(self, candidate: Candidate) -> bool:
        """Majority over the corpus: a form mostly read as a person (or surname) is one.

        Only PERSON labels vote for a person: a title stripped from an ORG
        mention ("State Pompeo") proposes a person reading, the corpus decides.
        """
        key = fold(candidate.person_text)
        support = self.person[key]
        if " " not in key:
            name = parse_person_name(candidate.person_text)
            support += self.surname_evidence[name.block] if name else 0
        return support > 0 and support >= self.other[key]

    def drop_leading_acronym(self, candidate: Candidate, text: str) -> None:
        """Read "CNN Abe" (PERSON) as "Abe" when "CNN" is mostly something else in the corpus."""
        tokens = _tokens(text, candidate.person_start, candidate.person_end)
        if len(tokens) < 2 or not ACRONYM_RE.fullmatch(tokens[0][2].strip(TRAILING_JUNK)):
            return
        key = fold(tokens[0][2])
        if self.other[key] > self.person[key]:
            candidate.person_start, candidate.person_end = _trim_span(text, tokens[1][0], tokens[-1][1])
            candidate.person_text = text[candidate.person_start : candidate.person_end]

    def narrow_to_known_person(self, candidate: Candidate, text: str) -> None:
        """Read "UN Nikki Haley" (ORG) as "Nikki Haley" when that full name is mostly a PERSON."""
        tokens = _tokens(text, candidate.person_start, candidate.person_end)
        for first in range(1, len(tokens) - 1):
            key = fold(" ".join(t[2] for t in tokens[first:]))
            if self.person[key] and self.person[key] >= self.other[key]:
                candidate.person_start, candidate.person_end = _trim_span(text, tokens[first][0], tokens[-1][1])
                candidate.person_text = text[candidate.person_start : candidate.person_end]
                return


# --- step 3: clustering persons ------------------------------------------------


@dataclass(slots=True)
class Cluster:
    """Mentions of one entity under construction."""

    kind: str
    key: str
    members: list[tuple[Candidate, bool]] = field(default_factory=list)
    given: str | None = None
    givens: list[str] = field(default_factory=list)
    surnames: set[str] = field(default_factory=set)

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
            if person.given and all(given_names_compatible(name.given, g) for g in [person.given, *person.givens]):
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
        given = (name.given or "").rstrip(".")
        if len(_given_key(given)) > 1 and given not in person.givens:
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
    parsed = [(c, parse_person_name(c.person_text)) for c in candidates]
    full = [(c, n) for c, n in parsed if n and n.given]
    # Full given names before initials, frequent before rare: clusters are
    # seeded by the clearest forms.
    given_counts = Counter(fold(n.given or "") for _, n in full)
    full.sort(key=lambda cn: (len(_given_key(cn[1].given or "")) <= 1, -given_counts[fold(cn[1].given or "")]))
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


# --- step 4: clustering names (GPE, ORG, ...) ----------------------------------------


def cluster_names(candidates: Sequence[Candidate]) -> list[Cluster]:
    """Group by normalised key, then fold acronym groups into their expansion."""
    groups: dict[str, Cluster] = {}
    for candidate in candidates:
        key = _plain_key(candidate.text)
        if key:
            groups.setdefault(key, Cluster("name", key)).add(candidate)
    expansions: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        for letters in {initials(c.text) for c, _ in group.members} - {None}:
            expansions[str(letters)].append(key)
    for key, group in list(groups.items()):
        letters = acronym_letters(group.members[0][0].text)
        targets = [t for t in expansions.get(letters or "", []) if t != key and t in groups and _may_abbreviate(group, groups[t])]
        if targets:
            target = max(targets, key=lambda t: (_shared_documents(group, groups[t]), len(groups[t].members)))
            groups[target].members.extend(group.members)
            del groups[key]
    return list(groups.values())


def _documents(cluster: Cluster) -> set[int]:
    return {c.doc_index for c, _ in cluster.members}


def _shared_documents(first: Cluster, second: Cluster) -> int:
    return len(_documents(first) & _documents(second))


def _may_abbreviate(acronym: Cluster, expansion: Cluster) -> bool:
    """Is the evidence enough to read ``acronym`` as short for ``expansion``?

    Articles spell out what they abbreviate, so the two normally meet in some
    document. An acronym seen in several documents that never meet the
    expansion is something else ("US" in a corpus that also names the
    "United Synagogue"); one seen in a single document may still be merged
    when spaCy gives both the same label.
    """
    if _shared_documents(acronym, expansion):
        return True
    labels = Counter(c.label for c, _ in acronym.members), Counter(c.label for c, _ in expansion.members)
    return len(_documents(acronym)) == 1 and labels[0].most_common(1)[0][0] == labels[1].most_common(1)[0][0]


# --- step 5: quote speakers ---------------------------------------------------------


def add_speakers(documents: Sequence[AnalyzedDocument], index: PersonIndex, clusters: list[Cluster], stats: CaseStats) -> None:
    """Quote speakers become mentions of the entity they name, unless a mention already covers them.

    A speaker span that is itself a clean full name ("Jos Verstappen") is that
    person, whatever ``speaker_name`` says. Otherwise ``speaker_name``
    (resolved by the quotes stage through pronouns and titles) is looked up
    among the aliases of all entities, then among persons by surname. The
    mention is the part of the span that names the entity ("... ABOUT ELON
    MUSK Elon Musk" -> "Elon Musk"); a pronoun or a description ("the
    minister", "Officials") is a mention but never an alias, and a span that
    names someone else ("Theresa May's spokesperson") is left out.
    """
    covered: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cluster in clusters:
        for candidate, _ in cluster.members:
            covered[candidate.doc_index].append((candidate.start, candidate.end))
    by_alias = _alias_lookup(clusters)
    listed = {id(c) for c in clusters}
    words: dict[int, set[str]] = {}
    for doc_index, analyzed in enumerate(documents):
        for quote in analyzed.quotes:
            if quote.speaker_start is None or quote.speaker_end is None:
                continue
            start, end = _trim_span(analyzed.document.text, quote.speaker_start, quote.speaker_end)
            if end <= start or any(s < end and start < e for s, e in covered[doc_index]):
                continue
            named = clean_span(analyzed, doc_index, (start, end), PERSON, sentence_at(analyzed, start), stats)
            own_name = _clean_full_name(named)
            if own_name is not None:
                target: Cluster | None = index.find(own_name) or index.place(own_name)
            else:
                target = _resolve_speaker(index, by_alias, quote.speaker_name, named, doc_index, start)
            if target is None:
                continue
            spoken = _raw_candidate(analyzed, doc_index, start, end) if named is None else _naming_part(named, target, words)
            if spoken is None:
                continue  # the span names someone else
            if id(target) not in listed:
                clusters.append(target)
                listed.add(id(target))
            if target.kind != "person":  # a speaking organisation keeps its own label
                spoken.label = Counter(c.label for c, _ in target.members).most_common(1)[0][0]
            target.add(spoken, as_alias=named is not None)
            covered[doc_index].append((start, end))


def _is_title_case(word: str) -> bool:
    """ "Musk", "O’Brien", "McNamee"; not "MUSK", "musk" or "co-founder"."""
    core = word.strip(LEADING_JUNK + TRAILING_JUNK)
    return core[:1].isupper() and not (len(core) > 2 and core.isupper())


def _clean_full_name(named: Candidate | None) -> PersonName | None:
    """The span's own name when it is a clean given name + surname of 2-4 title-case words."""
    if named is None:
        return None
    words = named.person_text.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or not all(_is_title_case(w) for w in words):
        return None
    name = parse_person_name(named.person_text)
    return name if name is not None and name.given else None


def _naming_part(named: Candidate, target: Cluster, cache: dict[int, set[str]]) -> Candidate | None:
    """The longest tail of the span made of ``target``'s name words, each once, in title case."""
    if id(target) not in cache:
        cache[id(target)] = {w for c, _ in target.members for w in fold(_alias_form(c, target.kind)).split()}
    if not target.members:  # a person the span itself just created
        return named
    tokens = _tokens(named.person_text, 0, len(named.person_text))
    first, seen = len(tokens), set()
    while first > 0:
        word = tokens[first - 1][2]
        key = _token_norm(word)
        if not _is_title_case(word) or key in seen or key not in cache[id(target)]:
            break
        seen.add(key)
        first -= 1
    if first == len(tokens):
        return None
    start = named.person_start + tokens[first][0]
    text = named.person_text[tokens[first][0] :]
    return Candidate(named.doc_index, named.doc_id, start, named.person_end, PERSON, start, named.person_end, text, text)


def _alias_lookup(clusters: Sequence[Cluster]) -> dict[str, list[Cluster]]:
    lookup: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        for key in {fold(_alias_form(c, cluster.kind)) for c, _ in cluster.members}:
            lookup[key].append(cluster)
    return lookup


def _raw_candidate(analyzed: AnalyzedDocument, doc_index: int, start: int, end: int) -> Candidate:
    """A speaker span as it is ("he", "the minister"): a mention, not a name."""
    text = analyzed.document.text[start:end]
    return Candidate(doc_index, analyzed.document.id, start, end, PERSON, start, end, text, text)


def _resolve_speaker(
    index: PersonIndex,
    by_alias: dict[str, list[Cluster]],
    speaker_name: str | None,
    named: Candidate | None,
    doc_index: int,
    start: int,
) -> Cluster | None:
    """The entity a speaker is: by exact alias, else as a person name."""
    name_text = speaker_name or (named.person_text if named else "")
    tokens = _strip_roles(_tokens(name_text, 0, len(name_text)))
    if not tokens:
        return None
    bare_name = " ".join(t[2] for t in tokens)
    known = by_alias.get(fold(bare_name), [])
    if len(known) == 1:
        return known[0]
    name = parse_person_name(bare_name)
    if name is None:
        return None
    if not name.given:
        return index.resolve_bare(name, doc_index, start)
    found = index.find(name)
    if found is None and named is not None and surname_key(name.surname) in fold(named.person_text).split():
        found = index.place(name)
    return found


# --- step 6: building entities ----------------------------------------------------------


def _majority_label(labels: Counter[str], prefer_person: bool) -> str:
    def rank(label: str) -> tuple[int, int, int]:
        priority = LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)
        return (-labels[label], 0 if (prefer_person and label == PERSON) else 1, priority)

    return min(labels, key=rank)


def _best_name(cluster: Cluster, forms: Counter[str]) -> str:
    """Most complete form: persons want given name + surname, names their expansion, not the acronym.

    Ties go to the form whose words are the entity's most used spellings
    ("Alexander" and "Lukashenko" over "Aleksandr" or "Lukashenka"), then to
    the longer form.
    """
    spellings: Counter[str] = Counter()
    for form, count in forms.items():
        for word in set(form.split()):
            spellings[word] += count

    def rank(form: str) -> tuple[int, int, int, int, str]:
        words = form.split()
        if cluster.kind == "person":
            incomplete = len(words) < 2 or len(words[0].rstrip(".")) < 2
        else:
            incomplete = acronym_letters(form) is not None
        return (int(incomplete), -forms[form], -sum(spellings[w] for w in words), -len(form), form)

    return min(forms, key=rank)


def _alias_form(candidate: Candidate, kind: str) -> str:
    """The surface form shown as an alias: one-spaced, without "the" or editorial brackets."""
    text = ALIAS_DROP_RE.sub("", candidate.person_text if kind == "person" else candidate.text)
    words = text.split()
    if words and _token_norm(words[0]) == "the" and len(words) > 1:
        return " ".join(words[1:])
    return " ".join(words)


def build_entity(cluster: Cluster, documents: Sequence[AnalyzedDocument], used_ids: set[str]) -> Entity:
    """An Entity from a cluster: majority label, best name, aliases, sorted mentions, stable id."""
    members = sorted(cluster.members, key=lambda m: (m[0].doc_index, m[0].start))
    person = cluster.kind == "person"
    labels = Counter(c.label for c, _ in members)
    forms = Counter(_alias_form(c, cluster.kind) for c, as_alias in members if as_alias)
    if not forms:
        forms = Counter(_alias_form(c, cluster.kind) for c, _ in members)
    name = _best_name(cluster, forms)
    label = _majority_label(labels, prefer_person=person)
    mentions: dict[EntityMention, None] = {}  # ordered and deduplicated
    for candidate, _ in members:
        start, end = (candidate.person_start, candidate.person_end) if person else (candidate.start, candidate.end)
        mentions[EntityMention(candidate.doc_id, start, end, documents[candidate.doc_index].document.text[start:end])] = None
    aliases = tuple(sorted(forms, key=lambda f: (-forms[f], f)))
    entity_id = content_id(label, fold(name), prefix="e")
    serial = 1
    while entity_id in used_ids:
        serial += 1
        entity_id = content_id(label, fold(name), str(serial), prefix="e")
    used_ids.add(entity_id)
    return Entity(entity_id, name, label, aliases, tuple(mentions))


# --- public API -------------------------------------------------------------------------


def link_entities(documents: Sequence[AnalyzedDocument]) -> list[Entity]:
    """Resolve the mentions of ``documents`` into cross-document entities.

    Returns entities sorted by prominence: most mentions first, then earliest
    first mention (document order of ``documents``, then position).
    """
    stats = CaseStats.from_documents(documents)
    candidates = clean_all(documents, stats)
    votes = Votes.count(candidates)
    for candidate in candidates:
        text = documents[candidate.doc_index].document.text
        if candidate.label == PERSON:
            votes.drop_leading_acronym(candidate, text)
        if not votes.is_person(candidate):
            votes.narrow_to_known_person(candidate, text)
    routed = [(c, votes.is_person(c) and parse_person_name(c.person_text) is not None) for c in candidates]
    people = [c for c, is_person in routed if is_person]
    names = [c for c, is_person in routed if not is_person]
    index = cluster_persons(people)
    clusters = [p for group in index.by_group.values() for p in group if p.members]
    clusters.extend(cluster_names(names))
    add_speakers(documents, index, clusters, stats)
    used_ids: set[str] = set()
    ordered = sorted(
        (c for c in clusters if c.members),
        key=lambda c: (min((m.doc_index, m.start) for m, _ in c.members), c.kind),
    )
    entities = [build_entity(c, documents, used_ids) for c in ordered]
    first_seen = {e.id: i for i, e in enumerate(entities)}
    return sorted(entities, key=lambda e: (-len(e.mentions), first_seen[e.id]))


def entity_for_span(entities: Sequence[Entity], doc: str, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping ``doc[start:end]`` the most (ties: the more prominent)."""
    end = max(end, start + 1)  # a point asks for the mention that contains it
    best: Entity | None = None
    best_overlap = 0
    for entity in entities:
        for mention in entity.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            if mention.doc == doc and overlap > best_overlap:
                best, best_overlap = entity, overlap
    return best
