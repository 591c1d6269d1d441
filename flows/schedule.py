"""Scheduled runs on a real Prefect server: `munidocs server` and `munidocs schedule`.

`schedule` registers the main flow (`munidocs-run`) as a deployment with a cron or interval
schedule and serves it until stopped: a Prefect `Runner` in this process polls the server and
starts each scheduled run as a subprocess on this machine. Why `serve` and not a work pool and
a worker: a served deployment is one process to start, stop and put under systemd, it needs no
pool to create and no flow code to ship to storage (the worker would have to find munidocs'
code itself), and the runs happen where the PDFs, the manifest and the output folder are. A
work pool is the better fit when runs must move between machines; munidocs' runs are tied to
one output folder. Stopping the command pauses the schedule (no runs pile up unserved).

Overlapping runs: the runner starts at most `limit` (default 1) runs of the deployment at a
time; any other run on the same output folder (another deployment, `munidocs run` by hand)
waits for the folder's lock or, with `output.when_busy = skip`, does nothing and says so.

`server` starts `prefect server start` bound to 127.0.0.1 with the UI on, analytics off, and
its database in a folder of its own (`~/.munidocs/prefect/prefect.db` by default).
"""

from __future__ import annotations

import inspect
import logging
import os
import signal
import subprocess
import sys
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from munidocs.extractors.settings import Settings
from munidocs.extractors.sources.manifest import is_http_url

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

log = logging.getLogger(__name__)

FLOW_NAME = "munidocs-run"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200
DEFAULT_HOME = Path("~/.munidocs/prefect")
"""The local server's PREFECT_HOME: its SQLite database (`prefect.db`) and logs."""
DEFAULT_POLL = 10.0
"""Seconds between the runner's polls for due runs (Prefect's default)."""


class NoServer(RuntimeError):
    """No Prefect server to register a deployment with."""


class ScheduleError(ValueError):
    """A schedule that cannot be used: no or two schedules, a bad cron, an unknown time zone."""


def no_server_message(url: str | None) -> str:
    """What to do when there is no server: start one, point PREFECT_API_URL at it."""
    start = (
        "Start one in another terminal with `munidocs server` (a local Prefect server with the UI "
        f"on http://{DEFAULT_HOST}:{DEFAULT_PORT}), then "
        f"`export PREFECT_API_URL=http://{DEFAULT_HOST}:{DEFAULT_PORT}/api` and try again."
    )
    if url is None:
        return (
            "scheduled runs need a Prefect server, and PREFECT_API_URL is not set "
            f"(neither in the environment nor in the Prefect profile). {start}"
        )
    return f"no Prefect server answers at PREFECT_API_URL={url}. {start}"


def require_server(timeout: float = 10.0) -> str:
    """The API URL of a Prefect server that answers; NoServer saying what to do otherwise."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise NoServer(no_server_message(None))
    try:
        ok = httpx.get(f"{url.rstrip('/')}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        ok = False
    if not ok:
        raise NoServer(no_server_message(url))
    return str(url)


def local_timezone() -> str:
    """This machine's IANA time zone (what its cron uses), else UTC."""
    if os.environ.get("TZ"):
        return os.environ["TZ"].lstrip(":")
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return "UTC"
    _, sep, name = target.partition("zoneinfo/")
    return name if sep and name else "UTC"


def make_schedule(cron: str | None, interval: float | None, timezone: str | None) -> Any:
    """A Prefect schedule from exactly one of cron and interval, in the given time zone."""
    from prefect.schedules import Cron, Interval

    if (cron is None) == (interval is None):
        raise ScheduleError("give exactly one schedule: --cron '0 6 * * 1-5' or --interval SECONDS")
    zone = timezone or local_timezone()
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"unknown time zone {zone!r} (e.g. Europe/Copenhagen, UTC)") from exc
    if interval is not None:
        if interval <= 0:
            raise ScheduleError(
                f"--interval must be a positive number of seconds, got {interval:g}"
            )
        return Interval(interval, timezone=zone)
    assert cron is not None
    try:
        return Cron(cron, timezone=zone)
    except ValueError as exc:
        raise ScheduleError(
            f"not a cron expression: {cron!r} (five fields: minute hour day month weekday, "
            "e.g. '0 6 * * 1-5' for 06:00 on weekdays)"
        ) from exc


