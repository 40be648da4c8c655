"""extract: RawDocument -> Document (clean text + metadata).

HTML goes through trafilatura (main text, title, author, date, site name, url,
language hints). Plain text gets what no HTML anchor offers: scraping debris is
removed line by line by rules that generalise — widget fragments glued into a
paragraph ("Skip Ad ... x Embed x Share", "(Photo: ...)") are cut and the
paragraph kept; known chrome patterns (.gov and archive banners, cookie/share/
ad lines, photo credits and captions, galleries, video players, newsletter
forms); lines that are not prose (keyword strings, navigation runs, link text
cut from its link, footer blocks after the last paragraph); later copies of a
line; lines that repeat across documents of one site. Every removed line or
fragment is kept on the document with its reason, so nothing is lost silently.
Text is NFC-normalised so the same words match across sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from crossread.errors import ExtractError
from crossread.model import Document, RawDocument, RemovedLine
from crossread.outlets import publisher_line

# --- tuning constants -------------------------------------------------------
# A heading is a short line without closing punctuation followed by prose; news
# headlines in giveme5w1h and the example run 3-14 words, so 16 leaves margin.
HEADING_MAX_WORDS = 16
# Prose lines carry function words: ~40% of tokens in news prose; keyword and
# tag strings ("mike pompeo visit belarus minsk") carry almost none.
KEYWORD_MAX_STOPWORD_RATIO = 0.12
KEYWORD_MIN_WORDS = 3
# Navigation: a run of this many consecutive very short lines (menus, tag lists).
NAV_RUN_MIN_LINES = 3
NAV_LINE_MAX_WORDS = 3
# A line repeated in this many different (non-copy) documents of one site is
# site chrome; 3 keeps two syndicated copies from erasing each other.
REPEAT_MIN_DOCUMENTS = 3
# Two documents of one site are copies of one story when they share at least
# this many prose lines and this share of the shorter one's prose lines (only
# prose is compared: chrome lines are what every page of a site shares).
# giveme5w1h has no such pairs within an outlet, the repeated-sentence case
# aside (1 shared line); a partial re-run of a wire story shares most of it.
COPY_MIN_SHARED_PROSE_LINES = 2
COPY_MIN_SHARED_SHARE = 0.5
# A full sentence needs more repeats to count as chrome: outlets reuse a
# background sentence across follow-ups of one story. On giveme5w1h (441 texts,
# 94 sites) the reused background sentence seen most often appears in 3 Daily
# Mail articles, while the prose chrome (tips line, newsletter box, transcript
# notice) appears in 4, 12 and 5 documents of its site; 4 separates the two.
REPEAT_PROSE_MIN_DOCUMENTS = 4
# Chrome patterns leave a paragraph alone when they only brush it. Article
# text may mention cookies or sharing, and some scrapes put a whole article on
# one line with a widget ("Image caption ...", "Play slideshow") inside;
# losing the article costs more than keeping a few widget words.
# - A paragraph: more words than this, and closing punctuation or at least
#   PARAGRAPH_MIN_SENTENCES sentences inside.
CHROME_EXEMPT_MIN_WORDS = 40
PARAGRAPH_MIN_SENTENCES = 3
SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?\s+[\"\u201c\u2018']?[A-Z]")
# - Widget runs are dense in markers (galleries: "Photos: ... Hide Caption"
#   every 15-30 words; the newsletter box: 3-4 form messages in 80 words),
#   one-line articles are not (giveme5w1h: 1-5 hits in 300-900 words); a
#   paragraph keeps its exemption while it has more words than this per hit.
PARAGRAPH_WORDS_PER_CHROME_HIT = 40
# - A widget opens with its marker ("MOST READ IN NEWS ...", "9/30 <caption>"),
#   so a line that starts with one is exempt only when it is as long as a
#   whole one-line article: giveme5w1h captions and link lists run up to 120
#   words, its one-line articles 300 and more.
ONE_LINE_ARTICLE_MIN_WORDS = 150
# Footer lines after the last paragraph are kept when they are short finished
# sentences of at least this many words ("He shook his head."); two-word
# lines ("Blue moon!", "Thanks Ari.") are treated as sign-offs.
FOOTER_SENTENCE_MIN_WORDS = 3
# Prose: at least this many words; without closing punctuation (scrapes lose
# it) a line must be longer, not Title Case, and carry function words.
PROSE_MIN_WORDS = 6
UNPUNCTUATED_PROSE_MIN_WORDS = 10
TITLE_CASE_RATIO = 0.7
# Page titles carry the site name ("Headline - Site", "Site | Headline"). A
# segment is dropped when it names the site (trafilatura's sitename or the
# host) and has at most this many words. On trafilatura-eval this lifts exact
# title matches from 487 to 579 of 845 pages and breaks 2 (both gold titles
# that keep the site name).
TITLE_SITE_SEGMENT_MAX_WORDS = 5
TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|\u2013|\u2014|\u203a|\u00bb|::|\u00b7|//)\s+")
# Clean text below this length is short for an article. A text given short
# (a headline, a wire flash: nothing removed as debris) is kept and flagged
# (a ``RemovedLine`` with line number 0 whose reason starts ``SHORT_DOCUMENT``);
# a text that debris removal left this short is rejected (it was chrome).
MIN_ARTICLE_CHARS = 40
SHORT_DOCUMENT = "short document"
# Debris removal never deletes a whole article: when it would leave less than
# MIN_ARTICLE_CHARS of a text whose removed lines hold at least this many words
# of prose, the prose lines are kept and the document is flagged (a
# ``RemovedLine`` with line number 0). 40 words is about two sentences; the
# chrome-only inputs of the tests ("Share this article", "Advertisement") have none.
WHOLE_ARTICLE_MIN_PROSE_WORDS = 40
KEPT_WHOLE_ARTICLE = "kept whole article"

_STOPWORD_TEXT = """a an the and or but if of to in on at by for with from as is are was were be been being
    has have had do does did will would shall should can could may might must this that these
    those it its he she they we you i his her their our your my me him them us who whom which
    what when where why how not no than then there here also after before about over into
    during while said says"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Known chrome: each pattern is matched case-insensitively against a whole line.
