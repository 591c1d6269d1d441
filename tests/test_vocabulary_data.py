"""The vocabulary data files and their loaders: every entry says where it comes from.

Head words of organisation names, the bodies every municipality has and the template profiles
decide what counts as a name or a budget note in documents nobody has seen, so each row must
carry a source, and the loaders must refuse one without.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from munidocs.extractors.entities import base
from munidocs.extractors.entities.bodies import (
    document_city,
    find_bodies,
    municipal_bodies,
)
from munidocs.extractors.entities.names import ORG_SUFFIXES, org_words
from munidocs.extractors.reading import profiles as profiles_module
from munidocs.extractors.reading.profiles import budget_heading_cues, heading_words, profiles
from munidocs.extractors.resources import data_path

SOURCED_CSVS = ("org_words.csv", "municipal_bodies.csv", "gazetteer.csv")


def _raw_rows(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.mark.parametrize("name", SOURCED_CSVS)
def test_every_csv_row_has_a_source(name: str) -> None:
    rows = _raw_rows(name)
    assert rows
    assert [r for r in rows if not (r.get("source") or "").strip()] == []


def test_every_profile_heading_has_a_source() -> None:
    paths = sorted(data_path("profiles").glob("*.toml"))
    assert [p.name for p in paths] == ["copenhagen.toml"]
    for path in paths:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["source"].strip()
        assert data["heading"]
        assert all(h["source"].strip() and h["spellings"] for h in data["heading"])


def test_org_words_by_position() -> None:
    words = org_words()
    assert {"research", "fonden", "fondet", "forbund", "a/s"} <= words.last
    # the seed-only words are gone
    assert not {"pride", "idræt", "revision"} & words.last
    assert words.first == frozenset(
        {
            "center",
            "centret",
            "institut",
            "fonden",
            "foreningen",
            "rådet",
            "selskabet",
            "jobcenter",
            "styrelsen",
            "udvalget",
        }
    )
    assert words.events == frozenset({"week", "festival", "dag", "dage", "konference", "prisen"})
    assert ORG_SUFFIXES[:2] == ("organisationer", "forvaltningen")  # longest first
    assert list(ORG_SUFFIXES) == sorted(ORG_SUFFIXES, key=lambda s: (-len(s), s))


def test_a_vocabulary_row_without_a_source_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "words.csv").write_text(
        "# comment\nword,position,source\nfonden,last,Den Danske Ordbog\npride,last,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(base, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="row 2 has no source"):
        base.read_sourced_csv("words.csv")


def test_municipal_bodies_table() -> None:
    bodies = municipal_bodies()
    assert [(b.forms, b.name) for b in bodies] == [
        (("jobcentret", "jobcenteret", "jobcentrets", "jobcenterets"), "Jobcenter {city}"),
        (
            (
                "borgerservicecentret",
                "borgerservicecenteret",
                "borgerservicecentrets",
                "borgerservicecenterets",
            ),
            "Borgerservice {city}",
        ),
    ]


def test_definite_forms_are_named_for_the_city() -> None:
    hits = find_bodies(
        "Jobcentret og borgerservicecentrets skranke; ikke Jobcenter Nord.", "Odense"
    )
    assert [(h.text, h.normalized, h.source) for h in hits] == [
        ("Jobcentret", "Jobcenter Odense", "context"),
        ("borgerservicecentrets", "Borgerservice Odense", "context"),
    ]


@pytest.mark.parametrize(
    ("municipalities", "bodies", "city"),
    [
        (["Aarhus"], ["København", "København"], "Aarhus"),
        ([], ["København"], "København"),
        (["Aarhus", "Odense"], [], None),
        (["Aarhus", "København"], ["København"], "København"),
        ([], ["København", "Aarhus"], None),
        ([], [], None),
    ],
)
def test_document_city(municipalities: list[str], bodies: list[str], city: str | None) -> None:
    assert document_city(municipalities, bodies) == city


def test_copenhagen_profile() -> None:
    [kk] = profiles()
    assert (kk.name, kk.municipality) == ("copenhagen", "Københavns Kommune")
    assert {h.template for h in kk.headings} == {"budgetnotat", "indstilling"}
    assert [h.spellings for h in kk.headings if h.budget_cue] == [
        ("Resume", "Resumé"),
        ("Beslutning",),
        ("Økonomi",),
        ("Forventet effekt og opfølgning",),
        ("Risikovurdering og proces",),
        ("Tidligere afsatte midler",),
    ]
    assert {"Bydele", "Administrativt", "Problemstilling", "Løsning"} <= heading_words()


def test_profile_headings_match_as_lines_of_their_own() -> None:
    cues = budget_heading_cues()
    text = "Indhold\n  RESUMÉ \nRisikovurdering  og proces\nØkonomien er god"
    assert [c.pattern for c in cues if c.search(text)] == [cues[0].pattern, cues[4].pattern]


def test_a_profile_heading_without_a_source_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "x.toml").write_text(
        'municipality = "X Kommune"\nsource = "x.dk"\n[[heading]]\nspellings = ["Resume"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(profiles_module, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    profiles_module.profiles.cache_clear()
    try:
        with pytest.raises(ValueError, match="needs spellings and a source"):
            profiles_module.profiles()
    finally:
        profiles_module.profiles.cache_clear()
