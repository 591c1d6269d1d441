"""The contract's record types, one dataclass per dataset row.

These dataclasses *are* the output contract (`docs/data-contract.md`): the Arrow schemas,
the DuckDB tables and the Frictionless descriptor are all derived from them, so a column
is added in exactly one place. Field metadata carries the column's description and, where
they apply, its allowed values (`enum`), unit (`unit`) and whether it is part of the dataset's
primary key (`key`); each class's docstring is the dataset's description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points, as pdfplumber reports them."""


def col(
    description: str,
    *,
    enum: tuple[str, ...] | None = None,
    unit: str | None = None,
    key: bool = False,
    **extra: Any,
) -> Any:
    """A dataclass field that documents its column (for the data package and the web view).

    `enum`: the only values the column takes (a `constraints.enum` in the data package; a new
    value must be added here or publishing stops with a validation error). `unit`: the unit
    of a number (DKK, pt). `key`: the column is part of the dataset's primary key.
    """
    metadata: dict[str, Any] = {"description": description, **extra}
    if enum is not None:
        metadata["enum"] = tuple(enum)
    if unit is not None:
        metadata["unit"] = unit
    if key:
        metadata["key"] = True
    return field(metadata=metadata)


DOC_TYPES = ("budget_note", "correspondence", "other")
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
    doc_type: str = col("budget_note, correspondence or other", enum=DOC_TYPES)
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
    year: int = col("Budget year of the column")
    amount: float = col("Amount as printed, in the table's unit")
    unit: str = col("Unit as printed, e.g. '1.000 kr.'")
    amount_dkk: float = col("Amount in Danish kroner", unit="DKK")
    price_level: str | None = col("Price level, e.g. '2026 p/l'")
    is_total: bool = col("The row is a total or subtotal")
    bbox: BBox | None = col(
        "Where the row is on the page: x0, top, x1, bottom (PDF points)", unit="pt"
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
