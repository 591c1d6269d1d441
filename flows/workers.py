"""Documents processed in worker processes, each under a time and a memory limit.

A pathological PDF (nested forms drawn 2^24 times, a stream that inflates to gigabytes) must
cost the run one `failed` row, not the run. Limits inside the work itself cannot stop C code
(pdfium, pdfminer's regexes) or a process the kernel is about to kill, so they are enforced from
outside: the supervisor watches each worker's CPU time and resident memory, kills a worker
that exceeds either, records the document as failed with the reason, and starts a new worker.

A worker is a long-lived process forked from the pool's fork server (`forkserver.py`: spaCy
and the NER model load once per pool, not once per worker). It runs every stage of a document
and writes the document's fragment itself, so records never cross a process boundary: the
parent only gets a small summary. Workers die with their parent (PR_SET_PDEATHSIG on Linux), so
a killed run leaves no worker behind. What a worker process itself runs is `worker_process.py`;
this module is the supervising side.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from munidocs.flows.forkserver import ForkedWorker, ForkServer
from munidocs.flows.worker_process import Job as Job
from munidocs.flows.worker_process import Outcome as Outcome
from munidocs.flows.worker_process import process_job
from munidocs.flows.worker_process import tune_collector as tune_collector
from munidocs.flows.worker_process import warm_up as warm_up

if TYPE_CHECKING:
    from munidocs.extractors.settings import RunSettings

log = logging.getLogger(__name__)

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_POLL_SECONDS = 0.1
_PID_SECONDS = 5.0
"""How long a worker that has started a job may be unknown to the supervisor (its fork
server's answer and the worker's own message travel on two sockets)."""


def batches(jobs: list[Job], size: int, workers: int, per_worker: int) -> list[list[Job]]:
    """Jobs in batches, largest files first, that shrink towards the end of the run.

    A file's bytes stand for its cost (what is known before reading it). A batch holds at most
    `size` jobs and at most 1/`per_worker` of a worker's share of the jobs and of the bytes, and
    at most a worker's share of the bytes still left (guided self-scheduling): a big file is a
    batch of its own, taken first, and the last batches hold one small document each, so the
    workers finish together. Batches of equal length all through let one worker finish a
    whole batch (~0.7 s on the scale benchmark) after the others had stopped."""
    if not jobs:
        return []
    left = sorted(jobs, key=lambda j: (-j.n_bytes, j.doc_id))
    workers = max(1, workers)
    count = min(size, -(-len(left) // (workers * per_worker)))
    remaining = sum(_cost(job) for job in left)
    share = remaining / (workers * per_worker)
    out: list[list[Job]] = []
    at = 0
    while at < len(left):
        most = min(share, remaining / workers)
        batch, cost = [left[at]], _cost(left[at])
        at += 1
        while at < len(left) and len(batch) < count and cost + _cost(left[at]) <= most:
            batch.append(left[at])
            cost += _cost(left[at])
            at += 1
        out.append(batch)
        remaining -= cost
    return out


def _cost(job: Job) -> int:
    """What a job is taken to cost: its file's bytes (an empty or unread file: 1)."""
    return max(1, job.n_bytes)


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user + system, Linux /proc); 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return 0.0


def _rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux /proc); 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


