"""The `munidocs` command: each command is one call into the Python API (`munidocs.api`).

The API (and with it Prefect) is imported only inside the commands, after the log level is
chosen, so `--help` is instant and `-v` can still turn Prefect's logging up.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

if TYPE_CHECKING:
    import munidocs
    from munidocs.extractors.output.verify import Verification
    from munidocs.extractors.settings import Settings

app = typer.Typer(
    help="Turn Danish municipal PDFs (budget notes, letters) into datasets you can query and check.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def _out_folder(value: str | Path) -> Path:
    """`--out`: a folder name; an empty one would silently mean the current folder."""
    if isinstance(value, Path):
        return value
    if not value.strip():
        raise typer.BadParameter("must name a folder, e.g. --out outputs (got an empty name)")
    return Path(value)


OutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="Folder for the datasets (created if missing).",
        parser=_out_folder,
    ),
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
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc


def _logging(verbose: int) -> None:
    """Quiet by default (failures are listed once at the end); -v shows Prefect's and our logs.

    Without -v Prefect's console shows nothing: a task that raises (a full disk) would print
    its traceback twice, and the command prints one line for it instead.
    """
    level = ["ERROR", "INFO", "DEBUG"][min(verbose, 2)]
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "CRITICAL" if verbose == 0 else level
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
    _logging(verbose)
    options = [f"run.workers={workers}"] if workers is not None else []
    options += [f"run.dask_address={dask}"] if dask is not None else []
    settings = _settings(config, [*(overrides or []), *options])
    import munidocs
    from munidocs.extractors.sources.manifest import SourceError, is_http_url, sources_from_args
    from munidocs.flows.run import NeedsServer, resolve_sources

    # fail fast on a wrong path or manifest, before Prefect starts; URLs are asked only once,
    # by the flow, which also records an unreachable one as a failed document
    local = [s for s in sources or [] if not is_http_url(s)]
    try:
        if local:
            sources_from_args(local)
        elif not sources:
            resolve_sources(None, str(manifest) if manifest else None)
    except SourceError as exc:  # escaped: a manifest error names `[[source]]`, not rich markup
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
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
    except NeedsServer as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except Exception as exc:  # the outputs are untouched: every write is atomic
        if verbose:
            raise
        err.print(_failure_line(exc, out_dir), highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    for source, reason in summary.failures:
        line = f"[yellow]failed:[/yellow] {escape(source)}: {escape(reason)}"
        err.print(line, soft_wrap=True, highlight=False)
    out.print(summary.line(), highlight=False, soft_wrap=True)
    if strict and summary.failed:
        raise typer.Exit(1)


def _failure_line(exc: BaseException, out_dir: Path) -> str:
    """One line for a run that stopped: what happened, that the outputs are as before."""
    as_before = f"the outputs in {escape(str(out_dir))} are as before"
    seen: BaseException | None = exc
    while seen is not None:  # Prefect may wrap the OSError; look down the chain
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            where = escape(str(seen.filename or out_dir))
            return f"[red]error:[/red] the disk is full (writing {where}); {as_before}"
        seen = seen.__cause__ or seen.__context__
    what = escape(f"{type(exc).__name__}: {exc}")
    return f"[red]error:[/red] the run failed: {what}; {as_before} (run with -v for details)"


def _writable_folder(path: Path) -> None:
    """Fail before any work when the output folder cannot be created or written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        reason = escape(str(exc.strerror or exc))
        err.print(f"[red]error:[/red] cannot write datasets to {escape(str(path))}: {reason}")
        raise typer.Exit(2) from exc


def _outputs(out_dir: Path) -> munidocs.Outputs:
    import munidocs

    try:
        return munidocs.open_outputs(out_dir)
    except munidocs.NoOutputs as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
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


