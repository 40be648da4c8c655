"""The spaCy pipeline crossread loads: what its own components add to the trained model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

CURLY = [
    "The trains bumped into each other but didn’t derail.",
    "The minister said he wouldn’t resign, and the party doesn’t want him to.",
    "“We can’t confirm it,” the spokesman said of the company’s report.",
]


@pytest.mark.parametrize("text", CURLY)
def test_analyze_curly_apostrophes_parse_as_straight_ones(nlp: Language, text: str) -> None:
    # en_core_web_sm learnt from straight apostrophes: "n’t" was read as punctuation, losing the negation
    curly, straight = nlp(text), nlp(text.replace("\u2019", "'"))
    assert curly.text == text  # the text itself is untouched
    assert [(t.dep_, t.head.i) for t in curly] == [(t.dep_, t.head.i) for t in straight]


def test_analyze_curly_negation_is_a_negation(nlp: Language) -> None:
    doc = nlp("The trains bumped into each other but didn\u2019t derail.")
    assert [t.head.lemma_ for t in doc if t.dep_ == "neg"] == ["derail"]


def test_a_line_break_always_starts_a_sentence(nlp: Language) -> None:
    doc = nlp("The ferry resumed service on Friday and\n\nthe harbour reopened. Crews cheered\nloudly.")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["The", "the", "Crews", "loudly"]  # after each line break, though the lines end mid-sentence


def test_a_sentence_never_opens_in_lower_case_within_a_line(nlp: Language) -> None:
    """An audit saw a title cut after "admin." ("Biden admin. | crafts booster plan"): its unit lost
    the subject. A lower-case word on the same line goes on the sentence; a line break or a word
    like "iPhone" still starts one."""
    from crossread.model import Document
    from crossread.stages.analyze import analyze_many

    text = "Gomez admin. drafts a new water plan for fall\n\nThe plan was drafted in May. iPhone sales fell."
    document = Document(id="d", source_path="d.txt", text=text, kind="text", title=text.split("\n")[0])
    sentences = [s.text for s in next(iter(analyze_many([document], nlp))).sentences]
    assert sentences == ["Gomez admin. drafts a new water plan for fall", "The plan was drafted in May.", "iPhone sales fell."]


def _bounds_token_by_token(doc: Doc, text: str) -> list[tuple[int, int]]:
    """``_sentence_bounds`` as it read the sentences before, one Token at a time: the reference."""
    bounds: list[tuple[int, int]] = []
    pending: int | None = None
    sentences = list(doc.sents)
    for i, sent in enumerate(sentences):
        start = sent.start_char if pending is None else pending
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        content = [t for t in sent if not t.is_space]
        content_end = content[-1].idx + len(content[-1]) if content else sent.start_char
        gap = text[content_end : following.start_char] if following is not None else "\n"
        same_line = "\n" not in gap and "\n" not in sent.text.strip()
        words = [t for t in sent if t.is_alpha or t.like_num or "." in t.text]
        fragment = len(words) <= 2 and not any(t.pos_ in ("VERB", "AUX") for t in sent)
        first = next((t for t in following if not t.is_space and not t.is_punct), None) if following is not None else None
        if same_line and (fragment or (first is not None and first.is_lower)):
            pending = start
            continue
        pending = None
        bounds.append((start, sent.end_char))
    return bounds


BOUNDARY_TEXTS = [
    "Gomez admin. drafts a new water plan for fall\n\nThe plan was drafted in May. iPhone sales fell.",
    "U.S. Secretary of Parks Dana Reyes toured the dam on Monday.  Crews said it held.\n\nWhy? No one knows.",
    "Yes. No. Maybe.\n \nThe council met at 9 a.m. and voted. \u201cWe agree,\u201d said Kim.  \n",
    "",
    "   \n\n  ",
    "!!! ?? ... \u201c\u201d -- . kids ran.\n\n\n",
    "Ok. then the mayor, Dr. Lee, spoke. 5. 6. 7 p.m. rain fell in the U.S. \n\n U.K. plans shift.",
]


@pytest.mark.parametrize("text", BOUNDARY_TEXTS)
def test_sentence_bounds_read_from_arrays_equal_those_read_token_by_token(nlp: Language, text: str) -> None:
    from crossread.stages.analyze import _sentence_bounds

    doc = nlp(text)
    assert _sentence_bounds(doc, text) == _bounds_token_by_token(doc, text)


def test_the_entities_read_once_give_what_each_pass_reads_for_itself(nlp: Language) -> None:
    """``analyze_parsed`` reads ``doc.ents`` once and hands it to every pass: the same dates, quotes, amounts and
    mentions as each pass reading the entities itself."""
    from crossread.model import Document
    from crossread.stages.analyze import _mentions, _sentences, analyze_parsed
    from crossread.stages.analyze.amounts import find_amounts
    from crossread.stages.analyze.dates import find_dates
    from crossread.stages.analyze.quotes import find_quotes

    text = (
        "Harbour plan wins backing\n\n"
        "Mayor Dana Reyes said on Tuesday that the council would spend $4.5 million on the harbour. "
        "\u201cWe will finish by May 3,\u201d Reyes told reporters in Portvale, adding that 120 jobs would follow.\n\n"
        "Ms. Reyes, a former engineer, said the 2019 storm cost the town 15% of its budget.\n\n"
        "Lee Park: The harbour plan is a costly mistake for everyone in Portvale."
    )
    document = Document(id="d", source_path="d.txt", text=text, kind="text", published="2021-04-02")
    doc = nlp(text)
    analyzed = analyze_parsed(doc, document)
    dates, evidence = find_dates(doc, document)
    assert analyzed.dates == tuple(dates) and analyzed.date_evidence == tuple(evidence)
    assert analyzed.quotes == tuple(find_quotes(doc, document, dates))
    assert analyzed.amounts == tuple(find_amounts(doc, document))
    assert analyzed.mentions == tuple(_mentions(doc, document, _sentences(doc, document)))
    assert analyzed.quotes and analyzed.amounts and analyzed.dates and analyzed.mentions  # every pass found something
