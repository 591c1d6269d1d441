"""A content-addressed PDF store: `<root>/<sha[:2]>/<sha>.pdf`.

Addressing by the SHA-256 of the bytes means the same PDF pulled under two names or URLs is
stored (and later extracted) once, and a doc_id always names the same bytes. Every write
goes to a temporary file in the store first and is moved into place with os.replace, so a
crash or a full disk never leaves a half-written PDF under a valid id.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, astuple, dataclass
from pathlib import Path
from typing import IO, Any

from filelock import FileLock

log = logging.getLogger(__name__)

HEAD_BYTES = 1024
"""How many leading bytes are kept for the `%PDF-` header check (PDF readers allow junk first)."""

_CHUNK = 1 << 16
_DOC_ID = re.compile(r"[0-9a-f]{64}")


def is_doc_id(value: str) -> bool:
    """A content doc_id: 64 lowercase hex digits (so it is safe to build a path from)."""
    return _DOC_ID.fullmatch(value) is not None


def _atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write via a sibling temp file and os.replace, so readers see the old or the new file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class PendingFile:
    """Bytes being written to the store, hashed as they arrive; nothing is visible until commit.

    Lets the pull stage stream a download of any size straight to disk and decide only at
    the end (size cap, `%PDF-` header) whether it becomes a stored document.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        fd, tmp = tempfile.mkstemp(dir=store.root, prefix=".incoming-", suffix=".part")
        self._tmp = Path(tmp)
        self._fh: IO[bytes] | None = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self.head = b""
        self.n_bytes = 0
        self._committed = False

    def write(self, chunk: bytes) -> None:
        if self._fh is None:
            raise ValueError("pending file is already closed")
        self._fh.write(chunk)
        self._hash.update(chunk)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.n_bytes += len(chunk)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def commit(self) -> tuple[str, Path]:
        """Move the bytes to their content address; a second copy of known bytes is dropped."""
        if self._fh is None:
            raise ValueError("pending file is already closed")
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        doc_id = self.sha256
        target = self._store.path(doc_id)
        if target.exists():
            self._tmp.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._tmp, target)
        self._committed = True
        return doc_id, target

    def discard(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if not self._committed:
            self._tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Validators:
    """What a server told us about a URL's bytes, for a conditional re-fetch."""

    doc_id: str
    etag: str | None = None
    last_modified: str | None = None
    file_name: str | None = None


class ValidatorCache:
    """URL -> (ETag, Last-Modified, doc_id, file name), kept as JSON next to the PDFs.

    A corrupt or missing file means an empty cache: the worst case is a full re-download.
    Writes re-read the file and merge under a lock, so threads sharing a Store (and, short of
    a simultaneous write, processes sharing the folder) do not drop each other's entries.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, Validators] | None = None
        self._lock = threading.Lock()

    def _read(self) -> dict[str, Validators]:
        entries: dict[str, Validators] = {}
        try:
            raw: Any = json.loads(self.path.read_text(encoding="utf-8"))
            for url, entry in raw.items():
                entries[url] = Validators(
                    doc_id=str(entry["doc_id"]),
                    etag=entry.get("etag"),
                    last_modified=entry.get("last_modified"),
                    file_name=entry.get("file_name"),
                )
        except FileNotFoundError:
            pass
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("ignoring unreadable validator cache %s: %s", self.path, exc)
            entries = {}
        return entries

    def _load(self) -> dict[str, Validators]:
        with self._lock:
            if self._entries is None:
                self._entries = self._read()
            return self._entries

    def get(self, url: str) -> Validators | None:
        return self._load().get(url)

    def set(self, url: str, validators: Validators) -> None:
        if self._load().get(url) == validators:
            return
        with self._lock:
            entries = self._read()
            entries[url] = validators
            data = {u: asdict(v) for u, v in sorted(entries.items())}
            text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
            _atomic_write_bytes(self.path, text.encode("utf-8"))
            self._entries = entries

    def __len__(self) -> int:
        return len(self._load())


@dataclass(frozen=True)
class FileStatus:
    """What the file system says about a file without reading it: a file whose status is the
    same as when it was hashed holds the same bytes (git's index makes the same bet). The change
    time is the guard: a program can set a modification time back (`touch -d`, an unpacker, a
    copy that keeps times), never the change time, so an edit in place always shows."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileStatus:
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class LocalFileIndex:
    """Local path -> (FileStatus, doc_id) of the files pulled from disk, kept as JSON next to
    the PDFs: a rerun over a folder of thousands of PDFs stats each file instead of reading and
    hashing every byte again (an archive of gigabytes, on a disk whose cache is cold by the next
    morning, would bound a run that finds nothing new).

    A missing or unreadable index only means hashing again. New entries are kept in memory and
    written once per pull (`save`), merged under a file lock with what other processes wrote.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, tuple[FileStatus, str]] | None = None
        self._new: dict[str, tuple[FileStatus, str]] = {}
        self._lock = threading.Lock()

    def _read(self) -> dict[str, tuple[FileStatus, str]]:
        entries: dict[str, tuple[FileStatus, str]] = {}
        try:
            raw: Any = json.loads(self.path.read_text(encoding="utf-8"))
            for key, (status, doc_id) in raw.items():
                if is_doc_id(doc_id):
                    entries[key] = (FileStatus(*status), doc_id)
        except FileNotFoundError:
            pass
        except (ValueError, TypeError, AttributeError) as exc:
            log.warning("ignoring unreadable index of local files %s: %s", self.path, exc)
            entries = {}
        return entries

    def get(self, path: Path, status: FileStatus) -> str | None:
        """The doc_id of this file's bytes when its status is the one they were hashed with."""
        with self._lock:
            if self._entries is None:
                self._entries = self._read()
            key = os.path.abspath(path)
            found = self._new.get(key) or self._entries.get(key)
        return found[1] if found is not None and found[0] == status else None

    def remember(self, path: Path, status: FileStatus, doc_id: str) -> None:
        """Note a file just hashed (written to disk by `save`)."""
        with self._lock:
            key = os.path.abspath(path)
            if (self._entries or {}).get(key) != (status, doc_id):
                self._new[key] = (status, doc_id)

    def save(self) -> None:
        """Write what `remember` noted, merged with the file as it is now on disk."""
        with self._lock:
            if not self._new:
                return
            try:
                with FileLock(self.path.with_name(f".{self.path.name}.lock")):
                    entries = self._read()
                    entries.update(self._new)
                    data = {k: [list(astuple(st)), d] for k, (st, d) in sorted(entries.items())}
                    _atomic_write_bytes(self.path, json.dumps(data, separators=(",", ":")).encode())
            except OSError as exc:  # only a saving lost: the next pull hashes these files again
                log.warning("could not save the index of local files %s: %s", self.path, exc)
                return
            self._entries, self._new = entries, {}


class Store:
    """The PDF store rooted at `root` (created on first use)."""

    VALIDATORS_FILE = "http-validators.json"
    LOCAL_FILES = "local-files.json"

    STALE_SECONDS = 24 * 3600
    """Incoming temp files older than this were left by a crashed run (none takes a day)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.validators = ValidatorCache(self.root / self.VALIDATORS_FILE)
        self.local_files = LocalFileIndex(self.root / self.LOCAL_FILES)
        self.clean_incoming()

    def clean_incoming(self, older_than: float | None = None) -> int:
        """Remove partial downloads a crashed run left behind; returns how many."""
        limit = time.time() - (self.STALE_SECONDS if older_than is None else older_than)
        removed = 0
        for tmp in self.root.glob(".incoming-*.part"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < limit:
                    tmp.unlink()
                    removed += 1
        return removed

    def path(self, doc_id: str) -> Path:
        """Where the PDF with this id lives (whether or not it is there yet)."""
        if not is_doc_id(doc_id):
            raise ValueError(f"not a doc_id (64 lowercase hex digits): {doc_id!r}")
        return self.root / doc_id[:2] / f"{doc_id}.pdf"

    def has(self, doc_id: str) -> bool:
        return is_doc_id(doc_id) and self.path(doc_id).is_file()

    @contextlib.contextmanager
    def pending(self) -> Iterator[PendingFile]:
        """A PendingFile that is discarded unless committed inside the block."""
        pending = PendingFile(self)
        try:
            yield pending
        finally:
            pending.discard()

    def put(self, data: bytes | Path) -> tuple[str, Path]:
        """Store bytes or a file's contents (no PDF check here: that is the pull stage's job)."""
        with self.pending() as pending:
            if isinstance(data, bytes):
                pending.write(data)
            else:
                with open(data, "rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        pending.write(chunk)
            return pending.commit()
