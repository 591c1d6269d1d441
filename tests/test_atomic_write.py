"""A run killed at any moment leaves the previous outputs intact and readable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from conftest import BIN, CORPUS_PDFS

from munidocs.models import DATASETS

WRITER = """
import sys
from pathlib import Path
from munidocs.extractors.output.datasets import write_datasets
from munidocs.extractors.output.tables import to_table
from munidocs.models import DATASETS, Page

out = Path(sys.argv[1])
generation = 0
while True:
    generation += 1
    n = 20000 + generation  # the row count tells the generation
    pages = [Page("d" * 64, i, "tekst " * 40, 240, False, 595.0, 842.0) for i in range(n)]
    tables = {name: to_table(name, pages if name == "pages" else []) for name in DATASETS}
    write_datasets(out, tables, validate=False)  # the writes only: validation has its own tests
    print(generation, flush=True)
"""


def _assert_readable(out: Path) -> set[int]:
    """Every output file opens and parses; returns the page counts the files hold."""
    counts = set()
    for name in DATASETS:
        counts.add(pq.read_table(out / f"{name}.parquet").num_rows) if name == "pages" else None
        pq.read_table(out / f"{name}.parquet")
        table = pacsv.read_csv(out / f"{name}.csv")
        if name == "pages":
            counts.add(table.num_rows)
    con = duckdb.connect(str(out / "municipal.duckdb"), read_only=True)
    try:
        row = con.execute("select count(*) from pages").fetchone()
        assert row is not None
        counts.add(row[0])
    finally:
        con.close()
    json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    return counts


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.7, 2.6])
def test_sigkill_during_writes_never_leaves_a_broken_file(tmp_path: Path, delay: float) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(out)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "1"  # a first complete generation exists
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    counts = _assert_readable(out)
    assert counts <= set(range(20001, 20100))  # whole generations only


def test_a_killed_run_leaves_earlier_outputs_and_the_next_run_works(
    prefect_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = os.environ.copy()
    first = subprocess.run(
        [str(BIN / "munidocs"), "run", str(CORPUS_PDFS), "--out", str(out)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    before = pq.read_table(out / "documents.parquet").to_pylist()

    proc = subprocess.Popen(
        [str(BIN / "munidocs"), "run", str(CORPUS_PDFS), "--out", str(out), "--force"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    time.sleep(4.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    after = pq.read_table(out / "documents.parquet").to_pylist()
    assert sorted(r["doc_id"] for r in after) == sorted(r["doc_id"] for r in before)
    _assert_readable(out)

    third = subprocess.run(
        [str(BIN / "munidocs"), "run", str(CORPUS_PDFS), "--out", str(out)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert third.returncode == 0, third.stderr
    assert not list(out.glob(".writing-*"))  # scratch of the killed run is cleaned up