# Measured and not kept (stop 29): one alternation of all the patterns as a pre-check (no match,
# no hit) was slower than the 16 searches (3.3 s against 3.1 s over the bench corpus's 20,368 lines).
CHROME_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "government site banner",
            r"\bofficial website of the\b|\bwebsites? use \.gov\b|"
            r"\.gov website belongs to\b|\bsecure \.gov websites?\b|\bsafely connected to the \.gov\b|"
            r"^\s*a lock \(",
        ),
        (
            "archive notice",
            r"\barchived content\b|\bthis archive site\b|\bcontent in this archive\b|"
            r"\bis not updated\b.*\blinks may not\b|\barchived (?:page|website|material)\b",
        ),
        (
            "cookie notice",
            r"\bcookies?\b.*\b(?:consent|accept|polic(?:y|ies)|settings|we use|this site uses)\b|"
            r"^\s*(?:accept|reject) (?:all )?cookies\b",
        ),
        (
            "share / social line",
            r"^\s*(?:share|tweet|email|print|pin|whatsapp|facebook|twitter|linkedin|reddit)"
            r"(?:\s*(?:this|on|via|article|story|page))*\s*[:|]?\s*$|^\s*share (?:this|on|via)\b|"
            r"^\s*(?:x\s+)?embed\s+x\s+share\b|\bfollow us on\b",
        ),
        ("advertising", r"^\s*(?:advertisement|advertising|sponsored(?: content)?|skip ad)\b|\bad loading\b"),
        (
            "subscription prompt",
            r"^\s*(?:sign up|subscribe|register|log ?in|sign in)\b.*\b(?:newsletter|free|now|today|"
            r"account|here|to (?:read|continue|get))\b|\bnewsletter\b.*\b(?:sign up|subscribe|inbox)\b",
        ),
        (
            "photo gallery caption",
            r"\bhide caption\b|\bplay slideshow\b|\bview photos\b|^\s*\d{1,3}/\d{1,3}\s+\S|"
            r"^\s*(?:\+\s*|\d{1,3}\s+)?show all\b|\b\d{1,3} of \d{1,3} full screen\b|^\s*slideshow \(\d+ images?\)",
        ),
        (
            "photo credit",
            r"^\s*(?:\(?photo|image|picture|pictured|credit|file photo)s?\s*(?:by|:|credit|copyright)|"
            r"\b(?:getty images|afp/getty|ap photo|reuters/|shutterstock|epa-efe)\b.{0,40}$|^\s*image copyright\b|"
            r"\bimage caption\b|^\s*enlarge this image\b|\btoggle caption\b|\bphotograph: [^.]{1,60}$",
        ),
        (
            "video player",
            r"^\s*(?:just watched|must watch|now playing)\b|\breplay more videos\b|"
            r"^\s*scroll (?:down |below )?for video\b",
        ),
        (
            "newsletter form",
            r"\bverify you(?:'|\u2019)re not a robot\b|\bthank you for subscribing\b|"
            r"\binvalid email address\b",
        ),
        (
            "reader tips prompt",
            r"\b(?:do|have) you (?:have|got) a story\b|\bwe pay for (?:your )?(?:stories|videos)\b|"
            r"\bsend (?:us )?your (?:stories|videos|photos) to\b",
        ),
        ("copyright line", r"^\s*(?:©|\(c\)|copyright\b)|\ball rights reserved\b"),
        (
            "read-more link",
            r"^\s*(?:read (?:more|next|also)|related(?: articles| stories| coverage)?|see also|"
            r"more on this|click here|watch:|listen:|most read|trending)\b\s*:?|\bread more\s*$",
        ),
        (
            "date/update stamp",
            r"^\s*(?:[A-Z][\w .]{0,30}\|\s*)?(?:updated|published|posted|last modified)\s*:?\s*"
            r"[\w ,:.\-/]{0,40}$",
        ),
        ("truncated link text", r"[,:]?\s*\b(?:go to|visit|see|click|available at|found at|read|here)\s*:?\s*$"),
    )
)

