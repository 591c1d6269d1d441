"""The one Danish lexicon: how numbers, money and dates are printed in municipal documents.

Every other module imports its Danish number, money, month and date grammar from here; none
writes its own. A new money spelling goes here and nowhere else: one row in
`money.SPELLINGS`, and the figure finder, the table reader and the checks all read it, with the
same multiplier. The same holds for a month spelling (`dates.MONTHS`, from CLDR) and for the
shape of a printed number (`numbers.NUMBER`).

- `numbers`: number tokens, the strict `parse_danish_number` ("1.200" is 1200).
- `money`: `SPELLINGS`, `cell_amount` (a table cell's number and unit), `unit_of` (a table's unit in its canonical spelling),
  `unit_multiplier`, `to_dkk`, and the running-text patterns (`MONEY`, `find_money`).
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
from munidocs.extractors.lexicon.money import (
    MONEY,
    MONEY_BEFORE,
    MONEY_WORDS,
    SCALE_AFTER,
    SPELLINGS,
    CellAmount,
    Money,
    Role,
    Spelling,
    cell_amount,
    factor_of,
    find_money,
    spelling_of,
    to_dkk,
    unit_multiplier,
    unit_of,
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
)

__all__ = [
    "DASHES",
    "MINUS_SIGNS",
    "MONEY",
    "MONEY_BEFORE",
    "MONEY_WORDS",
    "MONTH",
    "MONTHS",
    "NUMBER",
    "NUMBER_TOKEN",
    "NUMERIC_DATE",
    "RANGE",
    "SCALE_AFTER",
    "SPELLINGS",
    "WRITTEN_DATE",
    "CellAmount",
    "DanishDate",
    "Money",
    "NotANumber",
    "Role",
    "Spelling",
    "cell_amount",
    "decimals_printed",
    "factor_of",
    "find_danish_dates",
    "find_money",
    "is_dash",
    "parse_danish_date",
    "parse_danish_number",
    "spelling_of",
    "to_dkk",
    "unit_multiplier",
    "unit_of",
]
