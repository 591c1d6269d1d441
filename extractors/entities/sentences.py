"""The sentence an entity stands in, as its record quotes it.

A sentence is spaCy's sentence around the span, cut at the edge of any table or box printed
before or after it (inside a table, the span's own cell is its sentence), with running headers
and page stamps left out, and clipped to a window around the span when too long.

A page of a long table has thousands of names and thousands of cells; cutting by walking every
region for every name made a names list quadratic (14,002 names on an 18-page list of
companies: most of its entity stage). `RegionCuts` answers the same question by bisection.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class RegionCuts:
    """The masked regions and located cells of one page, sorted for the cut of any span."""

    ends: list[int]
    """Every region's end, sorted: the nearest one before a span cuts its sentence's start."""
    starts: list[int]
    """Every region's start, sorted: the nearest one after a span cuts its sentence's end."""
    own: list[Span]
    """The cells that are not a masked region, by start: a span inside one is cut to it."""
    own_starts: list[int]
    longest: int
    """The longest such cell: one holding a span starts at most this far before its end."""
    regions: list[Span]
    """All regions, in the order given, for the spans the bisection does not cover."""
    exact: bool
    """Every region runs forwards, so the bisection gives what the walk over them gives."""

    @classmethod
    def of(cls, mask: Sequence[Span], cells: Sequence[Span]) -> RegionCuts:
        regions = [*mask, *cells]
        masked = set(mask)
        own = sorted(c for c in cells if c not in masked)
        return cls(
            ends=sorted(e for _, e in regions),
            starts=sorted(s for s, _ in regions),
            own=own,
            own_starts=[s for s, _ in own],
            longest=max((e - s for s, e in own), default=0),
            regions=regions,
            exact=all(s <= e for s, e in regions),
        )

    def narrow(self, start: int, end: int, a: int, b: int) -> Span:
        """[a, b) cut by the regions around the span [start, end)."""
        if start >= end or not self.exact:
            return self._walk(start, end, a, b)
        i = bisect.bisect_right(self.ends, start)
        if i:
            a = max(a, self.ends[i - 1])
        j = bisect.bisect_left(self.starts, end)
        if j < len(self.starts):
            b = min(b, self.starts[j])
        lo = bisect.bisect_left(self.own_starts, end - self.longest)
        hi = bisect.bisect_right(self.own_starts, start)
        for r_start, r_end in self.own[lo:hi]:
            if end <= r_end:
                a, b = max(a, r_start), min(b, r_end)
        return a, b

    def _walk(self, start: int, end: int, a: int, b: int) -> Span:
        """The cut by walking every region (what `narrow` computes by bisection)."""
        own = set(self.own)  # the regions that are not masked
        for r_start, r_end in self.regions:
            if r_start <= start and end <= r_end and (r_start, r_end) in own:
                a, b = max(a, r_start), min(b, r_end)
            elif r_end <= start:
                a = max(a, r_end)
            elif r_start >= end:
                b = min(b, r_start)
        return a, b


class PageQuoter:
    """The sentence any span of one page stands in: what is the same for every span of the page
    (sentence starts, regions, running headers) is sorted once."""

    def __init__(
        self, text: str, sentences: Sequence[Span], mask: Sequence[Span], cells: Sequence[Span],
        furniture: Sequence[Span], limit: int,
    ) -> None:  # fmt: skip
        self.text, self.sentences, self.limit = text, list(sentences), limit
        self.starts = [s for s, _ in self.sentences]
        self.cuts = RegionCuts.of(mask, cells)
        self.furniture = sorted(furniture)

    def __call__(self, start: int, end: int) -> str:
        """The sentence(s) the span [start, end) stands in, at most `limit` characters around
        the span."""
        text, limit = self.text, self.limit
        if not self.sentences:
            return clip_around(text, 0, len(text), start, end, limit)
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = max(first, bisect.bisect_left(self.starts, end) - 1)
        a, b = self.cuts.narrow(start, end, self.sentences[first][0], self.sentences[last][1])
        # a running header or page stamp inside the sentence is not part of it
        parts, at = [], a
        for f_start, f_end in self.furniture:
            if f_end <= at or f_start >= b:
                continue
            parts.append(text[at:f_start])
            at = max(at, f_end)
        parts.append(text[at:b])
        sentence = " ".join(p.strip() for p in parts if p.strip())
        if len(sentence) <= limit:
            return sentence
        return clip_around(text, a, b, start, end, limit)


def clip_around(text: str, lo: int, hi: int, start: int, end: int, limit: int) -> str:
    """text[lo:hi] stripped; when longer than `limit`, a window of it around [start, end).

    A cut side is marked with "…", so a reader sees the sentence goes on; a page without full
    stops (a list of 200,000 tiny text objects) would otherwise be one "sentence".
    """
    whole = text[lo:hi].strip()
    if len(whole) <= limit:
        return whole
    width = limit - 2  # room for the two marks
    span = max(0, min(end, hi) - max(start, lo))
    left = max(lo, max(start, lo) - max(0, (width - span) // 2))
    right = min(hi, left + width)
    left = max(lo, right - width)
    if left == lo:  # one mark only: room for one more character
        right = min(hi, right + 1)
    elif right == hi:
        left = max(lo, left - 1)
    clipped = text[left:right].strip()
    return ("…" if left > lo else "") + clipped + ("…" if right < hi else "")
