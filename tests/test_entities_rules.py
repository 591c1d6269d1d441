"""Gazetteer, general name patterns, dates, addresses, district boxes and the pipeline."""

from __future__ import annotations

from munidocs.extractors.entities.base import read_csv
from munidocs.extractors.entities.dates import find_dates
from munidocs.extractors.entities.districts import find_districts
from munidocs.extractors.entities.extract import extract_entities
from munidocs.extractors.entities.nlp import get_nlp
from munidocs.extractors.reading.text import normalize_text
from munidocs.models import EntityRecords, Page


def run(*raw_pages: str) -> EntityRecords:
    pages = []
    for i, raw in enumerate(raw_pages, 1):
        text = normalize_text(raw)
        pages.append(Page("d", i, text, len(text), False, 595.0, 842.0))
    return extract_entities("d", pages)


def ents(recs: EntityRecords, label: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.normalized) for e in recs.entities if e.label == label]


def test_gazetteer_has_all_municipalities_and_regions() -> None:
    rows = read_csv("gazetteer.csv")
    assert sum(r["kind"] == "kommune" for r in rows) == 98
    assert sum(r["kind"] == "region" for r in rows) == 5
    assert all(r["source"] for r in rows)


def test_abbreviation_genitive_and_hyphenation_give_the_canonical_name() -> None:
    recs = run(
        "Sagen er sendt til BIF. Beskæftigelses- og Inte-\ngrationsforvaltningen svarer, "
        "og Beskæftigelses- og Integrationsforvaltningens direktør skriver til SOU."
    )
    assert ents(recs, "ORG") == [
        ("BIF", "Beskæftigelses- og Integrationsforvaltningen"),
        (
            "Beskæftigelses- og Integrationsforvaltningen",
            "Beskæftigelses- og Integrationsforvaltningen",
        ),
        (
            "Beskæftigelses- og Integrationsforvaltningens",
            "Beskæftigelses- og Integrationsforvaltningen",
        ),
        ("SOU", "Socialudvalget"),
    ]


def test_generic_bodies_are_not_organisations() -> None:
    recs = run(
        "Kommunen har modtaget sagen. Forvaltningen og direktionen vurderer, at styrelsen "
        "og ministeriet bør høres."
    )
    assert ents(recs, "ORG") == []


def test_styrelser_ministries_and_regions() -> None:
    recs = run("Ankestyrelsen, Social- og Boligministeriet og Region Hovedstaden er hørt.")
    assert [n for _, n in ents(recs, "ORG")] == [
        "Ankestyrelsen",
        "Social- og Boligministeriet",
        "Region Hovedstaden",
    ]


def test_organisations_from_general_patterns() -> None:
    recs = run(
        "Projektet drives af foreningen Nørrebro Netværk i samarbejde med Dansk "
        "Flygtningehjælp. Evalueringen er lavet af Nordic Research, og Tryg-Fonden har "
        "støttet det. Partnere som Red Kors, Bydelsmødrene og KBH Sport deltager."
    )
    assert {n for _, n in ents(recs, "ORG")} == {
        "Nørrebro Netværk",
        "Dansk Flygtningehjælp",
        "Nordic Research",
        "Tryg-Fonden",
        "Red Kors",
        "Bydelsmødrene",
        "KBH Sport",
    }


def test_events_named_like_organisations_are_not_organisations() -> None:
    recs = run("Brugerne deltager hvert år i Winter Pride Week og i Aarhus Pride Festival.")
    assert ents(recs, "ORG") == []


def test_people_from_greeting_and_signature() -> None:
    recs = run(
        "Kære Hans Hansen og Mette Frederiksen\nTak for jeres brev.\n"
        "Med venlig hilsen\nSøren Kierkegaard-Olsen\nKontorchef"
    )
    assert [n for _, n in ents(recs, "PER")] == [
        "Hans Hansen",
        "Mette Frederiksen",
        "Søren Kierkegaard-Olsen",
    ]


def test_a_name_found_once_is_tagged_everywhere() -> None:
    recs = run("Støtte til organisationen Grøn Fremtid.", "Grøn Fremtids medlemmer mødes.")
    assert [(e.page, e.text, e.normalized) for e in recs.entities if e.label == "ORG"] == [
        (1, "Grøn Fremtid", "Grøn Fremtid"),
        (2, "Grøn Fremtids", "Grøn Fremtid"),
    ]


def test_jobcenter_needs_a_clear_municipality() -> None:
    assert ents(run("Jobcentret har behandlet sagen."), "ORG") == []
    recs = run("Aarhus Kommune oplyser, at jobcentret har behandlet sagen.")
    assert ents(recs, "ORG")[-1] == ("jobcentret", "Jobcenter Aarhus")


