"""Exact answers on word-processor exports: .docx notes converted to PDF by LibreOffice.

The fixtures (tests/fixtures/word_like, built by benchmarks/budgetgen_docx.py) have what Word
exports have and reportlab's do not: rows broken across pages, a header row alone at a page
foot, office-suite cell margins and borders, text placed word by word.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfs import read_tables

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "word_like"
FIELDS = (
    "table", "table_title", "item", "committee", "appropriation", "control_area", "direction",
    "year", "amount", "unit", "amount_dkk", "price_level", "is_total",
)  # fmt: skip


def expected() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in (FIXTURES / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row.pop("file")].append(row)
    return dict(out)


EXPECTED = expected()


def read(name: str) -> tuple[list[dict[str, Any]], int]:
    lines = read_tables(FIXTURES / name, name).lines
    with pdfplumber.open(FIXTURES / name) as pdf:
        n_pages = len(pdf.pages)
    return [{f: getattr(line, f) for f in FIELDS} for line in lines], n_pages


def test_fixtures_cover_multi_page_notes_and_every_unit() -> None:
    assert len(EXPECTED) == 8
    assert max(read(name)[1] for name in ("n4.pdf", "n5.pdf")) == 4
    units = {row["unit"] for rows in EXPECTED.values() for row in rows}
    assert units == {"1.000 kr.", "mio. kr.", "kr.", "t.kr."}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_word_like_note_read_exactly(name: str) -> None:
    got, _ = read(name)
    assert got == EXPECTED[name]
