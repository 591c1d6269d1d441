"""Page text from pdfium, with a box for every character, and spans traced back to the page.

pdfium (through pypdfium2) extracts a page's text some 40 times faster than pdfminer, in the
order the content stream prints it. It gives each character its box, so any span of the
normalised text (an entity, a figure, a law reference) can be drawn on the page: the read stage
builds a `PageText` per page and `span_boxes` turns a span into one box per printed line.

pdfium marks a hyphen it found at a line end, and removed the line break after, as U+FFFE;
it is put back as "-" plus a line break, so the contract's normalisation (line-end hyphenation
undone only where the word continues) decides as it does for any other text.
"""

from __future__ import annotations

import ctypes
import math
import re
from array import array
from collections.abc import Sequence

import pdfplumber.page
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfplumber.utils.text import chars_to_textmap

from munidocs.extractors.reading.glyphs import Glyphs
from munidocs.extractors.reading.objects import PAIR_SECOND, char_codes
from munidocs.extractors.reading.text import normalize_with_offsets
from munidocs.models import BBox, PageText

_LINE_END_HYPHEN = "\ufffe"
_NAN = float("nan")


def raw_page_text(textpage: pdfium.PdfTextPage) -> tuple[str, list[int]]:
    """The page's text as pdfium orders it, and for each character its pdfium char index."""
    n = textpage.count_chars()
    if n <= 0:
        return "", []
    text = textpage.get_text_range()
    at: Sequence[int] = range(n)
    if len(text) != n:  # a character beyond the BMP: one for its two char indices
        codes = char_codes(textpage.raw, n)
        at = [i for i, code in enumerate(codes) if code != PAIR_SECOND]
        text = "".join(chr(codes[i] or 32) for i in at)
    chars: list[str] = []
    index: list[int] = []
    for i, ch in zip(at, text, strict=True):
        if ch == _LINE_END_HYPHEN:
            chars += ["-", "\n"]
            index += [i, i]
        else:
            chars.append(ch)
            index.append(i)
    return "".join(chars), index


def page_text(
    textpage: pdfium.PdfTextPage, page_height: float, number: int, width: float = 0.0,
    turn: int = 0, glyphs: Glyphs | None = None,
) -> tuple[str, PageText]:  # fmt: skip
    """(raw text, `PageText`) of one page: normalised text, offsets and character boxes.

    `page_height` (and `width`) are the page's own, without /Rotate; a `turn` (clockwise
    degrees, `text_direction`) puts the boxes on the page set upright, as its layout is read.
    `glyphs`: the document's misread characters put right (`Glyphs.translate`).
    """
    raw, index = raw_page_text(textpage)
    if glyphs is not None:
        raw = glyphs.translate(textpage, raw, index)
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    boxes = array("d", [_NAN]) * (4 * len(raw))
    char_box = pdfium_c.FPDFText_GetCharBox
    for k, (ch, i) in enumerate(zip(raw, index, strict=True)):
        if ch.isspace():  # pdfium makes up spaces and line breaks only (`objects._chars`)
            continue
        if char_box(textpage, i, left, right, bottom, top):  # per element: no array per char
            j = 4 * k
            boxes[j], boxes[j + 1] = left.value, page_height - top.value
            boxes[j + 2], boxes[j + 3] = right.value, page_height - bottom.value
    turn_boxes(boxes, width, page_height, turn)
    text, offsets = normalize_with_offsets(raw)
    return raw, PageText(number, text, array("i", offsets), boxes)


def turn_boxes(boxes: array[float], width: float, height: float, turn: int) -> None:
    """Turn character boxes (x0, top, x1, bottom on a page `width` x `height`) clockwise by
    `turn` degrees, in place: boxes on the page set upright, as pdfplumber lays it out."""
    if turn == 0:
        return
    for k in range(0, len(boxes), 4):
        x0, top, x1, bottom = boxes[k : k + 4]
        if math.isnan(x0):
            continue
        if turn == 90:
            boxes[k : k + 4] = array("d", (height - bottom, x0, height - top, x1))
        elif turn == 180:
            boxes[k : k + 4] = array("d", (width - x1, height - bottom, width - x0, height - top))
        else:
            boxes[k : k + 4] = array("d", (top, width - x1, bottom, width - x0))


def span_boxes(page: PageText, start: int, end: int) -> list[BBox]:
    """Where characters [start, end) of the page's text are printed: one box per line.

    A span that runs over a line break (or a column) gets one box for each stretch printed on
    one line, in reading order; characters without a box (spaces) are skipped.
    """
    groups: list[list[float]] = []
    for i in range(max(0, start), min(end, len(page.offsets))):
        k = 4 * page.offsets[i]
        x0, y0, x1, y1 = page.boxes[k : k + 4]
        if math.isnan(x0):
            continue
        if groups:
            g = groups[-1]
            height = max(g[3] - g[1], y1 - y0, 1.0)
            # on the line when it overlaps the line's height: a comma or a superscript sits
            # low or high on it, its middle far from the line's ("0,6 mio. kr." is one box)
            same_line = y0 < g[3] and y1 > g[1] and x0 >= g[0] - height
            if same_line:
                g[0], g[1], g[2], g[3] = min(g[0], x0), min(g[1], y0), max(g[2], x1), max(g[3], y1)
                continue
        groups.append([x0, y0, x1, y1])
    return [(round(a, 2), round(b, 2), round(c, 2), round(d, 2)) for a, b, c, d in groups]


