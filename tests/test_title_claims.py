"""A document's title printed as its first line is a claim unit; a section heading inside the text is not.

The title states the story's main fact ("Mayor opens new bridge"), which the other
outlets' titles and leads state too: left out, the brief had no unit to corroborate
it with, while the labelled sets (whose texts carry no heading marks) counted it.
"""

from __future__ import annotations

from spacy.language import Language

from crossread.model import Document
from crossread.stages.analyze import analyze
from crossread.stages.compare.units import claim_units
from crossread.stages.link import link_entities

TITLE = "Mayor Ana Ruiz opens the new Elm River bridge"
SECTION = "What happens next"
TEXT = (
    f"{TITLE}\n\nMayor Ana Ruiz opened the Elm River bridge on Monday after six years of work.\n\n"
    f"{SECTION}\n\nThe old ferry will stop running in June."
)


def _document(title: str | None) -> Document:
    section_start = TEXT.index(SECTION)
    return Document(
        id="d1",
        source_path="made-up.txt",
        text=TEXT,
        kind="text",
        title=title,
        headings=((0, len(TITLE)), (section_start, section_start + len(SECTION))),
    )


def _unit_texts(nlp: Language, document: Document) -> list[str]:
    analyzed = [analyze(document, nlp)]
    return [u.text for u in claim_units(analyzed, [nlp(document.text)], link_entities(analyzed))]


def test_the_title_is_a_claim_unit_and_a_section_heading_is_not(nlp: Language) -> None:
    texts = _unit_texts(nlp, _document(TITLE))
    assert TITLE in texts
    assert not any(SECTION in t for t in texts)
    assert any(t.startswith("The old ferry") for t in texts)


def test_a_first_heading_that_is_not_the_title_stays_out(nlp: Language) -> None:
    texts = _unit_texts(nlp, _document("Another headline entirely"))
    assert TITLE not in texts
    assert any(t.startswith("Mayor Ana Ruiz opened") for t in texts)
