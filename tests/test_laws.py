"""Law references: every citation form, normalised to (law, section, subsection, eli)."""

from __future__ import annotations

import pytest

from munidocs.extractors.entities.laws import (
    LawContext,
    document_context,
    find_law_references,
    law_table,
)

Row = tuple[str, str | None, str | None, str | None]


def refs(text: str, context: LawContext | None = None) -> list[Row]:
    found = find_law_references(text, 1, context or LawContext())
    return [(r.law, r.section, r.subsection, r.eli) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("integrationslovens § 18", [("integrationsloven", "18", None, None)]),
        ("iht. integrationslovens § 18.", [("integrationsloven", "18", None, None)]),
        ("§ 18 i integrationsloven", [("integrationsloven", "18", None, None)]),
        (
            "servicelovens §§ 83 og 85",
            [("serviceloven", "83", None, None), ("serviceloven", "85", None, None)],
        ),
        ("§ 85, stk. 2, i lov om social service", [("serviceloven", "85", "2", None)]),
        ("lov om aktiv socialpolitik § 34, stk. 2", [("aktivloven", "34", "2", None)]),
        ("forvaltningslovens § 19, stk. 2", [("forvaltningsloven", "19", "2", None)]),
        (
            "bekendtgørelsen om boligplacering af flygtninge, § 12, stk. 1, at",
            [("bekendtgørelse om boligplacering af flygtninge", "12", "1", None)],
        ),
        (
            "bekendtgørelse nr. 1234 af 1. juli 2023",
            [("bekendtgørelse nr. 1234 af 1. juli 2023", None, None, "eli/lta/2023/1234")],
        ),
        (
            "lov nr. 123 af 2. marts 2022",
            [("lov nr. 123 af 2. marts 2022", None, None, "eli/lta/2022/123")],
        ),
        (
            "lov nr. 894 af 4. juli 2013",
            [("lov nr. 894 af 4. juli 2013", None, None, "eli/lta/2013/894")],
        ),
        ("efter integrationsloven, herunder", [("integrationsloven", None, None, None)]),
        ("serviceloven", [("serviceloven", None, None, None)]),
        ("SEL § 85", [("serviceloven", "85", None, None)]),
        ("§ 96 a i serviceloven", [("serviceloven", "96 a", None, None)]),
        ("ligningslovens § 7", [("ligningsloven", "7", None, None)]),
        (
            "§ 18, stk. 1 og 2, i integrationsloven",
            [
                ("integrationsloven", "18", "1", None),
                ("integrationsloven", "18", "2", None),
            ],
        ),
    ],
)
def test_citation_forms(text: str, expected: list[Row]) -> None:
    assert refs(text) == expected


def test_named_law_with_consolidation_number_gets_its_eli() -> None:
    text = "lov om social service, jf. lovbekendtgørelse nr. 170 af 24. januar 2024"
    assert refs(text) == [("serviceloven", None, None, "eli/lta/2024/170")]


def test_number_and_date_with_title_is_the_titled_law() -> None:
    text = "lov nr. 1234 af 1. juli 2023 om aktiv socialpolitik."
    assert refs(text) == [("aktivloven", None, None, "eli/lta/2023/1234")]


def test_bare_section_takes_the_law_from_context() -> None:
    text = "Efter forvaltningslovens § 19, stk. 2, skal der partshøres, jf. § 12, stk. 1."
    assert refs(text) == [
        ("forvaltningsloven", "19", "2", None),
        ("forvaltningsloven", "12", "1", None),
    ]


def test_bare_section_without_context_is_not_guessed() -> None:
    assert refs("Det følger af § 12, stk. 1, at ansøgningen afvises.") == []


def test_context_carries_to_the_next_page_only() -> None:
    context = LawContext()
    find_law_references("jf. integrationsloven", 1, context)
    assert refs_page("jf. § 12", 2, context) == [("integrationsloven", "12", None, None)]
    assert refs_page("jf. § 13", 4, context) == []


def refs_page(text: str, page: int, context: LawContext) -> list[Row]:
    return [
        (r.law, r.section, r.subsection, r.eli) for r in find_law_references(text, page, context)
    ]


