"""Read one PDF into its document row, pages and budget lines, in one pass over the pages.

This is the `read` stage: everything that needs the PDF itself happens here, so the later
stages (entities, checks) work on records and never reopen it. Every page's text (and the box
of every character, `PageText`) comes from pdfium, fast; pdfplumber's layout analysis runs only
on the first page (printed lines with their size, for the title) and on pages that may hold a
table (`DocumentTables.wants`: one cheap predicate on the page text). A file that cannot be
read still yields a document row, with status `failed` and the reason.
"""

from __future__ import annotations

import logging
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pdfplumber
import pdfplumber.page
import pypdfium2 as pdfium

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.reading.classify import PrintedLine, classify
from munidocs.extractors.reading.furniture import detect_furniture
from munidocs.extractors.reading.glyphs import Glyphs
from munidocs.extractors.reading.objects import page_objects
from munidocs.extractors.reading.ocr import OcrLayout
from munidocs.extractors.reading.pdf import (
    UnreadablePdf,
    hidden_text,
    image_count,
    open_pdf,
    open_pdfium,
    plumber_page,
    text_direction,
    text_problem,
)
from munidocs.extractors.reading.scans import ScanReader
from munidocs.extractors.reading.text import blank_unmapped, normalize_with_offsets, word_share
from munidocs.extractors.reading.textmap import (
    decoded_alike,
    engines_agree,
    page_text,
    plumber_page_text,
    same_decoding,
)
from munidocs.extractors.settings import PdfSettings, Settings
from munidocs.extractors.tables.document import DocumentTables
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
    glyphs: Glyphs | None = None
    """Characters pdfium misreads in this document, learned from pages pdfminer read too."""


@dataclass
class _Reading:
    """One page as read: raw text, `PageText`, why its text cannot be used, its size as read."""

    raw: str
    text: PageText
    problem: str | None
    size: tuple[float, float]
    ocr: bool = False


def _page_from_pdfium(
    doc: pdfium.PdfDocument, pdf: pdfplumber.PDF, number: int,
    tables: DocumentTables, out: _Pages, settings: PdfSettings,
) -> _Reading:  # fmt: skip
    """One page's text from pdfium; pdfplumber parses it only for page 1, a table or a check."""
    page = doc[number - 1]
    textpage = page.get_textpage()
    objects = None
    try:
        turn = text_direction(textpage)
        if turn is not None and turn != page.get_rotation():
            # pdfium orders text as the page is displayed: display it with its text upright
            textpage.close()
            page.set_rotation(turn)
            textpage = page.get_textpage()
        turn = turn or 0
        left, bottom, right, top = page.get_mediabox()
        width, height = right - left, top - bottom
        raw, text = page_text(textpage, height, number, width, turn, out.glyphs)
        enough = len("".join(raw.split())) >= settings.engine_check_min_chars
        resources = pdf.pages[number - 1].page_obj.resources
        unknown = (  # a character not learned yet, of a font whose decoding may differ
            out.glyphs is not None
            and bool(out.glyphs.unknown_fonts)
            and not decoded_alike(out.glyphs.unknown_fonts, resources)
        )
        if (out.check and (number == 1 or enough)) or unknown:
            if not same_decoding(resources):
                ours = _Sample(page, textpage, number, turn, width, height)
                raw, text = _compare_engines(ours, pdf, out, settings, raw, text)
            out.check = out.check and not enough
        images = image_count(page)
        problem = text_problem(raw, images, settings, images > 0 and hidden_text(page))
        layout = problem is None and tables.wants(raw)
        if settings.layout_engine == "pdfium" and (number == 1 or layout):
            doctop = pdf.pages[number - 1].initial_doctop
            table = out.glyphs.table if out.glyphs is not None else None
            objects = page_objects(page, textpage, number, turn, doctop, layout, table)
    finally:
        textpage.close()
        page.close()
    if number == 1 or layout:
        with plumber_page(pdf, number, turn, objects) as plumbed:
            if number == 1:
                out.first_lines = _lines_with_size(plumbed)
            if layout:
                tables.add_page(plumbed, number, raw)
    if problem is None and not layout:
        tables.skip_page()
    size = (height, width) if turn in (90, 270) else (width, height)
    return _Reading(raw, text, problem, size)


