"""Incremental runs: unchanged documents are not extracted again, yet stay in the outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
from conftest import CORPUS_PDFS

import munidocs


def _doc_ids(out: Path) -> list[str]:
    return sorted(pq.read_table(out / "documents.parquet")["doc_id"].to_pylist())


def test_second_run_extracts_nothing_and_keeps_every_record(
    prefect_server: str, tmp_path: Path, reads: list[str]
) -> None:
    out = tmp_path / "out"
    first = munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    assert len(reads) == 2 and (first.new, first.skipped) == (2, 0)
    pages_before = pq.read_table(out / "pages.parquet").num_rows

    reads.clear()
    second = munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    assert reads == []
    assert (second.new, second.skipped, second.pages) == (0, 2, 0)
    assert len(_doc_ids(out)) == 2
    assert pq.read_table(out / "pages.parquet").num_rows == pages_before == 7


def test_force_extracts_again(prefect_server: str, tmp_path: Path, reads: list[str]) -> None:
    out = tmp_path / "out"
    munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    reads.clear()
    summary = munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out), force=True)
    assert len(reads) == 2
    assert summary.new == 2
    assert len(_doc_ids(out)) == 2  # replaced, not duplicated


def test_same_bytes_under_two_names_are_processed_once(
    prefect_server: str, tmp_path: Path, reads: list[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    src = CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
    shutil.copy(src, folder / "a.pdf")
    shutil.copy(src, folder / "kopi af a.pdf")
    summary = munidocs.run(sources=[str(folder)], out=str(tmp_path / "out"))
    assert len(reads) == 1
    assert summary.documents == 1


def test_datasets_grow_and_a_changed_file_replaces_its_old_version(
    prefect_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(
        CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf", folder / "note.pdf"
    )
    munidocs.run(sources=[str(folder / "note.pdf")], out=str(out))
    first_id = _doc_ids(out)

    # another document in a later run: both are in the outputs
    munidocs.run(
        sources=[str(CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf")], out=str(out)
    )
    assert len(_doc_ids(out)) == 2

    # the note is replaced in place by other bytes: its old version leaves the outputs
    shutil.copy(
        CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf", folder / "note.pdf"
    )
    munidocs.run(sources=[str(folder / "note.pdf")], out=str(out))
    ids = _doc_ids(out)
    assert first_id[0] not in ids
    assert len(ids) == 1  # the letter's bytes, once, whichever name
