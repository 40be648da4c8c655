"""Annotation tool for the labelled amounts of AllSides excerpts (eval/labels/amounts/allsides.jsonl).

    python eval/annotate_amounts.py order [N]        # the seeded story order: position, story, split
    python eval/annotate_amounts.py show STORY       # the three excerpts with offsets, numbers marked
    python eval/annotate_amounts.py resolve DRAFT --out eval/labels/amounts/allsides.jsonl
    python eval/annotate_amounts.py stats [LABELS]   # running scored counts per split, story by story

A draft (kept outside the repository: it quotes copyrighted news) is plain text:

    = allsides-5607-left
    5.9% | 5.9 | % | global gross domestic product
    60@1 | 60 | - | votes
    two hours | 2 | hour | meeting@0
    hundreds | - | - | protesters | vague
    40 percent | 40 | % | - | unsure: why, in a few words

A line ``= DOC`` opens an excerpt (an excerpt with no amount line after it is stored with
``"amounts": []``, so a scorer knows it was read). Each amount line is
``AMOUNT[@N] | VALUE | UNIT | COUNTS[@N] [| FLAGS]``: AMOUNT is the verbatim number expression
(``@N`` picks its N-th whole-token occurrence, counted from 0; required when it occurs more than
once), VALUE a float or ``-``, UNIT a unit or ``-`` (null), COUNTS the verbatim noun phrase of
what is counted or ``-`` (null); without ``@N`` the occurrence nearest the amount is taken,
preferring one in the same sentence. FLAGS: ``vague``, ``unsure: NOTE``. Lines starting with
``#`` are comments. ``resolve`` checks every span and writes one JSON line per excerpt, holding
only ids, offsets, labels and the text's sha, never the text; lines of excerpts already in the
output are replaced.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from crossread.evaluation.labels import SourceText, allsides_texts  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEED = 20261206
NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    "thousand|million|billion|trillion|dozen|dozens|hundreds|thousands|millions|billions|half|"
    "double|twice|triple|zero|none|handful|several|percent"
)
NUMBERISH = re.compile(rf"\d[\d,.]*|\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n+")


def story_order(texts: dict[int, dict[str, SourceText]]) -> list[int]:
    """The story ids in the fixed labelling order (sorted, then shuffled with the seed)."""
    ids = sorted(texts)
    random.Random(SEED).shuffle(ids)
    return ids


def split_of(story: int) -> str:
    """``dev`` when the first byte of the story id's sha256 is even, else ``test``."""
    return "dev" if hashlib.sha256(str(story).encode()).digest()[0] % 2 == 0 else "test"


def _docs(texts: dict[int, dict[str, SourceText]]) -> dict[str, SourceText]:
    return {source.doc_key: source for sides in texts.values() for source in sides.values()}


def _show(story: int) -> None:
    for side, source in allsides_texts(DATA)[story].items():
        print(f"=== {source.doc_key} | {side} | {source.outlet} | chars {len(source.text)} | sha {source.sha}")
        for line in re.finditer(r"[^\n]+", source.text):
            print(f"[{line.start()}-{line.end()}] {line.group()}")
        marks = [f"{m.group()}@{m.start()}" for m in NUMBERISH.finditer(source.text)]
        print("numbers:", ", ".join(marks) if marks else "(none)")
        print()


def _loose(quote: str) -> str:
    """A pattern for ``quote`` in which a space matches any one whitespace (news text holds no-break spaces)."""
    return r"\s".join(re.escape(part) for part in quote.split(" "))


def _same(span: str, quote: str) -> bool:
    return re.sub(r"\s", " ", span) == quote


def _token_starts(text: str, token: str) -> list[int]:
    """Starts of ``token`` where it is a whole token (no letter/digit glued on either side)."""
    before = r"(?<![\w$€£.,])" if token[:1].isdigit() else r"(?<!\w)"
    pattern = before + _loose(token) + (r"(?![\w])" if token[-1:].isalnum() else "")
    return [m.start() for m in re.finditer(pattern, text)]


