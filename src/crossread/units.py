"""The claim unit: one proposition of one document, as compare builds it and summarize reads it.

A core type, not a stage's: ``stages.compare`` fills units from the parse
(frames, features) and matches them; ``stages.summarize`` ranks them. Keeping
it here keeps sibling stages from importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from crossread.model import ClaimUnit

# A sentence embedder: texts in, one unit-normalised row per text out.
Embedder = Callable[[list[str]], np.ndarray]

# A unit naming no entity, amount or date is a checkable fact only with this many content words:
# "We are working on it." (1) and "Make no mistake that he was." (2) are not, "It can cause
# confusion, sow mistrust, harm people's health" is (read on the dev stories' only-here lists).
CHECKABLE_WORDS = 3
# A title that announces an explanation states nothing: "What we know — and don't know — about
# Merck's new pill" (an audit found it "undecided" and in a summary), "How the deal came
# together", "Here's what the bill does", "5 things to know about the vote".
EXPLAINER_TITLE = re.compile(
    r"^\W*(?:what|why|how|here['\u2019]?s|here is|everything|\d+\s+(?:things|ways|questions|takeaways))\b", re.IGNORECASE
)
# A body line that announces an explainer ("Here's what you need to know about the credit, including …"):
# an audit saw it listed as a checkable claim.
TEASER = re.compile(r"^\W*(?:here['\u2019]?s|here is|here are)\s+(?:what|how|why|everything)\b", re.IGNORECASE)
QUOTE_MARKS = "\"'\u201d\u2019\u00bb"
QUOTE_OPEN = '"\u201c\u00ab'
QUOTE_CLOSE = '"\u201d\u00bb'


def inside_quotation(text: str, start: int) -> bool:
    """Does ``start`` sit inside an open quotation of its paragraph (a claim unit's words, a place
    named in someone's words)?"""
    paragraph_start = text.rfind("\n", 0, start) + 1
    before = text[paragraph_start:start]
    opened = sum(before.count(c) for c in QUOTE_OPEN if c != '"') + before.count('"') % 2
    closed = sum(before.count(c) for c in QUOTE_CLOSE if c != '"')
    return opened > closed


# Titles written with a full stop before a name: a line ending "Dr...." is cut before the name.
ABBREVIATED_TITLES = frozenset({"dr", "mr", "mrs", "ms", "sen", "rep", "gov", "gen", "prof", "st", "lt", "col", "sgt", "capt"})


@dataclass(slots=True)
class Unit:
    """A claim unit with the features alignment compares."""

    doc_id: str
    start: int
    end: int
    text: str
    position: int
    features: list[str] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    numbers: dict[str, float] = field(default_factory=dict)
    # Every figure the unit gives, whatever it counts (``numbers`` keeps one per kind).
    values: set[float] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    # Dates written out in full ("March 3, 2021"), not reasoned from "Sunday" or "yesterday".
    explicit_dates: set[str] = field(default_factory=set)
    negated_verbs: set[str] = field(default_factory=set)
    verbs: set[str] = field(default_factory=set)
    titled_persons: dict[str, str] = field(default_factory=dict)
    core: set[str] = field(default_factory=set)
    refutations: set[str] = field(default_factory=set)
    # The frame (compare.units): main predicate lemma, its subject's and
    # objects' heads (entity ids or lemmas), polarity, modality, quoted or not.
    predicate: str = ""
    subjects: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    negated: bool = False
    modality: str = "stated"
    quoted: bool = False
    # Amount keys that cannot be compared: several values in the unit, or hedged
    # ("at least 150", "more than 180", "about 3 hours"); a refutation cue that
    # bears on the unit's own predicate ("the report is false", "X denied that").
    loose_numbers: set[str] = field(default_factory=set)
    refuted: bool = False
    # What is said, for a reporting predicate ("killed" in "X killed 17, officials said"),
    # and how it is told (planned, happened, stated): "said they will meet" is planned.
    content_predicate: str = ""
    content_modality: str = ""
    # Part of the document's title printed as its first line (headlines.title_sentences).
    headline: bool = False

    @property
    def told(self) -> str:
        """How what the unit says is told: a report's content's modality ("said they will meet": planned), else its own."""
        return self.content_modality or self.modality

    @property
    def checkable(self) -> bool:
        """A fact a reader can look for elsewhere: not cut off ("…"), not a question nor only an
        introduction ("Psaki said in a statement:"), and naming something (an entity, amount or
        date) or saying enough (``CHECKABLE_WORDS`` content words)."""
        if self.question or self.introduces_only or self.cut_off:
            return False  # a question, a line that only introduces what follows, a line its source cuts off
        words = {f for f in self.features if ":" not in f}
        return bool(self.entities or self.numbers or self.dates) or len(words) >= CHECKABLE_WORDS

    @property
    def cut_off(self) -> bool:
        """A line its source cuts short ("… whether Republicans might..."); one whose sentence ends before
        the excerpt's ellipsis ("… of excessive force...." — a full stop, then "...") is whole."""
        end = self._end()
        if not end.endswith(("...", "\u2026")):
            return False
        before = end.rstrip(".\u2026")
        last_word = before.rsplit(maxsplit=1)[-1].lower() if before.strip() else ""
        if last_word in ABBREVIATED_TITLES:
            return True  # "According to NBC/Today, Dr...." stops after a title, before the name (audit H)
        return not (end.endswith("....") or end.endswith(".\u2026") or before.endswith(("!", "?")))

    @property
    def introduces_only(self) -> bool:
        """A line that only introduces what follows ("Psaki said in a statement Wednesday:") or an
        explainer's title ("What we know about …"): it states nothing itself."""
        return self._end().endswith(":") or bool((self.headline or TEASER.match(self.text)) and EXPLAINER_TITLE.match(self.text))

    @property
    def question(self) -> bool:
        """A question asserts nothing ("Why are they called the Panama Papers?"): never a fact to match."""
        end = self._end()
        return end.endswith("?") or (end.endswith(("...", "\u2026")) and end.rstrip(".\u2026").endswith("?"))

    def _end(self) -> str:
        return self.text.rstrip().rstrip(QUOTE_MARKS).rstrip()

    def as_claim_unit(self) -> ClaimUnit:
        return ClaimUnit(self.doc_id, self.start, self.end, self.text, self.checkable)


def source_numbers(units: Sequence[Unit]) -> dict[str, int]:
    """Each document's number in a claim's notes ("[2]"): 1, 2, … in the order the story's units first name it."""
    return {doc: n for n, doc in enumerate(dict.fromkeys(u.doc_id for u in units), start=1)}
