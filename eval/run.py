"""``make eval``: one quality report for every stage, on real labelled data, next to baselines.

    python eval/run.py --quick          # seeded subsets, a few minutes on 2 cores
    python eval/run.py                  # everything (full splits)
    python eval/run.py --only quotes-polnear cluster-giveme5w1h

Writes ``eval/results.json`` (figures + package versions + dataset
ORIGIN_COMMITs + timings) and ``eval/REPORT.md`` (one table per stage), and
compares every crossread figure with its gate in ``eval/floors.json``: a floor, or a
ceiling for the few figures that are better when lower (a share of misses).

Tasks come from two places: the library (``crossread.evaluation.TASKS``:
who/what/when/where, timelines, summarize, contradiction) and the per-stage
scorers in ``crossread.evaluation`` (``extraction``, ``attribution``,
``alignment``, ``clustering``; the tests import the same ones), reused here by
import, not rewritten. The shared data is read in place
(``CROSSREAD_SHARED_DATA`` or ``../shared/data``); nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from crossread.evaluation import EvalContext, EvalResult, EvaluationError, Figure, Task, evaluate  # noqa: E402
from crossread.model import AnalyzedDocument, Document  # noqa: E402

DATA_ROOT = Path(os.environ.get("CROSSREAD_SHARED_DATA", ROOT.parent / "shared" / "data"))
FLOORS = ROOT / "eval" / "floors.json"
# Quick mode: every n-th page / the first n items (fixed, so reruns score the same items).
QUICK_SCRAPINGHUB_EVERY = 3
QUICK_TRAFILATURA_EVERY = 10
FULL_TRAFILATURA_EVERY = 1
QUICK_POLNEAR_ARTICLES = 25
# Baseline distance for TF-IDF + agglomerative clustering: tests/test_cluster.py's
# BASELINE_DISTANCE (best B-cubed F1 on giveme5w1h of a 0.6-0.95 grid), i.e. tuned on the data.
BASELINE_DISTANCE = 0.85
BASELINE_NAME = f"TF-IDF + agglomerative (d={BASELINE_DISTANCE}, tuned on giveme5w1h)"
# What a user would otherwise write for "what does this number count": the first noun after it
# in its sentence, given every labelled amount's position (crossread has to find them).
AMOUNTS_BASELINE = "first noun after the number (told where each amount is)"
SHIPPED_BASELINES = ("trafilatura", "newspaper", "readability", "html-text")
# A floor sits this far below the measured figure (the runs are deterministic; the margin
# absorbs float noise and library patch releases, not real regressions).
FLOOR_MARGIN = 0.005


# --- extract (HTML) -----------------------------------------------------------------


def run_scrapinghub(ctx: EvalContext) -> list[Figure]:
    import trafilatura

    from crossread.errors import ExtractError
    from crossread.evaluation.extraction import load_baseline, load_scrapinghub, shingle_prf
    from crossread.model import RawDocument
    from crossread.stages.extract import extract

    folder = ctx.data_root / "article-extraction-scrapinghub"
    pages = load_scrapinghub(folder)[:: QUICK_SCRAPINGHUB_EVERY if ctx.quick else 1]
    ours, direct = [], []
    for page_id, url, html, gold in pages:
        try:
            text = extract(RawDocument(page_id, html, "html", url=url)).text
        except ExtractError:
            text = ""
        ours.append((gold, text))
        direct.append((gold, trafilatura.extract(html, url=url) or ""))
    outputs = {"crossread": ours, "trafilatura.extract": direct}
    for name in SHIPPED_BASELINES:
        shipped = load_baseline(folder, name)
        outputs[f"shipped {name}"] = [(gold, shipped.get(pid, "")) for pid, _u, _h, gold in pages]
    figures = []
    for size, name in ((4, "scrapinghub (4-token shingles, upstream metric)"), (1, "scrapinghub (bag of tokens)")):
        systems = {system: shingle_prf(pairs, size=size) for system, pairs in outputs.items()}
        figures += [
            Figure("extract (HTML)", name, f"main text {metric}", system, getattr(score, metric), score.pages)
            for metric in ("precision", "recall", "f1")
            for system, score in systems.items()
        ]
    return figures


def run_trafilatura_eval(ctx: EvalContext) -> list[Figure]:
    import trafilatura

    from crossread.errors import ExtractError
    from crossread.evaluation.extraction import (
        SegmentCounts,
        load_trafilatura_eval,
        normalise_whitespace,
        same_author,
        same_date,
        same_title,
    )
    from crossread.model import RawDocument
    from crossread.stages.extract import extract

    pages = load_trafilatura_eval(
        ctx.data_root / "trafilatura-eval", QUICK_TRAFILATURA_EVERY if ctx.quick else FULL_TRAFILATURA_EVERY
    )
    segments = {"crossread": SegmentCounts(), "trafilatura.extract": SegmentCounts()}
    meta = {s: {k: [0, 0] for k in ("title", "author", "date")} for s in segments}
    checks = {"title": same_title, "author": same_author, "date": same_date}
    for page in pages:
        try:
            document = extract(RawDocument(page.url, page.html, "html", url=page.url))
            ours = (document.text, document.title, document.author, document.published)
        except ExtractError:
            ours = ("", None, None, None)
        bare = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, include_comments=False)
        theirs = (
            (bare.text or "", bare.title, bare.author, bare.date)
            if bare is not None and not isinstance(bare, dict)
            else ("", None, None, None)
        )
        for system, (text, title, author, published) in (("crossread", ours), ("trafilatura.extract", theirs)):
            segments[system].add(normalise_whitespace(text or ""), page.with_segments, page.without_segments)
            for key, gold, predicted in (
                ("title", page.title, title),
                ("author", page.author, author),
                ("date", page.date, published),
            ):
                if gold:
                    meta[system][key][0] += checks[key](gold, predicted)
                    meta[system][key][1] += 1
    name = "trafilatura-eval (with/without segments)"
    figures = []
    for system, counts in segments.items():
        score = counts.prf
        figures += [
            Figure("extract (HTML)", name, f"segment {m}", system, getattr(score, m), len(pages))
            for m in ("precision", "recall", "f1")
        ]
    for key in ("title", "date", "author"):
        for system in segments:
            right, total = meta[system][key]
            figures.append(
                Figure("extract (HTML)", "trafilatura-eval (metadata)", f"{key} accuracy", system, right / max(total, 1), total)
            )
    return figures


# --- extract (text debris) ------------------------------------------------------------


def run_debris(ctx: EvalContext) -> list[Figure]:
    """Debris-pattern lines removed and long prose lines kept (tests/test_extract.py's signals)."""
    from crossread.model import RawDocument
    from crossread.stages.extract import extract

    if str(ROOT / "tests") not in sys.path:  # the test module's signals; pytest puts tests/ on the path, a plain run does not
        sys.path.insert(0, str(ROOT / "tests"))
    from test_extract import EXAMPLE_DEBRIS, _giveme5w1h_raws, _measure, _renumber, _source_lines

    raws = [_renumber(raw) for raw in _giveme5w1h_raws(ctx.data_root / "giveme5w1h")]
    report = _measure(raws)
    total = sum(report.debris_lines.values())
    name = "giveme5w1h texts (news-please output)"
    figures = [
        Figure(
            "extract (text debris)",
            name,
            "debris lines removed (share)",
            "crossread",
            1 - len(report.debris_left) / max(total, 1),
            total,
        ),
        Figure("extract (text debris)", name, "debris lines removed (share)", "raw text (none removed)", 0.0, total),
        Figure(
            "extract (text debris)",
            name,
            "real prose lines kept (share)",
            "crossread",
            1 - len(report.prose_lost) / max(report.prose_lines, 1),
            report.prose_lines,
        ),
        Figure(
            "extract (text debris)", name, "real prose lines kept (share)", "raw text (none removed)", 1.0, report.prose_lines
        ),
    ]
    example = ROOT / "examples" / "pompeo-minsk-2020"
    removed_right = debris_total = kept = real_total = 0
    for file_name, debris in EXAMPLE_DEBRIS.items():
        path = example / file_name
        document = extract(RawDocument(str(path), path.read_bytes(), "text"))
        numbers = {n for n, _reason in debris}
        removed = {r.line_number for r in document.removed_lines}
        removed_right += len(numbers & removed)
        debris_total += len(numbers)
        for number, line in _source_lines(path).items():
            if number not in numbers:
                real_total += 1
                # As tests/test_extract.py checks it: the line, bullet mark stripped, is in the clean text.
                kept += line.lstrip("\u2022 ").strip() in document.text
    figures += [
        Figure(
            "extract (text debris)",
            "bundled example (pompeo-minsk-2020)",
            "debris lines removed (share)",
            "crossread",
            removed_right / max(debris_total, 1),
            debris_total,
        ),
        Figure(
            "extract (text debris)",
            "bundled example (pompeo-minsk-2020)",
            "debris lines removed (share)",
            "raw text (none removed)",
            0.0,
            debris_total,
        ),
        Figure(
            "extract (text debris)",
            "bundled example (pompeo-minsk-2020)",
            "real lines kept (share)",
            "crossread",
            kept / max(real_total, 1),
            real_total,
        ),
        Figure(
            "extract (text debris)",
            "bundled example (pompeo-minsk-2020)",
            "real lines kept (share)",
            "raw text (none removed)",
            1.0,
            real_total,
        ),
    ]
    return figures


# --- quotes ---------------------------------------------------------------------------


def run_polnear(ctx: EvalContext) -> list[Figure]:
    from crossread.evaluation.attribution import crossread_attributions, load_polnear, regex_baseline, score_attributions

    compartment = "dev" if ctx.quick else "test"
    articles = load_polnear(ctx.data_root / "polnear", compartment, QUICK_POLNEAR_ARTICLES if ctx.quick else None)
    systems = {
        "crossread": score_attributions(articles, crossread_attributions(ctx.nlp, articles)),
        '"X said" pattern baseline': score_attributions(articles, [regex_baseline(a.text) for a in articles]),
    }
    figures = []
    for key in ("speaker_exact", "speaker_partial", "content_exact", "content_partial"):
        what, mode = key.split("_")
        for system, counts in systems.items():
            for metric in ("precision", "recall", "f1"):
                figures.append(
                    Figure(
                        "quotes",
                        f"polnear {compartment}",
                        f"{what} {mode} {metric}",
                        system,
                        getattr(counts[key], metric),
                        counts[key].gold,
                    )
                )
    return figures


def run_quote_speakers(ctx: EvalContext) -> list[Figure]:
    """Speaker accuracy and recall on crossread's own labelled quotations (eval/labels/quotes):
    giveme5w1h articles and AllSides excerpts, per split; for AllSides also the judged
    precision of reported speech."""
    from crossread.evaluation.quotes import labelled_text, predict_quotes, read_quote_labels, score_speakers

    figures = []
    for name in ("giveme5w1h", "allsides"):
        labelled = read_quote_labels(ROOT / "eval" / "labels" / "quotes" / f"{name}.jsonl")
        for split in ("dev", "test"):
            documents = [d for d in labelled if d.split == split]
            texts = {d.key: labelled_text(ctx.data_root, d) for d in documents}
            scores = score_speakers(documents, texts, predict_quotes(ctx.nlp, documents, texts))
            for metric, value in (("speaker accuracy", scores.accuracy), ("speaker recall", scores.recall)):
                figures.append(Figure("quotes", f"{name} quotes {split}", metric, "crossread", value, scores.scored))
            if name == "allsides":
                figures += _repeated_quote_figures(ctx, documents, texts, split)
                figures += _reported_speech_figures(ctx, split)
    return figures


def _reported_speech_figures(ctx: EvalContext, split: str) -> list[Figure]:
    """Reported speech (content mostly outside quote marks) on a reader's judgements of the finder's
    items in the AllSides quote sample: how many are right, and how much of today's output is judged."""
    from crossread.evaluation.quotes import judged_texts, predict_texts, read_reported_judged, score_reported

    items = [
        i
        for i in read_reported_judged(ROOT / "eval" / "labels" / "quotes" / "allsides-reported-judged.jsonl")
        if i.split == split
    ]
    texts = judged_texts(ctx.data_root, items)
    scores = score_reported(items, texts, predict_texts(ctx.nlp, texts))
    data = f"allsides reported speech {split} (judged)"
    return [
        Figure("quotes", data, "reported speech right (judged items)", "crossread", scores.precision, scores.judged),
        Figure("quotes", data, "judged coverage of reported items", "crossread", scores.coverage, scores.predicted),
    ]


def run_amounts(ctx: EvalContext) -> list[Figure]:
    """Amounts, their values, units and what they count, on a reader's blind labels of AllSides excerpts."""
    from crossread.evaluation.amounts import excerpt_text, read_amount_labels, score_amounts

    path = ROOT / "eval" / "labels" / "amounts" / "allsides.jsonl"
    if not path.exists():
        raise EvaluationError(f"{path}: no amount labels")
    labelled = read_amount_labels(path)
    figures = []
    for split in ("dev", "test"):
        excerpts = [e for e in labelled if e.split == split]
        texts = {e.doc: excerpt_text(ctx.data_root, e) for e in excerpts}
        scores = score_amounts(ctx.nlp, excerpts, texts)
        dataset = f"allsides amounts {split} ({len(excerpts)} excerpts)"
        for metric, (value, size) in scores.figures().items():
            if value == value:  # NaN: nothing to score
                figures.append(Figure("amounts", dataset, metric, "crossread", value, size))
        if scores.with_counts:
            baseline = scores.baseline_counts_right / scores.with_counts
            figures.append(Figure("amounts", dataset, "what it counts: right", AMOUNTS_BASELINE, baseline, scores.with_counts))
    return figures


def _repeated_quote_figures(ctx: EvalContext, documents: Sequence[Any], texts: Mapping[str, str], split: str) -> list[Figure]:
    """One quotation printed by two outlets: does the story's brief link the two prints, with one speaker?"""
    from crossread.brief import build_brief
    from crossread.evaluation.claims import canonical_documents
    from crossread.evaluation.labels import allsides_texts
    from crossread.evaluation.quotes import repeated_quotes, score_repeated
    from crossread.stages.analyze import analyze_many

    pairs = repeated_quotes(documents, texts)
    stories = allsides_texts(ctx.data_root)
    briefs = {}
    for story in sorted({p.story for p in pairs}):
        canonical = canonical_documents(stories[story])
        brief = build_brief(list(analyze_many(list(canonical.values()), ctx.nlp)), ctx.nlp)
        briefs[story] = (brief, {side: d.id for side, d in canonical.items()})
    scores = score_repeated(pairs, briefs, texts)
    data = f"allsides quotes {split}, one quotation in two outlets (both prints found)"
    return [
        Figure("quotes", data, "linked as one quotation", "crossread", scores.linked / max(scores.found, 1), scores.found),
        Figure("quotes", data, "linked, one speaker id", "crossread", scores.one_speaker / max(scores.found, 1), scores.found),
    ]


# --- cluster -----------------------------------------------------------------------------


def _cluster_figures(
    name: str, documents: Sequence[Document], gold: dict[str, int], ctx: EvalContext, split_events: bool = False
) -> list[Figure]:
    """crossread's StoryClusterer (one batch) and the baseline; optionally also against the gold cut at time gaps.

    giveme5w1h is also scored against the reader's occurrence gold
    (eval/labels/stories): its events are topics, crossread's stories occurrences.
    """
    from crossread.evaluation.clustering import baseline_agglomerative, bcubed, giveme_occurrences, ner_only, split_at_gaps
    from crossread.stages.cluster import TIME_WINDOW_DAYS, StoryClusterer

    clusterer = StoryClusterer()
    clusterer.add(ner_only(documents, ctx.nlp))
    predicted: dict[str, Mapping[str, Hashable]] = {
        "crossread": clusterer.state.assignments,
        BASELINE_NAME: baseline_agglomerative(documents, BASELINE_DISTANCE),
    }
    golds: dict[str, Mapping[str, Hashable]] = {name: gold}
    if split_events:
        golds[f"{name}, gold cut at >{TIME_WINDOW_DAYS}-day gaps"] = split_at_gaps(gold, documents, TIME_WINDOW_DAYS)
    if name.startswith("giveme5w1h news_cluster"):
        labels = ROOT / "eval" / "labels" / "stories" / "giveme5w1h-occurrences.jsonl"
        golds["giveme5w1h news_cluster, reader's occurrence gold"] = giveme_occurrences(labels, documents)
    return [
        Figure("cluster", data, f"B-cubed {metric}", system, getattr(bcubed(assignments, truth), metric), len(truth))
        for data, truth in golds.items()
        for metric in ("precision", "recall", "f1")
        for system, assignments in predicted.items()
    ]


def run_cluster_giveme(ctx: EvalContext) -> list[Figure]:
    from crossread.evaluation.clustering import giveme_documents

    documents, gold = giveme_documents(ctx.data_root / "giveme5w1h" / "news_cluster")
    return _cluster_figures("giveme5w1h news_cluster (69 events)", documents, gold, ctx, split_events=True)


def run_cluster_allsides(ctx: EvalContext) -> list[Figure]:
    from crossread.evaluation.clustering import allsides_documents

    documents, gold = allsides_documents(ctx.data_root / "allsides-neus" / "allsides_stories_2021-04_to_2021-10.jsonl")
    return _cluster_figures("allsides-neus stories", documents, gold, ctx)


CROSSREAD_INCREMENTAL = "B-cubed f1, 5 batches"
BEST_BASELINE = "best TF-IDF agglomerative (linkage, distance tuned on dev)"
INCREMENTAL_BATCHES = 5


def _variants(documents: Sequence[Document], gold: dict[str, int], ctx: EvalContext) -> dict[str, list[AnalyzedDocument]]:
    """The set as given ("dated"), without publication dates ("undated"), and headline-only ("headlines").

    Built here from the shared data, never stored. Undated documents get the
    dates their text gives from the full analysis (dateline, mentioned dates);
    quick mode runs NER only, so there its undated documents carry no text dates.
    """
    from crossread.evaluation.clustering import headlines, ner_only, undated
    from crossread.stages.analyze import analyze_many

    given = ner_only(documents, ctx.nlp)
    without_dates = undated(documents)
    if ctx.quick:
        mentions = {a.document.id: a.mentions for a in given}
        undated_analyzed = [AnalyzedDocument(document=d, mentions=mentions[d.id]) for d in without_dates]
    else:
        undated_analyzed = list(analyze_many(without_dates, ctx.nlp))
    return {"dated": given, "undated": undated_analyzed, "headlines": ner_only(headlines(documents), ctx.nlp)}


def _heldout_figures(name: str, documents: Sequence[Document], gold: dict[str, int], ctx: EvalContext) -> list[Figure]:
    """Per variant and half: crossread (one batch, 5 batches) vs the best baseline tuned on the dev half.

    Halves split the gold stories (``cluster_eval.half_of``); each half is
    clustered on its own. crossread's constants were calibrated on the dev
    halves; the test halves are held out. The baseline's dev figure is its
    tuned (best) one, so on dev it is an upper bound. giveme5w1h halves are also
    scored against the reader's occurrence gold (eval/labels/stories), the
    baseline tuned again on the dev half against it.
    """
    from crossread.evaluation.clustering import (
        baseline_agglomerative,
        bcubed,
        best_baseline,
        giveme_occurrences,
        in_batches,
        in_half,
    )
    from crossread.stages.cluster import StoryClusterer

    golds: dict[str, Mapping[str, Hashable]] = {"": gold}
    if name == "giveme5w1h":
        labels = ROOT / "eval" / "labels" / "stories" / "giveme5w1h-occurrences.jsonl"
        golds[", reader's occurrence gold"] = giveme_occurrences(labels, documents)
    figures = []
    for variant, analyzed in _variants(documents, gold, ctx).items():
        halves = {h: in_half(analyzed, gold, h, lambda a: a.document.id) for h in ("dev", "test")}
        one: dict[str, StoryClusterer] = {}
        batched: dict[str, StoryClusterer] = {}
        for half, part in halves.items():
            one[half] = StoryClusterer()
            one[half].add(part)
            batched[half] = StoryClusterer()
            for batch in in_batches(part, INCREMENTAL_BATCHES):
                batched[half].add(batch)
        for suffix, labelled in golds.items():
            truth = {h: {a.document.id: labelled[a.document.id] for a in part} for h, part in halves.items()}
            (linkage, distance), _tuned = best_baseline([a.document for a in halves["dev"]], truth["dev"])
            note = f"baseline: {linkage} link, distance {distance}"
            for half, part in halves.items():
                data = f"{name}{suffix}, {variant}, {half} half"
                baseline = baseline_agglomerative([a.document for a in part], distance, linkage)
                for system, assignments in (("crossread", one[half].state.assignments), (BEST_BASELINE, baseline)):
                    scores = bcubed(assignments, truth[half])
                    figures += [
                        Figure("cluster", data, f"B-cubed {m}", system, getattr(scores, m), len(part), note)
                        for m in ("precision", "recall", "f1")
                    ]
                incremental = bcubed(batched[half].state.assignments, truth[half]).f1
                figures.append(Figure("cluster", data, CROSSREAD_INCREMENTAL, "crossread", incremental, len(part)))
    return figures


def run_cluster_giveme_heldout(ctx: EvalContext) -> list[Figure]:
    from crossread.evaluation.clustering import giveme_documents

    documents, gold = giveme_documents(ctx.data_root / "giveme5w1h" / "news_cluster")
    return _heldout_figures("giveme5w1h", documents, gold, ctx)


def run_cluster_allsides_heldout(ctx: EvalContext) -> list[Figure]:
    from crossread.evaluation.clustering import allsides_documents

    documents, gold = allsides_documents(ctx.data_root / "allsides-neus" / "allsides_stories_2021-04_to_2021-10.jsonl")
    return _heldout_figures("allsides-neus", documents, gold, ctx)


def run_cluster_multiling(ctx: EvalContext) -> list[Figure]:
    """3 Wikinews stories x 10 articles without publication metadata (datelines in the text); all held out.

    Too small to tune on: the baseline keeps its giveme5w1h distance.
    """
    from crossread.evaluation.clustering import baseline_agglomerative, bcubed, in_batches, multiling_documents
    from crossread.stages.analyze import analyze_many
    from crossread.stages.cluster import StoryClusterer

    documents, gold = multiling_documents(ctx.data_root / "multiling2011-sample" / "documents.jsonl")
    analyzed = list(analyze_many(documents, ctx.nlp))
    one = StoryClusterer()
    one.add(analyzed)
    batched = StoryClusterer()
    for batch in in_batches(analyzed, INCREMENTAL_BATCHES):
        batched.add(batch)
    data = "multiling2011-sample (3 stories, undated metadata)"
    figures = []
    for system, assignments in (
        ("crossread", one.state.assignments),
        (BASELINE_NAME, baseline_agglomerative(documents, BASELINE_DISTANCE)),
    ):
        scores = bcubed(assignments, gold)
        figures += [
            Figure("cluster", data, f"B-cubed {m}", system, getattr(scores, m), len(gold)) for m in ("precision", "recall", "f1")
        ]
    figures.append(
        Figure("cluster", data, CROSSREAD_INCREMENTAL, "crossread", bcubed(batched.state.assignments, gold).f1, len(gold))
    )
    return figures


# --- align / cite --------------------------------------------------------------------------


def run_superpal(ctx: EvalContext) -> list[Figure]:
    """Thresholds calibrated on dev, figures on test (as crossread.evaluation.alignment reports them)."""
    from crossread.evaluation.alignment import (
        calibrate,
        crossread_grouped,
        featurise,
        jaccard_scores,
        lexical_grouped,
        load_superpal,
        pair_prf,
        ranking,
    )

    root = ctx.data_root / "superpal-multinews-alignment"
    topics = {split: load_superpal(root, split) for split in ("dev", "test")}
    figures = []
    cross = {s: featurise(topics[s], ctx.nlp, cross_source=True) for s in topics}
    ours = crossread_grouped(cross["test"])
    former = lexical_grouped(cross["test"])
    dev_tasks = [f.task for f in cross["dev"]]
    test_tasks = [f.task for f in cross["test"]]
    jac_dev = [jaccard_scores(f.topic, f.task) for f in cross["dev"]]
    jac_test = [jaccard_scores(f.topic, f.task) for f in cross["test"]]
    theirs = pair_prf(test_tasks, jac_test, calibrate(dev_tasks, jac_dev))
    size = sum(len(t.gold) for t in test_tasks)
    name = "superpal test (cross-source sentence pairs; thresholds tuned on dev)"
    for metric in ("precision", "recall", "f1"):
        figures.append(Figure("align / cite", name, f"alignment {metric}", "crossread", getattr(ours, metric), size))
        figures.append(
            Figure("align / cite", name, f"alignment {metric}", "former lexical aligner", getattr(former, metric), size)
        )
        figures.append(
            Figure(
                "align / cite",
                name,
                f"alignment {metric}",
                "word-Jaccard baseline",
                getattr(theirs, metric),
                size,
            )
        )
    summary = featurise(topics["test"], ctx.nlp, cross_source=False)
    from crossread.evaluation.alignment import crossread_scores

    ours_rank = ranking([f.topic for f in summary], crossread_scores(summary))
    jac_rank = ranking([f.topic for f in summary], [jaccard_scores(f.topic, f.task) for f in summary])
    n = sum(len(f.topic.summary) for f in summary)
    name = "superpal test (summary sentence -> source)"
    figures.append(Figure("align / cite", name, "best-cited source sentence supports it (R@1)", "crossread", ours_rank[0], n))
    figures.append(
        Figure("align / cite", name, "best-cited source sentence supports it (R@1)", "word-Jaccard baseline", jac_rank[0], n)
    )
    return figures


EXTRA_TASKS = {
    "extract-scrapinghub": Task("extract (HTML)", "article-extraction-scrapinghub", run_scrapinghub),
    "extract-trafilatura-eval": Task("extract (HTML)", "trafilatura-eval", run_trafilatura_eval),
    "extract-debris": Task("extract (text debris)", "giveme5w1h", run_debris),
    "quotes-polnear": Task("quotes", "polnear", run_polnear),
    "quotes-speakers": Task("quotes", "giveme5w1h", run_quote_speakers),
    "amounts-allsides": Task("amounts", "allsides-neus", run_amounts),
    "cluster-giveme5w1h": Task("cluster", "giveme5w1h", run_cluster_giveme),
    "cluster-allsides": Task("cluster", "allsides-neus", run_cluster_allsides),
    "cluster-giveme5w1h-heldout": Task("cluster", "giveme5w1h", run_cluster_giveme_heldout),
    "cluster-allsides-heldout": Task("cluster", "allsides-neus", run_cluster_allsides_heldout),
    "cluster-multiling2011": Task("cluster", "multiling2011-sample", run_cluster_multiling),
    "align-superpal": Task("align / cite", "superpal-multinews-alignment", run_superpal),
}
# Report order: the pipeline's.
ORDER = (
    "extract-scrapinghub", "extract-trafilatura-eval", "extract-debris", "quotes-polnear", "quotes-speakers",
    "amounts-allsides", "giveme5w1h-5w", "event-allsides", "semeval2015-timeline", "cluster-giveme5w1h", "cluster-allsides",
    "cluster-giveme5w1h-heldout", "cluster-allsides-heldout", "cluster-multiling2011", "align-superpal",
    "claims-allsides", "conflicts-judged", "multiling2011-sample", "allsides-neus", "fnc1-stance",
)  # fmt: skip


# --- floors ----------------------------------------------------------------------------------


def check_floors(result: EvalResult, floors: dict[str, float], ceilings: dict[str, float] | None = None) -> list[str]:
    """Crossread figures below their floor or above their ceiling (gates of figures not measured are ignored)."""
    measured = {f.key: f.value for f in result.figures}
    below = [
        f"{key}: {measured[key]:.4f} < floor {floor}"
        for key, floor in floors.items()
        if key in measured and measured[key] < floor
    ]
    above = [
        f"{key}: {measured[key]:.4f} > ceiling {ceiling} (lower is better)"
        for key, ceiling in (ceilings or {}).items()
        if key in measured and measured[key] > ceiling
    ]
    return below + above


def raise_floors(result: EvalResult, quick: bool) -> None:
    """Move each crossread figure's gate to just past its measured value, never back.

    A floor goes up to just below a higher-is-better figure; a ceiling goes down to just
    above a lower-is-better one (``Figure.lower_is_better``). An existing tighter gate stays.
    """
    data = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    mode = "quick" if quick else "full"
    floors = data.setdefault(mode, {})
    ceilings = data.setdefault(f"{mode}_ceilings", {})
    for figure in result.figures:
        if figure.system != "crossread" or figure.note == "length":
            continue
        if figure.lower_is_better:
            proposed = min(1.0, math.ceil((figure.value + FLOOR_MARGIN) * 1000) / 1000)
            ceilings[figure.key] = min(ceilings.get(figure.key, 1.0), proposed)
            floors.pop(figure.key, None)
        else:
            proposed = max(0.0, math.floor((figure.value - FLOOR_MARGIN) * 1000) / 1000)
            floors[figure.key] = max(floors.get(figure.key, 0.0), proposed)
    data[mode] = dict(sorted(floors.items()))
    data[f"{mode}_ceilings"] = dict(sorted(ceilings.items()))
    FLOORS.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _gates(section: str) -> dict[str, float]:
    """One section of eval/floors.json (empty when the file or the section is missing)."""
    data = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    gates: dict[str, float] = data.get(section, {})
    return gates


def load_floors(quick: bool) -> dict[str, float]:
    """Floors of the higher-is-better figures of a mode."""
    return _gates("quick" if quick else "full")


def load_ceilings(quick: bool) -> dict[str, float]:
    """Ceilings of the lower-is-better figures of a mode (``Figure.lower_is_better``)."""
    return _gates(f"{'quick' if quick else 'full'}_ceilings")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="seeded subsets (a few minutes on 2 cores)")
    parser.add_argument("--only", nargs="*", help=f"tasks to run (default all): {', '.join(ORDER)}")
    parser.add_argument("--data", type=Path, default=DATA_ROOT, help="shared data folder (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=ROOT / "eval", help="where results.json and REPORT.md go")
    parser.add_argument("--raise-floors", action="store_true", help="raise eval/floors.json to just below this run's figures")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = evaluate(args.only or list(ORDER), data_root=args.data, quick=args.quick, extra_tasks=EXTRA_TASKS, progress=print)
    result.seconds["total"] = time.perf_counter() - started
    suffix = "-quick" if args.quick else ""
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"results{suffix}.json").write_text(
        json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    mode = "quick (seeded subsets)" if args.quick else "full"
    command = "python eval/run.py" + (" --quick" if args.quick else "")
    header = f"# crossread quality report ({mode})\n\nGenerated by `{command}` in {result.seconds['total']:.0f} s. "
    header += "Higher is better except where a metric says '(lower is better)'; "
    header += "sizes are items scored (pages, attributions, documents, topics, pairs).\n\n"
    (args.output / f"REPORT{suffix}.md").write_text(header + result.to_markdown(), encoding="utf-8")
    print(result.to_markdown())
    if args.raise_floors:
        raise_floors(result, args.quick)
    below = check_floors(result, load_floors(args.quick), load_ceilings(args.quick))
    for line in below:
        print("PAST ITS GATE", line)
    for name, why in result.errors.items():
        print("TASK CRASHED", name, why)
    return 1 if below or result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
