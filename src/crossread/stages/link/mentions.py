"""link.mentions: step 1 — clean each NER mention (articles, possessives, roles, headline
casing) into a candidate, narrowing its span only, so ``text == document.text[start:end]`` holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from crossread.first_names import is_first_name
from crossread.headlines import headline_sentences
from crossread.model import AnalyzedDocument, Sentence
from crossread.publication import HEADLINE_LABEL
from crossread.stages.link.names import (
    LEADING_JUNK,
    NAME_SUFFIXES,
    NORMALISER_CACHE_SIZE,
    TRAILING_JUNK,
    acronym_letters,
    fold,
    group_stem,
    initials,
    is_role_token,
    is_series_name,
    stem,
    token_norm,
)

# A mention starting this many characters into its sentence (an opening quote
# or bullet) still counts as sentence-initial.
SENTENCE_START_SLACK = 3


WORD_RE = re.compile(r"[^\W\d_]+")
# Joins sentences read in one pass: no word's, no space, no comma (``CaseStats._add_sentences``).
SENTENCE_JOINER = "\x00"
# A whitespace-separated token.
TOKEN_RE = re.compile(r"\S+")


# Span ends whose final dot belongs to the name ("U.S.", "Jr.", "Equifax Inc.").
ABBREVIATION_END_RE = re.compile(r"(?:\b[A-Z]\.[A-Z]|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|Bros|St))$")


# Words that only connect parts of a title or a name; never a stripping anchor.
CONNECTOR_WORDS = frozenset({"of", "the", "for", "and", "on", "to", "at"})


# Spans that name nobody by themselves: never a mention of a name, never an alias.
PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "i", "we", "you", "who"})


# A span opening with one of these is a description ("A spokesman", "Some people").
DETERMINERS = frozenset({"a", "an", "some", "this", "that", "these", "those", "his", "her", "its", "their", "our", "many"})


PERSON = "PERSON"
GPE = "GPE"
ORG = "ORG"
# What a source list adds after an outlet's name: "NBC News (Online)", "Wall Street Journal (News)".
OUTLET_QUALIFIER_RE = re.compile(r"\s*\([^)]*\)\s*$")
# NER's readings of an outlet's name that are surely wrong: a state or a group. A person ("Hill" beside The
# Hill) or a physical place ("the Atlantic" beside The Atlantic) may be what the text means.
OUTLET_MISREADINGS = frozenset({GPE, "NORP"})


# A party letter glued to a state after a lawmaker's name ("(R-Ky.)", ", D-Calif.,"): the state is
# part of the person's description, no place the story is about.
PARTY_TAG_RE = re.compile(r"(?:^|[\s(,\[])[DRI]-$")


# A lawmaker's party letter in brackets or after a comma ("Sen. X (D., Hawaii)", "X, R-Ky.,"): NER reads the
# letter as a group (audit G saw "D" listed as a NORP), but it names no entity by itself.
PARTY_LETTER_RE = re.compile(r"[DRI]\.?")
PARTY_LETTER_BEFORE = ("(", ",", "[")
PARTY_LETTER_AFTER = (".", "-", ",", "–")


# The head noun of a geographic feature's name ("East Sea", "Korean Peninsula", "Red River"): a title-case
# headline keeps the word before it and the noun itself, whatever running text writes in lower case (audit
# G saw "East Sea" cut to "Sea" and "Korean Peninsula" to "Korean").
PLACE_FEATURE_WORDS = frozenset(
    {"sea", "seas", "ocean", "gulf", "bay", "strait", "straits", "peninsula", "river", "lake", "island", "islands",
     "mountains", "canal", "channel", "desert", "valley", "basin", "plateau", "coast"}
)  # fmt: skip


# A name right before this word names a variant of a virus ("the Delta variant"), no place, person or body
# (audit G saw "Delta" typed LOC): it is labelled like the disease it is a variant of (a series, EVENT).
VARIANT_AFTER_RE = re.compile(r"\s+(?:sub)?variants?\b")
VARIANT_LABEL = "EVENT"


# A group's singular noun after "the" and before a verb ("The Democrat argued ...") is one person described by
# party, not the group (audit G saw a senator folded into the Democrats). The verb: a say-verb or a past tense.
SINGULAR_MEMBER_VERBS = frozenset(
    {"said", "says", "told", "tells", "wrote", "writes", "added", "adds", "argues", "asked", "asks"}
)
GROUP_LABEL = "NORP"


# Endings of an inflected English verb ("Strikes", "Making", "Pushed"): a headline word ending so,
# which running text never writes with a capital, is no name (``CaseStats.is_headline_only_word``).
VERB_ENDINGS = ("s", "ing", "ed")


# "Benedict XVI", "Henry VIII", "John Smith III": a number (up to 39) that is part of a name.
ROMAN_NUMERAL_RE = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")


def _hyphen_parts(word: str) -> list[str]:
    """A word's hyphen-joined parts ("Cease-Fire" -> "Cease", "Fire"), as running text's words are counted
    (``WORD_RE``): a headline's "Cease-Fire" is the body's "cease-fire" (audit J saw it as an organisation)."""
    return [p for p in re.split(r"[-\u2010\u2011]", word) if p]


@dataclass(slots=True)
class CaseStats:
    """How words are written outside headings, to spot title-case headline noise."""

    capitalised: set[str] = field(default_factory=set)
    lowercase_stems: set[str] = field(default_factory=set)
    known_keys: set[str] = field(default_factory=set)
    # Per document (in the order given), the indexes of its headline sentences (``headline_sentences``).
    headlines: list[set[int]] = field(default_factory=list)
    # The folded numbered series names of the story and their heads ("covid 19", "covid": ``is_series_name``).
    series_words: set[str] = field(default_factory=set)
    # NER's first label of each ``known_keys`` name.
    key_labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_documents(cls, documents: Sequence[AnalyzedDocument]) -> CaseStats:
        stats = cls()
        read: dict[str, None] = {}  # a sentence printed again (a copy's, a syndicated one) adds nothing new: read once
        for analyzed in documents:
            heading_sentences = headline_sentences(analyzed)
            stats.headlines.append(heading_sentences)
            for sentence in analyzed.sentences:
                if sentence.index not in heading_sentences:
                    read[sentence.text] = None
            for mention in analyzed.mentions:
                if mention.sentence not in heading_sentences:
                    key = plain_key(mention.text)
                    stats.known_keys.add(key)
                    stats.key_labels.setdefault(key, mention.label)
                if is_series_name(mention.text):
                    stats.series_words.update((fold(mention.text), fold(mention.text.rpartition("-")[0])))
        stats._add_sentences(list(read))
        return stats

    def _add_sentences(self, texts: Sequence[str]) -> None:
        """Count the words of running-text sentences: each lower-case word's stem, each capitalised word
        that sits mid-sentence (the nearest character before it that is no whitespace is a letter, a digit or
        a comma: its capital is not just sentence case), as a pass over every ``WORD_RE`` word would.

        The texts are joined by a character that is neither a word's, a space nor a comma (no word runs
        across two sentences, and a sentence's first word follows none) and cut into whitespace tokens;
        each distinct token is read once, and only a token opening with a capitalised word is looked up
        where it occurs, to see what ends the token before it. A Python pass over every word of every
        sentence cost 12% of linking the bench corpus's stories.
        """
        tokens = SENTENCE_JOINER.join(texts).split()
        distinct = set(tokens)
        words = {token for token in distinct if token.isalpha()}  # a token of letters is one word
        mixed = distinct - words
        uncapitalised = [token for token in mixed if token.islower()]  # no capital: only lower-case words count
        words.update(WORD_RE.findall(" ".join(uncapitalised)))
        opening = {word: word for word in words if word[0].isupper()}  # token -> its capitalised first word
        for token in mixed.difference(uncapitalised):
            for match in WORD_RE.finditer(token):
                word, at = match.group(), match.start()
                words.add(word)
                if not word[0].isupper():
                    continue
                if not at:
                    opening[token] = word  # what it follows ends the token before
                elif token[at - 1].isalnum() or token[at - 1] == ",":
                    self.capitalised.add(word.lower())
        for position in [i for i, token in enumerate(tokens) if token in opening]:
            before = tokens[position - 1][-1] if position else SENTENCE_JOINER
            if before.isalnum() or before == ",":
                self.capitalised.add(opening[tokens[position]].lower())
        self.lowercase_stems.update(map(stem, [word for word in words if word.islower()]))

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
            and stem(word.lower()) in self.lowercase_stems
            and rest_key in self.known_keys
        )

    def is_common_word(self, token: str) -> bool:
        """An ordinary word that a sentence start or a heading capitalised ("Officials", "Driver")."""
        parts = _hyphen_parts(token.strip(LEADING_JUNK + TRAILING_JUNK))
        return bool(parts) and all(p.lower() not in self.capitalised and stem(p.lower()) in self.lowercase_stems for p in parts)

    def in_headline(self, doc_index: int, sentence: Sentence | None) -> bool:
        """Whether the sentence is one of its document's headlines, where title case is noise."""
        return sentence is not None and sentence.index in self.headlines[doc_index]

    def never_capitalised(self, token: str) -> bool:
        """A capitalised word that running text never writes with a capital mid-sentence."""
        word = token.strip(LEADING_JUNK + TRAILING_JUNK)
        return word[:1].isupper() and all(p.lower() not in self.capitalised for p in _hyphen_parts(word))

    def is_headline_only_word(self, tokens: Sequence[tuple[int, int, str]]) -> bool:
        """Title-case heading words ("Fighting Intensifies") that running text never capitalises mid-sentence nor names, and
        that reads as an ordinary word (written in lower case there, or inflected like a verb): a
        headline verb NER read as a person ("Judge Strikes Down ...", "Bill Making ..."). A person the
        body speaks of is written with a capital there ("said Biden") or is a name it mentions; one
        the body never names ("Putin" in a headline only) is no ordinary word and stays."""
        words = [t[2].strip(LEADING_JUNK + TRAILING_JUNK) for t in tokens]
        ordinary = all(self.is_common_word(w) or w.lower().endswith(VERB_ENDINGS) for w in words)
        named = plain_key(" ".join(words)) in self.known_keys
        return bool(words) and ordinary and all(self.never_capitalised(w) for w in words) and not named

    def is_mostly_headline_words(self, tokens: Sequence[tuple[int, int, str]]) -> bool:
        """``is_headline_only_word`` for two words or more of which at least half read as ordinary words and none
        opens with a given name: "Stands Up", "Slowing Spread", "Another Group of Scientists Calls for Further Inquiry"
        (audit I saw them as persons and organisations; "up" or "inquiry" never written in lower case there)."""
        words = [t[2].strip(LEADING_JUNK + TRAILING_JUNK) for t in tokens]
        if len(words) < 2 or is_first_name(words[0]) or plain_key(" ".join(words)) in self.known_keys:
            return False
        ordinary = sum(self.is_common_word(w) or w.lower().endswith(VERB_ENDINGS) for w in words)
        return ordinary * 2 >= len(words) and all(self.never_capitalised(w) or w.islower() for w in words)

    def names_group(self, tokens: Sequence[tuple[int, int, str]]) -> bool:
        """Running text names the group these words name, in any number or short form ("Dems": "Democrats")."""
        key = group_stem(plain_key(" ".join(t[2] for t in tokens)))
        return any(group_stem(known) == key for known in self.known_keys)

    def is_headline_noise(self, token: str, rest_key: str) -> bool:
        """A title-case heading word that is never capitalised in running text.

        Such a word is noise around a name when it is an ordinary lower-case
        word elsewhere ("Meets" ~ "meet") or when dropping it leaves a name the
        corpus knows from running text.
        """
        word = token.strip(LEADING_JUNK + TRAILING_JUNK)
        if not word[:1].isupper() or word.lower() in self.capitalised:
            return False
        return stem(word.lower()) in self.lowercase_stems or rest_key in self.known_keys


