"""Page furniture: what a document prints on its pages that is not its content.

Running headers and footers ("Rigsarkivet → Vejledning til bekendtgørelse … Side 3 af 162",
"KMD's databehandleraftale … Version 12.0"), page stamps ("1 of 11", "Side 2 af 19", "- 3 -"),
and text printed sideways in the margin (a case number up the side of a letter). Detected per
document from the printed lines the read stage already has (each page's raw text, its lines
separated by line breaks, and where each character is printed):

- a line in the page's top or bottom band (`furniture_band_share` of the page height, or
  among its first/last `furniture_edge_lines` lines) that recurs on at least
  `furniture_min_pages` pages and `furniture_page_share` of them, digits ignored (page numbers
  change, the footer does not);
- a page stamp anywhere in those bands, also at the end of a line that is otherwise a heading
  ("2. Præambel Side 3 af 19": only "Side 3 af 19" is furniture);
- a line printed sideways (taller than wide): margin text, such as a case number up the side.

The result gives, per page, the spans of the page's normalised text that are furniture, so the
title ignores them and the entity stage keeps them out of entities and sentences; the page text
itself keeps them (it is what the page prints).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress

from munidocs.extractors.reading.settings import PdfSettings
from munidocs.models import PageText

PAGE_STAMP = re.compile(
    r"(?:^|\s)(?:(?:side|page|s\.|sida)\s*\d{1,4}(?:\s*(?:af|of|/|ud af)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:af|of|/)\s*\d{1,4}|[-–]\s*\d{1,4}\s*[-–])\s*$",
    re.IGNORECASE,
)
"""A page stamp at the end of a line: "Side 3 af 19", "1 of 11", "3/19", "- 3 -"."""
_ONLY_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


@dataclass(frozen=True, slots=True)
class RawLine:
    """One line of a page's raw text, where it is printed (nan when the engine gave no boxes)."""

    start: int
    end: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def sideways(self) -> bool:
        width, height = self.x1 - self.x0, self.bottom - self.top
        return len(self.text.strip()) >= 4 and height > 3 * max(width, 1.0)


@dataclass
class Furniture:
    """Per page, the raw lines and the spans of the normalised page text that are furniture."""

    lines: dict[int, list[str]] = field(default_factory=dict)
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def texts(self, page: int) -> list[str]:
        return self.lines.get(page, [])

    def is_furniture(self, page: int, text: str) -> bool:
        """Whether a printed line (as pdfplumber gives it) is furniture of that page."""
        key = _key(text)
        return bool(key) and (
            any(key == _key(t) for t in self.texts(page)) or bool(_stamp_only(text))
        )

    def strip(self, page: int, text: str) -> str:
        """A printed line without the furniture in it ("2. Præambel Side 3 af 19" -> "2. Præambel")."""
        if self.is_furniture(page, text):
            return ""
        for t in self.texts(page):
            if t and text.endswith(t) and len(t) < len(text):
                return text[: -len(t)].rstrip()
        return PAGE_STAMP.sub("", text).rstrip() if PAGE_STAMP.search(text) else text


def _key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text.casefold()).split())


def _stamp_only(text: str) -> bool:
    """The line is a page stamp and nothing else ("Side 2 af 19", "1 of 11", "4")."""
    if _ONLY_NUMBER.match(text):
        return True
    m = PAGE_STAMP.search(text)
    return m is not None and not text[: m.start()].strip()


def raw_lines(raw: str, boxes: Sequence[float]) -> list[RawLine]:
    """The page's raw lines with the box of their printed characters (a char whose x0 is NaN
    has no box). Slices of `boxes`, not a loop over characters: this runs on every page."""
    out = []
    pos = 0
    nan = float("nan")
    whole = len(boxes) // 4 * 4  # a partial box at the end (never made) counts as none
    for part in raw.splitlines(keepends=True):
        text = part.rstrip("\r\n")
        seg = boxes[4 * pos : min(4 * (pos + len(text)), whole)]
        xs0, ys0, xs1, ys1 = seg[0::4], seg[1::4], seg[2::4], seg[3::4]
        boxed = [x == x for x in xs0]  # NaN is not equal to itself
        if not all(boxed):
            xs0, ys0, xs1, ys1 = (list(compress(v, boxed)) for v in (xs0, ys0, xs1, ys1))
        out.append(
            RawLine(
                pos,
                pos + len(text),
                text,
                min(xs0, default=nan),
                min(ys0, default=nan),
                max(xs1, default=nan),
                max(ys1, default=nan),
            )
        )
        pos += len(part)
    return [ln for ln in out if ln.text.strip()]


def _in_band(line: RawLine, k: int, n: int, height: float, settings: PdfSettings) -> bool:
    """In the page's top or bottom band: by position where known, else by line order."""
    if math.isnan(line.top) or height <= 0:
        edge = settings.furniture_edge_lines
        return k < edge or k >= n - edge
    share = settings.furniture_band_share
    return line.bottom <= share * height or line.top >= (1 - share) * height


def _band_key(line: RawLine, height: float) -> str:
    """What recurs on every page: the text (digits aside) at the same place, top or foot."""
    if math.isnan(line.top) or height <= 0:
        return _key(line.text)
    place = "top" if line.top < height / 2 else "foot"
    return f"{place}:{round(line.top / 12)}:{_key(line.text)}"


def detect_furniture(
    raws: Sequence[str],
    texts: Sequence[PageText],
    heights: Sequence[float],
    settings: PdfSettings | None = None,
) -> Furniture:
    """The furniture of one document, from each page's raw text, `PageText` and height."""
    s = settings or PdfSettings()
    pages = [raw_lines(raw, t.boxes) for raw, t in zip(raws, texts, strict=True)]
    band_keys: list[set[str]] = []
    for lines, height in zip(pages, heights, strict=True):
        band_keys.append(
            {
                _band_key(ln, height)
                for k, ln in enumerate(lines)
                if _in_band(ln, k, len(lines), height, s) and len(_key(ln.text)) >= 2
            }
        )
    with_text = sum(1 for lines in pages if lines)
    counts = Counter(key for keys in band_keys for key in keys)
    need = max(s.furniture_min_pages, math.ceil(s.furniture_page_share * with_text))
    repeated = {key for key, n in counts.items() if n >= need}
    out = Furniture()
    for number, (lines, height, text) in enumerate(zip(pages, heights, texts, strict=True), 1):
        found: list[tuple[RawLine, int]] = []  # line, where furniture starts in it
        for k, ln in enumerate(lines):
            band = _in_band(ln, k, len(lines), height, s)
            if (band and _band_key(ln, height) in repeated) or ln.sideways:
                found.append((ln, 0))
            elif band and (stamp := PAGE_STAMP.search(ln.text)):
                found.append((ln, stamp.start()))
            elif band and _ONLY_NUMBER.match(ln.text):
                found.append((ln, 0))
        if not found:
            continue
        out.lines[number] = [ln.text[at:].strip() for ln, at in found]
        out.spans[number] = _spans(text, [(ln.start + at, ln.end) for ln, at in found])
    return out


def _spans(text: PageText, raw_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the normalised text whose characters come from the raw spans."""
    out: list[tuple[int, int]] = []
    inside = [False] * len(text.offsets)
    for i, raw in enumerate(text.offsets):
        inside[i] = any(a <= raw < b for a, b in raw_spans)
    start = None
    for i, flag in enumerate([*inside, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out
