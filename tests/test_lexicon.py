"""Danish numbers are read strictly: '1.200' is twelve hundred, never 1.2."""

from __future__ import annotations

from decimal import Decimal

import pytest

from munidocs.extractors.lexicon import (
    NotANumber,
    parse_danish_number,
    to_dkk,
    unit_multiplier,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.950", Decimal(1950)),
        ("1.200", Decimal(1200)),
        ("1.234,5", Decimal("1234.5")),
        ("1,5", Decimal("1.5")),
        ("727,242", Decimal("727.242")),
        ("-200", Decimal(-200)),
        ("÷200", Decimal(-200)),
        ("(200)", Decimal(-200)),
        ("\u2212200", Decimal(-200)),
        ("0", Decimal(0)),
        ("1.160.500", Decimal(1160500)),
    ],
)
def test_parse_danish_number(text: str, value: Decimal) -> None:
    assert parse_danish_number(text) == value


@pytest.mark.parametrize("text", ["", "-", "abc", "1.2.3", "12.34", "1,2,3", "I alt"])
def test_not_a_number_is_an_error_never_a_guess(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_danish_number(text)


@pytest.mark.parametrize(
    ("unit", "factor"),
    [
        ("1.000 kr., 2026 p/l", Decimal(1000)),
        ("mio. kr.", Decimal(1_000_000)),
        ("Mio. kr", Decimal(1_000_000)),
        ("mia. kr.", Decimal(1_000_000_000)),
        ("t.kr.", Decimal(1000)),
        ("kr.", Decimal(1)),
        ("personer", None),
    ],
)
def test_unit_multiplier(unit: str, factor: Decimal | None) -> None:
    assert unit_multiplier(unit) == factor


def test_to_dkk_is_exact() -> None:
    assert to_dkk(Decimal("0.6"), "mio. kr.") == Decimal(600000)
    assert to_dkk(Decimal("1950"), "1.000 kr.") == Decimal(1950000)
    assert to_dkk(Decimal("2.7"), "mia. kr.") == Decimal(2700000000)
