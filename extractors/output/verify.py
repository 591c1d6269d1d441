"""`munidocs verify`: every place a figure or a law reference appears in an output folder.

The figure is read with the Danish lexicon: "650000", "650.000 kr.", "0,65 mio. kr.", "650 t.kr."
are all 650.000 kroner; a bare number ("650") is also looked for as printed in a table, so "650"
finds the cell "650" of a "1.000 kr." table. Every record is compared in kroner, by the rounding
rule of the checks: a figure stated to a precision covers what rounds to it, half-up, so
"0,6 mio. kr." covers 550.000-649.999 kr. and "650" in a "1.000 kr." table 649.500-650.499 kr.
Each hit says how it matched:

- `exact`: the same amount in kroner (a table's 650 (1.000 kr.) for "0,65 mio. kr.");
- `approximate`: within the precision either side states (a lower-confidence match: "0,6 mio.
  kr." for 580.000 kr., or 580.000 kr. in a table for the query "0,6 mio. kr.");
- `printed`: the same number as printed, in another unit (a bare "650" and the cell "650").

A law reference ("integrationslovens § 18", "§ 18 i integrationsloven", "SEL § 85, stk. 2")
is read by the law finder and matched on law, section and stk. (a bare "§ 18" matches that
section of any law; a law alone every reference to it). Kinds of hit: `budget_line` (an amount
cell), `figure`, `law_reference`, and `page_text`: the number printed in a page's text where no
record holds it (a table that is not a budget table), found so nothing printed is missed (its box
is found again in the stored PDF). Money and law entities are the same spans as figures and law
references and are reported as those. Each hit carries the checks that name its record; the
result also lists every check that compares the queried amount itself (a cross-document one).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from munidocs.extractors.checks.common import dec, decimals_of, fmt
from munidocs.extractors.lexicon.money import find_money, unit_multiplier
from munidocs.extractors.lexicon.numbers import (
    NUMBER,
    NotANumber,
    decimals_printed,
    parse_danish_number,
)
from munidocs.extractors.output.evidence import as_boxes, page_boxes, stored_pdf
from munidocs.extractors.output.figure_query import NotAFigure, Query, parse_query
from munidocs.extractors.output.pictures import Box, page_picture
from munidocs.models import BBox

_NUMBER_IN_TEXT = re.compile(rf"(?<![\w.,])(?:{NUMBER})(?![\w]|[.,]\d)")
__all__ = ["NotAFigure", "Query", "Verification", "parse_query", "verify", "write_pictures"]

_ORDER = {"fail": 0, "warn": 1, "pass": 2}


@dataclass
class CheckRef:
    record_id: str
    check: str
    status: str
    message: str


@dataclass
class Hit:
    doc_id: str
    file_name: str
    page: int
    bbox: BBox | None
    kind: str
    text: str
    match: str
    record_id: str | None = None
    is_total: bool | None = None
    value_dkk: float | None = None
    boxes: list[BBox] = field(default_factory=list)
    checks: list[CheckRef] = field(default_factory=list)


@dataclass
class Verification:
    """Every hit of a query in one output folder, and the checks that involve them."""

    query: Query
    out_dir: str
    n_documents: int
    hits: list[Hit] = field(default_factory=list)
    checks: list[CheckRef] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        q = self.query
        return {
            "query": q.text,
            "read_as": q.describe(),
            "kind": q.kind,
            "value": float(q.value) if q.value is not None else None,
            "out_dir": self.out_dir,
            "documents_searched": self.n_documents,
            "hits": [asdict(h) for h in self.hits],
            "checks": [asdict(c) for c in self.checks],
        }

    def no_hit_line(self) -> str:
        return (
            f"No place in the {self.n_documents} documents of {self.out_dir} states "
            f"{self.query.text!r} ({self.query.describe()}) in any form."
        )


def _interval_match(query: Query, value: Decimal, half_step: Decimal) -> str | None:
    """exact / approximate / None, by the rounding rule both ways."""
    assert query.value is not None
    if value == query.value:
        return "exact"
    within_query = query.value - query.half_step <= value < query.value + query.half_step
    within_record = value - half_step <= query.value < value + half_step
    return "approximate" if within_query or within_record else None


def _half_step_of_cell(amount: float, unit: str) -> Decimal:
    """Half a unit of a table cell's last printed decimal, in kroner (500 for "650" in 1.000 kr.)."""
    factor = unit_multiplier(unit) or Decimal(1)
    return Decimal(10) ** -decimals_of([dec(amount)]) * factor / 2


