"""`text_vs_table`: an amount the note's own text states per year ("0,6 mio. kr. årligt", "... om
året", "pr. år") or for one year ("i 2027"), against the yearly amounts of the document's overall
total row. ``expected`` is the table amount, ``actual`` the text's, in kroner.

Tolerance: a text amount passes when the table amount, rounded half-up to the number of decimals
the text prints, equals it. "0,65 mio. kr." for 650 (1.000 kr.) passes; "0,6 mio. kr." does not
(650.000 kr. rounds to 0,7 mio. kr.).

Amounts are found with the lexicon's running-text money grammar (`find_money`), the same the
figure finder uses, so every money spelling ("500 tkr.", "1,5 millioner kroner", "mio. DKK") is
checked. Not compared: a range ("2-3 mio. kr.") states no single amount, and a currency printed
first ("kr. 5.000") is left out because the page text runs table headers into one line, where
"kr. 2026" is a unit followed by a year column, not an amount (the figure finder masks tables;
this check reads the whole page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from munidocs.extractors.checks.common import dec, fmt, table_name
from munidocs.extractors.lexicon.money import Money, find_money
from munidocs.extractors.lexicon.numbers import NotANumber, decimals_printed, parse_danish_number
from munidocs.models import BudgetLine, Check, Page

_ANNUAL = re.compile(r"\bårlig(?:t|e)?\b|\bom året\b|\bpr\.\s*år\b|\bper år\b|\bhvert år\b", re.I)
_RANGE = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")
_ONE_YEAR = re.compile(r"\bi\s+(20\d\d)\b", re.I)
_FROM_YEAR = re.compile(r"\b(?:fra og med|fra|f\.o\.m\.)\s+(20\d\d)\b", re.I)
_LAST_YEAR = 2099
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\s*•\s*")


@dataclass(frozen=True, slots=True)
class TextAmount:
    page: int
    text: str
    value: Decimal  # as printed, in its unit
    decimals: int
    multiplier: Decimal
    years: tuple[int, ...]  # years it is stated for; () = every year ("årligt")
    number: str  # the number as printed inside `text` ("0,6")


def _sentences(text: str, amounts: list[Money]) -> list[tuple[int, int]]:
    """[start, end) of each sentence of the text, never cut inside an amount ("0,5 mio. DKK")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in _SENTENCE.finditer(text):
        if not any(a.start < cut.start() < a.end for a in amounts):
            spans.append((start, cut.start()))
            start = cut.end()
    return [*spans, (start, len(text))]


def text_amounts(page: Page) -> list[TextAmount]:
    """Money the text states per year or for one year (other amounts are not comparable)."""
    out: list[TextAmount] = []
    amounts = find_money(page.text)
    for first, last in _sentences(page.text, amounts):
        matches = [
            m for m in amounts if first <= m.start and m.end <= last and not m.currency_first
        ]
        for i, m in enumerate(matches):
            # with several amounts in a sentence, each one's years and "årligt" are read from
            # its own stretch: "12,5 mio. kr. i 2027 og 1,5 mio. kr. årligt fra 2028"
            start = matches[i - 1].end if i else first
            end = matches[i + 1].start if i + 1 < len(matches) else last
            clause = page.text[start:end]
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
            if m.number_max is not None or (not annual and len(years) != 1):
                continue
            try:
                value = parse_danish_number(m.number)
            except NotANumber:
                continue
            text = re.sub(r"\s+", " ", m.text).strip()
            decimals = decimals_printed(m.number)
            out.append(TextAmount(page.page, text, value, decimals, m.factor, years, m.number))
    return out


def _reference_total(lines: list[BudgetLine]) -> list[BudgetLine]:
    """The document's overall yearly amounts: the first table's mixed total, else a total."""
    # the yearly amounts of year columns only (a table of amounts without years says no year)
    totals = [ln for ln in lines if ln.is_total and ln.year is not None and ln.measure is None]
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
    by_year = {ln.year: ln for ln in reference if ln.year is not None}
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
        in_text_unit = (dec(line.amount_dkk) / amount.multiplier).quantize(step, ROUND_HALF_UP)
        if in_text_unit != amount.value and worst is None:
            worst = (line, in_text_unit)
    line = worst[0] if worst else compared[0]
    table_dkk = dec(line.amount_dkk)
    text_dkk = amount.value * amount.multiplier
    years = sorted(ln.year for ln in compared if ln.year is not None)
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    if len(amount.years) == 1:
        per = f"for {span}"
    else:
        per = f"a year in {span}" if amount.years else "a year"
    where = f"{table_name(line)} on page {line.page} ('{line.item}')"
    table_said = f"{fmt(dec(line.amount))} ({line.unit}) = {fmt(table_dkk)} kr."
    if worst is None:
        message = (
            f"Page {amount.page} says {amount.text} {per}; {where} has {table_said} "
            f"in {span}, which agrees at the text's precision."
        )
        status = "pass"
    else:
        would_be = amount.text.replace(amount.number, fmt(worst[1]), 1)
        message = (
            f"Page {amount.page} says {amount.text} {per}, but {where} has {table_said} "
            f"in {line.year}, which would be {would_be}, not {fmt(amount.value)}."
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
