"""The scale benchmark's own pieces: what it measures on (`--pages`, `--pdfs`) and how it
tells scanned pages (which plain pdfplumber cannot read) from the rest. The timings themselves
are the benchmark's to report (`python -m benchmarks.scale`), not a test's."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from benchmarks import scale
from munidocs.models import arrow_schema

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "pdfs"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--pages", "0"], "--pages must be positive, or 0 with --pdfs"),
        (["--pages", "-5"], "--pages must be positive, or 0 with --pdfs"),
        (["--pages", "0", "--pdfs", "{empty}"], "no *.pdf files there"),
    ],
)
def test_what_to_measure_on_is_checked_before_anything_starts(
    argv: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{empty}", str(tmp_path)) for a in argv]
    with pytest.raises(SystemExit) as exc:
        scale.main(argv)
    assert exc.value.code == 2
    assert says in capsys.readouterr().err


def test_pages_0_measures_the_given_pdfs_alone(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    for pdf in sorted(SEEDS.glob("*.pdf"))[:2]:
        (real / pdf.name).write_bytes(pdf.read_bytes())
    scale._corpus(tmp_path / "corpus", 0, real)
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == sorted(
        p.name for p in real.iterdir()
    )


def test_ocr_pages_counts_the_pages_a_run_read_with_ocr(tmp_path: Path) -> None:
    schema = arrow_schema("pages")
    rows = [
        {**{f.name: _filler(f.type) for f in schema}, "ocr": ocr} for ocr in (True, False, True)
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp_path / "pages.parquet")
    assert scale.ocr_pages(tmp_path) == 2


def _filler(kind: pa.DataType) -> object:
    """A value of the column's type (what it is does not matter here)."""
    if pa.types.is_list(kind):
        return []
    if pa.types.is_string(kind):
        return "x"
    if pa.types.is_boolean(kind):
        return False
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return 1
    return None


def test_outside_allowed_is_the_serial_wall_time_that_still_gives_1_8x() -> None:
    # the generated notes' measured loops: 22.1 s alone, 1.85x on two workers
    allowed = scale.outside_allowed(22.1, 22.1 / 1.85)
    assert allowed == pytest.approx(0.7466, abs=1e-3)
    assert (allowed + 22.1) / (allowed + 22.1 / 1.85) == pytest.approx(1.8)
    assert scale.outside_allowed(20.0, 10.0) == pytest.approx(2.5)  # a perfect loop
    # a loop below 1.8x: no serial time is short enough
    assert scale.outside_allowed(18.0, 10.5) < 0


def test_the_table_gives_a_ratio_to_plain_pdfplumber_only_for_the_same_pages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def row(pages: int, wall: float, cpu: float, **extra: float) -> dict[str, float]:
        return {"pages": pages, "wall": wall, "cpu": cpu, "peak_mib": 100, "children_peak_mib": 200,
                "server_cpu": 0.5, **extra}  # fmt: skip

    scale._print(
        {
            "plain pdfplumber extract_text": row(500, 30.0, 30.0),
            "plain pdfplumber, 2 processes": row(500, 16.0, 31.0),
            "API loop (process_pdf, no Prefect)": row(500, 22.0, 22.0),
            "munidocs run --workers 1": row(500, 28.0, 30.0, extract_seconds=23.0),
            "munidocs run --workers 2": row(500, 17.0, 30.0, extract_seconds=12.0),
            "no-op rerun (--workers 2)": row(0, 0.6, 0.7),
            "no-op rerun as a flow run (run.quick_check = false)": row(0, 1.8, 1.9),
            "plain pdfplumber, the 1,000-page PDF": row(1000, 42.0, 42.0),
            "one 1,000-page PDF, --workers 1": row(1000, 40.0, 40.0),
            "Dask, 1 worker": row(500, 38.0, 7.6),
        }
    )
    lines = {line.split(" | ")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "| 1.00x |" in lines["| munidocs run --workers 1"]
    assert "| 1.05x |" in lines["| one 1,000-page PDF, --workers 1"]  # against its own plain row
    assert "| — |" in lines["| plain pdfplumber, the 1,000-page PDF"]
    assert "| — |" in lines["| Dask, 1 worker"]
    assert "| — |" in lines["| no-op rerun (--workers 2)"]
