"""compare.quotes: how each source prints a quotation another prints too, and who printed it first."""

from __future__ import annotations

import pytest

from crossread.model import AnalyzedDocument, BriefQuote, Document, Quote
from crossread.stages.compare.quotes import _Words, compare_quotes


def _source(doc_id: str, said: str, published: str | None = None, kind: str = "direct") -> AnalyzedDocument:
    text = f"“{said},” the minister said."
    quote = Quote(doc_id, 1, 1 + len(said), said, kind, speaker_name="the minister")  # type: ignore[arg-type]
    return AnalyzedDocument(Document(doc_id, f"{doc_id}.txt", text, "text", published=published), quotes=(quote,))


def _quote_of(quotes: list[BriefQuote], doc_id: str) -> BriefQuote:
    return next(q for q in quotes if q.quote.doc_id == doc_id)


def test_compare_quotes_a_changed_word_is_an_altered_quotation_with_the_change_listed() -> None:
    quotes = compare_quotes(
        [_source("a", "We reject his visit and we will say so to his face"),
         _source("b", "We reject his message and we will say so to his face")],
        {}, None,
    )  # fmt: skip
    match = _quote_of(quotes, "a").same_as[0]
    assert (match.relation, match.changes) == ("altered", ("'visit' -> 'message'",))
    assert _quote_of(quotes, "b").same_as[0].changes == ("'message' -> 'visit'",)


@pytest.mark.parametrize(
    ("a", "b", "relation_from_a"),
    [
        ("We reject his visit and we will say so to his face", "We reject his visit", "trimmed"),
        ("We reject his visit", "We reject his visit and we will say so to his face", "fuller"),
        ("We talked to [Russian] President Putin for two hours", "We talked to President Putin for two hours", "verbatim"),
    ],
)
def test_compare_quotes_trimmed_fuller_and_editorial_brackets(a: str, b: str, relation_from_a: str) -> None:
    quotes = compare_quotes([_source("a", a), _source("b", b)], {}, None)
    assert [m.relation for m in _quote_of(quotes, "a").same_as] == [relation_from_a]


@pytest.mark.parametrize(
    ("a", "b", "relation_from_a"),
    [
        # a report around quoted words, and the same words quoted elsewhere: one quotation
        ('that "it is entirely the council\'s decision" to close the bridge', "Entirely the council's decision", "trimmed"),
        ("Entirely the council's decision", 'it was "entirely the council\'s decision" to close it', "verbatim"),
        ("So it is entirely the council's decision, and ours", "he called it 'entirely the council's decision' today", "trimmed"),
    ],
)
def test_compare_quotes_quoted_words_inside_a_report(a: str, b: str, relation_from_a: str) -> None:
    first, second = _source("a", a, kind="reported" if '"' in a else "direct"), _source("b", b, kind="reported")
    quotes = compare_quotes([first, second], {}, None)
    assert [m.relation for m in _quote_of(quotes, "a").same_as] == [relation_from_a]


def test_compare_quotes_quoted_words_of_two_speakers_or_a_short_phrase_are_no_match() -> None:
    sources = [_source("a", 'that "it is entirely the council\'s decision" today', kind="reported"),
               _source("b", 'it was "entirely the council\'s decision" then', kind="reported")]  # fmt: skip
    speakers = {sources[0].quotes[0].id: "e-mayor", sources[1].quotes[0].id: "e-clerk"}
    assert all(not q.same_as for q in compare_quotes(sources, speakers, None))
    phrase = [_source("a", 'she called the plan "a real mess" and left', kind="reported"),
              _source("b", 'he said the deal was "a real mess" overall', kind="reported")]  # fmt: skip
    assert all(not q.same_as for q in compare_quotes(phrase, {}, None))


def test_compare_quotes_altered_words_of_two_different_speakers_are_no_match() -> None:
    sources = [_source("a", "We reject his visit and we will say so to his face"),
               _source("b", "We reject his message and we will say so to his face")]  # fmt: skip
    speakers = {sources[0].quotes[0].id: "e-minister", sources[1].quotes[0].id: "e-envoy"}
    assert all(not q.same_as for q in compare_quotes(sources, speakers, None))


