"""Budget lines from tables without year columns: any table whose column holds amounts.

A two-column allocation table ("Indsatsområde | Afsatte midler i 2013", cells "1.370.000 kr.",
an "I alt" row), a price table, a grant list with "Ansøgt beløb" and "Indstillet beløb"
columns over many pages: each amount becomes one budget line, like a budget note's.

- An amount column: at least `amount_share` of its filled body cells are one Danish number
  (strictly parsed, `lexicon.cell_amount`), and either its header names money ("beløb",
  "kr.", "tilskud", "bevilling", ...: `MONEY_HEADER`) or that share of its cells print a money
  unit ("217.000 kr."). Rates ("578 kr./m2"), codes, numbers of persons or years (an "Årstal"
  column) are not amounts: their header names no money and their cells no unit.
- The unit: the cell's own ("1.370.000 kr."), else the header's or caption's ("Beløb i 1.000
  kr."), else kroner (a money header without a unit: "Ansøgt beløb").
- The year: a column headed by a year ("2013") has it (`year_source` "column"); else one year
  printed in the column's header ("Afsatte midler i 2013": "header"), the table's caption
  ("caption") or the document's title ("title"); else none (null, `year_source` null).
  Two different years in one place say nothing.
- `measure` is the amount column's header ("Ansøgt beløb") when it is not a year.
- The row's label is its first text column that is not a number or code column; a row whose
  label reads "I alt", "Total", "Samlet" ... (`is_total`, short) is a total.
"""

from __future__ import annotations

import re
from decimal import Decimal

from munidocs.extractors.lexicon import cell_amount, to_dkk, unit_of
from munidocs.extractors.provenance import union
from munidocs.extractors.tables.grid import GenericTable
from munidocs.extractors.tables.header import is_total, price_level_of
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BBox, BudgetLine
from munidocs.models.ids import amount_cell_id, budget_line_id

MONEY_HEADER = re.compile(
    r"beløb|\bkr\b|\bkr\.|kroner|\bdkk\b|bevilg|bevilling|tilskud|støtte|udgift|indtægt|budget|"
    r"omkostning|\bpris|midler|ansøgt|indstillet|tildelt|udbetal|betaling|finansiering|"
    r"\bramme|afsat|\bløn|takst|\bi alt\b|\btotal\b",
    re.IGNORECASE,
)
"""Words of a column header that name money."""
_NOT_AMOUNT_HEADER = re.compile(
    r"^\s*(?:id|nr\.?|nummer|løbenr\.?|år|årstal|årgang|cvr.*|p-nummer.*|postnr\.?|postnummer|"
    r"antal.*|%|pct\.?|procent.*|side)\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.,/-])((?:19|20)\d\d)(?![\d.,/-]\d)")


def _one_year(text: str | None) -> int | None:
    years = {int(y) for y in _YEAR.findall(text or "")}
    return years.pop() if len(years) == 1 else None


def _row_box(cells: list[BBox | None]) -> BBox | None:
    return union([b for b in cells if b is not None])


def amount_lines(
    doc_id: str, parts: list[GenericTable], title: str | None, settings: TableSettings
) -> list[BudgetLine]:
    """The budget lines of one table (its parts on consecutive pages, in order)."""
    head = next((p for p in parts if p.n_header), parts[0])
    n_cols = max(p.n_cols for p in parts)
    headers = [head.header_text(k) for k in range(n_cols)]
    rows = [
        (p.page, p.first_row + i, row)
        for p in parts
        for i, row in enumerate(p.rows)
        if i >= p.n_header
    ]
    # a row the page break cut: its second part has no label and joins it
    merged: list[tuple[int, int, list[list[str]], list[BBox | None]]] = []
    for page, number, row in rows:
        texts = [[row[k].text] if k < len(row) else [""] for k in range(n_cols)]
        boxes = [c.bbox for c in row]
        if merged and merged[-1][1] == number:
            for k in range(n_cols):
                merged[-1][2][k].extend(texts[k])
            continue
        merged.append((page, number, texts, boxes))

    def cell(r: tuple[int, int, list[list[str]], list[BBox | None]], k: int) -> str:
        return " ".join(t for t in r[2][k] if t).strip()

    amount_cols: list[int] = []
    for k in range(n_cols):
        if _NOT_AMOUNT_HEADER.match(headers[k]):
            continue
        filled = [cell(r, k) for r in merged if cell(r, k)]
        if not filled:
            continue
        amounts = [cell_amount(t) for t in filled]
        numbers = [a for a in amounts if a is not None and not a.rate]
        with_unit = [a for a in numbers if a.unit]
        share = settings.amount_share * len(filled)
        named = bool(MONEY_HEADER.search(headers[k])) or headers[k].strip().isdigit()
        if len(numbers) >= share and (named or len(with_unit) >= share):
            amount_cols.append(k)
    if not amount_cols:
        return []
    label_col = next(
        (
            k
            for k in range(n_cols)
            if k not in amount_cols
            and not _NOT_AMOUNT_HEADER.match(headers[k])
            and sum(1 for r in merged if cell(r, k) and cell_amount(cell(r, k)) is None)
            >= len([r for r in merged if cell(r, k)]) / 2
            and any(cell(r, k) for r in merged)
        ),
        None,
    )
    caption = next((p.caption for p in parts if p.caption), None)
    table_unit = unit_of(" ".join([*headers, caption or ""]))
    price_level = price_level_of(" ".join([*headers, caption or ""]))
    out: list[BudgetLine] = []
    for k in amount_cols:
        header = headers[k]
        year, source = None, None
        if re.fullmatch(r"(?:19|20)\d\d", header.strip()):
            year, source = int(header), "column"
        else:
            for text, where in ((header, "header"), (caption, "caption"), (title, "title")):
                year = _one_year(text)
                if year is not None:
                    source = where
                    break
        column_unit = unit_of(header) or table_unit
        for row_number, r in enumerate(merged, start=1):
            text = cell(r, k)
            amount = cell_amount(text) if text else None
            if amount is None or amount.rate:
                continue
            unit = amount.unit or column_unit or "kr."
            item = cell(r, label_col) if label_col is not None else ""
            value = amount.value
            dkk = to_dkk(value, unit)
            words = len(item.split())
            out.append(
                BudgetLine(
                    doc_id=doc_id,
                    page=r[0],
                    table=parts[0].number,
                    table_title=caption,
                    item=item,
                    committee=None,
                    appropriation=None,
                    control_area=None,
                    direction=None,
                    year=year,
                    amount=float(value),
                    unit=unit,
                    amount_dkk=float(dkk if dkk is not None else Decimal("NaN")),
                    price_level=price_level,
                    is_total=is_total(item) and words <= settings.total_words + 2,
                    bbox=_row_box(r[3]),
                    measure=None if source == "column" else (header or None),
                    year_source=source,
                    record_id=(
                        budget_line_id(doc_id, r[0], parts[0].number, row_number, year)
                        if source == "column" and year is not None
                        else amount_cell_id(doc_id, r[0], parts[0].number, row_number, k + 1)
                    ),
                    row_bbox=_row_box(r[3]),
                )
            )
    return out
