"""link.names: name normalisation and comparison — folding, transliteration-tolerant
skeletons, given-name compatibility (nicknames, initials), acronyms, person-name parsing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

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


# Spans are tokenised on whitespace; the clean-up trims these characters.
LEADING_JUNK = "\"'“‘’«([–—-•*:&\u200b\ufeff"


TRAILING_JUNK = "\"'”’»)].,;:!?–—-\u200b\ufeff"


# Descriptions of a company written before its name like a title ("Drugmaker Merck", "retailer Target").
COMPANY_ROLE_WORDS = frozenset(
    {"drugmaker", "automaker", "carmaker", "chipmaker", "retailer", "insurer", "broadcaster", "startup", "conglomerate"}
)


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
        "vp",  # "the VP's office" (audit J saw "VP" as an organisation)
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
        # what a person is in the story, written as a title before the name ("Cuomo accuser Brittany
        # Commisso", "Rapper X"): a fresh audit saw "Accuser Brittany Commisso" as a speaker's name
        "accuser",
        "activist",
        "actor",
        "actress",
        "singer",
        "rapper",
        "comedian",
        "billionaire",
        "entrepreneur",
        "journalist",
        "reporter",
        "anchor",
        "lawyer",
        "aide",
        "adviser",
        "advisor",
        "strategist",
        "pollster",
        "economist",
        "analyst",
        "scientist",
        "suspect",
        "whistleblower",
        "lawmaker",
        "nominee",
        "candidate",
        "challenger",
        "incumbent",
        "councilwoman",
        "councilman",
        "councilmember",
        "councilor",
        "councillor",
        "alderman",
        "alderwoman",
        # officers of a legislature ("the Chief Clerk of the House": audit G saw "Clerk" typed PERSON)
        "clerk",
        "parliamentarian",
        # what a company is, written as a title before its name ("Drugmaker Merck said": audit F saw
        # the speaker "Drugmaker Merck" apart from Merck)
        *COMPANY_ROLE_WORDS,
    }
)


# Role words that qualify a title or a body as well as a person ("state Health Department", "Defense
# Ministry", "former Soviet Union"), and a company's descriptions: no evidence by themselves that the
# name after them is a person's.
QUALIFYING_ROLE_WORDS = frozenset(
    {
        "vice", "prime", "state", "foreign", "affairs", "interior", "defense", "defence", "finance", "justice",
        "home", "trade", "economy", "general", "deputy", "chief", "executive", "head", "former", "ex", "acting",
        "interim", "then", "late", "incoming", "outgoing", "elect", "supreme", "official", "officer", "leader",
        *COMPANY_ROLE_WORDS,
    }
)  # fmt: skip


# Headline short forms of a party's members, keyed as link keys the members ("Dems Dismiss ...": audit G
# saw them missed).
GROUP_NICKNAMES = {"dems": "democrat", "dem": "democrat"}


def group_stem(key: str) -> str:
    """A group's key without its plural or its short form: "democrats", "dems" -> "democrat"."""
    return GROUP_NICKNAMES.get(key) or (key[:-1] if key.endswith("s") and not key.endswith("ss") else key)


# Words skipped when taking the initials of an expansion ("Bureau of Investigation").
ACRONYM_SKIP_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "la", "du", "des", "on", "in", "to", "at", "a", "an"})


# Generational suffixes: part of the span, not of the surname.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


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


# Memo size for the pure string normalisers: surface forms repeat a lot, so a
# corpus of 100k mentions has only some 10k distinct strings to fold.
NORMALISER_CACHE_SIZE = 1 << 16


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
    a, b = given_key(first), given_key(other)
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


