"""A researcher's aggregate over many budget lines: DuckDB (`munidocs query`), pandas and the
SQLite copy behind the web view, side by side in one run.

    python -m benchmarks.query                   # 1,000,000 generated budget lines
    python -m benchmarks.query --rows 200000

The output folder is written by munidocs' own writer (Parquet, CSV, DuckDB; validation off,
since a million generated rows is not what validation is measured on), the SQLite copy by
`munidocs serve`'s own code. Each engine answers the same question, the sum of amount_dkk per
committee and year over the lines that are not totals, and the answers must agree. Target:
`munidocs query` well under a second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

SQL = (
    "select committee, year, sum(amount_dkk) as amount_dkk from budget_lines "
    "where not is_total group by committee, year order by committee, year"
)
COLUMNS = ["committee", "year", "amount_dkk", "is_total"]
"""The columns the aggregate reads (pandas reads only these from the Parquet file)."""
COMMITTEES = ["BIU", "BUU", "KFU", "KU", "MBU", "SOU", "SUU", "TMU", "ØU"]
REPEATS = 5


def budget_lines(rows: int, documents: int, seed: int = 7) -> tuple[pa.Table, pa.Table]:
    """`rows` budget lines over `documents` documents, and the documents, seeded."""
    from munidocs.models import arrow_schema

    rng = np.random.default_rng(seed)
    doc_ids = [f"{i:064x}" for i in range(documents)]
    doc_of_row = rng.integers(0, documents, rows)
    amount = rng.integers(-500, 50_000, rows).astype(float)
    columns: dict[str, Any] = {
        "doc_id": pa.array(np.array(doc_ids)[doc_of_row]),
        "page": pa.array(rng.integers(1, 40, rows)),
        "table": pa.array(rng.integers(1, 6, rows)),
        "table_title": pa.array(["Tabel 1. Udgifter til service"] * rows),
        "item": pa.array(np.char.add("Drift af tilbud ", rng.integers(0, 5000, rows).astype(str))),
        "committee": pa.array(np.array(COMMITTEES)[rng.integers(0, len(COMMITTEES), rows)]),
        "appropriation": pa.array(np.char.add("3", rng.integers(0, 99, rows).astype(str))),
        "control_area": pa.array(["Service"] * rows),
        "direction": pa.array(["expense"] * rows),
        "year": pa.array(rng.integers(2020, 2030, rows)),
        "amount": pa.array(amount),
        "unit": pa.array(["1.000 kr."] * rows),
        "amount_dkk": pa.array(amount * 1000),
        "price_level": pa.array(["2026 p/l"] * rows),
        "is_total": pa.array(rng.random(rows) < 0.1),
        "bbox": pa.nulls(rows, pa.list_(pa.float64())),
    }
    schema = arrow_schema("budget_lines")
    lines = pa.table([columns[f.name].cast(f.type) for f in schema], schema=schema)
    now = datetime.now(UTC)
    docs = [
        {
            "doc_id": d, "source": f"{d[:8]}.pdf", "file_name": f"{d[:8]}.pdf",
            "doc_type": "budget_note", "title": "Notat", "reference": None, "doc_date": None,
            "n_pages": 40, "ocr": False, "status": "ok", "error": None, "districts": None,
            "pipeline_version": "bench", "processed_at": now, "n_bytes": 1,
        }
        for d in doc_ids
    ]  # fmt: skip
    return lines, pa.Table.from_pylist(docs, schema=arrow_schema("documents"))


def timed(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    """Median seconds of `repeats` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def rounded(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows comparable across engines (SQLite and pandas add floats in another order)."""
    return [(c, int(y), round(float(a))) for c, y, a in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.query", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="budget lines to generate")
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args(argv)

    import munidocs
    from munidocs.browse.sqlite_copy import ensure_copy
    from munidocs.extractors.output.datasets import write_datasets
    from munidocs.extractors.output.tables import to_table
    from munidocs.models import DATASETS

    work = Path(tempfile.mkdtemp(prefix="munidocs-bench-query-"))
    out = work / "out"
    try:
        start = time.perf_counter()
        lines, documents = budget_lines(args.rows, args.documents)
        tables: dict[str, Any] = {name: to_table(name, []) for name in DATASETS}
        tables.update(documents=documents, budget_lines=lines)
        write_datasets(out, tables, validate=False)
        setup = time.perf_counter() - start
        start = time.perf_counter()
        sqlite_file, _ = ensure_copy(out)
        copy_seconds = time.perf_counter() - start
        print(
            f"{args.rows:,} budget lines of {args.documents:,} documents written in {setup:.1f} s; "
            f"SQLite copy made in {copy_seconds:.1f} s ({sqlite_file.stat().st_size / 2**20:.0f} MiB)",
            flush=True,
        )

        duckdb_s, duck = timed(lambda: munidocs.query(SQL, out)[0].rows)

        def cli() -> str:
            done = subprocess.run(
                [str(Path(sys.executable).parent / "munidocs"), "query", "--out", str(out), SQL, "--csv"],
                capture_output=True, text=True, check=True, env=os.environ.copy(),
            )  # fmt: skip
            return done.stdout

        cli_s, _ = timed(cli, 3)

        def with_pandas() -> list[tuple[Any, ...]]:
            frame = pd.read_parquet(out / "budget_lines.parquet", columns=COLUMNS)
            sums = frame[~frame["is_total"]].groupby(["committee", "year"])["amount_dkk"].sum()
            return list(sums.reset_index().itertuples(index=False, name=None))

        pandas_s, panda = timed(with_pandas)
        frame = pd.read_parquet(out / "budget_lines.parquet", columns=COLUMNS)
        in_memory_s, _ = timed(
            lambda: frame[~frame["is_total"]].groupby(["committee", "year"])["amount_dkk"].sum()
        )

        def with_sqlite() -> list[tuple[Any, ...]]:
            con = sqlite3.connect(f"file:{sqlite_file}?immutable=1", uri=True)
            try:
                return con.execute(SQL).fetchall()
            finally:
                con.close()

        sqlite_s, lite = timed(with_sqlite)
        assert rounded(duck) == rounded(panda) == rounded(lite), "the engines disagree"

        print(f"\nsum of amount_dkk per committee and year, {len(duck)} groups (median of runs)")
        print(f"{'engine':<46} {'seconds':>8} {'x DuckDB':>9}")
        for name, seconds in [
            ("munidocs.query (DuckDB, read-only connection)", duckdb_s),
            ("munidocs query (command, incl. Python start)", cli_s),
            ("pandas: read_parquet + groupby", pandas_s),
            ("pandas: groupby on a DataFrame in memory", in_memory_s),
            ("SQLite copy behind `munidocs serve`", sqlite_s),
        ]:
            print(f"{name:<46} {seconds:>8.3f} {seconds / duckdb_s:>9.1f}")
        verdict = "well under a second" if duckdb_s < 0.5 else "NOT well under a second"
        print(f"\nmunidocs query: {duckdb_s:.3f} s, {verdict} (target < 1 s)")
        return 0 if duckdb_s < 1.0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
