"""HTTP downloads of PDFs: streamed to the store under the size cap, retried, re-validated.

Transient failures (5xx, 429, timeouts, dropped connections) are retried with exponential
backoff via tenacity (a server's Retry-After is honoured up to `backoff_max`), all within one
overall deadline per download; redirects are followed by hand, a few at most, and only to
http(s) URLs on allowed hosts. An unchanged PDF
is re-fetched conditionally (ETag / Last-Modified) and costs a 304 and no bytes. Whatever still
fails becomes a failed `PulledFile` with a readable reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from typing import TypeVar
from urllib.parse import unquote, urljoin, urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    before_sleep_log,
    retry_if_exception,
    wait_exponential,
)

from munidocs.extractors.sources.pulled import PulledFile, cap_error, failed, finish
from munidocs.extractors.sources.settings import PullSettings
from munidocs.extractors.sources.store import PendingFile, Store, Validators

log = logging.getLogger(__name__)

T = TypeVar("T")

CHUNK = 1 << 16
"""Bytes read from a response or file at a time."""


class _TransientStatus(Exception):
    """A 5xx or 429 answer: worth another try."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.retry_after = _retry_after(response.headers.get("retry-after"))
        super().__init__(_status_text(self.status))


class Fatal(Exception):
    """A failure another try will not fix (404, oversized, ...)."""


def _status_text(status: int) -> str:
    return f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, _TransientStatus):
        return True
    return isinstance(exc, httpx.TransportError) and not isinstance(exc, httpx.UnsupportedProtocol)


class Deadline:
    """The overall time one download may take, retries included (`pull.download_deadline`).

    httpx's read timeout bounds one silence, not a whole answer: a server that sends a byte
    every few seconds would hold a run for hours. Every wait and every read checks this.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        return self._end - time.monotonic()

    @property
    def message(self) -> str:
        return f"took longer than {self.seconds:g} s (pull.download_deadline)"

    def check(self) -> None:
        if self.left() <= 0:
            raise Fatal(self.message)

    def timeout(self, settings: PullSettings) -> httpx.Timeout:
        """The request timeouts, none longer than what is left of the deadline."""
        left = max(0.001, self.left())
        return httpx.Timeout(
            connect=min(settings.connect_timeout, left),
            read=min(settings.read_timeout, left),
            write=min(settings.read_timeout, left),
            pool=min(settings.connect_timeout, left),
        )


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """`host` is one of `allowed` (`*.example.org` admits subdomains; `www.` is ignored)."""
    host = host.lower().removeprefix("www.")
    for pattern in allowed:
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host == pattern[2:] or host.endswith(pattern[1:]):
                return True
        elif host == pattern.removeprefix("www."):
            return True
    return False


def _retrying(settings: PullSettings, deadline: Deadline) -> Retrying:
    exponential = wait_exponential(multiplier=settings.backoff_base, max=settings.backoff_max)

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, _TransientStatus) and exc.retry_after is not None:
            return min(exc.retry_after, settings.backoff_max)
        return float(exponential(state))

    def stop(state: RetryCallState) -> bool:
        """Out of tries, or no time left for the wait and another try."""
        upcoming = state.upcoming_sleep or 0.0
        return state.attempt_number >= settings.retries or deadline.left() <= upcoming

    return Retrying(
        stop=stop,
        wait=wait,
        retry=retry_if_exception(_is_transient),
        before_sleep=before_sleep_log(log, logging.INFO),
        reraise=True,
    )


def with_retries(
    settings: PullSettings,
    source: str,
    name: str,
    attempt: Callable[[], T],
    deadline: Deadline | None = None,
) -> T | PulledFile:
    """Run one request with retries; whatever still fails becomes a failed PulledFile.

    Only transient failures are tried again; the reason says how many tries were made (a
    refused redirect or a 404 is one request and says nothing about tries).
    """
    deadline = deadline or Deadline(settings.download_deadline)
    retrying = _retrying(settings, deadline)

    def tries() -> str:
        n = int(retrying.statistics.get("attempt_number", 1))
        return f"after {n} {'try' if n == 1 else 'tries'}"

    try:
        return retrying(attempt)
    except Fatal as exc:
        return failed(source, name, str(exc))
    except _TransientStatus as exc:
        return failed(source, name, f"{exc} {tries()}")
    except httpx.TimeoutException:
        if deadline.left() <= 0:
            return failed(source, name, deadline.message)
        return failed(source, name, f"timed out {tries()}")
    except httpx.UnsupportedProtocol as exc:
        return failed(source, name, f"only http(s) URLs are pulled: {exc}")
    except httpx.TransportError as exc:
        return failed(source, name, f"connection failed {tries()}: {exc or type(exc).__name__}")
    except httpx.HTTPError as exc:
        return failed(source, name, f"{type(exc).__name__}: {exc}")


@contextmanager
def open_stream(
    client: httpx.Client,
    url: str,
    settings: PullSettings,
    deadline: Deadline,
    allow_hosts: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> Iterator[httpx.Response]:
    """A streamed GET that follows at most `pull.max_redirects` redirects by hand.

    Each hop must stay on http(s) and on the URL's own host or one of `allow_hosts`: a
    redirect to `file:`, to another scheme or to a host nobody allowed is refused (Fatal),
    before any request is sent there.
    """
    allowed = [(urlsplit(url).hostname or "").lower(), *allow_hosts]
    request = client.build_request("GET", url, headers=headers)
    hops = 0
    while True:
        deadline.check()
        request.extensions["timeout"] = deadline.timeout(settings).as_dict()
        response = client.send(request, stream=True, follow_redirects=False)
        if not response.has_redirect_location:
            break
        location = response.headers.get("location", "")
        response.close()
        target = urlsplit(urljoin(str(request.url), location))
        if target.scheme.lower() not in ("http", "https"):
            raise Fatal(
                f"redirected to a {target.scheme or 'relative'}: URL; only http(s) is pulled"
            )
        if not host_allowed(target.hostname or "", allowed):
            raise Fatal(
                f"redirected to another host ({target.hostname}); allow it with allow_hosts"
            )
        hops += 1
        if hops > settings.max_redirects:
            raise Fatal(f"more than {settings.max_redirects} redirects (pull.max_redirects)")
        next_request = response.next_request
        if next_request is None:  # pragma: no cover - httpx sets it for every redirect
            raise Fatal("a redirect without a usable Location")
        request = next_request
    try:
        yield response
    finally:
        response.close()


def iter_body(response: httpx.Response, deadline: Deadline) -> Iterator[bytes]:
    """The body as it arrives (one chunk per network read), cut off at the deadline."""
    for chunk in response.iter_bytes():
        deadline.check()
        yield chunk


def url_file_name(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name)


def file_name_for(response: httpx.Response, url: str) -> str:
    """Content-Disposition's file name, else the last URL path segment (after redirects)."""
    name = None
    disposition = response.headers.get("content-disposition")
    if disposition:
        msg = Message()
        msg["content-disposition"] = disposition
        name = msg.get_filename()
    name = name or url_file_name(str(response.url)) or url_file_name(url)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name or urlsplit(url).netloc


