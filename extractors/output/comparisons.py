"""Cross-document comparisons: the same organisation, appropriation or law in several documents.

One row per (key, document) so that what each document says about a key stands side by side;
only keys seen in at least two documents are kept, since a comparison needs two sides.
"""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa

from munidocs.models import Comparison

_Key = tuple[str, str]


def compare(tables: dict[str, pa.Table], min_documents: int = 2) -> list[Comparison]:
    """Comparison rows over the merged datasets."""
    pages: dict[_Key, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    mentions: dict[_Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    amounts: dict[_Key, dict[str, list[tuple[int, float]]]] = defaultdict(lambda: defaultdict(list))

    def see(key: _Key, doc_id: str, page: int) -> None:
        pages[key][doc_id].add(page)
        mentions[key][doc_id] += 1

    for row in (
        tables["entities"].select(["doc_id", "page", "label", "normalized", "text"]).to_pylist()
    ):
        if row["label"] == "ORG":
            see(("organisation", row["normalized"] or row["text"]), row["doc_id"], row["page"])
    for row in tables["law_references"].select(["doc_id", "page", "law"]).to_pylist():
        see(("law", row["law"]), row["doc_id"], row["page"])
    budget_cols = ["doc_id", "page", "committee", "appropriation", "year", "amount_dkk", "is_total"]
    for row in tables["budget_lines"].select(budget_cols).to_pylist():
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
