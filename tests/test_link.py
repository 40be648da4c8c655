"""link: cross-document entities on the bundled example, synthetic cases and real news clusters."""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import shared_data
from crossread.errors import ExtractError
from crossread.model import AnalyzedDocument, Document, Entity, Mention, Quote, RawDocument, Sentence, content_id
from crossread.stages.analyze import analyze, analyze_many
from crossread.stages.extract import collect_line_stats, extract
from crossread.stages.link import entity_for_span, link_entities
from crossread.stages.link.names import given_names_compatible, skeleton
from crossread.stages.sources import read_sources

# --- helpers ---------------------------------------------------------------------


def analyze_paths(paths: Sequence[Path], nlp: Language) -> list[AnalyzedDocument]:
    """sources -> extract -> analyze, the way the pipeline runs them."""
    raws = [r for r in read_sources(paths) if isinstance(r, RawDocument)]
    stats = collect_line_stats(raws)
    return [analyze(extract(raw, stats), nlp) for raw in raws]


def person(entities: Sequence[Entity], alias: str) -> Entity:
    found = [e for e in entities if alias in e.aliases]
    assert len(found) == 1, f"{alias!r} is an alias of {[e.name for e in found]}"
    return found[0]


def covers(entity: Entity, doc: str, start: int, end: int) -> bool:
    return any(m.doc_id == doc and m.start < end and start < m.end for m in entity.mentions)


def synthetic(
    text: str,
    mentions: Sequence[tuple[str, str]],
    *,
    headings: int = 0,
    quotes: Sequence[tuple[str, str | None]] = (),
) -> AnalyzedDocument:
    """A hand-made AnalyzedDocument: one sentence per line, the first ``headings`` lines are headings.

    ``mentions`` are (surface, label) pairs found left to right in ``text``;
    ``quotes`` are (speaker surface, speaker_name) pairs found the same way.
    """
    doc_id = content_id(text, prefix="d")
    sentences, offset = [], 0
    for index, line in enumerate(text.split("\n")):
        sentences.append(Sentence(doc_id, index, offset, offset + len(line), line, index < headings))
        offset += len(line) + 1

    def sentence_of(start: int) -> int:
        return max(s.index for s in sentences if s.start <= start)

    found, cursor = [], 0
    for surface, label in mentions:
        start = text.index(surface, cursor)
        found.append(Mention(doc_id, start, start + len(surface), surface, label, sentence_of(start)))
        cursor = start + len(surface)
    said, cursor = [], 0
    for surface, name in quotes:
        start = text.index(surface, cursor)
        said.append(Quote(doc_id, 0, 1, text[0], "reported", surface, start, start + len(surface), name))
        cursor = start + len(surface)
    document = Document(id=doc_id, source_path=f"{doc_id}.txt", text=text, kind="text")
    return AnalyzedDocument(document, tuple(sentences), tuple(found), quotes=tuple(said))


# --- the bundled example ------------------------------------------------------------


@pytest.fixture(scope="module")
def example(nlp: Language, example_dir: Path) -> list[AnalyzedDocument]:
    return analyze_paths(sorted(example_dir.glob("*.txt")), nlp)


@pytest.fixture(scope="module")
def example_entities(example: list[AnalyzedDocument]) -> list[Entity]:
    return link_entities(example)


def _doc_with(example: Sequence[AnalyzedDocument], needle: str) -> AnalyzedDocument:
    return next(d for d in example if needle in d.document.text)


def test_link_example_lukashenka_and_lukashenko_are_one_person(
    example: list[AnalyzedDocument], example_entities: list[Entity]
) -> None:
    entity = person(example_entities, "Lukashenko")
    assert entity.label == "PERSON"
    assert {"Lukashenka", "Lukashenko"} <= {alias.split()[-1] for alias in entity.aliases}
    assert entity.name.startswith("Alexander Lukash")
    assert len({m.doc_id for m in entity.mentions}) == 2
    headline = _doc_with(example, "Meets Lukashenko").document
    start = headline.text.index("Lukashenko")
    assert covers(entity, headline.id, start, start + len("Lukashenko"))
    assert not any(alias.startswith("Meets") for e in example_entities for alias in e.aliases)


def test_link_example_pompeo_is_one_person_under_every_title(
    example: list[AnalyzedDocument], example_entities: list[Entity]
) -> None:
    entity = person(example_entities, "Pompeo")
    assert entity.label == "PERSON"  # spaCy says GPE and ORG for some of these mentions
    assert entity.name == "Michael Pompeo"
    assert {"Michael Pompeo", "Pompeo"} <= set(entity.aliases)
    statement = _doc_with(example, "– Secretary Michael Pompeo").document
    start = statement.text.index("Secretary Michael Pompeo")
    assert covers(entity, statement.id, start, start + len("Secretary Michael Pompeo"))
    report = _doc_with(example, "Secretary Of State Pompeo").document
    headline = report.text.index("Pompeo")
    assert covers(entity, report.id, headline, headline + len("Pompeo"))
    for match in re.finditer(r"Pompeo", report.text):  # every mention in the report, whatever spaCy called it
        assert covers(entity, report.id, match.start(), match.end()), report.text[match.start() - 30 : match.end()]


def test_link_example_makei_across_documents(example_entities: list[Entity]) -> None:
    entity = person(example_entities, "Vladimir Makei")
    assert "Makei" in entity.aliases and entity.label == "PERSON"
    assert len({m.doc_id for m in entity.mentions}) == 2


def test_link_example_us_and_the_united_states_are_one_gpe(example_entities: list[Entity]) -> None:
    entity = person(example_entities, "U.S.")
    assert entity.label == "GPE" and entity.name == "United States"
    assert "United States" in entity.aliases
    assert not any(alias.lower().startswith("the ") for alias in entity.aliases)


def test_link_example_belarus_is_a_gpe_and_belarusian_stays_apart(example_entities: list[Entity]) -> None:
    belarus = person(example_entities, "Belarus")
    assert belarus.label == "GPE"  # despite ORG and WORK_OF_ART labels on some mentions
    assert "Belarusian" not in belarus.aliases
    assert person(example_entities, "Belarusian").label == "NORP"


def test_link_example_mentions_point_into_the_text_and_order_is_by_prominence(
    example: list[AnalyzedDocument], example_entities: list[Entity]
) -> None:
    texts = {d.document.id: d.document.text for d in example}
    for entity in example_entities:
        assert entity.id.startswith("e") and entity.aliases and entity.mentions
        for mention in entity.mentions:
            assert texts[mention.doc_id][mention.start : mention.end] == mention.text
    sizes = [len(e.mentions) for e in example_entities]
    assert sizes == sorted(sizes, reverse=True)
    assert len({e.id for e in example_entities}) == len(example_entities)


