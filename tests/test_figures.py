"""Figures in running text: money, counts with their noun, ranges, percentages, years."""

from __future__ import annotations

import pytest

from munidocs.extractors.entities.figures import find_figures
from munidocs.extractors.entities.regions import table_regions

Fig = tuple[str, float, str | None]


def figs(text: str) -> list[Fig]:
    hits = find_figures(text, table_regions(text))
    return [
        (text[h.extra["figure_start"] : h.extra["figure_end"]], h.extra["value"], h.extra["unit"])
        for h in hits
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at afsætte 0,6 mio. kr. årligt", ("0,6 mio. kr.", 600000.0, "DKK")),
        ("en besparelse på 2,7 mia. kr. på landsplan", ("2,7 mia. kr.", 2700000000.0, "DKK")),
        ("et tilskud på 350.000 kr. til", ("350.000 kr.", 350000.0, "DKK")),
        ("i alt 12,5 mio. kr. til", ("12,5 mio. kr.", 12500000.0, "DKK")),
        ("budgettet er 1.160,5 mio. kr. i", ("1.160,5 mio. kr.", 1160500000.0, "DKK")),
        ("tilskuddet er kr. 5.000 om", ("kr. 5.000", 5000.0, "DKK")),
        ("udgør 450 t. kr. om", ("450 t. kr.", 450000.0, "DKK")),
        ("hvor 12,5 % af borgerne", ("12,5 %", 12.5, "percent")),
        ("steg med 3 pct. i", ("3 pct.", 3.0, "percent")),
        ("behandlet 481 ansøgninger om", ("481 ansøgninger", 481.0, "count")),
        (
            "Målgruppen på omkring 200 personer inviteres",
            ("omkring 200 personer", 200.0, "persons"),
        ),
        ("i løbet af 3 år blev", ("3 år", 3.0, "years")),
        ("havde ca. 9.500 besøg i", ("ca. 9.500 besøg", 9500.0, "count")),
        ("omkring 640 unikke brugere kom", ("omkring 640 unikke brugere", 640.0, "persons")),
        ("i alt 481 borgere modtager hjælp", ("i alt 481 borgere", 481.0, "persons")),
        ("ring på tlf. 33 66 33 66 eller", None),
        ("et tilskud på 350.000,- kr. i", ("350.000,- kr.", 350000.0, "DKK")),
        ("en besparelse på 5 mio. samlet", ("5 mio.", 5000000.0, None)),
    ],
)
def test_one_figure(text: str, expected: Fig | None) -> None:
    assert figs(text) == ([expected] if expected else [])


def test_range_keeps_both_ends() -> None:
    text = "at der typisk modtages 2-3 af disse ansøgninger årligt."
    [hit] = find_figures(text, [])
    assert text[hit.extra["figure_start"] : hit.extra["figure_end"]] == (
        "2-3 af disse ansøgninger årligt"
    )
    assert (hit.extra["value"], hit.extra["value_max"], hit.extra["unit"]) == (2.0, 3.0, "count")
    assert (hit.label, hit.text, hit.normalized) == ("CARDINAL", "2-3", "2-3")


def test_money_entity_is_normalised_to_kroner() -> None:
    [hit] = find_figures("afsætte 0,6 mio. kr. årligt", [])
    assert (hit.label, hit.text, hit.normalized) == ("MONEY", "0,6 mio. kr.", "600000")


def test_years_outside_dates_are_year_figures() -> None:
    assert figs("Forvaltningen har i sager fra 2016 og 2017 overtaget") == [
        ("2016", 2016.0, "year"),
        ("2017", 2017.0, "year"),
    ]
    assert figs("årligt i 2026 - 2028 Baggrund") == [("2026 - 2028", 2026.0, "year")]


@pytest.mark.parametrize(
    "text",
    [
        "jf. § 18, stk. 2, nr. 3",
        "Ad 1: Det er ikke muligt",
        "1. Hvor mange ansøgninger",
        "ved 2. behandling",
        "budgetnotat BI35 og Q2Q-metoden",
        "bilag 3 og side 4",
    ],
)
def test_reference_numbers_are_not_figures(text: str) -> None:
    assert figs(text) == []


def test_table_rows_are_not_figures() -> None:
    text = (
        "Der søges om 0,6 mio. kr. Tabel 1. Oversigt 1.000 kr., 2026 p/l 2026 2027 2028 2029 "
        "I alt Drift af værested Service 650 650 650 0 1.950 Udgifter i alt (netto) 650 650 "
        "650 0 1.950 Risikovurdering og proces Der er lagt op til en besparelse på 2,7 mia. kr."
    )
    assert figs(text) == [
        ("0,6 mio. kr.", 600000.0, "DKK"),
        ("2,7 mia. kr.", 2700000000.0, "DKK"),
    ]


def test_table_region_starts_at_its_heading() -> None:
    text = "Indledning. Tabel 2. Udgifter BIU 35.10 U 650 650 650 1.950 Slut her."
    [(start, end)] = table_regions(text)
    assert text[start:end] == "Tabel 2. Udgifter BIU 35.10 U 650 650 650 1.950"


def test_a_malformed_number_is_not_guessed() -> None:
    assert figs("beløbet 1.2.3 kr. er") == []
