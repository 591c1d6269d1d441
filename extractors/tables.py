"""Budget tables: find tables on budget-note pages and turn them into tidy budget lines.

STUB (issue 4 fills it): the interface the document reader calls. Pages are fed one at a
time so a table continuing on the next page can be stitched, and so the caller can close
each pdfplumber page right after (pdfplumber holds ~3 MiB per open page).
"""

from __future__ import annotations

import pdfplumber.page

from models import BudgetLine


class BudgetTableReader:
    """Collects the budget tables of one document, page by page."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.lines: list[BudgetLine] = []

    def add_page(self, page: pdfplumber.page.Page, page_number: int) -> None:
        """Read the tables of one page (or continue a table from the previous page)."""

    def finish(self) -> list[BudgetLine]:
        """All budget lines of the document, tables numbered 1.. in reading order."""
        return self.lines
