"""The story embedder's vectors are WordLlama's own, bit for bit, whatever tokenizer call it makes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from crossread.stages.compare.match import wordllama_embedder

TEXTS = [
    "The minister met the delegation at the border on Tuesday.",
    "Talks on trade “went well”, an aide said — 1,234.5 tonnes of grain were cleared.",
    "x",
    "",
]


def test_match_embedder_vectors_are_wordllamas_own() -> None:
    import wordllama

    embed = wordllama_embedder()
    model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    raw = np.asarray(model.embed(sorted(TEXTS, key=len)), dtype=float)
    expected = {
        t: row
        for t, row in zip(sorted(TEXTS, key=len), raw / np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-9), strict=True)
    }
    found = embed(list(TEXTS))
    assert found.tobytes() == np.asarray([expected[t] for t in TEXTS]).tobytes()
