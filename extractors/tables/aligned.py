"""Tables without vertical rules: runs of lines cut into the same columns by wide gaps.

The `grid` module's other half (ruled tables, the cell model, headers and captions live there):
a run of lines split into the same columns by gaps of at least `cell_gap_em`, the columns
being the x-ranges their segments cover. A line that fills only some of the columns every other
row fills is a wrapped cell: it joins the row above (or the row below, before the first full
row). Blocks of prose set in two columns are not tables (`aligned_prose_chars`).
"""

from __future__ import annotations

import itertools
import re
import statistics

from munidocs.extractors.tables.grid import (
    GCell,
    GenericTable,
    GLine,
    GWord,
    _inside,
    _numeric_column,
    _settle,
)
from munidocs.extractors.tables.header import is_total
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BBox


def _segments(line: GLine, settings: TableSettings) -> list[list[GWord]]:
    """The line cut at gaps wider than `cell_gap_em` (of the line's size)."""
    gap = settings.cell_gap_em * line.size
    segs: list[list[GWord]] = [[line.words[0]]]
    for w in line.words[1:]:
        if w.x0 - segs[-1][-1].x1 >= gap:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def aligned_tables(
    lines: list[GLine], exclude: list[BBox], settings: TableSettings
) -> list[GenericTable]:
    """Tables without vertical rules: runs of lines cut into the same columns by wide gaps."""
    s = settings
    free = [ln for ln in lines if not any(_inside(w, b) for w in ln.words for b in exclude)]
    segs = [_segments(ln, s) for ln in free]
    out: list[GenericTable] = []
    i = 0
    while i < len(free):
        if len(segs[i]) < 2:
            i += 1
            continue
        j = i + 1
        multi = 1
        while j < len(free):
            gap = free[j].top - free[j - 1].bottom
            if gap > s.aligned_gap_em * free[j - 1].size:
                break
            if abs(free[j].size - free[i].size) > s.size_tolerance * 2:
                break
            if len(segs[j]) >= 2:
                multi += 1
            elif not _fits_columns(segs[j][0], segs[i:j]):
                break
            j += 1
        # a trailing line with one segment is text after the table, not a wrapped cell
        while j > i + 1 and len(segs[j - 1]) < 2 and not _wraps_last(free, segs, i, j):
            j -= 1
        if multi >= s.table_min_rows + 1:
            table = _aligned_table(free[i:j], segs[i:j], lines, s)
            if table is not None:
                out.append(table)
                i = j
                continue
        i += 1
    return out


_LIST_MARKER = re.compile(r"[^\w\s]{1,2}|\(?(?:\d{1,2}|[a-z])[.)]|[ivx]{1,4}[.)]")


