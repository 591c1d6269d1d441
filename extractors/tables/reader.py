"""Budget tables: find tables on budget-note pages and turn them into tidy budget lines.

Pages are fed one at a time so a table continuing on the next page can be stitched, and so the
caller can close each pdfplumber page right after (pdfplumber holds ~3 MiB per open page).

How a table is read:
- A table starts at a header line with two or more year columns ("2026 2027 2028 I alt").
  Pages with neither two years in a row nor a "Tabel N" caption (a cheap regex on the page's
  already parsed characters) are skipped unless a table is still open from the previous page.
- Ruled grids (vertical rules crossing the header) go through pdfplumber's table finder, whose
  cell edges give the column and row boundaries. Tables with horizontal rules only, or no lines
  at all, get their columns from word positions: the x-ranges that the header years and the body
  words cover, split at empty gaps. Horizontal rules, where present, split rows; within a band,
  lines are grouped by vertical spacing and by reading cues (a lowercase or hyphen continuation).
- Header cells name the columns (years, "I alt", Styringsområde, Udvalg, Bevilling, U/I) in any
  order; unit and price level come from the header or the caption above it.
- A table whose body runs to the page foot stays open; the next page continues it, with or
  without a repeated header row. A caption left alone at a page foot titles the table that
  opens the next page; label lines of a row the page break cut in two rejoin their row.
- control_area: the row's Styringsområde cell; in a table without that column, the title's
  area ("Udgifter til service" -> Service), or the area total below the row ("Anlæg i alt");
  a mixed total ("Udgifter i alt (netto)") has none.
- Each row's printed "I alt" is kept in `row_totals` for the row_sum check (it is not a year).
Cells that do not parse as Danish numbers are logged and skipped, never guessed. A "-" cell is
printed zero and becomes a row with amount 0; a blank cell gives no row.
"""

from __future__ import annotations

import itertools
import logging
import re
from decimal import Decimal
from typing import Any

import pdfplumber.page

