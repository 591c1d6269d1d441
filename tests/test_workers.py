"""Documents in supervised worker processes: limits of time and memory enforced from outside,
a killed worker replaced, the run going on, and no worker outliving its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS_PDFS
from pdfs import nested_forms_pdf

import munidocs
from munidocs.extractors.output.fragments import RecordStore
from munidocs.extractors.settings import Settings
from munidocs.extractors.stages import sha256_file
from munidocs.flows.workers import Job, WorkerPool

NOTE = CORPUS_PDFS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"


def job(path: Path, records: Path, settings: Settings | None = None) -> Job:
    config = (settings or Settings()).to_dict()
    return Job(str(path), sha256_file(path), str(path), path.name, path.stat().st_size,
               str(records), config)  # fmt: skip


def test_a_document_is_processed_and_its_fragment_written(tmp_path: Path) -> None:
    with WorkerPool(1, time_limit=300, memory_limit_mb=4096) as pool:
        outcome = pool.run(job(NOTE, tmp_path / "records"))
    assert (outcome.status, outcome.error, outcome.pages) == ("ok", None, 4)
    [meta] = RecordStore(tmp_path / "records").metas().values()
    assert meta.doc_id == outcome.doc_id and meta.status == "ok"


def test_a_document_past_the_time_limit_fails_and_the_next_one_is_read(tmp_path: Path) -> None:
    slow = nested_forms_pdf(tmp_path / "forms.pdf", 18)  # 4 KB, 2**18 words: ~18 s of CPU
    with WorkerPool(1, time_limit=10, memory_limit_mb=4096, wall_factor=100) as pool:
        first = pool.run(job(slow, tmp_path / "records"))
        second = pool.run(job(NOTE, tmp_path / "records"))
    assert (first.status, first.error) == ("failed", "took longer than 10 s of CPU time")
    assert second.status == "ok"
    metas = RecordStore(tmp_path / "records").metas()
    assert (
        metas[first.doc_id].error == "took longer than 10 s of CPU time"
    )  # recorded, not retried next run


def test_a_long_document_gets_time_per_page(tmp_path: Path) -> None:
    slow = nested_forms_pdf(tmp_path / "forms.pdf", 16)  # one page of ~4 s of CPU time
    with WorkerPool(1, 1, 4096, time_per_page=100, wall_factor=100) as pool:
        long_enough = pool.run(job(slow, tmp_path / "a"))
    with WorkerPool(1, 1, 4096, wall_factor=100) as pool:  # wall clock: a busy machine is slow
        too_short = pool.run(job(slow, tmp_path / "b"))
    assert (long_enough.status, long_enough.pages) == ("ok", 1)
    assert (too_short.status, too_short.error) == ("failed", "took longer than 1 s of CPU time")


def test_a_worker_that_waits_without_computing_is_stopped_by_the_wall_clock(
    tmp_path: Path,
) -> None:
    slow = nested_forms_pdf(tmp_path / "forms.pdf", 18)
    with WorkerPool(1, time_limit=5, memory_limit_mb=4096, wall_factor=3) as pool:
        [worker] = pool._all
        # a stopped process uses no CPU time, as one waiting on a hung network share
        pid = worker.wait_pid(120)  # forked once its fork server has warmed up
        assert pid is not None
        stopper = threading.Timer(1.0, os.kill, (pid, signal.SIGSTOP))
        stopper.start()
        outcome = pool.run(job(slow, tmp_path / "records"))
        after = pool.run(job(NOTE, tmp_path / "records"))
    assert (outcome.status, outcome.error) == ("failed", "took longer than 15 s (wall clock)")
    assert after.status == "ok"


def test_a_fork_server_that_hangs_while_warming_up_is_replaced(tmp_path: Path) -> None:
    with WorkerPool(1, time_limit=5, memory_limit_mb=4096, wall_factor=3) as pool:
        os.kill(pool._server.process.pid, signal.SIGSTOP)  # no worker is ever forked
        outcome = pool.run(job(NOTE, tmp_path / "records"))
        after = pool.run(job(NOTE, tmp_path / "records"))
    assert (outcome.status, outcome.error) == ("failed", "took longer than 15 s (wall clock)")
    assert (after.status, after.pages) == ("ok", 4)


def test_a_worker_whose_fork_server_dies_is_a_failed_document(tmp_path: Path) -> None:
    slow = nested_forms_pdf(tmp_path / "forms.pdf", 18)
    with WorkerPool(1, time_limit=300, memory_limit_mb=4096) as pool:
        [worker] = pool._all
        assert worker.wait_pid(120) is not None
        killer = threading.Timer(2.0, os.kill, (pool._server.process.pid, signal.SIGKILL))
        killer.start()
        outcome = pool.run(job(slow, tmp_path / "records"))  # its worker dies with the server
        after = pool.run(job(NOTE, tmp_path / "records"))  # forked by a new server
    assert (outcome.status, outcome.error) == (
        "failed", "the worker process died (its fork server ended)",
    )  # fmt: skip
    assert after.status == "ok"


def test_workers_are_forked_from_a_warm_server(tmp_path: Path) -> None:
    """The NER model loads once, in the fork server; its workers start with it loaded."""
    with WorkerPool(2, time_limit=300, memory_limit_mb=4096) as pool:
        pids = [w.wait_pid(120) for w in pool._all]
        server = pool._server.process.pid
        assert all(_parent(p) == server for p in pids if p is not None) and None not in pids
        loading = _cpu(server)
        outcomes = [pool.run(job(NOTE, tmp_path / "records")) for _ in range(2)]
        assert [w.pid for w in pool._all] == pids  # the same two workers did the jobs
        before_jobs = [_cpu(p) for p in pids if p is not None]
    assert [o.status for o in outcomes] == ["ok", "ok"]
    # each worker spent less on its start and its document than the server on loading
    assert loading > 0.5 and all(c < loading for c in before_jobs)


def test_a_worker_past_the_memory_limit_is_killed(tmp_path: Path) -> None:
    # a worker with the NER model loaded holds well over 100 MB
    with WorkerPool(1, time_limit=300, memory_limit_mb=100) as pool:
        outcome = pool.run(job(NOTE, tmp_path / "records"))
    assert (outcome.status, outcome.error) == ("failed", "needed more than 100 MB of memory")


def test_a_worker_that_dies_is_a_failed_document_and_is_replaced(tmp_path: Path) -> None:
    slow = nested_forms_pdf(tmp_path / "forms.pdf", 18)
    with WorkerPool(1, time_limit=300, memory_limit_mb=4096) as pool:
        [worker] = pool._all
        pid = worker.wait_pid(120)
        assert pid is not None
        killer = threading.Timer(3.0, os.kill, (pid, signal.SIGKILL))
        killer.start()
        outcome = pool.run(job(slow, tmp_path / "records"))
        after = pool.run(job(NOTE, tmp_path / "records"))
    assert (outcome.status, outcome.error) == (
        "failed", "the worker process died (killed by SIGKILL)",
    )  # fmt: skip
    assert after.status == "ok"


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    code = (
        "from munidocs.flows.workers import WorkerPool\n"
        "pool = WorkerPool(2, 60, 4096, warm=False)\n"
        "pids = [pool._server.process.pid, *(w.wait_pid(60) for w in pool._all)]\n"
        "print(' '.join(str(p) for p in pids), flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    pids = [int(p) for p in parent.stdout.readline().split()]  # the fork server, 2 workers
    assert len(pids) == 3 and all(_alive(p) for p in pids)
    parent.kill()
    parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def _parent(pid: int) -> int:
    return int(_stat(pid)[1])


def _cpu(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_gives_the_same_datasets_whatever_the_workers(
    prefect_server: str, tmp_path: Path, workers: int
) -> None:
    settings = Settings().with_overrides({"run.workers": workers})
    out = tmp_path / f"out-{workers}"
    summary = munidocs.run(CORPUS_PDFS, out=out, settings=settings)
    assert (summary.new, summary.pages) == (2, 7)
    reference = _rows(_reference_run(tmp_path))
    assert _rows(out) == reference


def _reference_run(tmp_path: Path) -> Path:
    out = tmp_path / "reference"
    if not out.exists():
        munidocs.run(CORPUS_PDFS, out=out, settings=Settings().with_overrides({"run.workers": 1}))
    return out


def _rows(out: Path) -> dict[str, list[str]]:
    """Every dataset's rows without the run's own timestamps, sorted."""
    rows = {}
    for name in ("documents", "pages", "budget_lines", "entities", "law_references", "figures",
                 "checks", "comparisons"):  # fmt: skip
        table = pq.read_table(out / f"{name}.parquet")
        keep = [c for c in table.column_names if c != "processed_at"]
        rows[name] = sorted(repr(r) for r in table.select(keep).to_pylist())
    return rows


def test_a_script_calling_run_without_a_main_guard_runs(
    prefect_server: str, tmp_path: Path
) -> None:
    """Regression: a script calling munidocs.run() at top level made every spawned worker run
    a nested run of its own (each document failing at its wall-clock limit, later refused with
    a message); workers no longer import the calling script, so the script simply runs, also
    when it comes on stdin (which "spawn" could not import again at all)."""

    def code(out: Path) -> str:
        return (
            "import munidocs\n"
            f"s = munidocs.run({str(NOTE)!r}, out={str(out)!r},\n"
            "                 settings=munidocs.Settings().with_overrides({'run.workers': 1}))\n"
            "print(s.line())\n"
        )

    script = tmp_path / "no_guard.py"
    script.write_text(code(tmp_path / "out"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert "1 documents: 1 new, 0 skipped, 0 failed" in done.stdout, done.stderr[-2000:]
    piped = subprocess.run(
        [sys.executable, "-"], input=code(tmp_path / "out-2"),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert "1 documents: 1 new, 0 skipped, 0 failed" in piped.stdout, piped.stderr[-2000:]


def test_a_worker_imports_the_stages_but_not_the_api() -> None:
    """`import munidocs` makes the API's names (run, verify, ...) importable without importing
    it: a worker imports `munidocs.extractors`, and the API's imports (DuckDB, the outputs, the
    report) were a tenth of a second of every worker's start."""
    code = (
        "import sys; from munidocs.extractors import stages; from munidocs.flows import workers; "
        "print(sorted(m for m in ('munidocs.api', 'duckdb', 'prefect') if m in sys.modules)); "
        "import munidocs; print(munidocs.run.__module__, munidocs.QueryError.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "munidocs.api munidocs.browse.safesql"]


def test_a_warm_worker_keeps_what_it_loaded_out_of_the_collectors_sight() -> None:
    """spaCy, the model and the libraries live as long as the worker: frozen, a full garbage
    collection no longer walks them for every document."""
    code = (
        "import gc; from munidocs.flows import workers; before = len(gc.get_objects()); "
        "workers.warm_up(); from munidocs.extractors.entities import nlp; "
        "print(gc.get_freeze_count() > 100_000, len(gc.get_objects()) < before, "
        "nlp._cached_nlp.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "1"]
