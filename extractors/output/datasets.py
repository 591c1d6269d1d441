"""Write the contract's datasets: Parquet, CSV, one DuckDB file and a Frictionless descriptor.

The datasets are assembled from the per-document fragments (`fragments.RecordStore`), one
document's rows at a time, so memory does not grow with the number of documents: Parquet and CSV
are written batch by batch and DuckDB loads its tables from the new Parquet files itself.

Every publication is written complete into a version folder of its own and switched into place
by replacing one link (`versions.py`): a reader, or a run killed at any moment, sees all the
datasets of one publication, never half of a file nor files of two runs side by side. Before the
switch, the new files are validated against the data package's schema (`validate.py`), and the
DuckDB file gets the views for the common questions (`views.py`). A run that changed nothing (the
same fragments as the last publication) writes nothing at all.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.checks.cross_document import CROSS_DOCUMENT_RULES, cross_document_checks
from munidocs.extractors.memory import release_memory
from munidocs.extractors.output.comparisons import compare
from munidocs.extractors.output.fragments import (
    PER_DOCUMENT,
    FragmentMeta,
    RecordStore,
    fsync_file,
)
from munidocs.extractors.output.package import csv_ready, descriptor
from munidocs.extractors.output.report import REPORT_FILE, build_report, save_report
from munidocs.extractors.output.runs import RUNS_DIR, RunHistory, runs_fingerprint, runs_table
from munidocs.extractors.output.tables import conform, to_table
from munidocs.extractors.output.validate import Validator, validate_version
from munidocs.extractors.output.versions import (
    current_version,
    new_version,
    remove_old_versions,
    switch,
)
from munidocs.extractors.output.views import VIEWS, create_views
from munidocs.extractors.settings import CheckSettings, Settings
from munidocs.models import DATASETS, Run, arrow_schema, table_schema

STATE_DIR = ".munidocs"
"""In the output folder: fragments, the download store, versions, the lock and the run state."""
DUCKDB_FILE = "municipal.duckdb"
DESCRIPTOR_FILE = "datapackage.json"
PUBLISHED_FILE = "published.json"
"""In the state folder: the fingerprint of the fragments the datasets were last built from."""

ROW_GROUP_BYTES = 16 << 20
"""Rows of several documents are written together up to about this many bytes."""

TableSource: TypeAlias = pa.Table | Iterable[pa.Table]


def output_files() -> list[str]:
    """Every file a run publishes, in the order they are moved into place."""
    names = [f"{n}.{ext}" for n in DATASETS for ext in ("parquet", "csv")]
    return [*names, DUCKDB_FILE, DESCRIPTOR_FILE]


def read_dataset(out_dir: Path, name: str) -> pa.Table:
    """A published dataset in today's schema (an empty table when there is none)."""
    path = out_dir / f"{name}.parquet"
    if path.exists():
        return conform(pq.read_table(path), name)
    return arrow_schema(name).empty_table()


def _batches(parts: Iterable[pa.Table], schema: pa.Schema) -> Iterable[pa.Table]:
    """Documents' tables joined into row groups of about ROW_GROUP_BYTES (one per document
    would make files of thousands of tiny row groups, slow to read)."""
    pending: list[pa.Table] = []
    size = 0
    for part in parts:
        pending.append(part.cast(schema) if not part.schema.equals(schema) else part)
        size += part.nbytes
        if size >= ROW_GROUP_BYTES:
            yield pa.concat_tables(pending)
            pending, size = [], 0
    if pending:
        yield pa.concat_tables(pending)


def _write_one(scratch: Path, name: str, source: TableSource, compression: str) -> int:
    """One dataset into Parquet and CSV, a batch of documents at a time; returns its rows."""
    schema = arrow_schema(name)
    parts: Iterable[pa.Table] = [source] if isinstance(source, pa.Table) else source
    csv_schema = csv_ready(schema.empty_table()).schema
    n_rows = 0
    codec = None if compression == "none" else compression
    with (
        pq.ParquetWriter(scratch / f"{name}.parquet", schema, compression=codec) as parquet,
        pacsv.CSVWriter(scratch / f"{name}.csv", csv_schema) as csv,
    ):
        for table in _batches(parts, schema):
            parquet.write_table(table)
            csv.write_table(csv_ready(table).cast(csv_schema))
            n_rows += table.num_rows
    return n_rows


