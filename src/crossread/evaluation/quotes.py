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

**Repeated quotations** (AllSides): two scored quotations of one story in two
outlets, by one speaker (``names_match``), sharing at least ``REPEATED_SHARE`` of
the shorter one's words (at least ``REPEATED_MIN_WORDS``) are one quotation printed
twice. Over those pairs whose two quotes the brief finds, it is **linked** when
one brief quote lists the other among its prints elsewhere (``same_as``), and
**linked with one speaker** when both also carry the same speaker entity id: what
an analyst needs to see who printed a quote first and who changed it.

**Reported speech, judged** (``allsides-reported-judged.jsonl``): the finder's reported-speech
items (at least half of the content outside quote marks, ``is_reported``) over the AllSides
sample, each judged by a reader as ``right``, ``wrong_speaker``, ``not_speech`` or
``wrong_span`` (rules: eval/labels/GUIDELINES.md, "Reported speech (AllSides, judged)"). One
JSON object per item, offsets and a hash only::

    {"doc": "allsides-5818-left", "split": "dev", "sha": "163cd04e8db7576c", "start": 84,
     "end": 146, "speaker_start": 43, "speaker_end": 71, "speaker_name": "Ron DeSantis",
     "cue": "says", "verdict": "right", "unsure": false, "name_ok": true}

``score_reported`` runs the current finder on the judged excerpts: a predicted reported item
**matches** a judged one with its content start and end and its speaker start and end each
within ``REPORTED_SLACK`` characters (and, for an item judged on its speaker's name,
``name_ok`` false, the same name). ``coverage = matched / predicted`` says how much of today's
output the judgements still describe; ``precision = right / judged`` over the matched items
not marked unsure.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crossread.evaluation.labels import allsides_documents, as_read, text_sha, unchanged_text
from crossread.model import Brief, Document, Quote

if TYPE_CHECKING:
    from spacy.language import Language

# Share of a gold quotation's word tokens a predicted quote must hold for the quotation to be
# found: half, as in the PolNeAR partial match (``crossread.evaluation.attribution``).
FOUND_SHARE = 0.5
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
        documents = allsides_documents(data_root)
        if labelled.field != "text" or labelled.doc not in documents:
            raise ValueError(f"{labelled.key}: no three-outlet AllSides document {labelled.doc!r} with field {labelled.field!r}")
        text = documents[labelled.doc]
    else:
        raise ValueError(f"{labelled.key}: unknown dataset {labelled.dataset!r} (known: giveme5w1h, allsides)")
    return unchanged_text(labelled.key, text, labelled.sha)


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


# Two labelled quotations in two outlets are one quotation printed twice when they share this
# share of the shorter one's words, and at least this many words.
REPEATED_SHARE = 0.6
REPEATED_MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class RepeatedQuote:
    """One quotation printed by two outlets of a story: each print as (side, gold quotation)."""

    story: int
    first: tuple[str, LabelledQuote]
    second: tuple[str, LabelledQuote]


def repeated_quotes(documents: Iterable[LabelledDocument], texts: Mapping[str, str]) -> list[RepeatedQuote]:
    """The labelled AllSides quotations printed by two outlets of one story (see the module docstring)."""
    by_story: dict[int, list[tuple[str, LabelledQuote, frozenset[str]]]] = {}
    for document in documents:
        _dataset, story_id, side = document.doc.split("-")
        text = texts[document.key]
        for quote in document.quotes:
            if quote.speaker is not None:
                words = frozenset(w.lower() for w in _WORD.findall(text[quote.start : quote.end]))
                by_story.setdefault(int(story_id), []).append((side, quote, words))
    pairs = []
    for story, quotes in sorted(by_story.items()):
        for k, (side_a, quote_a, words_a) in enumerate(quotes):
            for side_b, quote_b, words_b in quotes[k + 1 :]:
                shorter = min(len(words_a), len(words_b))
                shared = len(words_a & words_b)
                if side_a == side_b or shorter < REPEATED_MIN_WORDS or shared < REPEATED_SHARE * shorter:
                    continue
                if names_match(quote_a.speaker or "", quote_b.speaker or ""):
                    pairs.append(RepeatedQuote(story, (side_a, quote_a), (side_b, quote_b)))
    return pairs