def test_link_example_ids_do_not_depend_on_document_order(
    example: list[AnalyzedDocument], example_entities: list[Entity]
) -> None:
    again = link_entities(list(reversed(example)))
    assert {(e.id, e.name, e.label) for e in again} == {(e.id, e.name, e.label) for e in example_entities}


def test_link_example_quote_speakers_map_to_their_person(example: list[AnalyzedDocument], example_entities: list[Entity]) -> None:
    makei = person(example_entities, "Vladimir Makei")
    speakers = [
        (d.document.id, q)
        for d in example
        for q in d.quotes
        if q.speaker_name == "Vladimir Makei" and q.speaker_start is not None and q.speaker_end is not None
    ]
    if not speakers:
        pytest.skip("the quotes stage attributes no quote to Vladimir Makei in this build")
    for doc, quote in speakers:
        assert quote.speaker_start is not None and quote.speaker_end is not None
        assert entity_for_span(example_entities, doc, quote.speaker_start, quote.speaker_end) is makei


# --- synthetic cases -------------------------------------------------------------------


def test_link_two_people_with_one_surname_stay_apart_and_a_bare_surname_goes_to_the_latest() -> None:
    doc = synthetic(
        "Hillary Clinton spoke first.\nThen Bill Clinton arrived.\nClinton said he was glad.",
        [("Hillary Clinton", "PERSON"), ("Bill Clinton", "PERSON"), ("Clinton", "PERSON")],
    )
    entities = link_entities([doc])
    hillary, bill = person(entities, "Hillary Clinton"), person(entities, "Bill Clinton")
    assert hillary is not bill
    bare = doc.document.text.rindex("Clinton")
    assert entity_for_span(entities, doc.document.id, bare, bare + 7) is bill


@pytest.mark.parametrize(
    ("forms", "name"),
    [
        (["Mike Pompeo", "Michael Pompeo", "Pompeo"], "Michael Pompeo"),
        (["Bill Gates", "William Gates", "William H. Gates"], "William H. Gates"),
        (["Alex Smith", "Alexander Smith", "A. Smith"], "Alexander Smith"),
        (["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelenskiy", "Vladimir Zelensky"], "Volodymyr Zelensky"),
        (["Alexander Lukashenko", "Alexander Lukashenka", "Aleksandr Lukashenko"], "Alexander Lukashenko"),
        (["Muammar Gaddafi", "Gaddafi"], "Muammar Gaddafi"),
        # the last two words of a longer name: a particle, a two-word surname, a middle name used alone
        (["Marco De Santi", "De Santi", "De Santi"], "Marco De Santi"),
        (["Lucia Moreno Vega", "Moreno Vega"], "Lucia Moreno Vega"),
        (["Carl Dean Holloway", "Dean Holloway", "Dean Holloway"], "Carl Dean Holloway"),
    ],
)
def test_link_name_variants_across_documents_are_one_person(forms: list[str], name: str) -> None:
    docs = [synthetic(f"Yesterday {form} spoke to reporters.", [(form, "PERSON")]) for form in forms]
    entities = link_entities(docs)
    people = [e for e in entities if e.label == "PERSON"]
    assert len(people) == 1, [e.aliases for e in people]
    assert people[0].name == name and set(forms) <= set(people[0].aliases)


def test_link_a_family_name_first_token_follows_its_person_across_documents() -> None:
    briefing = synthetic(
        "Kim Jong-un watched the launch.\nKim called it a success.\nJack Kim reported from Seoul.",
        [("Kim Jong-un", "PERSON"), ("Kim", "PERSON"), ("Jack Kim", "PERSON")],
    )
    elsewhere = [synthetic(f"Kim Jong Un spoke on day {n}.", [("Kim Jong Un", "PERSON")]) for n in range(2)]
    lone = synthetic("Kim warned of more tests.", [("Kim", "PERSON")])
    entities = link_entities([briefing, *elsewhere, lone])
    leader = person(entities, "Kim Jong-un")
    assert {"Kim Jong Un", "Kim"} <= set(leader.aliases) and len(leader.mentions) == 5
    assert person(entities, "Jack Kim") is not leader


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Boris Johnson", "Ben Johnston"),  # one letter apart, different people
        ("Hillary Clinton", "Chelsea Clinton"),
        ("Alexander Smith", "Alexandra Smith"),
        ("Eric Paddock", "Stephen Paddock"),
    ],
)
def test_link_different_people_stay_apart(first: str, second: str) -> None:
    docs = [synthetic(f"{form} spoke on Monday.", [(form, "PERSON")]) for form in (first, second)]
    assert len(link_entities(docs)) == 2


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        (
            "The Federal Bureau of Investigation opened a case.\nThe FBI declined to comment.",
            [("Federal Bureau of Investigation", "ORG"), ("FBI", "ORG")],
            "Federal Bureau of Investigation",
        ),
        (
            "He visited the Hi-Tech Park in Minsk.\nThe HTP hosts 1,000 companies.",
            [("Hi-Tech Park", "FAC"), ("HTP", "ORG")],
            "Hi-Tech Park",
        ),
        (
            "The United States and the U.S. Congress.\nThe US said no.",
            [("The United States", "GPE"), ("U.S.", "GPE"), ("US", "GPE")],
            "United States",
        ),
    ],
)
def test_link_acronyms_join_their_expansion(text: str, mentions: list[tuple[str, str]], expected: str) -> None:
    entities = link_entities([synthetic(text, mentions)])
    assert len(entities) == 1 and entities[0].name == expected


def test_link_an_acronym_never_seen_with_a_lookalike_expansion_stays_apart() -> None:
    usa = [synthetic(f"{n} US citizens died.", [("US", "GPE")]) for n in ("Ten", "Two", "Five")]
    synagogue = synthetic("She led the United Synagogue youth group.", [("United Synagogue", "ORG")])
    assert len(link_entities([*usa, synagogue])) == 2


def test_link_titles_roles_and_headline_verbs_are_stripped() -> None:
    heading = synthetic(
        "U.S. Secretary Of State Blinken Meets Zelensky\n"
        "Secretary of State Antony Blinken met President Volodymyr Zelensky in Kyiv.\n"
        "Blinken said the meeting was useful and the president meets him again soon.",
        [
            ("U.S.", "GPE"),
            ("State Blinken", "ORG"),
            ("Meets Zelensky", "PERSON"),
            ("Secretary of State Antony Blinken", "PERSON"),
            ("President Volodymyr Zelensky", "PERSON"),
            ("Kyiv", "GPE"),
            ("Blinken", "GPE"),
        ],
        headings=1,
    )
    entities = link_entities([heading])
    blinken, zelensky = person(entities, "Antony Blinken"), person(entities, "Volodymyr Zelensky")
    assert set(blinken.aliases) == {"Antony Blinken", "Blinken"} and blinken.label == "PERSON"
    assert set(zelensky.aliases) == {"Volodymyr Zelensky", "Zelensky"} and len(zelensky.mentions) == 2


