"""Realistic amount tables that are not budget notes, with their exact budget lines.

The real-world development set holds no modern allocation table or grant list, so these are
typeset here (reportlab, seeded, deterministic) in the shapes municipal PDFs print them:

- `allocation_note`: a committee memo with a two-column allocation table ("Indsatsområde |
  Afsatte midler i 2013", cells "1.370.000 kr.", an "I alt" row), the year printed in the
  column header, the table caption, the document title, or nowhere; ruled, rules under rows, or
  no rules at all;
- `grant_list`: a wide landscape grant list (16 columns: Løbenr., Ansøger, Projekttitel, Bydel,
  ..., "Ansøgt beløb", "Indstillet beløb") over several pages, header repeated on each page or
  printed once, amounts without "kr.", project titles and applicants wrapping over two to four
  lines, a row the page break may cut, an "I alt" row at the end.

Each returns the PDF and the budget lines it must give (page, item, year, amount in kroner,
measure, total) plus the header texts, for `tests/test_tables_shapes.py`.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from benchmarks.budgetgen import BOLD, REGULAR, format_amount, register_fonts


@dataclass(frozen=True, slots=True)
class Expected:
    """One budget line the table must give."""

    item: str
    year: int | None
    amount_dkk: float
    measure: str | None
    is_total: bool


@dataclass(slots=True)
class ShapePdf:
    name: str
    pdf: bytes
    expected: list[Expected]
    headers: list[str]
    n_pages: int = 0
    items: list[str] = field(default_factory=list)


AREAS = [
    "Forebyggelse og tidlig indsats",
    "Styrkelse af foreningslivet i de udsatte boligområder",
    "Uddannelse og beskæftigelse for unge",
    "Sundhed og trivsel",
    "Kultur og fritid for børn og familier",
    "Frivillighed og medborgerskab",
    "Bygningsvedligeholdelse",
    "Digitalisering af borgerservice",
]
APPLICANTS = [
    "Foreningen Nørrebro Lokalhistorie",
    "Boligforeningen Vibo, afdeling Mjølnerparken",
    "KFUM-Spejderne i Danmark, Brønshøj Gruppe",
    "Dansk Flygtningehjælp Ungdom",
    "Red Barnet",
    "Kulturhuset Islands Brygge",
    "Idrætsforeningen Bispebjerg",
    "Mødrehjælpen",
    "Café Exit",
    "Settlementet på Vesterbro",
    "Børnehuset Regnbuen",
    "Amager Bokseklub",
]
TITLES = [
    "Lektiecafé for børn og unge",
    "Sommerferieaktiviteter for familier med lav indkomst i bydelen",
    "Netværk for nyankomne kvinder med fokus på sprog, beskæftigelse og fællesskab",
    "Fodboldskole",
    "Madklub for ældre",
    "Kulturnat i gården med musik, teater og workshops for hele opgangen",
    "Mentorordning for unge uden uddannelse",
    "Renovering af klubhus",
]
DISTRICTS = ["Nørrebro", "Bispebjerg", "Amager Vest", "Valby", "Vesterbro/Kgs. Enghave"]


def _doc(buf: io.BytesIO, pagesize: tuple[float, float]) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buf, pagesize=pagesize, leftMargin=40, rightMargin=40, topMargin=50, bottomMargin=50
    )


def allocation_note(seed: int, style: str = "grid", year_in: str = "header") -> ShapePdf:
    """A memo with one allocation table; ``year_in``: header, caption, title or none."""
    register_fonts()
    rl_config.invariant = 1
    rng = random.Random(seed)
    year = rng.choice([2013, 2019, 2024, 2025])
    text = ParagraphStyle("t", fontName=REGULAR, fontSize=10, leading=13, spaceAfter=6)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=15, leading=19, spaceAfter=8)
    cap = ParagraphStyle("c", fontName=BOLD, fontSize=10, leading=12, spaceAfter=4)
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=9.5, leading=11.5)
    head = ParagraphStyle("head", fontName=BOLD, fontSize=9.5, leading=11.5)
    title = "Fordeling af puljen til styrkelse af civilsamfundet"
    if year_in == "title":
        title += f" {year}"
    measure = f"Afsatte midler i {year}" if year_in == "header" else "Afsatte midler"
    caption = "Tabel 1. Fordeling på indsatsområder" + (f" {year}" if year_in == "caption" else "")
    areas = rng.sample(AREAS, k=rng.randint(3, 6))
    values = [Decimal(rng.randint(2, 180) * 10_000) for _ in areas]
    rows = [[Paragraph("Indsatsområde", head), Paragraph(measure, head)]]
    for area, value in zip(areas, values, strict=True):
        rows.append([Paragraph(area, cell), f"{format_amount(value, 0, '-')} kr."])
    total = sum(values, Decimal(0))
    rows.append([Paragraph("I alt", head), f"{format_amount(total, 0, '-')} kr."])
    cmds: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 9.5),
        ("FONT", (1, -1), (1, -1), BOLD, 9.5),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if style == "grid":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif style == "hrules":
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey))
    story = [
        Paragraph(title, h1),
        Paragraph(
            "Udvalget besluttede på sit møde at fordele puljen på de indsatsområder, der fremgår "
            "af tabellen nedenfor. Forvaltningen følger op på anvendelsen af midlerne.",
            text,
        ),
        Paragraph(caption, cap),
        Table(rows, colWidths=[300, 150], style=TableStyle(cmds)),
        Spacer(1, 12),
        Paragraph("Sagen forelægges udvalget igen, når puljen er opbrugt.", text),
    ]
    buf = io.BytesIO()
    doc = _doc(buf, A4)
    doc.build(story)
    want_year = None if year_in == "none" else year
    shown = measure
    expected = [
        Expected(a, want_year, float(v), shown, False) for a, v in zip(areas, values, strict=True)
    ]
    expected.append(Expected("I alt", want_year, float(total), shown, True))
    return ShapePdf(
        f"allocation_{style}_{year_in}_{seed}.pdf",
        buf.getvalue(),
        expected,
        ["Indsatsområde", measure],
        doc.page,
        areas,
    )


GRANT_HEADER = [
    "Løbenr.",
    "Ansøger",
    "Projekttitel",
    "Bydel",
    "Målgruppe",
    "Alder",
    "Start",
    "Slut",
    "Deltagere",
    "Frivillige",
    "Tidligere støttet",
    "Medfinansiering",
    "Vurdering",
    "Ansøgt beløb",
    "Indstillet beløb",
    "Bemærkning",
]


def grant_list(
    seed: int, n_rows: int = 40, ruled: bool = True, repeat_header: bool = True
) -> ShapePdf:
    """A landscape grant list over several pages; amounts without "kr.", wrapped cells."""
    register_fonts()
    rl_config.invariant = 1
    rng = random.Random(seed)
    year = rng.choice([2023, 2024, 2025])
    small = ParagraphStyle("s", fontName=REGULAR, fontSize=7, leading=8.4)
    head = ParagraphStyle("hs", fontName=BOLD, fontSize=7, leading=8.4)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=14, leading=18, spaceAfter=8)
    rows: list[list[object]] = [[Paragraph(h, head) for h in GRANT_HEADER]]
    expected: list[Expected] = []
    asked_total = granted_total = Decimal(0)
    items = []
    for n in range(1, n_rows + 1):
        applicant = rng.choice(APPLICANTS)
        asked = Decimal(rng.randint(5, 400) * 1000)
        granted = Decimal(rng.choice([0, int(asked * Decimal("0.5")), int(asked)]))
        asked_total += asked
        granted_total += granted
        items.append(applicant)
        rows.append(
            [
                str(n),
                Paragraph(applicant, small),
                Paragraph(rng.choice(TITLES), small),
                Paragraph(rng.choice(DISTRICTS), small),
                Paragraph(rng.choice(["Børn", "Unge", "Familier", "Ældre", "Alle"]), small),
                f"{rng.randint(6, 12)}-{rng.randint(13, 25)}",
                f"{rng.randint(1, 28)}.{rng.randint(1, 6)}.{year}",
                f"{rng.randint(1, 28)}.{rng.randint(7, 12)}.{year}",
                str(rng.randint(10, 300)),
                str(rng.randint(0, 30)),
                rng.choice(["Ja", "Nej"]),
                rng.choice(["Ja", "Nej", "Delvis"]),
                Paragraph(rng.choice(["Opfylder kriterierne", "Delvist", "Ikke opfyldt"]), small),
                format_amount(asked, 0, "-"),
                format_amount(granted, 0, "-"),
                Paragraph(
                    rng.choice(["", "Afslag: uden for formålet", "Betinget af budget"]), small
                ),
            ]
        )
        expected.append(Expected(applicant, year, float(asked), "Ansøgt beløb", False))
        expected.append(Expected(applicant, year, float(granted), "Indstillet beløb", False))
    rows.append(
        ["", Paragraph("I alt", head)]
        + [""] * 11
        + [format_amount(asked_total, 0, "-"), format_amount(granted_total, 0, "-"), ""]
    )
    expected.append(Expected("I alt", year, float(asked_total), "Ansøgt beløb", True))
    expected.append(Expected("I alt", year, float(granted_total), "Indstillet beløb", True))
    widths = [28, 90, 105, 52, 42, 30, 40, 40, 38, 38, 40, 52, 55, 48, 48, 60]
    cmds: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 7),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (13, 1), (14, -1), "RIGHT"),
    ]
    if ruled:
        cmds.append(("GRID", (0, 0), (-1, -1), 0.4, colors.black))
    table = Table(
        rows, colWidths=widths, repeatRows=1 if repeat_header else 0, style=TableStyle(cmds)
    )
    story = [
        Paragraph(f"Puljen til lokale initiativer {year}: ansøgninger og indstilling", h1),
        table,
    ]
    buf = io.BytesIO()
    doc = _doc(buf, landscape(A4))
    doc.build(story)
    return ShapePdf(
        f"grants_{'ruled' if ruled else 'plain'}_{'rep' if repeat_header else 'once'}_{seed}.pdf",
        buf.getvalue(),
        expected,
        GRANT_HEADER,
        doc.page,
        items,
    )
