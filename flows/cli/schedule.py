"""`munidocs schedule` (serve the flow on a cron or interval) and `munidocs server` (a local
Prefect server with its UI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from munidocs.flows.cli.common import (
    ConfigOption,
    ManifestOption,
    OutOption,
    SetOption,
    app,
    check_sources,
    err,
    load_settings,
    setup_logging,
    writable_folder,
)


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
    manifest: ManifestOption = None,
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
    setup_logging(verbose + 1)  # runs log their progress here: a terminal, a systemd journal
    settings = load_settings(config, overrides)
    check_sources(sources, manifest)
    writable_folder(out_dir)

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