# A censored word ("F—", "s---", "f***"): one or two letters then a dash, or letters then two or more
# dashes or asterisks. A span holding one is a quoted profanity, no name (audit F saw "F— school" as a
# PRODUCT).
CENSORED_WORD_RE = re.compile(r"[^\W\d_]{1,2}[—–]|[^\W\d_]+(?:-{2,}|\*{2,})")
# What every ``CENSORED_WORD_RE`` match holds: a dash, or two hyphens or asterisks.
CENSOR_MARK_RE = re.compile(r"[—–]|--|\*\*")


# A quotation that is one word and an exclamation mark ("Shame!", "Liar!"): a cry, no name, whatever
# NER read (audit F saw "Shame" as a WORK_OF_ART). Opening quote, the span, "!", closing quote.
OPENING_QUOTES = "\"“‘'«"
CLOSING_QUOTES = "\"”’'»"


# A chant's opening ("Long Live Afghanistan", "Death to America", "Down with X"): NER reads the chant as a work
# or a name (audit H saw "Long Live Afghanistan" as a WORK_OF_ART); it is no entity.
SLOGAN_RE = re.compile(r"(?:Long [Ll]ive|Death [Tt]o|Down [Ww]ith)\s")


# What a sentence opening with a phrase says of it: "Nemo resideo is a Latin phrase that means ..." (audit H saw
# "Nemo" listed as a person).
PHRASE_DEFINED_RE = re.compile(
    r"[^.?!\n]{0,40}?\b(?:is|was) (?:a|an|the) (?:[\w-]+ ){0,2}(?:phrase|word|term|expression|motto|saying|slogan)(?![\w-])"
)