def _write_all(
    version: Path, tables: Mapping[str, TableSource], compression: str, threads: int
) -> dict[str, int]:
    """Every dataset into the version folder; rows per dataset. One thread writes them in this
    thread: a thread of its own would allocate from another glibc arena, and the freed memory
    of the main one would not be reused (a 1,000-page document's publication: +27 MiB). What
    writing a dataset freed is handed back before the next one and before DuckDB loads them
    (that document's publication peaked 397 MiB, 332 with this and `DUCKDB_LOAD`)."""
    rows: dict[str, int] = {}
    if threads <= 1:
        for name in DATASETS:
            rows[name] = _write_one(version, name, tables[name], compression)
            release_memory()
        return rows
    with ThreadPoolExecutor(threads) as pool:
        # Arrow reads the fragments and writes Parquet and CSV mostly without the GIL
        done = {name: pool.submit(_write_one, version, name, tables[name], compression)
                for name in DATASETS}  # fmt: skip
        rows = {name: future.result() for name, future in done.items()}
    release_memory()
    return rows


DUCKDB_LOAD: dict[str, str | bool | int | float | list[str]] = {"threads": 1}
"""DuckDB's settings while it loads the Parquet files: a thread per core read them at once for
no measured gain (0.45-0.47 s either way for the 1,000-page document, 0.19-0.21 s for the 209
generated notes) and 22 MiB more memory at the publication's peak."""


def _load_duckdb(version: Path) -> None:
    """The version's DuckDB file: every dataset loaded from its Parquet file, and the views."""
    con = duckdb.connect(str(version / DUCKDB_FILE), config=DUCKDB_LOAD)
    try:
        for name in DATASETS:
            parquet = str(version / f"{name}.parquet").replace("'", "''")
            con.execute(f"CREATE TABLE \"{name}\" AS SELECT * FROM read_parquet('{parquet}')")
        create_views(con)
    finally:
        con.close()


