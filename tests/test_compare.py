"""compare: claims as propositions, matched as the same fact, conflicts only when real.

The quality figures on the labelled AllSides stories are gated in
test_eval_floors.py (task ``claims-allsides``); here: the shipped matcher on
SuperPAL at the brief's operating point, the bundled example read as an analyst
would, and one small real-shaped story per rule (each can fail).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from conftest import analyzed_texts, shared_data
from crossread.brief import brief_from_paths
from crossread.evaluation import alignment as align_eval
from crossread.interfaces.render import brief_html, brief_markdown
from crossread.model import Brief, Claim
from crossread.stages.compare.match import FEATURES, MATCHER_FILE, load_matcher

# SuperPAL test at the shipped operating point, measured 2026-12-02: precision
# 0.833 (former lexical aligner 0.622), recall 0.041 — the matcher is one-to-one
# per document pair and calibrated for precision on the labelled stories.
SUPERPAL_PRECISION_TEST = 0.8


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _claim_with(brief: Brief, *fragments: str) -> Claim | None:
    """The claim whose units contain every fragment (each in some unit), if any."""
    for claim in brief.claims:
        if all(any(f in u.text for u in claim.units) for f in fragments):
            return claim
    return None


@pytest.fixture(scope="module")
def example(nlp: Language, example_dir: Path) -> Brief:
    brief, failures = brief_from_paths(sorted(example_dir.glob("*.txt")), nlp)
    assert not failures
    return brief


def test_compare_matcher_file_matches_the_features() -> None:
    data = json.loads(MATCHER_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES and len(data["weights"]) == len(FEATURES)
    matcher = load_matcher()
    assert 0 < matcher.related <= matcher.partial <= matcher.same < 1


def test_compare_superpal_precision_at_the_operating_point(nlp: Language) -> None:
    root = shared_data("superpal-multinews-alignment")
    items = align_eval.featurise(align_eval.load_superpal(root, "test"), nlp, cross_source=True)
    ours = align_eval.crossread_grouped(items)
    former = align_eval.lexical_grouped(items)
    assert ours.precision >= SUPERPAL_PRECISION_TEST, ours
    assert ours.precision > former.precision, (ours, former)


def test_compare_example_announced_visit_is_partial_with_its_modality(example: Brief) -> None:
    visit = _claim_with(example, "will travel on February 1 to Minsk", "arrived in Minsk on Saturday")
    assert visit is not None and visit.status == "partial"
    assert "planned in [1]" in visit.note and "done in [2]" in visit.note
    assert any("predicate" in slot or "entity" in slot for e in visit.evidence for slot in e.slots)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("greeted near the Palace of Independence", "will also meet with Belarusian Foreign Minister"),
        ("would welcome a more active role", "respects Belarus’ desire"),
    ],
)
def test_compare_example_theme_only_pairs_are_not_one_claim(example: Brief, first: str, second: str) -> None:
    assert _claim_with(example, first, second) is None


def test_compare_example_no_theme_only_corroboration(example: Brief) -> None:
    theme = _claim_with(example, "U.S. assistance to Belarus prioritizes", "Belarus’ progress in human rights")
    assert theme is None or theme.status != "corroborated", "different predicates on one theme are at most partial"


@pytest.mark.xfail(
    strict=True,
    reason="paraphrases across wording: matcher scores 0.10-0.59 (exchange/return of ambassadors 0.16, IT sector / "
    "Hi-Tech Park 0.10, security cooperation 0.17, sovereignty 0.59) below the floor 0.85 calibrated for precision",
)
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("the exchange of ambassadors", "the return of ambassadors"),
        ("information technology sector", "Hi-Tech Park"),
        ("information sharing on matters of regional and international security", "counter many challenges"),
        ("sovereign, stable, prosperous", "sovereign country"),
    ],
)
def test_compare_example_shared_paraphrases_found(example: Brief, first: str, second: str) -> None:
    claim = _claim_with(example, first, second)
    assert claim is not None and claim.status in ("corroborated", "partial")


def test_compare_every_shared_claim_says_why_in_every_format(example: Brief) -> None:
    shared = [c for c in example.claims if c.status in ("corroborated", "partial", "contested")]
    assert shared and all(c.evidence for c in shared)
    for claim in shared:
        for evidence in claim.evidence:
            assert "matcher score" in evidence.reason and 0 <= evidence.score <= 1
    markdown, html = brief_markdown(example), brief_html(example)
    assert "why: " in markdown and "why: " in html


def _brief_of(nlp: Language, tmp_path: Path, texts: Sequence[str]) -> Brief:
    paths = [_write(tmp_path, f"s{i}.txt", text) for i, text in enumerate(texts)]
    brief, failures = brief_from_paths(paths, nlp)
    assert not failures
    return brief


def test_compare_number_conflict_on_the_same_quantity(nlp: Language, tmp_path: Path) -> None:
    brief = _brief_of(
        nlp,
        tmp_path,
        [
            "Flood in Dhaka\n\nFloods in northern Bangladesh killed 55 people on Tuesday, the disaster ministry said.\n",
            "Dhaka floods\n\nFloods in northern Bangladesh killed 40 people on Tuesday, the disaster ministry said.\n",
        ],
    )
    claim = _claim_with(brief, "killed 55 people", "killed 40 people")
    assert claim is not None and claim.status == "contested"
    assert [k.kind for k in claim.conflicts] == ["number"] and "55 vs 40" in claim.conflicts[0].detail


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(
            (
                "Holiday shootings\n\nMore than 180 people were killed in shootings across the country over the weekend.\n",
                "Holiday violence\n\nAt least 150 people were killed in shootings across the country over the weekend.\n",
            ),
            id="hedged numbers",
        ),
        pytest.param(
            (
                "Aid package\n\nThe spending bill would not include money for the border wall, Senate aides said on Monday.\n",
                "Spending bill\n\nThe spending bill would include no money for the border wall, Senate aides said on Monday.\n",
            ),
            id="two denials in other words agree",
        ),
        pytest.param(
            (
                "Court ruling\n\nThe Supreme Court denied the request by providers to block the Texas law on Wednesday.\n",
                "Texas law\n\nAbortion providers asked the Supreme Court on Wednesday to block the Texas law.\n",
            ),
            id="a denied request is not a refutation",
        ),
        pytest.param(
            (
                "Infrastructure vote\n\nThe Senate passed the $1.2 trillion infrastructure bill on Tuesday.\n",
                "Senate vote\n\nThe Senate passed the $1 trillion infrastructure bill on Tuesday.\n",
            ),
            id="a round figure for a precise one",
        ),
        pytest.param(
            (
                "Antitrust case dismissed\n\nA federal judge dismissed the antitrust lawsuit against the company on Monday.\n",
                "Judge ends case\n\nThe judge said on Monday that the antitrust lawsuit against the company needed to be "
                "dismissed because the agency had not shown a monopoly.\n",
            ),
            id="two reports of one dismissal agree",
        ),
        pytest.param(
            (
                "Envoy under fire\n\nThe climate envoy is facing calls to resign over leaked remarks about the strikes, "
                "Republican lawmakers said on Monday.\n",
                "Envoy denies remarks\n\nThe climate envoy denied on Monday that he ever discussed the strikes with the "
                "foreign minister.\n",
            ),
            id="a reported denial of something the other does not state",
        ),
        pytest.param(
            (
                'Attack in Nice\n\n"We cannot deny that it was a terror attack," the president said in a television '
                "address on Friday.\n",
                "Nice attack\n\nThe truck attack in Nice on Thursday night was a terror attack, officials said on Friday.\n",
            ),
            id="a negated denial affirms",
        ),
        pytest.param(
            (
                "Split\n\n“Look, it wasn’t ‘over dinner’ - that wasn’t the thing that ended it,” the actress wrote on "
                "Twitter on Monday.\n",
                "Actress split\n\n\"Look, it wasn't 'over dinner' - that wasn't the thing that ended it,\" the actress "
                "wrote on Twitter on Monday.\n",
            ),
            id="one quotation printed by two outlets",
        ),
        pytest.param(
            (
                "Video site pay rules\n\nThe video site will no longer let channels earn money from clips that deny the "
                "risk of river flooding.\n",
                "New ad rules\n\nThe video site said on Thursday that channels will not earn ad money from clips that "
                "contradict the engineers' view of river flooding.\n",
            ),
            id="a refuting word inside what a policy covers",
        ),
        pytest.param(
            (
                "Fares and the messaging app\n\nThe messaging app still lets false posts about subway fares spread, the "
                "transit agency said on Friday.\n",
                "Agency and the app\n\nThe transit agency said on Friday that it is working with the messaging app to "
                "label posts about subway fares.\n",
            ),
            id="false stories as a topic, not a verdict on the other source",
        ),
        pytest.param(
            (
                "Tractor orders\n\nOrders for new tractors climbed to their highest level in a decade in March, the "
                "farm bureau said on Wednesday.\n",
                "Minister on tractors\n\nThe agriculture minister rejected that idea on Wednesday, arguing that there is "
                "little sign of a tractor shortage.\n",
            ),
            id="a dismissal of another idea",
        ),
        pytest.param(
            (
                "Allies to counter rumours\n\nAllies of the mayor will send text messages to dispel rumours about the "
                "water supply, aides said on Monday.\n",
                "Water rumours\n\nSpeculation that the mayor is asking phone carriers to monitor private text messages "
                "is false, city officials said on Monday.\n",
            ),
            id="a rumour called untrue that the other source does not state",
        ),
        pytest.param(
            (
                "Producer under fire\n\nThe film producer, who stands accused of misconduct by a dozen actors, denies "
                "assaulting the singer, his lawyer said on Monday.\n",
                "Producer accused\n\nThe film producer has been accused of misconduct by a dozen actors since October, "
                "his lawyer said on Monday.\n",
            ),
            id="a denial of something else than the other states",
        ),
        pytest.param(
            (
                "Chipmaker slides\n\nShares of the chipmaker Acme Semiconductor fell 6.6 percent on Thursday after the "
                "company cut its forecast for the year.\n",
                "Acme forecast\n\nShares of the chipmaker Acme Semiconductor fell 1.5 percent at 9:34 a.m. on Thursday "
                "after the company cut its forecast for the year.\n",
            ),
            id="a price at two moments of one day",
        ),
    ],
)
def test_compare_no_conflict_where_a_careful_reader_sees_none(nlp: Language, tmp_path: Path, texts: tuple[str, str]) -> None:
    brief = _brief_of(nlp, tmp_path, texts)
    assert not any(c.conflicts for c in brief.claims), [k.detail for c in brief.claims for k in c.conflicts]


def test_compare_a_claim_called_a_hoax_is_contested(nlp: Language, tmp_path: Path) -> None:
    brief = _brief_of(
        nlp,
        tmp_path,
        [
            "Kim Jong-un's sister is dead\n\nKim Jong-un's sister Kim Yo-jong died in a car crash in Pyongyang on Sunday.\n",
            "Report on Kim Yo-jong\n\nSouth Korean officials said the report that Kim Yo-jong died in a car crash is false.\n",
        ],
    )
    kinds = {k.kind for c in brief.claims for k in c.conflicts}
    assert "negation" in kinds


def test_compare_each_unit_is_in_exactly_one_claim(example: Brief) -> None:
    seen: dict[tuple[str, int, int], int] = {}
    for claim in example.claims:
        for unit in claim.units:
            key = (unit.doc_id, unit.start, unit.end)
            seen[key] = seen.get(key, 0) + 1
    assert set(seen.values()) == {1}, "a global assignment: no unit is reused in a second claim"


def test_compare_summary_cites_only_supporting_units(example: Brief) -> None:
    for sentence in example.summary:
        claim = next(c for c in example.claims if c.id == sentence.claim)
        own = next(u for u in claim.units if u.text == sentence.text)
        supported = {own} | {u for e in claim.evidence if own in e.units and e.relation != "related" for u in e.units}
        cited = {(c.doc_id, c.start, c.end) for c in sentence.citations}
        assert cited <= {(u.doc_id, u.start, u.end) for u in supported}


def test_compare_story_page_says_why_on_hover(example: Brief) -> None:
    from crossread.interfaces.render import brief_dict
    from crossread.interfaces.web.views import side_by_side

    columns = side_by_side(list(example.documents), brief_dict(example))
    shared = [s for c in columns for p in c.paragraphs for s in p if s.status in ("corroborated", "partial")]
    assert shared and all("why: " not in s.why and "matcher score" in s.why for s in shared)


def test_compare_related_claims_are_listed_not_counted(example: Brief) -> None:
    by_id = {c.id: c for c in example.claims}
    related = [c for c in example.claims if c.related]
    assert related, "the example has claims that resemble one elsewhere without being the same fact"
    for claim in related:
        assert all(r in by_id and r != claim.id for r in claim.related)
    only_here = {cid for view in example.per_source for cid in view.only_here}
    assert not only_here & {c.id for c in related}, "a claim with a related claim elsewhere is not 'only here'"
    assert not any(c.status == "single_source" for c in related), "nor is it called single-source"
    assert "related (not matched as the same fact)" in brief_markdown(example)


@settings(max_examples=200, deadline=None, database=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 300), st.integers(1, 40)), max_size=40),
    query=st.tuples(st.integers(0, 340), st.integers(1, 12)),
)
def test_compare_mention_index_finds_what_a_scan_finds(spans: list[tuple[int, int]], query: tuple[int, int]) -> None:
    from crossread.model import Entity
    from crossread.stages.compare.units import MentionIndex

    mentions = [(start, start + length, Entity(f"e{i}", f"n{i}", "PERSON", (), ())) for i, (start, length) in enumerate(spans)]
    start, end = query[0], query[0] + query[1]
    scanned = next((entity for m_start, m_end, entity in mentions if m_start < end and start < m_end), None)
    assert MentionIndex(mentions).at(start, end) is scanned


WIRE = (
    "The twin-engine plane went down in a wooded area shortly after taking off from the coastal airstrip on Sunday. "
    "Civil aviation officials said the pilot had reported strong winds over the mountains before contact was lost. "
)


@pytest.mark.parametrize(
    ("shared", "one_source"),
    [
        pytest.param(WIRE, True, id="two sentences of one wire text: one source"),
        pytest.param(
            "“We are in contact with the aviation authorities and will keep monitoring the situation closely,” a "
            "spokesperson said. “Our thoughts are with the families of everyone who was on board today,” she added. ",
            False,
            id="the same quotations: still two sources",
        ),
    ],
)
def test_compare_copied_wire_text_counts_once(nlp: Language, tmp_path: Path, shared: str, one_source: bool) -> None:
    brief = _brief_of(
        nlp,
        tmp_path,
        [
            f"Plane crash in Costa Rica\n\nTwelve people died when a small plane crashed in Costa Rica. {shared}\n",
            f"Deadly crash\n\nA family of five was among the victims of Sunday's crash, relatives said. {shared}\n",
        ],
    )
    docs = [d.document.id for d in brief.documents]
    assert (brief.chains[docs[0]] == brief.chains[docs[1]]) is one_source
    if one_source:
        copied = [c for c in brief.claims if len({u.doc_id for u in c.units}) == 2]
        assert copied and all(len(c.sources) == 1 and c.status != "corroborated" for c in copied)
        assert all("copies of one text count as one source" in c.note for c in copied)


def test_compare_a_question_is_never_matched_as_a_fact(nlp: Language, tmp_path: Path) -> None:
    # A question asserts nothing another source could corroborate (giveme5w1h: "Why are they called the Panama Papers?")
    brief = _brief_of(
        nlp,
        tmp_path,
        [
            "Brake recall\n\nWhy did Acme Motors recall 5,000 cars in Ohio on Monday?\n\nDealers were told to stop sales.\n",
            "Acme recall\n\nAcme Motors recalled 5,000 cars in Ohio on Monday over faulty brakes.\n\nShares fell 3 percent.\n",
        ],
    )
    asking = _claim_with(brief, "Why did Acme Motors recall")
    assert asking is not None
    assert asking.status not in ("corroborated", "partial", "contested")
    assert len({u.doc_id for u in asking.units}) == 1


def test_compare_soft_cover_at_once_equals_pair_by_pair(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    # Large stories fall back to the pair-by-pair cover (COVER_MATRIX_CELLS); both must give the same features
    from crossread.stages.compare import match
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    texts = [
        "Floods in northern Bangladesh killed 55 people on Tuesday. Rescue teams reached three villages by boat.",
        "Rescuers reached the flooded villages by boat on Tuesday, after floods killed dozens in northern Bangladesh.",
        "The disaster ministry said 55 people died. Aid agencies asked for boats and clean water.",
    ]
    analyzed = analyzed_texts(nlp, texts)
    units = claim_units(analyzed, list(nlp.pipe(texts)), link_entities(analyzed))
    at_once = match.story_pairs(units, match.wordllama_embedder())
    monkeypatch.setattr(match, "COVER_MATRIX_CELLS", 0)
    pair_by_pair = match.story_pairs(units, match.wordllama_embedder())
    assert at_once.pairs and at_once.pairs == pair_by_pair.pairs
    assert abs(at_once.features - pair_by_pair.features).max() < 1e-9


def test_compare_a_denial_is_never_grouped_with_what_it_denies(nlp: Language, tmp_path: Path) -> None:
    # giveme5w1h: an engineer's "the space station is not out of control" was grouped (shared) with the outlets saying it is
    brief = _brief_of(
        nlp,
        tmp_path,
        [
            "Station falling\n\nThe Tiangong-1 space station is out of control and will fall to Earth in March.\n\n"
            "Debris could land in Europe.\n",
            "Station plan\n\nThe Tiangong-1 space station is not out of control and will fall to Earth in March, "
            "engineers said.\n\n"
            "Most of it will burn up.\n",
        ],
    )
    stating = _claim_with(brief, "is out of control")
    assert stating is not None
    assert stating.status not in ("corroborated", "partial")
    assert len({u.doc_id for u in stating.units}) == 1 or stating.status == "contested"


def test_compare_a_match_without_a_shared_frame_slot_is_partial_without_a_note_on_the_parse() -> None:
    """Three audits read the note on such matches ("crossread's parse found no shared predicate …")
    as wrong or misleading 9 times in 10: readers saw the shared subject the small parse missed."""
    from types import SimpleNamespace
    from typing import cast

    from crossread.stages.compare import _status_and_note
    from crossread.stages.compare.match import Alignment
    from crossread.units import Unit

    units = [
        Unit("a", 0, 30, "Prices rose by three percent.", 0, predicate="rise", subjects={"price"}),
        Unit("b", 0, 30, "Prices rose three percent.", 0, predicate="rise", subjects={"price"}),
        Unit("c", 0, 30, "Shoppers felt the pinch.", 0, predicate="feel", subjects={"shopper"}),
    ]
    alignment = cast(Alignment, SimpleNamespace(common=set()))
    status, note = _status_and_note([0, 1, 2], units, alignment, load_matcher(), {"a": 1, "b": 2, "c": 3})
    assert (status, note) == ("partial", "")


def test_compare_embedder_rows_do_not_depend_on_the_batch_or_the_cache() -> None:
    # the embedder keeps recent texts' vectors: a cached row must be the one a fresh batch gives, bit for bit
    import numpy as np

    from crossread.stages.compare import match

    texts = ["Floods killed 55 people in northern Bangladesh.", "boat", "rescue", "Aid agencies asked for clean water."]
    embed = match.wordllama_embedder()
    together = embed(texts)
    assert np.array_equal(embed(texts[::-1]), together[::-1])
    assert np.array_equal(np.vstack([embed([t]) for t in texts]), together)
    assert np.array_equal(embed([*texts, texts[0]])[-1], together[0])


@pytest.mark.parametrize(("before", "after"), [(None, "false"), ("true", "true")])
def test_compare_embedder_tokenizes_in_one_thread_unless_told(
    monkeypatch: pytest.MonkeyPatch, before: str | None, after: str
) -> None:
    # the tokenizer's thread pool spins between a brief's small batches: off by default, a user's choice kept
    from crossread.stages.compare import match

    if before is None:
        monkeypatch.delenv(match.TOKENIZERS_PARALLELISM, raising=False)
    else:
        monkeypatch.setenv(match.TOKENIZERS_PARALLELISM, before)
    match.wordllama_embedder.cache_clear()
    try:
        vectors = match.wordllama_embedder()(["Rescuers reached the village on Monday."])
    finally:
        match.wordllama_embedder.cache_clear()
    assert vectors.shape[0] == 1
    assert os.environ[match.TOKENIZERS_PARALLELISM] == after


@given(st.lists(st.sets(st.sampled_from("abcdefgh"), max_size=5), min_size=2, max_size=12))
@settings(max_examples=40, deadline=None)
def test_compare_shared_counts_sparse_equals_pair_by_pair(sets: list[set[str]]) -> None:
    import numpy as np

    from crossread.stages.compare import match

    first, second = np.triu_indices(len(sets), k=1)
    expected = [float(len(sets[i] & sets[j])) for i, j in zip(first.tolist(), second.tolist(), strict=True)]
    assert match._shared_counts(sets, sets, first, second).tolist() == expected
    original = match.SPARSE_MIN_PAIRS
    try:
        match.SPARSE_MIN_PAIRS = 0
        assert match._shared_counts(sets, sets, first, second).tolist() == expected
    finally:
        match.SPARSE_MIN_PAIRS = original


def test_compare_an_agreed_amount_reads_as_written() -> None:
    """An audit read "4.00001e+07" for 40,000,070 cases: every value a brief shows is written out."""
    from crossread.stages.compare.match import matched_slots
    from crossread.units import Unit

    a = Unit("a", 0, 30, "The country passed 40,000,070 cases.", 0, numbers={"cases": 40000070.0})
    b = Unit("b", 0, 30, "Cases topped 40,000,070 on Monday.", 0, numbers={"cases": 40000070.0})
    assert "amount: cases = 40,000,070" in matched_slots(a, b, set(), {})


def test_compare_quotation_units_are_a_speakers_own_words_only() -> None:
    from crossread.model import AnalyzedDocument, Document, Quote
    from crossread.stages.compare.copies import QuotationUnits
    from crossread.units import Unit

    sentences = [
        "Officials said the bridge over the river would reopen by the end of the month.",
        "The mayor said crews would work through the weekend to repair the damaged road.",
        "I was standing on the bank when the water reached the old stone arches.",
        "The river rose two metres overnight and flooded the lower part of the town.",
    ]
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    units = [Unit("d", start, start + len(s), s, k) for k, (start, s) in enumerate(zip(starts, sentences, strict=True))]
    said = Quote("d", starts[1] + 15, starts[1] + len(sentences[1]), sentences[1][15:], "direct")
    reported = Quote("d", starts[0] + 14, starts[0] + len(sentences[0]), sentences[0][14:], "reported")
    quoted = QuotationUnits(units, [AnalyzedDocument(Document("d", "d.txt", text, "text"), quotes=(said, reported))])
    # reported speech is the reporter's wording; a direct quotation and the first person are not
    assert [k in quoted for k in range(len(units))] == [False, True, True, False]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        pytest.param(
            "The papers face hard questions amid a growing acceptance that it is possible the virus originated in a "
            "Chinese laboratory.",
            1,
            id="a clause the parser coordinated with no comma and no 'and'",
        ),
        pytest.param(
            "The council approved the new budget on Monday and the mayor signed it into law on Friday.",
            2,
            id="two clauses joined by 'and'",
        ),
    ],
)
def test_compare_a_clause_is_cut_off_only_at_a_conjunction_or_a_comma(nlp: Language, text: str, units: int) -> None:
    """A fresh audit saw "the virus originated in a Chinese laboratory" cut out of "… it is possible …" and
    shown, in the summary too, as a bare fact (the parser made it a second clause of "face")."""
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    analyzed = analyzed_texts(nlp, [text])
    found = claim_units(analyzed, [nlp(text)], link_entities(analyzed))
    assert len(found) == units, [u.text for u in found]


def test_compare_copies_units_stating_other_facts_are_never_split_into_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from crossread.stages.compare import copies
    from crossread.units import Unit

    split: list[str] = []
    words = copies._words

    def counted(unit: Unit) -> list[str]:
        split.append(unit.doc_id)
        return words(unit)

    monkeypatch.setattr(copies, "_words", counted)
    said = "The harbour council said the old bridge will reopen to traffic next spring after repairs."
    same = Unit("a", 0, len(said), said, 0, numbers={"bridges": 1.0})
    assert copies.copied(same, Unit("b", 0, len(said), said, 0, numbers={"bridges": 1.0}))
    assert split == ["a", "b"]
    split.clear()
    assert not copies.copied(same, Unit("c", 0, len(said), said, 0, numbers={"bridges": 2.0}))  # another figure
    assert not copies.copied(same, Unit("d", 0, len(said), said, 0, numbers={"bridges": 1.0}, negated=True))
    assert not copies.copied(same, Unit("e", 0, len(said), said, 0, numbers={"bridges": 1.0}, dates={"2021-03-01"}))
    assert split == []
