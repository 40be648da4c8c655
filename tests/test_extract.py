"""extract: plain-text debris removal on the bundled example and on real scrapes; hostile HTML.

The giveme5w1h measurement needs no hand labels. Two signals stand in for gold:
(a) long finished sentences (more than 15 words, ending in . ? ! or a quote)
are article prose and must survive; (b) debris patterns found by reading a
sample of the texts (listed below, in the test, not in the product) must be
gone. The product rules are general; these regexes only check them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import shared_data
from crossread.errors import ExtractError
from crossread.model import Document, RawDocument
from crossread.stages.extract import KEPT_WHOLE_ARTICLE, SHORT_DOCUMENT, collect_line_stats, extract

# --- the bundled example -------------------------------------------------------

GOV_FILE = "000_8e7836a4a5bcd670.txt"
NEWS_FILE = "003_8f3cd376c86dbe14.txt"

# (line number, reason keyword) of every debris line of the example.
EXAMPLE_DEBRIS = {
    GOV_FILE: [
        (1, "government site banner"),
        (3, "government site banner"),
        (5, "government site banner"),
        (7, "government site banner"),
        (9, "government site banner"),
        (11, "archive notice"),
        (13, "archive notice"),
        (15, "truncated link text"),
        (37, "footer"),
        (39, "footer"),
    ],
    NEWS_FILE: [(11, "keyword string"), (21, "keyword string")],
}
EXAMPLE_HEADINGS = {
    NEWS_FILE: [
        "Highlights: U.S. Secretary Of State Pompeo Visits Minsk, Meets Lukashenko",
        "Normalization of relations",
        "Democracy and sanctions",
    ],
}


def _example(example_dir: Path, name: str) -> Document:
    path = example_dir / name
    return extract(RawDocument(str(path), path.read_bytes(), "text"))


def _source_lines(path: Path) -> dict[int, str]:
    text = path.read_text(encoding="utf-8")
    # Cleaning turns no-break spaces into spaces; compare like with like.
    text = text.replace("\u00a0", " ")
    return {number: line.strip() for number, line in enumerate(text.splitlines(), start=1) if line.strip()}


@pytest.mark.parametrize("name", [GOV_FILE, NEWS_FILE])
def test_extract_example_removes_every_debris_line_with_its_reason(example_dir: Path, name: str) -> None:
    document = _example(example_dir, name)
    removed = {line.line_number: line.reason for line in document.removed_lines}
    expected = dict(EXAMPLE_DEBRIS[name])
    assert set(removed) == set(expected), f"removed {removed}"
    for number, keyword in expected.items():
        assert keyword in removed[number]


@pytest.mark.parametrize("name", [GOV_FILE, NEWS_FILE])
def test_extract_example_keeps_every_real_line(example_dir: Path, name: str) -> None:
    """Every bullet, the quote, the dash attribution and the headings survive, bullet marks stripped."""
    document = _example(example_dir, name)
    debris = {number for number, _reason in EXAMPLE_DEBRIS[name]}
    kept = [line for number, line in _source_lines(example_dir / name).items() if number not in debris]
    assert len(kept) > 5
    for line in kept:
        assert line.lstrip("\u2022 ").strip() in document.text, line


def test_extract_example_keeps_quote_and_attribution(example_dir: Path) -> None:
    text = _example(example_dir, GOV_FILE).text
    assert text.startswith("\u201cThe United States is a steadfast supporter")
    assert "\u2013 Secretary Michael Pompeo, July 3, 2019" in text
    assert "\u2022" not in text


def test_extract_example_marks_headings_and_title(example_dir: Path) -> None:
    document = _example(example_dir, NEWS_FILE)
    headings = [document.text[start:end] for start, end in document.headings]
    assert headings == EXAMPLE_HEADINGS[NEWS_FILE]
    assert document.title == EXAMPLE_HEADINGS[NEWS_FILE][0]
    assert document.language == "en"


# --- small synthetic cases -------------------------------------------------------

SHORT_SENTENCE_TEXT = (
    "MINSK, Feb 1 (Reuters) -\n\n"
    "The talks lasted two hours and covered oil supplies, sanctions and the return of ambassadors.\n\n"
    "He declined.\n\n"
    "The minister said the two countries would keep talking about energy and trade next year.\n\n"
    "The verdict can be appealed.\n"
)


def test_extract_keeps_short_sentences_and_datelines() -> None:
    document = extract(RawDocument("short.txt", SHORT_SENTENCE_TEXT, "text"))
    for line in ("MINSK, Feb 1 (Reuters) -", "He declined.", "The verdict can be appealed."):
        assert line in document.text


def test_extract_cuts_inline_widget_text_and_keeps_the_paragraph() -> None:
    text = (
        "Skip Ad Ad Loading... x Embed x Share The company changed the shape of its chocolate bars in British "
        "stores, a move it blames on rising costs. (Photo: Jane Doe, AP) Shoppers were not pleased and said so.\n"
    )
    document = extract(RawDocument("inline.txt", text, "text"))
    assert document.text.startswith("The company changed the shape")
    assert "Skip Ad" not in document.text and "Photo:" not in document.text
    assert {line.reason for line in document.removed_lines} == {"inline video player controls", "inline photo credit"}


def test_extract_keeps_first_copy_of_a_repeated_sentence() -> None:
    sentence = "Last month the company unveiled a new car, billed as the fastest ever made"
    text = f"{sentence}\n\nThe launch went ahead on Tuesday after a delay of two weeks.\n\n{sentence}\n"
    document = extract(RawDocument("dup.txt", text, "text"))
    assert document.text.count(sentence) == 1
    assert [line.reason for line in document.removed_lines] == ["duplicate of line 1"]


def _site_docs(lines: list[str], outlet: str = "example.com") -> list[RawDocument]:
    return [RawDocument(f"doc{i}.txt", text, "text", outlet=outlet) for i, text in enumerate(lines)]


def test_extract_site_repetition_removes_chrome_but_not_syndicated_copies() -> None:
    chrome = "Sign in to comment"
    bodies = [f"Story number {i} says the council met on Tuesday and voted for the new budget plan." for i in range(3)]
    raws = _site_docs([f"{body}\n{chrome}\n" for body in bodies])
    stats = collect_line_stats(raws)
    for raw in raws:
        document = extract(raw, stats)
        assert chrome not in document.text
        assert "voted for the new budget plan" in document.text


WIRE_STORY = [
    "The city council approved the new budget on Tuesday after a debate that lasted six hours.",
    "Members said the plan protects schools and clinics while cutting the cost of running city hall.",
    "Opponents argued that the plan leaves too little money for roads and promised to try again.",
    "The mayor said the vote showed that the council could still agree on the things that matter.",
]


def test_extract_syndicated_copies_in_one_folder_do_not_erase_each_other() -> None:
    """Five outlets' copies of one wire story, each with its own banner and one line cut or added."""
    texts = []
    for i in range(5):
        story = [line for j, line in enumerate(WIRE_STORY) if j != i % len(WIRE_STORY)]
        texts.append("\n".join([f"Outlet {i} banner line", *story, f"Reported by desk number {i} of the outlet."]))
    raws = [RawDocument(f"/news/story{i}.txt", text, "text") for i, text in enumerate(texts)]  # site = the folder
    stats = collect_line_stats(raws)
    for raw, text in zip(raws, texts, strict=True):
        document = extract(raw, stats)
        for line in text.splitlines()[1:-1]:
            assert line in document.text


