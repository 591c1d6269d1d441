"""The statistical model reads a page without its masked regions (tables, running headers):
the same entities outside them as when it reads the whole page, at a fraction of the cost."""

from __future__ import annotations

from munidocs.extractors.entities.extract import extract_entities
from munidocs.extractors.entities.masking import masked_docs, model_text, page_mask
from munidocs.extractors.entities.nlp import get_nlp
from munidocs.models import Page

PAGE = (
    "Socialforvaltningen har bedt Mette Frederiksen om et svar inden mødet i Odense.\n"
    "Tabel 1. Udgifter\n"
    "Drift 1.200 1.300 1.400\n"
    "Anlæg 2.200 2.300 2.400\n"
    "Løn 3.200 3.300 3.400\n"
    "Borgmester Lars Løkke Rasmussen har svaret, at Aarhus Kommune betaler halvdelen.\n"
)


def test_model_text_blanks_whole_words_and_keeps_every_offset() -> None:
    text = "Betegnelse Kode Navn"
    assert model_text(text, [(3, 8)]) == " " * 10 + " Kode Navn"
    assert model_text(text, [(11, 13), (16, 99)]) == "Betegnelse " + " " * 9
    assert model_text(text, []) == text


def test_the_table_of_a_page_is_masked_and_its_prose_is_not() -> None:
    mask, _, _ = page_mask(PAGE, [], [])
    blanked = model_text(PAGE, mask)
    assert len(blanked) == len(PAGE)
    assert "1.300" not in blanked and "Anlæg" not in blanked
    assert blanked.startswith("Socialforvaltningen har bedt Mette Frederiksen")
    assert "Borgmester Lars Løkke Rasmussen har svaret" in blanked


def test_masked_docs_find_what_the_whole_pipeline_finds_outside_the_mask() -> None:
    nlp = get_nlp()
    mask, _, _ = page_mask(PAGE, [], [])
    (whole,) = nlp.pipe([PAGE])
    (masked,) = masked_docs(nlp, [PAGE], [model_text(PAGE, mask)], 8)
    assert masked.text == PAGE
    free = [
        (e.start_char, e.end_char, e.label_)
        for e in whole.ents
        if not any(e.start_char < b and a < e.end_char for a, b in mask)
    ]
    assert (
        len(free) == 5
    )  # Socialforvaltningen, Mette Frederiksen, Odense, Lars Løkke .., Aarhus ..
    assert [(e.start_char, e.end_char, e.label_) for e in masked.ents] == free
    assert [s.text for s in masked.sents] == [s.text for s in whole.sents]


def test_the_entity_stage_names_the_people_around_a_table() -> None:
    found = extract_entities("d", [Page("d", 1, PAGE, len(PAGE), False, 595.0, 842.0)])
    people = [e.text for e in found.entities if e.label == "PER"]
    assert people == ["Mette Frederiksen", "Lars Løkke Rasmussen"]
    assert not [e for e in found.entities if e.text in ("Drift", "Anlæg", "Løn")]
