"""`text_vs_table`: an amount a note's own text states per year or for one year (see
`checks.amounts`) against the table row the text talks about.

Which row (`checks.matching`), in this order:
1. a row the text *names*: its label's words stand in the amount's clause ("0,4 mio. kr. til
   husleje" names "Husleje"); among several, the one naming most of its label, then the one
   whose words stand nearest the amount;
2. else the rows of a control area the clause names ("0,6 mio. kr. (servicemidler)"): the area's
   total row ("Serviceudgifter i alt"), else its one row;
3. else the overall total: the first mixed total row ("Udgifter i alt (netto)"), else the total
   rows when they all give the same amounts, else the only row.
Where that leaves several rows with different amounts, or the text names no row and disagrees
with the overall total while another row agrees with it, the check is a `warn` that says so,
never a guess. When the rows the text names disagree but a total row agrees, the text is taken
to state the total if it names the row only in part ("1,4 mio. kr. til et værested for unge"
and the row "Drift af værested for unge"), and it is a `warn` naming both if it names every word
of the row.

An amount compared with the overall total fails only when the text states its years or the
sentence states the decision, the application or a cost ("afsætte", "søges om", "udgør"); a bare
"0,5 mio. kr. årligt" elsewhere is a `warn`, as it may be another amount than the table's.

Rounding rule: a text amount passes when the table amount, rounded half-up to the decimals the
text prints, equals it. "0,65 mio. kr." for 650 (1.000 kr.) passes; "0,6 mio. kr." does not
(650.000 kr. rounds to 0,7 mio. kr.); the message then gives the difference in kroner.
``expected`` is the table amount and ``actual`` the text's, both in kroner (``unit`` "kr.").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from math import isfinite

from munidocs.extractors.checks.amounts import TextAmount, text_amounts
from munidocs.extractors.checks.common import dec, difference, fmt, table_name
from munidocs.extractors.checks.matching import (
    SAME_WORD_STEM,
    TableRow,
    WordIndex,
    agrees,
    areas_named,
    naming,
    rounds_to,
    table_rows,
    word_index,
)
from munidocs.extractors.checks.settings import CheckSettings
from munidocs.models import BudgetLine, Check, Figure, Page

_DECISION = re.compile(
    r"beslut|afsæt|bevilg|bevilling|søg(?:es|er|t)\s+om|ansøg|indstill|foreslå|udmønt"
    r"|udgør|koste|udgift",
    re.I,
)
"""Words of a decision, an application or a cost ("afsætte", "søges om", "udgør", "koster"):
an amount in such a sentence is the note's own."""


@dataclass(frozen=True, slots=True)
class Reference:
    """The rows a text amount is compared with: the chosen one and rows with the same amounts."""

    row: TableRow | None
    same: tuple[TableRow, ...]
    how: str  # named, area, overall
    doubt: str | None = None  # why no single row could be chosen


def compared_years(amount: TextAmount, row: TableRow) -> list[int]:
    """The years of the row the amount speaks of: its years, or every year with an amount."""
    if amount.years:
        return [y for y in amount.years if y in row.cells]
    return sorted(y for y, cell in row.cells.items() if cell.amount != 0)


