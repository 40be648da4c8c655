"""Article strings inside crossread's own sentences keep their direction to themselves.

A headline with a right-to-left override (U+202E) reverses everything after it
up to the end of its paragraph. Pages isolate article strings with ``<bdi>`` or
``dir="auto"``; a sentence crossread composes ("<headline>: 'Monday' →
2021-05-03"), and every plain-text output (Markdown, CSV, the CLI), needs the
same in the text itself: :func:`isolated` wraps such a string in FIRST STRONG
ISOLATE (U+2068) ... POP DIRECTIONAL ISOLATE (U+2069), which also closes any
embedding or override left open inside it. Strings with no right-to-left letter
and no direction control are returned as they are (the common case stays
byte-identical).
"""

from __future__ import annotations

import unicodedata

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
# Bidi classes that change the direction of what follows them: right-to-left letters, embeddings,
# overrides, isolates and their terminators (UAX #9, table 4).
DIRECTIONAL_CLASSES = frozenset({"R", "AL", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def needs_isolation(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter or a direction control."""
    return any(unicodedata.bidirectional(ch) in DIRECTIONAL_CLASSES for ch in text)


def isolated(text: str) -> str:
    """``text`` wrapped in FSI ... PDI when it could reorder the text around it, else ``text``."""
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}" if needs_isolation(text) else text
