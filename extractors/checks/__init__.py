"""Consistency checks a journalist would make: rows add up, totals add up, text agrees with
tables, parts add up to their whole, documents agree with each other.

One module per kind, one row per comparison:
- ``row_sum`` (`sums.py`): a table row's year amounts against its printed "I alt" column.
- ``column_total`` (`sums.py`): per year, the non-total rows of a table against each total row.
  ``expected``/``actual`` of these two are in the table's printed unit (1950 for "1.950"), named
  in ``unit``; ``expected_dkk``/``actual_dkk`` are the same in kroner.
- ``text_vs_table`` (`text_vs_table.py`): an amount the text states per year or for a year,
  against the row it talks about (`matching.py`); in kroner.
- ``parts_sum`` (`parts_sum.py`): parts in running text against the whole they split.
- ``cross_document`` (`cross_document.py`): computed when the datasets are published, over all
  documents: the same item with different amounts, a figure quoted against another document.

Every check carries ``page`` (the page it is about), ``pages``, the ``record_ids`` of the records
it compares (a check joins to its budget lines and figures) and a ``record_id`` of its own.

Tolerance: table sums must match exactly; a difference no larger than the rounding of the
printed decimals (half a unit of the last decimal per added number) is a ``warn``. A text
amount passes when the table amount, rounded half-up to the decimals the text prints, equals it.
"""

from __future__ import annotations

from collections.abc import Sequence

from munidocs.extractors.checks.amounts import text_amounts
from munidocs.extractors.checks.common import fmt
from munidocs.extractors.checks.parts_sum import parts_sum_checks
from munidocs.extractors.checks.settings import CheckSettings
from munidocs.extractors.checks.sums import (
    column_total_checks,
    row_sum_checks,
    row_totals_from_text,
)
from munidocs.extractors.checks.text_vs_table import text_vs_table_checks
from munidocs.models import BudgetLine, Check, Figure, Page, RowTotal
from munidocs.models.ids import check_id

__all__ = [
    "check_document",
    "column_total_checks",
    "fmt",
    "number_checks",
    "parts_sum_checks",
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
    figures: Sequence[Figure] = (),
    settings: CheckSettings | None = None,
) -> list[Check]:
    """Every check that can be made inside one document.

    ``row_totals`` are the printed "I alt" values (`BudgetTableReader.row_totals`); when not
    given, the number printed after a row's amounts in the page text stands in for them.
    ``figures`` (the entity stage's, with their record ids) are what ``parts_sum`` reads and
    what ``text_vs_table`` names as the text's side.
    """
    settings = settings or CheckSettings()
    totals = row_totals if row_totals is not None else row_totals_from_text(pages, budget_lines)
    checks = [
        *row_sum_checks(doc_id, budget_lines, totals),
        *column_total_checks(doc_id, budget_lines),
        *text_vs_table_checks(doc_id, pages, budget_lines, figures, settings),
        *parts_sum_checks(doc_id, pages, figures, settings),
    ]
    number_checks(checks)
    return checks


def number_checks(checks: list[Check]) -> None:
    """Record ids of one document's checks: the n-th check of a kind about a page."""
    seen: dict[tuple[str, int | None], int] = {}
    for check in checks:
        key = (check.check, check.page)
        seen[key] = seen.get(key, 0) + 1
        check.record_id = check_id(check.doc_id or "", check.page, check.check, seen[key])
