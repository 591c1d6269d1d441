"""One small PDF per table feature of the issue, with its literal expected budget lines."""

from __future__ import annotations

import io

import pytest
from pdfs import read_tables
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from benchmarks.budgetgen import BOLD, REGULAR, register_fonts
from munidocs.models import BudgetLine

BODY = ParagraphStyle("b", fontName=REGULAR, fontSize=9, leading=10.8)
HEAD = ParagraphStyle("h", fontName=BOLD, fontSize=9, leading=10.8)


def make_pdf(
    title: str,
    caption: str | None,
    rows: list[list[str]],
    style: str,
    widths: list[float],
    valign: str = "TOP",
    pad: int = 2,
    head_size: float = 9,
    label_size: float = 9,
) -> bytes:
    """A note with one table, typeset by reportlab; "<br/>" in a cell forces a line break."""
    register_fonts()
    head = ParagraphStyle("h2", parent=HEAD, fontSize=head_size, leading=head_size * 1.2)
    body = ParagraphStyle("b2", parent=BODY, fontSize=label_size, leading=label_size * 1.2)
    data = [
        [
            Paragraph(c, head if r == 0 else body) if k == 0 or r == 0 else c
            for k, c in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    cmds: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    if style == "grid":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif style == "hrules":
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black))
    story = [Paragraph("Økonomi", HEAD), Paragraph(title, HEAD)]
    if caption:
        story.append(Paragraph(caption, BODY))
    story.append(Table(data, colWidths=widths, style=TableStyle(cmds)))
    story.append(Paragraph("Risikovurdering og proces", ParagraphStyle("x", fontSize=12)))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def read(pdf: bytes) -> list[BudgetLine]:
    return read_tables(pdf, "case").lines


def cells(lines: list[BudgetLine]) -> list[tuple[object, ...]]:
    return [(ln.item, ln.year, ln.amount, ln.amount_dkk, ln.is_total) for ln in lines]


@pytest.mark.parametrize("style", ["grid", "hrules", "none"])
def test_danish_number_forms_in_every_rule_style(style: str) -> None:
    rows = [
        ["", "2026", "2027", "2028", "2029"],
        ["Tilskud", "1.950", "÷200", "(200)", "-"],
        ["Refusion", "-1.234", "0", "", "12.500"],
        ["I alt", "716", "-200", "-200", "12.500"],
    ]
    lines = read(
        make_pdf("Tabel 1. Udgifter", "1.000 kr., 2026 p/l", rows, style, [160, 60, 60, 60, 60])
    )
    assert cells(lines) == [
        ("Tilskud", 2026, 1950.0, 1950000.0, False),
        ("Tilskud", 2027, -200.0, -200000.0, False),
        ("Tilskud", 2028, -200.0, -200000.0, False),
        ("Tilskud", 2029, 0.0, 0.0, False),
        ("Refusion", 2026, -1234.0, -1234000.0, False),
        ("Refusion", 2027, 0.0, 0.0, False),
        ("Refusion", 2029, 12500.0, 12500000.0, False),
        ("I alt", 2026, 716.0, 716000.0, True),
        ("I alt", 2027, -200.0, -200000.0, True),
        ("I alt", 2028, -200.0, -200000.0, True),
        ("I alt", 2029, 12500.0, 12500000.0, True),
    ]
    assert {(ln.unit, ln.price_level, ln.table_title) for ln in lines} == {
        ("1.000 kr.", "2026 p/l", "Tabel 1. Udgifter")
    }


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_mio_kr_decimals_wrapped_labels_and_area_from_title(valign: str) -> None:
    rows = [
        ["mio. kr., 2027 p/l", "2027", "2028", "2029", "I alt"],
        [
            "Etablering af nyt aktivitetshus på Amager med tilhørende udearealer",
            "1,5",
            "12,3",
            "0,4",
            "14,2",
        ],
        ["Renovering af klub-<br/>huset i Valby", "1.234,5", "-0,5", "", "1.234,0"],
        ["Anlæg i alt", "1.236,0", "11,8", "0,4", "1.248,2"],
    ]
    lines = read(
        make_pdf("Tabel 3. Anlægsudgifter", None, rows, "none", [150, 60, 60, 60, 60], valign, 0)
    )
    assert cells(lines) == [
        (
            "Etablering af nyt aktivitetshus på Amager med tilhørende udearealer",
            2027,
            1.5,
            1500000.0,
            False,
        ),
        (
            "Etablering af nyt aktivitetshus på Amager med tilhørende udearealer",
            2028,
            12.3,
            12300000.0,
            False,
        ),
        (
            "Etablering af nyt aktivitetshus på Amager med tilhørende udearealer",
            2029,
            0.4,
            400000.0,
            False,
        ),
        ("Renovering af klubhuset i Valby", 2027, 1234.5, 1234500000.0, False),
        ("Renovering af klubhuset i Valby", 2028, -0.5, -500000.0, False),
        ("Anlæg i alt", 2027, 1236.0, 1236000000.0, True),
        ("Anlæg i alt", 2028, 11.8, 11800000.0, True),
        ("Anlæg i alt", 2029, 0.4, 400000.0, True),
    ]
    assert {(ln.unit, ln.price_level, ln.control_area) for ln in lines} == {
        ("mio. kr.", "2027 p/l", "Anlæg")
    }


