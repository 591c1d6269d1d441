"""Page pictures for the web view: the one place a record's page becomes a PNG.

The web view links every record's `page` to `/-/munidocs/page/<doc_id>/<page>.png`, served by
`page_picture`. Today it renders the bare page from the stored PDF (pypdfium2). The hook for
the page pictures of `munidocs show` (records' boxes drawn on the page): make `page_picture`
call that renderer; the links, the route and the test stay as they are.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from munidocs.extractors.sources.store import is_doc_id

STORE_DIR = Path(".munidocs") / "store"
"""Where a run keeps the PDFs it pulled, inside the output folder."""

SCALE = 1.5
"""Pixels per PDF point (108 dpi): readable on a screen, small enough to load at once."""


def stored_pdf(out_dir: Path, doc_id: str) -> Path | None:
    """The stored PDF of a document, when the output folder still holds it."""
    if not is_doc_id(doc_id):
        return None
    path = out_dir / STORE_DIR / doc_id[:2] / f"{doc_id}.pdf"  # as sources.store.Store.path
    return path if path.is_file() else None


def has_pictures(out_dir: Path, doc_id: str) -> bool:
    """Whether `page_picture` can draw this document's pages."""
    return stored_pdf(out_dir, doc_id) is not None


def page_picture(out_dir: Path, doc_id: str, page: int) -> bytes | None:
    """A PNG of one page (1-based); None when the PDF or the page is not there."""
    import pypdfium2 as pdfium

    path = stored_pdf(out_dir, doc_id)
    if path is None or page < 1:
        return None
    pdf = pdfium.PdfDocument(path)
    try:
        if page > len(pdf):
            return None
        bitmap = pdf[page - 1].render(scale=SCALE)
        buffer = BytesIO()
        bitmap.to_pil().save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        pdf.close()
