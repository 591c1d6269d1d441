"""`cross_document`: two documents that should agree, computed when the datasets are published.

Two kinds of comparison, over every document of the output folder (read from the per-document
fragments one document's rows at a time, like `output.comparisons`):

- **the same item** in two documents' budget tables with amounts for the same year: the rows'
  labels share at least `cross_label_min_share` of their content words (half that when both
  print the same udvalg and bevilling, "BIU 35.10"), and their appropriations do not contradict.
  Different amounts are a `fail` (a `warn` when the two tables state different price levels,
  "2025 p/l" against "2026 p/l", where amounts may differ for that reason alone); the same
  amounts a `pass`. One check per pair of rows, naming every year compared.
- **a figure quoted** in one document's text (per year or for a year, as `text_vs_table`
  reads it, `checks.amounts`) against the row it names in another document's table: the
  sentence must hold at least `cross_quote_min_share` of the row label's words, and only the
  rows it names best (the highest share over all documents) are compared: a sentence naming
  every word of one note's row is not also held against another note's row that shares two of
  its words. The rounding rule is the text_vs_table one.

A row that is the same item (by the rule above) as rows of more than
`cross_label_max_documents` documents in all is a generic heading ("Husleje", "Evaluering"),
not one item restated, and is compared with nothing; nor is a quote that names rows of that many
documents equally well. This keeps the checks to items a reader would call the same, and their
number linear in the documents. Which rows match is worked out label by label
(`cross_labels`), so the time it takes is close to linear in the documents too.

A row is compared once per document pair (the first of identical labels in a document). The
check's `doc_id` is null, `doc_ids` names both documents and `pages` their pages, in that order;
`expected` is the first document's amount (for a quoted figure: the table's) and `actual` the
other's, in kroner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa

from munidocs.extractors.checks.amounts import TextAmount, text_amounts
from munidocs.extractors.checks.common import dec, difference, fmt
from munidocs.extractors.checks.cross_labels import Item, Labels, named, same_items
from munidocs.extractors.checks.matching import agrees, content_words, rounds_to, words
from munidocs.extractors.checks.settings import CheckSettings
from munidocs.models import Check, Page
from munidocs.models.ids import cross_check_id

CROSS_DOCUMENT_RULES = 2
"""Increased whenever what these checks find changes (2: generic headings are not compared): the
datasets are published again though no document changed (`output.datasets.fingerprint`)."""

ColumnReader = Callable[[str, list[str]], Iterable[pa.Table]]
"""Given a dataset and column names, that dataset's rows, in one or several tables."""

_LINE_COLUMNS = [
    "doc_id", "page", "table", "table_title", "item", "committee", "appropriation", "year",
    "amount", "unit", "amount_dkk", "price_level", "is_total", "record_id",
]  # fmt: skip


def _rows(read: ColumnReader, dataset: str, columns: list[str]) -> Iterator[dict[str, Any]]:
    for table in read(dataset, columns):
        yield from table.to_pylist()


def _items(read: ColumnReader) -> list[Item]:
    """Every document's non-total rows, one per label per document."""
    items: dict[tuple[str, str], Item] = {}
    for row in _rows(read, "budget_lines", _LINE_COLUMNS):
        if row["is_total"] or row["amount_dkk"] is None or row["amount_dkk"] != row["amount_dkk"]:
            continue
        key = (row["doc_id"], row["item"])
        item = items.get(key)
        if item is None:
            bevilling = " ".join(filter(None, [row["committee"], row["appropriation"]])) or None
            item = items[key] = Item(
                row["doc_id"], row["page"], row["table"], row["table_title"], row["item"],
                bevilling, row["unit"], row["price_level"], content_words(row["item"]),
            )  # fmt: skip
        if item.table == row["table"]:
            item.amounts.setdefault(
                row["year"], (row["amount"], row["amount_dkk"], row["record_id"] or "")
            )
    return [i for i in items.values() if i.words and i.amounts]


def cross_document_checks(read: ColumnReader, settings: CheckSettings | None = None) -> list[Check]:
    """Every cross-document check of an output folder (see the module docstring)."""
    settings = settings or CheckSettings()
    names = {r["doc_id"]: r["file_name"] for r in _rows(read, "documents", ["doc_id", "file_name"])}
    labels = Labels(_items(read))
    out = _same_items(labels, names, settings)
    out += _quoted(read, labels, names, settings)  # after: it follows the generic rows
    return out


def _same_items(labels: Labels, names: dict[str, str], settings: CheckSettings) -> list[Check]:
    """A check for each pair of rows of two documents that are the same item (`same_items`)."""
    items = labels.items
    checks = (_item_check(items[ia], items[ib], names) for ia, ib in same_items(labels, settings))
    return [check for check in checks if check is not None]


def _place(item: Item, names: dict[str, str]) -> str:
    table = item.table_title.split(".")[0] if item.table_title else f"table {item.table}"
    return f"{names.get(item.doc_id, item.doc_id[:12])} ({table}, page {item.page})"


