"""Danish numbers and money units, parsed strictly.

A generic parser reads "1.200" as 1.2, a silent x1000 error. Here "." is always the thousands
separator and "," the decimal comma, through Babel's strict da_DK parser; a string that is not a
well-formed Danish number raises instead of being guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

_MINUS_SIGNS = ("-", "\u2212", "\u2013", "÷")


class NotANumber(ValueError):
    """The text is not a Danish number as printed in a municipal document."""


def parse_danish_number(text: str) -> Decimal:
    """Parse "1.950", "1.234,5", "-200", "÷200", "(200)" or "0" into an exact Decimal."""
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    for sign in _MINUS_SIGNS:
        if s.startswith(sign):
            negative, s = not negative, s[len(sign) :]
            break
    if not s or not s[0].isdigit():
        raise NotANumber(text)
    # Babel accepts some oddities ("1.2.3" grouping); insist on groups of three.
    if "." in s and not re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s):
        raise NotANumber(text)
    try:
        value = parse_decimal(s, locale="da_DK", strict=True)
    except NumberFormatError as exc:
        raise NotANumber(text) from exc
    return -value if negative else value


_UNIT_PATTERNS: list[tuple[re.Pattern[str], Decimal]] = [
    (re.compile(r"\bmia\.?\s*kr\.?", re.I), Decimal(1_000_000_000)),
    (re.compile(r"\bmio\.?\s*kr\.?", re.I), Decimal(1_000_000)),
    (re.compile(r"\b1\.000\s*kr\.?", re.I), Decimal(1000)),
    (re.compile(r"\bt\.?\s*kr\.?", re.I), Decimal(1000)),
    (re.compile(r"\btusind(?:e)?\s*kr\.?", re.I), Decimal(1000)),
    (re.compile(r"\bkr\.?", re.I), Decimal(1)),
]


def unit_multiplier(unit: str) -> Decimal | None:
    """Kroner per printed unit: "1.000 kr." -> 1000, "mio. kr." -> 1e6; None if no money unit."""
    for pattern, factor in _UNIT_PATTERNS:
        if pattern.search(unit):
            return factor
    return None


def to_dkk(amount: Decimal, unit: str) -> Decimal | None:
    """An amount in its printed unit converted to kroner, exactly."""
    factor = unit_multiplier(unit)
    return None if factor is None else amount * factor
