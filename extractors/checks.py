"""Consistency checks a journalist would make: rows add up, totals add up, text agrees with tables.

Three checks per document, one row per comparison:
- ``row_sum``: a table row's year amounts against its printed "I alt" column.
- ``column_total``: per year, the non-total rows of a table against each total row (the rows of
  its section, all rows, or the rows of its control area: whichever the total is).
  ``expected``/``actual`` of these two are in the table's printed unit (1950 for "1.950").
- ``text_vs_table``: an amount the note's own text states per year ("0,6 mio. kr. årligt",
  "... om året", "pr. år") or for one year ("i 2027"), against the yearly amounts of the
  document's overall total row. ``expected`` is the table amount, ``actual`` the text's, in kroner.

Tolerance (text_vs_table): a text amount passes when the table amount, rounded half-up to the
number of decimals the text prints, equals it. "0,65 mio. kr." for 650 (1.000 kr.) passes;
"0,6 mio. kr." does not (650.000 kr. rounds to 0,7 mio. kr.). Table sums (row_sum,
column_total) must match exactly; a difference no larger than the rounding of the printed
decimals (half a unit of the last decimal per added number) is a ``warn``, larger is ``fail``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from extractors.numbers import NotANumber, parse_danish_number, unit_multiplier
from extractors.tables import RowTotal
from models import BudgetLine, Check, Page

_MONEY = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*"
    r"(?P<unit>mia\.?\s*kr\.?|mio\.?\s*kr\.?|t\.\s*kr\.?|tusinde?\s*kr\.?|kr\.?)(?!\w)",
    re.I,
)
_ANNUAL = re.compile(r"\bårlig(?:t|e)?\b|\bom året\b|\bpr\.\s*år\b|\bper år\b|\bhvert år\b", re.I)
_RANGE = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")
_ONE_YEAR = re.compile(r"\bi\s+(20\d\d)\b", re.I)
_FROM_YEAR = re.compile(r"\b(?:fra og med|fra|f\.o\.m\.)\s+(20\d\d)\b", re.I)
_LAST_YEAR = 2099
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\s*•\s*")


def check_document(
    doc_id: str,
    pages: list[Page],
    budget_lines: list[BudgetLine],
    row_totals: list[RowTotal] | None = None,
) -> list[Check]:
    """Every check that can be made inside one document.

    ``row_totals`` are the printed "I alt" values (`BudgetTableReader.row_totals`); when not
    given, the number printed after a row's amounts in the page text stands in for them.
    """
    totals = row_totals if row_totals is not None else row_totals_from_text(pages, budget_lines)
    return [
        *row_sum_checks(doc_id, budget_lines, totals),
        *column_total_checks(doc_id, budget_lines),
        *text_vs_table_checks(doc_id, pages, budget_lines),
    ]


# ---------------------------------------------------------------------- formatting


def fmt(value: Decimal) -> str:
    """Danish print form: 1950 -> "1.950", 0.6 -> "0,6", -200 -> "-200"."""
    value = value.normalize() if value == value.to_integral() else value
    text = f"{abs(value):,f}" if value != value.to_integral() else f"{abs(int(value)):,}"
    text = text.replace(",", "X").replace(".", ",").replace("X", ".")
    return f"-{text}" if value < 0 else text


def _dec(x: float) -> Decimal:
    return Decimal(repr(x))


def _decimals(values: Iterable[Decimal]) -> int:
    return max((max(0, -int(v.normalize().as_tuple().exponent)) for v in values), default=0)


def _status(expected: Decimal, actual: Decimal, n_terms: int, decimals: int) -> str:
    if expected == actual:
        return "pass"
    slack = Decimal(n_terms) * Decimal(5) * Decimal(10) ** -(decimals + 1)
    return "warn" if decimals and abs(expected - actual) <= slack else "fail"


def _table_name(line: BudgetLine) -> str:
    if line.table_title:
        return (
            line.table_title.split(".")[0]
            if re.match(r"Tab", line.table_title)
            else line.table_title
        )
    return f"table {line.table}"


@dataclass(frozen=True, slots=True)
class _RowKey:
    table: int
    item: str
    page: int
    bbox: tuple[float, float, float, float] | None


def _rows(lines: list[BudgetLine]) -> dict[_RowKey, list[BudgetLine]]:
    rows: dict[_RowKey, list[BudgetLine]] = {}
    for line in lines:
        rows.setdefault(_RowKey(line.table, line.item, line.page, line.bbox), []).append(line)
    return rows


# ---------------------------------------------------------------------- row_sum


def row_sum_checks(doc_id: str, lines: list[BudgetLine], totals: list[RowTotal]) -> list[Check]:
    rows = _rows(lines)
    out: list[Check] = []
    for total in totals:
        key = _RowKey(total.table, total.item, total.page, total.bbox)
        cells = rows.get(key, [])
        if not cells:
            continue
        values = [_dec(c.amount) for c in cells]
        actual = sum(values, Decimal(0))
        expected = _dec(total.amount)
        years = sorted(c.year for c in cells)
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        status = _status(expected, actual, len(values), _decimals([*values, expected]))
        name = _table_name(cells[0])
        out.append(
            Check(
                doc_id=doc_id,
                check="row_sum",
                status=status,
                expected=float(expected),
                actual=float(actual),
                message=(
                    f"{name} (page {total.page}), row '{total.item}': the years {span} add up to "
                    f"{fmt(actual)} ({total.unit}); the 'I alt' column says {fmt(expected)}."
                ),
            )
        )
    return out


_TOKEN_NUMBER = re.compile(r"\(\d[\d.,]*\)|[-−–÷]?\d[\d.,]*|[-–]")


def row_totals_from_text(pages: list[Page], lines: list[BudgetLine]) -> list[RowTotal]:
    """Each row's "I alt" read back from the page text: the number right after its amounts.

    Used only where the reader's own values are not at hand. A row counts only when the text
    after its label prints exactly its amounts in year order and then one number more.
    """
    texts = {p.page: p.text for p in pages}
    out: list[RowTotal] = []
    for key, cells in _rows(lines).items():
        text = texts.get(key.page, "")
        at = text.find(key.item)
        if at < 0 or key.bbox is None:
            continue
        want = [_dec(c.amount) for c in sorted(cells, key=lambda c: c.year)]
        numbers: list[Decimal] = []
        for token in text[at + len(key.item) :].split()[: len(want) + 8]:
            if not _TOKEN_NUMBER.fullmatch(token):
                if numbers:
                    break
                continue  # descriptive cells (BIU, U) before the amounts
            try:
                numbers.append(Decimal(0) if token in ("-", "–") else parse_danish_number(token))
            except NotANumber:
                if numbers:
                    break  # "35.10" (a Bevilling) before the amounts is not one
        tail = numbers[: len(want) + 1]
        if len(tail) == len(want) + 1 and tail[:-1] == want:
            out.append(
                RowTotal(
                    cells[0].doc_id,
                    key.table,
                    cells[0].table_title,
                    key.item,
                    key.page,
                    float(tail[-1]),
                    cells[0].unit,
                    key.bbox,
                )
            )
    return out


# ---------------------------------------------------------------------- column_total


def column_total_checks(doc_id: str, lines: list[BudgetLine]) -> list[Check]:
    out: list[Check] = []
    by_table: dict[int, dict[_RowKey, list[BudgetLine]]] = {}
    for key, cells in _rows(lines).items():
        by_table.setdefault(key.table, {})[key] = cells
    for rows in by_table.values():
        keys = list(rows)
        total_idx = [k for k, key in enumerate(keys) if rows[key][0].is_total]
        for pos, t in enumerate(total_idx):
            total_cells = rows[keys[t]]
            prev_t = total_idx[pos - 1] if pos else -1
            section = [rows[k] for k in keys[prev_t + 1 : t] if not rows[k][0].is_total]
            everything = [rows[k] for k in keys if not rows[k][0].is_total]
            area = total_cells[0].control_area
            same_area = [r for r in everything if area and r[0].control_area == area]
            last = pos == len(total_idx) - 1
            candidates = [("the rows above it", section), ("all rows of the table", everything)]
            if last and prev_t >= 0:
                candidates.reverse()
            if same_area:
                candidates.append((f"the {area} rows", same_area))
            candidates = [(label, group) for label, group in candidates if group]
            if not candidates:
                continue
            for cell in total_cells:
                out.append(_column_check(doc_id, cell, candidates))
    return out


def _column_check(
    doc_id: str, total: BudgetLine, candidates: list[tuple[str, list[list[BudgetLine]]]]
) -> Check:
    expected = _dec(total.amount)
    results = []
    for label, group in candidates:
        values = [_dec(c.amount) for row in group for c in row if c.year == total.year]
        actual = sum(values, Decimal(0))
        status = _status(expected, actual, len(values), _decimals([*values, expected]))
        results.append((status, label, actual))
    order = {"pass": 0, "warn": 1, "fail": 2}
    status, label, actual = min(results, key=lambda r: order[r[0]])
    if status == "fail":
        status, label, actual = results[0]
    return Check(
        doc_id=doc_id,
        check="column_total",
        status=status,
        expected=float(expected),
        actual=float(actual),
        message=(
            f"{_table_name(total)} (page {total.page}), {total.year}: {label} add up to "
            f"{fmt(actual)} ({total.unit}); the total row '{total.item}' says {fmt(expected)}."
        ),
    )


# ---------------------------------------------------------------------- text_vs_table


@dataclass(frozen=True, slots=True)
class TextAmount:
    page: int
    text: str
    value: Decimal  # as printed, in its unit
    decimals: int
    multiplier: Decimal
    years: tuple[int, ...]  # years it is stated for; () = every year ("årligt")


def text_amounts(page: Page) -> list[TextAmount]:
    """Money the text states per year or for one year (other amounts are not comparable)."""
    out: list[TextAmount] = []
    for sentence in _SENTENCE.split(page.text):
        matches = list(_MONEY.finditer(sentence))
        for i, m in enumerate(matches):
            # with several amounts in a sentence, each one's years and "årligt" are read from
            # its own stretch: "12,5 mio. kr. i 2027 og 1,5 mio. kr. årligt fra 2028"
            start = matches[i - 1].end() if i else 0
            end = matches[i + 1].start() if i + 1 < len(matches) else len(sentence)
            clause = sentence[start:end]
            annual = _ANNUAL.search(clause) is not None
            rng = _RANGE.search(clause)
            ones = _ONE_YEAR.findall(clause)
            since = _FROM_YEAR.search(clause)
            if rng:
                years: tuple[int, ...] = tuple(range(int(rng.group(1)), int(rng.group(2)) + 1))
            elif since:  # "fra 2028": that year and every later one the table has
                years = tuple(range(int(since.group(1)), _LAST_YEAR + 1))
            elif len(ones) == 1:
                years = (int(ones[0]),)
            else:
                years = ()
            if not annual and len(years) != 1:
                continue
            multiplier = unit_multiplier(m.group("unit"))
            try:
                value = parse_danish_number(m.group("num"))
            except NotANumber:
                continue
            if multiplier is None:
                continue
            decimals = len(m.group("num").split(",")[1]) if "," in m.group("num") else 0
            text = re.sub(r"\s+", " ", m.group(0)).strip()
            out.append(TextAmount(page.page, text, value, decimals, multiplier, years))
    return out


def _reference_total(lines: list[BudgetLine]) -> list[BudgetLine]:
    """The document's overall yearly amounts: the first table's mixed total, else a total."""
    totals = [ln for ln in lines if ln.is_total]
    if not totals:
        return []
    mixed = [ln for ln in totals if ln.control_area is None]
    pick = (mixed or totals)[0]
    return [
        ln
        for ln in totals
        if ln.table == pick.table and ln.item == pick.item and ln.page == pick.page
    ]


def text_vs_table_checks(doc_id: str, pages: list[Page], lines: list[BudgetLine]) -> list[Check]:
    reference = _reference_total(lines)
    if not reference:
        return []
    by_year = {ln.year: ln for ln in reference}
    out: list[Check] = []
    for page in pages:
        for amount in text_amounts(page):
            years = [y for y in (amount.years or tuple(sorted(by_year))) if y in by_year]
            if amount.years and not years:
                continue
            compared = [by_year[y] for y in years if amount.years or by_year[y].amount != 0]
            if not compared:
                continue
            out.append(_text_check(doc_id, amount, compared))
    return out


def _text_check(doc_id: str, amount: TextAmount, compared: list[BudgetLine]) -> Check:
    step = Decimal(10) ** -amount.decimals
    worst: tuple[BudgetLine, Decimal] | None = None
    for line in compared:
        in_text_unit = (_dec(line.amount_dkk) / amount.multiplier).quantize(step, ROUND_HALF_UP)
        if in_text_unit != amount.value and worst is None:
            worst = (line, in_text_unit)
    line = worst[0] if worst else compared[0]
    table_dkk = _dec(line.amount_dkk)
    text_dkk = amount.value * amount.multiplier
    years = sorted(ln.year for ln in compared)
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    if len(amount.years) == 1:
        per = f"for {span}"
    else:
        per = f"a year in {span}" if amount.years else "a year"
    where = f"{_table_name(line)} on page {line.page} ('{line.item}')"
    table_said = f"{fmt(_dec(line.amount))} ({line.unit}) = {fmt(table_dkk)} kr."
    if worst is None:
        message = (
            f"Page {amount.page} says {amount.text} {per}; {where} has {table_said} "
            f"in {span}, which agrees at the text's precision."
        )
        status = "pass"
    else:
        unit = amount.text[len(amount.text.split()[0]) :].strip()
        message = (
            f"Page {amount.page} says {amount.text} {per}, but {where} has {table_said} "
            f"in {line.year}, which would be {fmt(worst[1])} {unit}, not {fmt(amount.value)}."
        )
        status = "fail"
    return Check(
        doc_id=doc_id,
        check="text_vs_table",
        status=status,
        expected=float(table_dkk),
        actual=float(text_dkk),
        message=message,
    )
