"""crossread.codec: model dataclasses to JSON values and back, with errors that name the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from crossread.brief import brief_from_paths
from crossread.codec import decode, encode
from crossread.model import Brief, ClaimUnit, Conflict
from crossread.stored_briefs import from_json, to_json


def test_codec_round_trips_the_example_brief(nlp: Language, example_dir: Path) -> None:
    brief, _failures = brief_from_paths(sorted(example_dir.glob("*.txt")), nlp)
    text = to_json(brief)
    assert from_json(text, list(brief.documents)) == brief
    assert decode(Brief, json.loads(json.dumps(encode(brief))), "brief") == brief  # documents included, parse bytes too


def test_codec_names_the_field_that_does_not_fit() -> None:
    good = encode(Conflict("number", "17 vs 20", (ClaimUnit("a", 0, 5, "x"),), ("17", "20")))
    assert decode(Conflict, good) == Conflict("number", "17 vs 20", (ClaimUnit("a", 0, 5, "x"),), ("17", "20"))
    with pytest.raises(ValueError, match=r"conflict\.kind"):
        decode(Conflict, {**good, "kind": "mood"}, "conflict")
    with pytest.raises(ValueError, match=r"conflict\.units\[0\]\.start"):
        decode(Conflict, {**good, "units": [{"doc": "a", "start": "0", "end": 5, "text": "x"}]}, "conflict")