def test_law_entities_and_rows_through_the_pipeline() -> None:
    recs = run("Borgeren får hjælp efter servicelovens §§ 83 og 85 og serviceloven i øvrigt.")
    assert ents(recs, "LAW") == [
        ("servicelovens §§ 83 og 85", "serviceloven"),
        ("serviceloven", "serviceloven"),
    ]
    assert [(r.text, r.section) for r in recs.law_references] == [
        ("servicelovens §§ 83 og 85", "83"),
        ("servicelovens §§ 83 og 85", "85"),
        ("serviceloven", None),
    ]


def test_danish_dates_to_iso() -> None:
    text = "Brev af 13. august 2021 om praksis siden juni 2017, jf. mødet 01.02.2020."
    assert [(h.text, h.normalized) for h in find_dates(text)] == [
        ("13. august 2021", "2021-08-13"),
        ("juni 2017", "2017-06"),
        ("01.02.2020", "2020-02-01"),
    ]


def test_addresses_need_a_postcode() -> None:
    recs = run("Mødet holdes på H.C. Andersens Boulevard 27, 1553 København V. Vej 3 er lukket.")
    assert ents(recs, "ADDRESS") == [
        (
            "H.C. Andersens Boulevard 27, 1553 København V",
            "H.C. Andersens Boulevard 27, 1553 København V",
        )
    ]


def test_ticked_district_boxes() -> None:
    boxes = find_districts("Bydele Bydækkende: ☐ Valby ☑ Amager Øst ☐ Nørrebro [x] Adresse")
    assert [h.text for h in boxes.ticked] == ["Valby", "Nørrebro"]
    assert find_districts("Ingen bokse her.").region is None


def test_unticked_district_labels_are_not_entities() -> None:
    recs = run("Bydele Bydækkende: ☐ Valby ☐ Amager Øst ☒ Nørrebro ☐")
    assert recs.districts == ["Amager Øst"]
    assert ents(recs, "LOC") == [("Amager Øst", "Amager Øst")]


def test_pipeline_is_built_once_and_batches() -> None:
    nlp = get_nlp()
    assert get_nlp() is nlp
    assert {"gazetteer", "gazetteer_exact"} <= set(nlp.pipe_names)
    docs = list(nlp.pipe(["Ankestyrelsen svarer.", "BIU mødes."], batch_size=2))
    assert [[e.ent_id_ for e in d.ents] for d in docs] == [
        ["Ankestyrelsen"],
        ["Beskæftigelses- og Integrationsudvalget"],
    ]


LETTER = """Socialforvaltningen
Center for Udsatte Voksne

Kære Jens Peter Madsen

Tak for din henvendelse af 3. februar 2024 om bostøtte efter servicelovens § 85.
Socialforvaltningen har modtaget 1.245 ansøgninger i 2023, og klager behandles af
Ankestyrelsen. Projektet gennemføres i samarbejde med Kirkens Korshær og Mændenes Hjem.
Forældrenes Landsforening (FOLA) støtter det, og FOLA deltager i styregruppen.
Kontakt os på tlf. 33 66 33 66 eller Bernstorffsgade 17, 1592 København V.

Med venlig hilsen

Mette Kirstine Holm
Kontorchef
"""


def test_a_letter_not_seen_before() -> None:
    recs = run(LETTER)
    assert {n for _, n in ents(recs, "ORG")} == {
        "Socialforvaltningen",
        "Center for Udsatte Voksne",
        "Ankestyrelsen",
        "Kirkens Korshær",
        "Mændenes Hjem",
        "Forældrenes Landsforening",
    }
    assert ("FOLA", "Forældrenes Landsforening") in ents(recs, "ORG")
    assert {n for _, n in ents(recs, "PER")} == {"Jens Peter Madsen", "Mette Kirstine Holm"}
    assert [(f.text, f.value, f.unit) for f in recs.figures] == [
        ("1.245 ansøgninger", 1245.0, "count"),
        ("2023", 2023.0, "year"),
    ]


def test_first_names_after_kaere_and_a_longer_name_beats_a_city() -> None:
    recs = run(
        "Kære Lise og Ahmad Tak for jeres brev. Jobcenter København og Aarhus Kommune svarer."
    )
    assert ents(recs, "PER") == [("Lise", "Lise"), ("Ahmad", "Ahmad")]
    assert ents(recs, "ORG") == [
        ("Jobcenter København", "Jobcenter København"),
        ("Aarhus Kommune", "Aarhus Kommune"),
    ]
    assert ents(recs, "LOC") == []


def test_people_after_titles() -> None:
    recs = run(
        "Socialborgmester Karina Vestergård Madsen og specialkonsulent Ole Bach Nielsen "
        "deltog. Fællesskabs- og frivilligchef. Værestedet har åbent."
    )
    assert [n for _, n in ents(recs, "PER")] == ["Karina Vestergård Madsen", "Ole Bach Nielsen"]


def test_places_from_the_gazetteer_only_as_printed() -> None:
    recs = run("Familien kom fra Syrien og bor nu på Nørrebro i Aarhus, ikke på fyn.")
    assert ents(recs, "LOC") == [
        ("Syrien", "Syrien"),
        ("Nørrebro", "Nørrebro"),
        ("Aarhus", "Aarhus"),
    ]
