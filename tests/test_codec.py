"""crossread.codec: model dataclasses to JSON values and back, with errors that name the field."""

from __future__ import annotations

import base64
import dataclasses
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
    # json writes the containers and asks only for the dataclasses: the text encode gives, character for character
    bare = dataclasses.replace(brief, documents=())
    assert text == json.dumps(encode(bare), ensure_ascii=False, separators=(",", ":"))
    assert decode(Brief, json.loads(json.dumps(encode(brief))), "brief") == brief  # documents included, parse bytes too


def test_codec_names_the_field_that_does_not_fit() -> None:
    good = encode(Conflict("number", "17 vs 20", (ClaimUnit("a", 0, 5, "x"),), ("17", "20")))
    assert decode(Conflict, good) == Conflict("number", "17 vs 20", (ClaimUnit("a", 0, 5, "x"),), ("17", "20"))
    with pytest.raises(ValueError, match=r"conflict\.kind"):
        decode(Conflict, {**good, "kind": "mood"}, "conflict")
    with pytest.raises(ValueError, match=r"conflict\.units\[0\]\.start"):
        decode(Conflict, {**good, "units": [{"doc": "a", "start": "0", "end": 5, "text": "x"}]}, "conflict")


def reference_encode(value: object) -> object:
    """The encoder before it cached types and fields: ``dataclasses`` asked on every value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: reference_encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [reference_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): reference_encode(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


@dataclasses.dataclass(frozen=True)
class MadeUpInner:
    label: str
    score: float
    raw: bytes


@dataclasses.dataclass(frozen=True)
class MadeUpOuter:
    name: str
    inner: tuple[MadeUpInner, ...]
    by_key: dict[int, MadeUpInner]
    flag: bool
    nothing: None
    kind: type


def test_encode_gives_what_the_field_by_field_encoder_gave() -> None:
    inner = MadeUpInner("mayor", 0.5, b"\x00\x01")
    value = MadeUpOuter("council", (inner, inner), {3: inner}, True, None, MadeUpInner)
    assert encode(value) == reference_encode(value)
    assert encode([value, ("a", 1)]) == reference_encode([value, ("a", 1)])
    assert encode(MadeUpInner) is MadeUpInner  # a dataclass type is a value, not a dataclass to spell out
