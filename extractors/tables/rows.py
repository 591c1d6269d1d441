"""Grouping a table's body lines into rows.

Rules (ruled grids, horizontal rules) split rows outright. Between rules, lines closer than
a line apart belong together, extra space between lines separates rows, and where spacing
says nothing (no cell padding) reading cues decide: a line that starts in lowercase or
follows a hyphen or a word like "under" continues the line before; otherwise the table's
vertical alignment, learnt from its clear cases, decides which row a label line joins.
A row the page break cut in two is joined again (`carry_over`).
"""

from __future__ import annotations

import itertools
import re

from munidocs.extractors.tables.header import is_total
from munidocs.extractors.tables.layout import Line
from munidocs.extractors.tables.model import (
    NUMERIC_KINDS,
    PageContext,
    Row,
    TableModel,
    has_values,
    label_of,
)
from munidocs.extractors.tables.settings import TableSettings

CONTINUES = re.compile(r"(?:[-,/]|\b(?:og|af|til|under|i|for|med|på|fra|ved|samt|eller|inkl\.))$")


def rule_between(ctx: PageContext, a: Line, b: Line, model: TableModel) -> bool:
    """Whether a horizontal rule across the table parts line ``a`` from line ``b`` below it."""
    s = ctx.settings
    top, bottom = a.bottom - s.rule_y_slack, b.top + s.rule_y_slack
    return bool(ctx.rules.h_between(top, bottom, model.x0, model.x1, s.row_rule_span_share))


def group_rows(ctx: PageContext, body: list[Line], model: TableModel) -> list[Row]:
    """Group body lines into table rows: rules split bands, spacing and cues split the rest."""
    if not body:
        return []
    s = ctx.settings
    dy = s.rule_y_slack
    if model.grid:
        seps = sorted({round(v, 1) for t in ctx.tables() for c in t.cells for v in (c[1], c[3])})
    else:
        seps = ctx.rules.h_between(
            body[0].top - dy, body[-1].bottom + dy, model.x0, model.x1, s.row_rule_span_share
        )
    bands: list[list[Line]] = [[]]
    for prev, ln in zip([None, *body], body, strict=False):
        if prev is not None and any(prev.bottom - dy < y < ln.top + dy for y in seps):
            bands.append([])
        bands[-1].append(ln)
    size = model.size
    visual: list[list[list[Line]]] = []
    for band in bands:
        groups: list[list[Line]] = []
        for ln in band:
            if groups and ln.top - groups[-1][-1].top < s.row_line_em * size:
                groups[-1].append(ln)
            else:
                groups.append([ln])
        visual.append(groups)
    # spacing from a group's last line to the next group's first: within a row it is the
    # line pitch, between rows the line pitch plus the cells' padding
    pitches = [g2[0].top - g1[-1].top for groups in visual for g1, g2 in itertools.pairwise(groups)]
    p_min = min(pitches, default=s.row_pitch_em * size)
    padding = max(s.row_padding_min, s.row_padding_em * size)
    # a wrapped first row that starts without amounts: labels sit above their amounts
    bottom_aligned = not any(has_values(ln, model) for ln in visual[0][0])
    votes = {
        "up": 0,
        "down": 0,
        "mid": 0,
    }  # which way clear wraps went: the table's vertical alignment
    rows: list[Row] = []
    for groups in visual:
        split: list[list[list[Line]]] = [[]]
        for g in groups:
            if split[-1] and g[0].top - split[-1][-1][-1].top > p_min + padding:
                split.append([])
            split[-1].append(g)
        for part in split:
            found = _split_rows(ctx.number, part, model, bottom_aligned, votes)
            if not found and rows and _continues(rows[-1], part, model, s):
                for ln in (ln for g in part for ln in g):
                    rows[-1].add(ln)  # the last line of a long label, set off by spacing
            rows += found
    return rows


def _continues(
    row: Row, part: list[list[Line]], model: TableModel, settings: TableSettings
) -> bool:
    """Whether label lines without amounts, set off by spacing, still end the row above."""
    label_cols = [k for k, c in enumerate(model.columns) if c.kind in ("label", "other")]
    text = " ".join(label_of(ln, model) for g in part for ln in g).strip()
    before = row.text(label_cols, settings.line_y_tolerance)
    return bool(text) and (not text[:1].isupper() or CONTINUES.search(before) is not None)


