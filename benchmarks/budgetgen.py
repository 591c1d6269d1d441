"""Seeded generator of realistic budget-note PDFs with their exact budget-line answers.

Tests and the table benchmark both read from here, so the answers the reader is scored against
are the ones the PDF was typeset from. The PDFs are laid out by reportlab's Platypus (the same
flowing-table machinery a word processor export uses: wrapped cell paragraphs, row splitting at a
page break with or without a repeated header row, cell padding, vertical alignment), never
hand-placed text. Everything varies with the seed: rule style (full grid, horizontal rules on
every row, rules around the header and at the end only, no lines at all), 3-6 year columns, an
optional "I alt" column, the descriptive columns in any order and subset, units ("1.000 kr.",
"mio. kr." with decimals, "kr.", "t.kr."), price level, negative formats, blank and "-" cells,
wrapped and hyphen-wrapped labels, cell padding from none to generous, top/middle/bottom cell
alignment, shaded header rows, area subtotals, tables split over pages, captions that stay
behind at a page foot.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_DIR = Path(__file__).resolve().parents[1] / "corpus" / "fonts"
REGULAR, BOLD = "Carlito", "Carlito-Bold"

TEXT_WIDTH = A4[0] - 2 * 60
DESC_W, MIN_LABEL_W = 50.0, 130.0
STYLES = ("grid", "hrules", "booktabs", "borderless")
UNITS: dict[str, Decimal] = {
    "1.000 kr.": Decimal(1000),
    "mio. kr.": Decimal(10**6),
    "kr.": Decimal(1),
    "t.kr.": Decimal(1000),
}
AREAS = ("Service", "Anlæg", "Overførsler")
AREA_TOTAL = {
    "Service": "Serviceudgifter i alt",
    "Anlæg": "Anlæg i alt",
    "Overførsler": "Overførsler i alt",
}
TITLES = {
    "mixed": ("Oversigt over ønskets aktiviteter på alle styringsområder", "Samlet økonomi"),
    "Service": ("Udgifter til service", "Serviceudgifter"),
    "Anlæg": ("Anlægsudgifter", "Udgifter til anlæg"),
    "Overførsler": ("Overførselsudgifter",),
}
COMMITTEES = ("BIU", "SOU", "KFU", "BUU", "TMU", "ØU", "SUU")
LABELS = (
    "Drift af værested under LGBT Asylum",
    "Mentorordning for nyankomne flygtninge",
    "Husleje",
    "Ledelse og administration",
    "Etablering af nyt aktivitetshus på Amager med tilhørende udearealer",
    "Løn til frivillighedskoordinator",
    "Tilskud til foreninger",
    "Renovering af klubhus",
    "Kontanthjælp til målgruppen",
    "Forventede merindtægter fra statsrefusion",
    "Udvidelse af åbningstider i weekender og på helligdage",
    "Evaluering",
    "IT-understøttelse",
    "Kompetenceudvikling af medarbejdere i forvaltningen",
    "Boligsocial indsats i udsatte byområder",
    "Projektledelse",
    "Driftsudgifter til bygningen",
    "Forhøjet ydelse til borgere i fleksjob",
)
# labels printed with a forced hyphenated line break: (printed with break, expected item)
HYPHEN_LABELS = (
    ("Integrations-<br/>indsats for unge", "Integrationsindsats for unge"),
    ("Rådgivning og psyko-<br/>social støtte", "Rådgivning og psykosocial støtte"),
    ("Driftsud-<br/>gifter til værestedet", "Driftsudgifter til værestedet"),
)
FILLER = (
    "Værestedet har i 2024-2025 modtaget støtte under Københavns Kommunes handleplan, og "
    "målgruppen på omkring 200 personer inviteres til at bidrage til aktiviteterne.",
    "Forvaltningen vil følge op på indsatsen og indhente midtvejsstatus og årsrapport med "
    "henblik på at føre tilsyn med de aftalte aktiviteter i 2026 og 2027.",
    "Vurderingen af behovet for midler er foretaget med afsæt i retningslinjerne for "
    "budgetnotater, herunder om der er behov for midler til husleje og ledelse.",
    "Beskæftigelsesområdet går en tid i møde, hvor der er lagt op til en besparelse på 2,7 "
    "mia. kr. på landsplan frem mod 2035.",
    "Indsatsen bidrager til danskkundskaber, forebygger social isolation og modvirker den "
    "sociale kontrol, som nogle møder. Tre gange årligt arrangeres weekendture.",
)


@dataclass(frozen=True, slots=True)
class ExpectedLine:
    """One budget line as the note was typeset (the contract's columns minus provenance)."""

    table: int
    table_title: str | None
    item: str
    committee: str | None
    appropriation: str | None
    control_area: str | None
    direction: str | None
    year: int
    amount: float
    unit: str
    amount_dkk: float
    price_level: str | None
    is_total: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class GeneratedNote:
    name: str
    pdf: bytes
    expected: list[ExpectedLine]
    n_pages: int
    styles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Row:
    label: str  # as printed (may carry <br/>)
    item: str
    area: str | None
    committee: str | None
    appropriation: str | None
    direction: str | None
    values: dict[int, Decimal | None]  # None: blank cell
    dash: set[int]
    is_total: bool


def register_fonts() -> None:
    for name, file in ((REGULAR, "Carlito-Regular.ttf"), (BOLD, "Carlito-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


def format_amount(value: Decimal, decimals: int, negative: str) -> str:
    """Danish print form: "." thousands, "," decimals, the note's own minus style."""
    text = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if value < 0:
        return {"-": f"-{text}", "÷": f"÷{text}", "()": f"({text})"}[negative]
    return text


def row_cells(spec: Any, row: Any) -> list[str]:
    """The printed text of one table row, cell by cell, as every generator lays it out."""
    out = [row.label]
    for d in spec.desc:
        value = {
            "area": None if row.is_total else row.area,
            "committee": row.committee,
            "appropriation": row.appropriation,
            "direction": row.direction,
        }[d]
        out.append(value or "")
    for year in spec.years:
        v = row.values[year]
        if year in row.dash:
            out.append("-")
        else:
            out.append("" if v is None else format_amount(v, spec.decimals, spec.negative))
    if spec.has_sum:
        total = sum((v for v in row.values.values() if v is not None), Decimal(0))
        out.append(format_amount(total, spec.decimals, spec.negative))
    return out


class _TableSpec:
    """Random choices for one table, drawn from the note's generator."""

    def __init__(self, rng: random.Random, number: int, long: bool) -> None:
        self.rng = rng
        self.number = number
        self.style = rng.choice(STYLES)
        self.kind = rng.choice(("mixed", "mixed", "Service", "Anlæg", "Overførsler"))
        self.title = f"Tabel {number}. {rng.choice(TITLES[self.kind])}"
        self.unit = rng.choice(("1.000 kr.", "1.000 kr.", "mio. kr.", "kr.", "t.kr."))
        start = rng.choice((2025, 2026, 2026, 2027))
        # a word processor's page is only so wide: whole kroner leave room for fewer years
        self.years = list(range(start, start + rng.randint(3, 4 if self.unit == "kr." else 6)))
        self.long = long
        self.price = rng.choice((f"{start} p/l", f"{start} p/l", None))
        self.has_sum = rng.random() < 0.8
        self.unit_in_header = rng.random() < 0.6
        self.negative = rng.choice(("-", "-", "÷", "()"))
        self.decimals = 1 if self.unit == "mio. kr." else 0
        self.size = rng.choice((8.5, 9.0, 9.5))
        self.valign = rng.choice(("TOP", "MIDDLE", "BOTTOM"))
        self.pad = rng.choice((0, 1, 2, 3, 4))
        self.shade = self.style in ("borderless", "booktabs") and rng.random() < 0.3
        self.repeat = rng.random() < 0.5
        n_num = len(self.years) + self.has_sum
        self.num_w = 40.0 if self.unit != "kr." else 50.0
        # room for the longest label word: a word processor never breaks a word unhyphenated
        max_desc = int((TEXT_WIDTH - n_num * self.num_w - MIN_LABEL_W) // DESC_W)
        desc = ["area", "committee", "appropriation", "direction"]
        rng.shuffle(desc)
        self.desc = desc[: rng.randint(0, max(0, min(4, max_desc)))]
        self.sectioned = self.kind == "mixed" and "area" not in self.desc and rng.random() < 0.5
        self.n_items = rng.randint(24, 45) if long else rng.randint(1, 6)

    @property
    def unit_text(self) -> str:
        return f"{self.unit}, {self.price}" if self.price else self.unit

    def amount(self, direction: str | None) -> Decimal:
        rng = self.rng
        if self.unit == "mio. kr.":
            value = Decimal(rng.randint(0, 400)) / 10
        elif self.unit == "kr.":
            value = Decimal(rng.randint(1, 100 if self.long else 400) * 2500)
        else:
            big = rng.randint(1000, 9000 if self.long else 25000)
            value = Decimal(rng.choice((rng.randint(0, 999), big)))
        if direction == "I" or rng.random() < 0.08:
            value = -value
        return value


def _rows(spec: _TableSpec) -> list[_Row]:
    rng = spec.rng
    areas: list[str | None]
    if spec.kind != "mixed":
        areas = [spec.kind] * spec.n_items
    elif "area" in spec.desc or spec.sectioned:
        areas = sorted((rng.choice(AREAS) for _ in range(spec.n_items)), key=AREAS.index)
    else:
        areas = [None] * spec.n_items
    labels = rng.sample(LABELS, k=min(spec.n_items, len(LABELS)))
    while len(labels) < spec.n_items:
        labels.append(f"{rng.choice(LABELS)} (fase {len(labels)})")
    rows: list[_Row] = []
    for k, area in enumerate(areas):
        printed = item = labels[k]
        if rng.random() < 0.15:
            printed, item = rng.choice(HYPHEN_LABELS)
            item = f"{item} ({k + 1})"
            printed = f"{printed} ({k + 1})"
        direction = ("I" if rng.random() < 0.2 else "U") if "direction" in spec.desc else None
        values: dict[int, Decimal | None] = {}
        dash: set[int] = set()
        for year in spec.years:
            r = rng.random()
            if r < 0.06:
                values[year] = None
            elif r < 0.10:
                values[year] = Decimal(0)
                dash.add(year)
            else:
                values[year] = spec.amount(direction)
        if all(v is None for v in values.values()):
            values[spec.years[0]] = spec.amount(direction)
        rows.append(
            _Row(
                label=printed,
                item=item,
                area=area,
                committee=rng.choice(COMMITTEES) if "committee" in spec.desc else None,
                appropriation=f"{rng.randint(10, 99)}.{rng.randint(10, 99)}"
                if "appropriation" in spec.desc
                else None,
                direction=direction,
                values=values,
                dash=dash,
                is_total=False,
            )
        )
    return rows


def _total(label: str, rows: list[_Row], area: str | None, years: list[int]) -> _Row:
    values: dict[int, Decimal | None] = {}
    for year in years:
        present = [v for r in rows if (v := r.values[year]) is not None]
        values[year] = sum(present, Decimal(0)) if present else None
    return _Row(label, label, area, None, None, None, values, set(), True)


def _with_totals(spec: _TableSpec, items: list[_Row]) -> list[_Row]:
    rng = spec.rng
    out: list[_Row] = []
    if spec.sectioned:
        for area in AREAS:
            section = [r for r in items if r.area == area]
            if section:
                out += [*section, _total(AREA_TOTAL[area], section, area, spec.years)]
        grand = rng.choice(("Udgifter i alt (netto)", "Samlet økonomisk påvirkning", "I alt"))
        return [*out, _total(grand, items, None, spec.years)]
    if spec.kind != "mixed":
        label = rng.choice((AREA_TOTAL[spec.kind], "I alt"))
        # a plain "I alt" takes its area from the title, unless rows carry their own area
        total_area = None if label == "I alt" and "area" in spec.desc else spec.kind
        return [*items, _total(label, items, total_area, spec.years)]
    label = rng.choice(("Udgifter i alt (netto)", "I alt", "Samlet økonomisk påvirkning"))
    return [*items, _total(label, items, None, spec.years)]


_DESC_HEADERS = {
    "area": ("Styrings-<br/>område",),
    "committee": ("Udvalg",),
    "appropriation": ("Bevilling", "Bevillings-<br/>nummer"),
    "direction": ("Indtægt/<br/>udgift", "U/I", "Udgift/<br/>indtægt"),
}


def _table(spec: _TableSpec, rows: list[_Row], width: float) -> Table:
    rng, size = spec.rng, spec.size
    head = ParagraphStyle("h", fontName=BOLD, fontSize=size, leading=size * 1.2)
    head_r = ParagraphStyle("hr", parent=head, alignment=2)
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=size, leading=size * 1.2)
    bold = ParagraphStyle("bb", parent=body, fontName=BOLD)
    label_head = spec.unit_text if spec.unit_in_header else rng.choice(("", "Aktivitet"))
    header: list[Any] = [Paragraph(label_head, head)]
    header += [Paragraph(rng.choice(_DESC_HEADERS[d]), head) for d in spec.desc]
    header += [Paragraph(str(y), head_r) for y in spec.years]
    if spec.has_sum:
        header.append(Paragraph("I alt", head_r))
    data: list[list[Any]] = [header]
    for row in rows:
        label, *rest = row_cells(spec, row)
        data.append([Paragraph(label, bold if row.is_total else body), *rest])
    n_num = len(spec.years) + spec.has_sum
    widest = max(
        pdfmetrics.stringWidth(str(cell), BOLD, size)
        for cells in data[1:]
        for cell in cells[1 + len(spec.desc) :]
    )
    num_w, desc_w = max(spec.num_w, widest + 10), DESC_W
    label_w = width - n_num * num_w - len(spec.desc) * desc_w
    widths = [label_w] + [desc_w] * len(spec.desc) + [num_w] * n_num
    first_num = 1 + len(spec.desc)
    cmds: list[Any] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, size, size * 1.2),
        ("FONT", (0, 0), (-1, 0), BOLD, size, size * 1.2),
        ("ALIGN", (first_num, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 1), (-1, -1), spec.valign),
        ("VALIGN", (0, 0), (-1, 0), rng.choice(("BOTTOM", "MIDDLE"))),
        ("TOPPADDING", (0, 0), (-1, -1), spec.pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), spec.pad + 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for k, row in enumerate(rows, start=1):
        if row.is_total:
            cmds.append(("FONT", (0, k), (-1, k), BOLD, size, size * 1.2))
    if spec.style == "grid":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif spec.style == "hrules":
        cmds += [
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
        ]
    elif spec.style == "booktabs":
        cmds += [
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
        ]
    if spec.shade:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.9, 0.95)))
    return Table(data, colWidths=widths, style=TableStyle(cmds), repeatRows=1 if spec.repeat else 0)


