"""The issue's exact answers for the two seed documents, from the seed text and from the PDF.

Precision counts as much as recall: the sets of organisations, people and laws must be equal
to the expected ones, not merely contain them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import munidocs
from munidocs.extractors.entities.extract import extract_entities
from munidocs.extractors.reading.text import normalize_text
from munidocs.models import DocumentRecords, EntityRecords, Page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {"letter": "002_9430ad1a87fb5313.txt", "note": "000_f7479a466ee14507.txt"}
PDFS = {"letter": "svar-*.pdf", "note": "BI35-*.pdf"}
SOURCES = ("text", "pdf")


def _page(doc_id: str, number: int, raw: str) -> Page:
    text = normalize_text(raw)
    return Page(doc_id, number, text, len(text), False, 595.0, 842.0)


@cache
def processed(seed: str) -> DocumentRecords:
    """The seed PDF through the whole pipeline, as a run reads it."""
    [path] = sorted((ROOT / "corpus" / "pdfs").glob(PDFS[seed]))
    return munidocs.process_pdf(path)


@cache
def pages(seed: str, source: str) -> tuple[Page, ...]:
    """Normalised page text as the pipeline builds it: from the seed text or the PDF."""
    if source == "text":
        raw = (ROOT / "corpus" / "seeds" / SEEDS[seed]).read_text(encoding="utf-8")
        return (_page(seed, 1, raw),)
    return tuple(processed(seed).pages)


@cache
def records(seed: str, source: str) -> EntityRecords:
    if source == "text":
        return extract_entities(seed, list(pages(seed, source)))
    done = processed(seed)
    return EntityRecords(done.entities, done.law_references, done.figures, done.document.districts)


def normalized(recs: EntityRecords, label: str) -> set[str | None]:
    return {e.normalized for e in recs.entities if e.label == label}


@pytest.mark.parametrize("source", SOURCES)
def test_letter_organisations(source: str) -> None:
    assert normalized(records("letter", source), "ORG") == {
        "Beskæftigelses- og Integrationsforvaltningen",
        "Københavns Kommune",
        "Ankestyrelsen",
        "Udlændingestyrelsen",
        "LGBT Asylum",
        "Jobcenter København",
    }


@pytest.mark.parametrize("source", SOURCES)
def test_letter_jobcenter_from_definite_forms(source: str) -> None:
    texts = {
        e.text for e in records("letter", source).entities if e.normalized == "Jobcenter København"
    }
    assert texts == {"Jobcentret", "jobcentrets", "jobcenterets"}


@pytest.mark.parametrize("source", SOURCES)
def test_letter_genitive_and_hyphenated_forms_are_canonical(source: str) -> None:
    texts = {
        e.text
        for e in records("letter", source).entities
        if e.normalized == "Beskæftigelses- og Integrationsforvaltningen"
    }
    assert texts == {
        "Beskæftigelses- og Integrationsforvaltningen",
        "Beskæftigelses- og Integrationsforvaltningens",
    }


@pytest.mark.parametrize("source", SOURCES)
def test_letter_people(source: str) -> None:
    assert normalized(records("letter", source), "PER") == {
        "Astrid Aller",
        "Laura Rosenvinge",
        "Line Nørbæk",
    }


@pytest.mark.parametrize("source", SOURCES)
def test_letter_laws(source: str) -> None:
    recs = records("letter", source)
    rows = [(r.law, r.section, r.subsection) for r in recs.law_references]
    assert set(rows) == {
        ("integrationsloven", "18", None),
        ("integrationsloven", None, None),
        ("bekendtgørelse om boligplacering af flygtninge", "12", "1"),
    }
    assert rows.count(("integrationsloven", "18", None)) == 3
    assert normalized(recs, "LAW") == {
        "integrationsloven",
        "bekendtgørelse om boligplacering af flygtninge",
    }
    assert "integrationslovens § 18" in {r.text for r in recs.law_references}


@pytest.mark.parametrize("source", SOURCES)
def test_letter_figures(source: str) -> None:
    figures = records("letter", source).figures
    counts = [(f.text, f.value, f.unit) for f in figures if f.unit == "count"]
    assert counts == [
        ("481 ansøgninger", 481.0, "count"),
        ("481 sager", 481.0, "count"),
        ("299 godkendelser", 299.0, "count"),
        ("182 afslag", 182.0, "count"),
        ("2-3 af disse ansøgninger årligt", 2.0, "count"),
    ]
    assert {f.value for f in figures if f.unit == "year"} == {2016.0, 2017.0}


@pytest.mark.parametrize("source", SOURCES)
def test_letter_dates(source: str) -> None:
    dates = [
        (e.text, e.normalized) for e in records("letter", source).entities if e.label == "DATE"
    ]
    assert dates == [
        ("13. august 2021", "2021-08-13"),
        ("juni 2017", "2017-06"),
        ("oktober 2019", "2019-10"),
    ]


@pytest.mark.parametrize("source", SOURCES)
def test_letter_has_no_districts(source: str) -> None:
    assert records("letter", source).districts is None


@pytest.mark.parametrize("source", SOURCES)
def test_note_organisations(source: str) -> None:
    assert normalized(records("note", source), "ORG") == {
        "LGBT Asylum",
        "Beskæftigelses- og Integrationsforvaltningen",
        "Københavns Kommune",
        "RådgivningsDanmark",
        "AIDS-Fondet",
        "Copenhagen Pride",
        "Pan Idræt",
        "MIX CPH",
        "Als Research",
        "Intern Revision",
    }


@pytest.mark.parametrize("source", SOURCES)
def test_note_has_no_people_and_no_laws(source: str) -> None:
    recs = records("note", source)
    assert normalized(recs, "PER") == set()
    assert normalized(recs, "LAW") == set()
    assert recs.law_references == []


@pytest.mark.parametrize("source", SOURCES)
def test_note_money(source: str) -> None:
    recs = records("note", source)
    money = [(e.text, e.normalized) for e in recs.entities if e.label == "MONEY"]
    assert money == [("0,6 mio. kr.", "600000"), ("2,7 mia. kr.", "2700000000")]
    dkk = [(f.text, f.value) for f in recs.figures if f.unit == "DKK"]
    assert dkk == [("0,6 mio. kr.", 600000.0), ("2,7 mia. kr.", 2700000000.0)]


@pytest.mark.parametrize("source", SOURCES)
def test_note_people_figure_and_no_table_cells(source: str) -> None:
    figures = records("note", source).figures
    assert [(f.text, f.value) for f in figures if f.unit == "persons"] == [
        ("omkring 200 personer", 200.0)
    ]
    assert not {650.0, 1950.0, 0.0, 35.1} & {f.value for f in figures}


@pytest.mark.parametrize("source", SOURCES)
def test_note_address_and_district(source: str) -> None:
    recs = records("note", source)
    assert [(e.text, e.normalized) for e in recs.entities if e.label == "ADDRESS"] == [
        ("Lavendelstræde 1, 1462 København", "Lavendelstræde 1, 1462 København")
    ]
    assert recs.districts == ["Indre by"]
    assert ("LOC", "Indre by") in {(e.label, e.text) for e in recs.entities}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("source", SOURCES)
def test_offsets_point_into_the_page_text(seed: str, source: str) -> None:
    recs = records(seed, source)
    texts = {p.page: p.text for p in pages(seed, source)}
    assert recs.entities
    for e in recs.entities:
        assert texts[e.page][e.start : e.end] == e.text
        assert e.text in e.sentence
