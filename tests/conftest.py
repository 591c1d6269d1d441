"""Shared test set-up: one real Prefect server for the whole session, offline and quiet.

Prefect reads its settings when first imported, so the API URL is chosen and exported here,
at collection time, before any test module imports a flow; the server itself starts once,
on first use, and subprocesses (the CLI) inherit the same URL through the environment.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDFS = ROOT / "corpus" / "pdfs"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_PORT = _free_port()
_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="munidocs-prefect-"))
os.environ.update(
    {
        "PREFECT_HOME": str(_PREFECT_HOME),
        "PREFECT_API_URL": f"http://127.0.0.1:{_PORT}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
        "PREFECT_UI_ENABLED": "false",
    }
)


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[str]:
    """A real `prefect server start`, shared by every test that runs a flow."""
    url = os.environ["PREFECT_API_URL"]
    log = open(_PREFECT_HOME / "server.log", "wb")  # noqa: SIM115 - kept open for the server's life
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(_PORT)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 300  # 3-9 s on an idle machine; far more on a busy one
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError((_PREFECT_HOME / "server.log").read_text()[-3000:])
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Prefect server did not start in 300 s")
            time.sleep(0.5)
        yield url
    finally:
        try:  # flush Prefect's queued API logs while the server is still up
            from prefect.logging.handlers import APILogWorker

            APILogWorker.drain_all(timeout=10)
        except Exception:  # best effort at teardown
            pass
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def corpus_pdfs() -> Path:
    """The embedded corpus folder (the two seed PDFs)."""
    return CORPUS_PDFS


@pytest.fixture(scope="session")
def corpus_run(prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One flow run over the embedded corpus manifest, shared by the tests that read it."""
    import munidocs

    out = tmp_path_factory.mktemp("corpus-run")
    munidocs.run(out=str(out))
    return out


def munidocs_cli(
    *args: str, check: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the installed `munidocs` command as a user would."""
    return subprocess.run(
        [str(BIN / "munidocs"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
        env=os.environ.copy(),
    )


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of the extraction function (doc ids), with its behaviour kept.

    Incremental runs are tested by counting extraction calls, never by timing. The documents
    run in this process (as on a Dask worker under a nanny) so that the count sees them; the
    worker processes themselves are tested in test_workers.py.
    """
    from munidocs.extractors import stages
    from munidocs.flows import workers

    monkeypatch.setattr(workers, "shared_pool", lambda *args, **kwargs: workers.InProcess())

    calls: list[str] = []
    real: Callable[..., Any] = stages.read_stage

    def counting(path: Path, doc_id: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(doc_id)
        return real(path, doc_id, *args, **kwargs)

    monkeypatch.setattr(stages, "read_stage", counting)
    return calls


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    return _free_port()


def start_serve(out: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`munidocs serve` as a user starts it, answering once its API does (60 s at most)."""
    with open(log, "wb") as sink:
        proc = subprocess.Popen(
            [str(BIN / "munidocs"), "serve", "--out", str(out), "--port", str(port)],
            stdout=sink, stderr=subprocess.STDOUT, env=os.environ.copy(),
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"munidocs serve stopped: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).is_success:
                return proc
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"munidocs serve did not answer in 60 s: {log.read_text()}")
        time.sleep(0.3)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def web_server(corpus_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`munidocs serve` over the corpus run on a free loopback port; yields its base URL."""
    port = free_port()
    proc = start_serve(corpus_run, port, tmp_path_factory.mktemp("serve") / "serve.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
