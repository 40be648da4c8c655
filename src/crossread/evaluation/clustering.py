"""Story-clustering evaluation helpers: corpora with gold events, B-cubed, a baseline.

The texts are read in place from ../shared/data (copyrighted news, research
use only): nothing is copied into the repository.

B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009, "A comparison of extrinsic
clustering evaluation metrics"): for every document d, with C(d) its predicted
cluster and G(d) its gold cluster,
    precision(d) = |C(d) ∩ G(d)| / |C(d)|,   recall(d) = |C(d) ∩ G(d)| / |G(d)|;
P and R are the means over all documents (d itself included in both sets), and
F1 = 2PR / (P + R). Singletons are scored like any cluster.

``make eval`` reports every set (crossread one batch and incremental, the
baselines); tests/test_cluster.py pins floors under them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from spacy.language import Language

from crossread.evaluation import bcubed as evaluation_bcubed
from crossread.evaluation.labels import text_sha
from crossread.model import AnalyzedDocument, Document, Mention, content_id
from crossread.stages.analyze import NAME_LABELS

# A dated URL path ("/2021/10/18/") is the article's publication day; AllSides
# gives only the roundup's date, which would leak the gold story.
URL_DATE = re.compile(r"/(20\d\d)[/-](\d\d)[/-](\d\d)/")
# nlp.pipe batch size and processes for the NER-only pass (2 cores).
PIPE_BATCH = 32
PIPE_PROCESSES = 2
# The best-baseline grid (tuned per set on its dev half): linkages and cosine distances.
BASELINE_LINKAGES = ("average", "complete")
BASELINE_DISTANCES = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
D = TypeVar("D")


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold`` (doc id -> cluster).

    One implementation serves the tests and ``make eval``: ``crossread.evaluation.bcubed``.
    """
    return Scores(*evaluation_bcubed(predicted, gold))


def split_at_gaps(gold: Mapping[str, int], documents: Sequence[Document], max_gap_days: int) -> dict[str, tuple[int, int]]:
    """Gold events cut where consecutive reports are more than ``max_gap_days`` apart.

    Some giveme5w1h "events" are topics followed for months (north_Korea_hokkaido_missile
    holds launches of 2016-09, 2017-08, 2017-09 and 2017-11); crossread's story
    is one event, so it is also scored against the gold cut at its own time window.
    """
    days = {d.id: date.fromisoformat(d.published[:10]).toordinal() for d in documents if d.published}
    split: dict[str, tuple[int, int]] = {}
    for event in set(gold.values()):
        members = sorted((days[d], d) for d in gold if gold[d] == event)
        part, previous = 0, members[0][0]
        for day, doc_id in members:
            part += day - previous > max_gap_days
            split[doc_id], previous = (event, part), day
    return split


def ner_only(documents: Sequence[Document], nlp: Language) -> list[AnalyzedDocument]:
    """AnalyzedDocuments with entity mentions only (what the clusterer reads besides dates).

    The full ``analyze_many`` (parser, dates, quotes, amounts) takes ~95 s on
    giveme5w1h on 2 cores; NER alone ~35 s, and its mentions are the same (the
    NER of en_core_web_sm has its own tok2vec). Documents here carry their
    published day, so text dates are not needed for them.
    """
    analyzed = []
    with nlp.select_pipes(enable=["ner"]):
        parsed = nlp.pipe((d.text for d in documents), batch_size=PIPE_BATCH, n_process=PIPE_PROCESSES)
        for doc, document in zip(parsed, documents, strict=True):
            mentions = tuple(
                Mention(document.id, e.start_char, e.end_char, e.text, e.label_, 0) for e in doc.ents if e.label_ in NAME_LABELS
            )
            analyzed.append(AnalyzedDocument(document=document, mentions=mentions))
    return analyzed


def giveme_documents(folder: Path) -> tuple[list[Document], dict[str, int]]:
    """news_cluster articles as Documents (title + description + text) and gold EventIds."""
    documents, gold = [], {}
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        text = "\n\n".join(p for p in (record.get("title"), record.get("description"), record.get("text")) if p)
        document = Document(
            id=content_id(text, prefix="d"), source_path=str(path), text=text, kind="text", title=record.get("title"),
            published=record.get("date_publish"), url=record.get("url"), outlet=record.get("source_domain"),
        )  # fmt: skip
        documents.append(document)
        gold[document.id] = int(record["newsCluster"]["EventId"])
    return documents, gold