class Rows:
    """A document's table rows, with what `choose` looks them up by, made once per document:
    a 1,000-page report has thousands of rows and hundreds of amounts in its text, and holding
    every row against every amount made the check quadratic (400 pages: a third of the
    document's CPU). Lookups only narrow which rows are tried; each is still judged as before.
    """

    def __init__(self, rows: list[TableRow]) -> None:
        self.all = rows
        self.totals = [r for r in rows if r.is_total]
        self._by_stem: dict[str, list[TableRow]] = {}  # a label word's stem key -> its rows
        for row in rows:
            for w in row.label_words:
                self._by_stem.setdefault(w[:SAME_WORD_STEM], []).append(row)
        self._usable: dict[tuple[int, ...], list[TableRow]] = {}
        cells = sorted(  # a cell that is not a finite number agrees with no text
            (c.amount_dkk, id(r)) for r in rows for c in r.cells.values() if isfinite(c.amount_dkk)
        )
        self._amounts = [a for a, _ in cells]  # every cell's amount in kroner, ascending
        self._amount_rows = [r for _, r in cells]

    def usable(self, amount: TextAmount) -> list[TableRow]:
        """The rows with amounts for the years the amount speaks of (`compared_years` depends
        on the amount's years alone: the amounts of a text share a few)."""
        found = self._usable.get(amount.years)
        if found is None:
            found = self._usable[amount.years] = [r for r in self.all if compared_years(amount, r)]
        return found

    def may_be_named(self, index: WordIndex) -> set[int]:
        """`id`s of the rows a text with this `word_index` can name: a label word matches only
        text words under its own stem key (`matching.same_word`)."""
        return {id(r) for stem in index for r in self._by_stem.get(stem, ())}

    def may_agree(self, amount: TextAmount) -> set[int]:
        """`id`s of the rows with a cell near the amount: a row agrees with it (`_agrees_all`)
        only if its cells round to the stated number, so each lies within half a printed
        step of it; a whole step on either side leaves room for any rounding of floats."""
        step = float(amount.multiplier) * 10.0**-amount.decimals
        middle = float(amount.value * amount.multiplier)
        lo = bisect_left(self._amounts, middle - step)
        hi = bisect_right(self._amounts, middle + step)
        return set(self._amount_rows[lo:hi])


def _group(first: TableRow, rows: Sequence[TableRow], years: list[int]) -> tuple[TableRow, ...]:
    want = first.amounts(years)
    return tuple(r for r in rows if all(y in r.cells for y in years) and r.amounts(years) == want)


def choose(amount: TextAmount, rows: Rows, clause: str, settings: CheckSettings) -> Reference:
    """The row an amount is about (module docstring), with the rows that say the same: the
    rows of the same rank and every total row with the same amounts for those years."""
    ref = _choose(amount, rows.usable(amount), rows, clause, settings)
    if ref.row is None:
        return ref
    years = compared_years(amount, ref.row)
    more = _group(ref.row, [r for r in rows.totals if r not in ref.same], years)
    return Reference(ref.row, (*ref.same, *more), ref.how)


def _choose(
    amount: TextAmount, rows: list[TableRow], every: Rows, clause: str, settings: CheckSettings
) -> Reference:
    if not rows:
        return Reference(None, (), "overall", "no table row has amounts for those years")
    anchor = amount.start - amount.clause[0]
    lo = max(0, anchor - settings.label_window_chars)
    near = clause[lo : anchor + (amount.end - amount.start) + settings.label_window_chars]
    named = []
    index = word_index(near)
    nameable = every.may_be_named(index)
    for row in rows:
        if id(row) not in nameable:
            continue
        how = naming(row, near, anchor - lo, index)
        if how is not None and how.share >= settings.label_min_share:
            named.append((how, row))
    if named:
        best = max(named, key=lambda n: (n[0].share, -n[0].distance))[0]
        chosen = [row for how, row in named if how == best]
        total = _agreeing_total(amount, rows, chosen, every)
        if total is None:
            return _settle(amount, chosen, "named")
        if best.share < 1:  # "1,4 mio. kr. til et værested for unge": the note's whole sum
            return Reference(total, (total,), "overall")
        return Reference(
            None,
            (chosen[0], total),
            "named",
            f"the row it names, {_where(chosen[0])}, has "
            f"{_amounts(chosen[0], compared_years(amount, chosen[0]))}",
        )
    areas = areas_named(near)
    if len(areas) == 1:
        area = areas.pop()
        in_area = [r for r in rows if r.control_area == area]
        totals = [r for r in in_area if r.is_total]
        if in_area:
            return _settle(amount, totals or in_area, "area")
    mixed = [r for r in rows if r.is_total and r.control_area is None]
    if mixed:
        return Reference(mixed[0], (mixed[0],), "overall")
    totals = [r for r in rows if r.is_total]
    return _settle(amount, totals or rows, "overall")


