"""Where the PDFs come from: the TOML manifest and command-line arguments, as Sources.

A Source is one of: a local file or folder (`path`), a direct PDF URL (`url`), or an HTML
listing page whose PDF links are followed (`listing`). Reading a manifest never touches the
network; only `sources_from_args` may ask a URL what it is (PDF or HTML page).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from munidocs.extractors.resources import corpus_path
from munidocs.extractors.sources.http import Deadline, Fatal, iter_body, open_stream
from munidocs.extractors.sources.settings import PullSettings

SourceKind = Literal["path", "url", "listing"]

DEFAULT_MANIFEST = corpus_path("sources.toml")
"""The embedded offline corpus (package data of munidocs.corpus)."""

_KEYS = ("path", "url", "listing")
_ALLOWED_KEYS = {
    "path": {"path"},
    "url": {"url", "allow_hosts"},
    "listing": {"listing", "allow_hosts"},
}
_SOURCE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*source[ \t]*\]\]", re.MULTILINE)
_PROBE_BYTES = 1024


class SourceError(ValueError):
    """A source that cannot be used: a missing path, a malformed URL, a bad manifest entry."""


class ManifestError(SourceError):
    """The manifest file itself is wrong; the message names the file and line."""


@dataclass(frozen=True)
class Source:
    """One entry of the manifest or one CLI argument.

    `location` is the path or URL as written (it becomes the documents' `source`); `path` is
    the resolved local path for kind "path" (relative manifest paths are relative to the
    manifest's folder). `allow_hosts` lists extra hosts a listing's PDF links, and a URL's
    redirects, may go to (the URL's own host is always allowed).
    """

    kind: SourceKind
    location: str
    path: Path | None = None
    allow_hosts: tuple[str, ...] = ()


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _check_url(value: str, where: str) -> str:
    if not is_http_url(value):
        raise ManifestError(f"{where}: not an http(s) URL: {value!r}")
    return value


def _source_lines(text: str) -> list[int]:
    """1-based line numbers of the `[[source]]` headers, to point errors at the right entry."""
    return [text.count("\n", 0, m.start()) + 1 for m in _SOURCE_HEADER.finditer(text)]


def _entry_to_source(entry: Any, base_dir: Path, where: str) -> Source:
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: expected a [[source]] table, got {type(entry).__name__}")
    kinds = [k for k in _KEYS if k in entry]
    if len(kinds) != 1:
        got = ", ".join(kinds) if kinds else "none of them"
        raise ManifestError(f"{where}: needs exactly one of path, url, listing; got {got}")
    kind: SourceKind = kinds[0]  # type: ignore[assignment]
    unknown = sorted(set(entry) - _ALLOWED_KEYS[kind])
    if unknown:
        allowed = ", ".join(sorted(_ALLOWED_KEYS[kind]))
        raise ManifestError(f"{where}: unknown key(s) {unknown} for a {kind} source ({allowed})")
    value = entry[kind]
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: {kind} must be a non-empty string, got {value!r}")
    value = value.strip()
    if kind == "path":
        resolved = (base_dir / Path(value).expanduser()).resolve()
        if not resolved.exists():
            raise ManifestError(
                f"{where}: no such file or folder: {value!r} (looked at {resolved})"
            )
        return Source("path", value, path=resolved)
    hosts = entry.get("allow_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
        raise ManifestError(f"{where}: allow_hosts must be a list of host names, got {hosts!r}")
    return Source(
        kind, _check_url(value, where), allow_hosts=tuple(h.strip().lower() for h in hosts)
    )


def load_manifest(path: Path | str = DEFAULT_MANIFEST) -> list[Source]:
    """Read a manifest; a ManifestError says which file, line and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}: manifest not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read manifest: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"source"})
    if extra:
        raise ManifestError(f"{path}: unknown top-level key(s) {extra}; expected [[source]] tables")
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: 'source' must be an array of tables ([[source]])")
    lines = _source_lines(text)
    base_dir = path.resolve().parent
    sources = []
    for i, entry in enumerate(entries):
        line = f"line {lines[i]}, " if i < len(lines) and len(lines) == len(entries) else ""
        where = f"{path} ({line}[[source]] #{i + 1})"
        sources.append(_entry_to_source(entry, base_dir, where))
    return sources


def _probe_kind(url: str, client: httpx.Client, settings: PullSettings) -> SourceKind:
    """Ask the server whether a URL is a PDF or an HTML page (a GET: HEAD is often broken).

    Anything unclear, including a failed request, is treated as a direct PDF URL so the pull
    stage reports the real error for it. The probe keeps to the download deadline and the
    redirect rules of a pull.
    """
    deadline = Deadline(settings.download_deadline)
    try:
        with open_stream(client, url, settings, deadline) as response:
            ctype = response.headers.get("content-type", "").lower()
            if "html" in ctype:
                return "listing"
            if "pdf" in ctype or not response.is_success:
                return "url"
            head = b""
            for chunk in iter_body(response, deadline):
                head += chunk
                if len(head) >= _PROBE_BYTES:
                    break
    except (httpx.HTTPError, Fatal):
        return "url"
    start = head[:_PROBE_BYTES].lstrip().lower()
    return "listing" if start.startswith((b"<!doctype html", b"<html")) else "url"


def sources_from_args(
    args: Sequence[str],
    settings: PullSettings | None = None,
    client: httpx.Client | None = None,
) -> list[Source]:
    """Turn CLI arguments (PDF path, folder, *.toml manifest, http(s) URL) into Sources.

    A URL whose path ends in .pdf is a direct PDF without asking; any other URL is asked
    once (one GET, headers and first bytes only) whether it serves a PDF or an HTML page.
    """
    settings = settings or PullSettings()
    sources: list[Source] = []
    own_client = None
    try:
        for arg in args:
            if is_http_url(arg):
                if urlsplit(arg).path.lower().endswith(".pdf"):
                    sources.append(Source("url", arg))
                    continue
                if client is None:
                    own_client = client = make_client(settings)
                sources.append(Source(_probe_kind(arg, client, settings), arg))
                continue
            if "://" in arg:
                raise SourceError(f"only http(s) URLs can be pulled, not {arg!r}")
            resolved = Path(arg).expanduser().resolve()
            if not resolved.exists():
                raise SourceError(f"no such file or folder: {arg!r}")
            if resolved.is_file() and resolved.suffix.lower() == ".toml":
                sources.extend(load_manifest(resolved))
            elif resolved.is_dir() and not _has_pdf(resolved):
                raise SourceError(f"no PDF files in the folder {arg!r}")
            else:
                sources.append(Source("path", arg, path=resolved))
    finally:
        if own_client is not None:
            own_client.close()
    return sources


def _has_pdf(folder: Path) -> bool:
    """The folder holds a *.pdf (any case) somewhere, outside hidden folders."""
    for p in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in p.relative_to(folder).parts)
        if p.suffix.lower() == ".pdf" and not hidden and p.is_file():
            return True
    return False


def make_client(settings: PullSettings) -> httpx.Client:
    """The one HTTP client configuration used for probing and pulling.

    Redirects are followed by `sources.http.open_stream`, hop by hop, never by httpx itself.
    """
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.connect_timeout,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        max_redirects=settings.max_redirects,
        headers={"User-Agent": settings.user_agent},
    )
