"""link.speakers: a speaker told only by a title is the one person the story names with that title (made-up texts)."""

from __future__ import annotations

from spacy.language import Language

from conftest import analyzed_texts
from crossread.brief import build_brief


def _speaker_of(nlp: Language, texts: list[str], words: str) -> str | None:
    brief = build_brief(analyzed_texts(nlp, texts), nlp)
    names = {e.id: e.name for e in brief.entities}
    quote = next(q for q in brief.quotes if words in q.quote.text)
    return names.get(quote.speaker or "")


def test_the_president_is_the_person_a_source_calls_president(nlp: Language) -> None:
    """Audit H: "… was planned by enemies of democracy, the president has said" kept no name while another outlet
    named the president."""
    texts = [
        "Unrest was planned, says president\n\nThe riots in the coastal provinces were planned by enemies of the state, "
        "the president has said.",
        "Leader blames plotters\n\nPresident John Miller said on Friday that the riots had been planned in advance.",
    ]
    assert _speaker_of(nlp, texts, "enemies of the state") == "John Miller"


def test_a_former_holder_of_the_title_is_not_the_speaker(nlp: Language) -> None:
    texts = [
        "Unrest was planned, says president\n\nThe riots in the coastal provinces were planned by enemies of the state, "
        "the president has said.",
        "Protests spread\n\nThe riots began after former president John Miller was jailed last week.",
    ]
    assert _speaker_of(nlp, texts, "enemies of the state") != "John Miller"
