"""Every table of one document, page by page: its cells, and budget lines where it holds amounts.

The read stage feeds each page once (`add_page`) and asks for the result at the end
(`finish`). Per page:

1. `predicate.may_hold_table` on the page's plain text (and its count of ruling lines) says
   whether the page gets any table treatment at all; a table left open on the page before
   is continued regardless.
2. The budget reader (`reader.BudgetTableReader`) reads the tables with a year header, exactly
   as on budget notes: budget lines, printed row totals, cells.
3. Any other table on the page (`grid`: ruled, or aligned without rules) becomes cells, and
   budget lines where a column holds amounts (`amounts`).

Tables are numbered in one sequence per document, the budget reader's first on each page, so
`table_cells.table` and `budget_lines.table` name the same table. A table that runs to the
foot of a page and goes on at the top of the next one, with the same columns (its header
repeated or not), keeps its number and its row count; the first row on the next page joins
the row above when it has no label (a row the page break cut).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from munidocs.extractors.lexicon import cell_amount
from munidocs.extractors.tables.aligned import aligned_tables
from munidocs.extractors.tables.amounts import amount_lines
from munidocs.extractors.tables.grid import (
    GenericTable,
    gline_group,
    overlaps,
    page_gwords,
    ruled_tables,
)
from munidocs.extractors.tables.layout import RawWords, extract_raw_words
from munidocs.extractors.tables.predicate import may_hold_table
from munidocs.extractors.tables.reader import BudgetTableReader
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BudgetLine, RowTotal, TableCell

log = logging.getLogger(__name__)


@dataclass
class DocumentTablesResult:
    """What the tables of a document give: budget lines, printed row totals, every cell."""

    budget_lines: list[BudgetLine] = field(default_factory=list)
    row_totals: list[RowTotal] = field(default_factory=list)
    table_cells: list[TableCell] = field(default_factory=list)


class DocumentTables:
    """Collects every table of one document, page by page (see the module docstring)."""

    def __init__(self, doc_id: str, settings: TableSettings | None = None) -> None:
        self.doc_id = doc_id
        self.settings = settings or TableSettings()
        self._number = 0
        self.budget = BudgetTableReader(doc_id, self.settings, numbering=self._next)
        self.tables: list[GenericTable] = []
        self._last_page: tuple[int, float, list[GenericTable]] | None = None

    def _next(self) -> int:
        self._number += 1
        return self._number

    def wants(self, text: str, rules: int = 0) -> bool:
        """Whether a page with this plain text (and ``rules`` ruling segments, when known) needs
        layout analysis: `predicate.may_hold_table`, or a budget table open from the page before.
        The read stage asks this before it parses a page's layout at all."""
        return self.budget.wants(text) or may_hold_table(text, rules, self.settings)

    def skip_page(self) -> None:
        """A page the caller did not give to `add_page`: no table goes on across it."""
        self.budget.skip_page()
        self._last_page = None

    def add_page(self, page: Any, number: int, text: str) -> None:
        """Read the tables of one page; ``text`` is its plain text (for the predicate).

        A layout no reader can follow costs that page's tables (logged), never the document.
        """
        if not self.wants(text, len(page.edges)):
            self.skip_page()
            return
        try:  # both readers' words, grouped once
            raw: RawWords | None = extract_raw_words(page, self.settings)
        except Exception:  # each reader tries itself, and costs the page at worst, as before
            raw = None
        if self.budget.wants(text):
            self.budget.add_page(page, number, raw)
        else:
            self.budget.skip_page()
        try:
            found = self._find(page, number, raw)
        except Exception:
            log.exception("%s p.%d: reading tables failed; page skipped", self.doc_id, number)
            found = []
        self._stitch(found, number, float(page.height))
        self.tables.extend(found)
        self._last_page = (number, float(page.height), found)

    def _find(self, page: Any, number: int, raw: RawWords | None) -> list[GenericTable]:
        s = self.settings
        taken = self.budget.regions.get(number, [])
        words = page_gwords(page, s, raw)
        lines = gline_group(words, s.line_y_tolerance)
        ruled = [t for t in ruled_tables(page, words, lines, s) if not _taken(t, taken)]
        aligned = aligned_tables(lines, [*taken, *(t.box for t in ruled)], s)
        found = sorted([*ruled, *aligned], key=lambda t: (t.box[1], t.box[0]))
        for t in found:
            t.page = number
        return found

    def _stitch(self, found: list[GenericTable], number: int, height: float) -> None:
        """Number the page's tables; the first goes on with the previous page's last one if it
        continues it (same columns, near the page's top and the previous page's foot)."""
        s = self.settings
        previous = self._last_page
        for i, table in enumerate(found):
            prev = previous[2][-1] if previous and previous[2] else None
            if (
                i == 0
                and prev is not None
                and previous is not None
                and previous[0] == number - 1
                and prev.box[3] >= s.continue_share * previous[1]
                and table.box[1] <= (1 - s.continue_share) * height
                and _same_columns(prev, table)
                and (table.caption is None or table.caption == prev.caption)
            ):
                table.number = prev.number
                table.caption = table.caption or prev.caption
                table.first_row = prev.first_row + len(prev.rows)
                if not table.n_header and _cut_row(prev, table):
                    table.first_row -= 1
            else:
                table.number = self._next()

    def finish(self, title: str | None = None) -> DocumentTablesResult:
        """Budget lines, row totals and cells of every table; ``title`` (the document's) may
        give the year of amount tables that print none of their own."""
        out = DocumentTablesResult()
        out.budget_lines = list(self.budget.finish())
        out.row_totals = list(self.budget.row_totals)
        out.table_cells = list(self.budget.cells)
        by_number: dict[int, list[GenericTable]] = {}
        for t in self.tables:
            by_number.setdefault(t.number, []).append(t)
            out.table_cells.extend(generic_cells(self.doc_id, t))
        for parts in by_number.values():
            try:
                out.budget_lines.extend(amount_lines(self.doc_id, parts, title, self.settings))
            except Exception:
                log.exception("%s table %d: amounts not read", self.doc_id, parts[0].number)
        out.budget_lines.sort(key=lambda b: (b.table, b.page))
        out.table_cells.sort(key=lambda c: (c.table, c.row, c.column, c.page))
        return out


