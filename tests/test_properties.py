"""Hypothesis properties of the Danish parsers: no string crashes them; format, then parse, is
the identity.

The lexicon (numbers, money, dates) and the law-reference finder read whatever text a PDF gives,
so "any string" includes control characters, other scripts and half-formed numbers. The
round trips print a value the way a municipal document does (Danish grouping and decimal comma,
CLDR month names, "§ 85, stk. 2, i <law>") and require the parser to read the same value back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from munidocs.extractors.entities.laws import LawContext, find_law_references, law_table
from munidocs.extractors.lexicon import (
    MONTHS,
    find_danish_dates,
    find_money,
    parse_danish_date,
    to_dkk,
    unit_multiplier,
    unit_of,
)
from munidocs.extractors.lexicon.numbers import NotANumber, parse_danish_number

PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text near what the parsers look for, so the examples reach deep into the grammars
_DANISH = st.sampled_from(
    [
        "kr.",
        "mio.",
        "mia.",
        "t.kr.",
        "1.000",
        ",",
        ".",
        "÷",
        "-",
        "(",
        ")",
        "§",
        "§§",
        "stk.",
        " ",
        "\u00a0",
        "og",
        "til",
        "januar",
        "juni",
        "2021",
        "serviceloven",
        "lov nr.",
        " af ",
        "i lov om social service",
    ]
)
ANY_TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(_DANISH, st.text(max_size=3)), max_size=30).map("".join),
)


def danish(value: Decimal, decimals: int) -> str:
    """A number printed as a Danish municipal document prints it: "1.234.567,89", "-12"."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    printed = ".".join([whole, *groups])
    return sign + printed + ("," + frac if decimals else "")


# --- never crash ----------------------------------------------------------------------------


@PROFILE
@given(ANY_TEXT)
def test_parse_danish_number_raises_only_not_a_number(text: str) -> None:
    try:
        value = parse_danish_number(text)
    except NotANumber:
        return
    assert isinstance(value, Decimal)


@PROFILE
@given(ANY_TEXT)
def test_money_finders_never_crash_and_stay_in_the_text(text: str) -> None:
    for money in find_money(text):
        assert text[money.start : money.end] == money.text
        assert money.factor > 0
    unit = unit_of(text)
    if unit is not None:
        assert unit_multiplier(unit) is not None


@PROFILE
@given(ANY_TEXT)
def test_date_finders_never_crash_and_name_real_days(text: str) -> None:
    for found in find_danish_dates(text):
        assert text[found.start : found.end] == found.text
        if found.day is not None:
            date(found.year, found.month, found.day)
    parsed = parse_danish_date(text)
    assert parsed is None or isinstance(parsed, date)


@PROFILE
@given(ANY_TEXT, st.integers(min_value=1, max_value=5))
def test_law_references_never_crash_and_stay_in_the_text(text: str, page: int) -> None:
    for ref in find_law_references(text, page, LawContext()):
        assert 0 <= ref.start < ref.end <= len(text)
        assert ref.law


# --- format, then parse ---------------------------------------------------------------------


@PROFILE
@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    st.integers(min_value=0, max_value=2),
)
def test_a_printed_number_reads_back(value: Decimal, decimals: int) -> None:
    value = round(value, decimals)
    printed = danish(value, decimals)
    assert parse_danish_number(printed) == value
    assert parse_danish_number(printed.replace("-", "÷")) == value
    if value > 0:
        assert parse_danish_number(f"({printed})") == -value


@PROFILE
@given(
    st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False),
    st.sampled_from([("kr.", 1), ("mio. kr.", 10**6), ("mia. kr.", 10**9), ("t.kr.", 1000)]),
)
def test_a_printed_amount_reads_back(value: Decimal, unit: tuple[str, int]) -> None:
    spelled, factor = unit
    printed = danish(value, 1 if value % 1 else 0)
    [money] = find_money(f"Der afsættes {printed} {spelled} årligt.")
    assert parse_danish_number(money.number) * money.factor == value * factor
    assert to_dkk(parse_danish_number(money.number), unit_of(spelled) or "") in (
        value * factor,
        None,
    )


@PROFILE
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_a_printed_date_reads_back(day: date, written: bool) -> None:
    if written:  # every spelling of the month the lexicon knows ("maj", "september", "sep.")
        spellings = [name for name, n in MONTHS.items() if n == day.month]
        printed = [f"{day.day}. {month} {day.year}" for month in spellings]
    else:
        printed = [f"{day.day}.{day.month}.{day.year}", f"{day.day:02d}.{day.month:02d}.{day.year}"]
    for text in printed:
        assert parse_danish_date(text) == day
        assert parse_danish_date(f"  {text} ") == day


_LAWS = sorted(
    {canonical for canonical in law_table().forms.values() if canonical.endswith("loven")}
)


