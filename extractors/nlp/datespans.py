"""Danish dates in running text, to ISO: "13. august 2021" -> 2021-08-13, "oktober 2019" ->
2019-10 (month precision is kept, not padded to a day), "13.08.2021" -> 2021-08-13.

Bare years ("i 2017") are not DATE entities; they are figures with unit `year`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from extractors.dates import parse_danish_date
from extractors.nlp.base import Hit

_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w.,])(?P<day>\d{{1,2}})\.\s*(?P<month>{_MONTHS})\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<![\w-])(?P<month>{_MONTHS})\s+(?P<year>\d{{4}})(?!\d)", re.I)
_NUMERIC = re.compile(r"(?<![\w.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\w/-]|[.,]\d)")


@lru_cache(maxsize=4096)
def _iso(phrase: str) -> date | None:
    return parse_danish_date(phrase)


def find_dates(text: str) -> list[Hit]:
    """DATE hits with ISO `normalized` (YYYY-MM-DD, or YYYY-MM for "oktober 2019")."""
    hits: list[Hit] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        parsed = _iso(" ".join(m.group().lower().split()))
        if parsed is not None:
            hits.append(Hit(m.start(), m.end(), "DATE", m.group(), parsed.isoformat(), "date"))
    for m in _MONTH_YEAR.finditer(text):
        if any(h.start <= m.start() < h.end for h in hits):
            continue
        parsed = _iso(f"1. {m.group('month').lower()} {m.group('year')}")
        if parsed is not None:
            iso = f"{parsed.year:04d}-{parsed.month:02d}"
            hits.append(Hit(m.start(), m.end(), "DATE", m.group(), iso, "date"))
    for m in _NUMERIC.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        hits.append(Hit(m.start(), m.end(), "DATE", m.group(), value.isoformat(), "date"))
    return sorted(hits, key=lambda h: h.start)
