"""cross_labels: rows matched by label give exactly what comparing every row with every row
gave (the quadratic scan it replaced, kept here as the reference), on random folders of rows."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from munidocs.extractors.checks.cross_labels import KEY, Item, Labels, named, same_items
from munidocs.extractors.checks.matching import same_word
from munidocs.extractors.settings import CheckSettings

# words with inflected forms (`same_word`), words sharing a key that are not one word, and others
VOCABULARY = [
    "drift", "driften", "driftsudgifter", "natvarmestue", "natvarmestuen", "husleje",
    "huslejen", "værested", "værestedets", "rådgivning", "rådgiver", "psykolog", "unge",
    "integration", "fase", "faser", "støtte", "boliger", "bolig", "anlæg",
]  # fmt: skip


def _reference(
    items: list[Item], settings: CheckSettings
) -> tuple[list[tuple[int, int]], list[bool], dict[str, list[Item]]]:
    """The row-by-row scan of munidocs 0.5 (`cross_document._same_items`), returning the pairs
    it made checks of, the generic flags and its key index."""

    def share(a: Item, b: Item) -> float:
        short, long = sorted((a, b), key=lambda i: len(i.words))
        hits = sum(any(same_word(w, x) for x in long.stems.get(w[:KEY], ())) for w in short.words)
        return hits / len(long.words)

    def same_item(a: Item, b: Item) -> float | None:
        if a.appropriation and b.appropriation and a.appropriation != b.appropriation:
            return None
        need = settings.cross_label_min_share
        if a.appropriation and a.appropriation == b.appropriation:
            need /= 2
        s = share(a, b)
        return s if s >= need else None

    index: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for w in dict.fromkeys(w[:KEY] for w in item.words):
            index[w].append(item)
    order = {id(item): n for n, item in enumerate(items)}
    best: dict[tuple[int, str], tuple[float, int]] = {}
    lowest = settings.cross_label_min_share / 2
    cap = settings.cross_label_max_documents
    generic: set[tuple[tuple[str, ...], str | None]] = set()
    for a in items:
        label = (tuple(a.words), a.appropriation)
        if label in generic:
            a.generic = True
            continue
        bound: dict[int, int] = {}
        others: dict[int, Item] = {}
        for key, mine in a.stems.items():
            for b in index[key]:
                if b.doc_id != a.doc_id:
                    bound[id(b)] = bound.get(id(b), 0) + max(len(mine), len(b.stems[key]))
                    others[id(b)] = b
        matched: set[str] = set()
        for ref, most in sorted(bound.items(), key=lambda kv: -kv[1]):
            b = others[ref]
            if most < lowest * max(len(a.words), len(b.words)):
                continue
            s = same_item(a, b)
            if s is None:
                continue
            pair, row = (order[id(a)], b.doc_id), order[id(b)]
            if pair not in best or (s, -row) > (best[pair][0], -best[pair][1]):
                best[pair] = (s, row)
            matched.add(b.doc_id)
            if len(matched) > cap:
                generic.add(label)
                break
        a.generic = len(matched) + 1 > cap
    pairs = []
    for (ia, _), (_, ib) in sorted(best.items(), key=lambda kv: kv[0][0]):
        a, b = items[ia], items[ib]
        if a.generic or b.generic:
            continue
        mutual = best.get((ib, a.doc_id))
        if ia < ib and mutual is not None and mutual[1] == ia:
            pairs.append((ia, ib))
    return pairs, [i.generic for i in items], index


def _reference_named(
    near: list[str], index: dict[str, list[Item]], doc_id: str, settings: CheckSettings
) -> list[Item]:
    """munidocs 0.5's `cross_document._named`."""
    candidates = {id(i): i for w in near for i in index.get(w[:KEY], [])}
    stems: dict[str, list[str]] = {}
    for w in near:
        stems.setdefault(w[:KEY], []).append(w)
    scored = []
    for item in candidates.values():
        found = sum(any(same_word(w, t) for t in stems.get(w[:KEY], ())) for w in item.words)
        s = found / len(item.words)
        if s >= settings.cross_quote_min_share:
            if item.doc_id == doc_id:
                return []
            if not item.generic:
                scored.append((s, item))
    top = max((s for s, _ in scored), default=0.0)
    best: dict[str, Item] = {}
    for s, item in scored:
        if s == top:
            best.setdefault(item.doc_id, item)
    if len(best) + 1 > settings.cross_label_max_documents:
        return []
    return list(best.values())


def _folder(rng: random.Random) -> list[Item]:
    docs = [f"doc{n}" for n in range(rng.randint(2, 14))]
    appropriations = [None, None, "SOU 50.20", "BIU 35.10", "KFU 1"]
    items = []
    for _ in range(rng.randint(1, 70)):
        words = list(dict.fromkeys(rng.choices(VOCABULARY, k=rng.randint(1, 4))))
        doc, appropriation = rng.choice(docs), rng.choice(appropriations)
        amounts = {2026: (1.0, 1000.0, "")}
        items.append(
            Item(doc, 1, 1, None, " ".join(words), appropriation, "kr.", None, words, amounts)
        )
    return items


def _copy(items: list[Item]) -> list[Item]:
    return [Item(i.doc_id, i.page, i.table, i.table_title, i.label, i.appropriation, i.unit,
                 i.price_level, list(i.words), dict(i.amounts)) for i in items]  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_matching_by_label_is_the_row_by_row_scan(seed: int) -> None:
    rng = random.Random(seed)
    compared = 0
    for _ in range(300):
        settings = CheckSettings(
            cross_label_min_share=rng.choice([0.3, 0.5, 0.6, 0.9]),
            cross_label_max_documents=rng.choice([2, 3, 5, 10]),
            cross_quote_min_share=rng.choice([0.5, 0.75, 1.0]),
        )
        items = _folder(rng)
        theirs = _copy(items)
        want, generic, index = _reference(theirs, settings)
        labels = Labels(items)
        assert same_items(labels, settings) == want
        assert [i.generic for i in items] == generic
        for _ in range(5):
            near = rng.choices(VOCABULARY, k=rng.randint(1, 6))
            doc = rng.choice([i.doc_id for i in items] + ["letter"])
            got = [items.index(i) for i in named(near, labels, doc, settings)]
            assert got == [theirs.index(i) for i in _reference_named(near, index, doc, settings)]
        compared += len(want)
    assert compared > 50  # the folders do make pairs, not only generic rows


def test_a_heading_in_every_document_costs_cap_rows_not_every_row() -> None:
    """2,000 documents with the same heading: every row is generic, found after `cap` others."""
    items = [
        Item(f"doc{n}", 1, 1, None, "Drift", None, "kr.", None, ["drift"], {2026: (1.0, 1.0, "")})
        for n in range(2000)
    ]
    settings = CheckSettings(cross_label_max_documents=10)
    assert same_items(Labels(items), settings) == []
    assert all(i.generic for i in items)
    assert named(["drift"], Labels(items), "letter", settings) == []
