"""The source manifest (TOML) and command-line sources."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from munidocs.extractors.sources.manifest import (
    DEFAULT_MANIFEST,
    ManifestError,
    Source,
    SourceError,
    load_manifest,
    sources_from_args,
)

EXAMPLE_MANIFEST = DEFAULT_MANIFEST.parent / "sources.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    manifest = tmp_path / "sources.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    return tmp_path


def test_all_three_kinds_are_read(corpus: Path) -> None:
    manifest = write(
        corpus,
        """
# comment
[[source]]
path = "pdfs"

[[source]]
path = "pdfs/a.pdf"

[[source]]
url = "https://example.org/x.pdf"

[[source]]
listing = "https://www.kk.dk/budget"
allow_hosts = ["CDN.kk.dk", "*.kk.dk"]
""",
    )
    assert load_manifest(manifest) == [
        Source("path", "pdfs", path=corpus / "pdfs"),
        Source("path", "pdfs/a.pdf", path=corpus / "pdfs" / "a.pdf"),
        Source("url", "https://example.org/x.pdf"),
        Source("listing", "https://www.kk.dk/budget", allow_hosts=("cdn.kk.dk", "*.kk.dk")),
    ]


def test_paths_are_relative_to_the_manifest_not_the_cwd(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = write(corpus, '[[source]]\npath = "pdfs"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    [source] = load_manifest(manifest)
    assert source.path == corpus / "pdfs"


def test_default_manifest_is_the_embedded_offline_corpus() -> None:
    pdfs = DEFAULT_MANIFEST.resolve().parent / "pdfs"
    assert load_manifest() == [Source("path", "pdfs", path=pdfs)]


def test_example_manifest_lists_only_network_sources() -> None:
    sources = load_manifest(EXAMPLE_MANIFEST)
    assert [s.kind for s in sources] == ["listing", "listing", "listing", "listing", "url"]
    assert all("kk.dk" in s.location for s in sources if s.kind == "listing")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[source]]\npath = "pdfs"\n\n[[source]]\npath = "pdfs"\nurl = "https://x.dk/a.pdf"\n',
            "(line 4, [[source]] #2): needs exactly one of path, url, listing; got path, url",
        ),
        (
            '[[source]]\nallow_hosts = ["a.dk"]\n',
            "(line 1, [[source]] #1): needs exactly one of path, url, listing; got none of them",
        ),
        (
            '[[source]]\nurl = "https://x.dk/a.pdf"\nhosts = ["a.dk"]\n',
            "(line 1, [[source]] #1): unknown key(s) ['hosts'] for a url source (allow_hosts, url)",
        ),
        (
            '[[source]]\nlisting = "https://x.dk/"\nallow_hosts = "a.dk"\n',
            "(line 1, [[source]] #1): allow_hosts must be a list of host names, got 'a.dk'",
        ),
        (
            '[[source]]\nurl = "ftp://x.dk/a.pdf"\n',
            "(line 1, [[source]] #1): not an http(s) URL: 'ftp://x.dk/a.pdf'",
        ),
        (
            '[[source]]\npath = ""\n',
            "(line 1, [[source]] #1): path must be a non-empty string, got ''",
        ),
        (
            '[[source]]\npath = "missing"\n',
            "(line 1, [[source]] #1): no such file or folder: 'missing'",
        ),
        ('sources = ["a"]\n', "unknown top-level key(s) ['sources']; expected [[source]] tables"),
        ('[[source]]\npath = "pdfs\n', "not valid TOML: "),
    ],
)
def test_bad_manifest_says_where_and_what(corpus: Path, text: str, message: str) -> None:
    manifest = write(corpus, text)
    with pytest.raises(ManifestError) as raised:
        load_manifest(manifest)
    assert str(raised.value).startswith(str(manifest))
    assert message in str(raised.value)


def test_toml_syntax_errors_carry_the_line(corpus: Path) -> None:
    manifest = write(corpus, '[[source]]\npath = "pdfs"\n\n[[source]]\npath = pdfs\n')
    with pytest.raises(ManifestError, match=r"not valid TOML: .*line 5"):
        load_manifest(manifest)


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="manifest not found"):
        load_manifest(tmp_path / "nope.toml")


# --- command-line arguments --------------------------------------------------------------


@pytest.fixture
def probe_log() -> list[str]:
    return []


@pytest.fixture
def client(probe_log: list[str]) -> Iterator[httpx.Client]:
    """A client whose 'server' answers by path, recording what was asked."""

    def answer(request: httpx.Request) -> httpx.Response:
        probe_log.append(request.url.path)
        if request.url.path == "/budget":
            return httpx.Response(
                200, text="<html>...</html>", headers={"content-type": "text/html"}
            )
        if request.url.path == "/download":
            return httpx.Response(
                200, content=b"%PDF-1.7\n", headers={"content-type": "application/pdf"}
            )
        if request.url.path == "/octet":
            return httpx.Response(
                200, content=b"%PDF-1.7\n", headers={"content-type": "application/octet-stream"}
            )
        if request.url.path == "/untyped-page":
            return httpx.Response(200, content=b"  <!DOCTYPE html><html></html>")
        return httpx.Response(404)

    with httpx.Client(transport=httpx.MockTransport(answer)) as mock:
        yield mock


def test_cli_paths_folders_and_urls(
    corpus: Path, client: httpx.Client, probe_log: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus)
    sources = sources_from_args(
        [
            "pdfs",
            "pdfs/a.pdf",
            "https://x.dk/files/Notat.PDF?v=1",
            "https://x.dk/budget",
            "https://x.dk/download",
            "https://x.dk/octet",
            "https://x.dk/untyped-page",
            "https://x.dk/gone",
        ],
        client=client,
    )
    assert sources == [
        Source("path", "pdfs", path=corpus / "pdfs"),
        Source("path", "pdfs/a.pdf", path=corpus / "pdfs" / "a.pdf"),
        Source("url", "https://x.dk/files/Notat.PDF?v=1"),
        Source("listing", "https://x.dk/budget"),
        Source("url", "https://x.dk/download"),
        Source("url", "https://x.dk/octet"),
        Source("listing", "https://x.dk/untyped-page"),
        Source("url", "https://x.dk/gone"),  # the pull reports the 404
    ]
    # a .pdf URL is taken at its word: no request
    assert probe_log == ["/budget", "/download", "/octet", "/untyped-page", "/gone"]


def test_cli_manifest_argument_is_expanded(corpus: Path) -> None:
    manifest = write(corpus, '[[source]]\npath = "pdfs"\n')
    assert sources_from_args([str(manifest)]) == [Source("path", "pdfs", path=corpus / "pdfs")]


def test_cli_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"^no such file or folder: 'nope\.pdf'$"):
        sources_from_args(["nope.pdf"])


def test_cli_other_schemes_are_refused() -> None:
    with pytest.raises(SourceError, match="only http"):
        sources_from_args(["ftp://x.dk/a.pdf"])