def test_link_a_title_printed_as_the_first_line_is_read_as_a_headline() -> None:
    """A record's title heading its text unmarked: NER runs a name into the title-case words after it."""
    text = (
        "Governor Ann Perlowe Launches Website, Demands Tanner 'Return Funds'\n"
        "Governor Ann Perlowe said on Monday that her state will build a new bridge with donations.\n"
        "Perlowe asked Senator Joel Tanner to return the funds, and the website went live the same day.\n"
        "Tanner did not reply."
    )
    mentions = [
        ("Ann Perlowe Launches Website", "PERSON"),
        ("Demands Tanner 'Return", "PERSON"),
        ("Ann Perlowe", "PERSON"),
        ("Perlowe", "PERSON"),
        ("Joel Tanner", "PERSON"),
        ("Tanner", "PERSON"),
    ]
    untitled = synthetic(text, mentions)
    document = replace(untitled.document, title=text.split("\n")[0])
    entities = link_entities([replace(untitled, document=document)])
    names = sorted(e.name for e in entities if e.label == "PERSON")
    assert names == ["Ann Perlowe", "Joel Tanner"], names
    perlowe = person(entities, "Ann Perlowe")
    assert covers(perlowe, document.id, text.index("Ann Perlowe"), text.index("Ann Perlowe") + len("Ann Perlowe"))
    # without the title the first line is an ordinary sentence: its spans are taken as NER gave them
    as_given = sorted(e.name for e in link_entities([untitled]) if e.label == "PERSON")
    assert "Ann Perlowe Launches Website" in as_given


@pytest.mark.parametrize(
    ("mention", "alias"),
    [
        ("U.S. Secretary of State Mike Pompeo", "Mike Pompeo"),
        ("Belarus' Minister of Foreign Affairs Vladimir Makei", "Vladimir Makei"),
        ("then-President Barack Obama", "Barack Obama"),
        ("UN Secretary-General Antonio Guterres", "Antonio Guterres"),
        ("former Prime Minister David Cameron", "David Cameron"),
        ("Mr. Abe", "Abe"),
        ("Martin Luther King Jr.", "Martin Luther King Jr."),
        ("Stephen King", "Stephen King"),
        ("Cuomo Accuser Brittany Commisso", "Brittany Commisso"),  # a fresh audit: "Accuser …" as a speaker
        ("Rapper Kanye West", "Kanye West"),
    ],
)
def test_link_person_titles_are_stripped_from_the_name(mention: str, alias: str) -> None:
    doc = synthetic(f"On Monday {mention} spoke.", [(mention, "PERSON")])
    (entity,) = link_entities([doc])
    assert entity.aliases == (alias,) and entity.mentions[0].text == alias


def test_link_nationality_is_not_merged_into_the_country() -> None:
    doc = synthetic("Ukraine said Ukrainian troops advanced.", [("Ukraine", "GPE"), ("Ukrainian", "NORP")])
    assert {(e.name, e.label) for e in link_entities([doc])} == {("Ukraine", "GPE"), ("Ukrainian", "NORP")}


def test_link_label_is_the_majority_and_a_surname_joins_its_person_whatever_spacy_said() -> None:
    doc = synthetic(
        "Mike Pompeo arrived.\nPompeo spoke.\nPompeo left.\nMike Pompeo returned.",
        [("Mike Pompeo", "PERSON"), ("Pompeo", "GPE"), ("Pompeo", "GPE"), ("Mike Pompeo", "PERSON")],
    )
    entities = link_entities([doc])
    assert len(entities) == 1 and entities[0].label == "PERSON" and len(entities[0].mentions) == 4


def test_link_a_place_named_like_a_minor_person_stays_a_place() -> None:
    docs = [synthetic(f"Officials in Washington met on day {n}.", [("Washington", "GPE")]) for n in range(5)]
    docs.append(synthetic("A letter by George Washington was found.", [("George Washington", "PERSON")]))
    labels = {e.name: e.label for e in link_entities(docs)}
    assert labels == {"Washington": "GPE", "George Washington": "PERSON"}


def test_link_a_given_name_alone_does_not_cross_documents() -> None:
    temer = synthetic("President Michel Temer tweeted his support.", [("President Michel Temer", "PERSON")])
    witness = synthetic("A man who gave his name as Michel said he ran.", [("Michel", "PERSON")])
    assert len(link_entities([temer, witness])) == 2


def test_link_quote_speakers_become_mentions_of_their_person() -> None:
    doc = synthetic(
        "Vladimir Makei met reporters.\nThe minister said talks went well.\nHe added that more would follow.",
        [("Vladimir Makei", "PERSON")],
        quotes=[("The minister", "Vladimir Makei"), ("He", "Vladimir Makei")],
    )
    entities = link_entities([doc])
    makei = person(entities, "Vladimir Makei")
    assert makei.aliases == ("Vladimir Makei",) and len(makei.mentions) == 3
    he = doc.document.text.index("He ")
    assert entity_for_span(entities, doc.document.id, he, he + 2) is makei
    assert entity_for_span(entities, doc.document.id, 0, 0) is makei
    assert entity_for_span(entities, "elsewhere", 0, 5) is None


def test_link_a_lone_surname_tagged_org_joins_the_person_named_in_full() -> None:
    doc = synthetic(
        "Dr. Helen Marwick spoke on Monday.\nMarwick said the trial went well.\nMarwick added more.\n"
        "Acme Lumen shares fell.\nAcme said nothing.\nAcme later issued a statement.",
        [
            ("Helen Marwick", "PERSON"),
            ("Marwick", "ORG"),
            ("Marwick", "ORG"),
            ("Acme Lumen", "PERSON"),  # a company NER took for a person: no given name the registry knows
            ("Acme", "ORG"),
            ("Acme", "ORG"),
        ],
    )
    entities = link_entities([doc])
    marwick = person(entities, "Helen Marwick")
    assert marwick.label == "PERSON" and len(marwick.mentions) == 3
    acme = [e for e in entities if e.name == "Acme"]
    assert len(acme) == 1 and acme[0].label == "ORG"


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [
        ("the Department of Energy", "the Energy Department", None),
        ("the Northland Food and Drug Administration", "the Food and Drug Administration", None),
        ("the Centers for Disease Control and Prevention", "the CDC", "Centers for Disease Control and Prevention"),
        ("the Harbor Memorial Museum", "the Harbor Museum", "Harbor Memorial Museum"),  # a fresh audit: one museum twice
    ],
)
def test_link_one_office_under_two_names(first: str, second: str, name: str | None) -> None:
    text = f"Officials at {first} met on Monday.\nA spokesman for {second} said more would follow."
    doc = synthetic(text, [(first.removeprefix("the "), "ORG"), (second.removeprefix("the "), "ORG")])
    orgs = [e for e in link_entities([doc]) if e.label == "ORG"]
    assert len(orgs) == 1, [e.name for e in orgs]
    assert name is None or orgs[0].name == name


