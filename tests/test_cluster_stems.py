"""The story clusterer's word stems: Snowball's English stemmer (expected stems are NLTK's ``SnowballStemmer``)."""

from __future__ import annotations

import pytest

from crossread.stages.stems import stem

SNOWBALL = {
    "vaccinate": "vaccin", "vaccination": "vaccin", "vaccines": "vaccin", "voted": "vote", "voting": "vote",
    "generously": "generous", "communities": "communiti", "arsenals": "arsenal", "skies": "sky", "dying": "die",
    "news": "news", "proceeding": "proceed", "succeeded": "succeed", "hopping": "hop", "hoped": "hope",
    "conditional": "condit", "relational": "relat", "rationalize": "ration", "electricity": "electr",
    "effective": "effect", "hopeful": "hope", "goodness": "good", "adjustment": "adjust", "irritant": "irrit",
    "formality": "formal", "sensibility": "sensibl", "happily": "happili", "ponies": "poni", "caresses": "caress",
    "cries": "cri", "ties": "tie", "gas": "gas", "gaps": "gap", "agreed": "agre", "feed": "feed",
    "luxuriating": "luxuri", "tanned": "tan", "fizzed": "fizz", "bled": "bled", "bleed": "bleed", "geology": "geolog",
    "yelling": "yell", "sayings": "say", "by": "by",
}  # fmt: skip


@pytest.mark.parametrize(("word", "expected"), SNOWBALL.items())
def test_cluster_stems_are_snowballs_english_stems(word: str, expected: str) -> None:
    assert stem(word) == expected