@pytest.mark.parametrize(
    ("published_a", "published_b", "first"),
    [
        ("2021-03-01", "2021-03-02", {"a"}),
        ("2021-03-02T09:00:00", "2021-03-02T08:00:00", {"b"}),
        ("2021-03-02", "2021-03-02T08:00:00", set()),  # one day, no time of day on one side: no order
        ("2021-03-01", None, set()),  # an undated source may have printed it first
    ],
)
def test_compare_quotes_printed_first_by_publication_date(published_a: str, published_b: str | None, first: set[str]) -> None:
    said = "We reject his visit and we will say so to his face"
    quotes = compare_quotes([_source("a", said, published_a), _source("b", said, published_b)], {}, None)
    assert {q.quote.doc_id for q in quotes if q.printed_first} == first


def test_a_reported_statement_is_shown_from_its_first_own_word() -> None:
    """A fresh audit found "that Republicans will oppose …" in most of the 10 wrong boundaries of 43 quotes."""
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    text = "The leader said that his party will oppose the plan. He said that was a mistake."
    opened = text.index("that his")
    reported = Quote("d", opened, text.index("."), text[opened : text.index(".")], "reported", speaker_text="The leader")
    shown = as_shown(reported)
    assert shown.text == "his party will oppose the plan" and text[shown.start : shown.end] == shown.text
    subject = text.index("that was")
    demonstrative = Quote("d", subject, len(text) - 1, text[subject:-1], "reported", speaker_text="He")
    assert as_shown(demonstrative) == demonstrative  # "that" is what was said to be a mistake
    direct = Quote("d", opened, text.index("."), text[opened : text.index(".")], "direct")
    assert as_shown(direct) == direct  # words in quotation marks are shown as printed


def test_what_someone_called_a_thing_is_shown_as_the_words_quoted() -> None:
    """A fresh audit saw 'it "liberating' and 'the flooding…"historic weather event"' shown as the quotes."""
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    text = 'The mayor called it "a historic storm" on Monday.'
    start = text.index("it")
    reported = Quote("d", start, text.index(" on"), text[start : text.index(" on")], "reported", "The mayor", cue="called")
    shown = as_shown(reported)
    assert shown.text == "a historic storm" and text[shown.start : shown.end] == shown.text
    said = Quote("d", start, text.index(" on"), text[start : text.index(" on")], "reported", "The mayor", cue="said")
    assert as_shown(said) == said


def test_the_words_quoted_may_close_after_the_span() -> None:
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    text = 'The governor described the storm as a "historic weather event".'
    start = text.index("the storm")
    end = text.index('".')
    shown = as_shown(Quote("d", start, end, text[start:end], "reported", "The governor", cue="described"))
    assert shown.text == "historic weather event" and text[shown.start : shown.end] == shown.text


def test_what_someone_praised_or_condemned_is_no_statement_of_theirs() -> None:
    """A fresh audit counted 'unknown speaker: "Belarus"' (cue: condemns) and 'Senate Republicans: "Joe
    Manchin for his insistence …"' (cue: praising) as quotes that are none."""
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    def reported(text: str, words: str, cue: str) -> Quote:
        start = text.index(words)
        return Quote("d", start, start + len(words), words, "reported", "They", cue=cue)

    text = "Leaders condemned the junta for the arrest of a reporter."
    assert as_shown(reported(text, "the junta for the arrest of a reporter", "condemned")) is None
    text = 'Senators rejected the bill as "totally inappropriate" on Monday.'
    shown = as_shown(reported(text, 'the bill as "totally inappropriate"', "rejected"))
    assert shown is not None and shown.text == "totally inappropriate" and text[shown.start : shown.end] == shown.text
    text = "The mayor urged that schools stay open."
    shown = as_shown(reported(text, "that schools stay open", "urged"))
    assert shown is not None and shown.text == "schools stay open"