def _item_check(a: Item, b: Item, names: dict[str, str]) -> Check | None:
    years = sorted(set(a.amounts) & set(b.amounts))
    if not years:
        return None
    differ = [y for y in years if a.amounts[y][1] != b.amounts[y][1]]
    ids = [a.amounts[y][2] for y in years] + [b.amounts[y][2] for y in years]
    first = differ[0] if differ else years[0]
    va, vb = dec(a.amounts[first][1]), dec(b.amounts[first][1])
    label = f"'{a.label}'" + (f" / '{b.label}'" if b.label != a.label else "")
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    if not differ:
        status = "pass"
        message = (
            f"Same item {label} in two documents: {_place(a, names)} and {_place(b, names)} "
            f"give the same amounts for {span} ({fmt(va)} kr. in {first})."
        )
    else:
        levels = {p for p in (a.price_level, b.price_level) if p}
        status = "warn" if len(levels) > 1 else "fail"
        listed = ", ".join(
            f"{y}: {fmt(dec(a.amounts[y][1]))} kr. against {fmt(dec(b.amounts[y][1]))} kr."
            for y in differ[:4]
        )
        message = (
            f"Same item {label}, different amounts: {_place(a, names)} and "
            f"{_place(b, names)} disagree for {len(differ)} of {len(years)} years ({listed})."
        )
        if status == "warn":
            message += f" The tables use different price levels ({' and '.join(sorted(levels))})."
    return _check(
        status, float(va), float(vb), message, [a.doc_id, b.doc_id], [a.page, b.page], ids
    )


def _check(
    status: str,
    expected: float,
    actual: float,
    message: str,
    doc_ids: list[str],
    pages: list[int],
    record_ids: list[str],
) -> Check:
    ids = [i for i in record_ids if i]
    return Check(
        doc_id=None,
        check="cross_document",
        status=status,
        expected=expected,
        actual=actual,
        message=message,
        record_id=cross_check_id("cross_document", ids or [message]),
        page=None,
        pages=pages,
        record_ids=ids,
        doc_ids=doc_ids,
        unit="kr.",
        expected_dkk=expected,
        actual_dkk=actual,
    )


def _quoted(
    read: ColumnReader, labels: Labels, names: dict[str, str], settings: CheckSettings
) -> list[Check]:
    """Amounts a document's text states, against the rows they name in other documents."""
    figure_ids = {
        (r["doc_id"], r["page"], r["start"]): r["record_id"]
        for r in _rows(read, "figures", ["doc_id", "page", "start", "record_id", "unit"])
        if r["unit"] == "DKK"
    }
    out: list[Check] = []
    for row in _rows(
        read, "pages", ["doc_id", "page", "text", "n_chars", "ocr", "width", "height"]
    ):
        page = Page(row["doc_id"], row["page"], row["text"], 0, False, 0.0, 0.0)
        for amount in text_amounts(page):
            lo = max(amount.clause[0], amount.start - settings.label_window_chars)
            hi = min(amount.clause[1], amount.end + settings.label_window_chars)
            near = [w for _, w in words(page.text[lo:hi])]
            for item in named(near, labels, page.doc_id, settings):
                years = [y for y in (amount.years or sorted(item.amounts)) if y in item.amounts]
                if not years:
                    continue
                fid = figure_ids.get((page.doc_id, page.page, amount.start), "")
                out.append(_quote_check(page, amount, item, years, fid, names))
    return out


def _quote_check(
    page: Page,
    amount: TextAmount,
    item: Item,
    years: list[int],
    figure_id: str,
    names: dict[str, str],
) -> Check:
    failing = [
        y
        for y in years
        if not agrees(item.amounts[y][1], amount.value, amount.decimals, amount.multiplier)
    ]
    year = failing[0] if failing else years[0]
    printed, table_dkk, _ = item.amounts[year]
    text_dkk = amount.value * amount.multiplier
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    here = f"{names.get(page.doc_id, page.doc_id[:12])} page {page.page}"
    # the same amount in every failing year is said once: "650 (1.000 kr.) ... a year in 2026-2028"
    alike = len(failing) > 1 and len({item.amounts[y][1] for y in failing}) == 1
    when = f"a year in {failing[0]}-{failing[-1]}" if alike else f"in {year}"
    said = f"{fmt(dec(printed))} ({item.unit}) = {fmt(dec(table_dkk))} kr. {when}"
    if failing:
        would = amount.text.replace(
            amount.number,
            fmt(rounds_to(table_dkk, amount.value, amount.decimals, amount.multiplier)),
            1,
        )
        diff = dec(table_dkk) - Decimal(text_dkk)
        each = " a year" if alike else ""
        message = (
            f"{here} says {amount.text} for '{item.label}' ({span}), but {_place(item, names)} "
            f"has {said}, which would be {would}, not {fmt(amount.value)}: "
            f"{difference(diff, each)}."
        )
        status = "fail"
    else:
        message = (
            f"{here} says {amount.text} for '{item.label}' ({span}); {_place(item, names)} "
            f"has {said}, which agrees at the text's precision."
        )
        status = "pass"
    ids = [figure_id, *(item.amounts[y][2] for y in years)]
    return _check(
        status,
        float(table_dkk),
        float(text_dkk),
        message,
        [item.doc_id, page.doc_id],
        [item.page, page.page],
        ids,
    )