def check_status(response: httpx.Response) -> None:
    if response.status_code == 429 or response.status_code >= 500:
        raise _TransientStatus(response)
    if not response.is_success:
        raise Fatal(_status_text(response.status_code))


def check_length(response: httpx.Response, settings: PullSettings) -> None:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > settings.max_bytes:
        raise Fatal(cap_error(settings))


def _stream_to(pending: PendingFile, chunks: Iterable[bytes], settings: PullSettings) -> None:
    for chunk in chunks:
        pending.write(chunk)
        if pending.n_bytes > settings.max_bytes:
            raise Fatal(cap_error(settings))


def fetch_pdf(
    url: str,
    store: Store,
    settings: PullSettings,
    client: httpx.Client,
    allow_hosts: Sequence[str] = (),
) -> PulledFile:
    """One PDF URL into the store, under the size cap, the deadline and the redirect rules."""
    deadline = Deadline(settings.download_deadline)
    cached = store.validators.get(url)
    if cached is not None and not store.has(cached.doc_id):
        cached = None
    headers = {}
    if cached is not None and cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached is not None and cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified

    def attempt() -> PulledFile:
        with open_stream(client, url, settings, deadline, allow_hosts, headers) as response:
            name = file_name_for(response, url)
            if response.status_code == 304 and cached is not None:
                path = store.path(cached.doc_id)
                log.info("not modified: %s", url)
                name = cached.file_name or name
                size = path.stat().st_size
                return PulledFile(cached.doc_id, url, name, path, size, None, not_modified=True)
            check_status(response)
            check_length(response, settings)
            with store.pending() as pending:
                _stream_to(pending, iter_body(response, deadline), settings)
                pulled = finish(pending, url, name)
            if pulled.ok:
                validators = Validators(
                    doc_id=pulled.doc_id,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    file_name=name,
                )
                if validators.etag or validators.last_modified:
                    store.validators.set(url, validators)
            return pulled

    return with_retries(settings, url, url_file_name(url) or url, attempt, deadline)
