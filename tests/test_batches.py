"""Documents reach the `extract` tasks in batches: few tasks (each costs the Prefect server
CPU), yet enough batches per worker, the largest files first, and batches that shrink towards
the end so that the workers finish together."""

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
    assert [len(g) for g in batches(jobs(*[10] * 12), 8, workers=2, per_worker=4)] == [1] * 12
    assert [len(g) for g in batches(jobs(5, 6, 7), 8, workers=2, per_worker=4)] == [1, 1, 1]
    assert batches([], 8, 2, 4) == []


def test_the_largest_files_come_first_and_a_big_one_alone() -> None:
    groups = batches(jobs(900, 10, 800, 20, 700, 30), 3, workers=1, per_worker=2)
    assert names(groups) == [["d00"], ["d02"], ["d04", "d05", "d03"], ["d01"]]
    sizes = [[j.n_bytes for j in g] for g in batches(jobs(5000, 4000, *[100] * 30), 8, 2, 4)]
    assert sizes == [[5000], [4000], *[[100] * 4] * 6, [100] * 3, [100], [100], [100]]


def test_the_last_batches_shrink_to_one_document() -> None:
    """The scale benchmark's 209 documents on two workers: equal batches made one worker
    finish a whole batch alone at the end (0.7 s); now the last ones hold a document each."""
    groups = batches(jobs(*[10] * 209), 8, workers=2, per_worker=4)
    assert [len(g) for g in groups] == [8] * 25 + [4, 2, 1, 1, 1]


def test_workers_taking_batches_as_they_come_free_finish_together() -> None:
    for sizes, finished in (
        ([10] * 209, [1040, 1050]),  # equal batches: 1,010 and 1,080
        ([(n * 37) % 100 + 1 for n in range(209)], [5270, 5271]),  # equal batches: 5,101, 5,440
    ):
        free = [0, 0]  # each worker's time so far, a document costing its size
        for group in batches(jobs(*sizes), 8, workers=2, per_worker=4):
            free[free.index(min(free))] += sum(j.n_bytes for j in group)
        assert sorted(free) == finished


def test_batch_settings_must_be_positive() -> None:
    with pytest.raises(ValueError, match="batch_documents"):
        RunSettings(batch_documents=0)
    assert RunSettings().batch_documents == 16
