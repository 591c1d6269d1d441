"""Entities and tables: what a table's cells are, read where the page text prints them.

The read stage keeps every table's cells (`table_cells`). Their text stands in the page text as
well, row by row, so the rules and the model would otherwise glue one cell to the next ("Alcast
Pressure Dies Pvt Ltd Antipersonelle") or take a header cell for a name ("AnsøgerNavn",
"CVR-nummer"). Here, per page:

- every cell is found in the page text (in reading order; a cell wrapped so that its lines are
  not printed together is not found and changes nothing);
- header cells are masked: no entity is ever made of a header cell;
- a name found across a cell's edge (two cells glued, or a cell and the text beside the
  table) is no entity;
- the body cells of a *name column* are organisations: a column whose header says it lists
  organisations ("Selskab", "Virksomhed", "Ansøger", "Produktionsenhedens navn") or, under a
  header that only says "Navn", whose cells mostly carry an organisation's mark (a head word
  such as Efterskole or Forening, a legal form such as A/S or Ltd). The cell's whole text is
  the name: "Bregnebjerggård Grusgrav, affaldsbehandling og deponi, Kurt Sørensen ApS".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from munidocs.extractors.entities.base import Hit
from munidocs.extractors.entities.names import ORG_LAST, ORG_SUFFIXES
from munidocs.extractors.entities.orgforms import LEGAL_FORM
from munidocs.models import TableCell

_ORG_HEADER = re.compile(
    r"\b(?:selskab|virksomhed|firma|organisation|forening|institution|leverandør|udsteder|"
    r"myndighed|tilsynsmyndighed|produktionsenhed|ansøger|tilskudsmodtager|modtager|"
    r"bygherre|operatør|company|issuer|skole|skoler|klub)",
    re.IGNORECASE,
)
"""Header words of a column that lists organisations ("Selskab", "Ansøgers navn")."""
_ORG_HEADER_SURE = re.compile(
    r"\b(?:selskab|virksomhed|firma|leverandør|udsteder|myndighed|tilsynsmyndighed|company|issuer)",
    re.IGNORECASE,
)
"""... of those, the words that never head a column of people."""
_NAME_HEADER = re.compile(r"\bnavn|\bname\b", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
MARKED_SHARE = 0.5
"""Share of a column's body cells that must carry an organisation's mark, unless its header
is sure."""
MAX_WORDS = 14
"""A cell longer than this is prose, not a name."""


@dataclass(frozen=True)
class CellSpan:
    """Where one cell's text stands in the page text."""

    start: int
    end: int
    cell: TableCell


def locate(text: str, cells: Sequence[TableCell]) -> list[CellSpan]:
    """The cells found in the page text, each after the one before it in reading order."""
    out: list[CellSpan] = []
    cursor = 0
    ordered = sorted(cells, key=lambda c: (c.table, c.row, c.column))
    for cell in ordered:
        words = cell.text.split()
        if not words:
            continue
        span = find_words(text, words, cursor) or find_words(text, words, 0)
        if span is None:
            continue
        start, end = span
        out.append(CellSpan(start, end, cell))
        if start >= cursor:
            cursor = end
    return out


def find_words(text: str, words: Sequence[str], pos: int) -> tuple[int, int] | None:
    """The first span of `text` from `pos` that is the words with whitespace between them
    (what the regex `word\\s+word...` finds), without compiling one: a table's cells are mostly
    distinct, and compiling a pattern for each cost 0.26 ms (1,754 cells of one 18-page list
    of companies: 0.46 s)."""
    first = words[0]
    at = text.find(first, pos)
    while at >= 0:
        end = at + len(first)
        for word in words[1:]:
            gap = end
            while gap < len(text) and text[gap].isspace():
                gap += 1
            if gap == end or not text.startswith(word, gap):
                break
            end = gap + len(word)
        else:
            return at, end
        at = text.find(first, at + 1)
    return None


def _marked(cell_text: str) -> bool:
    """The text carries an organisation's mark: a legal form or an organisation head word."""
    if LEGAL_FORM.search(cell_text):
        return True
    return any(
        w.lower() in ORG_LAST or (len(w) > 6 and w.lower().endswith(ORG_SUFFIXES))
        for w in re.findall(r"[\w-]+", cell_text)
    )


def _name_like(cell_text: str) -> bool:
    words = cell_text.split()
    return (
        0 < len(words) <= MAX_WORDS
        and bool(_LETTER.search(cell_text))
        and cell_text[:1].isupper()
        and not cell_text.rstrip().endswith((".", ":"))
    )


def name_columns(cells: Sequence[TableCell]) -> set[tuple[int, int]]:
    """The (table, column) pairs whose body cells are organisations."""
    headers: dict[tuple[int, int], list[str]] = defaultdict(list)
    bodies: dict[tuple[int, int], list[str]] = defaultdict(list)
    for c in cells:
        (headers if c.is_header else bodies)[(c.table, c.column)].append(c.text)
    out = set()
    for key, texts in bodies.items():
        header = " ".join(headers.get(key, []))
        names = [t for t in texts if _name_like(t)]
        if not names or len(names) < 0.5 * len(texts):
            continue
        marked = sum(1 for t in names if _marked(t)) / len(names)
        if _ORG_HEADER_SURE.search(header) or (
            (_ORG_HEADER.search(header) or _NAME_HEADER.search(header)) and marked >= MARKED_SHARE
        ):
            out.add(key)
    return out


def cell_orgs(spans: Sequence[CellSpan], columns: set[tuple[int, int]]) -> list[Hit]:
    """An ORG for every located body cell of a name column."""
    out = []
    for s in spans:
        c = s.cell
        if c.is_header or (c.table, c.column) not in columns:
            continue
        text = " ".join(c.text.split())
        if _name_like(text):
            out.append(Hit(s.start, s.end, "ORG", text, text, "table"))
    return out


def header_mask(spans: Sequence[CellSpan]) -> list[tuple[int, int]]:
    """The spans of the page text that are header cells."""
    return [(s.start, s.end) for s in spans if s.cell.is_header]


def clip_to_last_cell(hit: Hit, spans: Sequence[CellSpan]) -> Hit | None:
    """An address run on from the cell before ("Efterskole Kirkebakken 13, 6040 Egtved"):
    the part in the cell where it ends, if that part still holds a number."""
    for s in spans:
        if s.start < hit.end <= s.end and hit.start < s.start:
            part = hit.text[s.start - hit.start :]
            if any(ch.isdigit() for ch in part):
                return Hit(s.start, hit.end, hit.label, part, part, hit.source)
    return None


def crosses_cells(hit: Hit, spans: Sequence[CellSpan]) -> bool:
    """The hit overlaps a cell without lying inside it: two cells glued, or a cell and the
    text beside it."""
    for s in spans:
        if (
            hit.start < s.end
            and s.start < hit.end
            and not (s.start <= hit.start and hit.end <= s.end)
        ):
            return True
    return False
