"""What a source foregrounds: the actors it names most, lead first (compare.foregrounds)."""

from __future__ import annotations

from crossread.model import AnalyzedDocument, Document, Entity, EntityMention, Sentence
from crossread.stages.compare import foregrounds

TITLE = "The Town Saw How Much It Needs the Bridge"
TEXT = f"{TITLE}\n\nThe Harbor Bridge closed on Monday. City officials said repairs would take a week."


def _document() -> AnalyzedDocument:
    body = TEXT.index("The Harbor")
    second = TEXT.index("City officials")
    sentences = (
        Sentence("d0", 0, 0, len(TITLE), TITLE, is_heading=True),
        Sentence("d0", 1, body, second - 1, TEXT[body : second - 1]),
        Sentence("d0", 2, second, len(TEXT), TEXT[second:]),
    )
    document = Document(id="d0", source_path="d0.txt", text=TEXT, kind="text", title=TITLE)
    return AnalyzedDocument(document, sentences)


def _entity(key: str, name: str, label: str, start: int) -> Entity:
    return Entity(key, name, label, (name,), (EntityMention("d0", start, start + len(name), name),))


def test_a_title_case_headline_read_as_a_work_is_no_actor() -> None:
    work = _entity("e1", "Saw How Much It Needs the Bridge", "WORK_OF_ART", TITLE.index("Saw"))
    bridge = _entity("e2", "the Harbor Bridge", "FAC", TEXT.index("Harbor") - 4)
    actors = [p.name for p in foregrounds(_document(), [], [work, bridge]) if p.kind == "actor"]
    assert actors == ["the Harbor Bridge"]


def test_a_work_named_in_the_body_stays_an_actor() -> None:
    start = TEXT.index("Harbor Bridge")
    work = _entity("e1", "Harbor Bridge", "WORK_OF_ART", start)
    actors = [p.name for p in foregrounds(_document(), [], [work]) if p.kind == "actor"]
    assert actors == ["Harbor Bridge"]
