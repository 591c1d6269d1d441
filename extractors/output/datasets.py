"""Write the contract's datasets: Parquet, CSV, one DuckDB file and a Frictionless descriptor.

Every file is first written complete into a scratch folder next to the outputs and then moved
into place with `os.replace`, which is atomic on one filesystem: a reader, or a run killed at
any moment, sees either the previous file or the new one, never half of one. The descriptor
goes last, so it never describes files that are not there yet.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from munidocs.extractors import PIPELINE_VERSION
from munidocs.models import DATASETS, arrow_schema, table_schema

DUCKDB_FILE = "municipal.duckdb"
DESCRIPTOR_FILE = "datapackage.json"


def to_table(dataset: str, records: Iterable[Any]) -> pa.Table:
    """Records (contract dataclasses) as an Arrow table with the dataset's exact schema."""
    schema = arrow_schema(dataset)
    rows = [asdict(r) for r in records]
    columns = {name: [row[name] for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def conform(table: pa.Table, dataset: str) -> pa.Table:
    """A table read from older outputs, brought to today's schema (new columns are null)."""
    schema = arrow_schema(dataset)
    columns = []
    for fld in schema:
        if fld.name in table.column_names:
            columns.append(table.column(fld.name).cast(fld.type))
        else:
            columns.append(pa.nulls(table.num_rows, fld.type))
    return pa.Table.from_arrays(columns, schema=schema.with_metadata(None))


def read_datasets(out_dir: Path) -> dict[str, pa.Table]:
    """The datasets a previous run left in `out_dir` (empty tables where there are none)."""
    tables = {}
    for name in DATASETS:
        path = out_dir / f"{name}.parquet"
        if path.exists():
            tables[name] = conform(pq.read_table(path), name)
        else:
            tables[name] = arrow_schema(name).empty_table()
    return tables


def without_documents(table: pa.Table, doc_ids: Sequence[str]) -> pa.Table:
    """Rows of a dataset that do not belong to the given documents."""
    if not doc_ids or table.num_rows == 0 or "doc_id" not in table.column_names:
        return table
    keep = pc.invert(pc.fill_null(pc.is_in(table["doc_id"], pa.array(list(doc_ids))), False))
    return table.filter(keep)


def _csv_ready(table: pa.Table) -> pa.Table:
    """CSV has no lists or time zones: lists become JSON arrays, timestamps ISO 8601 (UTC)."""
    columns = []
    for fld, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_list(fld.type):
            values = [
                None if v is None else json.dumps(v, ensure_ascii=False) for v in column.to_pylist()
            ]
            columns.append(pa.array(values, pa.string()))
        elif pa.types.is_timestamp(fld.type):
            columns.append(pc.strftime(column, format="%Y-%m-%dT%H:%M:%SZ"))
        else:
            columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def descriptor(tables: dict[str, pa.Table]) -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV with its Table Schema."""
    resources = []
    for name, table in tables.items():
        record_type = DATASETS[name]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": (record_type.__doc__ or "").split("\n")[0],
                "schema": table_schema(name),
                "rows": table.num_rows,
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


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def write_datasets(out_dir: Path, tables: dict[str, pa.Table]) -> list[Path]:
    """Write every dataset in every format into `out_dir`, atomically file by file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = set(DATASETS) - set(tables)
    if missing:
        raise ValueError(f"datasets missing: {sorted(missing)}")
    scratch = Path(tempfile.mkdtemp(prefix=".writing-", dir=out_dir))
    try:
        staged: list[Path] = []
        for name in DATASETS:
            table = tables[name]
            pq.write_table(table, scratch / f"{name}.parquet", compression="zstd")
            pacsv.write_csv(_csv_ready(table), scratch / f"{name}.csv")
            staged += [scratch / f"{name}.parquet", scratch / f"{name}.csv"]
        con = duckdb.connect(str(scratch / DUCKDB_FILE))
        try:
            for name in DATASETS:
                con.register("incoming", tables[name])
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
                con.unregister("incoming")
        finally:
            con.close()
        staged.append(scratch / DUCKDB_FILE)
        (scratch / DESCRIPTOR_FILE).write_text(
            json.dumps(descriptor({n: tables[n] for n in DATASETS}), ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
        staged.append(scratch / DESCRIPTOR_FILE)
        for path in staged:
            _fsync(path)
        written = []
        for path in staged:  # descriptor last
            target = out_dir / path.name
            os.replace(path, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def clean_stale_scratch(out_dir: Path) -> None:
    """Remove scratch folders left by runs that were killed while writing."""
    for stale in out_dir.glob(".writing-*"):
        shutil.rmtree(stale, ignore_errors=True)
