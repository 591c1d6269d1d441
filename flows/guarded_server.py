"""Prefect's temporary server with a `Watchdog` on each of its processes (`temporary_server`).

A module of its own because importing Prefect's server code costs some 2 s of CPU: a run against
a configured server (`PREFECT_API_URL`) never loads it.
"""

from __future__ import annotations

import subprocess
from typing import Any

from prefect.server.api.server import SubprocessASGIServer

from munidocs.flows.temporary_server import Watchdog


class GuardedServer(SubprocessASGIServer):
    """Prefect's temporary server, each process of it watched from the moment it is spawned
    (a run killed while the server is still starting up must not leave it behind)."""

    _instances: dict[int | None, SubprocessASGIServer] = {}  # noqa: RUF012 (apart from Prefect's)

    def __init__(self, port: int | None = None) -> None:
        super().__init__(port)
        if not hasattr(self, "watchdogs"):
            self.watchdogs: list[Watchdog] = []

    def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
        process = super()._run_uvicorn_command()
        self.watchdogs.append(Watchdog(process.pid))
        return process

    def release(self) -> None:
        """Stop the server and dismiss its watchdogs."""
        try:
            self.stop()
        finally:
            for watchdog in self.watchdogs:
                watchdog.release()
            self.watchdogs.clear()
