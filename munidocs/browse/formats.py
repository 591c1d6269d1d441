"""Query results as a terminal table, CSV or typed JSON.

- table: for reading; NULL is an empty cell, long text is cut with "…" to the terminal's
  width (`wide` shows every character), numbers are right-aligned.
- CSV: for spreadsheets; NULL is an empty cell, lists and structs are JSON (as in the
  published CSVs), timestamps ISO 8601.
- JSON: for programs; an array of objects with typed values (numbers stay numbers, NULL is
  null, lists are arrays, dates are ISO strings).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from munidocs.browse.safesql import QueryResult

_NUMERIC: tuple[str, ...] = (
    *("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT"),
    *("UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL"),
)


def jsonable(value: Any) -> Any:
    """A DuckDB value as JSON: numbers stay numbers, NaN and NULL are null, dates ISO 8601."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)  # UUID, interval (timedelta), ...


def _keys(columns: Sequence[str]) -> list[str]:
    """Column names usable as object keys: a repeated name gets _2, _3, ..."""
    seen: dict[str, int] = {}
    keys = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return keys


def records(result: QueryResult) -> list[dict[str, Any]]:
    """The rows as JSON-ready objects."""
    keys = _keys(result.columns)
    return [dict(zip(keys, map(jsonable, row), strict=True)) for row in result.rows]


def write_json(result: QueryResult, stream: IO[str]) -> None:
    """One result as a JSON array of objects, one object a line (valid JSON, easy to grep)."""
    rows = [json.dumps(r, ensure_ascii=False) for r in records(result)]
    stream.write("[\n" + ",\n".join(rows) + "\n]\n" if rows else "[]\n")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


def write_csv(result: QueryResult, stream: IO[str]) -> None:
    """One result as CSV with a header row (comma, `.` decimal point, UTF-8)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_cell(v) for v in row])


def _cell(value: Any) -> str:
    """How a value reads in the terminal: NULL empty, lists as JSON, one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, float) and not math.isfinite(value):
        return "" if math.isnan(value) else str(value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _widths(natural: list[int], floors: list[int], budget: int) -> list[int]:
    """Column widths that fit `budget`: the widest columns give way first, none below its floor."""
    if sum(natural) <= budget:
        return natural
    low, high = 0, max(natural)
    while low < high:  # the largest cap at which everything still fits
        cap = (low + high + 1) // 2
        if sum(min(n, max(cap, f)) for n, f in zip(natural, floors, strict=True)) <= budget:
            low = cap
        else:
            high = cap - 1
    return [min(n, max(low, f)) for n, f in zip(natural, floors, strict=True)]


def _fit(text: str, width: int, right: bool) -> str:
    """`text` cut to `width` cells with "…", padded to exactly `width`."""
    if cell_len(text) > width:
        text = set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


def table_lines(result: QueryResult, width: int | None) -> list[str]:
    """The result as aligned text lines: a header, a rule, one line per row.

    `width`: the terminal's width, to which long cells are cut ("…"); None: nothing is cut.
    """
    cells = [[_cell(v) for v in row] for row in result.rows]
    right = [kind.startswith(_NUMERIC) for kind in result.types]
    natural = [
        max([cell_len(name), *(cell_len(row[i]) for row in cells)])
        for i, name in enumerate(result.columns)
    ]
    widths = natural
    if width is not None:
        floors = [
            min(n, max(cell_len(name), 6)) for n, name in zip(natural, result.columns, strict=True)
        ]
        widths = _widths(natural, floors, width - _GAP_WIDTH * (len(natural) - 1))
    lines = [
        _GAP.join(_fit(n, w, r) for n, w, r in zip(result.columns, widths, right, strict=True)),
        _GAP.join("─" * w for w in widths),
    ]
    for row in cells:
        lines.append(_GAP.join(_fit(c, w, r) for c, w, r in zip(row, widths, right, strict=True)))
    return [line.rstrip() for line in lines]


_GAP = "  "
_GAP_WIDTH = len(_GAP)


def footer(result: QueryResult, limit_hint: str) -> str:
    """The line under a table: how many rows, and how to see the rest."""
    n = len(result.rows)
    rows = f"{n} row" + ("" if n == 1 else "s")
    if result.more:
        return f"first {rows} shown; more not shown ({limit_hint})"
    return rows


def print_table(result: QueryResult, console: Console, wide: bool, limit_hint: str) -> None:
    """One result as a table with its row count under it; cut to the console's width unless
    `wide`."""
    if result.columns == ["explain_key", "explain_value"]:  # EXPLAIN: the plan as drawn
        for _key, plan in result.rows:
            console.print(Text(str(plan)), crop=False, soft_wrap=True)
        return
    if result.columns:
        lines = table_lines(result, None if wide else console.width)
        console.print(Text(lines[0], style="bold"), crop=False, soft_wrap=True)
        for line in lines[1:]:
            console.print(Text(line), crop=False, soft_wrap=True)
    console.print(Text(footer(result, limit_hint), style="dim"), soft_wrap=True)
