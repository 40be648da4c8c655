"""Score quotation finders against PolNeAR gold attributions (brat standoff).

Used by the test suite and ``make eval``:

    articles = load_polnear(root, "test")
    predicted = [crossread_attributions(nlp, a) for a in articles]   # or regex_baseline(a.text)
    scores = score_attributions(articles, predicted)

Spans are compared as sets of word tokens (``\\w+`` runs), so quote marks and
edge punctuation never decide a match:

* **exact**: the predicted and gold spans hold the same word tokens;
* **partial**: the shared word tokens are at least ``PARTIAL_SHARE`` (50%) of
  the larger of the two spans' word tokens.

Matching is one-to-one and greedy by overlap. *Content* scores compare content
spans. *Speaker* scores count an attribution as correct when its content
matches partially and its speaker span matches the gold Source (exact or
partial); precision is over predictions that name a speaker span, recall over
gold attributions that have a Source.

``make eval`` reports them (``quotes-polnear``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from crossread.model import Quote

# Share of the larger span's words that must be shared for a partial match.
PARTIAL_SHARE = 0.5

_WORD = re.compile(r"\w+")
_QUOTE_MARKS = re.compile("[\"“”]|''")
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Content spans (possibly discontinuous) and the speaker (source) spans, if any."""

    content: Spans
    source: Spans = ()


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    gold: tuple[Attribution, ...]


@dataclass(slots=True)
class Counts:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} ({self.correct}/{self.predicted}/{self.gold})"


# reading PolNeAR ----------------------------------------------------------------------------------


def _spans(field: str) -> Spans:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in field.split(";")))


def read_ann(path: Path) -> tuple[Attribution, ...]:
    """Attributions of one ``.ann`` file: ``E`` lines tie Content and Source ``T`` spans."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            del label
            spans[parts[0]] = _spans(where)
        elif line.startswith("E") and len(parts) >= 2:
            # A role given twice is numbered ("Content:T67 Content2:T71": one content in two pieces): all its pieces
            # are kept (taking the last alone dropped the first piece of 3 dev, 57 train and 6 test attributions).
            event: dict[str, list[str]] = {}
            for role, ref in (arg.split(":", 1) for arg in parts[1].split()):
                event.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append(event)
    result = []
    for event in events:
        content = _pieces(spans, event.get("Content", []))
        if content:
            result.append(Attribution(content, _pieces(spans, event.get("Source", []))))
    return tuple(result)


def _pieces(spans: Mapping[str, Spans], refs: Sequence[str]) -> Spans:
    """The spans of every ``T`` an event names for one role, in text order."""
    return tuple(sorted(span for ref in refs for span in spans.get(ref, ())))


def load_polnear(root: Path, compartment: str, limit: int | None = None) -> list[Article]:
    """Articles of one compartment; doubly annotated ones use the first annotator's file."""
    texts = sorted((root / compartment / "text").glob("*.txt"))[:limit]
    articles = []
    for text_path in texts:
        anns = sorted((root / compartment / "attributions").glob(f"{text_path.stem}_*.ann"))
        if anns:
            articles.append(Article(text_path.stem, text_path.read_text(encoding="utf-8"), read_ann(anns[0])))
    return articles


# predictions ----------------------------------------------------------------------------------------


def crossread_attributions(nlp: Language, articles: Sequence[Article]) -> list[list[Attribution]]:
    """crossread's quotes for each article, as attributions (the text is used as is, no extract)."""
    from crossread.model import Document
    from crossread.stages.analyze.quotes import find_quotes

    result = []
    for doc, article in zip(nlp.pipe(a.text for a in articles), articles, strict=True):
        document = Document(id=article.name, source_path=article.name, text=article.text, kind="text")
        result.append(as_attributions(find_quotes(doc, document, [])))
    return result


def as_attributions(quotes: Sequence[Quote]) -> list[Attribution]:
    """One attribution per quotation; consecutive quoted parts with the same speaker mention (split
    quotes, continued paragraphs) form one discontinuous attribution, as PolNeAR annotates them,
    also across a report of that same mention between them (``“…,” X said, adding that …. “…”``) — but not a
    quoted part with a cue of its own (``“…,” X said, adding, “…”``: PolNeAR annotates two attributions, one per
    cue; on train this reads 18 more speakers right at the same precision)."""
    result: list[Attribution] = []
    open_index: int | None = None  # the attribution a quoted part with the same speaker joins
    open_cue: str | None = None  # its cue
    for quote in quotes:
        speaker = None
        if quote.speaker_start is not None and quote.speaker_end is not None:
            speaker = (quote.speaker_start, quote.speaker_end)
        joins = open_index is not None and speaker is not None and result[open_index].source == (speaker,)
        own_cue = quote.cue is not None and open_cue is not None and quote.cue != open_cue
        if joins and quote.kind != "reported" and open_index is not None and not own_cue:
            joined = result[open_index]
            result[open_index] = Attribution((*joined.content, (quote.start, quote.end)), joined.source)
            continue
        result.append(Attribution(_content_parts(quote), (speaker,) if speaker else ()))
        if quote.kind != "reported" or _QUOTE_MARKS.search(quote.text):  # a mixed report quotes too
            open_index, open_cue = len(result) - 1, quote.cue
        elif not joins:
            open_index = None
    return result


