"""What the stages hand each other and what the API returns, built from the contract's records.

These are not datasets of their own (their rows are the records in `munidocs.models.records`),
but they are part of the contract between the stages: a reader, the entity stage and the checks
exchange them, and a user of the Python API gets them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from munidocs.models.records import (
    BBox,
    BudgetLine,
    Check,
    Document,
    Entity,
    Figure,
    LawReference,
    Page,
    TableCell,
)


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's normalised text and where each of its characters is printed.

    `offsets[i]` is the index, in the raw text the page gave, of character `i` of `text`;
    `boxes` holds four numbers (x0, top, x1, bottom in PDF points, top-left origin as in
    `bbox` columns) per raw character, NaN for characters that are not printed (spaces and line
    breaks the text engine generated). Not a dataset: the read stage hands it to the entity stage
    so a span of text can be traced back to its place on the page.
    """

    page: int
    text: str
    offsets: Sequence[int]
    boxes: Sequence[float]


@dataclass(frozen=True, slots=True)
class RowTotal:
    """A table row's printed "I alt": not a year, so not a budget line, but what `row_sum` checks."""

    doc_id: str
    table: int
    table_title: str | None
    item: str
    page: int
    amount: float
    unit: str
    bbox: BBox
    """The whole row's box (as the row's budget lines' `row_bbox`)."""
    cell_bbox: BBox | None = None
    """The "I alt" cell's box."""


@dataclass
class ReadResult:
    """What the read stage yields for one document: its row, pages and budget tables."""

    document: Document
    pages: list[Page] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    row_totals: list[RowTotal] = field(default_factory=list)
    page_texts: list[PageText] = field(default_factory=list)
    """Each page's text with character boxes (same order as `pages`)."""
    table_cells: list[TableCell] = field(default_factory=list)
    furniture: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    """Per page, the spans of its text that are page furniture (running header, footer, page
    stamp, margin text): kept in the page text, kept out of titles, entities and sentences."""


@dataclass
class EntityRecords:
    """What the entity stage finds in one document."""

    entities: list[Entity] = field(default_factory=list)
    law_references: list[LawReference] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    districts: list[str] | None = None


@dataclass
class DocumentRecords:
    """Everything one PDF contributes to the datasets: one attribute per dataset."""

    document: Document
    pages: list[Page] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    law_references: list[LawReference] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    table_cells: list[TableCell] = field(default_factory=list)

    def datasets(self) -> dict[str, list[Any]]:
        """The records by dataset name, as the writers take them (`documents` holds one row)."""
        return {
            "documents": [self.document],
            "pages": self.pages,
            "budget_lines": self.budget_lines,
            "entities": self.entities,
            "law_references": self.law_references,
            "figures": self.figures,
            "checks": self.checks,
            "table_cells": self.table_cells,
        }


@dataclass
class RunSummary:
    """What a run did: for the CLI's last line, for scripts, and for the flow's return value."""

    out_dir: str
    documents: int = 0
    """Documents the sources gave (the same bytes under two names count once)."""
    new: int = 0
    """Documents extracted by this run without failing."""
    skipped: int = 0
    """Documents already extracted by this pipeline version."""
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    written: bool = False
    """Whether the published datasets were rewritten (False when nothing changed)."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(source, reason) of every document of this run that failed."""
    partial: int = 0
    """Documents of this run whose status is partial (new or from before)."""
    run_id: str | None = None
    """The Prefect flow-run id (the `runs` dataset's key); `local-<ns>` for a run answered
    without a flow (nothing new, `run.quick_check`)."""
    status: str = "completed"
    """completed, or skipped when another run held the output folder (`output.when_busy`)."""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        if self.status == "skipped":
            return f"skipped: another munidocs run is writing to {self.out_dir}"
        written = "outputs in" if self.written else "nothing changed in"
        return (
            f"{self.documents} documents: {self.new} new, {self.skipped} skipped, "
            f"{self.failed} failed; {self.pages} pages extracted, "
            f"{self.pages_per_second:.1f} pages/s; {written} {self.out_dir}"
        )
