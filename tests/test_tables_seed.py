"""The seed budget note's two tables, read from its rebuilt PDF: the issue's 14 rows, exactly."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfs import read_tables

from munidocs.models import BudgetLine

SEED_PDF = (
    Path(__file__).resolve().parents[1]
    / "corpus"
    / "pdfs"
    / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
)
T1 = "Tabel 1. Oversigt over ønskets aktiviteter på alle styringsområder"
T2 = "Tabel 2. Udgifter til service"
ITEM = "Drift af værested under LGBT Asylum"

# (table, title, item, committee, appropriation, control_area, direction, year, amount,
#  amount_dkk, is_total)
EXPECTED = [
    (1, T1, ITEM, None, None, "Service", None, 2026, 650.0, 650000.0, False),
    (1, T1, ITEM, None, None, "Service", None, 2027, 650.0, 650000.0, False),
    (1, T1, ITEM, None, None, "Service", None, 2028, 650.0, 650000.0, False),
    (1, T1, ITEM, None, None, "Service", None, 2029, 0.0, 0.0, False),
    (1, T1, "Udgifter i alt (netto)", None, None, None, None, 2026, 650.0, 650000.0, True),
    (1, T1, "Udgifter i alt (netto)", None, None, None, None, 2027, 650.0, 650000.0, True),
    (1, T1, "Udgifter i alt (netto)", None, None, None, None, 2028, 650.0, 650000.0, True),
    (1, T1, "Udgifter i alt (netto)", None, None, None, None, 2029, 0.0, 0.0, True),
    (2, T2, ITEM, "BIU", "35.10", "Service", "expense", 2026, 650.0, 650000.0, False),
    (2, T2, ITEM, "BIU", "35.10", "Service", "expense", 2027, 650.0, 650000.0, False),
    (2, T2, ITEM, "BIU", "35.10", "Service", "expense", 2028, 650.0, 650000.0, False),
    (2, T2, "Serviceudgifter i alt", None, None, "Service", None, 2026, 650.0, 650000.0, True),
    (2, T2, "Serviceudgifter i alt", None, None, "Service", None, 2027, 650.0, 650000.0, True),
    (2, T2, "Serviceudgifter i alt", None, None, "Service", None, 2028, 650.0, 650000.0, True),
]


def read_seed() -> list[BudgetLine]:
    return read_tables(SEED_PDF, "seed").lines


@pytest.fixture(scope="module")
def seed_lines() -> list[BudgetLine]:
    return read_seed()


def test_seed_gives_exactly_the_fourteen_rows(seed_lines: list[BudgetLine]) -> None:
    got = [
        (
            ln.table,
            ln.table_title,
            ln.item,
            ln.committee,
            ln.appropriation,
            ln.control_area,
            ln.direction,
            ln.year,
            ln.amount,
            ln.amount_dkk,
            ln.is_total,
        )
        for ln in seed_lines
    ]
    assert got == EXPECTED


def test_seed_unit_price_level_and_pages(seed_lines: list[BudgetLine]) -> None:
    assert {(ln.unit, ln.price_level) for ln in seed_lines} == {("1.000 kr.", "2026 p/l")}
    assert [ln.page for ln in seed_lines] == [2] * 8 + [4] * 6
    assert {ln.doc_id for ln in seed_lines} == {"seed"}


def test_seed_row_bboxes_cover_label_and_amounts(seed_lines: list[BudgetLine]) -> None:
    with pdfplumber.open(SEED_PDF) as pdf:
        for ln in seed_lines:
            assert ln.row_bbox is not None
            x0, top, x1, bottom = ln.row_bbox
            page = pdf.pages[ln.page - 1]
            text = page.crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            assert ln.item.split()[0] in text
            assert "650" in text


def test_seed_budget_line_boxes_are_their_amount_cells(seed_lines: list[BudgetLine]) -> None:
    """The box of a budget line is its own cell: "650" of 2026, not the whole row."""
    with pdfplumber.open(SEED_PDF) as pdf:
        cells = []
        for ln in seed_lines:
            assert ln.bbox is not None
            x0, top, x1, bottom = ln.bbox
            page = pdf.pages[ln.page - 1]
            cells.append(
                page.within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            )
    assert cells == ["650", "650", "650", "0"] * 2 + ["650", "650", "650"] * 2
    first_row = [ln.bbox for ln in seed_lines[:4]]
    assert len({b[0] for b in first_row if b}) == 4  # four cells side by side


def test_seed_budget_line_record_ids(seed_lines: list[BudgetLine]) -> None:
    assert [ln.record_id for ln in seed_lines[:5]] == [
        "seed-p2-t1-r1-2026",
        "seed-p2-t1-r1-2027",
        "seed-p2-t1-r1-2028",
        "seed-p2-t1-r1-2029",
        "seed-p2-t1-r2-2026",
    ]
    assert seed_lines[-1].record_id == "seed-p4-t2-r2-2028"
    assert len({ln.record_id for ln in seed_lines}) == len(seed_lines)


def test_seed_row_totals_are_kept_for_the_row_sum_check() -> None:
    reader = read_tables(SEED_PDF, "seed")
    assert [(t.table, t.item, t.amount, t.page) for t in reader.row_totals] == [
        (1, ITEM, 1950.0, 2),
        (1, "Udgifter i alt (netto)", 1950.0, 2),
        (2, ITEM, 1950.0, 4),
        (2, "Serviceudgifter i alt", 1950.0, 4),
    ]
