"""The Danish lexicon: numbers read strictly ('1.200' is twelve hundred, never 1.2), money units
from one table of spellings, month names from CLDR and one date parser."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munidocs.extractors.lexicon import (
    MONEY_WORDS,
    MONTHS,
    NUMBER_TOKEN,
    SPELLINGS,
    NotANumber,
    cell_amount,
    decimals_printed,
    factor_of,
    find_danish_dates,
    find_money,
    is_dash,
    parse_danish_date,
    parse_danish_number,
    to_dkk,
    unit_multiplier,
    unit_of,
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
        ("tkr.", Decimal(1000)),
        ("kroner", Decimal(1)),
        ("DKK", Decimal(1)),
        ("millioner kroner", Decimal(1_000_000)),
        ("mio.", None),
    ],
)
def test_unit_multiplier(unit: str, factor: Decimal | None) -> None:
    assert unit_multiplier(unit) == factor


def test_to_dkk_is_exact() -> None:
    assert to_dkk(Decimal("0.6"), "mio. kr.") == Decimal(600000)
    assert to_dkk(Decimal("1950"), "1.000 kr.") == Decimal(1950000)
    assert to_dkk(Decimal("2.7"), "mia. kr.") == Decimal(2700000000)


@pytest.mark.parametrize(
    ("token", "numeric"),
    [
        ("1.950", True),
        ("÷200", True),
        ("(200)", True),
        ("1.234,5", True),
        ("-", True),
        ("—", True),
        ("0", True),
        ("35.10", False),  # a Bevilling code, not a number
        ("1.2.3", False),
        ("BIU", False),
        ("2026,", False),
    ],
)
def test_number_token(token: str, numeric: bool) -> None:
    assert (NUMBER_TOKEN.fullmatch(token) is not None) is numeric


def test_dashes_print_zero() -> None:
    assert [is_dash(t) for t in ("-", "−", "–", "—", "--", "÷", "0")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_decimals_printed() -> None:
    assert [decimals_printed(t) for t in ("0,65", "1.950", "12,5", "7")] == [2, 0, 1, 0]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("1.000 kr., 2026 p/l", "1.000 kr."),
        ("Beløb i 1.000 kroner", "1.000 kr."),
        ("mio. kr.", "mio. kr."),
        ("Beløb i mio.kr.", "mio. kr."),
        ("millioner kroner", "mio. kr."),
        ("mill. kr.", "mio. kr."),
        ("mio. DKK", "mio. kr."),
        ("(mia. kr., 2025-priser)", "mia. kr."),
        ("milliarder kr.", "mia. kr."),
        ("t.kr.", "t.kr."),
        ("t. kr.", "t.kr."),
        ("tkr.", "t.kr."),
        ("tusind kr.", "tusind kr."),
        ("tusinde kr.", "tusind kr."),
        ("kr.", "kr."),
        ("kr", "kr."),
        ("kroner", "kr."),
        ("DKK", "kr."),
        ("mio.", None),  # a scale without a currency is no unit
        ("personer", None),
        ("2026 2027 I alt", None),
    ],
)
def test_unit_of_gives_the_table_spelling(text: str, unit: str | None) -> None:
    assert unit_of(text) == unit


def test_every_table_spelling_is_its_own_unit() -> None:
    assert {s.table for s in SPELLINGS} == {
        "kr.",
        "t.kr.",
        "1.000 kr.",
        "tusind kr.",
        "mio. kr.",
        "mia. kr.",
    }
    assert all(unit_of(s.table) == s.table for s in SPELLINGS)


def test_factor_of_multiplies_the_words_of_an_amount() -> None:
    assert factor_of("Mio.", "kr.") == Decimal(1_000_000)
    assert factor_of("tkr.") == Decimal(1000)
    assert factor_of(None, "DKK") == Decimal(1)


def test_money_words_are_bare_lowercase_words() -> None:
    assert {
        "kr",
        "kroner",
        "dkk",
        "tkr",
        "mio",
        "mill",
        "millioner",
        "mia",
        "tusind",
    } <= MONEY_WORDS
    assert "1.000" not in MONEY_WORDS


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("afsætte 0,6 mio. kr. årligt", [("0,6 mio. kr.", "0,6", None, Decimal(1_000_000), False)]),
        ("500 tkr. årligt", [("500 tkr.", "500", None, Decimal(1000), False)]),
        ("udgør 450 t. kr. om", [("450 t. kr.", "450", None, Decimal(1000), False)]),
        ("2-3 mio. kr.", [("2-3 mio. kr.", "2", "3", Decimal(1_000_000), False)]),
        ("350.000,- kr. i", [("350.000,- kr.", "350.000", None, Decimal(1), False)]),
        ("tilskuddet er kr. 5.000 om", [("kr. 5.000", "5.000", None, Decimal(1), True)]),
        ("DKK 2,5 mio. i alt", [("DKK 2,5 mio.", "2,5", None, Decimal(1_000_000), True)]),
        ("i 1.000 kr. i alt", [("1.000 kr.", "1.000", None, Decimal(1), False)]),
        ("en besparelse på 5 mio. samlet", []),  # scaled, but no money
        ("beløbet 1.2.3 kr. er", []),
    ],
)
def test_find_money(text: str, found: list[tuple[str, str, str | None, Decimal, bool]]) -> None:
    assert [
        (m.text, m.number, m.number_max, m.factor, m.currency_first) for m in find_money(text)
    ] == found


def test_month_names_come_from_cldr() -> None:
    assert [MONTHS[m] for m in ("januar", "maj", "december", "jan.", "aug.", "okt.")] == [
        1,
        5,
        12,
        1,
        8,
        10,
    ]
    assert len(MONTHS) == 23  # 12 names, 11 abbreviations ("maj" is both)


def test_find_danish_dates() -> None:
    text = (
        "Brev af 13. august 2021 om praksis siden juni 2017, jf. mødet 01.02.2020, "
        "13. aug. 2021, 5-6-2022, 1/2/2023, 31. juni 2021 og 1.2-2020."
    )
    assert [(d.text, d.iso) for d in find_danish_dates(text)] == [
        ("13. august 2021", "2021-08-13"),
        ("juni 2017", "2017-06"),
        ("01.02.2020", "2020-02-01"),
        ("13. aug. 2021", "2021-08-13"),
        ("5-6-2022", "2022-06-05"),
        ("1/2/2023", "2023-02-01"),
        ("juni 2021", "2021-06"),  # "31. juni" is no day; the month stands
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("13. august 2021", date(2021, 8, 13)),
        (" 3. Marts 2025 ", date(2025, 3, 3)),
        ("1. jul. 2023", date(2023, 7, 1)),
        ("13.08.2021", date(2021, 8, 13)),
        ("13-08-2021", date(2021, 8, 13)),
        ("oktober 2019", None),  # month precision is no day
        ("31. juni 2021", None),
        ("13. august 2021 kl. 10", None),  # not the whole string
        ("31.02.2021", None),
        ("", None),
    ],
)
def test_parse_danish_date(text: str, day: date | None) -> None:
    assert parse_danish_date(text) == day


@pytest.mark.parametrize(
    ("text", "value", "unit", "rate"),
    [
        ("1.950", Decimal(1950), None, False),
        ("1.370.000 kr.", Decimal(1370000), "kr.", False),
        ("kr. 5.000", Decimal(5000), "kr.", False),
        ("5,5 mio. kr.", Decimal("5.5"), "mio. kr.", False),
        ("-", Decimal(0), None, False),
        ("(200)", Decimal(-200), None, False),
        ("12.500,-", Decimal(12500), None, False),
        ("578 kr./m2", Decimal(578), "kr.", True),
        ("301 kr. pr. time", Decimal(301), "kr.", True),
    ],
)
def test_cell_amount_reads_a_table_cell_strictly(
    text: str, value: Decimal, unit: str | None, rate: bool
) -> None:
    amount = cell_amount(text)
    assert amount is not None
    assert (amount.value, amount.unit, amount.rate) == (value, unit, rate)


@pytest.mark.parametrize("text", ["1,200,000 kr.", "2 uger", "Helårsbolig", "§ 12", "1.2.3", ""])
def test_cell_amount_is_none_for_anything_but_one_number(text: str) -> None:
    assert cell_amount(text) is None


def _babel_parse(text: str) -> Decimal | None:
    """The parser as it was before its fast paths: every number through Babel's strict da_DK
    parse (with the sign, group and dash rules in front of it)."""
    import re

    from babel.numbers import NumberFormatError, parse_decimal

    s = text.strip().replace("\u00a0", "").replace(" ", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s[:1] and s[0] in "-\u2212\u2013÷":
        negative, s = not negative, s[1:]
    if not s or not s[0].isdigit():
        return None
    if "." in s and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return None
    try:
        value = parse_decimal(s, locale="da_DK", strict=True)
    except NumberFormatError:
        return None
    return -value if negative else value


_NUMBERISH = (
    st.from_regex(r"\A[(÷\-]?(?:[0-9]{1,4}(?:\.[0-9]{1,4}){0,3}|[0-9]{1,7})(?:,[0-9]{0,4})?\)?\Z")
    | st.from_regex(r"\A[0-9]{1,3}(?:\.[0-9]{3}){1,2}(?:,[0-9]{0,3})?\Z")
    | st.text(alphabet="0123456789.,-÷() \u00a0a٣٠²", max_size=12)
)


@settings(max_examples=3000, deadline=None)
@given(_NUMBERISH)
def test_fast_paths_parse_as_babel_does(text: str) -> None:
    """Cells mostly skip Babel (its strict check prints each value back); value and exponent,
    and what is refused, stay Babel's."""
    expected = _babel_parse(text)
    try:
        got: Decimal | None = parse_danish_number(text)
    except NotANumber:
        got = None
    assert (got is None) == (expected is None), (text, got, expected)
    if got is not None and expected is not None:
        assert got.as_tuple() == expected.as_tuple(), (text, got, expected)
