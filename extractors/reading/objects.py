"""pdfplumber's page objects (chars, lines, rects, curves) built from pdfium, not pdfminer.

pdfplumber's layout analysis is two things: pdfminer interpreting the page's content stream in
Python (slow: most of a run's CPU), and pdfplumber's algorithms over the resulting objects
(words, text lines, the table finder). pdfium has already interpreted the page, in C, to give its
text; this module asks it for the same objects, in pdfplumber's shape, and hands them to a
pdfplumber page (`plumber_page(objects=...)`), so pdfplumber's own algorithms run unchanged on
them. The shapes follow pdfminer's rules, so the table finder sees the same edges:

- a character's box runs from its origin across its advance width, and from the font's descent
  below the baseline up one font size (pdfminer's `LTChar`), its `size` the font size as
  printed (the text matrix applied);
- a path is split into its subpaths; two points make a `line`, a closed axis-aligned four-corner
  subpath a `rect`, anything else a `curve` of its segments' end points (pdfminer's
  `paint_path`); paths neither stroked nor filled (clipping) draw nothing.

Characters pdfium makes up (a space between words it infers, a line break) are left out, as
pdfminer never sees them; a hyphen pdfium marks as line-end (U+FFFE) is a hyphen again.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Objects = dict[str, list[dict[str, Any]]]
Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_HYPHENS = {0xFFFE, 0x02}  # line-end hyphen; a hyphen pdfium took for a soft one
PAIR_SECOND = -1
"""`paired_codes`' code for the second char index of a character beyond the BMP."""
_SKIP = {0, 0x0D, 0x0A, PAIR_SECOND}
_SPACE = 0x20
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Frame:
    """Turns PDF user space (y up) into the upright page's top-left space, as pdfplumber's."""

    def __init__(self, width: float, height: float, turn: int) -> None:
        self.width, self.height, self.turn = width, height, turn
        self.page_width = height if turn in (90, 270) else width
        self.page_height = width if turn in (90, 270) else height

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a PDF point on the page as laid out upright."""
        top = self.height - y
        if self.turn == 90:
            return self.height - top, x
        if self.turn == 180:
            return self.width - x, self.height - top
        if self.turn == 270:
            return top, self.width - x
        return x, top

    def placed(
        self, x0: float, top: float, x1: float, bottom: float, doctop: float
    ) -> dict[str, float]:
        """The position keys every pdfplumber object has, for a box on the upright page."""
        return {
            "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
            "width": x1 - x0, "height": bottom - top,
            "y0": self.page_height - bottom, "y1": self.page_height - top,
        }  # fmt: skip

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a PDF rectangle on the upright page."""
        ax, at = self.point(x0, y0)
        bx, bt = self.point(x1, y1)
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)


def page_objects(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int, turn: int = 0,
    doctop: float = 0.0, paths: bool = True, glyphs: Mapping[tuple[str, str], str] | None = None,
) -> Objects:  # fmt: skip
    """The page's chars, lines, rects and curves as pdfplumber's `page.objects` holds them.

    `turn` (clockwise degrees, `pdf.text_direction`) lays the page out with its text upright;
    `doctop` is the page's top in the document (pdfplumber's `initial_doctop`). `paths=False`:
    the chars alone, for what reads text lines only (the paths were a quarter of the work on the
    scale benchmark's pages). `glyphs`: characters a font is misread as by pdfium, and what they
    are (`glyphs.Glyphs.table`).
    """
    left, bottom, right, top = page.get_mediabox()
    frame = _Frame(right - left, top - bottom, turn)
    out: Objects = {"char": _chars(textpage, frame, number, doctop, glyphs or {})}
    for obj in _paths(page, frame, number, doctop) if paths else ():
        out.setdefault(obj["object_type"], []).append(obj)
    return out


