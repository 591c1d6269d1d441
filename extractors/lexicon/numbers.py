"""Danish numbers as printed: the token grammar every finder shares, and the strict parser.

A generic parser reads "1.200" as 1.2, a silent x1000 error. Here "." is always the thousands
separator and "," the decimal comma, through Babel's strict da_DK parser; a string that is not a
well-formed Danish number raises instead of being guessed. The regexes below are the only
description of a printed number: table cells, running text and the checks all build on them, so
a token one of them reads as a number is a number to all of them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

_GROUPED = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"
NUMBER = rf"{_GROUPED}|\d+(?:,\d+)?"
"""A Danish number as printed, unsigned: "1.160,5", "481", "0,6" (a regex fragment, no groups).
Wrap it in (?:...) when you put something around it."""

MINUS_SIGNS = "-\u2212\u2013÷"
"""Characters that print a minus: hyphen, minus sign, en dash and the Danish "÷"."""

DASHES = "-\u2212\u2013\u2014"
"""A table cell holding only one of these prints a zero ("-", "−", "–", "—")."""

RANGE = r"\s*(?:-|–|til)\s*"
"""Between the two ends of a range: "2-3", "2 – 3", "2 til 3"."""

NUMBER_TOKEN = re.compile(
    rf"\((?:{NUMBER})\)|[{re.escape(MINUS_SIGNS)}]?(?:{NUMBER})|[{re.escape(DASHES)}]"
)
"""A whole token that is a number as a budget table prints it: "1.950", "÷200", "(200)", or a
dash for zero. Use ``fullmatch``; the value comes from `parse_danish_number` / `is_dash`."""

_STRICT_GROUPS = re.compile(_GROUPED)
_CANONICAL_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]*[1-9])?")
"""A grouped number exactly as Babel prints it for da_DK (no leading zero, no trailing decimal
zero, ASCII digits): Babel's strict check, which prints the value back and compares, passes."""


class NotANumber(ValueError):
    """The text is not a Danish number as printed in a municipal document."""


def is_dash(text: str) -> bool:
    """The token is a lone dash, which a budget table prints for zero."""
    return len(text) == 1 and text in DASHES


def parse_danish_number(text: str) -> Decimal:
    """Parse "1.950", "1.234,5", "-200", "÷200", "(200)" or "0" into an exact Decimal."""
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s[:1] and s[0] in MINUS_SIGNS:
        negative, s = not negative, s[1:]
    if not s or not s[0].isdigit():
        raise NotANumber(text)
    if "." not in s:
        # Babel's strict da_DK parse without a group separator is exactly this conversion (its
        # strictness is about grouping), without its locale lookups: most cells go this way
        try:
            value = Decimal(s.replace(",", "."))
        except InvalidOperation as exc:
            raise NotANumber(text) from exc
        return -value if negative else value
    if _CANONICAL_GROUPED.fullmatch(s):  # printed as Babel prints it, so Babel would accept it
        value = Decimal(s.replace(".", "").replace(",", "."))
        return -value if negative else value
    # Babel accepts some oddities ("1.2.3" grouping); insist on groups of three.
    if not _STRICT_GROUPS.fullmatch(s):
        raise NotANumber(text)
    try:
        value = parse_decimal(s, locale="da_DK", strict=True)
    except NumberFormatError as exc:
        raise NotANumber(text) from exc
    return -value if negative else value


def decimals_printed(text: str) -> int:
    """How many decimals a printed number shows: "0,65" -> 2, "1.950" -> 0."""
    return len(text.split(",", 1)[1]) if "," in text else 0