@dataclass(slots=True)
class RepeatedScores:
    """Counts over the repeated quotations (see ``score_repeated``)."""

    found: int = 0
    linked: int = 0
    one_speaker: int = 0


def score_repeated(
    pairs: Sequence[RepeatedQuote], briefs: Mapping[int, tuple[Brief, Mapping[str, str]]], texts: Mapping[str, str]
) -> RepeatedScores:
    """Linked / linked with one speaker over the repeated quotations whose two prints the brief finds.

    ``briefs``: story -> (its brief, side -> the document id the brief uses); ``texts``:
    ``allsides-<story>-<side>`` keys, as ``labelled_text`` gives them.
    """
    scores = RepeatedScores()
    for pair in pairs:
        brief, doc_of = briefs[pair.story]
        found = []
        for side, gold in (pair.first, pair.second):
            text = texts[f"allsides/allsides-{pair.story}-{side}"]
            quotes = [q for q in brief.quotes if q.quote.doc_id == doc_of[side]]
            best = _best_quote(text, gold, [q.quote for q in quotes])
            found.append(next((q for q in quotes if q.quote is best), None))
        first, second = found
        if first is None or second is None:
            continue
        scores.found += 1
        linked = any(m.quote == second.quote.id for m in first.same_as) or any(m.quote == first.quote.id for m in second.same_as)
        scores.linked += linked
        scores.one_speaker += linked and first.speaker is not None and first.speaker == second.speaker
    return scores


def predict_quotes(nlp: Language, documents: Sequence[LabelledDocument], texts: Mapping[str, str]) -> dict[str, list[Quote]]:
    """crossread's quotes for each labelled document (its text as the dataset gives it, no extract)."""
    return predict_texts(nlp, {d.key: texts[d.key] for d in documents})


def predict_texts(nlp: Language, texts: Mapping[str, str]) -> dict[str, list[Quote]]:
    """crossread's quotes for each text (key -> text), the text read as it is (no extract)."""
    from crossread.stages.analyze.quotes import find_quotes

    keys = list(texts)
    result = {}
    read = {k: as_read(texts[k]) for k in keys}
    for key, doc in zip(keys, nlp.pipe(read[k] for k in keys), strict=True):
        document = Document(id=key, source_path=key, text=read[key], kind="text")
        result[key] = find_quotes(doc, document, [])
    return result


# --- reported speech, judged ----------------------------------------------------------------

REPORTED_VERDICTS = ("right", "wrong_speaker", "not_speech", "wrong_span")
# A predicted item matches a judged one when its content and speaker spans each start and end
# within this many characters of the judged item's.
REPORTED_SLACK = 3


@dataclass(frozen=True, slots=True)
class JudgedReported:
    """One reported-speech item of the finder, as a reader judged it (no text, offsets only)."""

    doc: str
    split: str
    sha: str
    start: int
    end: int
    speaker_start: int | None
    speaker_end: int | None
    speaker_name: str | None
    cue: str | None
    verdict: str
    unsure: bool
    name_ok: bool = True


def read_reported_judged(path: Path) -> list[JudgedReported]:
    """The judged reported-speech items of one ``.jsonl`` file; ValueError on an unknown verdict."""
    result = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw["verdict"] not in REPORTED_VERDICTS:
            raise ValueError(f"{path}:{number}: verdict {raw['verdict']!r} is not one of {REPORTED_VERDICTS}")
        result.append(
            JudgedReported(
                doc=str(raw["doc"]),
                split=str(raw["split"]),
                sha=str(raw["sha"]),
                start=int(raw["start"]),
                end=int(raw["end"]),
                speaker_start=raw.get("speaker_start"),
                speaker_end=raw.get("speaker_end"),
                speaker_name=raw.get("speaker_name"),
                cue=raw.get("cue"),
                verdict=str(raw["verdict"]),
                unsure=bool(raw.get("unsure", False)),
                name_ok=bool(raw.get("name_ok", True)),
            )
        )
    return result


