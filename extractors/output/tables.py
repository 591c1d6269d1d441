"""Records as Arrow tables with the contract's exact schema, and old tables brought up to it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from munidocs.models import arrow_schema


def to_table(dataset: str, records: Iterable[Any]) -> pa.Table:
    """Records (contract dataclasses) as an Arrow table with the dataset's exact schema."""
    schema = arrow_schema(dataset)
    rows = list(records)  # attributes, not asdict: no deep copy of every field of every record
    columns = {name: [getattr(row, name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def conform(table: pa.Table, dataset: str) -> pa.Table:
    """A table written by an older version, brought to today's schema: new columns are null,
    or empty where the column may not be null (a record id "", a list [])."""
    schema = arrow_schema(dataset)
    if table.schema.remove_metadata().equals(schema):
        return table
    columns = []
    for fld in schema:
        if fld.name in table.column_names:
            columns.append(table.column(fld.name).cast(fld.type))
        elif not fld.nullable and pa.types.is_string(fld.type):
            columns.append(pa.array([""] * table.num_rows, fld.type))
        elif not fld.nullable and pa.types.is_list(fld.type):
            columns.append(pa.array([[]] * table.num_rows, fld.type))
        else:
            columns.append(pa.nulls(table.num_rows, fld.type))
    return pa.Table.from_arrays(columns, schema=schema.with_metadata(None))


def only_documents(table: pa.Table, doc_ids: Sequence[str]) -> pa.Table:
    """Rows of a dataset that belong to the given documents."""
    if table.num_rows == 0 or "doc_id" not in table.column_names:
        return table.slice(0, 0)
    return table.filter(pc.fill_null(pc.is_in(table["doc_id"], pa.array(list(doc_ids))), False))
