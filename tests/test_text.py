"""The contract's text normal form: whitespace collapsed, line-end hyphenation undone."""

from __future__ import annotations

import pytest

from munidocs.extractors.reading.text import cid_ratio, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Inte-\ngrationsforvaltningen", "Integrationsforvaltningen"),
        (
            "Beskæftigelses- og Inte-\ngrationsforvaltningen",
            "Beskæftigelses- og Integrationsforvaltningen",
        ),
        (
            "Beskæftigelses- \nog Integrationsforvaltningens",
            "Beskæftigelses- og Integrationsforvaltningens",
        ),
        ("Kø-\nbenhavns Kommune", "Københavns Kommune"),
        ("LGBT+-\nborgere", "LGBT+-borgere"),
        ("EU-\nborgere", "EU-borgere"),
        ("i 2024-\n2025", "i 2024-2025"),
        ("Q2Q-meto-\nden", "Q2Q-metoden"),
        ("selvforsørgelses- \nog hjemrejseprogram", "selvforsørgelses- og hjemrejseprogram"),
        ("  to\n\n  linjer\u00a0her ", "to linjer her"),
        ("peer-to-peer- metoden", "peer-to-peer- metoden"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_cid_ratio_spots_fonts_without_unicode_map() -> None:
    assert cid_ratio("(cid:12)(cid:7)(cid:99)") == 1.0
    assert cid_ratio("Kære borger") == 0.0
