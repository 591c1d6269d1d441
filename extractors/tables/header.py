"""What a budget table's header and caption say: column kinds, unit, price level, title, area.

Kept apart from geometry so the vocabulary of Copenhagen budget notes lives in one place. The
money unit is the lexicon's (`unit_of` is re-exported from `munidocs.extractors.lexicon`), so a
table reads every unit spelling running text and the checks read, with the same multiplier.
"""

from __future__ import annotations

import re

from munidocs.extractors.lexicon.money import unit_of as unit_of
from munidocs.extractors.reading.text import normalize_text

TITLE = re.compile(r"^\s*Tab(?:el|le)\s*\d+\b")
_PRICE = re.compile(r"\b(20\d\d)\s*[-]?\s*(?:p/l|pl\b|-?priser|prisniveau)", re.I)
TOTAL = re.compile(r"\bi\s*alt\b|\btotal\b|\bsamlet\b|\bsubtotal\b|^\s*netto\b", re.I)

AREA_WORDS = (
    ("serv", "Service"),
    ("anl", "Anlæg"),
    ("overf", "Overførsler"),
    ("finans", "Finansiering"),
)


def price_level_of(text: str) -> str | None:
    m = _PRICE.search(text)
    return f"{m.group(1)} p/l" if m else None


def column_kind(header: str) -> tuple[str, int | None]:
    """Kind of a column from its (joined, normalised) header text."""
    h = normalize_text(header)
    compact = re.sub(r"[\s\-/.]", "", h.lower())
    if re.fullmatch(r"20\d\d", h):
        return "year", int(h)
    if compact in ("ialt", "total", "samlet"):
        return "sum", None
    if compact.startswith("styring"):
        return "area", None
    if compact.startswith("udvalg"):
        return "committee", None
    if compact.startswith("bevilling"):
        return "appropriation", None
    if compact in ("ui", "iu") or "indtægt" in compact or "udgift" in compact:
        return "direction", None
    return "other", None


def area_name(cell: str) -> str:
    """Canonical spelling of a Styringsområde cell; unknown areas are kept as printed."""
    low = cell.strip().lower()
    for prefix, name in AREA_WORDS:
        if low.startswith(prefix):
            return name
    return cell.strip()


def area_from_title(title: str | None) -> str | None:
    """The one control area a title names ("Udgifter til service" -> Service), else None."""
    if not title:
        return None
    low = title.lower()
    if "styringsområde" in low:
        return None
    found = {
        name
        for key, name in (("service", "Service"), ("anlæg", "Anlæg"), ("overførs", "Overførsler"))
        if key in low
    }
    return found.pop() if len(found) == 1 else None


def area_from_total(label: str) -> str | None:
    """The area an area total names ("Serviceudgifter i alt" -> Service); None for a mixed total."""
    head = TOTAL.split(label, maxsplit=1)[0].strip().lower()
    return area_from_title(head) if head else None


def direction_of(cell: str) -> str | None:
    low = cell.strip().lower()
    if low in ("u", "udgift", "udgifter"):
        return "expense"
    if low in ("i", "indtægt", "indtægter"):
        return "income"
    return None


def is_total(label: str) -> bool:
    return TOTAL.search(label) is not None


def join_header(parts: list[str]) -> str:
    """Header cell lines joined: "Styrings-" + "område" -> "Styringsområde", "Indtægt/ udgift" -> "Indtægt/udgift"."""
    text = normalize_text("\n".join(parts))
    return re.sub(r"\s*/\s*", "/", text)
