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

This module keeps the page flow (pages, continuation, one table, its body); the steps live
beside it: `captions` (year header, header band, caption, title), `columns` (column bounds
and kinds), `rows` (row grouping), `emit` (rows to BudgetLine/RowTotal), `layout` (words,
lines, rules), `model` (the working model). Every tolerance is a `TableSettings` field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pdfplumber.page

from munidocs.extractors.tables.captions import (
    caption_above,
    dangling_caption,
    header_band,
    header_years,
    is_title,
    is_unit_line,
    is_year_header,
    title_of,
)
from munidocs.extractors.tables.columns import (
    bounds_from_words,
    classify_columns,
    grid_columns,
    widen_labels,
    years_of,
)
from munidocs.extractors.tables.emit import emit_table
from munidocs.extractors.tables.header import price_level_of, unit_of
from munidocs.extractors.tables.layout import (
    Line,
    RawWords,
    group_lines,
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
    has_values,
)
from munidocs.extractors.tables.predicate import may_hold_year_table
from munidocs.extractors.tables.rows import carry_over, group_rows, rule_between
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BBox, BudgetLine, RowTotal, TableCell

__all__ = ["BudgetTableReader", "header_years", "is_year_header"]

log = logging.getLogger(__name__)


class BudgetTableReader:
    """Collects the budget tables of one document, page by page."""

    def __init__(
        self,
        doc_id: str,
        settings: TableSettings | None = None,
        numbering: Callable[[], int] | None = None,
    ) -> None:
        self.doc_id = doc_id
        self.settings = settings or TableSettings()
        self.lines: list[BudgetLine] = []
        self.row_totals: list[RowTotal] = []
        self.cells: list[TableCell] = []
        self.regions: dict[int, list[BBox]] = {}
        """Per page, the boxes of the tables read there (other table finders leave them be)."""
        self._numbering = numbering
        self._n_tables = 0
        self._open: TableModel | None = None
        self._last_unit: str | None = None
        self._buffer: tuple[TableModel, list[Row]] | None = None
        self._dangling: list[Line] = []  # a title left at the foot of the previous page

    # ------------------------------------------------------------------ pages
    def wants(self, text: str) -> bool:
        """Whether a page with this text needs layout analysis: a table is still open from the
        previous page, or the page prints two years in a row or a "Tabel N" caption. Cheap (a
        regex on text), so the reader of a page that holds no table never parses its layout."""
        return self._open is not None or may_hold_year_table(text)

    def skip_page(self) -> None:
        """A page the caller did not give to `add_page` (`wants` was False): a caption left at
        the foot of the page before does not title a table on a later page."""
        self._dangling = []

    def add_page(
        self, page: pdfplumber.page.Page, page_number: int, raw: RawWords | None = None
    ) -> None:
        """Read the tables of one page (or continue a table from the previous page); `raw`:
        the page's words (`layout.extract_raw_words`), when the caller has them.

        A layout this reader cannot follow costs that page's tables (logged), never the
        document: the rest of the document is still read.
        """
        try:
            self._add_page(page, page_number, raw)
        except Exception:
            log.exception("%s p.%d: table reading failed; page skipped", self.doc_id, page_number)
            self._open = None
            self._flush()  # rows read before the failure stand

    def _add_page(self, page: pdfplumber.page.Page, page_number: int, raw: RawWords | None) -> None:
        chars = "".join(c["text"] for c in page.chars)
        dangling, self._dangling = self._dangling, []
        if self._open is None and not may_hold_year_table(chars):
            return
        s = self.settings
        lines = group_lines(page_words(page, s, raw), s.line_y_tolerance)
        rules = page_rules(page, s)
        ctx = PageContext(page, page_number, lines, rules, float(page.height), s)
        ctx.dangling = dangling
        i = self._continue(ctx) if self._open is not None else 0
        while i < len(lines):
            i = self._read_table(ctx, i, None) if is_year_header(lines[i], s) else i + 1
        self._dangling = dangling_caption(ctx)

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
            unit = model.unit or self._last_unit
            if unit is None:
                log.warning(
                    "%s: table %d has no unit; its rows are skipped", self.doc_id, model.number
                )
                return
            self._last_unit = unit
            emit_table(
                self.doc_id,
                rows,
                model,
                unit,
                self.settings,
                self.lines,
                self.row_totals,
                self.cells,
            )

    def _continue(self, ctx: PageContext) -> int:
        """Go on with the table left open at the foot of the previous page.

        The first line that is not a running header says how: a repeated year header (within
        `continuation_header_lines`) starts the same table again, lines with amounts or labels
        in its body's size continue its body, anything else closes it.
        """
        s = self.settings
        model, self._open = self._open, None
        assert model is not None
        stop = len(ctx.lines)
        for i, line in enumerate(ctx.lines):
            if line.top < s.header_share * ctx.height and not is_year_header(line, s):
                continue  # running header / letterhead
            look = range(i, min(i + s.continuation_header_lines, len(ctx.lines)))
            head = next((j for j in look if is_year_header(ctx.lines[j], s)), None)
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
            same_size = abs(line.size - model.size) <= s.size_tolerance
            if values or (line.x1 < model.numeric_x0 and same_size):
                return self._read_body(ctx, i, model)
            stop = i
            break
        self._flush()
        return stop

    # ------------------------------------------------------------------ one table
    def _read_table(self, ctx: PageContext, a: int, previous: TableModel | None) -> int:
        """Read the table whose year header is line ``a``; returns the index after it.

        ``previous`` is the table open from the previous page when its header is repeated
        here: the same title (or none) keeps that table's number, title and unit.
        """
        s = self.settings
        lines = ctx.lines
        anchor = lines[a]
        size = anchor.size
        grid = grid_columns(ctx, anchor)
        if grid is not None:
            bounds, top, hbottom, bottom = grid
        else:
            top, hbottom = header_band(ctx, a)
            bounds, bottom = [], None
        slack = s.header_band_slack
        header = [ln for ln in lines if top - slack <= (ln.top + ln.bottom) / 2 <= hbottom + slack]
        first = lines.index(header[0]) if header else a
        caption = caption_above(lines, first, top, s)
        title = title_of(caption, s)
        above = [
            ln
            for ln in lines[:first]
            if ln.top >= s.header_share * ctx.height and ln not in caption
        ]
        if title is None and not above and ctx.dangling:
            caption = ctx.dangling + caption  # the title stayed behind on the previous page
            title = title_of(caption, s)
        ctx.used.update(id(ln) for ln in caption)
        body_start = next(
            (
                k
                for k in range(a, len(lines))
                if (lines[k].top + lines[k].bottom) / 2 > hbottom + slack
            ),
            len(lines),
        )
        # the body may be set smaller than its header: the first amount line gives its size
        size = next(
            (
                ln.size
                for ln in lines[body_start : body_start + s.body_size_lines]
                if any(w.numeric for w in ln.words)
            ),
            size,
        )
        model = TableModel(0, title, None, None, [], size, grid is not None)
        if grid is None:
            bounds = bounds_from_words(anchor, lines[body_start:], header, size, s)
        model.columns = [Column(x0, x1) for x0, x1 in bounds]
        classify_columns(model, header, s)
        if grid is None:
            widen_labels(model, s)
        if not any(c.kind == "year" for c in model.columns):
            return a + 1
        header_text = " ".join(ln.text for ln in [*caption, *header])
        model.unit = unit_of(header_text) or unit_of(title or "")
        model.price_level = price_level_of(header_text) or price_level_of(title or "")
        same = previous is not None and (title is None or title == previous.title)
        if same and previous is not None:
            if years_of(model) == years_of(previous) and not model.grid and not previous.grid:
                model.columns = previous.columns  # a repeated header: the same columns
            model.number, model.title = previous.number, previous.title
            model.unit = model.unit or previous.unit
            model.price_level = model.price_level or previous.price_level
        else:
            self._n_tables += 1
            model.number = self._numbering() if self._numbering else self._n_tables
            model.page = ctx.number
        model.page_top = top
        return self._read_body(ctx, body_start, model, bottom)

    # ------------------------------------------------------------------ body
    def _read_body(
        self, ctx: PageContext, start: int, model: TableModel, bottom: float | None = None
    ) -> int:
        """Read a table's body from line ``start``; returns the index after it.

        A grid's body ends at its bottom rule. Without one, the body ends at a title, a new
        year header, a line in another size without amounts, a gap wider than `body_gap_em`,
        prose over the amount columns, or a line reaching past the table's edges
        (`body_margin_em`). A body reaching the page foot leaves the table open.
        """
        s = self.settings
        lines = ctx.lines
        body: list[Line] = []
        k = start
        nx0 = model.numeric_x0
        # a unit row under the year row ("1.000 kr., 2026 p/l") belongs to the header
        while k < len(lines) and is_unit_line(lines[k], model, s):
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
                # another size: a heading, paragraph or footer
                resized = abs(ln.size - model.size) > s.size_tolerance
                if is_title(ln) or is_year_header(ln, s) or (resized and not has_values(ln, model)):
                    break
                if body and ln.top - body[-1].bottom > s.body_gap_em * model.size:
                    break
                if any(not w.numeric and w.cx >= nx0 for w in ln.words):
                    break
                margin = s.body_margin_em * model.size
                if ln.x1 > model.x1 + margin or ln.x0 < model.x0 - margin:
                    break
            body.append(ln)
            k += 1
        # label-only lines after the last amounts belong to the table only as a wrapped label
        while body and bottom is None and not has_values(body[-1], model):
            if (
                len(body) > 1
                and not rule_between(ctx, body[-2], body[-1], model)
                and (body[-1].top - body[-2].top <= s.wrapped_label_em * model.size)
            ):
                break
            body.pop()
            k -= 1
        if body:
            top = model.page_top if model.page_top is not None else body[0].top
            low = bottom if bottom is not None else body[-1].bottom
            self.regions.setdefault(ctx.number, []).append((model.x0, top, model.x1, low))
        model.page_top = None
        for ln in body:
            ln.cells = assign_cells(ln, model)
        continuing = self._buffer is not None and self._buffer[0].number == model.number
        if continuing and self._buffer is not None and self._buffer[1]:
            body = carry_over(body, self._buffer[1], model, s)
        rows = group_rows(ctx, body, model)
        if continuing and self._buffer is not None:
            self._buffer[1].extend(rows)
        else:
            self._flush()
            self._buffer = (model, rows)
        self._open = (
            model if k >= len(lines) or lines[k].top > s.footer_share * ctx.height else None
        )
        if self._open is None:
            self._flush()
        return max(k, start + 1) if body else start + 1
