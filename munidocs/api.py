"""The Python API: the product. The `munidocs` command and the Prefect flow are thin layers on it.

- `process_pdf(path)`: one PDF to all its records, in memory, no Prefect, nothing written.
- `run(sources, out)`: the Prefect flow: pull, extract what is new, publish the datasets.
- `open_outputs(out)`: an output folder's datasets as pandas DataFrames and a read-only DuckDB
  connection.
- `verify(figure, out)`: every place a figure or a law reference appears, in any form, with the
  checks that involve it.
- `page_picture(doc, page, out)` / `show(doc, page, out)`: a page with every record's box drawn.
- `query(sql, out)`: researchers' SQL over an output folder, safe by construction (read-only,
  no file access, a time limit): one result per statement.
- `serve(out)`: the web view (Datasette) of an output folder, with full-text search.

Heavy imports (spaCy, Prefect) happen inside the functions, so `import munidocs` stays quick.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from munidocs.browse.safesql import QueryResult, connect_read_only, run_frame, run_statements
from munidocs.extractors.output.datasets import DUCKDB_FILE
from munidocs.extractors.settings import QuerySettings, Settings
from munidocs.models import DATASETS, DocumentRecords, RunSummary

if TYPE_CHECKING:
    import pandas as pd

    from munidocs.extractors.output.verify import Verification

PathLike = str | os.PathLike[str]


def process_pdf(path: PathLike, settings: Settings | None = None) -> DocumentRecords:
    """Every record of one PDF: its document row, pages, budget lines, entities, laws, figures
    and checks, exactly as a run would write them.

    A file that is not a readable PDF gives a `document` with status "failed" and the reason;
    only a path that does not exist raises (FileNotFoundError).
    """
    from munidocs.extractors import stages
    from munidocs.extractors.sources.pulled import pdf_problem

    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"no such file: {file}")
    settings = settings or Settings()
    doc_id = stages.sha256_file(file)
    with file.open("rb") as fh:
        problem = pdf_problem(fh.read(1024))
    if problem is not None:
        size = file.stat().st_size
        return stages.failed_records(doc_id, str(path), file.name, size, problem)
    return stages.process_document(file, doc_id, str(path), file.name, settings)


def run(
    sources: PathLike | Iterable[PathLike] | None = None,
    out: PathLike = "outputs",
    settings: Settings | None = None,
    *,
    manifest: PathLike | None = None,
    force: bool = False,
    retry_failed: bool = False,
    progress: bool = False,
) -> RunSummary:
    """Pull the sources, extract the documents not extracted yet, and publish the datasets.

    `sources`: PDF files, folders, http(s) URLs of PDFs or of listing pages; None: the sources
    in `manifest`, else the embedded corpus. Runs the Prefect flow `munidocs-run` (on the server
    in PREFECT_API_URL when set, else on a temporary local one). Documents already extracted by
    this pipeline version are skipped (`force` extracts all again, `retry_failed` the failed
    ones); when nothing changed, no output file is rewritten but the run history's, and a run
    of local sources that finds nothing new is answered without starting the flow
    (`run.quick_check`, `flows/current.py`).
    """
    import munidocs.flows  # noqa: F401 - Prefect's offline, quiet defaults before Prefect loads
    from munidocs.flows import workers
    from munidocs.flows.current import preflight

    if sources is None:
        listed = None
    elif isinstance(sources, str | os.PathLike):
        listed = [os.fspath(sources)]
    else:
        listed = [os.fspath(s) for s in sources]
    settings = settings or Settings()
    named = os.fspath(manifest) if manifest is not None else None
    if settings.run.quick_check:  # before Prefect: a run with nothing new ends here
        checked = preflight(
            listed or None, named, os.fspath(out), settings, force=force, retry_failed=retry_failed
        )
        if checked.summary is not None:
            return checked.summary
        if checked.to_extract and not settings.run.dask_address:  # they load while Prefect does
            workers.start_pool(min(settings.run.local_workers(), checked.to_extract), settings.run)
    collector = gc.get_threshold()  # the run's own objects are collected as in a worker's
    workers.tune_collector(settings.run)
    try:
        from munidocs.flows.run import run_flow

        return run_flow(
            listed or None,
            named,
            os.fspath(out),
            settings,
            force=force,
            retry_failed=retry_failed,
            show_progress=progress,
        )
    finally:
        gc.set_threshold(*collector)  # the caller's process as it was
        workers.close_pools()  # the flow closes them after its extract loop; also when it failed


def schedule(
    sources: PathLike | Iterable[PathLike] | None = None,
    out: PathLike = "outputs",
    settings: Settings | None = None,
    *,
    cron: str | None = None,
    interval: float | None = None,
    name: str | None = None,
    manifest: PathLike | None = None,
    timezone: str | None = None,
    poll: float = 10.0,
    limit: int = 1,
) -> None:
    """Register the flow `munidocs-run` as a Prefect deployment with a schedule and serve it
    until stopped (Ctrl-C or SIGTERM pauses the schedule and returns).

    Exactly one of `cron` ("0 6 * * 1-5": 06:00 on weekdays, in `timezone`, default this
    machine's) and `interval` (seconds). Needs a Prefect server in PREFECT_API_URL (NoServer
    says how to start one: `munidocs server`). Each scheduled run is an incremental `run` of the
    same sources into `out` with these settings; `poll` is how often (seconds) the runner asks
    the server for due runs, `limit` how many runs it starts at once. The deployment is named
    `munidocs-run/<name>` (default: the output folder's name).
    """
    import munidocs.flows  # noqa: F401 - Prefect's offline, quiet defaults before Prefect loads
    from munidocs.flows import schedule as scheduling

    plan = scheduling.make_schedule(cron, interval, timezone)
    scheduling.require_server()
    listed = _listed(sources)
    parameters = scheduling.deployment_parameters(
        listed, os.fspath(manifest) if manifest is not None else None, os.fspath(out),
        settings or Settings(),
    )  # fmt: skip
    deployment = scheduling.build_deployment(name or Path(parameters["out"]).name, parameters, plan)
    scheduling.serve_schedule(deployment, poll=poll, limit=limit)


def start_server(port: int = 4200, home: PathLike = "~/.munidocs/prefect") -> int:
    """Run a local Prefect server (UI and API on http://127.0.0.1:<port>, analytics off, its
    database in `home`/prefect.db) in the foreground until stopped; its exit status."""
    import munidocs.flows  # noqa: F401
    from munidocs.flows.schedule import run_server

    return run_server(port=port, home=Path(os.fspath(home)))


def _listed(sources: PathLike | Iterable[PathLike] | None) -> list[str] | None:
    if sources is None:
        return None
    if isinstance(sources, str | os.PathLike):
        return [os.fspath(sources)]
    return [os.fspath(s) for s in sources] or None


class NoOutputs(FileNotFoundError):
    """The folder holds no published datasets (yet)."""


@dataclass
class Outputs:
    """The published datasets of one output folder.

    `outputs.budget_lines` (or `outputs["budget_lines"]`) is a pandas DataFrame read from the
    Parquet file; `outputs.sql("select ...")` runs a query on the DuckDB file;
    `outputs.connect()` gives the DuckDB connection itself. Both are read-only and cannot
    touch other files (see `munidocs.browse.safesql`).
    """

    folder: Path
    settings: QuerySettings = field(default_factory=QuerySettings)
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def datasets(self) -> list[str]:
        """The dataset names, in the contract's order."""
        return list(DATASETS)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in DATASETS:
            raise KeyError(f"no dataset {name!r}; the datasets are: {', '.join(DATASETS)}")
        if name not in self._frames:
            import pandas as pd  # loaded when a frame is asked for: a run never needs pandas

            self._frames[name] = pd.read_parquet(self.folder / f"{name}.parquet")
        return self._frames[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in DATASETS:
            raise AttributeError(name)
        return self[name]

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection to the folder's `municipal.duckdb` (close it when done):
        read-only, no access to other files, settings locked."""
        return connect_read_only(self.folder / DUCKDB_FILE)

    def sql(self, query: str, params: Mapping[str, Any] | list[Any] | None = None) -> pd.DataFrame:
        """The result of an SQL query over the datasets and views, as a DataFrame.

        Only queries run (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); with several
        statements, the last one's result. QueryError (a ValueError) says why one cannot run.
        """
        with self.connect() as con:
            return run_frame(con, query, params=params, time_limit=self.settings.time_limit)


def open_outputs(out: PathLike = "outputs", settings: Settings | None = None) -> Outputs:
    """The datasets a run published in `out`; NoOutputs when there are none yet."""
    folder = Path(out)
    missing = [n for n in ("documents.parquet", DUCKDB_FILE) if not (folder / n).exists()]
    if missing:
        raise NoOutputs(f"no datasets in {folder} yet: run `munidocs run` first")
    return Outputs(folder, (settings or Settings()).query)


def verify(
    figure: str, out: PathLike = "outputs", *, pictures: PathLike | None = None, scale: float = 2.0
) -> Verification:
    """Every place `figure` appears in the output folder's documents, in any equivalent form.

    `figure` is an amount ("650000", "0,6 mio. kr.", "650.000 kr."), a number as printed ("650")
    or a law reference ("integrationslovens § 18"). Each hit has doc_id, file_name, page, bbox,
    kind, text, is_total, how it matched (`exact`, `approximate` within the precision stated,
    `printed`) and the checks that involve it; `.to_dict()` is the JSON `munidocs verify --json`
    prints. With `pictures`, one PNG per hit is written there, the hit highlighted.
    Raises NoOutputs for a folder without datasets, and
    `munidocs.extractors.output.verify.NotAFigure` for text that is no figure.
    """
    from munidocs.extractors.output.verify import verify as find
    from munidocs.extractors.output.verify import write_pictures

    open_outputs(out)
    result = find(figure, Path(out))
    if pictures is not None:
        write_pictures(result, Path(pictures), scale)
    return result


def page_picture(
    doc: str,
    page: int,
    out: PathLike = "outputs",
    *,
    highlight: Iterable[str] = (),
    scale: float = 2.0,
) -> bytes:
    """PNG bytes of one page of a published document with the box of every extracted record
    drawn (budget-line cells, figures, law references, entities; a legend by kind) and the
    records whose record_id is in `highlight` in red. `doc` is a doc_id, its first characters
    or a file name. For a web view or a notebook: nothing is written."""
    from munidocs.extractors.output.evidence import picture_of_page

    open_outputs(out)
    return picture_of_page(Path(out), doc, page, highlight=set(highlight), scale=scale)


def show(
    doc: str,
    page: int,
    out: PathLike = "outputs",
    png: PathLike | None = None,
    *,
    scale: float = 2.0,
) -> Path:
    """Write `page_picture(doc, page, out)` to `png` (default: `<file name>-p<page>.png` in the
    current folder) and return its path."""
    from munidocs.extractors.output.evidence import find_document

    data = page_picture(doc, page, out, scale=scale)
    if png is None:
        stem = Path(find_document(Path(out), doc).file_name).stem or "page"
        png = f"{stem}-p{page}.png"
    target = Path(png)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def query(
    sql: str,
    out: PathLike = "outputs",
    *,
    limit: int | None = None,
    settings: Settings | None = None,
) -> list[QueryResult]:
    """Run SQL over an output folder's datasets and views; one QueryResult per statement.

    Only queries run (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PIVOT); every statement
    is checked before the first runs, on a read-only connection that cannot reach other files,
    each under `settings.query.time_limit` seconds. `limit`: at most this many rows per result
    (`result.more` says whether there were more). Raises QueryError (RefusedStatement,
    QueryTimeout) with DuckDB's message or the reason, NoOutputs when nothing is published.
    """
    outputs = open_outputs(out, settings)
    with outputs.connect() as con:
        return list(run_statements(con, sql, limit=limit, time_limit=outputs.settings.time_limit))


def serve(
    out: PathLike = "outputs",
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    settings: Settings | None = None,
    ready: Callable[[str, bool], None] | None = None,
) -> None:
    """Serve the web view of an output folder until interrupted (Datasette, read-only).

    The datasets are copied to SQLite (with full-text search) once per publication, beside
    the outputs in `.munidocs/web/`; `ready(url, made)` is called once the copy is current
    (`made`: it was made now) and the server is about to listen. ServeError when the
    address is taken or the copy cannot be written.
    """
    from munidocs.browse.web import serve_outputs

    outputs = open_outputs(out, settings)
    serve_outputs(outputs.folder, host=host, port=port, settings=outputs.settings, ready=ready)
