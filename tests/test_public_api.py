"""The library surface: what ``import crossread`` exports, and ``read -> Corpus -> stories -> brief``."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from typer.testing import CliRunner

import crossread
from crossread.corrections import SpanKey, make_correction
from crossread.interfaces.cli import app
from crossread.model import ClaimUnit
from crossread.outlets import identify


def test_public_api_exports_are_sorted_and_complete() -> None:
    exported = crossread.__all__
    assert exported == sorted(exported)
    public = {
        name for name in vars(crossread) if not name.startswith("_") and not isinstance(getattr(crossread, name), type(crossread))
    }
    assert public - {"annotations"} == set(exported)  # nothing public that is not exported, nothing exported that is missing


def test_public_api_read_a_folder_into_stories_and_briefs(nlp: Language, example_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    with crossread.read(example_dir, db=db, nlp=nlp) as corpus:
        assert len(corpus.report.ingested) == 2 and not corpus.report.failures
        (story,) = corpus.stories()
        documents = story.documents()
        brief = story.brief()
        assert [d.document.id for d in brief.documents] == [d.document.id for d in documents]
        assert identify(documents[0].document).name == "U.S. Department of State"  # [1], as on the page
        claim = next(c for c in brief.claims if c.status in ("corroborated", "partial"))
        first, second = claim.units[0], claim.units[1]
        fix = make_correction(
            "match_wrong", [SpanKey(first.doc_id, first.start, first.end), SpanKey(second.doc_id, second.start, second.end)]
        )
        corpus.store.add_correction(fix)
        fixed = story.brief()

        def holds(claim: crossread.Claim, unit: ClaimUnit) -> bool:
            return any((u.doc_id, u.start) == (unit.doc_id, unit.start) for u in claim.units)

        assert any(holds(c, first) and holds(c, second) for c in brief.claims)
        holding = [c for c in fixed.claims if holds(c, first)]
        assert holding and not any(holds(c, second) for c in holding)  # the analyst's split is in the brief
    # the CLI numbers the story's sources as the library does
    result = CliRunner().invoke(app, ["story", story.id, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    cli_documents = [d["id"] for d in json.loads(result.stdout)["brief"]["documents"]]
    assert cli_documents == [d.document.id for d in documents]


def test_public_api_read_in_memory_and_add_more(nlp: Language, example_dir: Path) -> None:
    texts = sorted(example_dir.glob("*.txt"))
    corpus = crossread.read(texts[:1], nlp=nlp)
    assert len(corpus.documents()) == 1
    report = corpus.add(texts)
    assert len(report.ingested) == 1 and len(report.duplicates) == 1
    assert [len(s.story.doc_ids) for s in corpus] == [2]
    corpus.close()
