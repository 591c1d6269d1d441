"""Open a PDF once and stream its pages, turning every way a PDF can be bad into a reason.

pdfplumber keeps each parsed page cached until `page.close()`, ~3 MiB a page, so pages are
handed to the caller one at a time and closed right after. Errors from pdfminer are mapped to
short readable reasons for the `documents.error` column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pdfplumber.page
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from munidocs.extractors.reading.text import cid_ratio
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


def iter_pages(
    pdf: pdfplumber.PDF, settings: PdfSettings
) -> Iterator[tuple[int, pdfplumber.page.Page]]:
    """Yield (1-based number, page) and close each page once the caller is done with it."""
    for number, page in enumerate(pdf.pages[: settings.max_pages], start=1):
        try:
            yield number, page
        finally:
            page.close()


def page_text(page: pdfplumber.page.Page, settings: PdfSettings) -> str:
    """The page's raw text in reading order, with line breaks (normalised later)."""
    return (
        page.extract_text(
            x_tolerance=settings.text_x_tolerance, y_tolerance=settings.text_y_tolerance
        )
        or ""
    )


def text_problem(page: pdfplumber.page.Page, text: str, settings: PdfSettings) -> str | None:
    """Why a page's text layer cannot be used ("scanned", "garbled"), or None when it can.

    A page with little text and an image on it is a scan; a page with little text and no
    image is simply blank and is not a problem.
    """
    if cid_ratio(text) > settings.max_cid_ratio:
        return "garbled"
    if len("".join(text.split())) < settings.min_chars_per_page and page.images:
        return "scanned"
    return None


PageCallback = Callable[[pdfplumber.page.Page, int], None]
