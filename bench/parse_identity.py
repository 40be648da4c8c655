"""Same parses, token for token: a speed change to the spaCy stage must not change one annotation.

Parses the clean texts of a corpus the way ingest does (``paragraphs.parse_texts`` with the pipeline
``load_nlp`` gives, a fresh paragraph cache) and writes one line per text: its index, then digests of
its token arrays (``paragraphs.JOIN_ATTRS``: text, whitespace, tags, morphology, lemmas, heads,
dependencies, entity IOB and types, sentence starts…), of its entities (start, end, label) and of its
sentence starts. Run it with the code before and after a change and compare the two files (``cmp``);
the CPU time of the parses is printed (``time.process_time``, so other load on the machine counts little).

Usage::

    PYTHONPATH=src python bench/parse_identity.py --corpus bench/corpus --limit 1000 --output before.tsv
    PYTHONPATH=src python bench/parse_identity.py --corpus bench/corpus --limit 1000 --output after.tsv
    cmp before.tsv after.tsv

The corpus: any inputs crossread reads, e.g. ``bench/corpus`` (made by ``bench/run.py``); its texts are
cleaned as ingest cleans them (``pipeline.extract_all``, nothing stored). The output holds digests and
offsets only, no news text; keep it out of the repository all the same.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path


def clean_texts(corpus: Path, limit: int) -> list[str]:
    """The first ``limit`` texts of ``corpus`` after crossread's first pass and extract (nothing stored)."""
    from crossread.pipeline import IngestReport, count_inputs, extract_all
    from crossread.stages.sources import read_sources
    from crossread.store.sqlite import SQLiteStore

    _total, stats = count_inputs([corpus])
    nowhere = SQLiteStore(":memory:")
    texts: list[str] = []
    for document in extract_all(read_sources([corpus]), nowhere, stats, IngestReport(), lambda _e, _p: None):
        texts.append(document.text)
        if len(texts) >= limit:
            break
    nowhere.close()
    return texts


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="inputs crossread reads (e.g. bench/corpus)")
    parser.add_argument("--limit", type=int, default=1000, help="texts parsed (the first N)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: load_nlp's)")
    parser.add_argument("--output", type=Path, required=True, help="one line of digests per text")
    args = parser.parse_args(argv)

    from crossread.paragraphs import JOIN_ATTRS, ParagraphCache, parse_texts
    from crossread.stages.analyze import load_nlp

    texts = clean_texts(args.corpus, args.limit)
    nlp = load_nlp(args.model)
    lines = []
    started = time.process_time()
    for doc, index in parse_texts(((text, i) for i, text in enumerate(texts)), nlp, cache=ParagraphCache()):
        tokens = doc.to_array(list(JOIN_ATTRS))
        ents = ";".join(f"{e.start_char},{e.end_char},{e.label_}" for e in doc.ents)
        starts = ",".join(str(i) for i, token in enumerate(doc) if token.is_sent_start)
        lines.append(f"{index}\t{len(doc)}\t{digest(tokens.tobytes())}\t{digest(ents.encode())}\t{digest(starts.encode())}\n")
    seconds = time.process_time() - started
    args.output.write_text("".join(lines), encoding="utf-8")
    print(f"{len(texts)} texts, {sum(len(t) for t in texts):,} characters: parse_texts {seconds:.2f} s CPU", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
