"""quotes: speaker precision (no wrong speaker rather than a wrong one) and reported-speech cues."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crossread.evaluation.attribution import as_attributions
from crossread.model import Document, Quote
from crossread.stages.analyze.quotes import find_quotes


def _find(nlp: Language, text: str) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, [])


def test_quotes_precision_relative_that_is_never_the_speaker(nlp: Language) -> None:
    quotes = _find(nlp, "The mayor made a remark that described the bridge as a waste of money for the town.")
    assert quotes, "the stance report should still be found"
    assert all(q.speaker_text is None for q in quotes), [(q.text, q.speaker_text) for q in quotes]


def test_quotes_precision_call_for_reports_what_was_called_for(nlp: Language) -> None:
    quotes = _find(nlp, "Anna Smith called for a new bridge over the river.")
    assert [(q.text, q.speaker_text, q.cue) for q in quotes] == [("a new bridge over the river", "Anna Smith", "called")]
    (quote,) = _find(nlp, "Anna Smith called on the council to build a new bridge.")
    assert quote.text == "the council to build a new bridge"


def test_quotes_precision_call_without_for_or_on_reports_nothing(nlp: Language) -> None:
    assert _find(nlp, "Anna Smith called a meeting of the town council on Monday.") == []
    assert _find(nlp, "The singer calls himself a friend of the town.") == []


def test_quotes_precision_speaker_leaves_out_which_clause_on_its_organisation(nlp: Language) -> None:
    text = "Anna Smith, president of the Teachers Union, which represents city teachers, said the schools need more money."
    (quote,) = _find(nlp, text)
    assert quote.speaker_text == "Anna Smith, president of the Teachers Union"


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON -- President Anna Smith said on Saturday that the museum would tell an American story.",
        "CLEVELAND, July 19 (UPI) — Mayor Anna Smith told reporters that the new bridge would open in May.",
        "Washington (AFP) - Mayor Anna Smith said on Monday that the new bridge would open in May.",
    ],
)
def test_quotes_precision_speaker_starts_after_the_dateline(nlp: Language, text: str) -> None:
    (quote,) = _find(nlp, text)
    assert quote.speaker_text is not None and quote.speaker_text.endswith("Anna Smith")
    assert "—" not in quote.speaker_text and "--" not in quote.speaker_text
    assert quote.speaker_name == "Anna Smith"


def test_quotes_precision_who_was_asked_is_not_who_asked(nlp: Language) -> None:
    quotes = _find(nlp, "Asked whether the new bridge would open in May, most voters in the town were not sure.")
    assert all(q.speaker_text is None for q in quotes), [(q.text, q.speaker_text) for q in quotes]
    (quote,) = _find(nlp, "Asked about the bridge, Anna Smith said that it would open in May.")
    assert (quote.text, quote.speaker_name) == ("that it would open in May", "Anna Smith")


@pytest.mark.parametrize(
    "text",
    [
        "“The bridge will open in May,” the paper quoted Anna Smith as saying.",
        "The Times quoted Anna Smith as saying that the bridge would open in May.",
        "“The bridge will open in May,” the magazine reported Anna Smith as writing on Thursday.",
        "“The bridge will open in May,” Tom Brown recalled Anna Smith saying.",
    ],
)
def test_quotes_precision_quoted_as_saying_speaks_for_the_object(nlp: Language, text: str) -> None:
    (quote,) = _find(nlp, text)
    assert (quote.speaker_text, quote.speaker_name) == ("Anna Smith", "Anna Smith")


def test_quotes_precision_speaker_name_is_never_empty(nlp: Language) -> None:
    # NER may run a known surname into a longer mislabelled entity ("Zobrist said on Friday.");
    # the speaker is then the surname's person, never the empty "name" of that entity
    text = "Ben Zobrist played well. “I have got something to say to you,” Zobrist said on Friday."
    doc = nlp(text)
    start = text.index("Zobrist said")
    entity = doc.char_span(start, len(text), label="WORK_OF_ART", alignment_mode="expand")
    assert entity is not None
    doc.ents = [e for e in doc.ents if e.end <= entity.start] + [entity]
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    (quote,) = find_quotes(doc, document, [])
    assert quote.speaker_name == "Ben Zobrist"


def test_quotes_precision_second_speaker_in_a_conjoined_report(nlp: Language) -> None:
    text = "Most voters said they were worried about the economy, and more than half said the mayor would handle it best."
    found = [(q.text, q.speaker_text) for q in _find(nlp, text)]
    assert found == [("they were worried about the economy", "Most voters"), ("the mayor would handle it best", "more than half")]


def test_quotes_precision_short_sentence_continuing_a_cued_quote(nlp: Language) -> None:
    quotes = _find(nlp, "“We will sue,” Anna Smith said at the meeting. “Everybody sues.”")
    assert [(q.text, q.speaker_name) for q in quotes] == [("We will sue", "Anna Smith"), ("Everybody sues.", "Anna Smith")]
    # a short quote inside a sentence stays a scare quote
    quotes = _find(nlp, "“We will sue,” Anna Smith said, calling it a “great day” for the town.")
    texts = [q.text for q in quotes]
    assert "We will sue" in texts and "great day" not in texts  # "calling it a “great day” …" is a report
    assert all(q.kind == "reported" for q in quotes if "great day" in q.text)


def test_quotes_precision_newspaper_report_passes_no_speaker_to_the_next_quote(nlp: Language) -> None:
    text = (
        "The Daily News wrote on Monday that the new bridge was a waste of money.\n\n"
        "“The city has spent millions on a bridge that nobody in the town needs or wants.”"
    )
    assert all(q.speaker_name != "Daily News" for q in _find(nlp, text) if q.text.startswith("The city"))
    text = (
        "Anna Smith said on Monday that the new bridge was a waste of money.\n\n"
        "“The city has spent millions on a bridge that nobody in the town needs or wants.”"
    )
    quotes = [q for q in _find(nlp, text) if q.text.startswith("The city")]
    assert [q.speaker_name for q in quotes] == ["Anna Smith"]


def test_quotes_precision_quote_mark_before_a_clause_is_no_parenthetical(nlp: Language) -> None:
    text = "Before the vote, Anna Smith told the “Morning Show” that nobody would question the new bridge."
    found = [(q.text, q.speaker_text) for q in _find(nlp, text)]
    assert found == [("that nobody would question the new bridge", "Anna Smith")]


def test_quotes_precision_a_document_that_says_is_a_speaker(nlp: Language) -> None:
    quotes = _find(nlp, "The town filed a lawsuit on Monday. It says the company broke the law by closing the bridge.")
    assert [(q.text, q.speaker_text) for q in quotes] == [("the company broke the law by closing the bridge", "It")]
    assert _find(nlp, "The bridge is old. It feels that the town has forgotten it.") == []


def test_quotes_precision_acronym_names_the_same_organisation(nlp: Language) -> None:
    text = (
        "The Rail Accident Investigation Branch (RAIB) opened an inquiry on Monday. "
        "An RAIB spokesman said that the tram had been going too fast."
    )
    (quote,) = _find(nlp, text)
    assert (quote.speaker_kind, quote.speaker_of) == ("role", "Rail Accident Investigation Branch")


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "Anna Smith continued to call for a new bridge that the town could afford.",
            "a new bridge that the town could afford",
            "call",
        ),
        ("Anna Smith continued to insist the bridge would open in May.", "the bridge would open in May", "insist"),
    ],
)
def test_quotes_precision_speaking_went_on_gives_way_to_the_cue(nlp: Language, text: str, content: str, cue: str) -> None:
    assert [(q.text, q.cue, q.speaker_text) for q in _find(nlp, text)] == [(content, cue, "Anna Smith")]


def test_quotes_precision_subordinate_clause_is_no_parenthetical_cue(nlp: Language) -> None:
    text = "Later in the show, after the interview concluded, Anna Smith stated that the bridge would open in May."
    assert [(q.text, q.speaker_text) for q in _find(nlp, text)] == [("that the bridge would open in May", "Anna Smith")]


def test_quotes_precision_connective_before_a_parenthetical_cue_is_not_content(nlp: Language) -> None:
    (quote,) = _find(nlp, "But, Anna Smith added, the new bridge would not open before the summer.")
    assert (quote.text, quote.speaker_text) == ("the new bridge would not open before the summer", "Anna Smith")


def test_quotes_precision_a_quoted_title_is_not_speech(nlp: Language) -> None:
    text = "The Times reported it first. “The Wall Street Journal Daily Edition,” it wrote."
    assert [q.text for q in _find(nlp, text)] == []


def test_quotes_precision_opening_conjunction_is_not_content(nlp: Language) -> None:
    (quote,) = _find(nlp, "And the new bridge is still too expensive for the town, according to a city survey.")
    assert (quote.text, quote.speaker_text) == ("the new bridge is still too expensive for the town", "a city survey")
    # an opening "But" is what was said (PolNeAR content holds it)
    (quote,) = _find(nlp, "But the new bridge is still too expensive for the town, Anna Smith said.")
    assert quote.text == "But the new bridge is still too expensive for the town"
    (quote,) = _find(nlp, "Anna Smith says neither the mayor nor the council has seen the plans.")
    assert quote.text.startswith("neither")


def test_quotes_precision_short_quote_after_a_full_stop_opens_its_sentence(nlp: Language) -> None:
    # the parser leaves the opening marks on the sentence before
    text = "Mexico's future relies on North American integration. ''That's Mexico's vulnerability,'' said Anna Smith."
    assert [(q.text, q.speaker_name) for q in _find(nlp, text)] == [("That's Mexico's vulnerability", "Anna Smith")]


def test_quotes_precision_quoted_words_taken_for_the_subject_leave_the_name_after_the_quote(nlp: Language) -> None:
    text = (
        "“He would be a great mayor. Not good, great. One of the brightest members of the council,” "
        "Rep. Anna Smith (D-Md.) said in a phone interview."
    )
    (quote,) = _find(nlp, text)
    assert (quote.speaker_text, quote.speaker_name) == ("Rep. Anna Smith (D-Md.)", "Anna Smith")


def test_quotes_precision_speaker_before_the_cue_ends_before_it(nlp: Language) -> None:
    text = (
        "A majority of voters expect Anna Smith to win Monday's debate, the first of the season, "
        "at the town hall on Long Island -- 44 percent to 34 percent."
    )
    assert [q.speaker_text for q in _find(nlp, text)] == ["A majority of voters"]


def test_quotes_precision_named_description_does_not_hide_the_name_from_a_pronoun(nlp: Language) -> None:
    text = (
        "The campaign's communications director Anna Smith welcomed the move this evening. "
        "She told reporters: “We are glad to see that the review is over and that the matter is resolved.”"
    )
    assert [q.speaker_name for q in _find(nlp, text)] == ["Anna Smith"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will not close the school without a fight,” the letter reads.", "the letter"),
        ("“Did you close the bridge? It better not be closed,” she yells at the guard.", "she"),
    ],
)
def test_quotes_precision_read_and_yell_are_cues(nlp: Language, text: str, speaker: str) -> None:
    assert [q.speaker_text for q in _find(nlp, text)] == [speaker]


def test_quotes_precision_it_read_takes_the_writer_before_it(nlp: Language) -> None:
    text = (
        "Anna Smith said she was on the tram that morning. She posted a text message to her partner.\n\n"
        "It read: “The driver went round the bend far too fast and then hit the brakes.”"
    )
    quotes = [q for q in _find(nlp, text) if q.text.startswith("The driver")]
    assert [q.speaker_name for q in quotes] == ["Anna Smith"]


def test_quotes_precision_quote_left_open_has_no_tail_cue_in_the_next_quote(nlp: Language) -> None:
    text = (
        "Anna Smith said: “We heard a crash in the first carriage. “It went black and we were all thrown "
        "around. “One man beside me was screaming with his arm trapped outside the tram.”"
    )
    assert all(q.cue != "screaming" for q in _find(nlp, text))


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Anna Smith said that “the new bridge would open in May, as the council had promised long ago.”", "that “the"),
        ("Anna Smith said bridges “would open in May, as the council had promised long ago.”", "bridges “would"),
        ("Bridges “are the best thing that has happened to the town in many years,” Anna Smith said.", "Bridges “are"),
    ],
)
def test_quotes_precision_mixed_quote_starts_with_its_clause(nlp: Language, text: str, start: str) -> None:
    # PolNeAR content holds the whole reported clause, even when it is nearly all quoted; the
    # reporter's words make it a report, not a direct quote
    (quote,) = _find(nlp, text)
    assert quote.text.startswith(start) and quote.text.rstrip(".”").endswith(("ago", "years"))
    assert (quote.kind, quote.speaker_text) == ("reported", "Anna Smith")


def test_quotes_precision_quote_without_reporter_words_stays_direct(nlp: Language) -> None:
    (quote,) = _find(nlp, "Anna Smith said: “The new bridge will open in May, as the council had promised.”")
    assert (quote.kind, quote.text) == ("direct", "The new bridge will open in May, as the council had promised.")


def test_quotes_precision_possessive_speaker_after_a_quote_taken_for_its_subject(nlp: Language) -> None:
    text = "“My reaction, that was outrageous,” Obama's former campaign strategist said in an interview on Monday."
    assert [q.speaker_text for q in _find(nlp, text)] == ["Obama's former campaign strategist"]


def test_quotes_precision_second_clause_hung_on_the_cue_is_still_reported(nlp: Language) -> None:
    # the parser makes "was" a second clause of "said": the report runs to the end of the sentence
    text = (
        "But Smith said Jones has “enormous respect” for the town and his bridge comment was instead "
        "an expression of frustration with the plan the council has made."
    )
    (quote,) = _find(nlp, text)
    assert quote.text.startswith("Jones has") and quote.text.endswith("the council has made")


def test_quotes_precision_speaker_phrase_ends_with_a_whole_hyphenated_word(nlp: Language) -> None:
    text = "His ex-wife argued that since she is not running for office, she should not have to give up her privacy."
    assert [q.speaker_text for q in _find(nlp, text)] == ["His ex-wife"]


def test_quotes_precision_infinitive_report_starts_with_its_addressee(nlp: Language) -> None:
    (quote,) = _find(nlp, "The ads ask the candidates to make clean energy jobs a part of their economic plans.")
    assert quote.text == "the candidates to make clean energy jobs a part of their economic plans"
    assert quote.speaker_text == "The ads"


@pytest.mark.parametrize("connective", ["In fact", "However", "Still", "In addition"])
def test_quotes_precision_opening_connective_is_not_content(nlp: Language, connective: str) -> None:
    (quote,) = _find(nlp, f"{connective}, the new bridge will not open before the summer, Anna Smith said.")
    assert (quote.text, quote.speaker_text) == ("the new bridge will not open before the summer", "Anna Smith")


@pytest.mark.parametrize(
    "text",
    [
        "Anna Smith said the bridge would open in May, though she noted that the new road was not ready.",
        "Anna Smith said the town would pay for the bridge, calling it “the best thing that ever happened here.”",
    ],
)
def test_quotes_precision_trailing_aside_is_not_the_report(nlp: Language, text: str) -> None:
    quotes = _find(nlp, text)
    assert quotes[0].text in ("the bridge would open in May", "the town would pay for the bridge")


@pytest.mark.parametrize(("headline", "speaker"), [("Poll: Smith and Jones in dead heat before the debate.", "Poll")])
def test_quotes_precision_headline_label_naming_a_source(nlp: Language, headline: str, speaker: str) -> None:
    quotes = _find(nlp, f"{headline}\n\nThe race for mayor is close, with the vote a week away.")
    assert [(q.text, q.speaker_text) for q in quotes] == [(headline.split(": ", 1)[1], speaker)]
    # a label that names neither a person, a study nor an organisation says nothing
    assert _find(nlp, "Stealth Over Health: The mayor went to a clinic on Monday.\n\nShe is well.") == []


def test_quotes_precision_participle_aside_speaks_for_the_outer_report(nlp: Language) -> None:
    text = (
        "The Daily Star meanwhile says both Labour and Tory councillors are likely to be arguing for months over "
        'the costs of the bridge project, warning it will "further undermine the standing of whoever wins the vote '
        'in this deeply divided town".'
    )
    quotes = [q for q in _find(nlp, text) if "undermine" in q.text]
    assert [q.speaker_text for q in quotes] == ["The Daily Star"]


def test_quotes_precision_report_ends_at_a_semicolon(nlp: Language) -> None:
    text = "Anna Smith said the timing of the vote was not planned; the council only learned of it on Friday and told the press."
    assert [q.text for q in _find(nlp, text)] == ["the timing of the vote was not planned"]


def test_quotes_precision_long_lead_of_a_mostly_quoted_report(nlp: Language) -> None:
    # eight words between the cue and the quote mark: still the clause the cue reports
    text = (
        "Anna Smith said that the new plan for the old bridge “would cost the town far more than anyone on the "
        "council had feared when the vote was taken last spring, far more than the mayor had promised at the time, "
        "and far more than the families who live along the river can afford to pay this year.”"
    )
    (quote,) = _find(nlp, text)
    assert quote.text.startswith("that the new plan") and quote.speaker_text == "Anna Smith"


def test_quotes_precision_report_around_a_parenthetical_cue_is_two_polnear_parts(nlp: Language) -> None:
    text = "The museum, Anna Smith said, would make visitors face uncomfortable truths about the town."
    (quote,) = _find(nlp, text)  # the quote stays readable, its cue inside
    assert (quote.text, quote.speaker_text) == (text.rstrip("."), "Anna Smith")
    # PolNeAR content never holds the source or the cue: the mapping cuts them out
    (attribution,) = as_attributions([quote])
    assert [text[s:e].strip(", ") for s, e in attribution.content] == [
        "The museum",
        "would make visitors face uncomfortable truths about the town",
    ]
    text = "The museum, said Anna Smith, would make visitors face the truth"
    quote = Quote("d", 0, len(text), text, "reported", "Anna Smith", 17, 27, "Anna Smith", "said")
    (attribution,) = as_attributions([quote])
    assert [text[s:e].strip(", ") for s, e in attribution.content] == ["The museum", "would make visitors face the truth"]


def test_quotes_precision_mostly_quoted_report_whose_quote_has_no_cue(nlp: Language) -> None:
    # the words after the closing mark keep the tail cue from the quote; the report holds both
    text = (
        "Anna Smith spoke at the meeting on Monday. “The only way the council will ever change is if its "
        "members have to face the voters in the spring” for that, she said."
    )
    (quote,) = _find(nlp, text)
    assert quote.text.endswith("for that") and (quote.speaker_text, quote.speaker_name) == ("she", "Anna Smith")


@pytest.mark.parametrize("verb", ["blasted", "slammed", "condemned"])
def test_quotes_precision_condemning_verbs_report_their_object(nlp: Language, verb: str) -> None:
    (quote,) = _find(nlp, f"Anna Smith {verb} the council's bridge plan as a waste of money.")
    assert (quote.text, quote.speaker_text) == ("the council's bridge plan as a waste of money", "Anna Smith")


def test_quotes_precision_call_with_a_quoted_name_reports_it(nlp: Language) -> None:
    (quote,) = _find(nlp, "Anna Smith called the council's bridge plan “a disgrace for the whole town.”")
    assert quote.text.startswith("the council's bridge plan") and quote.speaker_text == "Anna Smith"
    # naming inside a clause ("what she called …") is no report of its own
    assert _find(nlp, "The mayor left before what Anna Smith called “a disgrace for the whole town.”") == []


def test_quotes_precision_subjectless_cue_conjoined_to_the_report_is_a_second_report(nlp: Language) -> None:
    text = "Anna Smith said the council would build a new bridge and warned that the old one was unsafe."
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("the council would build a new bridge", "Anna Smith"),
        ("that the old one was unsafe", "Anna Smith"),
    ]


def test_quotes_precision_speaker_ends_before_a_relative_clause_that_reports(nlp: Language) -> None:
    text = "“The bridge will open in May,” said Anna Smith, who noted that the council had approved the money."
    quote = next(q for q in _find(nlp, text) if q.text.startswith("The bridge"))
    assert quote.speaker_text == "Anna Smith"
    (kept,) = _find(nlp, "Anna Smith, who runs the museum, said the bridge would open in May.")
    assert kept.speaker_text == "Anna Smith, who runs the museum"


def test_quotes_precision_speaker_ends_before_how_it_spoke(nlp: Language) -> None:
    text = "“The bridge will open in May,” said a town official, who spoke on condition of anonymity."
    quote = next(q for q in _find(nlp, text) if q.text.startswith("The bridge"))
    assert quote.speaker_text == "a town official"


@pytest.mark.parametrize(
    "text",
    [
        "Anna Smith knew that the bridge would never open in May.",
        "Anna Smith believed the bridge would never open in May.",
        "Anna Smith feels that the bridge will never open in May.",
    ],
)
def test_quotes_precision_narrated_state_of_mind_is_no_attribution(nlp: Language, text: str) -> None:
    assert _find(nlp, text) == []


def test_quotes_precision_present_belief_is_still_an_attribution(nlp: Language) -> None:
    (quote,) = _find(nlp, "Anna Smith believes the bridge will open in May.")
    assert (quote.text, quote.speaker_text) == ("the bridge will open in May", "Anna Smith")


def test_quotes_precision_who_clause_ending_the_report_is_not_content(nlp: Language) -> None:
    (quote,) = _find(nlp, "Anna Smith said the bridge was designed by Tom Brown, who has built ten bridges in the state.")
    assert quote.text == "the bridge was designed by Tom Brown"


def test_quotes_precision_according_to_wraps_an_unquoted_report(nlp: Language) -> None:
    text = "According to the Daily Post, the mayor said that the new bridge would open in May."
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text, q.cue) for q in quotes] == [
        ("the mayor said that the new bridge would open in May", "the Daily Post", "According to")
    ]


def test_quotes_precision_according_to_leaves_a_quotation_to_its_speaker(nlp: Language) -> None:
    text = "“The bridge will open in May,” the mayor said, according to the Daily Post."
    quotes = _find(nlp, text)
    assert [q.speaker_text for q in quotes] == ["the mayor"]


@pytest.mark.parametrize(
    ("text", "speaker", "quoted"),
    [
        ("Senator Tom Baker branded the budget plan “a total disaster” on Monday.", "Tom Baker", "a total disaster"),
        ("Republicans rejected the budget plan as “totally inappropriate” on Monday.", "Republicans", "totally inappropriate"),
        ("In a letter, Senator Tom Baker again asserts the band’s right to “artistic freedom.”", "Tom Baker", "artistic freedom"),
    ],
)
def test_quotes_precision_quoted_words_in_an_actors_object_are_the_actors(
    nlp: Language, text: str, speaker: str, quoted: str
) -> None:
    quotes = _find(nlp, text)
    assert [q.speaker_name for q in quotes if quoted in q.text] == [speaker], [(q.text, q.speaker_name) for q in quotes]


@pytest.mark.parametrize(
    "text",
    [
        "Senator Tom Baker bought a “philanthropub” in the old town last year.",
        "The top Republican on the panel pointed to the “rosy picture” of the economy.",
        "The magazine quoted Senator Tom Baker saying that Canada was making a “big mistake” on trade.",
    ],
)
def test_quotes_precision_quoted_object_needs_a_speaking_actor(nlp: Language, text: str) -> None:
    """Not someone who bought a “…”, an unnamed "top Republican", nor a country inside another's report."""
    quotes = _find(nlp, text)
    assert not [q for q in quotes if q.speaker_name in ("Tom Baker", "top Republican", "Canada") and q.cue != "saying"], [
        (q.text, q.speaker_name, q.cue) for q in quotes
    ]