def _agreeing_total(
    amount: TextAmount, rows: list[TableRow], named: list[TableRow], every: Rows
) -> TableRow | None:
    """A total row that agrees with the amount when none of the rows the text names does.

    A sentence about the note's subject uses the words of a row that bears its name ("et
    værested for unge" and the row "Drift af værested for unge") but states the note's whole
    sum; holding it against that row alone would be a false failure. Named but only in part:
    the total is meant; named in full: a `warn` that names both."""
    if any(_agrees_all(amount, r) for r in named):
        return None
    near = every.may_agree(amount)
    return next(
        (r for r in rows
         if r.is_total and id(r) in near and r not in named and _agrees_all(amount, r)),
        None,
    )  # fmt: skip


def _settle(amount: TextAmount, rows: list[TableRow], how: str) -> Reference:
    """One reference when the rows all give the same amounts, else a doubt naming them."""
    first = rows[0]
    years = compared_years(amount, first)
    same = _group(first, rows, years)
    if len(same) == len(rows):
        return Reference(first, same, how)
    shown = "; ".join(f"{_where(r)} has {_amounts(r, compared_years(amount, r))}" for r in rows[:3])
    kind = "rows it names" if how == "named" else "rows it could mean"
    return Reference(None, tuple(rows), how, f"the {kind} differ: {shown}")


def _where(row: TableRow) -> str:
    return f"{table_name(next(iter(row.cells.values())))} on page {row.page} ('{row.item}')"


def _amounts(row: TableRow, years: list[int]) -> str:
    parts = [f"{fmt(dec(row.cells[y].amount))}" for y in years]
    if len(parts) > 1 and len(set(parts)) == 1:
        return f"{parts[0]} ({row.unit}) a year in {_span(years)}"
    return f"{' / '.join(parts)} ({row.unit}) in {_span(years)}"


def _span(years: Sequence[int]) -> str:
    ys = sorted(years)
    return f"{ys[0]}-{ys[-1]}" if len(ys) > 1 else str(ys[0])


def _per(amount: TextAmount, years: list[int]) -> str:
    if len(amount.years) == 1:
        return f"for {_span(years)}"
    return f"a year in {_span(years)}" if amount.years else "a year"


def text_vs_table_checks(
    doc_id: str,
    pages: list[Page],
    lines: list[BudgetLine],
    figures: Sequence[Figure] = (),
    settings: CheckSettings | None = None,
) -> list[Check]:
    """One check per amount the text states per year or for a year, when the note has tables."""
    settings = settings or CheckSettings()
    rows = Rows(table_rows(lines))
    if not rows.all:
        return []
    figure_ids = {(f.page, f.start): f.record_id for f in figures if f.record_id}
    out: list[Check] = []
    for page in pages:
        for amount in text_amounts(page):
            clause = page.text[amount.clause[0] : amount.clause[1]]
            ref = choose(amount, rows, clause, settings)
            if ref.row is None and not ref.same:
                continue  # no row has those years: nothing to compare
            figure_id = figure_ids.get((amount.page, amount.start))
            out.append(_check(doc_id, amount, ref, rows, figure_id, clause))
    return out


