"""Page text with a box per character: offsets through normalisation, spans back to the page,
and the choice between the two text engines."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from conftest import CORPUS_PDFS, ROOT
from pdfs import text_pdf

import munidocs
from munidocs.extractors.reading.text import normalize_text, normalize_with_offsets
from munidocs.extractors.reading.textmap import engines_agree, span_boxes
from munidocs.extractors.settings import Settings

MISDECODED = ROOT / "tests" / "fixtures" / "engines" / "rigsarkivet_pages_2-3.pdf"


def test_offsets_point_at_the_raw_character_each_normal_character_stands_for() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        raw = "".join(rng.choice("ab -\n\u00a0og\t") for _ in range(rng.randint(0, 40)))
        text, offsets = normalize_with_offsets(raw)
        assert text == normalize_text(raw)
        assert offsets == sorted(offsets)
        for ch, at in zip(text, offsets, strict=True):
            assert raw[at] == ch or (ch == " " and (raw[at].isspace() or raw[at] == "\u00a0"))


def test_a_hyphenated_word_maps_back_over_the_line_break() -> None:
    text, offsets = normalize_with_offsets("Inte-\ngrationsforvaltningen")
    assert text == "Integrationsforvaltningen"
    assert offsets[:6] == [0, 1, 2, 3, 6, 7]  # "-\n" left out


def test_a_span_gets_the_box_it_is_printed_in(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "brev.pdf", ["Kære Jens Hansen", "Med venlig hilsen"])
    [text] = _texts(pdf)
    start = text.text.index("Jens Hansen")
    [(x0, top, x1, bottom)] = span_boxes(text, start, start + len("Jens Hansen"))
    # reportlab draws the first line at x=72, y=780 in 12 pt Helvetica on an A4 page (842 high)
    assert 95 < x0 < 110 and 170 < x1 < 190
    assert 50 < top < 62 < bottom < 66


def test_a_span_over_a_line_break_gets_a_box_per_line(tmp_path: Path) -> None:
    lines = ["Svar fra Beskæftigelses- og Integrations-", "forvaltningen om sagen"]
    pdf = text_pdf(tmp_path / "notat.pdf", lines)
    [text] = _texts(pdf)
    start = text.text.index("Integrationsforvaltningen")
    boxes = span_boxes(text, start, start + len("Integrationsforvaltningen"))
    assert len(boxes) == 2
    first, second = boxes
    assert second[1] > first[3] - 1  # the second box is on the next line
    assert second[0] < first[0]  # which starts at the left margin again


def _texts(pdf: Path) -> list[munidocs.models.PageText]:
    from munidocs.extractors.reading.read import read_document

    return read_document(pdf, "d" * 64, str(pdf)).page_texts


def test_engines_agree_compares_characters_not_order() -> None:
    assert engines_agree("b a\ufffe\nc", "a b -c")
    assert not engines_agree("arkivlovens ß 7", "arkivlovens § 7")


@pytest.mark.parametrize("learn", [True, False])
def test_pdfium_misdecoding_a_font_is_read_right(learn: bool) -> None:
    """Regression: pdfium read "arkivlovens § 7" as "arkivlovens ß 7" (and "ø" as "¯") in a
    Ghostscript PDF/A; the law reference was lost. With `pdf.learn_glyphs` the characters are
    put right from what pdfminer read on the pages compared (`test_glyphs.py`); without, the
    document is read by pdfminer."""
    forced = munidocs.process_pdf(
        MISDECODED, Settings().with_overrides({"pdf.text_engine": "pdfium"})
    )
    assert "arkivlovens ß 7" in forced.pages[1].text
    assert forced.law_references == []

    auto = munidocs.process_pdf(MISDECODED, Settings().with_overrides({"pdf.learn_glyphs": learn}))
    assert "arkivlovens § 7" in auto.pages[1].text and "¯" not in auto.pages[1].text
    # "bekendtgørelse nr. 128 om arkiveringsversioner" (cited by number, no date) counts too
    assert [(r.law, r.section) for r in auto.law_references] == [
        ("bekendtgørelse om arkiveringsversioner", None),
        ("arkivloven", "7"),
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS_PDFS.glob("*.pdf")))
def test_both_engines_give_the_seeds_the_same_records(name: str) -> None:
    fast = munidocs.process_pdf(CORPUS_PDFS / name)
    slow = munidocs.process_pdf(
        CORPUS_PDFS / name, Settings().with_overrides({"pdf.text_engine": "pdfplumber"})
    )
    assert [p.text for p in fast.pages] == [p.text for p in slow.pages]
    assert [(e.label, e.normalized, e.start) for e in fast.entities] == [
        (e.label, e.normalized, e.start) for e in slow.entities
    ]
    assert [dataclasses.replace(b, bbox=None, row_bbox=None) for b in fast.budget_lines] == [
        dataclasses.replace(b, bbox=None, row_bbox=None) for b in slow.budget_lines
    ]  # boxes: tests/test_layout_engines.py
