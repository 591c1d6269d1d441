"""What a run tells the people not watching its terminal: progress lines, its `runs` row, and
Prefect artifacts (the summary, the failed documents, a link to the outputs).

Called from the flow (`flows/run.py`) and from `flows/current.py`, which answers a run that finds
nothing new without Prefect: so Prefect is imported where an artifact or the flow run's identity
is asked for, not when this module is. Kept apart so the flow stays orchestration. Everything
here is best effort towards Prefect (an artifact that cannot be created is a warning, never a
failed run) and exact towards the output folder (the `runs` row is written atomically).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.output.datasets import DUCKDB_FILE
from munidocs.extractors.output.fragments import FragmentMeta
from munidocs.extractors.output.report import REPORT_FILE
from munidocs.extractors.output.runs import RUNS_DIR, RunHistory
from munidocs.extractors.settings import ProgressSettings
from munidocs.extractors.sources.manifest import DEFAULT_MANIFEST
from munidocs.models import Run, RunSummary

SUMMARY_KEY = "munidocs-summary"
FAILURES_KEY = "munidocs-failures"
OUTPUTS_KEY = "munidocs-outputs"
PROGRESS_KEY = "munidocs-progress"


def _now() -> datetime:
    return datetime.now(UTC)


def _warn(logger: logging.Logger | logging.LoggerAdapter[Any], what: str, exc: Exception) -> None:
    logger.warning("could not create the %s artifact: %s: %s", what, type(exc).__name__, exc)


class RunRecorder:
    """This run's row in the output folder's run history, from start to its outcome."""

    def __init__(self, state_dir: Path, sources: list[str] | None, manifest: str | None) -> None:
        self.history = RunHistory(state_dir / RUNS_DIR)
        self.started = _now()
        self.sources = list(sources) if sources else [f"manifest {manifest or DEFAULT_MANIFEST}"]
        self.run_id, self.run_name, self.deployment, self.scheduled = _flow_run_identity()
        self.run: Run | None = None

    def _row(self, summary: RunSummary, status: str, changed: bool, error: str | None) -> Run:
        finished = _now()
        return Run(
            run_id=self.run_id,
            run_name=self.run_name,
            deployment=self.deployment,
            scheduled=self.scheduled,
            started=self.started,
            finished=finished,
            sources=self.sources,
            documents=summary.documents,
            new=summary.new,
            skipped=summary.skipped,
            failed=summary.failed,
            partial=summary.partial,
            pages=summary.pages,
            seconds=round((finished - self.started).total_seconds(), 3),
            changed=changed,
            pipeline_version=PIPELINE_VERSION,
            status=status,
            error=error,
        )

    def completed(self, summary: RunSummary, changed: bool) -> Run:
        """Record the run as done, before its datasets are published (so they include it)."""
        self.run = self._row(summary, "completed", changed, None)
        self.history.add(self.run)
        return self.run

    def skipped(self, summary: RunSummary, reason: str) -> Run:
        """Record a run that did nothing because another run held the folder."""
        self.run = self._row(summary, "skipped", False, reason)
        self.history.add(self.run)
        return self.run

    def failed(self, summary: RunSummary, error: str) -> Run:
        """Record a run whose write failed; its row is published by the next run."""
        if self.run is None:
            self.run = self._row(summary, "failed", False, error)
            self.history.add(self.run)
        else:
            self.run = self.history.fail(self.run, error, _now())
        return self.run


def _flow_run_identity() -> tuple[str, str | None, str | None, bool]:
    """Flow-run id and name, deployment ("flow/deployment") and whether the schedule made it."""
    # Prefect never imported (`flows/current.py`): no flow run can be running in this process
    prefect_context = sys.modules.get("prefect.context")
    context = prefect_context.FlowRunContext.get() if prefect_context is not None else None
    if context is None or context.flow_run is None:  # not inside a flow run (direct use)
        return f"local-{time.time_ns()}", None, None, False
    run = context.flow_run
    deployment = None
    if run.deployment_id is not None:
        from prefect.runtime import deployment as current_deployment

        flow_name = context.flow.name if context.flow is not None else "munidocs-run"
        deployment = f"{flow_name}/{current_deployment.name}"
    return str(run.id), run.name, deployment, bool(run.auto_scheduled)


def tally(
    summary: RunSummary, sources: Mapping[str, str], metas: Mapping[str, FragmentMeta]
) -> None:
    """Failed and partial documents of this run (new or from before), from their fragments.

    `sources` maps every doc_id the run's sources gave to its source.
    """
    summary.failures = []
    summary.partial = 0
    for doc_id, source in sources.items():
        meta = metas.get(doc_id)
        if meta is None:
            continue
        if meta.status == "failed":
            summary.failures.append((source, meta.error or ""))
        elif meta.status == "partial":
            summary.partial += 1
    summary.failed = len(summary.failures)


class ProgressLog:
    """`progress: 20/250 documents done (1 failed, 0 partial), 43 s` every N documents or M
    seconds: what a run in the Prefect UI or a cron log shows instead of a progress bar.

    Also keeps a Prefect progress artifact (a bar on the flow run's page) at the same pace.
    """

    def __init__(
        self,
        logger: logging.Logger | logging.LoggerAdapter[Any],
        total: int,
        settings: ProgressSettings,
        artifact: bool = True,
    ) -> None:
        self.logger = logger
        self.total = total
        self.settings = settings
        self.done = self.failed = self.partial = 0
        self.started = self.last = time.monotonic()
        self.artifact_id: Any = None
        if total:
            self.logger.info("progress: %d documents to extract", total)
            if artifact:
                from prefect.artifacts import create_progress_artifact

                try:
                    self.artifact_id = create_progress_artifact(
                        0.0, key=PROGRESS_KEY, description="Documents extracted"
                    )
                except Exception as exc:  # the UI's bar is a nicety, never a failed run
                    _warn(logger, "progress", exc)

    def advance(self, status: str) -> None:
        """One document done, with its status (ok, partial, failed)."""
        self.done += 1
        self.failed += status == "failed"
        self.partial += status == "partial"
        now = time.monotonic()
        due = (
            self.done % self.settings.every_documents == 0
            or now - self.last >= self.settings.every_seconds
            or self.done == self.total
        )
        if not due:
            return
        self.last = now
        self.logger.info(
            "progress: %d/%d documents done (%d failed, %d partial), %.0f s",
            self.done, self.total, self.failed, self.partial, now - self.started,
        )  # fmt: skip
        if self.artifact_id is not None:
            from prefect.artifacts import update_progress_artifact

            try:
                update_progress_artifact(self.artifact_id, 100.0 * self.done / self.total)
            except Exception as exc:
                _warn(self.logger, "progress", exc)


def publish_artifacts(
    summary: RunSummary, out_dir: Path, logger: logging.Logger | logging.LoggerAdapter[Any]
) -> None:
    """The run's summary and failed documents as table artifacts, and a markdown artifact
    linking the output folder (and `report.html` when the folder has one)."""
    rows: list[dict[str, Any]] = [
        {"what": "status", "value": summary.status},
        {"what": "documents", "value": summary.documents},
        {"what": "new", "value": summary.new},
        {"what": "skipped (done before)", "value": summary.skipped},
        {"what": "failed", "value": summary.failed},
        {"what": "partial", "value": summary.partial},
        {"what": "pages extracted", "value": summary.pages},
        {"what": "seconds", "value": round(summary.seconds, 1)},
        {"what": "datasets rewritten", "value": summary.written},
        {"what": "output folder", "value": str(out_dir)},
        {"what": "pipeline version", "value": PIPELINE_VERSION},
    ]
    failures = [{"source": source, "reason": reason} for source, reason in summary.failures]
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    try:
        create_table_artifact(rows, key=SUMMARY_KEY, description=summary.line())
        create_table_artifact(
            failures,
            key=FAILURES_KEY,
            description=f"{len(failures)} failed documents, with the reason for each",
        )
        create_markdown_artifact(outputs_markdown(summary, out_dir), key=OUTPUTS_KEY)
    except Exception as exc:  # the datasets are written; an artifact is a report on them
        _warn(logger, "summary", exc)


def outputs_markdown(summary: RunSummary, out_dir: Path) -> str:
    """Where the datasets are, as markdown: links, and the path to copy where links can't go."""
    folder = out_dir.resolve()
    lines = [
        "# munidocs outputs",
        "",
        summary.line(),
        "",
        f"- Output folder: [{folder}]({folder.as_uri()})",
    ]
    report = folder / REPORT_FILE
    if report.exists():
        lines.append(f"- Report: [{REPORT_FILE}]({report.as_uri()})")
    lines += [
        f"- DuckDB: `{folder / DUCKDB_FILE}`; every dataset as Parquet and CSV beside it",
        f'- Query: `munidocs query "select * from runs" --out {folder}`',
        "",
        "Browsers do not open `file://` links from a web page: copy the path into the address "
        "bar or a file manager on the machine that ran munidocs.",
    ]
    return "\n".join(lines)
