"""The `munidocs` command: each command is one call into the Python API (`munidocs.api`).

The API (and with it Prefect) is imported only inside the commands, after the log level is
chosen, so `--help` is instant and `-v` can still turn Prefect's logging up.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    import munidocs
    from munidocs.extractors.settings import Settings

app = typer.Typer(
    help="Turn Danish municipal PDFs (budget notes, letters) into datasets you can query and check.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="Folder for the datasets (created if missing).")
]
ReadOption = Annotated[
    Path,
    typer.Option("--out", "-o", help="The output folder to read (where `munidocs run` wrote)."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="A settings file (TOML, one table per stage); `munidocs settings` prints one.",
        exists=True,
        dir_okay=False,
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Change one setting, e.g. --set pdf.max_pages=50 (repeatable; wins over --config).",
        show_default=False,
    ),
]


def _settings(config: Path | None, overrides: list[str] | None) -> Settings:
    """The run's settings: defaults, then the file, then each --set; exit 2 on a bad one."""
    from munidocs.extractors.settings import Settings, SettingsError

    try:
        settings = Settings.from_toml(config) if config else Settings()
        pairs = {}
        for item in overrides or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise SettingsError(f"--set {item!r}: write it as key=value, e.g. pdf.max_pages=50")
            pairs[key.strip()] = value.strip()
        return settings.with_overrides(pairs)
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def _logging(verbose: int) -> None:
    """Quiet by default (failures are listed once at the end); -v shows Prefect's and our logs."""
    level = ["ERROR", "INFO", "DEBUG"][min(verbose, 2)]
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "WARNING" if verbose == 0 else level
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    ours = logging.getLogger("munidocs")
    ours.addHandler(handler)
    ours.setLevel(level)
    ours.propagate = False


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
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            "-m",
            help="A sources manifest (TOML); see corpus/sources.example.toml.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
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
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More logging (-vv: debug).")
    ] = 0,
) -> None:
    """Pull PDFs, extract what is new, and write the datasets (Parquet, CSV, DuckDB, datapackage.json)."""
    _logging(verbose)
    settings = _settings(config, overrides)
    import munidocs
    from munidocs.extractors.sources.manifest import SourceError, is_http_url, sources_from_args
    from munidocs.flows.run import resolve_sources

    # fail fast on a wrong path or manifest, before Prefect starts; URLs are asked only once,
    # by the flow, which also records an unreachable one as a failed document
    local = [s for s in sources or [] if not is_http_url(s)]
    try:
        if local:
            sources_from_args(local)
        elif not sources:
            resolve_sources(None, str(manifest) if manifest else None)
    except SourceError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc

    _writable_folder(out_dir)
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
    except Exception as exc:  # the outputs are untouched: every write is atomic
        if verbose:
            raise
        err.print(f"[red]error:[/red] the run failed: {type(exc).__name__}: {exc}")
        err.print(f"The outputs in {out_dir} are as before. Run with -v for details.")
        raise typer.Exit(1) from exc
    for source, reason in summary.failures:
        err.print(f"[yellow]failed:[/yellow] {source}: {reason}", soft_wrap=True, highlight=False)
    out.print(summary.line(), highlight=False, soft_wrap=True)
    if strict and summary.failed:
        raise typer.Exit(1)


