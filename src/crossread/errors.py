"""Errors crossread raises, one subclass per area.

    CrossreadError
    ├── ExtractError       an input was read but held no usable article text
    ├── AnalyzeError       the NLP pipeline could not run (model missing, ...)
    ├── StoreError         the store could not be opened or written
    └── ConfigError        a setting is invalid

Messages say what failed, on which file or document, and how to fix it. The
pipeline catches these at its per-document boundary, records the failure and
goes on with the batch.
"""

from __future__ import annotations


class CrossreadError(Exception):
    """Base class of every error crossread raises on purpose."""


class ExtractError(CrossreadError):
    """An input was read but no article text could be extracted from it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class AnalyzeError(CrossreadError):
    """The NLP pipeline is unavailable or failed on a document."""


class StoreError(CrossreadError):
    """The store could not be opened, migrated or written."""


class ConfigError(CrossreadError):
    """A configuration value is invalid."""
