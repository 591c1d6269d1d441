"""Dataset schemas derived from the record dataclasses.

One mapping from Python annotations to Arrow, DuckDB-compatible Parquet and Frictionless
Table Schema types, so the three output formats cannot drift apart.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from munidocs.models.records import (
    BudgetLine,
    Check,
    Comparison,
    Document,
    Entity,
    Figure,
    LawReference,
    Page,
    TableCell,
)

DATASETS: dict[str, type] = {
    "documents": Document,
    "pages": Page,
    "budget_lines": BudgetLine,
    "entities": Entity,
    "law_references": LawReference,
    "figures": Figure,
    "checks": Check,
    "table_cells": TableCell,
    "comparisons": Comparison,
}
"""Every dataset the contract promises, in the order they are written."""

_SCALARS: dict[Any, tuple[pa.DataType, str]] = {
    str: (pa.string(), "string"),
    int: (pa.int64(), "integer"),
    float: (pa.float64(), "number"),
    bool: (pa.bool_(), "boolean"),
    date: (pa.date32(), "date"),
    datetime: (pa.timestamp("us", tz="UTC"), "datetime"),
}


def _unwrap_optional(hint: Any) -> tuple[Any, bool]:
    """Split `X | None` into (X, True); anything else into (hint, False)."""
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return hint, False


def _arrow_type(hint: Any) -> tuple[pa.DataType, str]:
    """Arrow type and Table Schema type of one (non-optional) annotation."""
    if hint in _SCALARS:
        return _SCALARS[hint]
    origin = typing.get_origin(hint)
    if origin in (list, tuple):
        inner = typing.get_args(hint)[0]  # a box is a list of 4 floats, boxes a list of boxes
        return pa.list_(_arrow_type(inner)[0]), "array"
    raise TypeError(f"no column type for annotation {hint!r}")


def column_specs(record_type: type) -> list[dict[str, Any]]:
    """Name, Arrow type, Table Schema type, nullability and description of each column."""
    hints = typing.get_type_hints(record_type)
    specs = []
    for f in fields(record_type):
        inner, nullable = _unwrap_optional(hints[f.name])
        arrow, ts_type = _arrow_type(inner)
        specs.append(
            {
                "name": f.name,
                "arrow": arrow,
                "type": ts_type,
                "nullable": nullable,
                "description": f.metadata.get("description", ""),
            }
        )
    return specs


def arrow_schema(dataset: str) -> pa.Schema:
    """The Arrow schema of a dataset, as written to Parquet and DuckDB."""
    return pa.schema(
        [
            pa.field(s["name"], s["arrow"], nullable=s["nullable"])
            for s in column_specs(DATASETS[dataset])
        ]
    )


def table_schema(dataset: str) -> dict[str, Any]:
    """The Frictionless Table Schema of a dataset's CSV file."""
    out_fields = []
    for s in column_specs(DATASETS[dataset]):
        fd: dict[str, Any] = {"name": s["name"], "type": s["type"], "description": s["description"]}
        if not s["nullable"]:
            fd["constraints"] = {"required": True}
        out_fields.append(fd)
    return {"fields": out_fields, "missingValues": [""]}
