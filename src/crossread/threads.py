"""One BLAS thread per process while crossread works.

crossread's numpy and scipy work is many small matrix products (a story's unit
pairs, a batch's cluster candidates, sentence embeddings). OpenBLAS starts a
thread per core for each and its threads spin while they wait, so on the
2-core bench machine the briefs of 242 stories took 8.6 s of CPU with the
default threads and 4.5 s with one (same briefs), and ingest's CPU fell with
them. Parallelism comes from the engines (one process per core), where extra
BLAS threads only oversubscribe the cores. The limit is scoped: a library
caller's own numpy work keeps its threads once crossread returns.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import numpy
import scipy.linalg  # noqa: F401  (loads scipy's own OpenBLAS so that the limit covers it too)
from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]


@cache
def _controller() -> ThreadpoolController:
    numpy.zeros(1)  # numpy's BLAS is loaded with numpy itself
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Every BLAS library loaded in this process uses one thread inside (restored on exit); also a decorator."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