def _content_parts(quote: Quote) -> Spans:
    """``The museum, Mr. Obama said, would make …``: a report written around its own speaker and cue
    is two content parts (PolNeAR content never holds the source or the cue)."""
    first, last = quote.speaker_start, quote.speaker_end
    if first is None or last is None or not quote.start < first < last < quote.end:
        return ((quote.start, quote.end),)
    left, right = first, last
    cue = quote.cue or ""
    after = quote.text[last - quote.start :]
    before = quote.text[: first - quote.start].rstrip(", ")
    if cue and after.lstrip().startswith(cue):
        right = last + len(after) - len(after.lstrip()) + len(cue)
    elif cue and before.endswith(cue):
        left = quote.start + len(before) - len(cue)
    return ((quote.start, left), (right, quote.end))


_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"”’]?|$)")
_NAME = r"(?:[A-Z][\w.’'-]*\s){0,2}[A-Z][\w.’'-]*|[Hh]e|[Ss]he|[Tt]hey"
_SAID_AFTER = re.compile(rf"^(?P<content>.+?)[,\"”\s]+(?P<source>{_NAME})\s+(?:said|says)\.?[\"”]?$")
_SAID_BEFORE = re.compile(rf"(?P<source>{_NAME})\s+(?:said|says)(?:\s+that)?[,:]?\s+(?P<content>.+?)[.\"”]*$")


def regex_baseline(text: str) -> list[Attribution]:
    """The plain "X said" baseline: per sentence, ``…, X said.`` or ``X said (that) …``."""
    found = []
    for sentence in _SENTENCE.finditer(text):
        chunk = sentence.group(0).strip()
        offset = sentence.start() + sentence.group(0).index(chunk[:1]) if chunk else sentence.start()
        match = _SAID_AFTER.match(chunk) or _SAID_BEFORE.search(chunk)
        if match is None:
            continue
        content = (offset + match.start("content"), offset + match.end("content"))
        source = (offset + match.start("source"), offset + match.end("source"))
        found.append(Attribution((content,), (source,)))
    return found


# scoring ----------------------------------------------------------------------------------------------


def words_in(text: str, spans: Spans) -> frozenset[int]:
    """Start offsets of the word tokens inside ``spans``."""
    return frozenset(m.start() for start, end in spans for m in _WORD.finditer(text, start, end))


def matches(gold: frozenset[int], predicted: frozenset[int], exact: bool) -> bool:
    if not gold or not predicted:
        return False
    if exact:
        return gold == predicted
    return len(gold & predicted) >= PARTIAL_SHARE * max(len(gold), len(predicted))


def _pairs(text: str, gold: Sequence[Attribution], predicted: Sequence[Attribution], exact: bool) -> list[tuple[int, int]]:
    """One-to-one greedy content matching, largest overlap first."""
    gold_words = [words_in(text, g.content) for g in gold]
    pred_words = [words_in(text, p.content) for p in predicted]
    options = [(len(g & p), gi, pi) for gi, g in enumerate(gold_words) for pi, p in enumerate(pred_words) if matches(g, p, exact)]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(options, reverse=True):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def score_attributions(articles: Iterable[Article], predicted: Iterable[Sequence[Attribution]]) -> dict[str, Counts]:
    """Content and speaker counts, exact and partial, over all articles."""
    counts = {key: Counts() for key in ("content_exact", "content_partial", "speaker_exact", "speaker_partial")}
    for article, preds in zip(articles, predicted, strict=True):
        for exact in (True, False):
            mode = "exact" if exact else "partial"
            content = counts[f"content_{mode}"]
            content.gold += len(article.gold)
            content.predicted += len(preds)
            content.correct += len(_pairs(article.text, article.gold, preds, exact))
            speaker = counts[f"speaker_{mode}"]
            speaker.gold += sum(1 for g in article.gold if g.source)
            speaker.predicted += sum(1 for p in preds if p.source)
            for gi, pi in _pairs(article.text, article.gold, preds, exact=False):
                gold_source = words_in(article.text, article.gold[gi].source)
                if matches(gold_source, words_in(article.text, preds[pi].source), exact):
                    speaker.correct += 1
    return counts
