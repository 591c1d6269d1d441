"""Danish dates as printed in letters and notes ("13. august 2021", "1. juli 2023")."""

from __future__ import annotations

import re
from datetime import date

import dateparser

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}

_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
DANISH_DATE = re.compile(rf"\b(\d{{1,2}})\.\s*({_MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
"""A full Danish date with the month written out."""


def parse_danish_date(text: str) -> date | None:
    """The date in a Danish phrase such as "13. august 2021", or None when there is none."""
    parsed = dateparser.parse(text.strip(), languages=["da"], settings=_SETTINGS)
    return parsed.date() if parsed else None
