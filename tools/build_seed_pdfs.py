"""Rebuild the two seed PDFs (a budget note and a letter) from the seed text layers.

The original Københavns Kommune PDFs are not available, only the text pdfplumber extracted from
them (``corpus/seeds/*.txt``). This script lays that text out again, line for line, so that the
text layer of the rebuilt PDFs reproduces the seed text, while the page looks like the Word
export it came from (bold headings, ruled tables, check boxes, a letterhead).

Run: ``.venv/bin/python -m tools.build_seed_pdfs`` (output is byte-for-byte deterministic).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont as FTFont
from reportlab import rl_config
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
FONT_DIR = CORPUS_DIR / "fonts"
SEED_DIR = CORPUS_DIR / "seeds"
PDF_DIR = CORPUS_DIR / "pdfs"

BUDGET_SEED = "000_f7479a466ee14507.txt"
LETTER_SEED = "002_9430ad1a87fb5313.txt"
BUDGET_PDF = "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
LETTER_PDF = "svar-vedr-overtagelse-af-integrationsansvar.pdf"

REGULAR = "Carlito"
BOLD = "Carlito-Bold"
SYMBOL = "DejaVuSans"  # Carlito has no ballot-box glyphs (U+2610/U+2612)

KK_BLUE = Color(0.0, 0.22, 0.42)
GREY = Color(0.35, 0.35, 0.35)

BUDGET_HEADINGS = frozenset(
    {
        "Resume",
        "Beslutning",
        "Baggrund",
        "Indhold",
        "Forventet effekt og opfølgning",
        "Økonomi",
        "Risikovurdering og proces",
        "Tidligere afsatte midler",
        "Administrativt bilag",
        "Øvrige tekniske oplysninger",
    }
)
LETTER_HEADINGS = frozenset({"Spørgsmål", "Beskæftigelses- og Integrationsforvaltningens svar"})
BOXES = "☐☒"
URL = (
    "https://ast.dk/filer/bilag-til-publikationer/"
    "pixi-asts-undersogelse-udvalgte-dele-af-integrationsloven.pdf"
)


@dataclass(frozen=True)
class PageSettings:
    """Page geometry in points; the two documents differ in margins and measure."""

    left: float
    right: float
    top: float
    bottom: float
    font_size: float = 11.0
    leading: float = 14.0
    first_top: float | None = None  # y where body text starts on page 1 (below a letterhead)

    @property
    def width(self) -> float:
        return A4[0] - self.left - self.right


BUDGET_PAGE = PageSettings(left=70.9, right=62.4, top=70.9, bottom=70.9)
LETTER_PAGE = PageSettings(left=70.9, right=155.9, top=70.9, bottom=70.9, first_top=650.0)


def register_fonts(font_dir: Path = FONT_DIR) -> None:
    """Register the bundled TTFs (embedded subsets keep the PDFs self-contained)."""
    for name, file in (
        (REGULAR, "Carlito-Regular.ttf"),
        (BOLD, "Carlito-Bold.ttf"),
        (SYMBOL, "DejaVuSans.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font_dir / file)))


def width_of(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# --------------------------------------------------------------------------- outlined text


class _CanvasPathPen(BasePen):
    """fontTools pen that appends glyph outlines to a reportlab path (text without a text layer)."""

    def __init__(
        self, glyph_set: object, path: PDFPathObject, x: float, y: float, scale: float
    ) -> None:
        super().__init__(glyph_set)
        self.path = path
        self.x, self.y, self.scale = x, y, scale

    def _pt(self, p: tuple[float, float]) -> tuple[float, float]:
        return self.x + p[0] * self.scale, self.y + p[1] * self.scale

    def _moveTo(self, p: tuple[float, float]) -> None:
        self.path.moveTo(*self._pt(p))

    def _lineTo(self, p: tuple[float, float]) -> None:
        self.path.lineTo(*self._pt(p))

    def _curveToOne(
        self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]
    ) -> None:
        self.path.curveTo(*self._pt(p1), *self._pt(p2), *self._pt(p3))

    def _closePath(self) -> None:
        self.path.close()


@cache
def _outline_font(file: str) -> FTFont:
    # Carlito's "created" stamp is odd; fontTools logs a harmless warning about it.
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    return FTFont(str(FONT_DIR / file))


def draw_outlined(c: Canvas, text: str, x: float, y: float, size: float, file: str) -> float:
    """Draw text as filled vector outlines, like a logo in a Word letterhead; returns the width."""
    font = _outline_font(file)
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    path = c.beginPath()
    cursor = x
    for ch in text:
        name = cmap[ord(ch)]
        glyph_set[name].draw(_CanvasPathPen(glyph_set, path, cursor, y, scale))
        cursor += font["hmtx"][name][0] * scale
    c.drawPath(path, stroke=0, fill=1)
    return cursor - x


def draw_logo(c: Canvas, x: float, y: float, h: float) -> None:
    """A simplified three-tower city arms (stylised, not the real trademark) in vector shapes."""
    w = h * 0.86
    c.saveState()
    c.setFillColor(KK_BLUE)
    c.setStrokeColor(KK_BLUE)
    shield = c.beginPath()
    shield.moveTo(x, y + h)
    shield.lineTo(x + w, y + h)
    shield.lineTo(x + w, y + h * 0.38)
    shield.curveTo(x + w, y + h * 0.12, x + w * 0.62, y + h * 0.03, x + w / 2, y)
    shield.curveTo(x + w * 0.38, y + h * 0.03, x, y + h * 0.12, x, y + h * 0.38)
    shield.close()
    c.drawPath(shield, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    tw = w * 0.17
    for i, (tx, th) in enumerate(((0.14, 0.34), (0.415, 0.44), (0.69, 0.34))):
        bx = x + w * tx
        by = y + h * 0.42
        c.rect(bx, by, tw, h * th, stroke=0, fill=1)
        for k in range(3):  # crenellations
            c.rect(bx + k * tw / 2.5, by + h * th, tw / 5, h * 0.05, stroke=0, fill=1)
        if i == 1:
            c.setFillColor(KK_BLUE)
            c.rect(bx + tw * 0.35, by, tw * 0.3, h * 0.12, stroke=0, fill=1)
            c.setFillColorRGB(1, 1, 1)
    c.rect(x + w * 0.1, y + h * 0.38, w * 0.8, h * 0.05, stroke=0, fill=1)
    c.setStrokeColorRGB(1, 1, 1)
    c.setLineWidth(h * 0.025)
    for k in range(3):  # waves
        wy = y + h * (0.29 - k * 0.08)
        wave = c.beginPath()
        wave.moveTo(x + w * 0.16, wy)
        for s in range(4):
            sx = x + w * (0.16 + s * 0.17)
            wave.curveTo(
                sx + w * 0.04, wy + h * 0.03, sx + w * 0.13, wy - h * 0.03, sx + w * 0.17, wy
            )
        c.drawPath(wave, stroke=1, fill=0)
    c.restoreState()


# --------------------------------------------------------------------------- flowing text


@dataclass
class Flow:
    """A y-cursor over pages: places lines top-down and starts new pages when needed."""

    c: Canvas
    page: PageSettings
    y: float = 0.0
    page_no: int = 1
    on_new_page: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.y = self.page.first_top or (A4[1] - self.page.top)

    def new_page(self) -> None:
        self.c.showPage()
        self.page_no += 1
        self.y = A4[1] - self.page.top

    def need(self, height: float) -> None:
        if self.y - height < self.page.bottom:
            self.new_page()

    def line(
        self,
        text: str,
        font: str = REGULAR,
        size: float | None = None,
        indent: float = 0.0,
        leading: float | None = None,
    ) -> float:
        """Print one seed line as one printed line; returns the baseline y."""
        size = size or self.page.font_size
        leading = leading or self.page.leading
        self.need(leading)
        self.y -= leading
        draw_runs(self.c, self.page.left + indent, self.y, text, font, size)
        return self.y

    def space(self, height: float) -> None:
        self.y -= height
        if self.y < self.page.bottom:
            self.new_page()


def split_runs(text: str, font: str) -> Iterator[tuple[str, str]]:
    """Split text into (run, font) so ballot boxes use the symbol font."""
    for part in re.split(f"([{BOXES}])", text):
        if part:
            yield part, SYMBOL if part in BOXES else font


def draw_runs(c: Canvas, x: float, y: float, text: str, font: str, size: float) -> float:
    for part, f in split_runs(text, font):
        c.setFont(f, size)
        c.drawString(x, y, part)
        x += width_of(part, f, size)
    return x


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    """Cell text lines; ``dy`` is the first baseline's drop below the row top (per column)."""

    lines: tuple[str, ...]
    dy: float
    align: str = "left"
    bold: bool = False


