"""Shared fixtures: the spaCy pipeline (loaded once), the bundled example, shared data."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "examples" / "pompeo-minsk-2020"
SHARED_DATA = Path(__import__("os").environ.get("CROSSREAD_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def nlp() -> Language:
    from crossread.stages.analyze import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE_DIR


def analyzed_texts(nlp: Language, texts: list[str], published: str | None = None) -> list[Any]:
    """Made-up articles ``d0``, ``d1``, … analysed as crossread reads plain-text files (``AnalyzedDocument``)."""
    from crossread.model import Document
    from crossread.stages.analyze import analyze_many

    documents = [
        Document(id=f"d{i}", source_path=f"d{i}.txt", text=t, kind="text", published=published) for i, t in enumerate(texts)
    ]
    return list(analyze_many(documents, nlp))


def load_script(relative: str, name: str) -> ModuleType:
    """A script of the repository that is no package's module (``bench/run.py``, ``eval/run.py``), imported as ``name``."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def shared_data(name: str) -> Path:
    """A folder of ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"shared dataset {name!r} not found at {path} (set CROSSREAD_SHARED_DATA)")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (the Debian package) driven by playwright, one per test module that asks."""
    from web_fixtures import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def made_up_document(text: str, mentions: Sequence[tuple[str, str]], title: str | None = None, outlet: str | None = None) -> Any:
    """A hand-made ``AnalyzedDocument`` for link tests: one sentence per line; ``mentions`` are (surface, label)
    pairs found left to right in ``text``; ``title`` (the first line) makes that line a headline."""
    from crossread.model import AnalyzedDocument, Document, Mention, Sentence, content_id

    doc_id = content_id(text, prefix="d")
    sentences, offset = [], 0
    for index, line in enumerate(text.split("\n")):
        sentences.append(Sentence(doc_id, index, offset, offset + len(line), line, False))
        offset += len(line) + 1
    found, cursor = [], 0
    for surface, label in mentions:
        start = text.index(surface, cursor)
        sentence = max(s.index for s in sentences if s.start <= start)
        found.append(Mention(doc_id, start, start + len(surface), surface, label, sentence))
        cursor = start + len(surface)
    document = Document(id=doc_id, source_path=f"{doc_id}.txt", text=text, kind="text", title=title, outlet=outlet)
    return AnalyzedDocument(document, tuple(sentences), tuple(found))
