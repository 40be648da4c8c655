"""Scoring quote speakers against crossread's own labelled quotations.

The labels (``eval/labels/quotes/*.jsonl``) were written by a careful reader over
real articles in ``../shared/data``: giveme5w1h articles, and AllSides excerpts
(``"dataset": "allsides"``, doc ``allsides-<story>-<side>``, the text that
``crossread.evaluation.labels.allsides_texts`` builds for the claims labels). They
hold no news text, only a document name, a sha256 prefix of its text, and per
quotation its character span, the speaker's name, its type (person / organisation
/ group / role) and, for a role speaker or someone speaking for someone, the
principal. One JSON object per document::

    {"dataset": "giveme5w1h", "doc": "gold_standard_5w1h/<file>.json", "field": "text",
     "split": "dev", "sha": "d4e54ffa636694f8",
     "quotes": [{"start": 228, "end": 277, "speaker": "Donald Trump", "kind": "person"},
                {"start": 454, "end": 482, "speaker": null, "kind": "role", "of": "Hillary Clinton"}]}

A quotation with neither ``speaker`` nor ``of`` has an anonymous speaker ("a
source said") and is not scored. Scores, per split:

* a gold quotation is **found** when one predicted quote holds at least
  ``FOUND_SHARE`` of its word tokens (quote marks and punctuation never decide);
* it is **attributed** when that quote names a speaker: a ``speaker_name``, or a
  role (``speaker_kind == "role"``) with its ``speaker_of``;
* it is **correct** when the names agree (``names_match``) — for a gold role
  without a name, the predicted role's principal must match the gold principal.

``accuracy = correct / attributed`` (a wrong speaker counts against it, none
does not) and ``recall = attributed / scored`` (quotations found *and*
attributed). Errors are typed: ``missed`` (not found), ``unattributed``,
``principal_for_role`` (the role's principal given as the speaker: "his lawyer
said" → the client), ``wrong_person`` and ``wrong_kind``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crossread.evaluation.labels import allsides_texts
from crossread.model import Document, Quote

if TYPE_CHECKING:
    from spacy.language import Language

# Share of a gold quotation's word tokens a predicted quote must hold for the quotation to be
# found: half, as in the PolNeAR partial match (``crossread.evaluation.attribution``).
FOUND_SHARE = 0.5
SHA_CHARS = 16
# Words dropped before names are compared ("Mr. Trump" = "Donald Trump").
NAME_NOISE = frozenset(["mr", "mrs", "ms", "miss", "dr", "sir", "the", "a", "an"])

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class LabelledQuote:
    start: int
    end: int
    speaker: str | None
    kind: str
    of: str | None = None

    @property
    def scored(self) -> bool:
        return self.speaker is not None or self.of is not None


@dataclass(frozen=True, slots=True)
class LabelledDocument:
    dataset: str
    doc: str
    field: str
    split: str
    sha: str
    quotes: tuple[LabelledQuote, ...]

    @property
    def key(self) -> str:
        return f"{self.dataset}/{self.doc}"


@dataclass(slots=True)
class SpeakerScores:
    scored: int = 0
    found: int = 0
    attributed: int = 0
    correct: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.correct / self.attributed if self.attributed else 0.0

    @property
    def recall(self) -> float:
        return self.attributed / self.scored if self.scored else 0.0

    @property
    def found_share(self) -> float:
        return self.found / self.scored if self.scored else 0.0

    def __str__(self) -> str:
        errors = ", ".join(f"{k} {v}" for k, v in self.errors.most_common())
        return (
            f"accuracy {self.accuracy:.3f} recall {self.recall:.3f} found {self.found_share:.3f} "
            f"({self.correct}/{self.attributed}/{self.scored}; {errors or 'no errors'})"
        )


def read_quote_labels(path: Path) -> list[LabelledDocument]:
    """The labelled documents of one ``.jsonl`` file."""
    result = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        quotes = tuple(
            LabelledQuote(int(q["start"]), int(q["end"]), q.get("speaker"), str(q.get("kind", "person")), q.get("of"))
            for q in raw["quotes"]
        )
        result.append(LabelledDocument(raw["dataset"], raw["doc"], raw["field"], raw["split"], raw["sha"], quotes))
    return result


def labelled_text(data_root: Path, labelled: LabelledDocument) -> str:
    """The document's text exactly as the dataset gives it; ValueError when it drifted."""
    if labelled.dataset == "giveme5w1h":
        raw = json.loads((data_root / "giveme5w1h" / labelled.doc).read_text(encoding="utf-8"))
        text = str(raw[labelled.field])
    elif labelled.dataset == "allsides":
        documents = _allsides_documents(data_root)
        if labelled.field != "text" or labelled.doc not in documents:
            raise ValueError(f"{labelled.key}: no three-outlet AllSides document {labelled.doc!r} with field {labelled.field!r}")
        text = documents[labelled.doc]
    else:
        raise ValueError(f"{labelled.key}: unknown dataset {labelled.dataset!r} (known: giveme5w1h, allsides)")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()[:SHA_CHARS]
    if sha != labelled.sha:
        raise ValueError(f"{labelled.key}: text changed (sha {sha}, labels were made on {labelled.sha}); relabel it")
    return text