def test_full_title_genitive_and_short_name_are_one_law() -> None:
    forms = law_table().forms
    assert forms["lov om social service"] == "serviceloven"
    assert forms["servicelovens"] == "serviceloven"
    assert forms["serviceloven"] == "serviceloven"


def test_reference_text_is_the_printed_span() -> None:
    text = "Det følger af iht. integrationslovens § 18, at"
    [ref] = find_law_references(text, 1, LawContext())
    assert text[ref.start : ref.end] == "integrationslovens § 18"


def test_section_sign_of_another_kind_is_not_a_law() -> None:
    assert refs("Beløbet er 0,6 mio. kr. i 2026.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "jf. Københavns Kommunes styrelsesvedtægt § 12, stk. 5",
            [("københavns kommunes styrelsesvedtægt", "12", "5", None)],
        ),
        (
            "jf. § 20 i styrelsesvedtægten for Aarhus Kommune",
            [("aarhus kommunes styrelsesvedtægt", "20", None, None)],
        ),
        (
            "efter § 12 i vedtægten for Borgerrådgiveren",
            [("vedtægt for borgerrådgiveren", "12", None, None)],
        ),
        ("efter § 44, stk. 2-7, i serviceloven", [("serviceloven", "44", "2-7", None)]),
        (
            "LBK nr. 989 af 27/08/2024",
            [("lbk nr. 989 af 27/08/2024", None, None, "eli/lta/2024/989")],
        ),
        (
            "I Henhold til Lov № 322 af 24 Juli 1942 om kommunal Beskjæftigelsesudvalg skulde",
            [("lov om kommunal beskjæftigelsesudvalg", None, None, "eli/lta/1942/322")],
        ),
        (
            "Bekendtgørelse nr. 1007 af 20. august 2010 om arkiveringsversioner ophæves.",
            [("bekendtgørelse om arkiveringsversioner", None, None, "eli/lta/2010/1007")],
        ),
        (
            "i Henhold til Snekastningslovens §§ 6 og 9 Stk. 2.",
            [("snekastningsloven", "6", None, None), ("snekastningsloven", "9", "2", None)],
        ),
        (
            "artikel 28, stk. 3, i forordning 2016/679",
            [("databeskyttelsesforordningen", "28", "3", None)],
        ),
        (
            "(jf. Databeskyttelsesforordningens artikel 9)",
            [("databeskyttelsesforordningen", "9", None, None)],
        ),
        ("i en artikel 3 gange om serviceloven", [("serviceloven", None, None, None)]),
    ],
)
def test_municipal_statutes_ranges_articles_and_old_print(text: str, expected: list[Row]) -> None:
    assert refs(text) == expected


def test_a_statutes_own_section_headings_are_no_references_and_own_its_bare_sections() -> None:
    pages = [
        "I medfør af byplanloven fastsættes følgende bestemmelser for det i § 1 nævnte område. "
        "§ 1. Byplanvedtægtens område. Området vises på kortet. "
        "§ 2. Områdets anvendelse. Området forbeholdes offentlige formål, jf. § 1.",
    ]
    context = document_context(pages, "Partiel byplanvedtægt nr. 12 for et område ved stationen")
    assert context.own == "byplanvedtægt nr. 12"
    found = [(r.law, r.section) for r in find_law_references(pages[0], 1, context)]
    assert found == [
        ("byplanloven", None),
        ("byplanvedtægt nr. 12", "1"),
        ("byplanvedtægt nr. 12", "1"),
    ]


def test_a_guide_to_an_order_keeps_the_orders_sections_with_the_order() -> None:
    text = (
        "oprettet i henhold til arkivlovens § 7. § 2 Bevaring af data skal ske i form af "
        "arkiveringsversioner. Data afleveres som defineret i § 3, stk. 2, og efter "
        "bekendtgørelsens § 4."
    )
    context = document_context([text], "Vejledning til bekendtgørelse om arkiveringsversioner")
    found = [(r.law, r.section, r.subsection) for r in find_law_references(text, 1, context)]
    assert found == [
        ("arkivloven", "7", None),
        ("bekendtgørelse om arkiveringsversioner", "3", "2"),
        ("bekendtgørelse om arkiveringsversioner", "4", None),
    ]
