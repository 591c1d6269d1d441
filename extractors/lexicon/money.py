"""Danish money units: every spelling once, with its multiplier and its spelling in a table.

`SPELLINGS` is the one table. The figure finder (running text), the table reader (`unit_of`)
and the text-vs-table check all build their patterns from it, so a spelling one of them reads
as money is money, with the same multiplier, to all of them. A spelling is one of:

- a *currency* ("kr.", "kroner", "DKK"): money by itself, one krone per unit;
- a *scale* ("mio.", "millioner", "t.", "1.000"): money only with a currency after it
  ("mio. kr.", "millioner kroner", "t. kr."); some scales also scale a bare number in running
  text ("5 mio." is five million, unit unknown), others never do ("5 t." is five tonnes or
  hours, and "1.000" before "kr." is a table unit, in a sentence a number);
- a *unit* ("tkr."): scale and currency in one word.

Whitespace between the parts of a spelling is optional ("mio.kr.", "t. kr."); case does not
matter in an amount ("Mio. kr"), but a scale alone after a number must be lowercase ("2 Mia" is
a name). An amount's multiplier is its scale's (or unit's) factor times its currency's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from munidocs.extractors.lexicon.numbers import (
    DASHES,
    MINUS_SIGNS,
    NUMBER,
    RANGE,
    NotANumber,
    is_dash,
    parse_danish_number,
)


class Role(Enum):
    """What a spelling does in an amount (see the module docstring)."""

    CURRENCY = "currency"
    SCALE = "scale"
    UNIT = "unit"


@dataclass(frozen=True, slots=True)
class Spelling:
    """One printed spelling of a money word and what it means."""

    printed: str
    """As printed; a space stands for optional whitespace ("t. kr." also matches "t.kr.")."""
    role: Role
    factor: Decimal
    """Kroner per unit: 1 for a currency, the multiplier of a scale or unit."""
    table: str
    """The table spelling (`budget_lines.unit`) of an amount in this unit ("mio. kr.")."""
    bare: bool = False
    """A scale that scales a number without a currency in running text ("5 mio.")."""
    in_text: bool = True
    """Read in running text; False for "1.000", which before "kr." only a table caption
    means as a unit ("i 1.000 kr." in a sentence is a thousand kroner)."""
    before: bool = False
    """A currency that may stand before the number ("kr. 5.000", "DKK 5.000")."""


_ONE, _THOUSAND = Decimal(1), Decimal(1000)
_MILLION, _BILLION = Decimal(1_000_000), Decimal(1_000_000_000)
CURRENCY, SCALE, UNIT = Role.CURRENCY, Role.SCALE, Role.UNIT

SPELLINGS: tuple[Spelling, ...] = (
    Spelling("kr.", CURRENCY, _ONE, "kr.", before=True),
    Spelling("kr", CURRENCY, _ONE, "kr."),
    Spelling("kroner", CURRENCY, _ONE, "kr."),
    Spelling("DKK", CURRENCY, _ONE, "kr.", before=True),
    Spelling("tkr.", UNIT, _THOUSAND, "t.kr."),
    Spelling("tkr", UNIT, _THOUSAND, "t.kr."),
    Spelling("t.", SCALE, _THOUSAND, "t.kr."),
    Spelling("1.000", SCALE, _THOUSAND, "1.000 kr.", in_text=False),
    Spelling("tusind", SCALE, _THOUSAND, "tusind kr.", bare=True),
    Spelling("tusinde", SCALE, _THOUSAND, "tusind kr.", bare=True),
    Spelling("mio.", SCALE, _MILLION, "mio. kr.", bare=True),
    Spelling("mio", SCALE, _MILLION, "mio. kr.", bare=True),
    Spelling("mill.", SCALE, _MILLION, "mio. kr.", bare=True),
    Spelling("million", SCALE, _MILLION, "mio. kr.", bare=True),
    Spelling("millioner", SCALE, _MILLION, "mio. kr.", bare=True),
    Spelling("mia.", SCALE, _BILLION, "mia. kr.", bare=True),
    Spelling("mia", SCALE, _BILLION, "mia. kr.", bare=True),
    Spelling("milliard", SCALE, _BILLION, "mia. kr.", bare=True),
    Spelling("milliarder", SCALE, _BILLION, "mia. kr.", bare=True),
)
"""Every money spelling. A new money spelling goes here and nowhere else."""


def _key(printed: str) -> str:
    return re.sub(r"\s+", "", printed).lower()


_BY_KEY = {_key(s.printed): s for s in SPELLINGS}


def _alternatives(spellings: list[Spelling]) -> str:
    """One regex alternation of the spellings, longest first (no groups)."""
    ordered = sorted(spellings, key=lambda s: -len(s.printed))
    return "|".join(r"\s*".join(map(re.escape, s.printed.split())) for s in ordered)


def _of(role: Role) -> list[Spelling]:
    return [s for s in SPELLINGS if s.role is role]


_CURRENCY = _alternatives(_of(CURRENCY))
_UNIT_WORD = _alternatives(_of(UNIT))
_SCALE = _alternatives(_of(SCALE))
_TEXT_SCALE = _alternatives([s for s in _of(SCALE) if s.in_text])
_BARE_SCALE = _alternatives([s for s in _of(SCALE) if s.bare])
_BEFORE = _alternatives([s for s in _of(CURRENCY) if s.before])

_AMOUNT = rf"(?P<num>{NUMBER})(?:,-)?(?:{RANGE}(?P<num2>{NUMBER})(?:,-)?)?"
MONEY = re.compile(
    rf"(?<![\w.,]){_AMOUNT}\s*"
    rf"(?P<unit>(?:(?P<scale>{_TEXT_SCALE})\s*)?(?P<cur>{_CURRENCY})|(?P<word>{_UNIT_WORD}))(?!\w)",
    re.IGNORECASE,
)
"""An amount of money in running text, number first: "0,6 mio. kr.", "500 tkr.", "2-3 mio. kr.",
"350.000,- kr.". Groups: num, num2 (a range's high end), unit, and its parts scale, cur, word."""

MONEY_BEFORE = re.compile(
    rf"(?<!\w)(?P<cur>{_BEFORE})\s*(?P<num>{NUMBER})(?:\s*(?P<scale>{_BARE_SCALE}))?"
    r"(?![\w]|[.,]\d)",
    re.IGNORECASE,
)
"""An amount with its currency before the number: "kr. 5.000", "DKK 2,5 mio."."""

SCALE_AFTER = re.compile(rf"\s+(?P<scale>{_BARE_SCALE})(?!\w)")
"""A scale word after a bare number ("5 mio.", "2 millioner"): the number is scaled, its unit
unknown. Use ``match`` at the end of the number. Lowercase only: "2 Mia" is a name."""

_TABLE_UNIT = re.compile(
    rf"(?<![\w.])(?:(?:(?P<scale>{_SCALE})\s*)?(?P<cur>{_CURRENCY})|(?P<word>{_UNIT_WORD}))"
    r"(?!\w)",
    re.IGNORECASE,
)


def spelling_of(word: str) -> Spelling:
    """The table row of one printed money word ("Mio." -> the "mio." row); KeyError if none."""
    return _BY_KEY[_key(word)]


def factor_of(*words: str | None) -> Decimal:
    """Multiplier of the money words of one amount ("mio.", "kr." -> 1e6); absent words count 1."""
    factor = Decimal(1)
    for word in words:
        if word:
            factor *= spelling_of(word).factor
    return factor


MONEY_WORDS: frozenset[str] = frozenset(
    _key(s.printed).strip(".") for s in SPELLINGS if s.printed[0].isalpha()
)
"""Every money spelling as a bare lowercase word ("kr", "mio", "tkr"): never a counted noun."""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money found in running text, as printed."""

    start: int
    end: int
    text: str
    number: str
    """The number, or a range's low end, as printed ("0,6")."""
    number_max: str | None
    """A range's high end as printed ("3" in "2-3 mio. kr."), else None."""
    factor: Decimal
    """Kroner per printed unit."""
    currency_first: bool = False
    """Printed currency first ("kr. 5.000")."""


def _money(m: re.Match[str], number_max: str | None, currency_first: bool) -> Money:
    factor = factor_of(m.group("scale"), m.group("cur"), m.groupdict().get("word"))
    return Money(m.start(), m.end(), m.group(), m.group("num"), number_max, factor, currency_first)


_YEAR_LOW_END = re.compile(r"(?:19|20)\d{2}")
_BEFORE_YEAR = re.compile(r"(?<![\w-])(?:i|år|året|fra|in|for)\s*$", re.IGNORECASE)


def _amounts(text: str) -> list[re.Match[str]]:
    """Number-first amounts; a year between two amounts never joins them: in "1,2 mia. kr. i
    2007 til 1,5 mia. kr." the year is no range's low end, the amount is "1,5 mia. kr."."""
    out = []
    for m in MONEY.finditer(text):
        if (
            m.group("num2")
            and _YEAR_LOW_END.fullmatch(m.group("num"))
            and _BEFORE_YEAR.search(text, max(0, m.start() - 8), m.start())
        ):
            rest = MONEY.match(text, m.start("num2"))
            if rest:
                out.append(rest)
            continue
        out.append(m)
    return out


def find_money(text: str) -> list[Money]:
    """Every amount of money in running text, in text order and never overlapping.

    Number-first amounts ("5.000 kr.") win over currency-first ones ("kr. 5.000") they overlap.
    """
    after = [_money(m, m.group("num2"), False) for m in _amounts(text)]
    before = [
        _money(m, None, True)
        for m in MONEY_BEFORE.finditer(text)
        if not any(m.start() < a.end and a.start < m.end() for a in after)
    ]
    return sorted([*after, *before], key=lambda a: a.start)


def _table_unit(text: str) -> tuple[str, Decimal] | None:
    m = _TABLE_UNIT.search(text)
    if not m:
        return None
    named = spelling_of(m.group("scale") or m.group("word") or m.group("cur"))
    return named.table, factor_of(m.group("scale"), m.group("cur"), m.group("word"))


def unit_of(text: str) -> str | None:
    """The money unit a table header or caption names, in its table spelling.

    "1.000 kr., 2026 p/l" -> "1.000 kr.", "Beløb i mio.kr." -> "mio. kr.", "tkr." -> "t.kr.",
    "kroner" -> "kr."; None when the text names no money unit (a scale alone is not one).
    """
    found = _table_unit(text)
    return found[0] if found else None


def unit_multiplier(unit: str) -> Decimal | None:
    """Kroner per printed unit: "1.000 kr." -> 1000, "mio. kr." -> 1e6; None if no money unit."""
    found = _table_unit(unit)
    return found[1] if found else None


def to_dkk(amount: Decimal, unit: str) -> Decimal | None:
    """An amount in its printed unit converted to kroner, exactly."""
    factor = unit_multiplier(unit)
    return None if factor is None else amount * factor


@dataclass(frozen=True, slots=True)
class CellAmount:
    """What a table cell holding one number says: the number, and its money unit if printed."""

    value: Decimal
    """The number as printed (a dash is 0), in the cell's unit."""
    unit: str | None
    """The money unit printed in the cell, in its table spelling ("kr.", "mio. kr."), or None."""
    rate: bool = False
    """The unit is per something ("578 kr./m2", "301 kr. pr. time"): a price, not an amount."""


_RATE = re.compile(r"^\s*(?:/|pr\.?\s|per\s|om\s(?:året|måneden|ugen|dagen))", re.IGNORECASE)
_CELL_NUMBER = re.compile(
    rf"^\s*(?P<num>\((?:{NUMBER})\)|[{re.escape(MINUS_SIGNS)}]?\s?(?:{NUMBER})|[{re.escape(DASHES)}])"
    r"(?:,-)?(?P<rest>.*)$",
    re.DOTALL,
)


def cell_amount(text: str) -> CellAmount | None:
    """The number a table cell holds, with the money unit printed in it; None for any other cell.

    "1.950" -> 1950; "1.370.000 kr." -> 1370000 kr.; "kr. 5.000" -> 5000 kr.; "-" -> 0;
    "(200)" -> -200; "578 kr./m2" -> 578 kr. as a rate; "2 uger", "§ 12", "1,200,000"
    (not a Danish number) -> None. Parsing is `parse_danish_number`'s: strict.
    """
    text = " ".join(text.split())
    if not text:
        return None
    before = MONEY_BEFORE.fullmatch(text)
    if before:
        try:
            value = parse_danish_number(before.group("num"))
        except NotANumber:
            return None
        factor = factor_of(before.group("scale"))
        scale = spelling_of(before.group("scale")).table if before.group("scale") else "kr."
        return CellAmount(value, scale if factor != 1 else "kr.")
    m = _CELL_NUMBER.match(text)
    if not m:
        return None
    raw, rest = m.group("num").replace(" ", ""), m.group("rest").strip()
    try:
        value = Decimal(0) if is_dash(raw) else parse_danish_number(raw)
    except NotANumber:
        return None
    if not rest:
        return CellAmount(value, None)
    unit = _TABLE_UNIT.match(rest)
    if unit is None:
        return None
    after = rest[unit.end() :]
    if after.strip() and not _RATE.match(after):
        return None
    return CellAmount(value, unit_of(unit.group()), rate=bool(after.strip()))