@pytest.mark.parametrize("text", ["Quake hits Japan", "FLASH: Fed raises rates."])
def test_extract_text_keeps_a_short_document_with_a_warning(text: str) -> None:
    document = extract(RawDocument("flash.txt", text, "text"))
    assert document.text == text
    assert document.removed_lines[0].line_number == 0 and document.removed_lines[0].reason.startswith(SHORT_DOCUMENT)


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_extract_text_rejects_empty_text(text: str) -> None:
    with pytest.raises(ExtractError, match="empty text"):
        extract(RawDocument("empty.txt", text, "text"))


def test_extract_text_reports_what_the_debris_was() -> None:
    text = "Photos: A gallery title Hide Caption 1 of 3\nPhotos: A gallery title Hide Caption 2 of 3\n"
    with pytest.raises(ExtractError, match="photo gallery caption"):
        extract(RawDocument("gallery.txt", text, "text"))


# --- hostile HTML -----------------------------------------------------------------

ARTICLE_SENTENCE = "The city council approved the new budget on Tuesday after a debate that lasted six hours."
HOSTILE_HTML = f"""<html><head><title>Budget vote</title>
<script>var tracker = function() {{ document.write('<img src=x onerror=alert(1)>'); }}; tracker();</script>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Budget vote"}}</script>
<style>body {{ color: red }}</style></head>
<body onload="evil()"><nav><a href="javascript:alert('nav')">Home</a></nav>
<article><h1>Budget vote</h1>
<p>{ARTICLE_SENTENCE}</p>
<p onclick="steal()">Members said the plan protects <a href="javascript:void(0)">schools</a> and
<img src="x" onerror="alert('img')"> clinics while cutting the cost of running city hall by a tenth.</p>
<script>alert('inline in article')</script>
<p>Opponents argued that the plan leaves too little money for roads and promised to try again next year.</p>
</article></body></html>"""


