"""Exact answers on generated budget notes: ruled, rules-only and borderless tables, page splits."""

from __future__ import annotations

import io
from dataclasses import astuple
from decimal import Decimal

import pdfplumber
import pytest
from pdfs import read_tables

from benchmarks.budgetgen import ExpectedLine, GeneratedNote, generate_note
from munidocs.extractors.lexicon import is_dash, parse_danish_number
from munidocs.models import BudgetLine

SEEDS = range(0, 48)


def read(pdf_bytes: bytes) -> list[BudgetLine]:
    return read_tables(pdf_bytes, "gen").lines


def as_expected(line: BudgetLine) -> ExpectedLine:
    return ExpectedLine(
        line.table, line.table_title, line.item, line.committee, line.appropriation,
        line.control_area, line.direction, line.year, line.amount, line.unit, line.amount_dkk,
        line.price_level, line.is_total,
    )  # fmt: skip


@pytest.fixture(scope="module")
def notes() -> list[GeneratedNote]:
    return [generate_note(seed) for seed in SEEDS]


def test_generator_is_deterministic() -> None:
    a, b = generate_note(7), generate_note(7)
    assert a.pdf == b.pdf
    assert a.expected == b.expected


def test_corpus_covers_the_issue_cases(notes: list[GeneratedNote]) -> None:
    styles = {s for n in notes for s in n.styles}
    assert styles == {"grid", "hrules", "booktabs", "borderless"}
    lines = [e for n in notes for e in n.expected]
    assert {e.unit for e in lines} == {"1.000 kr.", "mio. kr.", "kr.", "t.kr."}
    assert any(e.amount < 0 for e in lines)
    assert any(e.amount != int(e.amount) for e in lines)  # decimals (mio. kr.)
    assert {e.control_area for e in lines} >= {"Service", "Anlæg", "Overførsler", None}
    assert {e.direction for e in lines} == {"expense", "income", None}
    assert any(n.n_pages >= 3 for n in notes)
    assert {len({(e.table) for e in n.expected}) for n in notes} == {2, 3}


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_note_read_exactly(seed: int, notes: list[GeneratedNote]) -> None:
    note = notes[seed]
    got = [astuple(as_expected(ln)) for ln in read(note.pdf)]
    assert got == [astuple(e) for e in note.expected]


def test_split_table_keeps_one_number_and_its_pages(notes: list[GeneratedNote]) -> None:
    split = 0
    for note in notes:
        lines = read(note.pdf)
        for table in {ln.table for ln in lines}:
            pages = {ln.page for ln in lines if ln.table == table}
            split += len(pages) > 1
    assert split >= 5


def test_bbox_points_at_the_row_on_its_page(notes: list[GeneratedNote]) -> None:
    note = notes[1]
    lines = read(note.pdf)
    with pdfplumber.open(io.BytesIO(note.pdf)) as pdf:
        for ln in lines[:40]:
            assert ln.row_bbox is not None and ln.bbox is not None
            page = pdf.pages[ln.page - 1]
            x0, top, x1, bottom = ln.row_bbox
            assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height
            text = page.crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            assert ln.item.split()[-1].rstrip(")") in text.replace("\n", " ")
            # the line's own box holds its amount cell and nothing else
            x0, top, x1, bottom = ln.bbox
            cell = page.within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            amount = 0 if is_dash(cell) else parse_danish_number(cell)
            assert amount == Decimal(repr(ln.amount)), (cell, ln)
