"""A place of someone's past service or of the research a story is about is not where it happens (audit J)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from crossread.model import Document, Entity, EntityMention
from crossread.stages.analyze import analyze_many
from crossread.stages.event import background_place, event_places


def _analyzed(nlp: Language, texts: list[str]) -> list[Any]:
    documents = [Document(id=f"d{i}", source_path=f"d{i}.txt", text=t, kind="text") for i, t in enumerate(texts)]
    return list(analyze_many(documents, nlp))


def _named(analyzed: list[Any], name: str) -> Entity:
    mentions = tuple(
        EntityMention(a.document.id, i, i + len(name), name)
        for a in analyzed
        for i in range(len(a.document.text))
        if a.document.text.startswith(name, i)
    )
    return Entity(f"e-{name}", name, "GPE", (name,), mentions)


def test_a_tour_of_duty_is_no_place_of_the_story(nlp: Language) -> None:
    """Audit J saw Vietnam (of "including tours in Vietnam") as Where of a general's obituary."""
    analyzed = _analyzed(
        nlp,
        ["Ann Lee died at a clinic in Lyon on Monday. After years in the army, including tours in Zarvia, she led the staff."],
    )
    assert event_places(analyzed, [_named(analyzed, "Lyon"), _named(analyzed, "Zarvia")]) == ["Lyon"]


def test_the_place_of_the_research_a_story_is_about_is_not_where(nlp: Language) -> None:
    """Audit J saw Wuhan (of "research on bat coronavirus in Wuhan, China") as Where of a Senate hearing."""
    texts = [
        "Two senators clashed over funding of research on bat viruses in Zarvia City, Zarvia, at a hearing.",
        "The senators argued about the role of the agency in funding research in Zarvia City, Zarvia.",
    ]
    analyzed = _analyzed(nlp, texts)
    assert event_places(analyzed, [_named(analyzed, "Zarvia City"), _named(analyzed, "Zarvia")]) == []


def test_background_place_reads_the_words_before() -> None:
    text = "funding research on bat viruses in Zarvia, and a hearing in Lyon"
    assert background_place(text, text.index("Zarvia"))
    assert not background_place(text, text.index("Lyon"))


def test_whom_someone_once_worked_for_is_no_actor(nlp: Language) -> None:
    """Audit J saw a chief of staff's former boss ("built reputation while working for X") listed as Who."""
    from crossread.stages.event import event_actors

    texts = [
        "Ann Lee built her name while working for Carl Moss\n\nAnn Lee, the mayor's aide, is tough. Ann Lee spoke.",
        "Ann Lee runs the office with tactics she used while overseeing former President Carl Moss’s office.",
    ]
    analyzed = _analyzed(nlp, texts)
    lee, moss = _named(analyzed, "Ann Lee"), _named(analyzed, "Carl Moss")
    people = [Entity(e.id, e.name, "PERSON", e.aliases, e.mentions) for e in (lee, moss)]
    assert event_actors(analyzed, people, []) == ["e-Ann Lee"]