def test_extract_html_drops_scripts_and_handlers() -> None:
    document = extract(RawDocument("hostile.html", HOSTILE_HTML.encode(), "html", url="https://example.com/budget"))
    assert ARTICLE_SENTENCE in document.text
    for code in ("alert(", "onerror", "javascript:", "tracker", "steal(", "evil(", "NewsArticle", "color: red"):
        assert code not in document.text, code


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (b"<html><head><title>Sign in</title></head><body></body></html>", "no article text"),
        (
            b"<html><body><form><label>Email</label><input name=e><label>Password</label>"
            b"<input type=password name=p><button>Log in</button></form></body></html>",
            "no article text",
        ),
        (b"<html><body><p>Subscribe to read.</p></body></html>", "no article text"),
    ],
    ids=["empty-body", "login-wall", "paywall-stub"],
)
def test_extract_html_without_article_raises_with_reason(html: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason) as info:
        extract(RawDocument("wall.html", html, "html"))
    assert info.value.path == "wall.html"


# --- real scrapes: giveme5w1h (news-please output) --------------------------------

# Debris patterns identified by reading ~60 of the texts. They check the
# product rules; they are deliberately not used by the product.
DEBRIS_PATTERNS = {
    "video player": re.compile(r"\bSkip Ad\b|Ad Loading\.\.\.|\bx Embed x Share\b|^JUST WATCHED\b|Replay More Videos"),
    "gallery caption": re.compile(r"\bHide Caption \d+ of \d+|^\d{1,2}/\d{1,2} \S|\bshow all\b|Play slideshow"),
    "photo credit": re.compile(
        r"^Enlarge this image|^Image copyright\b|\(Photo: [^)]+\)|Photograph: [^.]+$|^\(Image: [^)]+\)$|"
        r"^(?:Reuters|EPA|Getty Images|AP:Associated Press|Splash News) [A-Z][^.!?\"\u201d]*$"
    ),
    "share buttons": re.compile(r"Click to share on \w+ \(Opens in new window\)|^Facebook Twitter Pinterest"),
    "advertising": re.compile(r"^Advertisement\b|Continue reading the main story"),
    "newsletter": re.compile(r"verify you.re not a robot|Thank you for subscribing|\bdaily newsletter\b"),
    "read more": re.compile(r"^READ MORE\b|^Read more\b|^Read or Share this story|^Most Read\b|^Related stories\b", re.I),
    "scroll for video": re.compile(r"^Scroll (?:down |below )?for video"),
    "update stamp": re.compile(r"^\w+ \| Updated: \d{4}-"),
    "copyright": re.compile(r"^(?:Copyright\b|\u00a9)"),
    "contact us": re.compile(r"\bEmail us at\b|^Follow us on\b|transcripts are created on a rush deadline"),
}
PROSE_MIN_WORDS = 16  # "more than 15 words"
PROSE_END = re.compile(r"[.?!\"\u201d\u2019']\s*$")
WORDS = re.compile(r"\w+")

# Floors from the measured figures (2026-11-25): they may only go up.
# Measured: 0 of 4395 long prose lines lost; 477 debris-pattern lines, 17 left
# (96.4% removed), all inside one-line articles kept whole or in tweets.
MAX_PROSE_LOST_RATE = 0.002
MIN_DEBRIS_REMOVED_RATE = 0.95
MAX_DEBRIS_LINES_LEFT = 20
MAX_FAILED_DOCUMENTS = 4  # the four CNN pages that are photo galleries, not articles
# Since debris removal keeps an article it would empty (flagged "kept whole article"),
# those galleries are stored whole instead of failing; at most this many documents.
MAX_KEPT_WHOLE_DOCUMENTS = 6


@dataclass(slots=True)
class DebrisReport:
    documents: int = 0
    failed: list[str] = field(default_factory=list)
    failed_reasons: list[str] = field(default_factory=list)
    prose_lines: int = 0
    prose_lost: list[str] = field(default_factory=list)
    debris_lines: Counter[str] = field(default_factory=Counter)
    debris_left: list[tuple[str, str]] = field(default_factory=list)
    # Documents debris removal would have emptied, kept whole and flagged (issue 12:
    # never delete a whole article); their debris lines are counted apart.
    kept_whole: list[str] = field(default_factory=list)
    debris_kept_whole: int = 0


