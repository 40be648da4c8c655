"""quotes: span boundaries of reported and mixed quotations (PolNeAR's convention: the content is the
whole statement, quoted words in it included)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crossread.model import Document, Quote
from crossread.stages.analyze.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The mayor said the council members are to blame for focusing on “who said this, who wrote that.”",
            "the council members are to blame for focusing on “who said this, who wrote that",
        ),
        (
            "The coach said the players are to blame for listening to “he said this, he shouted that.”",
            "the players are to blame for listening to “he said this, he shouted that",
        ),
    ],
)
def test_quote_boundaries_report_takes_in_the_quotation_that_ends_its_sentence(nlp: Language, text: str, content: str) -> None:
    (quote,) = _find(nlp, text)
    assert quote.text.rstrip(".") == content
    assert quote.speaker_text in ("The mayor", "The coach")


def test_quote_boundaries_participle_after_the_quote_leaves_it_to_the_cue_before(nlp: Language) -> None:
    text = (
        "Speaking to supporters in Ohio after the state’s primary, Smith said that there is “only one real reformer "
        "is in a position to win this race,” adding that it’s why Jones “relentlessly attacks us and ignores the "
        "other candidates.”"
    )
    first, second = _find(nlp, text)
    assert first.text == "that there is “only one real reformer is in a position to win this race"
    assert (first.speaker_text, first.cue) == ("Smith", "said")
    assert second.text.startswith("that it’s why Jones") and second.speaker_text == "Smith"


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The town voted on Tuesday. The mayor told the crowd that he supports the plan because “we don’t need a "
            "policy expert as mayor. We need a leader as mayor.” The vote is next week.",
            "that he supports the plan because “we don’t need a policy expert as mayor. We need a leader as mayor",
        ),
        (
            "The town voted on Tuesday. The coach told reporters that the “players” “work hard every day. And it’s so "
            "important. It’s so important.” The vote is next week.",
            "that the “players” “work hard every day. And it’s so important. It’s so important",
        ),
    ],
)
def test_quote_boundaries_report_runs_to_the_end_of_its_quotation(nlp: Language, text: str, content: str) -> None:
    """The parser ends a sentence inside the quotation; the report still runs to its closing mark."""
    (quote,) = [q for q in _find(nlp, text) if q.speaker_text in ("The mayor", "The coach")]
    assert quote.text.rstrip(".") == content


def test_quote_boundaries_show_name_does_not_end_the_quotation(nlp: Language) -> None:
    text = (
        "Anna Smith runs the port authority in Dover.\n\n“The harbour is ready for the new ferries,” Smith said on "
        "“Morning Town Hour.” “But the old pier needs work before the winter storms arrive.”"
    )
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_name) for q in quotes] == [
        ("The harbour is ready for the new ferries", "Anna Smith"),
        ("But the old pier needs work before the winter storms arrive.", "Anna Smith"),
    ]


def test_quote_boundaries_quoted_section_heading_is_not_speech(nlp: Language) -> None:
    text = (
        "Anna Smith runs the port authority in Dover.\n\n“The harbour is ready for the new ferries and the old pier "
        "will be fixed before the winter,” Smith said.\n\n'Bridges of the North.'\n\nThe port opened in 1901."
    )
    assert [q.text for q in _find(nlp, text)] == [
        "The harbour is ready for the new ferries and the old pier will be fixed before the winter"
    ]


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Several unions, including the Teachers Guild and the Nurses Union, said the new plan would cut their pay.",
            "Several unions, including the Teachers Guild and the Nurses Union",
        ),
        (
            "Local critics, like the harbour master, said the new bridge would cost too much.",
            "Local critics, like the harbour master",
        ),
        ("Anna Smith, like Tom Brown, said the new bridge would cost too much.", "Anna Smith"),  # a comparison
        ("The mayor, in Dover on Monday, said the new bridge would open in May.", "The mayor"),  # the scene
    ],
)
def test_quote_boundaries_speaker_keeps_the_members_it_names(nlp: Language, text: str, speaker: str) -> None:
    (quote,) = _find(nlp, text)
    assert quote.speaker_text == speaker


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Smith, the town's mayor in 2008, issued a statement after council member Tom Brown told a town hall in "
            "Dover, New Jersey on Monday that the bridge is “peanuts,” compared to what the new tunnel would cost.",
            "that the bridge is “peanuts,” compared to what the new tunnel would cost",
        ),
        (
            "Anna Smith, a senior adviser to the council, called the mayor's remarks on Saturday \"a true wake-up "
            'call" to his coalition of supporters.',
            'the mayor\'s remarks on Saturday "a true wake-up call" to his coalition of supporters',
        ),
        (
            "He called the harbour workers “thieves” and “thugs” without proof.",
            "the harbour workers “thieves” and “thugs” without proof",
        ),
    ],
)
def test_quote_boundaries_report_goes_on_after_its_quotation(nlp: Language, text: str, content: str) -> None:
    quotes = _find(nlp, text)
    assert content in [q.text for q in quotes]


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Anna Smith described the plan as a “total disaster,” but stopped short of calling for a new vote.",
            "the plan as a “total disaster",
        ),
        (
            "The harbour master called the ferries “unsafe,” according to the report.",
            "The harbour master called the ferries “unsafe",
        ),
    ],
)
def test_quote_boundaries_report_stops_where_another_act_or_source_follows(nlp: Language, text: str, content: str) -> None:
    assert content in [q.text for q in _find(nlp, text)]


def test_quote_boundaries_a_quote_cut_off_by_the_excerpt_is_speech_however_short(nlp: Language) -> None:
    text = "Mayor Ana Ruiz said on Monday that the bridge would reopen in May.\n\n“We are..."
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_name) for q in quotes if q.kind == "direct"] == [("We are", "Ana Ruiz")]


def test_quote_boundaries_a_that_clause_hung_on_the_addressee_is_what_was_told(nlp: Language) -> None:
    text = (
        "In Honolulu last week, Senator Ana Ruiz told a meeting of Pacific Island leaders that few people "
        "understood the stakes of climate change better than residents."
    )
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("that few people understood the stakes of climate change better than residents", "Senator Ana Ruiz")
    ]
    assert _find(nlp, "Senator Ana Ruiz told a story that nobody believed.") == []


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Officials said that it was too late to tell whether the fire was caused by a cigarette, and there was no "
            "evidence yet that it was arson.",
            "that it was too late to tell whether the fire was caused by a cigarette, and there was no evidence yet "
            "that it was arson",
        ),
        (
            "Officials said that it was too late to tell whether the fire was caused by a cigarette, but there was no "
            "evidence yet that it was arson.",
            "that it was too late to tell whether the fire was caused by a cigarette",
        ),
        ("The mayor said that the bridge would reopen in May, and he left the room.", "that the bridge would reopen in May"),
    ],
)
def test_quote_boundaries_a_conjunct_hung_on_the_cue_goes_on_the_report(nlp: Language, text: str, content: str) -> None:
    """``…, and there was …`` continues what was said; ``…, but …`` and ``…, and he left`` are the writer's."""
    assert [q.text for q in _find(nlp, text)] == [content]


