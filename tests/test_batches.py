"""Documents reach the `extract` tasks in batches: few tasks (each costs the Prefect server
CPU), yet enough batches per worker, and every batch a share of the big files."""

from __future__ import annotations

import pytest

from munidocs.extractors.settings import RunSettings
from munidocs.flows.workers import Job, batches


def jobs(*sizes: int) -> list[Job]:
    return [Job(f"{n}.pdf", f"d{n:02d}", "s", "f", size, "r", {}) for n, size in enumerate(sizes)]


def names(groups: list[list[Job]]) -> list[list[str]]:
    return [[j.doc_id for j in group] for group in groups]


def test_many_small_documents_make_batches_of_the_batch_size() -> None:
    groups = batches(jobs(*[10] * 40), size=8, workers=1, per_worker=4)
    assert [len(g) for g in groups] == [8, 8, 8, 8, 8]
    assert sorted(j for g in names(groups) for j in g) == [f"d{n:02d}" for n in range(40)]


def test_few_documents_still_give_each_worker_its_batches() -> None:
    assert [len(g) for g in batches(jobs(*[10] * 12), 8, workers=2, per_worker=4)] == [2] * 4 + [
        1
    ] * 4
    assert [len(g) for g in batches(jobs(5, 6, 7), 8, workers=2, per_worker=4)] == [1, 1, 1]
    assert batches([], 8, 2, 4) == []


def test_the_largest_files_are_dealt_out_round_robin() -> None:
    groups = batches(jobs(900, 10, 800, 20, 700, 30), 3, workers=1, per_worker=2)
    assert names(groups) == [["d00", "d04", "d03"], ["d02", "d05", "d01"]]


def test_batch_settings_must_be_positive() -> None:
    with pytest.raises(ValueError, match="batch_documents"):
        RunSettings(batch_documents=0)
    assert RunSettings().batch_documents == 8
