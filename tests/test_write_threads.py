"""Datasets written side by side (`output.write_threads`) are the same files as written one
after the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from test_datapackage import document, line

from munidocs.extractors.output.datasets import DUCKDB_FILE, write_datasets
from munidocs.extractors.output.tables import to_table
from munidocs.extractors.settings import Settings, SettingsError
from munidocs.models import DATASETS


def _sources(n_docs: int) -> dict[str, object]:
    """Every dataset as one table per document, as publishing reads the fragments."""
    ids = [f"{k:064x}" for k in range(1, n_docs + 1)]

    def per_document(name: str) -> Iterator[pa.Table]:
        for k, doc_id in enumerate(ids):
            if name == "documents":
                rows: list[object] = [document(doc_id, file_name=f"note-{k}.pdf")]
            elif name == "budget_lines":
                rows = [line(doc_id, amount=float(k * 10 + y), year=2026 + y) for y in range(3)]
            else:
                rows = []
            yield to_table(name, rows)

    return {name: per_document(name) for name in DATASETS}


@pytest.mark.parametrize("threads", [0, 3])
def test_datasets_written_side_by_side_are_the_same_files(tmp_path: Path, threads: int) -> None:
    one, many = tmp_path / "one", tmp_path / "many"
    write_datasets(one, _sources(40), validate=False, threads=1)
    write_datasets(many, _sources(40), validate=False, threads=threads)
    for name in DATASETS:
        for ext in ("parquet", "csv"):
            assert (many / f"{name}.{ext}").read_bytes() == (one / f"{name}.{ext}").read_bytes()
    for folder in (one, many):
        with duckdb.connect(str(folder / DUCKDB_FILE), read_only=True) as con:
            assert con.execute("select count(*), sum(amount) from budget_lines").fetchone() == (
                120,
                sum(k * 10 + y for k in range(40) for y in range(3)),
            )


def test_write_threads_must_not_be_negative() -> None:
    with pytest.raises(SettingsError, match="write_threads must not be negative"):
        Settings().with_overrides({"output.write_threads": "-1"})


@pytest.mark.parametrize(("threads", "at_least"), [(1, len(DATASETS)), (3, 1)])
def test_what_writing_freed_is_handed_back_before_duckdb_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int, at_least: int
) -> None:
    """One after the other: after each dataset (a 1,000-page document's publication peaked
    397 MiB without, 332 with); side by side: once all are written."""
    from munidocs.extractors.output import datasets

    calls: list[str] = []
    monkeypatch.setattr(datasets, "release_memory", lambda: calls.append("release"))
    load = datasets._load_duckdb
    monkeypatch.setattr(datasets, "_load_duckdb", lambda v: (calls.append("load"), load(v)))
    write_datasets(tmp_path / "out", _sources(3), validate=False, threads=threads)
    assert calls.index("load") >= at_least
    assert set(calls[: calls.index("load")]) == {"release"}
