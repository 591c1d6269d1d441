"""Open a PDF with both engines, turning every way a PDF can be bad into a reason.

pdfium (pypdfium2) reads every page's text, fast; pdfplumber (pdfminer) parses a page's layout
only where it earns it (pages that may hold a table, the first page's printed lines). Opening
a file with pdfplumber reads its page tree, which is also the check that the file is whole:
a truncated or broken file fails here with a readable reason, as it always has. pdfplumber keeps
each parsed page cached until `page.close()`, ~3 MiB a page, so `plumber_page` closes it.
"""

from __future__ import annotations

import math
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

from munidocs.extractors.reading.objects import Objects
from munidocs.extractors.reading.settings import PdfSettings
from munidocs.extractors.reading.text import unmapped_in_words, unmapped_ratio, word_share


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


def _open_pdfium(path: Path) -> pdfium.PdfDocument:
    """A PDF opened with pdfium, or UnreadablePdf with a reason."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower():
            raise UnreadablePdf("encrypted PDF: a password is needed to read it") from exc
        raise UnreadablePdf(f"corrupt or truncated PDF: {text}"[:300]) from exc


class PdfiumFile:
    """A PDF open in pdfium for reading its pages in order, reopened every `reopen_every` pages.

    pdfium keeps every object it has parsed (the pages' content streams among them) until the
    document is closed, whether or not its pages are: reading all pages of a generated
    1,000-page report (20 MB) that way held 108 MiB; reopened every 100 pages, 16 MiB, for
    some milliseconds per reopening. A page is only valid until the next `document` call.
    """

    def __init__(self, path: Path, reopen_every: int) -> None:
        self.path = path
        self.reopen_every = reopen_every
        self._doc = _open_pdfium(path)
        self._fresh = 0
        """Pages handed out since the document was last opened."""

    def __len__(self) -> int:
        return len(self._doc)

    def document(self) -> pdfium.PdfDocument:
        """The open document for the next page (reopened when it has served its share)."""
        if self.reopen_every and self._fresh >= self.reopen_every:
            self._doc.close()
            self._doc = _open_pdfium(self.path)
            self._fresh = 0
        self._fresh += 1
        return self._doc

    def close(self) -> None:
        self._doc.close()


@contextmanager
def open_pdfium(path: Path, reopen_every: int = 0) -> Iterator[PdfiumFile]:
    """Open a PDF with pdfium (`PdfiumFile`), raising UnreadablePdf with a reason on failure."""
    pdf = PdfiumFile(path, reopen_every)
    try:
        yield pdf
    finally:
        pdf.close()


@contextmanager
def plumber_page(
    pdf: pdfplumber.PDF, number: int, turn: int = 0, objects: Objects | None = None
) -> Iterator[pdfplumber.page.Page]:
    """pdfplumber's page `number` (1-based), closed (its parsed layout freed) after use.

    With `objects` (`objects.page_objects`: the page as pdfium read it) pdfminer never
    interprets the page: pdfplumber's algorithms run on those objects.

    pdfminer lays a page out as displayed, with its /Rotate applied: text upright on paper set
    sideways by /Rotate came out as columns of letters, or reversed ("teretor tatontegduB")
    upside down. The page is laid out turned by `turn` degrees (clockwise; `text_direction`)
    instead, the turn that sets its text upright, whatever its /Rotate says.
    """
    page = pdf.pages[number - 1]
    if page.rotation != turn:
        obj = page.page_obj
        obj.attrs = {**obj.attrs, "Rotate": turn}
        obj.rotate = turn
        page = pdfplumber.page.Page(pdf, obj, page.page_number, page.initial_doctop)
    if objects is not None:
        page._objects = objects  # pdfplumber's own cache of the parsed page
    try:
        yield page
    finally:
        page.close()


def text_direction(textpage: pdfium.PdfTextPage, sample: int = 400) -> int | None:
    """The clockwise turn (0, 90, 180, 270) that sets most of the page's characters upright;
    None for a page without text.

    pdfium gives each character's angle (clockwise, radians) in the page's own space; /Rotate
    is ignored, as it says how to display the page, not which way its text runs.
    """
    votes = [0, 0, 0, 0]
    n = textpage.count_chars()
    for i in range(0, n, max(1, n // sample)):
        if chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 32).isspace():
            continue
        angle = math.degrees(pdfium_c.FPDFText_GetCharAngle(textpage, i))
        votes[round(((360 - angle) % 360) / 90) % 4] += 1
    return 90 * votes.index(max(votes)) if any(votes) else None


def hidden_text(page: pdfium.PdfPage) -> bool:
    """Whether most of the page's text objects are invisible (render mode 3): the hidden layer
    an earlier OCR (or a transcriber) put under a scanned image."""
    modes = [
        pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=2)
    ]
    invisible = sum(1 for m in modes if m == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
    return bool(modes) and invisible > len(modes) / 2


def image_count(page: pdfium.PdfPage) -> int:
    """Images placed on the page (a scan is one page-sized image)."""
    return sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def text_problem(text: str, images: int, settings: PdfSettings, hidden: bool = False) -> str | None:
    """Why a page's text layer cannot be used ("scanned", "garbled", "poor OCR layer"), or None.

    A page with little text and an image on it is a scan; a page with little text and no
    image is simply blank and is not a problem. A hidden text layer under an image (`hidden`)
    is an earlier OCR: poor when too few of its tokens look like words.
    """
    if unmapped_ratio(text) > settings.max_cid_ratio:
        return "garbled"
    if unmapped_in_words(text) > settings.max_unmapped_in_words:
        return "garbled"
    if len("".join(text.split())) < settings.min_chars_per_page and images:
        return "scanned"
    if hidden and images and word_share(text) < settings.min_hidden_word_share:
        return "poor OCR layer"
    return None
