"""quotes: the bundled example's quotations, one synthetic case per pattern, and PolNeAR scores."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import shared_data
from crossread.evaluation.attribution import (
    Article,
    Attribution,
    as_attributions,
    crossread_attributions,
    load_polnear,
    matches,
    read_ann,
    regex_baseline,
    score_attributions,
    words_in,
)
from crossread.model import DateMention, Document, Quote, QuoteKind, RawDocument
from crossread.stages.analyze.cues import CueModel, load_cues
from crossread.stages.analyze.quotes import CUE_VERBS, STANCE_VERBS, find_quotes
from crossread.stages.extract import collect_line_stats, extract
from crossread.stages.sources import read_sources

# F1 floors for PolNeAR test/ (84 articles). The finder was tuned on train/ and dev/ only;
# on 2026-11-25 test/ measured content exact 0.469 / partial 0.577, speaker exact 0.536 /
# partial 0.545; on 2026-12-02 (stance-verb objects, signed and continued quotes, headline
# labels, tweets, cleaner speaker spans) content 0.489 / 0.601, speaker 0.569 / 0.581; on 2026-12-03
# (two-apostrophe marks, transcripts, participle cues, "X continued:") content 0.497 / 0.606,
# speaker 0.579 / 0.588 (the "X said" regex baseline: 0.091 / 0.170 / 0.146 / 0.166); on 2026-12-06
# (speaker precision: no "that"/object-pronoun/asked-about speakers, datelines, titles, parenthetical
# cues only after a comma; "call for", "quoted X as saying", "read"/"yell") content 0.504 / 0.614,
# speaker 0.590 / 0.599 (speaker exact P 0.817, R 0.462; a second human annotator of PolNeAR's 20
# doubly annotated articles reaches speaker exact F1 0.74 at P 0.74 against the first); later on
# 2026-12-06 (mixed quotes from their clause, parenthetical speaker and cue cut out of PolNeAR
# content, trailing asides, "call X “Y”", "blast"/"slam"/"condemn") content 0.534 / 0.628,
# speaker 0.605 / 0.613 (speaker exact P 0.831, R 0.476); with learned cues (2026-12-06, stop 26)
# content 0.537 / 0.629, speaker 0.609 / 0.617 (P 0.833, R 0.480). Floors sit just below; raise them
# when the finder improves, never lower them.
POLNEAR_FLOORS = {
    "content_exact": 0.53,
    "content_partial": 0.62,
    "speaker_exact": 0.60,
    "speaker_partial": 0.61,
}


@pytest.fixture(scope="module")
def example_quotes(nlp: Language, example_dir: Path) -> dict[str, tuple[Document, list[Quote]]]:
    """The example's documents, cleaned as the pipeline cleans them, with their quotes."""
    raws = [r for r in read_sources([example_dir]) if isinstance(r, RawDocument)]
    stats = collect_line_stats(raws)
    result = {}
    for raw in raws:
        document = extract(raw, stats)
        result[Path(raw.source_path).name[:3]] = (document, find_quotes(nlp(document.text), document, []))
    return result


def _quote_starting(quotes: list[Quote], opening: str) -> Quote:
    found = [q for q in quotes if q.text.startswith(opening)]
    assert found, f"no quote starts with {opening!r}; found {[q.text[:40] for q in quotes]}"
    return found[0]


@pytest.mark.parametrize(
    ("opening", "kind", "speaker_name"),
    [
        ("We would welcome a more active role", "direct", "Vladimir Makei"),
        ("Belarus might not be a perfect country", "direct", "Vladimir Makei"),
        ("We are working on it", "direct", "Vladimir Makei"),
        ("We have been unambiguous", "direct", "Michael Pompeo"),
        ("Our energy producers are ready", "direct", "Michael Pompeo"),
        ("Belarus has high hopes", "reported", "Vladimir Makei"),
        ("that Belarus and the U.S. may counter", "reported", "Vladimir Makei"),
    ],
)
def test_quotes_example_speakers_and_kinds(
    example_quotes: dict[str, tuple[Document, list[Quote]]], opening: str, kind: str, speaker_name: str
) -> None:
    _, quotes = example_quotes["003"]
    quote = _quote_starting(quotes, opening)
    assert (quote.kind, quote.speaker_name) == (kind, speaker_name)


def test_quotes_example_missing_opening_mark_starts_at_paragraph(example_quotes: dict[str, tuple[Document, list[Quote]]]) -> None:
    document, quotes = example_quotes["003"]
    quote = _quote_starting(quotes, "We are working on it")
    assert document.text[quote.start - 2 : quote.start] == "\n\n"
    assert quote.speaker_text == "he" and quote.cue == "added"


