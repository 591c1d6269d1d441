"""Where every record came from: its stable id and its boxes on the page.

The table reader gives budget lines their ids and cell boxes as it emits them (it knows the
cells); everything found in page text (entities, law references, figures) gets its id from its
character span (`models.ids`) and its boxes from the read stage's `SpanLocator`, here, once the
entity stage is done, so the checks that follow can name the records they compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from munidocs.extractors.reading.spanboxes import union
from munidocs.models import BBox, EntityRecords, Page
from munidocs.models.ids import page_id, span_id, unique
from munidocs.models.results import SpanLocator


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


def number_pages(pages: list[Page]) -> None:
    """Give every page its record id."""
    for page in pages:
        page.record_id = page_id(page.doc_id, page.page)


def locate_spans(records: Sequence[_Spanned], kind: str, spans: SpanLocator | None) -> None:
    """Ids and boxes of records found in page text (kind "e", "l" or "f", see `models.ids`)."""
    ids = unique([span_id(r.doc_id, r.page, kind, r.start, r.end) for r in records])
    for record, record_id in zip(records, ids, strict=True):
        record.record_id = record_id
        if spans is None or record.start is None or record.end is None:
            continue
        boxes = spans.span_boxes(record.page, record.start, record.end)
        record.boxes = boxes or None
        record.bbox = union(boxes)


def locate_found(found: EntityRecords, spans: SpanLocator | None) -> None:
    """Ids and boxes of everything the entity stage found in one document."""
    locate_spans(found.entities, "e", spans)
    locate_spans(found.law_references, "l", spans)
    locate_spans(found.figures, "f", spans)