def test_quotes_precision_a_claim_noun_reports_its_that_clause(nlp: Language) -> None:
    quotes = _find(nlp, "Officials rejected Senator Tom Baker's claim that the bridge was unsafe.")
    assert [(q.text, q.speaker_name, q.cue) for q in quotes] == [("that the bridge was unsafe", "Tom Baker", "claim")]
    assert _find(nlp, "Officials rejected the claim that Tom Baker made about the bridge on Monday.") == []


def test_quotes_precision_being_sure_of_a_clause_is_a_belief(nlp: Language) -> None:
    quotes = _find(nlp, "Senator Ana Ruiz is confident that the bridge will open in May.")
    assert [(q.text, q.speaker_name, q.cue) for q in quotes] == [("that the bridge will open in May", "Ana Ruiz", "is confident")]
    assert _find(nlp, "Senator Ana Ruiz is confident on the bridge.") == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Senator Ana Ruiz denounced the new tax on fishing boats.", "the new tax on fishing boats"),
        ("Senator Ana Ruiz encouraged voters to back the bridge plan.", "voters to back the bridge plan"),
    ],
)
def test_quotes_precision_swept_stance_verbs_report_their_object(nlp: Language, text: str, content: str) -> None:
    assert [(q.text, q.speaker_name) for q in _find(nlp, text)] == [(content, "Ana Ruiz")]