# What a line holds, lower-cased (``_folded``), wherever a CHROME_PATTERNS pattern matches it: one
# of these strings, taken from each branch of the pattern. A pattern is searched only in a line
# that holds one (most lines hold none): the same hits, 1.45 -> 0.2 s of CPU for the 6,348 lines
# of 1,000 bench texts. "truncated link text" is read off the line's end instead (``_ends_like_link``).
CHROME_ANCHORS: dict[str, tuple[str, ...]] = {
    "government site banner": ("website", ".gov", "a lock ("),
    "archive notice": ("archive", "is not updated"),
    "cookie notice": ("cookie",),
    "share / social line": (
        "share", "tweet", "email", "print", "pin", "whatsapp", "facebook", "twitter", "linkedin", "reddit", "embed",
        "follow us on",
    ),
    "advertising": ("advertis", "sponsored", "skip ad", "ad loading"),
    "subscription prompt": ("sign up", "subscribe", "register", "log", "sign in", "newsletter"),
    "photo gallery caption": ("hide caption", "slideshow", "view photos", "/", "show all", "full screen"),
    "photo credit": ("photo", "image", "picture", "credit", "getty", "reuters/", "shutterstock", "epa-efe", "toggle caption"),
    "video player": ("just watched", "must watch", "now playing", "replay more videos", "scroll"),
    "newsletter form": ("not a robot", "thank you for subscribing", "invalid email address"),
    "reader tips prompt": ("a story", "we pay for", "send"),
    "copyright line": ("©", "(c)", "copyright", "all rights reserved"),
    "read-more link": ("read", "related", "see also", "more on this", "click here", "watch:", "listen:", "trending"),
}  # fmt: skip
LINK_TEXT_ENDINGS = ("go to", "visit", "see", "click", "available at", "found at", "read", "here")
# The letters ``re.IGNORECASE`` reads as ASCII ones that ``str.lower`` does not turn into them
# (found by asking ``re`` of every code point whose case mappings hold an ASCII letter).
IGNORECASE_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


IGNORECASE_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _folded(line: str) -> str:
    """The line lower-cased as ``re.IGNORECASE`` compares it with the patterns' ASCII strings.

    Translated only when it holds one of those letters: most non-ASCII lines hold curly quotes or dashes
    only, and ``str.translate`` looks every character up in its table (0.06 s of 0.74 in 1,000 bench texts).
    """
    if line.isascii() or not IGNORECASE_TO_ASCII.search(line):
        return line.lower()
    return line.translate(IGNORECASE_ASCII).lower()


def _ends_like_link(folded: str) -> bool:
    """Does the line end as "truncated link text" requires (one of its words, then a colon or space)?"""
    end = folded.rstrip()
    return (end[:-1].rstrip() if end.endswith(":") else end).endswith(LINK_TEXT_ENDINGS)


def _may_match(reason: str, folded: str) -> bool:
    """Can the CHROME_PATTERNS pattern of ``reason`` match the line ``folded`` is the lower case of?"""
    if reason == "truncated link text":
        return _ends_like_link(folded)
    anchors = CHROME_ANCHORS.get(reason)
    return anchors is None or _holds_any(folded, anchors)


def _holds_any(folded: str, anchors: tuple[str, ...]) -> bool:
    return any(anchor in folded for anchor in anchors)


