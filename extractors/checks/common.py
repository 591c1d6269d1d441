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


def rows_of(lines: list[BudgetLine]) -> dict[RowKey, list[BudgetLine]]:
    rows: dict[RowKey, list[BudgetLine]] = {}
    for line in lines:
        rows.setdefault(RowKey(line.table, line.item, line.page, line.bbox), []).append(line)
    return rows
