"""Scheduled runs against the real thing: `munidocs server` starts a Prefect server, `munidocs
schedule` serves a cron or interval deployment, and the server's own scheduler makes the runs.

Nothing is triggered by hand: a run counts only when the server created it from the schedule
(`auto_scheduled`), which is what stops working when the scheduler breaks (SQLAlchemy 2.1 made
it stop silently, leaving only a `Can't evaluate bulk DML statement` line in the server log).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest
from conftest import BIN, CORPUS_PDFS, _free_port, munidocs_cli
from pdfs import scanned_pdf

NOTE = CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
LETTER = CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf"


@dataclass
class Server:
    url: str
    home: Path
    log: Path

    def get(self, path: str) -> Any:
        response = httpx.get(f"{self.url}{path}", timeout=30)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = httpx.post(f"{self.url}{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json()


def _stop(proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """SIGTERM as systemd would send it; then anything left in its session is ended."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # the flow-run processes it started, if any are left


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`munidocs server` on a free loopback port with its own database folder."""
    tmp = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    home, log = tmp / "home", tmp / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "munidocs"), "server", "--port", str(port), "--home", str(home)],
            stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy(), start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "munidocs server did not come up in 240 s"
            time.sleep(0.5)
        yield Server(url, home, log)
    finally:
        _stop(proc)
    with pytest.raises(httpx.HTTPError):  # stopping `munidocs server` stopped Prefect's server
        httpx.get(f"{url}/health", timeout=2)
    assert "Can't evaluate bulk DML" not in log.read_text(errors="replace")


@pytest.fixture
def serve(server: Server, tmp_path: Path) -> Iterator[Any]:
    """Start `munidocs schedule ...` against the server; stopped (SIGTERM) after the test."""
    started: list[subprocess.Popen[bytes]] = []
    env = os.environ.copy()
    env.update({"PREFECT_API_URL": server.url, "PREFECT_HOME": str(tmp_path / "client-home")})

    def start(*args: str) -> subprocess.Popen[bytes]:
        with (tmp_path / "schedule.log").open("ab") as log:
            proc = subprocess.Popen(
                [str(BIN / "munidocs"), "schedule", *args, "--poll", "1"],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            )  # fmt: skip
        started.append(proc)
        return proc

    yield start
    for proc in started:
        _stop(proc)


def _deployment(server: Server, name: str, proc: subprocess.Popen[bytes], log: Path) -> Any:
    deadline = time.monotonic() + 180
    while True:
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        with contextlib.suppress(httpx.TimeoutException):  # a busy machine: ask again
            response = httpx.get(f"{server.url}/deployments/name/munidocs-run/{name}", timeout=30)
            if response.status_code == 200:
                return response.json()
        assert time.monotonic() < deadline, "the deployment was not registered in 180 s"
        time.sleep(1)


def _completed_runs(
    server: Server, deployment_id: str, n: int, proc: subprocess.Popen[bytes], log: Path
) -> list[Any]:
    """Wait for n COMPLETED runs of the deployment; fail on a FAILED or CRASHED one.

    Only finished runs are asked for: an interval schedule keeps up to a hundred future runs
    on the server, and listing them all every second slows a loaded server down."""
    deadline = time.monotonic() + 420
    finished = {
        "flow_runs": {
            "deployment_id": {"any_": [deployment_id]},
            "state": {"type": {"any_": ["COMPLETED", "FAILED", "CRASHED"]}},
        },
        "sort": "EXPECTED_START_TIME_ASC",
    }
    while True:
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        runs: list[Any] = []
        with contextlib.suppress(httpx.TimeoutException):  # a busy machine: ask again
            runs = server.post("/flow_runs/filter", finished)
        bad = [r for r in runs if r["state_type"] in ("FAILED", "CRASHED")]
        assert not bad, (bad[0]["state"], log.read_text(errors="replace")[-3000:])
        done = [r for r in runs if r["state_type"] == "COMPLETED"]
        if len(done) >= n:
            return done[:n]
        assert time.monotonic() < deadline, f"{len(done)} of {n} runs completed in 420 s"
        time.sleep(1)


def _log_text(server: Server, flow_run_id: str, wanted: str = "documents done") -> str:
    """The run's log messages, once one containing `wanted` has arrived: Prefect ships logs in
    batches from a background worker, so a run can be COMPLETED before its last logs land
    (seen once on a loaded machine); 30 s at most."""
    deadline = time.monotonic() + 30
    while True:
        logs = server.post("/logs/filter", {"logs": {"flow_run_id": {"any_": [flow_run_id]}}})
        text = "\n".join(entry["message"] for entry in logs)
        if wanted in text or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


def _artifact(server: Server, flow_run_id: str, key: str) -> Any:
    found = server.post(
        "/artifacts/filter",
        {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}, "key": {"any_": [key]}}},
    )
    assert len(found) == 1, found
    data = found[0]["data"]
    return json.loads(data) if found[0]["type"] == "table" else data


def test_the_server_serves_the_ui_on_loopback_with_its_database_in_the_home_folder(
    server: Server,
) -> None:
    page = httpx.get(server.url.removesuffix("/api") + "/", timeout=30)
    assert page.status_code == 200 and "<!DOCTYPE html>" in page.text  # the UI
    assert (server.home / "prefect.db").is_file()
    assert server.url.startswith("http://127.0.0.1:")
    assert server.get("/admin/settings")["server"]["analytics_enabled"] is False


def test_an_interval_deployment_runs_on_its_schedule_and_incrementally(
    server: Server, serve: Any, tmp_path: Path
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(NOTE, folder)
    shutil.copy(LETTER, folder)
    proc = serve(str(folder), "--interval", "10", "--out", str(out), "--name", "every-10s")
    log = tmp_path / "schedule.log"
    deployment = _deployment(server, "every-10s", proc, log)
    assert deployment["parameters"]["out"] == str(out)
    assert deployment["parameters"]["sources"] == [str(folder)]
    assert deployment["parameters"]["settings"]["output"]["when_busy"] == "wait"

    first, second = _completed_runs(server, deployment["id"], 2, proc, log)
    assert first["auto_scheduled"] and second["auto_scheduled"]  # made by the scheduler

    _stop(proc)
    assert server.get(f"/deployments/{deployment['id']}")["paused"] is True
    documents = pq.read_table(out / "documents.parquet").to_pylist()
    assert sorted(d["file_name"] for d in documents) == sorted([NOTE.name, LETTER.name])
    assert pq.read_table(out / "budget_lines.parquet").num_rows == 14
    runs = {r["run_id"]: r for r in pq.read_table(out / "runs.parquet").to_pylist()}
    one, two = runs[first["id"]], runs[second["id"]]
    assert (one["deployment"], one["scheduled"], one["run_name"]) == (
        "munidocs-run/every-10s",
        True,
        first["name"],
    )
    assert (one["status"], one["documents"], one["new"], one["skipped"], one["pages"]) == (
        "completed",
        2,
        2,
        0,
        7,
    )
    assert one["changed"] is True and one["sources"] == [str(folder)]
    assert (two["status"], two["new"], two["skipped"], two["changed"]) == (
        "completed",
        0,
        2,
        False,
    )  # the second run is incremental: nothing extracted again


def test_a_cron_run_over_a_corrupt_pdf_completes_and_shows_the_failure(
    server: Server, serve: Any, tmp_path: Path
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(NOTE, folder / "good.pdf")
    data = NOTE.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    scanned_pdf(folder / "scanned.pdf")
    # OCR off: the scan stays partial (its page flagged), so one run shows all three outcomes
    proc = serve(str(folder), "--cron", "* * * * *", "--out", str(out), "--name", "minutely",
                 "--set", "ocr.enabled=false")  # fmt: skip
    log = tmp_path / "schedule.log"
    deployment = _deployment(server, "minutely", proc, log)
    assert deployment["schedules"][0]["schedule"]["cron"] == "* * * * *"

    (run,) = _completed_runs(server, deployment["id"], 1, proc, log)
    assert run["auto_scheduled"]
    failures = _artifact(server, run["id"], "munidocs-failures")
    assert failures == [
        {
            "source": str(folder / "truncated.pdf"),
            "reason": next(
                d["error"]
                for d in pq.read_table(out / "documents.parquet").to_pylist()
                if d["file_name"] == "truncated.pdf"
            ),
        }
    ]
    assert failures[0]["reason"].startswith("corrupt or truncated PDF")
    summary = {r["what"]: r["value"] for r in _artifact(server, run["id"], "munidocs-summary")}
    assert (summary["documents"], summary["new"], summary["failed"], summary["partial"]) == (
        3,
        2,
        1,
        1,
    )
    assert f"]({out.as_uri()})" in _artifact(server, run["id"], "munidocs-outputs")
    assert "progress: 3/3 documents done (1 failed, 1 partial)" in _log_text(server, run["id"])
    row = next(
        r for r in pq.read_table(out / "runs.parquet").to_pylist() if r["run_id"] == run["id"]
    )
    assert (row["status"], row["failed"], row["partial"], row["new"]) == ("completed", 1, 1, 2)


def test_schedule_without_a_server_says_how_to_start_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "empty-home")  # no profile with an API URL either
    result = subprocess.run(
        [str(BIN / "munidocs"), "schedule", str(CORPUS_PDFS), "--cron", "0 6 * * 1-5",
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: scheduled runs need a Prefect server, and PREFECT_API_URL is not set"
    )
    assert "munidocs server" in result.stderr
    assert "export PREFECT_API_URL=http://127.0.0.1:4200/api" in result.stderr


def test_schedule_with_no_server_at_the_url_says_so(tmp_path: Path) -> None:
    env = os.environ.copy()
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{_free_port()}/api"
    result = subprocess.run(
        [str(BIN / "munidocs"), "schedule", str(CORPUS_PDFS), "--interval", "60",
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: no Prefect server answers at PREFECT_API_URL={env['PREFECT_API_URL']}."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cron", "0 6 * * 9"], "error: not a cron expression: '0 6 * * 9'"),
        ([], "error: give exactly one schedule: --cron '0 6 * * 1-5' or --interval SECONDS"),
        (["--cron", "0 6 * * *", "--interval", "60"], "error: give exactly one schedule"),
        (["--cron", "0 6 * * *", "--timezone", "Europe/Aarhus"], "error: unknown time zone"),
    ],
)
def test_a_bad_schedule_is_a_clear_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = munidocs_cli("schedule", str(CORPUS_PDFS), "--out", str(tmp_path / "out"), *args)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
