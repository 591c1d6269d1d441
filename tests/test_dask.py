"""The same run on a real Dask cluster (a scheduler and two workers on 127.0.0.1) through
prefect-dask: the same datasets as a local run."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import BIN, CORPUS_PDFS
from test_workers import _rows

import munidocs
from munidocs.extractors.settings import Settings
from munidocs.flows.run import NeedsServer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def dask_cluster(prefect_server: str, tmp_path: Path) -> Iterator[str]:
    """`dask scheduler` and two `dask worker`s as Dask starts them by default, under a nanny
    (their worker is a daemonic process, which multiprocessing would not let start the munidocs
    worker that supervises each document; ours are plain subprocesses)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = os.environ.copy()  # the workers report to the same Prefect server
    logs = [open(tmp_path / f"dask-{n}.log", "wb") for n in range(3)]  # noqa: SIM115
    procs = [
        subprocess.Popen(
            [
                str(BIN / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dashboard-address",
                ":0",
                "--no-show",
            ],
            stdout=logs[0],
            stderr=subprocess.STDOUT,
            env=env,
        )
    ]
    for n in (1, 2):
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "dask"),
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--host",
                    "127.0.0.1",
                    "--dashboard-address",
                    ":0",
                    "--name",
                    f"w{n}",
                ],
                stdout=logs[n],
                stderr=subprocess.STDOUT,
                env=env,
            )
        )
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


def test_a_run_on_dask_gives_the_datasets_of_a_local_run(dask_cluster: str, tmp_path: Path) -> None:
    local = tmp_path / "local"
    munidocs.run(CORPUS_PDFS, out=local, settings=Settings().with_overrides({"run.workers": 1}))
    on_dask = tmp_path / "dask"
    started = time.perf_counter()
    summary = munidocs.run(
        CORPUS_PDFS,
        out=on_dask,
        settings=Settings().with_overrides({"run.dask_address": dask_cluster}),
    )
    assert (summary.new, summary.pages) == (2, 7), time.perf_counter() - started
    assert _rows(on_dask) == _rows(local)


def test_documents_on_dask_workers_keep_their_limits(dask_cluster: str, tmp_path: Path) -> None:
    """Each document runs in a supervised worker process on a Dask worker under a nanny: a
    memory limit below what reading needs fails every document with the reason (a document
    run inside the Dask worker itself would have no limit and succeed)."""
    settings = Settings().with_overrides(
        {"run.dask_address": dask_cluster, "run.memory_limit_mb": 60, "run.batch_documents": 1}
    )
    summary = munidocs.run(CORPUS_PDFS, out=tmp_path / "out", settings=settings)
    assert (summary.new, summary.failed) == (0, 2)
    documents = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert {d["error"] for d in documents} == {"needed more than 60 MB of memory"}


def test_dask_without_a_prefect_server_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "home")  # no profile that names a server either
    done = subprocess.run(
        [str(BIN / "munidocs"), "run", str(CORPUS_PDFS), "--out", str(tmp_path / "out"),
         "--dask", "tcp://127.0.0.1:1"],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 2
    assert "running on Dask needs a Prefect server" in done.stderr
    assert "PREFECT_API_URL" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "documents.parquet").exists()


def test_needs_server_is_the_api_error(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    settings = Settings().with_overrides({"run.dask_address": "tcp://127.0.0.1:1"})
    with (
        temporary_settings(updates={PREFECT_API_URL: None}),
        pytest.raises(NeedsServer, match="needs a Prefect server"),
    ):
        munidocs.run(CORPUS_PDFS, out=tmp_path / "out", settings=settings)
