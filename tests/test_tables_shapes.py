"""Tables that are not budget notes: every table kept as cells, amount tables as budget lines.

The shapes the issue names, typeset by `benchmarks.tablegen` with known answers: a two-column
allocation table (year in the header, the caption, the title or nowhere; ruled, rules under
rows, no rules) and a wide landscape grant list over several pages (ruled or not, header
repeated or printed once, wrapped cells). Plus what must not become a table.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from benchmarks.tablegen import ShapePdf, allocation_note, grant_list
from munidocs.extractors.checks import check_document
from munidocs.extractors.reading.read import read_document
from munidocs.extractors.tables.aligned import aligned_tables
from munidocs.extractors.tables.grid import gline_group, page_gwords
from munidocs.extractors.tables.predicate import may_hold_table
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import ReadResult


def read(shape: ShapePdf, tmp_path: Path) -> ReadResult:
    path = tmp_path / shape.name
    path.write_bytes(shape.pdf)
    return read_document(path, "shape", str(path))


def lines_of(result: ReadResult) -> Counter[tuple[object, ...]]:
    return Counter(
        (b.item, b.year, b.amount_dkk, b.measure, b.is_total) for b in result.budget_lines
    )


def expected_of(shape: ShapePdf) -> Counter[tuple[object, ...]]:
    return Counter((e.item, e.year, e.amount_dkk, e.measure, e.is_total) for e in shape.expected)


@pytest.mark.parametrize("style", ["grid", "hrules", "none"])
@pytest.mark.parametrize("year_in", ["header", "caption", "title", "none"])
def test_allocation_table_gives_its_amounts_with_the_year_where_printed(
    style: str, year_in: str, tmp_path: Path
) -> None:
    shape = allocation_note(1, style, year_in)
    result = read(shape, tmp_path)
    assert lines_of(result) == expected_of(shape)
    sources = {b.year_source for b in result.budget_lines}
    assert sources == {None if year_in == "none" else year_in}
    assert {b.unit for b in result.budget_lines} == {"kr."}
    header = [c.text for c in result.table_cells if c.is_header]
    assert header == shape.headers


@pytest.mark.parametrize("ruled", [True, False])
@pytest.mark.parametrize("repeat_header", [True, False])
def test_grant_list_over_pages_is_one_table_with_every_amount(
    ruled: bool, repeat_header: bool, tmp_path: Path
) -> None:
    shape = grant_list(3, 40, ruled, repeat_header)
    assert shape.n_pages >= 3
    result = read(shape, tmp_path)
    assert lines_of(result) == expected_of(shape)
    assert {b.table for b in result.budget_lines} == {1}
    assert len({b.page for b in result.budget_lines}) == shape.n_pages
    body = [c for c in result.table_cells if not c.is_header]
    rows = {c.row for c in body}
    assert len(rows) == 41  # 40 applicants and the total, numbered on across pages
    # wrapped cells come out whole: every applicant's full name is one cell
    names = {c.text for c in body if c.column == 2}
    assert set(shape.items) <= names
    asked = [c for c in body if c.column == 14]
    assert all(c.value is not None for c in asked)


def test_a_total_row_of_an_amount_table_is_checked(tmp_path: Path) -> None:
    result = read(allocation_note(2, "grid", "header"), tmp_path)
    checks = check_document("shape", result.pages, result.budget_lines, result.row_totals)
    totals = [c for c in checks if c.check == "column_total"]
    assert totals and all(c.status == "pass" for c in totals)
    assert "Afsatte midler" in totals[0].message


def test_table_cells_parse_danish_numbers_strictly(tmp_path: Path) -> None:
    shape = allocation_note(3, "none", "none")
    result = read(shape, tmp_path)
    amounts = [c for c in result.table_cells if c.column == 2 and not c.is_header]
    assert all(c.unit == "kr." for c in amounts)
    assert [c.value for c in amounts] == [e.amount_dkk for e in shape.expected]


def _page(draw: list[tuple[float, float, str]]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    for x, y, text in draw:
        c.drawString(x, y, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _aligned(pdf: bytes) -> int:
    s = TableSettings()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        return len(aligned_tables(gline_group(page_gwords(page, s), 2.0), [], s))


def test_a_bulleted_list_a_form_and_prose_in_columns_are_no_tables() -> None:
    bullets = [(72, 700 - 14 * i, "•") for i in range(5)]
    bullets += [(90, 700 - 14 * i, f"Punkt nummer {i} om noget vigtigt") for i in range(5)]
    form = [(72, 700 - 14 * i, f"{k}:") for i, k in enumerate(["Fra", "Til", "Sendt", "Emne"])]
    form += [(160, 700 - 14 * i, f"Værdi {i} af feltet") for i in range(4)]
    prose = [
        (72, 700 - 12 * i, "Dette er en lang linje med almindelig tekst i spalte") for i in range(8)
    ]
    prose += [
        (320, 700 - 12 * i, "og her står den anden spalte med mere tekst i") for i in range(8)
    ]
    for draw in (bullets, form, prose):
        assert _aligned(_page(draw)) == 0


def test_a_list_with_a_header_and_a_number_column_is_a_table() -> None:
    rows = [(72, 700, "Selskab"), (300, 700, "Årsag"), (450, 700, "Årstal")]
    for i, (name, why, year) in enumerate(
        [
            ("Aeroteh SA", "Klyngebomber", "2015"),
            ("Vale SA", "Menneskerettigheder", "2019"),
            ("Target Corp", "ILO-brud", "2020"),
            ("ZTE Corp", "Korruption", "2016"),
        ],
        start=1,
    ):
        rows += [(72, 700 - 16 * i, name), (300, 700 - 16 * i, why), (450, 700 - 16 * i, year)]
    assert _aligned(_page(rows)) == 1


@pytest.mark.parametrize(
    ("text", "rules", "expected"),
    [
        ("Tabel 3. Udgifter\nnoget tekst", 0, True),
        ("Beløb 2026 2027 2028", 0, True),
        ("Kultur 1.370.000 kr.\nSport 400.000 kr.\nI alt 1.770.000 kr.", 0, True),
        ("A 1 2\nB 3 4\nC 5 6", 0, True),
        ("\n".join(f"Firma {i} Klyngebomber 20{10 + i}" for i in range(6)), 0, True),
        ("Kære Jens\nTak for dit brev af 3. maj.\nMed venlig hilsen", 0, False),
        ("Kære Jens\nTak for dit brev.", 12, True),
    ],
)
def test_one_cheap_predicate_says_which_pages_may_hold_a_table(
    text: str, rules: int, expected: bool
) -> None:
    assert may_hold_table(text, rules) is expected
