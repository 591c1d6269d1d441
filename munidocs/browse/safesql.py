"""Researchers' SQL over an output folder, safe by construction.

Two locks, so that neither alone has to be perfect:

1. The connection (`connect_read_only`): `municipal.duckdb` opened read-only, then no file
   access at all (`enable_external_access=false`: no COPY, ATTACH, read_csv/read_text/glob of
   any path, no extension install or load), no spilling to disk, no persistent secrets, and
   the configuration locked (`lock_configuration`), so no statement can undo any of it.
2. The statements: each is parsed by DuckDB itself and only queries run (SELECT, WITH, FROM,
   VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN of a query, PIVOT, read-only PRAGMAs). Anything
   else is refused with a one-line reason before any statement runs.

Every statement runs under a time limit (`QuerySettings.time_limit`): a timer interrupts it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

ALLOWED = "SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN (and FROM, VALUES, PIVOT)"

READ_ONLY_PRAGMAS = frozenset(
    {
        "table_info",
        "show",
        "show_tables",
        "show_tables_expanded",
        "show_databases",
        "database_list",
        "database_size",
        "storage_info",
        "metadata_info",
        "version",
        "platform",
        "user_agent",
        "functions",
        "collations",
    }
)
"""PRAGMAs that only read: everything else changes settings or touches files."""

_CHANGES = "changes the database; the outputs are read-only (`munidocs run` rebuilds them)"
_REASONS: dict[str, str] = {
    "COPY": "COPY reads or writes files; save a result with --csv or --json instead",
    "COPY_DATABASE": "COPY FROM DATABASE writes another database; the outputs are read-only",
    "EXPORT": "EXPORT DATABASE writes files; the datasets are already in the output folder",
    "ATTACH": "ATTACH opens another database or file; only this folder's datasets are queried",
    "DETACH": "DETACH closes the datasets' database; only queries run",
    "LOAD": "INSTALL and LOAD add extensions (code from outside); queries run without them",
    "EXTENSION": "extensions cannot be managed here; queries run without them",
    "SET": "SET and RESET change the connection's settings, which are locked",
    "VARIABLE_SET": "SET VARIABLE changes the connection's state; use a WITH clause instead",
    "USE": "USE switches to another database or schema; only the datasets are queried",
    "CALL": "CALL runs a procedure; query a table function with SELECT * FROM name(...)",
    "TRANSACTION": "transactions are not needed: the outputs are read-only",
    "PREPARE": "PREPARE is not needed: pass parameters to Outputs.sql(query, params)",
    "EXECUTE": "EXECUTE runs a prepared statement; write the query itself",
    "INSERT": f"INSERT {_CHANGES}",
    "UPDATE": f"UPDATE {_CHANGES}",
    "DELETE": f"DELETE {_CHANGES}",
    "MERGE_INTO": f"MERGE {_CHANGES}",
    "CREATE": f"CREATE {_CHANGES}",
    "CREATE_FUNC": f"CREATE FUNCTION {_CHANGES}",
    "DROP": f"DROP {_CHANGES}",
    "ALTER": f"ALTER {_CHANGES}",
    "VACUUM": f"VACUUM {_CHANGES}",
    "ANALYZE": f"ANALYZE {_CHANGES}",
}


class QueryError(ValueError):
    """SQL that cannot run: DuckDB's own message, a refusal with its reason, or the time limit."""


class RefusedStatement(QueryError):
    """A statement that is not a query, or that reaches outside the datasets."""


class QueryTimeout(QueryError):
    """A statement stopped by the time limit."""


