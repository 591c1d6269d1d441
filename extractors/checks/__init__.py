"""Consistency checks a journalist would make: rows add up, totals add up, text agrees with tables.

Three checks per document, one row per comparison (one module each kind):
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

from munidocs.extractors.checks.common import fmt
from munidocs.extractors.checks.sums import (
    column_total_checks,
    row_sum_checks,
    row_totals_from_text,
)
from munidocs.extractors.checks.text_vs_table import text_amounts, text_vs_table_checks
from munidocs.models import BudgetLine, Check, Page, RowTotal

__all__ = [
    "check_document",
    "column_total_checks",
    "fmt",
    "row_sum_checks",
    "row_totals_from_text",
    "text_amounts",
    "text_vs_table_checks",
]


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
