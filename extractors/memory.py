"""Giving memory that was freed back to the operating system, so a worker's peak stays bounded.

Freeing a Python object does not shrink the process: glibc keeps freed blocks in its arenas and
Arrow's mimalloc pool keeps its pages, and both only hand them back when asked. Measured on a
generated 1,000-page report in one process (warm: 235 MiB): at the end of the read stage, asking
took the process from 468 to 365 MiB (what the closed PDFs and each page's parse had freed);
writing the document's Arrow fragment grew it by 133 MiB, by 63 MiB when asked after each
dataset. Asking costs 0.06 ms, ~10 ms after 100 MB were freed, so the stages ask between stages
and after each dataset written that freed `WORTH_RELEASING` or more, never per page or record.
(What pdfium itself holds while a document is open is another matter: `reading.pdf.PdfiumFile`.)
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
from collections.abc import Callable

import pyarrow as pa

WORTH_RELEASING = 4 << 20
"""Bytes freed below which asking is not worth its cost (`release_large`): a small document's
datasets free a few KiB each, and asking after each of them cost a worker 0.3 s over 500 pages."""


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    with contextlib.suppress(OSError, AttributeError):
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
        return trim
    return None


def release_memory() -> None:
    """Hand freed heap memory and Arrow's unused pool pages back to the operating system."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def release_large(freed_bytes: int) -> None:
    """`release_memory` when about `freed_bytes` were just freed and that is `WORTH_RELEASING`."""
    if freed_bytes >= WORTH_RELEASING:
        release_memory()
