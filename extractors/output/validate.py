"""Validate the datasets against the data package's schema before they are published.

Frictionless, the tool users run (`frictionless validate outputs/datapackage.json`), checks
the staged CSV files and descriptor in the scratch folder: types, required values, allowed
values (`constraints.enum`), primary keys and foreign keys (`doc_id` -> documents). A violation
raises InvalidDatasets naming the file, row, column and rule; the caller then publishes
nothing, so the previous outputs stay as they were and an invalid file is never published.

Frictionless reads every row in Python (some 50 microseconds a row): validating a growing archive
in full on every publish would grow with the archive. `validate_version` hands frictionless only
the rows of documents not validated before (with every document row, the target of the foreign
keys, and the rows computed at publishing), and `check_keys` checks the keys that span old and
new documents (primary keys unique, every `doc_id` a document) with DuckDB over all rows.

Publishing validates in a process of its own (`Validator`, `validate_version`): started before
the files are written, frictionless has loaded by the time they are, and reads them (~30 µs a
row, holding the GIL) while the publishing process builds the report from the same files; the
process's memory (frictionless holds every primary key) is not the publishing process's.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from munidocs.extractors.memory import release_memory
from munidocs.extractors.output.frictionless_process import problems
from munidocs.extractors.output.package import csv_ready, descriptor
from munidocs.models import DATASETS, table_schema

MAX_REPORTED = 5
"""Errors listed in the message (the count says how many there were)."""


class InvalidDatasets(ValueError):
    """Rows that break the data package's schema: nothing was published."""


def validate_package(descriptor: Path) -> None:
    """Check every resource of a data package, in this process; InvalidDatasets with the
    first errors if any."""
    from frictionless import validate

    report = validate(str(descriptor))
    release_memory()  # frictionless holds every primary key while it validates
    if not report.valid:
        raise InvalidDatasets(_message(problems(report)))


def _message(found: list[str]) -> str:
    listed = "; ".join(found[:MAX_REPORTED])
    more = f" (and {len(found) - MAX_REPORTED} more)" if len(found) > MAX_REPORTED else ""
    return f"the datasets break the data contract, nothing was published: {listed}{more}"


class Validator:
    """frictionless in a process of its own (`frictionless_process.py`), loading from the
    moment this is made; `ask` hands it a package, `answer` waits for its verdict."""

    def __init__(self) -> None:
        script = Path(__file__).with_name("frictionless_process.py")
        self._process = subprocess.Popen(
            [sys.executable, "-P", str(script)],  # -P: not its folder's modules on the path
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def ask(self, descriptor: Path) -> None:
        """Start validating the package `descriptor` (this does not wait)."""
        assert self._process.stdin is not None
        with contextlib.suppress(OSError):  # it is gone: `answer` says so
            self._process.stdin.write(json.dumps(str(descriptor)) + "\n")
            self._process.stdin.flush()

    def answer(self) -> None:
        """Wait for the verdict on the package asked about; InvalidDatasets when it is broken."""
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            code = self._process.wait(5)
            raise InvalidDatasets(
                f"the validating process ended without a verdict (exit code {code}), so "
                "nothing was published"
            )
        found = json.loads(line)
        if found:
            raise InvalidDatasets(_message(found))

    def close(self) -> None:
        """End the process (killed when it does not end within 5 s: it was mid-validation)."""
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(5)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> Validator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


WHOLE = ("documents", "comparisons", "runs")
"""Datasets validated whole every time: documents (what foreign keys point at) and the rows
computed at publishing; the others only for the documents not validated before."""


def validate_version(
    validator: Validator,
    package: Path,
    database: Path,
    fresh: Collection[str] | None = None,
    alongside: Callable[[], None] | None = None,
) -> None:
    """Validate a version folder's data package (`package`, beside its datasets) with
    `validator`, running `alongside` in this process meanwhile (it must leave `database`
    complete: the keys are checked after it); InvalidDatasets if broken.

    `fresh`: the documents whose rows were not validated before; then frictionless sees only
    their rows (plus `WHOLE` and the rows of no document: cross-document checks), written as a
    package of their own beside the version (row numbers in an error count within those rows),
    and `check_keys` checks every row of `database` (the version's DuckDB file)."""
    scratch = package.parent / ".validation"
    try:
        validator.ask(package if fresh is None else _stage_new_rows(scratch, fresh))
        if alongside is not None:
            alongside()
        if fresh is not None:
            check_keys(database)
        validator.answer()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _stage_new_rows(scratch: Path, fresh: Collection[str]) -> Path:
    """The fresh documents' rows of the datasets beside `scratch` as a package in `scratch`."""
    import pyarrow.dataset as ds  # here, not at the top: it loads pandas, ~0.4 s of every start

    version = scratch.parent
    scratch.mkdir()
    ids = pa.array(sorted(fresh), pa.string())
    wanted = ds.field("doc_id").isin(ids) | ds.field("doc_id").is_null()
    rows: dict[str, int] = {}
    for name in DATASETS:
        dataset = ds.dataset(version / f"{name}.parquet", format="parquet")
        table = dataset.to_table(filter=None if name in WHOLE else wanted)
        pacsv.write_csv(csv_ready(table), scratch / f"{name}.csv")
        rows[name] = table.num_rows
    package = json.dumps(descriptor(rows), ensure_ascii=False)
    (scratch / "datapackage.json").write_text(package, encoding="utf-8")
    return scratch / "datapackage.json"


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
