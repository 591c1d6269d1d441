"""A finished table's rows as the output's records: one BudgetLine per amount and year.

A row's printed "I alt" becomes a RowTotal (for the row_sum check), never a year. The
control area comes from the row's Styringsområde cell, else the table title's area, else the
area total below the row ("Anlæg i alt"); a mixed total has none. Cells that do not parse as
Danish numbers are logged and skipped, never guessed; a "-" cell is a printed zero.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from munidocs.extractors.lexicon import (
    NotANumber,
    cell_amount,
    is_dash,
    parse_danish_number,
    to_dkk,
)
from munidocs.extractors.reading.text import normalize_text
from munidocs.extractors.tables.header import (
    area_from_title,
    area_from_total,
    area_name,
    direction_of,
    is_total,
)
from munidocs.extractors.tables.model import NUMERIC_KINDS, Row, TableModel
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BBox, BudgetLine, RowTotal, TableCell
from munidocs.models.ids import budget_line_id

log = logging.getLogger(__name__)


def emit_table(
    doc_id: str,
    rows: list[Row],
    model: TableModel,
    unit: str,
    settings: TableSettings,
    lines: list[BudgetLine],
    totals: list[RowTotal],
    cells: list[TableCell] | None = None,
) -> None:
    """Append the budget lines and printed row totals of one table to ``lines``/``totals``,
    and every cell of it (header row first) to ``cells``.

    Rows are parsed first and areas settled across them (an area total names the area of
    the rows above it) before any record is made. Records are appended as they are made, so
    should a row fail, the rows before it stand (as the reader's page-level guard expects).
    """
    cols = model.columns
    label_cols = [k for k, c in enumerate(cols) if c.kind in ("label", "other")]
    by_kind = {c.kind: k for k, c in enumerate(cols) if c.kind not in ("label", "other")}
    # the title names the area only of a table without a Styringsområde column
    title_area = None if "area" in by_kind else area_from_title(model.title)
    y_tol = settings.line_y_tolerance
    parsed: list[dict[str, Any]] = []
    for row in rows:
        item = normalize_text("\n".join([row.text(label_cols, y_tol), *row.tail]))
        if not item:
            continue
        info: dict[str, Any] = {"row": row, "item": item, "total": is_total(item)}
        for kind in ("area", "committee", "appropriation", "direction"):
            info[kind] = row.text([by_kind[kind]], y_tol) if kind in by_kind else ""
        parsed.append(info)
    # area: own cell, else title, else area total's label (rows above it share it)
    pending: list[dict[str, Any]] = []
    for info in parsed:
        if info["area"]:
            info["area"] = area_name(info["area"])
        elif info["total"]:
            info["area"] = area_from_total(info["item"]) or title_area
            for p in pending:
                p["area"] = p["area"] or info["area"]
            pending = []
        else:
            info["area"] = title_area
            pending.append(info)
    if cells is not None:
        table_cells(doc_id, rows, model, settings, cells)
    for number, info in enumerate(parsed, start=1):
        _row_records(doc_id, number, info, model, unit, lines, totals)


def _box(words: list[Any]) -> BBox:
    """The box around some words (a cell's), rounded like the row box."""
    return (
        round(min(w.x0 for w in words), 2),
        round(min(w.top for w in words), 2),
        round(max(w.x1 for w in words), 2),
        round(max(w.bottom for w in words), 2),
    )


def table_cells(
    doc_id: str, rows: list[Row], model: TableModel, settings: TableSettings, out: list[TableCell]
) -> None:
    """The table's cells: its header row (row 1), then each body row; blank cells are left out.

    A label that ran over onto the next page (a row the page break cut) stays in its row's
    label cell, on the row's first page.
    """
    y_tol = settings.line_y_tolerance
    first_page = model.page or (rows[0].page if rows else 1)
    for k, col in enumerate(model.columns):
        if col.header:
            out.append(
                TableCell(
                    doc_id, first_page, model.number, 1, k + 1, True, col.header, None, None, None
                )
            )
    label_cols = {k for k, c in enumerate(model.columns) if c.kind in ("label", "other")}
    for r, row in enumerate(rows, start=2):
        for k in sorted(row.words):
            words = row.words[k]
            text = row.text([k], y_tol)
            if k == min(label_cols, default=-1) and row.tail:
                text = normalize_text("\n".join([text, *row.tail]))
            if not text:
                continue
            amount = cell_amount(text)
            box = _box(words)
            out.append(
                TableCell(
                    doc_id,
                    row.page,
                    model.number,
                    r,
                    k + 1,
                    False,
                    text,
                    float(amount.value) if amount else None,
                    amount.unit if amount else None,
                    box,
                )
            )


def _row_records(
    doc_id: str,
    number: int,
    info: dict[str, Any],
    model: TableModel,
    unit: str,
    lines: list[BudgetLine],
    totals: list[RowTotal],
) -> None:
    """Append one row's budget lines (one per year cell) and its printed total.

    A budget line's `bbox` is its amount cell's (the words in that column of the row), its
    `row_bbox` the whole row's; `number` is the row's place in the table (for the record id).
    """
    row: Row = info["row"]
    bbox = row.bbox
    for k, col in enumerate(model.columns):
        if col.kind not in NUMERIC_KINDS or not row.words.get(k):
            continue
        raw = "".join(w.text for w in sorted(row.words[k], key=lambda w: w.x0))
        try:
            amount = Decimal(0) if is_dash(raw) else parse_danish_number(raw)
        except NotANumber:
            log.warning(
                "%s p.%d table %d: cell %r of %r is not a number; skipped",
                doc_id,
                row.page,
                model.number,
                raw,
                info["item"],
            )
            continue
        if col.kind == "sum":
            totals.append(
                RowTotal(
                    doc_id,
                    model.number,
                    model.title,
                    info["item"],
                    row.page,
                    float(amount),
                    unit,
                    bbox,
                    _box(row.words[k]),
                )
            )
            continue
        dkk = to_dkk(amount, unit)
        assert col.year is not None
        lines.append(
            BudgetLine(
                doc_id=doc_id,
                page=row.page,
                table=model.number,
                table_title=model.title,
                item=info["item"],
                committee=info["committee"] or None,
                appropriation=info["appropriation"] or None,
                control_area=info["area"] or None,
                direction=direction_of(info["direction"]),
                year=col.year,
                amount=float(amount),
                unit=unit,
                amount_dkk=float(dkk) if dkk is not None else float("nan"),
                price_level=model.price_level,
                is_total=info["total"],
                bbox=_box(row.words[k]),
                year_source="column",
                record_id=budget_line_id(doc_id, row.page, model.number, number, col.year),
                row_bbox=bbox,
            )
        )