def test_a_poll_share_a_knowing_writer_and_what_a_thing_shows_are_no_statements() -> None:
    """Audit G: 'just 41 percent: "they planned to vote yes"', 'Biden, knowing he'll soon have to bow …',
    'The launches show the North has continued …' and an estimate that "called for 350,000" were listed as quotes."""
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    def reported(words: str, cue: str, speaker: str, kind: str | None = None) -> Quote:
        return Quote("d", 0, len(words), words, "reported", speaker_text=speaker, cue=cue, speaker_kind=kind)  # type: ignore[arg-type]

    assert as_shown(reported("they planned to vote yes", "said", "just 41 percent")) is None
    assert as_shown(reported("they planned to vote yes", "said", "the pollster", "organisation")) is not None
    assert as_shown(reported("he will soon have to bow to the blockade", "knowing", "The president", "person")) is None
    assert as_shown(reported("the regime has kept building arms", "show", "The launches", "group")) is None
    assert as_shown(reported("claims rose to 419,000", "showed", "Labor Department data", "organisation")) is not None
    assert as_shown(reported("350,000 new applications", "called", "The median estimate", "document")) is None
    assert as_shown(reported("the withdrawal", "defends", "The secretary", "person")) is None


def test_what_someone_cites_and_words_no_one_is_named_for_are_no_statements() -> None:
    """Audit I: 'The newspaper: people familiar with the matter' (cue: citing) and 'unknown speaker: women have
    a right' (what a ruling recognized) were listed as quotes."""
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    cited = Quote("d", 0, 34, "people familiar with the matter", "reported", "The newspaper", cue="citing")
    assert as_shown(cited) is None
    reason = Quote("d", 0, 44, "a lack of legal authority to take the action", "reported", "The agency", cue="citing")
    assert as_shown(reason) == reason  # a reason cited is what the agency said
    nobody = Quote("d", 0, 30, "women have a right to choose", "reported", cue="recognized")
    assert as_shown(nobody) is None
    named = Quote("d", 0, 30, "women have a right to choose", "reported", "The judge", cue="said", speaker_kind="person")
    assert as_shown(named) == named


def test_a_quotation_is_shown_without_its_own_quote_marks() -> None:
    """Audit G saw '““semiconductors … age.””': the shown span kept the marks the brief prints again."""
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    text = "He predicted that \u201cchips would be the oil of the age.\u201d Then he left."
    start, end = text.index("that"), text.index("\u201d") + 1
    shown = as_shown(Quote("d", start, end, text[start:end], "reported", "The bank", cue="predicted"))
    assert (
        shown is not None and shown.text == "chips would be the oil of the age." and text[shown.start : shown.end] == shown.text
    )
    cut = text.index("\u201d")
    shown = as_shown(Quote("d", start, cut, text[start:cut], "reported", "The bank", cue="predicted"))
    assert (
        shown is not None and shown.text == "chips would be the oil of the age." and text[shown.start : shown.end] == shown.text
    )


def test_a_worry_a_hope_and_a_request_are_no_statements() -> None:
    """Audit H: "worried the comment might upset …", "hoping to be let in …", "asked the court to step into …",
    and "expect the law to face …" were listed as quotations."""
    from crossread.model import Quote
    from crossread.stages.compare.quotes import as_shown

    def quote(words: str, cue: str, kind: str = "reported") -> Quote:
        return Quote("d", 0, len(words), words, kind, speaker_text="the envoy", cue=cue, speaker_kind="person")  # type: ignore[arg-type]

    assert as_shown(quote("the remark might upset an old friend", "worried")) is None
    assert as_shown(quote("to be let in so they could leave", "hoping")) is None
    assert as_shown(quote("the law to face challenges in court", "expect")) is None
    assert as_shown(quote("the judges to step into the case", "asked")) is None
    assert as_shown(quote("whether the talks would resume", "asked")) is not None  # what was asked is said


def test_compare_quotes_copies_of_a_quotation_are_compared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from crossread.stages.compare import quotes as quotes_module

    asked: list[tuple[str, str]] = []
    relation = quotes_module.directed_relation

    def counted(quote: Quote, other: Quote, *rest: object) -> object:
        asked.append((quote.doc_id, other.doc_id))
        return relation(quote, other, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(quotes_module, "directed_relation", counted)
    said, changed = "We reject his visit and we will say so to his face", "We reject his message and we will say so to his face"
    sources = [_source("a", said), _source("b", changed), _source("b2", changed), _source("b3", changed)]  # b2, b3 copy b
    found = compare_quotes(sources, {}, None)
    assert len(asked) == 2 + 1  # a -> b (b2 and b3 the same question), b -> a, and b -> b2 (verbatim): b2, b3 ask nothing new
    changes = {m.quote: (m.relation, m.changes) for m in _quote_of(found, "a").same_as}
    assert len(changes) == 3 and set(changes.values()) == {("altered", ("'visit' -> 'message'",))}
    assert [m.relation for m in _quote_of(found, "b3").same_as] == ["altered", "verbatim", "verbatim"]


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("taxes will rise next year", "taxes will rise next year", "verbatim"),
        ("taxes will rise", "we said taxes will rise next year", "trimmed"),
        ("taxes will rise sharply", "taxes will climb sharply", "paraphrased"),  # 3 shared of 5 content words
        ("taxes will rise sharply", "spending will climb", None),
        ("", "taxes will rise", None),
    ],
)
def test_compare_quotes_relation_and_its_cheap_test(a: str, b: str, relation: str | None) -> None:
    from crossread.stages.compare.quotes import _may_relate_all, _relation, _Words

    x, y = _Words.of(a), _Words.of(b)
    assert _relation(x, y) == relation
    shared = bool(x.content & y.content) or x.joined in y.joined or y.joined in x.joined
    assert (1 in _may_relate_all([x, y], ["a", "b"])[0][0]) is shared


