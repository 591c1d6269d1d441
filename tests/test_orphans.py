"""A run killed by any signal leaves no process behind, Prefect's temporary server included.

Regression: a run without PREFECT_API_URL killed with SIGKILL or SIGTERM left Prefect's
temporary server running (one was still alive 16 minutes later)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from conftest import BIN, CORPUS_PDFS


def _server_of(run: psutil.Process, timeout: float = 180) -> psutil.Process:
    """Wait for the temporary Prefect server the run starts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in run.children(recursive=True):
            try:
                if "prefect.server.api.server:create_app" in " ".join(child.cmdline()):
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.2)
    raise AssertionError("the run started no temporary Prefect server")


def _gone(proc: psutil.Process, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if proc.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_run_leaves_no_prefect_server(tmp_path: Path, sig: signal.Signals) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # its own temporary server database
    run = subprocess.Popen(
        [str(BIN / "munidocs"), "run", str(CORPUS_PDFS), "--out", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        server = _server_of(psutil.Process(run.pid))
        others = [p for p in psutil.Process(run.pid).children(recursive=True) if p != server]
        os.kill(run.pid, sig)
        run.wait(timeout=60)
        assert _gone(server), "the temporary Prefect server outlived the run"
        assert all(_gone(p) for p in others), "a worker outlived the run"
    finally:
        run.kill()


def test_a_run_that_ends_stops_its_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    run = subprocess.Popen(
        [str(BIN / "munidocs"), "run", str(CORPUS_PDFS), "--out", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    server = _server_of(psutil.Process(run.pid))
    _, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr
    assert _gone(server, timeout=5)
    assert "Error logging to API" not in stderr  # logs reached the server before it stopped
