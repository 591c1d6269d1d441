"""The `munidocs` command as a user types it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS_PDFS, munidocs_cli


@pytest.mark.parametrize(
    "command",
    [[], ["run"], ["status"], ["query"], ["serve"], ["version"], ["schedule"], ["server"]],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = munidocs_cli(*command, "--help")
    assert result.returncode == 0
    assert "Usage: munidocs" in result.stdout


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = munidocs_cli("run", str(tmp_path / "findes-ikke.pdf"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    a_file = tmp_path / "outputs"
    a_file.write_text("not a folder")
    result = munidocs_cli("run", str(CORPUS_PDFS), "--out", str(a_file))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot write datasets to {a_file}: File exists")
    assert "Traceback" not in result.stderr


def test_an_unknown_option_is_a_usage_error() -> None:
    result = munidocs_cli("run", "--fast")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_run_reports_and_exits_zero_with_failures_nonzero_with_strict(
    prefect_server: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(
        CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf", folder / "brev.pdf"
    )
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    out = tmp_path / "out"

    result = munidocs_cli("run", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("2 documents: 1 new, 0 skipped, 1 failed; 3 pages extracted, ")
    assert last.endswith(f"pages/s; outputs in {out.resolve()}")
    assert "failed: " in result.stderr and "broken.pdf: corrupt or truncated PDF" in result.stderr
    # quiet by default: no Prefect chatter
    assert "Finished in state" not in result.stderr

    again = munidocs_cli("run", str(folder), "--out", str(out), "--strict")
    assert again.returncode == 1
    assert (
        again.stdout.strip().splitlines()[-1].startswith("2 documents: 0 new, 2 skipped, 1 failed;")
    )

    status = munidocs_cli("status", "--out", str(out))
    assert status.returncode == 0 and "correspondence" in status.stdout

    query = munidocs_cli("query", "select count(*) as n from pages", "--out", str(out))
    assert query.returncode == 0 and query.stdout.splitlines() == ["n", "─", "3", "1 row"]
    assert pq.read_table(out / "documents.parquet").num_rows == 2


def test_query_reports_sql_errors(prefect_server: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    munidocs_cli(
        "run",
        str(CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf"),
        "--out",
        str(out),
        check=True,
    )
    bad = munidocs_cli("query", "select * from nothing_here", "--out", str(out))
    assert bad.returncode == 2 and "nothing_here" in bad.stderr


def test_status_without_outputs_says_what_to_do(tmp_path: Path) -> None:
    result = munidocs_cli("status", "--out", str(tmp_path))
    assert result.returncode == 2 and "run `munidocs run` first" in result.stderr
