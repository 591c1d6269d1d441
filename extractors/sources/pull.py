"""The pull stage: get PDF bytes from paths, folders, URLs and listing pages into the Store.

Every file comes back as a PulledFile, usable or not: one bad link, a 404 or a timeout is
reported in `error` and never stops the other files. Only `%PDF-` files within the size cap
are stored. HTTP downloads stream to disk under the cap, retry transient failures (5xx, 429,
timeouts, dropped connections) with exponential backoff via tenacity, and re-fetch
conditionally (ETag / Last-Modified), so an unchanged PDF costs a 304 and no bytes.

doc_id: the SHA-256 of the bytes read, as in the data contract. A source that gave no bytes
at all (404, timeout, refused connection, empty or oversized file, missing file) has
`SOURCE_ID_PREFIX` + SHA-256 of the UTF-8 source string instead, so a failed source keeps a
stable id that can never be mistaken for a content hash.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import TypeVar
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

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
from munidocs.extractors.sources.manifest import Source, make_client
from munidocs.extractors.sources.store import HEAD_BYTES, PendingFile, Store, Validators

log = logging.getLogger(__name__)

SOURCE_ID_PREFIX = "src-"
"""Prefix of the doc_id of a source that gave no bytes: `src-` + sha256(source string)."""

T = TypeVar("T")

_CHUNK = 1 << 16
_PDF_WORD = re.compile(r"\bpdf\b", re.IGNORECASE)

__all__ = [
    "SOURCE_ID_PREFIX",
    "PullSettings",
    "PulledFile",
    "make_client",
    "pdf_links",
    "pull",
    "pull_all",
    "source_id",
]


@dataclass(frozen=True)
class PulledFile:
    """One file the pull stage looked at: stored (path set) or failed (error set)."""

    doc_id: str
    """sha256 hex of the bytes; `src-` + sha256(UTF-8 source) when no bytes came at all."""
    source: str
    """The path (as given in the manifest/CLI, folder files joined to it) or URL (as linked)."""
    file_name: str
    """Base name, from Content-Disposition, the (redirected) URL path, or the file."""
    path: Path | None
    """The stored PDF; None when the pull failed."""
    n_bytes: int
    """Bytes of the PDF (for a failure: what was read, or the announced/local size)."""
    error: str | None
    """Why this is not a usable PDF, readable for a user; None when it is."""
    not_modified: bool = False
    """The server answered 304: the stored bytes are still current and none were read."""

    @property
    def ok(self) -> bool:
        return self.error is None and self.path is not None


def source_id(source: str) -> str:
    """The stable id of a source that gave no bytes (see the module docstring)."""
    return SOURCE_ID_PREFIX + hashlib.sha256(source.encode("utf-8")).hexdigest()


def _failed(source: str, file_name: str, error: str, n_bytes: int = 0) -> PulledFile:
    log.warning("pull failed: %s: %s", source, error)
    return PulledFile(source_id(source), source, file_name, None, n_bytes, error)


def _human_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} bytes"


def cap_error(settings: PullSettings) -> str:
    return f"larger than the {_human_size(settings.max_bytes)} cap"


def pdf_problem(head: bytes) -> str | None:
    """Why these leading bytes are not a PDF, or None (`%PDF-` within the first 1,024 bytes)."""
    if not head:
        return "empty file"
    if b"%PDF-" in head[:HEAD_BYTES]:
        return None
    text = head[:24].decode("utf-8", "replace")
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if not text:
        return "not a PDF: no %PDF- header in the first 1,024 bytes"
    return f"not a PDF: starts with '{text}'"


def _finish(pending: PendingFile, source: str, file_name: str) -> PulledFile:
    """Commit the pending bytes if they are a PDF; otherwise report why not (nothing stored)."""
    if pending.n_bytes == 0:
        return _failed(source, file_name, "empty file")
    problem = pdf_problem(pending.head)
    if problem is not None:
        log.warning("pull failed: %s: %s", source, problem)
        return PulledFile(pending.sha256, source, file_name, None, pending.n_bytes, problem)
    doc_id, path = pending.commit()
    log.info("pulled %s -> %s (%d bytes)", source, doc_id[:12], pending.n_bytes)
    return PulledFile(doc_id, source, file_name, path, pending.n_bytes, None)


# --- local files -------------------------------------------------------------------------


def _pull_file(path: Path, source: str, store: Store, settings: PullSettings) -> PulledFile:
    name = path.name
    try:
        size = path.stat().st_size
        if size == 0:
            return _failed(source, name, "empty file")
        if size > settings.max_bytes:
            return _failed(source, name, cap_error(settings), size)
        known = _known_copy(path, store)
        if known is not None:  # already stored: a rerun hashes the file and copies nothing
            return PulledFile(known[0], source, name, known[1], size, None)
        with store.pending() as pending, open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                pending.write(chunk)
                if pending.n_bytes > settings.max_bytes:  # the file grew while we read it
                    return _failed(source, name, cap_error(settings), pending.n_bytes)
            return _finish(pending, source, name)
    except OSError as exc:
        return _failed(source, name, f"cannot read the file: {exc.strerror or exc}")


def _known_copy(path: Path, store: Store) -> tuple[str, Path] | None:
    """(doc_id, stored path) when the store already holds these bytes as a PDF, else None."""
    digest = hashlib.sha256()
    head = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
    doc_id = digest.hexdigest()
    if pdf_problem(head) is None and store.has(doc_id):
        return doc_id, store.path(doc_id)
    return None


def _pdfs_in_folder(root: Path) -> list[Path]:
    """*.pdf in any case, recursively, sorted; hidden files and folders (.git, ...) skipped."""
    found = (
        p
        for p in root.rglob("*")
        if p.suffix.lower() == ".pdf"
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.is_file()
    )
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _pull_local(source: Source, store: Store, settings: PullSettings) -> list[PulledFile]:
    root = source.path or Path(source.location)
    if not root.exists():
        return [_failed(source.location, root.name, "no such file or folder")]
    if not root.is_dir():
        return [_pull_file(root, source.location, store, settings)]
    files = _pdfs_in_folder(root)
    if not files:
        return [_failed(source.location, root.name, "no PDF files in the folder")]
    return [
        _pull_file(p, Path(source.location, p.relative_to(root)).as_posix(), store, settings)
        for p in files
    ]


# --- HTTP --------------------------------------------------------------------------------


class _TransientStatus(Exception):
    """A 5xx or 429 answer: worth another try."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.retry_after = _retry_after(response.headers.get("retry-after"))
        super().__init__(_status_text(self.status))


