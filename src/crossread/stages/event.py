"""event: who / what / when / where of a story, from what its sources say together.

Needs the story's analyzed documents, linked entities and claims. The date is
reasoned across documents: each source's lead dates vote (dates a quote was
said on are not the event's), and a yearless date one source gives
("Saturday, 1 February": candidate years 2014, 2020, 2025) is fixed by another
source's full date or by intersecting candidates; every step is kept as
evidence; a baseline ("the lowest since March 14, 2020") and a deadline ("by Oct.
18") date no event. Places are entities that stand after a locative preposition in the
text ("to Minsk", "in Minsk"), not in background ("tours in Vietnam", "research … in
Wuhan"); actors are the entities most mentioned.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from crossread.bidi import isolated
from crossread.headlines import headline_end
from crossread.model import ACTOR_LABELS, PLACE_LABELS, AnalyzedDocument, DateMention, Entity, EntityMention, Event
from crossread.outlets import default_registry, identify
from crossread.paths import shown_path
from crossread.publication import (
    COUNTS_YEARS_BACK,
    FUTURE_YEARLESS,
    NAMES_AN_EVENT,
    SINCE_BASELINE,
    day_and_month,
    headline_without_label,
)
from crossread.units import inside_quotation

# Dates in the first sentences date the event (inverted pyramid); 4 covers an
# epigraph line plus the lead paragraph of the shared corpora's articles.
LEAD_SENTENCES = 4
MAX_ACTORS = 6
LABEL_WEIGHT = {"PERSON": 1.0, "ORG": 0.9, "GPE": 0.8, "NORP": 0.4}
# A headline mention counts as this many body mentions.
HEADLINE_BONUS = 3
MAX_PLACES = 3
# A further place is listed only with at least a quarter of the first one's votes: a summit in
# Geneva (headline, three leads) is not also "in the United Kingdom" because one source says the
# trip goes "to the United Kingdom" first (giveme5w1h where unchanged: its lists never differ so).
SECONDARY_PLACE_SHARE = 4
# Without a locative in any lead, name at most this many most-mentioned places.
FALLBACK_PLACES = 1
# ... and only one that this many of the story's sources name (all of them when fewer): one
# source's aside ("as did officials from Israel") is not where a three-source story happens.
FALLBACK_SOURCES = 2
# A place in the headline, or in a dateline, counts as this many locative mentions in a
# lead (measured on the even half of giveme5w1h's gold; see event_places).
HEADLINE_PLACE_BONUS = 2
DATELINE_BONUS = 2
# A place name this long that begins another place's name is its abbreviation ("Calif." of
# California, "Wash." of Washington); shorter cuts ("Va" of Vatican) are too often other places.
ABBREVIATION_MIN_LETTERS = 4
ABBREVIATION_DOT = re.compile(r"\.(?:\s+[a-z]|[,)])")
# A party label before a state ("(D-Calif.)", "(R., Texas)") or after one ("a Texas Republican").
PARTY_BEFORE = re.compile(r"\((?:(?:D|R|I)\s*[-.,\u2013]\s*,?\s*)?$")
PARTY_CLOSE = re.compile(r"\.?\)")
# A person's home state after the name ("Sen. Joe Manchin of West Virginia").
NAME_OF = re.compile(r"\b(?:Sen|Rep|Gov|Senator|Representative|Governor)\.? (?:[A-Z][\w.'\u2019-]* ){0,3}of $")
PARTY_AFTER = re.compile(r"\s+(?:Democrats?|Republicans?|lawmakers?|congressman|congresswoman|senator)\b")
# A disease is no place: the small model tags "Covid" a place ("died from Covid in the U.S."), which an
# audit saw listed as Where.
DISEASE_NAME = re.compile(
    r"(?:covid|covid-19|covid19|coronavirus|sars-cov-2|sars|mers|ebola|zika|mpox|monkeypox|measles|polio|cholera|"
    r"malaria|influenza|h1n1|h5n1|hiv|aids)",
    re.IGNORECASE,
)
# A name right before one of these words names a thing ("the Delta variant", "the Delta surge"), not an actor.
THING_AFTER = re.compile(r"\s+(?:variants?|strains?|subvariants?|lineages?|surges?|waves?)\b", re.IGNORECASE)
# ... or before the rest of a law's title: NER cut "George Floyd Justice" out of the "George Floyd
# Justice in Policing Act", which an audit saw listed as Who.
LAW_AFTER = re.compile(r"\s+(?:(?:in|for|of|and|to)\s+)?(?:[A-Z][\w'\u2019-]*\s+){0,4}Act\b")
# A name right before one of these words is cited for its figures ("Johns Hopkins University
# data", "a Reuters tally"): a source of numbers, not an actor, when that is all it is.
DATA_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:data|tally|tallies|tracker|figures|count|database|dashboard|survey|poll|estimates?)\b", re.IGNORECASE
)
# ... or right after these ("outage figures reported by GasBuddy", "data from the CDC").
DATA_BEFORE = re.compile(
    r"\b(?:data|figures|tally|tallies|survey|poll|estimates?|numbers)\s+(?:\w+\s+){0,2}(?:by|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Who comments on the event rather than acts in it: a mention introduced with one of these roles
# ("GasBuddy analyst Patrick De Haan", "Moody's chief economist Mark Zandi"), or an organisation
# named before one ("GasBuddy analyst"). An audit listed a fuel-price app and its analyst as Who
# of a pipeline-hack story.
COMMENTATOR_ROLE = r"(?:analyst|economist|strategist|forecaster|pollster|researcher|professor|expert)s?"
COMMENTATOR_BEFORE = re.compile(rf"\b{COMMENTATOR_ROLE}\s+$", re.IGNORECASE)
COMMENTATOR_AFTER = re.compile(
    rf"(?:['\u2019]s)?\s+(?:(?:chief|senior|lead|petroleum|energy|market)\s+)?{COMMENTATOR_ROLE}\b", re.IGNORECASE
)
# Outlet classes that report a story rather than act in it (``crossread.outlets``).
REPORTING_CLASSES = frozenset({"outlet", "wire"})
# A capitalised word right after a place in a headline makes the place a modifier of a
# name or title ("U.S. Secretary of State Visits Minsk"), not where the story happens.
NAME_GOES_ON = re.compile(r"\s+[A-Z]")
POSSESSIVE = re.compile(r"['\u2019]s\b")
# A wire dateline: a capitalised place opening a paragraph, then an agency or a dash.
DATELINE_AFTER = re.compile(r"^(?:,\s*[A-Z][\w.]*\.?)*\s*(?:\([^)]{1,30}\)\s*)?[-\u2013\u2014:]")
# A dateline with its agency ("WASHINGTON (AP) —", "KABUL, Afghanistan (Reuters) -"): the capitals
# before a wire's name in brackets are a place even where NER tagged nothing there.
AGENCY_DATELINE = re.compile(
    r"(?:^|\n)([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})(?:,\s*[A-Z][\w.]*\.?)*\s*"
    r"\((?:AP|Reuters|AFP|UPI|Bloomberg|dpa|Xinhua|TASS|CNN)\)\s*[-\u2013\u2014]"
)
# A place in a clause about someone's past ("Manger, a former police chief in Maryland and
# Virginia, …", "…, who has run departments in Maryland …") says where they were, not where the
# story happens (an audit found a new Capitol Police chief's story placed in Fairfax and Maryland).
BIOGRAPHY_OPENER = re.compile(
    r",\s+(?:(?:a|an|the)\s+(?:former|longtime|veteran|onetime|one-time|retired)\b|who\s+(?:has|had|once|previously|formerly|spent|served)\b)",
    re.IGNORECASE,
)
BIOGRAPHY_REACH = 160
# How far before a place ``SERVICE_BEFORE`` and ``TOPIC_BEFORE`` look.
BACKGROUND_REACH = 60
# The places before this one in an "in X, Y" list ("in Wuhan, China"), then the end of the window.
IN_PLACE_LIST = r"(?:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2},\s+){0,2}$"
# A place after a tour of duty ("including tours in Vietnam"): where someone served once, not where the story
# happens (audit J saw Vietnam as Where of a former general's obituary).
SERVICE_BEFORE = re.compile(r"\b(?:tours?|stints?)(?:\s+of\s+duty)?\s+in\s+" + IN_PLACE_LIST, re.IGNORECASE)
# A place where the research a story is about was done ("research on bat coronavirus in Wuhan"): the topic's
# place, not the event's (audit J saw Wuhan as Where of a Senate hearing in Washington).
TOPIC_BEFORE = re.compile(
    r"\b(?:research|studies|study|experiments?|projects?)\s+(?:(?:on|into|of)\s+)?(?:[\w-]+\s+){0,3}in\s+" + IN_PLACE_LIST,
    re.IGNORECASE,
)
# Whom someone worked for or served under, right before a person's name ("while working for", "under President",
# "while overseeing former President X's office").
SERVED_UNDER_BEFORE = re.compile(
    r"\b(?:(?:worked|working|served|serving)\s+(?:for|under)|under|while\s+(?:working|serving|overseeing|running)\b[^.;\n]{0,40})"
    r"\s+(?:(?:former|then|late)\s+)?(?:(?:President|Vice\s+President|Gov\.?|Governor|Sen\.?|Senator)\s+)?$"
)
# A date naming an event ("their Nov. 2 victory") may date the story only this close before its source's date.
NAMED_EVENT_DAYS = 7
# Not "from": "officials from Israel", "friends from Hawaii" say where people come from, not
# where the story happens (giveme5w1h where top answer 0.625 -> 0.639 without it: one article).
# "to" that names no destination: "a threat usually attributed to Russia" (an audit saw Russia as Where).
NOT_A_DESTINATION = re.compile(
    r"\b(?:attributed|linked|tied|blamed|credited|owed|due|compared|similar|related|according|close|next|thanks|"
    r"belongs?|belonged|sanctions|ties|threat|threats|response|responded|reply|replied|loyal|allegiance)\s+to\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Organisations named for the building they sit in: "at the White House" says where a meeting was
# (an audit saw Where "unknown" for a meeting "at the White House" in all three sources). Counted
# only after a locative: "the White House said" names a speaker, not a place. (The Capitol stays a
# place as NER tags it: "Capitol fencing starts coming down" names where.)
VENUES = frozenset({"White House", "Kremlin", "Pentagon", "Downing Street", "Elysee Palace", "Élysée Palace"})
# A place after a locative word, alone or in a list of names ("in New York, New Jersey", "in Ohio and Texas").
PLACED_IN = re.compile(
    r"\b(?:in|at|near|across|throughout|inside|outside)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*\s*(?:,|\band\b|&)\s*)*$"
)
# "in" right after a name: the seat of the organisation it names ("... Center in Seattle"), with ``body_ends``.
BODY_SEAT = re.compile(r"\w in $")
LOCATIVE = re.compile(r"\b(?:in|to|at|near|into|inside|outside|visited|visits|visit)\s+(?:the\s+)?$", re.IGNORECASE)


def _lead_end(analyzed: AnalyzedDocument) -> int:
    """Where the lead ends: after the first LEAD_SENTENCES body sentences."""
    sentences = [s for s in analyzed.sentences if not s.is_heading][:LEAD_SENTENCES]
    return sentences[-1].end if sentences else 0


def _lead_dates(analyzed: AnalyzedDocument) -> tuple[list[DateMention], list[DateMention]]:
    """The lead's dates that may date the event, and apart those that date when a quotation was said.

    No full date of a text that counts years back from it ("Twenty years ago …, Sept. 11, 2001":
    history), and no baseline a figure is compared with ("the lowest since March 14, 2020"). A said-on
    date ("X said on Monday") dates the words, not always the news ("the deal struck last week, she said
    Tuesday"), so it only dates the event when no other lead date does.
    """
    lead_end = _lead_end(analyzed)
    quoted_on = {q.said_on for q in analyzed.quotes if q.said_on}
    history = any(note.startswith(COUNTS_YEARS_BACK) for note in analyzed.date_evidence)
    lead = [
        d
        for d in analyzed.dates
        if d.start < lead_end and SINCE_BASELINE not in d.evidence and not (history and len(d.value) == len("YYYY-MM-DD"))
    ]
    return [d for d in lead if d.value not in quoted_on], [d for d in lead if d.value in quoted_on]


def _fits(partial: str, full: str) -> bool:
    return partial.startswith("XXXX") and len(full) == len(partial) and full[4:] == partial[4:]


def _source_name(analyzed: AnalyzedDocument) -> str:
    """How the date evidence names a source: its outlet, else its headline, else its file name (never a local path)."""
    document = analyzed.document
    return isolated(identify(document).name or document.title or shown_path(document.source_path))


def _days_after_own_date(day: str, analyzed: AnalyzedDocument) -> int | None:
    """How many days ``day`` (ISO) lies after the document's own date; None without a readable one."""
    try:
        return (date.fromisoformat(day) - date.fromisoformat((analyzed.document.published or "")[:10])).days
    except ValueError:
        return None


def _just_before(day: str, analyzed: AnalyzedDocument) -> bool:
    """Is ``day`` within ``NAMED_EVENT_DAYS`` on or before the document's own date (its news, not history)?"""
    gap = _days_after_own_date(day, analyzed)
    return gap is not None and -NAMED_EVENT_DAYS <= gap <= 0


def _planned(day: str, analyzed: AnalyzedDocument) -> bool:
    """Is ``day`` after the document's own date (what it tells as coming: "they will meet Thursday")?"""
    gap = _days_after_own_date(day, analyzed)
    return gap is not None and gap > 0


def _dated_when_said(said: Counter[str], evidence: list[str], why: str) -> tuple[str, list[str]]:
    """The day most sources' lead words were said, with the evidence and ``why``."""
    day = said.most_common(1)[0][0]
    return day, [*evidence, f"{why}: dated when the words were said ({day})"]


def event_date(documents: Sequence[AnalyzedDocument]) -> tuple[str | None, list[str]]:
    """The event's ISO date and the evidence, reasoned across the sources' lead dates."""
    votes: Counter[str] = Counter()
    done: Counter[str] = Counter()  # votes of dates on or before their own source's date
    recent: Counter[str] = Counter()  # ... within a week before it (its news, not background)
    evidence: list[str] = []
    partials: list[tuple[AnalyzedDocument, DateMention]] = []
    named: Counter[str] = Counter()  # dates written before the noun they name ("the Jan. 6 riot")
    said: Counter[str] = Counter()  # days a lead's quotation was said, within a week before its source's date
    said_evidence: list[str] = []
    for analyzed in documents:
        name = _source_name(analyzed)
        dates, said_dates = _lead_dates(analyzed)
        for mention in said_dates:
            if len(mention.value) == len("YYYY-MM-DD") and _just_before(mention.value, analyzed):
                said[mention.value] += 1
                said_evidence.append(f"{name}: '{isolated(mention.text)}' → {mention.value} (when the lead's words were said)")
        for mention in dates:
            if NAMES_AN_EVENT in mention.evidence:
                if _just_before(mention.value, analyzed):
                    named[mention.value] += 1
                continue
            if mention.value.startswith("XXXX"):
                partials.append((analyzed, mention))
                continue
            if len(mention.value) == 10:
                votes[mention.value] += 1
                done[mention.value] += not _planned(mention.value, analyzed)
                recent[mention.value] += _just_before(mention.value, analyzed)
                why = f" ({'; '.join(mention.evidence)})" if mention.evidence else ""
                evidence.append(f"{name}: '{isolated(mention.text)}' → {mention.value}{why}")
    for analyzed, mention in partials:
        name = _source_name(analyzed)
        fitting = [v for v in votes if _fits(mention.value, v)]
        if fitting:
            votes[fitting[0]] += 1
            years = ", ".join(mention.candidates) or "unknown"
            evidence.append(
                f"{name}: '{isolated(mention.text)}' has no year (candidates: {years}); "
                f"{fitting[0][:4]} agrees with the other sources"
            )
    if not votes and partials:
        candidate_sets = [set(m.candidates) for _a, m in partials if m.candidates]
        common = set.intersection(*candidate_sets) if candidate_sets else set()
        if len(common) == 1 and len({m.value for _a, m in partials}) == 1:
            value = f"{common.pop()}{partials[0][1].value[4:]}"
            evidence.append(f"the only year all sources' yearless dates allow → {value}")
            return value, evidence
    done, recent = +done, +recent
    if said and done and not recent:
        # what the sources say now outdates a lead's background date ("the officer who shot her on
        # Jan. 6 will not be disciplined, the police said Monday" in an August story)
        return _dated_when_said(
            said, [*dict.fromkeys(said_evidence), *evidence], f"the lead's other dates lie more than {NAMED_EVENT_DAYS} days back"
        )
    if done and done.keys() != votes.keys():
        evidence.append("a date after a source's own date is a plan: the event is dated by what happened")
        return done.most_common(1)[0][0], evidence
    if said and not done:
        # only said-on dates tell what happened ("officials said on Monday" in every source, one
        # source's "counties have until April 29": a deadline ahead is no event date)
        return _dated_when_said(said, [*dict.fromkeys(said_evidence), *evidence], "no other lead date tells what happened")
    if votes:
        return votes.most_common(1)[0][0], evidence
    if named:
        # only a date naming an event days before the source's own date ("celebrated their Nov. 2
        # World Series victory"): the story's own, when no other date tells it; "the Jan. 6 riot" in
        # a June story, or any such date in an undated text, dates nothing (it named the story's
        # date wrongly in 12 of 70 judged AllSides stories, which carry no publication date)
        day = named.most_common(1)[0][0]
        return day, [*evidence, f"the only lead date names an event ('{day}'): the story's own"]
    published = sorted(d.document.published[:10] for d in documents if d.document.published)
    if published:
        return published[0], [f"no date in the lead; earliest publication date {published[0]}"]
    return None, ["no date found in the sources"]


def event_title(documents: Sequence[AnalyzedDocument]) -> str:
    """The headline of a source (label prefix dropped), else the first lead sentence."""
    for analyzed in documents:
        if analyzed.document.title:
            return headline_without_label(analyzed.document.title) or analyzed.document.title
    for analyzed in documents:
        body = [s for s in analyzed.sentences if not s.is_heading]
        if body:
            return body[0].text
    return "(untitled story)"


def event_places(documents: Sequence[AnalyzedDocument], entities: Sequence[Entity]) -> list[str]:
    """Place entities after a locative preposition in a headline or lead, most frequent first.

    A place the headline names in any way ("Croydon tram crash"; not a modifier of a name
    or title, "U.S. Secretary ...") or a wire dateline opens the body with ("LONDON
    (Reuters) -") counts extra: both name where the story happens, where the lead's
    "in ..." often widens to the region or country around it. A name NER tags a place in
    some mention and an organisation in others ("Croydon") is a place candidate too, but its
    headline mention counts only when it owns nothing ("Moderna's vaccine" is a company's).
    """
    texts = {d.document.id: d.document.text for d in documents}
    lead_ends = {d.document.id: _lead_end(d) for d in documents}
    headlines = {d.document.id: headline_end(d) for d in documents}
    # where NER tagged a place: the mention's start and end (a name link widened from one, "U.S." of "U.S. Capitol
    # Police", is no place: audit I saw "Capitol Police" listed as where)
    placed: dict[tuple[str, int], int] = {}
    for d in documents:
        for m in d.mentions:
            if m.label in PLACE_LABELS:
                placed[(m.doc_id, m.start)] = max(m.end, placed.get((m.doc_id, m.start), 0))
    candidates = [
        e
        for e in entities
        if e.label in PLACE_LABELS
        or e.name in VENUES
        or (e.label != "PERSON" and any(placed.get((m.doc_id, m.start), -1) >= m.end for m in e.mentions))
    ]
    longer = [e.name.casefold() for e in entities if " " in e.name]
    part_of_names = {  # named only as the start of another name ("Pandora" of "Pandora papers"), or a thing's
        e.name
        for e in candidates
        if all(begins_a_longer_name(texts.get(m.doc_id, ""), m.start, m.end, longer) for m in e.mentions)
        or names_a_thing(e, texts)  # "the Delta variant", which NER tagged a place
        or DISEASE_NAME.fullmatch(e.name.strip())
    }
    # where the story's organisations' names end: "the X Research Center in Seattle" says where the body sits,
    # not where the story happens (audit I saw Seattle, an organiser's workplace, as Where)
    body_ends = {(m.doc_id, m.end) for e in entities if e.label == "ORG" for m in e.mentions}
    counts: Counter[str] = Counter()
    for entity in candidates:
        if entity.name in part_of_names:
            continue
        is_place = entity.label in PLACE_LABELS
        venue = entity.name in VENUES and not is_place
        for mention in entity.mentions:
            if mention.start >= lead_ends.get(mention.doc_id, 0):
                continue
            text = texts.get(mention.doc_id, "")
            # a place named inside someone's words ("do not come to the United States") is where the
            # words point, not where the story happens
            if party_tag(text, mention.start, mention.end) or inside_quotation(text, mention.start):
                continue
            before = text[max(0, mention.start - 20) : mention.start]
            attributed = NOT_A_DESTINATION.search(text[max(0, mention.start - 40) : mention.start])
            seat = BODY_SEAT.search(before) is not None and (mention.doc_id, mention.start - len(" in ")) in body_ends
            destination = LOCATIVE.search(before) and not attributed and not seat
            if destination and not background_place(text, mention.start):
                counts[entity.name] += 1
            if venue:
                continue  # "the White House said": a speaker; only "at the White House" is a place
            owner = not is_place and POSSESSIVE.match(text, mention.end)  # "Moderna's vaccine": a company's
            if mention.start < headlines.get(mention.doc_id, 0) and not NAME_GOES_ON.match(text, mention.end) and not owner:
                counts[entity.name] += HEADLINE_PLACE_BONUS
            elif _is_dateline(text, mention.start, mention.end):
                counts[entity.name] += DATELINE_BONUS
    for name in _unnamed_datelines(documents, entities, candidates):
        counts[name] += DATELINE_BONUS
    if counts:
        counts = _abbreviations_merged(counts, entities, texts)
        ranked = counts.most_common(MAX_PLACES)
        return [name for name, n in ranked if n * SECONDARY_PLACE_SHARE >= ranked[0][1]]
    # No "in/to X" in any lead: the places the sources name most are the best evidence left.
    mentioned = Counter(
        {
            e.name: sum(
                1
                for m in e.mentions
                if not party_tag(texts.get(m.doc_id, ""), m.start, m.end)
                and not background_place(texts.get(m.doc_id, ""), m.start)
            )
            for e in entities
            if e.label in PLACE_LABELS and e.name not in part_of_names
        }
    )
    mentioned = +mentioned  # drop places named only in party tags
    sources = {  # the sources naming it as a place, not only in a party tag ("Paul (R-Ky.)")
        e.name: {m.doc_id for m in e.mentions if not party_tag(texts.get(m.doc_id, ""), m.start, m.end)} for e in entities
    }
    wanted = min(len(documents), FALLBACK_SOURCES)
    return [name for name, _n in mentioned.most_common() if len(sources[name]) >= wanted][:FALLBACK_PLACES]


def _abbreviates(short: Entity, full: str, texts: Mapping[str, str]) -> bool:
    """'Calif.' for California, 'Wash.' for Washington: a cut-off spelling of a longer place name,
    written with a dot that does not end its sentence ("Calif. students", "Fresno, Calif., on")
    — "Niger." ending a sentence is a country, not Nigeria cut short."""
    cut = short.name.rstrip(".")
    if cut == full or len(cut) < ABBREVIATION_MIN_LETTERS or " " in cut or not full.startswith(cut):
        return False
    return any(ABBREVIATION_DOT.match(texts.get(m.doc_id, ""), m.start + len(cut)) for m in short.mentions)


def _abbreviations_merged(counts: Counter[str], entities: Sequence[Entity], texts: Mapping[str, str]) -> Counter[str]:
    """Counts with each abbreviated place name's votes given to the full name it cuts off."""
    by_name = {e.name: e for e in entities}
    places = [e.name for e in entities if e.label in PLACE_LABELS]
    merged: Counter[str] = Counter()
    for name, n in counts.items():
        entity = by_name.get(name)
        full = next((p for p in places if entity is not None and _abbreviates(entity, p, texts)), name)
        merged[full] += n
    return merged


def placed_in(text: str, start: int) -> bool:
    """Is the name at ``start`` where something happens ("flooding in New York, New Jersey"), not who acts?"""
    return bool(PLACED_IN.search(text, max(0, start - 80), start))


def party_tag(text: str, start: int, end: int) -> bool:
    """Is the place at ``start:end`` a politician's home state ("Sen. Brian Schatz (D., Hawaii)",
    "Sen. Shelley Moore Capito (W.Va.)", "Gov. Greg Abbott of Texas", "a California Democrat")?
    It says who someone is, not where the story happens or who acts."""
    # each pattern searched only where it can match: after a "(", after "of " (``$``: or "of " and a newline)
    in_brackets = (
        "(" in text[max(0, start - 8) : start]
        and PARTY_BEFORE.search(text, max(0, start - 8), start)
        and PARTY_CLOSE.match(text, end)
    )
    after_of = text.endswith("of ", 0, start) or text.endswith("of \n", 0, start)
    return bool(in_brackets or PARTY_AFTER.match(text, end) or (after_of and NAME_OF.search(text, max(0, start - 48), start)))


def begins_a_longer_name(text: str, start: int, end: int, names: Sequence[str]) -> bool:
    """Is the mention the first word(s) of another entity's name, in any case ("Pandora papers" of the
    "Pandora Papers" leak, which NER tagged a place in one headline)? A place named only so is no
    place of the story ("Croydon tram crash" is, when the texts also say "in Croydon")."""
    longer = [name for name in names if len(name) > end - start and name[end - start] == " "]
    if not longer:
        return False
    here = text[start : start + max(map(len, longer))].casefold()  # not the rest of the document per mention
    return any(here.startswith(name) for name in longer)


def background_place(text: str, start: int) -> bool:
    """Is the place at ``start`` background: in a clause about someone's past (``in_biography``), a tour of duty
    ("tours in Vietnam") or the place of the research a story is about ("research … in Wuhan")?"""
    window = text[max(0, start - BACKGROUND_REACH) : start]
    return in_biography(text, start) or bool(SERVICE_BEFORE.search(window) or TOPIC_BEFORE.search(window))


def in_biography(text: str, start: int) -> bool:
    """Does ``start`` sit in a comma-opened clause about someone's past (``BIOGRAPHY_OPENER``), still open?"""
    window = text[max(0, start - BIOGRAPHY_REACH) : start]
    cut = max(window.rfind("."), window.rfind("\n"))
    openers = list(BIOGRAPHY_OPENER.finditer(window, cut + 1))
    return bool(openers) and "," not in window[openers[-1].end() :]


# The last word of a policy's or a law's name: "Child Tax Credit", "Paycheck Protection Program", "Patriot
# Act" are what is done, not who does it (an audit saw "Child Tax Credit" listed as Who).
POLICY_WORDS = frozenset({
    "credit", "credits", "program", "programme", "act", "bill", "initiative", "rule", "policy", "law", "scheme",
    "package", "agreement", "deal", "treaty", "accord", "plan", "mandate", "amendment",
})  # fmt: skip


def names_a_policy(entity: Entity) -> bool:
    """Is the entity a programme or a law by its name's last word ("Child Tax Credit")?"""
    words = entity.name.split()
    return len(words) > 1 and words[-1].casefold() in POLICY_WORDS


def names_a_thing(entity: Entity, texts: Mapping[str, str]) -> bool:
    """Is every mention the name of a thing, not of someone ("the Delta variant", "Mu strain", a law)?"""
    return all(
        THING_AFTER.match(texts.get(m.doc_id, ""), m.end) or LAW_AFTER.match(texts.get(m.doc_id, ""), m.end)
        for m in entity.mentions
    )


def cited_for_figures(entity: Entity, texts: Mapping[str, str]) -> bool:
    """Is every mention a source of numbers or comment ("according to Johns Hopkins University data",
    "figures reported by GasBuddy", "GasBuddy analyst")?"""

    def cited(m: EntityMention) -> bool:
        text = texts.get(m.doc_id, "")
        before = text[max(0, m.start - 40) : m.start]
        return bool(DATA_AFTER.match(text, m.end) or COMMENTATOR_AFTER.match(text, m.end) or DATA_BEFORE.search(before))

    return all(cited(m) for m in entity.mentions)


def past_employer(entity: Entity, texts: Mapping[str, str]) -> bool:
    """A person named only as whom someone worked for or served under ("built reputation while working for X",
    "secretary of state under President X"): someone's past, not who acts in the story (audit J saw a chief of
    staff's former boss listed as Who)."""
    return entity.label == "PERSON" and all(
        SERVED_UNDER_BEFORE.search(texts.get(m.doc_id, "")[max(0, m.start - BACKGROUND_REACH) : m.start]) for m in entity.mentions
    )


def commentator(entity: Entity, texts: Mapping[str, str]) -> bool:
    """A person introduced as an analyst, economist, expert…: who comments on the event, not who acts in it."""
    return entity.label == "PERSON" and any(
        COMMENTATOR_BEFORE.search(texts.get(m.doc_id, "")[max(0, m.start - 30) : m.start]) for m in entity.mentions
    )


def compound_of_others(entity: Entity, entities: Sequence[Entity]) -> bool:
    """A hyphenated pair of the story's other names ("Biden-Putin" summit): a modifier, not an actor."""
    parts = [p for p in re.split(r"[-\u2013]", entity.name) if p.strip()]
    if len(parts) < 2:
        return False
    words = {w for e in entities if e is not entity for alias in (e.name, *e.aliases) for w in alias.split()}
    return all(part.strip() in words for part in parts)


def _unnamed_datelines(documents: Sequence[AnalyzedDocument], entities: Sequence[Entity], counted: Sequence[Entity]) -> list[str]:
    """Places of wire datelines no ``counted`` place candidate's mention stands at ("WASHINGTON (AP)
    —" read as nothing or as an organisation), by the name of a story place spelled the same in any
    case, else as written: a candidate's own dateline mention has its vote already."""
    named = {(m.doc_id, m.start) for e in counted for m in e.mentions}
    by_lower = {e.name.lower(): e.name for e in entities if e.label in PLACE_LABELS}
    found = []
    for analyzed in documents:
        doc_id = analyzed.document.id
        for match in AGENCY_DATELINE.finditer(analyzed.document.text):
            if (doc_id, match.start(1)) not in named:
                place = match[1]
                found.append(by_lower.get(place.lower(), place))
    return found


def _is_dateline(text: str, start: int, end: int) -> bool:
    """Does the place at ``start:end`` open a paragraph in capitals, followed by an agency or a dash?"""
    opens = start == 0 or text[max(0, start - 2) : start].endswith("\n")
    return opens and text[start:end].isupper() and bool(DATELINE_AFTER.match(text[end : end + 40]))


def event_actors(documents: Sequence[AnalyzedDocument], entities: Sequence[Entity], places: Sequence[str]) -> list[str]:
    """Ids of the actors: entities in more sources first, then by weighted mentions.

    People and organisations act; a state or city acts only when a headline names it
    ("Russia expels diplomats"): in a body, a country is mostly where things happen or
    whose people they are (giveme5w1h who, top answer: 68 -> 69 of 96, the five changed
    answers all places before; a heat-wave story's "Arizona, Nevada" and an Afghanistan
    story's "U.S., Afghanistan" were Who). A demonym ("Belarusian") is weak evidence of
    an actor, and the event's places are where, not who (none of the Where list is
    repeated as Who: a heat-wave story listed "Arizona, Montana" as both; giveme5w1h who
    and where unchanged against excluding the first place only). A mention in a headline
    (``crossread.headlines``: marked as a heading, or the title printed as the first
    line) counts extra: the headline names who the story is about. (Ranking the
    subject of the headline's first clause first was measured and not kept: on half
    of giveme5w1h's gold it fixed one answer and broke another — title case misleads
    the parser, "Lady Gaga Stages Protest" has "stages" as its subject.)
    """
    headlines = {d.document.id: headline_end(d) for d in documents}
    texts = {d.document.id: d.document.text for d in documents}
    # The mentions that may act: a politician's home state ("(D., Hawaii)") says who someone is.
    acting: dict[str, list[EntityMention]] = {
        e.id: [m for m in e.mentions if not party_tag(texts.get(m.doc_id, ""), m.start, m.end)]
        for e in entities
        if e.label in ACTOR_LABELS
    }

    def headline_only(mentions: Sequence[EntityMention]) -> list[EntityMention]:
        return [m for m in mentions if m.start < headlines.get(m.doc_id, 0)]

    def headline_mentions(mentions: Sequence[EntityMention]) -> int:
        return len(headline_only(mentions))

    def weight(entity: Entity) -> float:
        mentions = acting[entity.id]
        return LABEL_WEIGHT.get(entity.label, 0.5) * (len(mentions) + HEADLINE_BONUS * headline_mentions(mentions))

    registry = default_registry()

    def reporting(entity: Entity) -> bool:
        """A news outlet or wire named as a source ("told CNN", "the Post reported"), not in a headline."""
        entry = registry.by_name(entity.name)
        return entry is not None and entry.source_class in REPORTING_CLASSES and not headline_mentions(entity.mentions)

    ranked = sorted(
        (
            e
            for e in entities
            if e.id in acting
            and len(acting[e.id]) > 1
            and e.name not in places
            and not compound_of_others(e, entities)
            and not names_a_thing(e, texts)
            and not names_a_policy(e)
            and not cited_for_figures(e, texts)
            and not (commentator(e, texts) and not headline_mentions(e.mentions))
            and not past_employer(e, texts)
            and not reporting(e)
            and (e.label != "GPE" or any(not placed_in(texts.get(m.doc_id, ""), m.start) for m in headline_only(e.mentions)))
        ),
        key=lambda e: (-len({m.doc_id for m in acting[e.id]}), -weight(e)),
    )
    return [e.id for e in ranked[:MAX_ACTORS]]


YEARLESS_DAY = re.compile(r"XXXX-\d\d-\d\d")


def day_without_year(documents: Sequence[AnalyzedDocument]) -> tuple[str, str] | None:
    """("--MM-DD", why) when the sources' leads date the news to one day and month but give no year.

    A day the text tells as ahead of it (a deadline, "will vote on 30 September") and a date naming
    another event ("the Jan. 6 riot") are not the news's day. The most common such day, told by at
    least half of the sources that give one (audit G: three outlets' "week ended July 17" showed as
    When: unknown, "no date found").
    """
    days: Counter[str] = Counter()
    giving = 0  # sources whose lead gives any day without a year
    for analyzed in documents:
        yearless = [m for m in _lead_dates(analyzed)[0] if YEARLESS_DAY.fullmatch(m.value)]
        giving += bool(yearless)
        days.update({m.value[5:] for m in yearless if NAMES_AN_EVENT not in m.evidence and FUTURE_YEARLESS not in m.evidence})
    if not days:
        return None
    month_day, count = days.most_common(1)[0]
    if count * 2 < giving:
        return None
    return f"--{month_day}", f"{count} of {len(documents)} sources' leads date it {day_and_month(month_day)} without a year"


def describe_event(documents: Sequence[AnalyzedDocument], entities: Sequence[Entity]) -> Event:
    """The story's title, date (with evidence), places and actors."""
    day, evidence = event_date(documents)
    yearless = day_without_year(documents) if day is None else None
    if yearless is not None:
        evidence = [yearless[1]]
    places = event_places(documents, entities)
    actors = event_actors(documents, entities, places)
    return Event(event_title(documents), day, tuple(evidence), tuple(places), tuple(actors), yearless[0] if yearless else None)
