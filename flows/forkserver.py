"""Worker processes forked from one warm process (a fork server) instead of started one by one.

Why: most of a worker's start is loading (Python, pdfplumber, pdfium, spaCy and its NER model:
~1.4 s of CPU). N workers started as fresh interpreters loaded N times, at the moment the run
wanted every core for documents, and a worker replaced after a limit loaded again. The fork
server loads once; each worker is forked from its warm state in milliseconds and shares the
loaded pages with it (copy on write; `worker_process.warm_up` freezes the loaded objects, so
the garbage collector does not write to them).

The protocol, over one socket pair: to start a worker, the supervisor makes a socket pair for
it and passes one end (SCM_RIGHTS) with a one-byte request; the server forks, the child serves
jobs on that end (`worker_process.serve`) and the server answers `("forked", pid)`. The
server is the workers' parent: it reaps them and reports `("exit", pid, returncode)`, so the
supervisor can say how a worker ended. Each process dies with its parent (PR_SET_PDEATHSIG):
the supervisor's death ends the server, the server's ends its workers.

Only the standard library is imported at the top: the supervising side (the run's process)
loads nothing of the stages, and the server loads them in `serve`.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from multiprocessing.connection import Connection

_CODE = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from munidocs.flows.forkserver import serve; serve(int(sys.argv[2]), sys.argv[3])"
)


class ForkedWorker:
    """The supervisor's handle on one forked worker: its job socket, and its pid and exit as
    the fork server reports them (the pid is None until the server has forked it)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pid: int | None = None
        self.returncode: int | None = None
        self._known = threading.Event()  # forked, or gone before it was
        self._ended = threading.Event()

    def forked(self, pid: int) -> None:
        self.pid = pid
        self._known.set()

    def exited(self, returncode: int | None) -> None:
        """Ended with `returncode` (as `Popen.returncode`; None: its server died first)."""
        self.returncode = returncode
        self._known.set()
        self._ended.set()

    def wait_pid(self, seconds: float) -> int | None:
        """The worker's pid, waiting up to `seconds` for the server to fork it."""
        self._known.wait(seconds)
        return self.pid

    def alive(self) -> bool:
        return not self._ended.is_set()

    def join(self, seconds: float) -> None:
        self._ended.wait(seconds)

    def kill(self) -> None:
        if self.pid is not None and self.alive():
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self.join(5)
        self.conn.close()


class ForkServer:
    """A warm process (`warm`: the stages and the NER model loaded) that forks workers.

    Started as a plain subprocess that imports munidocs only, not by multiprocessing's "spawn"
    or "forkserver", which import the calling script again (a script without a `__main__`
    guard then ran a run in each; the CLI's own imports cost 0.6 s; a script read from stdin
    could not start one at all)."""

    def __init__(self, warm: bool) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _CODE, json.dumps(sys.path), str(theirs.fileno()),
                 "warm" if warm else "cold"],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            theirs.close()
        self._requests = ours
        self._replies = Connection(os.dup(ours.fileno()), writable=False)
        self._lock = threading.Lock()
        self._pending: deque[ForkedWorker] = deque()
        self._workers: dict[int, ForkedWorker] = {}
        self._gone = False
        self._reader = threading.Thread(target=self._read, name="fork-server", daemon=True)
        self._reader.start()

    def fork(self) -> ForkedWorker:
        """A new worker; it is forked as soon as the server is warm (this does not wait)."""
        ours, theirs = socket.socketpair()
        worker = ForkedWorker(Connection(ours.detach()))
        try:
            with self._lock:
                if self._gone:
                    worker.exited(None)
                    return worker
                try:
                    socket.send_fds(self._requests, [b"f"], [theirs.fileno()])
                except OSError:  # the server is gone; `_read` is about to hear it
                    worker.exited(None)
                else:
                    self._pending.append(worker)
        finally:
            theirs.close()
        return worker

    def alive(self) -> bool:
        return not self._gone and self.process.poll() is None

    def _read(self) -> None:
        """Hand the server's answers to the workers they are about, until it is gone."""
        while True:
            try:
                message = self._replies.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                if message[0] == "forked" and self._pending:
                    worker = self._pending.popleft()
                    self._workers[message[1]] = worker
                    worker.forked(message[1])
                elif message[0] == "exit" and message[1] in self._workers:
                    self._workers.pop(message[1]).exited(message[2])
        with self._lock:  # its workers died with it
            self._gone = True
            for worker in [*self._pending, *self._workers.values()]:
                worker.exited(None)
            self._pending.clear()
            self._workers.clear()

    def close(self, seconds: float = 5.0) -> None:
        """Stop the server once its workers have ended (they end with it past `seconds`)."""
        with contextlib.suppress(OSError):
            self._requests.shutdown(socket.SHUT_WR)
        try:
            self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self._reader.join(5)
        self._requests.close()
        self._replies.close()


def serve(fd: int, mode: str) -> None:
    """The fork server's life: load (`mode` "warm"), then fork a worker for each request on
    the socket `fd` and report its pid and its end, until the supervisor closes the socket
    and the workers have ended."""
    from munidocs.flows import worker_process

    worker_process.die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when workers stop
    if mode == "warm":
        worker_process.warm_up()
    requests = socket.socket(fileno=fd)
    replies = Connection(os.dup(fd), readable=False)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the select below
    signal.set_wakeup_fd(wake_w)
    children: set[int] = set()
    listening = True
    while listening or children:
        waiting = [wake_r, requests.fileno()] if listening else [wake_r]
        ready, _, _ = select.select(waiting, [], [], None if listening else 10.0)
        if not ready and not listening:
            break  # workers that do not end are ended by the server's death
        if wake_r in ready:
            os.read(wake_r, 4096)
        _reap(children, replies)
        if requests.fileno() in ready:
            try:
                message, fds, _, _ = socket.recv_fds(requests, 1, 1)
            except OSError:  # the supervisor is gone
                message, fds = b"", []
            if not message:
                listening = False
                continue
            if not fds:  # a request without its socket: nothing to serve
                continue
            pid = os.fork()
            if pid == 0:
                _child(fds[0], [fd, replies.fileno(), wake_r, wake_w])
            for passed in fds:
                os.close(passed)
            children.add(pid)
            with contextlib.suppress(OSError):
                replies.send(("forked", pid))
    os._exit(0)


def _reap(children: set[int], replies: Connection) -> None:
    """Wait for every ended child and report its return code."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.discard(pid)
        with contextlib.suppress(OSError):
            replies.send(("exit", pid, os.waitstatus_to_exitcode(status)))


def _child(fd: int, inherited: list[int]) -> None:
    """A forked worker: none of the server's sockets or signal handling, then serve jobs;
    never back into the server's loop."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for other in inherited:
            with contextlib.suppress(OSError):
                os.close(other)
        from munidocs.flows import worker_process

        worker_process.serve(Connection(fd))
        code = 0
    finally:
        os._exit(code)