def is_censored(tokens: Sequence[tuple[int, int, str]]) -> bool:
    """A span with a censored word in it ("F— school")."""
    if not any(CENSOR_MARK_RE.search(t[2]) for t in tokens):
        return False  # every censored word holds one of the marks: one scan of each token, no strip
    return any(CENSORED_WORD_RE.fullmatch(t[2].rstrip(",.;:!?\"”’'»)")) for t in tokens)


def is_quoted_exclamation(text: str, start: int, end: int) -> bool:
    """The span is all of a quotation that ends in "!" (''traded accusations of "Shame!"'')."""
    return (
        start > 0
        and text[start - 1] in OPENING_QUOTES
        and text.startswith("!", end)
        and end + 1 < len(text)
        and text[end + 1] in CLOSING_QUOTES
    )


@lru_cache(maxsize=NORMALISER_CACHE_SIZE)
def plain_key(text: str) -> str:
    """Key of a non-person name: folded, without a leading "the"."""
    key = fold(text)
    return key[4:] if key.startswith("the ") else key


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
    # No person can bear this form in its story (``introductions``): it is routed to the names.
    person_denied: bool = False
    # The acronym the text spells this name out for in brackets right after it ("Israel Defense
    # Force (IDF)" -> "idf"), lower case (``bracket_acronyms``).
    spells_out: str | None = None


_Token = tuple[int, int, str]
# A possessive's ending, cut from a name's end (both as long).
POSSESSIVES = ("’s", "'s")
POSSESSIVE_LENGTH = 2