def plumber_page_text(
    page: pdfplumber.page.Page, x_tolerance: float, y_tolerance: float, number: int
) -> tuple[str, PageText]:
    """(raw text, `PageText`) of one page from pdfminer's layout: the slower engine, used for
    documents whose fonts pdfium decodes differently (see `engines_agree`)."""
    textmap = chars_to_textmap(page.chars, x_tolerance=x_tolerance, y_tolerance=y_tolerance)
    raw = textmap.as_string
    boxes = array("d", [_NAN]) * (4 * len(raw))
    for k, (ch, obj) in enumerate(textmap.tuples):
        if obj is not None and not ch.isspace():
            boxes[4 * k : 4 * k + 4] = array("d", (obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
    text, offsets = normalize_with_offsets(raw)
    return raw, PageText(number, text, array("i", offsets), boxes)


_NAMED_ENCODINGS = {"WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding", "MacExpertEncoding"}
_SUBSET_TAG = re.compile(r"[A-Z]{6}\+")


def font_decodings(resources: object, depth: int = 2) -> dict[str, bool] | None:
    """Each font of a page (its resources, and its forms' to `depth`) by base name, with and
    without a subset tag ("ABCDEF+"), as pdfium names fonts either way: whether pdfium and
    pdfminer decode it to the same text, read from its dictionary alone (a ToUnicode map, or
    a simple font with a named standard encoding). A name two fonts share decodes alike only
    when both do. None: a broken resource dictionary (compare the engines rather than guess)."""
    res = resolve1(resources)
    if not isinstance(res, dict):
        return {}
    fonts, xobjects = resolve1(res.get("Font")) or {}, resolve1(res.get("XObject")) or {}
    if not isinstance(fonts, dict) or not isinstance(xobjects, dict):
        return None
    out: dict[str, bool] = {}
    for font in fonts.values():
        font = resolve1(font)
        if not isinstance(font, dict):
            continue
        alike = "ToUnicode" in font
        if not alike:
            encoding = resolve1(font.get("Encoding"))
            named = isinstance(encoding, PSLiteral) and encoding.name in _NAMED_ENCODINGS
            alike = named and getattr(font.get("Subtype"), "name", "") != "Type0"
        base = resolve1(font.get("BaseFont"))
        name: str | bytes = base.name if isinstance(base, PSLiteral) else str(base or "")
        if isinstance(name, bytes):
            name = name.decode("latin-1")
        for key in {name, name.split("+", 1)[1] if _SUBSET_TAG.match(name) else name}:
            out[key] = out.get(key, True) and alike
    if depth > 0:
        for xobject in xobjects.values():
            xobject = resolve1(xobject)
            inner = xobject.attrs.get("Resources") if isinstance(xobject, PDFStream) else None
            if inner is None:
                continue
            nested = font_decodings(inner, depth - 1)
            if nested is None:
                return None
            for key, alike in nested.items():
                out[key] = out.get(key, True) and alike
    return out


def same_decoding(resources: object, depth: int = 2) -> bool:
    """Whether every font on a page decodes to the same text in pdfium and pdfminer
    (`font_decodings`). Only a page that fails this needs the engines compared
    (`engines_agree`), which costs pdfminer interpreting the page."""
    decodings = font_decodings(resources, depth)
    return decodings is not None and all(decodings.values())


def decoded_alike(fonts: set[str], resources: object) -> bool:
    """Whether each of these fonts (pdfium's names) is one whose dictionary on the page says
    both engines decode it alike: its characters need not be learned (`glyphs.Glyphs`).
    A name not found on the page is not."""
    decodings = font_decodings(resources)
    return decodings is not None and all(decodings.get(font, False) for font in fonts)


def engines_agree(pdfium_raw: str, plumber_raw: str) -> bool:
    """Whether pdfium decodes the page's glyphs as pdfminer does.

    Some fonts (a custom encoding without a Unicode map, as Ghostscript's PDF/A re-renders
    write) are decoded by pdfium through another base encoding: "§" and "ø" come out as "ß"
    and "¯". The two engines order text differently, so the test is on characters, not order:
    a character that one engine prints on the page and the other never does.
    """
    a = {c for c in plumber_raw if not c.isspace()}
    b = {c for c in pdfium_raw.replace(_LINE_END_HYPHEN, "-") if not c.isspace()}
    return a == b
