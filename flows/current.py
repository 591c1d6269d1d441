"""Before the flow: a run that finds nothing new is answered without Prefect, and the worker
processes of one that does start loading while Prefect does.

Most of an analyst's scheduled runs find nothing new. Starting the flow for them costs more than
the answer: importing Prefect (~1.2 s), creating and finishing a flow run (~0.6 s) and Prefect's
tear-down (~0.5 s), where checking the sources takes a tenth of a second (measured on the scale
benchmark's 209 documents: a no-op rerun took 2.4 s, 10.8 % of the first run). So `munidocs.run`
first does what the flow does first, with the same stage functions, under the same lock: pull
the sources when all are local files (unchanged ones are not read again: the store's index of
file sizes and times) and plan. When every document was extracted by this pipeline version,
none is superseded or newly unusable, and the datasets are published from exactly these
fragments, the run is answered here: its row is added to the run history and the history
republished (as the flow does for a run that changed nothing), `written = False`. Otherwise the
plan says how many documents the flow will extract, and that many worker processes (up to
`run.workers`) start loading spaCy and the NER model (~1.4 s) while the flow process imports
Prefect, instead of after it. A URL or listing source (the network, with the flow's retries),
a folder another run holds, or any error leaves everything to the flow, which decides as
before; `run.quick_check = false` skips this (every run is then a Prefect flow run).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from munidocs.extractors.output import datasets, incremental
from munidocs.extractors.output.fragments import FragmentMeta, RecordStore
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


def publish(out_dir: Path, records: RecordStore, settings: Settings) -> bool:
    """The datasets from every fragment, atomically, as the settings say; False when they were
    already current (then only the run history is republished)."""
    return datasets.publish(
        out_dir,
        out_dir / STATE_DIR,
        records,
        settings.output.parquet_compression,
        settings.output.comparisons_min_documents,
        settings=settings,
        validate=settings.output.validate,
    )


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


@dataclass(frozen=True)
class Preflight:
    """What the check before the flow found."""

    summary: RunSummary | None
    """The run, answered and recorded: nothing was new. None: the flow runs."""
    to_extract: int | None
    """Documents the flow will extract (None: not known before the flow pulls)."""


UNKNOWN = Preflight(None, None)


def preflight(
    sources: list[str] | None,
    manifest: str | None,
    out: str,
    settings: Settings,
    *,
    force: bool = False,
    retry_failed: bool = False,
) -> Preflight:
    """Pull local sources and plan as the flow would; answer (and record) a run that has nothing
    to do. Otherwise, and for sources that need the network, a folder another run holds or any
    error (which the flow meets again and reports), the flow runs."""
    out_dir = Path(out).resolve()
    state_dir = out_dir / STATE_DIR
    try:
        wanted = resolve_sources(sources, manifest)
    except Exception:  # a manifest that does not load: the flow says why
        return UNKNOWN
    if any(source.kind != "path" for source in wanted):
        return UNKNOWN
    recorder = reporting.RunRecorder(state_dir, sources, manifest)  # its clock starts now
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(state_dir / LOCK_FILE, timeout=0)
        lock.acquire()
    except (Timeout, OSError):  # busy, or a folder that takes no lock: the flow decides
        return UNKNOWN
    try:
        planned = _plan(wanted, out_dir, settings, force, retry_failed)
        if planned is None:
            return UNKNOWN
        pulled, done, decision = planned
        current = (
            not force
            and decision.changes_nothing
            and datasets.is_published(out_dir, state_dir, done, settings.checks)
        )
        if not current:
            return Preflight(None, len(decision.work.extract))
        summary = _record(recorder, out_dir, settings, pulled, done, len(decision.work.skip))
        return Preflight(summary, 0)
    finally:
        lock.release()


def _plan(
    wanted: list[Source], out_dir: Path, settings: Settings, force: bool, retry_failed: bool
) -> tuple[dict[str, PulledFile], dict[str, FragmentMeta], incremental.Decision] | None:
    """The sources' files, the fragments, and the flow's decision on them; None when something
    went wrong."""
    state_dir = out_dir / STATE_DIR
    try:
        store = Store(state_dir / "store")
        pulled: dict[str, PulledFile] = {}
        for source in wanted:
            for item in pull(source, store, settings.pull):
                pulled.setdefault(item.doc_id, item)
        done = RecordStore(state_dir / "records").metas()
    except Exception:  # whatever went wrong, the flow meets it again and reports it
        log.debug("preflight: the flow decides", exc_info=True)
        return None
    return pulled, done, incremental.decide(pulled, done, force=force, retry_failed=retry_failed)


def _record(
    recorder: reporting.RunRecorder,
    out_dir: Path,
    settings: Settings,
    pulled: dict[str, PulledFile],
    done: dict[str, FragmentMeta],
    skipped: int,
) -> RunSummary:
    """Add the run's row to the history and republish the history, as the flow would."""
    state_dir = out_dir / STATE_DIR
    records = RecordStore(state_dir / "records")
    summary = RunSummary(out_dir=str(out_dir), run_id=recorder.run_id)
    summary.documents, summary.skipped = len(pulled), skipped
    try:
        reporting.tally(summary, {d: p.source for d, p in pulled.items()}, done)
        recorder.completed(summary, changed=False)
        summary.written = publish(out_dir, records, settings)
    except Exception as exc:  # the outputs are as before: every write is atomic
        message = failure_message(out_dir, exc)
        try:
            recorder.failed(summary, message)
        except OSError:
            log.exception("could not record the failed run in %s", out_dir)
        raise RunFailed(message) from exc
    log.info("nothing new in %s: answered without starting the flow", out_dir)
    return summary
