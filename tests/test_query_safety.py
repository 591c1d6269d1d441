"""Researchers' SQL cannot write, read other files, load code or run forever: each refused.

Every statement is tried through the command a user types; the reason is one line, the exit
code 2, and nothing is written. The connection is tried on its own too (what a notebook gets
from `Outputs.connect()`), without the statement check in front of it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import BIN

import munidocs
from munidocs.browse.safesql import refusal


def query(out: Path, sql: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "munidocs"), "query", "--out", str(out), sql, *args],
        capture_output=True, text=True, timeout=120, env=os.environ.copy(),
    )  # fmt: skip


REFUSED = [
    ("copy documents to '{tmp}/leak.csv'", "COPY reads or writes files; save a result with --csv or --json instead"),
    ("copy (select * from pages) to '{tmp}/leak.parquet' (format parquet)", "COPY reads or writes files"),
    ("copy documents from '{tmp}/in.csv'", "COPY reads or writes files"),
    ("export database '{tmp}/dump'", "EXPORT DATABASE writes files"),
    ("attach '{tmp}/other.duckdb' as other", "ATTACH opens another database or file"),
    ("detach municipal", "DETACH closes the datasets' database"),
    ("install httpfs", "INSTALL and LOAD add extensions (code from outside)"),
    ("load httpfs", "INSTALL and LOAD add extensions (code from outside)"),
    ("pragma memory_limit='1GB'", "PRAGMA memory_limit changes settings or touches files"),
    ("pragma enable_profiling", "PRAGMA enable_profiling changes settings or touches files"),
    ("import database '{tmp}'", "IMPORT DATABASE reads files and changes the database"),
    ("set enable_external_access = true", "SET and RESET change the connection's settings, which are locked"),
    ("reset lock_configuration", "SET and RESET change the connection's settings"),
    ("use memory", "USE switches to another database or schema"),
    ("set variable x = 1", "SET VARIABLE changes the connection's state"),
    ("create table x as select 1", "CREATE changes the database; the outputs are read-only"),
    ("insert into documents select * from documents", "INSERT changes the database"),
    ("update documents set title = 'x'", "UPDATE changes the database"),
    ("delete from checks", "DELETE changes the database"),
    ("drop table documents", "DROP changes the database"),
    ("alter table documents add column x int", "ALTER changes the database"),
    ("create macro leak() as 1", "CREATE"),
    ("call pragma_table_info('documents')", "CALL runs a procedure"),
    ("checkpoint", "CALL runs a procedure"),
    ("begin transaction", "transactions are not needed"),
    ("vacuum", "VACUUM changes the database"),
    ("explain analyze copy documents to '{tmp}/leak.csv'", "EXPLAIN ANALYZE would run it: COPY reads or writes files"),
]  # fmt: skip


@pytest.mark.parametrize(("sql", "reason"), REFUSED, ids=[s for s, _ in REFUSED])
def test_each_statement_that_is_not_a_query_is_refused_with_its_reason(
    corpus_run: Path, tmp_path: Path, sql: str, reason: str
) -> None:
    (tmp_path / "in.csv").write_text("a\n1\n", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    result = query(corpus_run, sql.format(tmp=tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith("error: refused (") and reason in line, line
    assert sorted(tmp_path.rglob("*")) == before  # nothing written


FILES = [
    "select * from read_text('/etc/hostname')",
    "select * from read_csv('/etc/passwd')",
    "select * from read_csv_auto('{out}/documents.csv')",
    "select * from read_parquet('{out}/budget_lines.parquet')",
    "select * from '{out}/budget_lines.parquet'",
    "select * from read_blob('/etc/hostname')",
    "select * from glob('/etc/*')",
    "select * from sniff_csv('/etc/passwd')",
    "select * from read_json('/etc/os-release')",
]


@pytest.mark.parametrize("sql", FILES)
def test_no_file_can_be_read_not_even_beside_the_datasets(corpus_run: Path, sql: str) -> None:
    result = query(corpus_run, sql.format(out=corpus_run))
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "only the datasets in municipal.duckdb can be read, no other file or URL" in line
    assert "Cannot access file" in line


def test_nothing_runs_when_one_statement_is_refused(corpus_run: Path, tmp_path: Path) -> None:
    sql = f"select count(*) from pages; copy documents to '{tmp_path}/leak.csv'"
    result = query(corpus_run, sql)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("error: statement 2 refused (copy documents to ")
    assert not (tmp_path / "leak.csv").exists()


def test_queries_in_every_allowed_form_run(corpus_run: Path) -> None:
    sql = (
        "with n as (select count(*) as c from pages) select c from n; "
        "from documents select count(*); values (1); describe pages; show tables; "
        "summarize checks; explain select 1; pragma table_info('pages'); "
        "pivot budget_lines on year using sum(amount_dkk) group by item order by item"
    )
    result = query(corpus_run, sql, "--json")
    assert result.returncode == 0, result.stderr


def test_a_query_that_runs_too_long_is_stopped(corpus_run: Path) -> None:
    result = query(
        corpus_run,
        "select count(*) from range(1000000000000) a",
        "--set",
        "query.time_limit=1",
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: stopped after 1 s (select count(*) from range(")
    assert "--set query.time_limit=SECONDS" in result.stderr


def test_the_connection_itself_cannot_write_or_read_files(corpus_run: Path, tmp_path: Path) -> None:
    with munidocs.open_outputs(corpus_run).connect() as con:
        with pytest.raises(duckdb.PermissionException, match="disabled by configuration"):
            con.execute(f"copy documents to '{tmp_path}/leak.csv'")
        with pytest.raises(duckdb.PermissionException):
            con.execute("select * from read_text('/etc/hostname')")
        with pytest.raises(duckdb.Error, match="configuration has been locked"):
            con.execute("set enable_external_access = true")
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("create table x (a int)")
        assert con.execute("select count(*) from pages").fetchone() == (7,)
    assert not (tmp_path / "leak.csv").exists()


def test_outputs_sql_is_guarded_too(corpus_run: Path, tmp_path: Path) -> None:
    outputs = munidocs.open_outputs(corpus_run)
    frame = outputs.sql("select doc_type, n_pages from documents where n_pages > ? order by 1", [3])
    assert frame.to_dict("records") == [{"doc_type": "budget_note", "n_pages": 4}]
    with pytest.raises(munidocs.RefusedStatement, match="COPY reads or writes files"):
        outputs.sql(f"copy documents to '{tmp_path}/leak.csv'")


@pytest.mark.parametrize(
    ("sql", "allowed"),
    [
        ("select 1", True),
        ("-- a comment\nselect 1", True),
        ("/* block */ with a as (select 1) select * from a", True),
        ("SUMMARIZE pages", True),
        ("explain (format json) select 1", True),
        ("explain analyze select 1", True),
        ("explain analyze create table x as select 1", False),
        ("unpivot (select 1 as a, 2 as b) on a, b into name k value v", True),
        ("pragma show_tables", True),
        ("pragma database_size", True),
        ("pragma threads=1", False),
        ("prepare p as select 1", False),
        ("execute p", False),
        ("create secret (type s3)", False),
        ("merge into documents using pages on false when matched then delete", False),
        ("use memory", False),
    ],
)
def test_what_counts_as_a_query(sql: str, allowed: bool) -> None:
    assert (refusal(sql) is None) is allowed
