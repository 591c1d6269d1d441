"""What every check shares: Danish number formatting, pass/warn/fail, and rows of a table."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from munidocs.models import BudgetLine


def fmt(value: Decimal) -> str:
    """Danish print form: 1950 -> "1.950", 0.6 -> "0,6", -200 -> "-200"."""
    value = value.normalize() if value == value.to_integral() else value
    text = f"{abs(value):,f}" if value != value.to_integral() else f"{abs(int(value)):,}"
    text = text.replace(",", "X").replace(".", ",").replace("X", ".")
    return f"-{text}" if value < 0 else text


def difference(table_minus_text: Decimal, each: str = "") -> str:
    """ "a difference of 50.000 kr. a year (the table is higher)": the gap in kroner, and which
    side is higher, for a journalist to quote."""
    side = "higher" if table_minus_text > 0 else "lower"
    return f"a difference of {fmt(abs(table_minus_text))} kr.{each} (the table is {side})"


def dec(x: float) -> Decimal:
    return Decimal(repr(x))


def decimals_of(values: Iterable[Decimal]) -> int:
    return max((max(0, -int(v.normalize().as_tuple().exponent)) for v in values), default=0)


def status_of(expected: Decimal, actual: Decimal, n_terms: int, decimals: int) -> str:
    if expected == actual:
        return "pass"
    slack = Decimal(n_terms) * Decimal(5) * Decimal(10) ** -(decimals + 1)
    return "warn" if decimals and abs(expected - actual) <= slack else "fail"


def table_name(line: BudgetLine) -> str:
    if line.table_title:
        return (
            line.table_title.split(".")[0]
            if re.match(r"Tab", line.table_title)
            else line.table_title
        )
    return f"table {line.table}"


@dataclass(frozen=True, slots=True)
class RowKey:
    table: int
    item: str
    page: int
    bbox: tuple[float, float, float, float] | None


def row_box(line: BudgetLine) -> tuple[float, float, float, float] | None:
    """The box of the line's whole row (`bbox` is its amount cell's; lines built without a
    row box, in tests or by older versions, have the row's box in `bbox`)."""
    return line.row_bbox if line.row_bbox is not None else line.bbox


def rows_of(lines: list[BudgetLine]) -> dict[RowKey, list[BudgetLine]]:
    """The lines of each table row (one line per year cell), rows in reading order."""
    rows: dict[RowKey, list[BudgetLine]] = {}
    for line in lines:
        rows.setdefault(RowKey(line.table, line.item, line.page, row_box(line)), []).append(line)
    return rows
