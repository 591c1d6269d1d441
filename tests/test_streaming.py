"""Records stream to disk per document: a killed run keeps finished documents, a run that changes
nothing writes nothing, folders from munidocs 0.1.0 are adopted, and runs take turns."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import BIN, CORPUS_PDFS
from filelock import FileLock
from pdfs import text_pdf

import munidocs
from munidocs.extractors.output.datasets import RUN_HISTORY_FILES, output_files
from munidocs.extractors.output.fragments import RecordStore
from munidocs.extractors.output.tables import to_table
from munidocs.extractors.stages import sha256_file
from munidocs.flows.run import STATE_DIR, OutputBusy
from munidocs.models import Page

N_DOCUMENTS = 16


def _letters(folder: Path, n: int) -> dict[str, Path]:
    """n small distinct letters (3 pages each), by doc_id."""
    folder.mkdir()
    out = {}
    for i in range(n):
        lines = [f"Kære borger nr. {i}", "Vedr.: Svar på din henvendelse", "Med venlig hilsen"]
        path = text_pdf(folder / f"brev-{i:02d}.pdf", lines * 6, pages=3)
        out[sha256_file(path)] = path
    return out


def _finished(out: Path) -> set[str]:
    return set(RecordStore(out / STATE_DIR / "records").metas())


def _mtimes(out: Path) -> dict[str, int]:
    """mtimes of every published file but the run history, which every run adds a row to."""
    names = [n for n in output_files() if n not in RUN_HISTORY_FILES]
    return {name: (out / name).stat().st_mtime_ns for name in names}


def test_a_killed_run_keeps_finished_documents_and_the_next_extracts_only_the_rest(
    prefect_server: str, tmp_path: Path, reads: list[str]
) -> None:
    letters = _letters(tmp_path / "in", N_DOCUMENTS)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [str(BIN / "munidocs"), "run", str(tmp_path / "in"), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while len(_finished(out)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    finished = _finished(out)
    assert 2 <= len(finished) < N_DOCUMENTS, "the run was not stopped midway"
    assert not (out / "documents.parquet").exists()  # killed before publishing

    summary = munidocs.run(sources=[str(tmp_path / "in")], out=str(out))
    assert sorted(reads) == sorted(set(letters) - finished)
    assert (summary.new, summary.skipped) == (N_DOCUMENTS - len(finished), len(finished))
    documents = pq.read_table(out / "documents.parquet")
    assert sorted(documents["doc_id"].to_pylist()) == sorted(letters)
    assert pq.read_table(out / "pages.parquet").num_rows == 3 * N_DOCUMENTS


def test_a_run_where_nothing_changed_writes_no_file(
    prefect_server: str, tmp_path: Path, reads: list[str]
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(CORPUS_PDFS, folder)
    (folder / "html.pdf").write_text("<html>404</html>", encoding="utf-8")  # a failing source
    out = tmp_path / "out"
    first = munidocs.run(sources=[str(folder)], out=str(out))
    assert first.written and first.failed == 1
    before = _mtimes(out)
    reads.clear()

    second = munidocs.run(sources=[str(folder)], out=str(out))
    assert not second.written and reads == []
    assert (second.new, second.skipped, second.failed) == (0, 2, 1)
    assert _mtimes(out) == before
    assert second.line().endswith(f"nothing changed in {out.resolve()}")

    (folder / "html.pdf").unlink()
    text_pdf(folder / "ny.pdf", ["Kære borger", "Med venlig hilsen"])
    third = munidocs.run(sources=[str(folder)], out=str(out))
    assert third.written and third.new == 1
    assert all(_mtimes(out)[name] > before[name] for name in before)
    assert pq.read_table(out / "documents.parquet").num_rows == 4  # the datasets grow


def test_an_output_folder_of_version_0_1_is_adopted_without_extracting_again(
    prefect_server: str, tmp_path: Path, reads: list[str]
) -> None:
    out = tmp_path / "out"
    munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    rows = pq.read_table(out / "entities.parquet").to_pylist()
    shutil.rmtree(out / STATE_DIR / "records")  # what 0.1.0 left: datasets and the PDF store
    (out / STATE_DIR / "published.json").unlink()
    reads.clear()

    summary = munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    assert reads == [] and summary.skipped == 2
    assert len(_finished(out)) == 2
    assert pq.read_table(out / "entities.parquet").to_pylist() == rows


def test_a_second_run_on_the_same_folder_waits_and_then_gives_up_clearly(
    prefect_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    with FileLock(out / STATE_DIR / "run.lock"), pytest.raises(OutputBusy) as caught:
        wait = munidocs.Settings().with_overrides({"output.lock_timeout": 0.5})
        munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out), settings=wait)
    assert str(caught.value) == (
        f"another munidocs run is writing to {out.resolve()} (waited 0.5 s; see output.lock_timeout)"
    )
    assert not (out / "documents.parquet").exists()


def test_a_source_that_fails_today_keeps_the_records_it_gave_before(
    prefect_server: str, tmp_path: Path
) -> None:
    """Regression: a source that gave no usable PDF (a 404 page, an error page saved over the
    file) once wiped the records of the PDF it gave before."""
    note = tmp_path / "note.pdf"
    shutil.copy(CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf", note)
    out = tmp_path / "out"
    munidocs.run(sources=[str(note)], out=str(out))
    note.write_text("<html>Siden findes ikke</html>", encoding="utf-8")
    summary = munidocs.run(sources=[str(note)], out=str(out))
    assert summary.failures == [(str(note), "not a PDF: starts with '<html>Siden findes ikke<'")]
    rows = pq.read_table(out / "documents.parquet").select(["status", "n_pages"]).to_pylist()
    assert sorted((r["status"], r["n_pages"]) for r in rows) == [("failed", 0), ("ok", 4)]
    assert pq.read_table(out / "budget_lines.parquet").num_rows == 14


def test_a_killed_first_run_of_this_version_still_adopts_the_old_datasets(
    prefect_server: str, tmp_path: Path, reads: list[str]
) -> None:
    """Regression: fragments of a killed first run hid the 0.1.0 datasets, which were lost."""
    out = tmp_path / "out"
    munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    records = RecordStore(out / STATE_DIR / "records")
    letter = sha256_file(CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf")
    records.remove(next(d for d in records.metas() if d != letter))  # only the letter is done
    (out / STATE_DIR / "published.json").unlink()
    reads.clear()

    munidocs.run(
        sources=[str(CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf")], out=str(out)
    )
    assert reads == []
    assert pq.read_table(out / "documents.parquet").num_rows == 2
    assert pq.read_table(out / "budget_lines.parquet").num_rows == 14


def test_many_documents_make_few_row_groups(prefect_server: str, tmp_path: Path) -> None:
    """Regression: one row group per document made files of thousands of tiny row groups."""
    _letters(tmp_path / "in", 12)
    out = tmp_path / "out"
    munidocs.run(sources=[str(tmp_path / "in")], out=str(out))
    for name in ("documents", "pages", "entities"):
        assert pq.ParquetFile(out / f"{name}.parquet").num_row_groups <= 1, name  # 0: no rows
    assert pq.read_table(out / "pages.parquet").num_rows == 36


def test_fragments_of_earlier_versions_in_parquet_are_read(tmp_path: Path) -> None:
    """Fragments were Parquet files before 0.5: a folder of them publishes the same rows."""
    store = RecordStore(tmp_path / "records")
    page = Page("a" * 64, 1, "Tekst", 5, False, 595.0, 842.0)
    store.write_tables(
        "a" * 64, "x.pdf", "ok", None, "0.4.0", "2026-01-01T00:00:00+00:00",
        [("pages", to_table("pages", [page])), ("entities", to_table("entities", []))],
    )  # fmt: skip
    folder = tmp_path / "records" / ("a" * 64)
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "pages.arrow"]
    with pa.ipc.open_file(folder / "pages.arrow") as reader:
        pq.write_table(reader.read_all(), folder / "pages.parquet")
    (folder / "pages.arrow").unlink()
    (rows,) = store.tables("pages", ["a" * 64])
    assert rows.to_pylist() == to_table("pages", [page]).to_pylist()
    assert list(store.tables("entities", ["a" * 64])) == []
