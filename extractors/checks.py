"""Consistency checks a journalist would make: rows add up, totals add up, text agrees with tables.

STUB (issue 4 fills it).
"""

from __future__ import annotations

from models import BudgetLine, Check, Page


def check_document(doc_id: str, pages: list[Page], budget_lines: list[BudgetLine]) -> list[Check]:
    """Every check that can be made inside one document."""
    return []
