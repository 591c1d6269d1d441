"""Page pictures: a PDF page rendered (pdfium) with the boxes of its records drawn (Pillow).

Used by `munidocs show` (every record of a page, a legend by kind), `munidocs verify --pictures`
(one picture per hit, the hit highlighted) and report.html (the failed checks' pages). Boxes are
in PDF points with a top-left origin (the `bbox` columns); a picture of scale s has s pixels per
point. Pages whose crop box does not start at the media box's corner are drawn shifted by it.
"""

from __future__ import annotations

import io
import math
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
    pdf: Path, page: int, scale: float = 2.0, band: tuple[float, float] | None = None
) -> tuple[Image.Image, tuple[float, float]]:
    """The page as an RGB picture, and the (x, y) offset in points of its top-left corner. With
    `band` (top, bottom, in points from the media box's top, as boxes are), only that
    full-width band of the page is drawn, its pixels those of the same rows of the whole page's
    picture (`band_rows`)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        if not 1 <= page <= len(doc):
            raise ValueError(f"{pdf.name} has {len(doc)} pages; there is no page {page}")
        pdf_page = doc[page - 1]
        try:
            crop = pdf_page.get_cropbox()
            media = pdf_page.get_mediabox()
            offset = (crop[0] - media[0], media[3] - crop[3])
            if band is None:
                bitmap = pdf_page.render(scale=scale)
            else:
                height = math.ceil(pdf_page.get_height() * scale)
                first, end = band_rows((band[0] - offset[1], band[1] - offset[1]), scale, height)
                # pypdfium2 cuts ceil(points * scale) pixels: half a pixel short of a row cuts
                # exactly the rows above `first` and from `end` on
                cut = ((height - end - 0.5) / scale, (first - 0.5) / scale)
                bitmap = pdf_page.render(scale=scale, crop=(0, cut[0], 0, cut[1]))
                offset = (offset[0], offset[1] + first / scale)
            image = bitmap.to_pil().convert("RGB")
        finally:
            pdf_page.close()
    finally:
        doc.close()
    return image, offset


def band_rows(band: tuple[float, float], scale: float, height: int) -> tuple[int, int]:
    """The pixel rows [first, end) of a page picture `height` pixels high that show the band
    (top, bottom, in points), at least one."""
    first = min(max(0, int(band[0] * scale)), height - 1)
    return first, max(first + 1, min(height, int(band[1] * scale)))


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
    if not around:
        image, offset = render_page(pdf, page, scale)
        return draw_boxes(image, boxes, scale, offset, highlight)
    # only the band is drawn (a third of the page, about): the report's pictures took most of
    # their time drawing whole pages to keep a band of each
    band = (min(b[1] for b in around) - margin[0], max(b[3] for b in around) + margin[1])
    image, offset = render_page(pdf, page, scale, band)
    return draw_boxes(image, boxes, scale, offset, highlight, legend=False)


PNG_COMPRESS_LEVEL = 3
"""zlib level of page pictures: pages are mostly white, so level 3 is as small as 9 (or as
PIL's `optimize`) at a sixth of the time; report.html embeds dozens of them."""


def png_bytes(picture: Image.Image) -> bytes:
    """The picture as PNG bytes."""
    buf = io.BytesIO()
    picture.save(buf, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()