def test_quotes_example_epigraph_is_dated(example_quotes: dict[str, tuple[Document, list[Quote]]]) -> None:
    _, quotes = example_quotes["000"]
    quote = _quote_starting(quotes, "The United States is a steadfast supporter")
    assert (quote.kind, quote.speaker_name, quote.said_on) == ("epigraph", "Michael Pompeo", "2019-07-03")
    assert quote.said_on_evidence is not None and "July 3, 2019" in quote.said_on_evidence


def test_quotes_example_spans_point_into_the_text(example_quotes: dict[str, tuple[Document, list[Quote]]]) -> None:
    for document, quotes in example_quotes.values():
        assert quotes
        for quote in quotes:
            assert document.text[quote.start : quote.end] == quote.text
            if quote.speaker_start is not None and quote.speaker_end is not None:
                assert document.text[quote.speaker_start : quote.speaker_end] == quote.speaker_text


def _find(nlp: Language, text: str, dates: tuple[DateMention, ...] = ()) -> list[Quote]:
    document = Document(id="d1", source_path="synthetic", text=text, kind="text")
    return find_quotes(nlp(text), document, dates)


@pytest.mark.parametrize(
    ("text", "content", "kind", "speaker_name"),
    [
        ("“We will build the bridge next year,” Anna Smith said.", "We will build the bridge next year", "direct", "Anna Smith"),
        ('"We will build the bridge next year," said Anna Smith.', "We will build the bridge next year", "direct", "Anna Smith"),
        ("Anna Smith said: “We will build the bridge next year.”", "We will build the bridge next year.", "direct", "Anna Smith"),
        ("''We will build the bridge soon,'' Anna Smith said.", "We will build the bridge soon", "direct", "Anna Smith"),
        (
            "''We will build the bridge,'' Anna Smith said. ''It will open in May and the town will love it.''",
            "It will open in May and the town will love it.",
            "split",
            "Anna Smith",
        ),
        ("“Part one of the plan,” Anna Smith said, “is the new bridge.”", "is the new bridge.", "split", "Anna Smith"),
        (
            "The mayor Anna Smith said that the bridge would open in May.",
            "that the bridge would open in May",
            "reported",
            "Anna Smith",
        ),
        ("The bridge will open in May, Mayor Anna Smith said.", "The bridge will open in May", "reported", "Anna Smith"),
        ("According to Anna Smith, the bridge will open in May.", "the bridge will open in May", "reported", "Anna Smith"),
        ("Anna Smith believes that the bridge will open in May.", "that the bridge will open in May", "reported", "Anna Smith"),
        (
            "The bridge is the only way forward. Such a view was voiced by Anna Smith.",
            "The bridge is the only way forward",
            "reported",
            "Anna Smith",
        ),
        (
            "Mayor Anna Smith visited the site.\n\nThe city needs the bridge and we will build it,” she added.",
            "The city needs the bridge and we will build it",
            "direct",
            "Anna Smith",
        ),
        (
            "Transport Minister Anna Smith arrived. The minister said that the bridge would open in May.",
            "that the bridge would open in May",
            "reported",
            "Anna Smith",
        ),
        (
            "U.S. Secretary of State Anna Smith arrived. The Secretary said that the talks had gone very well.",
            "that the talks had gone very well",
            "reported",
            "Anna Smith",
        ),
        (
            "Anna Smith met the press on Monday. She said that the bridge would open in May.",
            "that the bridge would open in May",
            "reported",
            "Anna Smith",
        ),
        (
            "This bridge, Anna Smith says, is the best thing that happened to the town.",
            "This bridge, Anna Smith says, is the best thing that happened to the town",
            "reported",
            "Anna Smith",
        ),
        ("Mayor Anna Smith: We will build the bridge next year.", "We will build the bridge next year.", "direct", "Anna Smith"),
        (
            "“The bridge will change this town for good.”\n\n— Mayor Anna Smith, 4 May 2021",
            "The bridge will change this town for good.",
            "epigraph",
            "Anna Smith",
        ),
    ],
)
def test_quotes_pattern(nlp: Language, text: str, content: str, kind: str, speaker_name: str) -> None:
    found = {q.text: q for q in _find(nlp, text)}
    assert content in found, f"expected {content!r}, found {list(found)}"
    assert (found[content].kind, found[content].speaker_name) == (kind, speaker_name)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Anna Smith reminded voters that the bridge would open in May.", "reminded"),
        ("Anna Smith clarified that the bridge would open in May.", "clarified"),
    ],
)
def test_quotes_learned_cue_reports_its_clause(nlp: Language, text: str, cue: str) -> None:
    lemma = {"reminded": "remind", "clarified": "clarify"}[cue]
    assert lemma not in CUE_VERBS | STANCE_VERBS  # no lexicon lists it: the learned model reads it
    (quote,) = _find(nlp, text)
    assert (quote.kind, quote.cue, quote.speaker_name) == ("reported", cue, "Anna Smith")
    assert quote.text == "that the bridge would open in May"