def span_tokens(text: str, start: int, end: int) -> list[_Token]:
    """The whitespace-separated tokens of ``text[start:end]`` with their spans (``TOKEN_RE``)."""
    piece = text[start:end]
    words = piece.split()  # the same tokens: ``str.split`` and ``\s`` both split on ``str.isspace``
    if len(words) == 1 and len(words[0]) == len(piece):
        return [(start, end, piece)]  # one word, no space around it: most names
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, end)]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop quotes, brackets, punctuation and a possessive "'s" from both ends."""
    if text.startswith(("’s ", "'s "), start):  # the tail of the previous word's possessive
        start += 3
    while start < end and (text[start] in LEADING_JUNK or text[start].isspace()):
        start += 1
    # One of the two cuts applies at a time (a possessive ends in "s", which is no junk), so cutting
    # whichever applies until none does is the one order there is.
    while end > start:
        if text.endswith(POSSESSIVES, start, end):
            if end - POSSESSIVE_LENGTH <= start:
                break  # "'s" alone is left as it is
            end -= POSSESSIVE_LENGTH
        elif text[end - 1] in TRAILING_JUNK or text[end - 1].isspace():
            end -= 1
        else:
            break
    # Keep the dot of an abbreviation such as "U.S." or "Jr.".
    if end < len(text) and text[end] == "." and ABBREVIATION_END_RE.search(text[start:end]):
        end += 1
    # A bracket the name opens and does not close is its acronym cut in two ("World Health
    # Organization (WHO": an audit saw it as a name): the name ends before it.
    opened = text.rfind("(", start, end)
    if opened > start and text.find(")", opened, end) < 0:
        end = opened
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _headline_words(tokens: list[_Token], stats: CaseStats) -> bool:
    """Title-case headline words around a name: each never capitalised in running text, written in
    lower case ("to" of "X Set to Open Borders"), or a name of its own, at least one of them an
    ordinary word ("Pushed" in "X Pushed DOJ")."""
    plain = [stats.never_capitalised(t[2]) or t[2].strip(LEADING_JUNK + TRAILING_JUNK).islower() for t in tokens]
    return any(plain) and all(p or plain_key(t[2]) in stats.known_keys for p, t in zip(plain, tokens, strict=True))


# Words no name holds that a title-case headline runs a name into: "X Credits Are Starting To Go Out"
# ("Will" and "May" are names: "Theresa May").
HEADLINE_VERB_WORDS = frozenset({"are", "is", "was", "were", "would", "has", "have", "had", "to", "could"})


def _strip_headline_noise(tokens: list[_Token], stats: CaseStats) -> list[_Token]:
    """Drop title-case verbs and the like from both ends of a heading mention, and all from the first
    word no name holds ("Are", "To"; an audit saw a whole headline listed as an organisation)."""
    words = [t[2].strip(LEADING_JUNK + TRAILING_JUNK).lower() for t in tokens]
    cut = next((i for i, word in enumerate(words) if i and word in HEADLINE_VERB_WORDS), None)
    if cut is not None:
        tokens = tokens[:cut]
    if len(tokens) > 1 and token_norm(tokens[-1][2]) in PLACE_FEATURE_WORDS:
        # "East Sea", "Korean Peninsula": a feature's name keeps its noun and the word before it
        while len(tokens) > 2 and stats.is_headline_noise(tokens[0][2], plain_key(" ".join(t[2] for t in tokens[1:]))):
            tokens = tokens[1:]
        return tokens
    while len(tokens) > 1 and stats.is_headline_noise(tokens[0][2], plain_key(" ".join(t[2] for t in tokens[1:]))):
        tokens = tokens[1:]
    while len(tokens) > 1 and stats.is_headline_noise(tokens[-1][2], plain_key(" ".join(t[2] for t in tokens[:-1]))):
        tokens = tokens[:-1]
    if len(tokens) > 1 and _is_acronym_word(tokens[0][2]) and all(stats.never_capitalised(t[2]) for t in tokens[1:]):
        return tokens[:1]  # "NBC Retract Incorrect": an acronym, then words running text never capitalises (audit I)
    return _known_name_inside(tokens, stats)


def _cut_common_tail(tokens: list[_Token], text: str, stats: CaseStats) -> list[_Token]:
    """A heading mention ending in words its document writes in lower case as one phrase is the name
    before them: "Israel Ground Forces Shell Gaza" beside "Israeli ground forces carried out ..." is
    "Israel" (audit F saw "Israel Ground Forces" listed as an organisation). The phrase has two words or
    more ("the court" does not make "Supreme Court" "Supreme"), and what is left is a name running text
    knows."""
    for first in range(1, len(tokens) - 1):
        tail = " ".join(t[2].strip(LEADING_JUNK + TRAILING_JUNK) for t in tokens[first:])
        head_key = plain_key(" ".join(t[2] for t in tokens[:first]))
        if tail[:1].isupper() and head_key in stats.known_keys and re.search(rf"\b{re.escape(tail.lower())}\b", text):
            return tokens[:first]
    return tokens


def _known_name_inside(tokens: list[_Token], stats: CaseStats) -> list[_Token]:
    """The longest run of a heading mention that running text names, when every word around it
    is one running text never capitalises: NER runs a name into the title-case words after it
    ("X Y Launches Website" -> "X Y", the story's body naming "X Y" and never "Website"; "X Pushed
    DOJ" -> "X" when the body names "DOJ" too)."""
    if len(tokens) < 2 or plain_key(" ".join(t[2] for t in tokens)) in stats.known_keys:
        return tokens
    for size in range(len(tokens) - 1, 0, -1):
        for first in range(len(tokens) - size + 1):
            run = tokens[first : first + size]
            rest = tokens[:first] + tokens[first + size :]
            if plain_key(" ".join(t[2] for t in run)) in stats.known_keys and _headline_words(rest, stats):
                return run
    return tokens


def strip_roles(tokens: list[_Token]) -> list[_Token]:
    """Drop everything up to the last title word before the name ("U.S. Secretary of State")."""
    last = len(tokens) - 1
    while last > 0 and token_norm(tokens[last][2]) in NAME_SUFFIXES:
        last -= 1
    anchors = [i for i in range(last) if is_role_token(tokens[i][2])]
    tokens = tokens[anchors[-1] + 1 :] if anchors else tokens
    while tokens and token_norm(tokens[0][2]) in CONNECTOR_WORDS:
        tokens = tokens[1:]
    return tokens


def _cut_apposition(tokens: list[_Token]) -> list[_Token]:
    """A person's name ends at a comma or a colon ("Pavel Durov, the app's co-founder" -> "Pavel
    Durov"; a headline's "X Y: NSA spied ..." -> "X Y") and before a trailing acronym ("Biden ABC
    interview" -> "Biden"): no one's name ends in an all-capital word but a generational "III"."""
    for position, token in enumerate(tokens[:-1]):
        if token[2].endswith((",", ":")):
            return tokens[: position + 1]
    if len(tokens) > 1 and _is_acronym_word(tokens[-1][2]):
        return tokens[:-1]
    return tokens


def _is_acronym_word(token: str) -> bool:
    """ "ABC", "XL", "NSA"; not a regnal or generational number ("XVI", "III"), "Jr", nor an
    initial "J." or "J.R."."""
    word = token.strip(LEADING_JUNK + TRAILING_JUNK)
    return len(word) >= 2 and word.isalpha() and word.isupper() and not ROMAN_NUMERAL_RE.fullmatch(word)


# A pronoun run into its verb ("I'm", "we're"): the opening words of a quotation NER read as a title ("Today I'm":
# audit I saw a WORK_OF_ART), no name's.
PRONOUN_CONTRACTION_RE = re.compile(r"(?i)(?:i|we|you|they|he|she|it)['’](?:m|re|ve|ll|d|s)")


def _is_name_like(tokens: list[_Token]) -> bool:
    """Names have a capital and are neither pronouns nor bare titles ("she", "State", "lone wolf"), nor end in a
    pronoun's contraction ("Today I'm"; a title opening with one, "I'm a Celebrity", stays)."""
    if not tokens:  # a span of nothing but junk or spaces
        return False
    last = tokens[-1][2]
    text = last if len(tokens) == 1 else " ".join(t[2] for t in tokens)
    return (
        any(map(str.isupper, text))
        and fold(text) not in PRONOUNS
        and not (("'" in last or "’" in last) and PRONOUN_CONTRACTION_RE.fullmatch(last.strip(LEADING_JUNK + TRAILING_JUNK)))
        and tokens[0][2].lower() not in DETERMINERS  # raw token: "A." is an initial, "A" an article
        and not all(is_role_token(t[2]) or token_norm(t[2]) in CONNECTOR_WORDS for t in tokens)
    )


# What NER reads title-case headline words as ("Stands Up" a person, "Slowing Spread" an organisation): the labels
# ``CaseStats.is_mostly_headline_words`` applies to; a place keeps its feature's name ("West Sea").
MOSTLY_HEADLINE_LABELS = frozenset({PERSON, ORG, "WORK_OF_ART"})


# A dot, then perhaps more abbreviated words, then a number: what follows a bill's prefix ("H. Res. 601",
# "S. Con. Res. 14"), never a person's name ("Bush 43" has no dot; audit J saw "H. Res" as a person).
BILL_NUMBER_AFTER_RE = re.compile(r"\.(?:\s+[A-Z][a-z]{0,3}\.)*\s*\d")
# The District of Columbia written after its city ("Washington, D.C."): one place, which NER split in two.
DISTRICT_RE = re.compile(r"D\.\s?C\.?|DC")
DISTRICT_AFTER_CITY_RE = re.compile(r"\bWashington,?\s+$")


# How far into a headline its rubric may reach ("LIVE UPDATES: " and then some).
HEADLINE_LABEL_REACH = 40


# Labels of names whose last word, written in lower case, is no part of the name ("Gaza strip", "Ohio state").
LOWER_TAIL_LABELS = frozenset({GPE, "LOC"})


def _in_headline_label(text: str, sentence_start: int, end: int) -> bool:
    """Does a name ending at ``end`` lie in the rubric opening the headline at ``sentence_start`` ("EXPLAINER:")?"""
    label = HEADLINE_LABEL.match(text[sentence_start : sentence_start + HEADLINE_LABEL_REACH])
    return label is not None and end <= sentence_start + label.end()


def clean_span(
    analyzed: AnalyzedDocument, doc_index: int, span: tuple[int, int], label: str, sentence: Sentence | None, stats: CaseStats
) -> Candidate | None:
    """A mention's cleaned spans, or None when nothing name-like is left ("State", "she", "Officials")."""
    text = analyzed.document.text
    start, end = trim_span(text, *span)
    if label == GPE and PARTY_TAG_RE.search(text, max(0, start - len("(R-")), start):
        return None  # "(R-Ky.)" says which state a lawmaker serves, not where the story happens
    tokens = span_tokens(text, start, end)
    if (
        (CENSOR_MARK_RE.search(text, start, end) and is_censored(tokens))
        or is_quoted_exclamation(text, start, end)
        or SLOGAN_RE.match(text, start, end)
    ):
        return None  # a profanity, a cry in a quotation or a chant ("Long Live X") names nothing
    if label == PERSON and BILL_NUMBER_AFTER_RE.match(text, end):
        return None  # "H. Res. 601", "S. Con. Res. 14": a bill's prefix read as a person (audit J)
    if label == GPE and DISTRICT_AFTER_CITY_RE.search(text, max(0, start - 20), start) and DISTRICT_RE.fullmatch(text[start:end]):
        return None  # "Washington, D.C.": the district names the city's place again, not a second one (audit J)
    if is_party_letter(text, *span) or (label == GROUP_LABEL and is_one_member(text, start, end)):
        return None  # "(D., Hawaii)", "The Democrat argued": no group the story names
    heading = stats.in_headline(doc_index, sentence)
    if heading and sentence is not None and _in_headline_label(text, sentence.start, end):
        return None  # "EXPLAINER: What was …", "WATCH: …": the outlet's rubric, no name (audit J saw a person)
    at_start = sentence is not None and (heading or start <= sentence.start + SENTENCE_START_SLACK)
    if at_start and not heading and PHRASE_DEFINED_RE.match(text, end):
        return None  # "Nemo resideo is a Latin phrase": a quoted phrase the sentence explains, no name
    if tokens and token_norm(tokens[0][2]) == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    if tokens and fold(tokens[0][2]) in PLATFORM_NAMES and (len(tokens) == 1 or label in COMPANY_MISREADINGS):
        label = ORG  # "a statement on Twitter" read as a person (audit H)
    if heading:
        tokens = _cut_common_tail(_strip_headline_noise(tokens, stats), text, stats)
    elif at_start and len(tokens) > 1:
        rest_key = plain_key(" ".join(t[2] for t in tokens[1:]))
        if stats.is_sentence_start_noise(tokens[0][2], rest_key):
            tokens = tokens[1:]
    if not _is_name_like(tokens) or (at_start and len(tokens) == 1 and stats.is_common_word(tokens[0][2])):
        return None
    if (
        heading
        and (stats.is_headline_only_word(tokens) or (label in MOSTLY_HEADLINE_LABELS and stats.is_mostly_headline_words(tokens)))
        and not (label == GROUP_LABEL and stats.names_group(tokens))
    ):
        # "Judge Strikes Down …" read as a person, "… as Fighting Intensifies" as an organisation; a group
        # running text names stays ("Dems Dismiss ..." beside "Democrats"; not "... Mired in Rifts")
        return None
    if label in LOWER_TAIL_LABELS and len(tokens) > 1 and tokens[-1][2].isalpha() and tokens[-1][2].islower():
        tokens = tokens[:-1]  # "the Gaza strip": a place and a common noun after it, the place (audit J saw two Gazas)
    while stats.series_words and label != PERSON and len(tokens) > 1 and fold(tokens[-1][2]) in stats.series_words:
        tokens = tokens[:-1]  # "White House Covid (coordinator)": the disease the office deals with is no part of it
    if label != PERSON and len(tokens) > 1 and tokens[-1][2] in CONNECTOR_WORDS:
        while len(tokens) > 1 and tokens[-1][2] in CONNECTOR_WORDS:
            tokens = tokens[:-1]  # "the University of X at" (NER cut "... at Chapel Hill" in two; audit H)
        if len(tokens) == 1:
            return None  # "Library of", "Architect of the": what is left is a common noun, no name
    person_tokens = _cut_apposition(strip_roles(tokens))
    if not person_tokens and label == PERSON:
        return None  # nothing but roles and titles ("the Secretary"): no name to link
    if not person_tokens or (label != PERSON and not all(t[2][:1].isupper() for t in person_tokens)):
        person_tokens = tokens
    plain = tokens if label != PERSON else person_tokens
    start, end = trim_span(text, plain[0][0], plain[-1][1])
    if plain is person_tokens:  # a person's reading, or a name's with no role to strip: the same span
        person_start, person_end = start, end
    else:
        person_start, person_end = trim_span(text, person_tokens[0][0], person_tokens[-1][1])
    if end <= start or person_end <= person_start:
        return None
    plain_text, person_text = text[start:end], text[person_start:person_end]
    if VARIANT_AFTER_RE.match(text, end):
        label = VARIANT_LABEL  # "the Delta variant"
    return Candidate(doc_index, analyzed.document.id, start, end, label, person_start, person_end, plain_text, person_text)


def is_party_letter(text: str, start: int, end: int) -> bool:
    """The span is a lawmaker's party letter: "D." of "(D., Hawaii)", "R" of ", R-Ky.,"."""
    word = text[start:end].strip()
    if PARTY_LETTER_RE.fullmatch(word) is None:
        return False  # (the text before is copied only for a span that may be a party letter)
    before = text[:start].rstrip()
    return before.endswith(PARTY_LETTER_BEFORE) and (word.endswith(".") or text.startswith(PARTY_LETTER_AFTER, end))


def is_one_member(text: str, start: int, end: int) -> bool:
    """A group's singular noun after "the" and before a say-verb or a past tense: "The Democrat argued"."""
    word = text[start:end]
    before = text[max(0, start - 4) : start]
    after = text[end : end + 20].split()
    verb = after[0].rstrip(",.;:") if after else ""
    return (
        " " not in word
        and text[end : end + 1] == " "  # "the Democratic-led House" is the group's
        and not word.endswith("s")
        and before.lower() == "the "
        and verb.islower()
        and (verb in SINGULAR_MEMBER_VERBS or verb.endswith("ed"))
    )


def clean_all(documents: Sequence[AnalyzedDocument], stats: CaseStats) -> list[Candidate]:
    """Clean every mention of every document (input order kept). The name of one of the story's outlets
    is an organisation, whatever NER read ("a Bloomberg survey" in Bloomberg's story: audit G saw a GPE)."""
    outlets = {outlet_key(d.document.outlet) for d in documents if d.document.outlet}
    names = Counter(plain_key(m.text) for d in documents for m in d.mentions)
    candidates: list[Candidate] = []
    for doc_index, analyzed in enumerate(documents):
        doc_first = len(candidates)
        sentences = {s.index: s for s in analyzed.sentences}
        starts = {m.start for m in analyzed.mentions}
        for mention in analyzed.mentions:
            span = (mention.start, mention.end)
            candidate = clean_span(analyzed, doc_index, span, mention.label, sentences.get(mention.sentence), stats)
            if candidate is not None:
                if candidate.label in OUTLET_MISREADINGS and plain_key(candidate.text) in outlets:
                    candidate.label = ORG
                _widen_to_number(candidate, analyzed.document.text)
                _widen_to_known_name(candidate, analyzed.document.text, stats)
                _widen_acronym_to_known_name(candidate, analyzed.document.text, stats, starts)
                if fold(candidate.text) in stats.series_words:
                    candidate.person_denied = True  # "COVID" of "COVID-19": no person (audit I saw "COVID" as one)
                candidates.append(candidate)
        candidates[doc_first:] = _join_and_tails(candidates[doc_first:], analyzed.document.text, names)
        candidates[doc_first:] = _join_cases_and_qualifiers(candidates[doc_first:], analyzed.document.text)
    _name_case_parties(candidates)
    _outlets_read_as_persons(candidates, outlets)
    return candidates


def _outlets_read_as_persons(candidates: list[Candidate], outlets: set[str]) -> None:
    """A one-word person reading of one of the story's outlets ("Politico reported") is the outlet, unless the
    story names someone in full with that surname ("Rep. French Hill" beside The Hill): audit J saw "Politico"
    listed as a person."""
    surnames = {plain_key(c.person_text.split()[-1]) for c in candidates if c.label == PERSON and " " in c.person_text}
    for candidate in candidates:
        key = plain_key(candidate.text)
        if candidate.label == PERSON and " " not in key and key in outlets and key not in surnames:
            candidate.label = ORG
            candidate.person_denied = True


# The "v." of a court case's name ("Roe v. Wade"): NER tags its parties apart ("Planned Parenthood" ORG,
# "Casey" PERSON: audit I saw them listed as an organisation and a person).
CASE_SEPARATOR_RE = re.compile(r" vs?\.? ")
# A country's initials NER tags apart from the body or building they qualify ("U.S." + "Capitol").
QUALIFIED_LABELS = frozenset({ORG, "FAC"})


def _join_cases_and_qualifiers(candidates: list[Candidate], text: str) -> list[Candidate]:
    """Two mentions NER cut one name into: the parties of a court case ("Planned Parenthood" + " v. " +
    "Casey") are one LAW, "Planned Parenthood v. Casey"; a country's initials right before a body or a
    building ("U.S." + " " + "Capitol Police") are that name, "U.S. Capitol Police" (audit I saw "U.S."
    counted as a place where the texts name the Capitol)."""
    joined: list[Candidate] = []
    for candidate in candidates:
        last = joined[-1] if joined else None
        between = text[last.end : candidate.start] if last is not None else ""
        if last is not None and CASE_SEPARATOR_RE.fullmatch(between) and candidate.text[:1].isupper() and last.text[:1].isupper():
            last.label = LAW_LABEL
        elif not (
            last is not None
            and between == " "
            and last.label == GPE
            and acronym_letters(last.text) is not None
            and candidate.label in QUALIFIED_LABELS
        ):
            joined.append(candidate)
            continue
        else:
            last.label = candidate.label
        assert last is not None
        last.end = last.person_end = candidate.end
        last.person_start = last.start
        last.text = last.person_text = text[last.start : last.end]
    return joined


def case_parties(key: str) -> tuple[str, ...]:
    """The parties of a court case's key ("roe v wade" -> "roe", "wade"), none for another name."""
    parts = key.split(" v ") if " v " in key else key.split(" vs ")
    return tuple(parts) if len(parts) == 2 else ()


def _name_case_parties(candidates: list[Candidate]) -> None:
    """A one-word party of a court case the story names is the case, not a person or a body, where NER read it
    as one ("Roe and Casey" for "Roe v. Wade" and "Planned Parenthood v. Casey"). A place stays a place
    ("Texas" of "Texas v. Pennsylvania")."""
    parties = {party for c in candidates if c.label == LAW_LABEL for party in case_parties(plain_key(c.text)) if " " not in party}
    for candidate in candidates:
        if candidate.label in (PERSON, ORG, LAW_LABEL) and plain_key(candidate.text) in parties:
            candidate.label = LAW_LABEL
            candidate.person_denied = True


def _join_and_tails(candidates: list[Candidate], text: str, names: Counter[str]) -> list[Candidate]:
    """ "Hussman School of Journalism" + " and " + "Media" (two ORG mentions) is one name, "... of Journalism and Media":
    NER cut the name at its "and" (audit H saw "Media" listed as an organisation). The first names something "of X",
    the second is one title-case word the story names nowhere else ("the Department of Justice and Congress" are two)."""
    joined: list[Candidate] = []
    for candidate in candidates:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.label == ORG == candidate.label
            and " of " in last.text
            and text[last.end : candidate.start] == " and "
            and candidate.text.isalpha()
            and candidate.text.istitle()
            and names[plain_key(candidate.text)] == 1
        ):
            last.end = last.person_end = candidate.end
            last.text = last.person_text = text[last.start : last.end]
            continue
        joined.append(candidate)
    return joined


