"""Small PDFs made on the fly for the tests: good, encrypted, scanned, corrupt, sideways, without
a Unicode map."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
    path.write_bytes(assemble_pdf(objects, b"1.7"))
    return path


def picture_pdf(
    path: Path, source: Path | bytes, *, dpi: int = 150, turn_image: int = 0, rotate: int = 0,
    hidden: str | None = None,
) -> Path:  # fmt: skip
    """A scan of `source`'s first page: its picture only, no text, as a scanner makes it.

    `turn_image` turns the picture clockwise (a page fed into the scanner sideways), `rotate`
    sets the page's /Rotate, `hidden` puts an invisible text layer under the picture (render
    mode 3, as an earlier OCR leaves it).
    """
    doc = pdfium.PdfDocument(source)
    image = doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    doc.close()
    if turn_image:
        image = image.rotate(-turn_image, expand=True)
    buf = BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    size = (image.width * 72 / dpi, image.height * 72 / dpi)
    c = canvas.Canvas(str(path), pagesize=size, invariant=1)
    c.drawImage(ImageReader(buf), 0, 0, width=size[0], height=size[1])
    if hidden is not None:
        text = c.beginText(40, size[1] - 60)
        text.setTextRenderMode(3)
        for line in hidden.splitlines():
            text.textLine(line)
        c.drawText(text)
    c.showPage()
    c.save()
    return set_rotation(path, rotate)


def set_rotation(path: Path, rotate: int) -> Path:
    """Set every page's /Rotate (reportlab's own setPageRotation also swaps the MediaBox)."""
    if rotate:
        doc = pdfium.PdfDocument(path.read_bytes())
        for n in range(len(doc)):
            doc[n].set_rotation(rotate)
        doc.save(str(path))
        doc.close()
    return path


def no_unicode_map_pdf(path: Path, lines: list[str]) -> Path:
    """A text page whose embedded font has no Unicode map (no /ToUnicode): its glyphs print
    fine but extract as control characters (pdfium) or `(cid:NN)` (pdfminer). Made by
    blanking reportlab's /ToUnicode entry in place (same length, so the xref stays valid)."""
    fonts = Path(__file__).parent.parent / "corpus" / "fonts"
    pdfmetrics.registerFont(TTFont("DejaVuNoMap", str(fonts / "DejaVuSans.ttf")))
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=0)
    c.setFont("DejaVuNoMap", 14)
    y = 780.0
    for line in lines:
        c.drawString(72, y, line)
        y -= 22
    c.showPage()
    c.save()
    data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), buf.getvalue())
    path.write_bytes(data)
    return path


def sideways_text_pdf(path: Path, lines: list[str], rotate: int, *, turned: bool = False) -> Path:
    """A text page set sideways by /Rotate (`rotate` degrees clockwise). With `turned`, the
    text is drawn turned the other way in the page's own space, so the page displays upright
    (as some landscape exports are made)."""
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    if turned:
        c.translate(*{90: (w, 0), 180: (w, h), 270: (0, h)}.get(rotate, (0, 0)))
        c.rotate(rotate)
    y = (w if turned and rotate in (90, 270) else h) - 60
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return set_rotation(path, rotate)


def beyond_bmp_pdf(path: Path, before: str, code: int, after: str) -> Path:
    """Lines of Helvetica (split at "\\n") whose byte 0x01, between `before` and `after`, stands for
    the character `code` beyond the Basic Multilingual Plane (an emoji, a mathematical letter)
    through the font's /ToUnicode map, as word processors write it: a UTF-16 surrogate pair."""
    high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        "1 begincodespacerange <00> <FF> endcodespacerange "
        f"1 beginbfchar <01> <{high:04X}{low:04X}> endbfchar "
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    lines = [
        line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        for line in (before + "\x01" + after).split("\n")
    ]
    content = b"BT /F1 12 Tf 14 TL 72 760 Td (" + b") Tj T* (".join(lines) + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        b"/ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    path.write_bytes(assemble_pdf(objects, b"1.4"))
    return path


def assemble_pdf(objects: list[bytes], version: bytes) -> bytes:
    """A PDF file of `objects` (numbered from 1, the first the catalog) with its xref table."""
    out = bytearray(b"%PDF-" + version + b"\n")
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
    return bytes(out)
