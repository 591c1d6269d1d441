"""Danish dates in running text, to ISO (month names from CLDR via Babel; dateparser costs
milliseconds a call, too slow for every date of every page): "13. august 2021" -> 2021-08-13, "oktober 2019" ->
2019-10 (month precision is kept, not padded to a day), "13.08.2021" -> 2021-08-13.

Bare years ("i 2017") are not DATE entities; they are figures with unit `year`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from babel.dates import get_month_names

from munidocs.extractors.entities.base import Hit

MONTHS: dict[str, int] = {
    str(name).lower(): number for number, name in get_month_names("wide", locale="da_DK").items()
}
"""Danish month names from CLDR (through Babel): "januar" -> 1."""

_MONTHS = "|".join(MONTHS)
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w.,])(?P<day>\d{{1,2}})\.\s*(?P<month>{_MONTHS})\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<![\w-])(?P<month>{_MONTHS})\s+(?P<year>\d{{4}})(?!\d)", re.I)
_NUMERIC = re.compile(r"(?<![\w.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\w/-]|[.,]\d)")


@lru_cache(maxsize=4096)
def _date(year: int, month: int, day: int) -> date | None:
    """A valid calendar date, or None ("31. juni")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[Hit]:
    """DATE hits with ISO `normalized` (YYYY-MM-DD, or YYYY-MM for "oktober 2019")."""
    hits: list[Hit] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = MONTHS[m.group("month").lower()]
        parsed = _date(int(m.group("year")), month, int(m.group("day")))
        if parsed is not None:
            hits.append(Hit(m.start(), m.end(), "DATE", m.group(), parsed.isoformat(), "date"))
    for m in _MONTH_YEAR.finditer(text):
        if any(h.start <= m.start() < h.end for h in hits):
            continue
        iso = f"{int(m.group('year')):04d}-{MONTHS[m.group('month').lower()]:02d}"
        hits.append(Hit(m.start(), m.end(), "DATE", m.group(), iso, "date"))
    for m in _NUMERIC.finditer(text):
        value = _date(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        if value is None:
            continue
        hits.append(Hit(m.start(), m.end(), "DATE", m.group(), value.isoformat(), "date"))
    return sorted(hits, key=lambda h: h.start)
