"""Given names from a registry that ships its data (``gender-guesser``): is a word a first name, and whose.

A core module, not a stage's: ``analyze`` reads a speaker's gender from it, ``link``
whether a "full name" starts with a given name at all ("Equifax Twitter" does not).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

Gender = Literal["male", "female"]


@cache
def _detector() -> object:
    import gender_guesser.detector as detector

    return detector.Detector(case_sensitive=False)


def _guess(first: str) -> str:
    return str(_detector().get_gender(first))  # type: ignore[attr-defined]


def first_name_gender(first: str) -> Gender | None:
    """Gender of a first name from gender-guesser's lists (``mostly_*`` counts; androgynous not)."""
    guess = _guess(first)
    if guess in ("male", "mostly_male"):
        return "male"
    if guess in ("female", "mostly_female"):
        return "female"
    return None


@cache
def is_first_name(word: str) -> bool:
    """Whether gender-guesser's lists hold the word as a given name (androgynous ones included)."""
    return _guess(word) != "unknown"


__all__ = ["Gender", "first_name_gender", "is_first_name"]
