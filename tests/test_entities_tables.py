"""Entities and tables: a name column's cells are organisations, header cells make no entity,
nothing is glued across cells, and a figure's sentence never begins with a flattened table."""

from __future__ import annotations

from munidocs.extractors.entities.cells import name_columns
from munidocs.extractors.entities.extract import extract_entities
from munidocs.models import Page, TableCell


def cell(row: int, column: int, text: str, header: bool = False, table: int = 1) -> TableCell:
    return TableCell("d", 1, table, row, column, header, text, None, None, None)


EXCLUSIONS = [
    cell(1, 1, "Selskab", True),
    cell(1, 2, "Årsag", True),
    cell(1, 3, "Årstal", True),
    cell(2, 1, "Alcast Pressure Dies Pvt Ltd"),
    cell(2, 2, "Antipersonelle miner"),
    cell(2, 3, "2020"),
    cell(3, 1, "Vale SA"),
    cell(3, 2, "Menneskerettigheder"),
    cell(3, 3, "2017"),
]
EXCLUSIONS_TEXT = (
    "Eksklusioner Selskab Årsag Årstal Alcast Pressure Dies Pvt Ltd Antipersonelle miner 2020 "
    "Vale SA Menneskerettigheder 2017"
)


def test_a_name_columns_cells_are_organisations_and_its_header_is_none() -> None:
    page = Page("d", 1, EXCLUSIONS_TEXT, len(EXCLUSIONS_TEXT), False, 595.0, 842.0)
    found = extract_entities("d", [page], cells=EXCLUSIONS)
    orgs = [e.text for e in found.entities if e.label == "ORG"]
    assert orgs == ["Alcast Pressure Dies Pvt Ltd", "Vale SA"]
    assert not [e for e in found.entities if "Selskab" in e.text or "Årsag" in e.text]


def test_a_column_headed_navn_is_a_name_column_only_when_its_cells_name_organisations() -> None:
    schools = [
        cell(1, 1, "Navn", True),
        cell(2, 1, "Ågard Efterskole"),
        cell(3, 1, "Viby Efterskole"),
    ]
    people = [cell(1, 1, "Navn", True), cell(2, 1, "Jens Hansen"), cell(3, 1, "Lise Berg")]
    assert name_columns(schools) == {(1, 1)}
    assert name_columns(people) == set()


def test_a_figures_sentence_is_cut_at_the_table_before_it() -> None:
    cells = [
        cell(1, 1, "Post", True),
        cell(1, 2, "Beløb", True),
        cell(2, 1, "Drift"),
        cell(2, 2, "500"),
    ]
    text = "Post Beløb Drift 500 Der er afsat 1.370.000 kr. i 2013 til indsatsen."
    page = Page("d", 1, text, len(text), False, 595.0, 842.0)
    found = extract_entities("d", [page], cells=cells)
    [money] = [f for f in found.figures if f.unit == "DKK"]
    assert money.sentence == "Der er afsat 1.370.000 kr. i 2013 til indsatsen."


def test_page_furniture_makes_no_entity_and_stays_out_of_sentences() -> None:
    text = "Rigsarkivet → Vejledning Side 3 af 9 Vi har modtaget 5.000 kr. fra fonden."
    page = Page("d", 1, text, len(text), False, 595.0, 842.0)
    found = extract_entities("d", [page], furniture={1: [(0, 36)]})
    assert not [e for e in found.entities if e.start < 36]
    [money] = [f for f in found.figures if f.unit == "DKK"]
    assert "Rigsarkivet" not in money.sentence
