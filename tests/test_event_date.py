"""The event is dated by what happened, not by what its sources tell as coming.

An audit found a story of an agreement reached on Wednesday dated Thursday, the day
the three outlets said the senators would brief the president: plans outvoted the deed.
"""

from __future__ import annotations

from spacy.language import Language

from conftest import analyzed_texts
from crossread.stages.event import event_date

DAY = "2021-06-23T10:00:00"  # a Wednesday
TEXTS = [
    "Senators strike a deal\n\nSenators agreed on a road framework on Wednesday. They will brief the president on Thursday.",
    "Deal reached\n\nThe senators will meet the president on Thursday to present the road plan.",
    "Road plan\n\nThe group will go to the White House on Thursday, aides said.",
]


def _dated(nlp: Language, texts: list[str], published: str | None) -> str | None:
    return event_date(analyzed_texts(nlp, texts, published))[0]


def test_a_plan_after_the_sources_own_date_does_not_date_the_event(nlp: Language) -> None:
    assert _dated(nlp, TEXTS, DAY) == "2021-06-23"


def test_a_story_of_plans_alone_is_dated_by_its_plan(nlp: Language) -> None:
    assert _dated(nlp, TEXTS[1:], DAY) == "2021-06-24"


def test_a_date_naming_another_event_does_not_date_the_story(nlp: Language) -> None:
    """An audit saw a July 2021 story of a new police chief dated by "in the aftermath of the Jan. 6 riot"."""
    texts = [
        "New chief named after the Jan. 6 riot\n\nAna Ruiz was named chief of the city police on Thursday.",
        "Police pick a chief\n\nThe board picked Ana Ruiz months after the Jan. 6 riot at the Capitol.",
        "Ruiz to lead police\n\nThe Jan. 6 attack left the force short of officers, the board said.",
    ]
    assert _dated(nlp, texts, "2021-07-22T10:00:00") == "2021-07-22"


def test_a_date_naming_the_story_s_own_event_dates_it_when_it_is_the_only_one(nlp: Language) -> None:
    """giveme5w1h: "they celebrated their Nov. 2 World Series victory" is the story's own day."""
    texts = ["Cubs fans party\n\nFans of the club celebrated their Nov. 2 World Series victory in the city streets."]
    assert _dated(nlp, texts, "2016-11-04T10:00:00") == "2016-11-02"


def test_a_statement_s_day_dates_the_story_when_no_other_lead_date_tells_what_happened(nlp: Language) -> None:
    """An audit saw a recall petition story dated by the counties' deadline ahead, where all three
    outlets said the secretary of state announced the count "on Monday"."""
    texts = [
        "Recall qualifies\n\nThe recall of the mayor has qualified for the ballot, officials said on Monday.",
        "Recall on the ballot\n\nThe city clerk said on Monday that the petition had enough signatures. "
        "Districts have until June 30 to check the remaining ones.",
    ]
    assert _dated(nlp, texts, DAY) == "2021-06-21"


def test_a_statement_s_day_dates_the_story_before_its_publication_date(nlp: Language) -> None:
    texts = ["Doctor admits error\n\nThe doctor admitted to the host on Monday that the network had been wrong."]
    assert _dated(nlp, texts, DAY) == "2021-06-21"


def test_a_statement_s_day_yields_to_a_date_of_what_happened(nlp: Language) -> None:
    texts = ["Deal struck\n\nThe two firms agreed on the merger on Friday, the chief executive said on Monday."]
    assert _dated(nlp, texts, DAY) == "2021-06-18"


def test_a_statement_s_day_outdates_a_background_date_months_back(nlp: Language) -> None:
    """An audit saw a police ruling of August dated by the January shooting it ruled on."""
    texts = [
        "Officer cleared\n\nThe officer who shot a protester on Jan. 6 will not be disciplined, the police said on Monday.",
        "No charges for officer\n\nThe department said on Monday that the officer acted lawfully on Jan. 6.",
    ]
    assert _dated(nlp, texts, "2021-08-25T10:00:00") == "2021-08-23"


def test_a_day_every_source_gives_without_a_year_is_shown_with_no_year(nlp: Language) -> None:
    """Audit G: three outlets' "the week ended July 17" showed as "When: unknown — no date found in the sources"."""
    from crossread.publication import when_shown
    from crossread.stages.event import describe_event

    texts = [
        "Claims rise\n\nFirst-time claims for jobless aid rose to 411,000 in the week ended July 17, the ministry said.",
        "Jobless claims up\n\nClaims climbed by 40,000 in the week ended July 17, data showed on Thursday.",
        "Labour market stalls\n\nNew filings for benefits jumped in the week ended July 17 as hiring slowed.",
    ]
    event = describe_event(analyzed_texts(nlp, texts), [])
    assert event.date is None and event.day_without_year == "--07-17", event
    assert when_shown(event.date, event.day_without_year) == "17 July (year not stated)"
    assert "without a year" in event.date_evidence[0]
    planned = ["Vote ahead\n\nThe council will vote on the budget on 30 September, officials said."]
    assert describe_event(analyzed_texts(nlp, planned), []).day_without_year is None  # a day ahead is no news's day
