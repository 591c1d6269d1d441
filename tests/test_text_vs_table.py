"""text_vs_table compares a text amount with the row the text talks about, or says it cannot tell."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from munidocs.extractors.checks import check_document, text_vs_table
from munidocs.extractors.checks.amounts import TextAmount
from munidocs.extractors.checks.matching import table_rows
from munidocs.extractors.checks.text_vs_table import Rows, _agrees_all
from munidocs.models import BudgetLine, Check, Page

YEARS = (2026, 2027)


def page(text: str) -> Page:
    return Page("d", 1, text, len(text), False, 595.0, 842.0)


def rows(*spec: tuple[str, float, str | None, bool]) -> list[BudgetLine]:
    """(label, amount in 1.000 kr. every year, control area, is total) per row."""
    out = []
    for n, (item, amount, area, total) in enumerate(spec, start=1):
        for year in YEARS:
            out.append(
                BudgetLine(
                    "d", 2, 1, "Tabel 1. Økonomi", item, None, None, area, None, year, amount,
                    "1.000 kr.", amount * 1000, "2026 p/l", total, (10.0, 10.0 * n, 500.0, 10.0 * n + 8),
                    record_id=f"r{n}-{year}",
                )
            )  # fmt: skip
    return out


TABLE = rows(
    ("Løn til medarbejdere", 400.0, "Service", False),
    ("Husleje", 250.0, "Service", False),
    ("Udgifter i alt (netto)", 650.0, None, True),
)


def check(text: str, lines: list[BudgetLine] = TABLE) -> Check:
    [found] = [
        c for c in check_document("d", [page(text)], lines, []) if c.check == "text_vs_table"
    ]
    return found


def test_the_row_the_text_names_is_compared() -> None:
    found = check("Der afsættes 0,25 mio. kr. årligt til husleje i lejemålet.")
    assert (found.status, found.expected, found.actual) == ("pass", 250000.0, 250000.0)
    assert "('Husleje')" in found.message
    assert found.record_ids == ["r2-2026", "r2-2027"]


def test_a_named_row_that_disagrees_fails_with_the_difference_in_kroner() -> None:
    found = check("Til løn til medarbejdere afsættes 0,3 mio. kr. årligt.")
    assert (found.status, found.expected, found.actual) == ("fail", 400000.0, 300000.0)
    assert found.message == (
        "Page 1 says 0,3 mio. kr. a year, but Tabel 1 on page 2 ('Løn til medarbejdere') has "
        "400 (1.000 kr.) = 400.000 kr. in 2026-2027, which would be 0,4 mio. kr., not 0,3: "
        "a difference of 100.000 kr. a year (the table is higher). The total, Tabel 1 on page 2 "
        "('Udgifter i alt (netto)'), has 650 (1.000 kr.) a year in 2026-2027."
    )


def test_a_named_control_area_picks_its_total() -> None:
    lines = rows(
        ("Drift", 400.0, "Service", False),
        ("Serviceudgifter i alt", 400.0, "Service", True),
        ("Ombygning", 250.0, "Anlæg", False),
        ("Anlægsudgifter i alt", 250.0, "Anlæg", True),
        ("I alt", 650.0, None, True),
    )
    found = check("Der afsættes 0,25 mio. kr. (anlægsmidler) årligt i 2026-2027.", lines)
    assert found.status == "pass"
    assert "('Anlægsudgifter i alt')" in found.message


def test_no_row_named_uses_the_overall_total() -> None:
    found = check("Der skal træffes beslutning om at afsætte 0,65 mio. kr. årligt.")
    assert found.status == "pass"
    assert "('Udgifter i alt (netto)')" in found.message


def test_no_row_named_and_only_a_row_agrees_is_a_warning() -> None:
    found = check("Der afsættes 0,4 mio. kr. årligt.")
    assert found.status == "warn"
    assert found.message.endswith(
        "The text names no row, and it agrees with Tabel 1 on page 2 ('Løn til medarbejdere'): "
        "it may mean that row rather than the total."
    )


def test_totals_that_differ_without_a_named_row_are_a_warning_not_a_guess() -> None:
    lines = rows(
        ("Serviceudgifter i alt", 400.0, "Service", True),
        ("Anlægsudgifter i alt", 250.0, "Anlæg", True),
    )
    found = check("Der afsættes 0,5 mio. kr. årligt.", lines)
    assert (found.status, found.expected, found.actual) == ("warn", None, 500000.0)
    assert "the rows it could mean differ" in found.message
    assert "('Serviceudgifter i alt') has 400 (1.000 kr.) a year in 2026-2027" in found.message


UNGE = rows(
    ("Drift af værested for unge", 1100.0, "Service", False),
    ("Husleje", 300.0, "Service", False),
    ("Udgifter i alt (netto)", 1400.0, None, True),
)


def test_a_sentence_naming_a_row_in_part_and_stating_the_total_passes_on_the_total() -> None:
    found = check(
        "Der skal afsættes 1,4 mio. kr. årligt i 2026-2027 til et værested for unge.", UNGE
    )
    assert (found.status, found.expected, found.actual) == ("pass", 1400000.0, 1400000.0)
    assert "('Udgifter i alt (netto)')" in found.message


def test_a_row_named_in_full_that_disagrees_while_the_total_agrees_is_a_warning() -> None:
    found = check("Til drift af værested for unge afsættes 1,4 mio. kr. årligt.", UNGE)
    assert (found.status, found.expected, found.actual) == ("warn", None, 1400000.0)
    assert found.message == (
        "Page 1 says 1,4 mio. kr. a year, but the row it names, Tabel 1 on page 2 ('Drift af "
        "værested for unge'), has 1.100 (1.000 kr.) a year in 2026-2027; it agrees with Tabel 1 "
        "on page 2 ('Udgifter i alt (netto)')."
    )


def test_an_amount_with_no_row_no_year_and_no_decision_is_a_warning() -> None:
    found = check("Staten giver desuden 0,5 mio. kr. årligt til området.")
    assert (found.status, found.expected, found.actual) == ("warn", 650000.0, 500000.0)
    assert found.message.endswith(
        "The text names no row and no year, and it does not state the decision, the "
        "application or a cost: it may speak of another amount than the table's."
    )
    assert check("Der søges om 0,5 mio. kr. årligt.").status == "fail"  # the application
    assert check("Staten giver 0,5 mio. kr. årligt i 2026-2027.").status == "fail"  # its years


def _line(
    n: int, item: str, amount_dkk: float, year: int = 2026, total: bool = False
) -> BudgetLine:
    return BudgetLine(
        "d", 2 + n // 40, 1, "Tabel 1", item, None, None, None, None, year, amount_dkk / 1000,
        "1.000 kr.", amount_dkk, "2026 p/l", total, (10.0, 10.0, 500.0, 18.0), record_id=f"r{n}-{year}",
    )  # fmt: skip


def test_the_rows_that_may_agree_hold_every_row_that_agrees() -> None:
    """`Rows.may_agree` narrows the rows an amount is held against; it must never leave out
    one that agrees, at the rounding's edges (0,65 mio. kr. is 650.000 kr. rounded either way)."""
    rng = random.Random(12)
    lines = []
    for n in range(400):
        base = rng.choice([650_000.0, 649_999.0, 650_001.0, 600_000.0, 55_000.0, 1_250_000.0])
        lines.append(_line(n, f"Post {n}", base + rng.choice([0.0, 1.0, -1.0, 49_999.0, 50_000.0])))
    table = Rows(table_rows(lines))
    stated = [("0,65", 2), ("0,6", 1), ("0,7", 1), ("0,05", 2), ("0,1", 1), ("1,25", 2), ("1,3", 1)]
    for text, decimals in stated:
        amount = TextAmount(1, f"{text} mio. kr.", Decimal(text.replace(",", ".")), decimals,
                            Decimal(1_000_000), (2026,), text)  # fmt: skip
        agreeing = {id(r) for r in table.all if _agrees_all(amount, r)}
        assert agreeing, text  # the corpus above has rows that agree with each
        assert agreeing <= table.may_agree(amount), text
        assert len(table.may_agree(amount)) < len(table.all)