# A four-figure number right before a one-word name: "the 1619 Project" (NER tags "Project" alone; audit H).
NUMBER_BEFORE_RE = re.compile(r"(?<![\w.,:-])(\d{4}) $")
NUMBERED_NAME_LABELS = frozenset({ORG, "WORK_OF_ART", "EVENT"})


def _widen_to_number(candidate: Candidate, text: str) -> None:
    """A one-word title-case name of a work or a body right after a four-figure number is named by both: "the
    1619 Project" (audit H saw "Project" listed alone). Not an acronym ("1100 BST") nor a plural ("50 Democrats")."""
    word = candidate.text
    if candidate.label not in NUMBERED_NAME_LABELS or not word.isalpha() or not word.istitle() or word.endswith("s"):
        return
    match = NUMBER_BEFORE_RE.search(text, max(0, candidate.start - 6), candidate.start)
    if match is not None and match.end() == candidate.start:
        candidate.start = candidate.person_start = match.start()
        candidate.text = candidate.person_text = text[candidate.start : candidate.end]


# Social platforms (keys as ``fold`` writes them): companies, whatever NER read (audit H saw "Twitter" typed
# PERSON), and every use of one in running text is a mention (audit H saw "Twitter, Facebook" untagged).
PLATFORMS = ("Twitter", "Facebook", "Instagram", "YouTube", "TikTok", "Snapchat", "WhatsApp", "Reddit", "LinkedIn")
PLATFORM_NAMES = frozenset(name.lower() for name in PLATFORMS)
# NER's readings of a longer name opening with a platform's that are surely wrong ("Facebook Files", a WORK_OF_ART,
# may be right; the platform's name alone is the company whatever NER read). Measured
# and not kept: the vaccine makers ("the Pfizer or Moderna vaccines", read as persons and so left out: audit H)
# as organisations too: AllSides dev Who precision 0.676 -> 0.657, test 0.725 -> 0.714.
COMPANY_MISREADINGS = frozenset({PERSON, GPE, "NORP"})
PLATFORM_RE = re.compile(r"\b(?:" + "|".join(PLATFORMS) + r")\b")  # as the platforms write their names


