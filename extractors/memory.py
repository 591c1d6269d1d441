"""Giving memory that was freed back to the operating system, so a worker's peak stays bounded.

Freeing a Python object does not shrink the process: glibc keeps freed blocks in its arenas and
Arrow's mimalloc pool keeps its pages, and both only hand them back when asked. Measured on a
generated 1,000-page report in one process (warm: 235 MiB): at the end of the read stage, asking
took the process from 468 to 365 MiB (what the closed PDFs and each page's parse had freed);
writing the document's Arrow fragment grew it by 133 MiB, by 63 MiB when asked after each
dataset. Asking costs 0.06 ms, ~10 ms after 100 MB were freed, so the stages ask between stages
and after each dataset written that freed `WORTH_RELEASING` or more, never per page or record.

Between stages a worker asks only when it holds more than `RunSettings.release_above_mb`
(`release_when_above`): memory handed back is memory the next document faults in again, page by
page. Asking after every document cost a worker 1.0 s of system time over the scale benchmark's
502 pages (sys 2.3 s -> 0.8 s of 25 s when asked only above 320 MiB), for the same peak (286 MiB):
small documents never grow a worker that far, and a long one is handed back as before.
(What pdfium itself holds while a document is open is another matter: `reading.pdf.PdfiumFile`.)
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
from collections.abc import Callable

import pyarrow as pa

WORTH_RELEASING = 4 << 20
"""Bytes freed below which asking is not worth its cost (`release_large`): a small document's
datasets free a few KiB each, and asking after each of them cost a worker 0.3 s over 500 pages."""

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


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


def resident_bytes() -> int | None:
    """This process's resident memory (Linux `/proc/self/statm`); None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def release_when_above(limit_mib: float) -> bool:
    """`release_memory` when this process holds more than `limit_mib` MiB (always where its
    size cannot be read); True when it asked."""
    resident = resident_bytes()
    if resident is not None and resident <= limit_mib * 2**20:
        return False
    release_memory()
    return True


def release_large(freed_bytes: int) -> None:
    """`release_memory` when about `freed_bytes` were just freed and that is `WORTH_RELEASING`."""
    if freed_bytes >= WORTH_RELEASING:
        release_memory()