def test_compare_quotes_altered_bound_never_drops_a_pair_difflib_would_keep() -> None:
    import random

    from crossread.stages.compare.quotes import ALTERED_RATIO, _may_be_altered, word_changes

    rnd = random.Random(5)
    words = ["we", "will", "not", "accept", "this", "deal", "now", "ever"]
    for _ in range(2000):
        a = [rnd.choice(words) for _ in range(rnd.randint(4, 12))]
        b = [rnd.choice(words) for _ in range(rnd.randint(4, 12))] if rnd.random() < 0.5 else [*a[:-1], rnd.choice(words)]
        ratio, _changes = word_changes(a, b)
        assert _may_be_altered(a, b) or ratio < ALTERED_RATIO
    assert _may_be_altered(["we", "will", "not", "go"], ["we", "will", "not", "go"])
    assert not _may_be_altered(["we", "will", "not", "go"], ["they", "never", "said", "that"])


def _may_relate(x: _Words, y: _Words) -> bool:
    """The pair-by-pair test ``_may_relate_all`` replaced (the reference it is checked against): shared content
    words, or one quotation's words inside the other's."""
    return not x.content.isdisjoint(y.content) or x.joined in y.joined or y.joined in x.joined


def test_compare_quotes_pairs_indexed_are_the_pairs_may_relate_keeps() -> None:
    import random

    from crossread.stages.compare.quotes import _may_relate_all, _Words

    rnd = random.Random(11)
    pieces = ["taxes", "tax", "will", "rise", "arise", "we", "no", "never", "again", "a", ""]
    for _ in range(300):
        texts = [" ".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 5))) for _ in range(rnd.randint(1, 8))]
        docs = [rnd.choice("abc") for _ in texts]
        words = [_Words.of(t) for t in texts]
        related, nested = _may_relate_all(words, docs)
        for k, x in enumerate(words):
            others = [m for m, y in enumerate(words) if docs[m] != docs[k] and _may_relate(x, y)]
            assert related[k] == others, (texts, k)
            held = {m for m, y in enumerate(words) if x.joined in y.joined or y.joined in x.joined}
            assert nested[k] == held, (texts, k)


def test_compare_quotes_two_speakers_sharing_only_some_words_are_never_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    from crossread.stages.compare import quotes as quotes_module

    asked: list[tuple[str, str]] = []
    relation = quotes_module.directed_relation

    def counted(quote: Quote, other: Quote, *rest: object) -> object:
        asked.append((quote.doc_id, other.doc_id))
        return relation(quote, other, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(quotes_module, "directed_relation", counted)
    sources = [
        _source("a", "The harbour bridge will reopen next spring"),
        _source("b", "The harbour bridge will reopen next spring"),
        _source("c", "Nobody trusts the harbour authority anymore"),
    ]
    speakers = {sources[0].quotes[0].id: "e1", sources[1].quotes[0].id: "e1", sources[2].quotes[0].id: "e2"}
    found = compare_quotes(sources, speakers, None)
    # a and b: the same speaker (and words); c shares "harbour" with them, but another speaker's
    # quotation relates only when the words of one hold the other's: never asked
    assert asked == [("a", "b")]  # b -> a asks the same question (the same words)
    assert [m.relation for m in _quote_of(found, "a").same_as] == ["verbatim"]
    assert _quote_of(found, "c").same_as == ()
