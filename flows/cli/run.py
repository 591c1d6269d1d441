"""`munidocs run` and the commands about a run's settings, outputs and version."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from munidocs.flows.cli.common import (
    ConfigOption,
    ManifestOption,
    OutOption,
    ReadOption,
    SetOption,
    app,
    check_sources,
    err,
    failure_line,
    load_settings,
    need_outputs,
    out,
    setup_logging,
    writable_folder,
)


@app.command()
def run(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="PDF files, folders, http(s) URLs of PDFs or of listing pages, or a .toml manifest. "
            "None: the sources in --manifest, else the embedded corpus.",
            show_default=False,
        ),
    ] = None,
    manifest: ManifestOption = None,
    out_dir: OutOption = Path("outputs"),
    config: ConfigOption = None,
    overrides: SetOption = None,
    force: Annotated[bool, typer.Option("--force", help="Extract every document again.")] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Extract documents that failed before again.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit with status 1 when any document failed.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Worker processes on this machine (default: one per CPU core; setting run.workers).",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="tcp://HOST:PORT",
            help="Run the documents on this Dask scheduler (needs PREFECT_API_URL: a Prefect "
            "server the Dask workers can reach).",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More logging (-vv: debug).")
    ] = 0,
) -> None:
    """Pull PDFs, extract what is new, and write the datasets (Parquet, CSV, DuckDB, datapackage.json)."""
    setup_logging(verbose)
    options = [f"run.workers={workers}"] if workers is not None else []
    options += [f"run.dask_address={dask}"] if dask is not None else []
    settings = load_settings(config, [*(overrides or []), *options])
    check_sources(sources, manifest)
    import munidocs
    from munidocs.flows.current import NeedsServer

    writable_folder(out_dir)
    try:
        summary = munidocs.run(
            sources or None,
            out_dir,
            settings,
            manifest=manifest,
            force=force,
            retry_failed=retry_failed,
            progress=err.is_terminal,
        )
    except NeedsServer as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except Exception as exc:  # the outputs are untouched: every write is atomic
        if verbose:
            raise
        err.print(failure_line(exc, out_dir), highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    for source, reason in summary.failures:
        line = f"[yellow]failed:[/yellow] {escape(source)}: {escape(reason)}"
        err.print(line, soft_wrap=True, highlight=False)
    out.print(summary.line(), highlight=False, soft_wrap=True)
    if strict and summary.failed:
        raise typer.Exit(1)


@app.command()
def status(out_dir: ReadOption = Path("outputs")) -> None:
    """List the documents in the outputs with their type, status and reason."""
    import pandas as pd
    from rich.table import Table

    documents = need_outputs(out_dir).documents
    table = Table()
    for name in ("status", "type", "pages"):
        table.add_column(name, no_wrap=True)
    for name in ("title", "file", "error"):
        table.add_column(name, overflow="fold")
    for row in documents.to_dict("records"):
        cells = [
            row["status"],
            row["doc_type"],
            row["n_pages"],
            row["title"],
            row["file_name"],
            row["error"],
        ]
        table.add_row(*("" if pd.isna(c) else str(c) for c in cells))
    out.print(table)


@app.command(name="settings")
def showload_settings(config: ConfigOption = None, overrides: SetOption = None) -> None:
    """Print the settings a run would use, as TOML (defaults, --config, --set applied)."""
    out.print(load_settings(config, overrides).to_toml(), highlight=False, markup=False)


@app.command()
def version() -> None:
    """Print the pipeline version (recorded on every document)."""
    from munidocs.extractors import PIPELINE_VERSION

    out.print(PIPELINE_VERSION)
