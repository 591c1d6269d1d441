"""HTTP downloads of PDFs: streamed to the store under the size cap, retried, re-validated.

Transient failures (5xx, 429, timeouts, dropped connections) are retried with exponential
backoff via tenacity (a server's Retry-After is honoured up to `backoff_max`); an unchanged PDF
is re-fetched conditionally (ETag / Last-Modified) and costs a 304 and no bytes. Whatever still
fails becomes a failed `PulledFile` with a readable reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from typing import TypeVar
from urllib.parse import unquote, urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from munidocs.extractors.settings import PullSettings
from munidocs.extractors.sources.pulled import PulledFile, cap_error, failed, finish
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


def _retrying(settings: PullSettings) -> Retrying:
    exponential = wait_exponential(multiplier=settings.backoff_base, max=settings.backoff_max)

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, _TransientStatus) and exc.retry_after is not None:
            return min(exc.retry_after, settings.backoff_max)
        return float(exponential(state))

    return Retrying(
        stop=stop_after_attempt(settings.retries),
        wait=wait,
        retry=retry_if_exception(_is_transient),
        before_sleep=before_sleep_log(log, logging.INFO),
        reraise=True,
    )


def with_retries(
    settings: PullSettings, source: str, name: str, attempt: Callable[[], T]
) -> T | PulledFile:
    """Run one request with retries; whatever still fails becomes a failed PulledFile."""
    tries = f"after {settings.retries} {'try' if settings.retries == 1 else 'tries'}"
    try:
        return _retrying(settings)(attempt)
    except _TransientStatus as exc:
        return failed(source, name, f"{exc} {tries}")
    except httpx.TimeoutException:
        return failed(source, name, f"timed out {tries}")
    except httpx.TransportError as exc:
        return failed(source, name, f"connection failed {tries}: {exc or type(exc).__name__}")
    except Fatal as exc:
        return failed(source, name, str(exc))
    except httpx.HTTPError as exc:
        return failed(source, name, f"{type(exc).__name__}: {exc}")


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


def fetch_pdf(url: str, store: Store, settings: PullSettings, client: httpx.Client) -> PulledFile:
    cached = store.validators.get(url)
    if cached is not None and not store.has(cached.doc_id):
        cached = None
    headers = {}
    if cached is not None and cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached is not None and cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified

    def attempt() -> PulledFile:
        with client.stream("GET", url, headers=headers) as response:
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
                _stream_to(pending, response.iter_bytes(CHUNK), settings)
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

    return with_retries(settings, url, url_file_name(url) or url, attempt)
