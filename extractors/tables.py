"""Budget tables: find tables on budget-note pages and turn them into tidy budget lines.

Pages are fed one at a time so a table continuing on the next page can be stitched, and so the
caller can close each pdfplumber page right after (pdfplumber holds ~3 MiB per open page).

How a table is read:
- A table starts at a header line with two or more year columns ("2026 2027 2028 I alt").
  Pages without such a line (a cheap regex on the page's already parsed characters) are skipped
  unless a table is still open from the previous page.
- Ruled grids (vertical rules crossing the header) go through pdfplumber's table finder, whose
  cell edges give the column and row boundaries. Tables with horizontal rules only, or no lines
  at all, get their columns from word positions: the x-ranges that the header years and the body
  words cover, split at empty gaps. Horizontal rules, where present, split rows; within a band,
  lines are grouped by vertical spacing and by reading cues (a lowercase or hyphen continuation).
- Header cells name the columns (years, "I alt", Styringsområde, Udvalg, Bevilling, U/I) in any
  order; unit and price level come from the header or the caption above it.
- A table whose body runs to the page foot stays open; the next page continues it, with or
  without a repeated header row.
Cells that do not parse as Danish numbers are logged and skipped, never guessed. A "-" cell is
printed zero and becomes a row with amount 0; a blank cell gives no row.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pdfplumber.page

from extractors.numbers import NotANumber, parse_danish_number, to_dkk
from extractors.table_header import (
    TITLE,
    area_from_title,
    area_from_total,
    area_name,
    column_kind,
    direction_of,
    is_total,
    join_header,
    price_level_of,
    unit_of,
)
from extractors.table_layout import (
    YEAR,
    Line,
    Rules,
    Word,
    column_of,
    group_lines,
    intervals,
    page_rules,
    page_words,
)
from extractors.text import normalize_text
from models import BBox, BudgetLine

log = logging.getLogger(__name__)

_YEAR_RUN = re.compile(r"20\d\d\s*20\d\d")
_DASH = re.compile(r"[-−–—]")
_CONTINUES = re.compile(r"(?:[-,/]|\b(?:og|af|til|under|i|for|med|på|fra|ved|samt|eller|inkl\.))$")
_NUMERIC_KINDS = ("year", "sum")


@dataclass(frozen=True, slots=True)
class RowTotal:
    """A row's printed "I alt" (not a budget line, but what the row_sum check compares)."""

    doc_id: str
    table: int
    table_title: str | None
    item: str
    page: int
    amount: float
    unit: str
    bbox: BBox


@dataclass(slots=True)
class Column:
    x0: float
    x1: float
    kind: str = "other"  # label, year, sum, area, committee, appropriation, direction, other
    year: int | None = None


@dataclass(slots=True)
class TableModel:
    number: int
    title: str | None
    unit: str | None
    price_level: str | None
    columns: list[Column]
    size: float
    grid: bool

    @property
    def bounds(self) -> list[tuple[float, float]]:
        return [(c.x0, c.x1) for c in self.columns]

    @property
    def numeric_x0(self) -> float:
        return min((c.x0 for c in self.columns if c.kind in _NUMERIC_KINDS), default=1e9)

    @property
    def x0(self) -> float:
        return self.columns[0].x0

    @property
    def x1(self) -> float:
        return self.columns[-1].x1


@dataclass(slots=True)
class _Row:
    page: int
    words: dict[int, list[Word]] = field(default_factory=dict)

    def add(self, line: Line) -> None:
        for k, ws in line.cells.items():
            self.words.setdefault(k, []).extend(ws)

    def text(self, cols: list[int]) -> str:
        ws = sorted((w for k in cols for w in self.words.get(k, [])), key=lambda w: (w.bottom, w.x0))
        lines: list[list[str]] = []
        last = None
        for w in ws:
            if last is None or abs(w.bottom - last) > 2.0:
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
class _Page:
    page: Any
    number: int
    lines: list[Line]
    rules: Rules
    height: float
    _tables: list[Any] | None = None

    def tables(self) -> list[Any]:
        if self._tables is None:
            self._tables = self.page.find_tables()
        return self._tables


