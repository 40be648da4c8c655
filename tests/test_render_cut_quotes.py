"""A quotation the source cuts short with "..." is shown as cut, never as whole words (made-up texts)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import analyzed_texts
from crossread.brief import build_brief
from crossread.interfaces.render import brief_dict, brief_markdown, cut_off_by_source


@pytest.mark.parametrize(
    ("text", "end", "cut"),
    [
        ("He said the bridge will close. At the same...", len("He said the bridge will close. At the same"), True),
        ("“We will not sign this at the…", len("“We will not sign this at the"), True),
        ("He said the bridge will close...", len("He said the bridge will close"), True),
        ("“The bridge will close.” More later...", len("“The bridge will close."), False),
        ("He said the bridge will close. Then it rained.", len("He said the bridge will close"), False),
    ],
)
def test_cut_off_by_source(text: str, end: int, cut: bool) -> None:
    assert cut_off_by_source(text, end) is cut


def test_a_cut_quote_is_flagged_and_ends_with_an_ellipsis(nlp: Language) -> None:
    texts = [
        "Mayor shuts bridge\n\nMayor Anna Berg said Tuesday the old bridge would close for repairs next month. "
        "“This decision is not based on politics. At the same...",
        "Bridge to close\n\nThe old bridge will close for repairs next month, Mayor Anna Berg said on Tuesday.",
    ]
    data = brief_dict(build_brief(analyzed_texts(nlp, texts), nlp))
    cut = [q for q in data["quotes"] if q["text"].endswith("At the same")]
    assert cut and all(q["cut_off"] for q in cut), data["quotes"]
    whole = [q for q in data["quotes"] if not q["text"].endswith("At the same")]
    assert not any(q["cut_off"] for q in whole)
    markdown = brief_markdown(build_brief(analyzed_texts(nlp, texts), nlp))
    assert "At the same…”" in markdown and "cut off by the source" in markdown
