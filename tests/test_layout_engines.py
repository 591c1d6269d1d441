"""Page layout from pdfium's objects (`reading.objects`) against pdfminer's: the same records.

The read stage hands pdfplumber's algorithms (words, text lines, table finder) the page objects
pdfium already has, instead of having pdfminer interpret the page again. These tests run both
(`pdf.layout_engine`) on the seeds, the real documents of `tests/fixtures/realworld` and
generated budget notes, and require every record to be the same but for boxes, and boxes within
`BOX_TOLERANCE` (pdfium places glyphs with /Widths rounded to whole units: a long word's end
can move by a fraction of a point).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import CORPUS_PDFS, ROOT

import munidocs
from munidocs.extractors.reading.objects import page_objects
from munidocs.extractors.reading.pdf import plumber_page
from munidocs.extractors.reading.textmap import same_decoding
from munidocs.extractors.settings import Settings
from munidocs.models import DocumentRecords

BOX_TOLERANCE = 0.5
REALWORLD = ROOT / "tests" / "fixtures" / "realworld"
BOX_FIELDS = ("bbox", "row_bbox", "boxes")
DATASETS = ("budget_lines", "table_cells", "entities", "law_references", "figures", "checks")
PDFMINER = Settings().with_overrides({"pdf.layout_engine": "pdfplumber"})


def _generated(tmp: Path) -> list[Path]:
    from benchmarks.budgetgen import generate_corpus

    out = []
    for note in generate_corpus(6, seed=4242):
        (tmp / note.name).write_bytes(note.pdf)
        out.append(tmp / note.name)
    return out


def _box_gap(a: Any, b: Any) -> float:
    """The largest coordinate difference between two boxes (or lists of boxes)."""
    if a is None or b is None:
        return 0.0 if a is b else float("inf")
    if isinstance(a, list):
        if len(a) != len(b):
            return float("inf")
        return max((_box_gap(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def _same_records(fast: DocumentRecords, slow: DocumentRecords) -> None:
    assert [p.text for p in fast.pages] == [p.text for p in slow.pages]
    doc_a, doc_b = dataclasses.asdict(fast.document), dataclasses.asdict(slow.document)
    doc_a.pop("processed_at"), doc_b.pop("processed_at")
    assert doc_a == doc_b
    for name in DATASETS:
        ours, theirs = getattr(fast, name), getattr(slow, name)
        assert len(ours) == len(theirs), name
        for x, y in zip(ours, theirs, strict=True):
            a, b = dataclasses.asdict(x), dataclasses.asdict(y)
            for key in BOX_FIELDS:
                if key in a:
                    assert _box_gap(a.pop(key), b.pop(key)) <= BOX_TOLERANCE, (name, key, x)
            assert a == b, name


@pytest.mark.parametrize(
    "path",
    [*sorted(CORPUS_PDFS.glob("*.pdf")), *sorted(REALWORLD.glob("*.pdf"))],
    ids=lambda p: p.name,
)
def test_pdfium_layout_gives_the_records_pdfminer_layout_gives(path: Path) -> None:
    _same_records(munidocs.process_pdf(path), munidocs.process_pdf(path, PDFMINER))


def test_generated_budget_notes_read_alike_with_either_layout(tmp_path: Path) -> None:
    for path in _generated(tmp_path):
        fast = munidocs.process_pdf(path)
        assert fast.budget_lines, path.name
        _same_records(fast, munidocs.process_pdf(path, PDFMINER))


def _words(page: pdfplumber.page.Page) -> list[tuple[str, float, float, float, float]]:
    return [
        (w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
        for w in page.extract_words(x_tolerance=2, y_tolerance=2)
    ]


def _edges(page: pdfplumber.page.Page) -> list[tuple[str, float, float, float, float]]:
    """The ruling lines a table finder uses: horizontal and vertical edges a point long or more
    (a path's lone points and curves' slants never make a table)."""
    return sorted(
        (e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"])
        for e in page.edges
        if e["orientation"] in ("h", "v") and e["x1"] - e["x0"] + e["bottom"] - e["top"] >= 1
    )


@pytest.mark.parametrize("path", sorted(CORPUS_PDFS.glob("*.pdf")), ids=lambda p: p.name)
def test_words_and_ruling_lines_match_pdfminers(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        doc = pdfium.PdfDocument(path)
        for number in range(1, len(pdf.pages) + 1):
            page = doc[number - 1]
            textpage = page.get_textpage()
            doctop = pdf.pages[number - 1].initial_doctop
            objects = page_objects(page, textpage, number, 0, doctop)
            textpage.close()
            page.close()
            with plumber_page(pdf, number) as theirs:
                words, edges, height = _words(theirs), _edges(theirs), theirs.height
            with plumber_page(pdf, number, objects=objects) as ours:
                assert ours.height == height
                lines = _edges(ours)
                assert [e[0] for e in lines] == [e[0] for e in edges]
                assert (
                    max(
                        (_box_gap(a[1:], b[1:]) for a, b in zip(lines, edges, strict=True)),
                        default=0,
                    )
                    < 0.01
                )
                mine = _words(ours)
            assert [w[0] for w in mine] == [w[0] for w in words]
            # a long word's end moves most: pdfium rounds each glyph's /Widths entry
            assert max(_box_gap(a[1:], b[1:]) for a, b in zip(mine, words, strict=True)) < 1.0
        doc.close()


def test_a_character_is_as_high_as_its_font_size_not_its_glyph() -> None:
    """Regression: pdfium's loose box of "å" in Century Gothic is taller than the line's other
    letters; a box from it put "å" on a line of its own and split "Præstegårdsvej" in a table
    cell into "Præsteg årdsvej"."""
    read = munidocs.process_pdf(REALWORLD / "svendborg_rapport_dk2020_skadesoekonomi_data.pdf")
    texts = {c.text for c in read.table_cells}
    assert any("Præstegårdsvej" in t for t in texts)
    assert not any("Præsteg årdsvej" in t for t in texts)


def test_a_space_pdfium_drops_still_parts_the_words() -> None:
    """Regression: pdfium keeps one space of two (and none after a space it inferred), and a
    7-point space is narrower than the word tolerance: "Side 1 af 19" ran together."""
    path = REALWORLD / "kmd_databehandleraftale_aalborg_testudfyldt.pdf"
    with pdfplumber.open(path) as pdf:
        doc = pdfium.PdfDocument(path)
        page = doc[0]
        textpage = page.get_textpage()
        objects = page_objects(page, textpage, 1, 0, 0.0)
        textpage.close()
        page.close()
        doc.close()
        with plumber_page(pdf, 1, objects=objects) as ours:
            words = [w["text"] for w in ours.extract_words(x_tolerance=2, y_tolerance=2)]
    assert "Side" in words and "af" in words
    assert not any(w.startswith("Side1") for w in words)


def test_only_fonts_without_a_unicode_map_need_the_engines_compared() -> None:
    with pdfplumber.open(
        ROOT / "tests" / "fixtures" / "engines" / "rigsarkivet_pages_2-3.pdf"
    ) as pdf:
        assert not same_decoding(pdf.pages[0].page_obj.resources)
    for path in CORPUS_PDFS.glob("*.pdf"):
        with pdfplumber.open(path) as pdf:
            assert all(same_decoding(p.page_obj.resources) for p in pdf.pages)


def test_a_broken_resource_dictionary_asks_for_the_engines_to_be_compared() -> None:
    """A font or XObject entry that is not a dictionary (a hostile or broken file) must not
    stop the read: the engines are compared instead, as for a font without a Unicode map."""
    assert not same_decoding({"Font": [1, 2]})
    assert not same_decoding({"XObject": "nonsense"})
    assert same_decoding({}) and same_decoding(None)
