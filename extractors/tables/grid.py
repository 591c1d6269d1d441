"""Any table on a page, whatever it holds: a grid of cells with their text and boxes.

The budget reader (`reader.py`) reads the tables it knows the meaning of (a year header);
this module finds every other table so that nothing printed in a table is lost, the way
Camelot's "lattice" and "stream" flavours do:

- ruled tables (`ruled_tables`): pdfplumber's table finder on the page's ruling lines; a cell
  is the words inside its box, wrapped lines joined;
- tables without vertical rules (`aligned.aligned_tables`): runs of lines split into the same columns
  by wide gaps (at least `cell_gap_em`), the columns being the x-ranges their segments cover.
  A line that fills only some of the columns every other row fills is a wrapped cell: it joins
  the row above (or the row below, before the first full row).

A table's header rows are the leading rows set in bold while the body is not, rows of words
over a column whose body holds numbers, and title rows spanning the table. Its caption is a
"Tabel N" line right above it or right below it. Blocks of prose set in two columns are not
tables (`aligned_prose_chars`).
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from munidocs.extractors.lexicon.money import cell_amount
from munidocs.extractors.reading.text import normalize_text
from munidocs.extractors.tables.header import TITLE
from munidocs.extractors.tables.layout import RawWords, extract_raw_words
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BBox

_CAPTION = re.compile(r"^\s*(?:Tab(?:el|le)|Figur)\s*\d+(?:[-.]\d+)?\b", re.IGNORECASE)


@dataclass(slots=True)
class GWord:
    """A word with its box, font size and weight."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class GLine:
    words: list[GWord]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class GCell:
    """One cell: its words (possibly over several lines) and box."""

    words: list[GWord] = field(default_factory=list)
    box: BBox | None = None

    @property
    def text(self) -> str:
        """The words line by line (a superscript joins its line: "m" + "2" is "m2")."""
        return normalize_text("\n".join(_line_text(ln) for ln in text_lines(self.words)))

    @property
    def bbox(self) -> BBox | None:
        if self.box is not None:
            x0, top, x1, bottom = self.box
            return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
        if not self.words:
            return None
        return (
            round(min(w.x0 for w in self.words), 2),
            round(min(w.top for w in self.words), 2),
            round(max(w.x1 for w in self.words), 2),
            round(max(w.bottom for w in self.words), 2),
        )

    @property
    def bold(self) -> bool:
        return bool(self.words) and sum(w.bold for w in self.words) * 2 > len(self.words)


@dataclass(slots=True)
class GenericTable:
    """A table found on one page: its rows of cells (header rows first) and caption."""

    page: int
    box: BBox
    rows: list[list[GCell]]
    n_header: int
    caption: str | None
    ruled: bool
    number: int = 0
    first_row: int = 1
    """The row number of `rows[0]` in the whole table (a table continued from the page before
    goes on counting)."""
    size: float = 0.0

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def column_text(self, k: int) -> list[str]:
        return [r[k].text if k < len(r) else "" for r in self.rows[self.n_header :]]

    def header_text(self, k: int) -> str:
        return normalize_text(
            "\n".join(r[k].text for r in self.rows[: self.n_header] if k < len(r))
        )


def text_lines(words: list[GWord]) -> list[list[GWord]]:
    """Words grouped into printed lines: a word joins the line its middle stands in."""
    lines: list[list[GWord]] = []
    for w in sorted(words, key=lambda w: (w.bottom, w.x0)):
        mid = (w.top + w.bottom) / 2
        line = next(
            (ln for ln in lines if min(x.top for x in ln) <= mid <= max(x.bottom for x in ln)),
            None,
        )
        if line is None:
            lines.append([w])
        else:
            line.append(w)
    return [sorted(ln, key=lambda w: w.x0) for ln in sorted(lines, key=lambda ln: ln[0].top)]


def _line_text(words: list[GWord]) -> str:
    out = words[0].text
    for prev, w in itertools.pairwise(words):
        out += ("" if w.x0 - prev.x1 < 0.5 and w.size < prev.size else " ") + w.text
    return out


