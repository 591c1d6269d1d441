"""Every publication is one version, switched into place by replacing a single link.

Why: moving the datasets' files into place one by one is atomic per file only. A run killed
between two of those moves left `documents` from one run beside `pages` from another, and the
next run trusted them. So each publication is written complete into a folder of its own,
`<out>/.munidocs/versions/<id>/`, and the contract's paths (`<out>/documents.parquet`, ...) are
relative symbolic links through one link, `<out>/.munidocs/current -> versions/<id>`. Replacing
that one link is a single `rename` (atomic on POSIX): a reader, or a run killed at any moment,
sees every dataset of the previous publication or every dataset of the new one, never a mix.

The links at the contract's paths are made once (or when a new dataset appears) and point
through `current`, so later publications touch nothing at the top of the output folder but
the one switch. Versions other than the current one are removed after the switch and at the
start of the next run (a killed run's half-written version is never linked, so it is garbage).
An open file of a removed version stays readable to whoever holds it open (POSIX unlink).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

VERSIONS_DIR = "versions"
CURRENT_LINK = "current"


def new_version(state_dir: Path) -> Path:
    """An empty folder for a publication, named so that versions sort by time of writing."""
    versions = state_dir / VERSIONS_DIR
    versions.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=versions))


def current_version(state_dir: Path) -> Path | None:
    """The folder the `current` link points to, if it exists."""
    link = state_dir / CURRENT_LINK
    if not link.is_symlink():
        return None
    target = (state_dir / os.readlink(link)).resolve()
    return target if target.is_dir() else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _place_link(path: Path, target: str) -> None:
    """Make `path` a symbolic link to `target`, replacing whatever is there in one rename."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    tmp = path.with_name(f".{path.name}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def switch(out_dir: Path, state_dir: Path, version: Path, names: Iterable[str]) -> None:
    """Make `version` the published one: one rename of `current`, then the links at the
    contract's paths (made only where missing, e.g. the first time or for a new dataset)."""
    _fsync_dir(version)
    current = state_dir / CURRENT_LINK
    if current.is_dir() and not current.is_symlink():
        # a folder copied without its links (`cp -rL`, `shutil.copytree`): `current` is a plain
        # folder; it becomes an old version (the plain files at the top still agree with it)
        os.replace(current, Path(tempfile.mkdtemp(prefix="copied-", dir=version.parent)) / "v")
    _place_link(state_dir / CURRENT_LINK, os.path.relpath(version, state_dir))
    _fsync_dir(state_dir)
    for name in names:
        _place_link(out_dir / name, os.path.relpath(current / name, out_dir))
    _fsync_dir(out_dir)


def remove_old_versions(state_dir: Path) -> None:
    """Remove every version but the current one (older ones, and those of killed runs)."""
    keep = current_version(state_dir)
    versions = state_dir / VERSIONS_DIR
    if not versions.is_dir():
        return
    for folder in versions.iterdir():
        if keep is None or folder.resolve() != keep:
            shutil.rmtree(folder, ignore_errors=True)