# Widget text that scrapers glue onto the start or middle of a real paragraph
# ("Skip Ad Ad Loading... x Embed x Share Toblerone is facing ..."): only the
# fragment is cut, the paragraph is kept. Generic UI strings, never sentences.
INLINE_CHROME: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        ("video player controls", r"\bskip (?:ad|in skip)\b(?:\s*(?:ad loading\.*|x|\u00d7|embed|share|close)\b\.*)*"),
        ("share buttons", r"(?:\bclick to share on \w+ \(opens in new window\)\s*)+|^\s*facebook twitter pinterest\b"),
        (
            "newsletter form",
            r"\bget [\w ]{1,30} updates directly to your inbox\b.{0,120}?\binvalid email\b|"
            r"\bnewsletter sign up\b.{0,600}?(?:\bview all [\w ]{0,40}newsletters\b\.?|\bplease try again later\b\.?)",
        ),
        ("photo credit", r"\((?:photo|image|picture)s?:\s*[^()]{1,80}\)"),
        ("advertising", r"\badvertisement continue reading the main story\b"),
    )
)
# What a line holds, lower-cased, wherever an INLINE_CHROME pattern matches (as CHROME_ANCHORS).
INLINE_ANCHORS: dict[str, tuple[str, ...]] = {
    "video player controls": ("skip ",),
    "share buttons": ("click to share on ", "facebook twitter pinterest"),
    "newsletter form": ("updates directly to your inbox", "newsletter sign up"),
    "photo credit": ("(photo", "(image", "(picture"),
    "advertising": ("advertisement continue reading the main story",),
}
# A caption that opens with a photo agency's credit and has no closing
# punctuation ("Reuters North Korean leader ... celebrates the launch"); news
# sentences that start with an agency name end with a full stop.
# Case-sensitive: "AP"/"PA" as credits are capitalised, "Pa" may be a word.
AGENCY_CAPTION = re.compile(
    r"^\s*(?:Getty Images?(?: - \w+)?|GETTY|Reuters|REUTERS|EPA|AFP|AP(?::Associated Press)?|PA|Splash News|"
    r"Rex Features|SWNS|Alamy)\b(?!\s*[:,.])\s+\S"
)
# A bare photographer credit "Jae C. Hong/AP", "John Locher/Associated Press".
NAME_SLASH_CREDIT = re.compile(r"^\s*[A-Z][\w.'\- ]{1,40}\s?/\s?[A-Z][\w.&'\- /]{1,40}\s*$")
CREDIT_MAX_WORDS = 8
# An embedded tweet keeps its attribution: "... \u2014 Name (@handle) May 28, 2016".
TWEET = re.compile(r"\s[\u2014\u2013-]\s[^()\n]{1,60}\(@\w{1,15}\)\s+\w+\.? \d{1,2}, \d{4}\s*$")

TERMINAL = (".", "!", "?", '"', "\u201d", "'", "\u2019", ":", ";", "\u2026", ")")
BULLET = re.compile(r"^\s*(?:[\u2022\u25aa\u25cf\u2023\u2043\-*\u00b7]|\d{1,2}[.)])\s+")
WORD = re.compile(r"[^\W_]+(?:[\u2019'\-.][^\W_]+)*", re.UNICODE)
DASH_ATTRIBUTION = re.compile(r"^\s*[\u2013\u2014\u2015\-]{1,2}\s*\S")


@dataclass(slots=True)
class SiteLineStats:
    """Line counts over the documents of one site, to find repeated chrome.

    Built in a first pass over a batch (see ``collect_line_stats``); a line
    counts once per story, not per document: documents that share most of
    their prose (a wire story saved from three outlets into one folder, with
    different banners each) form one story, so copies never erase each other.
    """

    documents_with_line: dict[str, Counter[str]] = field(default_factory=dict)
    _stories: dict[str, list[tuple[set[str], set[str]]]] = field(default_factory=dict)

    def add(self, site: str, text: str) -> None:
        """Count the lines of one document of ``site``, once per story."""
        raw_lines = [line for line in text.splitlines() if line.strip()]
        lines = {normalise_line(line) for line in raw_lines} - {""}
        prose = {normalise_line(line) for line in raw_lines if is_prose(line)}
        counter = self.documents_with_line.setdefault(site, Counter())
        stories = self._stories.setdefault(site, [])
        for story_lines, story_prose in stories:
            if _same_story(prose, story_prose):
                counter.update(lines - story_lines)
                story_lines |= lines
                story_prose |= prose
                return
        stories.append((set(lines), set(prose)))
        counter.update(lines)

    def documents_with(self, site: str, line: str) -> int:
        """In how many distinct documents of ``site`` this line occurs."""
        return self.documents_with_line.get(site, Counter())[normalise_line(line)]

    def is_repeated(self, site: str, line: str) -> bool:
        """Whether the line is repeated chrome of the site (prose needs more repeats)."""
        needed = REPEAT_PROSE_MIN_DOCUMENTS if is_prose(line) else REPEAT_MIN_DOCUMENTS
        return self.documents_with(site, line) >= needed


def _same_story(prose: set[str], other: set[str]) -> bool:
    """Whether two documents share most of the prose of the shorter one (syndicated copies)."""
    shared = len(prose & other)
    return shared >= COPY_MIN_SHARED_PROSE_LINES and shared >= COPY_MIN_SHARED_SHARE * min(len(prose), len(other))


# Lines whose words and normal form are kept: each line is asked several times (pattern, shape, repetition,
# navigation, heading, footer checks); 3,000 bench documents hold 20,000 lines, repeated lines across them.
LINE_CACHE_SIZE = 8192


