"""The SQLite copy of an output folder that the web view (Datasette) serves.

Made with sqlite-utils from the published Parquet files, one document batch at a time: every
dataset as a table (primary keys and `doc_id` foreign keys as in the data package, lists as
JSON), every DuckDB view's rows as a table of the same name (one SQL definition, the same
answers in both tools), and FTS5 full-text indexes over page text, entities, budget-line
items, law references and document titles.

It lives beside the outputs in `<out>/.munidocs/web/municipal.sqlite` and is rebuilt only
when the outputs change: the copy records the publication's fingerprint
(`<out>/.munidocs/published.json`) it was made from. It is written under a temporary name and
moved into place, so a server never opens half a copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlite_utils
from filelock import FileLock

from munidocs.browse.safesql import connect_read_only
from munidocs.extractors.output.datasets import DUCKDB_FILE, PUBLISHED_FILE, output_files
from munidocs.extractors.output.views import VIEWS
from munidocs.models import DATASETS
from munidocs.models.schemas import foreign_keys, primary_key

STATE_DIR = ".munidocs"
"""The output folder's state folder (the flow's `STATE_DIR`)."""
WEB_DIR = "web"
SQLITE_FILE = "municipal.sqlite"
STAMP_FILE = "municipal.sqlite.json"
COPY_FORMAT = "1"
"""Bump when the copy's layout changes, so existing copies are made again."""
BATCH_ROWS = 10_000

FTS_COLUMNS: dict[str, list[str]] = {
    "pages": ["text"],
    "entities": ["text", "normalized", "sentence"],
    "budget_lines": ["item", "table_title"],
    "law_references": ["text", "law", "sentence"],
    "documents": ["title", "reference", "file_name"],
}
"""Full-text search (FTS5) per table: what a researcher types a word to find."""

TOKENIZER = "unicode61 remove_diacritics 2"
"""Words split on Unicode rules; "å", "é" match with or without the accent, "ø" and "æ" as is."""

INDEXES: dict[str, list[list[str]]] = {
    "budget_lines": [["committee", "year"], ["amount"], ["amount_dkk"]],
    "checks": [["status"]],
    "entities": [["label"]],
    "law_references": [["law"]],
}
"""Indexes for the web view's facets and filters (every table also gets one on doc_id)."""


def web_dir(out_dir: Path) -> Path:
    return out_dir / STATE_DIR / WEB_DIR


def sqlite_path(out_dir: Path) -> Path:
    """Where the copy of `out_dir` lives."""
    return web_dir(out_dir) / SQLITE_FILE


def outputs_fingerprint(out_dir: Path) -> str:
    """What the copy must match: the publication's fingerprint, else the files' sizes and times
    (outputs copied without their state folder)."""
    h = hashlib.sha256(COPY_FORMAT.encode())
    try:
        recorded = json.loads((out_dir / STATE_DIR / PUBLISHED_FILE).read_text(encoding="utf-8"))
        h.update(str(recorded["fingerprint"]).encode())
    except (OSError, ValueError, KeyError, TypeError):
        for name in output_files():
            path = out_dir / name
            if path.exists():
                stat = path.stat()
                h.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def is_current(out_dir: Path) -> bool:
    """The copy exists and was made from the outputs as they are now."""
    try:
        stamp = json.loads((web_dir(out_dir) / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return sqlite_path(out_dir).is_file() and stamp.get("fingerprint") == outputs_fingerprint(
        out_dir
    )


def ensure_copy(out_dir: Path) -> tuple[Path, bool]:
    """The current SQLite copy of `out_dir`, made first if the outputs changed since the last
    one; returns (path, whether it was made now). Two servers starting together take turns."""
    folder = web_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".copy.lock")):
        if is_current(out_dir):
            return sqlite_path(out_dir), False
        fingerprint = outputs_fingerprint(out_dir)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{SQLITE_FILE}.", suffix=".part")
        os.close(fd)
        try:
            build(out_dir, Path(tmp))
            os.replace(tmp, sqlite_path(out_dir))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        stamp = folder / f".{STAMP_FILE}.part"
        stamp.write_text(json.dumps({"fingerprint": fingerprint}), encoding="utf-8")
        os.replace(stamp, folder / STAMP_FILE)
        return sqlite_path(out_dir), True


def _sqlite_type(kind: pa.DataType) -> type:
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind):
        return int
    if pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        return float
    return str  # text, dates and timestamps (ISO 8601), lists (JSON)


