"""Server-side charts: article dates -> plain geometry that templates draw as inline SVG.

Nothing here produces markup. Each function returns numbers and label strings;
the Jinja templates turn them into ``<svg>`` elements with autoescaping on, so
an outlet name or title can never become markup.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

# Sparkline size in px, sized to sit inline in a table row next to 0.9rem text.
SPARK_WIDTH = 96
SPARK_HEIGHT = 20
# At most this many bars: one per day for short stories, equal-width bins beyond.
SPARK_MAX_BINS = 24
# A story shorter than this many days is drawn on a week, so one day is a bar, not a block.
SPARK_MIN_DAYS = 7
# Timeline geometry (px): left margin holds outlet names, bottom margin the date ticks.
TIMELINE_WIDTH = 760
TIMELINE_ROW_HEIGHT = 34
TIMELINE_LEFT = 190
TIMELINE_RIGHT = 48
TIMELINE_TOP = 16
TIMELINE_BOTTOM = 44
# Date ticks on the x axis: enough to read a month-long story, few enough not to overlap.
TIMELINE_MAX_TICKS = 6
# Outlet names longer than this are cut in the left margin (the full name is in the tooltip).
TIMELINE_LABEL_CHARS = 26


def parse_day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime string, or None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: int
    height: int
    bars: tuple[Bar, ...]
    label: str


def sparkline(days: list[date | None], fallback: date | None) -> Sparkline:
    """Articles per day (or per bin of days) over the story's span; undated articles count on ``fallback``."""
    known = [d for d in (day or fallback for day in days) if d is not None]
    label = _count(len(days), "article")
    if not known:
        return Sparkline(SPARK_WIDTH, SPARK_HEIGHT, (), label + ", undated")
    first, last = min(known), max(known)
    span = max((last - first).days + 1, SPARK_MIN_DAYS)
    bins = min(span, SPARK_MAX_BINS)
    counts = Counter(min(bins - 1, (d - first).days * bins // span) for d in known)
    peak = max(counts.values())
    slot = SPARK_WIDTH / bins
    bars = []
    for index in range(bins):
        n = counts.get(index, 0)
        if not n:
            continue  # the baseline shows the empty days
        height = max(1.0, (SPARK_HEIGHT - 2) * n / peak)
        start = first + timedelta(days=index * span // bins)
        bars.append(
            Bar(round(index * slot + slot * 0.12, 2), round(SPARK_HEIGHT - height, 2), round(slot * 0.76, 2), round(height, 2),
                f"{start.isoformat()}: {n}")
        )  # fmt: skip
    return Sparkline(SPARK_WIDTH, SPARK_HEIGHT, tuple(bars), f"{label}, {first.isoformat()} to {last.isoformat()}")


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One article (or several on the same day and row) on the coverage timeline."""

    x: float
    y: float
    count: int
    estimated: bool
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Row:
    y: float
    label: str
    full: str


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    points: tuple[TimelinePoint, ...]
    caption: str
    axis_label: str


@dataclass(frozen=True, slots=True)
class Article:
    """What the timeline needs to know about one article."""

    row: str
    day: date | None
    title: str
    href: str


def _count(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"


def timeline(
    articles: list[Article],
    fallback: date | None,
    item: str = "article",
    row: str | None = "outlet",
    axis: str = "date published",
) -> Timeline:
    """Articles over time, one row per outlet; undated articles sit on ``fallback`` as hollow marks.

    ``item`` and ``row`` name what a mark and a row stand for in the caption (``row=None``: rows
    are not counted), ``axis`` labels the time axis.
    """
    rows = sorted({a.row for a in articles}, key=str.lower)
    placed = [(a, a.day or fallback, a.day is None) for a in articles]
    days = [d for _a, d, _e in placed if d is not None]
    first = min(days) if days else date.today()
    last = max(days) if days else first
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    height = TIMELINE_TOP + TIMELINE_BOTTOM + TIMELINE_ROW_HEIGHT * max(1, len(rows))
    plot = TIMELINE_WIDTH - TIMELINE_LEFT - TIMELINE_RIGHT

    def x_of(day: date) -> float:
        return round(TIMELINE_LEFT + plot * (day - first).days / span, 2)

    def y_of(row: str) -> float:
        return TIMELINE_TOP + TIMELINE_ROW_HEIGHT * (rows.index(row) + 0.5)

    groups: dict[tuple[str, date | None, bool], list[Article]] = {}
    for article, day, estimated in placed:
        groups.setdefault((article.row, day, estimated), []).append(article)
    points = []
    for (name, day, estimated), members in groups.items():
        if day is None:
            continue
        when = day.isoformat() + (" (undated: story date)" if estimated else "")
        title = f"{name} · {when} · " + "; ".join(m.title for m in members)
        points.append(TimelinePoint(x_of(day), y_of(name), len(members), estimated, title, members[0].href))
    step = max(1, -(-span // (TIMELINE_MAX_TICKS - 1)))
    ticks = [Tick(x_of(first + timedelta(days=n)), (first + timedelta(days=n)).isoformat()) for n in range(0, span + 1, step)]
    labels = [Row(y_of(r), r if len(r) <= TIMELINE_LABEL_CHARS else r[: TIMELINE_LABEL_CHARS - 1] + "…", r) for r in rows]
    undated = sum(1 for _a, _d, e in placed if e)
    caption = _count(len(articles), item) + (f" in {_count(len(rows), row)}" if row else "")
    if undated:
        caption += f"; {undated} undated, drawn hollow on the story's date"
    return Timeline(
        TIMELINE_WIDTH, height, TIMELINE_LEFT, TIMELINE_RIGHT, TIMELINE_TOP, TIMELINE_BOTTOM,
        tuple(labels), tuple(ticks), tuple(points), caption, axis,
    )  # fmt: skip
