"""What the stages hand each other and what the API returns, built from the contract's records.

These are not datasets of their own (their rows are the records in `munidocs.models.records`),
but they are part of the contract between the stages: a reader, the entity stage and the checks
exchange them, and a user of the Python API gets them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from munidocs.models.records import (
    BBox,
    BudgetLine,
    Document,
    Entity,
    Figure,
    LawReference,
    Page,
)


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


@dataclass
class ReadResult:
    """What the read stage yields for one document: its row, pages and budget tables."""

    document: Document
    pages: list[Page] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    row_totals: list[RowTotal] = field(default_factory=list)


@dataclass
class EntityRecords:
    """What the entity stage finds in one document."""

    entities: list[Entity] = field(default_factory=list)
    law_references: list[LawReference] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    districts: list[str] | None = None