def _expected(spec: _TableSpec, rows: list[_Row], number: int) -> list[ExpectedLine]:
    factor = Decimal(UNITS[spec.unit])
    out: list[ExpectedLine] = []
    # rows above an area total belong to that area (the reader does the same)
    areas: list[str | None] = [r.area for r in rows]
    for row in rows:
        for year in spec.years:
            v = row.values[year]
            if v is None:
                continue
            out.append(
                ExpectedLine(
                    table=number,
                    table_title=spec.title,
                    item=row.item,
                    committee=row.committee,
                    appropriation=row.appropriation,
                    control_area=areas[rows.index(row)],
                    direction={"U": "expense", "I": "income"}.get(row.direction or ""),
                    year=year,
                    amount=float(v),
                    unit=spec.unit,
                    amount_dkk=float(v * factor),
                    price_level=spec.price,
                    is_total=row.is_total,
                )
            )
    return out


def _footer(canvas: Canvas, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(A4[0] - 60, 30, f"Side {doc.page}")
    canvas.restoreState()


def generate_note(seed: int) -> GeneratedNote:
    """One budget note (2-3 tables) and its exact budget lines; same seed, same answer."""
    register_fonts()
    rl_config.invariant = 1
    rng = random.Random(seed)
    size = 10.5
    text = ParagraphStyle("t", fontName=REGULAR, fontSize=size, leading=size * 1.35, spaceAfter=6)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20, spaceAfter=10)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    cap = ParagraphStyle(
        "c", fontName=BOLD, fontSize=10.5, leading=13, keepWithNext=1, spaceAfter=3
    )
    loose = ParagraphStyle("l", parent=cap, keepWithNext=0)
    unit_style = ParagraphStyle(
        "u", fontName=REGULAR, fontSize=9, leading=11, keepWithNext=1, spaceAfter=3
    )
    code = f"{rng.choice(('BI', 'SO', 'KF', 'BU'))}{rng.randint(1, 99)}"
    story: list[Flowable] = [
        Paragraph(f"{code} {rng.choice(LABELS)}", h1),
        Paragraph("Resume", h2),
        Paragraph("Der søges om midler til driftsstøtte til et værested.", text),
        Paragraph("Beslutning", h2),
    ]
    n_tables = rng.randint(2, 3)
    long_table = rng.randint(1, n_tables) if rng.random() < 0.35 else 0
    tables: list[tuple[_TableSpec, list[_Row]]] = []
    for number in range(1, n_tables + 1):
        spec = _TableSpec(rng, number, long=number == long_table)
        tables.append((spec, _with_totals(spec, _rows(spec))))
    spec1, rows1 = tables[0]
    grand = next(v for v in rows1[-1].values.values() if v is not None)
    yearly = format_amount(grand * Decimal(UNITS[spec1.unit]) / 10**6, 1, "-")
    story.append(
        Paragraph(
            f"• Der skal træffes beslutning om at afsætte {yearly} mio. kr. årligt "
            f"i {spec1.years[0]} - {spec1.years[-1]}",
            text,
        )
    )
    story += [Paragraph("Baggrund", h2)]
    story += [Paragraph(p, text) for p in rng.sample(FILLER, k=rng.randint(1, 4))]
    expected: list[ExpectedLine] = []
    width = TEXT_WIDTH
    for spec, rows in tables:
        expected += _expected(spec, rows, spec.number)
        # some writers do not keep the caption with its table: it may stay behind on a page
        story.append(Paragraph(spec.title, cap if rng.random() < 0.7 else loose))
        if not spec.unit_in_header:
            story.append(Paragraph(spec.unit_text, unit_style))
        story.append(_table(spec, rows, width))
        story.append(Spacer(1, 8))
        story.append(Paragraph(rng.choice(("Risikovurdering og proces", "Økonomi")), h2))
        story += [Paragraph(p, text) for p in rng.sample(FILLER, k=rng.randint(0, 3))]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=60,
        rightMargin=60,
        topMargin=60,
        bottomMargin=60,
        title=f"{code}.docx",
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    styles = [spec.style for spec, _ in tables]
    return GeneratedNote(f"gen_{seed:05d}.pdf", buf.getvalue(), expected, doc.page, styles)


def generate_corpus(min_pages: int, seed: int = 0) -> Iterator[GeneratedNote]:
    """Notes from consecutive seeds until at least ``min_pages`` pages were produced."""
    pages, k = 0, 0
    while pages < min_pages:
        note = generate_note(seed + k)
        pages += note.n_pages
        k += 1
        yield note
