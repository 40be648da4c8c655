"""The source appendix of the Markdown and HTML briefs: every citation links to its span of the clean text.

Checked on the bundled example and on a hostile pair of articles written to
``tmp_path`` (markup, Markdown syntax, a right-to-left override, entities):
each ``href="#src-<doc>-<start>-<end>"`` resolves to an element of the appendix
whose text is exactly ``text[start:end]`` of that document's clean text, and no
absolute path of the input reaches the export.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from spacy.language import Language

from crossread.brief import brief_from_paths
from crossread.interfaces.render import (
    brief_dict,
    brief_html,
    brief_markdown,
    cut_at_spans,
    source_text_markdown,
    span_anchor,
)
from crossread.model import Brief

HOSTILE_TEXTS = {
    "markup.txt": (
        "Harbour strike *spreads* to <script>alert('xss-md')</script> Gdansk\n\n"
        "Dock workers in Gdansk joined the strike on Monday, union leader Anna Nowak said. "
        '<img src=x onerror="alert(1)"> About 30 ships are waiting outside the harbour & the port said 5 > 3.\n\n'
        "- Port director Jan Kowalski said the authority had offered a 6 percent raise [see](javascript:alert(2)).\n\n"
        "1. \u202eTalks with a mediator would resume on Wednesday, Kowalski said.\n"
    ),
    "plain.txt": (
        "Gdansk dock strike\n\n"
        "Dock workers in Gdansk joined the strike on Monday, union leader Anna Nowak said. "
        "About 40 ships are waiting outside the harbour, the port authority said.\n\n"
        '"We will stay out until the wage agreement is signed," Nowak said.\n\n'
        "Port director Jan Kowalski said the authority had offered a 6 percent raise.\n"
    ),
}


@pytest.fixture(scope="module")
def example_brief(nlp: Language, example_dir: Path) -> Brief:
    brief, failures = brief_from_paths(sorted(example_dir.glob("*.txt")), nlp)
    assert not failures
    return brief


@pytest.fixture(scope="module")
def hostile_brief(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> tuple[Brief, Path]:
    folder = tmp_path_factory.mktemp("appendix")
    paths = []
    for name, text in HOSTILE_TEXTS.items():
        (folder / name).write_text(text, "utf-8")
        paths.append(folder / name)
    brief, failures = brief_from_paths(paths, nlp)
    assert not failures
    return brief, folder


def _texts(brief: Brief) -> dict[str, str]:
    return {d["id"]: d["text"] for d in brief_dict(brief)["documents"]}


def _span_of(anchor: str) -> tuple[str, int, int]:
    match = re.fullmatch(r"src-(\w+)-(\d+)-(\d+)", anchor)
    assert match, anchor
    return match[1], int(match[2]), int(match[3])


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_links(tree: lxml_html.HtmlElement, texts: dict[str, str], exact: bool) -> int:
    """Every ``#src-`` link resolves to an element whose text is the cited span; returns the number of links."""
    links = tree.xpath("//a[starts-with(@href, '#src-')]")
    for link in links:
        anchor = link.get("href")[1:]
        targets = tree.xpath(f"//*[@id='{anchor}']")
        assert len(targets) == 1, f"{anchor}: {len(targets)} targets"
        doc, start, end = _span_of(anchor)
        assert targets[0].xpath("ancestor::*[@id='appendix-sources' or @id='appendix']") or not exact
        shown, cited = targets[0].text_content(), texts[doc][start:end]
        assert (shown == cited) if exact else (_squash(shown) == _squash(cited)), anchor
    return len(links)


def _markdown_tree(markdown: str) -> lxml_html.HtmlElement:
    rendered = MarkdownIt("commonmark", {"html": True}).render(markdown)
    return lxml_html.fromstring(f"<div>{rendered.replace('<br>', ' ')}</div>")


