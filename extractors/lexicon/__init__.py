"""The one Danish lexicon: how numbers, money and dates are printed in municipal documents.

Every other module imports its Danish number, month and date grammar from here; none writes
its own.

- `numbers`: number tokens, the strict `parse_danish_number` ("1.200" is 1200).
- `dates`: month names, date regex fragments, `find_danish_dates` and `parse_danish_date`.
"""

from __future__ import annotations

from munidocs.extractors.lexicon.dates import (
    MONTH,
    MONTHS,
    NUMERIC_DATE,
    WRITTEN_DATE,
    DanishDate,
    find_danish_dates,
    parse_danish_date,
)
from munidocs.extractors.lexicon.numbers import (
    DASHES,
    MINUS_SIGNS,
    NUMBER,
    NUMBER_TOKEN,
    RANGE,
    NotANumber,
    decimals_printed,
    is_dash,
    parse_danish_number,
    to_dkk,
    unit_multiplier,
)

__all__ = [
    "DASHES",
    "MINUS_SIGNS",
    "MONTH",
    "MONTHS",
    "NUMBER",
    "NUMBER_TOKEN",
    "NUMERIC_DATE",
    "RANGE",
    "WRITTEN_DATE",
    "DanishDate",
    "NotANumber",
    "decimals_printed",
    "find_danish_dates",
    "is_dash",
    "parse_danish_date",
    "parse_danish_number",
    "to_dkk",
    "unit_multiplier",
]
