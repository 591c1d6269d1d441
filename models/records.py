"""The contract's record types, one dataclass per dataset row.

These dataclasses *are* the output contract (`docs/data-contract.md`): the Arrow schemas,
the DuckDB tables and the Frictionless descriptor are all derived from them, so a column
is added in exactly one place. Field metadata carries the column's description and, where
they apply, its allowed values (`enum`), unit (`unit`) and whether it is part of the dataset's
primary key (`key`); each class's docstring is the dataset's description.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field
from datetime import date, datetime
from typing import Any

from munidocs.models.ids import table_cell_id

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points, as pdfplumber reports them."""


def col(
    description: str,
    default: Any = MISSING,
    *,
    enum: tuple[str, ...] | None = None,
    unit: str | None = None,
    key: bool = False,
    **extra: Any,
) -> Any:
    """A dataclass field that documents its column (for the data package and the web view).

    Columns added to a dataset after its first release get a default (`None`), so code that
    builds the record without them keeps working. `enum`: the only values the column takes (a
    `constraints.enum` in the data package; a new value must be added here or publishing stops
    with a validation error). `unit`: the unit of a number (DKK, pt). `key`: the column is part
    of the dataset's primary key.
    """
    metadata: dict[str, Any] = {"description": description, **extra}
    if enum is not None:
        metadata["enum"] = tuple(enum)
    if unit is not None:
        metadata["unit"] = unit
    if key:
        metadata["key"] = True
    return field(default=default, metadata=metadata)


def added(description: str, default: Any = None, **extra: Any) -> Any:
    """A column added to the contract after 0.1.0, with a default so that records built by
    position (older callers, tests) keep working; the stages always fill it in."""
    if isinstance(default, list):
        return field(default_factory=list, metadata={"description": description, **extra})
    return field(default=default, metadata={"description": description, **extra})


RECORD_ID = (
    "Stable id of the record, deterministic from document, page and position "
    "(docs/data-contract.md, 'Record ids')"
)
SPAN_BBOX = (
    "Box around the text span: x0, top, x1, bottom (PDF points); a span over a line break: "
    "the box around all its lines (see boxes)"
)
SPAN_BOXES = "One box per printed line of the span, in reading order (one box for a one-line span)"

DOC_TYPES = (
    "budget_note", "correspondence", "minutes", "agenda_item", "memo", "report", "other"
)  # fmt: skip
DOCUMENT_STATUSES = ("ok", "partial", "failed")
DIRECTIONS = ("expense", "income")
ENTITY_LABELS = ("ORG", "PER", "LOC", "LAW", "MONEY", "DATE", "PERCENT", "CARDINAL", "ADDRESS")
CHECK_STATUSES = ("pass", "fail", "warn")
KEY_KINDS = ("organisation", "appropriation", "law")


@dataclass(slots=True)
class Document:
    """One row per PDF (or per source that gave no PDF): its type, title, reference, date and
    whether it was read completely (status, error)."""

    doc_id: str = col(
        "Lowercase hex SHA-256 of the PDF's bytes (src- + SHA-256 of the source when it gave none)",
        key=True,
    )
    source: str = col("URL or path the PDF was pulled from (first seen)")
    file_name: str = col("The file's base name")
    doc_type: str = col(
        "budget_note, correspondence, minutes, agenda_item, memo, report or other", enum=DOC_TYPES
    )
    title: str | None = col("The document's title as printed (budget note heading, letter subject)")
    reference: str | None = col("Budget note code (e.g. BI35), case number or similar")
    doc_date: date | None = col("The document's own date, when printed")
    n_pages: int = col("Number of pages")
    ocr: bool = col("Text came from OCR (no text layer)")
    status: str = col(
        "ok, partial (some pages unread: scanned, cut off) or failed", enum=DOCUMENT_STATUSES
    )
    error: str | None = col("Why, when status is not ok")
    districts: list[str] | None = col(
        "Ticked district boxes of a budget note; null when none printed"
    )
    pipeline_version: str = col("Version of the pipeline that extracted it")
    processed_at: datetime = col("When it was extracted (UTC)")
    n_bytes: int = col("Size of the PDF in bytes", unit="bytes")


@dataclass(slots=True)
class Page:
    """One row per page read: the page's normalised text and size."""

    doc_id: str = col("SHA-256 of the PDF", key=True)
    page: int = col("1-based page number", key=True)
    text: str = col(
        "The page's text, whitespace-normalised, line-end hyphenation undone; empty for a page "
        "without a text layer (scanned)"
    )
    n_chars: int = col("Characters in text")
    ocr: bool = col("This page's text came from OCR")
    width: float = col("Page width in PDF points", unit="pt")
    height: float = col("Page height in PDF points", unit="pt")
    record_id: str = added(RECORD_ID, "")


