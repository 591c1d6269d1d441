"""Which rows of different documents are the same item, and which rows a text names: the
matching behind `cross_document`, by label rather than by row.

A row's matches depend on its label's words (and, for the same item, on its appropriation
through two rules), so rows are grouped by their label's words (`Label`) and two labels are
compared once, however many rows carry them: a city's archive repeats a few hundred headings
over thousands of rows. Comparing every row with every row sharing a word with it grew with the
square of the documents (2,064 generated notes: the cross-document checks took 48-50 s, most of
it here); by label, and counting a row's documents only until `cross_label_max_documents` makes
it generic, it is close to linear (the checks 7.6 s there, most of it reading the rows and the
pages' text), with the same pairs in the same order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from munidocs.extractors.checks.matching import SAME_WORD_STEM, same_word
from munidocs.extractors.checks.settings import CheckSettings

KEY = SAME_WORD_STEM
"""Letters of a word that index it: two words `same_word` calls one share them."""


@dataclass(slots=True)
class Item:
    """One table row of one document, by year: what is compared across documents."""

    doc_id: str
    page: int
    table: int
    table_title: str | None
    label: str
    appropriation: str | None
    unit: str
    price_level: str | None
    words: list[str]
    amounts: dict[int, tuple[float, float, str]] = field(default_factory=dict)
    """year -> (amount as printed, amount in kroner, record_id)."""
    stems: dict[str, list[str]] = field(default_factory=dict)
    """The label's words by their first `KEY` letters: a word is compared only with words
    under its own key, the only ones `same_word` can match."""
    generic: bool = False
    """The same item as rows of `cross_label_max_documents` or more other documents: a generic
    heading, never compared (set by `same_items`, which `named` follows)."""

    def __post_init__(self) -> None:
        for w in self.words:
            self.stems.setdefault(w[:KEY], []).append(w)


@dataclass(slots=True)
class Label:
    """The rows (indices into the items) whose labels have the same words."""

    first: Item
    rows: list[int] = field(default_factory=list)
    by_appropriation: dict[str | None, list[int]] = field(default_factory=dict)
    docs: set[str] = field(default_factory=set)
    open_rows: list[int] = field(default_factory=list)
    """The rows that are not generic (filled by `same_items`)."""


@dataclass(frozen=True, slots=True)
class _Pair:
    """How the rows of one label can match the rows of another: the labels' share of words,
    and the order in which a row's candidates are taken (highest bound on shared words first,
    then by the first shared word-key of the row's label)."""

    label: Label
    share: float
    bound: int
    rank: int


class Labels:
    """The items grouped by their label's words, and the labels under each word-key."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.by_words: dict[tuple[str, ...], Label] = {}
        for n, item in enumerate(items):
            label = self.by_words.setdefault(tuple(item.words), Label(item))
            label.rows.append(n)
            label.by_appropriation.setdefault(item.appropriation or None, []).append(n)
            label.docs.add(item.doc_id)
        self.by_key: dict[str, list[Label]] = defaultdict(list)
        for label in self.by_words.values():
            for key in label.first.stems:
                self.by_key[key].append(label)


def share(a: Item, b: Item) -> float:
    """Share of the longer label's words that both labels have."""
    short, long = sorted((a, b), key=lambda i: len(i.words))
    hits = sum(any(same_word(w, x) for x in long.stems.get(w[:KEY], ())) for w in short.words)
    return hits / len(long.words)


def _pairs(a: Item, labels: Labels, lowest: float) -> list[_Pair]:
    """The labels whose rows can be the same item as rows labelled like `a` (a bound on the
    words two labels can share rules most out without comparing them word by word)."""
    bound: dict[int, int] = {}
    rank: dict[int, int] = {}
    found: dict[int, Label] = {}
    for n, (key, mine) in enumerate(a.stems.items()):
        for label in labels.by_key[key]:
            ref = id(label)
            bound[ref] = bound.get(ref, 0) + max(len(mine), len(label.first.stems[key]))
            rank.setdefault(ref, n)
            found[ref] = label
    pairs = []
    for ref, label in found.items():
        b = label.first
        if bound[ref] >= lowest * max(len(a.words), len(b.words)):
            pairs.append(_Pair(label, share(a, b), bound[ref], rank[ref]))
    return pairs


