"""Small PDFs made on the fly for the tests: good, encrypted, scanned, corrupt."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pdfplumber
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from munidocs.extractors.tables.reader import BudgetTableReader
from munidocs.extractors.tables.settings import TableSettings


def text_pdf(path: Path, lines: list[str], *, encrypt: str | None = None, pages: int = 1) -> Path:
    """A text PDF; with `encrypt`, a user password is needed to open it."""
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    for n in range(pages):
        y = 780.0
        for line in lines:
            c.drawString(72, y, line)
            y -= 14
        c.drawString(72, 60, f"side {n + 1}")
        c.showPage()
    c.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A page that is only a picture of text, as a scanner makes it."""
    img = Image.new("L", (800, 1100), 255)
    ImageDraw.Draw(img).text((60, 60), "Kære borger, dette er en scannet side.", fill=0)
    buf = BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def read_tables(
    pdf: bytes | Path, doc_id: str = "test", settings: TableSettings | None = None
) -> BudgetTableReader:
    """Every page of a PDF through the table reader, fed as the document reader feeds it."""
    reader = BudgetTableReader(doc_id, settings)
    with pdfplumber.open(BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            page.extract_text()
            reader.add_page(page, n)
            page.close()
    reader.finish()
    return reader
