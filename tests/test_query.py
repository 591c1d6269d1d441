"""`munidocs query` and `munidocs.query` as a researcher uses them: formats, limits, input."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, munidocs_cli

import munidocs
from munidocs.browse.formats import table_lines
from munidocs.browse.safesql import QueryResult


def query(out: Path, *args: str, stdin: str | None = None, columns: int = 100) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run(
        [str(BIN / "munidocs"), "query", "--out", str(out), *args],
        input=stdin, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def json_values(text: str) -> list[object]:
    """Every JSON value printed one after another (one per statement)."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while at < len(text.rstrip()):
        value, at = decoder.raw_decode(text, at)
        values.append(value)
        while at < len(text) and text[at].isspace():
            at += 1
    return values


def test_the_table_shows_null_as_empty_and_counts_rows(corpus_run: Path) -> None:
    result = query(corpus_run, "select doc_type, reference from documents order by doc_type")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "doc_type        reference",
        "──────────────  ─────────",
        "budget_note     BI35",
        "correspondence",
        "2 rows",
    ]
    assert "None" not in result.stdout and "NaN" not in result.stdout


def test_long_text_is_cut_to_the_terminal_unless_wide(corpus_run: Path) -> None:
    sql = "select page, text from pages where page = 1 order by doc_id"
    cut = query(corpus_run, sql, columns=40)
    lines = cut.stdout.splitlines()
    assert lines[2] == "   1  BI35 Støtte til værested under LG…"
    assert max(len(line) for line in lines) == 40
    wide = query(corpus_run, sql, "--wide", columns=40)
    assert len(wide.stdout.splitlines()[2]) == 3032  # the whole page: 3,026 characters
    assert wide.stdout.splitlines()[2].endswith("til positive fællesskaber i og uden")


def test_csv_has_a_header_empty_nulls_and_json_lists(corpus_run: Path) -> None:
    sql = "select doc_type, reference, districts, n_pages, ocr from documents order by doc_type"
    result = query(corpus_run, sql, "--csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "doc_type,reference,districts,n_pages,ocr\n"
        'budget_note,BI35,"[""Indre by""]",4,false\n'
        "correspondence,,,3,false\n"
    )


def test_json_is_an_array_of_typed_objects(corpus_run: Path) -> None:
    sql = (
        "select doc_type, reference, districts, n_pages, ocr, doc_date, "
        "sum(amount_dkk) as total, sum(year) as years "
        "from documents left join budget_lines using (doc_id) "
        "group by all order by doc_type"
    )
    result = query(corpus_run, sql, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "doc_type": "budget_note", "reference": "BI35", "districts": ["Indre by"],
            "n_pages": 4, "ocr": False, "doc_date": None, "total": 7800000.0, "years": 28382,
        },
        {
            "doc_type": "correspondence", "reference": None, "districts": None,
            "n_pages": 3, "ocr": False, "doc_date": None, "total": None, "years": None,
        },
    ]  # fmt: skip
    assert query(corpus_run, "select * from documents where false", "--json").stdout == "[]\n"


def test_limit_caps_every_format_and_the_table_says_so(corpus_run: Path) -> None:
    sql = "select page from pages order by doc_id, page"
    as_json = json.loads(query(corpus_run, sql, "--json", "--limit", "2").stdout)
    assert as_json == [{"page": 1}, {"page": 2}]
    as_csv = query(corpus_run, sql, "--csv", "-n", "3").stdout
    assert as_csv == "page\n1\n2\n3\n"
    table = query(corpus_run, sql, "--limit", "2").stdout.splitlines()
    assert table[-1] == "first 2 rows shown; more not shown (--limit N to see more, --csv or --json for every row)"  # fmt: skip
    default = query(corpus_run, sql, "--set", "query.table_rows=3").stdout.splitlines()
    assert default[2:5] == ["   1", "   2", "   3"] and default[-1].startswith("first 3 rows")
    assert len(json.loads(query(corpus_run, sql, "--json").stdout)) == 7  # JSON: every row


def test_several_statements_each_show_their_result(corpus_run: Path) -> None:
    sql = "select count(*) as n from pages; select count(*) as n from documents"
    table = query(corpus_run, sql)
    assert table.stdout.splitlines() == [
        "-- select count(*) as n from pages",
        "n", "─", "7", "1 row", "",
        "-- select count(*) as n from documents",
        "n", "─", "2", "1 row",
    ]  # fmt: skip
    assert json_values(query(corpus_run, sql, "--json").stdout) == [[{"n": 7}], [{"n": 2}]]
    assert query(corpus_run, sql, "--csv").stdout == "n\n7\n\nn\n2\n"


def test_sql_from_a_file_and_from_stdin(corpus_run: Path, tmp_path: Path) -> None:
    sql = "-- how many pages\nselect count(*) as n\nfrom pages;\n"
    file = tmp_path / "pages.sql"
    file.write_text(sql, encoding="utf-8")
    assert query(corpus_run, "--file", str(file), "--csv").stdout == "n\n7\n"
    assert query(corpus_run, "--csv", stdin=sql).stdout == "n\n7\n"
    assert query(corpus_run, "-", "--csv", stdin=sql).stdout == "n\n7\n"


def test_bad_sql_gives_duckdbs_message_and_exit_2(corpus_run: Path) -> None:
    result = query(corpus_run, "selec doc_type from documents")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith('error: Parser Error: syntax error at or near "selec"')
    assert "Traceback" not in result.stderr
    missing = query(corpus_run, "select 1; select * from nothing_here")
    assert missing.returncode == 2 and missing.stdout == ""  # nothing half-shown
    assert missing.stderr.startswith("error: statement 2: Catalog Error: Table with name nothing_here does not exist!")  # fmt: skip


def test_csv_and_json_together_is_a_usage_error(corpus_run: Path) -> None:
    result = query(corpus_run, "select 1", "--csv", "--json")
    assert result.returncode == 2 and "--csv or --json, not both" in result.stderr


def test_without_outputs_it_says_what_to_do(tmp_path: Path) -> None:
    result = munidocs_cli("query", "select 1", "--out", str(tmp_path))
    assert result.returncode == 2 and "run `munidocs run` first" in result.stderr


def test_the_api_gives_one_result_per_statement(corpus_run: Path) -> None:
    results = munidocs.query(
        "select doc_type, n_pages from documents order by doc_type; "
        "select page from pages order by doc_id, page",
        corpus_run,
        limit=2,
    )
    assert [r.columns for r in results] == [["doc_type", "n_pages"], ["page"]]
    assert [r.types for r in results] == [["VARCHAR", "BIGINT"], ["BIGINT"]]
    assert results[0].rows == [("budget_note", 4), ("correspondence", 3)]
    assert (results[0].more, results[1].more) == (False, True)
    assert results[1].df()["page"].tolist() == [1, 2]
    with pytest.raises(munidocs.QueryError, match="syntax error"):
        munidocs.query("selec 1", corpus_run)


def test_narrow_columns_keep_their_header_and_numbers_align_right() -> None:
    result = QueryResult(
        "q", ["item", "amount_dkk"], ["VARCHAR", "DOUBLE"],
        [("Drift af værested under LGBT Asylum", 650000.0), (None, -25.5)],
    )  # fmt: skip
    assert table_lines(result, 24) == [
        "item          amount_dkk",
        "────────────  ──────────",
        "Drift af væ…    650000.0",
        "                   -25.5",
    ]