class _Fatal(Exception):
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


def _with_retries(
    settings: PullSettings, source: str, name: str, attempt: Callable[[], T]
) -> T | PulledFile:
    """Run one request with retries; whatever still fails becomes a failed PulledFile."""
    tries = f"after {settings.retries} {'try' if settings.retries == 1 else 'tries'}"
    try:
        return _retrying(settings)(attempt)
    except _TransientStatus as exc:
        return _failed(source, name, f"{exc} {tries}")
    except httpx.TimeoutException:
        return _failed(source, name, f"timed out {tries}")
    except httpx.TransportError as exc:
        return _failed(source, name, f"connection failed {tries}: {exc or type(exc).__name__}")
    except _Fatal as exc:
        return _failed(source, name, str(exc))
    except httpx.HTTPError as exc:
        return _failed(source, name, f"{type(exc).__name__}: {exc}")


def _url_file_name(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name)


def file_name_for(response: httpx.Response, url: str) -> str:
    """Content-Disposition's file name, else the last URL path segment (after redirects)."""
    name = None
    disposition = response.headers.get("content-disposition")
    if disposition:
        msg = Message()
        msg["content-disposition"] = disposition
        name = msg.get_filename()
    name = name or _url_file_name(str(response.url)) or _url_file_name(url)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name or urlsplit(url).netloc


def _check_status(response: httpx.Response) -> None:
    if response.status_code == 429 or response.status_code >= 500:
        raise _TransientStatus(response)
    if not response.is_success:
        raise _Fatal(_status_text(response.status_code))


def _check_length(response: httpx.Response, settings: PullSettings) -> None:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > settings.max_bytes:
        raise _Fatal(cap_error(settings))


def _stream_to(pending: PendingFile, chunks: Iterable[bytes], settings: PullSettings) -> None:
    for chunk in chunks:
        pending.write(chunk)
        if pending.n_bytes > settings.max_bytes:
            raise _Fatal(cap_error(settings))


def _fetch_pdf(url: str, store: Store, settings: PullSettings, client: httpx.Client) -> PulledFile:
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
            _check_status(response)
            _check_length(response, settings)
            with store.pending() as pending:
                _stream_to(pending, response.iter_bytes(_CHUNK), settings)
                pulled = _finish(pending, url, name)
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

    return _with_retries(settings, url, _url_file_name(url) or url, attempt)


# --- listing pages -----------------------------------------------------------------------


