"""The NER model's matrix products through numpy (OpenBLAS), not thinc's bundled BLIS.

thinc's `NumpyOps.gemm` multiplies with the BLIS build that ships with thinc; numpy's `matmul`
uses the OpenBLAS that ships with numpy, which picks its kernel for the CPU it runs on. On the
machine munidocs is measured on (AMD EPYC, AVX-512), one thread each, BLIS took 3.4-5x the CPU
of OpenBLAS for the model's shapes (5,000 x 384 by 384 x 384: 52.6 against 15.7 ms), and the
model's products were most of the entity stage: on 502 benchmark pages it fell from 17.2 s of
CPU to 11.6, on 21 real PDFs from 18.4 to 9.7, with the same entities (every one, in order).

Only the products move; every other step of the model (the maxout, the parser's state loop) is
thinc's and spaCy's own. The model is built with these ops (`model_ops`), so only munidocs'
pipeline uses them, never a user's own spaCy models in the same process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy
from thinc.api import NumpyOps, get_current_ops, set_current_ops


class OpenBlasOps(NumpyOps):
    """`NumpyOps` whose `gemm` is numpy's `matmul`: same arguments, same float32 result."""

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


def single_thread_blas() -> None:
    """One BLAS thread in this process: a worker process is already one of the run's units of
    parallelism, and OpenBLAS's own threads would compete with the other workers for the same
    cores (two threads cost 7 % more CPU for the same product here, on an idle machine)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