@pytest.mark.parametrize(
    ("spans", "crossing"),
    [
        pytest.param([(0, 5), (6, 11)], [], id="side by side"),
        pytest.param([(0, 11), (6, 11), (6, 8)], [], id="nested, sharing an end"),
        pytest.param([(0, 8), (4, 11)], [(4, 11)], id="crossing"),
        pytest.param([(0, 11), (0, 11)], [], id="twice the same"),
        pytest.param([], [], id="nothing cited"),
    ],
)
def test_render_appendix_cut_at_spans_keeps_text_and_marks_each_span(
    spans: list[tuple[int, int]], crossing: list[tuple[int, int]]
) -> None:
    text = "hello world"
    cut = cut_at_spans(text, "d1", spans)
    assert "".join(v for k, v in cut.pieces if k == "text") == text
    assert list(cut.crossing) == crossing
    # every open mark encloses exactly its span
    position, stack, enclosed = 0, [], {}
    for kind, value in cut.pieces:
        if kind == "open":
            stack.append((value, position))
        elif kind == "close":
            anchor, start = stack.pop()
            enclosed[anchor] = (start, position)
        else:
            position += len(value)
    assert not stack
    assert enclosed == {span_anchor("d1", s, e): (s, e) for s, e in set(spans) - set(crossing)}


def test_render_appendix_markdown_text_never_becomes_markup() -> None:
    text = "- not a list\n\n1. not a list either\n\n# not a heading\n\n<b>not bold</b> & *not em*\n\n    not code"
    tree = _markdown_tree(source_text_markdown(cut_at_spans(text, "d1", [(0, 12)])))
    assert not tree.xpath("//ul | //ol | //h1 | //b | //em | //pre | //code")
    assert _squash(tree.text_content()) == _squash(text)
    assert tree.xpath("//span[@id='src-d1-0-12']")[0].text_content() == "- not a list"


def test_render_appendix_html_citations_target_their_span(example_brief: Brief) -> None:
    rendered = brief_html(example_brief)
    tree = lxml_html.fromstring(rendered)
    assert tree.xpath("//section[@id='appendix-sources']/h2")[0].text_content() == "Appendix: Sources"
    assert _check_links(tree, _texts(example_brief), exact=True) >= 20
    # each source's text is there whole, in the order of its source number
    blocks = tree.xpath("//section[@id='appendix-sources']//div[@class='source-text']")
    assert [b.text_content() for b in blocks] == list(_texts(example_brief).values())
    assert "mark.cited:target" in rendered


def test_render_appendix_markdown_citations_link_to_their_span(example_brief: Brief) -> None:
    markdown = brief_markdown(example_brief)
    assert "\n## Appendix: Sources\n" in markdown
    tree = _markdown_tree(markdown)
    assert _check_links(tree, _texts(example_brief), exact=False) >= 20
    summary = markdown.split("## Summary", 1)[1].split("## Claims", 1)[0]
    assert re.search(r"\[\\\[1\\\] \d+–\d+\]\(#src-\w+-\d+-\d+\)", summary), "summary citations are links"


def test_render_appendix_hostile_text_stays_text(hostile_brief: tuple[Brief, Path]) -> None:
    brief, folder = hostile_brief
    texts = _texts(brief)
    html, markdown = brief_html(brief), brief_markdown(brief)
    for tree in (lxml_html.fromstring(html), _markdown_tree(markdown)):
        assert not tree.xpath("//script | //img | //iframe | //@*[starts-with(name(), 'on')]")
        assert not tree.xpath("//a[starts-with(normalize-space(@href), 'javascript:')]")
        assert not tree.xpath("//ol"), "article text never becomes a list"
    assert _check_links(lxml_html.fromstring(html), texts, exact=True) >= 3
    md_tree = _markdown_tree(markdown)
    assert _check_links(md_tree, texts, exact=False) >= 3
    shown = " ".join(t.text_content() for t in md_tree.xpath("//p"))
    assert "<script>alert('xss-md')</script>" in shown and "&" in shown and "\u202e" in shown  # the text, as text
    for body in (html, markdown):
        assert str(folder) not in body and str(folder.parent) not in body
