"""The main flow: sources -> documents -> pages -> records -> datasets.

Orchestration only: every step is a stage function from `munidocs.extractors`. Prefect tasks
are coarse: one `pull` per source, one `extract` per batch of documents (`run.batch_documents`;
each document's stages — read, entities, checks — and its fragment in a supervised worker
process under its own limits: `flows/workers.py`), one `publish`; never a task per page or
record, since a task costs milliseconds of bookkeeping (some 45 ms of the Prefect server's CPU,
80-150 ms on Dask) and a page only tens of milliseconds of work. Tasks do not cache on their
inputs (hashing whole documents would cost more than the work); incremental runs come from the
output folder's per-document fragments, keyed on content SHA-256 and pipeline version.

Documents run on N local worker processes (`run.workers`, one thread per worker submits), or on
a Dask cluster through prefect-dask (`run.dask_address`). Each document's records are written
to its fragment by its worker as soon as it is done; the published datasets are assembled from
the fragments at the end.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.output import datasets, incremental
from munidocs.extractors.output.fragments import RecordStore
from munidocs.extractors.settings import PullSettings, Settings
from munidocs.extractors.sources.manifest import Source
from munidocs.extractors.sources.pull import pull
from munidocs.extractors.sources.pulled import PulledFile
from munidocs.extractors.sources.store import Store
from munidocs.flows import current, reporting, workers
from munidocs.flows.current import (
    LOCK_FILE,
    NeedsServer,
    OutputBusy,
    RunFailed,
    failure_message,
    resolve_sources,
)
from munidocs.flows.temporary_server import configured_api_url, prefect_api
from munidocs.models import RunSummary

STATE_DIR = datasets.STATE_DIR
"""Inside the output folder: pulled PDFs (`store/`), per-document records (`records/`),
published versions (`versions/`, `current`), the lock."""


@task(name="pull", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def pull_task(source: Source, store_dir: Path, settings: PullSettings) -> list[PulledFile]:
    """Bytes of one manifest entry into the store (a folder or listing gives many files)."""
    return pull(source, Store(store_dir), settings)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(
    jobs: list[workers.Job], pool_size: int, limits: tuple[float, float, float, float]
) -> list[workers.Outcome]:
    """Every stage (read, entities, checks) of a batch of documents and their fragments, one
    document after the other, each in a supervised worker process of this machine (or of the
    Dask worker running this task) under its own limits."""
    pool = workers.shared_pool(pool_size, *limits)
    return [pool.run(job) for job in jobs]


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(out_dir: Path, store: RecordStore, settings: Settings) -> bool:
    """The datasets from every fragment, atomically; False when they were already current."""
    return current.publish(out_dir, store, settings)


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=Console(stderr=True),
        disable=not enabled,
        transient=True,
    )


def task_runner(settings: Settings) -> Any:
    """Local threads (each feeding one worker process), or the Dask cluster in the settings."""
    if settings.run.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.run.dask_address)
    return ThreadPoolTaskRunner(max_workers=settings.run.local_workers())


@flow(name="munidocs-run", log_prints=False)
def munidocs_run(
    sources: list[str] | None = None,
    manifest: str | None = None,
    out: str = "outputs",
    force: bool = False,
    retry_failed: bool = False,
    settings: dict[str, Any] | None = None,
    show_progress: bool = False,
) -> RunSummary:
    """Pull the sources, extract what is new, and publish the datasets into `out`.

    `settings` is `Settings.to_dict()` (or any part of it): plain JSON, so a deployment can
    carry it as a parameter.
    """
    config = Settings.from_mapping(settings or {})
    out_dir = Path(out).resolve()
    state_dir = out_dir / STATE_DIR
    state_dir.mkdir(parents=True, exist_ok=True)
    recorder = reporting.RunRecorder(state_dir, sources, manifest)
    skip = config.output.when_busy == "skip"
    lock = FileLock(state_dir / LOCK_FILE, timeout=0 if skip else config.output.lock_timeout)
    summary = RunSummary(out_dir=str(out_dir), run_id=recorder.run_id)
    try:
        with lock:
            _run(
                sources,
                manifest,
                out_dir,
                force,
                retry_failed,
                config,
                show_progress,
                summary,
                recorder,
            )
    except Timeout as exc:
        if skip:
            return _skipped(summary, recorder, out_dir)
        busy = (
            f"another munidocs run is writing to {out_dir} (waited "
            f"{config.output.lock_timeout:g} s; see output.lock_timeout)"
        )
        recorder.failed(summary, busy)
        raise OutputBusy(busy) from exc
    except Exception as exc:  # the outputs are as before: every write is atomic
        message = failure_message(out_dir, exc)
        try:
            recorder.failed(summary, message)
        except OSError:  # the folder takes no writes at all: the state message still says why
            get_run_logger().exception("could not record the failed run in %s", out_dir)
        raise RunFailed(message) from exc
    reporting.publish_artifacts(summary, out_dir, get_run_logger())
    return summary


def _skipped(summary: RunSummary, recorder: reporting.RunRecorder, out_dir: Path) -> RunSummary:
    """`output.when_busy = skip`: another run holds the folder; say so, record it, do nothing."""
    summary.status = "skipped"
    reason = f"another munidocs run is writing to {out_dir} (output.when_busy = skip)"
    get_run_logger().warning("skipped: %s; this run changed nothing", reason)
    recorder.skipped(summary, reason)
    reporting.publish_artifacts(summary, out_dir, get_run_logger())
    return summary


def _run(
    sources: list[str] | None,
    manifest: str | None,
    out_dir: Path,
    force: bool,
    retry_failed: bool,
    settings: Settings,
    show_progress: bool,
    summary: RunSummary,
    recorder: reporting.RunRecorder,
) -> RunSummary:
    logger = get_run_logger()
    state_dir = out_dir / STATE_DIR
    datasets.clean_stale(out_dir, state_dir)
    records = RecordStore(state_dir / "records")
    records.clean()
    if not (state_dir / datasets.PUBLISHED_FILE).exists():
        incremental.adopt_published(out_dir, records)

    pulled: dict[str, PulledFile] = {}
    for source in resolve_sources(sources, manifest):
        for item in pull_task(source, state_dir / "store", settings.pull):
            pulled.setdefault(item.doc_id, item)  # same bytes, many names: first one wins

    decision = incremental.decide(pulled, records.metas(), force=force, retry_failed=retry_failed)
    for old in decision.superseded:
        records.remove(old)
    work, unusable = decision.work, decision.unusable
    summary.documents, summary.skipped = len(pulled), len(work.skip)
    progress_log = reporting.ProgressLog(
        logger, len(work.extract) + len(unusable), settings.progress
    )
    if unusable:  # the stages load spaCy and the PDF engines: only when a record needs them
        from munidocs.extractors import stages
    for doc_id in unusable:  # no PDF to read: the reason is the record
        item = pulled[doc_id]
        error = item.error or "not pulled"
        records.write(
            stages.failed_records(doc_id, item.source, item.file_name, item.n_bytes, error)
        )
        logger.info("%s failed: %s", item.source, error)
        progress_log.advance("failed")
    config = settings.to_dict()
    jobs = [
        workers.Job(
            str(item.path),
            item.doc_id,
            item.source,
            item.file_name,
            item.n_bytes,
            str(records.root),
            config,
        )
        for item in (pulled[d] for d in work.extract)
        if item.path is not None
    ]
    pool_size = 1 if settings.run.dask_address else min(settings.run.local_workers(), len(jobs))
    limits = workers.limits(settings.run)
    started = time.perf_counter()
    try:
        with _progress(show_progress) as progress:
            bar = progress.add_task("documents", total=len(jobs), current="")
            batches = workers.batches(
                jobs,
                settings.run.batch_documents,
                settings.run.local_workers(),
                settings.run.batches_per_worker,
            )
            futures = [extract_task.submit(batch, pool_size, limits) for batch in batches]
            for future in as_completed(futures):
                for outcome in future.result():
                    if outcome.status == "failed":
                        logger.info("%s failed: %s", pulled[outcome.doc_id].source, outcome.error)
                    else:
                        summary.new += 1
                        summary.pages += outcome.pages
                    progress.update(bar, advance=1, current=pulled[outcome.doc_id].file_name)
                    progress_log.advance(outcome.status)
    finally:
        workers.close_pools()
    summary.seconds = time.perf_counter() - started

    metas = records.metas()
    reporting.tally(summary, {d: p.source for d, p in pulled.items()}, metas)
    recorder.completed(
        summary, changed=not datasets.is_published(out_dir, state_dir, metas, settings.checks)
    )
    summary.written = publish_task(out_dir, records, settings)
    logger.info("munidocs %s: %s", PIPELINE_VERSION, summary.line())
    return summary


@contextmanager
def _heartbeats_as_configured() -> Iterator[None]:
    """No flow-run heartbeats unless the user configured them.

    Prefect 3.8 sends a heartbeat event every `flows.heartbeat_frequency` seconds (default 180)
    from a thread that sleeps in one-second steps, and the flow's end waits for that thread:
    every flow run lasted up to a second longer (a flow that returns at once: 1.07-1.14 s with
    heartbeats, 0.08 s without). Heartbeats exist to let an automation mark a deployment's
    crashed run as Crashed (Prefect's "detect zombie flows"); a run called from this process
    (the API, the CLI) is watched by its caller. Scheduled runs (`munidocs schedule`) are
    started by Prefect's runner, not here, and keep Prefect's setting; a heartbeat frequency set
    in the environment or the Prefect profile is kept too."""
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    if "heartbeat_frequency" in get_current_settings().flows.model_fields_set:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def run_flow(
    sources: list[str] | None,
    manifest: str | None,
    out: str,
    settings: Settings,
    *,
    force: bool = False,
    retry_failed: bool = False,
    show_progress: bool = False,
) -> RunSummary:
    """The flow with the task runner the settings ask for (local processes or Dask)."""
    if settings.run.dask_address and not configured_api_url():
        raise NeedsServer(
            "running on Dask needs a Prefect server that the Dask workers can reach: start one "
            "(`prefect server start`) and set PREFECT_API_URL=http://HOST:4200/api (a Dask "
            "worker without it starts a temporary server of its own)"
        )
    with prefect_api(), _heartbeats_as_configured():
        configured = munidocs_run.with_options(task_runner=task_runner(settings))
        return configured(
            sources=sources,
            manifest=manifest,
            out=out,
            force=force,
            retry_failed=retry_failed,
            settings=settings.to_dict(),
            show_progress=show_progress,
        )
