"""How well OCR reads a scanned copy of a PDF: character accuracy, law references, organisations.

    .venv/bin/python -m tools.ocr_accuracy corpus/pdfs/svar-vedr-overtagelse-af-integrationsansvar.pdf \
        tests/fixtures/scans/letter_scan.pdf [--set ocr.dpi=200]

Both PDFs go through `munidocs.process_pdf`, the original read from its text layer, the scan
through OCR. Character accuracy is 1 - (edit distance / characters of the original) over the
whole document's normalised text (pages joined by a space), by difflib's matching blocks (no
extra dependency): the share of the original's characters OCR reproduced in order. The README's
figures and the floors in tests/test_ocr.py come from this script. The document's OCR time
budget (`ocr.max_seconds`) is lifted: on a busy machine it would cut pages off.
"""

from __future__ import annotations

import argparse
import difflib
import time
from dataclasses import dataclass
from pathlib import Path

import munidocs
from munidocs.extractors.settings import Settings
from munidocs.models import DocumentRecords


@dataclass(frozen=True)
class Accuracy:
    characters: float
    """Share of the original's characters the OCR text reproduces, in order (0-1)."""
    laws: tuple[int, int]
    """(law references of the original also found in the scan, law references of the original)"""
    organisations: tuple[int, int]
    """(organisations of the original also found in the scan, organisations of the original)"""
    seconds: float


def text_of(records: DocumentRecords) -> str:
    return " ".join(p.text for p in records.pages)


def char_accuracy(truth: str, ocr: str) -> float:
    """Matched characters in order over the original's length (1.0 = every character read)."""
    matcher = difflib.SequenceMatcher(None, truth, ocr, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(truth))


def laws_of(records: DocumentRecords) -> set[tuple[str | None, str | None, str | None]]:
    return {(r.law, r.section, r.subsection) for r in records.law_references}


def orgs_of(records: DocumentRecords) -> set[str | None]:
    return {e.normalized for e in records.entities if e.label == "ORG"}


def measure(original: Path, scan: Path, settings: Settings | None = None) -> Accuracy:
    truth = munidocs.process_pdf(original, settings)
    start = time.monotonic()
    read = munidocs.process_pdf(scan, settings)
    seconds = time.monotonic() - start
    laws, orgs = laws_of(truth), orgs_of(truth)
    return Accuracy(
        characters=char_accuracy(text_of(truth), text_of(read)),
        laws=(len(laws & laws_of(read)), len(laws)),
        organisations=(len(orgs & orgs_of(read)), len(orgs)),
        seconds=seconds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("original", type=Path)
    parser.add_argument("scan", type=Path)
    parser.add_argument("--set", action="append", default=[], help="key=value setting")
    args = parser.parse_args()
    # what OCR reads, not how fast: no OCR time budget unless one is --set
    overrides = {"ocr.max_seconds": "100000", **dict(kv.split("=", 1) for kv in args.set)}
    settings = Settings().with_overrides(overrides)
    result = measure(args.original, args.scan, settings)
    print(f"character accuracy {result.characters:.4f}")
    print(f"law references {result.laws[0]}/{result.laws[1]}")
    print(f"organisations {result.organisations[0]}/{result.organisations[1]}")
    print(f"OCR read in {result.seconds:.1f} s")


if __name__ == "__main__":
    main()