def add_platform_uses(documents: Sequence[AnalyzedDocument], candidates: list[Candidate]) -> None:
    """Every use of a social platform's name is a mention of the company (``PLATFORM_NAMES``) in a story whose
    NER found none of its uses. Measured and not kept: adding the uses NER missed beside those it found (the
    platform outranked the story's actors: AllSides dev Who top-answer 0.757 -> 0.730)."""
    naming = [i for i, analyzed in enumerate(documents) if any(name in analyzed.document.text for name in PLATFORMS)]
    if not naming:
        return  # no platform named: PLATFORM_RE, the same literals, cannot match (one scan per name is cheaper)
    taken: dict[int, list[tuple[int, int]]] = {}
    tagged = set()
    for candidate in candidates:
        taken.setdefault(candidate.doc_index, []).append((candidate.start, candidate.end))
        tagged.add(plain_key(candidate.text))
    for doc_index in naming:
        analyzed = documents[doc_index]
        spans = taken.get(doc_index, []) + [(m.start, m.end) for m in analyzed.mentions]
        for match in PLATFORM_RE.finditer(analyzed.document.text):
            start, end = match.span()
            if plain_key(match.group()) in tagged:
                continue
            if not any(start < other_end and other_start < end for other_start, other_end in spans):
                candidates.append(
                    Candidate(doc_index, analyzed.document.id, start, end, ORG, start, end, match.group(), match.group())
                )