@dataclass(slots=True)
class BudgetLine:
    """One row per amount in a budget table: a table row (item) in one year's column, with
    committee (udvalg), appropriation (bevilling), unit and the amount in kroner."""

    doc_id: str = col("SHA-256 of the PDF")
    page: int = col("1-based page number of the row")
    table: int = col("1-based index of the table in the document")
    table_title: str | None = col(
        "Title printed above the table, e.g. 'Tabel 2. Udgifter til service'"
    )
    item: str = col("The row label, wrapped lines joined")
    committee: str | None = col("Udvalg, e.g. BIU")
    appropriation: str | None = col("Bevilling number, e.g. 35.10")
    control_area: str | None = col("Styringsområde: Service, Anlæg, Overførsler, ...")
    direction: str | None = col("expense (U) or income (I)", enum=DIRECTIONS)
    year: int | None = col(
        "Budget year of the amount: the column's, else one the table's header, caption or the "
        "document title prints; null when none is printed (year_source says where it came from)"
    )
    amount: float = col("Amount as printed, in the table's unit")
    unit: str = col("Unit as printed, e.g. '1.000 kr.'")
    amount_dkk: float = col("Amount in Danish kroner", unit="DKK")
    price_level: str | None = col("Price level, e.g. '2026 p/l'")
    is_total: bool = col("The row is a total or subtotal")
    bbox: BBox | None = col(
        "Where the amount cell is on the page: x0, top, x1, bottom (PDF points)", unit="pt"
    )
    measure: str | None = col(
        "What the amount column holds when its header is not a year, as printed "
        "(e.g. 'Ansøgt beløb', 'Afsatte midler i 2013'); null for a year column",
        default=None,
    )
    year_source: str | None = col(
        "Where the year was read: column, header, caption or title; null when no year is printed",
        default=None,
        enum=("column", "header", "caption", "title"),
    )
    record_id: str = added(RECORD_ID, "")
    row_bbox: BBox | None = added("Where the whole table row is on the page (label and every cell)")


@dataclass(slots=True)
class TableCell:
    """One row per cell of every table (ruled or aligned, of any shape), header cells included:
    the tables that are not budget tables are kept too."""

    doc_id: str = col("SHA-256 of the PDF")
    page: int = col("1-based page number of the cell")
    table: int = col("1-based index of the table in the document (as in budget_lines.table)")
    row: int = col("1-based row of the table (rows continue across pages)")
    column: int = col("1-based column of the table")
    is_header: bool = col("The cell is a header or caption cell, not a body cell")
    text: str = col("The cell's text, wrapped lines joined")
    value: float | None = col(
        "The cell's number when the cell is one Danish number (an amount with or without its "
        "unit, '1.370.000 kr.' -> 1370000), parsed strictly; null otherwise"
    )
    unit: str | None = col("The money unit printed in the cell (e.g. 'kr.', 'mio. kr.'), if any")
    bbox: BBox | None = col(
        "Where the cell is on the page: x0, top, x1, bottom (PDF points)", unit="pt"
    )
    record_id: str = added(RECORD_ID, "")

    def __post_init__(self) -> None:
        if not self.record_id:  # made from the cell's place: every record has its id
            self.record_id = table_cell_id(
                self.doc_id, self.page, self.table, self.row, self.column
            )


@dataclass(slots=True)
class Entity:
    """Named things in the page text: organisations, people, places, laws, money, dates,
    percentages, counts and addresses, each with its canonical form and sentence."""

    doc_id: str = col("SHA-256 of the PDF")
    page: int = col("1-based page number")
    label: str = col(
        "ORG, PER, LOC, LAW, MONEY, DATE, PERCENT, CARDINAL or ADDRESS", enum=ENTITY_LABELS
    )
    text: str = col("As printed (whitespace and hyphenation normalised)")
    normalized: str | None = col("Canonical form: canonical name, ISO date, number, law short name")
    start: int = col("Start character offset in the page's text")
    end: int = col("End character offset in the page's text")
    sentence: str = col("The sentence it stands in")
    record_id: str = added(RECORD_ID, "")
    bbox: BBox | None = added(SPAN_BBOX)
    boxes: list[BBox] | None = added(SPAN_BOXES)


@dataclass(slots=True)
class LawReference:
    """Every reference to a law or executive order in the text, with paragraph (§) and
    subsection (stk.) and, where the text gives number and date, its ELI identifier."""

    doc_id: str = col("SHA-256 of the PDF")
    page: int = col("1-based page number")
    text: str = col("As printed, e.g. 'integrationslovens § 18'")
    law: str = col("Canonical short name in lowercase, e.g. integrationsloven")
    section: str | None = col("Paragraph (§) number")
    subsection: str | None = col("Stk. number")
    eli: str | None = col("ELI identifier where number and date are given, e.g. eli/lta/2013/894")
    sentence: str = col("The sentence it stands in")
    record_id: str = added(RECORD_ID, "")
    start: int | None = added("Start character offset in the page's text")
    end: int | None = added("End character offset in the page's text")
    bbox: BBox | None = added(SPAN_BBOX)
    boxes: list[BBox] | None = added(SPAN_BOXES)


