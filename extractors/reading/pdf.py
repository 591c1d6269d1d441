"""Open a PDF with both engines, turning every way a PDF can be bad into a reason.

pdfium (pypdfium2) reads every page's text, fast; pdfplumber (pdfminer) parses a page's layout
only where it earns it (pages that may hold a table, the first page's printed lines). Opening
a file with pdfplumber reads its page tree, which is also the check that the file is whole:
a truncated or broken file fails here with a readable reason, as it always has. pdfplumber keeps
each parsed page cached until `page.close()`, ~3 MiB a page, so `plumber_page` closes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pdfplumber.page
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from munidocs.extractors.reading.text import unmapped_ratio
from munidocs.extractors.settings import PdfSettings


class UnreadablePdf(Exception):
    """The file cannot be read as a PDF; the message says why, for `documents.error`."""


def _reason(exc: BaseException) -> str:
    """A short human reason for a pdfminer/pdfplumber failure."""
    if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError):
        return "encrypted PDF: a password is needed to read it"
    if isinstance(exc, PDFSyntaxError | PSException):
        return f"corrupt or truncated PDF: {exc or type(exc).__name__}"
    text = str(exc) or type(exc).__name__
    if type(exc).__name__ == "PdfminerException":  # pdfplumber's wrapper around pdfminer errors
        inner = exc.args[0] if exc.args else None
        if isinstance(inner, BaseException):
            return _reason(inner)
        return f"corrupt or truncated PDF: {text}"
    if "password" in text.lower() or "encrypt" in text.lower():
        return "encrypted PDF: a password is needed to read it"
    return f"unreadable PDF ({type(exc).__name__}): {text}"[:300]


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """Open a PDF with pdfplumber, raising UnreadablePdf with a reason on failure."""
    if path.stat().st_size == 0:
        raise UnreadablePdf("empty file (0 bytes)")
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # forces the page tree: truncated files fail here
    except UnreadablePdf:
        raise
    except Exception as exc:
        raise UnreadablePdf(_reason(exc)) from exc
    try:
        yield pdf
    finally:
        pdf.close()


@contextmanager
def open_pdfium(path: Path) -> Iterator[pdfium.PdfDocument]:
    """Open a PDF with pdfium, raising UnreadablePdf with a reason on failure."""
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower():
            raise UnreadablePdf("encrypted PDF: a password is needed to read it") from exc
        raise UnreadablePdf(f"corrupt or truncated PDF: {text}"[:300]) from exc
    try:
        yield doc
    finally:
        doc.close()


@contextmanager
def plumber_page(pdf: pdfplumber.PDF, number: int) -> Iterator[pdfplumber.page.Page]:
    """pdfplumber's page `number` (1-based), closed (its parsed layout freed) after use."""
    page = pdf.pages[number - 1]
    try:
        yield page
    finally:
        page.close()


def image_count(page: pdfium.PdfPage) -> int:
    """Images placed on the page (a scan is one page-sized image)."""
    return sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def text_problem(text: str, images: int, settings: PdfSettings) -> str | None:
    """Why a page's text layer cannot be used ("scanned", "garbled"), or None when it can.

    A page with little text and an image on it is a scan; a page with little text and no
    image is simply blank and is not a problem.
    """
    if unmapped_ratio(text) > settings.max_cid_ratio:
        return "garbled"
    if len("".join(text.split())) < settings.min_chars_per_page and images:
        return "scanned"
    return None
