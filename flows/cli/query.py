"""`munidocs query` (read-only SQL) and `munidocs serve` (Datasette in a browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from munidocs.flows.cli.common import (
    ConfigOption,
    ReadOption,
    SetOption,
    app,
    err,
    load_settings,
    need_outputs,
    out,
)


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
    settings = load_settings(config, overrides)
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
    need_outputs(out_dir)  # a clear error when nothing is published yet
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

    settings = load_settings(config, overrides)
    need_outputs(out_dir)

    def ready(url: str, made: bool) -> None:
        copy = "made the SQLite copy" if made else "the SQLite copy is current"
        err.print(f"{copy}; serving {out_dir} at {url} (Ctrl+C stops)", highlight=False)
        out.print(url, highlight=False)

    try:
        munidocs.serve(out_dir, host=host, port=port, settings=settings, ready=ready)
    except ServeError as exc:
        err.print(Text.assemble(("error:", "red"), f" {exc}"), highlight=False)
        raise typer.Exit(2) from exc
