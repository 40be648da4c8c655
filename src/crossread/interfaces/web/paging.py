"""Pagination of long lists (documents, stories): one window, its bounds, and links to its neighbours.

Pages and the API share the bounds, so ``?limit=`` means the same everywhere;
FastAPI refuses values outside them with a 422 before a route runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

# Rows on one page of the web lists: a screen or two of a table; the API's default too.
PAGE_LIMIT = 50
# The most rows one request may ask for: a 1,000-row JSON list stays a few hundred KB.
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Window:
    """Rows ``offset`` .. ``offset + limit`` of ``total``."""

    offset: int
    limit: int
    total: int

    @property
    def first(self) -> int:
        """1-based number of the first row shown (0 when none)."""
        return min(self.offset + 1, self.total) if self.total else 0

    @property
    def last(self) -> int:
        return min(self.offset + self.limit, self.total)

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset > 0 else None

    @property
    def paged(self) -> bool:
        """Whether there is more than one page (the page shows its links only then)."""
        return self.offset > 0 or self.next_offset is not None

    def link(self, path: str, offset: int | None, query: dict[str, str] | None = None) -> str | None:
        """``path?...&limit=&offset=`` for a neighbouring window, or None when there is none."""
        if offset is None:
            return None
        params = {**(query or {}), "limit": str(self.limit), "offset": str(offset)}
        return f"{path}?{urlencode(params)}"

    def payload(self, path: str, query: dict[str, str] | None = None) -> dict[str, int | str | None]:
        """The paging keys of a JSON list: total, limit, offset, next, previous (relative URLs or null)."""
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "next": self.link(path, self.next_offset, query),
            "previous": self.link(path, self.previous_offset, query),
        }