def cell(text: str, dy: float, align: str = "left", bold: bool = False) -> Cell:
    return Cell(tuple(text.split("\n")) if text else (), dy, align, bold)


def draw_table(
    c: Canvas,
    x: float,
    top: float,
    widths: Sequence[float],
    rows: Sequence[tuple[float, Sequence[Cell]]],
    grid: bool,
    size: float = 10.0,
    pad: float = 4.0,
) -> float:
    """Draw a table; ``grid`` draws every cell border, otherwise horizontal rules only.

    Rules are drawn as single line segments so pdfplumber sees them as h/v edges.
    Returns the y of the bottom rule.
    """
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for height, _ in rows:
        ys.append(ys[-1] - height)
    c.saveState()
    c.setLineWidth(0.5)
    c.setStrokeColor(black)
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    if grid:
        for xx in xs:
            c.line(xx, ys[0], xx, ys[-1])
    for r, (_, cells) in enumerate(rows):
        for col, cl in enumerate(cells):
            font = BOLD if cl.bold else REGULAR
            for k, text in enumerate(cl.lines):
                base = ys[r] - cl.dy - k * (size * 1.2)
                if cl.align == "right":
                    tx = xs[col + 1] - pad - width_of(text, font, size)
                else:
                    tx = xs[col] + pad
                c.setFont(font, size)
                c.drawString(tx, base, text)
    c.restoreState()
    return ys[-1]


