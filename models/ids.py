"""Record ids: one stable id per record, deterministic from document, page and position.

A check names the records it compares by these ids (`checks.record_ids`), `munidocs verify`
and the page pictures find a record's box by them, and a journalist can quote one. The same
PDF read by the same pipeline version always gives the same ids; nothing random or
time-dependent goes in. The scheme (also in docs/data-contract.md, "Record ids"):

| dataset | record_id | position |
|---|---|---|
| pages | `<doc>-p<page>` | the page |
| budget_lines | `<doc>-p<page>-t<table>-r<row>-<year>` | table number, row number in the table (1-based, counted over all its pages), year column |
| table_cells | `<doc>-p<page>-t<table>-r<row>-cell<column>` | table number, row and column (1-based) |
| budget_lines (amount column without a year header) | `<doc>-p<page>-t<table>-r<row>-c<column>` | table number, row number, 1-based column |
| entities | `<doc>-p<page>-e<start>-<end>` | character offsets in the page's text |
| law_references | `<doc>-p<page>-l<start>-<end>` | character offsets in the page's text |
| figures | `<doc>-p<page>-f<start>-<end>` | character offsets in the page's text |
| checks | `<doc>-p<page>-<check>-<n>` | n-th check of that kind about that page (in reading order) |
| checks across documents | `x-<check>-<hash>` | the first 16 hex digits of the SHA-256 of the compared records' ids |

`<doc>` is the first 16 hex digits of the doc_id (64 bits: unique in any real corpus). Ids use
only letters, digits and hyphens, so they are safe in file names, URLs and HTML ids. Two records
that would get the same id (two law references read from one span, "§§ 83 og 85") are told
apart by a suffix in reading order: `…-l10-25`, `…-l10-25.2`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

DOC_PART = 16
"""Hex digits of the doc_id that start every record id."""

_SAFE = re.compile(r"[^A-Za-z0-9_]+")


def doc_part(doc_id: str) -> str:
    """The doc_id's part of a record id ("src-…" ids of unreadable sources keep their prefix)."""
    return _SAFE.sub("", doc_id)[:DOC_PART] if not doc_id.startswith("src-") else doc_id[:20]


def page_id(doc_id: str, page: int) -> str:
    return f"{doc_part(doc_id)}-p{page}"


def budget_line_id(doc_id: str, page: int, table: int, row: int, year: int) -> str:
    return f"{page_id(doc_id, page)}-t{table}-r{row}-{year}"


def amount_cell_id(doc_id: str, page: int, table: int, row: int, column: int) -> str:
    """A budget line from an amount column that is not a year column (its 1-based column)."""
    return f"{page_id(doc_id, page)}-t{table}-r{row}-c{column}"


def table_cell_id(doc_id: str, page: int, table: int, row: int, column: int) -> str:
    """A cell of the table_cells dataset (row and column 1-based, as in its columns)."""
    return f"{page_id(doc_id, page)}-t{table}-r{row}-cell{column}"


def span_id(doc_id: str, page: int, kind: str, start: int | None, end: int | None) -> str:
    """An entity ("e"), law reference ("l") or figure ("f") by its place in the page text."""
    where = f"{start}-{end}" if start is not None and end is not None else "x"
    return f"{page_id(doc_id, page)}-{kind}{where}"


def check_id(doc_id: str, page: int | None, check: str, n: int) -> str:
    return f"{page_id(doc_id, page or 0)}-{_SAFE.sub('_', check)}-{n}"


def cross_check_id(check: str, record_ids: Iterable[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(record_ids)).encode()).hexdigest()[:16]
    return f"x-{_SAFE.sub('_', check)}-{digest}"


def unique(ids: list[str]) -> list[str]:
    """The ids with repeats told apart in order: a, a, b -> a, a.2, b."""
    seen: dict[str, int] = {}
    out = []
    for record_id in ids:
        n = seen.get(record_id, 0) + 1
        seen[record_id] = n
        out.append(record_id if n == 1 else f"{record_id}.{n}")
    return out
