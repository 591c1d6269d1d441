"""The per-document stages, as plain functions: read -> entities -> checks -> records.

The Python API (`munidocs.process_pdf`) calls `process_document`; the Prefect flow runs the
same three stage functions as its tasks and then `assemble`, so both give the same records.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from munidocs.extractors.checks import check_document
from munidocs.extractors.entities.extract import extract_entities
from munidocs.extractors.memory import release_when_above
from munidocs.extractors.provenance import locate_found, number_pages
from munidocs.extractors.reading.read import failed_document, read_document
from munidocs.extractors.settings import Settings
from munidocs.models import Check, DocumentRecords, EntityRecords, ReadResult

_CHUNK = 1 << 20


PDFIUM = threading.RLock()
"""PDFium (pypdfium2) is not thread-safe: two threads reading PDFs at once abort the process (a
Dask worker with several threads, the flow's thread pool, a user's thread pool). Documents are
read one at a time per process; processes are how munidocs reads several at once."""


def sha256_file(path: Path) -> str:
    """The doc_id of a file: the SHA-256 of its bytes, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def read_stage(
    path: Path, doc_id: str, source: str, file_name: str, settings: Settings
) -> ReadResult:
    """Pages, classification and budget tables of one PDF, parsed once; never raises.

    The title is capped at `pdf.max_title_chars`: a first page of thousands of tiny text
    objects in one "largest print" would otherwise become a title of a whole page.
    """
    read = read_document(path, doc_id, source, file_name, settings)
    read.document.title = clip_end(read.document.title, settings.pdf.max_title_chars)
    number_pages(read.pages)
    return read


def clip_end(text: str | None, limit: int) -> str | None:
    """text cut to `limit` characters, the last one "…" when something was cut."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def entity_stage(read: ReadResult, settings: Settings) -> EntityRecords:
    """Entities, law references, figures and ticked districts of a read document, each with
    its record id and its boxes on the page."""
    if read.document.status == "failed":
        return EntityRecords()
    found = extract_entities(
        read.document.doc_id,
        read.pages,
        settings.entities,
        title=read.document.title,
        furniture=read.furniture,
        cells=read.table_cells,
    )
    locate_found(found, read.page_texts)
    return found


def check_stage(
    read: ReadResult, found: EntityRecords | None = None, settings: Settings | None = None
) -> list[Check]:
    """Consistency checks inside one read document (``found``: its figures, for parts_sum and
    to name the text's side of text_vs_table)."""
    if read.document.status == "failed":
        return []
    return check_document(
        read.document.doc_id,
        read.pages,
        read.budget_lines,
        row_totals=read.row_totals,
        figures=found.figures if found is not None else (),
        settings=(settings or Settings()).checks,
    )


def assemble(read: ReadResult, found: EntityRecords, checks: list[Check]) -> DocumentRecords:
    """One document's records, one list per dataset."""
    read.document.districts = found.districts
    return DocumentRecords(
        document=read.document,
        pages=read.pages,
        budget_lines=read.budget_lines,
        entities=found.entities,
        law_references=found.law_references,
        figures=found.figures,
        checks=checks,
        table_cells=read.table_cells,
    )


def process_document(
    path: Path, doc_id: str, source: str, file_name: str, settings: Settings
) -> DocumentRecords:
    """Every stage of one stored PDF, one document at a time per process (`PDFIUM`).

    Between stages, what a stage freed goes back to the operating system once the process has
    grown past `run.release_above_mb`, and the pages' character boxes are dropped once the
    entities are located (a 1,000-page report's boxes: ~50 MiB that the checks and the records
    do not use): a worker's peak is its largest document, not its history.
    """
    above = settings.run.release_above_mb
    with PDFIUM:
        read = read_stage(path, doc_id, source, file_name, settings)
        release_when_above(above)
        found = entity_stage(read, settings)
        read.page_texts = []
        release_when_above(above)
        return assemble(read, found, check_stage(read, found, settings))


def failed_records(
    doc_id: str, source: str, file_name: str, n_bytes: int, error: str
) -> DocumentRecords:
    """The records of a source that gave no readable PDF: one `failed` documents row."""
    return DocumentRecords(failed_document(doc_id, source, file_name, n_bytes, error))
