"""Read one PDF into its document row, pages and budget lines, in one pass over the pages.

This is the `read` stage: everything that needs the PDF itself happens here, so the later
stages (entities, checks) work on records and never reopen it. Every page's text (and the box
of every character, `PageText`) comes from pdfium, fast; pdfplumber's layout analysis runs only
on the first page (printed lines with their size, for the title) and on pages that may hold a
budget table (`BudgetTableReader.wants`). A file that cannot be read still yields a document
row, with status `failed` and the reason.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber.page

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.reading.classify import PrintedLine, classify
from munidocs.extractors.reading.pdf import (
    UnreadablePdf,
    image_count,
    open_pdf,
    open_pdfium,
    plumber_page,
    text_problem,
)
from munidocs.extractors.reading.textmap import page_text
from munidocs.extractors.settings import Settings
from munidocs.extractors.tables.reader import BudgetTableReader
from munidocs.models import Document, Page, PageText, ReadResult

log = logging.getLogger(__name__)


def _lines_with_size(page: pdfplumber.page.Page) -> list[PrintedLine]:
    """Printed lines of a page with font size and weight, for title and date finding."""
    out = []
    for tl in page.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in tl["chars"] if c["text"].strip()]
        if not chars:
            continue
        size = max(float(c["size"]) for c in chars)
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) > len(chars) / 2
        out.append(
            PrintedLine(text=tl["text"], size=round(size, 1), bold=bold, top=float(tl["top"]))
        )
    return out


def failed_document(doc_id: str, source: str, file_name: str, n_bytes: int, error: str) -> Document:
    """The row a file gets when it cannot be read at all."""
    return Document(
        doc_id=doc_id,
        source=source,
        file_name=file_name,
        doc_type="other",
        title=None,
        reference=None,
        doc_date=None,
        n_pages=0,
        ocr=False,
        status="failed",
        error=error,
        districts=None,
        pipeline_version=PIPELINE_VERSION,
        processed_at=datetime.now(UTC),
        n_bytes=n_bytes,
    )


def read_document(
    path: Path,
    doc_id: str,
    source: str,
    file_name: str | None = None,
    settings: Settings | None = None,
) -> ReadResult:
    """Pages, classification and budget lines of one PDF; never raises for a bad file.

    `file_name` is the name the file had where it was found (the store names files by hash).
    """
    settings = settings or Settings()
    n_bytes = path.stat().st_size
    name = file_name or path.name
    try:
        return _read(path, doc_id, source, name, n_bytes, settings)
    except UnreadablePdf as exc:
        return ReadResult(failed_document(doc_id, source, name, n_bytes, str(exc)))
    except (
        Exception
    ) as exc:  # a bug or a PDF pdfminer chokes on mid-way: record, don't stop the run
        log.exception("reading %s failed", source)
        reason = f"extraction failed ({type(exc).__name__}): {exc}"[:300]
        return ReadResult(failed_document(doc_id, source, name, n_bytes, reason))


def _read(
    path: Path, doc_id: str, source: str, file_name: str, n_bytes: int, settings: Settings
) -> ReadResult:
    pages: list[Page] = []
    page_texts: list[PageText] = []
    raw_texts: list[str] = []
    problem_pages: dict[str, list[int]] = {}
    first_lines: list[PrintedLine] = []
    tables = BudgetTableReader(doc_id, settings.tables)
    with open_pdf(path) as pdf, open_pdfium(path) as doc:
        n_pages = len(pdf.pages)
        for number in range(1, min(n_pages, len(doc), settings.pdf.max_pages) + 1):
            width, height = float(pdf.pages[number - 1].width), float(pdf.pages[number - 1].height)
            page = doc[number - 1]
            textpage = page.get_textpage()
            try:
                raw, text = page_text(textpage, height, number)
                problem = text_problem(raw, image_count(page), settings.pdf)
            finally:
                textpage.close()
                page.close()
            layout = problem is None and tables.wants(raw)
            if number == 1 or layout:
                with plumber_page(pdf, number) as plumbed:
                    if number == 1:
                        first_lines = _lines_with_size(plumbed)
                    if layout:
                        tables.add_page(plumbed, number)
            if problem is None and not layout:
                tables.skip_page()
            if problem is not None:
                problem_pages.setdefault(problem, []).append(number)
                raw, text = "", PageText(number, "", [], [])  # garbage is not passed on
            raw_texts.append(raw)
            page_texts.append(text)
            pages.append(
                Page(
                    doc_id=doc_id,
                    page=number,
                    text=text.text,
                    n_chars=len(text.text),
                    ocr=False,
                    width=width,
                    height=height,
                )
            )
    budget_lines = tables.finish()
    problems = []
    if n_pages == 0:
        raise UnreadablePdf("PDF has no pages")
    if n_pages > settings.pdf.max_pages:
        problems.append(f"only the first {settings.pdf.max_pages} of {n_pages} pages were read")
    if scanned := problem_pages.get("scanned"):
        problems.append(
            f"no text layer on page(s) {_ranges(scanned)}: scanned, OCR not available yet"
        )
    if garbled := problem_pages.get("garbled"):
        problems.append(
            f"unreadable (cid:NN) text on page(s) {_ranges(garbled)}: font without Unicode map"
        )
    if not any(raw_texts) and not problems:
        problems.append("no text on any page")
    full_text = "\n".join(raw_texts)
    kind = classify(first_lines, full_text)
    document = Document(
        doc_id=doc_id,
        source=source,
        file_name=file_name,
        doc_type=kind.doc_type,
        title=kind.title,
        reference=kind.reference,
        doc_date=kind.doc_date,
        n_pages=n_pages,
        ocr=False,
        status="partial" if problems else "ok",
        error="; ".join(problems) or None,
        districts=None,
        pipeline_version=PIPELINE_VERSION,
        processed_at=datetime.now(UTC),
        n_bytes=n_bytes,
    )
    return ReadResult(document, pages, budget_lines, tables.row_totals, page_texts)


def _ranges(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7]: page lists stay short in error messages."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
