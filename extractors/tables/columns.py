"""A table's columns: their x-ranges, and what each holds.

Ruled grids get their column edges from pdfplumber's table finder (`grid_columns`). Tables
with horizontal rules only, or no lines at all, get them from word positions
(`bounds_from_words`): the amount columns are the x-ranges the body's numbers cover, matched
to the year and "I alt" headers whatever their alignment; the label and descriptive columns
are the x-ranges their words cover, split at empty gaps. The header words over each column
then say its kind (`classify`), and a label column is widened up to its neighbour
(`widen_labels`) so a long label further down still falls in it.
"""

from __future__ import annotations

import itertools

from munidocs.extractors.tables.captions import header_years
from munidocs.extractors.tables.header import column_kind, is_total, join_header
from munidocs.extractors.tables.layout import Line, Word, column_of, intervals
from munidocs.extractors.tables.model import (
    NUMERIC_KINDS,
    Column,
    PageContext,
    TableModel,
    grid_col,
)
from munidocs.extractors.tables.settings import TableSettings

Bounds = list[tuple[float, float]]


def grid_columns(ctx: PageContext, anchor: Line) -> tuple[Bounds, float, float, float] | None:
    """Column bounds and header/body ys from pdfplumber's finder, for a ruled grid.

    Returns (bounds, table top, header bottom, table bottom), or None when the year row is
    not crossed by enough vertical rules or sits in a shaded header box rather than a grid.
    """
    s = ctx.settings
    cy = (anchor.top + anchor.bottom) / 2
    crossing = ctx.rules.v_crossing(
        cy, anchor.x0 - s.grid_reach_left, anchor.x1 + s.grid_reach_right, s
    )
    if len(crossing) < s.grid_min_rules:
        return None
    slack = s.grid_bbox_slack
    for table in ctx.tables():
        x0, t, x1, b = table.bbox
        if not (t <= cy <= b and x0 <= anchor.x0 + slack and anchor.x1 <= x1 + slack):
            continue
        xs: list[float] = []
        for x in sorted({round(v, 1) for c in table.cells for v in (c[0], c[2])}):
            if not xs or x - xs[-1] > s.edge_merge_tolerance:
                xs.append(x)
        ys = sorted({round(v, 1) for c in table.cells for v in (c[1], c[3])})
        hbottom = min((y for y in ys if y > cy), default=b)
        if b - hbottom < s.grid_min_body_em * anchor.size:
            return None  # a shaded header box, not a grid
        return list(itertools.pairwise(xs)), t, hbottom, b
    return None


def bounds_from_words(
    anchor: Line, body: list[Line], header: list[Line], size: float, settings: TableSettings
) -> Bounds:
    """Column x-ranges from word positions.

    Amount columns: the x-ranges the body's numbers cover, matched in order to the year and
    "I alt" headers (a header may be left-aligned over right-aligned numbers). Label and
    descriptive columns: x-ranges covered by their words, split at empty gaps (total rows,
    whose label cell often spans several columns, are left out). The scan stops at the first
    prose line or line in another size, and after `column_scan_lines` lines.
    """
    s = settings
    years = header_years(anchor, s)
    pitch = (years[-1].cx - years[0].cx) / max(1, len(years) - 1)
    nx0 = years[0].x1 - pitch  # an amount column's left edge, whatever the header alignment
    heads = [(w.x0, w.x1) for w in years]
    after = [w for w in anchor.words if w.x0 > years[-1].x1]
    if after:
        heads.append((min(w.x0 for w in after), max(w.x1 for w in after)))
    numbers: list[Word] = []
    left: list[Word] = [w for w in anchor.words if w.x1 < years[0].x0]
    for ln in body[: s.column_scan_lines]:
        prose = any(not w.numeric and w.cx >= years[0].x0 for w in ln.words)
        amounts = any(w.numeric and w.cx >= nx0 for w in ln.words)
        if prose or (abs(ln.size - size) > s.size_tolerance and not amounts):
            break
        numbers += [w for w in ln.words if w.numeric and w.cx >= nx0]
        if not is_total(ln.text):
            left += [w for w in ln.words if not (w.numeric and w.cx >= nx0)]
    gap = s.column_gap_em * size
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


def _align(nums: Bounds, heads: Bounds) -> Bounds:
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


def classify_columns(model: TableModel, header: list[Line], settings: TableSettings) -> None:
    """Set each column's kind (and year) from the header words over it.

    A header cell may wrap ("Styrings-" / "område"): its words are joined line by line,
    a line being the words within `line_y_tolerance` of one baseline. Unnamed columns left
    of the first named one hold the row labels.
    """
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
            if last is None or abs(bottom - last) > settings.line_y_tolerance:
                lines.append([])
            lines[-1].append(text)
            last = bottom
        col.header = join_header([" ".join(ln) for ln in lines])
        col.kind, col.year = column_kind(col.header)
    first_named = next((k for k, c in enumerate(cols) if c.kind != "other"), len(cols))
    for col in cols[: max(1, first_named)]:
        if col.kind == "other":
            col.kind = "label"


def years_of(model: TableModel) -> list[int | None]:
    """The amount columns' years in order ("I alt" as None): a repeated header's signature."""
    return [c.year for c in model.columns if c.kind in NUMERIC_KINDS]


def widen_labels(model: TableModel, settings: TableSettings) -> None:
    """A label column reaches up to the next column: a long label may end past any seen so far."""
    cols = model.columns
    gap = settings.label_column_gap
    if cols and cols[0].kind != "label":
        # no label seen yet (a header row alone at a page foot): labels stand left of it all
        cols.insert(0, Column(0.0, cols[0].x0 - gap, "label"))
    for col, nxt in itertools.pairwise(cols):
        if col.kind == "label" and nxt.kind != "label":
            col.x1 = max(col.x1, nxt.x0 - gap)