def _matching(a: Item, pair: _Pair, settings: CheckSettings) -> Iterator[list[int]]:
    """The rows of `pair.label` that are the same item as `a`, as lists: rows whose
    appropriations do not differ when the labels share `cross_label_min_share` of their words,
    and half that share when both print the same appropriation ("BIU 35.10")."""
    rows, mine = pair.label.by_appropriation, a.appropriation or None
    if pair.share >= settings.cross_label_min_share:  # any appropriation that does not differ
        if mine is None:
            yield pair.label.rows
            return
        yield rows.get(None, [])
    if mine is not None and pair.share >= settings.cross_label_min_share / 2:
        yield rows.get(mine, [])


def _candidates(
    a: Item, pairs: list[_Pair], items: list[Item], settings: CheckSettings
) -> Iterator[tuple[_Pair, int]]:
    """Every row of another document that is the same item as `a`, with its label's pair."""
    for pair in pairs:
        for rows in _matching(a, pair, settings):
            for ib in rows:
                if items[ib].doc_id != a.doc_id:
                    yield pair, ib


def same_items(labels: Labels, settings: CheckSettings) -> list[tuple[int, int]]:
    """Pairs of rows (ia < ib) of two documents that are the same item: each the other's best
    match in the other document ("Husleje til X" is not "Drift af X" when that document has
    both). Marks the generic rows: matched in `cross_label_max_documents` other documents or
    more, they are compared with nothing; a row's documents are counted only until then."""
    items = labels.items
    pairs: dict[tuple[str, ...], list[_Pair]] = {}
    lowest = settings.cross_label_min_share / 2
    cap = settings.cross_label_max_documents
    best: dict[tuple[int, str], tuple[float, int]] = {}  # (row, other doc) -> (share, row)
    for ia, a in enumerate(items):
        words = tuple(a.words)
        if words not in pairs:
            pairs[words] = _pairs(labels.by_words[words].first, labels, lowest)
        docs: set[str] = set()
        matches: list[tuple[_Pair, int]] = []
        for pair, ib in _candidates(a, pairs[words], items, settings):
            docs.add(items[ib].doc_id)
            if len(docs) >= cap:  # generic: no need to find the rest
                break
            matches.append((pair, ib))
        a.generic = len(docs) >= cap
        if a.generic:
            continue
        labels.by_words[words].open_rows.append(ia)
        matches.sort(key=lambda m: (-m[0].bound, m[0].rank, m[1]))  # likeliest first
        for pair, ib in matches:
            key = (ia, items[ib].doc_id)
            if key not in best or (pair.share, -ib) > (best[key][0], -best[key][1]):
                best[key] = (pair.share, ib)  # the highest share; of equal ones, the first row
    out: list[tuple[int, int]] = []
    for (ia, _), (_, ib) in sorted(best.items(), key=lambda kv: kv[0][0]):
        a, b = items[ia], items[ib]
        if a.generic or b.generic:
            continue
        mutual = best.get((ib, a.doc_id))
        if ia < ib and mutual is not None and mutual[1] == ia:
            out.append((ia, ib))
    return out


def named(near: list[str], labels: Labels, doc_id: str, settings: CheckSettings) -> list[Item]:
    """The rows of other documents a stretch of text names best (the highest share of their
    label words, at least `cross_quote_min_share`), one per document, in the order they are
    named; none when it names a row of its own document's tables (text_vs_table compares
    that), nor when it names rows of `cross_label_max_documents` documents or more equally
    well (a heading many documents have: which one the text means is unknown).
    Call after `same_items`, which marks the generic rows."""
    stems: dict[str, list[str]] = {}
    for w in near:
        stems.setdefault(w[:KEY], []).append(w)
    rank: dict[int, int] = {}  # label -> the first word of the text under one of its keys
    found: dict[int, Label] = {}
    for n, key in enumerate(stems):
        for label in labels.by_key.get(key, ()):
            if id(label) not in found:
                rank[id(label)], found[id(label)] = n, label
    scored: list[tuple[float, Label]] = []
    for label in found.values():
        words = label.first.words
        hits = sum(any(same_word(w, t) for t in stems.get(w[:KEY], ())) for w in words)
        if hits / len(words) >= settings.cross_quote_min_share:
            if doc_id in label.docs:
                return []
            if label.open_rows:
                scored.append((hits / len(words), label))
    top = max((s for s, _ in scored), default=0.0)
    tops = [label for s, label in scored if s == top]
    rows = heapq.merge(*[[(rank[id(label)], n) for n in label.open_rows] for label in tops])
    best: dict[str, Item] = {}
    for _, n in rows:
        best.setdefault(labels.items[n].doc_id, labels.items[n])
        if len(best) + 1 > settings.cross_label_max_documents:
            return []
    return list(best.values())
