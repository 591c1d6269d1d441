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


def nested_forms_pdf(path: Path, depth: int) -> Path:
    """A tiny PDF whose one page draws 2**depth words: form n draws form n-1 twice.

    The file is a few KB, the work to read it grows without bound: what a hostile or broken
    file does to a reader, and what the per-document time limit is for.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
        b"<< /X%d %d 0 R >> >> /Contents 4 0 R >>" % (depth, 5 + depth),
        None,  # page content, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    content = b"q /X%d Do Q" % depth
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    leaf = b"BT /F1 8 Tf 10 10 Td (ord) Tj ET"
    objects.append(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R "
        b">> >> /Length %d >>\nstream\n%s\nendstream" % (len(leaf), leaf)
    )
    for n in range(1, depth + 1):
        body = b"q /X%d Do Q q 1 0 0 1 1 1 cm /X%d Do Q" % (n - 1, n - 1)
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << "
            b"/X%d %d 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
            % (n - 1, 5 + n, len(body), body)
        )
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
