"""May this page hold a table? One cheap answer from the page's plain text, asked before any
layout analysis.

Reading a table needs pdfplumber's word positions, ruling lines and table finder, which cost
far more than the page's text. Every table reader of munidocs asks this predicate first and
skips the page when it says no, so the question is answered in one place, from what any text
extractor gives (pdfplumber's or pypdfium2's page text, lines separated by line breaks), plus,
where the caller has it at hand, the number of ruling segments on the page.

`may_hold_year_table` is the budget reader's narrower question (a year header or a caption),
asked on the same text. A page may hold a table when it prints any of:
- two years in a row ("2026 2027", a budget table's year header) or a table caption
  ("Tabel 3", "Tabel 2-3", "Table 1");
- `predicate_min_lines` lines with two or more numbers each (amount columns);
- `predicate_min_lines` lines with an amount in kroner ("1.370.000 kr.": one amount column);
- `predicate_list_lines` consecutive lines ending in a number (a list with a number column,
  such as years or amounts without a unit);
- `predicate_min_rules` ruling segments (a ruled grid, whatever its cells hold).
"""

from __future__ import annotations

import re

from munidocs.extractors.lexicon.money import find_money
from munidocs.extractors.tables.settings import TableSettings

_YEAR_RUN = re.compile(r"20\d\d\s*20\d\d")
_CAPTION = re.compile(r"Tab(?:el|le)\s*\d+")
_NUMBER = re.compile(r"(?<![\w.,])[-−–÷(]?\d[\d.,]*\)?(?![\w])")
_ENDS_IN_NUMBER = re.compile(r"(?<![\w.,/-])\d[\d.,]*\s*(?:kr\.?)?\s*$")


def may_hold_year_table(text: str) -> bool:
    """Whether a page may hold a budget table (a row of years, or a "Tabel N" caption whose
    table may open the next page): the budget reader's own, narrower question."""
    return bool(_YEAR_RUN.search(text) or _CAPTION.search(text))


def may_hold_table(text: str, rules: int = 0, settings: TableSettings | None = None) -> bool:
    """Whether a page whose plain text is ``text`` (and has ``rules`` ruling segments) may
    hold a table worth the table readers' layout analysis."""
    s = settings or TableSettings()
    if may_hold_year_table(text):
        return True
    if rules >= s.predicate_min_rules:
        return True
    numeric = money = run = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(_NUMBER.findall(line)) >= 2:
            numeric += 1
        if find_money(line):
            money += 1
        run = run + 1 if _ENDS_IN_NUMBER.search(line) else 0
        if (
            numeric >= s.predicate_min_lines
            or money >= s.predicate_min_lines
            or run >= s.predicate_list_lines
        ):
            return True
    return False
