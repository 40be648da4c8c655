"""How a stored source path is shown to people: never as an absolute local path.

The store keeps the path an input was read from exactly as given (``crossread
failures`` needs it to print a retry command). Everything a person reads — the
pages, the exports, the JSON contracts — shows :func:`shown_path` instead:

1. a path inside the current working directory, relative to it
   (``examples/pompeo-minsk-2020/000_x.txt``);
2. a relative path as the user gave it, when it stays inside that directory;
3. otherwise the file name alone (``feed.jsonl:3`` for the third record).

A document's URL, when it has one, is shown next to it, never instead of it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath


def shown_path(source_path: str, cwd: str | None = None) -> str:
    """``source_path`` relative to ``cwd`` (default: the current directory) when inside it, else its file name."""
    return _shown(source_path, cwd if cwd is not None else os.getcwd())


@lru_cache(maxsize=65536)  # listing pages ask for the same paths on every request
def _shown(source_path: str, here: str) -> str:
    if not source_path:
        return source_path
    if source_path.startswith(("/", "~", "\\")) or PureWindowsPath(source_path).drive:
        try:
            relative = os.path.relpath(source_path, here)
        except ValueError:  # another drive on Windows
            relative = ".."
        if relative.startswith("..") or os.path.isabs(relative):
            return _file_name(source_path)
        return relative.replace(os.sep, "/")
    parts = PurePosixPath(source_path.replace("\\", "/")).parts
    return source_path if ".." not in parts else _file_name(source_path)


def _file_name(source_path: str) -> str:
    return source_path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source_path
