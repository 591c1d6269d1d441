"""Prefect's temporary server for a run without a configured API, that never outlives the run.

Why: with no `PREFECT_API_URL`, Prefect starts a temporary server in a child process and stops
it at exit. A run killed by SIGKILL, SIGTERM or the OOM killer never reaches that exit, and
the server lived on (one was found 16 minutes later). So munidocs starts that same server
itself and hands its process to a watchdog: a small process in its own session that waits on
a pipe from the run; the kernel closes the pipe when the run dies by any means, and the
watchdog then stops the server. A run that ends normally says "done" first and stops the
server itself. The watchdog holds a pidfd, so a recycled process id is never signalled.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

WATCHDOG = r"""
import os, signal, sys, time
pid = int(sys.argv[1])
try:
    handle = os.pidfd_open(pid)
    send = lambda sig: signal.pidfd_send_signal(handle, sig)
except (AttributeError, OSError):
    send = lambda sig: os.kill(pid, sig)
signal.signal(signal.SIGINT, signal.SIG_IGN)
message = sys.stdin.read()  # returns when the run closes the pipe, or dies
if message.strip() != "done":
    try:
        send(signal.SIGTERM)
        for _ in range(50):
            time.sleep(0.1)
            os.kill(pid, 0)
        send(signal.SIGKILL)
    except (ProcessLookupError, OSError):
        pass
"""


class Watchdog:
    """Stops a process when the process that started the watchdog dies, by any signal."""

    def __init__(self, pid: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(pid)],
            stdin=subprocess.PIPE,
            start_new_session=True,  # a Ctrl-C to the run's terminal does not reach it first
            text=True,
        )

    def release(self) -> None:
        """The run ended normally and stops the process itself."""
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.write("done\n")
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def configured_api_url() -> str | None:
    """The Prefect API this process talks to (environment or Prefect profile), if any."""
    url = get_current_settings().api.url
    return str(url) if url else None


@contextmanager
def prefect_api() -> Iterator[str]:
    """The configured Prefect API, or a temporary server that dies with this process."""
    configured = configured_api_url()
    if configured:
        yield configured
        return
    from munidocs.flows.guarded_server import GuardedServer  # Prefect's server code: 2 s to load

    server = GuardedServer()
    try:
        server.start()
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
            _drain_to_server()
    finally:
        server.release()


def _drain_to_server(timeout: float = 10.0) -> None:
    """Send the logs and events still queued to the server before it stops (else Prefect
    prints "Error logging to API" when its workers flush at exit)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=timeout)
