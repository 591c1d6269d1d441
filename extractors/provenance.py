"""Where every record came from: its stable id and its boxes on the page.

The table reader gives budget lines their ids and cell boxes as it emits them (it knows the
cells); everything found in page text (entities, law references, figures) gets its id from its
character span (`models.ids`) and its boxes from the read stage's `PageText` (the page's
normalised text with a box per character, `reading.textmap.span_boxes`), here, once the entity
stage is done, so the checks that follow can name the records they compare.

A span printed on one line has one box; a span over a line break ("Inte-/grationsforvaltningen")
one box per printed line, in reading order: `boxes` holds them all, `bbox` the box around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from munidocs.extractors.reading.textmap import span_boxes
from munidocs.models import BBox, EntityRecords, Page, PageText
from munidocs.models.ids import page_id, span_id, unique


class _Spanned(Protocol):
    doc_id: str
    page: int
    record_id: str
    bbox: BBox | None
    boxes: list[BBox] | None

    @property
    def start(self) -> int | None: ...

    @property
    def end(self) -> int | None: ...


def union(boxes: Sequence[BBox]) -> BBox | None:
    """The box around some boxes; None for none."""
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def number_pages(pages: list[Page]) -> None:
    """Give every page its record id."""
    for page in pages:
        page.record_id = page_id(page.doc_id, page.page)


def locate_spans(records: Sequence[_Spanned], kind: str, page_texts: dict[int, PageText]) -> None:
    """Ids and boxes of records found in page text (kind "e", "l" or "f", see `models.ids`)."""
    ids = unique([span_id(r.doc_id, r.page, kind, r.start, r.end) for r in records])
    for record, record_id in zip(records, ids, strict=True):
        record.record_id = record_id
        text = page_texts.get(record.page)
        if text is None or record.start is None or record.end is None:
            continue
        boxes = span_boxes(text, record.start, record.end)
        record.boxes = boxes or None
        record.bbox = union(boxes)


def locate_found(found: EntityRecords, page_texts: Sequence[PageText]) -> None:
    """Ids and boxes of everything the entity stage found in one document."""
    by_page = {t.page: t for t in page_texts}
    locate_spans(found.entities, "e", by_page)
    locate_spans(found.law_references, "l", by_page)
    locate_spans(found.figures, "f", by_page)
