"""The table reader's tolerances are settings: changing one changes the reading where it should.

Each case is a small note drawn with reportlab at exact positions, read once with the defaults
and once with one `TableSettings` field changed; both answers are literal.
"""

from __future__ import annotations

import io
import re
from dataclasses import fields
from pathlib import Path

import pytest
from pdfs import read_tables
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from benchmarks.budgetgen import REGULAR, register_fonts
from munidocs.extractors.reading.read import read_document
from munidocs.extractors.settings import Settings, SettingsError
from munidocs.extractors.tables.layout import Line, Word
from munidocs.extractors.tables.reader import header_years
from munidocs.extractors.tables.settings import TableSettings
from munidocs.models import BudgetLine

DOCS = Path(__file__).resolve().parents[1] / "docs" / "tables.md"
TITLE = "Tabel 1. Udgifter til service"

# (baseline y from the page foot, label, amounts for 2026 and 2027)
PageLines = list[tuple[float, str, tuple[str, ...]]]


def note(pages: list[PageLines], size: float = 9.0) -> bytes:
    """A rule-less note: labels at x=72, amounts right-aligned at 400 and 470, "Side n" at y=30."""
    register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for n, lines in enumerate(pages, 1):
        c.setFont(REGULAR, size)
        for y, label, values in lines:
            c.drawString(72, y, label)
            for x, value in zip((400, 470), values, strict=False):
                c.drawRightString(x, y, value)
        c.drawString(72, 30, f"Side {n}")  # top at 0.956 of the page height
        c.showPage()
    c.save()
    return buf.getvalue()


HEAD: PageLines = [(760, TITLE, ()), (740, "1.000 kr.", ("2026", "2027"))]
BODY: PageLines = [(726, "Drift", ("100", "200")), (712, "Husleje", ("10", "20"))]

# the table is followed on its page by nothing but the footer; page 2 goes on without a header
CONTINUED = note([HEAD + BODY, [(700, "Tilskud", ("300", "400")), (600, "Derefter tekst.", ())]])


def items(lines: list[BudgetLine]) -> list[tuple[int, str, int, float]]:
    return [(ln.page, ln.item, ln.year, ln.amount) for ln in lines]


def test_footer_share_decides_whether_a_table_goes_on_to_the_next_page() -> None:
    # default 0.9: "Side 1" (top at 0.956) is the footer, so the table reaches the page foot
    assert items(read_tables(CONTINUED).lines) == [
        (1, "Drift", 2026, 100.0),
        (1, "Drift", 2027, 200.0),
        (1, "Husleje", 2026, 10.0),
        (1, "Husleje", 2027, 20.0),
        (2, "Tilskud", 2026, 300.0),
        (2, "Tilskud", 2027, 400.0),
    ]
    # 0.97: "Side 1" is an ordinary line after the table, which therefore ends on page 1
    lower = read_tables(CONTINUED, settings=TableSettings(footer_share=0.97))
    assert items(lower.lines) == [
        (1, "Drift", 2026, 100.0),
        (1, "Drift", 2027, 200.0),
        (1, "Husleje", 2026, 10.0),
        (1, "Husleje", 2027, 20.0),
    ]


def test_body_gap_decides_whether_a_row_after_a_gap_belongs_to_the_table() -> None:
    # "Efterslaeb" stands 25 pt below the row above: 2.8 times the 9 pt body size
    pdf = note([[*HEAD, *BODY, (678, "Efterslaeb", ("5", "6")), (500, "Tekst.", ())]])
    assert [(i, y) for _, i, y, _ in items(read_tables(pdf).lines)] == [
        ("Drift", 2026),
        ("Drift", 2027),
        ("Husleje", 2026),
        ("Husleje", 2027),
    ]
    wider = read_tables(pdf, settings=TableSettings(body_gap_em=3.0))
    assert [(i, y) for _, i, y, _ in items(wider.lines)] == [
        ("Drift", 2026),
        ("Drift", 2027),
        ("Husleje", 2026),
        ("Husleje", 2027),
        ("Efterslaeb", 2026),
        ("Efterslaeb", 2027),
    ]


def test_header_min_years_decides_which_rows_start_a_table() -> None:
    pdf = note([[*HEAD, *BODY, (500, "Tekst.", ())]])
    assert len(read_tables(pdf).lines) == 4
    assert read_tables(pdf, settings=TableSettings(header_min_years=3)).lines == []


def test_year_gap_decides_whether_years_are_columns_or_prose() -> None:
    def line(gap: float) -> Line:
        # two 9 pt years, 20 pt wide, `gap` points apart
        words = [Word("2026", 100.0, 120.0, 0.0, 9.0, 9.0)]
        words.append(Word("2027", 120.0 + gap, 140.0 + gap, 0.0, 9.0, 9.0))
        return Line(words, 0.0, 9.0)

    # default: at least 0.8 x 9 = 7.2 pt apart
    assert [w.text for w in header_years(line(7.5))] == ["2026", "2027"]
    assert header_years(line(5.0)) == []
    assert [w.text for w in header_years(line(5.0), TableSettings(year_gap_em=0.5))] == [
        "2026",
        "2027",
    ]


def test_a_dotted_override_reaches_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "note.pdf"
    path.write_bytes(CONTINUED)
    settings = Settings().with_overrides({"tables.footer_share": "0.97"})
    assert settings.tables.footer_share == 0.97
    assert settings.tables.body_gap_em == 2.0  # the others keep their defaults
    default = read_document(path, "d", "test")
    changed = read_document(path, "d", "test", settings=settings)
    assert [(ln.page, ln.item) for ln in default.budget_lines] == [
        (1, "Drift"),
        (1, "Drift"),
        (1, "Husleje"),
        (1, "Husleje"),
        (2, "Tilskud"),
        (2, "Tilskud"),
    ]
    assert [(ln.page, ln.item) for ln in changed.budget_lines] == [
        (1, "Drift"),
        (1, "Drift"),
        (1, "Husleje"),
        (1, "Husleje"),
    ]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("tables.header_min_years", "1", "header_min_years must be at least 2"),
        ("tables.footer_share", "1.5", "footer_share is a share: at most 1"),
        ("tables.column_gap_em", "-0.1", "column_gap_em must not be negative"),
        ("tables.body_gap", "3", "unknown setting 'body_gap'"),
    ],
)
def test_bad_table_settings_are_refused_by_name(key: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(message)):
        Settings().with_overrides({key: value})


def test_every_table_setting_is_documented_with_its_default() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", text, flags=re.M))
    assert rows == {f.name: repr(f.default) for f in fields(TableSettings)}
