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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pdfplumber.page
import pypdfium2 as pdfium

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
from munidocs.extractors.reading.textmap import engines_agree, page_text, plumber_page_text
from munidocs.extractors.settings import PdfSettings, Settings
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


class _EnginesDisagree(Exception):
    """pdfium decodes this document's glyphs otherwise than pdfminer (see `engines_agree`)."""


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
        try:
            return _read(path, doc_id, source, name, n_bytes, settings, settings.pdf.text_engine)
        except _EnginesDisagree as exc:
            log.info("%s: pdfium and pdfminer disagree on page %s; read with pdfminer", source, exc)
            return _read(path, doc_id, source, name, n_bytes, settings, "pdfplumber")
    except UnreadablePdf as exc:
        return ReadResult(failed_document(doc_id, source, name, n_bytes, str(exc)))
    except (
        Exception
    ) as exc:  # a bug or a PDF pdfminer chokes on mid-way: record, don't stop the run
        log.exception("reading %s failed", source)
        reason = f"extraction failed ({type(exc).__name__}): {exc}"[:300]
        return ReadResult(failed_document(doc_id, source, name, n_bytes, reason))


@dataclass
class _Pages:
    """What the page loop collects for one document."""

    pages: list[Page] = field(default_factory=list)
    texts: list[PageText] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    problems: dict[str, list[int]] = field(default_factory=dict)
    first_lines: list[PrintedLine] = field(default_factory=list)
    check: bool = False
    """Still to compare the engines on a page with enough text ("auto")."""


def _page_from_pdfium(
    doc: pdfium.PdfDocument, pdf: pdfplumber.PDF, number: int, height: float,
    tables: BudgetTableReader, out: _Pages, settings: PdfSettings,
) -> tuple[str, PageText, str | None]:  # fmt: skip
    """One page's text from pdfium; pdfplumber parses it only for page 1, a table or a check."""
    page = doc[number - 1]
    textpage = page.get_textpage()
    try:
        raw, text = page_text(textpage, height, number)
        problem = text_problem(raw, image_count(page), settings)
    finally:
        textpage.close()
        page.close()
    enough = len("".join(raw.split())) >= settings.engine_check_min_chars
    sample = out.check and (number == 1 or enough)
    layout = problem is None and tables.wants(raw)
    if number == 1 or layout or sample:
        with plumber_page(pdf, number) as plumbed:
            if sample:
                tolerances = (settings.text_x_tolerance, settings.text_y_tolerance)
                theirs = plumbed.extract_text(x_tolerance=tolerances[0], y_tolerance=tolerances[1])
                if not engines_agree(raw, theirs or ""):
                    raise _EnginesDisagree(number)
                out.check = not enough
            if number == 1:
                out.first_lines = _lines_with_size(plumbed)
            if layout:
                tables.add_page(plumbed, number)
    if problem is None and not layout:
        tables.skip_page()
    return raw, text, problem


def _page_from_pdfplumber(
    pdf: pdfplumber.PDF, number: int, tables: BudgetTableReader, out: _Pages,
    settings: PdfSettings,
) -> tuple[str, PageText, str | None]:  # fmt: skip
    """One page entirely through pdfminer's layout (text_engine "pdfplumber")."""
    with plumber_page(pdf, number) as plumbed:
        tolerances = (settings.text_x_tolerance, settings.text_y_tolerance)
        raw, text = plumber_page_text(plumbed, *tolerances, number)
        problem = text_problem(raw, len(plumbed.images), settings)
        if number == 1:
            out.first_lines = _lines_with_size(plumbed)
        if problem is None and tables.wants(raw):
            tables.add_page(plumbed, number)
        elif problem is None:
            tables.skip_page()
    return raw, text, problem


def _read(
    path: Path, doc_id: str, source: str, file_name: str, n_bytes: int, settings: Settings,
    engine: str,
) -> ReadResult:  # fmt: skip
    out = _Pages(check=engine == "auto")
    tables = BudgetTableReader(doc_id, settings.tables)
    with open_pdf(path) as pdf, open_pdfium(path) as doc:
        n_pages = len(pdf.pages)
        for number in range(1, min(n_pages, len(doc), settings.pdf.max_pages) + 1):
            width, height = float(pdf.pages[number - 1].width), float(pdf.pages[number - 1].height)
            if engine == "pdfplumber":
                raw, text, problem = _page_from_pdfplumber(pdf, number, tables, out, settings.pdf)
            else:
                raw, text, problem = _page_from_pdfium(
                    doc, pdf, number, height, tables, out, settings.pdf
                )
            if problem is not None:
                out.problems.setdefault(problem, []).append(number)
                raw, text = "", PageText(number, "", [], [])  # garbage is not passed on
            out.raw.append(raw)
            out.texts.append(text)
            out.pages.append(Page(doc_id, number, text.text, len(text.text), False, width, height))
    pages, page_texts, raw_texts = out.pages, out.texts, out.raw
    problem_pages, first_lines = out.problems, out.first_lines
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