def _aligned(
    k: int, segs: list[list[list[GWord]]], cols: list[tuple[float, float]], tolerance: float
) -> bool:
    """Most of a column's cells share a left edge, a right edge or a centre."""
    spans = [(seg[0].x0, seg[-1].x1) for line in segs for seg in line if _col_of(seg, cols) == k]
    if len(spans) < 3:
        return True
    for key in (lambda a, b: a, lambda a, b: b, lambda a, b: (a + b) / 2):
        xs = sorted(key(a, b) for a, b in spans)
        median = xs[len(xs) // 2]
        if sum(1 for x in xs if abs(x - median) <= tolerance) >= 0.75 * len(xs):
            return True
    return False


def _fits_columns(seg: list[GWord], block: list[list[list[GWord]]]) -> bool:
    """A one-segment line continues a table when it stands inside one of the block's columns."""
    x0, x1 = seg[0].x0, seg[-1].x1
    for line in block:
        for other in line:
            if other[0].x0 - 2 <= x0 and x1 <= other[-1].x1 + 40 and len(line) >= 2:
                return True
    return False


def _wraps_last(free: list[GLine], segs: list[list[list[GWord]]], i: int, j: int) -> bool:
    """The one-segment line closing a block sits at the table's line pitch (a wrapped cell)."""
    pitch = statistics.median(
        [free[k].top - free[k - 1].top for k in range(i + 1, j)] or [free[i].size * 1.2]
    )
    return free[j - 1].top - free[j - 2].top <= pitch * 1.1 and len(segs[j - 1][0]) <= 4


def _aligned_table(
    block: list[GLine],
    segs: list[list[list[GWord]]],
    page_lines: list[GLine],
    settings: TableSettings,
) -> GenericTable | None:
    s = settings
    # the columns are those of the lines that fill most of them (a row's first line), so a
    # wrapped cell's short line neither adds nor splits a column
    counts = sorted(len(x) for x in segs)
    fullest = counts[int(0.8 * (len(counts) - 1))]
    model = [x for x in segs if len(x) >= max(2, round(0.5 * fullest))]
    gap = s.cell_gap_em * statistics.median(ln.size for ln in block)
    spans = [(seg[0].x0, seg[-1].x1) for line in model for seg in line]
    cols = _header_aligned(_intervals(spans, gap), segs)
    if len(cols) < 2:
        return None
    # prose set in columns: long segments in two or more columns
    lengths: list[list[int]] = [[] for _ in cols]
    for line in segs:
        for seg in line:
            lengths[_col_of(seg, cols)].append(sum(len(w.text) + 1 for w in seg))
    if sum(1 for ls in lengths if ls and statistics.median(ls) > s.aligned_prose_chars) >= 2:
        return None
    # a form: check boxes, or labels ending in a colon before their values ("Emne: ...")
    texts = [w.text for line in segs for seg in line for w in seg]
    if any(ch in t for t in texts for ch in "☐☒☑"):
        return None
    firsts = [" ".join(w.text for w in line[0]) for line in segs if len(line) >= 2]
    if sum(1 for t in firsts if t.endswith(":")) * 2 >= len(firsts):
        return None
    # a bulleted or numbered list: its first "column" holds only the markers
    if len(cols) == 2 and all(_LIST_MARKER.fullmatch(t) for t in firsts):
        return None
    # text in boxes (a flowchart, a slide): a table's columns are aligned left, right or centre
    # (the first line, likely a header set otherwise, is not asked)
    if not all(_aligned(k, segs[1:], cols, gap) for k in range(len(cols))):
        return None
    rows = _group_rows(block, segs, cols)
    if len(rows) < s.table_min_rows:
        return None
    words = [w for ln in block for w in ln.words]
    box = (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )
    table = GenericTable(0, box, rows, 0, None, False)
    _settle(table, page_lines, settings)
    # without rules, a block of aligned lines is a table when it has a header row or a column
    # of numbers (text in the boxes of a diagram has neither)
    if not table.n_header and not any(_numeric_column(rows, k) for k in range(len(cols))):
        return None
    return table


def _group_rows(
    block: list[GLine], segs: list[list[list[GWord]]], cols: list[tuple[float, float]]
) -> list[list[GCell]]:
    """Lines into rows. A line starts a row when it fills about as many columns as a full row
    (`_starts_row`); any other line is a wrapped cell and joins the row above, or the row
    below when no row has started yet (a label set around the middle of its row)."""
    fills = [{_col_of(seg, cols) for seg in line} for line in segs]
    counts = sorted(len(f) for f in fills)
    typical = counts[int(0.8 * (len(counts) - 1))]
    threshold = max(1, round(0.5 * typical))
    full_lines = [f for f in fills if len(f) >= threshold]
    key = {k for k in range(len(cols)) if sum(k in f for f in full_lines) >= 0.9 * len(full_lines)}
    tops = [ln.top for ln in block]
    pitches = [b - a for a, b in itertools.pairwise(tops)]
    p_min = min(pitches, default=0.0)
    # rows set apart by padding: a line at the smallest pitch from the one above continues it
    padded = any(p > p_min * 1.3 for p in pitches)
    rows: list[list[GCell]] = []
    pending: list[list[GWord]] = []
    for i, line in enumerate(segs):
        filled = fills[i]
        close = padded and i > 0 and tops[i] - tops[i - 1] <= p_min * 1.15
        lower = all(seg[0].text[:1].islower() for seg in line)
        starts = len(filled) >= threshold and (padded or key <= filled)
        if rows and (close or lower):
            starts = False
        if is_total(" ".join(w.text for w in line[0])):
            starts = True  # a total row fills only its label and amounts
        if not starts:
            if rows:
                for seg in line:
                    rows[-1][_col_of(seg, cols)].words.extend(seg)
            else:
                pending.extend(line)
            continue
        row = [GCell() for _ in cols]
        for seg in [*line, *pending]:
            row[_col_of(seg, cols)].words.extend(seg)
        pending = []
        rows.append(row)
    return rows


def _header_aligned(
    cols: list[tuple[float, float]], segs: list[list[list[GWord]]]
) -> list[tuple[float, float]]:
    """Join a column only the first line fills (a header cell set left over right-aligned
    numbers) with its neighbour, which the first line leaves empty."""
    first = next((line for line in segs if len(line) >= 2), None)
    if first is None:
        return cols
    changed = True
    while changed and len(cols) > 2:
        changed = False
        used = [
            sum(1 for line in segs if any(_col_of(g, cols) == k for g in line))
            for k in range(len(cols))
        ]
        in_first = {_col_of(g, cols) for g in first}
        for k in range(len(cols)):
            if used[k] != 1 or k not in in_first:
                continue
            for j in (k + 1, k - 1):
                if 0 <= j < len(cols) and j not in in_first:
                    lo, hi = min(k, j), max(k, j)
                    cols = [*cols[:lo], (cols[lo][0], cols[hi][1]), *cols[hi + 1 :]]
                    changed = True
                    break
            if changed:
                break
    return cols


def _intervals(spans: list[tuple[float, float]], min_gap: float) -> list[tuple[float, float]]:
    """The x-ranges the spans cover, split where a gap of at least ``min_gap`` is empty."""
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a - out[-1][1] < min_gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _col_of(seg: list[GWord], cols: list[tuple[float, float]]) -> int:
    a, b = seg[0].x0, seg[-1].x1
    best, score = 0, float("-inf")
    for k, (c0, c1) in enumerate(cols):
        ov = min(b, c1) - max(a, c0)
        sc = ov if ov > 0 else -min(abs(a - c1), abs(b - c0)) - 1000
        if sc > score:
            best, score = k, sc
    return best