@pytest.mark.parametrize(
    "text",
    [
        "Why it matters: Across the West, the combination of heat, drought and lightning threatens to ignite "
        "wildfires on Thursday.",
        "A decline in new cases signals that the summer wave is finally ebbing.",
    ],
)
def test_quotes_precision_a_thing_that_threatens_or_signals_says_nothing(nlp: Language, text: str) -> None:
    assert _find(nlp, text) == []


def test_quotes_precision_a_person_who_threatens_still_speaks(nlp: Language) -> None:
    quotes = _find(nlp, "One Republican threatened that the committee would subpoena the director.")
    assert [q.speaker_text for q in quotes] == ["One Republican"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The Centers for Disease Control and Prevention said the vaccine was safe for children.",
            "Centers for Disease Control and Prevention",
        ),
        ("According to the Bureau of Labor Statistics, the economy added 200,000 jobs in May.", "Bureau of Labor Statistics"),
        (
            "U.S. Customs and Border Protection said it had stopped 1,000 people at the border.",
            "U.S. Customs and Border Protection",
        ),
    ],
)
def test_quotes_precision_an_organisation_keeps_its_whole_name(nlp: Language, text: str, name: str) -> None:
    assert [q.speaker_name for q in _find(nlp, text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Pelosi to announce whether she will create a new committee\n\nThe vote is next week.",
        "Ana Ruiz plans to announce that the bridge will open in June.",
        "The mayor is expected to announce that the old ferry will stop running.",
    ],
)
def test_quotes_precision_words_to_come_are_not_words_said(nlp: Language, text: str) -> None:
    """An audit found a headline's plan ("Pelosi to announce whether …") given as Pelosi's words."""
    assert not [q for q in _find(nlp, text) if q.cue and "announce" in q.cue], _find(nlp, text)


def test_quotes_precision_words_said_after_appeared_to_stay(nlp: Language) -> None:
    quotes = _find(nlp, "Ana Ruiz appeared to suggest that the bridge would open in June.")
    assert any(q.cue and "suggest" in q.cue for q in quotes), quotes
