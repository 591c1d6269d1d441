"""Provenance: a stable record id on every record, and every record's box on its page."""

from __future__ import annotations

from pathlib import Path

import pytest

import munidocs
from munidocs.models import DocumentRecords
from munidocs.models.ids import budget_line_id, check_id, cross_check_id, span_id, unique

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "pdfs"
NOTE = CORPUS / "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
LETTER = CORPUS / "svar-vedr-overtagelse-af-integrationsansvar.pdf"


@pytest.fixture(scope="module")
def note() -> DocumentRecords:
    return munidocs.process_pdf(NOTE)


@pytest.fixture(scope="module")
def letter() -> DocumentRecords:
    return munidocs.process_pdf(LETTER)


def test_the_id_scheme() -> None:
    doc = "aea912b6793e6cd76e9212e056e2185b51f59609555f30ec2661944517791b8c"
    assert budget_line_id(doc, 2, 1, 3, 2026) == "aea912b6793e6cd7-p2-t1-r3-2026"
    assert span_id(doc, 1, "f", 192, 204) == "aea912b6793e6cd7-p1-f192-204"
    assert check_id(doc, 1, "text_vs_table", 1) == "aea912b6793e6cd7-p1-text_vs_table-1"
    assert cross_check_id("cross_document", ["b", "a"]) == cross_check_id(
        "cross_document", ["a", "b"]
    )
    assert unique(["a", "a", "b", "a"]) == ["a", "a.2", "b", "a.3"]


def test_every_record_has_a_unique_id(note: DocumentRecords, letter: DocumentRecords) -> None:
    for records in (note, letter):
        for name, rows in records.datasets().items():
            if name == "documents":
                continue
            ids = [r.record_id for r in rows]
            assert all(ids), name
            assert len(set(ids)) == len(ids), name


def test_ids_do_not_change_between_readings(note: DocumentRecords) -> None:
    again = munidocs.process_pdf(NOTE)
    for name, rows in note.datasets().items():
        if name != "documents":
            assert [r.record_id for r in rows] == [r.record_id for r in again.datasets()[name]]


def test_a_figure_is_boxed_where_it_is_printed(note: DocumentRecords) -> None:
    [figure] = [f for f in note.figures if f.text == "0,6 mio. kr."]
    assert figure.record_id == "aea912b6793e6cd7-p1-f192-204"
    assert (figure.start, figure.end) == (192, 204)
    assert figure.boxes == [(276.7, 182.47, 325.99, 191.5)]  # one box, comma and all
    assert figure.bbox == (276.7, 182.47, 325.99, 191.5)


def test_a_span_over_a_line_break_has_one_box_per_line(letter: DocumentRecords) -> None:
    [figure] = [f for f in letter.figures if f.text == "481 ansøgninger"]
    assert figure.boxes == [(323.09, 679.92, 381.81, 689.37), (71.24, 696.14, 85.16, 703.37)]
    assert figure.bbox == (71.24, 679.92, 381.81, 703.37)


def test_law_references_carry_their_span_and_box(letter: DocumentRecords) -> None:
    first = letter.law_references[0]
    assert (first.text, first.page, first.start, first.end) == (
        "integrationslovens § 18",
        1,
        1907,
        1930,
    )
    assert first.record_id == "b5f106d919c39045-p1-l1907-1930"
    assert first.boxes == [(283.05, 693.86, 386.19, 703.37)]
    entity = next(e for e in letter.entities if e.text == "Astrid Aller")
    assert entity.bbox == (96.93, 198.26, 146.31, 205.96)


def test_checks_name_the_records_they_compare(
    note: DocumentRecords, letter: DocumentRecords
) -> None:
    for records in (note, letter):
        known = {r.record_id for rows in (records.budget_lines, records.figures) for r in rows}
        for check in records.checks:
            assert check.record_ids and set(check.record_ids) <= known, check
            assert check.page in check.pages and check.doc_ids == [records.document.doc_id]
    [tvt] = [c for c in note.checks if c.check == "text_vs_table"]
    assert (tvt.record_id, tvt.page, tvt.pages) == (
        "aea912b6793e6cd7-p1-text_vs_table-1",
        1,
        [1, 2, 4],
    )
    assert tvt.record_ids[0] == "aea912b6793e6cd7-p1-f192-204"
    assert (tvt.unit, tvt.expected_dkk, tvt.actual_dkk) == ("kr.", 650000.0, 600000.0)
    row_sum = next(c for c in note.checks if c.check == "row_sum")
    assert (row_sum.unit, row_sum.expected, row_sum.expected_dkk) == (
        "1.000 kr.",
        1950.0,
        1950000.0,
    )
    assert row_sum.record_ids == [
        f"aea912b6793e6cd7-p2-t1-r1-{y}" for y in (2026, 2027, 2028, 2029)
    ]