@lru_cache(maxsize=LINE_CACHE_SIZE)
def normalise_line(line: str) -> str:
    return " ".join(WORD.findall(line.lower()))


def site_key(raw: RawDocument) -> str:
    """Which site a document comes from, for repeated-line statistics."""
    if raw.outlet:
        return raw.outlet.lower()
    if raw.url:
        from urllib.parse import urlsplit

        return urlsplit(raw.url).netloc.lower()
    path = raw.source_path.split(":", 1)[0] if raw.source_path.endswith(tuple("0123456789")) else raw.source_path
    return path.rsplit("/", 1)[0] if "/" in path else "."


def collect_line_stats(raws: Iterable[RawDocument]) -> SiteLineStats:
    """First pass over a batch: count lines per site among plain-text inputs."""
    stats = SiteLineStats()
    for raw in raws:
        if raw.kind == "text":
            try:
                stats.add(site_key(raw), decode_text(raw))
            except ExtractError:
                continue
    return stats


def decode_text(raw: RawDocument) -> str:
    """Bytes -> str: UTF-8 (with or without BOM) first, else charset detection."""
    if isinstance(raw.content, str):
        return raw.content
    data = raw.content
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                if codec != "utf-32":
                    raise ExtractError(
                        raw.source_path,
                        f"starts with a {codec.upper()} byte-order mark but is not {codec.upper()}: {exc.reason}",
                    ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractError(raw.source_path, "cannot detect the text encoding (binary or corrupt file?)")
    return str(best)


def detect_encoding(raw: RawDocument) -> str | None:
    if isinstance(raw.content, str):
        return None
    try:
        raw.content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw.content).best()
        return best.encoding if best else None


@lru_cache(maxsize=LINE_CACHE_SIZE)
def words(line: str) -> tuple[str, ...]:
    """The line's words (a tuple: kept in a cache shared by every caller)."""
    return tuple(WORD.findall(line))


def stopword_ratio(tokens: Sequence[str]) -> float:
    return sum(t.lower() in STOPWORDS for t in tokens) / max(len(tokens), 1)


def is_prose(line: str) -> bool:
    """A sentence-like line: enough words, function words, closing punctuation."""
    tokens = words(line)
    if len(tokens) < PROSE_MIN_WORDS:
        return False
    if line.rstrip().endswith(TERMINAL):
        return True
    capitalised = sum(t[0].isupper() for t in tokens if t.lower() not in STOPWORDS)
    title_case = capitalised >= TITLE_CASE_RATIO * max(sum(t.lower() not in STOPWORDS for t in tokens), 1)
    return len(tokens) >= UNPUNCTUATED_PROSE_MIN_WORDS and not title_case and stopword_ratio(tokens) >= 0.25


def is_sentence_like(line: str) -> bool:
    """Prose, a dash attribution ("\u2013 Secretary Michael Pompeo, July 3, 2019") or an embedded tweet."""
    return is_prose(line) or bool(DASH_ATTRIBUTION.match(line)) or bool(TWEET.search(line))


def is_paragraph(line: str, tokens: Sequence[str]) -> bool:
    """A long line of running text: finished, or holding several sentences."""
    if len(tokens) <= CHROME_EXEMPT_MIN_WORDS:
        return False
    return line.rstrip().endswith(TERMINAL) or len(SENTENCE_END.findall(line)) + 1 >= PARAGRAPH_MIN_SENTENCES


def chrome_reason(line: str) -> str | None:
    """The known-chrome pattern a line matches, if any (paragraphs with one incidental hit are exempt)."""
    if TWEET.search(line):
        return None  # an embedded tweet is a quotation with its attribution
    tokens = words(line)
    finished = line.rstrip().endswith(TERMINAL)
    folded = _folded(line)
    hits = [
        (reason, match.start())
        for reason, pattern in CHROME_PATTERNS
        if _may_match(reason, folded) and (match := pattern.search(line))
    ]
    if [reason for reason, _start in hits] == ["truncated link text"] and finished:
        hits = []  # link text is judged on its ending
    if not hits:
        return credit_reason(line, tokens, finished)
    if _is_paragraph_with_incidental_chrome(line, tokens, hits):
        return None
    return hits[0][0]


def _is_paragraph_with_incidental_chrome(line: str, tokens: Sequence[str], hits: Sequence[tuple[str, int]]) -> bool:
    """A paragraph that merely contains a widget string, as opposed to a widget (see the constants)."""
    if not is_paragraph(line, tokens) or len(tokens) <= PARAGRAPH_WORDS_PER_CHROME_HIT * _chrome_occurrences(line):
        return False
    marker_first = any(start <= len(line) - len(line.lstrip()) for _reason, start in hits)
    return not marker_first or len(tokens) > ONE_LINE_ARTICLE_MIN_WORDS