def _half_step_of_text(text: str) -> Decimal:
    money = find_money(text)
    if not money:
        return Decimal(0)
    return Decimal(10) ** -decimals_printed(money[0].number) * money[0].factor / 2


def verify(figure: str, out_dir: Path | str) -> Verification:
    """Every place `figure` appears in the output folder's documents (module docstring)."""
    out = Path(out_dir)
    query = parse_query(figure)
    con = duckdb.connect(str(out / "municipal.duckdb"), read_only=True)
    try:
        names = dict(con.execute("select doc_id, file_name from documents").fetchall())
        order = {
            d: n for n, (d,) in enumerate(con.execute("select doc_id from documents").fetchall())
        }
        result = Verification(query, str(out), len(names))
        if query.kind == "law":
            hits = _law_hits(con, query, names)
        else:
            hits = _number_hits(con, query, names)
            hits += _page_text_hits(con, query, names, hits, out)
        _attach_checks(con, query, hits, result)
    finally:
        con.close()
    kinds = {"budget_line": 0, "figure": 1, "law_reference": 1, "entity": 2, "page_text": 3}
    hits.sort(
        key=lambda h: (
            order.get(h.doc_id, 0),
            h.page,
            kinds[h.kind],
            h.bbox[1] if h.bbox else 0,
            h.bbox[0] if h.bbox else 0,
        )
    )
    result.hits = hits
    return result


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ§\"'“”])|\s+[•▪●]\s+")


