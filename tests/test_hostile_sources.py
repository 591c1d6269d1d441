"""Hostile sources contained: deadlines, redirects, listing caps, streaming hand-on.

Everything runs against the real HTTP server of tests/httpserver.py on 127.0.0.1; the tests
assert on what the server saw (hits, bytes sent), not on how long anything took.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest
from httpserver import Site, serve

from munidocs.extractors.settings import PullSettings, Settings, SettingsError
from munidocs.extractors.sources.manifest import Source, load_manifest, sources_from_args
from munidocs.extractors.sources.pull import iter_pull, pull, source_id
from munidocs.extractors.sources.store import Store

FAST = PullSettings(
    connect_timeout=2.0, read_timeout=2.0, retries=3, backoff_base=0.01, backoff_max=0.05
)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


def only(results: list) -> object:
    assert len(results) == 1
    return results[0]


# --- the overall deadline of one download --------------------------------------------------


def test_a_dripping_server_is_cut_off_at_the_deadline(site: Site, store: Store) -> None:
    settings = PullSettings(read_timeout=5.0, download_deadline=1.0, retries=3)
    [got] = pull(Source("url", site.url("/drip.pdf")), store, settings)
    assert got.error == "took longer than 1 s (pull.download_deadline)"
    assert got.doc_id == source_id(site.url("/drip.pdf"))
    assert got.path is None
    assert site.hits["/drip.pdf"] == 1  # a deadline is not retried
    # at one byte per 0.1 s the server got to send about 10 bytes, not the 1,000,000 it announced
    assert site.body_bytes["/drip.pdf"] < 60
    assert list(store.root.glob("*/*.pdf")) == []
    assert list(store.root.glob(".incoming-*")) == []


def test_a_dripping_listing_page_is_cut_off_too(site: Site, store: Store) -> None:
    settings = PullSettings(read_timeout=5.0, download_deadline=0.5)
    [got] = pull(Source("listing", site.url("/drip.pdf")), store, settings)
    assert got.error == "took longer than 0.5 s (pull.download_deadline)"


def test_the_probe_of_a_url_keeps_to_the_deadline(site: Site) -> None:
    settings = PullSettings(read_timeout=5.0, download_deadline=0.5)
    [source] = sources_from_args([site.url("/drip")], settings)  # no .pdf: probed
    assert source.kind == "url"  # 404, answered at once
    [source] = sources_from_args([site.url("/drip.pdf?x")], settings)
    assert source.kind == "url"


def test_the_deadline_also_bounds_retries(site: Site, store: Store) -> None:
    """503 forever with long backoffs: the deadline, not the ten tries, ends it."""
    settings = PullSettings(retries=10, backoff_base=0.4, backoff_max=0.4, download_deadline=1.0)
    [got] = pull(Source("url", site.url("/always-500.pdf")), store, settings)
    assert got.error is not None
    assert got.error.startswith("HTTP 503 Service Unavailable after ")
    assert 1 < site.hits["/always-500.pdf"] < 10
    assert got.error.endswith(f"after {site.hits['/always-500.pdf']} tries")


# --- redirects ------------------------------------------------------------------------------


def test_a_redirect_to_file_is_refused_after_one_request(site: Site, store: Store) -> None:
    [got] = pull(Source("url", site.url("/to-file")), store, FAST)
    assert got.error == "redirected to a file: URL; only http(s) is pulled"
    assert site.hits["/to-file"] == 1


def test_a_redirect_to_another_host_is_refused(site: Site, store: Store) -> None:
    [got] = pull(Source("url", site.url("/to-other-host")), store, FAST)
    assert got.error == "redirected to another host (evil.example); allow it with allow_hosts"
    assert site.hits["/to-other-host"] == 1


def test_allow_hosts_admits_a_redirect_to_that_host(site: Site, store: Store) -> None:
    [refused] = pull(Source("url", site.url("/to-localhost")), store, FAST)
    assert refused.error == "redirected to another host (localhost); allow it with allow_hosts"
    source = Source("url", site.url("/to-localhost"), allow_hosts=("localhost",))
    [got] = pull(source, store, FAST)
    assert got.error is None
    assert got.doc_id == hashlib.sha256(site.pdf_a).hexdigest()


def test_redirects_are_capped(site: Site, store: Store) -> None:
    [got] = pull(Source("url", site.url("/loop")), store, PullSettings(max_redirects=4))
    assert got.error == "more than 4 redirects (pull.max_redirects)"
    assert site.hits["/loop"] == 5


def test_manifest_url_entries_take_allow_hosts(tmp_path: Path) -> None:
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        '[[source]]\nurl = "https://kk.dk/a.pdf"\nallow_hosts = ["cdn.kk.dk"]\n', encoding="utf-8"
    )
    assert load_manifest(manifest) == [
        Source("url", "https://kk.dk/a.pdf", allow_hosts=("cdn.kk.dk",))
    ]


# --- listing pages --------------------------------------------------------------------------


def test_a_50000_link_listing_follows_only_the_cap(site: Site, store: Store) -> None:
    results = pull(Source("listing", site.url("/many/index.html")), store, FAST)
    assert len(results) == 1001
    assert sum(r.ok for r in results) == 1000
    assert site.hits["/many/0.pdf"] == 1
    assert site.hits["/many/999.pdf"] == 1
    assert site.hits["/many/1000.pdf"] == 0
    assert sum(
        n for p, n in site.hits.items() if p.startswith("/many/") and p.endswith(".pdf")
    ) == (1000)
    last = results[-1]
    assert last.doc_id == source_id(site.url("/many/index.html"))
    assert last.error == (
        "49,000 of its 50,000 PDF links not followed: only the first 1,000 are "
        "(pull.max_listing_links)"
    )


def test_the_listing_cap_is_a_setting(site: Site, store: Store) -> None:
    site.many_links = 30
    settings = Settings().with_overrides({"pull.max_listing_links": "7"}).pull
    results = pull(Source("listing", site.url("/many/index.html")), store, settings)
    assert [r.ok for r in results] == [True] * 7 + [False]
    assert results[-1].error == (
        "23 of its 30 PDF links not followed: only the first 7 are (pull.max_listing_links)"
    )


def test_an_oversized_listing_page_is_cut_while_streaming(site: Site, store: Store) -> None:
    settings = PullSettings(max_listing_bytes=10_000)
    [got] = pull(Source("listing", site.url("/huge-listing.html")), store, settings)
    assert got.error == "listing page larger than the 9.766 KB cap (pull.max_listing_bytes)"
    assert site.hits["/huge-listing.html"] == 1


def test_downloads_are_handed_on_as_they_finish(site: Site, store: Store) -> None:
    """A caller that stops after three files has three stored files and made three downloads."""
    pulled = list(islice(iter_pull(Source("listing", site.url("/many/index.html")), store), 3))
    assert [p.ok for p in pulled] == [True, True, True]
    assert all(p.path is not None and p.path.is_file() for p in pulled)
    downloads = [p for p in site.hits if p.startswith("/many/") and p.endswith(".pdf")]
    assert sorted(downloads) == ["/many/0.pdf", "/many/1.pdf", "/many/2.pdf"]
    assert len(list(store.root.glob("*/*.pdf"))) == 3


def test_stored_files_are_named_by_hash_whatever_the_url_says(site: Site, store: Store) -> None:
    [got] = pull(Source("url", site.url("/download?id=7")), store, FAST)
    digest = hashlib.sha256(site.pdf_d).hexdigest()
    assert got.file_name == "budgetnotat økonomi.pdf"
    assert got.path == store.root / digest[:2] / f"{digest}.pdf"
    names = {p.name for p in store.root.rglob("*") if p.is_file()}
    assert names == {f"{digest}.pdf"}


# --- settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("pull.download_deadline", "0", "download_deadline must be positive"),
        ("pull.max_redirects", "-1", "max_redirects must not be negative"),
        ("pull.max_listing_links", "0", "max_listing_links and max_listing_bytes must be"),
    ],
)
def test_limits_are_checked(key: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings().with_overrides({key: value})