def test_link_a_name_with_a_word_inside_stays_apart_when_two_fit() -> None:
    text = "The Harbor Art Museum opened.\nThe Harbor Sea Museum closed.\nThe Harbor Museum said nothing."
    doc = synthetic(text, [("Harbor Art Museum", "ORG"), ("Harbor Sea Museum", "ORG"), ("Harbor Museum", "ORG")])
    assert len([e for e in link_entities([doc]) if e.label == "ORG"]) == 3


def test_link_a_short_qualified_name_stays_apart() -> None:
    doc = synthetic("The Northland Navy sailed.\nThe Navy of its neighbour stayed.", [("Northland Navy", "ORG"), ("Navy", "ORG")])
    assert len([e for e in link_entities([doc]) if e.label == "ORG"]) == 2


def test_link_a_name_with_a_digit_is_never_a_person() -> None:
    """NER calls a disease or a code name a PERSON: no entity rather than a wrong one, or its other
    reading when NER gives that one at least as often."""
    only_person = synthetic("ZX-9 spread fast.\nZX-9 cases rose.", [("ZX-9", "PERSON"), ("ZX-9", "PERSON")])
    assert [e.name for e in link_entities([only_person])] == []
    mostly_person = synthetic(
        "ZX-9 spread fast.\nZX-9 cases rose.\nThe ZX-9 task force met.",
        [("ZX-9", "PERSON"), ("ZX-9", "PERSON"), ("ZX-9", "ORG")],
    )
    assert [e.name for e in link_entities([mostly_person])] == []
    mostly_org = synthetic(
        "ZX-9 spread fast.\nThe ZX-9 group met.\nThe ZX-9 task force met.",
        [("ZX-9", "PERSON"), ("ZX-9", "ORG"), ("ZX-9", "ORG")],
    )
    assert [(e.name, e.label) for e in link_entities([mostly_org])] == [("ZX-9", "ORG")]


@pytest.mark.parametrize(("labels", "expected"), [(("ORG", "ORG", "ORG"), "EVENT"), (("ORG", "PRODUCT", "GPE"), "PRODUCT")])
def test_link_a_numbered_series_name_never_acts(labels: tuple[str, ...], expected: str) -> None:
    """ "Word-number" names a disease, a mission or a model: never an ORG or a state, whatever NER reads."""
    doc = synthetic(
        "Cases of Vorax-21 rose.\nVorax-21 spread in the north.\nDoctors treated Vorax-21 early.",
        [("Vorax-21", label) for label in labels],
    )
    assert [(e.name, e.label) for e in link_entities([doc])] == [("Vorax-21", expected)]


def test_link_a_series_name_and_its_bare_head_are_one_thing() -> None:
    """ "Vorax" beside "Vorax-21": one entity, an EVENT, even where NER mostly reads a person."""
    doc = synthetic(
        "Vorax-21 spread in the north.\nVorax cases rose.\nDoctors fear Vorax now.",
        [("Vorax-21", "ORG"), ("Vorax", "PERSON"), ("Vorax", "PERSON")],
    )
    assert [(e.name, e.label, len(e.mentions)) for e in link_entities([doc])] == [("Vorax-21", "EVENT", 3)]


def test_link_an_unintroduced_one_word_person_is_no_person() -> None:
    """A one-word form NER calls a person, mentioned again and again and never introduced as one:
    an organisation where the story calls it "it", else no entity; a titled surname stays a person."""
    doc = synthetic(
        "Zorblax said its new pill works.\n"
        "Regulators backed the Zorblax pill.\n"
        "Quillmark posted the news.\n"
        "Readers shared Quillmark posts.\n"
        "Governor Trellan praised the pill.\n"
        "Trellan spoke on Monday.",
        [
            ("Zorblax", "PERSON"),
            ("Zorblax", "PERSON"),
            ("Quillmark", "PERSON"),
            ("Quillmark", "PERSON"),
            ("Trellan", "PERSON"),
            ("Trellan", "PERSON"),
        ],
    )
    found = {e.name: e.label for e in link_entities([doc])}
    assert found == {"Zorblax": "ORG", "Trellan": "PERSON"}, found


def test_link_a_one_word_person_introduced_by_name_pronoun_or_leader_noun_stays() -> None:
    doc = synthetic(
        "Kessan said his plan works.\nKessan spoke again.\nThe Vrell administration agreed.\nVrell left.",
        [("Kessan", "PERSON"), ("Kessan", "PERSON"), ("Vrell", "PERSON"), ("Vrell", "PERSON")],
    )
    assert {e.name: e.label for e in link_entities([doc])} == {"Kessan": "PERSON", "Vrell": "PERSON"}


def test_link_a_headline_verb_is_no_person() -> None:
    """ "Judge Strikes Down Rule": the one-word heading PERSON is a verb running text writes in lower case."""
    doc = synthetic(
        "Judge Strikes Down Rule\nA judge struck down the rule on Monday.\nWorkers may strike again.\nMira Tolland welcomed it.",
        [("Strikes", "PERSON"), ("Mira Tolland", "PERSON")],
        headings=1,
    )
    assert [e.name for e in link_entities([doc])] == ["Mira Tolland"]


def test_link_a_person_span_ends_at_a_colon_or_before_a_trailing_acronym() -> None:
    doc = synthetic(
        "Orla Benning: KPX spied on me\nOrla Benning said so.\nViewers saw the Benning KPX interview.",
        [("Orla Benning: KPX", "PERSON"), ("Orla Benning", "PERSON"), ("Benning KPX", "PERSON")],
        headings=1,
    )
    assert [(e.name, len(e.mentions)) for e in link_entities([doc]) if e.label == "PERSON"] == [("Orla Benning", 3)]


