"""Listing pages: an HTML page whose PDF links are pulled (own host only, unless allowed)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from munidocs.extractors.sources.http import (
    Deadline,
    Fatal,
    check_status,
    fetch_pdf,
    file_name_for,
    host_allowed,
    iter_body,
    open_stream,
    url_file_name,
    with_retries,
)
from munidocs.extractors.sources.manifest import Source
from munidocs.extractors.sources.pulled import PulledFile, failed, finish, human_size, pdf_problem
from munidocs.extractors.sources.settings import PullSettings
from munidocs.extractors.sources.store import HEAD_BYTES, Store

log = logging.getLogger(__name__)

_PDF_WORD = re.compile(r"\bpdf\b", re.IGNORECASE)


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
        if not host_allowed((parts.hostname or "").lower(), allowed):
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


def _listing_cap_error(settings: PullSettings) -> str:
    return f"listing page larger than the {human_size(settings.max_listing_bytes)} cap " + (
        "(pull.max_listing_bytes)"
    )


def _fetch_listing(
    page: str,
    settings: PullSettings,
    client: httpx.Client,
    allow_hosts: Sequence[str],
    deadline: Deadline,
) -> _Listing:
    with open_stream(client, page, settings, deadline, allow_hosts) as response:
        check_status(response)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > settings.max_listing_bytes:
            raise Fatal(_listing_cap_error(settings))
        body = bytearray()
        for chunk in iter_body(response, deadline):
            body += chunk
            if len(body) > settings.max_listing_bytes:
                raise Fatal(_listing_cap_error(settings))
        return _Listing(
            final_url=str(response.url),
            body=bytes(body),
            charset=response.charset_encoding or "utf-8",
            file_name=file_name_for(response, page),
        )


def pull_listing(
    source: Source, store: Store, settings: PullSettings, client: httpx.Client
) -> list[PulledFile]:
    return list(iter_listing(source, store, settings, client))


def iter_listing(
    source: Source, store: Store, settings: PullSettings, client: httpx.Client
) -> Iterator[PulledFile]:
    """The listing's PDFs, each yielded as soon as its download is done.

    At most `pull.max_listing_links` links are followed; when a page has more, the rest are
    reported as one failed entry for the listing that names the cap, so a user sees it.
    """
    page = source.location
    name = url_file_name(page) or urlsplit(page).netloc
    hosts = [*source.allow_hosts, (urlsplit(page).hostname or "").lower()]
    deadline = Deadline(settings.download_deadline)
    listing = with_retries(
        settings,
        page,
        name,
        lambda: _fetch_listing(page, settings, client, hosts, deadline),
        deadline,
    )
    if isinstance(listing, PulledFile):
        yield listing
        return
    if pdf_problem(listing.body[:HEAD_BYTES]) is None:  # the "listing" is itself a PDF
        with store.pending() as pending:
            pending.write(listing.body)
            yield finish(pending, page, listing.file_name)
        return
    try:
        html = listing.body.decode(listing.charset, errors="replace")
    except LookupError:  # an unknown charset name
        html = listing.body.decode("utf-8", errors="replace")
    links = pdf_links(html, listing.final_url, hosts)
    log.info("listing %s: %d PDF links", page, len(links))
    if not links:
        yield failed(page, name, "no PDF links on the listing page")
        return
    cap = settings.max_listing_links
    if len(links) > cap:
        log.warning(
            "listing %s has %d PDF links; following the first %d (pull.max_listing_links)",
            page,
            len(links),
            cap,
        )
    for link in links[:cap]:
        yield fetch_pdf(link, store, settings, client, hosts)
    if len(links) > cap:
        yield failed(
            page,
            name,
            f"{len(links) - cap:,} of its {len(links):,} PDF links not followed: "
            f"only the first {cap:,} are (pull.max_listing_links)",
        )