def write_datasets(
    out_dir: Path,
    tables: Mapping[str, TableSource],
    compression: str = "zstd",
    state_dir: Path | None = None,
    validate: bool = True,
    fresh: Collection[str] | None = None,
    threads: int = 1,
    alongside: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write every dataset in every format as a new version and switch `out_dir` to it.

    Each dataset is a table or an iterable of tables (one document's rows at a time).
    `state_dir` holds the versions (default: the output folder's `.munidocs`). `validate`: check
    every row against the data package first (InvalidDatasets, and nothing is switched into
    place, when one breaks it). `fresh`: the documents whose rows were not validated before
    (`validate.validate_version`); None validates every row. `threads`: datasets written at
    once (0: one per core; `OutputSettings.write_threads`, which says what it costs).
    `alongside`: work on the new version folder, complete but not yet published, done while it
    is validated (`publish` builds the report there).
    """
    state_dir = state_dir or out_dir / STATE_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = set(DATASETS) - set(tables)
    if missing:
        raise ValueError(f"datasets missing: {sorted(missing)}")
    version = new_version(state_dir)
    validator = None
    try:
        validator = Validator() if validate else None  # it loads while the files are written
        rows = _write_all(version, tables, compression, threads or os.cpu_count() or 1)
        (version / DESCRIPTOR_FILE).write_text(
            json.dumps(descriptor(rows), ensure_ascii=False, indent=2), encoding="utf-8"
        )

        def meanwhile() -> None:  # while frictionless reads the CSV files
            _load_duckdb(version)
            if alongside is not None:
                alongside(version)

        if validator is not None:
            database = version / DUCKDB_FILE
            validate_version(validator, version / DESCRIPTOR_FILE, database, fresh, meanwhile)
        else:
            meanwhile()
    except BaseException:  # refused or failed: the version is never switched to, so it goes now
        shutil.rmtree(version, ignore_errors=True)
        raise
    finally:
        if validator is not None:
            validator.close()
    for name in output_files():
        fsync_file(version / name)
    switch(out_dir, state_dir, version, output_files())
    remove_old_versions(state_dir)
    return [out_dir / name for name in output_files()]


def clean_stale(out_dir: Path, state_dir: Path) -> None:
    """Remove what killed runs left: unpublished versions and (before versions) scratch folders."""
    for stale in out_dir.glob(".writing-*"):
        shutil.rmtree(stale, ignore_errors=True)
    remove_old_versions(state_dir)


def publication_order(metas: Mapping[str, FragmentMeta]) -> list[str]:
    """Documents in the order of their sources (then doc_id): the same datasets, row for row,
    whatever order the workers finished in or how many there were."""
    return sorted(metas, key=lambda d: (metas[d].source, d))


def fingerprint(metas: Mapping[str, FragmentMeta], checks: CheckSettings | None = None) -> str:
    """Identifies the set of fragments (and the output schema) a publication is built from,
    and the rules of what publishing computes (cross-document checks and their settings: a
    changed rule publishes again without extracting any document again)."""
    h = hashlib.sha256(_schema().encode())  # a new constraint or description publishes again
    h.update(f"{CROSS_DOCUMENT_RULES}:{checks or CheckSettings()!r}".encode())
    for name in DATASETS:  # as does a new column
        h.update(repr(arrow_schema(name)).encode())
    for view in VIEWS:  # as does a changed view
        h.update(view.sql.encode())
    for doc_id in sorted(metas):
        h.update(f"{doc_id}:{metas[doc_id].token}\n".encode())
    return h.hexdigest()


def is_published(
    out_dir: Path,
    state_dir: Path,
    metas: Mapping[str, FragmentMeta],
    checks: CheckSettings | None = None,
) -> bool:
    """The published datasets are complete and built from exactly these fragments (with
    these check settings)."""
    try:
        recorded = json.loads((state_dir / PUBLISHED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded.get("fingerprint") != fingerprint(metas, checks):
        return False
    return all((out_dir / name).exists() for name in [*output_files(), REPORT_FILE])


RUN_HISTORY_FILES = ("runs.parquet", "runs.csv", DUCKDB_FILE, DESCRIPTOR_FILE)
"""The files a run that changed no document still rewrites: they hold the run history."""


def publish(
    out_dir: Path,
    state_dir: Path,
    store: RecordStore,
    compression: str = "zstd",
    min_documents: int = 2,
    settings: Settings | None = None,
    validate: bool = True,
) -> bool:
    """Assemble the datasets from the fragments and the run history (`runs.RunHistory`).

    Cross-document outputs are computed here, from the fragments, one document's rows at a
    time: `comparisons`, and the `cross_document` checks appended to `checks`. report.html is
    built from the new version's datasets while they are validated, and written once they are
    published. Returns False when the document datasets
    were already current: then only a changed run history is republished
    (RUN_HISTORY_FILES, as a new version whose other files are the current ones, hard-linked),
    and every other file keeps its mtime.
    """
    settings = settings or Settings()
    metas = store.metas()
    runs = RunHistory(state_dir / RUNS_DIR).read()
    if is_published(out_dir, state_dir, metas, settings.checks):
        if _published_record(state_dir).get("runs") != runs_fingerprint(runs):
            publish_run_history(out_dir, state_dir, runs_table(runs), compression)
            _record_published(state_dir, metas, runs, settings.checks)
        return False
    order = publication_order(metas)

    def read(name: str, columns: list[str]) -> Iterable[pa.Table]:
        return store.tables(name, order, columns)

    tables: dict[str, TableSource] = {name: store.tables(name, order) for name in PER_DOCUMENT}
    cross = to_table("checks", cross_document_checks(read, settings.checks))
    tables["checks"] = itertools.chain(store.tables("checks", order), [cross])
    tables["comparisons"] = to_table("comparisons", compare(read, min_documents=min_documents))
    tables["runs"] = runs_table(runs)
    release_memory()  # each step's transient memory is handed back before the next one's
    fresh = _not_validated(state_dir, metas) if validate else None
    report: list[str] = []

    def build(version: Path) -> None:  # while the version is validated, from its files
        output = settings.output
        report.append(build_report(out_dir, state_dir / "store", output.report_max_pictures,
                                   output.report_max_check_cards, data=version))  # fmt: skip
        release_memory()

    write_datasets(out_dir, tables, compression, state_dir, validate, fresh,
                   settings.output.write_threads, alongside=build)  # fmt: skip
    save_report(out_dir, report[0])
    release_memory()
    _record_published(state_dir, metas, runs, settings.checks, validated=validate)
    return True


@cache
def _schema() -> str:
    """What a validated row was validated against: the pipeline version and the schemas
    (the same all through a process: hashed once)."""
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for name in DATASETS:
        h.update(json.dumps(table_schema(name), sort_keys=True).encode())
    return h.hexdigest()


def _not_validated(state_dir: Path, metas: Mapping[str, FragmentMeta]) -> set[str] | None:
    """The documents whose rows the last publication did not validate (None: all of them, so
    every row is validated the usual way and errors give the published files' row numbers)."""
    record = _published_record(state_dir)
    done = record.get("validated") if record.get("schema") == _schema() else None
    if not isinstance(done, dict):
        return None
    fresh = {d for d, meta in metas.items() if done.get(d) != meta.token}
    return None if len(fresh) == len(metas) else fresh


def _published_record(state_dir: Path) -> dict[str, Any]:
    try:
        record = json.loads((state_dir / PUBLISHED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _record_published(
    state_dir: Path,
    metas: Mapping[str, FragmentMeta],
    runs: list[Run],
    checks: CheckSettings,
    validated: bool | None = None,
) -> None:
    """What is published; `validated`: True when every row was just validated, None to keep
    the record of what was (a run history republished validates no document)."""
    before = _published_record(state_dir)
    record: dict[str, Any] = {
        "fingerprint": fingerprint(metas, checks),
        "documents": len(metas),
        "runs": runs_fingerprint(runs),
    }
    if validated or (validated is None and before.get("schema") == _schema()):
        done = (before.get("validated") or {}) if validated is None else {}
        record["schema"] = _schema()
        record["validated"] = {
            d: m.token for d, m in metas.items() if validated or done.get(d) == m.token
        }
    tmp = state_dir / f".{PUBLISHED_FILE}.part"
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, state_dir / PUBLISHED_FILE)


def publish_run_history(
    out_dir: Path, state_dir: Path, runs: pa.Table, compression: str = "zstd"
) -> list[Path]:
    """Republish only the run history: `runs.parquet`, `runs.csv`, the DuckDB file's `runs`
    table and the descriptor's row count, as a new version switched into place like any
    publication (`versions.py`); the other files of the current version are hard-linked into
    it, so they are not copied and keep their mtimes.

    The DuckDB file is copied and its `runs` table replaced in the copy (never changed in
    place: a reader holding it open keeps reading the old file, and a killed run leaves it whole).
    """
    source = current_version(state_dir) or out_dir
    version = new_version(state_dir)
    try:
        for name in output_files():
            if name not in RUN_HISTORY_FILES:
                os.link(source / name, version / name)
        n_runs = _write_one(version, "runs", runs, compression)
        shutil.copyfile(source / DUCKDB_FILE, version / DUCKDB_FILE)
        con = duckdb.connect(str(version / DUCKDB_FILE))
        try:
            parquet = str(version / "runs.parquet").replace("'", "''")
            con.execute(f"CREATE OR REPLACE TABLE runs AS SELECT * FROM read_parquet('{parquet}')")
        finally:
            con.close()
        package = json.loads((source / DESCRIPTOR_FILE).read_text(encoding="utf-8"))
        rows = {r["name"]: r.get("rows", 0) for r in package.get("resources", [])}
        rows["runs"] = n_runs
        ordered = {name: rows.get(name, 0) for name in DATASETS}
        (version / DESCRIPTOR_FILE).write_text(
            json.dumps(descriptor(ordered), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        for name in RUN_HISTORY_FILES:
            fsync_file(version / name)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    switch(out_dir, state_dir, version, output_files())
    remove_old_versions(state_dir)
    return [out_dir / name for name in RUN_HISTORY_FILES]
