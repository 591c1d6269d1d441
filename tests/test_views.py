"""The views in municipal.duckdb answer the common questions, with the seeds' literal answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from conftest import ROOT

import munidocs
from munidocs.extractors.output.views import VIEWS, create_views
from munidocs.models import DATASETS, arrow_schema

NOTE = "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
LETTER = "svar-vedr-overtagelse-af-integrationsansvar.pdf"


def rows(out: Path, sql: str) -> list[dict[str, Any]]:
    [result] = munidocs.query(sql, out)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_every_view_is_in_the_database_with_its_description(corpus_run: Path) -> None:
    found = rows(corpus_run, "select view_name, comment from duckdb_views() where not internal")
    assert {r["view_name"]: r["comment"] for r in found} == {v.name: v.description for v in VIEWS}


def test_amounts_per_appropriation_and_item_per_year(corpus_run: Path) -> None:
    found = rows(
        corpus_run,
        "select committee, appropriation, control_area, item, year, amount_dkk, n_documents, "
        "documents_differ, file_name, reference, pages from appropriation_amounts",
    )
    item = "Drift af værested under LGBT Asylum"
    assert found == [
        *(
            {"committee": "BIU", "appropriation": "35.10", "control_area": "Service", "item": item,
             "year": year, "amount_dkk": 650000.0, "n_documents": 1, "documents_differ": False,
             "file_name": NOTE, "reference": "BI35", "pages": [4]}
            for year in (2026, 2027, 2028)
        ),
        *(
            {"committee": None, "appropriation": None, "control_area": "Service", "item": item,
             "year": year, "amount_dkk": amount, "n_documents": 1, "documents_differ": False,
             "file_name": NOTE, "reference": "BI35", "pages": [2]}
            for year, amount in ((2026, 650000.0), (2027, 650000.0), (2028, 650000.0), (2029, 0.0))
        ),
    ]  # fmt: skip


def test_every_law_reference_with_its_documents_and_pages(corpus_run: Path) -> None:
    found = rows(
        corpus_run,
        "select law, section, subsection, n_documents, file_name, pages, mentions "
        "from law_reference_documents",
    )
    assert found == [
        {"law": "bekendtgørelse om boligplacering af flygtninge", "section": "12",
         "subsection": "1", "n_documents": 1, "file_name": LETTER, "pages": [3], "mentions": 1},
        {"law": "integrationsloven", "section": None, "subsection": None, "n_documents": 1,
         "file_name": LETTER, "pages": [2], "mentions": 2},
        {"law": "integrationsloven", "section": "18", "subsection": None, "n_documents": 1,
         "file_name": LETTER, "pages": [1, 2], "mentions": 3},
    ]  # fmt: skip


def test_failed_checks_with_their_pages_and_records(corpus_run: Path) -> None:
    [check] = rows(corpus_run, "select * from failed_checks")
    assert (check["check"], check["status"], check["file_name"]) == ("text_vs_table", "fail", NOTE)
    assert (check["expected"], check["actual"]) == (650000.0, 600000.0)
    assert check["named_pages"] == [1, 2, 4]
    lines = [(r["page"], r["item"], r["year"], r["amount"], r["is_total"]) for r in check["matching_lines"]]  # fmt: skip
    assert lines == [
        (2, "Drift af værested under LGBT Asylum", 2026, 650.0, False),
        (2, "Drift af værested under LGBT Asylum", 2027, 650.0, False),
        (2, "Drift af værested under LGBT Asylum", 2028, 650.0, False),
        (2, "Udgifter i alt (netto)", 2026, 650.0, True),
        (2, "Udgifter i alt (netto)", 2027, 650.0, True),
        (2, "Udgifter i alt (netto)", 2028, 650.0, True),
        (4, "Drift af værested under LGBT Asylum", 2026, 650.0, False),
        (4, "Drift af værested under LGBT Asylum", 2027, 650.0, False),
        (4, "Drift af værested under LGBT Asylum", 2028, 650.0, False),
        (4, "Serviceudgifter i alt", 2026, 650.0, True),
        (4, "Serviceudgifter i alt", 2027, 650.0, True),
        (4, "Serviceudgifter i alt", 2028, 650.0, True),
    ]


def test_organisations_with_the_documents_naming_them(corpus_run: Path) -> None:
    found = rows(
        corpus_run,
        "select organisation, n_documents, file_name, pages, mentions "
        "from organisation_documents where n_documents > 1",
    )
    assert found == [
        {"organisation": "Beskæftigelses- og Integrationsforvaltningen", "n_documents": 2,
         "file_name": NOTE, "pages": [1, 2], "mentions": 2},
        {"organisation": "Beskæftigelses- og Integrationsforvaltningen", "n_documents": 2,
         "file_name": LETTER, "pages": [1, 2, 3], "mentions": 9},
        {"organisation": "Københavns Kommune", "n_documents": 2, "file_name": NOTE,
         "pages": [1, 3], "mentions": 3},
        {"organisation": "Københavns Kommune", "n_documents": 2, "file_name": LETTER,
         "pages": [1, 2], "mentions": 5},
        {"organisation": "LGBT Asylum", "n_documents": 2, "file_name": NOTE, "pages": [1, 2],
         "mentions": 12},
        {"organisation": "LGBT Asylum", "n_documents": 2, "file_name": LETTER, "pages": [1],
         "mentions": 1},
    ]  # fmt: skip
    [ankestyrelsen] = rows(
        corpus_run, "select * from organisation_documents where organisation = 'Ankestyrelsen'"
    )
    assert (ankestyrelsen["pages"], ankestyrelsen["mentions"]) == ([2, 3], 6)


def test_the_views_survive_columns_added_to_the_datasets() -> None:
    """Another version adds columns (record ids, boxes, check pages): the views still work."""
    con = duckdb.connect()
    for name in DATASETS:
        schema = arrow_schema(name).append(pa.field("added_later", pa.string()))
        con.register(f"_{name}", schema.empty_table())
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "_{name}"')
    con.execute("ALTER TABLE checks ADD COLUMN severity BIGINT")
    create_views(con)
    for view in VIEWS:
        assert con.execute(f"SELECT * FROM {view.name}").fetchall() == []
    columns = [r[0] for r in con.execute("DESCRIBE failed_checks").fetchall()]
    assert {"added_later", "severity"} <= set(columns)  # a check's new columns come through


def readme_queries() -> list[tuple[str, str]]:
    """(sql, printed output) of every `munidocs query` example under the README's views heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Views for the common questions", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n\$ (.*?)\n(.*?)```", section, re.S)
    return [(command, output) for command, output in blocks]


@pytest.mark.parametrize("example", range(4))
def test_the_readmes_view_examples_print_what_the_readme_shows(
    corpus_run: Path, example: int
) -> None:
    command, output = readme_queries()[example]
    match = re.fullmatch(r'munidocs query "(.*)"', command.strip())
    assert match, command
    [result] = munidocs.query(match.group(1), corpus_run)
    from munidocs.browse.formats import footer, table_lines

    shown = [*table_lines(result, 100), footer(result, "")]
    assert shown == output.rstrip("\n").splitlines()