def test_descriptive_columns_in_any_order_with_wrapped_headers() -> None:
    rows = [
        ["t.kr.", "U/I", "Bevilling", "Styrings-<br/>område", "Udvalg", "2026", "2027", "2028"],
        ["Husleje", "U", "35.10", "Service", "BIU", "100", "100", "100"],
        ["Statsrefusion", "I", "35.11", "Overførsler", "BIU", "-40", "-40", "-40"],
        ["Udgifter i alt (netto)", "", "", "", "", "60", "60", "60"],
    ]
    lines = read(
        make_pdf("Tabel 2. Samlet", None, rows, "hrules", [110, 30, 50, 60, 40, 50, 50, 50])
    )
    got = [(ln.item, ln.direction, ln.appropriation, ln.control_area, ln.committee, ln.year, ln.amount)
           for ln in lines if ln.year == 2026]  # fmt: skip
    assert got == [
        ("Husleje", "expense", "35.10", "Service", "BIU", 2026, 100.0),
        ("Statsrefusion", "income", "35.11", "Overførsler", "BIU", 2026, -40.0),
        ("Udgifter i alt (netto)", None, None, None, None, 2026, 60.0),
    ]
    assert {ln.unit for ln in lines} == {"t.kr."}
    assert {ln.amount_dkk for ln in lines if ln.item == "Husleje"} == {100000.0}


def test_kr_unit_and_section_totals_give_areas() -> None:
    rows = [
        ["kr.", "2026", "2027", "2028"],
        ["Løn", "650.000", "650.000", "650.000"],
        ["Serviceudgifter i alt", "650.000", "650.000", "650.000"],
        ["Ombygning", "100.000", "", ""],
        ["Anlæg i alt", "100.000", "", ""],
        ["Samlet økonomisk påvirkning", "750.000", "650.000", "650.000"],
    ]
    lines = read(make_pdf("Tabel 1. Oversigt", None, rows, "grid", [170, 70, 70, 70]))
    got = sorted({(ln.item, ln.control_area, ln.is_total) for ln in lines}, key=str)
    assert got == [
        ("Anlæg i alt", "Anlæg", True),
        ("Løn", "Service", False),
        ("Ombygning", "Anlæg", False),
        ("Samlet økonomisk påvirkning", None, True),
        ("Serviceudgifter i alt", "Service", True),
    ]
    assert {(ln.unit, ln.amount_dkk) for ln in lines if ln.item == "Løn"} == {("kr.", 650000.0)}


def test_page_without_a_table_gives_nothing() -> None:
    rows = [["Dato", "Emne"], ["1. maj", "Møde i 2026 om 2027"]]
    assert read(make_pdf("Bilag", None, rows, "grid", [100, 200])) == []


@pytest.mark.parametrize("style", ["grid", "hrules", "none"])
def test_unit_row_under_the_year_row_is_header_not_a_label(style: str) -> None:
    rows = [
        ["", "2026", "2027"],
        ["mio. kr., 2026 p/l", "", ""],
        ["Drift af værested", "0,7", "0,7"],
        ["I alt", "0,7", "0,7"],
    ]
    lines = read(make_pdf("Tabel 1. Udgifter til service", None, rows, style, [200, 60, 60]))
    assert [(ln.item, ln.year, ln.amount_dkk, ln.unit, ln.price_level) for ln in lines] == [
        ("Drift af værested", 2026, 700000.0, "mio. kr.", "2026 p/l"),
        ("Drift af værested", 2027, 700000.0, "mio. kr.", "2026 p/l"),
        ("I alt", 2026, 700000.0, "mio. kr.", "2026 p/l"),
        ("I alt", 2027, 700000.0, "mio. kr.", "2026 p/l"),
    ]


@pytest.mark.parametrize("style", ["grid", "hrules", "none"])
def test_header_larger_than_body_and_labels_smaller_than_amounts(style: str) -> None:
    rows = [
        ["1.000 kr.", "2026", "2027"],
        ["Tilskud til foreninger i Valby og på Amager", "1.950", "÷200"],
        ["I alt", "1.950", "-200"],
    ]
    pdf = make_pdf("Tabel 1. Udgifter", None, rows, style, [120, 60, 60], "TOP", 0, 10.5, 8)
    assert cells(read(pdf)) == [
        ("Tilskud til foreninger i Valby og på Amager", 2026, 1950.0, 1950000.0, False),
        ("Tilskud til foreninger i Valby og på Amager", 2027, -200.0, -200000.0, False),
        ("I alt", 2026, 1950.0, 1950000.0, True),
        ("I alt", 2027, -200.0, -200000.0, True),
    ]
