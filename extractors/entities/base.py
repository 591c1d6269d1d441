"""Shared span type, data loading and word lists for the rule modules."""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from munidocs.extractors.resources import data_path

DATA_DIR = data_path()

# Higher wins when two hits overlap (then the longer one).
PRIORITY = {
    "district": 100,
    "law": 90,
    "address": 80,
    "money": 70,
    "percent": 70,
    "date": 60,
    "count": 50,
    "table": 45,  # a name column's cell is the whole name
    "gazetteer": 40,
    "context": 40,
    "place": 25,  # a gazetteer city name loses to a longer pattern name ("Jobcenter København")
    "pattern": 30,
    "model": 10,
}


@dataclass(frozen=True)
class Hit:
    """One found span in a page's text: [start, end) offsets, label and canonical form."""

    start: int
    end: int
    label: str
    text: str
    normalized: str | None
    source: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def overlaps(self, other: Hit) -> bool:
        return self.start < other.end and other.start < self.end


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep a non-overlapping subset: higher source priority first, then the longer span.

    The spans kept so far are disjoint, so in order of their starts their ends are in order
    too: whether a span overlaps one of them is one binary search, not a look at each (a page
    listing a thousand companies and their numbers has thousands of hits: 3.9 million
    comparisons on an 18-page list)."""
    ranked = sorted(hits, key=lambda h: (-PRIORITY.get(h.source, 0), -(h.end - h.start), h.start))
    kept: list[Hit] = []
    starts: list[int] = []  # of the kept spans that are not empty, in order
    ends: list[int] = []
    empty: list[Hit] = []  # an empty span overlaps what holds its place inside
    for hit in ranked:
        if any(hit.overlaps(k) for k in empty):
            continue
        if hit.start >= hit.end:
            if not any(hit.overlaps(k) for k in kept):
                kept.append(hit)
                empty.append(hit)
            continue
        at = bisect_left(starts, hit.end)  # the kept spans starting before this one ends
        if at and ends[at - 1] > hit.start:
            continue
        starts.insert(at, hit.start)
        ends.insert(at, hit.end)
        kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def literal_alternation(words: Iterable[str]) -> str:
    """A regex matching exactly one of the words, the longest that fits first: what
    `"|".join(sorted(words, key=len, reverse=True))` (escaped) matches, as a trie of their
    characters. At each place of a text the flat alternation tries every word in turn (~600 law
    forms: 0.3 µs a character, 0.45 s over 21 real PDFs); the trie follows the text's own
    characters, one branch at a time (0.075 s, the same matches). The words are one path, so
    going deeper first and backing out to a shorter word is the flat alternation's order.
    Under re.IGNORECASE, give words in one case: "A" and "a b" would be two branches, and
    "A" could match where the flat alternation tried "a b" first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def in_any(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    """The span overlaps one of the regions."""
    return any(start < r_end and r_start < end for r_start, r_end in regions)


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a data CSV shipped in extractors/data (lines starting with # are comments)."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def read_sourced_csv(name: str) -> list[dict[str, str]]:
    """Rows of a vocabulary CSV whose every row must say where it comes from (`source`).

    Vocabulary decides what counts as a name in documents nobody has seen yet, so a row
    without a source (a word added because one document needed it) is refused at load time.
    """
    rows = read_csv(name)
    for number, row in enumerate(rows, 1):
        if not (row.get("source") or "").strip():
            raise ValueError(f"{name}: data row {number} has no source: {row}")
    return rows


def split_list(value: str | None) -> list[str]:
    """A `|`-separated CSV cell as a list."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lowercase Danish words from the DDT treebank: a capitalised one is a heading or title,
    not a name."""
    path = DATA_DIR / "da_common_words.txt"
    with path.open(encoding="utf-8") as fh:
        return frozenset(w.strip() for w in fh if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's Danish stop words."""
    from spacy.lang.da.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# Generic nouns that name a body only through context: never an organisation by themselves.
GENERIC_BODIES = frozenset(
    [
        "kommunen",
        "kommunens",
        "forvaltningen",
        "forvaltningens",
        "direktionen",
        "direktionens",
        "styrelsen",
        "ministeriet",
        "ministeriets",
        "regionen",
        "regionens",
        "udvalget",
        "udvalgets",
        "bestyrelsen",
        "bestyrelsens",
        "sekretariatet",
        "afdelingen",
        "centret",
        "centeret",
        "enheden",
        "staten",
        "myndigheden",
        "myndighederne",
        "jobcentret",
        "jobcenteret",
        "jobcentrets",
        "jobcenterets",
        "organisationen",
        "organisationens",
        "foreningen",
        "foreningens",
        "fonden",
        "fondens",
        "rådet",
        "rådets",
        "nævnet",
        "nævnets",
        "forvaltningerne",
        "kommunerne",
        "ministerierne",
        "regeringen",
        "regeringens",
    ]
)

WORD = r"[^\W\d_]"
"""One letter (any alphabet), the regex way."""


def sentence_initial(text: str, start: int) -> bool:
    """The position starts a sentence (text start, or after . ! ? : or a bullet)."""
    before = text[max(0, start - 8) : start].rstrip()
    return not before or before[-1] in ".!?:•–-"


_TOKEN = re.compile(r"\S+")


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Whitespace tokens with offsets."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
