"""Where a published record is: its document's stored PDF, its boxes, the records of a page.

What `munidocs show`, `munidocs verify --pictures` and report.html need from an output folder:
a document named by a doc_id prefix or a file name, the PDF kept in the folder's store
(`<out>/.munidocs/store/<sha[:2]>/<sha>.pdf`), and the boxes of every record on one page, read
from the published Parquet files with a filter (only that page's rows are loaded).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from munidocs.extractors.output.pictures import Box, page_picture, png_bytes
from munidocs.models import BBox

STATE_DIR = ".munidocs"
"""The output folder's state folder (the flow's `STATE_DIR`): the PDF store lives in it."""


class UnknownDocument(LookupError):
    """No document, or more than one, answers to the name given."""


@dataclass(frozen=True, slots=True)
class DocumentRef:
    doc_id: str
    file_name: str
    n_pages: int


def stored_pdf(out_dir: Path, doc_id: str) -> Path:
    """Where the output folder keeps the PDF of a document."""
    return out_dir / STATE_DIR / "store" / doc_id[:2] / f"{doc_id}.pdf"


def find_document(out_dir: Path, name: str) -> DocumentRef:
    """The document a doc_id (or a prefix of it) or a file name names (file names ignore case;
    a unique start of one is enough)."""
    table = pq.read_table(out_dir / "documents.parquet", columns=["doc_id", "file_name", "n_pages"])
    docs = [DocumentRef(r["doc_id"], r["file_name"], r["n_pages"]) for r in table.to_pylist()]
    want = name.strip()
    low = want.lower()
    for matches in (
        [d for d in docs if d.doc_id == low or d.file_name == want],
        [d for d in docs if d.file_name.lower() == low or Path(d.file_name).stem.lower() == low],
        [d for d in docs if len(low) >= 4 and d.doc_id.startswith(low)],
        [d for d in docs if d.file_name.lower().startswith(low)],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = ", ".join(f"{d.doc_id[:12]} ({d.file_name})" for d in matches[:6])
            raise UnknownDocument(f"{name!r} names {len(matches)} documents: {listed}; say more")
    raise UnknownDocument(
        f"no document in {out_dir} is called {name!r} (give a doc_id, its first characters, "
        "or a file name; `munidocs status` lists them)"
    )


def as_boxes(value: Any) -> list[BBox]:
    """A `bbox` (four numbers) or `boxes` (lists of four) column value as a list of boxes."""
    if value is None or len(value) == 0:
        return []
    items = list(value)
    if not isinstance(items[0], list | tuple):
        return [(float(items[0]), float(items[1]), float(items[2]), float(items[3]))]
    return [(float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in items]


def page_boxes(out_dir: Path, doc_id: str, page: int) -> list[Box]:
    """The box of every extracted record on one page: budget lines (their amount cells),
    figures, law references and entities (one box per printed line of the span; entities that
    are also a figure or a law reference are drawn once, as those)."""
    found = _boxes(out_dir, [("doc_id", "=", doc_id), ("page", "=", page)])
    return found.get((doc_id, page), [])


def boxes_by_page(
    out_dir: Path, places: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], list[Box]]:
    """`page_boxes` of these (doc_id, page) places, each dataset read once (the report draws
    dozens of pages: one read per page and dataset cost it a second and a half). Only the rows
    of these pages are read: every page of a 1,000-page note held 160 MiB of boxes."""
    wanted = set(places)
    if not wanted:
        return {}
    where = [
        ("doc_id", "in", sorted({d for d, _ in wanted})),
        ("page", "in", sorted({p for _, p in wanted})),
    ]
    return {place: boxes for place, boxes in _boxes(out_dir, where).items() if place in wanted}


def _boxes(out_dir: Path, where: list[tuple[str, str, Any]]) -> dict[tuple[str, int], list[Box]]:
    out: dict[tuple[str, int], list[Box]] = defaultdict(list)
    lines = pq.read_table(
        out_dir / "budget_lines.parquet",
        columns=["doc_id", "page", "record_id", "bbox", "item", "year", "amount"],
        filters=where,
    )
    for r in lines.to_pylist():
        for b in as_boxes(r["bbox"]):
            box = Box("budget_line", b, r["record_id"] or "", f"{r['item']} {r['year']}")
            out[(r["doc_id"], r["page"])].append(box)
    spans: set[tuple[str, int, int, int]] = set()
    for dataset, kind in (("figures", "figure"), ("law_references", "law_reference")):
        table = pq.read_table(
            out_dir / f"{dataset}.parquet",
            columns=["doc_id", "page", "record_id", "boxes", "bbox", "text", "start", "end"],
            filters=where,
        )
        for r in table.to_pylist():
            spans.add((r["doc_id"], r["page"], r["start"], r["end"]))
            for b in as_boxes(r["boxes"]) or as_boxes(r["bbox"]):
                out[(r["doc_id"], r["page"])].append(Box(kind, b, r["record_id"] or "", r["text"]))
    entities = pq.read_table(
        out_dir / "entities.parquet",
        columns=["doc_id", "page", "record_id", "boxes", "bbox", "text", "start", "end", "label"],
        filters=where,
    )
    for r in entities.to_pylist():
        span = (r["doc_id"], r["page"], r["start"], r["end"])
        if span in spans or r["label"] in ("MONEY", "PERCENT", "CARDINAL"):
            continue
        for b in as_boxes(r["boxes"]) or as_boxes(r["bbox"]):
            box = Box("entity", b, r["record_id"] or "", f"{r['label']} {r['text']}")
            out[(r["doc_id"], r["page"])].append(box)
    return dict(out)


def picture_of_page(
    out_dir: Path,
    doc: str,
    page: int,
    *,
    highlight: set[str] | None = None,
    scale: float = 2.0,
) -> bytes:
    """PNG bytes of a page of a published document with every record's box drawn (and the
    records in `highlight`, by record_id, in red): what `munidocs show` writes, for any caller
    that wants the picture without a file (a web view)."""
    ref = find_document(out_dir, doc)
    pdf = stored_pdf(out_dir, ref.doc_id)
    if not pdf.is_file():
        raise FileNotFoundError(
            f"the PDF of {ref.file_name} is not in {pdf.parent} (outputs copied without their "
            f"{STATE_DIR} folder?)"
        )
    if not 1 <= page <= max(ref.n_pages, 1):
        raise ValueError(f"{ref.file_name} has {ref.n_pages} pages; there is no page {page}")
    boxes = page_boxes(out_dir, ref.doc_id, page)
    return png_bytes(page_picture(pdf, page, boxes, highlight=highlight, scale=scale))
