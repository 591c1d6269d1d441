"""The main flow over the embedded corpus: every dataset, every format, the seeds right."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from munidocs.models import DATASETS, arrow_schema

BUDGET_NOTE = "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
LETTER = "svar-vedr-overtagelse-af-integrationsansvar.pdf"


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_in_every_format_with_the_contract_columns(
    corpus_run: Path, name: str
) -> None:
    expected = arrow_schema(name)
    table = pq.read_table(corpus_run / f"{name}.parquet")
    assert table.schema.remove_metadata().equals(expected), name

    with open(corpus_run / f"{name}.csv", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == expected.names

    con = duckdb.connect(str(corpus_run / "municipal.duckdb"), read_only=True)
    try:
        cols = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_name = ? order by ordinal_position",
            [name],
        ).fetchall()
        n_rows = con.execute(f'select count(*) from "{name}"').fetchone()
    finally:
        con.close()
    assert [c for c, _ in cols] == expected.names
    assert n_rows is not None and n_rows[0] == table.num_rows


def test_duckdb_types_follow_the_contract(corpus_run: Path) -> None:
    con = duckdb.connect(str(corpus_run / "municipal.duckdb"), read_only=True)
    try:
        types = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_name = 'documents'"
            ).fetchall()
        )
    finally:
        con.close()
    assert types["doc_date"] == "DATE"
    assert types["n_pages"] == "BIGINT"
    assert types["ocr"] == "BOOLEAN"
    assert types["districts"] == "VARCHAR[]"
    assert types["processed_at"] == "TIMESTAMP WITH TIME ZONE"


def test_datapackage_is_valid_for_frictionless(corpus_run: Path) -> None:
    descriptor = json.loads((corpus_run / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(DATASETS)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "frictionless"),
            "validate",
            "--json",
            str(corpus_run / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["valid"] is True, result.stdout[-2000:]


def _documents(out: Path) -> dict[str, dict[str, object]]:
    return {row["file_name"]: row for row in pq.read_table(out / "documents.parquet").to_pylist()}


def test_the_budget_note_is_classified_with_title_and_reference(corpus_run: Path) -> None:
    doc = _documents(corpus_run)[BUDGET_NOTE]
    assert doc["doc_type"] == "budget_note"
    assert doc["title"] == "BI35 Støtte til værested under LGBT Asylum"
    assert doc["reference"] == "BI35"
    assert doc["doc_date"] is None  # the note prints no date of its own
    assert doc["status"] == "ok"
    assert doc["error"] is None
    assert doc["ocr"] is False


def test_the_letter_is_correspondence(corpus_run: Path) -> None:
    doc = _documents(corpus_run)[LETTER]
    assert doc["doc_type"] == "correspondence"
    # no subject line is printed: the salutation is the letter's title
    assert doc["title"] == "Kære Astrid Aller og Laura Rosenvinge"
    assert doc["reference"] is None
    assert doc["doc_date"] is None  # "13. august 2021" is the date of the inquiry, not the letter
    assert doc["status"] == "ok"


def test_doc_id_is_the_sha256_of_the_file(corpus_run: Path, corpus_pdfs: Path) -> None:
    import hashlib

    docs = _documents(corpus_run)
    for name in (BUDGET_NOTE, LETTER):
        digest = hashlib.sha256((corpus_pdfs / name).read_bytes()).hexdigest()
        assert docs[name]["doc_id"] == digest
        assert docs[name]["n_bytes"] == (corpus_pdfs / name).stat().st_size


def _page_of(out: Path, file_name: str, needle: str) -> list[int]:
    doc_id = _documents(out)[file_name]["doc_id"]
    pages = pq.read_table(out / "pages.parquet").to_pylist()
    return [p["page"] for p in pages if p["doc_id"] == doc_id and needle in p["text"]]


def test_the_letters_answers_are_on_their_pages(corpus_run: Path) -> None:
    assert _page_of(corpus_run, LETTER, "Ad 1:") == [1]
    assert _page_of(corpus_run, LETTER, "Ad 2:") == [2]
    assert _page_of(corpus_run, LETTER, "Ad 3:") == [2]
    assert _page_of(corpus_run, LETTER, "Ad 4:") == [2]
    assert _page_of(corpus_run, LETTER, "Med venlig hilsen Line Nørbæk") == [3]


def test_page_text_is_normalised(corpus_run: Path) -> None:
    # "Inte-\ngrationsforvaltningens" is joined, "Beskæftigelses- og" keeps its hyphen
    assert _page_of(corpus_run, LETTER, "Beskæftigelses- og Integrationsforvaltningens svar") == [1]
    pages = pq.read_table(corpus_run / "pages.parquet").to_pylist()
    for p in pages:
        assert "\n" not in p["text"] and "  " not in p["text"]
        assert p["n_chars"] == len(p["text"])
        assert (p["width"], p["height"]) == pytest.approx((595.28, 841.89), abs=0.01)


def test_page_counts(corpus_run: Path) -> None:
    docs = _documents(corpus_run)
    assert docs[BUDGET_NOTE]["n_pages"] == 4
    assert docs[LETTER]["n_pages"] == 3
    pages = pq.read_table(corpus_run / "pages.parquet")
    assert pages.num_rows == 7
    assert isinstance(docs[LETTER]["processed_at"].date(), date)
