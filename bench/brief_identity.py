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
    python bench/brief_identity.py --tables --db before.sqlite --output before.tables

A store to read: ``crossread ingest`` of the bench corpus (``bench/corpus``, made
by ``bench/run.py``) into a file, e.g. ``crossread ingest --db store.sqlite --no-briefs bench/corpus``.
The output holds the news texts' spans and words: keep it out of the repository.

Same stored documents: ``--tables FILE`` writes instead every table of the store
(rows sorted; blobs as sha1) for ``cmp`` between two ingests of the same inputs by
the code before and after a change. Left out because they record when, not what:
timestamps (``ingested_at``, ``at``, ``created``, ``issued``), the brief's code
version, and what counts the clusterer's saves (``seq``, ``next_seq``, ``saves``,
the store revision): it saves by the clock. Run both ingests from the same folder
(a brief labels a source by its path relative to it).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sqlite3
import sys
import time
from pathlib import Path

# Columns that say when or how often, not what (see the docstring), and the FTS index's own tables.
CLOCK_COLUMNS = frozenset({"ingested_at", "at", "created", "issued", "version", "seq"})
CLOCK_ROWS = re.compile(r"^\('(?:next_seq|saves)', ")
SKIPPED_TABLES = ("documents_fts", "revision")


def write_tables(db: Path, output: Path) -> None:
    """Every table's rows, sorted, as text lines (blobs as sha1), without the clock's columns."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    with output.open("w", encoding="utf-8") as out:
        for table in (n for n in names if not n.startswith(SKIPPED_TABLES)):
            columns = [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")') if r[1] not in CLOCK_COLUMNS]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = sorted(
                repr(tuple(hashlib.sha1(v).hexdigest() if isinstance(v, bytes) else v for v in row))
                for row in connection.execute(f'SELECT {quoted} FROM "{table}"')
            )
            kept = [row for row in rows if not CLOCK_ROWS.match(row)]
            out.write(f"## {table} {columns} {len(kept)}\n" + "".join(row + "\n" for row in kept))
    connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="an ingested SQLite store (read only)")
    parser.add_argument("--output", type=Path, required=True, help="where the briefs' JSON lines go (outside the repository)")
    parser.add_argument("--limit", type=int, help="only the first N stories by id")
    parser.add_argument("--tables", action="store_true", help="write the store's tables instead of briefing (see above)")
    args = parser.parse_args(argv)
    if args.tables:
        write_tables(args.db, args.output)
        return 0

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
        doc_ids = [d.document.id for d in documents]
        signatures = getattr(store, "load_signatures", lambda _ids: {})(doc_ids)  # code before stored signatures: none
        inputs.append((story.id, documents, store.load_entity_ids(doc_ids), signatures))
    store.close()
    if not inputs:
        print("no stories in the store", file=sys.stderr)
        return 1
    build_brief(inputs[0][1], nlp, issued=inputs[0][2])  # warm-up: matcher, embeddings, lazy imports
    lines = []
    started = time.process_time()
    for story_id, documents, issued, signatures in inputs:
        brief = build_brief(documents, nlp, issued=issued, **({"signatures": signatures} if signatures else {}))
        lines.append(f"{story_id}\t{to_json(brief)}")
    seconds = time.process_time() - started
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    count = sum(len(documents) for _id, documents, *_rest in inputs)
    per_story = 1000 * seconds / len(inputs)
    print(f"{len(inputs)} stories ({count} documents) briefed in {seconds:.2f} s of CPU, {per_story:.1f} ms a story")
    return 0


if __name__ == "__main__":
    sys.exit(main())
