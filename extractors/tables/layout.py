"""Page geometry for the table reader: words grouped into lines, ruling lines, column intervals.

Everything here works on positions only (no meaning), so ruled, rule-less and mixed tables share
one code path: ruling lines only decide where rows and columns may split, words decide the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from munidocs.extractors.lexicon.numbers import NUMBER_TOKEN
from munidocs.extractors.tables.settings import TableSettings

YEAR = re.compile(r"20\d\d")


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def numeric(self) -> bool:
        """The word is an amount cell as printed ("1.950", "(200)", "-"), by the lexicon."""
        return NUMBER_TOKEN.fullmatch(self.text) is not None


@dataclass(slots=True)
class Line:
    words: list[Word]
    top: float
    bottom: float
    cells: dict[int, list[Word]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        sizes = sorted(w.size for w in self.words)
        return sizes[len(sizes) // 2]


RawWords: TypeAlias = list[dict[str, Any]]
"""pdfplumber's words of a page, with their size and their chars (`extract_raw_words`)."""


def extract_raw_words(page: Any, settings: TableSettings) -> RawWords:
    """The page's words as pdfplumber groups them, with size and chars: the one grouping both
    table readers use (`page_words`, `grid.page_gwords`); grouping a page's characters into
    words is a third of reading its tables, so a page is grouped once."""
    words: RawWords = page.extract_words(
        x_tolerance=settings.word_x_tolerance,
        y_tolerance=settings.word_y_tolerance,
        extra_attrs=["size"],
        return_chars=True,
    )
    return words


def page_words(page: Any, settings: TableSettings, raw: RawWords | None = None) -> list[Word]:
    """The page's words with their font size (`raw`: the page's `extract_raw_words`)."""
    out = []
    words = extract_raw_words(page, settings) if raw is None else raw
    for w in words:
        out.append(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"])))
    return out


def group_lines(words: Iterable[Word], y_tolerance: float) -> list[Line]:
    """Words on one baseline (bottoms within `y_tolerance` points) form a line, top to bottom."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (round(w.bottom, 1), w.x0)):
        if lines and abs(lines[-1].words[-1].bottom - w.bottom) <= y_tolerance:
            line = lines[-1]
            line.words.append(w)
            line.top = min(line.top, w.top)
            line.bottom = max(line.bottom, w.bottom)
        else:
            lines.append(Line([w], w.top, w.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


@dataclass(frozen=True, slots=True)
class Rules:
    """Horizontal and vertical ruling segments (from lines and thin rectangles)."""

    horizontal: tuple[tuple[float, float, float], ...]  # (y, x0, x1)
    vertical: tuple[tuple[float, float, float], ...]  # (x, top, bottom)

    def h_between(
        self, top: float, bottom: float, x0: float, x1: float, span_share: float
    ) -> list[float]:
        """Ys of horizontal rules strictly between two ys that span `span_share` of [x0, x1].

        A short rule (under a subtotal's amounts, say) does not split the table's rows.
        """
        need = span_share * (x1 - x0)
        return sorted(
            {
                round(y, 1)
                for y, a, b in self.horizontal
                if top < y < bottom and min(b, x1) - max(a, x0) >= need
            }
        )

    def v_crossing(self, y: float, x0: float, x1: float, settings: TableSettings) -> list[float]:
        """Xs of vertical rules crossing height y inside [x0, x1] (deduplicated).

        The slacks let a rule that stops just short of the line, or stands just outside the
        window, still count; rules closer than `edge_merge_tolerance` are one (double rules).
        """
        dy, dx = settings.rule_y_slack, settings.rule_x_slack
        xs = sorted(
            x for x, t, b in self.vertical if t - dy <= y <= b + dy and x0 - dx <= x <= x1 + dx
        )
        out: list[float] = []
        for x in xs:
            if not out or x - out[-1] > settings.edge_merge_tolerance:
                out.append(x)
        return out


def page_rules(page: Any, settings: TableSettings) -> Rules:
    """The page's ruling lines; edges too short to be rules (underlines, glyphs) are left out."""
    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    for e in page.edges:
        if e["orientation"] == "h" and e["x1"] - e["x0"] >= settings.rule_min_h_length:
            h.append((float(e["top"]), float(e["x0"]), float(e["x1"])))
        elif e["orientation"] == "v" and e["bottom"] - e["top"] >= settings.rule_min_v_length:
            v.append((float(e["x0"]), float(e["top"]), float(e["bottom"])))
    return Rules(tuple(h), tuple(v))


def intervals(words: Iterable[Word], min_gap: float) -> list[tuple[float, float]]:
    """Column intervals: the x-ranges covered by words, split where a gap >= min_gap is empty."""
    spans = sorted((w.x0, w.x1) for w in words)
    out: list[list[float]] = []
    for a, b in spans:
        if out and a - out[-1][1] < min_gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def column_of(word: Word, bounds: Sequence[tuple[float, float]]) -> int:
    """Index of the column interval the word overlaps most (nearest when it overlaps none)."""
    best, best_score = 0, float("-inf")
    for k, (a, b) in enumerate(bounds):
        overlap = min(b, word.x1) - max(a, word.x0)
        # not a tolerance: any overlap outranks the nearest miss (scores below -1000)
        score = overlap if overlap > 0 else -min(abs(word.cx - a), abs(word.cx - b)) - 1000
        if score > best_score:
            best, best_score = k, score
    return best