def looks_tabular(page: pdfplumber.page.Page) -> bool:
    """Cheap pre-check on parsed chars: two years in a row, as a table header prints them."""
    text = "".join(c["text"] for c in page.chars)
    return _YEAR_RUN.search(text) is not None


def header_years(line: Line) -> list[Word]:
    """The longest run of increasing years in separate columns ("2026 2027 2028"), or []."""
    best: list[Word] = []
    run: list[Word] = []
    for w in line.words:
        if YEAR.fullmatch(w.text) and (
            not run or (int(w.text) > int(run[-1].text) and w.x0 - run[-1].x1 >= 0.8 * w.size)
        ):
            run.append(w)
        else:
            run = [w] if YEAR.fullmatch(w.text) else []
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= 2 else []


def is_year_header(line: Line) -> bool:
    return bool(header_years(line))


def _is_title(line: Line) -> bool:
    return TITLE.match(line.text) is not None


class BudgetTableReader:
    """Collects the budget tables of one document, page by page."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.lines: list[BudgetLine] = []
        self.row_totals: list[RowTotal] = []
        self._n_tables = 0
        self._open: TableModel | None = None
        self._last_unit: str | None = None
        self._buffer: tuple[TableModel, list[_Row]] | None = None

    # ------------------------------------------------------------------ pages
    def add_page(self, page: pdfplumber.page.Page, page_number: int) -> None:
        """Read the tables of one page (or continue a table from the previous page)."""
        if self._open is None and not looks_tabular(page):
            return
        lines = group_lines(page_words(page))
        ctx = _Page(page, page_number, lines, page_rules(page), float(page.height))
        i = self._continue(ctx) if self._open is not None else 0
        while i < len(lines):
            i = self._read_table(ctx, i, None) if is_year_header(lines[i]) else i + 1

    def finish(self) -> list[BudgetLine]:
        """All budget lines of the document, tables numbered 1.. in reading order."""
        self._open = None
        self._flush()
        remember_row_totals(self.doc_id, self.row_totals)
        return self.lines

    # ------------------------------------------------------------------ continuation
    def _flush(self) -> None:
        """Emit the buffered table (rows wait until the table ends: an area total may follow)."""
        if self._buffer is not None:
            model, rows = self._buffer
            self._buffer = None
            self._emit(rows, model)

    def _continue(self, ctx: _Page) -> int:
        model, self._open = self._open, None
        assert model is not None
        stop = len(ctx.lines)
        for i, line in enumerate(ctx.lines):
            if line.top < 0.08 * ctx.height and not is_year_header(line):
                continue  # running header / letterhead
            head = next(
                (j for j in range(i, min(i + 4, len(ctx.lines))) if is_year_header(ctx.lines[j])),
                None,
            )
            if head is not None and not any(
                _has_values(ln, model) for ln in ctx.lines[i:head]
            ):
                return self._read_table(ctx, head, model)  # repeated header row
            cells = _assign(line, model)
            values = any(
                model.columns[k].kind in _NUMERIC_KINDS and any(w.numeric for w in ws)
                for k, ws in cells.items()
            )
            if values or (line.x1 < model.numeric_x0 and abs(line.size - model.size) <= 0.6):
                return self._read_body(ctx, i, model)
            stop = i
            break
        self._flush()
        return stop

    # ------------------------------------------------------------------ one table
    def _read_table(self, ctx: _Page, a: int, previous: TableModel | None) -> int:
        """Read the table whose year header is line ``a``; returns the index after it."""
        lines = ctx.lines
        anchor = lines[a]
        size = anchor.size
        grid = self._grid(ctx, anchor)
        if grid is not None:
            bounds, top, hbottom, bottom = grid
        else:
            top, hbottom = _header_band(ctx, a)
            bounds, bottom = [], None
        header = [ln for ln in lines if top - 1 <= (ln.top + ln.bottom) / 2 <= hbottom + 1]
        first = lines.index(header[0]) if header else a
        caption = _caption(lines, first, top)
        title = _title(caption)
        body_start = next((k for k in range(a, len(lines)) if lines[k].top > hbottom), len(lines))
        model = TableModel(0, title, None, None, [], size, grid is not None)
        if grid is None:
            bounds = _bounds_from_words(anchor, lines[body_start:], header, size)
        model.columns = [Column(x0, x1) for x0, x1 in bounds]
        _classify(model, header)
        if not any(c.kind == "year" for c in model.columns):
            return a + 1
        header_text = " ".join(ln.text for ln in [*caption, *header])
        model.unit = unit_of(header_text) or unit_of(title or "")
        model.price_level = price_level_of(header_text) or price_level_of(title or "")
        same = previous is not None and (title is None or title == previous.title)
        if same and previous is not None:
            model.number, model.title = previous.number, previous.title
            model.unit = model.unit or previous.unit
            model.price_level = model.price_level or previous.price_level
        else:
            self._n_tables += 1
            model.number = self._n_tables
        return self._read_body(ctx, body_start, model, bottom)

    def _grid(self, ctx: _Page, anchor: Line) -> tuple[list[tuple[float, float]], float, float, float] | None:
        """Column bounds and header/body ys from pdfplumber's finder, for a ruled grid."""
        cy = (anchor.top + anchor.bottom) / 2
        if len(ctx.rules.v_crossing(cy, anchor.x0 - 400, anchor.x1 + 50)) < 3:
            return None
        for table in ctx.tables():
            x0, t, x1, b = table.bbox
            if not (t <= cy <= b and x0 <= anchor.x0 + 1 and anchor.x1 <= x1 + 1):
                continue
            xs: list[float] = []
            for x in sorted({round(v, 1) for c in table.cells for v in (c[0], c[2])}):
                if not xs or x - xs[-1] > 1.5:
                    xs.append(x)
            ys = sorted({round(v, 1) for c in table.cells for v in (c[1], c[3])})
            hbottom = min((y for y in ys if y > cy), default=b)
            if b - hbottom < anchor.size:
                return None  # a shaded header box, not a grid
            return list(zip(xs, xs[1:], strict=False)), t, hbottom, b
        return None

    # ------------------------------------------------------------------ body
    def _read_body(self, ctx: _Page, start: int, model: TableModel, bottom: float | None = None) -> int:
        lines = ctx.lines
        body: list[Line] = []
        k = start
        nx0 = model.numeric_x0
        while k < len(lines):
            ln = lines[k]
            if bottom is not None:
                if ln.top > bottom:
                    break
            else:
                if _is_title(ln) or is_year_header(ln) or abs(ln.size - model.size) > 0.6:
                    break
                if body and ln.top - body[-1].bottom > 2.0 * model.size:
                    break
                if any(not w.numeric and w.cx >= nx0 for w in ln.words):
                    break
                if ln.x1 > model.x1 + model.size or ln.x0 < model.x0 - model.size:
                    break
            body.append(ln)
            k += 1
        # label-only lines after the last amounts belong to the table only as a wrapped label
        while body and bottom is None and not _has_values(body[-1], model):
            if len(body) > 1 and not _rule_between(ctx.rules, body[-2], body[-1], model) and (
                body[-1].top - body[-2].top <= 1.35 * model.size
            ):
                break
            body.pop()
            k -= 1
        for ln in body:
            ln.cells = _assign(ln, model)
        rows = _rows(ctx, body, model)
        if self._buffer is not None and self._buffer[0].number == model.number:
            self._buffer[1].extend(rows)
        else:
            self._flush()
            self._buffer = (model, rows)
        self._open = model if k >= len(lines) or lines[k].top > 0.88 * ctx.height else None
        if self._open is None:
            self._flush()
        return max(k, start + 1) if body else start + 1

    # ------------------------------------------------------------------ output
    def _emit(self, rows: list[_Row], model: TableModel) -> None:
        unit = model.unit or self._last_unit
        if unit is None:
            log.warning("%s: table %d has no unit; its rows are skipped", self.doc_id, model.number)
            return
        self._last_unit = unit
        cols = model.columns
        label_cols = [k for k, c in enumerate(cols) if c.kind in ("label", "other")]
        by_kind = {c.kind: k for k, c in enumerate(cols) if c.kind not in ("label", "other")}
        title_area = area_from_title(model.title)
        parsed: list[dict[str, Any]] = []
        for row in rows:
            item = row.text(label_cols)
            if not item:
                continue
            info: dict[str, Any] = {"row": row, "item": item, "total": is_total(item)}
            for kind in ("area", "committee", "appropriation", "direction"):
                info[kind] = row.text([by_kind[kind]]) if kind in by_kind else ""
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
        for info in parsed:
            self._emit_row(info, model, unit)

    def _emit_row(self, info: dict[str, Any], model: TableModel, unit: str) -> None:
        row: _Row = info["row"]
        bbox = row.bbox
        for k, col in enumerate(model.columns):
            if col.kind not in _NUMERIC_KINDS or not row.words.get(k):
                continue
            raw = "".join(w.text for w in sorted(row.words[k], key=lambda w: w.x0))
            try:
                amount = Decimal(0) if _DASH.fullmatch(raw) else parse_danish_number(raw)
            except NotANumber:
                log.warning(
                    "%s p.%d table %d: cell %r of %r is not a number; skipped",
                    self.doc_id, row.page, model.number, raw, info["item"],
                )
                continue
            if col.kind == "sum":
                self.row_totals.append(
                    RowTotal(self.doc_id, model.number, model.title, info["item"], row.page,
                             float(amount), unit, bbox)
                )
                continue
            dkk = to_dkk(amount, unit)
            assert col.year is not None
            self.lines.append(
                BudgetLine(
                    doc_id=self.doc_id,
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
                    bbox=bbox,
                )
            )


