"""A worker's memory stays bounded by its document, not by what it read before.

pdfium holds every object it parsed until its document is closed, so a long PDF is reopened
every `pdf.reopen_pdfium_every_pages` pages (`reading.pdf.PdfiumFile`); freed heap and Arrow
pool pages are handed back between stages (`extractors.memory`). The peak itself (< 500 MiB
for a 1,000-page PDF) is measured by `python -m benchmarks.scale`, not by a timed test: these
tests hold the mechanisms, and that they change no answer.
"""

from __future__ import annotations

import dataclasses
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_PDFS, ROOT
from pdfs import text_pdf

import munidocs
from munidocs.extractors.memory import release_memory, release_when_above, resident_bytes
from munidocs.extractors.reading.pdf import open_pdfium
from munidocs.extractors.settings import Settings, SettingsError
from munidocs.models import DocumentRecords

REOPEN_EVERY_PAGE = Settings().with_overrides({"pdf.reopen_pdfium_every_pages": 1})
NEVER_REOPEN = Settings().with_overrides({"pdf.reopen_pdfium_every_pages": 0})


def test_pdfium_file_is_reopened_every_n_pages(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "five.pdf", ["Budgetnotat"], pages=5)
    with open_pdfium(pdf, 2) as pdfium_file:
        assert len(pdfium_file) == 5
        docs = [pdfium_file.document() for _ in range(5)]
        last_page = docs[4][4].get_textpage().get_text_bounded()  # the reopened one serves
    assert docs[0] is docs[1] and docs[2] is docs[3]
    assert len({id(doc) for doc in docs}) == 3
    assert "side 5" in last_page


def test_pdfium_file_is_never_reopened_with_zero(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "five.pdf", ["Budgetnotat"], pages=5)
    with open_pdfium(pdf, 0) as pdfium_file:
        docs = [pdfium_file.document() for _ in range(5)]
    assert len({id(doc) for doc in docs}) == 1


def test_a_negative_reopening_interval_is_refused() -> None:
    with pytest.raises(SettingsError, match="reopen_pdfium_every_pages must not be negative"):
        Settings().with_overrides({"pdf.reopen_pdfium_every_pages": -1})


def _rows(records: DocumentRecords) -> dict[str, list[dict[str, object]]]:
    out = {}
    for name, rows in records.datasets().items():
        out[name] = [dataclasses.asdict(row) for row in rows]
        for row in out[name]:
            row.pop("processed_at", None)
    return out


@pytest.mark.parametrize(
    "path",
    [
        *sorted(CORPUS_PDFS.glob("*.pdf")),
        ROOT / "tests" / "fixtures" / "realworld" / "aarhus_elev_sogneraad_1940_referat_scan.pdf",
    ],
    ids=lambda p: p.name,
)
def test_reopening_pdfium_changes_no_record(path: Path) -> None:
    """Every page read from a freshly opened document (the seeds, an OCR'd scan): the same rows,
    boxes included, as one document open throughout."""
    assert _rows(munidocs.process_pdf(path, REOPEN_EVERY_PAGE)) == _rows(
        munidocs.process_pdf(path, NEVER_REOPEN)
    )


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_release_memory_hands_freed_heap_back() -> None:
    """200 MiB of 1 KiB blocks freed around survivors stay mapped until glibc is asked."""
    blocks = [bytes(1000) + n.to_bytes(4, "little") for n in range(200_000)]
    survivors = blocks[::64]
    before = _rss_mib()
    del blocks
    kept = _rss_mib()
    release_memory()
    after = _rss_mib()
    assert len(survivors) == 3125
    assert kept - after > 100, (before, kept, after)


@pytest.mark.skipif(platform.system() != "Linux", reason="reads /proc/self/statm")
def test_memory_is_released_only_above_the_setting() -> None:
    """A process smaller than `run.release_above_mb` keeps its freed memory for the next
    document (handing it back cost 4 % of a worker's CPU in page faults); a larger one asks."""
    resident = resident_bytes()
    assert resident is not None and resident > 10 * 2**20
    assert release_when_above(resident / 2**20 + 1024) is False
    assert release_when_above(0) is True


def test_a_negative_release_level_is_refused() -> None:
    with pytest.raises(SettingsError, match="release_above_mb must not be negative"):
        Settings().with_overrides({"run.release_above_mb": -1})


def test_a_worker_collects_garbage_as_often_as_the_setting_says() -> None:
    """`run.gc_young_objects` is a worker's first collector threshold (Python's own is 700);
    the other two stay Python's."""
    code = (
        "import gc; from munidocs.flows import workers; from munidocs.extractors.settings import "
        "Settings; before = gc.get_threshold(); "
        "workers.tune_collector(Settings().with_overrides({'run.gc_young_objects': 1234}).run); "
        "print(before[0], gc.get_threshold() == (1234, *before[1:]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["700", "True"]
    with pytest.raises(SettingsError, match="gc_young_objects must be at least 1"):
        Settings().with_overrides({"run.gc_young_objects": 0})
