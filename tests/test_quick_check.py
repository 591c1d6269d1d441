"""A run that finds nothing new in local sources is answered without starting a Prefect flow
(`flows/current.py`, `run.quick_check`); anything new, changed or asked for starts the flow."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS_PDFS
from filelock import FileLock
from prefect.context import FlowRunContext

import munidocs
from munidocs.extractors.output.datasets import RUN_HISTORY_FILES, output_files
from munidocs.flows import workers
from munidocs.flows.current import preflight

SEEDS = sorted(CORPUS_PDFS.glob("*.pdf"))


def _flow_runs() -> int:
    response = httpx.post(f"{os.environ['PREFECT_API_URL']}/flow_runs/count", json={}, timeout=30)
    response.raise_for_status()
    return int(response.json())


@pytest.fixture(scope="module")
def first(prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A folder of the two seed PDFs and the output folder of one flow run over it."""
    root = tmp_path_factory.mktemp("quick")
    pdfs, out = root / "pdfs", root / "out"
    pdfs.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, pdfs / seed.name)
    summary = munidocs.run(pdfs, out=out)
    assert (summary.new, summary.run_id.startswith("local-")) == (2, False)
    return pdfs, out


def _copy(first: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    pdfs, out = tmp_path / "pdfs", tmp_path / "out"
    shutil.copytree(first[0], pdfs)
    shutil.copytree(first[1], out, symlinks=True)
    return pdfs, out


def test_nothing_new_is_answered_without_prefect(first: tuple[Path, Path], tmp_path: Path) -> None:
    pdfs, out = _copy(first, tmp_path)
    others = [n for n in output_files() if n not in RUN_HISTORY_FILES]
    before = {n: (out / n).stat().st_mtime_ns for n in others}
    flow_runs = _flow_runs()
    code = (
        "import sys, munidocs; s = munidocs.run(sys.argv[1], out=sys.argv[2]); "
        "print(s.run_id, s.written, s.documents, s.skipped, 'prefect' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(pdfs), str(out)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    run_id, written, documents, skipped, prefect = done.stdout.split()
    assert run_id.startswith("local-")
    assert (written, documents, skipped, prefect) == ("False", "2", "2", "False")
    assert _flow_runs() == flow_runs
    runs = pq.read_table(out / "runs.parquet").to_pylist()
    assert [(r["status"], r["new"], r["skipped"], r["changed"]) for r in runs] == [
        ("completed", 2, 0, True),
        ("completed", 0, 2, False),
    ]
    assert runs[1]["run_id"] == run_id and runs[1]["sources"] == [str(pdfs)]
    assert {n: (out / n).stat().st_mtime_ns for n in others} == before
    assert munidocs.open_outputs(out).sql("select count(*) as n from runs")["n"].tolist() == [2]


def _added(pdfs: Path) -> None:
    (pdfs / "copy.pdf").write_bytes(SEEDS[0].read_bytes() + b"\n% another copy\n")


def _edited(pdfs: Path) -> None:
    target = pdfs / SEEDS[1].name
    target.write_bytes(target.read_bytes() + b"\n% edited\n")


@pytest.mark.parametrize(
    ("change", "options", "new"),
    [
        (_added, {}, 1),
        (_edited, {}, 1),
        (None, {"force": True}, 2),
        (None, {"settings": munidocs.Settings().with_overrides({"run.quick_check": False})}, 0),
    ],
    ids=["a new file", "a file edited in place", "--force", "quick_check off"],
)
def test_anything_new_or_asked_for_starts_the_flow(
    first: tuple[Path, Path], tmp_path: Path, change: object, options: dict[str, object], new: int
) -> None:
    pdfs, out = _copy(first, tmp_path)
    if callable(change):
        change(pdfs)
    flow_runs = _flow_runs()
    summary = munidocs.run(pdfs, out=out, **options)  # type: ignore[arg-type]
    assert not summary.run_id.startswith("local-")
    assert _flow_runs() == flow_runs + 1
    assert summary.new == new


def test_the_preflight_plans_as_the_flow_and_leaves_what_it_cannot_see_to_it(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    pdfs, out = _copy(first, tmp_path)
    settings = munidocs.Settings()

    def found(sources: list[str], out: Path, force: bool = False) -> tuple[object, int | None]:
        checked = preflight(sources, None, str(out), settings, force=force)
        return checked.summary, checked.to_extract

    with FileLock(out / ".munidocs" / "run.lock"):
        assert found([str(pdfs)], out) == (None, None)
    url = "http://127.0.0.1:9/budget.pdf"  # never asked: a URL source needs the flow's pull
    assert found([url], out) == (None, None)
    assert found([str(pdfs)], tmp_path / "new") == (None, 2)
    assert found([str(pdfs)], out, force=True) == (None, 2)
    _added(pdfs)
    assert found([str(pdfs)], out) == (None, 1)
    (pdfs / "copy.pdf").unlink()
    checked = preflight([str(pdfs)], None, str(out), settings)
    assert checked.summary is not None and checked.to_extract == 0
    assert (checked.summary.documents, checked.summary.skipped) == (2, 2)


def test_the_workers_started_before_the_flow_are_the_ones_it_uses(
    first: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One new document, two workers allowed: one worker process starts, before Prefect, and
    the flow's extract task takes that one (a pool of another size would start its own)."""
    pdfs, out = _copy(first, tmp_path)
    _added(pdfs)
    started: list[bool] = []  # each worker: started outside the flow run?
    real = workers.ForkServer.fork

    def counted(self: workers.ForkServer) -> workers.ForkedWorker:
        started.append(FlowRunContext.get() is None)
        return real(self)

    monkeypatch.setattr(workers.ForkServer, "fork", counted)
    settings = munidocs.Settings().with_overrides({"run.workers": 2})
    collector = gc.get_threshold()
    summary = munidocs.run(pdfs, out=out, settings=settings)
    assert (summary.new, started) == (1, [True])
    assert workers._pools == {}  # closed with the run
    assert gc.get_threshold() == collector  # the caller's collector as it was