def words(text: str) -> list[str]:
    return text.split()


def table1_rows(size: float) -> list[tuple[float, list[Cell]]]:
    """Tabel 1: per-column vertical offsets reproduce the seed's reading order of the header."""
    lh = size * 1.2
    top, mid, bot = size + 3, size + 3 + lh / 2, size + 3 + 2 * lh
    header = [
        cell("1.000 kr., 2026 p/l", top, bold=True),
        cell("Styrings-\nområde", mid, bold=True),
    ]
    header += [cell(h, bot, "right", bold=True) for h in ("2026", "2027", "2028", "2029", "I alt")]
    body = [cell("Drift af værested under LGBT Asylum", top), cell("Service", top)]
    body += [cell(v, top, "right") for v in ("650", "650", "650", "0", "1.950")]
    total = [cell("Udgifter i alt (netto)", top, bold=True), cell("", top)]
    total += [cell(v, top, "right", bold=True) for v in ("650", "650", "650", "0", "1.950")]
    one = lh + 6
    return [(3 * lh + 6, header), (one, body), (one, total)]


def table2_rows(size: float) -> list[tuple[float, list[Cell]]]:
    """Tabel 2: the "I alt" amount sits lowest in its row, as in the seed's reading order."""
    lh = size * 1.2
    top, mid, bot = size + 3, size + 3 + lh / 2, size + 3 + 2 * lh
    header = [cell(t, top, bold=True) for t in ("1.000 kr., 2026 p/l", "Udvalg", "Bevilling")]
    header.append(cell("Indtægt/\nudgift", mid, bold=True))
    header += [cell(h, bot, "right", bold=True) for h in ("2026", "2027", "2028", "2029", "I alt")]
    body = [
        cell("Drift af værested under\nLGBT Asylum", top),
        cell("BIU", top + 1.5 * lh),
        cell("35.10", top + 1.5 * lh),
        cell("U", top + 1.5 * lh),
    ]
    body += [cell(v, top + 1.5 * lh, "right") for v in ("650", "650", "650", "")]
    body.append(cell("1.950", bot, "right"))
    total = [cell("Serviceudgifter i alt", top, bold=True)] + [cell("", top)] * 3
    total += [cell(v, top, "right", bold=True) for v in ("650", "650", "650", "", "1.950")]
    return [(3 * lh + 6, header), (3 * lh + 6, body), (lh + 6, total)]


def table_words(rows: Sequence[tuple[float, Sequence[Cell]]]) -> list[str]:
    return sorted(w for _, cells in rows for cl in cells for ln in cl.lines for w in words(ln))


# --------------------------------------------------------------------------- budget note


def _take_until(lines: list[str], i: int, prefix: str) -> tuple[list[str], int]:
    """Consume seed lines up to and including the first that starts with ``prefix``."""
    taken: list[str] = []
    while i < len(lines):
        taken.append(lines[i])
        i += 1
        if taken[-1].strip().startswith(prefix):
            return taken, i
    raise ValueError(f"seed text has no line starting with {prefix!r}")


