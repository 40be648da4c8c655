"""Who comments on the event (an analyst, the app whose figures are cited) is not Who acts in it."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from conftest import analyzed_texts
from crossread.stages.event import describe_event
from crossread.stages.link import link_entities

TEXTS = [
    "Hack shuts Northline fuel pipe\n\nNorthline Energy shut its fuel pipe on Friday after a hack. About 8% of stations "
    "ran dry, according to outage figures reported by FuelFinder, an app that tracks prices. Northline Energy said "
    "it would restart the pipe.",
    "Stations run dry after Northline hack\n\nNorthline Energy stopped the pipe on Friday. Many stations were without "
    "fuel, according to FuelFinder analyst Maria Okonjo. Okonjo expected shortages to last a week.",
    "Northline restarts pipe\n\nNorthline Energy restarted its fuel pipe on Monday, Governor Tom Reyes said. Reyes "
    "thanked Northline Energy crews. FuelFinder analyst Maria Okonjo said prices would fall.",
]


def test_an_analyst_and_the_app_cited_for_figures_are_not_actors(nlp: Language) -> None:
    analyzed = analyzed_texts(nlp, TEXTS)
    entities = link_entities(analyzed)
    names = {e.id: e.name for e in entities}
    actors = [names[a] for a in describe_event(analyzed, entities).actors]
    assert any("Northline" in a for a in actors), actors
    assert not any("Okonjo" in a or "FuelFinder" in a for a in actors), actors


def test_a_place_in_a_clause_about_someone_s_past_is_not_where(nlp: Language) -> None:
    """An audit found a new police chief's story placed in the states where he worked before."""
    texts = [
        "Ana Ruiz named city police chief\n\nAna Ruiz, a former police chief in Ohio and Texas, was named chief "
        "of the city police in Denver on Thursday.",
        "Denver picks a police chief\n\nThe board picked Ana Ruiz, who spent 20 years as a chief in Ohio, at a "
        "meeting in Denver on Thursday.",
    ]
    analyzed = analyzed_texts(nlp, texts)
    places = describe_event(analyzed, link_entities(analyzed)).places
    assert "Denver" in places and "Ohio" not in places and "Texas" not in places, places


def test_a_place_that_begins_another_name_of_the_story_is_not_where(nlp: Language) -> None:
    """An audit saw "Pandora" listed as where the Pandora Papers story happened: NER tagged the
    first word of one headline's "Pandora papers" a place."""
    from crossread.model import Document, Entity, EntityMention
    from crossread.stages.analyze import analyze_many
    from crossread.stages.event import event_places

    title = "Zarvana papers expose offshore riches"
    text = f"{title}\n\nReporters in Lyon published the Zarvana Papers on Sunday."
    doc_id = "d0"
    analyzed = list(analyze_many([Document(id=doc_id, source_path="d0.txt", text=text, kind="text", title=title)], nlp))
    papers = text.index("Zarvana Papers")
    lyon = text.index("Lyon")
    entities = [
        Entity("e1", "Zarvana", "GPE", ("Zarvana",), (EntityMention(doc_id, 0, 7, "Zarvana"),)),
        Entity("e2", "Zarvana Papers", "ORG", ("Zarvana Papers",), (EntityMention(doc_id, papers, papers + 14, "Zarvana P."),)),
        Entity("e3", "Lyon", "GPE", ("Lyon",), (EntityMention(doc_id, lyon, lyon + 4, "Lyon"),)),
    ]
    assert event_places(analyzed, entities) == ["Lyon"]


def _titled(nlp: Language, title: str, body: str) -> list[Any]:
    """One made-up article with its title printed as its first line, analysed."""
    from crossread.model import Document
    from crossread.stages.analyze import analyze_many

    text = f"{title}\n\n{body}"
    return list(analyze_many([Document(id="d0", source_path="d0.txt", text=text, kind="text", title=title)], nlp))


def _named(analyzed: list[Any], name: str, label: str) -> Any:
    """An entity with every place the analysed texts write ``name``, typed ``label`` (as NER typed it)."""
    from crossread.model import Entity, EntityMention

    mentions = tuple(
        EntityMention(a.document.id, i, i + len(name), name)
        for a in analyzed
        for i in range(len(a.document.text))
        if a.document.text.startswith(name, i)
    )
    return Entity(f"e-{name}", name, label, (name,), mentions)


def test_a_variant_named_like_a_place_is_not_where(nlp: Language) -> None:
    """An audit saw "Delta" (the variant, which NER tagged a place) listed as where a story happened."""
    from crossread.stages.event import event_places

    analyzed = _titled(
        nlp, "Cases fall as the Zeta variant fades", "Cases fell in Lyon as the Zeta variant faded, officials said."
    )
    assert event_places(analyzed, [_named(analyzed, "Zeta", "GPE"), _named(analyzed, "Lyon", "GPE")]) == ["Lyon"]


def test_a_disease_named_like_a_place_is_not_where(nlp: Language) -> None:
    """An audit saw "Covid" ("died from Covid in the U.S.", which NER tagged a place) listed as Where."""
    from crossread.stages.event import event_places

    analyzed = _titled(
        nlp, "Thousands have died from Covid in Lyon", "Thousands have died from Covid in Lyon this year, officials said in Lyon."
    )
    assert event_places(analyzed, [_named(analyzed, "Covid", "GPE"), _named(analyzed, "Lyon", "GPE")]) == ["Lyon"]


def _places(nlp: Language, texts: list[str]) -> list[str]:
    from crossread.stages.event import event_places

    analyzed = analyzed_texts(nlp, texts)
    return event_places(analyzed, link_entities(analyzed))