@dataclass
class _Sample:
    """A page pdfium has open, with what reading its text again takes."""

    page: pdfium.PdfPage
    textpage: pdfium.PdfTextPage
    number: int
    turn: int
    width: float
    height: float


def _compare_engines(
    ours: _Sample, pdf: pdfplumber.PDF, out: _Pages, settings: PdfSettings, raw: str,
    text: PageText,
) -> tuple[str, PageText]:  # fmt: skip
    """A sampled page's (raw text, `PageText`) once pdfminer has read the same characters on
    it. When pdfium misreads some, they are learned (`glyphs.Glyphs`) and the page is read
    again. _EnginesDisagree when the engines still disagree: the document goes to pdfminer."""
    with plumber_page(pdf, ours.number, ours.turn) as plumbed:
        tolerances = (settings.text_x_tolerance, settings.text_y_tolerance)
        theirs = plumbed.extract_text(x_tolerance=tolerances[0], y_tolerance=tolerances[1]) or ""
        if engines_agree(raw, theirs) and (out.glyphs is None or not out.glyphs.unknown):
            return raw, text
        if not settings.learn_glyphs:
            raise _EnginesDisagree(ours.number)
        chars = page_objects(ours.page, ours.textpage, ours.number, ours.turn, paths=False)
        glyphs = out.glyphs or Glyphs(settings.glyph_tolerance)
        if not glyphs.learn(chars["char"], plumbed.chars):
            raise _EnginesDisagree(ours.number)
    raw, text = page_text(ours.textpage, ours.height, ours.number, ours.width, ours.turn, glyphs)
    if not engines_agree(raw, theirs):
        raise _EnginesDisagree(ours.number)
    out.glyphs = glyphs
    return raw, text


def _page_from_pdfplumber(
    doc: pdfium.PdfDocument, pdf: pdfplumber.PDF, number: int, tables: DocumentTables,
    out: _Pages, settings: PdfSettings,
) -> _Reading:  # fmt: skip
    """One page entirely through pdfminer's layout (text_engine "pdfplumber")."""
    page = doc[number - 1]
    textpage = page.get_textpage()
    try:
        turn = text_direction(textpage) or 0
        hidden = hidden_text(page)
    finally:
        textpage.close()
        page.close()
    with plumber_page(pdf, number, turn) as plumbed:
        tolerances = (settings.text_x_tolerance, settings.text_y_tolerance)
        raw, text = plumber_page_text(plumbed, *tolerances, number)
        images = len(plumbed.images)
        problem = text_problem(raw, images, settings, images > 0 and hidden)
        if number == 1:
            out.first_lines = _lines_with_size(plumbed)
        if problem is None and tables.wants(raw):
            tables.add_page(plumbed, number, raw)
        elif problem is None:
            tables.skip_page()
        size = (float(plumbed.width), float(plumbed.height))
    return _Reading(raw, text, problem, size)


def _ocr(
    doc: pdfium.PdfDocument, reading: _Reading, number: int, scans: ScanReader,
    tables: DocumentTables, out: _Pages,
) -> _Reading:  # fmt: skip
    """OCR a page whose text cannot be used; its text then goes where any page's text goes.

    A page whose hidden OCR layer reads poorly keeps that layer when our OCR reads no better.
    """
    assert reading.problem is not None
    result = scans.read(doc, number)
    if isinstance(result, str):  # not OCR'd: say why; garbage is not passed on
        problem = f"{reading.problem}|{result}"
        if number == 1 and reading.problem == "garbled":
            out.first_lines = []  # no title made of (cid:NN)
        if reading.problem == "poor OCR layer":
            return _Reading(reading.raw, reading.text, problem, reading.size)
        return _Reading("", PageText(number, "", [], []), problem, reading.size)
    raw, text = result.text_with_boxes()
    if reading.problem == "poor OCR layer" and word_share(raw) <= word_share(reading.raw):
        return _Reading(reading.raw, reading.text, None, reading.size)
    if number == 1:
        ocr = scans.settings
        out.first_lines = result.printed_lines(ocr.min_title_confidence, ocr.min_title_letters)
    if tables.wants(raw):
        tables.add_page(cast(pdfplumber.page.Page, OcrLayout(result)), number, raw)
    else:
        tables.skip_page()
    return _Reading(raw, text, None, (result.width, result.height), ocr=True)