def test_link_a_one_word_form_the_story_introduces_as_a_person_is_one() -> None:
    """NER reads a surname as a place or a company; a given name before it, or "he" after it as the
    subject of its clause, says who it is."""
    named = synthetic(
        "Interior Secretary Tomas Brevik spoke.\nBrevik said the plan works.", [("Brevik", "GPE"), ("Brevik", "GPE")]
    )
    assert [(e.name, e.label) for e in link_entities([named])] == [("Brevik", "PERSON")]
    pronouns = synthetic(
        "Ostrander said he would sue.\nLater, Ostrander said he was tired.",
        [("Ostrander", "ORG"), ("Ostrander", "ORG")],
    )
    assert [(e.name, e.label) for e in link_entities([pronouns])] == [("Ostrander", "PERSON")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("UN Grand Assembly", "United Nations Grand Assembly"),
        ("Coastal Defence", "Department of Coastal Defence"),
        ("U.S. Tariff Board", "Tariff Board"),
    ],
)
def test_link_one_body_under_two_names_is_one_entity(first: str, second: str) -> None:
    """An acronym head spelt out, a department's bare name, a country acronym in front."""
    doc = synthetic(f"The {first} met.\nThe {second} voted.", [(first, "ORG"), (second, "ORG")])
    assert len(link_entities([doc])) == 1


def test_link_a_regnal_number_stays_in_the_name() -> None:
    doc = synthetic("Pope Anselm XVI spoke.\nAnselm XVI left Rome.", [("Anselm XVI", "PERSON"), ("Anselm XVI", "PERSON")])
    assert [e.name for e in link_entities([doc]) if e.label == "PERSON"] == ["Anselm XVI"]


def test_link_a_lawmakers_party_tag_names_no_place() -> None:
    doc = synthetic(
        "Sen. Dana Whitfield (R-Northland) spoke.\nRep. Ivo Marsh, D-Westvale, agreed.\nVoters in Westvale cheered.",
        [("Dana Whitfield", "PERSON"), ("Northland", "GPE"), ("Ivo Marsh", "PERSON"), ("Westvale", "GPE"), ("Westvale", "GPE")],
    )
    places = [(e.name, len(e.mentions)) for e in link_entities([doc]) if e.label == "GPE"]
    assert places == [("Westvale", 1)]


def test_link_places_joined_by_a_hyphen_are_no_actor() -> None:
    doc = synthetic(
        "Troops reached the Northland-Westvale border.\nNorthland closed roads.\nWestvale did not.",
        [("Northland-Westvale", "ORG"), ("Northland", "GPE"), ("Westvale", "GPE")],
    )
    assert sorted(e.name for e in link_entities([doc])) == ["Northland", "Westvale"]


def test_link_a_speaker_span_that_names_nobody_is_no_person() -> None:
    """A share of a poll's respondents or a group "said": a speaker, never a new person entity."""
    doc = synthetic(
        "A poll of voters was released on Friday.\n"
        "Fifty-nine percent of respondents said prices were a serious problem.\n"
        "Local leaders said the survey matched what they hear.\n"
        "Dana Whitfield said the results were expected.",
        [("Dana Whitfield", "PERSON")],
        quotes=[("Fifty-nine percent of respondents", None), ("Local leaders", None), ("Dana Whitfield", None)],
    )
    names = sorted(e.name for e in link_entities([doc]) if e.label == "PERSON")
    assert names == ["Dana Whitfield"], names


def test_link_speaker_spans_are_trimmed_to_the_name_they_hold() -> None:
    doc = synthetic(
        "Pavel Durov built the app.\n"
        "Pavel Durov, the app's co-founder, said it was safe.\n"
        "Jos Verstappen said his son drove well.\n"
        "Max Verstappen won.\n"
        "WHAT TO KNOW ABOUT DUROV Pavel Durov said more.\n"
        "Theresa May's spokesperson said nothing.",
        [("Pavel Durov", "PERSON"), ("Max Verstappen", "PERSON")],
        quotes=[
            ("Pavel Durov, the app's co-founder", "Pavel Durov"),
            ("Jos Verstappen", "Max Verstappen"),  # the span names its speaker in full: it wins
            ("WHAT TO KNOW ABOUT DUROV Pavel Durov", "Pavel Durov"),
            ("Theresa May's spokesperson", "Pavel Durov"),  # names someone else: left out
        ],
    )
    entities = link_entities([doc])
    durov = person(entities, "Pavel Durov")
    assert durov.aliases == ("Pavel Durov",) and len(durov.mentions) == 3
    assert person(entities, "Jos Verstappen") is not person(entities, "Max Verstappen")
    may = doc.document.text.index("Theresa")
    assert entity_for_span(entities, doc.document.id, may, may + 26) is None


def test_link_a_news_agency_glued_to_a_surname_is_dropped() -> None:
    docs = [
        synthetic("CNN reported that Shinzo Abe spoke.", [("CNN", "ORG"), ("Shinzo Abe", "PERSON")]),
        synthetic("CNN said so.\nCNN Abe said Japan would respond.", [("CNN", "ORG"), ("CNN Abe", "PERSON")]),
    ]
    abe = person(link_entities(docs), "Shinzo Abe")
    assert set(abe.aliases) == {"Shinzo Abe", "Abe"}


@pytest.mark.parametrize(
    ("first", "other", "compatible"),
    [
        ("Mike", "Michael", True),
        ("Bill", "William", True),
        ("Alex", "Alexander", True),
        ("M.", "Michael", True),
        ("Vladimir", "Volodymyr", True),
        ("Aleksandr", "Alexander", True),
        ("Hillary", "Bill", False),
        ("Alexander", "Alexandra", False),
        ("Eric", "Stephen", False),
        (None, "Anyone", True),
    ],
)
def test_link_given_name_compatibility(first: str | None, other: str, compatible: bool) -> None:
    assert given_names_compatible(first, other) is compatible


def test_link_surname_skeleton_absorbs_transliteration_only() -> None:
    assert skeleton("lukashenka") == skeleton("lukashenko")
    assert skeleton("zelensky") == skeleton("zelenskyy") == skeleton("zelenskiy")
    assert skeleton("johnson") != skeleton("johnston")


# --- real data: giveme5w1h news clusters ------------------------------------------------

