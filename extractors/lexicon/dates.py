"""Danish dates as printed in letters and notes, and the one parser for them.

Three forms: "13. august 2021" (also "13. aug. 2021"), "oktober 2019" (month precision, kept as
such, never padded to a day) and "13.08.2021" / "13-08-2021" / "13/08/2021" (one separator
throughout). Month names and their abbreviations come from CLDR through Babel, and every regex
here is built from that list, so a month the entity finder knows is a month to the classifier,
the law finder and the figure finder too. No general date library: dateparser costs
milliseconds a call, too slow for every date of every page, and guesses where this must not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel.dates import get_month_names


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="da_DK").items():
            names.setdefault(str(name).lower(), number)
    return names


MONTHS: dict[str, int] = _month_names()
"""Danish month names and abbreviations from CLDR, lowercase: "januar" -> 1, "aug." -> 8."""

MONTH = "|".join(re.escape(name) for name in sorted(MONTHS, key=len, reverse=True))
"""A month name or abbreviation (a regex fragment, no groups; match case-insensitively)."""

WRITTEN_DATE = rf"\d{{1,2}}\.\s*(?:{MONTH})\s+\d{{4}}"
"""A day, a written month and a year: "13. august 2021" (a regex fragment, no groups)."""

CITED_DATE = rf"\d{{1,2}}\.?\s*(?:{MONTH})\s+\d{{4}}"
"""A written date as acts are cited, the day's period optional in older print: "24 Juli 1942"."""

NUMERIC_DATE = r"\d{1,2}(?:\.\d{1,2}\.|-\d{1,2}-|/\d{1,2}/)\d{4}"
"""A numeric day-month-year with one separator: "13.08.2021" (a regex fragment, no groups)."""

_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w.,])(?P<day>\d{{1,2}})\.\s*(?P<month>{MONTH})\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<![\w-])(?P<month>{MONTH})\s+(?P<year>\d{{4}})(?!\d)", re.IGNORECASE)
_NUMERIC = re.compile(
    r"(?<![\w.,/-])(?P<day>\d{1,2})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"(?![\w/-]|[.,]\d)"
)


@dataclass(frozen=True, slots=True)
class DanishDate:
    """A date found in text: [start, end) offsets, the text, and the day unless only a month
    is printed ("oktober 2019")."""

    start: int
    end: int
    text: str
    year: int
    month: int
    day: int | None

    @property
    def iso(self) -> str:
        """ISO 8601: "2021-08-13", or "2019-10" at month precision."""
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@lru_cache(maxsize=4096)
def _valid(year: int, month: int, day: int) -> bool:
    """A real calendar day ("31. juni" is not)."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def find_danish_dates(text: str) -> list[DanishDate]:
    """Every date in running text, in text order, none overlapping.

    A written month with an impossible day ("31. juni 2021") still gives its month ("juni 2021").
    """
    found: list[DanishDate] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        year, month, day = int(m["year"]), MONTHS[m["month"].lower()], int(m["day"])
        if _valid(year, month, day):
            found.append(DanishDate(m.start(), m.end(), m.group(), year, month, day))
    for m in _MONTH_YEAR.finditer(text):
        if any(d.start <= m.start() < d.end for d in found):
            continue
        month = MONTHS[m["month"].lower()]
        found.append(DanishDate(m.start(), m.end(), m.group(), int(m["year"]), month, None))
    for m in _NUMERIC.finditer(text):
        year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
        if _valid(year, month, day):
            found.append(DanishDate(m.start(), m.end(), m.group(), year, month, day))
    return sorted(found, key=lambda d: d.start)


def parse_danish_date(text: str) -> date | None:
    """The day a whole string names ("13. august 2021", "13.08.2021"), else None.

    None also for month precision ("oktober 2019"): that is no day.
    """
    stripped = text.strip()
    found = find_danish_dates(stripped)
    if len(found) != 1 or found[0].text != stripped or found[0].day is None:
        return None
    return date(found[0].year, found[0].month, found[0].day)
