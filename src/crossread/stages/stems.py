"""English word stems: the Snowball ("Porter2") English stemmer, for the story clusterer's terms.

Needs a lower-case word of ASCII letters (``cluster._words`` folds and filters
them first); returns its stem: "vaccinate", "vaccination" and "vaccines" are
all "vaccin", "voted" and "voting" "vote". The algorithm is Martin Porter's
Snowball English stemmer (snowballstem.org/algorithms/english/stemmer.html),
written out here so the core needs no NLTK; on the vocabulary of the
giveme5w1h and AllSides texts it gives NLTK's ``SnowballStemmer("english")``
stems (tests/test_cluster.py checks a sample of words).
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = frozenset("aeiouy")
DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
LI_ENDINGS = frozenset("cdeghkmnrt")
# Words the algorithm leaves alone or maps by hand (its "exceptional forms").
EXCEPTIONS = {
    "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl", "gently": "gentl",
    "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl", "sky": "sky", "news": "news", "howe": "howe",
    "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
}  # fmt: skip
AFTER_STEP_1A = frozenset({"inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"})
R1_PREFIXES = ("gener", "commun", "arsen")
STEP_2 = (
    ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
    ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"), ("alism", "al"),
    ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"), ("anci", "ance"),
    ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"), ("ogi", "og"), ("li", ""),
)  # fmt: skip
STEP_3 = (
    ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
    ("ical", "ic"), ("ness", ""), ("ful", ""),
)  # fmt: skip
STEP_4 = (
    "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al",
    "er", "ic",
)  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-case ASCII word (words of one or two letters are their own)."""
    if len(word) <= 2:
        return word
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    w = _mark_ys(word)
    r1, r2 = _regions(w)
    w = _step_1a(w)
    if w in AFTER_STEP_1A:
        return w
    w = _step_1c(_step_1b(w, r1))
    w = _step_2(w, r1)
    w = _step_3(w, r1, r2)
    w = _step_4(w, r2)
    return _step_5(w, r1, r2).replace("Y", "y")


def _mark_ys(word: str) -> str:
    """An initial y, and a y after a vowel, are consonants: written Y."""
    letters = list(word)
    for i, letter in enumerate(letters):
        if letter == "y" and (i == 0 or letters[i - 1] in VOWELS):
            letters[i] = "Y"
    return "".join(letters)


def _regions(word: str) -> tuple[int, int]:
    """Where R1 and R2 start: after the first non-vowel following a vowel (R2: the same again within R1)."""
    r1 = next((len(p) for p in R1_PREFIXES if word.startswith(p)), None)
    if r1 is None:
        r1 = _region_after(word, 0)
    return r1, _region_after(word, r1)


def _region_after(word: str, start: int) -> int:
    for i in range(start + 1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return i + 1
    return len(word)


def _short_syllable_end(word: str) -> bool:
    """Whether the word ends in a short syllable (non-vowel, vowel, non-vowel other than w, x, Y; or a vowel
    then a non-vowel making the whole word)."""
    if len(word) == 2:
        return word[0] in VOWELS and word[1] not in VOWELS
    return len(word) >= 3 and word[-3] not in VOWELS and word[-2] in VOWELS and word[-1] not in VOWELS | {"w", "x", "Y"}


def _has_vowel(part: str) -> bool:
    return any(letter in VOWELS for letter in part)


def _step_1a(w: str) -> str:
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith(("ied", "ies")):
        return w[:-2] if len(w) > 4 else w[:-1]
    if w.endswith(("us", "ss")):
        return w
    if w.endswith("s") and _has_vowel(w[:-2]):
        return w[:-1]
    return w


def _step_1b(w: str, r1: int) -> str:
    for suffix in ("eedly", "eed"):
        if w.endswith(suffix):
            return w[: -len(suffix)] + "ee" if len(w) - len(suffix) >= r1 else w
    for suffix in ("ingly", "edly", "ing", "ed"):
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            if not _has_vowel(base):
                return w
            if base.endswith(("at", "bl", "iz")):
                return base + "e"
            if base.endswith(DOUBLES):
                return base[:-1]
            if r1 >= len(base) and _short_syllable_end(base):
                return base + "e"
            return base
    return w


def _step_1c(w: str) -> str:
    if len(w) > 2 and w[-1] in "yY" and w[-2] not in VOWELS:
        return w[:-1] + "i"
    return w


def _step_2(w: str, r1: int) -> str:
    for suffix, replacement in STEP_2:
        if w.endswith(suffix):
            if len(w) - len(suffix) < r1:
                return w
            if suffix == "ogi" and not w.endswith("logi"):
                return w
            if suffix == "li" and w[-3] not in LI_ENDINGS:
                return w
            return w[: -len(suffix)] + replacement
    return w


def _step_3(w: str, r1: int, r2: int) -> str:
    for suffix, replacement in STEP_3:
        if w.endswith(suffix):
            start = len(w) - len(suffix)
            if start < r1 or (suffix == "ative" and start < r2):
                return w
            return w[:start] + replacement
    return w


def _step_4(w: str, r2: int) -> str:
    for suffix in STEP_4:
        if w.endswith(suffix):
            start = len(w) - len(suffix)
            if start < r2 or (suffix == "ion" and w[start - 1 : start] not in ("s", "t")):
                return w
            return w[:start]
    return w


def _step_5(w: str, r1: int, r2: int) -> str:
    start = len(w) - 1
    if w.endswith("e") and (start >= r2 or (start >= r1 and not _short_syllable_end(w[:-1]))):
        return w[:-1]
    if w.endswith("ll") and start >= r2:
        return w[:-1]
    return w
