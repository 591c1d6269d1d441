"""Table sums: `row_sum` (a row's years against its "I alt") and `column_total` (rows against
each total row).

``expected``/``actual`` are in the table's printed unit (1950 for "1.950", ``unit`` "1.000 kr."),
``expected_dkk``/``actual_dkk`` in kroner; ``record_ids`` are the budget lines added up and,
for column_total, the total row's cell. Sums must match
exactly; a difference no larger than the rounding of the printed decimals (half a unit of the
last decimal per added number) is a ``warn``, larger is ``fail``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from munidocs.extractors.checks.common import (
    RowKey,
    dec,
    decimals_of,
    fmt,
    rows_of,
    status_of,
    table_name,
)
from munidocs.extractors.lexicon.money import unit_multiplier
from munidocs.extractors.lexicon.numbers import NUMBER_TOKEN, is_dash, parse_danish_number
from munidocs.models import BudgetLine, Check, Page, RowTotal


def row_sum_checks(doc_id: str, lines: list[BudgetLine], totals: list[RowTotal]) -> list[Check]:
    rows = rows_of(lines)
    out: list[Check] = []
    for total in totals:
        key = RowKey(total.table, total.item, total.page, total.bbox)
        cells = rows.get(key, [])
        if not cells:
            continue
        values = [dec(c.amount) for c in cells]
        actual = sum(values, Decimal(0))
        expected = dec(total.amount)
        years = sorted(c.year for c in cells if c.year is not None)
        if len(years) != len(cells):
            continue  # a printed total over columns without years: not a row of years
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        status = status_of(expected, actual, len(values), decimals_of([*values, expected]))
        name = table_name(cells[0])
        out.append(
            Check(
                doc_id=doc_id,
                check="row_sum",
                status=status,
                expected=float(expected),
                actual=float(actual),
                message=(
                    f"{name} (page {total.page}), row '{total.item}': the years {span} add up to "
                    f"{fmt(actual)} ({total.unit}); the 'I alt' column says {fmt(expected)}."
                ),
                **_where(total.page, cells, total.unit, expected, actual),
            )
        )
    return out


def _where(
    page: int, cells: list[BudgetLine], unit: str, expected: Decimal, actual: Decimal
) -> dict[str, Any]:
    """The provenance columns of a table check: page, pages, records, unit, kroner."""
    factor = unit_multiplier(unit)
    return {
        "page": page,
        "pages": sorted({page, *(c.page for c in cells)}),
        "record_ids": [c.record_id for c in cells if c.record_id],
        "doc_ids": [cells[0].doc_id] if cells else [],
        "unit": unit,
        "expected_dkk": float(expected * factor) if factor is not None else None,
        "actual_dkk": float(actual * factor) if factor is not None else None,
    }


def row_totals_from_text(pages: list[Page], lines: list[BudgetLine]) -> list[RowTotal]:
    """Each row's "I alt" read back from the page text: the number right after its amounts.

    Used only where the reader's own values are not at hand. A row counts only when the text
    after its label prints exactly its amounts in year order and then one number more.
    """
    texts = {p.page: p.text for p in pages}
    out: list[RowTotal] = []
    for key, cells in rows_of(lines).items():
        text = texts.get(key.page, "")
        at = text.find(key.item)
        if at < 0 or key.bbox is None:
            continue
        want = [dec(c.amount) for c in sorted(cells, key=lambda c: c.year or 0)]
        numbers: list[Decimal] = []
        for token in text[at + len(key.item) :].split()[: len(want) + 8]:
            if not NUMBER_TOKEN.fullmatch(token):
                if numbers:
                    break
                continue  # descriptive cells (BIU, U, a Bevilling "35.10") before the amounts
            numbers.append(Decimal(0) if is_dash(token) else parse_danish_number(token))
        tail = numbers[: len(want) + 1]
        if len(tail) == len(want) + 1 and tail[:-1] == want:
            out.append(
                RowTotal(
                    cells[0].doc_id,
                    key.table,
                    cells[0].table_title,
                    key.item,
                    key.page,
                    float(tail[-1]),
                    cells[0].unit,
                    key.bbox,
                )
            )
    return out


def column_total_checks(doc_id: str, lines: list[BudgetLine]) -> list[Check]:
    out: list[Check] = []
    by_table: dict[int, dict[RowKey, list[BudgetLine]]] = {}
    for key, cells in rows_of(lines).items():
        by_table.setdefault(key.table, {})[key] = cells
    for rows in by_table.values():
        keys = list(rows)
        total_idx = [k for k, key in enumerate(keys) if rows[key][0].is_total]
        for pos, t in enumerate(total_idx):
            total_cells = rows[keys[t]]
            prev_t = total_idx[pos - 1] if pos else -1
            section = [rows[k] for k in keys[prev_t + 1 : t] if not rows[k][0].is_total]
            everything = [rows[k] for k in keys if not rows[k][0].is_total]
            area = total_cells[0].control_area
            same_area = [r for r in everything if area and r[0].control_area == area]
            last = pos == len(total_idx) - 1
            candidates = [("the rows above it", section), ("all rows of the table", everything)]
            if last and prev_t >= 0:
                candidates.reverse()
            if same_area:
                candidates.append((f"the {area} rows", same_area))
            candidates = [(label, group) for label, group in candidates if group]
            if not candidates:
                continue
            for cell in total_cells:
                out.append(_column_check(doc_id, cell, candidates))
    return out


def _column_name(line: BudgetLine) -> str:
    """The amount column of a line, as its header prints it: a year, or 'Ansøgt beløb' (2024)."""
    if line.measure and line.year is not None:
        return f"'{line.measure}' ({line.year})"
    if line.measure:
        return f"'{line.measure}'"
    return str(line.year)


def _column_check(
    doc_id: str, total: BudgetLine, candidates: list[tuple[str, list[list[BudgetLine]]]]
) -> Check:
    expected = dec(total.amount)
    results = []
    for label, group in candidates:
        cells = [
            c for row in group for c in row if (c.year, c.measure) == (total.year, total.measure)
        ]
        values = [dec(c.amount) for c in cells]
        actual = sum(values, Decimal(0))
        status = status_of(expected, actual, len(values), decimals_of([*values, expected]))
        results.append((status, label, actual, cells))
    order = {"pass": 0, "warn": 1, "fail": 2}
    status, label, actual, cells = min(results, key=lambda r: order[r[0]])
    if status == "fail":
        status, label, actual, cells = results[0]
    return Check(
        doc_id=doc_id,
        check="column_total",
        status=status,
        expected=float(expected),
        actual=float(actual),
        message=(
            f"{table_name(total)} (page {total.page}), {_column_name(total)}: {label} add up to "
            f"{fmt(actual)} ({total.unit}); the total row '{total.item}' says {fmt(expected)}."
        ),
        **_where(total.page, [total, *cells], total.unit, expected, actual),
    )