def _writable_folder(path: Path) -> None:
    """Fail before any work when the output folder cannot be created or written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write datasets to {path}: {exc.strerror or exc}")
        raise typer.Exit(2) from exc


def _outputs(out_dir: Path) -> munidocs.Outputs:
    import munidocs

    try:
        return munidocs.open_outputs(out_dir)
    except munidocs.NoOutputs as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


@app.command()
def status(out_dir: ReadOption = Path("outputs")) -> None:
    """List the documents in the outputs with their type, status and reason."""
    import pandas as pd
    from rich.table import Table

    documents = _outputs(out_dir).documents
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


@app.command()
def query(
    sql: Annotated[
        str | None,
        typer.Argument(
            help="SQL over the datasets and views, e.g. 'select * from budget_lines'; several "
            "statements are each shown. Omit it (or give -) to read SQL from stdin.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", help="Read the SQL from this file.", exists=True, dir_okay=False
        ),
    ] = None,
    out_dir: ReadOption = Path("outputs"),
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV (header, comma) on stdout.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON array of objects, typed, on stdout.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help="At most this many rows per result (the table shows query.table_rows without it).",
            show_default=False,
        ),
    ] = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="Do not cut long text to the terminal's width.")
    ] = False,
    config: ConfigOption = None,
    overrides: SetOption = None,
) -> None:
    """Run read-only SQL over the outputs (DuckDB): a table, --csv or --json.

    Only queries run (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); the datasets and the
    views (appropriation_amounts, law_reference_documents, failed_checks,
    organisation_documents) are tables; no other file can be read or written.
    """
    import sys

    import munidocs
    from munidocs.browse import formats

    if as_csv and as_json:
        err.print("[red]error:[/red] --csv or --json, not both")
        raise typer.Exit(2)
    settings = _settings(config, overrides)
    if file is not None:
        text = file.read_text(encoding="utf-8")
    elif sql is None or sql == "-":
        if sys.stdin.isatty():
            err.print("[red]error:[/red] give SQL as an argument, with --file, or on stdin")
            raise typer.Exit(2)
        text = sys.stdin.read()
    else:
        text = sql
    table = not (as_csv or as_json)
    rows = limit if limit is not None or not table else settings.query.table_rows
    _outputs(out_dir)  # a clear error when nothing is published yet
    try:
        results = munidocs.query(text, out_dir, limit=rows, settings=settings)
    except munidocs.QueryError as exc:
        err.print(Text.assemble(("error:", "red"), f" {exc}"), highlight=False)
        raise typer.Exit(2) from exc
    for number, result in enumerate(results):
        if as_json:
            formats.write_json(result, sys.stdout)
            continue
        if as_csv:
            if number:
                sys.stdout.write("\n")
            formats.write_csv(result, sys.stdout)
            continue
        if len(results) > 1:
            if number:
                out.print()
            out.print(f"-- {result.statement}", style="dim", highlight=False, markup=False)
        hint = "--limit N to see more, --csv or --json for every row"
        formats.print_table(result, out, wide, hint)


@app.command()
def serve(
    out_dir: ReadOption = Path("outputs"),
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port.")] = 8001,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on; the default lets only this machine in. "
            "0.0.0.0 opens it to the network (read-only, but anyone who can reach it).",
        ),
    ] = "127.0.0.1",
    config: ConfigOption = None,
    overrides: SetOption = None,
) -> None:
    """Browse the outputs in a web browser (Datasette): search, facets, SQL; read-only."""
    import munidocs
    from munidocs.browse.web import ServeError

    settings = _settings(config, overrides)
    _outputs(out_dir)

    def ready(url: str, made: bool) -> None:
        copy = "made the SQLite copy" if made else "the SQLite copy is current"
        err.print(f"{copy}; serving {out_dir} at {url} (Ctrl+C stops)", highlight=False)
        out.print(url, highlight=False)

    try:
        munidocs.serve(out_dir, host=host, port=port, settings=settings, ready=ready)
    except ServeError as exc:
        err.print(Text.assemble(("error:", "red"), f" {exc}"), highlight=False)
        raise typer.Exit(2) from exc


@app.command(name="settings")
def show_settings(config: ConfigOption = None, overrides: SetOption = None) -> None:
    """Print the settings a run would use, as TOML (defaults, --config, --set applied)."""
    out.print(_settings(config, overrides).to_toml(), highlight=False, markup=False)


@app.command()
def version() -> None:
    """Print the pipeline version (recorded on every document)."""
    from munidocs.extractors import PIPELINE_VERSION

    out.print(PIPELINE_VERSION)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
