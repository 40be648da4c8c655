"""link.speakers: step 5 — quote speakers become mentions of the entity they name (a pronoun
or "the minister" is a mention, never an alias).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from itertools import accumulate

from crossread.model import AnalyzedDocument
from crossread.stages.link.clusters import Cluster, PersonIndex, majority_label
from crossread.stages.link.entities import alias_form
from crossread.stages.link.mentions import (
    PERSON,
    Candidate,
    CaseStats,
    clean_span,
    sentence_at,
    span_tokens,
    strip_roles,
    trim_span,
)
from crossread.stages.link.names import (
    LEADING_JUNK,
    MAX_NAME_WORDS,
    ROLE_WORDS,
    TRAILING_JUNK,
    PersonName,
    fold,
    parse_person_name,
    surname_key,
    token_norm,
)


def add_speakers(documents: Sequence[AnalyzedDocument], index: PersonIndex, clusters: list[Cluster], stats: CaseStats) -> None:
    """Quote speakers become mentions of the entity they name, unless a mention already covers them.

    A speaker span that is itself a clean full name ("Jos Verstappen") is that
    person, whatever ``speaker_name`` says. Otherwise ``speaker_name``
    (resolved by the quotes stage through pronouns and titles) is looked up
    among the aliases of all entities, then among persons by surname. The
    mention is the part of the span that names the entity ("... ABOUT ELON
    MUSK Elon Musk" -> "Elon Musk"); a pronoun or a description ("the
    minister", "Officials") is a mention but never an alias, and a span that
    names someone else ("Theresa May's spokesperson") is left out.
    """
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cluster in clusters:
        for candidate, _ in cluster.members:
            spans[candidate.doc_index].append((candidate.start, candidate.end))
    mentioned = {doc_index: _Covered(found) for doc_index, found in spans.items()}
    covered: dict[int, list[tuple[int, int]]] = defaultdict(list)  # the speakers added, per document
    by_alias = _alias_lookup(clusters)
    listed = {id(c) for c in clusters}
    words: dict[int, set[str]] = {}
    for doc_index, analyzed in enumerate(documents):
        for quote in analyzed.quotes:
            if quote.speaker_start is None or quote.speaker_end is None:
                continue
            start, end = trim_span(analyzed.document.text, quote.speaker_start, quote.speaker_end)
            if end <= start or any(s < end and start < e for s, e in covered[doc_index]):
                continue
            if doc_index in mentioned and mentioned[doc_index].overlaps(start, end):
                continue
            named = clean_span(analyzed, doc_index, (start, end), PERSON, sentence_at(analyzed, start), stats)
            own_name = _clean_full_name(named)
            if own_name is not None:
                target: Cluster | None = index.find(own_name) or index.place(own_name)
            else:
                target = _resolve_speaker(index, by_alias, quote.speaker_name, named, doc_index, start)
            if target is None:
                target = titled_person(analyzed.document.text[start:end], clusters, documents)
            if target is None:
                continue
            spoken = _raw_candidate(analyzed, doc_index, start, end) if named is None else _naming_part(named, target, words)
            if spoken is None:
                continue  # the span names someone else
            if id(target) not in listed:
                clusters.append(target)
                listed.add(id(target))
            if target.kind != "person":  # a speaking organisation keeps its own label
                spoken.label = majority_label(target)
            target.add(spoken, as_alias=named is not None)
            covered[doc_index].append((start, end))


class _Covered:
    """Spans (a document's mentions) asked whether one of them overlaps a span: sorted by start once, each
    start's furthest end before it kept, so a question is one bisection (reading every mention for each
    quote's speaker was 5% of linking the bench corpus's stories)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.furthest = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span ``[s, e)`` with ``s < end`` and ``start < e`` is among them."""
        before = bisect_left(self.starts, end)  # those starting before ``end``
        return before > 0 and self.furthest[before - 1] > start


def _is_title_case(word: str) -> bool:
    """ "Musk", "O’Brien", "McNamee"; not "MUSK", "musk" or "co-founder"."""
    core = word.strip(LEADING_JUNK + TRAILING_JUNK)
    return core[:1].isupper() and not (len(core) > 2 and core.isupper())


def _clean_full_name(named: Candidate | None) -> PersonName | None:
    """The span's own name when it is a clean given name + surname of 2-4 title-case words."""
    if named is None:
        return None
    words = named.person_text.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or not all(_is_title_case(w) for w in words):
        return None
    name = parse_person_name(named.person_text)
    return name if name is not None and name.given else None


def _naming_part(named: Candidate, target: Cluster, cache: dict[int, set[str]]) -> Candidate | None:
    """The longest tail of the span made of ``target``'s name words, each once, in title case."""
    if id(target) not in cache:
        cache[id(target)] = {w for c, _ in target.members for w in fold(alias_form(c, target.kind)).split()}
    if not target.members:  # a person the span itself just created
        return named
    tokens = span_tokens(named.person_text, 0, len(named.person_text))
    first, seen = len(tokens), set()
    while first > 0:
        word = tokens[first - 1][2]
        key = token_norm(word)
        if not _is_title_case(word) or key in seen or key not in cache[id(target)]:
            break
        seen.add(key)
        first -= 1
    if first == len(tokens):
        return None
    start = named.person_start + tokens[first][0]
    text = named.person_text[tokens[first][0] :]
    return Candidate(named.doc_index, named.doc_id, start, named.person_end, PERSON, start, named.person_end, text, text)


def _alias_lookup(clusters: Sequence[Cluster]) -> dict[str, list[Cluster]]:
    lookup: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        for key in {fold(alias_form(c, cluster.kind)) for c, _ in cluster.members}:
            lookup[key].append(cluster)
    return lookup


def _raw_candidate(analyzed: AnalyzedDocument, doc_index: int, start: int, end: int) -> Candidate:
    """A speaker span as it is ("he", "the minister"): a mention, not a name."""
    text = analyzed.document.text[start:end]
    return Candidate(doc_index, analyzed.document.id, start, end, PERSON, start, end, text, text)


# "the president has said": a speaker told by a title alone, the lead's habit before it names the person.
TITLE_SPEAKER = re.compile(r"^the\s+([a-z]+)$", re.IGNORECASE)


def titled_person(speaker: str, clusters: Sequence[Cluster], documents: Sequence[AnalyzedDocument]) -> Cluster | None:
    """The one person the story names with the speaker's title ("the president" -> the person some source calls
    "President Cyril Ramaphosa"); None when the title is no role word or fits nobody or several people.

    Audit H: "… was planned by enemies of democracy, the president has said" stayed a speaker with no name while
    the next paragraph and another outlet named Ramaphosa."""
    match = TITLE_SPEAKER.match(speaker.strip())
    if match is None or match.group(1).lower() not in ROLE_WORDS:
        return None
    title = match.group(1).lower()
    holders = []
    for cluster in clusters:
        if cluster.kind != "person":
            continue
        for candidate, _alias in cluster.members:
            before = documents[candidate.doc_index].document.text[max(0, candidate.start - 30) : candidate.start].lower().split()
            held = before[-1:] == [title] and before[-2:-1] not in (["former"], ["ex"], ["late"], ["then"])
            if held:  # "former president Jacob Zuma" holds the title no more
                holders.append(cluster)
                break
    return holders[0] if len(holders) == 1 else None


def _resolve_speaker(
    index: PersonIndex,
    by_alias: dict[str, list[Cluster]],
    speaker_name: str | None,
    named: Candidate | None,
    doc_index: int,
    start: int,
) -> Cluster | None:
    """The entity a speaker is: by exact alias, else as a person name."""
    name_text = speaker_name or (named.person_text if named else "")
    tokens = strip_roles(span_tokens(name_text, 0, len(name_text)))
    if not tokens:
        return None
    bare_name = " ".join(t[2] for t in tokens)
    known = by_alias.get(fold(bare_name), [])
    if len(known) == 1:
        return known[0]
    name = parse_person_name(bare_name)
    if name is None:
        return None
    if not name.given:
        return index.resolve_bare(name, doc_index, start)
    found = index.find(name)
    if found is None and named is not None and surname_key(name.surname) in fold(named.person_text).split():
        # a new person only for a name: "Fifty-nine percent of respondents said" names nobody
        found = index.place(name) if all(_is_title_case(w) for w in bare_name.split()) else None
    return found