@dataclass
class QueryResult:
    """One statement's result: column names, DuckDB types and rows (Python values).

    `more` is True when the statement gave more rows than the limit it ran with.
    """

    statement: str
    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    more: bool = False

    def df(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame."""
        import pandas as pd  # loaded on demand: importing munidocs for a run needs no pandas

        return pd.DataFrame.from_records(self.rows, columns=self.columns)


def connect_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    """`database` opened read-only, with no file or network access and its settings locked."""
    if not database.is_file():
        raise FileNotFoundError(f"no such database: {database}")
    con = duckdb.connect(
        str(database),
        read_only=True,
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
            "allow_persistent_secrets": False,
        },
    )
    try:
        # order matters: the temp directory can only be changed while file access is on
        con.execute("SET temp_directory = ''")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
_EXPLAIN = re.compile(r"^explain\s+(?:analy[sz]e\s+)?(?:\([^)]*\)\s*)?", re.I)


def _text(statement: str) -> str:
    """A statement without leading comments or the trailing semicolon."""
    return _LEADING_COMMENTS.sub("", statement).strip().rstrip(";").strip()


def _first_words(text: str, n: int = 2) -> str:
    return " ".join(text.split()[:n]).upper()


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def parse(sql: str) -> list[str]:
    """The statements of `sql`, split by DuckDB's own parser; QueryError on a syntax error."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(str(exc)) from exc
    texts = [_text(s.query) for s in statements]
    if not texts:
        raise QueryError("no SQL statement given")
    return texts


def refusal(text: str) -> str | None:
    """Why a statement is not run; None for a query."""
    try:
        (statement,) = duckdb.extract_statements(text)
    except (duckdb.Error, ValueError):
        return f"not one statement; only {ALLOWED} are run"
    kind = statement.type.name
    if kind == "SET":  # DuckDB parses PRAGMA x=y, SET VARIABLE and USE as SET too
        if _first_words(text, 1) in ("PRAGMA", "USE"):
            kind = _first_words(text, 1)
        elif _first_words(text) == "SET VARIABLE":
            kind = "VARIABLE_SET"
    if kind == "SELECT":
        return None
    if kind == "EXPLAIN":
        inner = _EXPLAIN.sub("", text, count=1)
        if inner == text or not inner.strip():
            return "EXPLAIN of what? only EXPLAIN of a query is run"
        reason = refusal(inner)
        return None if reason is None else f"EXPLAIN ANALYZE would run it: {reason}"
    if kind == "MULTI" and _first_words(text, 1) in ("PIVOT", "UNPIVOT"):
        return None
    if kind == "PRAGMA":
        match = re.match(r"pragma\s+(\w+)", text, re.I)
        if match and match.group(1).lower() in READ_ONLY_PRAGMAS:
            return None
        if _first_words(text, 1) == "IMPORT":
            return "IMPORT DATABASE reads files and changes the database; the outputs are read-only"
        name = match.group(1) if match else _first_words(text, 1)
        return (
            f"PRAGMA {name} changes settings or touches files; only read-only PRAGMAs run "
            "(table_info, show_tables, database_size, ...)"
        )
    return _REASONS.get(kind, f"{_first_words(text)} is not a query; only {ALLOWED} are run")


def check(statements: list[str]) -> None:
    """Refuse the whole input when any statement is not a query: nothing runs then."""
    for number, text in enumerate(statements, 1):
        reason = refusal(text)
        if reason is not None:
            prefix = f"statement {number} refused" if len(statements) > 1 else "refused"
            raise RefusedStatement(f"{prefix} ({_short(text)}): {reason}")


def _permission(exc: duckdb.Error, text: str) -> RefusedStatement:
    """DuckDB's file-access refusal as a one-line reason."""
    detail = str(exc).splitlines()[0].removeprefix("Permission Error: ")
    detail = detail.split(" - ", 1)[0]
    return RefusedStatement(
        f"refused ({_short(text)}): only the datasets in municipal.duckdb can be read, "
        f"no other file or URL ({detail})"
    )


def _timed(
    con: duckdb.DuckDBPyConnection,
    text: str,
    fetch: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    time_limit: float,
    params: Mapping[str, Any] | list[Any] | None,
    where: str,
) -> T:
    """Run one checked statement and fetch its result, interrupted after `time_limit` seconds."""
    timer = threading.Timer(time_limit, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        con.execute(text, params)
        return fetch(con)
    except duckdb.InterruptException as exc:
        raise QueryTimeout(
            f"{where}stopped after {time_limit:g} s ({_short(text)}): the time limit "
            "(--set query.time_limit=SECONDS to change it)"
        ) from exc
    except duckdb.PermissionException as exc:
        raise RefusedStatement(where + str(_permission(exc, text))) from exc
    except duckdb.Error as exc:
        raise QueryError(where + str(exc)) from exc
    finally:
        timer.cancel()


def _checked(sql: str, params: Mapping[str, Any] | list[Any] | None) -> list[str]:
    statements = parse(sql)
    check(statements)
    if params is not None and len(statements) > 1:
        raise QueryError("parameters go with one statement, not several")
    return statements


def run_statements(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    *,
    limit: int | None = None,
    time_limit: float = 30.0,
    params: Mapping[str, Any] | list[Any] | None = None,
) -> Iterator[QueryResult]:
    """Each statement's result in turn, at most `limit` rows each (None: every row).

    Every statement is checked before the first runs; each runs under `time_limit` seconds.
    """
    statements = _checked(sql, params)

    def fetch(c: duckdb.DuckDBPyConnection) -> tuple[list[Any], list[tuple[Any, ...]]]:
        rows = c.fetchmany(limit + 1) if limit is not None else c.fetchall()
        return list(c.description or []), rows

    for number, text in enumerate(statements, 1):
        where = f"statement {number}: " if len(statements) > 1 else ""
        description, rows = _timed(
            con, text, fetch, time_limit=time_limit, params=params, where=where
        )
        more = limit is not None and len(rows) > limit
        yield QueryResult(
            statement=text,
            columns=[d[0] for d in description],
            types=[str(d[1]) for d in description],
            rows=rows[:limit] if more else rows,
            more=more,
        )


def run_frame(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    *,
    time_limit: float = 30.0,
    params: Mapping[str, Any] | list[Any] | None = None,
) -> pd.DataFrame:
    """The last statement's result as a DataFrame (DuckDB's conversion keeps column types)."""
    import pandas as pd

    statements = _checked(sql, params)
    frame = pd.DataFrame()
    for number, text in enumerate(statements, 1):
        where = f"statement {number}: " if len(statements) > 1 else ""
        frame = _timed(
            con, text, lambda c: c.df(), time_limit=time_limit, params=params, where=where
        )
    return frame