# ---------------------------------------------------------------------- helpers


def _header_band(ctx: _Page, a: int) -> tuple[float, float]:
    """Top and bottom y of the header rows around the year line ``a``."""
    lines, anchor = ctx.lines, ctx.lines[a]
    size = anchor.size
    years = header_years(anchor)
    hx0, hx1 = years[0].x0, anchor.x1
    spans = [y for y, x0, x1 in ctx.rules.horizontal if x0 <= hx0 + 2 and x1 >= hx1 - 2]
    above = [
        y
        for y in spans
        if anchor.top - 6 * size < y < anchor.top + 1
        and not any(y < ln.top and ln.bottom < anchor.top and _is_title(ln) for ln in lines[:a])
    ]
    below = [y for y in spans if anchor.bottom - 1 < y < anchor.bottom + 4 * size]
    if above:
        top = max(above)
    else:
        j = a
        while j > 0:
            up = lines[j - 1]
            if (
                lines[j].top - up.bottom > 0.9 * size
                or _is_title(up)
                or len(up.text) > 60
                or abs(up.size - size) > 0.6
            ):
                break
            j -= 1
        top = lines[j].top - 0.5
    if below:
        return top, min(below)
    left = min(ln.x0 for ln in lines[max(0, a - 3) : a + 2])
    k = a
    while k + 1 < len(lines):
        nxt = lines[k + 1]
        if (
            nxt.top - lines[k].bottom > 0.6 * size
            or any(w.numeric for w in nxt.words)
            or nxt.x0 <= left + size
        ):
            break
        k += 1
    return top, lines[k].bottom + 0.5


