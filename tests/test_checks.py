"""Consistency checks: row sums, column totals and the note's text against its tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from munidocs.extractors.checks import check_document, fmt, text_amounts
from munidocs.extractors.reading.text import normalize_text
from munidocs.extractors.tables.reader import BudgetTableReader
from munidocs.models import BudgetLine, Check, Page, RowTotal

SEED_PDF = (
    Path(__file__).resolve().parents[1]
    / "corpus"
    / "pdfs"
    / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
)


def page(n: int, text: str) -> Page:
    return Page("d", n, text, len(text), False, 595.0, 842.0)


def line(item: str, year: int, amount: float, *, total: bool = False, table: int = 1,
         area: str | None = None, unit: str = "1.000 kr.", page_no: int = 2) -> BudgetLine:  # fmt: skip
    factor = {"1.000 kr.": 1000, "mio. kr.": 1_000_000}[unit]
    return BudgetLine(
        "d", page_no, table, f"Tabel {table}. Udgifter", item, None, None, area, None, year,
        amount, unit, amount * factor, "2026 p/l", total, (10.0, 10.0 * table, 500.0, 20.0),
    )  # fmt: skip


@pytest.fixture(scope="module")
def seed_checks() -> list[Check]:
    reader = BudgetTableReader("seed")
    pages = []
    with pdfplumber.open(SEED_PDF) as pdf:
        for n, p in enumerate(pdf.pages, 1):
            text = normalize_text(p.extract_text())
            pages.append(Page("seed", n, text, len(text), False, float(p.width), float(p.height)))
            reader.add_page(p, n)
            p.close()
    lines = reader.finish()
    return check_document("seed", pages, lines, reader.row_totals)


def test_seed_row_sums_pass(seed_checks: list[Check]) -> None:
    rows = [(c.status, c.expected, c.actual) for c in seed_checks if c.check == "row_sum"]
    assert rows == [("pass", 1950.0, 1950.0)] * 4
    first = next(c for c in seed_checks if c.check == "row_sum")
    assert first.message == (
        "Tabel 1 (page 2), row 'Drift af værested under LGBT Asylum': the years 2026-2029 add "
        "up to 1.950 (1.000 kr.); the 'I alt' column says 1.950."
    )


def test_seed_column_totals_pass(seed_checks: list[Check]) -> None:
    cols = [(c.status, c.expected) for c in seed_checks if c.check == "column_total"]
    assert cols == [("pass", 650.0)] * 3 + [("pass", 0.0)] + [("pass", 650.0)] * 3


def test_seed_text_vs_table_fails_readably(seed_checks: list[Check]) -> None:
    [check] = [c for c in seed_checks if c.check == "text_vs_table"]
    assert (check.status, check.expected, check.actual) == ("fail", 650000.0, 600000.0)
    for part in ("0,6 mio. kr.", "650 (1.000 kr.)", "page 1", "page 2", "0,7 mio. kr."):
        assert part.lower() in check.message.lower()


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("afsætte 0,65 mio. kr. årligt i 2026-2027", "pass"),
        ("afsætte 0,7 mio. kr. årligt", "pass"),
        ("afsætte 0,6 mio. kr. årligt", "fail"),
        ("udgør 650.000 kr. om året", "pass"),
        ("udgør 649.000 kr. pr. år", "fail"),
        ("Der afsættes 1 mio. kr. årligt", "pass"),
    ],
)
def test_text_tolerance_is_the_texts_own_rounding(text: str, status: str) -> None:
    lines = [line("Udgifter i alt", y, 650.0, total=True) for y in (2026, 2027)]
    [check] = check_document("d", [page(1, text)], lines, [])
    assert check.status == status


def test_text_amount_for_one_year_is_compared_with_that_year() -> None:
    lines = [line("I alt", 2026, 1200.0, total=True), line("I alt", 2027, 900.0, total=True)]
    [check] = check_document("d", [page(1, "I 2027 bruges 0,9 mio. kr. på drift.")], lines, [])
    assert (check.status, check.expected, check.actual) == ("pass", 900000.0, 900000.0)
    assert "for 2027" in check.message


def test_amounts_not_stated_per_year_are_not_compared() -> None:
    text = "En besparelse på 2,7 mia. kr. på landsplan frem mod 2035. 1.000 kr., 2026 p/l"
    assert text_amounts(page(1, text)) == []
    lines = [line("I alt", 2026, 650.0, total=True)]
    assert check_document("d", [page(1, text)], lines, []) == []


def test_text_amount_units() -> None:
    found = text_amounts(page(3, "Samlet 1,2 mia. kr. årligt, heraf 650.000 kr. årligt og 5 t.kr."))
    assert [(a.text, a.value * a.multiplier, a.decimals) for a in found] == [
        ("1,2 mia. kr.", Decimal("1200000000"), 1),
        ("650.000 kr.", Decimal("650000"), 0),
        ("5 t.kr.", Decimal("5000"), 0),
    ]


def test_column_total_fails_with_both_numbers_and_page() -> None:
    lines = [
        line("Løn", 2026, 400.0, area="Service"),
        line("Husleje", 2026, 300.0, area="Service"),
        line("Serviceudgifter i alt", 2026, 650.0, total=True, area="Service"),
    ]
    [check] = [c for c in check_document("d", [], lines, []) if c.check == "column_total"]
    assert (check.status, check.expected, check.actual) == ("fail", 650.0, 700.0)
    assert check.message == (
        "Tabel 1 (page 2), 2026: the rows above it add up to 700 (1.000 kr.); "
        "the total row 'Serviceudgifter i alt' says 650."
    )


def test_grand_total_after_area_subtotals() -> None:
    lines = [
        line("Løn", 2026, 400.0, area="Service"),
        line("Serviceudgifter i alt", 2026, 400.0, total=True, area="Service"),
        line("Ombygning", 2026, 100.0, area="Anlæg"),
        line("Anlæg i alt", 2026, 100.0, total=True, area="Anlæg"),
        line("I alt", 2026, 500.0, total=True),
    ]
    checks = [c for c in check_document("d", [], lines, []) if c.check == "column_total"]
    assert [(c.status, c.actual) for c in checks] == [
        ("pass", 400.0), ("pass", 100.0), ("pass", 500.0)
    ]  # fmt: skip
    assert "all rows of the table" in checks[2].message


def test_row_sum_rounding_of_decimals_is_a_warning_and_a_real_gap_a_failure() -> None:
    bbox = (10.0, 10.0, 500.0, 20.0)
    lines = [
        line("Drift", y, v, unit="mio. kr.") for y, v in ((2026, 0.3), (2027, 0.3), (2028, 0.3))
    ]
    rounded = RowTotal("d", 1, "Tabel 1. Udgifter", "Drift", 2, 1.0, "mio. kr.", bbox)
    wrong = RowTotal("d", 1, "Tabel 1. Udgifter", "Drift", 2, 1.5, "mio. kr.", bbox)
    assert [c.status for c in check_document("d", [], lines, [rounded])] == ["warn"]
    [check] = check_document("d", [], lines, [wrong])
    assert (check.status, check.expected, check.actual) == ("fail", 1.5, 0.9)
    assert "0,9 (mio. kr.)" in check.message and "says 1,5" in check.message


def test_fmt_prints_danish_numbers() -> None:
    assert [fmt(Decimal(x)) for x in ("1950", "0.6", "-200", "1234567.5", "0")] == [
        "1.950", "0,6", "-200", "1.234.567,5", "0"
    ]  # fmt: skip


def test_row_totals_read_back_from_the_page_text_when_the_reader_kept_none() -> None:
    lines = [line("Drift af værested", y, 650.0) for y in (2026, 2027, 2028)]
    text = "Tabel 2. Udgifter Drift af værested BIU 35.10 U 650 650 650 1.950 Serviceudgifter i alt"
    [check] = [c for c in check_document("new-doc", [page(2, text)], lines) if c.check == "row_sum"]
    assert (check.status, check.expected, check.actual) == ("pass", 1950.0, 1950.0)
    wrong = text.replace("1.950", "2.000")
    [check] = [
        c for c in check_document("new-doc", [page(2, wrong)], lines) if c.check == "row_sum"
    ]
    assert (check.status, check.expected, check.actual) == ("fail", 2000.0, 1950.0)


def test_each_amount_in_a_sentence_keeps_its_own_years() -> None:
    text = (
        "Der søges om 12,5 mio. kr. i anlæg i 2027 og driftsmidler på 1,5 mio. kr. årligt fra 2028."
    )
    amounts = text_amounts(Page("d", 1, text, len(text), False, 595.0, 842.0))
    assert [(a.text, a.years[:3]) for a in amounts] == [
        ("12,5 mio. kr.", (2027,)),
        ("1,5 mio. kr.", (2028, 2029, 2030)),  # "fra 2028": 2028 and later
    ]
