"""cross_document: the same item with different amounts in two documents; a figure quoted in a
letter against another document's table. Computed over all documents when publishing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from notes import budget_note, letter

import munidocs
from munidocs.extractors.checks.cross_document import cross_document_checks
from munidocs.extractors.output.tables import to_table
from munidocs.extractors.settings import CheckSettings, Settings, SettingsError
from munidocs.models import Check, DocumentRecords

NOTE_TEXT = [
    "Der skal træffes beslutning om at afsætte 1,2 mio. kr. årligt i 2026-2028 til drift af natvarmestue.",
    "Der afsættes desuden 0,4 mio. kr. årligt til husleje.",
]
ROWS = [("Drift af natvarmestue", [800, 800, 800]), ("Husleje til natvarmestue", [400, 400, 400])]


def cross(records: list[DocumentRecords], settings: CheckSettings | None = None) -> list[Check]:
    def read(name: str, columns: list[str]) -> Iterable[pa.Table]:
        def tables() -> Iterator[pa.Table]:
            for r in records:
                yield to_table(name, r.datasets()[name]).select(columns)

        return tables()

    return cross_document_checks(read, settings)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cross")
    budget_note(
        d / "note-a.pdf", "BI40 Natvarmestue", NOTE_TEXT, ROWS, appropriation=("SOU", "50.20")
    )
    budget_note(
        d / "note-b.pdf", "BI41 Natvarmestue, revideret", ["Forvaltningen foreslår at videreføre."],
        [("Drift af natvarmestue", [900, 800, 800])], appropriation=("SOU", "50.20"),
    )  # fmt: skip
    letter(
        d / "brev.pdf",
        ["Kommunen giver 0,9 mio. kr. årligt i 2026-2028 til drift af natvarmestuen."],
    )
    budget_note(
        d / "note-c.pdf", "BI42 Andet", ["Intet."], [("Drift af natvarmestue", [800, 800, 800])]
    )
    return d


def test_the_same_item_with_another_amount_fails(folder: Path) -> None:
    a, b = munidocs.process_pdf(folder / "note-a.pdf"), munidocs.process_pdf(folder / "note-b.pdf")
    [check] = cross([a, b])
    assert (check.check, check.status, check.doc_id) == ("cross_document", "fail", None)
    assert (check.expected, check.actual, check.unit) == (800000.0, 900000.0, "kr.")
    assert check.doc_ids == [a.document.doc_id, b.document.doc_id] and check.pages == [1, 1]
    assert check.message == (
        "Same item 'Drift af natvarmestue', different amounts: note-a.pdf (Tabel 1, page 1) and "
        "note-b.pdf (Tabel 1, page 1) disagree for 1 of 3 years (2026: 800.000 kr. against "
        "900.000 kr.)."
    )
    # 'Husleje til natvarmestue' is not 'Drift af natvarmestue': each row meets its best match
    assert len(check.record_ids) == 6 and check.record_id.startswith("x-cross_document-")


def test_the_same_amounts_pass(folder: Path) -> None:
    a, c = munidocs.process_pdf(folder / "note-a.pdf"), munidocs.process_pdf(folder / "note-c.pdf")
    [check] = cross([a, c])
    assert (check.status, check.expected, check.actual) == ("pass", 800000.0, 800000.0)


def test_a_figure_quoted_in_a_letter_against_another_documents_table(folder: Path) -> None:
    a, brev = munidocs.process_pdf(folder / "note-a.pdf"), munidocs.process_pdf(folder / "brev.pdf")
    [check] = cross([a, brev])
    assert (check.status, check.expected, check.actual) == ("fail", 800000.0, 900000.0)
    assert check.message == (
        "brev.pdf page 1 says 0,9 mio. kr. for 'Drift af natvarmestue' (2026-2028), but note-a.pdf "
        "(Tabel 1, page 1) has 800 (1.000 kr.) = 800.000 kr. a year in 2026-2028, which would be "
        "0,8 mio. kr., not 0,9: a difference of 100.000 kr. a year (the table is lower)."
    )
    assert check.doc_ids == [a.document.doc_id, brev.document.doc_id]
    assert check.record_ids[0] == next(
        f.record_id for f in brev.figures if f.text == "0,9 mio. kr."
    )


def test_a_note_quoting_its_own_table_is_not_compared_with_others(folder: Path) -> None:
    a, b = munidocs.process_pdf(folder / "note-a.pdf"), munidocs.process_pdf(folder / "note-b.pdf")
    assert [c for c in cross([a, b]) if "says" in c.message] == []


def test_a_run_publishes_cross_document_checks(
    prefect_server: str, folder: Path, tmp_path: Path
) -> None:
    munidocs.run([folder / "note-a.pdf", folder / "note-b.pdf"], out=tmp_path)
    checks = munidocs.open_outputs(tmp_path).checks
    cross_rows = checks[checks["check"] == "cross_document"]
    assert cross_rows[["status", "expected", "actual"]].values.tolist() == [
        ["fail", 800000.0, 900000.0]
    ]
    assert cross_rows["doc_id"].isna().all()
    assert "note-a.pdf (Tabel 1, page 1) and note-b.pdf" in (tmp_path / "report.html").read_text()


def test_a_quote_is_held_only_against_the_row_it_names_best(tmp_path: Path) -> None:
    """The letter names every word of one note's row; another note's row shares two of its
    three words ("drift", "værested") and must not be compared (a false failure)."""
    asyl = budget_note(
        tmp_path / "asyl.pdf", "BI35 Værested", ["Der søges om midler."],
        [("Drift af værested under LGBT Asylum", [650, 650, 650])],
    )  # fmt: skip
    unge = budget_note(
        tmp_path / "unge.pdf", "BI36 Unge", ["Der søges om midler."],
        [("Drift af værested for unge", [1100, 1100, 1100])],
    )  # fmt: skip
    brev = letter(
        tmp_path / "brev.pdf",
        [
            "Der er afsat 0,8 mio. kr. årligt i 2026-2028 til driften af værestedet under LGBT Asylum."
        ],
    )
    records = [munidocs.process_pdf(p) for p in (asyl, unge, brev)]
    quotes = [c for c in cross(records) if "says" in c.message]
    assert [(c.status, c.expected, c.actual, c.doc_ids) for c in quotes] == [
        ("fail", 650000.0, 800000.0, [records[0].document.doc_id, records[2].document.doc_id])
    ]


OWN_ROWS = [
    "Drift af natvarmestue", "Tilskud til klubhuset", "Mentorer for nyankomne",
    "Rengøring af skolegårde", "Vikarer i daginstitutioner",
]  # fmt: skip


def _rent_notes(folder: Path, n: int) -> list[DocumentRecords]:
    """n unrelated notes that each have a "Husleje" row, with different amounts, and a row of
    their own."""
    folder.mkdir(exist_ok=True)
    return [
        munidocs.process_pdf(
            budget_note(
                folder / f"note-{k}.pdf",
                f"BI{50 + k} Projekt {k}",
                ["Der søges om midler."],
                [("Husleje", [100 * (k + 1)] * 3), (OWN_ROWS[k], [500] * 3)],
            )
        )
        for k in range(n)
    ]


def test_a_heading_many_documents_have_is_not_one_item(tmp_path: Path) -> None:
    """Three unrelated notes with a "Husleje" row: with at most 3 documents per item they are
    compared pair by pair (3 checks); with at most 2 the heading is generic and gives none."""
    records = _rent_notes(tmp_path, 3)
    rent = [
        c
        for c in cross(records, CheckSettings(cross_label_max_documents=3))
        if "Husleje" in c.message
    ]
    assert [(c.status, c.expected, c.actual) for c in rent] == [
        ("fail", 100000.0, 200000.0), ("fail", 100000.0, 300000.0), ("fail", 200000.0, 300000.0),
    ]  # fmt: skip
    assert cross(records, CheckSettings(cross_label_max_documents=2)) == []


def test_a_quote_of_a_heading_many_documents_have_is_held_against_none(tmp_path: Path) -> None:
    records = _rent_notes(tmp_path, 2)
    brev = letter(
        tmp_path / "brev.pdf", ["Der afsættes 0,4 mio. kr. årligt i 2026-2028 til husleje."]
    )
    records.append(munidocs.process_pdf(brev))
    quotes = [
        c for c in cross(records, CheckSettings(cross_label_max_documents=3)) if "says" in c.message
    ]
    assert sorted((c.status, c.expected) for c in quotes) == [
        ("fail", 100000.0),
        ("fail", 200000.0),
    ]
    assert [
        c for c in cross(records, CheckSettings(cross_label_max_documents=2)) if "says" in c.message
    ] == []


def test_a_generic_heading_does_not_hide_the_specific_rows_beside_it(tmp_path: Path) -> None:
    """A sixth document restating one note's own row is compared with it, though the
    "Husleje" rows beside it are generic (five notes: the first "Husleje" row found in more
    than two other documents settles the others without comparing them)."""
    records = _rent_notes(tmp_path, 5)
    again = budget_note(
        tmp_path / "again.pdf", "BI60 Projekt 1, revideret", ["Der søges om midler."],
        [("Tilskud til klubhuset", [600] * 3)],
    )  # fmt: skip
    records.append(munidocs.process_pdf(again))
    checks = cross(records, CheckSettings(cross_label_max_documents=2))
    assert [(c.status, c.expected, c.actual) for c in checks] == [("fail", 500000.0, 600000.0)]


def test_fewer_than_two_documents_per_item_is_refused() -> None:
    with pytest.raises(SettingsError, match="cross_label_max_documents must be at least 2"):
        Settings().with_overrides({"checks.cross_label_max_documents": "1"})


def test_a_changed_check_setting_publishes_again(prefect_server: str, tmp_path: Path) -> None:
    """Nothing is extracted again, but the datasets are rebuilt with the new rule."""
    _rent_notes(tmp_path / "pdfs", 3)
    out = tmp_path / "out"
    three = Settings().with_overrides({"checks.cross_label_max_documents": "3"})
    munidocs.run(tmp_path / "pdfs", out=out, settings=three)
    checks = munidocs.open_outputs(out).checks
    assert (checks["check"] == "cross_document").sum() == 3
    two = Settings().with_overrides({"checks.cross_label_max_documents": "2"})
    summary = munidocs.run(tmp_path / "pdfs", out=out, settings=two)
    assert (summary.new, summary.written) == (0, True)
    checks = munidocs.open_outputs(out).checks
    assert (checks["check"] == "cross_document").sum() == 0
