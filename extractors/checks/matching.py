"""Which table row a sentence talks about: label words, control area, years.

Shared by `text_vs_table` (a note's text against its own tables) and `cross_document` (a
figure in one document against another document's tables, and the same item in two
documents). A row is *named* by a stretch of text when the text holds at least
`label_min_share` of the row label's content words (words of 3+ letters that are not Danish
stop words or budget furniture such as "udgifter", "i alt"); Danish inflection is met by
prefix matching ("værestedet" names "værested", "LGBT Asylums" names "LGBT Asylum").
A control area is named by a word starting with its name ("servicemidler",
"anlægsudgifter", "overførselsindkomster").
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from munidocs.extractors.checks.common import dec, rows_of
from munidocs.models import BudgetLine

_WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜü0-9][A-Za-zÆØÅæøåÉéÜü0-9+-]*")
_FURNITURE = frozenset(
    """alt netto brutto udgifter udgift indtægter indtægt total samlet subtotal beløb kr
    mio mia heraf øvrige andre andet""".split()
)
AREAS = {
    "Service": ("service",),
    "Anlæg": ("anlæg",),
    "Overførsler": ("overførsel",),
    "Finansiering": ("finansiering",),
}
"""Control areas (`budget_lines.control_area`) and the word starts that name them in text."""


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's Danish stop words, read from its stop-word file alone: importing `spacy` (its
    Language machinery) for a word list cost the publishing process some 40 MiB."""
    spec = importlib.util.find_spec("spacy")
    assert spec is not None and spec.origin is not None, "spaCy is a dependency"
    path = Path(spec.origin).parent / "lang" / "da" / "stop_words.py"
    module = importlib.util.module_from_spec(
        importlib.util.spec_from_file_location("_munidocs_da_stop_words", path)  # type: ignore[arg-type]
    )
    assert module.__spec__ is not None and module.__spec__.loader is not None
    module.__spec__.loader.exec_module(module)
    return frozenset(module.STOP_WORDS) | _FURNITURE


def words(text: str) -> list[tuple[int, str]]:
    """(offset, lowercase word) of every word of a text."""
    return [(m.start(), m.group().lower()) for m in _WORD.finditer(text)]


def content_words(label: str) -> list[str]:
    """The words of a row label that can name it: no stop words, no budget furniture."""
    return list(_content_words(label))


@lru_cache(maxsize=8192)
def _content_words(label: str) -> tuple[str, ...]:
    seen = dict.fromkeys(
        w for _, w in words(label) if len(w) >= 3 and w not in _stop_words() and not w.isdigit()
    )
    return tuple(seen)


SAME_WORD_STEM = 5
"""Letters two words must share from their start to be one word inflected (see same_word)."""


def same_word(a: str, b: str) -> bool:
    """Equal, or one an inflected form of the other ("værested", "værestedets")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= SAME_WORD_STEM and long.startswith(short) and len(long) - len(short) <= 4


WordIndex = dict[str, list[tuple[int, str]]]
"""A text's words by their first SAME_WORD_STEM letters: two words that are `same_word` always
share that key, so a label word is compared only with the text's words under its key."""


def word_index(text: str) -> WordIndex:
    """(offset, word) of a text's words, grouped by stem key (WordIndex)."""
    index: WordIndex = {}
    for at, w in words(text):
        index.setdefault(w[:SAME_WORD_STEM], []).append((at, w))
    return index


@dataclass(slots=True)
class TableRow:
    """One printed table row: its label, area, and its budget lines by year."""

    table: int
    table_title: str | None
    item: str
    page: int
    is_total: bool
    control_area: str | None
    unit: str
    cells: dict[int, BudgetLine] = field(default_factory=dict)

    @property
    def label_words(self) -> list[str]:
        return content_words(self.item)

    def amounts(self, years: Iterable[int]) -> tuple[float, ...]:
        return tuple(self.cells[y].amount_dkk for y in years)


def table_rows(lines: list[BudgetLine]) -> list[TableRow]:
    """The document's table rows in reading order."""
    out = []
    for key, cells in rows_of(lines).items():
        first = cells[0]
        row = TableRow(
            key.table,
            first.table_title,
            key.item,
            key.page,
            first.is_total,
            first.control_area,
            first.unit,
        )
        for cell in cells:  # year columns only: an amount column without a year says no year
            if cell.year is not None and cell.measure is None:
                row.cells.setdefault(cell.year, cell)
        if row.cells:
            out.append(row)
    return out


@dataclass(frozen=True, slots=True)
class Naming:
    """How strongly a stretch of text names a row: share of its label words, and how close
    (in characters) the nearest named word stands to the amount."""

    share: float
    distance: int


def naming(row: TableRow, text: str, anchor: int, index: WordIndex | None = None) -> Naming | None:
    """How the text names the row (None: not at all). `anchor` is the amount's offset;
    `index` is `word_index(text)`, made once when many rows are held against one text (a
    1,000-page report has thousands of rows: comparing every word with every word was
    quadratic)."""
    wanted = row.label_words
    if not wanted:
        return None
    found = index if index is not None else word_index(text)
    hit = 0
    nearest = len(text) + 1
    for w in wanted:
        places = [
            abs(at - anchor) for at, t in found.get(w[:SAME_WORD_STEM], ()) if same_word(w, t)
        ]
        if places:
            hit += 1
            nearest = min(nearest, *places)
    if not hit:
        return None
    return Naming(hit / len(wanted), nearest)


def areas_named(text: str) -> set[str]:
    """The control areas a text names ("servicemidler" -> Service)."""
    out = set()
    for _, w in words(text):
        for area, starts in AREAS.items():
            if any(w.startswith(s) for s in starts):
                out.add(area)
    return out


def rounds_to(amount_dkk: float, stated: Decimal, decimals: int, multiplier: Decimal) -> Decimal:
    """The table amount in the text's unit, rounded half-up to the decimals the text prints."""
    step = Decimal(10) ** -decimals
    return (dec(amount_dkk) / multiplier).quantize(step, ROUND_HALF_UP)


def agrees(amount_dkk: float, stated: Decimal, decimals: int, multiplier: Decimal) -> bool:
    """The rounding rule: a stated amount agrees with a table amount that rounds to it."""
    return rounds_to(amount_dkk, stated, decimals, multiplier) == stated
