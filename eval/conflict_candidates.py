"""Draw candidate conflicts from unlabelled AllSides stories for readers to judge (``crossread.evaluation.conflicts``).

    python eval/conflict_candidates.py generate --out /tmp/candidates.json   # relaxed rules, 200 stories
    python eval/conflict_candidates.py show /tmp/candidates.json 1 3         # part 1 of 3, for one reader

Stories come from the three-outlet AllSides stories outside every labelled
split (seeded). A pair of claim units from two outlets is a candidate when a
relaxed rule flags it — far looser than compare's conflict rules, so that what
those rules may ever claim lies inside what the readers judged:

* number: two amounts of one kind (same unit) apart beyond rounding that count
  the same thing, or of a named kind (not bare numbers) in units the matcher
  scores at least ``JUDGE_SCORE``;
* negation: one unit negated or refuting and the other not, on the same
  predicate or at ``JUDGE_SCORE``;
* attribution: overlapping quotations (verbatim, trimmed or paraphrased) given
  to two different speakers.

``show`` prints the texts and pairs without saying which rule flagged them. Judgements go to
``eval/labels/conflicts/candidates-judged.jsonl`` as offsets and labels only
(drafts quoting the texts stay outside the repository).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from crossread.evaluation.claims import canonical_documents  # noqa: E402
from crossread.evaluation.labels import allsides_texts, labelled_sample  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEED = 20261207
STORIES = 200
JUDGE_SCORE = 0.5


def _rules(a: Any, b: Any, score: float, spoken_by: Any) -> list[str]:
    from crossread.stages.compare.conflicts import NUMBER_TOLERANCE, _rounded_or_rescaled
    from crossread.stages.compare.quotes import quote_relation

    rules = []
    for (ka, va), (kb, vb) in itertools.product(a.numbers.items(), b.numbers.items()):
        kind_a, kind_b = ka.partition("|")[0], kb.partition("|")[0]
        if kind_a != kind_b or va == vb or _rounded_or_rescaled(va, vb):
            continue
        if abs(va - vb) <= NUMBER_TOLERANCE * max(abs(va), abs(vb), 1e-9):
            continue
        if ka == kb or (kind_a and score >= JUDGE_SCORE):
            rules.append("number")
    same_predicate = bool(a.predicate) and a.predicate == b.predicate
    if (a.negated != b.negated or a.refuted != b.refuted) and (same_predicate or score >= JUDGE_SCORE):
        rules.append("negation")
    (speaker_a, quote_a), (speaker_b, quote_b) = spoken_by(a), spoken_by(b)
    if quote_a and quote_b and speaker_a and speaker_b and speaker_a != speaker_b and quote_relation(quote_a, quote_b):
        rules.append("attribution")
    return sorted(set(rules))


def generate(out: Path, count: int) -> None:
    import crossread.stages.compare as compare
    from crossread.brief import build_brief
    from crossread.stages.analyze import analyze_many, load_nlp

    captured: dict[str, Any] = {}
    build_claims = compare.build_claims

    def spy(units, alignment, matcher, chains, spoken_by, entities):  # type: ignore[no-untyped-def]
        captured.update(units=units, alignment=alignment, spoken_by=spoken_by)
        return build_claims(units, alignment, matcher, chains, spoken_by, entities)

    compare.build_claims = spy  # type: ignore[assignment]
    nlp = load_nlp()
    texts = allsides_texts(DATA)
    taken = {story for ids in labelled_sample(DATA).values() for story in ids}
    pool = sorted(story for story in texts if story not in taken)
    random.Random(SEED).shuffle(pool)
    items = []
    for story in pool[:count]:
        documents = canonical_documents(texts[story])
        side_of = {d.id: side for side, d in documents.items()}
        build_brief(list(analyze_many(list(documents.values()), nlp)), nlp)
        units, alignment = captured["units"], captured["alignment"]
        for i, j in itertools.combinations(range(len(units)), 2):
            a, b = units[i], units[j]
            if a.doc_id == b.doc_id:
                continue
            rules = _rules(a, b, alignment.pair_score(i, j), captured["spoken_by"])
            if rules:
                items.append(
                    {
                        "id": f"k{len(items) + 1}", "story": story, "rules": rules,
                        "a": {"side": side_of[a.doc_id], "start": a.start, "end": a.end},
                        "b": {"side": side_of[b.doc_id], "start": b.start, "end": b.end},
                    }
                )  # fmt: skip
    out.write_text(json.dumps(items, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} candidate pairs in {len({i['story'] for i in items})} of {count} stories -> {out}")


def show(path: Path, part: int, parts: int) -> None:
    items = json.loads(path.read_text(encoding="utf-8"))
    stories = sorted({i["story"] for i in items})[part - 1 :: parts]
    texts = allsides_texts(DATA)
    for story in stories:
        print(f"\n################ STORY {story}")
        for side, source in texts[story].items():
            print(f"--- {side} ({source.outlet}):\n{source.text}\n")
        for item in (i for i in items if i["story"] == story):
            a, b = item["a"], item["b"]
            span_a = texts[story][a["side"]].text[a["start"] : a["end"]]
            span_b = texts[story][b["side"]].text[b["start"] : b["end"]]
            print(f"  [{item['id']}]\n     A ({a['side']}): {span_a}\n     B ({b['side']}): {span_b}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--stories", type=int, default=STORIES)
    view = sub.add_parser("show")
    view.add_argument("candidates", type=Path)
    view.add_argument("part", type=int)
    view.add_argument("parts", type=int)
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.out, args.stories)
    else:
        show(args.candidates, args.part, args.parts)


if __name__ == "__main__":
    main()