def page_gwords(page: Any, settings: TableSettings, raw: RawWords | None = None) -> list[GWord]:
    """The page's words with size and weight (a word is bold when most of its letters are);
    `raw`: the page's `extract_raw_words`, when already grouped."""
    out = []
    for w in extract_raw_words(page, settings) if raw is None else raw:
        chars = w.get("chars") or []
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) * 2 > len(chars)
        out.append(
            GWord(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"]), bold)
        )
    return out


def gline_group(words: list[GWord], y_tolerance: float) -> list[GLine]:
    """Words on one baseline form a line, lines top to bottom, words left to right."""
    lines: list[GLine] = []
    for w in sorted(words, key=lambda w: (round(w.bottom, 1), w.x0)):
        if lines and abs(lines[-1].words[-1].bottom - w.bottom) <= y_tolerance:
            lines[-1].words.append(w)
        else:
            lines.append(GLine([w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    return lines


def _inside(w: GWord, box: BBox, slack: float = 1.0) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] - slack <= cx <= box[2] + slack and box[1] - slack <= cy <= box[3] + slack


def overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# ---------------------------------------------------------------------------------- ruled
def ruled_tables(
    page: Any, words: list[GWord], lines: list[GLine], settings: TableSettings
) -> list[GenericTable]:
    """Tables pdfplumber's finder sees in the ruling lines, with at least two rows and columns."""
    out = []
    for found in page.find_tables():
        rows: list[list[GCell]] = []
        for row in found.rows:
            cells = [GCell(box=c) if c is not None else GCell() for c in row.cells]
            rows.append(cells)
        _fill(rows, [w for w in words if _inside(w, found.bbox, 0)])
        rows = [r for r in rows if any(c.words for c in r)]
        if sum(1 for r in rows if sum(1 for c in r if c.words) >= 2) < settings.table_min_rows:
            continue  # a box or a legend, not a table
        x0, top, x1, bottom = found.bbox
        table = GenericTable(0, (x0, top, x1, bottom), rows, 0, None, True)
        _settle(table, lines, settings)
        out.append(table)
    return out


def _fill(rows: list[list[GCell]], words: list[GWord]) -> None:
    """Each word into the first cell (rows in order) that holds its centre.

    A row's cells lie between its highest top and lowest bottom, so a row a word's centre is
    not between is passed over without looking at its cells: a page-long list of 90 rows and
    6 columns no longer costs every word 540 tests."""
    spans = [
        (min(b[1] for b in boxes), max(b[3] for b in boxes)) if boxes else (1.0, 0.0)
        for boxes in ([c.box for c in row if c.box is not None] for row in rows)
    ]
    for w in words:
        cy = (w.top + w.bottom) / 2
        for row, (top, bottom) in zip(rows, spans, strict=True):
            if not top <= cy <= bottom:
                continue
            cell = next((c for c in row if c.box is not None and _inside(w, c.box, 0)), None)
            if cell is not None:
                cell.words.append(w)
                break


# ---------------------------------------------------------------------------------- header, caption
def _numeric(text: str) -> bool:
    """One number, an amount or not (a price per unit is not: "578 kr./m2")."""
    amount = cell_amount(text)
    return amount is not None and not amount.rate


def _numeric_column(rows: list[list[GCell]], k: int) -> bool:
    """Most filled cells of column k in these rows are numbers."""
    filled = [r[k].text for r in rows if k < len(r) and r[k].words]
    return bool(filled) and sum(1 for t in filled if _numeric(t)) * 2 > len(filled)


def _settle(table: GenericTable, lines: list[GLine], settings: TableSettings) -> None:
    """Header rows, caption and body size of a table just found."""
    rows = table.rows
    body_sizes = [w.size for r in rows[1:] for c in r for w in c.words]
    table.size = statistics.median(body_sizes) if body_sizes else 0.0
    n = 0
    while n < min(len(rows) - 1, settings.table_max_header_rows):
        row = rows[n]
        filled = [c for c in row if c.words]
        rest = [c for r in rows[n + 1 :] for c in r if c.words]
        bold = bool(filled) and all(c.bold for c in filled) and not all(c.bold for c in rest)
        spanning = len(filled) == 1 and len(row) > 1 and table.ruled
        over_numbers = (
            bool(filled)
            and not any(_numeric(c.text) for c in filled)
            and any(c.words and _numeric_column(rows[n + 1 :], k) for k, c in enumerate(row))
        )
        if not (bold or spanning or over_numbers):
            break
        n += 1
    table.n_header = n
    table.caption = _caption(table, lines, settings)


def _caption(table: GenericTable, lines: list[GLine], settings: TableSettings) -> str | None:
    """A "Tabel N" line right above the table (its wrapped lines too) or right below it."""
    top, bottom = table.box[1], table.box[3]
    reach = settings.caption_reach_em * max(table.size, 6.0)
    above = [ln for ln in lines if top - reach <= ln.bottom <= top + 1]
    for k, ln in enumerate(above):
        if _CAPTION.match(ln.text) or TITLE.match(ln.text):
            return normalize_text("\n".join(x.text for x in above[k:]))
    below = [ln for ln in lines if bottom - 1 <= ln.top <= bottom + reach]
    if below and (_CAPTION.match(below[0].text) or TITLE.match(below[0].text)):
        parts = [below[0].text]
        for prev, nxt in itertools.pairwise(below):
            if nxt.top - prev.bottom > prev.size * 0.6:
                break
            parts.append(nxt.text)
        return normalize_text("\n".join(parts))
    return None
