"""Where a span of page text is printed: a box per character of the normalised page text.

The entity stage finds names, laws and figures as character offsets in a page's normalised
text (`pages.text`); this module turns such a span back into boxes on the page. The read stage
builds one `PageChars` per page from the text layer it already extracted (pdfplumber's text
map, the same object `extract_text` is made from, so nothing is parsed twice) and hands the
document's `SpanBoxes` on; `SpanBoxes.span_boxes(page, start, end)` is the one function the
rest of the pipeline calls, so the text engine behind it can change.

A span over a line break gets one box per printed line, in reading order ("Inte-/grations-
forvaltningen" is two boxes); the union of those is the record's `bbox`, the list its `boxes`.
Characters the text has but the page does not print (a space between words, a hyphen taken
out) have no box of their own.

Normalisation only removes characters (whitespace runs collapse to one space, a line-end
hyphen and its line break go), so the normalised text is aligned to the raw text greedily; a
page where that fails (a text direction other than left-to-right) simply has no boxes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from munidocs.models import BBox

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageChars:
    """The normalised text of one page and, per character, its box and printed line."""

    text: str
    boxes: np.ndarray
    """float32, one row per character of `text`: x0, top, x1, bottom (NaN: not printed)."""
    lines: np.ndarray
    """int32, per character: the printed line it stands on (-1: not printed)."""


def align(raw: str, normalized: str) -> list[int] | None:
    """For each character of `normalized`, its index in `raw`; None when they do not align.

    `normalized` must be `raw` with whitespace runs collapsed and line-end hyphens removed
    (what `reading.text.normalize_text` does): every kept character is found in order, and
    only whitespace and hyphens are skipped.
    """
    out: list[int] = []
    j, n = 0, len(raw)
    for c in normalized:
        if c == " ":
            while j < n and not raw[j].isspace():
                if raw[j] != "-":
                    return None
                j += 1
        else:
            while j < n and raw[j] != c:
                if not (raw[j].isspace() or raw[j] == "-"):
                    return None
                j += 1
        if j >= n:
            return None
        out.append(j)
        j += 1
    return out


def page_chars(tuples: list[tuple[str, Any]], normalized: str) -> PageChars | None:
    """A page's `PageChars` from a text map (pairs of character and pdfplumber char dict, or
    None for layout whitespace) and the page's normalised text."""
    raw = "".join(t[0] for t in tuples)
    index = align(raw, normalized)
    if index is None:
        log.debug("page text does not align with its characters; no span boxes")
        return None
    line_of_raw = np.cumsum([t[0] == "\n" for t in tuples], dtype=np.int32)
    boxes = np.full((len(normalized), 4), np.nan, dtype=np.float32)
    lines = np.full(len(normalized), -1, dtype=np.int32)
    for i, j in enumerate(index):
        obj = tuples[j][1]
        if obj is None or tuples[j][0].isspace():
            continue
        boxes[i] = (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
        lines[i] = line_of_raw[j]
    return PageChars(normalized, boxes, lines)


def pdfplumber_page_chars(page: Any, normalized: str, **text_kwargs: Any) -> PageChars | None:
    """`PageChars` of a pdfplumber page whose text was read with `extract_text(**text_kwargs)`.

    pdfplumber caches the text map per set of arguments, so after `extract_text` this costs
    only the alignment.
    """
    if not normalized:
        return None
    textmap = page.get_textmap(**text_kwargs)
    if len(textmap.as_string) != len(textmap.tuples):  # not left-to-right, top-to-bottom
        return None
    return page_chars(textmap.tuples, normalized)


@dataclass
class SpanBoxes:
    """The `PageChars` of one document's pages; answers where a span of page text is."""

    pages: dict[int, PageChars] = field(default_factory=dict)

    def add(self, page_number: int, chars: PageChars | None) -> None:
        if chars is not None:
            self.pages[page_number] = chars

    def span_boxes(self, page_number: int, start: int, end: int) -> list[BBox]:
        """One box per printed line of the characters [start, end) of the page's text, in
        reading order; [] when the page has no character boxes."""
        chars = self.pages.get(page_number)
        if chars is None or start >= end:
            return []
        boxes = chars.boxes[start:end]
        lines = chars.lines[start:end]
        out: list[BBox] = []
        printed = lines >= 0
        for line in dict.fromkeys(lines[printed].tolist()):
            part = boxes[lines == line]
            out.append(
                (
                    round(float(part[:, 0].min()), 2),
                    round(float(part[:, 1].min()), 2),
                    round(float(part[:, 2].max()), 2),
                    round(float(part[:, 3].max()), 2),
                )
            )
        return out


def union(boxes: list[BBox]) -> BBox | None:
    """The box around some boxes; None for none."""
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
