"""The output contract: record types and the dataset schemas derived from them."""

from models.records import (
    BBox,
    BudgetLine,
    Check,
    Comparison,
    Document,
    Entity,
    Figure,
    LawReference,
    Page,
)
from models.schemas import DATASETS, arrow_schema, column_specs, table_schema

__all__ = [
    "DATASETS",
    "BBox",
    "BudgetLine",
    "Check",
    "Comparison",
    "Document",
    "Entity",
    "Figure",
    "LawReference",
    "Page",
    "arrow_schema",
    "column_specs",
    "table_schema",
]
