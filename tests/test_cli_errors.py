"""Clear command-line errors (exit 2, one line, no traceback) for input a run cannot use."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BIN, CORPUS_PDFS, munidocs_cli

LETTER = CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf"


def test_a_folder_without_pdfs_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.txt").write_text("ingen PDF her", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.pdf").write_bytes(b"%PDF-1.4\n")
    result = munidocs_cli("run", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == f"error: no PDF files in the folder '{folder}'\n"
    assert not (tmp_path / "out").exists()


def test_an_empty_out_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN / "munidocs"), "run", str(LETTER), "--out", ""],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 2
    assert "Invalid value for '--out' / '-o': must name a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_manifest_error_keeps_its_brackets(tmp_path: Path) -> None:
    manifest = tmp_path / "sources.toml"
    manifest.write_text('[[source]]\npath = "findes-ikke"\n', encoding="utf-8")
    result = munidocs_cli("run", str(manifest), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: {manifest} (line 1, [[source]] #1): no such file or folder: 'findes-ikke'"
    )


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, filled up to 40 KB short of full (mounting needs root: the test that
    uses it is marked to run as root, where a failed mount is a failure, not a skip)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, f"mounting a small tmpfs failed: {done.stderr.strip()}"
    try:
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * (free - 40 * 1024))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False, timeout=30)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_is_one_line_without_a_traceback(
    prefect_server: str, small_disk: Path, tmp_path: Path
) -> None:
    out = small_disk / "out"
    result = munidocs_cli("run", str(LETTER), "--out", str(out))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: the disk is full (writing ")
    assert lines[0].endswith(f"the outputs in {out} are as before")