@app.command(name="verify")
def verify_figure(
    figure: Annotated[
        str,
        typer.Argument(
            help="An amount, a number or a law reference: 650000, '0,6 mio. kr.', "
            "'650.000 kr.', 'integrationslovens § 18'.",
            show_default=False,
        ),
    ],
    out_dir: ReadOption = Path("outputs"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
    pictures: Annotated[
        Path | None,
        typer.Option(
            "--pictures",
            help="Write one PNG per hit into this folder: its page, the hit highlighted.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Find every place a figure or a law reference appears, in any form, and the checks on it."""
    import json

    import munidocs
    from munidocs.extractors.output.verify import NotAFigure

    _outputs(out_dir)
    try:
        result = munidocs.verify(figure, out_dir, pictures=pictures)
    except NotAFigure as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_verification(result)
    if pictures is not None and result.hits:
        n = len(result.hits)
        err.print(f"pictures of {n} hit{'s' if n != 1 else ''} in {pictures}", highlight=False)
    if not result.hits:
        if as_json:
            err.print(result.no_hit_line(), highlight=False)
        raise typer.Exit(1)


def _print_verification(result: Verification) -> None:
    """One block per hit (where, what kind, how it matched, the text, its checks), then the
    checks that involve the hits: failures and warnings in full, passes counted."""
    if not result.hits:
        out.print(result.no_hit_line(), highlight=False)
        return
    n = len(result.hits)
    out.print(
        f"{result.query.text!r} read as {result.query.describe()}: "
        f"{n} place{'s' if n != 1 else ''} in {len({h.doc_id for h in result.hits})} of "
        f"{result.n_documents} documents",
        highlight=False,
    )
    marks = {"fail": "[red]✗[/red]", "warn": "[yellow]![/yellow]", "pass": "[green]✓[/green]"}
    for k, hit in enumerate(result.hits, start=1):
        total = " [bold]total[/bold]" if hit.is_total else ""
        match = hit.match if hit.match == "exact" else f"[yellow]{hit.match}[/yellow]"
        box = "" if hit.bbox is None else " at " + ",".join(f"{v:.0f}" for v in hit.bbox)
        out.print(
            f"\n[bold]{k:>3}[/bold]  {hit.file_name}  page {hit.page}{box}  "
            f"{hit.kind}{total}  {match}",
            highlight=False,
        )
        out.print(f"     {hit.text}", highlight=False, markup=False)
        if hit.checks:
            listed = "  ".join(f"{marks.get(c.status, c.status)} {c.check}" for c in hit.checks)
            out.print(f"     checks: {listed}", highlight=False)
    shown = [c for c in result.checks if c.status != "pass"]
    passed = len(result.checks) - len(shown)
    if result.checks:
        out.print("")
    for check in shown:
        out.print(f"{marks[check.status]} {check.check}: ", end="", highlight=False)
        out.print(check.message, highlight=False, markup=False)
    if passed:
        out.print(f"{marks['pass']} {passed} more checks on these places pass", highlight=False)


@app.command()
def show(
    doc: Annotated[
        str,
        typer.Argument(
            help="The document: its doc_id, the first characters of it, or its file name.",
            show_default=False,
        ),
    ],
    page: Annotated[int, typer.Argument(help="Page number (1-based).", min=1, show_default=False)],
    out_dir: ReadOption = Path("outputs"),
    png: Annotated[
        Path | None,
        typer.Option(
            "--png", help="Where to write the picture (default: <file name>-p<PAGE>.png here)."
        ),
    ] = None,
) -> None:
    """Draw a page with the box of every extracted record on it (a legend by kind) as a PNG."""
    import munidocs
    from munidocs.extractors.output.evidence import UnknownDocument

    _outputs(out_dir)
    try:
        path = munidocs.show(doc, page, out_dir, png)
    except (UnknownDocument, ValueError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {exc.args[0] if exc.args else exc}", highlight=False)
        raise typer.Exit(2) from exc
    out.print(str(path), highlight=False)


@app.command(name="settings")
def show_settings(config: ConfigOption = None, overrides: SetOption = None) -> None:
    """Print the settings a run would use, as TOML (defaults, --config, --set applied)."""
    out.print(_settings(config, overrides).to_toml(), highlight=False, markup=False)


@app.command()
def schedule(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="What each run reads, as for `munidocs run`: PDF files, folders, URLs, a manifest.",
            show_default=False,
        ),
    ] = None,
    cron: Annotated[
        str | None,
        typer.Option(
            "--cron",
            help="When to run, as cron: minute hour day month weekday, e.g. '0 6 * * 1-5' "
            "(06:00 on weekdays).",
            show_default=False,
        ),
    ] = None,
    interval: Annotated[
        float | None,
        typer.Option("--interval", help="Or: run every this many seconds.", show_default=False),
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
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help="Deployment name, shown in the Prefect UI as munidocs-run/NAME "
            "(default: the output folder's name).",
            show_default=False,
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help="Time zone of the cron times, e.g. Europe/Copenhagen (default: this machine's).",
            show_default=False,
        ),
    ] = None,
    poll: Annotated[
        float, typer.Option("--poll", help="Seconds between asking the server for due runs.")
    ] = 10.0,
    config: ConfigOption = None,
    overrides: SetOption = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More logging (-v: debug).")
    ] = 0,
) -> None:
    """Run on a schedule: register the flow with a Prefect server and serve it until stopped.

    Needs a Prefect server: `munidocs server`, then export PREFECT_API_URL.

    Every run is incremental, like `munidocs run`; its logs and artifacts show in the Prefect UI.

    Ctrl-C (or SIGTERM) stops serving and pauses the schedule.
    """
    _logging(verbose + 1)  # runs log their progress here: a terminal, a systemd journal
    settings = _settings(config, overrides)
    from munidocs.extractors.sources.manifest import SourceError, is_http_url, sources_from_args
    from munidocs.flows.run import resolve_sources

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

    import munidocs
    from munidocs.flows.schedule import NoServer, ScheduleError

    try:
        munidocs.schedule(
            sources or None,
            out_dir,
            settings,
            cron=cron,
            interval=interval,
            name=name,
            manifest=manifest,
            timezone=timezone,
            poll=poll,
        )
    except (NoServer, ScheduleError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


@app.command()
def server(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 4200,
    home: Annotated[
        Path,
        typer.Option("--home", help="Folder for the server's database (prefect.db) and logs."),
    ] = Path("~/.munidocs/prefect"),
) -> None:
    """Start a local Prefect server with its UI (on 127.0.0.1, analytics off) until stopped."""
    import munidocs

    url = f"http://127.0.0.1:{port}"
    err.print(
        f"Prefect UI: {url}   database: {home.expanduser() / 'prefect.db'}\n"
        f"In another terminal: export PREFECT_API_URL={url}/api   then: munidocs schedule ...",
        highlight=False,
    )
    raise typer.Exit(munidocs.start_server(port=port, home=home))


@app.command()
def version() -> None:
    """Print the pipeline version (recorded on every document)."""
    from munidocs.extractors import PIPELINE_VERSION

    out.print(PIPELINE_VERSION)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
