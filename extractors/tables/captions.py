"""What stands over a table's body: the year header row, the header band, caption, title, unit.

A table starts at a row of years; the header band is that row plus the header lines above and
below it (wrapped cells, a unit row), bounded by rules where there are any and by spacing and
font size where there are none. Above the band, a caption: the "Tabel N" title and a unit line.
A title left alone at a page foot waits for the table that opens the next page.
"""

from __future__ import annotations

from munidocs.extractors.reading.text import normalize_text
from munidocs.extractors.tables.header import TITLE, is_total, price_level_of, unit_of
from munidocs.extractors.tables.layout import YEAR, Line, Word
from munidocs.extractors.tables.model import PageContext, TableModel
from munidocs.extractors.tables.settings import TableSettings


def header_years(line: Line, settings: TableSettings | None = None) -> list[Word]:
    """The longest run of increasing years in separate columns ("2026 2027 2028"), or [].

    Years set closer than `year_gap_em` are a phrase in prose ("i 2026 2027"), not columns.
    Without settings, the defaults (callers outside the reader ask about one line).
    """
    s = settings or TableSettings()
    best: list[Word] = []
    run: list[Word] = []
    for w in line.words:
        if YEAR.fullmatch(w.text) and (
            not run
            or (int(w.text) > int(run[-1].text) and w.x0 - run[-1].x1 >= s.year_gap_em * w.size)
        ):
            run.append(w)
        else:
            run = [w] if YEAR.fullmatch(w.text) else []
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= s.header_min_years else []


def is_year_header(line: Line, settings: TableSettings | None = None) -> bool:
    """Whether the line is a table's year header row (see `header_years`)."""
    return bool(header_years(line, settings))


def is_title(line: Line) -> bool:
    """Whether the line is a table title ("Tabel 2. Udgifter til service")."""
    return TITLE.match(line.text) is not None


def is_unit_line(line: Line, model: TableModel, settings: TableSettings) -> bool:
    """A short line left of the amounts naming the unit ("1.000 kr., 2026 p/l"), not a total."""
    return (
        unit_of(line.text) is not None
        and len(line.text) < settings.unit_line_max_chars
        and line.x1 < model.numeric_x0
        and not is_total(line.text)
    )


def header_band(ctx: PageContext, a: int) -> tuple[float, float]:
    """Top and bottom y of the header rows around the year line ``a``.

    Rules spanning the header bound it where there are any; otherwise header lines are those
    close above the year row in its font size, and those close below it that are neither
    amounts nor body labels (a body label starts at the table's left edge).
    """
    s = ctx.settings
    lines, anchor = ctx.lines, ctx.lines[a]
    size = anchor.size
    years = header_years(anchor, s)
    hx0, hx1 = years[0].x0, anchor.x1
    dx, dy = s.rule_x_slack, s.rule_y_slack
    spans = [y for y, x0, x1 in ctx.rules.horizontal if x0 <= hx0 + dx and x1 >= hx1 - dx]
    above = [
        y
        for y in spans
        if anchor.top - s.header_rule_above_em * size < y < anchor.top + dy
        and not any(y < ln.top and ln.bottom < anchor.top and is_title(ln) for ln in lines[:a])
    ]
    below = [
        y for y in spans if anchor.bottom - dy < y < anchor.bottom + s.header_rule_below_em * size
    ]
    if above:
        top = max(above)
    else:
        j = a
        while j > 0:
            up = lines[j - 1]
            if (
                lines[j].top - up.bottom > s.header_line_gap_em * size
                or is_title(up)
                or len(up.text) > s.header_line_max_chars
                or abs(up.size - size) > s.size_tolerance
            ):
                break
            j -= 1
        top = lines[j].top - s.header_band_pad
    if below:
        return top, min(below)
    # body labels start at the table's left edge; header continuations ("område") do not
    left = min(
        ln.x0
        for ln in lines[a : a + s.header_left_edge_lines]
        if abs(ln.size - size) <= s.size_tolerance
    )
    k = a
    while k + 1 < len(lines):
        nxt = lines[k + 1]
        gap = nxt.top - lines[k].bottom
        if gap <= s.header_wrap_gap_em * size and price_level_of(nxt.text):
            k += 1  # the unit cell wrapped: "1.000 kr.," / "2026 p/l"
            continue
        if (
            gap > s.header_wrap_gap_em * size
            or any(w.numeric for w in nxt.words)
            or nxt.x0 <= left + s.body_indent_em * size
        ):
            break
        k += 1
    return top, lines[k].bottom + s.header_band_pad


def caption_above(lines: list[Line], first: int, top: float, settings: TableSettings) -> list[Line]:
    """Up to `caption_max_lines` lines above the header: title, unit line."""
    out: list[Line] = []
    j = first - 1
    while (
        j >= 0
        and len(out) < settings.caption_max_lines
        and lines[j].bottom <= top + settings.header_band_slack
    ):
        out.insert(0, lines[j])
        if is_title(lines[j]):
            return out
        j -= 1
    # no title: keep only short lines right above (a unit line), not the paragraph before
    return [
        ln for ln in out[-1:] if unit_of(ln.text) and len(ln.text) < settings.unit_line_max_chars
    ]


def title_of(caption: list[Line], settings: TableSettings) -> str | None:
    """The caption's title, its wrapped lines joined, without the unit line below it."""
    for k, ln in enumerate(caption):
        if is_title(ln):
            parts = [ln.text]
            for nxt in caption[k + 1 :]:
                if unit_of(nxt.text) and len(nxt.text) < settings.unit_line_max_chars:
                    break
                parts.append(nxt.text)
            return normalize_text("\n".join(parts))
    return None


def dangling_caption(ctx: PageContext) -> list[Line]:
    """A table title (and unit line) that ends the page without its table.

    Lines below `footer_share` (the page's footer) are not part of it.
    """
    s = ctx.settings
    lines = ctx.lines
    for k in range(len(lines) - 1, max(-1, len(lines) - 1 - s.dangling_caption_lines), -1):
        if is_title(lines[k]):
            if id(lines[k]) in ctx.used:
                return []
            return [lines[k]] + [
                ln for ln in lines[k + 1 :] if ln.top <= s.footer_share * ctx.height
            ]
    return []