def _value(value: Any) -> Any:
    """A Parquet or DuckDB value as SQLite stores it (lists and structs as JSON text)."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):  # a DECIMAL column of a view: SQLite stores floats
        return float(value)
    return value


def _needs_value(kind: pa.DataType) -> bool:
    """Whether a column's Python values need `_value` (the rest go to SQLite as they are)."""
    plain = (pa.types.is_boolean, pa.types.is_integer, pa.types.is_floating, pa.types.is_string)
    return not any(test(kind) for test in (*plain, pa.types.is_large_string))


def _insert(db: sqlite_utils.Database, table: str, names: list[str], rows: Iterable[Any]) -> None:
    """Rows (tuples in `names` order) inserted with one prepared statement.

    Straight to sqlite3's `executemany`: sqlite-utils' `insert_all` builds and checks a dict
    per row, which made the copy of a million budget lines take many minutes."""
    columns = ", ".join(f"[{n}]" for n in names)
    marks = ", ".join("?" for _ in names)
    with db.conn:  # one transaction per batch
        db.conn.executemany(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", rows)


def _rows(columns: list[list[Any]], convert: list[bool]) -> Iterator[tuple[Any, ...]]:
    """Column lists as row tuples, the columns marked in `convert` passed through `_value`."""
    fixed = [
        [None if v is None else _value(v) for v in column] if needed else column
        for column, needed in zip(columns, convert, strict=True)
    ]
    return zip(*fixed, strict=True)


def _copy_dataset(db: sqlite_utils.Database, out_dir: Path, name: str) -> None:
    """One dataset from its Parquet file; columns as the file has them (new ones included)."""
    path = out_dir / f"{name}.parquet"
    parquet = pq.ParquetFile(path)
    schema = parquet.schema_arrow
    columns = {f.name: _sqlite_type(f.type) for f in schema}
    key = [k for k in primary_key(name) if k in columns]
    refs = [("doc_id", "documents", "doc_id") for _ in foreign_keys(name) if "doc_id" in columns]
    table = db.table(name)
    table.create(
        columns,
        pk=(key[0] if len(key) == 1 else tuple(key)) if key else None,
        foreign_keys=refs or None,
    )
    names = list(columns)
    convert = [_needs_value(f.type) for f in schema]
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
        _insert(db, name, names, _rows([c.to_pylist() for c in batch.columns], convert))
    if "doc_id" in columns and key[:1] != ["doc_id"]:
        table.create_index(["doc_id"], find_unique_name=True)
    for index in INDEXES.get(name, []):
        if all(c in columns for c in index):
            table.create_index(index, find_unique_name=True)
    fts = [c for c in FTS_COLUMNS.get(name, []) if c in columns]
    if fts:
        table.enable_fts(fts, tokenize=TOKENIZER)


_PLAIN_DUCKDB = ("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DOUBLE", "FLOAT")


def _copy_views(db: sqlite_utils.Database, out_dir: Path) -> None:
    """Each DuckDB view's rows as a table of the same name (views the file has)."""
    with connect_read_only(out_dir / DUCKDB_FILE) as con:
        present = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        for view in VIEWS:
            if view.name not in present:  # outputs of a version without it
                continue
            con.execute(f'SELECT * FROM "{view.name}"')
            names = [d[0] for d in con.description or []]
            types = [str(d[1]) for d in con.description or []]
            db.table(view.name).create(
                {n: _duckdb_type(t) for n, t in zip(names, types, strict=True)}
            )
            convert = [t not in (*_PLAIN_DUCKDB, "VARCHAR") for t in types]
            while batch := con.fetchmany(BATCH_ROWS):
                _insert(
                    db,
                    view.name,
                    names,
                    _rows([list(c) for c in zip(*batch, strict=True)], convert),
                )


def _duckdb_type(name: str) -> type:
    if name in ("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UBIGINT"):
        return int
    if name in ("DOUBLE", "FLOAT", "REAL") or name.startswith("DECIMAL"):
        return float
    return str


def build(out_dir: Path, target: Path) -> None:
    """Write the SQLite copy of `out_dir` into `target` (a new, empty file)."""
    db = sqlite_utils.Database(str(target), recreate=True)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # a new file, moved into place when complete
        db.execute("PRAGMA synchronous = OFF")
        for name in DATASETS:  # documents first: the others' foreign keys point to it
            if (out_dir / f"{name}.parquet").exists():
                _copy_dataset(db, out_dir, name)
        _copy_views(db, out_dir)
        db.execute("ANALYZE")
        db.vacuum()
    finally:
        db.close()
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())
