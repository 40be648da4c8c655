"""One BLAS thread per process while crossread works.

crossread's numpy and scipy work is many small matrix products (a story's unit
pairs, a batch's cluster candidates, sentence embeddings). OpenBLAS starts a
thread per core for each and its threads spin while they wait: on the 2-core
bench machine 41 multi-document stories (ABBA x 2, one process) took 5.4-6.0 s
of CPU to brief with the default threads and 3.0-3.8 s with one, the briefs
identical. Parallelism comes from the engines (one process per core), where extra
BLAS threads only oversubscribe the cores. The limit is scoped: a library
caller's own numpy work keeps its threads once crossread returns.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import numpy  # noqa: F401  (loads numpy's OpenBLAS, so that the limit covers it)
import scipy.linalg  # noqa: F401  (loads scipy's own OpenBLAS too; crossread's stages import it anyway)
from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Every BLAS library loaded in this process uses one thread inside (restored on exit); also a decorator."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