@functools.cache
def _allsides_documents(data_root: Path) -> dict[str, str]:
    """Doc key -> text of every three-outlet AllSides excerpt, built as the claims labels build
    it (title and body), so both label sets point into the same characters; read once a run."""
    return {source.doc_key: source.text for sides in allsides_texts(data_root).values() for source in sides.values()}


def name_words(name: str) -> tuple[str, ...]:
    """Lower-cased words of a name without titles and possessives."""
    words = [w for w in _WORD.findall(name.lower().replace("’s", "").replace("'s", "")) if w not in NAME_NOISE]
    return tuple(words)


def names_match(gold: str, predicted: str) -> bool:
    """Same speaker: one name's words are a contiguous part of the other's ("Trump" ~ "Donald
    Trump", "organisers" ~ "organisers of the New York protest")."""
    a, b = name_words(gold), name_words(predicted)
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _words(text: str, start: int, end: int) -> frozenset[int]:
    return frozenset(m.start() for m in _WORD.finditer(text, start, end))


def _best_quote(text: str, gold: LabelledQuote, quotes: Sequence[Quote]) -> Quote | None:
    wanted = _words(text, gold.start, gold.end)
    best: tuple[int, Quote] | None = None
    for quote in quotes:
        shared = len(wanted & _words(text, quote.start, quote.end))
        if shared >= FOUND_SHARE * len(wanted) and (best is None or shared > best[0]):
            best = (shared, quote)
    return best[1] if best is not None else None


def _judge(gold: LabelledQuote, quote: Quote) -> str:
    """``correct`` or the error type of an attributed quote."""
    if gold.speaker is None:  # an unnamed role: its principal decides
        ok = quote.speaker_kind == "role" and quote.speaker_of is not None and names_match(gold.of or "", quote.speaker_of)
        if ok:
            return "correct"
        return "principal_for_role" if quote.speaker_name and names_match(gold.of or "", quote.speaker_name) else "wrong_person"
    if quote.speaker_name is not None and names_match(gold.speaker, quote.speaker_name):
        return "correct"
    if gold.of is not None and quote.speaker_name is not None and names_match(gold.of, quote.speaker_name):
        return "principal_for_role"
    if quote.speaker_name is None:
        return "wrong_kind"  # a role given where the text names the person
    return "wrong_person"


def score_speakers(
    documents: Iterable[LabelledDocument], texts: Mapping[str, str], predicted: Mapping[str, Sequence[Quote]]
) -> SpeakerScores:
    """Accuracy and recall of the predicted quotes' speakers over the documents' scored quotations."""
    scores = SpeakerScores()
    for document in documents:
        text = texts[document.key]
        quotes = predicted.get(document.key, ())
        for gold in document.quotes:
            if not gold.scored:
                continue
            scores.scored += 1
            quote = _best_quote(text, gold, quotes)
            if quote is None:
                scores.errors["missed"] += 1
                continue
            scores.found += 1
            if quote.speaker_name is None and not (quote.speaker_kind == "role" and quote.speaker_of):
                scores.errors["unattributed"] += 1
                continue
            scores.attributed += 1
            verdict = _judge(gold, quote)
            if verdict == "correct":
                scores.correct += 1
            else:
                scores.errors[verdict] += 1
    return scores


def predict_quotes(nlp: Language, documents: Sequence[LabelledDocument], texts: Mapping[str, str]) -> dict[str, list[Quote]]:
    """crossread's quotes for each labelled document (its text as the dataset gives it, no extract)."""
    from crossread.stages.analyze.quotes import find_quotes

    keys = [d.key for d in documents]
    result = {}
    for key, doc in zip(keys, nlp.pipe(texts[k] for k in keys), strict=True):
        document = Document(id=key, source_path=key, text=texts[key], kind="text")
        result[key] = find_quotes(doc, document, [])
    return result


__all__ = [
    "FOUND_SHARE",
    "LabelledDocument",
    "LabelledQuote",
    "SpeakerScores",
    "labelled_text",
    "name_words",
    "names_match",
    "predict_quotes",
    "read_quote_labels",
    "score_speakers",
]
