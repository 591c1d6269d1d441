"""Characters pdfium misreads in a font, learned from pages pdfminer reads too
(`reading/glyphs.py`): a Ghostscript PDF/A whose TrueType fonts have neither an encoding nor a
Unicode map ("å" read by pdfium as "Â", "ø" as "¯", "æ" as "Ê", "§" as "ß")."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import ROOT

from munidocs.extractors.reading import read
from munidocs.extractors.reading.glyphs import Glyphs
from munidocs.extractors.reading.objects import page_objects
from munidocs.extractors.reading.textmap import (
    decoded_alike,
    font_decodings,
    page_text,
    raw_page_text,
)
from munidocs.extractors.settings import Settings

MISDECODED = ROOT / "tests" / "fixtures" / "engines" / "rigsarkivet_pages_2-3.pdf"
FONT_MIX = ROOT / "tests" / "fixtures" / "engines" / "rigsarkivet_pages_3_19.pdf"


def _both(number: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Page `number`'s characters as pdfium reads them (pdfplumber's shape) and pdfminer's."""
    doc = pdfium.PdfDocument(MISDECODED)
    page = doc[number - 1]
    textpage = page.get_textpage()
    ours = page_objects(page, textpage, number, paths=False)["char"]
    with pdfplumber.open(MISDECODED) as pdf:
        theirs = pdf.pages[number - 1].chars
    return ours, theirs


def test_each_misread_character_is_learned_from_where_pdfminer_prints_it() -> None:
    glyphs = Glyphs()
    assert glyphs.learn(*_both(1))
    assert glyphs.learn(*_both(2))
    wrong = {key: right for key, right in glyphs.table.items() if key[1] != right}
    assert wrong == {
        ("ArialMT", "¯"): "ø",
        ("ArialMT", "Ê"): "æ",
        ("ArialMT", "Â"): "å",
        ("ArialMT", "ß"): "§",
        ("Arial-BoldMT", "Ê"): "æ",
    }
    assert glyphs.table[("ArialMT", "Æ")] == "Æ"  # read alike: learned as itself


def test_a_page_with_a_character_not_learned_yet_is_flagged() -> None:
    glyphs = Glyphs()
    assert glyphs.learn(*_both(1))  # page 1 teaches "¯" -> "ø" only
    doc = pdfium.PdfDocument(MISDECODED)
    textpage = doc[1].get_textpage()
    raw, index = raw_page_text(textpage)
    text = glyphs.translate(textpage, raw, index)
    assert glyphs.unknown  # page 2 has "Â", "Ê", "ß"
    assert "¯" in raw and "¯" not in text and len(text) == len(raw)
    assert glyphs.learn(*_both(2))
    glyphs.translate(textpage, raw, index)
    assert not glyphs.unknown


def test_a_character_standing_for_two_or_without_a_partner_teaches_nothing() -> None:
    ours, theirs = _both(2)
    glyphs = Glyphs()
    far = [{**c, "x0": c["x0"] + 50} if not c["text"].isascii() else c for c in ours]
    assert not glyphs.learn(far, theirs) and glyphs.table == {}
    swapped = [{**c, "text": "Â"} if c["text"] == "Ê" else c for c in ours]  # Â: å and æ
    assert not glyphs.learn(swapped, theirs) and glyphs.table == {}


def test_a_misreading_document_is_read_by_pdfium_with_pdfminers_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pdfminer reads the pages compared only, not the whole document; every page has the
    characters pdfminer would have given it (the order within a page is pdfium's)."""
    whole: list[int] = []
    by_pdfminer = read._page_from_pdfplumber

    def counted(*args: Any) -> Any:
        whole.append(args[2])
        return by_pdfminer(*args)

    monkeypatch.setattr(read, "_page_from_pdfplumber", counted)
    learned = read.read_document(MISDECODED, "d" * 64, "x", settings=Settings())
    assert whole == []
    off = Settings().with_overrides({"pdf.learn_glyphs": False})
    pdfminer = read.read_document(MISDECODED, "d" * 64, "x", settings=off)
    assert whole == [1, 2]

    def letters(text: str) -> Counter[str]:
        return Counter(c for c in text if not c.isspace() and c != "-")

    assert [letters(p.text) for p in learned.pages] == [letters(p.text) for p in pdfminer.pages]
    assert learned.document.title == pdfminer.document.title


def test_learning_tolerance_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="glyph_tolerance"):
        Settings().with_overrides({"pdf.glyph_tolerance": -1})


def test_page_text_without_glyphs_is_pdfiums_own() -> None:
    doc = pdfium.PdfDocument(MISDECODED)
    page = doc[1]
    left, bottom, right, top = page.get_mediabox()
    raw, _ = page_text(page.get_textpage(), top - bottom, 2, right - left)
    assert "ß" in raw and "§" not in raw


def test_a_wider_tolerance_pairs_characters_further_apart() -> None:
    ours, theirs = _both(1)
    moved = [{**c, "x0": c["x0"] + 2.5} for c in ours]
    assert not Glyphs(1.0).learn(moved, theirs)
    wide = Glyphs(3.0)
    assert wide.learn(moved, theirs) and wide.table[("ArialMT", "¯")] == "ø"


def test_each_font_by_name_with_and_without_its_subset_tag_says_how_it_decodes() -> None:
    """pdfium names the simple TrueType fonts without their subset tag and the Type0 font with
    it; "ArialMT" is both a misdecoded font's name and the Unicode-mapped one's, untagged."""
    with pdfplumber.open(MISDECODED) as pdf:
        resources = pdf.pages[1].page_obj.resources
        assert font_decodings(resources) == {
            "ArialMT": False,
            "NDCMZI+ArialMT": False,
            "XHUBUE+Arial-BoldMT": False,
            "Arial-BoldMT": False,
            "WNFQZG+ArialMT": True,
        }
        assert decoded_alike({"WNFQZG+ArialMT"}, resources)
        assert not decoded_alike({"WNFQZG+ArialMT", "ArialMT"}, resources)
        assert not decoded_alike({"NotOnThePage"}, resources)
    assert font_decodings({"Font": [1, 2]}) is None and not decoded_alike({"X"}, {"Font": [1]})


def test_a_page_whose_new_characters_are_in_a_unicode_mapped_font_is_not_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages 3 and 19 of the Rigsarkivet guide: page 19's characters not seen on page 3 ("å",
    "’") are in the Type0 font with a ToUnicode map, which both engines decode alike, so only
    page 3 costs pdfminer's reading (both did before); the letters are pdfminer's."""
    compared: list[int] = []
    compare = read._compare_engines

    def counted(ours: Any, *args: Any) -> Any:
        compared.append(ours.number)
        return compare(ours, *args)

    monkeypatch.setattr(read, "_compare_engines", counted)
    learned = read.read_document(FONT_MIX, "d" * 64, "x", settings=Settings())
    assert compared == [1]
    off = Settings().with_overrides({"pdf.learn_glyphs": False})
    pdfminer = read.read_document(FONT_MIX, "d" * 64, "x", settings=off)
    assert [Counter(c for c in p.text if c.isalpha()) for p in learned.pages] == [
        Counter(c for c in p.text if c.isalpha()) for p in pdfminer.pages
    ]
    assert "å" in learned.pages[1].text