def _caption(lines: list[Line], first: int, top: float) -> list[Line]:
    """Up to four lines above the header: title, unit line."""
    out: list[Line] = []
    j = first - 1
    while j >= 0 and len(out) < 4 and lines[j].bottom <= top + 1:
        out.insert(0, lines[j])
        if _is_title(lines[j]):
            return out
        j -= 1
    # no title: keep only short lines right above (a unit line), not the paragraph before
    return [ln for ln in out[-1:] if unit_of(ln.text) and len(ln.text) < 40]


def _title(caption: list[Line]) -> str | None:
    for k, ln in enumerate(caption):
        if _is_title(ln):
            parts = [ln.text]
            for nxt in caption[k + 1 :]:
                if unit_of(nxt.text) and len(nxt.text) < 40:
                    break
                parts.append(nxt.text)
            return normalize_text("\n".join(parts))
    return None


def _bounds_from_words(
    anchor: Line, body: list[Line], header: list[Line], size: float
) -> list[tuple[float, float]]:
    """Column x-ranges from word positions (years line + body, totals left out)."""
    years = header_years(anchor)
    pitch = (years[-1].cx - years[0].cx) / max(1, len(years) - 1)
    nx0 = years[0].x0 - 0.6 * pitch
    words: list[Word] = list(anchor.words)
    for ln in body[:80]:
        if any(not w.numeric and w.cx >= nx0 for w in ln.words) or abs(ln.size - size) > 0.6:
            break
        if not is_total(ln.text):
            words += ln.words
    bounds = intervals(words, 0.55 * size)
    # header words over columns without any body value get their own column
    extra = [
        w
        for ln in header
        if ln is not anchor
        for w in ln.words
        if not any(min(b, w.x1) - max(a, w.x0) > 0 for a, b in bounds)
    ]
    return sorted(bounds + intervals(extra, 0.55 * size))


