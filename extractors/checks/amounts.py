"""Amounts of money a text states per year ("0,6 mio. kr. årligt", "... om året", "pr. år") or
for one year ("i 2027", "fra 2028"): what `text_vs_table` and `cross_document` compare with tables.

Amounts are found with the lexicon's running-text money grammar (`find_money`), the same the
figure finder uses, so every money spelling ("500 tkr.", "1,5 millioner kroner", "mio. DKK") is
read. Not compared: a range ("2-3 mio. kr.") states no single amount, and a currency printed
first ("kr. 5.000") is left out because the page text runs table headers into one line, where
"kr. 2026" is a unit followed by a year column, not an amount (the figure finder masks tables;
this reads the whole page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from munidocs.extractors.lexicon.money import Money, find_money
from munidocs.extractors.lexicon.numbers import NotANumber, decimals_printed, parse_danish_number
from munidocs.models import Page

_ANNUAL = re.compile(r"\bårlig(?:t|e)?\b|\bom året\b|\bpr\.\s*år\b|\bper år\b|\bhvert år\b", re.I)
_RANGE = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")
_ONE_YEAR = re.compile(r"\bi\s+(20\d\d)\b", re.I)
_FROM_YEAR = re.compile(r"\b(?:fra og med|fra|f\.o\.m\.)\s+(20\d\d)\b", re.I)
_OWN_YEAR = re.compile(r"\s*(?:i|for)\s+(20\d\d)\b(?!\s*[-–]\s*20\d\d)", re.I)
"""A year printed right after an amount is that amount's: "2.400.000 kr. i 2026 og 2.600.000 kr.
i 2027" states one amount for 2026 and another for 2027."""
_LAST_YEAR = 2099
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\s*•\s*")


@dataclass(frozen=True, slots=True)
class TextAmount:
    page: int
    text: str
    value: Decimal  # as printed, in its unit
    decimals: int
    multiplier: Decimal
    years: tuple[int, ...]  # years it is stated for; () = every year ("årligt")
    number: str  # the number as printed inside `text` ("0,6")
    start: int = 0  # offsets of the amount in the page text
    end: int = 0
    clause: tuple[int, int] = (0, 0)  # the stretch of its sentence that is about it


def _sentences(text: str, amounts: list[Money]) -> list[tuple[int, int]]:
    """[start, end) of each sentence of the text, never cut inside an amount ("0,5 mio. DKK")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in _SENTENCE.finditer(text):
        if not any(a.start < cut.start() < a.end for a in amounts):
            spans.append((start, cut.start()))
            start = cut.end()
    return [*spans, (start, len(text))]


def text_amounts(page: Page) -> list[TextAmount]:
    """Money the text states per year or for one year (other amounts are not comparable)."""
    out: list[TextAmount] = []
    amounts = find_money(page.text)
    for first, last in _sentences(page.text, amounts):
        matches = [
            m for m in amounts if first <= m.start and m.end <= last and not m.currency_first
        ]
        owns = [_OWN_YEAR.match(page.text, m.end) for m in matches]
        for i, m in enumerate(matches):
            # with several amounts in a sentence, each one's years and "årligt" are read from
            # its own stretch: "12,5 mio. kr. i 2027 og 1,5 mio. kr. årligt fra 2028"
            before = owns[i - 1] if i else None
            start = (before.end() if before else matches[i - 1].end) if i else first
            end = matches[i + 1].start if i + 1 < len(matches) else last
            clause = page.text[start:end]
            annual = _ANNUAL.search(clause) is not None
            rng = _RANGE.search(clause)
            ones = _ONE_YEAR.findall(clause)
            since = _FROM_YEAR.search(clause)
            own = owns[i]
            if own and not annual:
                years: tuple[int, ...] = (int(own.group(1)),)
            elif rng:
                years = tuple(range(int(rng.group(1)), int(rng.group(2)) + 1))
            elif since:  # "fra 2028": that year and every later one the table has
                years = tuple(range(int(since.group(1)), _LAST_YEAR + 1))
            elif len(ones) == 1:
                years = (int(ones[0]),)
            else:
                years = ()
            if m.number_max is not None or (not annual and len(years) != 1):
                continue
            try:
                value = parse_danish_number(m.number)
            except NotANumber:
                continue
            text = re.sub(r"\s+", " ", m.text).strip()
            decimals = decimals_printed(m.number)
            out.append(
                TextAmount(
                    page.page,
                    text,
                    value,
                    decimals,
                    m.factor,
                    years,
                    m.number,
                    m.start,
                    m.end,
                    (start, end),
                )
            )
    return out
