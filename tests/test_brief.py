"""The cross-source brief: the JSON contract, the example as an analyst reads it, conflicts, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from spacy.language import Language

from crossread.brief import brief_from_paths, build_brief
from crossread.interfaces.render import brief_dict, brief_html, brief_markdown
from crossread.model import CLAIM_STATUSES, AnalyzedDocument, Brief, Document
from crossread.stages.analyze import analyze_many
from crossread.stages.summarize import _readable
from crossread.units import Unit

STATUSES = set(CLAIM_STATUSES)


@pytest.fixture(scope="module")
def example_brief(nlp: Language, example_dir: Path) -> Brief:
    brief, failures = brief_from_paths(sorted(example_dir.glob("*.txt")), nlp)
    assert not failures
    return brief


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_brief_json_contract_has_every_field(example_brief: Brief) -> None:
    data = brief_dict(example_brief)
    assert data["schema"] == "crossread.brief/1"
    for key in ("id", "path", "url", "outlet", "title", "published", "language", "text", "removed"):
        assert all(key in d for d in data["documents"]), key
    assert set(data["event"]) >= {"title", "date", "date_evidence", "places", "actors"}
    for key, fields in {
        "entities": {"id", "name", "label", "aliases", "mentions"},
        "quotes": {"id", "doc", "start", "end", "text", "speaker", "speaker_name", "cue", "said_on", "before_event"},
        "amounts": {"doc", "start", "end", "text", "value", "unit", "counts"},
        "claims": {"id", "status", "sources", "units", "conflicts"},
        "per_source": {"doc", "only_here", "omits", "foregrounds"},
        "summary": {"text", "status", "citations"},
    }.items():
        assert data[key], f"{key} is empty on the example"
        assert all(fields <= set(item) for item in data[key]), key


def test_brief_every_span_points_at_its_text(example_brief: Brief) -> None:
    data = brief_dict(example_brief)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    spans = [u for c in data["claims"] for u in c["units"]] + data["quotes"] + data["amounts"]
    for span in spans:
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"]
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= len(texts[mention["doc"]])
    entity_ids = {e["id"] for e in data["entities"]}
    assert set(data["event"]["actors"]) <= entity_ids
    assert {q["speaker"] for q in data["quotes"] if q["speaker"]} <= entity_ids


def test_brief_summary_is_extractive_and_cited(example_brief: Brief) -> None:
    data = brief_dict(example_brief)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert 5 <= len(data["summary"]) <= 10
    for sentence in data["summary"]:
        assert sentence["status"] in STATUSES and sentence["citations"]
        cited = [texts[c["doc"]][c["start"] : c["end"]] for c in sentence["citations"]]
        assert sentence["text"] in cited, "a summary sentence must be one of its cited source spans"
    rank = {"corroborated": 0, "partial": 0, "contested": 2, "single_source": 3, "unmatched": 3}
    order = [rank[s["status"]] for s in data["summary"]]
    assert order == sorted(order), "the shared core comes first"


def test_brief_example_reads_as_an_analyst_would(example_brief: Brief) -> None:
    data = brief_dict(example_brief)
    names = {e["id"]: e for e in data["entities"]}
    actors = [names[a]["name"] for a in data["event"]["actors"]]
    assert any("Pompeo" in a for a in actors) and any("Lukash" in a for a in actors)
    assert "Minsk" in data["event"]["places"]
    assert data["event"]["date"] == "2020-02-01", data["event"]["date_evidence"]
    assert len(data["event"]["date_evidence"]) >= 2, "the date is reasoned from both sources"
    shared = [c for c in data["claims"] if c["status"] in ("corroborated", "partial")]
    visit = [c for c in shared if any("Minsk" in u["text"] and "1 February" in u["text"] for u in c["units"])]
    assert visit and len(visit[0]["sources"]) == 2, "the visit itself is carried by both sources"
    # Planned in the State Department's text ("will travel"), done in the other's ("arrived"): said so.
    assert visit[0]["status"] == "partial" and "planned" in visit[0]["note"] and "done" in visit[0]["note"]
    assert visit[0]["evidence"] and visit[0]["evidence"][0]["slots"], "a match says why"
    epigraph = [q for q in data["quotes"] if q["said_on"] == "2019-07-03"]
    assert epigraph and epigraph[0]["before_event"], "the July 2019 quote predates the February 2020 visit"
    lukashenko = [e for e in data["entities"] if any(a.startswith("Lukashenk") or "Lukashenk" in a for a in e["aliases"])]
    assert len(lukashenko) == 1 and len({m["doc"] for m in lukashenko[0]["mentions"]}) == 2
    for view in data["per_source"]:
        assert view["only_here"] and view["foregrounds"]


def test_brief_finds_typed_conflicts(nlp: Language, tmp_path: Path) -> None:
    a = _write(
        tmp_path,
        "a.txt",
        "Blast in Kabul\n\nA car bomb killed 15 people in central Kabul on March 3, 2021, police said.\n\n"
        "The interior ministry confirmed that the attack was carried out by a suicide bomber.\n",
    )
    b = _write(
        tmp_path,
        "b.txt",
        "Kabul bombing\n\nA car bomb killed 17 people in central Kabul on March 3, 2021, officials said.\n\n"
        "The interior ministry did not confirm that the attack was carried out by a suicide bomber.\n",
    )
    brief, _ = brief_from_paths([a, b], nlp)
    kinds = {k.kind for c in brief.claims for k in c.conflicts}
    assert {"number", "negation"} <= kinds
    contested = [c for c in brief.claims if c.status == "contested"]
    assert len(contested) >= 2


def test_brief_counts_syndicated_copies_as_one_source(nlp: Language, tmp_path: Path) -> None:
    wire = (
        "Storm hits coast\n\nA powerful storm hit the northern coast on Tuesday, cutting power to 40,000 homes, "
        "the regional utility said. Emergency crews worked through the night to restore lines near the harbour. "
        "Schools in three districts stayed closed as officials assessed the damage to roads and bridges.\n"
    )
    a = _write(tmp_path, "wire.txt", wire)
    b = _write(tmp_path, "repost.txt", wire.replace("Storm hits coast", "Storm hits coast, thousands without power"))
    brief, _ = brief_from_paths([a, b], nlp)
    assert len(set(brief.chains.values())) == 1
    assert all(c.status != "corroborated" for c in brief.claims), "a copy does not corroborate its original"


HOSTILE_HTML = """<html><head><title>Minister <script>alert(1)</script> resigns</title>
<style>body{background:url(javascript:alert(2))}</style></head><body><article>
<h1>Minister resigns <img src=x onerror="alert(3)"></h1>
<p>The minister resigned on Monday after weeks of pressure, the government said in a statement to reporters.</p>
<p>"I leave with my head held high <script>document.location='http://evil.example'</script>," the minister said.</p>
<p><a href="javascript:alert(4)">Read more</a> about the resignation and what comes next for the coalition.</p>
</article></body></html>"""


def test_brief_html_escapes_hostile_article_content(nlp: Language, tmp_path: Path, example_dir: Path) -> None:
    page = _write(tmp_path, "hostile.html", HOSTILE_HTML)
    brief, _ = brief_from_paths([page, *sorted(example_dir.glob("*.txt"))], nlp)
    rendered = brief_html(brief)
    tree = lxml_html.fromstring(rendered)
    assert not tree.xpath("//script"), "no script element may come from article text"
    assert not tree.xpath("//@*[starts-with(name(), 'on')]"), "no event-handler attribute"
    assert not tree.xpath("//a[starts-with(normalize-space(@href), 'javascript:')]")
    assert not tree.xpath("//img | //iframe | //link | //object")
    assert "Content-Security-Policy" in rendered
    markdown = brief_markdown(brief)
    assert "<script>" not in markdown


def test_brief_markdown_lists_every_claim_status(example_brief: Brief) -> None:
    markdown = brief_markdown(example_brief)
    assert markdown.startswith("# ")
    for heading in ("## Summary", "## Claims", "## Per source", "## Quotes", "## Amounts", "## Entities"):
        assert heading in markdown


def test_brief_flags_a_claim_one_source_calls_untrue(nlp: Language, tmp_path: Path) -> None:
    a = _write(
        tmp_path,
        "a.txt",
        "Dam collapse\n\nThe dam in the northern province collapsed after heavy rain on Monday, local officials said.\n",
    )
    b = _write(
        tmp_path,
        "b.txt",
        "Officials deny dam report\n\nProvincial officials denied reports that the dam in the northern province "
        "collapsed after heavy rain on Monday.\n",
    )
    brief, _ = brief_from_paths([a, b], nlp)
    conflicts = [k for c in brief.claims for k in c.conflicts if k.kind == "negation"]
    assert conflicts and "untrue" in conflicts[0].detail


def test_brief_never_shows_a_local_absolute_path(
    example_brief: Brief, example_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Sources read by absolute path, rendered from another directory: names and file names only."""
    monkeypatch.chdir(tmp_path)
    folder = str(example_dir.resolve())
    for text in (brief_markdown(example_brief), brief_html(example_brief), str(brief_dict(example_brief))):
        assert folder not in text
    assert "U.S. Department of State: 'February 1'" in brief_markdown(example_brief)  # the date evidence names the outlet