# The title-case word right before a one-word mention ("Chapel" of "... at Chapel Hill's").
WORD_BEFORE_RE = re.compile(r"(?<![\w.-])([A-Z][a-z]+) $")


def _widen_to_known_name(candidate: Candidate, text: str, stats: CaseStats) -> None:
    """A one-word mention that, with the title-case word before it, is a name the story's NER found elsewhere is that
    name, read as it read it there: "Hill" (PERSON) of "the University of North Carolina at Chapel Hill's" is Chapel
    Hill, named so in another sentence (audit H saw "Hill" listed as a person)."""
    if " " in candidate.text or candidate.start != candidate.person_start or text[candidate.start - 1 : candidate.start] != " ":
        return  # (a match ends in the space right before the mention)
    match = WORD_BEFORE_RE.search(text, max(0, candidate.start - 20), candidate.start)
    if match is None or match.end() != candidate.start:
        return
    if match.group(1).lower() in CONNECTOR_WORDS or match.group(1).lower() in DETERMINERS:
        return  # "The ZX-9" is "ZX-9"
    key = plain_key(text[match.start() : candidate.end])
    if " " in key and key in stats.known_keys and stats.key_labels.get(key, candidate.label) != candidate.label:
        candidate.start = candidate.person_start = match.start()
        candidate.text = candidate.person_text = text[candidate.start : candidate.end]
        candidate.label = stats.key_labels[key]


WORD_AFTER_RE = re.compile(r" ([A-Z][a-z]+)(?![\w-])")


def _widen_acronym_to_known_name(candidate: Candidate, text: str, stats: CaseStats, starts: set[int]) -> None:
    """A country's initials right before a title-case word the story's NER names a body or a building elsewhere
    qualify it: "U.S." of "the U.S. Capitol" (NER tagged "U.S." alone; audit I saw it counted as a place). Not a
    word starting a mention of its own (``starts``): "U.S." + "Capitol Police" are joined whole."""
    if candidate.label != GPE or acronym_letters(candidate.text) is None:
        return
    match = WORD_AFTER_RE.match(text, candidate.end)
    if match is not None and match.start(1) in starts:
        return
    key = plain_key(match.group(1)) if match is not None else ""
    if match is not None and key in stats.known_keys and stats.key_labels.get(key) in QUALIFIED_LABELS:
        candidate.end = candidate.person_end = match.end()
        candidate.text = candidate.person_text = text[candidate.start : candidate.end]
        candidate.label = stats.key_labels[key]


def outlet_key(outlet: str) -> str:
    """The key of an outlet's name without what the source list adds in brackets ("NBC News (Online)")."""
    return plain_key(OUTLET_QUALIFIER_RE.sub("", outlet))


# An acronym a text defines in brackets right after the name it abbreviates: "... Forces (IDF)".
BRACKET_ACRONYM_RE = re.compile(r"\(([A-Z]{2,6})\)")
# The longest name (in words, connectors included) read back from a bracketed acronym.
MAX_SPELT_OUT_WORDS = 8


def mark_bracket_acronyms(documents: Sequence[AnalyzedDocument], candidates: list[Candidate]) -> None:
    """Mark each name a text spells an acronym out for in brackets ("Israel Defense Force (IDF)") with
    that acronym (``Candidate.spells_out``), so that the names two outlets define one acronym for are
    one entity (audit F: "Israel Defense Force (IDF)" and "Israeli Defense Forces (IDF)").

    Measured and not kept: adding the acronym's uses NER missed ("IDF" untagged in both outlets) as
    mentions, in the whole story or only in the documents defining it, cost the judged Who precision of
    the AllSides events (0.725 -> 0.714, under its floor), so only NER's own mentions are marked.
    """
    spans: dict[tuple[int, int, int], Candidate] = {(c.doc_index, c.start, c.end): c for c in candidates}
    missed: list[tuple[int, tuple[int, int], str]] = []
    for doc_index, analyzed in enumerate(documents):
        text = analyzed.document.text
        for match in BRACKET_ACRONYM_RE.finditer(text):
            name = _spelt_out_before(text, match.start(), match.group(1).lower())
            found = spans.get((doc_index, *name)) if name is not None else None
            if found is not None:
                found.spells_out = match.group(1).lower()
            elif name is not None:
                missed.append((doc_index, name, match.group(1).lower()))
    _add_missed_definitions(documents, candidates, missed)


def _add_missed_definitions(
    documents: Sequence[AnalyzedDocument], candidates: list[Candidate], missed: Sequence[tuple[int, tuple[int, int], str]]
) -> None:
    """A name a text defines an acronym for that NER missed ("Israeli Defense Forces (IDF)" untagged) is a
    mention when another name NER found defines the same acronym: it only joins that entity, never makes
    one of its own (audit G: one outlet's "Israeli Defense Forces (IDF)" left out)."""
    labels: dict[str, str] = {}
    for candidate in candidates:
        if candidate.spells_out:
            labels.setdefault(candidate.spells_out, candidate.label)
    for doc_index, (start, end), letters in missed:
        if letters not in labels:
            continue
        analyzed = documents[doc_index]
        if any(start < m.end and m.start < end for m in analyzed.mentions):
            continue  # NER read these words otherwise: left to it
        text = analyzed.document.text[start:end]
        candidate = Candidate(doc_index, analyzed.document.id, start, end, labels[letters], start, end, text, text)
        candidate.spells_out = letters
        candidates.append(candidate)


def _spelt_out_before(text: str, bracket: int, letters: str) -> tuple[int, int] | None:
    """The span of the title-case words right before ``bracket`` whose initials are ``letters``."""
    line_start = text.rfind("\n", 0, bracket) + 1
    tokens = span_tokens(text, line_start, bracket)[-MAX_SPELT_OUT_WORDS:]
    for first in range(len(tokens) - 1, -1, -1):
        words = " ".join(t[2] for t in tokens[first:])
        if initials(words) == letters and tokens[first][2][:1].isupper():
            start, end = trim_span(text, tokens[first][0], tokens[-1][1])
            return (start, end) if end > start else None
    return None


def _sentence_start(sentence: Sentence) -> int:
    return sentence.start


def sentence_at(analyzed: AnalyzedDocument, position: int) -> Sentence | None:
    """The sentence holding a character position (sentences are in text order)."""
    found = bisect_right(analyzed.sentences, position, key=_sentence_start) - 1  # no list of every start per call
    return analyzed.sentences[found] if found >= 0 else None


