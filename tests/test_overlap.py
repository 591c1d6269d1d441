"""Two runs on one output folder at once (a scheduled run and a run by hand, or two schedules)
never interleave: the second waits for the folder's lock, and the result is one run's."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
from conftest import BIN, CORPUS_PDFS
from filelock import FileLock
from pdfs import text_pdf

import munidocs
from munidocs.extractors.output.fragments import PER_DOCUMENT
from munidocs.flows.run import STATE_DIR

N_LETTERS = 6
VARIES = {"processed_at"}
"""Columns that differ between two extractions of the same bytes."""


def _folder(folder: Path) -> Path:
    shutil.copytree(CORPUS_PDFS, folder)
    for i in range(N_LETTERS):
        lines = [f"Kære borger nr. {i}", "Vedr.: Svar på din henvendelse", "Med venlig hilsen"]
        text_pdf(folder / f"brev-{i}.pdf", lines * 6, pages=3)
    return folder


def _content(out: Path) -> dict[str, list[Any]]:
    """Every document dataset's rows, order-free, without the extraction timestamps."""
    content = {}
    for name in [*PER_DOCUMENT, "comparisons"]:
        table = pq.read_table(out / f"{name}.parquet")
        rows = table.drop_columns([c for c in VARIES if c in table.column_names]).to_pylist()
        content[name] = sorted(rows, key=repr)
    return content


def _wait_until_both_run(api: str, out: Path, procs: list[subprocess.Popen[str]]) -> None:
    """Until the server shows both processes' flow runs RUNNING (waiting for the lock)."""
    deadline = time.monotonic() + 300
    while True:
        for proc in procs:
            assert proc.poll() is None, proc.communicate()
        runs = httpx.post(
            f"{api}/flow_runs/filter",
            json={"flow_runs": {"state": {"type": {"any_": ["RUNNING"]}}}},
            timeout=30,
        ).json()
        if sum(r["parameters"].get("out") == str(out) for r in runs) == 2:
            return
        assert time.monotonic() < deadline, "the two runs did not start in 300 s"
        time.sleep(0.2)


def test_two_runs_started_together_give_one_runs_result(
    prefect_server: str, tmp_path: Path
) -> None:
    folder = _folder(tmp_path / "in")
    alone = tmp_path / "alone"
    munidocs.run(sources=[str(folder)], out=str(alone))

    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    command = [str(BIN / "munidocs"), "run", str(folder), "--out", str(out)]
    # the folder is held until both runs are under way, so they meet there whatever the load
    with FileLock(out / STATE_DIR / "run.lock"):
        procs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=os.environ.copy())
            for _ in range(2)
        ]  # fmt: skip
        _wait_until_both_run(prefect_server, out, procs)
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]

    n = N_LETTERS + 2
    lines = sorted(stdout.strip().split("; ")[0] for stdout, _ in results)
    assert lines == [
        f"{n} documents: 0 new, {n} skipped, 0 failed",
        f"{n} documents: {n} new, 0 skipped, 0 failed",
    ]
    assert _content(out) == _content(alone)
    records = out / STATE_DIR / "records"
    assert sorted(p.name for p in records.iterdir()) == sorted(
        p.name for p in (alone / STATE_DIR / "records").iterdir()
    )  # no half-written or duplicate fragment left
    assert not list(out.glob(".writing-*"))

    runs = pq.read_table(out / "runs.parquet").to_pylist()
    first, second = sorted(runs, key=lambda r: r["finished"])
    assert (first["new"], second["new"]) == (n, 0)
    assert (first["status"], second["status"]) == ("completed", "completed")
    assert second["started"] < first["finished"]  # they did overlap: the second one waited
