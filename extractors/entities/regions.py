"""Table regions of a page's normalised text, where numbers are budget lines, not figures.

Page text has lost its line breaks, so a table is recognised by its numbers: a cluster of
number tokens with at most three other tokens between them, holding at least three numbers in
a row ("650 650 650", "2026 2027 2028"). Clusters less than a dozen tokens apart are one
table, and a "Tabel N" heading shortly before the first one starts the region.
"""

from __future__ import annotations

import re

from munidocs.extractors.entities.base import tokens
from munidocs.extractors.lexicon.numbers import MINUS_SIGNS

# Number-*shaped* tokens, not the lexicon's strict NUMBER_TOKEN: a code ("35.10") or a cell with
# trailing punctuation ("1.950.") counts toward a table as much as an amount does.
_NUMERIC = re.compile(rf"[{re.escape(MINUS_SIGNS)}]?\(?\d[\d.,]*\)?[.,]?")
_HEADING = re.compile(r"Tabel|Table|Figur")
MAX_GAP = 3
MERGE_GAP = 12
HEADING_LOOKBACK = 40


def table_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of the page that belong to tables."""
    toks = tokens(text)
    numeric = [bool(_NUMERIC.fullmatch(t[2])) for t in toks]
    clusters: list[tuple[int, int]] = []  # token index ranges, inclusive
    i = 0
    while i < len(toks):
        if not numeric[i]:
            i += 1
            continue
        start = last = i
        j = i + 1
        while j < len(toks) and j - last - 1 <= MAX_GAP:
            if numeric[j]:
                last = j
            j += 1
        if _has_run(numeric, start, last, 3):
            # numbers of the sentence before a table heading are not part of the table
            heading = next((k for k in range(start, last) if _HEADING.fullmatch(toks[k][2])), None)
            clusters.append((heading if heading is not None else start, last))
        i = last + 1
    merged: list[tuple[int, int]] = []
    for start, end in clusters:
        if merged and start - merged[-1][1] - 1 <= MERGE_GAP:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    regions = []
    for start, end in merged:
        first = start
        for k in range(start - 1, max(-1, start - HEADING_LOOKBACK), -1):
            if _HEADING.fullmatch(toks[k][2]):
                first = k
                break
        regions.append((toks[first][0], toks[end][1]))
    return regions


def _has_run(numeric: list[bool], start: int, end: int, n: int) -> bool:
    run = 0
    for flag in numeric[start : end + 1]:
        run = run + 1 if flag else 0
        if run >= n:
            return True
    return False