def _split_rows(
    page: int,
    groups: list[list[Line]],
    model: TableModel,
    bottom_aligned: bool,
    votes: dict[str, int],
) -> list[Row]:
    """Rows of one spacing group: each line with amounts anchors a row; label lines attach."""

    def valued(g: list[Line]) -> bool:
        return any(has_values(ln, model) for ln in g)

    def label(g: list[Line]) -> str:
        return " ".join(label_of(ln, model) for ln in g).strip()

    anchors = [k for k, g in enumerate(groups) if valued(g)]
    if len(anchors) <= 1:
        row = Row(page)
        for g in groups:
            for ln in g:
                row.add(ln)
        return [row] if anchors else []
    rows: dict[int, Row] = {k: Row(page) for k in anchors}
    own = {k: label(groups[k]) for k in anchors}
    bottom_aligned = bottom_aligned or not valued(groups[0])
    owner: dict[int, int] = {k: k for k in anchors}
    for k in range(anchors[0]):
        owner[k] = anchors[0]
    for k in range(anchors[-1] + 1, len(groups)):
        owner[k] = anchors[-1]
    text_before = " ".join(label(groups[k]) for k in range(anchors[0] + 1))
    for prev, nxt in itertools.pairwise(anchors):
        block = list(range(prev + 1, nxt))
        cut = _cut(text_before, [label(groups[k]) for k in block], own[nxt], bottom_aligned, votes)
        for k in block[:cut]:
            owner[k] = prev
        for k in block[cut:]:
            owner[k] = nxt
        text_before = " ".join(label(groups[k]) for k in [*block[cut:], nxt])
    for k, g in enumerate(groups):
        for ln in g:
            rows[owner[k]].add(ln)
    return [rows[k] for k in anchors]


def _cut(prev: str, block: list[str], nxt: str, bottom_aligned: bool, votes: dict[str, int]) -> int:
    """How many of the label-only lines between two rows belong to the upper row.

    A line starting in lowercase, or following a line that ends in a hyphen or a word like
    "under", continues the line before it, so the rows cannot part there. Where the cues
    leave a choice, the table's vertical alignment (learnt from earlier clear cases) decides.
    """
    texts = [prev, *block, nxt]
    k = len(block)

    def joined(i: int) -> bool:
        upper, lower = texts[i], texts[i + 1]
        if (i == 0 and not upper) or (i == k and not lower):
            return True  # a row whose amounts stand beside no label line: centred
        return not lower[:1].isupper() or CONTINUES.search(upper) is not None

    if is_total(prev):
        allowed = [0]  # a total's label does not wrap
    else:
        allowed = [i for i in range(k + 1) if not joined(i)] or list(range(k + 1))
    if len(allowed) == 1:
        cut = allowed[0]
        if k:
            votes["down" if cut == 0 else "up" if cut == k else "mid"] += 1
    elif votes.get("mid", 0) > max(votes["up"], votes["down"]) or (not prev and not nxt):
        cut = min(allowed, key=lambda i: abs(i - k / 2))
    elif bottom_aligned or votes["down"] > votes["up"]:
        cut = allowed[0]
    else:
        cut = allowed[-1]
    return cut


def carry_over(
    body: list[Line], done: list[Row], model: TableModel, settings: TableSettings
) -> list[Line]:
    """Give label lines that open a continuation page to the row the page break cut in two.

    A row may break across pages (a word processor's default): its label's last lines then
    open the next page, before any amounts, starting in lowercase or after a hyphen/"under".
    Returns the body lines left for new rows.
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
            votes += 1 if abs(tops[0] - amount) < settings.top_align_tolerance else -1
    top_aligned = votes > 0
    while body and not has_values(body[0], model):
        text = label_of(body[0], model)
        before = "\n".join([last.text(label_cols, settings.line_y_tolerance), *last.tail])
        cue = not text[:1].isupper() or CONTINUES.search(before) is not None
        if not text or not (cue or top_aligned):
            break
        last.tail.append(text)
        body = body[1:]
    return body
