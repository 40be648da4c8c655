"""Same briefs, byte for byte: a speed change to the story half must not change one brief.

Briefs every story of an ingested store with ``build_brief`` (the entity ids the
store issued kept, nothing written back) and writes one line per story: its id,
a tab, the stored brief's JSON (``stored_briefs.to_json``). Run it with the code
before and after a change and compare the two files (``cmp``); the CPU time of
the briefs is printed (``time.process_time``, so other load on the machine
counts little).

Usage::

    PYTHONPATH=src python bench/brief_identity.py --db store.sqlite --output before.jsonl
    PYTHONPATH=src python bench/brief_identity.py --db store.sqlite --output after.jsonl
    cmp before.jsonl after.jsonl

A store to read: ``crossread ingest`` of the bench corpus (``bench/corpus``, made
by ``bench/run.py``) into a file, e.g. ``crossread ingest --db store.sqlite --no-briefs bench/corpus``.
The output holds the news texts' spans and words: keep it out of the repository.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="an ingested SQLite store (read only)")
    parser.add_argument("--output", type=Path, required=True, help="where the briefs' JSON lines go (outside the repository)")
    parser.add_argument("--limit", type=int, help="only the first N stories by id")
    args = parser.parse_args(argv)

    from crossread.brief import build_brief
    from crossread.corpus import story_documents
    from crossread.stages.analyze import load_nlp
    from crossread.store.sqlite import SQLiteStore
    from crossread.stored_briefs import to_json

    nlp = load_nlp()
    store = SQLiteStore(args.db)
    stories = sorted(store.list_stories(), key=lambda s: s.id)[: args.limit]
    inputs = []
    for story in stories:
        documents = story_documents(store, story)
        inputs.append((story.id, documents, store.load_entity_ids([d.document.id for d in documents])))
    store.close()
    if not inputs:
        print("no stories in the store", file=sys.stderr)
        return 1
    build_brief(inputs[0][1], nlp, issued=inputs[0][2])  # warm-up: matcher, embeddings, lazy imports
    lines = []
    started = time.process_time()
    for story_id, documents, issued in inputs:
        lines.append(f"{story_id}\t{to_json(build_brief(documents, nlp, issued=issued))}")
    seconds = time.process_time() - started
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    count = sum(len(documents) for _id, documents, _issued in inputs)
    per_story = 1000 * seconds / len(inputs)
    print(f"{len(inputs)} stories ({count} documents) briefed in {seconds:.2f} s of CPU, {per_story:.1f} ms a story")
    return 0


if __name__ == "__main__":
    sys.exit(main())