class WorkerPool:
    """N supervised worker processes; `run(job)` is safe to call from N threads at once."""

    def __init__(
        self,
        workers: int,
        time_limit: float,
        memory_limit_mb: float,
        warm: bool = True,
        time_per_page: float = 0.0,
        wall_factor: float = 3.0,
    ) -> None:
        self.time_limit = time_limit
        self.time_per_page = time_per_page
        self.wall_factor = wall_factor
        self.memory_limit = memory_limit_mb * 1024 * 1024
        self._warm = warm
        self._idle: queue.Queue[ForkedWorker] = queue.Queue()
        self._all: list[ForkedWorker] = []
        self._lock = threading.Lock()
        self._server = ForkServer(warm)
        for _ in range(max(1, workers)):
            self._add()

    def _add(self) -> None:
        with self._lock:
            if not self._server.alive():  # killed, or it died: its workers died with it
                self._server.close(0)
                self._server = ForkServer(self._warm)
            worker = self._server.fork()
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: ForkedWorker) -> None:
        worker.kill()
        if worker.pid is None:  # never forked: the fork server is stuck, a new one takes over
            with contextlib.suppress(OSError):
                self._server.process.kill()
            self._server.process.wait(5)
        with self._lock:
            self._all.remove(worker)
        self._add()

    def run(self, job: Job) -> Outcome:
        """Process one document in a worker; a limit exceeded or a crash is a failed outcome."""
        worker = self._idle.get()
        pid = worker.pid  # None until the fork server, still warming up, has forked it
        started, cpu_started = time.perf_counter(), 0.0
        peak = 0
        try:
            worker.conn.send(job)
            begun = False
            limit = self.time_limit
            while True:
                if worker.conn.poll(_POLL_SECONDS):
                    kind, value = worker.conn.recv()
                    if kind == "start":
                        pid = worker.wait_pid(_PID_SECONDS)
                        begun, started = True, time.perf_counter()
                        cpu_started = _cpu_seconds(pid) if pid else 0.0
                    elif kind == "pages":
                        limit = self.time_limit + self.time_per_page * int(value)
                    else:
                        break
                    continue
                elapsed = time.perf_counter() - started
                pid = pid or worker.pid
                rss = _rss_bytes(pid) if pid else 0
                peak = max(peak, rss)
                if not worker.alive():
                    reason = f"the worker process died ({_exit_text(worker)})"
                    return self._failed(worker, job, reason, elapsed, peak)
                if begun and pid and _cpu_seconds(pid) - cpu_started > limit:
                    reason = f"took longer than {limit:g} s of CPU time"
                    return self._failed(worker, job, reason, elapsed, peak)
                if elapsed > limit * self.wall_factor:  # also a worker stuck warming up
                    reason = f"took longer than {limit * self.wall_factor:g} s (wall clock)"
                    return self._failed(worker, job, reason, elapsed, peak)
                if rss > self.memory_limit:
                    reason = f"needed more than {self.memory_limit / 2**20:,.0f} MB of memory"
                    return self._failed(worker, job, reason, elapsed, peak)
        except (EOFError, OSError):  # the pipe broke: the worker is gone, say how it went
            reason = f"the worker process died ({_exit_text(worker)})"
            return self._failed(worker, job, reason, time.perf_counter() - started, peak)
        self._idle.put(worker)
        if kind == "ok":
            assert isinstance(value, Outcome)
            return value
        return _write_failed(job, f"extraction failed: {value}", time.perf_counter() - started)

    def _failed(
        self, worker: ForkedWorker, job: Job, reason: str, elapsed: float, peak: int
    ) -> Outcome:
        log.warning("%s: %s; its worker is replaced", job.source, reason)
        self._replace(worker)
        return _write_failed(job, reason, elapsed, peak / 2**20)

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:  # all asked first, then waited for: they end at the same time
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in workers:
            if worker.pid is not None:  # one not forked yet ends as soon as it is (no job)
                worker.join(5)
            worker.kill()  # one that did not end in time; closes its socket either way
        self._server.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _exit_text(worker: ForkedWorker) -> str:
    """How a worker ended, as its fork server saw it (waiting a moment for the news)."""
    worker.join(5)
    code = worker.returncode
    if code is None:
        return "its fork server ended"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def _write_failed(job: Job, reason: str, seconds: float, peak_mib: float = 0.0) -> Outcome:
    """The fragment of a document the worker could not finish: one `failed` row, so the next
    run does not try it again (`--retry-failed` does)."""
    from munidocs.extractors import stages
    from munidocs.extractors.output.fragments import RecordStore

    records = stages.failed_records(job.doc_id, job.source, job.file_name, job.n_bytes, reason)
    RecordStore(Path(job.records_dir)).write(records)
    return Outcome(job.doc_id, "failed", reason, 0, seconds, peak_mib)


_pools: dict[tuple[int, float, float, float, float], WorkerPool] = {}
_pools_lock = threading.Lock()


class InProcess:
    """Runs jobs in this process, one at a time (`stages.PDFIUM`), without limits: what tests
    use to count what the stages do in the process that runs them."""

    def run(self, job: Job) -> Outcome:
        started = time.perf_counter()
        try:
            return process_job(job)
        except Exception as exc:  # as in a worker process: the document fails, the run goes on
            reason = f"extraction failed: {type(exc).__name__}: {exc}"[:300]
            return _write_failed(job, reason, time.perf_counter() - started)


def shared_pool(
    size: int,
    time_limit: float,
    memory_limit_mb: float,
    time_per_page: float = 0.0,
    wall_factor: float = 3.0,
) -> WorkerPool | InProcess:
    """This process's worker pool (one per size and limits), started on first use: the flow's
    `extract` tasks share it, locally or on a Dask worker (with a nanny too: the workers are
    plain subprocesses, which multiprocessing's rule against a daemonic process's children does
    not cover), until `close_pools`."""
    key = (max(1, size), time_limit, memory_limit_mb, time_per_page, wall_factor)
    with _pools_lock:
        if key not in _pools:
            _pools[key] = WorkerPool(
                key[0], time_limit, memory_limit_mb, True, time_per_page, wall_factor
            )
        return _pools[key]


def limits(run: RunSettings) -> tuple[float, float, float, float]:
    """A pool's limits from the run settings, in `shared_pool`'s order (after the size)."""
    return run.time_limit, run.memory_limit_mb, run.time_per_page, run.wall_factor


def start_pool(size: int, run: RunSettings) -> None:
    """Start this process's pool of `size` workers now (they load while the caller goes on);
    the flow's `extract` tasks find it by its size and limits (`shared_pool`)."""
    shared_pool(size, *limits(run))


def close_pools() -> None:
    """Stop every worker process this process started."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()