# ---------------------------------------------------------------------------------- chars
def _chars(
    textpage: pdfium.PdfTextPage, frame: _Frame, number: int, doctop: float,
    glyphs: Mapping[tuple[str, str], str],
) -> list[dict[str, Any]]:  # fmt: skip
    """The page's printed characters; the per-character work is the ctypes calls, so what is the
    same for every character of a text object (font, size, direction) is asked once per object."""
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    styles: dict[int, _Style] = {}
    name = ctypes.create_string_buffer(256)
    out: list[dict[str, Any]] = []
    raw = textpage.raw
    count = textpage.count_chars()
    codes = char_codes(raw, count)
    is_generated = pdfium_c.FPDFText_IsGenerated
    loose_box, origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
    text_object = pdfium_c.FPDFText_GetTextObject
    page_height, height, turned = frame.page_height, frame.height, frame.turn != 0
    gap: dict[str, Any] | None = None  # a space pdfium put in a gap: it ends at the next char
    for i in range(count):
        code = codes[i]
        if code in _SKIP:
            continue
        # pdfium makes up spaces and line breaks only (none else in 1.65 million characters
        # of 232 real and generated PDFs): only a space can be one it made up
        generated = code == _SPACE and is_generated(raw, i) == 1
        if not loose_box(raw, i, rect):
            continue
        if generated:
            # pdfium keeps one space of a run (and drops a printed space after a space it
            # inferred from a gap): the word break stays, as the gap it stands in
            if out and out[-1]["text"] != " ":
                gap = _space_after(out[-1])
                out.append(gap)
            continue
        text = "-" if code in _HYPHENS else chr(code)
        origin(raw, i, ox, oy)
        key = text_object_key(raw, i) or 0
        style = styles.get(key) if key else None
        if style is None:
            style = _style(raw, i, text_object(raw, i), name, matrix, frame.turn)
            if key:
                styles[key] = style
        fontname, descent, size, upright = style
        if glyphs and not text.isascii():
            text = glyphs.get((fontname, text), text)
        if upright:  # pdfminer's box: from the font's descent below the baseline, one size high
            y0 = oy.value + descent * size
            y1 = y0 + size
        else:
            y0, y1 = rect.bottom, rect.top
        if turned:
            x0, top, x1, bottom = frame.box(rect.left, y0, rect.right, y1)
        else:  # `frame.box` on an unturned page, written out: this runs for every character
            x0, x1 = min(rect.left, rect.right), max(rect.left, rect.right)
            top, bottom = min(height - y0, height - y1), max(height - y0, height - y1)
        if gap is not None:
            if abs(gap["top"] - top) < size / 2 and x0 > gap["x0"]:
                gap["x1"], gap["width"] = x0, x0 - gap["x0"]
            gap = None
        out.append(  # `frame.placed`'s keys written out: one dict per character, not two
            {
                "object_type": "char", "page_number": number, "text": text,
                "fontname": fontname, "size": size, "upright": upright,
                "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
                "width": x1 - x0, "height": bottom - top,
                "y0": page_height - bottom, "y1": page_height - top,
            }
        )  # fmt: skip
    return out


def char_codes(raw: Any, count: int) -> list[int]:
    """The code of each of a text page's `count` char indices, in one call for the page
    (`FPDFText_GetText`: one UTF-16 unit per char index, as pdfium gives a character beyond the
    Basic Multilingual Plane two indices, one half of its pair each; `paired_codes` joins them).
    One ctypes call a character fewer than `FPDFText_GetUnicode`, which also answers 2 where
    this answers U+FFFE for a hyphen at a line's end."""
    units = (ctypes.c_ushort * (count + 1))()
    if count:
        pdfium_c.FPDFText_GetText(raw, 0, count, units)
    codes = units[:count]
    as_text = ctypes.string_at(units, 2 * count).decode("utf-16-le", "surrogatepass")
    halves = len(as_text) != count or _SURROGATE.search(as_text)  # pairs; halves alone
    return paired_codes(codes) if halves else codes


def paired_codes(codes: list[int]) -> list[int]:
    """pdfium's codes with each UTF-16 surrogate pair made one character, at its first char
    index (`PAIR_SECOND` at the second); a half without its other half is U+FFFD. Left as
    halves they were a text no UTF-8 can hold: the whole document failed when spaCy hashed it."""
    out = list(codes)
    i = 0
    while i < len(out):
        high = out[i]
        if 0xD800 <= high <= 0xDBFF and i + 1 < len(out) and 0xDC00 <= out[i + 1] <= 0xDFFF:
            out[i] = 0x10000 + ((high - 0xD800) << 10) + (out[i + 1] - 0xDC00)
            out[i + 1] = PAIR_SECOND
            i += 2
            continue
        if 0xD800 <= high <= 0xDFFF:
            out[i] = 0xFFFD
        i += 1
    return out


text_object_key = ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
)
"""`FPDFText_GetTextObject` answering a plain address: the key of a character's text object,
without making a pointer object and casting it for every character."""

_Style = tuple[str, float, float, bool]
"""(font name, descent per unit of size, size as printed, upright) of one text object."""


