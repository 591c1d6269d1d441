"""Law references: every citation form, normalised to (law, section, subsection, eli)."""

from __future__ import annotations

import pytest

from munidocs.extractors.entities.laws import LawContext, find_law_references, law_table

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
