"""The pull stage: get PDF bytes from paths, folders, URLs and listing pages into the Store.

Every file comes back as a PulledFile, usable or not: one bad link, a 404 or a timeout is
reported in `error` and never stops the other files. Only `%PDF-` files within the size cap
are stored. Local files are read here; URLs in `sources.http`, listing pages in
`sources.listing`; what a pull yields is defined in `sources.pulled`.
"""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from munidocs.extractors.sources.http import CHUNK, fetch_pdf
from munidocs.extractors.sources.listing import iter_listing, pdf_links
from munidocs.extractors.sources.manifest import Source, make_client
from munidocs.extractors.sources.pulled import (
    SOURCE_ID_PREFIX,
    PulledFile,
    cap_error,
    failed,
    finish,
    pdf_problem,
    source_id,
)
from munidocs.extractors.sources.settings import PullSettings
from munidocs.extractors.sources.store import HEAD_BYTES, FileStatus, Store

__all__ = [
    "SOURCE_ID_PREFIX",
    "PullSettings",
    "PulledFile",
    "cap_error",
    "iter_pull",
    "iter_pull_all",
    "make_client",
    "pdf_links",
    "pdf_problem",
    "pull",
    "pull_all",
    "source_id",
]


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
"""Write errors that stop the run instead of failing one file."""


def _pull_file(path: Path, source: str, store: Store, settings: PullSettings) -> PulledFile:
    name = path.name
    try:
        st = path.stat()
        size = st.st_size
        if size == 0:
            return failed(source, name, "empty file")
        if size > settings.max_bytes:
            return failed(source, name, cap_error(settings), size)
        status = FileStatus.of(st)
        if not settings.reread_unchanged_files:
            seen = store.local_files.get(path, status)
            if seen is not None and store.has(seen):  # pulled before and unchanged: not read
                return PulledFile(seen, source, name, store.path(seen), size, None)
        known = _known_copy(path, store)
        if known is not None:  # already stored: a rerun hashes the file and copies nothing
            store.local_files.remember(path, status, known[0])
            return PulledFile(known[0], source, name, known[1], size, None)
        with store.pending() as pending, open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                pending.write(chunk)
                if pending.n_bytes > settings.max_bytes:  # the file grew while we read it
                    return failed(source, name, cap_error(settings), pending.n_bytes)
            pulled = finish(pending, source, name)
        if pulled.ok:  # the status from before the read: a file changed meanwhile is read again
            store.local_files.remember(path, status, pulled.doc_id)
        return pulled
    except OSError as exc:
        if exc.errno in DISK_FULL:  # not this file's fault: no later file would fit either
            raise
        return failed(source, name, f"cannot read the file: {exc.strerror or exc}")


def _known_copy(path: Path, store: Store) -> tuple[str, Path] | None:
    """(doc_id, stored path) when the store already holds these bytes as a PDF, else None."""
    digest = hashlib.sha256()
    head = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
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


def _pull_local(source: Source, store: Store, settings: PullSettings) -> Iterator[PulledFile]:
    root = source.path or Path(source.location)
    try:
        if not root.exists():
            yield failed(source.location, root.name, "no such file or folder")
        elif not root.is_dir():
            yield _pull_file(root, source.location, store, settings)
        elif not (files := _pdfs_in_folder(root)):
            yield failed(source.location, root.name, "no PDF files in the folder")
        else:
            for p in files:
                where = Path(source.location, p.relative_to(root)).as_posix()
                yield _pull_file(p, where, store, settings)
    finally:  # also when the caller stops early: what was hashed is not hashed again
        store.local_files.save()


def iter_pull(
    source: Source,
    store: Store,
    settings: PullSettings | None = None,
    client: httpx.Client | None = None,
) -> Iterator[PulledFile]:
    """Pull one source, handing on each file as soon as it is in the store.

    A listing of a thousand PDFs yields the first one after one download, so a caller that
    extracts and records each file as it comes keeps everything done so far when the run is
    stopped. Failures come back as PulledFiles with `error` set. Local sources never open a
    network connection (no client is even created for them). Pass `client` to share
    connections across sources (see `iter_pull_all`).
    """
    settings = settings or PullSettings()
    if source.kind == "path":
        yield from _pull_local(source, store, settings)
        return
    own = client is None
    http = client if client is not None else make_client(settings)
    try:
        if source.kind == "url":
            yield fetch_pdf(source.location, store, settings, http, source.allow_hosts)
        else:
            yield from iter_listing(source, store, settings, http)
    finally:
        if own:
            http.close()


def pull(
    source: Source,
    store: Store,
    settings: PullSettings | None = None,
    client: httpx.Client | None = None,
) -> list[PulledFile]:
    """Every file of one source (see `iter_pull`), once all are pulled."""
    return list(iter_pull(source, store, settings, client))


def iter_pull_all(
    sources: Iterable[Source], store: Store, settings: PullSettings | None = None
) -> Iterator[PulledFile]:
    """Pull every source in order with one shared HTTP client (created only when needed)."""
    settings = settings or PullSettings()
    client: httpx.Client | None = None
    try:
        for source in sources:
            if source.kind != "path" and client is None:
                client = make_client(settings)
            yield from iter_pull(source, store, settings, client)
    finally:
        if client is not None:
            client.close()


def pull_all(
    sources: Iterable[Source], store: Store, settings: PullSettings | None = None
) -> list[PulledFile]:
    """Every file of every source (see `iter_pull_all`), once all are pulled."""
    return list(iter_pull_all(sources, store, settings))