def add_series_uses(documents: Sequence[AnalyzedDocument], candidates: list[Candidate]) -> None:
    """Every use of a numbered series name the story's NER found ("COVID-19"), in any case, is a mention of
    it: audit G saw one outlet's four "Covid-19" left out of the "COVID-19" entity (NER had tagged none).
    A series name is no actor (``entities``), so its added uses never enter the Who list. Measured and not kept:
    the same for a country's dotted initials NER read as a place ("U.S.-led", "U.S.-backed" untagged; audit H saw
    two mentions of seven): AllSides Who and Where figures dropped (test Who precision 0.725 -> 0.714)."""
    labels: dict[str, str] = {}
    for candidate in candidates:
        if is_series_name(candidate.text):
            labels.setdefault(candidate.text.lower(), candidate.label)
    if not labels:
        return
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")(?![\w-])", re.I)
    _add_uncovered_matches(documents, candidates, pattern, lambda text: labels[text.lower()])


def add_law_uses(documents: Sequence[AnalyzedDocument], candidates: list[Candidate], is_law: Callable[[str], bool]) -> None:
    """Every use, written the same, of a law's or a court case's name of two words or more the story's NER found
    ("Ku Klux Klan Act", which ``is_law`` reads as one whatever NER said) is a mention of it: audit I saw one named
    once where two outlets name it. A law is no actor, so its added uses never enter the Who list."""
    names = {c.text for c in candidates if (c.label == LAW_LABEL or is_law(c.text)) and " " in c.text and c.text[:1].isupper()}
    if not names:
        return
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
    _add_uncovered_matches(documents, candidates, pattern, lambda _text: LAW_LABEL, names)


# A word of a headline as a surname is looked for there: not after a dot or a hyphen, nor before a hyphen. A
# surname is all letters, so where one matches this is the whole word: one pattern for every story, the
# words kept when they are a surname (a pattern of the story's surnames was compiled once per story).
HEADLINE_WORD_RE = re.compile(r"(?<![\w.-])\w+(?![\w-])")
# The shortest surname looked for in headlines NER did not read ("Li" or "Xi" are words of other names too often).
MIN_SURNAME_LETTERS = 4


def add_headline_surname_uses(documents: Sequence[AnalyzedDocument], candidates: list[Candidate], stats: CaseStats) -> None:
    """Every headline use of the surname of a person the story names in full ("Anthony Fauci") that no cleaned
    mention covers is a mention of them: title case hides names from NER ("Fauci turns tables on …", "Fauci: Paul
    doesn't know …") or glues them into a phrase ("Rand Paul Accuses Fauci of Lying"), and audit J counted 8 of a
    story's 11 "Fauci". Only headlines: running text is where NER reads names well (measured and not kept: the same
    in running text, giveme5w1h who top answer 0.750 -> 0.729, though AllSides dev Who recall 0.697 -> 0.707)."""
    surnames = {
        words[-1]
        for c in candidates
        if c.label == PERSON
        and len(words := c.person_text.split()) >= 2
        and words[-1][:1].isupper()
        and words[-1].isalpha()
        and len(words[-1]) >= MIN_SURNAME_LETTERS
    }
    if not surnames:
        return
    taken: dict[int, list[tuple[int, int]]] = {}
    for candidate in candidates:
        taken.setdefault(candidate.doc_index, []).append((candidate.person_start, candidate.person_end))
    for doc_index, analyzed in enumerate(documents):
        spans = taken.get(doc_index, [])
        text = analyzed.document.text
        for sentence in analyzed.sentences:
            if sentence.index not in stats.headlines[doc_index]:
                continue
            for match in HEADLINE_WORD_RE.finditer(text, sentence.start, sentence.end):
                if match.group() not in surnames:
                    continue
                start, end = match.span()
                if not any(start < other_end and other_start < end for other_start, other_end in spans):
                    found = match.group()
                    candidates.append(Candidate(doc_index, analyzed.document.id, start, end, PERSON, start, end, found, found))


def _add_uncovered_matches(
    documents: Sequence[AnalyzedDocument],
    candidates: list[Candidate],
    pattern: re.Pattern[str],
    label_of: Callable[[str], str],
    literals: Collection[str] = (),
) -> None:
    """Each match of ``pattern`` in the story's texts that no candidate or NER mention overlaps becomes a candidate
    labelled ``label_of(matched text)`` (series names, a law's reuses). ``literals``: when given, what every match
    is, as written: a text holding none of them is not searched (a substring scan is cheaper than the pattern's)."""
    taken: dict[int, list[tuple[int, int]]] = {}
    for candidate in candidates:
        taken.setdefault(candidate.doc_index, []).append((candidate.start, candidate.end))
    for doc_index, analyzed in enumerate(documents):
        if literals and not any(literal in analyzed.document.text for literal in literals):
            continue
        spans = taken.get(doc_index, []) + [(m.start, m.end) for m in analyzed.mentions]
        for match in pattern.finditer(analyzed.document.text):
            start, end = match.span()
            if not any(start < other_end and other_start < end for other_start, other_end in spans):
                text = match.group()
                candidates.append(Candidate(doc_index, analyzed.document.id, start, end, label_of(text), start, end, text, text))


# A bill numbered by the chamber that introduced it ("Senate Bill 8", "House Bill No. 1"): NER reads the
# chamber as an organisation and "Bill 8" as a person (audit H saw "Senate" cut from "Senate Bill 8").
NUMBERED_BILL_RE = re.compile(r"\b(?:Senate|House|Assembly) Bill (?:No\. )?\d+\b")
NUMBERED_BILL_WORD = " Bill "  # in every match of NUMBERED_BILL_RE
LAW_LABEL = "LAW"


def add_numbered_bills(documents: Sequence[AnalyzedDocument], candidates: list[Candidate]) -> None:
    """Every "Senate Bill 8" is one LAW mention, replacing the candidates inside it ("Bill 8", and "Senate" unless
    the story names the Senate elsewhere)."""
    bills: list[Candidate] = []
    for doc_index, analyzed in enumerate(documents):
        if NUMBERED_BILL_WORD not in analyzed.document.text:
            continue  # every match holds it: one substring scan instead of the pattern's
        for match in NUMBERED_BILL_RE.finditer(analyzed.document.text):
            start, end = match.span()
            bills.append(
                Candidate(doc_index, analyzed.document.id, start, end, LAW_LABEL, start, end, match.group(), match.group())
            )
    if not bills:
        return
    inside = {(b.doc_index, position) for b in bills for position in range(b.start, b.end)}

    def within(candidate: Candidate) -> bool:
        return (candidate.doc_index, candidate.start) in inside or (candidate.doc_index, candidate.end - 1) in inside

    named = {plain_key(c.text) for c in candidates if not within(c)}
    # the chamber stays a mention where the story names it elsewhere (a bill of the Senate it speaks of)
    candidates[:] = [c for c in candidates if not within(c) or (c.label != PERSON and plain_key(c.text) in named)]
    candidates.extend(bills)