def generic_cells(doc_id: str, table: GenericTable) -> list[TableCell]:
    """The filled cells of one page's part of a table."""
    out = []
    for i, row in enumerate(table.rows):
        for k, cell in enumerate(row):
            text = cell.text
            if not text:
                continue
            amount = cell_amount(text)
            out.append(
                TableCell(
                    doc_id=doc_id,
                    page=table.page,
                    table=table.number,
                    row=table.first_row + i,
                    column=k + 1,
                    is_header=i < table.n_header,
                    text=text,
                    value=float(amount.value) if amount else None,
                    unit=amount.unit if amount else None,
                    bbox=cell.bbox,
                )
            )
    return out


def _taken(table: GenericTable, regions: list[tuple[float, float, float, float]]) -> bool:
    return any(overlaps(table.box, r) for r in regions)


def _same_columns(a: GenericTable, b: GenericTable) -> bool:
    """Two parts of one table: as many columns, at about the same places."""
    if a.n_cols != b.n_cols:
        return False
    edges_a, edges_b = _column_edges(a), _column_edges(b)
    return all(
        abs(x - y) <= max(a.size, b.size, 6.0) * 2 for x, y in zip(edges_a, edges_b, strict=False)
    )


def _column_edges(t: GenericTable) -> list[float]:
    out = []
    for k in range(t.n_cols):
        boxes = [r[k].bbox for r in t.rows if k < len(r)]
        xs = [b[0] for b in boxes if b is not None]
        out.append(min(xs) if xs else 0.0)
    return out


def _cut_row(prev: GenericTable, table: GenericTable) -> bool:
    """The first row of ``table`` finishes the last row of ``prev``: its first column, filled in
    every row of ``prev``, is empty."""
    body = prev.rows[prev.n_header :]
    first = table.rows[0] if table.rows else []
    return (
        bool(body)
        and all(r and r[0].text for r in body)
        and bool(first)
        and not first[0].text
        and any(c.text for c in first[1:])
    )