def _sentence(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for match in SENTENCE_END.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def _ref(field: str) -> tuple[str, int | None]:
    match = re.fullmatch(r"(.*?)@(\d+)", field)
    return (match.group(1), int(match.group(2))) if match else (field, None)


def _amount(text: str, line: str) -> dict[str, Any]:
    fields = [f.strip() for f in line.split("|")]
    if len(fields) < 4:
        raise ValueError("need AMOUNT | VALUE | UNIT | COUNTS [| FLAGS]")
    quote, occurrence = _ref(fields[0])
    starts = _token_starts(text, quote)
    if not starts:
        raise ValueError(f"amount not found: {quote!r}")
    if occurrence is None and len(starts) > 1:
        raise ValueError(f"amount {quote!r} occurs {len(starts)} times, give @N")
    if occurrence is not None and occurrence >= len(starts):
        raise ValueError(f"amount {quote!r} has only {len(starts)} occurrences")
    start = starts[occurrence or 0]
    end = start + len(quote)
    flags = fields[4:]
    record: dict[str, Any] = {
        "start": start,
        "end": end,
        "value": None if fields[1] == "-" else float(fields[1]),
        "unit": None if fields[2] == "-" else fields[2],
        "counts": None,
        "vague": "vague" in flags,
    }
    if fields[3] != "-":
        phrase, counts_occurrence = _ref(fields[3])
        edges = (r"(?<!\w)" if phrase[:1].isalnum() else "", r"(?!\w)" if phrase[-1:].isalnum() else "")
        spans = [m.start() for m in re.finditer(edges[0] + _loose(phrase) + edges[1], text)]
        if not spans:
            raise ValueError(f"counts not found: {phrase!r}")
        if counts_occurrence is not None:
            chosen = spans[counts_occurrence]
        else:
            s_start, s_end = _sentence(text, start)
            chosen = min(spans, key=lambda s: (not (s_start <= s < s_end), abs(s - start)))
        record["counts"] = {"start": chosen, "end": chosen + len(phrase)}
    for flag in flags:
        if flag.startswith("unsure"):
            record["unsure"] = True
            note = flag.partition(":")[2].strip()
            if note:
                record["note"] = note
        elif flag != "vague":
            raise ValueError(f"unknown flag {flag!r}")
    if record["value"] is None and not record["vague"]:
        raise ValueError("a value is required unless vague")
    if not _same(text[start:end], quote):
        raise ValueError("span mismatch")
    return record


def _parse_draft(path: Path, docs: dict[str, SourceText]) -> dict[str, list[dict[str, Any]]]:
    parsed: dict[str, list[dict[str, Any]]] = {}
    current: str | None = None
    errors: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("="):
            current = line[1:].strip()
            if current not in docs:
                errors.append(f"{path}:{number}: unknown doc {current!r}")
                current = None
                continue
            parsed[current] = []
            continue
        if current is None:
            errors.append(f"{path}:{number}: amount outside a doc")
            continue
        try:
            parsed[current].append(_amount(docs[current].text, line))
        except ValueError as error:
            errors.append(f"{path}:{number}: {current}: {error}")
    for doc, amounts in parsed.items():
        seen = sorted((a["start"], a["end"]) for a in amounts)
        for (s1, e1), (s2, e2) in itertools.pairwise(seen):
            if s2 < e1:
                errors.append(f"{doc}: overlapping amounts at {s1}-{e1} and {s2}-{e2}")
    if errors:
        raise SystemExit("\n".join(errors))
    return parsed


def _uncovered(source: SourceText, amounts: list[dict[str, Any]]) -> list[str]:
    """Number-like tokens outside every labelled amount (to re-check by eye, not errors)."""
    spans = [(a["start"], a["end"]) for a in amounts]
    return [f"{m.group()}@{m.start()}" for m in NUMBERISH.finditer(source.text) if not any(s <= m.start() < e for s, e in spans)]


def _resolve(draft: Path, out: Path) -> None:
    texts = allsides_texts(DATA)
    docs = _docs(texts)
    parsed = _parse_draft(draft, docs)
    records = []
    for doc, amounts in parsed.items():
        source = docs[doc]
        amounts.sort(key=lambda a: a["start"])
        records.append(
            {
                "dataset": "allsides",
                "doc": doc,
                "field": "text",
                "split": split_of(source.story),
                "sha": source.sha,
                "amounts": amounts,
            }
        )
        left = _uncovered(source, amounts)
        print(f"{doc}: {len(amounts)} amounts" + (f"; not labelled: {', '.join(left)}" if left else ""))
    lines = [ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.strip()] if out.exists() else []
    replaced = {r["doc"] for r in records}
    kept = [ln for ln in lines if json.loads(ln)["doc"] not in replaced]
    order = {doc: i for i, doc in enumerate(_order_keys(texts))}
    merged = kept + [json.dumps(r, sort_keys=True) for r in records]
    merged.sort(key=lambda ln: order.get(json.loads(ln)["doc"], len(order)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(merged) + "\n", encoding="utf-8")
    print(f"{len(records)} excerpts -> {out} ({len(merged)} in all)")


def _order_keys(texts: dict[int, dict[str, SourceText]]) -> list[str]:
    return [texts[story][side].doc_key for story in story_order(texts) for side in ("left", "center", "right")]


def _order(count: int) -> None:
    for position, story in enumerate(story_order(allsides_texts(DATA))[:count]):
        print(position, story, split_of(story))


def _stats(labels: Path) -> None:
    """Story by story in the fixed order: running scored amounts per split; marks where the 150/150 rule is met."""
    texts = allsides_texts(DATA)
    records = {json.loads(ln)["doc"]: json.loads(ln) for ln in labels.read_text(encoding="utf-8").splitlines() if ln.strip()}
    running = {"dev": 0, "test": 0}
    kinds = {split: {"scored": 0, "vague": 0, "unsure": 0} for split in running}
    met = False
    for position, story in enumerate(story_order(texts)):
        keys = [texts[story][side].doc_key for side in ("left", "center", "right")]
        if not all(key in records for key in keys):
            break
        split = split_of(story)
        for key in keys:
            for amount in records[key]["amounts"]:
                kind = "vague" if amount["vague"] else "unsure" if amount.get("unsure") else "scored"
                kinds[split][kind] += 1
                running[split] += kind == "scored"
        note = ""
        if not met and min(running.values()) >= 150:
            met, note = True, "  <- both splits reach 150 scored"
        print(f"{position:3} {story} {split:4} dev={running['dev']} test={running['test']}{note}")
    for split, counts in kinds.items():
        print(split, counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("order").add_argument("count", type=int, nargs="?", default=40)
    sub.add_parser("show").add_argument("story", type=int)
    resolve = sub.add_parser("resolve")
    resolve.add_argument("draft", type=Path)
    resolve.add_argument("--out", type=Path, required=True)
    sub.add_parser("stats").add_argument("labels", type=Path, nargs="?", default=ROOT / "eval/labels/amounts/allsides.jsonl")
    args = parser.parse_args()
    if args.command == "order":
        _order(args.count)
    elif args.command == "show":
        _show(args.story)
    elif args.command == "stats":
        _stats(args.labels)
    else:
        _resolve(args.draft, args.out)


if __name__ == "__main__":
    main()
