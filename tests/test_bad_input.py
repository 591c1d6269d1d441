"""Bad input gets a documents row with a status and a readable reason; the run goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS_PDFS
from pdfs import scanned_pdf, text_pdf

import munidocs
from munidocs.extractors.reading.read import read_document
from munidocs.extractors.settings import PdfSettings, Settings

NOTE = CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NOTE, folder / "good.pdf")
    (folder / "not-a-pdf.pdf").write_bytes(b"<html><body>Siden findes ikke</body></html>")
    (folder / "empty.pdf").write_bytes(b"")
    data = NOTE.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    text_pdf(folder / "encrypted.pdf", ["Fortroligt notat"], encrypt="hemmelig")
    scanned_pdf(folder / "scanned.pdf")
    return folder


def _by_name(out: Path) -> dict[str, dict[str, object]]:
    return {r["file_name"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}


def test_each_bad_file_is_recorded_and_the_run_goes_on(
    prefect_server: str, bad_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = munidocs.run(sources=[str(bad_folder)], out=str(out))
    docs = _by_name(out)
    assert docs["good.pdf"]["status"] == "ok"
    assert docs["not-a-pdf.pdf"]["status"] == "failed"
    assert docs["not-a-pdf.pdf"]["error"].startswith("not a PDF")
    assert docs["empty.pdf"]["status"] == "failed"
    assert docs["empty.pdf"]["error"] == "empty file"
    assert docs["truncated.pdf"]["status"] == "failed"
    assert docs["truncated.pdf"]["error"].startswith("corrupt or truncated PDF")
    assert docs["encrypted.pdf"]["status"] == "failed"
    assert docs["encrypted.pdf"]["error"] == "encrypted PDF: a password is needed to read it"
    # a scanned page is read through OCR (tests/test_ocr.py has the details)
    assert (docs["scanned.pdf"]["status"], docs["scanned.pdf"]["ocr"]) == ("ok", True)
    assert "borger, dette" in docs["scanned.pdf"]["title"]
    assert summary.failed == 4
    assert summary.new == 2  # good + scanned (OCR'd)
    # the good document's pages are all there
    good_id = docs["good.pdf"]["doc_id"]
    pages = [p for p in pq.read_table(out / "pages.parquet").to_pylist() if p["doc_id"] == good_id]
    assert len(pages) == 4


def test_a_huge_document_is_cut_at_the_page_limit_and_marked_partial(tmp_path: Path) -> None:
    result = read_document(
        NOTE, "x" * 64, str(NOTE), settings=Settings(pdf=PdfSettings(max_pages=2))
    )
    assert result.document.status == "partial"
    assert result.document.error == "only the first 2 of 4 pages were read"
    assert [p.page for p in result.pages] == [1, 2]
    assert result.document.n_pages == 4


def test_a_pdf_without_pages_of_text_is_not_ok(tmp_path: Path) -> None:
    blank = text_pdf(tmp_path / "blank.pdf", [])
    result = read_document(blank, "y" * 64, str(blank))
    # only the footer "side 1": a short page without an image is blank, not scanned
    assert result.document.status == "ok"
    assert [p.text for p in result.pages] == ["side 1"]