def _style(
    raw: Any, i: int, textobj: Any, name: ctypes.Array[ctypes.c_char], matrix: Any, turn: int
) -> _Style:
    """What character `i` shares with every character of its text object: pdfium gives each
    the object's font, font size, matrix and so angle (checked on 579,268 characters of 60 real
    and generated PDFs: not one differed from its object's first)."""
    fontname, descent = _font(textobj, name)
    pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
    size = pdfium_c.FPDFText_GetFontSize(raw, i) * math.hypot(matrix.c, matrix.d)
    angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
    upright = round(((360 - math.degrees(angle)) % 360) / 90) % 4 * 90 == turn
    return fontname, descent, size, upright


def _space_after(char: dict[str, Any]) -> dict[str, Any]:
    """A space right after `char`, as wide as nothing until the next char says where it ends."""
    x = char["x1"]
    return {**char, "text": " ", "x0": x, "x1": x, "width": 0.0}


def font_name(font: Any, buffer: ctypes.Array[ctypes.c_char]) -> str:
    """The base font name of a pdfium font (`FPDFTextObj_GetFont`), as pdfium gives it."""
    n = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    return buffer.raw[: max(0, n - 1)].decode("utf-8", "replace")


def _font(textobj: Any, buffer: ctypes.Array[ctypes.c_char]) -> tuple[str, float]:
    """(base font name, descent per unit of font size) of a text object's font."""
    font = pdfium_c.FPDFTextObj_GetFont(textobj)
    if not font:
        return "", 0.0
    fontname = font_name(font, buffer)
    descent = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), descent):
        return fontname, 0.0
    return fontname, descent.value / 1000.0


# ---------------------------------------------------------------------------------- paths
def _walk(page: pdfium.PdfPage) -> Iterator[tuple[Any, Matrix]]:
    """Every path object on the page (inside forms too) and the matrix to page space."""
    stack = [
        (pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY)
        for i in reversed(range(pdfium_c.FPDFPage_CountObjects(page.raw)))
    ]
    m = pdfium_c.FS_MATRIX()
    while stack:
        obj, outer = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            pdfium_c.FPDFPageObj_GetMatrix(obj, m)
            yield obj, _times((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            pdfium_c.FPDFPageObj_GetMatrix(obj, m)
            inner = _times((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            stack.extend(
                (pdfium_c.FPDFFormObj_GetObject(obj, j), inner) for j in reversed(range(n))
            )


def _times(a: Matrix, b: Matrix) -> Matrix:
    """a then b (PDF row-vector convention)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _subpaths(obj: Any, m: Matrix) -> list[tuple[list[tuple[float, float]], str]]:
    """The path's subpaths: end points in PDF page space and pdfminer's shape ("mlll", "mc")."""
    out: list[tuple[list[tuple[float, float]], str]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    pending = 0  # bezier points still to come before a curve segment's end point
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not out:
            out.append(([point], "m"))
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            pending = pending - 1 if pending else 2
            if pending == 0:
                out[-1][0].append(point)
                out[-1] = (out[-1][0], out[-1][1] + "c")
        else:
            out[-1][0].append(point)
            out[-1] = (out[-1][0], out[-1][1] + "l")
        points = out[-1][0]
        if pdfium_c.FPDFPathSegment_GetClose(seg) and (points[-1] != points[0] or len(points) == 1):
            points.append(points[0])  # pdfminer's "h" goes back to the start
            out[-1] = (points, out[-1][1] + "l")
    return out


def _paths(
    page: pdfium.PdfPage, frame: _Frame, number: int, doctop: float
) -> Iterator[dict[str, Any]]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    width = ctypes.c_float()
    for obj, m in _walk(page):
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not fill.value and not stroke.value:
            continue
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
        scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
        common = {
            "page_number": number,
            "linewidth": width.value * scale,
            "stroke": bool(stroke.value),
            "fill": bool(fill.value),
        }
        for points, shape in _subpaths(obj, m):
            kind = _kind(points, shape)
            if kind is None:
                continue
            if kind == "line":
                points = points[:2]
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            x0, top, x1, bottom = frame.box(min(xs), min(ys), max(xs), max(ys))
            yield {
                "object_type": kind,
                **common,
                **frame.placed(x0, top, x1, bottom, doctop),
                "pts": [frame.point(px, py) for px, py in points],
            }


def _kind(points: list[tuple[float, float]], shape: str) -> str | None:
    """pdfminer's name for a subpath: "line" (two points, or there and back), "rect" (a closed
    axis-aligned loop of four corners), "curve" (anything else), None (a lone point)."""
    if len(points) < 2:
        return None
    if shape == "ml" or (shape == "mll" and points[2] == points[0]):
        return "line"
    if shape == "mllll" and points[4] == points[0]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        ):
            return "rect"
    return "curve"
