"""The Frictionless data package: its descriptor, and the CSV form of the datasets' rows.

Used where the datasets are written (`datasets.py`) and where they are validated (`validate.py`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from munidocs.extractors import PIPELINE_VERSION
from munidocs.models.schemas import description, table_schema

_JSON = json.JSONEncoder(ensure_ascii=False).encode
"""`json.dumps(v, ensure_ascii=False)`, without building an encoder for every value (which
`dumps` does when given options: 40 % of the time of a list column's conversion)."""


def csv_ready(table: pa.Table) -> pa.Table:
    """CSV has no lists or time zones: lists become JSON arrays, timestamps ISO 8601 (UTC)."""
    columns = []
    for fld, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_list(fld.type):
            values = [None if v is None else _JSON(v) for v in column.to_pylist()]
            columns.append(pa.array(values, pa.string()))
        elif pa.types.is_timestamp(fld.type):
            columns.append(pc.strftime(column, format="%Y-%m-%dT%H:%M:%SZ"))
        else:
            columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def descriptor(rows: Mapping[str, int]) -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV with its Table Schema."""
    resources = []
    for name, n_rows in rows.items():
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "title": name.replace("_", " ").capitalize(),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": description(name),
                "schema": table_schema(name),
                "rows": n_rows,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "munidocs",
        "title": "Datasets extracted from Danish municipal PDFs by munidocs",
        "description": (
            "Same data as the Parquet files and municipal.duckdb beside this file. "
            "Contract: docs/data-contract.md in the munidocs repository."
        ),
        "version": PIPELINE_VERSION,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": resources,
    }
