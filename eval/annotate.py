"""Annotation tool for crossread's labelled claim sets (see crossread.evaluation.labels).

    python eval/annotate.py list dev|test|devx|testx|devy|devz|testy # the story ids of a split
    python eval/annotate.py show STORY             # the three texts with character offsets
    python eval/annotate.py resolve DRAFT.json --out eval/labels/claims/NAME.jsonl

A draft names facts by a verbatim excerpt of the text (``"quote"``, unique in its
document, or with ``"occurrence": N``); ``resolve`` turns each into character
offsets, checks the links, and stores only ids, offsets and labels — never the
text. Keep drafts outside the repository (they quote copyrighted news).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from crossread.evaluation.labels import (  # noqa: E402
    allsides_texts,
    labelled_sample,
    parse_labels,
    validate,
)

DATA = ROOT.parent / "shared" / "data"


def _show(story: int) -> None:
    texts = allsides_texts(DATA)[story]
    for side, source in texts.items():
        print(f"=== {side} | outlet: {source.outlet} | chars: {len(source.text)} | sha: {source.sha}")
        for match in re.finditer(r"[^\n]+", source.text):
            print(f"[{match.start()}-{match.end()}] {match.group()}")
        print()


def _locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not starts:
        raise SystemExit(f"quote not found: {quote[:60]!r}")
    if len(starts) > 1 and occurrence == 0:
        raise SystemExit(f"quote found {len(starts)} times, give 'occurrence': {quote[:60]!r}")
    start = starts[occurrence]
    return start, start + len(quote)


def _resolve(draft_path: Path, out: Path) -> None:
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    story = int(draft["story"])
    texts = allsides_texts(DATA)[story]
    split = next(name for name, ids in labelled_sample(DATA).items() if story in ids)
    facts = []
    for fact in draft["facts"]:
        source = texts[fact["doc"]]
        start, end = _locate(source.text, fact["quote"], int(fact.get("occurrence", 0)))
        facts.append({"id": fact["id"], "doc": fact["doc"], "start": start, "end": end, "headline": bool(fact.get("headline"))})
    record = {
        "story": story, "split": split, "annotator": draft.get("annotator", ""),
        "docs": {side: source.sha for side, source in texts.items()},
        "facts": facts, "links": draft["links"],
    }  # fmt: skip
    problems = validate(parse_labels(record), texts)
    if problems:
        raise SystemExit("\n".join(problems))
    lines = [ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.strip()] if out.exists() else []
    lines = [ln for ln in lines if json.loads(ln)["story"] != story] + [json.dumps(record, sort_keys=True)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"story {story} ({split}): {len(facts)} facts, {len(record['links'])} links -> {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list").add_argument("split", choices=("dev", "test", "devx", "testx", "devy", "devz", "testy"))
    sub.add_parser("show").add_argument("story", type=int)
    resolve = sub.add_parser("resolve")
    resolve.add_argument("draft", type=Path)
    resolve.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "list":
        print(" ".join(str(s) for s in labelled_sample(DATA)[args.split]))
    elif args.command == "show":
        _show(args.story)
    else:
        _resolve(args.draft, args.out)


if __name__ == "__main__":
    main()