def _check_table(seed_lines: list[str], rows: Sequence[tuple[float, Sequence[Cell]]]) -> None:
    """Fail loudly if the hand-laid table drifts from the seed's table text."""
    seed_words = sorted(w for ln in seed_lines for w in words(ln))
    if seed_words != table_words(rows):
        raise ValueError(f"table does not match seed: {seed_words} != {table_words(rows)}")


def draw_bydele(flow: Flow, lines: list[str]) -> None:
    """The "Bydele"/"Adresse" block: a borderless label/value layout with check boxes."""
    c, page = flow.c, flow.page
    size = 10.0
    box_size = 9.5  # six districts must fit the measure
    label_w = 66.0
    x0 = page.left + label_w
    bydaekkende, row1, row2, adresse = lines
    flow.need(6 * page.leading)
    flow.y -= page.leading
    draw_runs(c, page.left, flow.y, "Bydele", BOLD, size)
    flow.y -= page.leading
    draw_runs(c, x0, flow.y, bydaekkende, REGULAR, size)
    grid = [re.findall(rf"\s*(.+?)\s+([{BOXES}])", row) for row in (row1, row2)]
    ncols = max(len(r) for r in grid)
    item_w = [
        max(
            width_of(f"{r[k][0]}  ", REGULAR, box_size) + width_of(r[k][1], SYMBOL, box_size)
            for r in grid
            if k < len(r)
        )
        for k in range(ncols)
    ]
    gap = max(6.0, (page.left + page.width - x0 - sum(item_w)) / (ncols - 1))
    col_w = [w + gap for w in item_w]
    for row in grid:
        flow.y -= page.leading + 2
        x = x0
        for k, (name, box) in enumerate(row):
            draw_runs(c, x, flow.y, f"{name}  {box}", REGULAR, box_size)
            x += col_w[k]
    flow.y -= page.leading + 6
    label, value = adresse.split(" ", 1)
    draw_runs(c, page.left, flow.y, label, BOLD, size)
    draw_runs(c, x0, flow.y, value, REGULAR, size)


def render_budget(c: Canvas, seed: str) -> None:
    page = BUDGET_PAGE
    flow = Flow(c, page)
    lines = seed.split("\n")
    i = 0
    title_done = False
    in_bullet = False
    while i < len(lines):
        raw = lines[i]
        text = raw.strip()
        i += 1
        if raw == "":
            continue  # extraction artefact between printed lines
        if not text:
            flow.space(page.leading * 0.8)
            in_bullet = False
            continue
        if not title_done:
            flow.y -= 10
            flow.line(text, BOLD, size=18, leading=22)
            flow.space(8)
            title_done = True
            continue
        if text in BUDGET_HEADINGS:
            if text == "Administrativt bilag":
                flow.new_page()
                flow.line(text, BOLD, size=16, leading=20)
                flow.space(6)
            else:
                flow.need(4 * page.leading)
                flow.line(text, BOLD, size=12, leading=17)
                flow.space(3)
            continue
        if text.startswith("•"):
            y = flow.line(text[1:].strip(), indent=18)
            c.setFont(REGULAR, page.font_size)
            c.drawString(page.left + 4, y, "•")
            in_bullet = True
            continue
        if in_bullet:
            flow.line(text, indent=18)
            continue
        if text.startswith(("Tabel 1.", "Tabel 2.")):
            grid = text.startswith("Tabel 1.")
            seed_table, i = _take_until(lines, i, "Udgifter i alt" if grid else "Serviceudgifter")
            rows = table1_rows(10.0) if grid else table2_rows(10.0)
            _check_table(seed_table, rows)
            height = sum(h for h, _ in rows)
            flow.need(height + 2 * page.leading)
            flow.line(text, BOLD, size=10.5)
            flow.space(5)
            widths = (
                [196.0, 56.0, 44.0, 44.0, 44.0, 44.0, 34.0]
                if grid
                else [114.0, 44.0, 46.0, 46.0, 42.0, 42.0, 42.0, 42.0, 44.0]
            )
            scale = page.width / sum(widths)
            widths = [w * scale for w in widths]
            flow.y = draw_table(c, page.left, flow.y, widths, rows, grid=grid) - 4
            continue
        if text == "Bydele":
            block: list[str] = []
            while len(block) < 4:
                if lines[i].strip():
                    block.append(lines[i])
                i += 1
            draw_bydele(flow, block)
            continue
        flow.line(text)


