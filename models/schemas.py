"""Dataset schemas derived from the record dataclasses.

One mapping from Python annotations to Arrow, DuckDB-compatible Parquet and Frictionless
Table Schema types, so the three output formats cannot drift apart. Keys, allowed values and
descriptions come from the dataclasses too (field metadata and docstrings), so the data package,
the web view and the validation before publishing read the same contract.
"""

from __future__ import annotations

import functools
import inspect
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
    Run,
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
    "runs": Run,
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
                "enum": f.metadata.get("enum"),
                "unit": f.metadata.get("unit"),
                "key": bool(f.metadata.get("key", False)),
            }
        )
    return specs


@functools.cache
def arrow_schema(dataset: str) -> pa.Schema:
    """The Arrow schema of a dataset, as written to Parquet and DuckDB (built once: every
    fragment read is conformed to it)."""
    return pa.schema(
        [
            pa.field(s["name"], s["arrow"], nullable=s["nullable"])
            for s in column_specs(DATASETS[dataset])
        ]
    )


def description(dataset: str) -> str:
    """The dataset's description: its record class's docstring (never the dataclass repr)."""
    record_type = DATASETS[dataset]
    doc = record_type.__dict__.get("__doc__") or ""
    if doc.startswith(f"{record_type.__name__}("):  # dataclass's generated signature
        return ""
    return " ".join(inspect.cleandoc(doc).split())


def primary_key(dataset: str) -> list[str]:
    """The columns that identify a row (`col(..., key=True)`); empty when none does."""
    return [s["name"] for s in column_specs(DATASETS[dataset]) if s["key"]]


def foreign_keys(dataset: str) -> list[dict[str, Any]]:
    """Every other dataset's `doc_id` refers to a row of `documents`."""
    if dataset == "documents":
        return []
    names = [s["name"] for s in column_specs(DATASETS[dataset])]
    if "doc_id" not in names:
        return []
    return [{"fields": "doc_id", "reference": {"resource": "documents", "fields": "doc_id"}}]


def _described(spec: dict[str, Any]) -> str:
    """The column's description, with its unit when it has one."""
    text = str(spec["description"])
    return f"{text} [{spec['unit']}]" if spec["unit"] else text


def table_schema(dataset: str) -> dict[str, Any]:
    """The Frictionless Table Schema of a dataset's CSV file.

    A CSV cell cannot tell an empty string from null, so a text column that may legitimately
    be empty (a scanned page's `text`) is not `required` there; text columns with fixed values
    (`enum`) or that identify a row are.
    """
    out_fields = []
    key = primary_key(dataset)
    for s in column_specs(DATASETS[dataset]):
        fd: dict[str, Any] = {"name": s["name"], "type": s["type"], "description": _described(s)}
        constraints: dict[str, Any] = {}
        can_be_empty = s["type"] == "string" and not (s["enum"] or s["name"] in key)
        if not s["nullable"] and not can_be_empty:
            constraints["required"] = True
        if s["enum"]:
            constraints["enum"] = list(s["enum"])
        if constraints:
            fd["constraints"] = constraints
        out_fields.append(fd)
    schema: dict[str, Any] = {"fields": out_fields, "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    if foreign_keys(dataset):
        schema["foreignKeys"] = foreign_keys(dataset)
    return schema
