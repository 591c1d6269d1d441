"""The table reader's working model: columns with their meaning, rows of words, page context.

Shared by the reader (`extractors.tables.reader`), the header and column logic
(`extractors.tables.captions`, `extractors.tables.columns`), the row grouping
(`extractors.tables.rows`) and the output (`extractors.tables.emit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from munidocs.extractors.reading.text import normalize_text
from munidocs.extractors.tables.layout import Line, Rules, Word, column_of
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BBox

NUMERIC_KINDS = ("year", "sum")


@dataclass(slots=True)
class Column:
    """An x-range of the table and what its header says it holds."""

    x0: float
    x1: float
    kind: str = "other"  # label, year, sum, area, committee, appropriation, direction, other
    year: int | None = None
    header: str = ""  # the header cell's text, wrapped lines joined


@dataclass(slots=True)
class TableModel:
    """One table's columns and captions, kept so a continuation page can reuse them."""

    number: int
    title: str | None
    unit: str | None
    price_level: str | None
    columns: list[Column]
    size: float
    grid: bool
    page: int = 0  # the page the table starts on (its header cells are there)
    page_top: float | None = None  # top of the header on the page being read, if any

    @property
    def bounds(self) -> list[tuple[float, float]]:
        return [(c.x0, c.x1) for c in self.columns]

    @property
    def numeric_x0(self) -> float:
        # no amount column (yet): right of any page, so no word counts as standing in one
        return min((c.x0 for c in self.columns if c.kind in NUMERIC_KINDS), default=1e9)

    @property
    def x0(self) -> float:
        return self.columns[0].x0

    @property
    def x1(self) -> float:
        return self.columns[-1].x1


@dataclass(slots=True)
class Row:
    """The words of one table row, by column index (a row may span several text lines)."""

    page: int
    words: dict[int, list[Word]] = field(default_factory=dict)
    tail: list[str] = field(default_factory=list)  # label lines that ran over onto the next page

    def add(self, line: Line) -> None:
        for k, ws in line.cells.items():
            self.words.setdefault(k, []).extend(ws)

    def text(self, cols: list[int], y_tolerance: float) -> str:
        """The row's words in these columns, one text line per baseline (within `y_tolerance`)."""
        ws = sorted(
            (w for k in cols for w in self.words.get(k, [])), key=lambda w: (w.bottom, w.x0)
        )
        lines: list[list[str]] = []
        last = None
        for w in ws:
            if last is None or abs(w.bottom - last) > y_tolerance:
                lines.append([])
            lines[-1].append(w.text)
            last = w.bottom
        return normalize_text("\n".join(" ".join(ln) for ln in lines))

    @property
    def bbox(self) -> BBox:
        ws = [w for group in self.words.values() for w in group]
        return (
            round(min(w.x0 for w in ws), 2),
            round(min(w.top for w in ws), 2),
            round(max(w.x1 for w in ws), 2),
            round(max(w.bottom for w in ws), 2),
        )


@dataclass(slots=True)
class PageContext:
    """One page's lines and rules; pdfplumber's table finder runs at most once, on demand.

    It carries the run's `TableSettings` too, so every step that reads the page reads the
    same tolerances without a module-level default.
    """

    page: Any
    number: int
    lines: list[Line]
    rules: Rules
    height: float
    settings: TableSettings
    dangling: list[Line] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # ids of caption lines given to a table
    _tables: list[Any] | None = None

    def tables(self) -> list[Any]:
        if self._tables is None:
            self._tables = self.page.find_tables()
        return self._tables


def grid_col(w: Word, cols: list[Column]) -> int:
    for k, c in enumerate(cols):
        if c.x0 <= w.cx <= c.x1:
            return k
    return column_of(w, [(c.x0, c.x1) for c in cols])


def assign_cells(line: Line, model: TableModel) -> dict[int, list[Word]]:
    cells: dict[int, list[Word]] = {}
    for w in line.words:
        k = grid_col(w, model.columns) if model.grid else column_of(w, model.bounds)
        cells.setdefault(k, []).append(w)
    return cells


def has_values(line: Line, model: TableModel) -> bool:
    cells = line.cells or assign_cells(line, model)
    return any(
        model.columns[k].kind in NUMERIC_KINDS and any(w.numeric for w in ws)
        for k, ws in cells.items()
    )


def label_of(line: Line, model: TableModel) -> str:
    return " ".join(
        w.text
        for k, ws in sorted(line.cells.items())
        if model.columns[k].kind in ("label", "other")
        for w in ws
    )