def _classify(model: TableModel, header: list[Line]) -> None:
    cols = model.columns
    parts: dict[int, list[tuple[float, float, str]]] = {}
    for ln in header:
        for w in ln.words:
            k = column_of(w, model.bounds) if not model.grid else _grid_col(w, cols)
            parts.setdefault(k, []).append((w.bottom, w.x0, w.text))
    for k, col in enumerate(cols):
        ws = sorted(parts.get(k, []))
        lines: list[list[str]] = []
        last = None
        for bottom, _, text in ws:
            if last is None or abs(bottom - last) > 2.0:
                lines.append([])
            lines[-1].append(text)
            last = bottom
        col.kind, col.year = column_kind(join_header([" ".join(ln) for ln in lines]))
    first_named = next((k for k, c in enumerate(cols) if c.kind != "other"), len(cols))
    for col in cols[: max(1, first_named)]:
        if col.kind == "other":
            col.kind = "label"


def _grid_col(w: Word, cols: list[Column]) -> int:
    for k, c in enumerate(cols):
        if c.x0 <= w.cx <= c.x1:
            return k
    return column_of(w, [(c.x0, c.x1) for c in cols])


def _assign(line: Line, model: TableModel) -> dict[int, list[Word]]:
    cells: dict[int, list[Word]] = {}
    for w in line.words:
        k = _grid_col(w, model.columns) if model.grid else column_of(w, model.bounds)
        cells.setdefault(k, []).append(w)
    return cells


def _has_values(line: Line, model: TableModel) -> bool:
    cells = line.cells or _assign(line, model)
    return any(
        model.columns[k].kind in _NUMERIC_KINDS and any(w.numeric for w in ws)
        for k, ws in cells.items()
    )


def _rule_between(rules: Rules, a: Line, b: Line, model: TableModel) -> bool:
    return bool(rules.h_between(a.bottom - 1, b.top + 1, model.x0, model.x1))


def _label_of(line: Line, model: TableModel) -> str:
    return " ".join(
        w.text for k, ws in sorted(line.cells.items()) if model.columns[k].kind in ("label", "other") for w in ws
    )