def test_quote_boundaries_a_because_clause_hung_on_the_cue_is_the_speakers_reason(nlp: Language) -> None:
    reason = "because the council had been at the forefront of questioning the port's decisions"
    (quote,) = _find(nlp, f"Rep. Ana Berg said that claim smacked of hypocrisy, {reason}.")
    assert quote.text == f"that claim smacked of hypocrisy, {reason}"


def test_quote_boundaries_quoted_words_describing_the_speaker_are_no_part_of_the_split_quote(nlp: Language) -> None:
    text = (
        "“We cannot change a law, and we cannot give anybody a visa,” said Ana Ruiz, whose new book features "
        "interviews with powerful mayors and “rebellious” people.\n\n“A mayor is a counterweight,” she said."
    )
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes][1:] == [("A mayor is a counterweight", "she")]
    assert quotes[0].text == "We cannot change a law, and we cannot give anybody a visa"


def test_quote_boundaries_citing_after_a_speech_cue_reports_what_was_cited(nlp: Language) -> None:
    quotes = _find(nlp, "“It is a reflection of anger,” Mayor Ana Ruiz said, citing low growth and rising rents.")
    assert [(q.kind, q.text, q.speaker_text) for q in quotes] == [
        ("direct", "It is a reflection of anger", "Mayor Ana Ruiz"),
        ("reported", "low growth and rising rents", "Mayor Ana Ruiz"),
    ]
