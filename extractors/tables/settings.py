"""Every tolerance of the table reader, named, as pdfplumber's `TableSettings` names its own.

Distances are in PDF points, or in multiples of the table's body font size where the name
says `_em` (so a table set in 8 pt and one set in 11 pt are read alike); shares of the page
say `_share`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSettings:
    """How the budget-table reader groups words into lines, columns and rows."""

    word_x_tolerance: float = 2.0
    """pdfplumber `extract_words` x_tolerance: letters closer than this form one word."""
    word_y_tolerance: float = 2.0
    """pdfplumber `extract_words` y_tolerance."""
    footer_share: float = 0.9
    """Lines below this share of the page height are its footer (a table reaching it may go on)."""
    header_share: float = 0.08
    """Lines above this share of the page height are its running header or letterhead."""
