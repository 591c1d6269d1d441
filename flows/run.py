"""The main flow: sources -> documents -> pages -> records -> datasets.

One Prefect task per stage and per document (pull per source; read, entities, checks per
document; one write), never per page or record: a task costs milliseconds of bookkeeping and
a page only tens of milliseconds of work. Tasks do not cache on their inputs (hashing whole
documents would cost more than the work); incremental runs come from the outputs themselves
(`munidocs.extractors.output.incremental`), keyed on content SHA-256 and pipeline version.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from munidocs.extractors import PIPELINE_VERSION, checks
from munidocs.extractors.entities import extract as entities
from munidocs.extractors.output import comparisons as compare
from munidocs.extractors.output import datasets, incremental
from munidocs.extractors.reading import read as document
from munidocs.extractors.settings import PullSettings
from munidocs.extractors.sources.manifest import (
    DEFAULT_MANIFEST,
    Source,
    load_manifest,
    sources_from_args,
)
from munidocs.extractors.sources.pull import PulledFile, pull
from munidocs.extractors.sources.store import Store
from munidocs.models import DATASETS, Check, EntityRecords, ReadResult

STATE_DIR = ".munidocs"
"""Inside the output folder: the content-addressed store of pulled PDFs and HTTP validators."""


@dataclass
class RunSummary:
    """What a run did, for the CLI's last line and for scripts."""

    out_dir: str
    documents: int = 0
    new: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.documents} documents: {self.new} new, {self.skipped} skipped, "
            f"{self.failed} failed; {self.pages} pages extracted, "
            f"{self.pages_per_second:.1f} pages/s; outputs in {self.out_dir}"
        )


@dataclass
class DocumentRecords:
    """Everything one document contributes to the datasets."""

    read: ReadResult
    found: EntityRecords = field(default_factory=EntityRecords)
    checks: list[Check] = field(default_factory=list)


@task(name="pull", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def pull_source(source: Source, store_dir: Path, settings: PullSettings) -> list[PulledFile]:
    """Bytes of one manifest entry into the store (a folder or listing gives many files)."""
    return pull(source, Store(store_dir), settings)


@task(name="read", cache_policy=NO_CACHE)
def read_pdf(pulled: PulledFile) -> ReadResult:
    """Pages, classification and budget tables of one PDF, parsed once."""
    if not pulled.ok or pulled.path is None:
        row = document.failed_document(
            pulled.doc_id,
            pulled.source,
            pulled.file_name,
            pulled.n_bytes,
            pulled.error or "not pulled",
        )
        return ReadResult(row)
    return document.read_document(pulled.path, pulled.doc_id, pulled.source, pulled.file_name)


@task(name="entities", cache_policy=NO_CACHE)
def find_entities(read: ReadResult) -> EntityRecords:
    """Entities, law references, figures and districts of one document's pages."""
    return entities.extract_entities(read.document.doc_id, read.pages)


@task(name="checks", cache_policy=NO_CACHE)
def check_document(read: ReadResult) -> list[Check]:
    """Consistency checks inside one document."""
    return checks.check_document(
        read.document.doc_id, read.pages, read.budget_lines, row_totals=read.row_totals
    )


@task(name="write", cache_policy=NO_CACHE)
def write_outputs(out_dir: Path, tables: dict[str, pa.Table]) -> list[Path]:
    """All datasets in all formats, atomically."""
    return datasets.write_datasets(out_dir, tables)


def resolve_sources(sources: list[str] | None, manifest: str | None) -> list[Source]:
    """CLI arguments win; else the given manifest; else the embedded corpus manifest."""
    if sources:
        return sources_from_args(sources)
    return load_manifest(Path(manifest) if manifest else DEFAULT_MANIFEST)


def _fresh_tables(results: list[DocumentRecords]) -> dict[str, pa.Table]:
    rows: dict[str, list[object]] = {name: [] for name in DATASETS}
    for r in results:
        rows["documents"].append(r.read.document)
        rows["pages"] += r.read.pages
        rows["budget_lines"] += r.read.budget_lines
        rows["entities"] += r.found.entities
        rows["law_references"] += r.found.law_references
        rows["figures"] += r.found.figures
        rows["checks"] += r.checks
    return {name: datasets.to_table(name, rows[name]) for name in DATASETS}


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
    show_progress: bool = False,
) -> RunSummary:
    """Pull the sources, extract what is new, and write the datasets into `out`."""
    logger = get_run_logger()
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    datasets.clean_stale_scratch(out_dir)
    store_dir = out_dir / STATE_DIR / "store"
    settings = PullSettings()

    pulled: dict[str, PulledFile] = {}
    for source in resolve_sources(sources, manifest):
        for item in pull_source(source, store_dir, settings):
            pulled.setdefault(item.doc_id, item)  # same bytes, many names: first one wins

    previous = datasets.read_datasets(out_dir)
    work = incremental.plan(
        [d for d, p in pulled.items() if p.ok],
        previous["documents"],
        force=force,
        retry_failed=retry_failed,
    )
    # a source that gave no usable bytes is recorded again each run: it may work next time
    to_do = work.extract + [d for d, p in pulled.items() if not p.ok]

    summary = RunSummary(out_dir=str(out_dir), documents=len(pulled), skipped=len(work.skip))
    results: list[DocumentRecords] = []
    started = time.perf_counter()
    with _progress(show_progress) as progress:
        bar = progress.add_task("documents", total=len(to_do), current="")
        for doc_id in to_do:
            item = pulled[doc_id]
            progress.update(bar, current=item.file_name)
            read = read_pdf(item)
            records = DocumentRecords(read)
            if read.document.status != "failed":
                records.found = find_entities(read)
                read.document.districts = records.found.districts
                records.checks = check_document(read)
                summary.pages += len(read.pages)
            else:
                logger.info("%s failed: %s", item.source, read.document.error)
            results.append(records)
            progress.advance(bar)
    summary.seconds = time.perf_counter() - started

    fresh = _fresh_tables(results)
    old_versions = incremental.superseded(
        previous["documents"], {d: p.source for d, p in pulled.items()}
    )
    replaced = [r.read.document.doc_id for r in results] + old_versions
    merged = incremental.merge(previous, fresh, replaced)
    merged["comparisons"] = datasets.to_table("comparisons", compare.compare(merged))
    write_outputs(out_dir, merged)

    this_run = set(pulled)
    for row in merged["documents"].select(["doc_id", "source", "status", "error"]).to_pylist():
        if row["doc_id"] in this_run and row["status"] == "failed":
            summary.failures.append((row["source"], row["error"] or ""))
    summary.failed = len(summary.failures)
    summary.new = len(to_do) - sum(1 for r in results if r.read.document.status == "failed")
    logger.info("munidocs %s: %s", PIPELINE_VERSION, summary.line())
    return summary