@dataclass(slots=True)
class Figure:
    """Every number in the running text, with its value in base units and its unit where it
    can be told."""

    doc_id: str = col("SHA-256 of the PDF")
    page: int = col("1-based page number")
    text: str = col("As printed, e.g. '0,6 mio. kr.'")
    value: float = col("The number in base units (600000 for '0,6 mio. kr.')")
    unit: str | None = col("DKK, percent, persons, count, year, ...")
    sentence: str = col("The sentence it stands in")
    value_max: float | None = col("High end of a range ('2-3' -> 3); null for a single number")
    record_id: str = added(RECORD_ID, "")
    start: int | None = added("Start character offset in the page's text")
    end: int | None = added("End character offset in the page's text")
    bbox: BBox | None = added(SPAN_BBOX)
    boxes: list[BBox] | None = added(SPAN_BOXES)


@dataclass(slots=True)
class Check:
    """Consistency checks a journalist would make: do a table's rows and years add up, does
    the text agree with the table; each with both numbers and a sentence naming the pages."""

    doc_id: str | None = col("SHA-256 of the PDF; null for cross-document checks")
    check: str = col("row_sum, column_total, text_vs_table, parts_sum, cross_document, ...")
    status: str = col("pass, fail or warn", enum=CHECK_STATUSES)
    expected: float | None = col("The number it should be")
    actual: float | None = col("The number found")
    message: str = col("One readable sentence: what was compared and where (pages)")
    record_id: str = added(RECORD_ID, "")
    page: int | None = added(
        "The page the check is about (the text's page for text checks); null across documents"
    )
    pages: list[int] = added(
        "Every page of the compared records (cross_document: one per document, as doc_ids)", []
    )
    record_ids: list[str] = added(
        "record_id of every record compared (budget_lines, figures): joins a check to its rows",
        [],
    )
    doc_ids: list[str] = added("Every document compared (two for cross_document)", [])
    unit: str | None = added(
        "Unit of expected and actual: a table unit ('1.000 kr.'), 'kr.', 'count', 'persons', ..."
    )
    expected_dkk: float | None = added("expected in Danish kroner; null when not money")
    actual_dkk: float | None = added("actual in Danish kroner; null when not money")


@dataclass(slots=True)
class Comparison:
    """The same organisation, appropriation or law in two or more documents: one row per
    key and document, with pages, mentions and amounts side by side."""

    key_kind: str = col(
        "What is compared: organisation, appropriation or law", enum=KEY_KINDS, key=True
    )
    key: str = col(
        "The canonical key, e.g. 'LGBT Asylum', 'BIU 35.10', 'integrationsloven'", key=True
    )
    doc_id: str = col("SHA-256 of the PDF", key=True)
    n_documents: int = col("How many documents mention the key")
    pages: list[int] = col("Pages of this document where the key occurs")
    mentions: int = col("How often this document mentions the key")
    amounts_dkk: list[float] | None = col(
        "Amounts this document gives for the key (DKK)", unit="DKK"
    )
    years: list[int] | None = col("Years of those amounts, where known")


@dataclass(slots=True)
class Run:
    """One run of the flow: the run history of an output folder (one row per run)."""

    run_id: str = col(
        "Prefect flow-run id of the run (find it in the Prefect UI); local-<ns> for a run "
        "answered without a flow (nothing new in local sources)"
    )
    run_name: str | None = col("Prefect's name for the flow run, as the Prefect UI shows it")
    deployment: str | None = col(
        "Deployment that started the run (flow/deployment); null for an ad-hoc run"
    )
    scheduled: bool = col("The run was created by the deployment's schedule")
    started: datetime = col("When the run started (UTC)")
    finished: datetime = col("When the run's work was done and its datasets were handed over (UTC)")
    sources: list[str] = col("The sources the run was given: paths and URLs, or the manifest file")
    documents: int = col("Documents the sources gave (the same bytes under two names count once)")
    new: int = col("Documents extracted by this run without failing")
    skipped: int = col("Documents already extracted by this pipeline version, not extracted again")
    failed: int = col("Documents of this run whose status is failed (new or from before)")
    partial: int = col("Documents of this run whose status is partial (new or from before)")
    pages: int = col("Pages extracted by this run")
    seconds: float = col("Seconds from start to finish")
    changed: bool = col("The run changed the other datasets (documents new, re-extracted or gone)")
    pipeline_version: str = col("Version of the pipeline that ran")
    status: str = col(
        "completed; failed (the datasets could not be written); skipped (another run was writing)"
    )
    error: str | None = col("Why, when status is not completed")
