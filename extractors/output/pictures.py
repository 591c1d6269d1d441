"""Page pictures: a PDF page rendered (pdfium) with the boxes of its records drawn (Pillow).

Used by `munidocs show` (every record of a page, a legend by kind), `munidocs verify --pictures`
(one picture per hit, the hit highlighted) and report.html (the failed checks' pages). Boxes are
in PDF points with a top-left origin (the `bbox` columns); a picture of scale s has s pixels per
point. Pages whose crop box does not start at the media box's corner are drawn shifted by it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from munidocs.models import BBox

KINDS: dict[str, tuple[str, tuple[int, int, int]]] = {
    "budget_line": ("budget line (amount cell)", (31, 119, 180)),
    "figure": ("figure", (255, 127, 14)),
    "law_reference": ("law reference", (148, 103, 189)),
    "entity": ("entity", (44, 160, 44)),
}
"""Record kinds drawn on a page: legend text and colour."""
HIGHLIGHT = (214, 39, 40)
"""The colour of the boxes a picture is about (a verify hit, a check's records)."""


@dataclass(frozen=True, slots=True)
class Box:
    """One box to draw: a record's kind, its record id and its place on the page."""

    kind: str
    bbox: BBox
    record_id: str = ""
    label: str = ""


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def render_page(
    pdf: Path, page: int, scale: float = 2.0
) -> tuple[Image.Image, tuple[float, float]]:
    """The page as an RGB picture, and the (x, y) offset in points of its crop box."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        if not 1 <= page <= len(doc):
            raise ValueError(f"{pdf.name} has {len(doc)} pages; there is no page {page}")
        pdf_page = doc[page - 1]
        try:
            bitmap = pdf_page.render(scale=scale)
            image = bitmap.to_pil().convert("RGB")
            crop = pdf_page.get_cropbox()
            media = pdf_page.get_mediabox()
            offset = (crop[0] - media[0], media[3] - crop[3])
        finally:
            pdf_page.close()
    finally:
        doc.close()
    return image, offset


def draw_boxes(
    image: Image.Image,
    boxes: Sequence[Box],
    scale: float,
    offset: tuple[float, float] = (0.0, 0.0),
    highlight: set[str] | None = None,
    legend: bool = True,
) -> Image.Image:
    """The picture with every box drawn in its kind's colour, highlighted ones thick and red,
    and a legend of the kinds drawn (with counts) along the bottom."""
    highlight = highlight or set()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(overlay)
    ox, oy = offset
    counts: dict[str, int] = {}
    lit = [b for b in boxes if b.record_id and b.record_id in highlight]
    for box in [b for b in boxes if b not in lit] + lit:
        x0, top, x1, bottom = box.bbox
        xy = (
            (x0 - ox) * scale - 2,
            (top - oy) * scale - 2,
            (x1 - ox) * scale + 2,
            (bottom - oy) * scale + 2,
        )
        if box in lit:
            pen.rectangle(
                xy,
                outline=(*HIGHLIGHT, 255),
                fill=(*HIGHLIGHT, 50),
                width=max(3, round(scale * 1.5)),
            )
            continue
        colour = KINDS.get(box.kind, ("", (90, 90, 90)))[1]
        pen.rectangle(xy, outline=(*colour, 230), fill=(*colour, 40), width=max(1, round(scale)))
        counts[box.kind] = counts.get(box.kind, 0) + 1
    picture = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    if not legend:
        return picture
    return _with_legend(picture, counts, len(lit), scale)


def _with_legend(
    picture: Image.Image, counts: dict[str, int], lit: int, scale: float
) -> Image.Image:
    size = max(12, round(7 * scale))
    font = _font(size)
    entries = [(KINDS[k][0], KINDS[k][1], n) for k, n in counts.items() if k in KINDS]
    if lit:
        entries.insert(0, ("highlighted", HIGHLIGHT, lit))
    if not entries:
        entries = [("no extracted records on this page", (90, 90, 90), 0)]
    band = size * 2
    out = Image.new("RGB", (picture.width, picture.height + band), "white")
    out.paste(picture, (0, 0))
    pen = ImageDraw.Draw(out)
    pen.line((0, picture.height, picture.width, picture.height), fill=(160, 160, 160), width=1)
    x, y = size, picture.height + band // 4
    for text, colour, n in entries:
        pen.rectangle((x, y, x + size, y + size), outline=colour, fill=colour, width=1)
        label = f"{text} ({n})" if n else text
        pen.text((x + size * 1.4, y - size // 8), label, fill=(30, 30, 30), font=font)
        x += int(size * 2.2 + pen.textlength(label, font=font))
    return out


def page_picture(
    pdf: Path,
    page: int,
    boxes: Sequence[Box],
    *,
    highlight: set[str] | None = None,
    scale: float = 2.0,
    around: Sequence[BBox] | None = None,
    margin: tuple[float, float] = (72.0, 48.0),
) -> Image.Image:
    """A page with its boxes drawn; with `around`, only the band of the page (full width) from
    `margin[0]` points above the first of those boxes to `margin[1]` points below the last (a
    table's header stands above its cells)."""
    image, offset = render_page(pdf, page, scale)
    picture = draw_boxes(image, boxes, scale, offset, highlight, legend=around is None)
    if around:
        top = max(0.0, (min(b[1] for b in around) - offset[1] - margin[0]) * scale)
        bottom = min(
            float(image.height), (max(b[3] for b in around) - offset[1] + margin[1]) * scale
        )
        picture = picture.crop((0, int(top), picture.width, int(bottom)))
    return picture


PNG_COMPRESS_LEVEL = 3
"""zlib level of page pictures: pages are mostly white, so level 3 is as small as 9 (or as
PIL's `optimize`) at a sixth of the time; report.html embeds dozens of them."""


def png_bytes(picture: Image.Image) -> bytes:
    """The picture as PNG bytes."""
    buf = io.BytesIO()
    picture.save(buf, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()
