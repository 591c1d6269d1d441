"""Characters pdfium decodes otherwise than pdfminer, learned per font from pages both read.

A simple TrueType font with neither an encoding nor a Unicode map (as some PDF/A converters
write them) leaves what its codes mean to the reader: pdfium reads such codes as Mac Roman,
pdfminer through the font's own glyphs, which give the letters printed. In a Rigsarkivet guide
"å" came out of pdfium as "Â", "ø" as "¯", "æ" as "Ê", "§" as "ß", while "Æ" was right in both.
A document whose engines disagreed was read entirely by pdfminer, at three times pdfium's cost.

`Glyphs` learns instead, from a page both engines read, which character pdfminer prints where
pdfium prints each (font, character): the characters are paired by where they are printed
(pdfium's characters are laid out by pdfminer's rules, `objects.page_objects`). pdfium's text is
then translated, character for character (the boxes stay), and a page with a character of a
font not learned yet is compared again and teaches the rest. Only characters outside ASCII are
learned: the misreadings are there, and ASCII is read alike by both. When a page still
disagrees after translation, or a character has no partner or two, the caller reads the
document with pdfminer, as before.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from typing import Any

import pypdfium2.raw as pdfium_c

from munidocs.extractors.reading.objects import font_name, text_object_key

Key = tuple[str, str]
"""(pdfium's name of the font, the character pdfium reads)."""


class Glyphs:
    """What one document's pages taught: pdfium's (font, character) -> pdfminer's character."""

    def __init__(self, tolerance: float = 1.0) -> None:
        self.table: dict[Key, str] = {}
        self.tolerance = tolerance
        """How far apart (points) the two engines may place the same character."""
        self.unknown_fonts: set[str] = set()
        """The fonts of the last translated page with a character outside ASCII not learned
        yet (a font whose dictionary says both engines decode it alike needs no learning:
        `textmap.font_decodings`)."""

    @property
    def unknown(self) -> bool:
        """The last translated page had a character outside ASCII not learned yet."""
        return bool(self.unknown_fonts)

    def learn(self, ours: Sequence[dict[str, Any]], theirs: Sequence[dict[str, Any]]) -> bool:
        """Pair pdfium's characters outside ASCII (`ours`, pdfplumber-shaped, untranslated)
        with pdfminer's printed at the same place (`theirs`, pdfplumber's `page.chars`);
        False, learning nothing, when one has no partner, or one (font, character) would stand
        for two characters."""
        grid: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for char in theirs:
            grid.setdefault((round(char["x0"]), round(char["top"])), []).append(char)
        learned: dict[Key, str] = {}
        for char in ours:
            text = char["text"]
            if text.isascii():
                continue
            partner = self._partner(grid, char)
            if partner is None or len(partner) != 1:
                return False
            key = (char["fontname"], text)
            if (
                learned.setdefault(key, partner) != partner
                or self.table.get(key, partner) != partner
            ):
                return False
        self.table.update(learned)
        return True

    def _partner(
        self, grid: dict[tuple[int, int], list[dict[str, Any]]], char: dict[str, Any]
    ) -> str | None:
        """The text of pdfminer's character nearest `char`'s place, within the tolerance."""
        x, top = char["x0"], char["top"]
        best: tuple[float, str] | None = None
        reach = math.ceil(self.tolerance) + 1  # grid cells of 1 point around the place
        for gx in range(round(x) - reach, round(x) + reach + 1):
            for gy in range(round(top) - reach, round(top) + reach + 1):
                for other in grid.get((gx, gy), ()):
                    off = max(abs(other["x0"] - x), abs(other["top"] - top))
                    if off <= self.tolerance and (best is None or off < best[0]):
                        best = (off, other["text"])
        return None if best is None else best[1]

    def translate(self, textpage: Any, raw: str, index: Sequence[int]) -> str:
        """pdfium's text of a page (`index`: each character's pdfium char index) with the
        learned characters put right; `unknown_fonts`: the fonts of those outside ASCII not
        learned."""
        self.unknown_fonts = set()
        chars: list[str] | None = None
        names: dict[int, str] = {}
        buffer = ctypes.create_string_buffer(256)
        for k, ch in enumerate(raw):
            if ch.isascii():
                continue
            i = index[k]
            key = text_object_key(textpage.raw, i) or 0
            font = names.get(key)
            if font is None:
                obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
                handle = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
                font = names[key] = font_name(handle, buffer) if handle else ""
            right = self.table.get((font, ch))
            if right is None:
                if not ch.isspace():
                    self.unknown_fonts.add(font)
            elif right != ch:
                chars = chars if chars is not None else list(raw)
                chars[k] = right
        return raw if chars is None else "".join(chars)
