"""quotes: reports the finder used to miss (issue 13), each with its made-up sentence."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crossread.model import Document, Quote
from crossread.stages.analyze.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


def test_quotes_recall_warned_against_reports_its_object(nlp: Language) -> None:
    quotes = _find(nlp, "Anna Smith warned against cheap bridges from foreign builders.")
    assert [(q.text, q.speaker_text) for q in quotes] == [("cheap bridges from foreign builders", "Anna Smith")]


def test_quotes_recall_asked_about_reports_the_topic_not_the_addressee(nlp: Language) -> None:
    quotes = _find(nlp, "The host asked Anna Smith about her plans for the old bridge.")
    assert [(q.text, q.speaker_text) for q in quotes] == [("her plans for the old bridge", "The host")]


def test_quotes_recall_stranded_preposition_is_no_report(nlp: Language) -> None:
    assert _find(nlp, "The builders Anna Smith complained to about the delay left the town.") == []


def test_quotes_recall_report_goes_on_after_an_interrupting_cue(nlp: Language) -> None:
    text = (
        "The town had resisted such plans, but the traffic had become so bad, Anna Smith noted, that the old bridge was closed."
    )
    (quote,) = _find(nlp, text)
    assert quote.speaker_text == "Anna Smith"
    assert quote.text.endswith("the old bridge was closed")


def test_quotes_recall_headline_label_speaker_ends_before_its_verb(nlp: Language) -> None:
    text = "Anna Smith Endorses Bob Jones: ‘He Will Fix The Bridge’\n\nMayor Anna Smith backed Bob Jones on Monday."
    labelled = [q for q in _find(nlp, text) if q.start < text.index("\n")]
    assert [q.speaker_text for q in labelled] == ["Anna Smith"], [(q.text, q.speaker_text) for q in labelled]


def test_quotes_recall_headline_label_speaker_starts_after_a_kicker(nlp: Language) -> None:
    text = "EXCLUSIVE – Anna Smith: Do Not Trust The New Bridge Plan\n\nMayor Anna Smith spoke to reporters on Monday."
    labelled = [q for q in _find(nlp, text) if q.start < text.index("\n")]
    assert [q.speaker_text for q in labelled] == ["Anna Smith"], [(q.text, q.speaker_text) for q in labelled]


def test_quotes_recall_clause_closed_off_by_a_colon_is_not_what_was_said(nlp: Language) -> None:
    text = "The vote set off another round of fights on Friday: the senators said the bridge plan was dead."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [("the bridge plan was dead", "the senators")]
    text = "It is an unlikely plan; Anna Smith says the bridge will open in May."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [("the bridge will open in May", "Anna Smith")]


def test_quotes_recall_tweeted_reports_what_was_tweeted(nlp: Language) -> None:
    quotes = _find(nlp, "Anna Smith tweeted a photograph of the broken bridge on Monday.")
    assert [(q.speaker_text, q.cue) for q in quotes] == [("Anna Smith", "tweeted")]
    assert quotes[0].text.startswith("a photograph of the broken bridge")


def test_quotes_recall_embedded_tweet_markup_is_no_report(nlp: Language) -> None:
    text = 'Smith wrote on Monday. <tweet pic="" author="annasmith" timestamp="1449075600">He tweeted that.'
    assert all('="' not in q.text for q in _find(nlp, text))


def test_quotes_recall_asked_someone_to_do_something(nlp: Language) -> None:
    quotes = _find(nlp, "Anna Smith asked the council to close the old bridge.")
    assert [(q.text, q.speaker_text) for q in quotes] == [("the council to close the old bridge", "Anna Smith")]


def test_quotes_recall_subject_the_parser_took_into_the_words_before(nlp: Language) -> None:
    text = "About 4 in 10 say they want the bridge to stay open."
    assert [(q.speaker_text) for q in _find(nlp, text)] == ["About 4 in 10"]
    text = "On Tuesday, while campaigning for his wife Anna Smith, former mayor Bob Smith said the bridge was safe."
    assert [(q.speaker_text) for q in _find(nlp, text)] == ["former mayor Bob Smith"]


def test_quotes_recall_quotation_after_a_colon_is_its_cues(nlp: Language) -> None:
    text = "In her speech, Anna Smith praised the new bridge and its builders: “Cross it and then cross it again,” she said."
    quotes = _find(nlp, text)
    assert ("Cross it and then cross it again", "she") in [(q.text.rstrip(","), q.speaker_text) for q in quotes]


def test_quotes_recall_report_ends_at_the_quote_before_when_asked(nlp: Language) -> None:
    text = "Anna Smith had previously said, “We will see,” when asked whether she would close the bridge."
    texts = [q.text for q in _find(nlp, text) if q.speaker_text == "Anna Smith"]
    assert texts and all("asked" not in t for t in texts), texts


def test_quotes_recall_as_aside_reports_the_rest_of_its_sentence(nlp: Language) -> None:
    text = "The weather was bad. As the mayor noted, the bridge needs repairs before winter."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [("the bridge needs repairs before winter", "the mayor")]
    text = "The weather was bad. As many experts have pointed out, the bridge is free to close even in summer."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [
        ("the bridge is free to close even in summer", "many experts")
    ]


def test_quotes_recall_as_aside_of_the_writer_is_no_report(nlp: Language) -> None:
    assert _find(nlp, "The weather was bad. As I noted above, the bridge needs repairs before winter.") == []


def test_quotes_recall_words_before_a_parenthetical_cue_start_the_quotation(nlp: Language) -> None:
    text = 'The town voted. An economic downturn, he said, "could be a good time to borrow money for the bridge."'
    (quote,) = _find(nlp, text)
    assert (quote.text, quote.speaker_text) == (
        'An economic downturn, he said, "could be a good time to borrow money for the bridge.',
        "he",
    )
    text = 'The town voted. If the river floods again, Smith wrote, "the bridge may not survive the spring."'
    (quote,) = _find(nlp, text)
    assert quote.text.startswith("If the river floods again, Smith wrote,")


def test_quotes_recall_a_scene_before_the_cue_is_not_what_was_said(nlp: Language) -> None:
    text = 'The town voted. In a statement on Monday, the mayor said, "the bridge will open in May."'
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [("the bridge will open in May.", "the mayor")]


def test_quotes_recall_praise_after_a_report_is_a_report_of_its_own(nlp: Language) -> None:
    text = "The mayor said that the economy would soon rebound and praised the bank for its low rates."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [
        ("that the economy would soon rebound", "The mayor"),
        ("the bank for its low rates", "The mayor"),
    ]


def test_quotes_recall_citing_after_a_reported_clause_is_its_own_report(nlp: Language) -> None:
    text = "The mayor said that the bridge was unsafe, citing a report by state engineers."
    assert [(q.text, q.speaker_text, q.cue) for q in _find(nlp, text)] == [
        ("that the bridge was unsafe", "The mayor", "said"),
        ("a report by state engineers", "The mayor", "citing"),
    ]


def test_quotes_recall_citing_speaks_for_the_clause_subject_that_can_speak(nlp: Language) -> None:
    text = (
        "The Centers for Disease Control and Prevention has turned down the request for a new ban, "
        "citing a lack of legal authority to take the action, the White House said."
    )
    citing = [q for q in _find(nlp, text) if q.cue == "citing"]
    assert [(q.text, q.speaker_text) for q in citing] == [
        ("a lack of legal authority to take the action", "The Centers for Disease Control and Prevention")
    ]


def test_quotes_recall_according_to_inside_the_sentence_reports_both_sides(nlp: Language) -> None:
    text = "Fundraising, according to the campaign, has surged in the past month."
    (quote,) = _find(nlp, text)
    assert (quote.text, quote.speaker_text) == (text.rstrip("."), "the campaign")


def test_quotes_recall_poll_showed_reports_its_object(nlp: Language) -> None:
    text = "A Harbor Institute poll showed a narrow lead for Anna Smith with 46 percent to 41 percent."
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("a narrow lead for Anna Smith with 46 percent to 41 percent", "A Harbor Institute poll")
    ]


def test_quotes_recall_showed_object_needs_a_poll_or_study(nlp: Language) -> None:
    assert _find(nlp, "Anna Smith showed the visitors a model of the new bridge.") == []


def test_quotes_recall_according_to_gives_back_the_clause_subject(nlp: Language) -> None:
    text = "According to a 2019 study by economists Anna Smith and Bob Jones, the Great Flood is partly to blame for the delays."
    quotes = _find(nlp, text)  # the parser hangs "the Great Flood" on the study as an apposition
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("the Great Flood is partly to blame for the delays", "a 2019 study by economists Anna Smith and Bob Jones")
    ]


@pytest.mark.parametrize(
    "text, content",
    [
        (
            'According to the harbor survey, 24 percent of voters wanted a mayor who would "tell it like it is" on the bridge.',
            '24 percent of voters wanted a mayor who would "tell it like it is" on the bridge',
        ),
        (
            'According to Anna Smith, "the mayor said the bridge would open in May, and it did not."',
            "the mayor said the bridge would open in May, and it did not",
        ),
    ],
)
def test_quotes_recall_according_to_keeps_a_quotation_with_a_cue_inside(nlp: Language, text: str, content: str) -> None:
    quotes = _find(nlp, text)  # the cue inside the quote marks is the quoted words', not a speaker of its own
    assert [(q.text, q.cue) for q in quotes] == [(content, "According to")]


def test_quotes_recall_according_to_leaves_a_quotation_to_its_speaker(nlp: Language) -> None:
    quotes = _find(nlp, '"The bridge will open in May," Anna Smith said, according to the Harbor Times.')
    assert [(q.text, q.speaker_text) for q in quotes] == [("The bridge will open in May", "Anna Smith")]


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (
            "Inside the old mill - which looks likes a church except for the missing roof - Anna Smith said "
            "she and many of the workers are trying to collect money for the town.",
            "she and many of the workers are trying to collect money for the town",
            "Anna Smith",
        ),
        (
            "Bob Jones isn't rattled about the string of losses he has faced in the race - in fact, he said it “humanizes” him.",
            "it “humanizes” him",
            "he",
        ),
    ],
)
def test_quotes_recall_clause_right_after_the_cue_wins(nlp: Language, text: str, content: str, speaker: str) -> None:
    quotes = _find(nlp, text)  # the parser also hangs the words before the cue on it as a clause
    assert [(q.text, q.speaker_text) for q in quotes] == [(content, speaker)]


def test_quotes_recall_second_object_joined_by_and_is_what_was_said(nlp: Language) -> None:
    text = (
        'Fifteen minutes after the vote, campaign chairman Bob Jones called the mayor "the most extreme pick in a '
        'generation" and someone who had "threatened the river and limited its flow" by signing one of the most restrictive laws.'
    )
    (quote,) = _find(nlp, text)  # the parser hangs "someone" on "called" as a conjunct
    assert quote.text.startswith('the mayor "the most extreme pick in a generation" and someone who had')
    assert quote.text.endswith("one of the most restrictive laws")


def test_quotes_recall_second_that_clause_goes_on_the_report(nlp: Language) -> None:
    text = "Anna Smith said there are no good options, but that sometimes the lesser of two evils will have to do."
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("there are no good options, but that sometimes the lesser of two evils will have to do", "Anna Smith")
    ]


def test_quotes_recall_apposition_with_its_own_clause_ends_the_report(nlp: Language) -> None:
    text = (
        "Anna Smith said there is an active conversation within the council about the old bridge, "
        "one that will likely dominate the meeting next month."
    )
    quotes = _find(nlp, text)  # the writer's gloss on what was said
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("there is an active conversation within the council about the old bridge", "Anna Smith")
    ]


def test_quotes_recall_unnamed_speaker_passes_on_to_the_quote_that_continues_its_paragraph(nlp: Language) -> None:
    text = (
        "The nurse spoke at length.\n\n"
        "“It's pretty cool working there,” she said, describing how she bends the rods. "
        "“And when you do it for sixty hours a week, people are like family.”\n\n"
        "The plant closed."
    )
    quotes = _find(nlp, text)
    continued = [q for q in quotes if q.text.startswith("And when")]
    assert [(q.speaker_text, q.speaker_start) for q in continued] == [("she", text.index("she said"))]


def test_quotes_recall_sentence_opened_by_in_a_poll_reports_the_rest(nlp: Language) -> None:
    text = "In a CNN national poll released Monday, Ms. Rhee held a 24-point lead over Mr. Dole among young voters."
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("Ms. Rhee held a 24-point lead over Mr. Dole among young voters", "a CNN national poll released Monday")
    ]


def test_quotes_recall_in_a_poll_leaves_a_report_inside_it_to_its_speaker(nlp: Language) -> None:
    text = "In an online poll of 800 voters, the Dole campaign found that young voters favour Ms. Rhee."
    quotes = _find(nlp, text)
    assert [q.speaker_text for q in quotes] == ["the Dole campaign"]


def test_quotes_recall_in_a_town_is_no_report(nlp: Language) -> None:
    assert _find(nlp, "In a small town near the river, the old bridge was closed for repairs.") == []


def test_quotes_recall_quote_after_a_full_stop_takes_its_own_cue(nlp: Language) -> None:
    text = '"The bridge plan is dead," said Tom Smith. "It will not pass," added Jane Doe, a senator from Ohio.'
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("The bridge plan is dead", "Tom Smith"),
        ("It will not pass", "Jane Doe, a senator from Ohio"),
    ]


def test_quotes_recall_split_quote_still_runs_across_a_comma(nlp: Language) -> None:
    text = '"The bridge plan is dead," Tom Smith said, "and it will not pass."'
    quotes = _find(nlp, text)
    assert [(q.kind, q.speaker_text) for q in quotes] == [("split", "Tom Smith"), ("split", "Tom Smith")]


def test_quotes_recall_words_before_a_closing_he_said_are_reported_when_misparsed(nlp: Language) -> None:
    text = "The town met on Monday.\n\nThose who do take on heavy debt struggle, even with a good job, he said."
    (quote,) = _find(nlp, text)
    assert (quote.text, quote.speaker_text) == ("Those who do take on heavy debt struggle, even with a good job", "he")


def test_quotes_recall_a_closing_he_said_after_a_full_stop_reports_nothing_before_it(nlp: Language) -> None:
    assert _find(nlp, "The bridge plan failed. On Tuesday, he said.") == []


def test_quotes_recall_next_quote_keeps_the_speaker_when_only_a_later_quote_has_a_cue(nlp: Language) -> None:
    text = (
        'The fans waited. "Tickets were $3,000," said Tom Smith. "I called my wife. She said, \'Come home.\'" '
        '"I wish it was not this town," Smith said.'
    )
    called = next(q for q in _find(nlp, text) if q.text.startswith("I called"))
    assert called.speaker_name == "Tom Smith"


def test_quotes_recall_say_reports_a_one_word_answer(nlp: Language) -> None:
    text = "Asked if the bridge plan was legal, 46 percent of voters said yes, compared with 23 percent in May."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [("yes", "46 percent of voters")]


def test_quotes_recall_say_reports_the_same_of_someone(nlp: Language) -> None:
    text = "Among men, 57 percent see Tom Smith negatively while 61 percent say the same of Jane Doe."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [("the same of Jane Doe", "61 percent")]


def test_quotes_recall_said_no_to_something_is_no_answer(nlp: Language) -> None:
    assert _find(nlp, "He said no to the bridge plan.") == []
