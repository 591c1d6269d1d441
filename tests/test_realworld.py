"""Floors on real Danish public-sector PDFs, scored against the hand-made gold.

`tests/fixtures/realworld/gold.toml` annotates 17 real documents from many publishers (see its
README for sources and what counts). The pipeline runs over them once per session and
`benchmarks.realworld` scores it; the floors below are what the pipeline reached when they
were set, so a change that makes real documents worse fails here. Exact answers stay for the
seeds; these are floors, not lists.
"""

from __future__ import annotations

import pytest

from benchmarks.realworld import GOLD, Scores, load_gold, run


@pytest.fixture(scope="module")
def scores() -> Scores:
    return run(load_gold(), GOLD.parent)


def test_titles_are_the_documents_own_subject(scores: Scores) -> None:
    assert scores.titles >= 13
    assert scores.titles_right / scores.titles >= 0.90


def test_document_kinds(scores: Scores) -> None:
    assert scores.kinds == 17
    assert scores.kinds_right / scores.kinds >= 0.90


def test_money_recall(scores: Scores) -> None:
    assert scores.money.recall >= 0.95


def test_budget_lines(scores: Scores) -> None:
    assert scores.budget_lines.f1 >= 0.90


def test_organisations(scores: Scores) -> None:
    assert scores.orgs.f1 >= 0.80


def test_law_references(scores: Scores) -> None:
    assert scores.laws.f1 >= 0.90
    assert scores.eli_right == scores.eli_gold


def test_no_entities_from_table_header_cells(scores: Scores) -> None:
    assert scores.header_entities == 0
