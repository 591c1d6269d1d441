"""parts_sum: parts in running text against the whole they split, from the figures found."""

from __future__ import annotations

from pathlib import Path

import munidocs
from munidocs.extractors.checks.parts_sum import parts_sum_checks
from munidocs.extractors.entities.extract import extract_entities
from munidocs.extractors.provenance import locate_found
from munidocs.models import Check, Page

DOC = "d" * 64
LETTER = (
    Path(__file__).resolve().parents[1]
    / "corpus"
    / "pdfs"
    / "svar-vedr-overtagelse-af-integrationsansvar.pdf"
)


def checks_of(text: str) -> list[Check]:
    page = Page(DOC, 1, text, len(text), False, 595.0, 842.0)
    found = extract_entities(DOC, [page])
    locate_found(found, [])
    return parts_sum_checks(DOC, [page], found.figures)


def test_the_seed_letter_481_is_299_plus_182() -> None:
    [check] = [c for c in munidocs.process_pdf(LETTER).checks if c.check == "parts_sum"]
    assert (check.status, check.expected, check.actual, check.unit) == (
        "pass",
        481.0,
        481.0,
        "count",
    )
    assert check.message == (
        "Page 1: '481 sager' is split into '299 godkendelser' + '182 afslag', which add up to "
        "481, as stated."
    )
    assert check.record_ids == [
        "b5f106d919c39045-p1-f1950-1959",
        "b5f106d919c39045-p1-f1984-2000",
        "b5f106d919c39045-p1-f2004-2014",
    ]


def test_a_deliberate_mismatch_fails_with_both_numbers() -> None:
    [check] = checks_of(
        "Afgørelserne i de 481 sager fordeler sig således: - 299 godkendelser. - 181 afslag. "
        "Det bemærkes, at samme person kan gå igen."
    )
    assert (check.status, check.expected, check.actual) == ("fail", 481.0, 480.0)
    assert check.message == (
        "Page 1: '481 sager' is split into '299 godkendelser' + '181 afslag', which add up to "
        "480, not 481: 1 short."
    )


def test_a_whole_split_two_ways_gives_two_checks() -> None:
    checks = checks_of(
        "Vi har i 2024 modtaget 120 ansøgninger. Ansøgningerne fordeler sig således: 70 fra "
        "kvinder og 50 fra mænd; 90 under 30 år og 30 over 30 år."
    )
    assert [(c.status, c.expected, c.actual) for c in checks] == [
        ("pass", 120.0, 120.0),
        ("pass", 120.0, 120.0),
    ]
    assert "'70 fra kvinder' + '50 fra mænd'" in checks[0].message
    assert "'90 under 30' + '30 over 30'" in checks[1].message


def test_a_whole_stated_after_its_parts() -> None:
    [check] = checks_of("Der blev givet 299 godkendelser og 182 afslag, i alt 481 afgørelser.")
    assert (check.status, check.expected, check.actual) == ("pass", 481.0, 481.0)


def test_heraf_lists_only_some_of_the_whole() -> None:
    assert checks_of("Der kom 481 ansøgninger, heraf 20 fra Aarhus og 15 fra Odense.") == []
    [check] = checks_of("Der kom 40 ansøgninger, heraf 30 fra Aarhus og 15 fra Odense.")
    assert (check.status, check.actual) == ("fail", 45.0)
    assert check.message.endswith("which add up to 45, not 40: 5 more.")


def test_money_parts_within_the_printed_rounding_warn() -> None:
    [check] = checks_of(
        "Der afsættes 2,5 mio. kr., fordelt på 1,3 mio. kr. til løn og 1,3 mio. kr. til husleje."
    )
    assert (check.status, check.unit, check.expected_dkk, check.actual_dkk) == (
        "warn", "kr.", 2500000.0, 2600000.0,
    )  # fmt: skip
    assert "within the rounding of the printed amounts" in check.message
    [exact] = checks_of("Der afsættes 2,5 mio. kr., fordelt på 1,2 mio. kr. og 1,3 mio. kr.")
    assert exact.status == "pass"


def test_a_new_sentence_ends_the_list_and_other_kinds_do_not_join() -> None:
    assert (
        checks_of("Sagerne fordeler sig med 120 godkendelser. I 2020 var der 50 ansøgninger i alt.")
        == []
    )
    assert checks_of("De 300 borgere fordeler sig på 2 mio. kr. og 1 mio. kr.") == []


def test_af_de_before_the_whole_reads_its_parts_like_heraf() -> None:
    [check] = checks_of("Af de 64 ansøgninger blev 40 imødekommet og 25 afvist.")
    assert (check.status, check.expected, check.actual) == ("fail", 64.0, 65.0)
    assert check.message == (
        "Page 1: '64 ansøgninger' is split into '40 imødekommet' + '25 afvist', which add up "
        "to 65, not 64: 1 more."
    )
    assert [
        c.status for c in checks_of("Af de 64 ansøgninger blev 40 imødekommet og 24 afvist.")
    ] == ["pass"]
    assert checks_of("Af de 64 ansøgninger blev 40 imødekommet og 20 afvist.") == []  # some pending


def test_a_total_followed_by_a_colon_lists_its_parts() -> None:
    [check] = checks_of(
        "I alt 37 sager: 20 sager om hjemmehjælp, 10 sager om hjælpemidler og 7 sager om boliger."
    )
    assert (check.status, check.expected, check.actual) == ("pass", 37.0, 37.0)
    [short] = checks_of("I alt 37 sager: 20 sager om hjemmehjælp og 10 sager om hjælpemidler.")
    assert (short.status, short.actual) == ("fail", 30.0)
    assert checks_of("Der var 37 sager: 20 sager om hjemmehjælp og 10 sager om hjælpemidler.") == []