def _read(
    path: Path, doc_id: str, source: str, file_name: str, n_bytes: int, settings: Settings,
    engine: str,
) -> ReadResult:  # fmt: skip
    out = _Pages(check=engine == "auto")
    tables = DocumentTables(doc_id, settings.tables)
    scans = ScanReader(settings.ocr)
    reopen_every = settings.pdf.reopen_pdfium_every_pages
    with open_pdf(path) as pdf, open_pdfium(path, reopen_every) as pdfium_file:
        n_pages = len(pdf.pages)
        for number in range(1, min(n_pages, len(pdfium_file), settings.pdf.max_pages) + 1):
            doc = pdfium_file.document()
            read_page = _page_from_pdfplumber if engine == "pdfplumber" else _page_from_pdfium
            reading = read_page(doc, pdf, number, tables, out, settings.pdf)
            if reading.problem is not None:
                reading = _ocr(doc, reading, number, scans, tables, out)
            if reading.problem is not None:
                out.problems.setdefault(reading.problem, []).append(number)
            if not reading.ocr and reading.raw != (clean := blank_unmapped(reading.raw)):
                reading.raw, reading.text = clean, _retext(reading.text, clean)
            text = reading.text
            out.raw.append(reading.raw)
            out.texts.append(text)
            width, height = reading.size
            out.pages.append(
                Page(doc_id, number, text.text, len(text.text), reading.ocr, width, height)
            )
    pages, page_texts, raw_texts = out.pages, out.texts, out.raw
    if n_pages == 0:
        raise UnreadablePdf("PDF has no pages")
    problems = []
    if n_pages > settings.pdf.max_pages:
        problems.append(f"only the first {settings.pdf.max_pages} of {n_pages} pages were read")
    problems += _problem_notes(out.problems)
    if not any(raw_texts) and not problems:
        problems.append("no text on any page")
    full_text = "\n".join(raw_texts)
    heights = [p.height for p in pages]
    furniture = detect_furniture(raw_texts, page_texts, heights, settings.pdf)
    kind = classify(out.first_lines, full_text, furniture)
    found = tables.finish(kind.title)
    document = Document(
        doc_id=doc_id,
        source=source,
        file_name=file_name,
        doc_type=kind.doc_type,
        title=kind.title,
        reference=kind.reference,
        doc_date=kind.doc_date,
        n_pages=n_pages,
        ocr=any(p.ocr for p in pages),
        status="partial" if problems else "ok",
        error="; ".join(problems) or None,
        districts=None,
        pipeline_version=PIPELINE_VERSION,
        processed_at=datetime.now(UTC),
        n_bytes=n_bytes,
    )
    return ReadResult(
        document,
        pages,
        found.budget_lines,
        found.row_totals,
        page_texts,
        table_cells=found.table_cells,
        furniture=furniture.spans,
    )


def _retext(text: PageText, raw: str) -> PageText:
    """A page's `PageText` for an edited raw text of the same length (same boxes)."""
    normal, offsets = normalize_with_offsets(raw)
    return PageText(text.page, normal, array("i", offsets), text.boxes)


_PROBLEMS = {
    "scanned": "no text layer on page(s) {pages}: scanned",
    "garbled": "unreadable (cid:NN) text on page(s) {pages}: font without Unicode map",
    "poor OCR layer": "the hidden OCR layer of page(s) {pages} reads poorly and was kept",
}


def _problem_notes(problems: dict[str, list[int]]) -> list[str]:
    """One readable sentence per kind of page problem and reason it stayed, pages as ranges."""
    notes = []
    for key, numbers in problems.items():
        kind, _, why = key.partition("|")
        note = _PROBLEMS[kind].format(pages=_ranges(numbers))
        notes.append(f"{note}, {why}" if why else note)
    return notes


def _ranges(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7]: page lists stay short in error messages."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
