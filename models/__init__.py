"""The output contract: record types and the dataset schemas derived from them."""

from munidocs.models.records import (
    BBox,
    BudgetLine,
    Check,
    Comparison,
    Document,
    Entity,
    Figure,
    LawReference,
    Page,
    Run,
    TableCell,
)
from munidocs.models.results import (
    DocumentRecords,
    EntityRecords,
    PageText,
    ReadResult,
    RowTotal,
    RunSummary,
)
from munidocs.models.schemas import DATASETS, arrow_schema, column_specs, table_schema

__all__ = [
    "DATASETS",
    "BBox",
    "BudgetLine",
    "Check",
    "Comparison",
    "Document",
    "DocumentRecords",
    "Entity",
    "EntityRecords",
    "Figure",
    "LawReference",
    "Page",
    "PageText",
    "ReadResult",
    "RowTotal",
    "Run",
    "RunSummary",
    "TableCell",
    "arrow_schema",
    "column_specs",
    "table_schema",
]
