"""The run history of an output folder: one `runs` row per run, kept as one small file per run.

Why a file per run and not a row appended to `runs.parquet`: every run must leave its row, also a
run that changed nothing (whose other dataset files must keep their mtimes), a run skipped
because another run held the folder (it never gets the lock), and a run whose write failed.
So each run writes `<output>/.munidocs/runs/<started>-<run_id>.json` itself, atomically and
without the lock (the name is its own), and the `runs` dataset is assembled from these files by
every publication (`datasets.publish`). A run that changed no document republishes only the run
history (`runs.parquet`, `runs.csv`, the `runs` table of `municipal.duckdb`, `datapackage.json`);
a skipped or failed run's row appears with the next run's publication.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from munidocs.extractors.output.fragments import fsync_file
from munidocs.extractors.output.tables import to_table
from munidocs.models import Run

RUNS_DIR = "runs"
"""Inside the state folder (`<output>/.munidocs/`): one JSON file per run."""


def _to_json(run: Run) -> str:
    row = asdict(run)
    for name in ("started", "finished"):
        row[name] = row[name].isoformat()
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _from_json(text: str) -> Run:
    row: dict[str, Any] = json.loads(text)
    known = {f.name for f in fields(Run)}
    row = {k: v for k, v in row.items() if k in known}  # a row of a newer version: drop extras
    for name in ("started", "finished"):
        row[name] = datetime.fromisoformat(row[name])
    return Run(**row)


class RunHistory:
    """The run records of one output folder (`<state>/runs/`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, run: Run) -> Path:
        stamp = run.started.strftime("%Y%m%dT%H%M%S%fZ")
        return self.root / f"{stamp}-{run.run_id}.json"

    def add(self, run: Run) -> Path:
        """Write (or overwrite) one run's record atomically; safe without the folder's lock."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self._path(run)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        tmp.write_text(_to_json(run), encoding="utf-8")
        fsync_file(tmp)
        os.replace(tmp, target)
        return target

    def fail(self, run: Run, error: str, finished: datetime) -> Run:
        """Rewrite a run's record as failed (its write did not go through)."""
        failed = replace(run, status="failed", error=error, finished=finished)
        failed.seconds = round((finished - failed.started).total_seconds(), 3)
        self.add(failed)
        return failed

    def read(self) -> list[Run]:
        """Every readable record, oldest run first (an unreadable file is left out)."""
        if not self.root.exists():
            return []
        runs = []
        for path in sorted(self.root.glob("*.json")):
            try:
                runs.append(_from_json(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError, KeyError):
                continue
        return sorted(runs, key=lambda r: (r.started, r.run_id))


def runs_table(runs: Sequence[Run]) -> pa.Table:
    """The `runs` dataset of these records."""
    return to_table("runs", runs)


def runs_fingerprint(runs: Sequence[Run]) -> str:
    """Identifies a run history: tells whether the published `runs` dataset is current."""
    h = hashlib.sha256()
    for run in runs:
        h.update(_to_json(run).encode())
        h.update(b"\n")
    return h.hexdigest()