from munidocs.extractors.lexicon import NotANumber, parse_danish_number, to_dkk
from munidocs.extractors.reading.text import normalize_text
from munidocs.extractors.tables.header import (
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
from munidocs.extractors.tables.layout import (
    YEAR,
    Line,
    Word,
    column_of,
    group_lines,
    intervals,
    page_rules,
    page_words,
)
from munidocs.extractors.tables.model import (
    NUMERIC_KINDS,
    Column,
    PageContext,
    Row,
    TableModel,
    assign_cells,
    grid_col,
    has_values,
    label_of,
)
from munidocs.extractors.tables.rows import CONTINUES, group_rows, rule_between
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BudgetLine, RowTotal

log = logging.getLogger(__name__)

_YEAR_RUN = re.compile(r"20\d\d\s*20\d\d")
_TITLE_ANY = re.compile(r"Tab(?:el|le)\s*\d+")
_DASH = re.compile(r"[-−–—]")


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

    def __init__(self, doc_id: str, settings: TableSettings | None = None) -> None:
        self.doc_id = doc_id
        self.settings = settings or TableSettings()
        self.lines: list[BudgetLine] = []
        self.row_totals: list[RowTotal] = []
        self._n_tables = 0
        self._open: TableModel | None = None
        self._last_unit: str | None = None
        self._buffer: tuple[TableModel, list[Row]] | None = None
        self._dangling: list[Line] = []  # a title left at the foot of the previous page

    # ------------------------------------------------------------------ pages
    def add_page(self, page: pdfplumber.page.Page, page_number: int) -> None:
        """Read the tables of one page (or continue a table from the previous page).

        A layout this reader cannot follow costs that page's tables (logged), never the
        document: the rest of the document is still read.
        """
        try:
            self._add_page(page, page_number)
        except Exception:
            log.exception("%s p.%d: table reading failed; page skipped", self.doc_id, page_number)
            self._open = None
            self._flush()  # rows read before the failure stand

    def _add_page(self, page: pdfplumber.page.Page, page_number: int) -> None:
        chars = "".join(c["text"] for c in page.chars)
        dangling, self._dangling = self._dangling, []
        if self._open is None and not _YEAR_RUN.search(chars) and not _TITLE_ANY.search(chars):
            return
        lines = group_lines(page_words(page, self.settings))
        ctx = PageContext(page, page_number, lines, page_rules(page), float(page.height))
        ctx.dangling = dangling
        i = self._continue(ctx) if self._open is not None else 0
        while i < len(lines):
            i = self._read_table(ctx, i, None) if is_year_header(lines[i]) else i + 1
        self._dangling = _dangling_caption(ctx, self.settings.footer_share)

    def finish(self) -> list[BudgetLine]:
        """All budget lines of the document, tables numbered 1.. in reading order."""
        self._open = None
        self._flush()
        return self.lines

    # ------------------------------------------------------------------ continuation
    def _flush(self) -> None:
        """Emit the buffered table (rows wait until the table ends: an area total may follow)."""
        if self._buffer is not None:
            model, rows = self._buffer
            self._buffer = None
            self._emit(rows, model)

    def _continue(self, ctx: PageContext) -> int:
        model, self._open = self._open, None
        assert model is not None
        stop = len(ctx.lines)
        for i, line in enumerate(ctx.lines):
            if line.top < self.settings.header_share * ctx.height and not is_year_header(line):
                continue  # running header / letterhead
            head = next(
                (j for j in range(i, min(i + 4, len(ctx.lines))) if is_year_header(ctx.lines[j])),
                None,
            )
            if head is not None and not any(has_values(ln, model) for ln in ctx.lines[i:head]):
                return self._read_table(ctx, head, model)  # repeated header row
            cells = assign_cells(line, model)
            values = any(
                model.columns[k].kind in NUMERIC_KINDS and any(w.numeric for w in ws)
                for k, ws in cells.items()
            )
            kinds = {model.columns[k].kind for k in cells}
            if not values and not kinds & {"label", "other"} and not kinds & set(NUMERIC_KINDS):
                continue  # the rest of a header row the page break cut ("område")
            if values or (line.x1 < model.numeric_x0 and abs(line.size - model.size) <= 0.6):
                return self._read_body(ctx, i, model)
            stop = i
            break
        self._flush()
        return stop

    # ------------------------------------------------------------------ one table
    def _read_table(self, ctx: PageContext, a: int, previous: TableModel | None) -> int:
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
        above = [
            ln
            for ln in lines[:first]
            if ln.top >= self.settings.header_share * ctx.height and ln not in caption
        ]
        if title is None and not above and ctx.dangling:
            caption = ctx.dangling + caption  # the title stayed behind on the previous page
            title = _title(caption)
        ctx.used.update(id(ln) for ln in caption)
        body_start = next(
            (k for k in range(a, len(lines)) if (lines[k].top + lines[k].bottom) / 2 > hbottom + 1),
            len(lines),
        )
        # the body may be set smaller than its header: the first amount line gives its size
        size = next(
            (
                ln.size
                for ln in lines[body_start : body_start + 6]
                if any(w.numeric for w in ln.words)
            ),
            size,
        )
        model = TableModel(0, title, None, None, [], size, grid is not None)
        if grid is None:
            bounds = _bounds_from_words(anchor, lines[body_start:], header, size)
        model.columns = [Column(x0, x1) for x0, x1 in bounds]
        _classify(model, header)
        if grid is None:
            _widen_labels(model)
        if not any(c.kind == "year" for c in model.columns):
            return a + 1
        header_text = " ".join(ln.text for ln in [*caption, *header])
        model.unit = unit_of(header_text) or unit_of(title or "")
        model.price_level = price_level_of(header_text) or price_level_of(title or "")
        same = previous is not None and (title is None or title == previous.title)
        if same and previous is not None:
            if _years(model) == _years(previous) and not model.grid and not previous.grid:
                model.columns = previous.columns  # a repeated header: the same columns
            model.number, model.title = previous.number, previous.title
            model.unit = model.unit or previous.unit
            model.price_level = model.price_level or previous.price_level
        else:
            self._n_tables += 1
            model.number = self._n_tables
        return self._read_body(ctx, body_start, model, bottom)

    def _grid(
        self, ctx: PageContext, anchor: Line
    ) -> tuple[list[tuple[float, float]], float, float, float] | None:
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
            return list(itertools.pairwise(xs)), t, hbottom, b
        return None

    # ------------------------------------------------------------------ body
    def _read_body(
        self, ctx: PageContext, start: int, model: TableModel, bottom: float | None = None
    ) -> int:
        lines = ctx.lines
        body: list[Line] = []
        k = start
        nx0 = model.numeric_x0
        # a unit row under the year row ("1.000 kr., 2026 p/l") belongs to the header
        while k < len(lines) and _is_unit_line(lines[k], model):
            model.unit = model.unit or unit_of(lines[k].text)
            model.price_level = model.price_level or price_level_of(lines[k].text)
            k += 1
        start = k
        while k < len(lines):
            ln = lines[k]
            if bottom is not None:
                if ln.top > bottom:
                    break
            else:
                resized = abs(ln.size - model.size) > 0.6  # a heading, paragraph or footer
                if _is_title(ln) or is_year_header(ln) or (resized and not has_values(ln, model)):
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
        while body and bottom is None and not has_values(body[-1], model):
            if (
                len(body) > 1
                and not rule_between(ctx.rules, body[-2], body[-1], model)
                and (body[-1].top - body[-2].top <= 1.6 * model.size)
            ):
                break
            body.pop()
            k -= 1
        for ln in body:
            ln.cells = assign_cells(ln, model)
        continuing = self._buffer is not None and self._buffer[0].number == model.number
        if continuing and self._buffer is not None and self._buffer[1]:
            body = _carry_over(body, self._buffer[1], model)
        rows = group_rows(ctx, body, model)
        if continuing and self._buffer is not None:
            self._buffer[1].extend(rows)
        else:
            self._flush()
            self._buffer = (model, rows)
        self._open = (
            model
            if k >= len(lines) or lines[k].top > self.settings.footer_share * ctx.height
            else None
        )
        if self._open is None:
            self._flush()
        return max(k, start + 1) if body else start + 1

    # ------------------------------------------------------------------ output
    def _emit(self, rows: list[Row], model: TableModel) -> None:
        unit = model.unit or self._last_unit
        if unit is None:
            log.warning("%s: table %d has no unit; its rows are skipped", self.doc_id, model.number)
            return
        self._last_unit = unit
        cols = model.columns
        label_cols = [k for k, c in enumerate(cols) if c.kind in ("label", "other")]
        by_kind = {c.kind: k for k, c in enumerate(cols) if c.kind not in ("label", "other")}
        # the title names the area only of a table without a Styringsområde column
        title_area = None if "area" in by_kind else area_from_title(model.title)
        parsed: list[dict[str, Any]] = []
        for row in rows:
            item = normalize_text("\n".join([row.text(label_cols), *row.tail]))
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
        row: Row = info["row"]
        bbox = row.bbox
        for k, col in enumerate(model.columns):
            if col.kind not in NUMERIC_KINDS or not row.words.get(k):
                continue
            raw = "".join(w.text for w in sorted(row.words[k], key=lambda w: w.x0))
            try:
                amount = Decimal(0) if _DASH.fullmatch(raw) else parse_danish_number(raw)
            except NotANumber:
                log.warning(
                    "%s p.%d table %d: cell %r of %r is not a number; skipped",
                    self.doc_id,
                    row.page,
                    model.number,
                    raw,
                    info["item"],
                )
                continue
            if col.kind == "sum":
                self.row_totals.append(
                    RowTotal(
                        self.doc_id,
                        model.number,
                        model.title,
                        info["item"],
                        row.page,
                        float(amount),
                        unit,
                        bbox,
                    )
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


def _header_band(ctx: PageContext, a: int) -> tuple[float, float]:
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
    # body labels start at the table's left edge; header continuations ("område") do not
    left = min(ln.x0 for ln in lines[a : a + 7] if abs(ln.size - size) <= 0.6)
    k = a
    while k + 1 < len(lines):
        nxt = lines[k + 1]
        if nxt.top - lines[k].bottom <= 0.6 * size and price_level_of(nxt.text):
            k += 1  # the unit cell wrapped: "1.000 kr.," / "2026 p/l"
            continue
        if (
            nxt.top - lines[k].bottom > 0.6 * size
            or any(w.numeric for w in nxt.words)
            or nxt.x0 <= left + size
        ):
            break
        k += 1
    return top, lines[k].bottom + 0.5


def _carry_over(body: list[Line], done: list[Row], model: TableModel) -> list[Line]:
    """Give label lines that open a continuation page to the row the page break cut in two.

    A row may break across pages (a word processor's default): its label's last lines then
    open the next page, before any amounts, starting in lowercase or after a hyphen/"under".
    """
    last = done[-1]
    label_cols = [k for k, c in enumerate(model.columns) if c.kind in ("label", "other")]
    amount_cols = [k for k, c in enumerate(model.columns) if c.kind in NUMERIC_KINDS]
    # wrapped labels with amounts on their first line: rows are top-aligned, so a label line
    # without amounts that opens the page cannot begin a row
    votes = 0
    for row in done:
        tops = sorted({round(w.top) for k in label_cols for w in row.words.get(k, [])})
        amount = min((w.top for k in amount_cols for w in row.words.get(k, [])), default=None)
        if len(tops) > 1 and amount is not None:
            votes += 1 if abs(tops[0] - amount) < 2 else -1
    top_aligned = votes > 0
    while body and not has_values(body[0], model):
        text = label_of(body[0], model)
        before = "\n".join([last.text(label_cols), *last.tail])
        cue = not text[:1].isupper() or CONTINUES.search(before) is not None
        if not text or not (cue or top_aligned):
            break
        last.tail.append(text)
        body = body[1:]
    return body


def _is_unit_line(line: Line, model: TableModel) -> bool:
    return (
        unit_of(line.text) is not None
        and len(line.text) < 40
        and line.x1 < model.numeric_x0
        and not is_total(line.text)
    )


def _dangling_caption(ctx: PageContext, footer_share: float) -> list[Line]:
    """A table title (and unit line) that ends the page without its table."""
    lines = ctx.lines
    for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        if _is_title(lines[k]):
            if id(lines[k]) in ctx.used:
                return []
            return [lines[k]] + [ln for ln in lines[k + 1 :] if ln.top <= footer_share * ctx.height]
    return []


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
    """Column x-ranges from word positions.

    Amount columns: the x-ranges the body's numbers cover, matched in order to the year and
    "I alt" headers (a header may be left-aligned over right-aligned numbers). Label and
    descriptive columns: x-ranges covered by their words, split at empty gaps (total rows,
    whose label cell often spans several columns, are left out).
    """
    years = header_years(anchor)
    pitch = (years[-1].cx - years[0].cx) / max(1, len(years) - 1)
    nx0 = years[0].x1 - pitch  # an amount column's left edge, whatever the header alignment
    heads = [(w.x0, w.x1) for w in years]
    after = [w for w in anchor.words if w.x0 > years[-1].x1]
    if after:
        heads.append((min(w.x0 for w in after), max(w.x1 for w in after)))
    numbers: list[Word] = []
    left: list[Word] = [w for w in anchor.words if w.x1 < years[0].x0]
    for ln in body[:80]:
        prose = any(not w.numeric and w.cx >= years[0].x0 for w in ln.words)
        amounts = any(w.numeric and w.cx >= nx0 for w in ln.words)
        if prose or (abs(ln.size - size) > 0.6 and not amounts):
            break
        numbers += [w for w in ln.words if w.numeric and w.cx >= nx0]
        if not is_total(ln.text):
            left += [w for w in ln.words if not (w.numeric and w.cx >= nx0)]
    gap = 0.55 * size
    amount_cols = _align(intervals(numbers, gap), heads)
    bounds = intervals([w for w in left if w.x1 < amount_cols[0][0]], gap) + amount_cols
    # header words over columns without any body value get their own column
    extra = [
        w
        for ln in header
        if ln is not anchor
        for w in ln.words
        if not any(min(b, w.x1) - max(a, w.x0) > 0 for a, b in bounds)
    ]
    return sorted(bounds + intervals(extra, gap))


def _align(
    nums: list[tuple[float, float]], heads: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Each amount header's column: its own extent joined with the number ranges matched to it.

    Number ranges are matched to headers in order (dynamic programming on distance), so a
    column whose cells are all blank simply gets no range.
    """

    def cost(n: tuple[float, float], h: tuple[float, float]) -> float:
        return min(abs(n[1] - h[1]), abs(n[0] - h[0]), abs((n[0] + n[1] - h[0] - h[1]) / 2))

    match: dict[int, list[int]] = {j: [] for j in range(len(heads))}
    if len(nums) <= len(heads):
        inf = float("inf")
        n, m = len(nums), len(heads)
        best = [[inf] * (m + 1) for _ in range(n + 1)]
        best[0] = [0.0] * (m + 1)
        for i in range(1, n + 1):
            for j in range(i, m + 1):
                best[i][j] = min(
                    best[i][j - 1], best[i - 1][j - 1] + cost(nums[i - 1], heads[j - 1])
                )
        i, j = n, m
        while i > 0:
            if best[i][j] == best[i][j - 1] and j > i:
                j -= 1
            else:
                match[j - 1].append(i - 1)
                i, j = i - 1, j - 1
    else:
        for i, rng in enumerate(nums):
            match[min(range(len(heads)), key=lambda j: cost(rng, heads[j]))].append(i)
    out = []
    for j, (h0, h1) in enumerate(heads):
        xs = [h0, h1] + [x for i in match[j] for x in nums[i]]
        out.append((min(xs), max(xs)))
    return out


def _classify(model: TableModel, header: list[Line]) -> None:
    cols = model.columns
    parts: dict[int, list[tuple[float, float, str]]] = {}
    for ln in header:
        for w in ln.words:
            k = column_of(w, model.bounds) if not model.grid else grid_col(w, cols)
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


def _years(model: TableModel) -> list[int | None]:
    return [c.year for c in model.columns if c.kind in NUMERIC_KINDS]


def _widen_labels(model: TableModel) -> None:
    """A label column reaches up to the next column: a long label may end past any seen so far."""
    cols = model.columns
    if cols and cols[0].kind != "label":
        # no label seen yet (a header row alone at a page foot): labels stand left of it all
        cols.insert(0, Column(0.0, cols[0].x0 - 0.5, "label"))
    for col, nxt in itertools.pairwise(cols):
        if col.kind == "label" and nxt.kind != "label":
            col.x1 = max(col.x1, nxt.x0 - 0.5)