def giveme_occurrences(path: Path, documents: Sequence[Document]) -> dict[str, str]:
    """Doc id -> the reader's occurrence label (eval/labels/stories) for giveme5w1h ``documents``.

    The news_cluster gold labels topics (one EventId holds launches years apart);
    crossread's story is one occurrence, so a careful reader relabelled every
    event into occurrences (eval/labels/GUIDELINES.md). Labels hold only file
    names, labels and the first 16 hex of sha256 of each article's "text": a
    document whose file changed since labelling raises ValueError.
    """
    labels: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[Path(row["doc"]).name] = (str(row["occurrence"]), str(row["sha"]))
    occurrences = {}
    for document in documents:
        source = Path(document.source_path)
        if source.name not in labels:
            raise ValueError(f"{path}: no occurrence label for {source.name}")
        occurrence, sha = labels[source.name]
        text = json.loads(source.read_text(encoding="utf-8")).get("text") or ""
        if text_sha(text) != sha:
            raise ValueError(f"{path}: {source.name} changed since it was labelled (sha256 of its text differs)")
        occurrences[document.id] = occurrence
    return occurrences


def allsides_documents(path: Path) -> tuple[list[Document], dict[str, int]]:
    """AllSides outlet excerpts (title + lead) as Documents, gold = AllSides story id.

    ``published`` is the date in the article URL when it has one (~40%); the
    others are undated and rely on content (the roundup date is not used).
    """
    documents, gold = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        for article in story["news"].values():
            if not article or not article.get("newBody"):
                continue
            text = article["newsTitle"] + "\n\n" + "\n\n".join(article["newBody"])
            match = URL_DATE.search(article.get("newsLink") or "")
            document = Document(
                id=content_id(text, prefix="d"), source_path=article.get("newsLink") or "", text=text, kind="text",
                title=article["newsTitle"], published="-".join(match.groups()) if match else None,
                outlet=article.get("newsSource"),
            )  # fmt: skip
            documents.append(document)
            gold[document.id] = int(story["id"])
    return documents, gold


def baseline_agglomerative(documents: Sequence[Document], distance_threshold: float, linkage: str = "average") -> dict[str, int]:
    """TF-IDF (title + text, English stop words, sublinear tf) + agglomerative clustering, cosine distance.

    ``linkage`` "average" is the default baseline; "complete" (every pair within
    the distance) is stronger on short excerpts (AllSides leads).
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [d.text if d.title and d.text == d.title else f"{d.title or ''}\n{d.text}" for d in documents]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage=linkage, distance_threshold=distance_threshold)
    labels = model.fit_predict(matrix)
    return {d.id: int(label) for d, label in zip(documents, labels, strict=True)}


def best_baseline(dev: Sequence[Document], dev_gold: Mapping[str, Hashable]) -> tuple[tuple[str, float], Scores]:
    """The baseline (linkage, distance) with the best B-cubed F1 on ``dev``, and that F1's scores.

    Grid: average and complete linkage, distances BASELINE_DISTANCES. Tuned on
    each set's dev half, so the baseline is as strong as a simple one gets there.
    """
    tried = {
        (linkage, distance): bcubed(baseline_agglomerative(dev, distance, linkage), dev_gold)
        for linkage in BASELINE_LINKAGES
        for distance in BASELINE_DISTANCES
    }
    best = max(tried, key=lambda config: (tried[config].f1, config))
    return best, tried[best]


def half_of(event: Hashable) -> str:
    """ "dev" or "test": a gold story's half, by a hash of its id (stable across runs and variants)."""
    return "dev" if int(hashlib.sha256(str(event).encode()).hexdigest(), 16) % 2 == 0 else "test"


def in_half(documents: Sequence[D], gold: Mapping[str, Hashable], half: str, doc_id: Callable[[D], str]) -> list[D]:
    """The documents whose gold story falls in ``half`` (see ``half_of``)."""
    return [d for d in documents if half_of(gold[doc_id(d)]) == half]


def undated(documents: Sequence[Document]) -> list[Document]:
    """The held-out "undated" variant: the same documents without publication dates."""
    return [replace(d, published=None) for d in documents]


def headlines(documents: Sequence[Document]) -> list[Document]:
    """The held-out "headline-only" variant: each document reduced to its title (dates kept)."""
    return [replace(d, text=d.title) for d in documents if d.title]


def multiling_documents(path: Path) -> tuple[list[Document], dict[str, str]]:
    """MultiLing 2011 Wikinews articles (no publication metadata; a dateline in the text), gold = topic."""
    documents, gold = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        topic = json.loads(line)
        for article in topic["documents"]:
            paragraphs = [p for p in article["text"] if p.strip()]
            text = "\n\n".join(paragraphs)
            document = Document(
                id=content_id(text, prefix="d"), source_path=f"{path}:{article['filename']}", text=text, kind="text",
                title=paragraphs[0] if paragraphs else None,
            )  # fmt: skip
            documents.append(document)
            gold[document.id] = topic["instance_id"]
    return documents, gold


def in_batches(analyzed: Sequence[AnalyzedDocument], count: int) -> Iterable[Sequence[AnalyzedDocument]]:
    """Split a corpus into ``count`` consecutive batches in publication order (as a feed arrives)."""
    ordered = sorted(analyzed, key=lambda a: (a.document.published or "9999", a.document.id))
    size = -(-len(ordered) // count)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]