class _LinkParser(HTMLParser):
    """Collects <base href> and each <a href>'s href, type/title attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str]] = []  # (href, what the link says about itself)
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"]
        elif tag == "a":
            self._close_link()
            if values.get("href"):
                said = [values.get(k, "") for k in ("type", "title", "aria-label", "download")]
                self._open = (values["href"], said)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_link()

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def close(self) -> None:
        super().close()
        self._close_link()

    def _close_link(self) -> None:
        if self._open is not None:
            href, said = self._open
            self.links.append((href.strip(), " ".join(said)))
            self._open = None


def _host_allowed(host: str, allowed: Iterable[str]) -> bool:
    for pattern in allowed:
        if pattern.startswith("*."):
            if host == pattern[2:] or host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False


def pdf_links(html: str, page_url: str, allow_hosts: Sequence[str] = ()) -> list[str]:
    """The PDF links of a page, absolute, in page order, without duplicates or fragments.

    A link counts when its path ends in .pdf (any case; query and fragment ignored) or its
    text, type, title or aria-label says "PDF". Only links on the page's own host are kept,
    plus hosts in allow_hosts (`*.example.org` allows subdomains).
    """
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    base = urljoin(page_url, parser.base) if parser.base else page_url
    allowed = {(urlsplit(page_url).hostname or "").lower(), *(h.lower() for h in allow_hosts)}
    seen: set[str] = set()
    links = []
    for href, said in parser.links:
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or url in seen:
            continue
        if not (parts.path.lower().endswith(".pdf") or _PDF_WORD.search(said)):
            continue
        if not _host_allowed((parts.hostname or "").lower(), allowed):
            log.debug("ignoring PDF link on another host: %s", url)
            continue
        seen.add(url)
        links.append(url)
    return links


@dataclass(frozen=True)
class _Listing:
    final_url: str
    body: bytes
    charset: str
    file_name: str


def _fetch_listing(page: str, settings: PullSettings, client: httpx.Client) -> _Listing:
    with client.stream("GET", page) as response:
        _check_status(response)
        _check_length(response, settings)
        body = bytearray()
        for chunk in response.iter_bytes(_CHUNK):
            body += chunk
            if len(body) > settings.max_bytes:
                raise _Fatal(cap_error(settings))
        return _Listing(
            final_url=str(response.url),
            body=bytes(body),
            charset=response.charset_encoding or "utf-8",
            file_name=file_name_for(response, page),
        )


def _pull_listing(
    source: Source, store: Store, settings: PullSettings, client: httpx.Client
) -> list[PulledFile]:
    page = source.location
    name = _url_file_name(page) or urlsplit(page).netloc
    listing = _with_retries(settings, page, name, lambda: _fetch_listing(page, settings, client))
    if isinstance(listing, PulledFile):
        return [listing]
    if pdf_problem(listing.body[:HEAD_BYTES]) is None:  # the "listing" is itself a PDF
        with store.pending() as pending:
            pending.write(listing.body)
            return [_finish(pending, page, listing.file_name)]
    try:
        html = listing.body.decode(listing.charset, errors="replace")
    except LookupError:  # an unknown charset name
        html = listing.body.decode("utf-8", errors="replace")
    hosts = [*source.allow_hosts, (urlsplit(page).hostname or "").lower()]
    links = pdf_links(html, listing.final_url, hosts)
    log.info("listing %s: %d PDF links", page, len(links))
    if not links:
        return [_failed(page, name, "no PDF links on the listing page")]
    return [_fetch_pdf(link, store, settings, client) for link in links]


# --- entry points ------------------------------------------------------------------------


def pull(
    source: Source,
    store: Store,
    settings: PullSettings | None = None,
    client: httpx.Client | None = None,
) -> list[PulledFile]:
    """Pull one source into the store; failures come back as PulledFiles with `error` set.

    Local sources never open a network connection (no client is even created for them).
    Pass `client` to share connections across sources (see `pull_all`).
    """
    settings = settings or PullSettings()
    if source.kind == "path":
        return _pull_local(source, store, settings)
    own = client is None
    http = client if client is not None else make_client(settings)
    try:
        if source.kind == "url":
            return [_fetch_pdf(source.location, store, settings, http)]
        return _pull_listing(source, store, settings, http)
    finally:
        if own:
            http.close()


def pull_all(
    sources: Iterable[Source], store: Store, settings: PullSettings | None = None
) -> list[PulledFile]:
    """Pull every source in order with one shared HTTP client (created only when needed)."""
    settings = settings or PullSettings()
    results: list[PulledFile] = []
    client: httpx.Client | None = None
    try:
        for source in sources:
            if source.kind != "path" and client is None:
                client = make_client(settings)
            results.extend(pull(source, store, settings, client))
    finally:
        if client is not None:
            client.close()
    return results
