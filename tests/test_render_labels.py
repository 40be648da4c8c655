"""What the brief's words say about a claim must be what crossread knows about it."""

from __future__ import annotations

from spacy.language import Language

from conftest import analyzed_texts
from crossread.brief import build_brief
from crossread.interfaces.render import STATUS_LABEL, brief_dict, brief_markdown, unlisted_note
from crossread.model import CLAIM_STATUSES


def test_render_every_claim_status_has_a_label() -> None:
    assert set(STATUS_LABEL) == set(CLAIM_STATUSES)


def test_render_unmatched_label_says_related_text_exists_not_that_none_does() -> None:
    """An analyst audit read "no match found" as "no other outlet carries it": 50 of 127 such
    claims were carried elsewhere in other words. Crossread gives no verdict on them, and the
    label must say so (related sentences exist in other sources)."""
    label = STATUS_LABEL["unmatched"]
    assert "related" in label and "no match" not in label


def test_render_a_question_is_kept_in_the_json_but_not_listed_as_a_claim(nlp: Language) -> None:
    """A fresh audit rejected 15 of 102 "undecided" labels sitting on questions and cut-off lines."""
    texts = [
        "Leaders meet in Geneva\n\nThe two leaders met in Geneva on Monday for four hours. Will the talks change anything?",
        "Summit held\n\nThe two leaders held talks in Geneva on Monday, a spokesman said. They agreed to meet again.",
    ]
    brief = build_brief(analyzed_texts(nlp, texts), nlp)
    data = brief_dict(brief)
    question = [c for c in data["claims"] if any(u["text"].endswith("?") for u in c["units"])]
    assert question and not any(c["checkable"] for c in question), data["claims"]
    claims_section = brief_markdown(brief).split("## Claims")[1].split("## Per source")[0]
    assert "Will the talks change anything?" not in claims_section
    assert unlisted_note(1) in claims_section or unlisted_note(2) in claims_section


def test_render_the_unlisted_note_agrees_with_its_count() -> None:
    assert unlisted_note(1).startswith("Not listed as claims (kept in the JSON): 1 line that states ")
    assert unlisted_note(3).startswith("Not listed as claims (kept in the JSON): 3 lines that state ")


def test_render_an_omitted_fact_names_the_source_that_carries_it(nlp: Language) -> None:
    """An audit read "carried by other sources" over lines that one other source carried, each."""
    texts = [
        "Bridge opens\n\nMayor Ana Ruiz opened the Elm River bridge on Monday. The bridge cost 40 million dollars.",
        "Bridge opened\n\nMayor Ana Ruiz opened the Elm River bridge on Monday. Cyclists crossed it within minutes.",
        "New bridge\n\nThe Elm River bridge was opened by Mayor Ana Ruiz on Monday. A ferry will stop running in June.",
    ]
    brief = build_brief(analyzed_texts(nlp, texts), nlp)
    per_source = brief_markdown(brief).split("## Per source")[1].split("## Quotes")[0]
    omitted = [line for line in per_source.splitlines() if line.startswith("  - ") and "carried by" in line]
    assert omitted, per_source
    assert all(line.rstrip().endswith(")") and "carried by [" in line for line in omitted), omitted
    assert "carried by other sources" not in per_source


def test_render_a_shared_claim_of_cut_off_lines_is_listed(nlp: Language) -> None:
    """An audit found two outlets' prints of one quotation, both cut off by their sources, hidden."""
    texts = [
        "Refugees arrive\n\nMayor Ana Ruiz said the arrivals were an important milestone as we keep our promise "
        "to the families who served beside our troops over the last twenty years in the...",
        "First families land\n\nMayor Ana Ruiz called the arrivals an important milestone as we keep our promise "
        "to the families who served beside our troops over the last twenty years, and...",
    ]
    data = brief_dict(build_brief(analyzed_texts(nlp, texts), nlp))
    shared = [c for c in data["claims"] if c["status"] in ("corroborated", "partial")]
    assert shared and all(c["checkable"] for c in shared), data["claims"]
    assert not any(u["checkable"] for c in shared for u in c["units"]), "each line is cut off"


def test_render_an_amount_s_value_reads_as_written(nlp: Language) -> None:
    """An audit read "4.00001e+07" for 40,000,070 cases (the value was shown with ``%g``)."""
    from crossread.interfaces.render import brief_html
    from crossread.model import readable_number

    assert [readable_number(v) for v in (40000070.0, 2.99, 2 / 3, 65.0)] == ["40,000,070", "2.99", "0.6667", "65"]
    text = "Cases pass 40 million\n\nThe country has recorded 40,000,070 cases of the disease since March, officials said."
    brief = build_brief(analyzed_texts(nlp, [text]), nlp)
    assert "40,000,070 " in brief_markdown(brief) and "40,000,070 " in brief_html(brief)
    assert "e+07" not in brief_markdown(brief) + brief_html(brief)


def test_render_an_entity_counts_mentions_by_name_apart_from_pronouns(nlp: Language) -> None:
    """Audit H counted "9 mentions" of a governor the texts name 8 times: a quote's "he said" was counted."""
    texts = [
        "Governor signs order\n\nGov. John Miller signed an order on Monday. \u201cThe order is lawful,\u201d he said.",
        "Order signed\n\nJohn Miller said on Monday that the order stands, and Miller will defend it in court.",
    ]
    brief = build_brief(analyzed_texts(nlp, texts), nlp)
    miller = next(e for e in brief_dict(brief)["entities"] if e["name"] == "John Miller")
    assert (len(miller["mentions"]), miller["named_mentions"]) == (4, 3), miller
    assert "John Miller** (PERSON, 3 mentions by name, 1 as a pronoun)" in brief_markdown(brief)


def test_render_a_summary_clause_cut_from_its_sentence_ends_with_an_ellipsis() -> None:
    """Audit H read "… fled the country as the Taliban entered the capital" (cut before ", and …") as a whole sentence."""
    from crossread.interfaces.render import summary_shown

    assert summary_shown("The president fled the country as rebels entered the capital") == (
        "The president fled the country as rebels entered the capital …"
    )
    assert summary_shown('He said it was "a hard choice,"') == 'He said it was "a hard choice," …'
    assert summary_shown("The rebels took the capital.") == "The rebels took the capital."
    assert summary_shown('"We will stay," she said.') == '"We will stay," she said.'
    assert summary_shown('He called it "a hard choice."') == 'He called it "a hard choice."'
