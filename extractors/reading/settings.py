"""The reading stage's settings: what counts as a page's text (`PdfSettings`) and how pages
without it are OCR'd (`OcrSettings`).

Part of the one `Settings` (`munidocs.extractors.settings`), which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSettings:
    """Limits that keep one bad or huge file from dominating a run, and what counts as text."""

    max_pages: int = 2000
    """Pages beyond this are not read; the document is marked partial."""
    reopen_pdfium_every_pages: int = 100
    """pdfium holds every object it parsed until its document closes: reopened every this many
    pages, a long document's reading does not hold every page's content (`pdf.PdfiumFile`);
    0 never."""
    min_chars_per_page: int = 20
    """A page with fewer characters has no usable text layer (scanned or blank)."""
    max_cid_ratio: float = 0.2
    """Share of `(cid:NN)` placeholders above which a page's text is unreadable."""
    max_unmapped_in_words: int = 0
    """Unmapped glyphs inside words ("Milj(cid:1)") a page may have before its text counts as
    unreadable (OCR'd, or flagged); unmapped glyphs outside words (bullets) are blanked."""
    text_engine: str = "auto"
    """Page text from "pdfium" (fast), "pdfplumber" (pdfminer's layout, slow), or "auto": pdfium,
    unless it decodes a document's glyphs otherwise than pdfminer on a sampled page."""
    layout_engine: str = "pdfium"
    """Where the layout of a page that needs one (the first page's printed lines, a page that
    may hold a table) comes from: "pdfium" (its objects in pdfplumber's shape, `objects`; fast)
    or "pdfplumber" (pdfminer interprets the page again; some 10 times slower). pdfplumber's
    own algorithms (words, text lines, table finder) run on either."""
    min_hidden_word_share: float = 0.6
    """A hidden text layer under a scanned image (an earlier OCR) is used as it is when at least
    this share of its tokens look like words or numbers; below, the page is OCR'd again (and the
    better of the two readings kept)."""
    engine_check_min_chars: int = 200
    """"auto" compares the engines on page 1 and on the first page with this many characters."""
    learn_glyphs: bool = True
    """"auto", when the engines disagree on a page: learn from it the characters pdfium misreads
    in each font and put them right (`reading/glyphs.py`), rather than reading the whole document
    with pdfminer; pages with a character not learned yet are compared too."""
    glyph_tolerance: float = 1.0
    """How far apart (points) pdfium and pdfminer may place one character for it to be paired."""
    text_x_tolerance: float = 1.5
    """pdfplumber `extract_text` x_tolerance for page text: letters closer than this join."""
    text_y_tolerance: float = 3.0
    """pdfplumber `extract_text` y_tolerance for page text: glyphs closer than this share a line."""
    max_title_chars: int = 300
    """A longer title (a page of thousands of tiny text objects) is cut here, ending in "…"."""
    furniture_edge_lines: int = 2
    """Lines at the top and at the foot of a page's text that may be its running header or
    footer (besides those printed in the page's top or bottom band)."""
    furniture_band_share: float = 0.1
    """Share of the page height at its top and at its foot where headers and footers print."""
    furniture_min_pages: int = 2
    """Pages a line must recur on (digits aside) to be a running header or footer ..."""
    furniture_page_share: float = 0.5
    """... and the share of the document's pages with text it must recur on."""

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, got {self.max_pages}")
        if self.reopen_pdfium_every_pages < 0:
            raise ValueError(
                "reopen_pdfium_every_pages must not be negative (0: never), "
                f"got {self.reopen_pdfium_every_pages}"
            )
        if self.max_title_chars < 2:
            raise ValueError(f"max_title_chars must be at least 2, got {self.max_title_chars}")
        if self.glyph_tolerance < 0:
            raise ValueError(f"glyph_tolerance must not be negative, got {self.glyph_tolerance}")
        if self.layout_engine not in ("pdfium", "pdfplumber"):
            raise ValueError(f"layout_engine must be pdfium or pdfplumber: {self.layout_engine!r}")
        if self.text_engine not in ("auto", "pdfium", "pdfplumber"):
            raise ValueError(
                f"text_engine must be auto, pdfium or pdfplumber: {self.text_engine!r}"
            )


@dataclass(frozen=True)
class OcrSettings:
    """OCR of pages without usable text (scans, fonts without a Unicode map, garbage hidden
    OCR layers) with the Tesseract command-line program and its Danish data.

    Tesseract runs once per such page, single-threaded (`threads`): its OpenMP threads spin
    on a busy machine and made a page 3-6 times slower here. A document gets `max_seconds`
    of OCR in all, so a long scan ends `partial` (the pages not read named) rather than being
    stopped by the per-document time limit with nothing kept.
    """

    enabled: bool = True
    """OCR pages without usable text; off: such pages are only flagged (status partial)."""
    command: str = "tesseract"
    """The Tesseract program: a name looked up on PATH, or a path."""
    language: str = "dan"
    """Tesseract language data ("dan", "dan+eng"); each must be installed (tesseract-ocr-dan)."""
    dpi: int = 300
    """Resolution pages are rendered at for OCR."""
    page_segmentation: int = 3
    """Tesseract's --psm: 3 = fully automatic page layout (columns, blocks)."""
    orientation_below_confidence: float = 70.0
    """Mean word confidence (0-100) under which a page is checked for lying sideways or upside
    down (Tesseract's OSD) and read again turned upright; an upright clean page skips OSD."""
    orientation_min_confidence: float = 1.5
    """OSD's orientation confidence needed before a page is turned."""
    min_title_confidence: float = 30.0
    """Words Tesseract reads with less confidence (0-100) are left out of a scanned first
    page's printed lines, so a logo or stamp read as big letters does not become the title."""
    min_title_letters: int = 4
    """A scanned first page's line with fewer letters (read confidently) is no title."""
    page_timeout: float = 60.0
    """Seconds one Tesseract call may take before the page is given up (flagged)."""
    max_seconds: float = 90.0
    """OCR time one document may use; later pages are flagged, not read (status partial).
    Below the per-document time limit, so a long scan keeps the pages read."""
    threads: int = 1
    """OMP_THREAD_LIMIT for Tesseract."""

    def __post_init__(self) -> None:
        if not 50 <= self.dpi <= 1200:
            raise ValueError(f"dpi must be between 50 and 1200, got {self.dpi}")
        if self.page_timeout <= 0 or self.max_seconds <= 0:
            raise ValueError("page_timeout and max_seconds must be positive")
        if self.threads < 1:
            raise ValueError(f"threads must be at least 1, got {self.threads}")
        if not self.command.strip() or not self.language.strip():
            raise ValueError("command and language must not be empty")
