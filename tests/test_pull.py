"""The pull stage against local files and a real HTTP server on 127.0.0.1 (tests/httpserver.py)."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from httpserver import ETAG_A, FAKE_PDF, Site, serve, tiny_pdf

from munidocs.extractors.settings import PullSettings
from munidocs.extractors.sources.manifest import DEFAULT_MANIFEST, Source, load_manifest
from munidocs.extractors.sources.pull import (
    PulledFile,
    iter_pull,
    pdf_links,
    pull,
    pull_all,
    source_id,
)
from munidocs.extractors.sources.store import Store

FAST = PullSettings(
    connect_timeout=2.0, read_timeout=2.0, retries=3, backoff_base=0.01, backoff_max=0.05
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_pdfs(store: Store) -> list[Path]:
    return sorted(store.root.glob("*/*.pdf"))


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


def pull_url(url: str, store: Store, settings: PullSettings = FAST) -> PulledFile:
    results = pull(Source("url", url), store, settings)
    assert len(results) == 1
    return results[0]


# --- local files and folders -------------------------------------------------------------


def test_local_file_is_stored_under_its_sha256(tmp_path: Path, store: Store) -> None:
    data = tiny_pdf("lokal")
    pdf = tmp_path / "Notat 1.pdf"
    pdf.write_bytes(data)
    [got] = pull(Source("path", "in/Notat 1.pdf", path=pdf), store, FAST)
    assert got.doc_id == sha(data)
    assert got.error is None
    assert got.source == "in/Notat 1.pdf"
    assert got.file_name == "Notat 1.pdf"
    assert got.n_bytes == len(data)
    assert got.path == store.root / sha(data)[:2] / f"{sha(data)}.pdf"
    assert got.path.read_bytes() == data
    assert store.has(sha(data))


def test_local_folder_is_recursive_sorted_and_case_insensitive(
    tmp_path: Path, store: Store
) -> None:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.pdf").write_bytes(tiny_pdf("b"))
    (folder / "sub" / "A.PDF").write_bytes(tiny_pdf("a"))
    (folder / "a.pdf").write_bytes(tiny_pdf("a2"))
    (folder / "notes.txt").write_text("not a pdf", encoding="utf-8")
    (folder / ".cache").mkdir()
    (folder / ".cache" / "c.pdf").write_bytes(tiny_pdf("hidden"))
    results = pull(Source("path", "corpus", path=folder), store, FAST)
    assert [r.source for r in results] == ["corpus/a.pdf", "corpus/b.pdf", "corpus/sub/A.PDF"]
    assert [r.doc_id for r in results] == [sha(tiny_pdf(t)) for t in ("a2", "b", "a")]
    assert all(r.error is None for r in results)


def test_same_bytes_under_two_names_are_stored_once(tmp_path: Path, store: Store) -> None:
    data = tiny_pdf("samme")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.pdf").write_bytes(data)
    (tmp_path / "in" / "two.pdf").write_bytes(data)
    results = pull(Source("path", "in", path=tmp_path / "in"), store, FAST)
    assert [r.doc_id for r in results] == [sha(data), sha(data)]
    assert [r.file_name for r in results] == ["one.pdf", "two.pdf"]
    assert stored_pdfs(store) == [store.path(sha(data))]


def test_empty_local_file_has_a_source_id_and_no_path(tmp_path: Path, store: Store) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    [got] = pull(Source("path", "empty.pdf", path=tmp_path / "empty.pdf"), store, FAST)
    assert got.error == "empty file"
    assert got.path is None
    assert got.doc_id == "src-" + sha(b"empty.pdf")
    assert got.doc_id == source_id("empty.pdf")
    assert stored_pdfs(store) == []


def test_local_non_pdf_is_reported_with_its_first_bytes(tmp_path: Path, store: Store) -> None:
    body = b"<html><body>Fejl 404</body></html>"
    (tmp_path / "x.pdf").write_bytes(body)
    [got] = pull(Source("path", "x.pdf", path=tmp_path / "x.pdf"), store, FAST)
    assert got.error == "not a PDF: starts with '<html><body>Fejl 404</bo'"
    assert got.doc_id == sha(body)
    assert got.path is None
    assert stored_pdfs(store) == []


def test_pdf_header_is_accepted_within_the_first_1024_bytes(tmp_path: Path, store: Store) -> None:
    near = b"\0" * 1000 + tiny_pdf("junk first")
    far = b"\0" * 1024 + tiny_pdf("junk first")
    (tmp_path / "near.pdf").write_bytes(near)
    (tmp_path / "far.pdf").write_bytes(far)
    [got_near] = pull(Source("path", "near.pdf", path=tmp_path / "near.pdf"), store, FAST)
    [got_far] = pull(Source("path", "far.pdf", path=tmp_path / "far.pdf"), store, FAST)
    assert got_near.error is None
    assert got_near.doc_id == sha(near)
    assert got_far.error == "not a PDF: no %PDF- header in the first 1,024 bytes"


def test_local_file_over_the_cap_is_refused(tmp_path: Path, store: Store) -> None:
    data = tiny_pdf("stor")
    (tmp_path / "big.pdf").write_bytes(data)
    settings = PullSettings(max_bytes=1024)
    [got] = pull(Source("path", "big.pdf", path=tmp_path / "big.pdf"), store, settings)
    assert got.error == "larger than the 1 KB cap"
    assert got.path is None
    assert got.n_bytes == len(data)
    assert got.doc_id == source_id("big.pdf")


def test_default_cap_message_says_200_mb() -> None:
    from munidocs.extractors.sources.pull import cap_error

    assert cap_error(PullSettings()) == "larger than the 200 MB cap"


def test_default_manifest_never_touches_the_network(
    monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the default manifest must be offline")

    monkeypatch.setattr(httpx.Client, "send", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    sources = load_manifest(DEFAULT_MANIFEST)
    assert [s.kind for s in sources] == ["path"]
    results = pull_all(sources, store, FAST)
    assert results
    assert all(r.source.startswith("pdfs") for r in results)


def _index(store: Store) -> dict[str, list[object]]:
    return dict(json.loads(store.local_files.path.read_text(encoding="utf-8")))


def test_an_unchanged_local_file_is_taken_from_the_index_not_read(
    tmp_path: Path, store: Store
) -> None:
    """What the index says about a file whose status is unchanged is believed: the bytes are
    not read again. Shown by an entry pointing at other stored bytes: the second pull takes it,
    `reread_unchanged_files` reads the file and gets its own hash."""
    mine, other = tiny_pdf("mine"), tiny_pdf("other")
    pdf = tmp_path / "in" / "a.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(mine)
    [first] = pull(Source("path", "in", path=pdf.parent), store, FAST)
    assert first.doc_id == sha(mine)
    index = _index(store)
    assert list(index) == [str(pdf)]
    st = pdf.stat()
    assert index[str(pdf)] == [
        [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev],
        sha(mine),
    ]
    other_id, _ = store.put(other)
    index[str(pdf)][1] = other_id
    store.local_files.path.write_text(json.dumps(index), encoding="utf-8")
    fresh = Store(store.root)
    [second] = pull(Source("path", "in", path=pdf.parent), fresh, FAST)
    assert second.doc_id == other_id
    assert second.path == store.path(other_id)
    reread = PullSettings(**{**FAST.__dict__, "reread_unchanged_files": True})
    [third] = pull(Source("path", "in", path=pdf.parent), Store(store.root), reread)
    assert third.doc_id == sha(mine)


def test_an_edit_in_place_with_its_old_mtime_is_read_again(tmp_path: Path, store: Store) -> None:
    """Same size, modification time set back: the change time still tells."""
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(tiny_pdf("one"))
    [first] = pull(Source("path", "a.pdf", path=pdf), store, FAST)
    st = pdf.stat()
    edited = tiny_pdf("two")
    assert len(edited) == st.st_size
    pdf.write_bytes(edited)
    os.utime(pdf, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert pdf.stat().st_mtime_ns == st.st_mtime_ns
    [second] = pull(Source("path", "a.pdf", path=pdf), Store(store.root), FAST)
    assert (first.doc_id, second.doc_id) == (sha(tiny_pdf("one")), sha(edited))


def test_a_file_gone_from_the_store_is_stored_again(tmp_path: Path, store: Store) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(tiny_pdf("gone"))
    [first] = pull(Source("path", "a.pdf", path=pdf), store, FAST)
    assert first.path is not None
    first.path.unlink()
    [second] = pull(Source("path", "a.pdf", path=pdf), Store(store.root), FAST)
    assert second.doc_id == first.doc_id
    assert second.path is not None and second.path.read_bytes() == tiny_pdf("gone")


def test_an_unreadable_index_means_hashing_again(tmp_path: Path, store: Store) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(tiny_pdf("x"))
    store.local_files.path.write_text("{not json", encoding="utf-8")
    [got] = pull(Source("path", "a.pdf", path=pdf), store, FAST)
    assert got.doc_id == sha(tiny_pdf("x"))
    assert list(_index(store)) == [str(pdf)]


def test_a_pull_stopped_early_keeps_what_it_hashed(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (folder / name).write_bytes(tiny_pdf(name))
    pulling = iter_pull(Source("path", "in", path=folder), store, FAST)
    next(pulling)
    pulling.close()
    assert list(_index(store)) == [str(folder / "a.pdf")]


def test_a_failed_file_is_not_remembered(tmp_path: Path, store: Store) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(FAKE_PDF)
    [got] = pull(Source("path", "bad.pdf", path=bad), store, FAST)
    assert got.error is not None
    assert not store.local_files.path.exists()


# --- HTTP --------------------------------------------------------------------------------


def test_url_pdf_is_stored_under_its_sha256(site: Site, store: Store) -> None:
    got = pull_url(site.url("/files/b.PDF"), store)
    assert got == PulledFile(
        doc_id=sha(site.pdf_b),
        source=site.url("/files/b.PDF"),
        file_name="b.PDF",
        path=store.path(sha(site.pdf_b)),
        n_bytes=len(site.pdf_b),
        error=None,
    )
    assert store.path(sha(site.pdf_b)).read_bytes() == site.pdf_b


def test_user_agent_names_the_project(site: Site, store: Store) -> None:
    pull_url(site.url("/files/b.PDF"), store)
    [(_, headers)] = site.request_headers
    assert headers["User-Agent"].startswith("munidocs/")


def test_flaky_endpoint_succeeds_after_exactly_two_hits(site: Site, store: Store) -> None:
    got = pull_url(site.url("/flaky.pdf"), store)
    assert got.error is None
    assert got.doc_id == sha(site.pdf_b)
    assert site.hits["/flaky.pdf"] == 2
    assert site.statuses == [("/flaky.pdf", 500), ("/flaky.pdf", 200)]


def test_429_is_retried(site: Site, store: Store) -> None:
    got = pull_url(site.url("/rate-limited.pdf"), store)
    assert got.doc_id == sha(site.pdf_c)
    assert site.statuses == [("/rate-limited.pdf", 429), ("/rate-limited.pdf", 200)]


def test_persistent_5xx_gives_up_after_the_configured_tries(site: Site, store: Store) -> None:
    got = pull_url(site.url("/always-500.pdf"), store)
    assert got.error == "HTTP 503 Service Unavailable after 3 tries"
    assert got.path is None
    assert got.doc_id == source_id(site.url("/always-500.pdf"))
    assert site.hits["/always-500.pdf"] == 3


def test_404_is_not_retried(site: Site, store: Store) -> None:
    got = pull_url(site.url("/missing.pdf"), store)
    assert got.error == "HTTP 404 Not Found"
    assert got.doc_id == "src-" + sha(site.url("/missing.pdf").encode("utf-8"))
    assert got.file_name == "missing.pdf"
    assert got.path is None
    assert got.n_bytes == 0
    assert site.hits["/missing.pdf"] == 1


def test_second_pull_gets_304_and_reads_no_bytes(site: Site, store: Store) -> None:
    first = pull_url(site.url("/docs/a.pdf"), store)
    assert first.not_modified is False
    assert site.body_bytes["/docs/a.pdf"] == len(site.pdf_a)

    second = pull_url(site.url("/docs/a.pdf"), Store(store.root))  # validators persisted
    assert second == PulledFile(
        doc_id=sha(site.pdf_a),
        source=site.url("/docs/a.pdf"),
        file_name="a.pdf",
        path=store.path(sha(site.pdf_a)),
        n_bytes=len(site.pdf_a),
        error=None,
        not_modified=True,
    )
    assert site.statuses == [("/docs/a.pdf", 200), ("/docs/a.pdf", 304)]
    assert site.body_bytes["/docs/a.pdf"] == len(site.pdf_a)
    assert site.request_headers[1][1]["If-None-Match"] == ETAG_A


def test_a_deleted_stored_file_is_fetched_again_without_validators(
    site: Site, store: Store
) -> None:
    first = pull_url(site.url("/docs/a.pdf"), store)
    assert first.path is not None
    first.path.unlink()
    second = pull_url(site.url("/docs/a.pdf"), store)
    assert second.not_modified is False
    assert second.path is not None and second.path.read_bytes() == site.pdf_a
    assert site.request_headers[1][1].get("If-None-Match") is None


def test_non_pdf_served_as_pdf_gives_a_readable_error(site: Site, store: Store) -> None:
    got = pull_url(site.url("/fake.pdf"), store)
    assert got.error == "not a PDF: starts with '<!DOCTYPE html><html><bo'"
    assert got.doc_id == sha(FAKE_PDF)
    assert got.n_bytes == len(FAKE_PDF)
    assert got.path is None
    assert stored_pdfs(store) == []


def test_empty_download(site: Site, store: Store) -> None:
    got = pull_url(site.url("/empty.pdf"), store)
    assert got.error == "empty file"
    assert got.doc_id == source_id(site.url("/empty.pdf"))


def test_redirect_is_followed_and_named_after_the_target(site: Site, store: Store) -> None:
    got = pull_url(site.url("/redirect"), store)
    assert got.error is None
    assert got.doc_id == sha(site.pdf_a)
    assert got.source == site.url("/redirect")
    assert got.file_name == "a.pdf"
    assert site.statuses == [("/redirect", 302), ("/docs/a.pdf", 200)]


def test_content_disposition_gives_the_file_name(site: Site, store: Store) -> None:
    got = pull_url(site.url("/download?id=7"), store)
    assert got.file_name == "budgetnotat økonomi.pdf"
    assert got.doc_id == sha(site.pdf_d)


def test_same_bytes_under_two_urls_are_stored_once(site: Site, store: Store) -> None:
    one = pull_url(site.url("/docs/a.pdf"), store)
    two = pull_url(site.url("/copy-of-a.pdf"), store)
    assert one.doc_id == two.doc_id == sha(site.pdf_a)
    assert one.path == two.path
    assert stored_pdfs(store) == [store.path(sha(site.pdf_a))]


def test_oversized_body_with_content_length_is_refused(site: Site, store: Store) -> None:
    got = pull_url(site.url("/big.pdf"), store, PullSettings(max_bytes=100_000, retries=1))
    assert got.error == "larger than the 97.66 KB cap"
    assert got.path is None
    assert got.doc_id == source_id(site.url("/big.pdf"))
    assert stored_pdfs(store) == []
    assert site.hits["/big.pdf"] == 1


def test_oversized_body_without_content_length_is_cut_while_streaming(
    site: Site, store: Store
) -> None:
    got = pull_url(site.url("/big-stream.pdf"), store, PullSettings(max_bytes=2048))
    assert got.error == "larger than the 2 KB cap"
    assert got.path is None
    assert stored_pdfs(store) == []
    assert list(store.root.glob(".incoming-*")) == []  # the partial download is gone
    assert site.hits["/big-stream.pdf"] == 1


def test_read_timeout_is_retried_then_reported(site: Site, store: Store) -> None:
    settings = PullSettings(read_timeout=0.2, retries=3, backoff_base=0.01, backoff_max=0.02)
    got = pull_url(site.url("/slow.pdf"), store, settings)
    assert got.error == "timed out after 3 tries"
    assert got.doc_id == source_id(site.url("/slow.pdf"))
    assert site.hits["/slow.pdf"] == 3


def test_refused_connection_is_reported(store: Store) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x.pdf"
    got = pull_url(url, store, PullSettings(retries=2, backoff_base=0.01))
    assert got.error is not None
    assert got.error.startswith("connection failed after 2 tries: ")
    assert got.doc_id == source_id(url)
    assert got.path is None


# --- listing pages -----------------------------------------------------------------------


def test_listing_follows_pdf_links_only_on_its_own_host(site: Site, store: Store) -> None:
    results = pull(Source("listing", site.url("/docs/index.html")), store, FAST)
    assert [(r.source, r.file_name, r.doc_id, r.error) for r in results] == [
        (site.url("/docs/a.pdf"), "a.pdf", sha(site.pdf_a), None),
        (site.url("/files/b.PDF?download=1"), "b.PDF", sha(site.pdf_b), None),
        (site.url("/download?id=7"), "budgetnotat økonomi.pdf", sha(site.pdf_d), None),
        (
            site.url("/docs/gone.pdf"),
            "gone.pdf",
            source_id(site.url("/docs/gone.pdf")),
            "HTTP 404 Not Found",
        ),
    ]
    assert site.hits["/docs/a.pdf"] == 1  # the absolute duplicate is fetched once
    assert site.hits["/files/c.pdf"] == 0  # `localhost` is another host
    assert site.hits["/about.html"] == 0
    assert len(stored_pdfs(store)) == 3  # the 404 did not stop the others


def test_listing_allow_hosts_admits_another_host(site: Site, store: Store) -> None:
    source = Source("listing", site.url("/docs/index.html"), allow_hosts=("localhost",))
    results = pull(source, store, FAST)
    assert [r.source for r in results] == [
        site.url("/docs/a.pdf"),
        site.url("/files/b.PDF?download=1"),
        f"http://localhost:{site.port}/files/c.pdf",
        site.url("/download?id=7"),
        site.url("/docs/gone.pdf"),
    ]
    assert results[2].doc_id == sha(site.pdf_c)


def test_listing_that_fails_is_one_failed_entry(site: Site, store: Store) -> None:
    results = pull(Source("listing", site.url("/nope.html")), store, FAST)
    assert results == [
        PulledFile(
            source_id(site.url("/nope.html")),
            site.url("/nope.html"),
            "nope.html",
            None,
            0,
            "HTTP 404 Not Found",
        )
    ]


def test_listing_without_pdf_links_says_so(site: Site, store: Store) -> None:
    [got] = pull(Source("listing", site.url("/notes")), store, FAST)
    assert got.error == "no PDF links on the listing page"


def test_a_listing_that_is_a_pdf_is_pulled_as_one(site: Site, store: Store) -> None:
    results = pull(Source("listing", site.url("/docs/a.pdf")), store, FAST)
    assert [(r.doc_id, r.file_name, r.error) for r in results] == [(sha(site.pdf_a), "a.pdf", None)]


def test_pdf_links_resolve_relative_links_against_base_href() -> None:
    html = """<html><head><base href="https://www.kk.dk/media/"></head><body>
    <a href="notat.pdf">Notat</a>
    <a href="/dagsorden/Referat.PDF#side=3">Referat</a>
    <a href="https://www.kk.dk/media/notat.pdf">samme igen</a>
    <a href="https://cdn.kk.dk/bilag.pdf?v=2">CDN</a>
    <a href="https://evil.example/bilag.pdf">fremmed</a>
    <a href="/node/123" type="application/pdf">Bilag</a>
    <a href="/side">Læs mere</a>
    <a href="javascript:void(0)">PDF</a>
    </body></html>"""
    page = "https://www.kk.dk/politik/budget"
    assert pdf_links(html, page) == [
        "https://www.kk.dk/media/notat.pdf",
        "https://www.kk.dk/dagsorden/Referat.PDF",
        "https://www.kk.dk/node/123",
    ]
    assert pdf_links(html, page, ["*.kk.dk"]) == [
        "https://www.kk.dk/media/notat.pdf",
        "https://www.kk.dk/dagsorden/Referat.PDF",
        "https://cdn.kk.dk/bilag.pdf?v=2",
        "https://www.kk.dk/node/123",
    ]


# --- the store ---------------------------------------------------------------------------


def test_store_put_bytes_and_path_give_the_same_id(tmp_path: Path, store: Store) -> None:
    data = tiny_pdf("store")
    (tmp_path / "x.pdf").write_bytes(data)
    from_bytes = store.put(data)
    from_path = store.put(tmp_path / "x.pdf")
    assert from_bytes == from_path == (sha(data), store.root / sha(data)[:2] / f"{sha(data)}.pdf")
    assert store.has(sha(data))
    assert not store.has(sha(b"other"))
    assert not store.has("../../etc/passwd")
    assert sorted(p.name for p in store.root.rglob("*")) == [sha(data)[:2], f"{sha(data)}.pdf"]


def test_store_path_refuses_what_is_not_a_doc_id(store: Store) -> None:
    with pytest.raises(ValueError, match="not a doc_id"):
        store.path("src-" + sha(b"x"))


def test_corrupt_validator_cache_means_a_full_fetch(site: Site, store: Store) -> None:
    pull_url(site.url("/docs/a.pdf"), store)
    (store.root / Store.VALIDATORS_FILE).write_text("{not json", encoding="utf-8")
    again = pull_url(site.url("/docs/a.pdf"), Store(store.root))
    assert again.not_modified is False
    assert again.doc_id == sha(site.pdf_a)
    assert site.statuses == [("/docs/a.pdf", 200), ("/docs/a.pdf", 200)]


def test_validator_caches_of_two_stores_on_one_folder_merge(tmp_path: Path) -> None:
    from munidocs.extractors.sources.store import Validators

    one, two = Store(tmp_path), Store(tmp_path)
    one.validators.get("https://a.dk/x.pdf")  # both have read the (empty) file
    two.validators.get("https://a.dk/x.pdf")
    one.validators.set("https://a.dk/x.pdf", Validators(sha(b"x"), etag='"1"'))
    two.validators.set("https://a.dk/y.pdf", Validators(sha(b"y"), last_modified="Mon"))
    fresh = Store(tmp_path).validators
    assert fresh.get("https://a.dk/x.pdf") == Validators(sha(b"x"), etag='"1"')
    assert fresh.get("https://a.dk/y.pdf") == Validators(sha(b"y"), last_modified="Mon")
    assert len(fresh) == 2


def test_store_removes_stale_partial_downloads(tmp_path: Path) -> None:
    import os

    (tmp_path / ".incoming-old.part").write_bytes(b"%PDF-half")
    (tmp_path / ".incoming-new.part").write_bytes(b"%PDF-half")
    os.utime(tmp_path / ".incoming-old.part", (0, 0))
    Store(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".incoming-new.part"]


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    from munidocs.extractors.sources.http import _retry_after

    assert _retry_after("7") == 7.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert _retry_after("soon") is None
    assert _retry_after(None) is None
