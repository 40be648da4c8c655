"""When a document was published, for display: the metadata date, else the bounds its text puts on it.

Read from what analyze stored (the date evidence notes of ``stages.dates`` and
the date mentions), so every page, export and API answer says the same, and
"undated" is said only when neither the metadata nor the text gives a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from crossread.model import DateMention

DATE_BETWEEN = re.compile(r"^document date between (\S+) and (\S+)$")
DATE_FROM_DATELINE = re.compile(r"^dateline near the top: .* → document date probably (\S+)$")
# A yearless date this far into the text is the lead's ("arrived on Saturday, 1 February").
LEAD_CHARS = 600
# The evidence a yearless date told in the future tense carries (``stages.analyze.dates``):
# the text was written before it ("the summit will be on 16 June").
FUTURE_YEARLESS = "future tense: written before it"
# The note of a text that counts years back from its latest full date ("Twenty years ago …,
# Sept. 11, 2001"): its full dates are history, neither the writing date's year nor the event's.
COUNTS_YEARS_BACK = "the text counts years back"
# The evidence of a date written before the noun it names ("the Jan. 6 riot", "the Sept. 11
# attacks"): it names another event, not when the story's news happened (``stages.event``).
NAMES_AN_EVENT = "names an event (written before its noun), not when this news happened"
# The evidence of a date the text counts from ("the lowest since March 14, 2020"): a baseline, after which
# the news happened, not its day (audit J saw the baseline as a jobless-claims story's When).
SINCE_BASELINE = "a baseline ('since …'): the news is after it, not on it"
DATE_LATEST_EXPLICIT = re.compile(r"^latest explicit date in the text: (\S+) \(")


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """When a document was written, as far as its metadata or text tell: ``label`` to show, ``how`` it was found."""

    label: str | None
    how: str
    exact: bool

    @property
    def display(self) -> str:
        return self.label or "undated"

    def to_dict(self) -> dict[str, str | bool | None]:
        return {"label": self.label, "exact": self.exact, "how": self.how}


def document_date(published: str | None, evidence: Sequence[str], dates: Sequence[DateMention] = ()) -> DocumentDate:
    """The publication date when the input gives one, else the bounds the text puts on it ("undated" only without any)."""
    if published:
        return DocumentDate(published, "publication date in the page or input metadata", True)
    notes = list(evidence)
    for note in notes:
        if match := DATE_FROM_DATELINE.match(note):
            return DocumentDate(match.group(1), f"from the text: {note}", True)
    for note in notes:
        if match := DATE_BETWEEN.match(note):
            return DocumentDate(f"between {match.group(1)} and {match.group(2)}", "from the text: " + "; ".join(notes[:3]), False)
    lead = lead_date(dates)
    for note in notes:
        if match := DATE_LATEST_EXPLICIT.match(note):
            if lead is not None and re.fullmatch(r"\d{4}", match.group(1)):
                # "the 1871 Ku Klux Klan Act" and a lead's "Jan. 6": the lead's day says when the news
                # is from; a year named in the text is mostly background (audit I read "on or after
                # 1871" as true but useless). The year stays in ``how``.
                return DocumentDate(lead.label, f"{lead.how}; {note}", False)
            return DocumentDate(f"on or after {match.group(1)}", f"from the text: {note}", False)
    if lead is not None:
        return lead
    return DocumentDate(None, "no publication date in the metadata and no dated reference in the text", False)


def day_and_month(month_day: str) -> str:
    """ "07-17" (or "XXXX-07-17", "--07-17": the last five characters) as people write it: "17 July"."""
    shown = date(2000, int(month_day[-5:-3]), int(month_day[-2:]))
    return f"{shown.day} {shown:%B}"


def when_shown(day: str | None, day_without_year: str | None) -> str:
    """The event's day as the brief shows it: the ISO date, "17 July (year not stated)", or "unknown"."""
    if day:
        return day
    if day_without_year and re.fullmatch(r"--\d\d-\d\d", day_without_year):
        return f"{day_and_month(day_without_year)} (year not stated)"
    return "unknown"


def lead_date(dates: Sequence[DateMention]) -> DocumentDate | None:
    """A yearless date in the lead ("arrived on Saturday, 1 February"): the report is from on or after it;
    or from before it, when the lead tells it in the future tense ("will meet on 16 June")."""
    for mention in dates:
        if mention.start > LEAD_CHARS:
            break
        if re.fullmatch(r"XXXX-\d\d-\d\d", mention.value):
            side = "before" if FUTURE_YEARLESS in mention.evidence else "on or after"
            label = f"{side} {day_and_month(mention.value)} (year not stated)"
            return DocumentDate(label, f"from the text: {mention.text!r} in the lead; " + "; ".join(mention.evidence), False)
    return None


def moment_of(published: str | None) -> tuple[datetime, bool] | None:
    """(UTC moment, has a time of day) of a publication date, or None when it is not an ISO date."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment, "T" in published or " " in published.strip()


def publication_order(published: str | None, source_path: str) -> tuple[bool, datetime, str]:
    """Sort key: dated sources first, earliest first; undated ones after, by input name (a folder's order)."""
    moment = moment_of(published)
    return (moment is None, moment[0] if moment else datetime.min, source_path)


# A headline's leading label is not part of it ("Highlights: …", "WATCH: …"); a name before a colon is
# ("Romney: My 'Preference' Is Marriage…" keeps its subject), so only these words count as labels.
HEADLINE_LABELS = (
    "analysis", "breaking", "breaking news", "editorial", "exclusive", "explainer", "fact check", "factbox",
    "highlights", "live", "live updates", "opinion", "photos", "update", "updated", "video", "watch",
)  # fmt: skip
HEADLINE_LABEL = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in HEADLINE_LABELS) + r")\s*:\s+(?=\S)", re.I)


def headline_without_label(title: str | None) -> str | None:
    """The headline with a leading label such as "Highlights:" dropped, the same on every page and export."""
    if not title:
        return title
    return HEADLINE_LABEL.sub("", title).strip() or title.strip()
