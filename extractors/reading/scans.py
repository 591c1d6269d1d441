"""Which pages of a document get OCR, within what time, and what the document row says about it.

The read stage hands over each page whose text cannot be used; `ScanReader` OCRs it if it can
(OCR on, Tesseract installed, the document's OCR time not used up) and otherwise says why not,
so `documents.error` names every page that has no text and the reason: a missing Tesseract
makes a document `partial` with how to install it, never a crash.
"""

from __future__ import annotations

import logging
import time

import pypdfium2 as pdfium

from munidocs.extractors.reading.ocr import (
    OcrFailed,
    OcrPage,
    OcrUnavailable,
    check_tesseract,
    ocr_page,
)
from munidocs.extractors.reading.settings import OcrSettings

log = logging.getLogger(__name__)


class ScanReader:
    """OCR for the pages of one document that need it, with the document's OCR time budget."""

    def __init__(self, settings: OcrSettings) -> None:
        self.settings = settings
        self.spent = 0.0
        """Seconds of OCR so far."""
        self.unavailable: str | None = None
        """Why Tesseract cannot run (checked once, on the first page that needs it)."""

    def why_not(self) -> str | None:
        """Why the next page cannot be OCR'd, or None when it can."""
        s = self.settings
        if not s.enabled:
            return "OCR is off (ocr.enabled = false)"
        if self.unavailable is None:
            try:
                check_tesseract(s)
                self.unavailable = ""
            except OcrUnavailable as exc:
                self.unavailable = str(exc)
        if self.unavailable:
            return f"not OCR'd: {self.unavailable}"
        if self.spent >= s.max_seconds:
            return f"not OCR'd: the document's OCR time (ocr.max_seconds = {s.max_seconds:g} s) was used up"
        return None

    def read(self, doc: pdfium.PdfDocument, number: int) -> OcrPage | str:
        """The page OCR'd, or the reason it was not (for `documents.error`)."""
        reason = self.why_not()
        if reason is not None:
            return reason
        start = time.monotonic()
        page = doc[number - 1]
        try:
            return ocr_page(page, number, self.settings)
        except OcrUnavailable as exc:
            self.unavailable = str(exc)
            return f"not OCR'd: {exc}"
        except OcrFailed as exc:
            log.warning("page %d: %s", number, exc)
            return f"OCR failed: {exc}"
        finally:
            page.close()
            self.spent += time.monotonic() - start
