"""The main flow: sources -> documents -> pages -> records -> datasets.

Orchestration only: every step is a stage function from `munidocs.extractors`. One Prefect task
per stage and per document (pull per source; read, entities, checks, write per document; one
publish), never per page or record: a task costs milliseconds of bookkeeping and a page only
tens of milliseconds of work. Tasks do not cache on their inputs (hashing whole documents would
cost more than the work); incremental runs come from the output folder's per-document
fragments, keyed on content SHA-256 and pipeline version (`extractors.output.incremental`).

Each document's records are written to its fragment as soon as the document is done, and
dropped from memory; the published datasets are assembled from the fragments at the end.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from munidocs.extractors import PIPELINE_VERSION, stages
from munidocs.extractors.output import datasets, incremental
from munidocs.extractors.output.fragments import FragmentMeta, RecordStore
from munidocs.extractors.settings import PullSettings, Settings
from munidocs.extractors.sources.manifest import (
    DEFAULT_MANIFEST,
    Source,
    load_manifest,
    sources_from_args,
)
from munidocs.extractors.sources.pull import pull
from munidocs.extractors.sources.pulled import PulledFile
from munidocs.extractors.sources.store import Store
from munidocs.models import Check, DocumentRecords, EntityRecords, ReadResult, RunSummary

STATE_DIR = ".munidocs"
"""Inside the output folder: pulled PDFs (`store/`), per-document records (`records/`), lock."""


class OutputBusy(RuntimeError):
    """Another run holds the output folder for longer than `output.lock_timeout`."""


@task(name="pull", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def pull_task(source: Source, store_dir: Path, settings: PullSettings) -> list[PulledFile]:
    """Bytes of one manifest entry into the store (a folder or listing gives many files)."""
    return pull(source, Store(store_dir), settings)


@task(name="read", cache_policy=NO_CACHE)
def read_task(pulled: PulledFile, settings: Settings) -> ReadResult:
    """Pages, classification and budget tables of one stored PDF, parsed once."""
    assert pulled.path is not None
    return stages.read_stage(pulled.path, pulled.doc_id, pulled.source, pulled.file_name, settings)


@task(name="entities", cache_policy=NO_CACHE)
def entities_task(read: ReadResult, settings: Settings) -> EntityRecords:
    """Entities, law references, figures and districts of one document."""
    return stages.entity_stage(read, settings)


@task(name="checks", cache_policy=NO_CACHE)
def checks_task(read: ReadResult) -> list[Check]:
    """Consistency checks inside one document."""
    return stages.check_stage(read)


@task(name="write", cache_policy=NO_CACHE)
def write_task(store: RecordStore, records: DocumentRecords, compression: str) -> FragmentMeta:
    """One document's records to its fragment in the output folder, atomically."""
    return store.write(records, compression)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(out_dir: Path, store: RecordStore, settings: Settings) -> bool:
    """The datasets from every fragment, atomically; False when they were already current."""
    return datasets.publish(
        out_dir,
        out_dir / STATE_DIR,
        store,
        settings.output.parquet_compression,
        settings.output.comparisons_min_documents,
        settings.output.validate,
    )


def resolve_sources(sources: list[str] | None, manifest: str | None) -> list[Source]:
    """CLI arguments win; else the given manifest; else the embedded corpus manifest."""
    if sources:
        return sources_from_args(sources)
    return load_manifest(Path(manifest) if manifest else DEFAULT_MANIFEST)


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
    lock = FileLock(state_dir / "run.lock", timeout=config.output.lock_timeout)
    try:
        with lock:
            return _run(sources, manifest, out_dir, force, retry_failed, config, show_progress)
    except Timeout as exc:
        raise OutputBusy(
            f"another munidocs run is writing to {out_dir} (waited "
            f"{config.output.lock_timeout:g} s; see output.lock_timeout)"
        ) from exc


def _run(
    sources: list[str] | None,
    manifest: str | None,
    out_dir: Path,
    force: bool,
    retry_failed: bool,
    settings: Settings,
    show_progress: bool,
) -> RunSummary:
    logger = get_run_logger()
    state_dir = out_dir / STATE_DIR
    datasets.clean_stale_scratch(out_dir)
    records = RecordStore(state_dir / "records")
    records.clean()
    if not (state_dir / datasets.PUBLISHED_FILE).exists():
        incremental.adopt_published(out_dir, records)

    pulled: dict[str, PulledFile] = {}
    for source in resolve_sources(sources, manifest):
        for item in pull_task(source, state_dir / "store", settings.pull):
            pulled.setdefault(item.doc_id, item)  # same bytes, many names: first one wins

    done = records.metas()
    # only usable bytes replace an earlier version: a source that fails today keeps yesterday's
    for old in incremental.superseded(done, {d: p.source for d, p in pulled.items() if p.ok}):
        records.remove(old)
    work = incremental.plan(
        [d for d, p in pulled.items() if p.ok], done, force=force, retry_failed=retry_failed
    )
    # a source that gave no usable bytes is recorded again when its reason changed
    unusable = [
        d
        for d, p in pulled.items()
        if not p.ok and (done.get(d) is None or done[d].error != p.error)
    ]
    summary = RunSummary(out_dir=str(out_dir), documents=len(pulled), skipped=len(work.skip))
    started = time.perf_counter()
    with _progress(show_progress) as progress:
        bar = progress.add_task("documents", total=len(work.extract) + len(unusable), current="")
        for doc_id in work.extract + unusable:
            item = pulled[doc_id]
            progress.update(bar, current=item.file_name)
            doc = _process(item, settings)
            write_task(records, doc, settings.output.parquet_compression)
            if doc.document.status == "failed":
                logger.info("%s failed: %s", item.source, doc.document.error)
            else:
                summary.new += 1
                summary.pages += len(doc.pages)
            progress.advance(bar)
    summary.seconds = time.perf_counter() - started
    summary.written = publish_task(out_dir, records, settings)

    metas = records.metas()
    for doc_id, item in pulled.items():
        meta = metas.get(doc_id)
        if meta is not None and meta.status == "failed":
            summary.failures.append((item.source, meta.error or ""))
    summary.failed = len(summary.failures)
    logger.info("munidocs %s: %s", PIPELINE_VERSION, summary.line())
    return summary


def _process(item: PulledFile, settings: Settings) -> DocumentRecords:
    """Every stage of one pulled file, each as its task; a file with no bytes is one row."""
    if not item.ok:
        error = item.error or "not pulled"
        return stages.failed_records(item.doc_id, item.source, item.file_name, item.n_bytes, error)
    read = read_task(item, settings)
    return stages.assemble(read, entities_task(read, settings), checks_task(read))
