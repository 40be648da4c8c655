"""compare.copies: documents that print the same wire text are one source, even when the rest differs.

Needs the story's claim units, the matcher's pair scores and the syndication
chains (whole-text near-duplicates, ``cluster.syndication_chains``). Adds
chains for *partial* copies: an outlet that rewrites the top of an agency story
and keeps its sentences below shares too little of the whole text to be a
near-duplicate, yet each of those sentences is the agency's, not a second
reporter's. Two documents that share at least ``COPIED_UNITS`` sentences in the
same words (not quotations: a statement's words are the same in every outlet
that quotes it) are one chain, so a fact they both print counts once — circular
reporting is not corroboration. Read on a 12-outlet event of giveme5w1h (a
plane crash): the AP text in The Washington Post, China Daily and the Daily Mail
made three "corroborated" claims of one wire story.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping, Sequence

from crossread.model import AnalyzedDocument
from crossread.units import Unit

# Two units are the same words when their word sequences match this much
# (difflib ratio): "A family in the suburbs of New York City said five of the
# dead were relatives on vacation" / "... New York said five of the dead were
# their relatives on vacation" is 0.92; of the 1,106 matched pairs (score >= 0.8)
# of 312 AllSides stories, 99% stay under 0.71, one reaches 0.85, and no two
# documents share two such sentences.
COPY_RATIO = 0.85
# Shorter units ("He said.") are the same words by chance.
COPY_MIN_WORDS = 8
# Sentences two documents must share in the same words to be one source.
COPIED_UNITS = 2
# Only pairs the matcher already scores this high are compared word by word.
COPY_CANDIDATE_SCORE = 0.8
# A unit that opens with a quote mark (the Daily Mail's 'single quotes' too) or
# speaks in the first person is someone's own words — an embedded tweet or a
# statement printed without quote marks ("A flying first for me: 4 hours into an
# 11 hour flight"): news prose is in the third person. On giveme5w1h such units
# alone made one "copy" of four outlets that each embedded the same tweets.
QUOTE_OPENERS = "\"'“‘«"
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "i'm", "we're", "i've", "we've"})


def _words(unit: Unit) -> list[str]:
    return [w.strip(".,;:!?\"'“”‘’()").lower().replace("’", "'") for w in unit.text.split()]


class QuotationUnits:
    """Which units are mostly a speaker's own words (quote marks, an embedded tweet, an epigraph), asked unit by unit.

    Reported speech is the reporter's wording ("officials said the pilot had
    reported strong winds"): two outlets printing it word for word copied it.
    Only the units of candidate pairs are ever asked about, so each is read on
    demand: reading every unit against every quotation of its document was
    three quarters of ``copied_chains`` on the bench corpus's briefs.
    """

    def __init__(self, units: Sequence[Unit], documents: Sequence[AnalyzedDocument]) -> None:
        self._units = units
        self._spans = {d.document.id: [(q.start, q.end) for q in d.quotes if q.kind != "reported"] for d in documents}
        self._known: dict[int, bool] = {}

    def __contains__(self, k: int) -> bool:
        if k not in self._known:
            unit = self._units[k]
            spans = self._spans.get(unit.doc_id, ())
            covered = sum(max(0, min(end, unit.end) - max(start, unit.start)) for start, end in spans)
            own_words = unit.text.lstrip()[:1] in QUOTE_OPENERS or bool(FIRST_PERSON & set(_words(unit)))
            self._known[k] = unit.quoted or own_words or covered * 2 >= unit.end - unit.start
        return self._known[k]


def copied(a: Unit, b: Unit) -> bool:
    """Are two units the same words (both long enough), stating the same numbers, dates and polarity?

    A copy does not change a fact: "killed 15" / "killed 17" or "confirmed" / "did
    not confirm" in otherwise equal sentences is a disagreement to show, not one source.
    """
    if a.negated != b.negated or a.dates != b.dates or set(a.numbers.values()) != set(b.numbers.values()):
        return False  # the facts first: the words are split only for units that state the same
    wa, wb = _words(a), _words(b)
    if min(len(wa), len(wb)) < COPY_MIN_WORDS:
        return False
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= COPY_RATIO


def copied_chains(
    units: Sequence[Unit],
    scores: Mapping[tuple[int, int], float],
    chains: Mapping[str, str],
    documents: Sequence[AnalyzedDocument],
) -> dict[str, str]:
    """``chains`` with every pair of documents sharing ``COPIED_UNITS`` copied units (not quotations) joined."""
    chain_of = {u.doc_id: chains.get(u.doc_id, u.doc_id) for u in units}
    quoted = QuotationUnits(units, documents)
    shared: Counter[tuple[str, str]] = Counter()
    for (i, j), score in scores.items():
        a, b = units[i], units[j]
        if score < COPY_CANDIDATE_SCORE or chain_of[a.doc_id] == chain_of[b.doc_id] or i in quoted or j in quoted:
            continue
        if copied(a, b):
            shared[(min(a.doc_id, b.doc_id), max(a.doc_id, b.doc_id))] += 1
    parent = {chain: chain for chain in chain_of.values()}

    def root(chain: str) -> str:
        while parent[chain] != chain:
            chain = parent[chain]
        return chain

    for (x, y), count in sorted(shared.items()):
        if count >= COPIED_UNITS:
            rx, ry = root(chain_of[x]), root(chain_of[y])
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    refined = dict(chains)
    refined.update({doc: root(chain) for doc, chain in chain_of.items()})
    return refined