def test_brief_says_whom_a_spokesperson_speaks_for(nlp: Language, tmp_path: Path) -> None:
    """A role speaker ("a spokesman for the ministry") is shown with whom it speaks for, in JSON, Markdown and HTML."""
    texts = {
        "a.txt": 'Talks on the border resumed on Monday in Vilnius. "We expect progress this week," said a spokesman for '
        "the Lithuanian Foreign Ministry, Jonas Petraitis. Officials from both countries attended the meeting.",
        "b.txt": "Border talks restarted on Monday in Vilnius, officials said. The delegations met for six hours. "
        "Both sides described the meeting as constructive and agreed to meet again.",
    }
    brief, failures = brief_from_paths([_write(tmp_path, name, text) for name, text in texts.items()], nlp)
    assert not failures
    quotes = brief_dict(brief)["quotes"]
    role = next(q for q in quotes if q["speaker_of"])
    assert "ministry" in role["speaker_of"].lower() and role["speaker_kind"] == "role"
    assert f"speaking for {role['speaker_of']}" in brief_markdown(brief)
    assert f"speaking for <bdi>{role['speaker_of']}</bdi>" in brief_html(brief)


def test_brief_compares_a_long_text_in_part_and_says_so(
    nlp: Language, example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossread import brief as brief_module
    from crossread.brief import analyze_paths, build_brief
    from crossread.interfaces.render import brief_markdown

    documents, _failures = analyze_paths(sorted(example_dir.iterdir()), nlp)
    short, long = sorted(documents, key=lambda d: len(d.document.text))
    assert len(long.document.text) > len(short.document.text)
    monkeypatch.setattr(brief_module, "MAX_BRIEF_CHARS", len(short.document.text))
    brief = build_brief(documents, nlp)
    views = {v.doc_id: v for v in brief.per_source}
    compared = views[long.document.id].compared_chars
    assert compared is not None and compared <= len(short.document.text) and views[long.document.id].omits == ()
    assert views[short.document.id].compared_chars is None
    assert [d.document.text for d in brief.documents] == [d.document.text for d in documents]  # shown whole
    spans = [u for c in brief.claims for u in c.units if u.doc_id == long.document.id]
    assert spans and all(u.end <= compared for u in spans)
    assert all(long.document.text[u.start : u.end] == u.text for u in spans)
    assert f"only the first {compared:,} characters" in brief_markdown(brief)


def test_summary_sentences_never_open_mid_sentence() -> None:
    def unit(text: str) -> Unit:
        return Unit("d", 0, len(text), text, 0, predicate="rise")

    assert _readable(unit("Surging inflation is hampering the recovery, the fund warned on Tuesday."))
    assert not _readable(unit("risks are rising, according to the International Monetary Fund."))
    assert not _readable(unit("The minister told reporters on Monday that the new rules would..."), last=True)
    assert _readable(unit("The spokeswoman said it was a big success for the whole network..."), last=False)
    assert not _readable(unit("Are you worried about the supply of chips for your cars?"))


def _one_source_brief(nlp: Language, title: str, text: str) -> tuple[Brief, dict[str, str]]:
    """The brief of one made-up article whose first line is its title, and its entity names by id."""
    document = Document(id="d1", source_path="d1.txt", text=text, kind="text", title=title)
    brief = build_brief(list(analyze_many([document], nlp)), nlp)
    return brief, {e.id: e.name for e in brief.entities}


def _titled_brief(nlp: Language, texts: list[str]) -> Brief:
    """The brief of made-up articles, each titled by its first line."""
    documents = [
        Document(id=f"d{i}", source_path=f"d{i}.txt", text=t, kind="text", title=t.split("\n")[0]) for i, t in enumerate(texts)
    ]
    return build_brief(list(analyze_many(documents, nlp)), nlp)


def test_a_title_printed_as_the_first_line_counts_as_the_headline_for_the_actors(nlp: Language) -> None:
    title = "Microsoft buys a small games studio in Oslo"
    text = (
        f"{title}\n\nJane Smith founded the studio in 2015. Jane Smith said the sale was fair. "
        "Microsoft will keep the staff, Jane Smith said. Jane Smith will stay on. Microsoft paid in cash."
    )
    brief, names = _one_source_brief(nlp, title, text)
    assert [names[a] for a in brief.event.actors][:1] == ["Microsoft"], [names[a] for a in brief.event.actors]


def test_no_place_of_the_story_is_also_listed_as_who(nlp: Language) -> None:
    text = (
        "Heat wave spreads\n\nRecords fell in Arizona and in Montana on Tuesday as the heat wave spread. "
        "Arizona set a record of 118 degrees. Montana broke its record by ten degrees. "
        "Arizona and Montana expect more heat, the National Weather Service said. The National Weather Service "
        "warned of fires."
    )
    brief, names = _one_source_brief(nlp, "Heat wave spreads", text)
    actors = [names[a] for a in brief.event.actors]
    assert {"Arizona", "Montana"} <= set(brief.event.places), brief.event.places
    assert not set(actors) & set(brief.event.places), (actors, brief.event.places)


@pytest.mark.parametrize(
    ("title", "body", "place"),
    [
        (
            "Leeds bridge collapse: two hurt",
            "A footbridge collapsed in England on Monday, injuring two people, police said. "
            "Engineers in Leeds said it was the worst collapse in England in years.",
            "Leeds",
        ),
        (
            "Bank raises rates",
            "LONDON (Reuters) - The central bank raised its main rate on Thursday, a move traders had not "
            "expected. Shares in Britain fell after the decision.",
            "LONDON",
        ),
    ],
)
def test_a_place_in_the_headline_or_the_dateline_is_where_first(nlp: Language, title: str, body: str, place: str) -> None:
    document = Document(id="d1", source_path="d1.txt", text=f"{title}\n\n{body}", kind="text", title=title)
    brief = build_brief(list(analyze_many([document], nlp)), nlp)
    assert list(brief.event.places[:1]) == [place], brief.event.places


def test_a_politicians_home_state_is_neither_where_nor_who(nlp: Language) -> None:
    title = "Senators strike a deal on roads"
    text = (
        f"{title}\n\nSen. Brian Schatz (D., Hawaii) and Sen. Joe Manchin of West Virginia agreed on the bill on "
        "Tuesday, Rep. Nancy Lee (D-Calif.) said. Schatz said the bill would pass, and a Texas Republican "
        "said he would back it. Manchin and Schatz will sign it. Lee welcomed the deal."
    )
    brief, names = _one_source_brief(nlp, title, text)
    shown = set(brief.event.places) | {names[a] for a in brief.event.actors}
    assert not shown & {"Hawaii", "West Virginia", "Calif.", "Texas"}, (brief.event.places, shown)


def test_an_outlet_named_as_a_source_and_a_hyphenated_pair_of_names_are_not_who(nlp: Language) -> None:
    title = "Leaders agree to talks"
    text = (
        f"{title}\n\nJoe Biden and Vladimir Putin will meet in Geneva, CNN reported on Monday. The Biden-Putin "
        "meeting follows months of tension, CNN said. Biden wants a stable relationship, aides told CNN. Putin "
        "agreed to the date. The Biden-Putin talks will last a day, Biden said."
    )
    brief, names = _one_source_brief(nlp, title, text)
    actors = [names[a] for a in brief.event.actors]
    assert "CNN" not in actors and "Biden-Putin" not in actors, actors
    assert any("Biden" in a for a in actors), actors


def test_a_hyphenated_pair_of_the_storys_names_is_a_compound() -> None:
    from crossread.model import Entity
    from crossread.stages.event import compound_of_others

    def entity(name: str, label: str = "PERSON") -> Entity:
        return Entity(name, name, label, (name,), ())

    story = [entity("Joe Biden"), entity("Vladimir Putin"), entity("Biden-Putin", "ORG"), entity("Rolls-Royce", "ORG")]
    assert compound_of_others(story[2], story)
    assert not compound_of_others(story[3], story)


def test_a_name_used_only_for_a_virus_variant_names_a_thing() -> None:
    from crossread.model import Entity, EntityMention
    from crossread.stages.event import names_a_thing

    text = "The Delta variant spread. Hospitals braced for a Delta surge. Delta Air Lines cut flights."
    variant = [EntityMention("d", text.index("Delta"), text.index("Delta") + 5, "Delta")]
    surge = [*variant, EntityMention("d", text.index("Delta surge"), text.index("Delta surge") + 5, "Delta")]
    airline = [*surge, EntityMention("d", text.index("Delta Air"), text.index("Delta Air") + 5, "Delta")]
    assert names_a_thing(Entity("e", "Delta", "ORG", ("Delta",), tuple(surge)), {"d": text})
    assert not names_a_thing(Entity("e", "Delta", "ORG", ("Delta",), tuple(airline)), {"d": text})


def test_a_name_cut_out_of_a_law_s_title_names_a_thing() -> None:
    """An audit saw "George Floyd Justice" (of the "… Justice in Policing Act") listed as Who."""
    from crossread.model import Entity, EntityMention
    from crossread.stages.event import names_a_thing

    text = "The House passed the Ana Ruiz Justice in Housing Act. Ana Ruiz Justice spoke. The Ana Ruiz Act passed."
    starts = [i for i in range(len(text)) if text.startswith("Ana Ruiz Justice", i)]
    law = [EntityMention("d", starts[0], starts[0] + 16, "Ana Ruiz Justice")]
    person = [*law, EntityMention("d", starts[1], starts[1] + 16, "Ana Ruiz Justice")]
    assert names_a_thing(Entity("e", "Ana Ruiz Justice", "PERSON", ("Ana Ruiz Justice",), tuple(law)), {"d": text})
    assert not names_a_thing(Entity("e", "Ana Ruiz Justice", "PERSON", ("Ana Ruiz Justice",), tuple(person)), {"d": text})
    short = text.index("Ana Ruiz Act")
    act = [EntityMention("d", short, short + 8, "Ana Ruiz")]
    assert names_a_thing(Entity("e", "Ana Ruiz", "PERSON", ("Ana Ruiz",), tuple(act)), {"d": text})


def test_a_country_the_headline_does_not_name_is_not_who(nlp: Language) -> None:
    title = "Heat wave breaks records"
    text = (
        f"{title}\n\nRecords fell in Nevada on Tuesday as the heat wave spread. Arizona set a record of 118 "
        "degrees, said John Smith of the weather service. Arizona expects more heat. John Smith warned of fires."
    )
    brief, names = _one_source_brief(nlp, title, text)
    actors = [names[a] for a in brief.event.actors]
    assert "Arizona" not in actors and "John Smith" in actors, actors


def test_an_abbreviated_state_is_one_place_with_its_full_name(nlp: Language) -> None:
    title = "Governor orders masks for all eligible Calif. students"
    text = (
        f"{title}\n\nCalifornia will be the first state to require masks in schools, the governor said on "
        "Friday in Sacramento. Schools in California must comply by July. Parents in California were split."
    )
    brief, _names = _one_source_brief(nlp, title, text)
    assert "California" in brief.event.places, brief.event.places
    assert not {"Calif", "Calif."} & set(brief.event.places), brief.event.places


def test_an_abbreviation_needs_a_dot_inside_its_sentence() -> None:
    from crossread.model import Entity, EntityMention
    from crossread.stages.event import _abbreviates

    text = "Troops left Niger. Nigeria sent aid to Fresno, Calif., on Monday."
    at = text.index("Calif")
    niger = Entity("Niger", "Niger", "GPE", ("Niger",), (EntityMention("d", 12, 17, "Niger"),))
    calif = Entity("Calif", "Calif", "GPE", ("Calif",), (EntityMention("d", at, at + 5, "Calif"),))
    assert not _abbreviates(niger, "Nigeria", {"d": text})
    assert _abbreviates(calif, "California", {"d": text})


def test_a_headline_name_that_owns_something_is_not_where_the_story_is() -> None:
    """A name NER tags a place once and an organisation elsewhere ("Croydon" tram crash) is a
    place candidate, and its headline mention counts extra; but not when it owns something
    there ("Moderna's booster"): that is a company's name, not where the story happens."""
    from crossread.model import AnalyzedDocument, Entity, EntityMention, Mention, Sentence
    from crossread.stages.event import event_places

    title = "Panel backs Moderna's booster"
    body = "The panel met in Geneva on Monday. Moderna presented its data and Moderna staff took questions."
    text = f"{title}\n\n{body}"
    cut = len(title) + 2 + body.index(". ") + 1
    sentences = (
        Sentence("d", 0, 0, len(title), title, True),
        Sentence("d", 1, len(title) + 2, cut, ""),
        Sentence("d", 2, cut + 1, len(text), ""),
    )
    spans = [(m.start(), m.end()) for m in re.finditer("Moderna", text)]
    labels = ["ORG", "GPE", "ORG"]
    geneva = (text.index("Geneva"), text.index("Geneva") + len("Geneva"))
    mentions = (
        *(Mention("d", a, b, "Moderna", label, 0) for (a, b), label in zip(spans, labels, strict=True)),
        Mention("d", *geneva, "Geneva", "GPE", 1),
    )
    analyzed = AnalyzedDocument(Document(id="d", source_path="d.txt", text=text, kind="text", title=title), sentences, mentions)
    moderna = Entity("e1", "Moderna", "ORG", ("Moderna",), tuple(EntityMention("d", a, b, "Moderna") for a, b in spans))
    place = Entity("e2", "Geneva", "GPE", ("Geneva",), (EntityMention("d", *geneva, "Geneva"),))
    assert event_places([analyzed], [moderna, place]) == ["Geneva"]


def test_where_people_come_from_is_not_where_the_story_happens(nlp: Language) -> None:
    title = "Panel backs booster shots"
    text = (
        f"{title}\n\nThe advisory panel met in Geneva on Friday. Officials from Israel presented data, and "
        "experts from Israel answered questions. The panel voted for the shots."
    )
    brief, _names = _one_source_brief(nlp, title, text)
    assert list(brief.event.places[:1]) == ["Geneva"], brief.event.places


def test_a_place_one_source_names_in_passing_is_not_the_storys_place(nlp: Language) -> None:
    texts = [
        "Panel backs booster shots\n\nThe advisory panel voted on Friday to back booster shots for older "
        "adults. The vote was unanimous, and officials said the shots were safe.",
        "Experts endorse boosters\n\nExperts endorsed the boosters on Friday after a long meeting. Data "
        "came from several countries, as did officials from Israel, one of the first to give boosters.",
    ]
    brief = _titled_brief(nlp, texts)
    assert "Israel" not in brief.event.places, brief.event.places


def test_an_organisation_cited_only_for_its_figures_is_not_who(nlp: Language) -> None:
    title = "Virus cases climb again"
    text = (
        f"{title}\n\nInfections climbed to an average of 23,000 a day on Monday, according to Johns Hopkins "
        "University data. Deaths rose too, Johns Hopkins University figures show. Governor Ann Lee ordered "
        "masks on Tuesday. Lee said the rise was worrying, and Lee asked people to get vaccinated."
    )
    brief, names = _one_source_brief(nlp, title, text)
    actors = [names[a] for a in brief.event.actors]
    assert not any("Hopkins" in a for a in actors), actors


def test_a_place_named_once_in_passing_is_not_listed_beside_the_storys_place(nlp: Language) -> None:
    title = "Leaders to meet in Geneva"
    texts = [
        f"{title}\n\nThe two leaders will meet in Geneva on June 16, officials said. The talks in Geneva will "
        "cover arms control. The trip also goes to Britain first, aides said.",
        "Summit set for Geneva\n\nThe summit in Geneva will be the first meeting of the two leaders, officials "
        "said on Tuesday. Talks in Geneva are expected to last a day.",
    ]
    brief = _titled_brief(nlp, texts)
    assert list(brief.event.places) == ["Geneva"], brief.event.places


def test_a_wire_dateline_ner_did_not_tag_is_where(nlp: Language) -> None:
    title = "Senate passes the budget plan"
    text = (
        f"{title}\n\nWASHINGTON (AP) — Democrats pushed the budget plan through the Senate early Wednesday after "
        "a long night of votes. The plan now goes to the House, leaders said."
    )
    brief, _names = _one_source_brief(nlp, title, text)
    assert [p.lower() for p in brief.event.places[:1]] == ["washington"], brief.event.places


def test_a_full_date_in_a_text_counting_years_back_does_not_date_the_event(nlp: Language) -> None:
    title = "We found unity once"
    text = (
        f"{title}\n\nTwenty years ago, we witnessed a defining moment. The attacks on Sept. 11, 2001 changed a "
        "generation. Today the memorial draws crowds, and leaders call for unity again."
    )
    brief, _names = _one_source_brief(nlp, title, text)
    assert brief.event.date != "2001-09-11", brief.event.date_evidence


@pytest.mark.parametrize("enabled_before", [True, False])
def test_brief_runs_without_the_cyclic_collector_and_restores_it(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, enabled_before: bool
) -> None:
    # the collector's passes over a brief's short-lived objects cost ~8% of its CPU: paused inside, restored after
    import gc

    from conftest import analyzed_texts
    from crossread import brief as brief_module

    seen: list[bool] = []
    describe = brief_module.describe_event
    monkeypatch.setattr(brief_module, "describe_event", lambda *a: seen.append(gc.isenabled()) or describe(*a))
    documents = analyzed_texts(nlp, ["The mayor of Veltria opened the new bridge on Monday, officials said."] * 2)
    (gc.enable if enabled_before else gc.disable)()
    try:
        build_brief(documents, nlp)
        assert seen == [False]
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()


def test_brief_collector_pause_is_shared_by_overlapping_briefs() -> None:
    # two briefs in two threads: the collector comes back on only when the last one is done
    import gc

    from crossread.brief import CollectorPause

    pause = CollectorPause()
    gc.enable()
    try:
        with pause:
            with pause:
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        gc.enable()


def test_brief_collector_pause_collects_cycles_while_briefs_keep_overlapping() -> None:
    # a busy server may never be without a brief running: cycles are still collected past a bound
    import gc
    import weakref

    from crossread.brief import CollectorPause

    class Node:
        pass

    pause = CollectorPause(collect_after=0)
    gc.enable()
    try:
        with pause:
            with pause:
                node = Node()
                node.self = node  # type: ignore[attr-defined]
                alive = weakref.ref(node)
                del node
            assert not gc.isenabled()
            assert alive() is None
    finally:
        gc.enable()


def _plain(doc_id: str, text: str) -> AnalyzedDocument:
    return AnalyzedDocument(Document(id=doc_id, source_path=f"{doc_id}.txt", text=text, kind="text"))


def _packed(text: str) -> str:
    from crossread.stages.cluster import _minhash, _pack

    return _pack(_minhash(text))


STORM = " ".join(f"storm{i} closed road{i} near harbour{i}" for i in range(30))
FLOOD = " ".join(f"flood{i} reached village{i} after rain{i}" for i in range(30))


def test_brief_story_chains_read_a_stored_signature_instead_of_hashing_the_text() -> None:
    from crossread.brief import story_chains
    from crossread.stages.cluster import syndication_chains

    documents = [_plain("a", STORM), _plain("b", FLOOD), _plain("c", STORM + " Updated.")]
    fresh = syndication_chains([d.document for d in documents])
    assert fresh == {"a": "a", "b": "b", "c": "a"}
    assert story_chains(documents, {d.document.id: _packed(d.document.text) for d in documents}) == fresh
    assert story_chains(documents, {"a": _packed(STORM)}) == fresh  # the others hashed now
    # what the store says is what counts: b stored with the storm's signature is a copy of a
    assert story_chains(documents, {"b": _packed(STORM)}) == {"a": "a", "b": "a", "c": "a"}
    # a value that reads as no signature is hashed again
    assert story_chains(documents, {"a": "AAAA", "b": "not base64!", "c": ""}) == fresh


def test_brief_with_stored_signatures_is_the_brief_without(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossread import brief as brief_module
    from crossread.brief import analyze_paths
    from crossread.stored_briefs import to_json

    wire = "Storm hits coast\n\n" + "A powerful storm hit the northern coast on Tuesday, the regional utility said. " * 3
    paths = [_write(tmp_path, "wire.txt", wire), _write(tmp_path, "repost.txt", wire + "Schools stayed closed.\n")]
    documents, _failures = analyze_paths(paths, nlp)
    stored = {d.document.id: _packed(d.document.text) for d in documents}
    assert to_json(build_brief(documents, nlp, signatures=stored)) == to_json(build_brief(documents, nlp))
    # a document compared in part is hashed as compared: a signature of its whole text is not used for it
    monkeypatch.setattr(brief_module, "MAX_BRIEF_CHARS", len(wire) - 30)
    wrong = {d.document.id: _packed(FLOOD if k else STORM) for k, d in enumerate(documents)}
    assert build_brief(documents, nlp, signatures=wrong).chains == build_brief(documents, nlp).chains


def test_brief_lists_names_told_once_too(example_brief: Brief) -> None:
    """An audit counted names a story tells once ("WTO", "McCarthy") as missed entities: both formats list them."""
    once = [e for e in example_brief.entities if len(e.mentions) == 1 and len(set(e.aliases)) == 1]
    assert once, "the example names some entity once"
    markdown, html = brief_markdown(example_brief), brief_html(example_brief)
    line = next(x for x in markdown.splitlines() if x.startswith("- Named once: "))
    assert all(f"{e.name} ({e.label})" in line for e in once), line
    assert "Named once: " in html
