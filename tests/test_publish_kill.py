"""SIGKILL at each rename, link, fsync, delete and a sample of writes of the publishing step
(injected deterministically with strace's fault injection, not by timing): the published
datasets are always those of one publication, all of them, and the next run completes them.

Regression for a kill between two of the 18 renames of the old publishing step, which left
`documents` of one run beside `pages` of another for good."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from munidocs.extractors.output import datasets
from munidocs.extractors.output.fragments import RecordStore
from munidocs.models import DATASETS

STRACE = shutil.which("strace")
PUBLISH = """
import sys
from pathlib import Path
from munidocs.extractors.output import datasets
from munidocs.extractors.output.fragments import RecordStore
out = Path(sys.argv[1])
state = out / datasets.STATE_DIR
datasets.publish(out, state, RecordStore(state / "records"))
"""
FILES = len(datasets.output_files())
CASES = [
    ("rename", 1, True), ("rename", 2, True), ("rename", 500, False),
    ("symlink", 1, True), ("symlink", 500, False),
    ("fsync", 1, True), ("fsync", FILES + 3, True), ("fsync", 5000, False),
    ("unlinkat", FILES, True),
    ("write", 1, True), ("write", 200, True), ("pwrite64", 13, True),
]  # fmt: skip
"""(system call, its n-th call is killed, there is an n-th call). Publishing one more document
over a published one makes 2 renames (the `current` link, published.json), 1 link, FILES + 3
fsyncs (the files, the version folder, the state folder, the output folder), FILES deletes (the
old version's files), ~360 writes and 13 of DuckDB's
page writes."""


def counts(out: Path) -> dict[str, int]:
    """Rows per dataset, read through every published format; they must agree."""
    found: dict[str, int] = {}
    con = duckdb.connect(str(out / datasets.DUCKDB_FILE), read_only=True)
    package = json.loads((out / datasets.DESCRIPTOR_FILE).read_text(encoding="utf-8"))
    described = {r["name"]: r["rows"] for r in package["resources"]}
    try:
        for name in DATASETS:
            n = pq.read_table(out / f"{name}.parquet").num_rows
            assert pacsv.read_csv(out / f"{name}.csv").num_rows == n, name
            row = con.execute(f'select count(*) from "{name}"').fetchone()
            assert row is not None and row[0] == n, name
            assert described[name] == n, name
            found[name] = n
    finally:
        con.close()
    return found


def _publish(out: Path, *prefix: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-c", PUBLISH, str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def half_published(corpus_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose datasets hold one document while its fragments hold two: the state a
    run is in when it publishes a new document."""
    base = tmp_path_factory.mktemp("half") / "out"
    shutil.copytree(corpus_run, base, symlinks=True)
    records = base / datasets.STATE_DIR / "records"
    later = sorted(RecordStore(records).metas())[-1]
    shutil.move(records / later, base.parent / later)
    (base / datasets.STATE_DIR / datasets.PUBLISHED_FILE).unlink()
    assert _publish(base).returncode == 0
    shutil.move(base.parent / later, records / later)
    return base


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (scripts/system-deps.sh)")
@pytest.mark.parametrize(("syscall", "when", "is_killed"), CASES)
def test_sigkill_in_publishing_leaves_one_whole_publication(
    corpus_run: Path,
    half_published: Path,
    tmp_path: Path,
    syscall: str,
    when: int,
    is_killed: bool,
) -> None:
    before, after = counts(half_published), counts(corpus_run)
    assert before != after
    out = tmp_path / "out"
    shutil.copytree(half_published, out, symlinks=True)
    assert STRACE is not None
    inject = f"inject={syscall}:signal=KILL:when={when}"
    killed = _publish(out, STRACE, "-f", "-qq", "-o", "/dev/null", "-e", inject)
    assert killed.returncode == (-9 if is_killed else 0), killed.stderr
    assert counts(out) in (before, after)  # one whole publication, never a mix

    assert _publish(out).returncode == 0  # the next run completes it
    assert counts(out) == after
    versions = out / datasets.STATE_DIR / "versions"
    assert len(list(versions.iterdir())) == 1  # a killed run's version is cleaned up
