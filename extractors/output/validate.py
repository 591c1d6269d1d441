"""Validate the datasets against the data package's schema before they are published.

Frictionless, the tool users run (`frictionless validate outputs/datapackage.json`), checks
the staged CSV files and descriptor in the scratch folder: types, required values, allowed
values (`constraints.enum`), primary keys and foreign keys (`doc_id` -> documents). A violation
raises InvalidDatasets naming the file, row, column and rule; the caller then publishes
nothing, so the previous outputs stay as they were and an invalid file is never published.

Frictionless reads every row in Python (some 50 microseconds a row): validating a growing archive
in full on every publish would grow with the archive. `validate_new_rows` hands frictionless only
the rows of documents not validated before (with every document row, the target of the foreign
keys, and the rows computed at publishing), and `check_keys` checks the keys that span old and
new documents (primary keys unique, every `doc_id` a document) with DuckDB over all rows.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from munidocs.extractors.memory import release_memory
from munidocs.extractors.output.package import csv_ready, descriptor
from munidocs.models import DATASETS, table_schema

MAX_REPORTED = 5
"""Errors listed in the message (the count says how many there were)."""


class InvalidDatasets(ValueError):
    """Rows that break the data package's schema: nothing was published."""


def validate_package(descriptor: Path) -> None:
    """Check every resource of a data package; InvalidDatasets with the first errors if any."""
    from frictionless import validate

    report = validate(str(descriptor))
    release_memory()  # frictionless holds every primary key while it validates
    if report.valid:
        return
    problems: list[str] = [f"package: {e.message}" for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            where = [task.name or task.place]
            row = getattr(error, "row_number", None)
            if row is not None:
                where.append(f"row {row}")
            field = getattr(error, "field_name", None)
            if field:
                where.append(f"column {field}")
            problems.append(f"{', '.join(where)}: {error.message}")
    listed = "; ".join(problems[:MAX_REPORTED])
    more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
    raise InvalidDatasets(
        f"the datasets break the data contract, nothing was published: {listed}{more}"
    )


WHOLE = ("documents", "comparisons", "runs")
"""Datasets validated whole every time: documents (what foreign keys point at) and the rows
computed at publishing; the others only for the documents not validated before."""


def validate_new_rows(version: Path, fresh: Collection[str], database: Path) -> None:
    """Validate, with frictionless, the rows of the `fresh` documents in the datasets of a
    version folder (plus `WHOLE` and the rows of no document: cross-document checks), written
    as a package of their own beside it; then `check_keys` over every row of `database` (the
    version's DuckDB file). Row numbers in an error count within those rows."""
    import pyarrow.dataset as ds  # here, not at the top: it loads pandas, ~0.4 s of every start

    scratch = version / ".validation"
    scratch.mkdir()
    try:
        ids = pa.array(sorted(fresh), pa.string())
        wanted = ds.field("doc_id").isin(ids) | ds.field("doc_id").is_null()
        rows: dict[str, int] = {}
        for name in DATASETS:
            dataset = ds.dataset(version / f"{name}.parquet", format="parquet")
            table = dataset.to_table(filter=None if name in WHOLE else wanted)
            ready = csv_ready(table)
            pacsv.write_csv(ready, scratch / f"{name}.csv")
            rows[name] = table.num_rows
        package = json.dumps(descriptor(rows), ensure_ascii=False)
        (scratch / "datapackage.json").write_text(package, encoding="utf-8")
        validate_package(scratch / "datapackage.json")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    check_keys(database)


def check_keys(database: Path) -> None:
    """Primary keys unique and never null, and every `doc_id` a document, over every row of
    the DuckDB file's tables; InvalidDatasets naming each broken key."""
    problems: list[str] = []
    con = duckdb.connect(str(database), read_only=True)
    try:
        for name in DATASETS:
            schema = table_schema(name)
            key = [f'"{c}"' for c in schema.get("primaryKey") or []]
            if key:
                cols = ", ".join(key)
                (twice,) = _one(con, f'select count(*) from (select {cols} from "{name}" '
                                     f"group by all having count(*) > 1)")  # fmt: skip
                nulls = " or ".join(f"{c} is null" for c in key)
                (empty,) = _one(con, f'select count(*) from "{name}" where {nulls}')
                if twice:
                    problems.append(f"{name}: {twice} values of the primary key ({cols}) repeat")
                if empty:
                    problems.append(f"{name}: {empty} rows have no primary key ({cols})")
            for fk in schema.get("foreignKeys") or []:
                field, target = fk["fields"], fk["reference"]
                (orphans,) = _one(
                    con,
                    f'select count(*) from "{name}" t where t."{field}" is not null and not '
                    f'exists (select 1 from "{target["resource"]}" r '
                    f'where r."{target["fields"]}" = t."{field}")',
                )
                if orphans:
                    problems.append(
                        f"{name}: {orphans} rows name a {field} not in {target['resource']}"
                    )
    finally:
        con.close()
    if problems:
        raise InvalidDatasets(
            "the datasets break the data contract, nothing was published: " + "; ".join(problems)
        )


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, ...]:
    row = con.execute(sql).fetchone()
    return tuple(row) if row else (0,)
