"""compare.units reads a parse's arrays once: the attributes its tokens give, the entities ``at`` finds (made-up text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crossread.model import Entity

TEXT = (
    "The  mayor of Eastbrook didn't approve the new bridge plan on Tuesday;\n\nofficials said it would cost $4 million, "
    "and   residents denied the report.  "
)


def test_units_parse_arrays_match_the_tokens(nlp: Language) -> None:
    from crossread.stages.compare.units import ParseArrays

    doc = nlp(TEXT)
    parse = ParseArrays(doc)
    assert parse.idx == [t.idx for t in doc]
    assert parse.end == [t.idx + len(t) for t in doc]
    assert parse.lemma == [t.lemma_.lower() for t in doc]
    assert parse.pos == [t.pos_ for t in doc]
    assert parse.dep == [t.dep_ for t in doc]
    assert parse.head == [t.head.i for t in doc]
    assert parse.stop == [t.is_stop for t in doc]
    assert parse.alpha == [t.is_alpha for t in doc]
    assert parse.like_num == [t.like_num for t in doc]
    assert [parse.tag[t.i] for t in doc] == [t.tag_ for t in doc]
    assert [parse.lower[t.i] for t in doc] == [t.lower_ for t in doc]
    assert [parse.children(t.i) for t in doc] == [[c.i for c in t.children] for t in doc]


def test_units_parse_arrays_of_an_empty_parse(nlp: Language) -> None:
    from crossread.stages.compare.units import ParseArrays

    parse = ParseArrays(nlp(""))
    assert parse.idx == parse.end == parse.lemma == []


@settings(max_examples=200, deadline=None, database=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 120), st.integers(0, 30)), max_size=30),
    lengths=st.lists(st.tuples(st.integers(1, 9), st.integers(0, 2)), max_size=40),
)
def test_units_mentions_per_token_are_what_at_finds(spans: list[tuple[int, int]], lengths: list[tuple[int, int]]) -> None:
    from crossread.stages.compare.units import MentionIndex

    mentions = [(start, start + length, Entity(f"e{i}", f"n{i}", "PERSON", (), ())) for i, (start, length) in enumerate(spans)]
    starts, ends, offset = [], [], 0
    for length, space in lengths:  # tokens in order, each followed by some spaces
        starts.append(offset)
        ends.append(offset + length)
        offset += length + space
    index = MentionIndex(mentions)
    assert index.per_token(starts, ends) == [index.at(s, e) for s, e in zip(starts, ends, strict=True)]


def test_units_parse_arrays_char_span_is_spacys_expanded_span(nlp: Language) -> None:
    from crossread.stages.compare.units import ParseArrays

    doc = nlp(TEXT)
    parse = ParseArrays(doc)
    for start in range(len(TEXT) + 2):
        for end in range(start, len(TEXT) + 2):
            span = doc.char_span(start, end, alignment_mode="expand")
            assert parse.char_span(start, end) == (None if span is None else (span.start, span.end)), (start, end)