def judged_texts(data_root: Path, items: Iterable[JudgedReported]) -> dict[str, str]:
    """Doc -> text of the judged excerpts (``allsides_documents``); ValueError when one drifted."""
    documents = allsides_documents(data_root)
    texts: dict[str, str] = {}
    for item in items:
        if item.doc in texts:
            if text_sha(texts[item.doc]) != item.sha:
                raise ValueError(f"{item.doc}: two hashes in the judged file")
            continue
        if item.doc not in documents:
            raise ValueError(f"{item.doc}: no three-outlet AllSides document of that name")
        texts[item.doc] = unchanged_text(item.doc, documents[item.doc], item.sha)
    return texts


def is_reported(quote: Quote, quoted: Sequence[tuple[int, int]]) -> bool:
    """Reported speech: at least half of the content's characters outside every quote-mark span."""
    length = quote.end - quote.start
    if length <= 0:
        return False
    inside = sum(max(0, min(quote.end, end) - max(quote.start, start)) for start, end in quoted)
    return 2 * (length - inside) >= length


def reported_items(text: str, quotes: Iterable[Quote]) -> list[Quote]:
    """The quotes of one text that are reported speech (``is_reported``)."""
    from crossread.stages.analyze.quotes import quoted_spans

    quoted = quoted_spans(text)
    return [q for q in quotes if is_reported(q, quoted)]


@dataclass(slots=True)
class ReportedScores:
    """The finder's reported-speech items against the judgements (see ``score_reported``)."""

    predicted: int = 0
    matched: int = 0
    unsure: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    # (verdict, cue) of the matched, judged items that are not right: what to fix first
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def judged(self) -> int:
        return sum(self.verdicts.values())

    @property
    def precision(self) -> float:
        return self.verdicts["right"] / self.judged if self.judged else 0.0

    @property
    def coverage(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    def __str__(self) -> str:
        verdicts = ", ".join(f"{v} {self.verdicts[v]}" for v in REPORTED_VERDICTS)
        return (
            f"precision {self.precision:.3f} ({self.verdicts['right']}/{self.judged}; {verdicts}; unsure {self.unsure}) "
            f"coverage {self.coverage:.3f} ({self.matched}/{self.predicted})"
        )


def _near(a: int | None, b: int | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REPORTED_SLACK


def _matches(item: JudgedReported, quote: Quote) -> bool:
    spans = (
        _near(item.start, quote.start)
        and _near(item.end, quote.end)
        and _near(item.speaker_start, quote.speaker_start)
        and _near(item.speaker_end, quote.speaker_end)
    )
    return spans and (item.name_ok or item.speaker_name == quote.speaker_name)


def score_reported(
    items: Iterable[JudgedReported], texts: Mapping[str, str], predicted: Mapping[str, Sequence[Quote]]
) -> ReportedScores:
    """Coverage and precision of the predicted reported-speech items over the judged excerpts.

    ``texts`` and ``predicted`` are keyed by doc (``allsides-<story>-<side>``); every excerpt
    of ``texts`` counts, each predicted item matches at most one judged item and back.
    """
    by_doc: dict[str, list[JudgedReported]] = {}
    for item in items:
        by_doc.setdefault(item.doc, []).append(item)
    scores = ReportedScores()
    for doc, text in texts.items():
        free = list(by_doc.get(doc, ()))
        for quote in reported_items(text, predicted.get(doc, ())):
            scores.predicted += 1
            judged = next((i for i in free if _matches(i, quote)), None)
            if judged is None:
                continue
            free.remove(judged)
            scores.matched += 1
            if judged.unsure:
                scores.unsure += 1
                continue
            scores.verdicts[judged.verdict] += 1
            if judged.verdict != "right":
                scores.errors[(judged.verdict, quote.cue or "")] += 1
    return scores


__all__ = [
    "FOUND_SHARE",
    "REPORTED_SLACK",
    "REPORTED_VERDICTS",
    "JudgedReported",
    "LabelledDocument",
    "LabelledQuote",
    "RepeatedQuote",
    "RepeatedScores",
    "ReportedScores",
    "SpeakerScores",
    "is_reported",
    "judged_texts",
    "labelled_text",
    "name_words",
    "names_match",
    "predict_quotes",
    "predict_texts",
    "read_quote_labels",
    "read_reported_judged",
    "repeated_quotes",
    "reported_items",
    "score_repeated",
    "score_reported",
    "score_speakers",
]
