"""Document kinds and titles of any municipality's documents, from general cues.

Agenda items, minutes, memos and reports have kinds of their own; letters, e-mails and
decision letters stay correspondence. The title is the document's subject: an agenda item's
without its number, a memo's or e-mail's subject rather than "Notat" or the salutation, a
wrapped title whole, never a page stamp or garbled text.
"""

from __future__ import annotations

import pytest

from munidocs.extractors.reading.classify import PrintedLine, classify, document_type
from munidocs.extractors.reading.furniture import Furniture


def lines(*specs: tuple[str, float] | tuple[str, float, bool]) -> list[PrintedLine]:
    out, top = [], 60.0
    for spec in specs:
        text, size = spec[0], spec[1]
        bold = spec[2] if len(spec) > 2 else False
        out.append(PrintedLine(text=text, size=size, bold=bool(bold), top=top))
        top += size * 1.4
    return out


AGENDA = """2. Bygningsvedligeholdelse 2013 - fordeling af puljen
Sagsnr.: 13/4567
Sagsfremstilling
Forvaltningen har udarbejdet en plan for vedligeholdelse af kommunens bygninger.
Indstilling
Forvaltningen indstiller, at Økonomiudvalget godkender fordelingen.
Beslutning Økonomiudvalget den 12. marts 2013
Godkendt."""

MINUTES = """Referat
Sundheds- og Forebyggelsesudvalget
Mødedato: 4. maj 2023
Fraværende: Jens Hansen
1. Godkendelse af dagsorden
Godkendt.
2. Status på sundhedsindsatsen
Beslutning: Taget til efterretning."""

MEMO = """NOTAT
Til: Økonomiudvalget
Fra: Center for Økonomi
Dato: 3. februar 2024
Emne: Status på anlægsprojekter 2024
Dette notat giver en status på kommunens anlægsprojekter."""

EMAIL = """Anna Hansen
Fra: Anna Hansen
Sendt: 29. april 2021 11:08
Til: Peter Jensen
Emne: SV: Pris på licens til pdf-værktøj
Hej Peter
Kan du skrive et lille notat?
Mvh
Anna"""

DECISION = """Aarhus Kommune
Afgørelse om tilskud til fodpleje
Du har søgt om tilskud til fodpleje. Vi har truffet afgørelse om, at du får tilskud.
Klagevejledning
Du kan klage over afgørelsen inden fire uger.
Med venlig hilsen
Borgerservice"""

REPORT = """Evaluering af indsatsen mod ensomhed
Indholdsfortegnelse
1. Indledning ........................ 3
2. Metode ........................... 5
1. Indledning
Denne rapport evaluerer indsatsen.
2. Metode"""

CONTRACT = """Databehandleraftale
mellem Aalborg Kommune og KMD A/S
Indhold
1. Præambel .......................... 3
Parterne har indgået følgende aftale.
Bilag A Underskrift"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (AGENDA, "agenda_item"),
        (MINUTES, "minutes"),
        (MEMO, "memo"),
        (EMAIL, "correspondence"),
        (DECISION, "correspondence"),
        (REPORT, "report"),
        (CONTRACT, "other"),
        ("Elev Sogneraad afholdt i Dag Møde hvor følgende behandledes.\nDet vedtoges.", "minutes"),
    ],
)
def test_kind_from_general_cues(text: str, kind: str) -> None:
    assert document_type(text) == kind


def test_agenda_item_title_loses_its_number() -> None:
    first = lines((AGENDA.splitlines()[0], 14, True), *[(t, 10) for t in AGENDA.splitlines()[1:]])
    result = classify(first, AGENDA)
    assert result.doc_type == "agenda_item"
    assert result.title == "Bygningsvedligeholdelse 2013 - fordeling af puljen"


def test_memo_title_is_its_subject_not_notat() -> None:
    first = lines(("NOTAT", 16, True), *[(t, 10) for t in MEMO.splitlines()[1:]])
    result = classify(first, MEMO)
    assert result.doc_type == "memo"
    assert result.title == "Status på anlægsprojekter 2024"


def test_email_title_is_its_subject_without_reply_marks() -> None:
    first = lines(("Anna Hansen", 12, True), *[(t, 10) for t in EMAIL.splitlines()[1:]])
    assert classify(first, EMAIL).title == "Pris på licens til pdf-værktøj"


def test_a_wrapped_title_is_whole() -> None:
    first = lines(
        ("Dokumentationsrapport – Data til", 20, True),
        ("DK2020 og SkadesØkonomi-", 20, True),
        ("værktøjet", 20, True),
        ("Forfattere", 9),
        ("Morten Storgaard", 9),
    )
    title = classify(first, "Dokumentationsrapport\nIndhold\n2. Introduktion").title
    # the line-end hyphen is undone where the word goes on, as everywhere in the contract
    assert title == "Dokumentationsrapport – Data til DK2020 og SkadesØkonomiværktøjet"


def test_a_page_stamp_is_never_the_title() -> None:
    first = lines(
        ("1 of 11", 9),
        ("KULTURKOMMUNE 2017 - Arbejdsoplæg", 10, True),
        ("Indledning", 10, True),
        ("I 2009 formulerede Byrådet en politik for kultur.", 10),
    )
    furniture = Furniture(lines={1: ["1 of 11"]})
    result = classify(first, "Indledning\nBilag 1\nnærværende dokument", furniture)
    assert result.title == "KULTURKOMMUNE 2017 - Arbejdsoplæg"


def test_garbled_text_is_no_title() -> None:
    text = "In E d r l f æ ak s t u fa ra kt u > r 6 a . Nej f F o o d r p e le"
    assert classify(lines((text, 9)), text).title is None


def test_a_title_from_the_running_footer_when_the_cover_is_an_image() -> None:
    furniture = Furniture(
        lines={
            2: ["Rigsarkivet → Vejledning til bekendtgørelse om arkiveringsversioner Side 2 af 9"],
            3: ["Rigsarkivet → Vejledning til bekendtgørelse om arkiveringsversioner Side 3 af 9"],
        }
    )
    result = classify(lines(("www.sa.dk", 11)), "www.sa.dk\nIndledning", furniture)
    assert result.title == "Vejledning til bekendtgørelse om arkiveringsversioner"