def test_quotes_learned_cues_need_a_lemma_seen_as_a_cue(nlp: Language) -> None:
    doc = nlp("Anna Smith reminded voters that the bridge would open in May.")
    verb = next(t for t in doc if t.lower_ == "reminded")
    assert load_cues().may_be_cue(verb)
    assert not CueModel({}, 0.0, frozenset(), {"clause": 0.5}).may_be_cue(verb)
    assert not CueModel(load_cues().weights, load_cues().bias, frozenset({"remind"}), {}).is_cue(verb, doc[1])


def test_quotes_participle_cue_reports_its_complement_not_the_clause_it_follows(nlp: Language) -> None:
    quotes = _find(nlp, "Anna Smith toured the new bridge on Monday, saying it would open in May.")
    assert [q.text for q in quotes] == ["it would open in May"]
    assert _find(nlp, "Anna Smith opened the new bridge on Monday, adding a few words of thanks.") == []


def test_quotes_parenthetical_cue_keeps_the_opening_clause(nlp: Language) -> None:
    # PolNeAR content holds an opening clause before a parenthetical cue (the cue itself is cut out)
    text = "Although the winter was hard, Anna Smith added, the workers kept to the plan."
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_name) for q in quotes] == [(text.rstrip("."), "Anna Smith")]
    (attribution,) = as_attributions(quotes)
    assert [text[s:e].strip(", ") for s, e in attribution.content] == [
        "Although the winter was hard",
        "the workers kept to the plan",
    ]


def test_quotes_transcript_paragraphs_opened_by_a_quote_mark(nlp: Language) -> None:
    text = (
        'Part of the transcript follows:\n\n"HOST: Will the bridge open on time this year?\n\n'
        '"SMITH: Yes, we will open the bridge in May and the town will be glad.'
    )
    found = [(q.text, q.speaker_text) for q in _find(nlp, text)]
    assert found == [
        ("Will the bridge open on time this year?", "HOST"),
        ("Yes, we will open the bridge in May and the town will be glad.", "SMITH"),
    ]


def test_quotes_speaker_phrase_keeps_both(nlp: Language) -> None:
    (quote,) = _find(nlp, "Both Anna Smith and Tom Brown said that the bridge would open in May.")
    assert quote.speaker_text == "Both Anna Smith and Tom Brown"


def test_quotes_speaker_is_never_a_quoted_word(nlp: Language) -> None:
    # the parser takes "Boise" for the subject of "said"; the speaker is the name after the quote
    text = "The town was quiet. “Just like Portland. Or Boise,”\u00a0Smith said.\u00a0“The streets are empty.”"
    quotes = _find(nlp, text)
    assert [(q.text, q.speaker_text) for q in quotes if "streets" in q.text] == [("The streets are empty.", "Smith")]
    assert all(q.speaker_start is None or "Boise" not in (q.speaker_text or "") for q in quotes)


def test_quotes_cue_paragraph_ending_in_a_colon_introduces_the_next(nlp: Language) -> None:
    text = (
        "The mayor spoke to the council on Monday.\n\nAnna Smith continued:\n\n"
        "“The bridge will open in May and the town will finally be connected.”"
    )
    (quote,) = _find(nlp, text)
    assert (quote.kind, quote.speaker_name, quote.cue) == ("direct", "Anna Smith", "continued")
    # a colon without a cue verb introduces a list, not a speaker
    assert _find(nlp, "The report lists three goals:\n\n“Safer roads, cleaner air and a bridge that lasts a century.”") == []


def test_quotes_speaker_phrase_leaves_out_when(nlp: Language) -> None:
    (quote,) = _find(nlp, "According to a city survey on Tuesday, most residents want the new bridge.")
    assert (quote.text, quote.speaker_text) == ("most residents want the new bridge", "a city survey")


def test_quotes_split_parts_share_speaker(nlp: Language) -> None:
    quotes = _find(nlp, "“Part one of the plan,” Anna Smith said, “is the new bridge.”")
    assert [q.kind for q in quotes] == ["split", "split"]
    assert len({(q.speaker_start, q.speaker_end) for q in quotes}) == 1


def test_quotes_short_scare_quote_is_not_a_quote(nlp: Language) -> None:
    assert _find(nlp, "Anna Smith visited the so-called “bridge to nowhere” on Monday.") == []