# Multi-outlet events of giveme5w1h/news_cluster (EventId): North Korea/Russia oil,
# Equifax, Costa Rica plane crash, Las Vegas shooting, the Chrissy Teigen flight,
# Croydon tram, North Korea's missile over Hokkaido, Panama Papers, Nice attack.
# 109 articles from 8-10 outlets each; about 25 s to analyze on 2 cores.
GIVEME_EVENTS = (19, 72, 35, 64, 10, 74, 70, 65, 68)
# Floors just below what was measured (2026-11-25, en_core_web_sm 3.8.0):
# linker 0.523 vs exact-string 0.434 of spaCy PERSON mentions in a PERSON
# entity reported by >= 2 outlets; 0.934 of multi-mention entities whose
# majority label holds >= 2/3 of their mentions; 90 cross-outlet persons
# (exact strings count 101, but as separate "Trump" / "Donald Trump" pairs).
# 2026-12-06: coverage lowered 0.50 -> 0.49, its gain over exact strings 0.06 -> 0.05 and
# cross-outlet persons 85 -> 77 openly (0.494, 0.057 and 78 measured). One-word forms NER calls a
# person that their story never introduces as one (no given name, title or "he"/"his") are no
# longer persons; the 13 cross-outlet "persons" lost, read by eye,
# are all things: a social network (three events), a ship, two places, a power plant, a missile
# system, a transport body, a newspaper word, a venue, a headline word and an interjection. Both
# figures count spaCy's PERSON mentions as the truth, so dropping its mistakes lowers them: every
# PERSON mention no longer covered is one of those 13 forms (or a headline run-on of one).
MIN_CROSS_OUTLET_COVERAGE = 0.49
MIN_GAIN_OVER_EXACT_STRING = 0.05
# 2026-12-06: lowered 0.92 -> 0.91 openly. A lone surname of someone the story names in full
# ("Anthony Fauci") now joins that person even where the small model tags it ORG in most
# sentences; the entities that then "disagree" with spaCy's labels are all people, read by eye:
# Kim Jong-un and Kim Jong Un (the "Kim" mentions), Koichi Nakano, Mark Noll (0.919 measured).
MIN_LABEL_AGREEMENT = 0.91
MIN_CROSS_OUTLET_PERSONS = 77
LABEL_AGREEMENT_SHARE = 2 / 3
# Merges (and non-merges) checked by eye against the articles: (event, aliases
# that must share one entity, aliases that must be in other entities).
GIVEME_GOLD = (
    (70, ("Kim Jong-un", "Kim Jong Un", "Kim"), ("Jack Kim",)),
    (70, ("Rex Tillerson", "Tillerson"), ()),
    (65, ("Sergei Roldugin", "Sergey Roldugin", "Roldugin"), ()),
    (65, ("Xi Jinping", "Xi"), ()),
    (68, ("Francois Hollande", "François Hollande", "Hollande"), ()),
    (68, ("Abu Mohammed al-Adnani", "Abu Muhammad al-Adnani"), ()),
    (64, ("Stephen Paddock",), ("Eric Paddock",)),
    (70, ("United States", "US", "U.S."), ()),
    (70, ("Democratic People's Republic of Korea", "DPRK"), ()),
)


@pytest.fixture(scope="module")
def giveme_events(nlp: Language) -> dict[int, list[AnalyzedDocument]]:
    folder = shared_data("giveme5w1h") / "news_cluster"
    paths: dict[int, list[Path]] = defaultdict(list)
    for path in sorted(folder.glob("*.json")):
        event = json.loads(path.read_text("utf-8"))["newsCluster"]["EventId"]
        if event in GIVEME_EVENTS:
            paths[event].append(path)
    events = {}
    for event, files in paths.items():
        raws = [r for r in read_sources(files) if isinstance(r, RawDocument)]
        stats = collect_line_stats(raws)
        documents = []
        for raw in raws:
            try:
                documents.append(extract(raw, stats))
            except ExtractError:  # an article left empty by cleaning is skipped, as in the pipeline
                continue
        events[event] = list(analyze_many(documents, nlp))
    return events


def _cross_outlet_coverage(docs: Sequence[AnalyzedDocument], spans: dict[str, list[tuple[int, int]]]) -> tuple[int, int]:
    covered = total = 0
    for analyzed in docs:
        for mention in analyzed.mentions:
            if mention.label == "PERSON":
                total += 1
                covered += any(s < mention.end and mention.start < e for s, e in spans[analyzed.document.id])
    return covered, total


def _exact_string_spans(docs: Sequence[AnalyzedDocument]) -> dict[str, list[tuple[int, int]]]:
    """The naive baseline: one entity per exact surface string, labelled by its majority."""
    groups: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for analyzed in docs:
        for mention in analyzed.mentions:
            groups[mention.text].append((str(analyzed.document.outlet), mention))
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for members in groups.values():
        label = Counter(m.label for _, m in members).most_common(1)[0][0]
        if label == "PERSON" and len({outlet for outlet, _ in members}) >= 2:
            for _, mention in members:
                spans[mention.doc_id].append((mention.start, mention.end))
    return spans


def _linked_spans(docs: Sequence[AnalyzedDocument], entities: Sequence[Entity]) -> dict[str, list[tuple[int, int]]]:
    outlet = {d.document.id: str(d.document.outlet) for d in docs}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for entity in entities:
        if entity.label == "PERSON" and len({outlet[m.doc_id] for m in entity.mentions}) >= 2:
            for mention in entity.mentions:
                spans[mention.doc_id].append((mention.start, mention.end))
    return spans


def _label_agreement(docs: Sequence[AnalyzedDocument], entities: Sequence[Entity]) -> tuple[int, int]:
    """Multi-mention entities whose label is spaCy's label on >= 2/3 of their NER mentions."""
    labels = {(d.document.id, m.start, m.end): m.label for d in docs for m in d.mentions}
    by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for (doc, start, end), label in labels.items():
        by_doc[doc].append((start, end, label))
    agree = multi = 0
    for entity in entities:
        own = [next((lab for s, e, lab in by_doc[m.doc_id] if s < m.end and m.start < e), None) for m in entity.mentions]
        seen = Counter(label for label in own if label)
        if sum(seen.values()) >= 2:
            multi += 1
            agree += seen[entity.label] >= LABEL_AGREEMENT_SHARE * sum(seen.values())
    return agree, multi


def test_link_giveme5w1h_beats_exact_strings_across_outlets(giveme_events: dict[int, list[AnalyzedDocument]]) -> None:
    totals: Counter[str] = Counter()
    started = time.perf_counter()
    for docs in giveme_events.values():
        entities = link_entities(docs)
        outlet = {d.document.id: d.document.outlet for d in docs}
        linked, total = _cross_outlet_coverage(docs, _linked_spans(docs, entities))
        exact, _ = _cross_outlet_coverage(docs, _exact_string_spans(docs))
        agree, multi = _label_agreement(docs, entities)
        persons = sum(1 for e in entities if e.label == "PERSON" and len({outlet[m.doc_id] for m in e.mentions}) >= 2)
        totals.update(linked=linked, exact=exact, total=total, agree=agree, multi=multi, persons=persons)
    link_seconds = time.perf_counter() - started
    coverage, baseline = totals["linked"] / totals["total"], totals["exact"] / totals["total"]
    agreement = totals["agree"] / totals["multi"]
    print(
        f"giveme5w1h {len(giveme_events)} events: cross-outlet PERSON coverage {coverage:.3f} "
        f"(exact strings {baseline:.3f}), label agreement {agreement:.3f}, "
        f"cross-outlet persons {totals['persons']}, link {link_seconds:.2f}s"
    )
    assert coverage >= MIN_CROSS_OUTLET_COVERAGE
    assert coverage - baseline >= MIN_GAIN_OVER_EXACT_STRING
    assert agreement >= MIN_LABEL_AGREEMENT
    assert totals["persons"] >= MIN_CROSS_OUTLET_PERSONS


