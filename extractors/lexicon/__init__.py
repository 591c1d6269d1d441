"""The one Danish lexicon: how numbers, money and dates are printed in municipal documents.

Every other module imports its Danish number grammar from here; none writes its own.

- `numbers`: number tokens, the strict `parse_danish_number` ("1.200" is 1200).
"""

from __future__ import annotations

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
    "NUMBER",
    "NUMBER_TOKEN",
    "RANGE",
    "NotANumber",
    "decimals_printed",
    "is_dash",
    "parse_danish_number",
    "to_dkk",
    "unit_multiplier",
]