def _sentence_at(page_text: str, start: int, end: int, width: int = 300) -> str:
    """The sentence of the page's text that holds `start:end`, cut to a window around the hit
    when it is long. Read from the page text, not the record's `sentence`: a number printed twice
    in one sentence, or a sentence the text layer ran into a heading, would show the wrong part;
    a bullet ("•") ends a sentence like a full stop."""
    ends = [m for m in _SENTENCE_END.finditer(page_text)]
    first = max((m.end() for m in ends if m.end() <= start), default=0)
    last = min((m.start() for m in ends if m.start() >= end), default=len(page_text))
    sentence = page_text[first:last].strip()
    at = start - first - (len(page_text[first:last]) - len(page_text[first:last].lstrip()))
    if len(sentence) <= width:
        return sentence
    begin = max(0, min(at - width // 3, len(sentence) - width))
    piece = sentence[begin : begin + width]
    return ("…" if begin else "") + piece + ("…" if begin + width < len(sentence) else "")


def _snippet(
    pages: dict[tuple[str, int], str], doc_id: str, page: int, start: Any, end: Any, fallback: str
) -> str:
    """The sentence around a span from its page text, or the record's own sentence."""
    text = pages.get((doc_id, page))
    if text is None or start is None or end is None or not 0 <= start <= end <= len(text):
        return fallback if len(fallback) <= 300 else fallback[:299] + "…"
    return _sentence_at(text, int(start), int(end))


def _page_texts(
    con: duckdb.DuckDBPyConnection, keys: set[tuple[str, int]]
) -> dict[tuple[str, int], str]:
    """The text of the pages holding hits (only those: an output folder may hold thousands)."""
    if not keys:
        return {}
    rows = con.execute(
        "select doc_id, page, text from pages where list_contains($keys, doc_id || ':' || page)",
        {"keys": [f"{d}:{p}" for d, p in keys]},
    ).fetchall()
    return {(d, p): t or "" for d, p, t in rows}


def _box(value: Any) -> BBox | None:
    boxes = as_boxes(value)
    return boxes[0] if boxes else None


def _law_hits(con: duckdb.DuckDBPyConnection, query: Query, names: dict[str, str]) -> list[Hit]:
    rows = con.execute(
        """select doc_id, page, record_id, text, sentence, law, section, subsection, bbox, boxes,
                  start, "end"
           from law_references
           where ($law is null or law = $law) and ($section is null or section = $section)
             and ($sub is null or subsection = $sub)""",
        {"law": query.law, "section": query.section, "sub": query.subsection},
    ).fetchall()
    pages = _page_texts(con, {(r[0], r[1]) for r in rows})
    return [
        Hit(d, names.get(d, ""), p, _box(bb), "law_reference",
            _snippet(pages, d, p, start, end, sentence), "exact", rid, boxes=as_boxes(bxs))
        for d, p, rid, _text, sentence, _law, _s, _ss, bb, bxs, start, end in rows
    ]  # fmt: skip


def _number_hits(con: duckdb.DuckDBPyConnection, query: Query, names: dict[str, str]) -> list[Hit]:
    assert query.value is not None
    v = float(query.value)
    lo, hi = min(v / 3, v * 3), max(v / 3, v * 3)
    hits: list[Hit] = []
    lines = con.execute(
        """select doc_id, page, record_id, table_title, "table", item, year, amount, unit,
                  amount_dkk, is_total, bbox
           from budget_lines where amount_dkk between $lo and $hi or amount = $v""",
        {"lo": lo, "hi": hi, "v": v},
    ).fetchall()
    for d, p, rid, title, table, item, year, amount, unit, dkk, total, bb in lines:
        how = None
        if dkk is not None and dkk == dkk:
            how = _interval_match(query, dec(dkk), _half_step_of_cell(amount, unit))
        if how is None and query.kind == "number" and dec(amount) == query.value:
            how = "printed"
        if how is None:
            continue
        name = title.split(".")[0] if title else f"table {table}"
        text = f"{name}, row '{item}', {year}: {fmt(dec(amount))} ({unit}) = {fmt(dec(dkk))} kr."
        hits.append(
            Hit(
                d,
                names.get(d, ""),
                p,
                _box(bb),
                "budget_line",
                text,
                how,
                rid,
                bool(total),
                float(dkk),
                as_boxes(bb),
            )
        )
    # a bare number is any figure printed so (a count, a percentage, a year: "2024" is where the
    # text says 2024); an amount only money
    unit_filter = "unit = 'DKK'" if query.kind == "money" else "true"
    figures = con.execute(
        f"""select doc_id, page, record_id, text, sentence, value, unit, bbox, boxes, start, "end"
            from figures where {unit_filter} and value between $lo and $hi""",
        {"lo": lo, "hi": hi},
    ).fetchall()
    pages = _page_texts(con, {(r[0], r[1]) for r in figures})
    for d, p, rid, text, sentence, value, unit, bb, bxs, start, end in figures:
        step = _half_step_of_text(text) if unit == "DKK" else Decimal(0)
        how = _interval_match(query, dec(value), step)
        if how is None:
            continue
        dkk = float(value) if unit == "DKK" else None
        hits.append(
            Hit(
                d,
                names.get(d, ""),
                p,
                _box(bb),
                "figure",
                _snippet(pages, d, p, start, end, sentence),
                how,
                rid,
                None,
                dkk,
                as_boxes(bxs),
            )
        )
    return hits


def _page_text_hits(
    con: duckdb.DuckDBPyConnection, query: Query, names: dict[str, str], hits: list[Hit], out: Path
) -> list[Hit]:
    """The number printed in page text where no record holds it (module docstring)."""
    assert query.value is not None
    covered = {(h.doc_id, h.page) for h in hits if h.kind == "budget_line"}
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for d, p, s, e in con.execute('select doc_id, page, start, "end" from figures').fetchall():
        spans.setdefault((d, p), []).append((s or 0, e or 0))
    found: list[Hit] = []
    needle = str(query.value.normalize()).replace(".", "").strip("0") or "0"  # "65" for 650000
    pages = con.execute(
        "select doc_id, page, text, height from pages where contains(text, $n)", {"n": needle}
    ).fetchall()
    for d, p, text, height in pages:
        if (d, p) in covered:
            continue
        taken = spans.get((d, p), [])
        for m in _NUMBER_IN_TEXT.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            try:
                number = parse_danish_number(m.group())
            except NotANumber:
                continue
            after = find_money(text[m.start() : m.end() + 16])
            value = number * after[0].factor if after and after[0].start == 0 else number
            how = (
                "exact" if value == query.value else ("printed" if number == query.value else None)
            )
            if how is None:
                continue
            boxes = _text_boxes(out, d, p, float(height), m.start(), m.end())
            found.append(
                Hit(
                    d,
                    names.get(d, ""),
                    p,
                    boxes[0] if boxes else None,
                    "page_text",
                    _sentence_at(text, m.start(), m.end(), width=200),
                    how,
                    boxes=boxes,
                )
            )
    return found


def _text_boxes(
    out: Path, doc_id: str, page: int, height: float, start: int, end: int
) -> list[BBox]:
    """Boxes of a span of a page's text, from the stored PDF (pdfium), [] without it."""
    pdf = stored_pdf(out, doc_id)
    if not pdf.is_file():
        return []
    import pypdfium2 as pdfium

    from munidocs.extractors.reading.textmap import page_text, span_boxes

    doc = pdfium.PdfDocument(str(pdf))
    try:
        pdf_page = doc[page - 1]
        textpage = pdf_page.get_textpage()
        try:
            _, text = page_text(textpage, height, page)
        finally:
            textpage.close()
            pdf_page.close()
    finally:
        doc.close()
    return span_boxes(text, start, end)


def _attach_checks(
    con: duckdb.DuckDBPyConnection, query: Query, hits: list[Hit], result: Verification
) -> None:
    """Each hit's checks (those naming its record), and every check about the query's value."""
    rows = con.execute(
        """select record_id, "check", status, message, record_ids, expected_dkk, actual_dkk
           from checks"""
    ).fetchall()
    by_record: dict[str, list[CheckRef]] = {}
    about: list[CheckRef] = []
    v = float(query.value) if query.value is not None else None
    for rid, check, status, message, ids, expected, actual in rows:
        ref = CheckRef(rid or "", check, status, message)
        for record_id in ids or []:
            by_record.setdefault(record_id, []).append(ref)
        if v is not None and v in (expected, actual):
            about.append(ref)
    involved: dict[str, CheckRef] = {}
    for hit in hits:
        hit.checks = sorted(
            by_record.get(hit.record_id or "", []), key=lambda c: _ORDER.get(c.status, 3)
        )
        for c in hit.checks:
            involved.setdefault(c.record_id, c)
    if hits:
        for c in about:
            involved.setdefault(c.record_id, c)
    result.checks = sorted(involved.values(), key=lambda c: _ORDER.get(c.status, 3))


def write_pictures(result: Verification, pictures: Path, scale: float = 2.0) -> list[Path]:
    """One PNG per hit: its page with every record's box, the hit's in red."""
    pictures.mkdir(parents=True, exist_ok=True)
    out = Path(result.out_dir)
    written = []
    for n, hit in enumerate(result.hits, start=1):
        pdf = stored_pdf(out, hit.doc_id)
        if not pdf.is_file():
            continue
        boxes = page_boxes(out, hit.doc_id, hit.page)
        lit = {hit.record_id} if hit.record_id else {"page-text-hit"}
        if not hit.record_id:
            boxes += [Box("page_text", b, "page-text-hit") for b in hit.boxes]
        picture = page_picture(pdf, hit.page, boxes, highlight=lit, scale=scale)
        stem = re.sub(r"[^\w.-]+", "_", Path(hit.file_name).stem)[:60] or hit.doc_id[:12]
        path = pictures / f"{n:03d}-{stem}-p{hit.page}-{hit.kind}.png"
        picture.save(path)
        written.append(path)
    return written
