"""A quotation stays one claim unit: its clauses cut apart read as fragments."""

from __future__ import annotations

from spacy.language import Language

from crossread.model import Document
from crossread.stages.analyze import analyze
from crossread.stages.compare.units import claim_units
from crossread.stages.link import link_entities

QUOTED = "“Costco and BJ lines are extremely long this morning and smaller stations are running out of gas.”"
TEXT = f"Gas runs short\n\n“Top off your cars,” a friend texted this week. {QUOTED}\n\nIt is late."


def test_a_quotation_joined_by_and_is_one_unit(nlp: Language) -> None:
    analyzed = [analyze(Document(id="d", source_path="d.txt", text=TEXT, kind="text"), nlp)]
    texts = [u.text for u in claim_units(analyzed, [nlp(TEXT)], link_entities(analyzed))]
    assert QUOTED in texts, texts