def _chrome_occurrences(line: str) -> int:
    return sum(len(pattern.findall(line)) for _reason, pattern in CHROME_PATTERNS)


def credit_reason(line: str, tokens: Sequence[str], finished: bool) -> str | None:
    """Photo captions and credits that carry no sentence punctuation."""
    if finished or TWEET.search(line):
        return None
    if AGENCY_CAPTION.match(line):
        return "photo caption with agency credit"
    if NAME_SLASH_CREDIT.match(line) and len(tokens) <= CREDIT_MAX_WORDS:
        return "photo credit"
    return None


def strip_inline_chrome(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut widget fragments out of a line; return the rest and the (fragment, reason) cut."""
    cut: list[tuple[str, str]] = []
    folded = _folded(line)
    for reason, pattern in INLINE_CHROME:
        if not _holds_any(folded, INLINE_ANCHORS[reason]):
            continue  # nowhere a match could be (``INLINE_ANCHORS``): most lines
        matches = [match.group() for match in pattern.finditer(line)]
        cut.extend((fragment.strip(), reason) for fragment in matches if fragment.strip())
        if matches:  # scanned once: most lines hold no widget text (a second scan cost 0.5 s in 3,000 documents)
            line = pattern.sub(" ", line)
            folded = _folded(line)
    # Whitespace is only tidied where something was cut: offsets stay faithful otherwise.
    return (" ".join(line.split()) if cut else line), cut


def is_keyword_string(line: str) -> bool:
    """Lower-case tag/alt-text strings: several words, no function words, no punctuation."""
    tokens = words(line)
    return (
        len(tokens) >= KEYWORD_MIN_WORDS
        and line.strip() == line.strip().lower()
        and not line.rstrip().endswith(TERMINAL)
        and stopword_ratio(tokens) <= KEYWORD_MAX_STOPWORD_RATIO
    )


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    removed: str | None = None
    heading: bool = False
    fragments: list[tuple[str, str]] = field(default_factory=list)


def clean_text(
    text: str, *, site: str = ".", stats: SiteLineStats | None = None
) -> tuple[str, list[tuple[int, int]], list[RemovedLine]]:
    """Remove scraping debris from plain text.

    Returns the clean text (kept lines, paragraphs separated by a blank line),
    heading spans into it, and the removed lines with reasons.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [_Line(i, raw.strip()) for i, raw in enumerate(text.split("\n"), start=1) if raw.strip()]
    _cut_inline_chrome(lines)
    counts = Counter(normalise_line(line.text) for line in lines)
    first_copy: dict[str, int] = {}
    for line in lines:
        if line.removed:
            continue
        line.text = BULLET.sub("", line.text).strip() if BULLET.match(line.text) and len(words(line.text)) > 3 else line.text
        line.removed = _line_reason(line.text, counts, site, stats) or _duplicate_reason(line, first_copy)
    _mark_navigation_runs(lines)
    _mark_headings_and_footer(lines)
    return _assemble(lines)


def _cut_inline_chrome(lines: list[_Line]) -> None:
    """Cut widget fragments from each line; a line that was nothing but widget is removed whole."""
    for line in lines:
        rest, line.fragments = strip_inline_chrome(line.text)
        if rest:
            line.text = rest
        else:
            line.removed, line.fragments = line.fragments[0][1], []


def _line_reason(line: str, counts: Counter[str], site: str, stats: SiteLineStats | None) -> str | None:
    """Why a line is debris on its own (pattern, shape, repetition), or None."""
    reason = chrome_reason(line)
    if reason:
        return reason
    tokens = words(line)
    if not tokens:
        return "no words (symbols or markup debris)"
    if is_keyword_string(line):
        return "keyword string / image alt-text"
    # Short labels repeated inside one page ("Photo", "Video") are widget text;
    # longer repeated lines are handled as duplicates (first copy kept).
    if len(tokens) < PROSE_MIN_WORDS and counts[normalise_line(line)] > 1 and not is_sentence_like(line):
        return "short non-prose line repeated in the document"
    if stats is not None:
        needed = REPEAT_PROSE_MIN_DOCUMENTS if is_prose(line) else REPEAT_MIN_DOCUMENTS
        if stats.documents_with(site, line) >= needed:
            return f"line repeated across {needed}+ documents of the site"
    return None


def _duplicate_reason(line: _Line, first_copy: dict[str, int]) -> str | None:
    """Later copies of a line already kept in this document (pull quotes, repeated captions)."""
    key = normalise_line(line.text)
    if key not in first_copy:
        first_copy[key] = line.number
        return None
    return f"duplicate of line {first_copy[key]}"


def _mark_navigation_runs(lines: list[_Line]) -> None:
    run: list[_Line] = []
    for line in [*lines, _Line(-1, "a long sentence that ends every navigation run here.")]:
        short = line.removed is None and len(words(line.text)) <= NAV_LINE_MAX_WORDS and not line.text.endswith(TERMINAL)
        if short:
            run.append(line)
            continue
        if len(run) >= NAV_RUN_MIN_LINES:
            for item in run:
                item.removed = "navigation / menu run"
        run = []
    for line in lines:
        if line.removed is None and line.text.count("|") >= 2 and not is_prose(line.text.replace("|", " ")):
            line.removed = "navigation / menu run"


def _mark_headings_and_footer(lines: list[_Line]) -> None:
    kept = [line for line in lines if line.removed is None]
    prose_positions = [i for i, line in enumerate(kept) if is_sentence_like(line.text)]
    if not prose_positions:
        return
    last_prose = prose_positions[-1]
    for i, line in enumerate(kept):
        if i > last_prose:
            if not _is_short_sentence(line.text):
                line.removed = "footer / related-link line after the article"
            continue
        if is_sentence_like(line.text):
            continue
        if len(words(line.text)) <= HEADING_MAX_WORDS and not line.text.rstrip().endswith((".", "!", "?", ",", ";")):
            line.heading = True


def _is_short_sentence(line: str) -> bool:
    """A finished sentence too short for ``is_prose`` ("The verdict can be appealed.")."""
    return line.rstrip().endswith((".", "!", "?", '"', "\u201d")) and len(words(line)) >= FOOTER_SENTENCE_MIN_WORDS


def _assemble(lines: list[_Line]) -> tuple[str, list[tuple[int, int]], list[RemovedLine]]:
    parts: list[str] = []
    headings: list[tuple[int, int]] = []
    removed: list[RemovedLine] = []
    offset = 0
    for line in lines:
        removed.extend(RemovedLine(fragment, f"inline {reason}", line.number) for fragment, reason in line.fragments)
        if line.removed:
            removed.append(RemovedLine(line.text, line.removed, line.number))
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        if line.heading:
            headings.append((offset, offset + len(line.text)))
        parts.append(line.text)
        offset += len(line.text)
    return "".join(parts), headings, removed


def identify_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, model shipped in the package)."""
    if len(list(islice(WORD.finditer(text), 3))) < 3:  # three words at least: found without listing the whole text's
        return None
    import py3langid

    language, _score = py3langid.classify(text[:5000])
    return str(language)


def _name_key(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


def clean_title(title: str | None, sitename: str | None, hostname: str | None) -> str | None:
    """Drop a leading or trailing site-name segment from a page title."""
    if not title:
        return title
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    names = {_name_key(sitename)} if sitename else set()
    host = (hostname or "").lower().removeprefix("www.")
    host_core = _name_key(host.rsplit(".", 1)[0]) if host else ""
    names.discard("")

    def names_site(segment: str, loose: bool) -> bool:
        key = _name_key(segment)
        if not key or len(segment.split()) > TITLE_SITE_SEGMENT_MAX_WORDS:
            return False
        if key in names or key == host_core:
            return True
        return loose and (any(key in name or name in key for name in names) or (bool(host_core) and host_core in key))

    last, first = parts[-1], parts[0]
    if names_site(last, loose=True):
        return title[: title.rfind(last)].rstrip(" |-\u2013\u2014\u203a\u00bb:\u00b7/")
    if names_site(first, loose=False):
        return title[len(first) :].lstrip(" |-\u2013\u2014\u203a\u00bb:\u00b7/")
    return title


# A DOCTYPE with an internal subset (entity declarations, the XXE shape): libxml2's
# HTML parser swallows the page up to "]>" or further, so it is replaced by a plain
# one before parsing. Entities are never expanded and nothing is ever fetched.
DOCTYPE_WITH_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.I | re.S)
DOCTYPE_WITH_SUBSET_TEXT = re.compile(r"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.I | re.S)


def without_doctype_subset(content: bytes | str) -> bytes | str:
    """The page with any DOCTYPE internal subset (``<!DOCTYPE x [<!ENTITY ...>]>``) replaced by ``<!DOCTYPE html>``."""
    if isinstance(content, str):
        return DOCTYPE_WITH_SUBSET_TEXT.sub("<!DOCTYPE html>", content, count=1)
    return DOCTYPE_WITH_SUBSET.sub(b"<!DOCTYPE html>", content, count=1)


def extract_html(raw: RawDocument) -> Document:
    """Main text and metadata of an HTML page through trafilatura (no network access).

    Options, measured on the scrapinghub benchmark (F1) and trafilatura-eval
    (segment F1): comments off (trafilatura.extract keeps them by default:
    0.953 vs 0.960 here); tables on (off: 0.957); favor_precision would gain
    0.004 on scrapinghub and lose 0.004 on trafilatura-eval (76 more gold
    segments missed), favor_recall loses on both, so the balanced default stays.
    """
    import trafilatura
    from trafilatura.settings import Document as PageExtraction

    result = trafilatura.bare_extraction(
        without_doctype_subset(raw.content), url=raw.url, with_metadata=True, include_comments=False, include_tables=True
    )
    if not isinstance(result, PageExtraction) or not result.text:
        raise ExtractError(raw.source_path, "no article text found in the HTML (empty page or not an article)")
    # NFC, as trafilatura.extract does: bare_extraction leaves decomposed
    # characters (Bengali, Vietnamese...), which then fail to match the same
    # words from other sources (2 gold segments on half of trafilatura-eval).
    body = unicodedata.normalize("NFC", result.text or "")
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    text = "\n\n".join(paragraphs)
    if len(text) < MIN_ARTICLE_CHARS:
        raise ExtractError(
            raw.source_path,
            f"no article text found in the HTML: the main text is only {len(text)} characters "
            "(login wall, paywall stub or empty page?)",
        )
    return Document(
        id=raw.id,
        source_path=raw.source_path,
        text=text,
        kind="html",
        source_id=raw.source_id,
        url=raw.url or result.url,
        outlet=raw.outlet or result.sitename or result.hostname,
        title=raw.title or clean_title(result.title, result.sitename, result.hostname),
        author=raw.author or result.author,
        published=raw.published or result.date,
        language=identify_language(text),
        encoding=detect_encoding(raw),
    )


def _nothing_left_reason(text: str, removed: Sequence[RemovedLine]) -> str:
    """Say what the text turned out to be, so the user sees why it is not an article."""
    common, _count = Counter(line.reason for line in removed).most_common(1)[0]
    return (
        f"no article text left after removing debris ({len(text)} characters kept, "
        f"{len(removed)} lines removed, mostly {common!r})"
    )


def keep_whole_article(removed: Sequence[RemovedLine]) -> tuple[str, list[tuple[int, int]], list[RemovedLine]] | None:
    """The prose of a text debris removal would have deleted entirely, flagged; None when it holds no article."""
    prose = [line for line in removed if not line.reason.startswith("inline") and is_prose(line.line)]
    if sum(len(words(line.line)) for line in prose) < WHOLE_ARTICLE_MIN_PROSE_WORDS:
        return None
    kept = {id(line) for line in prose}
    reasons = Counter(line.reason for line in prose).most_common(1)[0][0]
    flag = RemovedLine(
        "",
        f"{KEPT_WHOLE_ARTICLE}: debris removal would have removed every line (mostly {reasons!r});"
        f" its {len(prose)} prose lines are kept",
        0,
    )
    return "\n\n".join(line.line for line in prose), [], [flag, *(line for line in removed if id(line) not in kept)]


def extract_text(raw: RawDocument, stats: SiteLineStats | None = None) -> Document:
    """Plain text -> Document with debris removed; the first heading becomes the title."""
    original = decode_text(raw)
    if "\x00" in original:
        raise ExtractError(raw.source_path, "binary content (NUL characters) in a text file")
    text, headings, removed = clean_text(original, site=site_key(raw), stats=stats)
    if not text.strip() and not removed:
        raise ExtractError(raw.source_path, "empty text: the file or record holds no words to read")
    if len(text) < MIN_ARTICLE_CHARS and removed:
        kept = keep_whole_article(removed)
        if kept is None:
            raise ExtractError(raw.source_path, _nothing_left_reason(text, removed))
        text, headings, removed = kept
    elif len(text) < MIN_ARTICLE_CHARS:
        warning = f"{SHORT_DOCUMENT}: {len(text)} characters (a headline or wire flash?); kept as given"
        removed = [RemovedLine("", warning, 0)]
    title = raw.title
    if title is None and headings and headings[0][0] == 0:
        title = text[headings[0][0] : headings[0][1]]
    return Document(
        id=raw.id,
        source_path=raw.source_path,
        text=text,
        kind="text",
        source_id=raw.source_id,
        url=raw.url,
        # A text scrape has no site-name metadata; its removed chrome may name the publisher ("U.S. Department of State").
        outlet=raw.outlet or publisher_line(removed),
        title=title,
        author=raw.author,
        published=raw.published,
        language=identify_language(text),
        headings=tuple(headings),
        removed_lines=tuple(removed),
        encoding=detect_encoding(raw),
    )


def extract(raw: RawDocument, stats: SiteLineStats | None = None) -> Document:
    """RawDocument -> Document, dispatching on the input kind."""
    return extract_html(raw) if raw.kind == "html" else extract_text(raw, stats)
