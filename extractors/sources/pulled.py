"""What the pull stage hands on: one `PulledFile` per file it looked at, usable or not.

doc_id: the SHA-256 of the bytes read, as in the data contract. A source that gave no bytes
at all (404, timeout, refused connection, empty or oversized file, missing file) has
`SOURCE_ID_PREFIX` + SHA-256 of the UTF-8 source string instead, so a failed source keeps a
stable id that can never be mistaken for a content hash.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from munidocs.extractors.sources.settings import PullSettings
from munidocs.extractors.sources.store import HEAD_BYTES, PendingFile

log = logging.getLogger(__name__)

SOURCE_ID_PREFIX = "src-"
"""Prefix of the doc_id of a source that gave no bytes: `src-` + sha256(source string)."""


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


def failed(source: str, file_name: str, error: str, n_bytes: int = 0) -> PulledFile:
    log.warning("pull failed: %s: %s", source, error)
    return PulledFile(source_id(source), source, file_name, None, n_bytes, error)


def human_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} bytes"


def cap_error(settings: PullSettings) -> str:
    return f"larger than the {human_size(settings.max_bytes)} cap"


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


def finish(pending: PendingFile, source: str, file_name: str) -> PulledFile:
    """Commit the pending bytes if they are a PDF; otherwise report why not (nothing stored)."""
    if pending.n_bytes == 0:
        return failed(source, file_name, "empty file")
    problem = pdf_problem(pending.head)
    if problem is not None:
        log.warning("pull failed: %s: %s", source, problem)
        return PulledFile(pending.sha256, source, file_name, None, pending.n_bytes, problem)
    doc_id, path = pending.commit()
    log.info("pulled %s -> %s (%d bytes)", source, doc_id[:12], pending.n_bytes)
    return PulledFile(doc_id, source, file_name, path, pending.n_bytes, None)