def test_quotes_said_on_comes_from_a_dates_entry(nlp: Language) -> None:
    text = "“We will build the bridge next year,” Anna Smith said on Monday."
    monday = text.index("Monday")
    dates = (DateMention("d1", monday, monday + 6, "Monday", "2021-05-03", ("weekday before the publication date",)),)
    (quote,) = _find(nlp, text, dates)
    assert quote.said_on == "2021-05-03" and quote.said_on_evidence is not None
    assert _find(nlp, text)[0].said_on is None


def test_quotes_epigraph_date_and_speaker(nlp: Language) -> None:
    (quote,) = _find(nlp, "“The bridge will change this town for good.”\n\n— Mayor Anna Smith, 4 May 2021")
    assert (quote.said_on, quote.speaker_text) == ("2021-05-04", "Mayor Anna Smith")


# the scorer ---------------------------------------------------------------------------------------


def test_quote_eval_match_definitions() -> None:
    text = "“We will build it,” she said."
    gold = words_in(text, ((0, 19),))  # with the marks and comma: same words
    assert matches(gold, words_in(text, ((1, 17),)), exact=True)
    assert matches(gold, words_in(text, ((1, 10),)), exact=False)  # 2 of 4 words: half
    assert not matches(gold, words_in(text, ((1, 3),)), exact=False)


def test_quote_eval_reads_brat_events(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 13;14 18\tx\nT4\tAttribution 4 8\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nE2\tAttribution-no-source:T4 Content:T3 Cue:T2\n",
        encoding="utf-8",
    )
    assert read_ann(ann) == (Attribution(((9, 13), (14, 18)), ((0, 3),)), Attribution(((9, 13), (14, 18)), ()))


def test_quote_eval_reads_every_piece_of_a_numbered_role(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 3\tAnn\nT2\tContent 9 13\tx\nT3\tContent 20 24\ty\nT4\tAttribution 4 8\tsaid\n"
        "E1\tAttribution:T4 Content:T2 Content2:T3 Source:T1\n",
        encoding="utf-8",
    )
    assert read_ann(ann) == (Attribution(((9, 13), (20, 24)), ((0, 3),)),)


def test_quote_eval_quoted_parts_of_one_speaker_mention_form_one_attribution() -> None:
    def quote(start: int, kind: QuoteKind, speaker: tuple[int, int] | None = (100, 104), text: str = "words") -> Quote:
        first, last = speaker or (None, None)
        return Quote("d", start, start + 5, text, kind, speaker_start=first, speaker_end=last)

    # “A,” X said, adding that B. “C”: A and C are one attribution, the report of B another
    found = as_attributions([quote(0, "direct"), quote(10, "reported"), quote(20, "direct")])
    assert [a.content for a in found] == [((0, 5), (20, 25)), ((10, 15),)]
    # a plain report opens nothing; a mixed one (quoted words inside) does
    assert len(as_attributions([quote(0, "reported"), quote(20, "direct")])) == 2
    assert len(as_attributions([quote(0, "reported", text="A “b c”"), quote(20, "direct")])) == 1
    # a quoted part with a cue of its own is an attribution of its own: “A,” X said, adding, “C”
    said, adding = replace(quote(0, "direct"), cue="said"), replace(quote(20, "direct"), cue="adding")
    assert len(as_attributions([said, adding])) == 2
    assert len(as_attributions([said, replace(adding, cue="said")])) == 1
    assert len(as_attributions([said, replace(adding, cue=None)])) == 1
    # another speaker mention in between closes the attribution
    assert len(as_attributions([quote(0, "direct"), quote(10, "reported", (200, 204)), quote(20, "direct")])) == 3


def test_quote_eval_scores_a_perfect_prediction() -> None:
    article = Article("a", "Ann said it rains today.", (Attribution(((9, 23),), ((0, 3),)),))
    scores = score_attributions([article], [list(article.gold)])
    assert all(c.f1 == 1.0 for c in scores.values())
    assert score_attributions([article], [regex_baseline(article.text)])["speaker_exact"].f1 == 1.0


# PolNeAR ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_quotes_polnear_scores_beat_the_said_baseline(nlp: Language) -> None:
    articles = load_polnear(shared_data("polnear"), "test")
    assert len(articles) == 84
    ours = score_attributions(articles, crossread_attributions(nlp, articles))
    baseline = score_attributions(articles, [regex_baseline(a.text) for a in articles])
    report = "; ".join(f"{k}: crossread {ours[k]} baseline {baseline[k]}" for k in ours)
    for key, floor in POLNEAR_FLOORS.items():
        assert ours[key].f1 >= floor, report
        assert ours[key].f1 > baseline[key].f1, report