def _rows(ctx: _Page, body: list[Line], model: TableModel) -> list[_Row]:
    """Group body lines into table rows: rules split bands, spacing and cues split the rest."""
    if not body:
        return []
    if model.grid:
        seps = sorted({round(v, 1) for t in ctx.tables() for c in t.cells for v in (c[1], c[3])})
    else:
        seps = ctx.rules.h_between(body[0].top - 1, body[-1].bottom + 1, model.x0, model.x1)
    bands: list[list[Line]] = [[]]
    for prev, ln in zip([None, *body], body, strict=False):
        if prev is not None and any(prev.bottom - 1 < y < ln.top + 1 for y in seps):
            bands.append([])
        bands[-1].append(ln)
    size = model.size
    visual: list[list[list[Line]]] = []
    for band in bands:
        groups: list[list[Line]] = []
        for ln in band:
            if groups and ln.top - groups[-1][-1].top < 0.75 * size:
                groups[-1].append(ln)
            else:
                groups.append([ln])
        visual.append(groups)
    pitches = [
        g2[0].top - g1[0].top for groups in visual for g1, g2 in zip(groups, groups[1:], strict=False)
    ]
    p_min = min(pitches, default=1.2 * size)
    # a wrapped first row that starts without amounts: labels sit above their amounts
    bottom_aligned = not any(_has_values(ln, model) for ln in visual[0][0])
    votes = {"up": 0, "down": 0}  # which way clear wraps went: the table's vertical alignment
    rows: list[_Row] = []
    for groups in visual:
        split: list[list[list[Line]]] = [[]]
        for g in groups:
            if split[-1] and g[0].top - split[-1][-1][0].top > p_min + max(1.5, 0.15 * size):
                split.append([])
            split[-1].append(g)
        for part in split:
            rows += _split_rows(ctx.number, part, model, bottom_aligned, votes)
    return rows


def _split_rows(
    page: int,
    groups: list[list[Line]],
    model: TableModel,
    bottom_aligned: bool,
    votes: dict[str, int],
) -> list[_Row]:
    """Rows of one spacing group: each line with amounts anchors a row; label lines attach."""

    def has_values(g: list[Line]) -> bool:
        return any(_has_values(ln, model) for ln in g)

    def label(g: list[Line]) -> str:
        return " ".join(_label_of(ln, model) for ln in g).strip()

    anchors = [k for k, g in enumerate(groups) if has_values(g)]
    if len(anchors) <= 1:
        row = _Row(page)
        for g in groups:
            for ln in g:
                row.add(ln)
        return [row] if anchors else []
    rows: dict[int, _Row] = {k: _Row(page) for k in anchors}
    texts: dict[int, str] = {k: label(groups[k]) for k in anchors}
    bottom_aligned = bottom_aligned or not has_values(groups[0])
    owner: list[int] = []
    for k, g in enumerate(groups):
        if k in rows:
            owner.append(k)
            continue
        prev = max((a for a in anchors if a < k), default=None)
        nxt = min((a for a in anchors if a > k), default=None)
        text = label(g)
        if prev is None or nxt is None:
            to = nxt if prev is None else prev
        elif is_total(texts[prev]) or _CONTINUES.search(text):
            to = nxt  # totals do not wrap; "... under" continues on the next line
            votes["down"] += 1
        elif text[:1].islower() or _CONTINUES.search(texts[prev]) or not texts[prev]:
            to = prev
            votes["up"] += 1
        elif not texts[nxt] or texts[nxt][:1].islower():
            to = nxt
            votes["down"] += 1
        elif bottom_aligned or votes["down"] > votes["up"]:
            to = nxt
        else:
            to = prev
        assert to is not None
        owner.append(to)
        texts[to] = f"{texts[to]} {text}" if to == prev else f"{text} {texts[to]}"
    for k, g in enumerate(groups):
        for ln in g:
            rows[owner[k]].add(ln)
    return [rows[k] for k in anchors]


# ---------------------------------------------------------------------- row totals for checks

_ROW_TOTALS: dict[str, list[RowTotal]] = {}
_KEEP = 256


def remember_row_totals(doc_id: str, totals: list[RowTotal]) -> None:
    """Keep the printed "I alt" values of recent documents for `checks.check_document`."""
    _ROW_TOTALS.pop(doc_id, None)
    _ROW_TOTALS[doc_id] = list(totals)
    while len(_ROW_TOTALS) > _KEEP:
        _ROW_TOTALS.pop(next(iter(_ROW_TOTALS)))


def row_totals_for(doc_id: str) -> list[RowTotal]:
    return list(_ROW_TOTALS.get(doc_id, []))


ReaderFactory = Callable[[str], BudgetTableReader]