def test_a_long_document_holds_each_amount_against_few_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 1,000-page report: thousands of rows, hundreds of amounts in its text. Each amount was
    held against every row (naming and rounding), a third of the document's time at 400 pages."""
    rng = random.Random(3)
    labels = ["".join(rng.choice("bcdfghklmnprstv") for _ in range(9)) for _ in range(3000)]
    lines = [_line(n, label, 1000.0 * (n + 1)) for n, label in enumerate(labels)]
    lines.append(_line(3000, "Udgifter i alt", 17.0, total=True))
    text = " ".join(
        f"Der afsættes {k},{k % 10} mio. kr. i 2026 til {labels[k * 29]}." for k in range(1, 101)
    )
    calls = {"naming": 0, "agrees": 0}

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            calls[name] += 1
            return real(*args)

        return call

    monkeypatch.setattr(text_vs_table, "naming", counted("naming", text_vs_table.naming))
    monkeypatch.setattr(text_vs_table, "_agrees_all", counted("agrees", text_vs_table._agrees_all))
    found = [c for c in check_document("d", [page(text)], lines, []) if c.check == "text_vs_table"]
    assert len(found) == 100
    assert calls["naming"] <= 100 * 3  # each sentence names its own row (and words near it)
    assert calls["agrees"] <= 100 * 3