@PROFILE
@given(
    st.sampled_from(_LAWS),
    st.integers(min_value=1, max_value=999),
    st.one_of(st.none(), st.integers(min_value=1, max_value=20)),
    st.booleans(),
)
def test_a_printed_law_reference_reads_back(
    law: str, section: int, subsection: int | None, law_first: bool
) -> None:
    stk = f", stk. {subsection}" if subsection is not None else ""
    if law_first:
        text = f"Jf. {law}s § {section}{stk} træffes afgørelse."
    else:
        text = f"Jf. § {section}{stk} i {law} træffes afgørelse."
    rows = [(r.law, r.section, r.subsection) for r in find_law_references(text, 1, LawContext())]
    expected_sub = str(subsection) if subsection is not None else None
    assert rows == [(law, str(section), expected_sub)]


def test_the_law_round_trip_covers_many_laws() -> None:
    """The property above draws from the law table, not a list fitted to the seeds."""
    assert len(_LAWS) >= 10


@pytest.mark.parametrize("value", ["1.234.567,89", "-12", "0", "999"])
def test_the_printer_prints_as_documents_do(value: str) -> None:
    parsed = parse_danish_number(value)
    decimals = len(value.split(",")[1]) if "," in value else 0
    assert danish(parsed, decimals) == value


_LABEL_WORDS = st.sampled_from(
    ["drift", "værested", "værestedet", "værestedets", "asylum", "asylums", "lgbt", "unge",
     "tilskud", "tilskuddet", "boliger", "bolig", "integration", "integrationsansvar"]
)  # fmt: skip


@given(
    label=st.lists(_LABEL_WORDS, min_size=1, max_size=5),
    text=st.lists(_LABEL_WORDS, max_size=30),
    anchor=st.integers(min_value=0, max_value=300),
)
@settings(deadline=None)  # the first call loads spaCy's Danish stop words
def test_naming_through_the_word_index_equals_comparing_every_word(
    label: list[str], text: list[str], anchor: int
) -> None:
    """Regression (a 1,000-page report): text_vs_table compared every label word with every
    word of the text, for every row; the stem index must find exactly the same words."""
    from munidocs.extractors.checks.matching import TableRow, naming, same_word, words

    row = TableRow(1, None, " ".join(label).capitalize(), 1, False, None, "kr.")
    sentence = " ".join(text)
    found = words(sentence)
    hits, nearest = 0, len(sentence) + 1
    for w in row.label_words:
        places = [abs(at - anchor) for at, t in found if same_word(w, t)]
        if places:
            hits, nearest = hits + 1, min(nearest, *places)
    got = naming(row, sentence, anchor)
    if hits == 0:
        assert got is None
    else:
        assert got is not None
        assert (got.share, got.distance) == (hits / len(row.label_words), nearest)


_SPANS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=60),
        st.integers(min_value=0, max_value=12),
        st.sampled_from(["rule", "model", "table", "law"]),
    ),
    max_size=60,
)


@given(spans=_SPANS)
def test_overlaps_resolved_by_binary_search_equal_checking_every_kept_span(
    spans: list[tuple[int, int, str]],
) -> None:
    """Regression (an 18-page list of companies): `resolve_overlaps` compared each hit with
    every hit kept; the binary search over the kept spans must keep exactly the same hits."""
    from munidocs.extractors.entities.base import PRIORITY, Hit, resolve_overlaps

    hits = [Hit(s, s + n, "X", "x", None, src) for s, n, src in spans]
    ranked = sorted(hits, key=lambda h: (-PRIORITY.get(h.source, 0), -(h.end - h.start), h.start))
    kept: list[Hit] = []
    for hit in ranked:
        if not any(hit.overlaps(k) for k in kept):
            kept.append(hit)
    assert resolve_overlaps(hits) == sorted(kept, key=lambda h: h.start)


@given(
    text=st.text(alphabet="ab \n\u00a0\t", max_size=40),
    words=st.lists(st.text(alphabet="ab", min_size=1, max_size=3), min_size=1, max_size=3),
    pos=st.integers(min_value=0, max_value=45),
)
def test_finding_a_cells_words_equals_the_regex(text: str, words: list[str], pos: int) -> None:
    """`cells.find_words` finds what `word\\s+word...` found, without compiling a pattern."""
    import re

    from munidocs.extractors.entities.cells import find_words

    m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, pos)
    assert find_words(text, words, pos) == (m.span() if m else None)


@given(
    words=st.lists(st.text(alphabet="abAB -", min_size=1, max_size=6), max_size=12),
    text=st.text(alphabet="abAB -.", max_size=60),
)
@example(words=["a", "a b"], text="a b")
def test_a_trie_of_words_matches_what_their_flat_alternation_matched(
    words: list[str], text: str
) -> None:
    """Regression (speed): the law forms' regex tried ~600 words at every character;
    `literal_alternation` builds it as a trie, which must find the same matches, longest first,
    with the lookarounds the law regex uses: case-sensitive, and case-insensitive over lowercase
    words (the law forms are lowercase)."""
    import re

    from munidocs.extractors.entities.base import literal_alternation

    for vocabulary, flags in ((words, 0), ([w.lower() for w in words], re.IGNORECASE)):
        flat = "|".join(re.escape(w) for w in sorted(vocabulary, key=len, reverse=True))
        spans = [
            [m.span() for m in re.finditer(rf"(?<![\w-])(?:{body})(?![\w-])", text, flags)]
            for body in (flat, literal_alternation(vocabulary))
        ]
        assert spans[0] == spans[1]
