"""Document type, title, reference and own date, from layout and printed cues."""

from __future__ import annotations

from datetime import date

from munidocs.extractors.reading.classify import PrintedLine, classify, document_type


def _lines(*rows: tuple[str, float]) -> list[PrintedLine]:
    return [PrintedLine(text, size, False, 50.0 + 20 * i) for i, (text, size) in enumerate(rows)]


NOTE_TEXT = """SOF12 Flere hænder på plejehjem
Resume
Beslutning
Økonomi
Tabel 1. Udgifter til service
1.000 kr., 2026 p/l
"""

LETTER_TEXT = """Dato: 3. marts 2025
Sagsnr. 2025-0012345
Vedr.: Svar på jeres henvendelse om hjemmehjælp
Kære Jens Hansen
Tak for din henvendelse.
Med venlig hilsen
"""


def test_budget_note() -> None:
    lines = _lines(
        ("SOF12 Flere hænder på plejehjem", 18), ("Resume", 11), ("tekst", 11), ("tekst", 11)
    )
    result = classify(lines, NOTE_TEXT)
    assert result.doc_type == "budget_note"
    assert result.title == "SOF12 Flere hænder på plejehjem"
    assert result.reference == "SOF12"
    assert result.doc_date is None


def test_letter_with_subject_date_and_case_number() -> None:
    lines = _lines(*[(t, 11) for t in LETTER_TEXT.splitlines()])
    result = classify(lines, LETTER_TEXT)
    assert result.doc_type == "correspondence"
    assert result.title == "Svar på jeres henvendelse om hjemmehjælp"
    assert result.reference == "2025-0012345"
    assert result.doc_date == date(2025, 3, 3)


def test_a_date_inside_a_sentence_is_not_the_documents_date() -> None:
    text = "Kære Anna\nTak for jeres henvendelse af d. 13. august 2021.\nMed venlig hilsen"
    lines = _lines(*[(t, 11) for t in text.splitlines()])
    assert classify(lines, text).doc_date is None


def test_a_date_alone_on_a_line_with_a_place() -> None:
    text = "København, 1. juli 2023\nKære Anna\nVenlig hilsen"
    lines = _lines(*[(t, 11) for t in text.splitlines()])
    assert classify(lines, text).doc_date == date(2023, 7, 1)


def test_other_documents() -> None:
    # minutes are a kind of their own now (tests/test_kinds.py); a plain list stays other
    assert (
        document_type("Referat af mødet i Økonomiudvalget\nPunkt 1. Godkendelse af dagsorden")
        == "minutes"
    )
    assert document_type("Eksklusioner\nSelskab Årsag Årstal\nVale SA Menneskerettigheder") == (
        "other"
    )