def test_a_meeting_at_the_white_house_is_where(nlp: Language) -> None:
    """An audit saw Where "unknown" for a meeting all three sources put "at the White House"."""
    from crossread.stages.event import event_places

    texts = [
        "Leaders meet on budget\n\nThe two party leaders met Joe Biden at the White House on Wednesday to talk about the budget.",
        "Budget talks\n\nBiden hosted the party leaders at the White House on Wednesday, the White House said.",
    ]
    analyzed = analyzed_texts(nlp, texts)
    assert event_places(analyzed, [_named(analyzed, "White House", "ORG")]) == ["White House"]  # ORG, as in the audit


def test_a_place_a_deed_is_attributed_to_or_named_in_a_quote_is_not_where(nlp: Language) -> None:
    """An audit saw Russia ("usually attributed to Russia") and the United States (inside a quote) as Where."""
    texts = [
        "Hack hits banks in Norway\n\nA hack hit banks in Norway on Monday, a kind of attack usually attributed to Russia.",
        "Banks hacked\n\nThe minister said in Oslo: \u201cDo not send money to Sweden until we know more.\u201d",
    ]
    places = _places(nlp, texts)
    assert "Russia" not in places and "Sweden" not in places, places


def test_a_programme_is_not_who() -> None:
    """An audit saw "Child Tax Credit" listed as Who."""
    from crossread.model import Entity
    from crossread.stages.event import names_a_policy

    assert names_a_policy(Entity("e1", "Child Tax Credit", "ORG", ("Child Tax Credit",), ()))
    assert names_a_policy(Entity("e2", "Paycheck Protection Program", "ORG", ("Paycheck Protection Program",), ()))
    assert not names_a_policy(Entity("e3", "Internal Revenue Service", "ORG", ("Internal Revenue Service",), ()))
    assert not names_a_policy(Entity("e4", "Act", "ORG", ("Act",), ()))


def test_a_state_named_mostly_in_party_tags_is_not_where(nlp: Language) -> None:
    """A fresh audit saw "Kentucky" as Where of a senator's suspension from a video site: two of its three
    sources named the state only in tags ("(R-Ky.)", "Senator X of Kentucky"), which still counted towards the
    sources naming it."""
    texts = [
        "Site suspends senator\n\nSen. Ann Boyd (R-Ky.) was suspended from VidHub for a week over a video.",
        "VidHub bans senator's video\n\nVidHub removed a video by Senator Ann Boyd of Kentucky and suspended her.",
        "Senator suspended\n\nThe video was taken down, Boyd of Kentucky said on Tuesday.",
    ]
    analyzed = analyzed_texts(nlp, texts)
    places = describe_event(analyzed, link_entities(analyzed)).places
    assert "Kentucky" not in places and "Ky" not in places, places


@pytest.mark.parametrize(
    ("texts", "state", "acts"),
    [
        pytest.param(
            [
                "Nine dead in flooding in New York, New Jersey\n\nFlash floods killed nine people in New Jersey on "
                "Wednesday, officials said. New Jersey declared an emergency.",
                "Storm floods the region\n\nTowns in New Jersey were cut off, and New Jersey police closed roads.",
            ],
            "New Jersey",
            False,
            id="named where things happen",
        ),
        pytest.param(
            [
                "Texas sues drug maker over prices\n\nTexas sued the maker of an insulin pen on Monday. Texas said "
                "prices had tripled.",
                "State files suit\n\nTexas filed a lawsuit against the company on Monday.",
            ],
            "Texas",
            True,
            id="named as the doer",
        ),
    ],
)
def test_a_state_acts_only_where_a_headline_names_it_as_more_than_a_place(
    nlp: Language, texts: list[str], state: str, acts: bool
) -> None:
    """A fresh audit saw "New Jersey" as the only Who of a flood story whose headline said "flooding in New
    York, New Jersey" (the Where list, which Who never repeats, was full with New York's places)."""
    from crossread.model import Document
    from crossread.stages.analyze import analyze_many
    from crossread.stages.event import event_actors

    documents = [Document(f"d{i}", f"d{i}.txt", t, "text", title=t.split("\n")[0]) for i, t in enumerate(texts)]
    analyzed = list(analyze_many(documents, nlp))
    entities = link_entities(analyzed)
    names = {e.id: e.name for e in entities}
    assert (state in [names[a] for a in event_actors(analyzed, entities, [])]) is acts


def test_event_party_tag_searches_only_where_a_pattern_can_match() -> None:
    from crossread.stages import event

    def searched_everywhere(text: str, start: int, end: int) -> bool:  # party_tag without its cheap tests
        in_brackets = event.PARTY_BEFORE.search(text, max(0, start - 8), start) and event.PARTY_CLOSE.match(text, end)
        named_of = event.NAME_OF.search(text, max(0, start - 48), start)
        return bool(in_brackets or event.PARTY_AFTER.match(text, end) or named_of)

    text = (
        "Sen. Dana Wells (D., Ohio) and Rep. Tom Hale (R-Utah.) met Gov. Ann Lee of Iowa and a Utah Republican "
        "in (Utah) on Monday; the Senator Ann Bo of \nIowa spoke, as did Sen. Jo of  Iowa, in Ohio."
    )
    words = [(i, i + len(w)) for i, w in ((text.index(w), w) for w in ("Ohio", "Utah", "Iowa"))]
    spans = words + [(k, k + 4) for k in range(len(text) - 4)]
    assert [event.party_tag(text, s, e) for s, e in spans] == [searched_everywhere(text, s, e) for s, e in spans]
    assert event.party_tag(text, *words[0]) and event.party_tag(text, *words[2])
