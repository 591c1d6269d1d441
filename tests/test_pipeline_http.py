"""The flow pulling over real HTTP: listing page, flaky server, non-PDF body, redirect, ETag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from httpserver import Site, serve

import munidocs


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def test_pull_over_http_then_a_304_rerun_reprocesses_nothing(
    prefect_server: str, site: Site, reads: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    sources = [
        site.url("/docs/index.html"),  # listing: a.pdf (twice), b.PDF, /download?id=7, gone.pdf
        site.url("/flaky.pdf"),  # 500, then the bytes of B
        site.url("/fake.pdf"),  # HTML served as a PDF
        site.url("/redirect"),  # 302 to a.pdf
    ]
    first = munidocs.run(sources=sources, out=str(out))
    docs = {r["file_name"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}

    assert site.hits["/flaky.pdf"] == 2
    assert sorted(n for n, r in docs.items() if r["status"] == "ok") == [
        "a.pdf",
        "b.PDF",
        "budgetnotat økonomi.pdf",
    ]
    assert docs["fake.pdf"]["status"] == "failed"
    assert docs["fake.pdf"]["error"].startswith("not a PDF")
    assert docs["gone.pdf"]["error"] == "HTTP 404 Not Found"
    assert len(reads) == 3  # A, B, D: the flaky and redirected copies are the same bytes
    assert (first.new, first.failed) == (3, 2)

    reads.clear()
    second = munidocs.run(sources=sources, out=str(out))
    assert ("/docs/a.pdf", 304) in site.statuses
    assert reads == []
    assert (second.new, second.skipped) == (0, 3)
    assert pq.read_table(out / "documents.parquet").num_rows == 5
