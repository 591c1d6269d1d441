"""Every run leaves a `runs` row and tells the Prefect server how it went: artifacts, progress
lines, and a failed state with a clear message when it cannot write its outputs."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS_PDFS

import munidocs
from munidocs.extractors.output.datasets import RUN_HISTORY_FILES, output_files
from munidocs.extractors.settings import ProgressSettings
from munidocs.flows.reporting import ProgressLog
from munidocs.flows.run import STATE_DIR, RunFailed

NOTE = CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"


def _api(path: str, body: dict[str, Any]) -> Any:
    response = httpx.post(f"{os.environ['PREFECT_API_URL']}{path}", json=body, timeout=30)
    response.raise_for_status()
    return response.json()


def _artifacts(flow_run_id: str) -> dict[str, Any]:
    found = _api("/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
    return {
        a["key"]: json.loads(a["data"]) if a["type"] == "table" else a["data"]
        for a in found
        if a["type"] != "progress"
    }


def _runs(out: Path) -> list[dict[str, Any]]:
    return pq.read_table(out / "runs.parquet").to_pylist()


def test_every_run_adds_its_row_and_a_run_that_changed_nothing_rewrites_only_the_history(
    prefect_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    others = [n for n in output_files() if n not in RUN_HISTORY_FILES]
    before = {n: (out / n).stat().st_mtime_ns for n in output_files()}
    second = munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    after = {n: (out / n).stat().st_mtime_ns for n in output_files()}

    assert not second.written
    assert [n for n in others if after[n] != before[n]] == []
    assert [n for n in RUN_HISTORY_FILES if after[n] == before[n]] == []
    runs = _runs(out)
    assert [r["run_id"] for r in runs] == [first.run_id, second.run_id]
    assert [(r["new"], r["skipped"], r["changed"], r["status"]) for r in runs] == [
        (2, 0, True, "completed"),
        (0, 2, False, "completed"),
    ]
    assert {(r["deployment"], r["scheduled"], r["pipeline_version"]) for r in runs} == {
        (None, False, munidocs.PIPELINE_VERSION)
    }
    assert runs[0]["sources"] == [str(CORPUS_PDFS)] and runs[0]["pages"] == 7
    assert runs[0]["started"] < runs[0]["finished"] <= runs[1]["started"]
    outputs = munidocs.open_outputs(out)
    assert outputs.sql("select count(*) as n from runs")["n"].tolist() == [2]  # DuckDB too
    assert len(outputs.runs) == 2
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"]: r["rows"] for r in package["resources"]}["runs"] == 2
    assert (out / "runs.csv").read_text(encoding="utf-8").count("\n") == 3  # header + 2


def test_a_run_publishes_its_summary_failures_and_outputs_as_artifacts(
    prefect_server: str, tmp_path: Path
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(NOTE, folder / "note.pdf")
    (folder / "side.pdf").write_bytes(b"<html><body>Siden findes ikke</body></html>")
    out.mkdir()
    (out / "report.html").write_text("<html></html>", encoding="utf-8")
    summary = munidocs.run(sources=[str(folder)], out=str(out))

    assert summary.run_id is not None
    artifacts = _artifacts(summary.run_id)
    assert sorted(artifacts) == ["munidocs-failures", "munidocs-outputs", "munidocs-summary"]
    assert artifacts["munidocs-failures"] == [
        {
            "source": str(folder / "side.pdf"),
            "reason": "not a PDF: starts with '<html><body>Siden findes'",
        }
    ]
    table = {row["what"]: row["value"] for row in artifacts["munidocs-summary"]}
    assert (table["documents"], table["new"], table["failed"], table["pages extracted"]) == (
        2, 1, 1, 4
    )  # fmt: skip
    assert table["output folder"] == str(out)
    markdown = artifacts["munidocs-outputs"]
    assert f"- Output folder: [{out}]({out.as_uri()})" in markdown
    assert f"- Report: [report.html]({(out / 'report.html').as_uri()})" in markdown
    assert summary.line() in markdown


def test_a_run_that_cannot_write_fails_with_a_clear_state_and_is_recorded(
    prefect_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "documents.parquet").mkdir(parents=True)  # the datasets cannot be moved into place
    with pytest.raises(RunFailed) as caught:
        munidocs.run(sources=[str(NOTE)], out=str(out))
    message = str(caught.value)
    assert message.startswith(f"could not write to {out}: [Errno 21] Is a directory")
    assert message.endswith(
        "The published datasets are as before; documents finished so far are kept "
        "and the next run goes on from there."
    )
    runs = _api(
        "/flow_runs/filter",
        {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}, "sort": "START_TIME_DESC"},
    )
    failed = next(r for r in runs if r["parameters"]["out"] == str(out))
    assert message in failed["state"]["message"]

    (out / "documents.parquet").rmdir()
    summary = munidocs.run(sources=[str(NOTE)], out=str(out))
    assert (summary.new, summary.skipped) == (0, 1)  # the finished document was kept
    rows = _runs(out)
    assert [(r["run_id"], r["status"]) for r in rows] == [
        (failed["id"], "failed"),
        (summary.run_id, "completed"),
    ]
    assert rows[0]["error"] == message


def test_a_document_whose_stage_raises_is_recorded_and_the_run_completes(
    prefect_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from munidocs.extractors import stages
    from munidocs.flows import workers

    # The broken stage is patched in this process, so the documents run here (as on a Dask
    # worker); the worker processes are tested in test_workers.py.
    monkeypatch.setattr(workers, "shared_pool", lambda *args, **kwargs: workers.InProcess())
    real = stages.check_stage

    def broken_for_the_note(read: Any, *args: Any, **kwargs: Any) -> Any:
        if read.document.file_name == NOTE.name:
            raise ValueError("a bug in a check")
        return real(read, *args, **kwargs)

    monkeypatch.setattr(stages, "check_stage", broken_for_the_note)
    out = tmp_path / "out"
    summary = munidocs.run(sources=[str(CORPUS_PDFS)], out=str(out))
    assert summary.status == "completed" and (summary.new, summary.failed) == (1, 1)
    assert summary.failures == [
        (str(NOTE), "extraction failed: ValueError: a bug in a check"),
    ]
    assert (_runs(out)[0]["status"], _runs(out)[0]["failed"]) == ("completed", 1)


def test_progress_lines_every_n_documents_and_at_the_end(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("munidocs.test.progress")
    every = ProgressSettings(every_documents=2, every_seconds=3600)
    with caplog.at_level(logging.INFO, logger=logger.name):
        progress = ProgressLog(logger, 5, every, artifact=False)
        for status in ("ok", "failed", "partial", "ok", "ok"):
            progress.advance(status)
    lines = [r.getMessage().rsplit(",", 1)[0] for r in caplog.records]
    assert lines == [
        "progress: 5 documents to extract",
        "progress: 2/5 documents done (1 failed, 0 partial)",
        "progress: 4/5 documents done (1 failed, 1 partial)",
        "progress: 5/5 documents done (1 failed, 1 partial)",
    ]
    assert caplog.records[-1].getMessage().endswith(" s")  # and the seconds so far


def test_when_busy_skip_does_nothing_says_why_and_is_recorded(
    prefect_server: str, tmp_path: Path
) -> None:
    from filelock import FileLock

    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    skip = munidocs.Settings().with_overrides({"output.when_busy": "skip"})
    with FileLock(out / STATE_DIR / "run.lock"):
        skipped = munidocs.run(sources=[str(NOTE)], out=str(out), settings=skip)
    assert skipped.status == "skipped"
    assert skipped.line() == f"skipped: another munidocs run is writing to {out}"
    assert not (out / "documents.parquet").exists()

    done = munidocs.run(sources=[str(NOTE)], out=str(out), settings=skip)
    assert [(r["run_id"], r["status"], r["error"]) for r in _runs(out)] == [
        (
            skipped.run_id,
            "skipped",
            f"another munidocs run is writing to {out} (output.when_busy = skip)",
        ),
        (done.run_id, "completed", None),
    ]


def test_a_run_that_gives_up_waiting_for_the_folder_is_recorded_as_failed(
    prefect_server: str, tmp_path: Path
) -> None:
    from filelock import FileLock

    from munidocs.flows.run import OutputBusy

    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    wait = munidocs.Settings().with_overrides({"output.lock_timeout": 0.5})
    with FileLock(out / STATE_DIR / "run.lock"), pytest.raises(OutputBusy) as caught:
        munidocs.run(sources=[str(NOTE)], out=str(out), settings=wait)
    message = f"another munidocs run is writing to {out} (waited 0.5 s; see output.lock_timeout)"
    assert str(caught.value) == message
    runs = _api(
        "/flow_runs/filter",
        {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}, "sort": "START_TIME_DESC"},
    )
    failed = next(r for r in runs if r["parameters"]["out"] == str(out))
    assert message in failed["state"]["message"]

    done = munidocs.run(sources=[str(NOTE)], out=str(out), settings=wait)
    assert [(r["run_id"], r["status"], r["error"], r["new"]) for r in _runs(out)] == [
        (failed["id"], "failed", message, 0),
        (done.run_id, "completed", None, 1),
    ]