def _giveme5w1h_raws(folder: Path) -> list[RawDocument]:
    """Unique articles (38 are in both subsets), with outlet = source domain or publisher."""
    raws, seen = [], set()
    for path in sorted(folder.glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        key = record.get("dId") or path.stem
        if key in seen:
            continue
        seen.add(key)
        outlet = next((v for v in (record.get("source_domain"), record.get("publisher")) if v and v != "None"), "?")
        raws.append(RawDocument(str(path), record["text"], "text", url=record.get("url"), outlet=outlet))
    return raws


def _debris_kind(line: str) -> str | None:
    return next((kind for kind, pattern in DEBRIS_PATTERNS.items() if pattern.search(line)), None)


def _is_gold_prose(line: str) -> bool:
    return len(WORDS.findall(line)) >= PROSE_MIN_WORDS and bool(PROSE_END.search(line)) and _debris_kind(line) is None


def _measure(raws: list[RawDocument]) -> DebrisReport:
    stats = collect_line_stats(raws)
    report = DebrisReport(documents=len(raws))
    for raw in raws:
        assert isinstance(raw.content, str)
        lines = [line.strip() for line in raw.content.splitlines() if line.strip()]
        try:
            document: Document | None = extract(raw, stats)
        except ExtractError as error:
            document = None
            report.failed.append(raw.source_path)
            report.failed_reasons.append(error.reason)
        lost = _whole_lines_lost(document)
        for number, line in enumerate(lines, start=1):
            kind = _debris_kind(line)
            if kind:
                report.debris_lines[kind] += 1
            if _is_gold_prose(line):
                report.prose_lines += 1
                if document is None or number in lost:
                    report.prose_lost.append(line)
        if document is not None:
            kept_whole = any(r.reason.startswith(KEPT_WHOLE_ARTICLE) for r in document.removed_lines)
            if kept_whole:
                report.kept_whole.append(raw.source_path)
            for paragraph in document.text.split("\n\n"):
                if (kind := _debris_kind(paragraph)) and not kept_whole:
                    report.debris_left.append((kind, paragraph[:100]))
                elif kind:
                    report.debris_kept_whole += 1
    return report


def _whole_lines_lost(document: Document | None) -> set[int]:
    """Line numbers (among non-blank lines) removed whole; duplicates and inline cuts lose nothing."""
    if document is None:
        return set()
    return {line.line_number for line in document.removed_lines if not line.reason.startswith(("inline", "duplicate of"))}


@pytest.fixture(scope="module")
def giveme5w1h_report() -> DebrisReport:
    folder = shared_data("giveme5w1h")
    raws = [_renumber(raw) for raw in _giveme5w1h_raws(folder)]
    return _measure(raws)


def _renumber(raw: RawDocument) -> RawDocument:
    """Drop blank lines so RemovedLine.line_number counts the same lines as the measurement."""
    assert isinstance(raw.content, str)
    text = "\n".join(line for line in raw.content.splitlines() if line.strip())
    return RawDocument(raw.source_path, text, raw.kind, url=raw.url, outlet=raw.outlet)


def test_extract_giveme5w1h_keeps_prose(giveme5w1h_report: DebrisReport) -> None:
    report = giveme5w1h_report
    rate = len(report.prose_lost) / report.prose_lines
    print(f"\ngiveme5w1h: {report.documents} docs, prose lines {report.prose_lines}, lost {len(report.prose_lost)} ({rate:.2%})")
    for line in report.prose_lost:
        print("  lost:", line[:120])
    assert rate <= MAX_PROSE_LOST_RATE
    assert len(report.failed) <= MAX_FAILED_DOCUMENTS, report.failed
    assert all("gallery caption" in reason for reason in report.failed_reasons)


def test_extract_giveme5w1h_removes_debris(giveme5w1h_report: DebrisReport) -> None:
    report = giveme5w1h_report
    total = sum(report.debris_lines.values())
    left = Counter(kind for kind, _line in report.debris_left)
    removed_rate = 1 - len(report.debris_left) / total
    print(f"\ngiveme5w1h debris lines {total} by kind {dict(report.debris_lines)}; left {len(report.debris_left)} {dict(left)}")
    for kind, line in report.debris_left:
        print(f"  left [{kind}]:", line)
    assert removed_rate >= MIN_DEBRIS_REMOVED_RATE
    assert len(report.debris_left) <= MAX_DEBRIS_LINES_LEFT
    assert len(report.kept_whole) <= MAX_KEPT_WHOLE_DOCUMENTS, report.kept_whole


def test_language_needs_three_words_and_reads_a_long_text() -> None:
    from crossread.stages.extract import identify_language

    assert identify_language("Harbour closed") is None
    assert identify_language("--- Harbour ... closed ---") is None
    assert identify_language("The harbour closed on Tuesday after the storm damaged two piers. " * 50) == "en"


def test_strip_inline_chrome_cuts_each_widget_fragment_once_and_keeps_clean_lines_as_they_are() -> None:
    from crossread.stages.extract import strip_inline_chrome

    line = "Skip Ad Ad Loading... The  ferry   resumed service (Photo: Jane Roe) on Friday."
    rest, cut = strip_inline_chrome(line)
    assert rest == "The ferry resumed service on Friday."
    assert cut == [("Skip Ad Ad Loading...", "video player controls"), ("(Photo: Jane Roe)", "photo credit")]
    clean = "The  ferry resumed service on Friday."
    assert strip_inline_chrome(clean) == (clean, [])  # nothing cut: the spacing is kept


def test_eval_documents_read_no_break_spaces_as_crossread_does() -> None:
    from crossread.evaluation.claims import canonical_documents
    from crossread.evaluation.labels import SourceText

    raw = "Deal in doubt\n\nThe bill came from Sen.\u00a0Ann Lee on Monday."
    source = SourceText(1, "left", "Outlet", "Deal in doubt", raw, "")
    document = canonical_documents({"left": source})["left"]
    assert document.text == raw.replace("\u00a0", " ") and len(document.text) == len(raw)


# Made-up lines, one or more for each known-chrome pattern, in the cases re.IGNORECASE reads
# differently from str.lower (a dotted capital I, a long s, the Kelvin sign) and at line ends.
CHROME_EDGE_LINES = [
    "An official website of the United States government",
    "A lock (LockA locked padlock) or https:// means you've safely connected to the .gov website",
    "This is archived content from the U.S. Department",
    "We use COOKİES to improve your experience, accept our policy",
    "ſhare this article",
    "Follow uſ on Twitter",
    "Advertisement",
    "Sign up for our newsletter today",
    "3/12 Crowds gathered outside",
    "Photo: \u212aim Jones",
    "Pıcture by a reader: the march",
    "Image copyright Getty Images",
    "Just watched: the launch",
    "Please verify you\u2019re not a robot by clicking the box",
    "Do you have a story to share?",
    "\u00a9 2021 All Rights Reserved",
    "Related Coverage:",
    "Updated: March 3, 2021 10:00",
    "For the full report, click here :  ",
    "More details are available at\n",
    "He said he would read it later.",
    "",
]


@pytest.mark.parametrize("line", CHROME_EDGE_LINES)
def test_extract_chrome_patterns_are_searched_only_where_their_anchor_is_and_hit_as_before(line: str) -> None:
    from crossread.stages.extract import CHROME_PATTERNS, _folded, _may_match

    folded = _folded(line)
    for reason, pattern in CHROME_PATTERNS:
        if pattern.search(line):
            assert _may_match(reason, folded), reason


@pytest.mark.parametrize(
    "line",
    [
        "Skip Ad Ad Loading... x Embed x Share Toblerone is facing a shortage",
        "Click to Share on Twitter (Opens in new window) The council met",
        "A man (Photo: AP) walked home. ſkip ad now",
        "(\u0130mage: Reuters) ADVERTISEMENT Continue reading the main story He said",
        "Get our daily updates directly to your inbox. Invalid email",
    ],
)
def test_extract_inline_chrome_is_cut_only_where_its_anchor_is(line: str) -> None:
    from crossread.stages.extract import INLINE_ANCHORS, INLINE_CHROME, _folded, _holds_any

    for reason, pattern in INLINE_CHROME:
        if pattern.search(line):
            assert _holds_any(_folded(line), INLINE_ANCHORS[reason]), reason


@pytest.mark.parametrize(
    "line",
    [
        "Plain ASCII Line",
        "\u201cQuoted\u201d \u2014 dash",
        "\u0130stanbul",
        "P\u0131cture",
        "\u017fkip",
        "\u212aim",
        "\u00c9T\u00c9",
    ],
)
def test_extract_folded_line_is_the_line_lowered_as_ignorecase_reads_it(line: str) -> None:
    from crossread.stages.extract import IGNORECASE_ASCII, _folded

    assert _folded(line) == line.translate(IGNORECASE_ASCII).lower()
