"""Header vocabulary: units, price levels, column kinds, areas, totals, the year header line."""

from __future__ import annotations

import pytest

from munidocs.extractors.tables.header import (
    area_from_title,
    area_from_total,
    column_kind,
    is_total,
    join_header,
    price_level_of,
    unit_of,
)
from munidocs.extractors.tables.layout import Line, Word
from munidocs.extractors.tables.reader import is_year_header


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("1.000 kr., 2026 p/l", "1.000 kr."),
        ("mio. kr.", "mio. kr."),
        ("Beløb i mio.kr.", "mio. kr."),
        ("t.kr.", "t.kr."),
        ("kr.", "kr."),
        ("(mia. kr., 2025-priser)", "mia. kr."),
        ("2026 2027 I alt", None),
    ],
)
def test_unit_of(text: str, unit: str | None) -> None:
    assert unit_of(text) == unit


def test_price_level_of() -> None:
    assert price_level_of("1.000 kr., 2026 p/l") == "2026 p/l"
    assert price_level_of("mio. kr. (2025-priser)") == "2025 p/l"
    assert price_level_of("mio. kr.") is None


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("2029", ("year", 2029)),
        ("I alt", ("sum", None)),
        ("Styringsområde", ("area", None)),
        ("Udvalg", ("committee", None)),
        ("Bevillingsnummer", ("appropriation", None)),
        ("Indtægt/udgift", ("direction", None)),
        ("U/I", ("direction", None)),
        ("1.000 kr., 2026 p/l", ("other", None)),
    ],
)
def test_column_kind(header: str, kind: tuple[str, int | None]) -> None:
    assert column_kind(header) == kind


def test_wrapped_header_cells_are_joined() -> None:
    assert join_header(["Styrings-", "område"]) == "Styringsområde"
    assert join_header(["Indtægt/", "udgift"]) == "Indtægt/udgift"


def test_areas_from_titles_and_totals() -> None:
    assert area_from_title("Tabel 2. Udgifter til service") == "Service"
    assert area_from_title("Tabel 3. Anlægsudgifter") == "Anlæg"
    assert (
        area_from_title("Tabel 1. Oversigt over ønskets aktiviteter på alle styringsområder")
        is None
    )
    assert area_from_total("Serviceudgifter i alt") == "Service"
    assert area_from_total("Overførsler i alt") == "Overførsler"
    assert area_from_total("Udgifter i alt (netto)") is None
    assert [is_total(t) for t in ("I alt", "Samlet økonomisk påvirkning", "Altan")] == [
        True,
        True,
        False,
    ]


def _line(*words: tuple[str, float]) -> Line:
    ws = [Word(t, x, x + 6 * len(t), 100.0, 110.0, 10.0) for t, x in words]
    return Line(ws, 100.0, 110.0)


def test_year_header_needs_years_in_separate_columns() -> None:
    assert is_year_header(
        _line(("1.000", 10), ("kr.,", 50), ("2026", 80), ("2026", 200), ("2027", 260))
    )
    assert not is_year_header(_line(("i", 10), ("2026", 20), ("-", 50), ("2028", 60)))
    assert not is_year_header(_line(("2026", 10), ("2027", 40.5)))  # one space apart: prose
