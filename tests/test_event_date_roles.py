"""A baseline ("since …") or a deadline ("by …") is no event's day (blind audit J; made-up sentences)."""

from __future__ import annotations

from spacy.language import Language

from conftest import analyzed_texts
from crossread.model import Document
from crossread.publication import FUTURE_YEARLESS, SINCE_BASELINE
from crossread.stages.analyze.dates import find_dates
from crossread.stages.event import describe_event


def _dates(nlp: Language, text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    document = Document(id="d1", source_path="d1.txt", text=text, kind="text")
    return {m.text: (m.value, m.evidence) for m in find_dates(nlp(text), document)[0]}


def test_a_baseline_date_does_not_date_the_event(nlp: Language) -> None:
    """Audit J: "the lowest level since March 14, 2020" in two sources made the baseline the story's When."""
    texts = [
        "Ferry bookings fall\n\nFerry bookings fell to 2,100, the lowest level since March 14, 2020, the port said Thursday.",
        "Ferry bookings drop\n\nBookings dropped to 2,100, the fewest since the week of March 14, 2020, the port said.",
    ]
    event = describe_event(analyzed_texts(nlp, texts), [])
    assert event.date != "2020-03-14", event


def test_a_baseline_is_noted_and_fixes_no_year_of_a_yearless_day(nlp: Language) -> None:
    """Audit J: the "Oct. 9" of a report counting "since March 14, 2020" became 2019-10-09; the baseline only
    says the text is later, by any number of years."""
    found = _dates(nlp, "Ferry bookings for the week ended Oct. 9 fell to 2,100, the lowest since March 14, 2020.")
    assert SINCE_BASELINE in found["March 14, 2020"][1]
    assert found["Oct. 9"][0] == "XXXX-10-09"


def test_a_deadline_after_by_or_until_is_told_as_ahead(nlp: Language) -> None:
    """Audit J: "unless lawmakers vote … by Oct. 18" and a headline's "X to hit limit Oct. 18" read as the news's day."""
    found = _dates(nlp, "The fund will run dry unless the council votes to raise the cap by Oct. 18, the mayor said.")
    assert FUTURE_YEARLESS in found["Oct. 18"][1]
    found = _dates(nlp, "Mayor warns residents city water fund to run dry Oct. 18")
    assert FUTURE_YEARLESS in found["Oct. 18"][1]
    found = _dates(nlp, "The mayor will run out of room to avoid breaching the cap on Oct. 18, setting a deadline.")
    assert FUTURE_YEARLESS in found["Oct. 18"][1]
    found = _dates(nlp, "The ferry stayed open until Oct. 18 and then closed.")
    assert FUTURE_YEARLESS not in found["Oct. 18"][1]


def test_a_deadline_the_sources_share_is_not_the_news_day(nlp: Language) -> None:
    """Audit J: three outlets' "on Oct. 18" deadline (the letter came "on Tuesday") showed as When."""
    texts = [
        "Mayor says city will run out of water money on Oct. 18\n\nThe mayor on Tuesday said the city will run out of "
        "room to avoid breaching its cap on Oct. 18, setting a new deadline.",
        "Mayor warns residents city water fund to run dry Oct. 18\n\nThe mayor on Tuesday warned that the fund was "
        "close to running dry - now set for Oct. 18.",
        "City Will Run Out of Water Money on Oct. 18\n\nThe mayor on Tuesday warned the fund will run dry unless the "
        "council votes to raise the cap by Oct. 18.",
    ]
    event = describe_event(analyzed_texts(nlp, texts), [])
    assert event.day_without_year is None, event