def _check(
    doc_id: str,
    amount: TextAmount,
    ref: Reference,
    rows: Rows,
    figure_id: str | None,
    clause: str = "",
) -> Check:
    text_dkk = amount.value * amount.multiplier
    said = f"Page {amount.page} says {amount.text}"
    if ref.row is None:  # several rows, different amounts: say so, do not guess
        agreeing = [r for r in ref.same if _agrees_all(amount, r)]
        hint = f"; it agrees with {_where(agreeing[0])}" if len(agreeing) == 1 else ""
        years = compared_years(amount, ref.same[0])
        return _record(
            doc_id, amount, "warn", None, text_dkk, list(ref.same), figure_id,
            f"{said} {_per(amount, years)}, but {ref.doubt}{hint}.",
        )  # fmt: skip
    row = ref.row
    years = compared_years(amount, row)
    failing = [y for y in years if not _agrees(amount, row, y)]
    where = _where(row)
    also = [r for r in ref.same if r is not row]
    also_text = ""
    if also:
        names = " and ".join(_where(r) for r in also[:2])
        also_text = (
            f" {names[0].upper()}{names[1:]} {'has' if len(also) == 1 else 'have'} the same."
        )
    if not failing:
        y = years[0]
        table_said = _said(row, y)
        return _record(
            doc_id, amount, "pass", row.cells[y].amount_dkk, text_dkk, [row, *also], figure_id,
            f"{said} {_per(amount, years)}; {where} has {table_said} in {_span(years)}, "
            f"which agrees at the text's precision.{also_text}",
        )  # fmt: skip
    y = failing[0]
    cell = row.cells[y]
    would_be = amount.text.replace(
        amount.number,
        fmt(rounds_to(cell.amount_dkk, amount.value, amount.decimals, amount.multiplier)),
        1,
    )
    diff = dec(cell.amount_dkk) - text_dkk
    each = (
        " a year"
        if len(failing) > 1 and len({row.cells[f].amount_dkk for f in failing}) == 1
        else ""
    )
    years_text = _span(failing) if each else str(y)
    message = (
        f"{said} {_per(amount, years)}, but {where} has {_said(row, y)} in {years_text}, "
        f"which would be {would_be}, not {fmt(amount.value)}: "
        f"{difference(diff, each)}.{also_text}"
    )
    status = "fail"
    if ref.how != "overall":
        total = next((r for r in rows.totals if r is not row and r not in also), None)
        if total is not None and compared_years(amount, total):
            message += f" The total, {_where(total)}, has {_amounts(total, compared_years(amount, total))}."
    if ref.how == "overall":
        near = rows.may_agree(amount)
        other = next(
            (r for r in rows.all
             if id(r) in near and r not in ref.same and _agrees_all(amount, r)),
            None,
        )  # fmt: skip
        if other is not None:
            status = "warn"
            message += (
                f" The text names no row, and it agrees with {_where(other)}: "
                "it may mean that row rather than the total."
            )
            also = [*also, other]
        elif not amount.years and not _DECISION.search(clause):
            # "staten giver 0,5 mio. kr. årligt": no row, no year, no decision, no cost: it may be
            # about something the table does not show (a false failure would be quoted)
            status = "warn"
            message += (
                " The text names no row and no year, and it does not state the decision, the "
                "application or a cost: it may speak of another amount than the table's."
            )
    return _record(
        doc_id, amount, status, cell.amount_dkk, text_dkk, [row, *also], figure_id, message
    )


def _agrees(amount: TextAmount, row: TableRow, year: int) -> bool:
    return agrees(row.cells[year].amount_dkk, amount.value, amount.decimals, amount.multiplier)


def _agrees_all(amount: TextAmount, row: TableRow) -> bool:
    years = compared_years(amount, row)
    return bool(years) and all(_agrees(amount, row, y) for y in years)


def _said(row: TableRow, year: int) -> str:
    cell = row.cells[year]
    return f"{fmt(dec(cell.amount))} ({row.unit}) = {fmt(dec(cell.amount_dkk))} kr."


def _record(
    doc_id: str,
    amount: TextAmount,
    status: str,
    table_dkk: float | None,
    text_dkk: Decimal,
    rows: list[TableRow],
    figure_id: str | None,
    message: str,
) -> Check:
    ids = [figure_id] if figure_id else []
    pages = {amount.page}
    for row in rows:
        for y in compared_years(amount, row):
            ids.append(row.cells[y].record_id)
            pages.add(row.page)
    return Check(
        doc_id=doc_id,
        check="text_vs_table",
        status=status,
        expected=table_dkk,
        actual=float(text_dkk),
        message=message,
        page=amount.page,
        pages=sorted(pages),
        record_ids=[i for i in dict.fromkeys(ids) if i],
        doc_ids=[doc_id],
        unit="kr.",
        expected_dkk=table_dkk,
        actual_dkk=float(text_dkk),
    )
