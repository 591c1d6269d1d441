"""report.html: one self-contained page a journalist can open or mail, written at every publish.

Built from a publication's datasets (its DuckDB file, while the publication is validated:
`datasets.publish`) and the stored PDFs, and moved into place once they are published:
a summary, the failed checks first (then warnings), each with both numbers, its pages and a
picture of them with the compared records highlighted; the documents with their status and
reasons; the tables found; the checks that pass, counted; the comparisons across documents.
Pictures are embedded as PNG data; no script, no outside file, so it opens anywhere (and a
browser reports nothing to its console). At most `output.report_max_pictures` pictures are
embedded (failed checks first); further checks say how to draw their page (`munidocs show`).
"""

from __future__ import annotations

import base64
import html
import logging
import os
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.checks.common import dec, fmt
from munidocs.extractors.output.evidence import STATE_DIR, boxes_by_page, page_boxes
from munidocs.extractors.output.pictures import Box, page_picture, png_bytes

log = logging.getLogger(__name__)

REPORT_FILE = "report.html"
PICTURE_SCALE = 1.3
"""Pixels per point of the report's page pictures (smaller than `munidocs show`'s: mailable)."""

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{margin:36px 0 10px;font-size:20px;border-bottom:2px solid #ddd;padding-bottom:4px}
.meta{color:#666;font-size:13px}.summary{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.tile{background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px 14px;min-width:110px}
.tile b{display:block;font-size:22px}.check{background:#fff;border:1px solid #ddd;border-left:6px solid #999;
border-radius:8px;padding:12px 16px;margin:12px 0}.check.fail{border-left-color:#d62728}.check.warn{border-left-color:#e8a317}
.check.pass{border-left-color:#2ca02c}.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-size:12px;
font-weight:700;color:#fff;background:#999;text-transform:uppercase;margin-right:6px}.badge.fail{background:#d62728}
.badge.warn{background:#b7791f}.badge.pass{background:#2ca02c}.message{font-size:16px;margin:6px 0}
.numbers{font-size:13px;color:#444}.numbers td{padding:1px 12px 1px 0}figure{margin:10px 0 0}
figure img{max-width:100%;border:1px solid #ccc}figcaption{font-size:12px;color:#666}
table.data{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
table.data th,table.data td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}td.file{overflow-wrap:anywhere;min-width:12em}td.reason{min-width:14em}
table.data th{background:#eee}.status-failed{color:#d62728;font-weight:700}.status-partial{color:#b7791f;font-weight:700}
.num{text-align:right;white-space:nowrap}details{margin:8px 0}summary{cursor:pointer;font-weight:600}
.none{color:#2ca02c;font-weight:600}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _number(value: float | None, unit: str | None) -> str:
    if value is None or value != value:
        return "–"
    shown = fmt(dec(value))
    return f"{shown} {unit}" if unit else shown


class _Pictures:
    """Page pictures for the report, within a budget, each rendered once."""

    def __init__(self, out_dir: Path, store: Path, budget: int) -> None:
        self.out_dir, self.store, self.left = out_dir, store, budget
        self.skipped = 0
        self.boxes: dict[tuple[str, int], list[Box]] = {}

    def prefetch(self, places: Iterable[tuple[str, int]]) -> None:
        """Read the boxes of the pages the next pictures will show (as far as the budget
        goes) in one pass over the datasets."""
        wanted = list(dict.fromkeys(places))[: max(self.left, 0)]
        found = boxes_by_page(self.out_dir, wanted)
        self.boxes = {place: found.get(place, []) for place in wanted}

    def of(self, doc_id: str, page: int, record_ids: list[str]) -> str | None:
        """An <img> of the part of a page where the records are, highlighted; None past the
        budget or without the PDF."""
        if self.left <= 0:
            self.skipped += 1
            return None
        pdf = self.store / doc_id[:2] / f"{doc_id}.pdf"
        if not pdf.is_file():
            return None
        try:
            boxes = self.boxes.get((doc_id, page))
            if boxes is None:
                boxes = page_boxes(self.out_dir, doc_id, page)
            lit = set(record_ids)
            around = [b.bbox for b in boxes if b.record_id in lit] or None
            picture = page_picture(
                pdf, page, boxes, highlight=lit, scale=PICTURE_SCALE, around=around, margin=(84, 40)
            )
        except Exception:  # a page pdfium cannot draw costs its picture, not the report
            log.exception("report: no picture of %s page %d", doc_id, page)
            return None
        self.left -= 1
        data = base64.b64encode(png_bytes(picture)).decode("ascii")
        return f'<img alt="page {page}" src="data:image/png;base64,{data}">'


def build_report(
    out_dir: Path,
    store: Path | None = None,
    max_pictures: int = 60,
    max_cards: int = 200,
    data: Path | None = None,
) -> str:
    """The report's HTML about `out_dir`, from the datasets in `data` (default: those published
    in `out_dir`; `publish`: a version folder about to be published)."""
    store = store or out_dir / STATE_DIR / "store"
    data = data or out_dir
    con = duckdb.connect(str(data / "municipal.duckdb"), read_only=True)
    try:
        docs = _rows(con, "select * from documents order by file_name")
        # every column of the failed and warned checks (their cards); of the others only what
        # is counted and listed: a 1,000-page note has 16,000 passing checks
        order = """order by case status when 'fail' then 0 when 'warn' then 1 else 2 end,
                   "check", doc_id, page, record_id"""
        checks = _rows(con, f"select * from checks where status in ('fail', 'warn') {order}")
        checks += _rows(
            con,
            f"""select status, doc_id, doc_ids, "check", message from checks
                where status not in ('fail', 'warn') {order}""",
        )
        tables = _rows(
            con,
            """select doc_id, "table", any_value(table_title) as title, list_distinct(list(page)) as pages,
                      count(distinct item) as rows, min(year) as first_year, max(year) as last_year,
                      any_value(unit) as unit, count(*) as cells
               from budget_lines group by doc_id, "table" order by doc_id, "table" """,
        )
        comparisons = _rows(con, "select * from comparisons order by key_kind, key, doc_id")
    finally:
        con.close()
    names = {d["doc_id"]: d["file_name"] for d in docs}
    pictures = _Pictures(data, store, max_pictures)
    body = [
        _summary(out_dir, docs, checks, tables, comparisons),
        _problem_checks(checks, names, pictures, max_cards),
        _documents(docs, checks, tables),
        _tables(tables, names),
        _passing(checks, names),
        _comparisons(comparisons, names),
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>munidocs report: {_e(out_dir.name)}</title><style>{_CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>"
    )


def _summary(
    out_dir: Path,
    docs: list[dict[str, Any]],
    checks: list[dict[str, Any]],
    tables: list[dict[str, Any]],
    comparisons: list[dict[str, Any]],
) -> str:
    status: dict[str, int] = defaultdict(int)
    for d in docs:
        status[d["status"]] += 1
    outcome: dict[str, int] = defaultdict(int)
    for c in checks:
        outcome[c["status"]] += 1
    tiles = [
        ("documents", len(docs)),
        ("ok", status["ok"]),
        ("partial", status["partial"]),
        ("failed", status["failed"]),
        ("tables", len(tables)),
        ("checks failed", outcome["fail"]),
        ("warnings", outcome["warn"]),
        ("checks passed", outcome["pass"]),
        ("compared keys", len({(c["key_kind"], c["key"]) for c in comparisons})),
    ]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"<h1>munidocs report</h1><div class=meta>{_e(out_dir.resolve())} · written {now} · "
        f"munidocs {_e(PIPELINE_VERSION)}</div><div class=summary>"
        + "".join(f"<div class=tile><b>{n}</b>{_e(label)}</div>" for label, n in tiles)
        + "</div>"
    )


SIDES = {
    "row_sum": ("the 'I alt' column", "the years added up"),
    "column_total": ("the total row", "the rows added up"),
    "text_vs_table": ("the table", "the text"),
    "parts_sum": ("the whole", "the parts added up"),
    "cross_document": ("the first document", "the second document"),
}
"""What `expected` and `actual` are, check by check."""


def _places(check: dict[str, Any]) -> list[tuple[str, int]]:
    """The pages a check's card shows (at most three), as (doc_id, page)."""
    doc_ids = list(check["doc_ids"] or ([check["doc_id"]] if check["doc_id"] else []))
    pages = list(check["pages"] or ([check["page"]] if check["page"] else []))
    if check["doc_id"] is None and len(doc_ids) == len(pages):
        places = list(zip(doc_ids, pages, strict=True))
    else:
        places = [(doc_ids[0] if doc_ids else check["doc_id"], p) for p in pages]
    return list(dict.fromkeys(places))[:3]


def _check_card(check: dict[str, Any], names: dict[str, str], pictures: _Pictures) -> str:
    status = check["status"]
    doc_ids = list(check["doc_ids"] or ([check["doc_id"]] if check["doc_id"] else []))
    pages = list(check["pages"] or ([check["page"]] if check["page"] else []))
    where = ", ".join(_e(names.get(d, d[:12])) for d in dict.fromkeys(doc_ids))
    unit = check["unit"]
    sides = SIDES.get(check["check"], ("expected", "actual"))
    numbers = [
        (sides[0], _number(check["expected"], unit), _number(check["expected_dkk"], "kr.")),
        (sides[1], _number(check["actual"], unit), _number(check["actual_dkk"], "kr.")),
    ]
    rows = "".join(
        f"<tr><td>{label}</td><td class=num>{a}</td><td class=num>{b if unit != 'kr.' else ''}</td></tr>"
        for label, a, b in numbers
    )
    figures = []
    for doc_id, page in _places(check):
        img = pictures.of(doc_id, page, list(check["record_ids"] or []))
        caption = f"{_e(names.get(doc_id, doc_id[:12]))}, page {page}"
        if img is None:
            caption += f" (draw it: <code>munidocs show {_e(doc_id[:12])} {page}</code>)"
            figures.append(f"<figure><figcaption>{caption}</figcaption></figure>")
        else:
            figures.append(f"<figure>{img}<figcaption>{caption}</figcaption></figure>")
    page_list = ", ".join(str(p) for p in dict.fromkeys(pages)) or "–"
    return (
        f'<div class="check {status}" id="{_e(check["record_id"])}">'
        f'<span class="badge {status}">{_e(status)}</span><b>{_e(check["check"])}</b> · '
        f"{where} · page {page_list}<div class=message>{_e(check['message'])}</div>"
        f"<table class=numbers>{rows}</table>{''.join(figures)}</div>"
    )


def _problem_checks(
    checks: list[dict[str, Any]], names: dict[str, str], pictures: _Pictures, max_cards: int
) -> str:
    """Failed checks, then warnings, a card each up to `max_cards` per kind; the rest counted,
    with the query that lists them (a report of thousands of cards is read by no one)."""
    out = []
    for status, title, anchor, none in (
        ("fail", "Failed checks", "failed", "No check failed."),
        ("warn", "Warnings", "warnings", "No warnings."),
    ):
        rows = [c for c in checks if c["status"] == status]
        pictures.prefetch(p for c in rows[:max_cards] for p in _places(c))
        out.append(f'<h2 id="{anchor}">{title} ({len(rows)})</h2>')
        if not rows:
            out.append(f"<p class=none>{none}</p>")
        out += [_check_card(c, names, pictures) for c in rows[:max_cards]]
        if len(rows) > max_cards:
            sql = f"select * from checks where status = '{status}'"
            out.append(
                f"<p class=none>… and {len(rows) - max_cards:,} more, not shown here: "
                f"<code>munidocs query &quot;{sql}&quot;</code></p>"
            )
    return "".join(out)


def _documents(
    docs: list[dict[str, Any]], checks: list[dict[str, Any]], tables: list[dict[str, Any]]
) -> str:
    n_tables: dict[str, int] = defaultdict(int)
    for t in tables:
        n_tables[t["doc_id"]] += 1
    outcome: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in checks:
        for d in c["doc_ids"] or ([c["doc_id"]] if c["doc_id"] else []):
            outcome[d][c["status"]] += 1
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "file",
            "type",
            "title",
            "reference",
            "date",
            "pages",
            "status",
            "reason",
            "tables",
            "checks",
        )
    )
    rows = []
    for d in docs:
        o = outcome[d["doc_id"]]
        summary = ", ".join(f"{o[s]} {s}" for s in ("fail", "warn", "pass") if o[s]) or "–"
        rows.append(
            f"<tr><td class=file>{_e(d['file_name'])}<br><small>{_e(d['doc_id'][:12])}</small></td>"
            f"<td>{_e(d['doc_type'])}</td><td>{_e(d['title'])}</td><td>{_e(d['reference'])}</td>"
            f"<td>{_e(d['doc_date'])}</td><td class=num>{_e(d['n_pages'])}</td>"
            f"<td class=status-{_e(d['status'])}>{_e(d['status'])}</td><td class=reason>{_e(d['error'])}</td>"
            f"<td class=num>{n_tables[d['doc_id']]}</td><td>{summary}</td></tr>"
        )
    return (
        f'<h2 id="documents">Documents ({len(docs)})</h2><table class=data><tr>{head}</tr>'
        f"{''.join(rows)}</table>"
    )


def _tables(tables: list[dict[str, Any]], names: dict[str, str]) -> str:
    if not tables:
        return '<h2 id="tables">Tables found (0)</h2><p>No budget table was found.</p>'
    head = "".join(
        f"<th>{h}</th>" for h in ("document", "table", "title", "pages", "rows", "years", "unit")
    )
    rows = "".join(
        f"<tr><td>{_e(names.get(t['doc_id'], t['doc_id'][:12]))}</td><td class=num>{t['table']}</td>"
        f"<td>{_e(t['title'])}</td><td>{_e(', '.join(str(p) for p in sorted(t['pages'])))}</td>"
        f"<td class=num>{t['rows']}</td><td>{t['first_year']}-{t['last_year']}</td>"
        f"<td>{_e(t['unit'])}</td></tr>"
        for t in tables
    )
    return f'<h2 id="tables">Tables found ({len(tables)})</h2><table class=data><tr>{head}</tr>{rows}</table>'


def _passing(checks: list[dict[str, Any]], names: dict[str, str]) -> str:
    passed = [c for c in checks if c["status"] == "pass"]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for c in passed:
        doc = names.get(c["doc_id"], "across documents") if c["doc_id"] else "across documents"
        counts[(doc, c["check"])] += 1
    rows = "".join(
        f"<tr><td>{_e(doc)}</td><td>{_e(check)}</td><td class=num>{n}</td></tr>"
        for (doc, check), n in sorted(counts.items())
    )
    listed = "".join(f"<li><b>{_e(c['check'])}</b>: {_e(c['message'])}</li>" for c in passed[:500])
    return (
        f'<h2 id="passed">Checks that pass ({len(passed)})</h2><table class=data>'
        f"<tr><th>document</th><th>check</th><th>passed</th></tr>{rows}</table>"
        f"<details><summary>Every passing check</summary><ul>{listed}</ul></details>"
    )


def _comparisons(rows: list[dict[str, Any]], names: dict[str, str]) -> str:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["key_kind"], r["key"])].append(r)
    if not groups:
        return (
            '<h2 id="comparisons">Across documents (0)</h2><p>No key is named in two documents.</p>'
        )
    body = []
    for (kind, key), members in groups.items():
        cells = []
        for m in members:
            amounts = ""
            if m["amounts_dkk"]:
                pairs = zip(m["years"] or [], m["amounts_dkk"], strict=False)
                amounts = "<br>" + ", ".join(f"{y}: {fmt(dec(a))} kr." for y, a in pairs)
            pages = ", ".join(str(p) for p in m["pages"])
            cells.append(
                f"{_e(names.get(m['doc_id'], m['doc_id'][:12]))} (pages {pages}; "
                f"{m['mentions']}×){amounts}"
            )
        body.append(f"<tr><td>{_e(kind)}</td><td>{_e(key)}</td><td>{'<hr>'.join(cells)}</td></tr>")
    return (
        f'<h2 id="comparisons">Across documents ({len(groups)})</h2><table class=data>'
        f"<tr><th>kind</th><th>key</th><th>documents</th></tr>{''.join(body)}</table>"
    )


def save_report(out_dir: Path, text: str) -> Path:
    """Move report.html with `text` into place atomically."""
    tmp = out_dir / f".{REPORT_FILE}.{uuid.uuid4().hex}.part"  # open(): the usual permissions
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out_dir / REPORT_FILE)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out_dir / REPORT_FILE
