"""Cross-document comparisons: the same organisation, appropriation or law in several documents.

One row per (key, document) so that what each document says about a key stands side by side;
only keys seen in at least two documents are kept, since a comparison needs two sides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa

from munidocs.models import Comparison

_Key = tuple[str, str]

ColumnReader = Callable[[str, list[str]], Iterable[pa.Table]]
"""Given a dataset and column names, that dataset's rows, in one or several tables."""


def _rows(read: ColumnReader, dataset: str, columns: list[str]) -> Iterator[dict[str, Any]]:
    for table in read(dataset, columns):
        yield from table.to_pylist()


def compare(read: ColumnReader, min_documents: int = 2) -> list[Comparison]:
    """Comparison rows over every document's entities, law references and budget lines.

    Only the few columns a comparison needs are read, one document's rows at a time.
    """
    pages: dict[_Key, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    mentions: dict[_Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    amounts: dict[_Key, dict[str, list[tuple[int, float]]]] = defaultdict(lambda: defaultdict(list))

    def see(key: _Key, doc_id: str, page: int) -> None:
        pages[key][doc_id].add(page)
        mentions[key][doc_id] += 1

    for row in _rows(read, "entities", ["doc_id", "page", "label", "normalized", "text"]):
        if row["label"] == "ORG":
            see(("organisation", row["normalized"] or row["text"]), row["doc_id"], row["page"])
    for row in _rows(read, "law_references", ["doc_id", "page", "law"]):
        see(("law", row["law"]), row["doc_id"], row["page"])
    budget_cols = ["doc_id", "page", "committee", "appropriation", "year", "amount_dkk", "is_total"]
    for row in _rows(read, "budget_lines", budget_cols):
        if not row["appropriation"] or row["is_total"]:
            continue
        key = ("appropriation", " ".join(filter(None, [row["committee"], row["appropriation"]])))
        see(key, row["doc_id"], row["page"])
        amounts[key][row["doc_id"]].append((row["year"], row["amount_dkk"]))

    out = []
    for key in sorted(pages):
        docs = pages[key]
        if len(docs) < min_documents:
            continue
        for doc_id in sorted(docs):
            pairs = sorted(amounts[key].get(doc_id, []))
            out.append(
                Comparison(
                    key_kind=key[0],
                    key=key[1],
                    doc_id=doc_id,
                    n_documents=len(docs),
                    pages=sorted(docs[doc_id]),
                    mentions=mentions[key][doc_id],
                    amounts_dkk=[a for _, a in pairs] or None,
                    years=[y for y, _ in pairs] or None,
                )
            )
    return out