def deployment_parameters(
    sources: Sequence[str] | None, manifest: str | None, out: str, settings: Settings
) -> dict[str, Any]:
    """The flow's parameters, with every local path absolute: a run starts in another process."""
    listed = [s if is_http_url(s) else str(Path(s).resolve()) for s in sources or []]
    return {
        "sources": listed or None,
        "manifest": str(Path(manifest).resolve()) if manifest else None,
        "out": str(Path(out).resolve()),
        "settings": settings.to_dict(),
    }


def build_deployment(
    name: str,
    parameters: dict[str, Any],
    schedule: Any,
) -> RunnerDeployment:
    """The main flow as a deployment, loaded by module path (munidocs is installed)."""
    from prefect.deployments.runner import EntrypointType

    from munidocs.flows.run import munidocs_run

    deployment = munidocs_run.to_deployment(
        name=name,
        schedule=schedule,
        parameters=parameters,
        description=f"munidocs runs into {parameters['out']}",
        tags=["munidocs"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    assert not inspect.isawaitable(deployment)  # synchronous outside an event loop
    return deployment


def serve_schedule(
    deployment: RunnerDeployment, poll: float = DEFAULT_POLL, limit: int = 1
) -> None:
    """Serve the deployment until stopped (Ctrl-C, SIGTERM); the schedule is paused then.

    The pause is done here, not by Prefect's `pause_on_shutdown`: on SIGTERM (systemd's stop)
    Prefect 3.8.8 exits before its own pause call goes through, and the schedule would go on
    making runs that nobody serves.
    """
    from prefect import serve

    try:
        serve(deployment, limit=limit, pause_on_shutdown=False, query_seconds=poll)
    finally:
        pause_deployment(f"{FLOW_NAME}/{deployment.name}")


def pause_deployment(full_name: str) -> bool:
    """Pause a deployment's schedule; False when the server cannot be told (it is logged)."""
    from prefect.client.orchestration import get_client

    try:
        with get_client(sync_client=True) as client:
            client.pause_deployment(client.read_deployment_by_name(full_name).id)
    except Exception as exc:  # stopping must not fail because the server went first
        log.warning("could not pause %s: %s: %s", full_name, type(exc).__name__, exc)
        return False
    log.info("paused the schedule of %s", full_name)
    return True


def server_command(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, home: Path = DEFAULT_HOME
) -> tuple[list[str], dict[str, str]]:
    """The `prefect server start` command line and environment `munidocs server` runs."""
    home = home.expanduser().resolve()
    env = os.environ.copy()
    # old flow runs (and their logs) leave the database after 90 days; the `runs` dataset of
    # each output folder keeps the history for good
    env.setdefault("PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED", "events,flow_runs")
    env.update(
        {
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": f"http://{host}:{port}/api",
            "PREFECT_UI_ENABLED": "true",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    prefect = Path(sys.executable).parent / "prefect"
    command = [str(prefect) if prefect.exists() else "prefect"]
    return [*command, "server", "start", "--host", host, "--port", str(port)], env


def run_server(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, home: Path = DEFAULT_HOME
) -> int:
    """Run a local Prefect server in the foreground until stopped; its exit status."""
    command, env = server_command(host, port, home)
    Path(env["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(command, env=env)

    def forward(signum: int, _frame: Any) -> None:  # systemd's stop: the server stops too
        proc.send_signal(signum)

    try:
        previous = signal.signal(signal.SIGTERM, forward)
    except ValueError:  # not the main thread: the caller owns the signals
        previous = None
    try:
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches the server too; let it shut down cleanly
        try:
            return proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