# --------------------------------------------------------------------------- letter


def draw_letterhead(c: Canvas) -> None:
    """Logo and sender drawn as vector graphics: the real letterhead had no text layer."""
    w, h = A4
    c.saveState()
    c.setFillColor(KK_BLUE)
    draw_logo(c, w - 156, h - 112, 52)
    draw_outlined(c, "KØBENHAVNS KOMMUNE", w - 230, h - 130, 11.5, "Carlito-Bold.ttf")
    c.setFillColor(GREY)
    draw_outlined(c, "Beskæftigelses- og", w - 230, h - 146, 9, "Carlito-Regular.ttf")
    draw_outlined(c, "Integrationsforvaltningen", w - 230, h - 157, 9, "Carlito-Regular.ttf")
    draw_outlined(c, "Direktionen", w - 230, h - 172, 9, "Carlito-Regular.ttf")
    c.restoreState()


def render_letter(c: Canvas, seed: str) -> None:
    page = LETTER_PAGE
    draw_letterhead(c)
    flow = Flow(c, page)
    lines = seed.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)  # the letterhead region, drawn as graphics above
    hang = 18.0
    in_item = False
    url_lines: list[float] = []
    for raw in lines:
        text = raw.strip()
        if raw == "":
            continue
        if not text:
            flow.space(page.leading * 0.85)
            in_item = False
            continue
        if text in LETTER_HEADINGS:
            flow.need(3 * page.leading)
            flow.line(text, BOLD)
            continue
        if text == URL:  # the two trailing copies of the link, small print
            y = flow.line(text, size=7, leading=9)
            c.linkURL(URL, (page.left, y - 2, page.left + width_of(text, REGULAR, 7), y + 7))
            continue
        m = re.match(r"(\d\.)\s+(.*)", text)
        if m:
            y = flow.line(m.group(2), indent=hang)
            c.setFont(REGULAR, page.font_size)
            c.drawString(page.left, y, m.group(1))
            in_item = True
            continue
        if in_item:
            flow.line(text, indent=hang)
            continue
        m = re.match(r"(Ad \d:)\s+(.*)", text)
        if m:
            y = flow.line("")
            x = draw_runs(c, page.left, y, m.group(1) + " ", BOLD, page.font_size)
            draw_runs(c, x, y, m.group(2), REGULAR, page.font_size)
            continue
        if text.startswith("- "):
            flow.line(text, indent=hang)
            continue
        y = flow.line(text)
        if text.startswith("https://") or (url_lines and text.startswith("valgte-dele")):
            url_lines.append(y)
            c.linkURL(
                URL,
                (page.left, y - 2, page.left + width_of(text, REGULAR, page.font_size), y + 9),
            )


# --------------------------------------------------------------------------- build


def _canvas(path: Path, title: str, subject: str) -> Canvas:
    c = Canvas(
        str(path),
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        initialFontName=REGULAR,
        initialFontSize=11,
        lang="da-DK",
    )
    c.setTitle(title)
    c.setAuthor("Københavns Kommune")
    c.setSubject(subject)
    c.setCreator("Microsoft Word (reconstruction: munidocs corpus/build_seed_pdfs.py)")
    return c


def build(out_dir: Path = PDF_DIR, seed_dir: Path = SEED_DIR) -> list[Path]:
    """Write both PDFs into ``out_dir``; returns their paths."""
    rl_config.invariant = 1
    register_fonts()
    out_dir.mkdir(parents=True, exist_ok=True)
    budget = out_dir / BUDGET_PDF
    c = _canvas(budget, "BI35 Støtte til værested under LGBT Asylum", "Budgetnotat")
    render_budget(c, (seed_dir / BUDGET_SEED).read_text(encoding="utf-8"))
    c.save()
    letter = out_dir / LETTER_PDF
    c = _canvas(letter, "Svar vedr. overtagelse af integrationsansvar", "Brev")
    render_letter(c, (seed_dir / LETTER_SEED).read_text(encoding="utf-8"))
    c.save()
    return [budget, letter]


def main() -> None:
    for path in build():
        print(path)


if __name__ == "__main__":
    main()
