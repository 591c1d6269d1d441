"""Organisations of any municipality by general mechanisms (issue 14): standard bodies,
"X- og Y-udvalget", "Center for ..." with commas inside, institutions named by a suffix,
companies by their legal form, a place's council."""

from __future__ import annotations

import pytest

from munidocs.extractors.entities.extract import extract_entities
from munidocs.models import Page


def orgs(text: str) -> list[str]:
    page = Page("d", 1, text, len(text), False, 595.0, 842.0)
    return [e.text for e in extract_entities("d", [page]).entities if e.label == "ORG"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sagen blev sendt til Kommunalbestyrelsen i går.", "Kommunalbestyrelsen"),
        ("Forslaget godkendes af byrådet på næste møde.", "byrådet"),
        (
            "Sagen behandles i Sundheds- og Forebyggelsesudvalget i maj.",
            "Sundheds- og Forebyggelsesudvalget",
        ),
        (
            "Notatet er skrevet af Center for Social, Sundhed og Beskæftigelse i foråret.",
            "Center for Social, Sundhed og Beskæftigelse",
        ),
        (
            "Arbejdsoplægget går til Udvalget for Plan, Udvikling og Kultur.",
            "Udvalget for Plan, Udvikling og Kultur",
        ),
        ("Eleverne fra Vejlefjordskolen deltog.", "Vejlefjordskolen"),
        ("Lokalerne lejes af Rønde Bibliotek hele året.", "Rønde Bibliotek"),
        ("Kontrakten med Danish Crown A/S er forlænget.", "Danish Crown A/S"),
        (
            "Påtaleret har alene Ballerup-Måløv kommunalbestyrelse.",
            "Ballerup-Måløv kommunalbestyrelse",
        ),
    ],
)
def test_general_organisation_names(text: str, name: str) -> None:
    assert name in orgs(text)
