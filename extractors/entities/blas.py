"""The NER model's matrix products through numpy (OpenBLAS), not thinc's bundled BLIS.

thinc's `NumpyOps.gemm` multiplies with the BLIS build that ships with thinc; numpy's `matmul`
uses the OpenBLAS that ships with numpy, which picks its kernel for the CPU it runs on. On the
machine munidocs is measured on (AMD EPYC, AVX-512), one thread each, BLIS took 3.4-5x the CPU
of OpenBLAS for the model's shapes (5,000 x 384 by 384 x 384: 52.6 against 15.7 ms), and the
model's products were most of the entity stage: on 502 benchmark pages it fell from 17.2 s of
CPU to 11.6, on 21 real PDFs from 18.4 to 9.7, with the same entities (every one, in order).

Only the products move; every other step of the model (the maxout, the parser's state loop) is
thinc's and spaCy's own. The model is built with these ops (`model_ops`), so only munidocs'
pipeline uses them, never a user's own spaCy models in the same process. The entity stage runs
the model under `blas_threads` (`EntitySettings.blas_threads`): the run's parallelism is its
worker processes, not OpenBLAS's threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import ThreadpoolController


class OpenBlasOps(NumpyOps):
    """`NumpyOps` whose `gemm` is numpy's `matmul`: the same arguments and float32 product, to
    rounding (summed in another order: entities were identical on 230 PDFs)."""

    name = "munidocs_openblas"

    def gemm(
        self,
        x: numpy.ndarray[Any, Any],
        y: numpy.ndarray[Any, Any],
        out: numpy.ndarray[Any, Any] | None = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> numpy.ndarray[Any, Any]:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


@contextmanager
def model_ops() -> Iterator[None]:
    """Models built inside take `OpenBlasOps` (a thinc layer keeps the ops current when it
    was made); the ops current before come back after."""
    before = get_current_ops()
    set_current_ops(OpenBlasOps())
    try:
        yield
    finally:
        set_current_ops(before)


@contextmanager
def blas_threads(limit: int) -> Iterator[None]:
    """At most `limit` BLAS threads inside (0: no limit), as they were after."""
    if limit <= 0:
        yield
        return
    with _controller().limit(limits=limit, user_api="blas"):
        yield


@lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    """The process's BLAS libraries, found once (a new `threadpool_limits` looks for them
    again: 1.6 ms against 12 µs for a limit on this controller)."""
    return ThreadpoolController()
