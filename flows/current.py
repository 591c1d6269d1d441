"""A run that finds nothing new, answered without starting a Prefect flow.

Most of an analyst's scheduled runs find nothing new. Starting the flow for them costs more than
the answer: importing Prefect (~1.2 s), creating and finishing a flow run (~0.6 s) and Prefect's
tear-down (~0.5 s), where checking the sources takes a tenth of a second (measured on the scale
benchmark's 209 documents: a no-op rerun took 2.4 s, 10.8 % of the first run). So `munidocs.run`
first asks the same questions the flow asks first, with the same stage functions, under the
same lock: are all sources local files, unchanged (the store's index of file sizes and times),
each extracted by this pipeline version, none superseded, none newly unusable, and the datasets
published from exactly these fragments? Only then is the run answered here: its row is added
to the run history and the history republished (as the flow does for a run that changed
nothing), and the summary says `written = False`. Any other answer, a URL or listing source
(those need the network, with the flow's retries), or a folder another run holds, starts the
flow, which decides as before. `run.quick_check = false` always starts the flow (every run
then has its Prefect flow run and artifacts).
"""

from __future__ import annotations

import logging
from pathlib import Path

from filelock import FileLock, Timeout

from munidocs.extractors.output import datasets, incremental
from munidocs.extractors.output.fragments import RecordStore
from munidocs.extractors.settings import Settings
from munidocs.extractors.sources.manifest import (
    DEFAULT_MANIFEST,
    Source,
    load_manifest,
    sources_from_args,
)
from munidocs.extractors.sources.pull import pull
from munidocs.extractors.sources.pulled import PulledFile
from munidocs.extractors.sources.store import Store
from munidocs.flows import reporting
from munidocs.models import RunSummary

log = logging.getLogger(__name__)

STATE_DIR = datasets.STATE_DIR
LOCK_FILE = "run.lock"


class OutputBusy(RuntimeError):
    """Another run holds the output folder for longer than `output.lock_timeout`."""


class RunFailed(RuntimeError):
    """The run could not finish (most often: could not write its output folder); the flow run
    fails with this message. One document's failure is never this: it is recorded instead."""


class NeedsServer(RuntimeError):
    """Running on Dask needs a real Prefect server (PREFECT_API_URL)."""


def resolve_sources(sources: list[str] | None, manifest: str | None) -> list[Source]:
    """CLI arguments win; else the given manifest; else the embedded corpus manifest."""
    if sources:
        return sources_from_args(sources)
    return load_manifest(Path(manifest) if manifest else DEFAULT_MANIFEST)


def failure_message(out_dir: Path, exc: Exception) -> str:
    """What a run that could not finish says: what went wrong, and that nothing was lost."""
    what = (
        f"could not write to {out_dir}: {exc}"
        if isinstance(exc, OSError)
        else f"the run on {out_dir} failed: {type(exc).__name__}: {exc}"
    )
    return (
        f"{what}. The published datasets are as before; documents finished so far are kept "
        "and the next run goes on from there."
    )


def nothing_new(
    sources: list[str] | None,
    manifest: str | None,
    out: str,
    settings: Settings,
    *,
    retry_failed: bool = False,
) -> RunSummary | None:
    """The summary of a run that has nothing to do, recorded in the run history; None when the
    flow must run (something new or changed, a source that needs the network, the folder busy
    or never published)."""
    out_dir = Path(out).resolve()
    state_dir = out_dir / STATE_DIR
    if not (state_dir / datasets.PUBLISHED_FILE).is_file():
        return None
    try:
        wanted = resolve_sources(sources, manifest)
    except Exception:  # a manifest that does not load: the flow says why
        return None
    if any(source.kind != "path" for source in wanted):
        return None
    recorder = reporting.RunRecorder(state_dir, sources, manifest)  # its clock starts now
    lock = FileLock(state_dir / LOCK_FILE, timeout=0)
    try:
        lock.acquire()
    except (Timeout, OSError):  # busy, or a folder that takes no lock: the flow decides
        return None
    try:
        current = _pulled_if_current(wanted, out_dir, settings, retry_failed)
        if current is None:
            return None
        return _record(recorder, out_dir, settings, *current)
    finally:
        lock.release()


def _pulled_if_current(
    wanted: list[Source], out_dir: Path, settings: Settings, retry_failed: bool
) -> tuple[dict[str, PulledFile], int] | None:
    """The sources' files, and how many of them are done, when the flow would find nothing to
    do with them; else None."""
    state_dir = out_dir / STATE_DIR
    try:
        store = Store(state_dir / "store")
        pulled: dict[str, PulledFile] = {}
        for source in wanted:
            for item in pull(source, store, settings.pull):
                pulled.setdefault(item.doc_id, item)
        done = RecordStore(state_dir / "records").metas()
    except Exception:  # whatever went wrong, the flow meets it again and reports it
        log.debug("quick check: the flow decides", exc_info=True)
        return None
    usable = {d: p.source for d, p in pulled.items() if p.ok}
    if incremental.superseded(done, usable):
        return None
    work = incremental.plan(list(usable), done, retry_failed=retry_failed)
    if work.extract:
        return None
    if any(
        not p.ok and (done.get(d) is None or done[d].error != p.error) for d, p in pulled.items()
    ):
        return None
    if not datasets.is_published(out_dir, state_dir, done, settings.checks):
        return None
    return pulled, len(work.skip)


def _record(
    recorder: reporting.RunRecorder,
    out_dir: Path,
    settings: Settings,
    pulled: dict[str, PulledFile],
    skipped: int,
) -> RunSummary:
    """Add the run's row to the history and republish the history, as the flow would."""
    state_dir = out_dir / STATE_DIR
    records = RecordStore(state_dir / "records")
    summary = RunSummary(out_dir=str(out_dir), run_id=recorder.run_id)
    summary.documents, summary.skipped = len(pulled), skipped
    try:
        metas = records.metas()
        reporting.tally(summary, {d: p.source for d, p in pulled.items()}, metas)
        recorder.completed(summary, changed=False)
        summary.written = datasets.publish(
            out_dir,
            state_dir,
            records,
            settings.output.parquet_compression,
            settings.output.comparisons_min_documents,
            settings=settings,
            validate=settings.output.validate,
        )
    except Exception as exc:  # the outputs are as before: every write is atomic
        message = failure_message(out_dir, exc)
        try:
            recorder.failed(summary, message)
        except OSError:
            log.exception("could not record the failed run in %s", out_dir)
        raise RunFailed(message) from exc
    log.info("nothing new in %s: answered without starting the flow", out_dir)
    return summary