@pytest.mark.parametrize(("event", "together", "apart"), GIVEME_GOLD)
def test_link_giveme5w1h_merges_checked_by_eye(
    giveme_events: dict[int, list[AnalyzedDocument]], event: int, together: tuple[str, ...], apart: tuple[str, ...]
) -> None:
    entities = link_entities(giveme_events[event])
    holder = person(entities, together[0])
    assert set(together) <= set(holder.aliases)
    for other in apart:
        assert other not in holder.aliases
        assert person(entities, other) is not holder


def _follows_a_word(text: str, position: int) -> bool:
    """True when a word sits mid-sentence, so its capital is not just sentence case: the rule ``CaseStats`` read
    word by word before it read whole sentences (``_words_read_one_by_one``'s reference)."""
    i = position - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and (text[i].isalnum() or text[i] == ",")


def test_a_capital_after_a_word_or_comma_is_mid_sentence_whatever_the_spacing() -> None:
    text = "Officials said,   Harbour Board met\n\nTuesday. Ferry"
    assert _follows_a_word(text, text.index("Harbour"))  # after a comma and three spaces
    assert _follows_a_word(text, text.index("Board"))
    assert _follows_a_word(text, text.index("Tuesday"))  # after a word and a blank line
    assert not _follows_a_word(text, text.index("Ferry"))  # after a full stop
    assert not _follows_a_word(text, 0)
    assert not _follows_a_word("   Officials", 3)


def test_link_a_state_s_abbreviation_is_the_state() -> None:
    """A fresh audit saw "Pa" and "Pennsylvania" listed as two entities of one story."""
    text = "The school in Mahanoy City, Pa., lost the case.\nVoters in Pennsylvania cheered."
    doc = synthetic(text, [("Pa.", "GPE"), ("Pennsylvania", "GPE")])
    places = [e for e in link_entities([doc]) if e.label == "GPE"]
    assert [(e.name, len(e.mentions)) for e in places] == [("Pennsylvania", 2)]


def test_link_a_headline_word_read_as_an_organisation_is_no_entity() -> None:
    """A fresh audit saw "Intensifies" (of "… as Fighting Intensifies") listed among the entities."""
    text = "Border Talks Stall as Fighting Intensifies\nShelling went on for a third day near the border.\nTalks stalled."
    doc = synthetic(text, [("Fighting Intensifies", "ORG")], headings=1)
    assert [e.name for e in link_entities([doc])] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Prime Minister Smith said", "Smith"),
        ("Smith said", "Smith"),
        ("The leader\nSmith said", "Smith"),  # the line's start: no word before
        ("x" * 100 + " Smith", "Smith"),  # the word before is longer than the characters read first
        ("Senator" + " " * 100 + "Smith", "Smith"),  # only spaces in reach
        ("word " * 30 + "Senator Smith", "Smith"),
        (" " * 70 + "Senator Smith", "Smith"),
        ("a" + " " * 63 + "Smith", "Smith"),
    ],
)
def test_link_word_before_a_name_is_the_last_word_of_its_line_before_it(text: str, name: str) -> None:
    from crossread.stages.link.introductions import _word_before

    start = text.rindex(name)
    line = text[text.rfind("\n", 0, start) + 1 : start].split()
    assert _word_before(text, start) == (line[-1] if line else "")


@pytest.mark.parametrize(
    ("text", "span", "letter"),
    [
        ("Sen. Brian Schatz (D., Hawaii) said", "D.", True),
        ("Rep. Smith, R-Ky., said", "R-", True),
        ("Plan D. was dropped", "D.", False),
    ],
)
def test_link_party_letter(text: str, span: str, letter: bool) -> None:
    from crossread.stages.link.mentions import is_party_letter

    start = text.index(span)
    span = span.rstrip("-")
    assert is_party_letter(text, start, start + len(span)) is letter


def test_link_entity_finder_reads_only_nearby_mentions_with_the_same_answers() -> None:
    import random

    from crossread.model import Entity, EntityMention
    from crossread.stages.link import EntityFinder

    rnd = random.Random(7)
    entities = []
    for k in range(12):  # made-up spans, some long, some overlapping, some the same (a tie: the first entity's)
        spans = [(start, start + rnd.choice((2, 3, 5, 40))) for start in rnd.sample(range(200), 6)] + [(50, 55)]
        mentions = tuple(EntityMention(rnd.choice(("a", "b")), s, e, "x") for s, e in spans)
        entities.append(Entity(f"e{k}", f"E{k}", "PERSON", (), mentions))

    def every_mention(doc: str, start: int, end: int) -> Entity | None:  # the former scan, in prominence order
        end, best, most = max(end, start + 1), None, 0
        for entity in entities:
            for mention in entity.mentions:
                overlap = min(end, mention.end) - max(start, mention.start) if mention.doc_id == doc else 0
                if overlap > most:
                    best, most = entity, overlap
        return best

    finder = EntityFinder(entities)
    for doc in ("a", "b", "c"):
        for start in range(0, 250, 3):
            for length in (0, 1, 4, 30):
                assert finder.at(doc, start, start + length) is every_mention(doc, start, start + length)
    assert finder.at("a", 50, 55) is entities[0] or finder.at("b", 50, 55) is entities[0]


def test_link_case_stats_read_a_sentence_printed_again_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # a copy's sentences add nothing new to the case statistics: each text is read once, the statistics the same
    from crossread.stages.link.mentions import CaseStats

    def made_up(doc_id: str, lines: list[str]) -> AnalyzedDocument:
        text = "\n\n".join(lines)
        starts = [text.index(line) for line in lines]
        sentences = tuple(
            Sentence(doc_id, k, s, s + len(line), line) for k, (s, line) in enumerate(zip(starts, lines, strict=True))
        )
        return AnalyzedDocument(Document(id=doc_id, source_path=f"{doc_id}.txt", text=text, kind="text"), sentences)

    lines = ["The envoys met in Tallinn on Monday, said Mara Quill.", "Talks resume next week in the Harbor Hall."]
    original, copy = made_up("d1", lines), made_up("d2", [*lines, "Officials said, Nobody objected."])
    read: list[str] = []
    add_sentences = CaseStats._add_sentences
    monkeypatch.setattr(CaseStats, "_add_sentences", lambda self, texts: read.extend(texts) or add_sentences(self, texts))
    both = CaseStats.from_documents([original, copy])
    assert sorted(read) == sorted({*lines, "Officials said, Nobody objected."})
    monkeypatch.setattr(CaseStats, "_add_sentences", add_sentences)
    each = CaseStats()
    for line in [*lines, *lines, "Officials said, Nobody objected."]:
        each._add_sentences([line])
    assert (both.lowercase_stems, both.capitalised) == (each.lowercase_stems, each.capitalised)
    assert "nobody" in both.capitalised and "tallinn" in both.capitalised


