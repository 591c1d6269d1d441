"""The Python API as a notebook user calls it: process_pdf, run, open_outputs, Settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_PDFS, ROOT

import munidocs
from munidocs.extractors.settings import PdfSettings

NOTE = CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
LETTER = CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf"


def readme_example() -> str:
    """The first python block under the README's "Python API" heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's Python API section has no python example"
    return match.group(1)


def test_the_readme_example_runs_as_written(prefect_server: str, tmp_path: Path) -> None:
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")  # the example's paths are the repo's
    result = subprocess.run(
        [sys.executable, "-c", readme_example()],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, env=os.environ.copy(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "BI35 Støtte til værested under LGBT Asylum" in result.stdout
    assert "Drift af værested under LGBT Asylum 2026 650000.0" in result.stdout
    assert "2 documents: 2 new, 0 skipped, 0 failed; 7 pages extracted" in result.stdout
    assert (tmp_path / "outputs" / "budget_lines.parquet").exists()


def test_process_pdf_gives_one_attribute_per_dataset() -> None:
    records = munidocs.process_pdf(NOTE)
    assert list(records.datasets()) == [
        "documents", "pages", "budget_lines", "entities", "law_references", "figures", "checks",
        "table_cells",
    ]  # fmt: skip
    doc = records.document
    assert (doc.doc_type, doc.title, doc.reference, doc.status) == (
        "budget_note", "BI35 Støtte til værested under LGBT Asylum", "BI35", "ok",
    )  # fmt: skip
    assert doc.districts == ["Indre by"]
    assert (len(records.pages), len(records.budget_lines)) == (4, 14)
    assert {c.check for c in records.checks} == {"row_sum", "column_total", "text_vs_table"}
    assert {e.doc_id for e in records.entities} == {doc.doc_id}


def test_process_pdf_takes_settings() -> None:
    settings = munidocs.Settings(pdf=PdfSettings(max_pages=1))
    records = munidocs.process_pdf(LETTER, settings)
    assert len(records.pages) == 1
    assert records.document.status == "partial"
    assert "only the first 1 of 3 pages" in (records.document.error or "")


def test_process_pdf_of_a_file_that_is_no_pdf_is_a_failed_document(tmp_path: Path) -> None:
    page = tmp_path / "notat.pdf"
    page.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    records = munidocs.process_pdf(page)
    assert records.document.status == "failed"
    assert records.document.error == "not a PDF: starts with '<html><body>404 Not Foun'"
    assert records.pages == [] and records.entities == []


def test_process_pdf_of_a_missing_file_raises() -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        munidocs.process_pdf("findes-ikke.pdf")


def test_open_outputs_gives_frames_and_read_only_sql(corpus_run: Path) -> None:
    outputs = munidocs.open_outputs(corpus_run)
    assert sorted(outputs.documents["doc_type"]) == ["budget_note", "correspondence"]
    assert outputs["pages"].shape[0] == 7
    n = outputs.sql("select count(*) as n from budget_lines where not is_total")["n"][0]
    assert n == 7
    with outputs.connect() as con, pytest.raises(Exception, match="read-only"):
        con.execute("create table x (a int)")
    with pytest.raises(KeyError, match="no dataset 'budget'"):
        outputs["budget"]


def test_open_outputs_of_an_empty_folder_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(munidocs.NoOutputs, match="run `munidocs run` first"):
        munidocs.open_outputs(tmp_path)


def test_import_munidocs_loads_neither_prefect_nor_spacy() -> None:
    """Nor pandas (through pyarrow.dataset): ~0.4 s of every start of the CLI or a script."""
    code = (
        "import sys, munidocs; print(*(m in sys.modules for m in "
        "('prefect', 'spacy', 'pandas', 'pyarrow.dataset')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False"] * 4, result.stderr


def test_the_package_lists_its_api_and_subpackages_not_its_helpers() -> None:
    names = dir(munidocs)
    assert {"run", "verify", "query", "Settings", "QueryError", "extractors", "models"} <= set(
        names
    )
    assert not {"Any", "TYPE_CHECKING", "import_module", "ModuleType"} & set(names)