def given_key(given: str) -> str:
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


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def acronym_letters(text: str) -> str | None:
    """Lower-case letters of an acronym surface ("U.S." -> "us"), else None."""
    compact = text.replace(" ", "")
    return compact.replace(".", "").lower() if ACRONYM_RE.fullmatch(compact) else None


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def initials(text: str) -> str | None:
    """Initials of a multi-word capitalised name, hyphen parts included ("Hi-Tech Park" -> "htp")."""
    words = [w for w in re.split(r"[\s\-]+", text) if w and w.lower() not in ACRONYM_SKIP_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).lower()


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def token_norm(token: str) -> str:
    """One whitespace token folded for word-list look-ups ("Belarus’" -> "belarus", "U.S." -> "us")."""
    return fold(token.strip(LEADING_JUNK + TRAILING_JUNK).removesuffix("’s").removesuffix("'s")).replace(" ", "")


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def is_role_token(token: str) -> bool:
    """A title word, hyphenated ones included ("Secretary", "then-President", "Secretary-General")."""
    parts = fold(token.strip(LEADING_JUNK + TRAILING_JUNK)).split()
    return bool(parts) and all(part in ROLE_WORDS for part in parts)


def is_person_title(token: str) -> bool:
    """A title only a person takes ("Sen.", "councilwoman", "Gov."), not a word that also qualifies a body
    ("state", "Defense", "former")."""
    parts = fold(token.strip(LEADING_JUNK + TRAILING_JUNK)).split()
    return is_role_token(token) and not any(part in QUALIFYING_ROLE_WORDS for part in parts)


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def stem(word: str) -> str:
    """Crude English stem, enough to see that "Meets" is the verb "meet"."""
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# A member of a numbered series: a word of three or more letters joined by a hyphen to a number
# ("COVID-19", "SARS-CoV-2", "Apollo-11", "Boeing-737"). Such a name is a disease, a mission, a
# model, never a person, an organisation or a state, whatever NER reads ("COVID-19" was an ORG
# actor in the Who list of 15 of 200 AllSides development stories). A shorter prefix is left
# alone: "G-20" is a forum.
SERIES_NAME_RE = re.compile(r"(?:[^\W\d_]{3,}-)+\d+")


def is_series_name(text: str) -> bool:
    """ "COVID-19", "Apollo-11": a member of a numbered series (``SERIES_NAME_RE``)."""
    return "-" in text and SERIES_NAME_RE.fullmatch(text) is not None  # (every match holds a hyphen)


# A person's full name has at most this many words; a longer span is a description.
MAX_NAME_WORDS = 4


def name_words(text: str) -> list[str]:
    """A person span's words without generational suffixes ("Jr.", "III")."""
    return list(name_word_tuple(text))


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def name_word_tuple(text: str) -> tuple[str, ...]:
    """``name_words`` memoised, as a tuple (the same spans are read again and again)."""
    words = [w for w in text.split() if token_norm(w)]
    while len(words) > 1 and token_norm(words[-1]) in NAME_SUFFIXES:
        words = words[:-1]
    return tuple(words)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A parsed person name: given name (or None), surname, the surname's block, and the middle initials
    between given name and surname ("hw" of "George H. W. Bush"; "" without any)."""

    given: str | None
    surname: str
    block: str
    middle: str = ""

    @classmethod
    def parse(cls, text: str) -> PersonName | None:
        words = name_words(text)
        if any(ch.isdigit() for w in words for ch in w):
            return None  # "COVID-19", "AR6": no person's name holds a digit, whatever NER said
        if not words or not surname_key(words[-1]):
            return None
        given = words[0].strip(LEADING_JUNK + TRAILING_JUNK + ".") if len(words) > 1 else None
        if given and not given[0].isupper():  # "bin Laden", "de Gaulle": a particle, not a given name
            given = None
        return cls(given or None, words[-1], surname_block(words[-1]), middle_initials(words[1:-1]) if given else "")


def middle_initials(words: Sequence[str]) -> str:
    """The initials among the words between a given name and a surname ("H. W." -> "hw"); a middle name
    written out ("Levine" of "Daniella Levine Cava") is no initial and counts nothing."""
    found = [w.replace(".", "") for w in words if INITIALS_RE.fullmatch(w)]
    return "".join(found).lower()


def middles_compatible(first: str, other: str) -> bool:
    """Could two names' middle initials belong to one person? Only two written, different ones say no:
    "George H. W. Bush" and "George W. Bush" are father and son; "John R. Lewis" is "John Lewis"."""
    return not first or not other or first == other


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def parse_person_name(text: str) -> PersonName | None:
    """``PersonName.parse``, memoised: the same surface forms are parsed again and again."""
    return PersonName.parse(text)