def _words_read_one_by_one(texts: list[str]) -> tuple[set[str], set[str]]:
    """What ``CaseStats`` counted when it read every word of every sentence in turn: the reference."""
    from crossread.stages.link.mentions import WORD_RE
    from crossread.stages.link.names import stem

    lowercase_stems, capitalised = set(), set()
    for text in texts:
        for match in WORD_RE.finditer(text):
            word = match.group()
            if word.islower():
                lowercase_stems.add(stem(word))
            elif word[0].isupper() and _follows_a_word(text, match.start()):
                capitalised.add(word.lower())
    return lowercase_stems, capitalised


@pytest.mark.parametrize(
    "texts",
    [
        ["The envoys met in Tallinn, said Mara Quill.", "Talks resume in the Harbor Hall."],
        ["Officials said, Nobody objected.", "Nobody came", "ended with Tallinn", "Quill"],
        ["“Ferry Board” said: Ferry rules, Board Rules", "(Harbour) 3M x²Ab well-Known a,Bc a_Bc a.Bc Ω Ωmega ωΩ"],
        ["first line\n\n  Tuesday came", "  Spaced Start", "tail,", "Opening after comma"],
        ["x\u00a0Nbsp Ǆemal ǅemal", "", "   ", "l'Œuvre dell'Arte MacDonald 2020Olympics"],
    ],
)
def test_link_case_stats_count_each_word_as_read_one_by_one(texts: list[str]) -> None:
    # reading the sentences in one pass, each distinct token once, counts what a pass over every word counted:
    # a capitalised word after a comma or a word (spaces skipped) is mid-sentence, a sentence's first never is
    from crossread.stages.link.mentions import CaseStats

    stats = CaseStats()
    stats._add_sentences(texts)
    assert (stats.lowercase_stems, stats.capitalised) == _words_read_one_by_one(texts)


def test_link_speaker_span_overlap_is_every_mention_read() -> None:
    # a speaker span overlaps a document's mentions exactly when reading every mention says so
    from crossread.stages.link.speakers import _Covered

    spans = [(40, 52), (0, 5), (10, 30), (12, 14), (60, 61), (33, 34)]
    covered = _Covered(spans)
    for start in range(0, 70):
        for end in range(start + 1, 72, 3):
            assert covered.overlaps(start, end) == any(s < end and start < e for s, e in spans), (start, end)
    assert not _Covered([]).overlaps(0, 10)


@pytest.mark.parametrize(
    "text",
    ["Mara Quill", " Mara  Quill ", "Mara\u00a0Quill", "Quill", "  ", "", "Mara\tQuill\nHall", "“Quill”"],
)
def test_link_span_tokens_are_the_whitespace_tokens(text: str) -> None:
    # a one-word span is returned whole; any other is read by the token pattern: the same tokens and spans
    from crossread.stages.link.mentions import TOKEN_RE, span_tokens

    padded = "ab " + text + " cd"
    start, end = 3, 3 + len(text)
    expected = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(padded, start, end)]
    assert span_tokens(padded, start, end) == expected


def _trimmed_one_suffix_at_a_time(text: str, start: int, end: int) -> tuple[int, int]:
    """``trim_span`` as it cut both possessives, then the junk, again and again: the reference."""
    from crossread.stages.link.mentions import ABBREVIATION_END_RE
    from crossread.stages.link.names import LEADING_JUNK, TRAILING_JUNK

    if text.startswith(("’s ", "'s "), start):
        start += 3
    while start < end and (text[start] in LEADING_JUNK or text[start].isspace()):
        start += 1
    changed = True
    while changed and end > start:
        changed = False
        for suffix in ("’s", "'s"):
            if text.endswith(suffix, start, end) and end - len(suffix) > start:
                end -= len(suffix)
                changed = True
        while end > start and (text[end - 1] in TRAILING_JUNK or text[end - 1].isspace()):
            end -= 1
            changed = True
    if end < len(text) and text[end] == "." and ABBREVIATION_END_RE.search(text[start:end]):
        end += 1
    opened = text.rfind("(", start, end)
    if opened > start and text.find(")", opened, end) < 0:
        end = opened
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


@pytest.mark.parametrize(
    "name",
    [
        "Quill's",
        "Quill’s’s",
        "Quill's.'",
        "'s",
        "Q's",
        "Quill.’s ",
        "Quill",
        "s's's",
        "’s’",
        "“U.S.'s”",
        "'s Quill",
        "Quill (MQ's",
    ],
)
def test_link_trim_span_cuts_possessives_and_junk_as_before(name: str) -> None:
    # one cut at a time until none applies ends where cutting both possessives, then the junk, again and again did
    from crossread.stages.link.mentions import trim_span

    text = name + ". said"
    assert trim_span(text, 0, len(name)) == _trimmed_one_suffix_at_a_time(text, 0, len(name))


def test_link_headline_surname_uses_only_whole_words() -> None:
    # a headline's surname is a mention where it stands as a word: not glued to a hyphen or a dot before it
    from crossread.stages.link.mentions import Candidate, CaseStats, add_headline_surname_uses

    headline = "Quill's plan: Quill-led panel, Dr.Quill, Quillan and (Quill) speak"
    body = "Mara Quill said the panel met."
    text = headline + "\n\n" + body
    sentences = (
        Sentence("d", 0, 0, len(headline), headline, is_heading=True),
        Sentence("d", 1, len(headline) + 2, len(text), body),
    )
    analyzed = AnalyzedDocument(Document(id="d", source_path="d.txt", text=text, kind="text"), sentences)
    start = text.index("Mara Quill")
    candidates = [Candidate(0, "d", start, start + 10, "PERSON", start, start + 10, "Mara Quill", "Mara Quill")]
    add_headline_surname_uses([analyzed], candidates, CaseStats.from_documents([analyzed]))
    found = sorted(c.start for c in candidates[1:])
    assert found == [0, headline.index("(Quill)") + 1]


def test_a_span_with_no_token_left_is_no_name() -> None:
    """A speaker or mention span of junk alone leaves no token: no name, and no IndexError (an FNC-1 body crashed
    the linker after ``_is_name_like`` began reading the last token first)."""
    from crossread.stages.link.mentions import _is_name_like

    assert _is_name_like([]) is False
