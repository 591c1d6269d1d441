"""The data package: keys, enums and descriptions from the contract, valid on real-shaped input,
and checked before publishing so that an invalid file is never published."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import fields, replace
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pytest
from conftest import CORPUS_PDFS
from pdfs import scanned_pdf

import munidocs
from munidocs.extractors.entities.extract import ENTITY_LABELS
from munidocs.extractors.output.datasets import descriptor, output_files, write_datasets
from munidocs.extractors.output.tables import to_table
from munidocs.extractors.output.validate import InvalidDatasets, Validator, validate_package
from munidocs.models import DATASETS, BudgetLine, Document, Entity, Page, table_schema
from munidocs.models.schemas import description, foreign_keys, primary_key

DOC = "a" * 64


def frictionless(descriptor_path: Path) -> dict[str, object]:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "--json", str(descriptor_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return dict(json.loads(result.stdout))


def document(doc_id: str = DOC, **changes: object) -> Document:
    doc = Document(
        doc_id, "notat.pdf", "notat.pdf", "budget_note", "Notat", None, None, 1, False, "ok",
        None, None, "0.2.0", datetime(2026, 1, 2, tzinfo=UTC), 100,
    )  # fmt: skip
    return replace(doc, **changes)  # type: ignore[arg-type]


def line(doc_id: str = DOC, **changes: object) -> BudgetLine:
    row = BudgetLine(
        doc_id, 1, 1, "Tabel 1", "Drift", "BIU", "35.10", "Service", "expense", 2026, 650.0,
        "1.000 kr.", 650000.0, "2026 p/l", False, (1.0, 2.0, 3.0, 4.0),
    )  # fmt: skip
    return replace(row, **changes)  # type: ignore[arg-type]


def tables(**records: list[object]) -> dict[str, object]:
    return {name: to_table(name, records.get(name, [])) for name in DATASETS}


def test_keys_enums_and_descriptions_come_from_the_record_classes() -> None:
    assert primary_key("documents") == ["doc_id"]
    assert primary_key("pages") == ["doc_id", "page"]
    assert primary_key("comparisons") == ["key_kind", "key", "doc_id"]
    assert primary_key("budget_lines") == []
    for name in DATASETS:
        expected = (
            []
            if name in ("documents", "runs")  # runs: one row per run, no document
            else [{"fields": "doc_id", "reference": {"resource": "documents", "fields": "doc_id"}}]
        )
        assert foreign_keys(name) == expected
    schema = {f["name"]: f for f in table_schema("documents")["fields"]}
    assert schema["doc_type"]["constraints"] == {
        "required": True,
        "enum": ["budget_note", "correspondence", "minutes", "agenda_item", "memo", "report",
                 "other"],
    }  # fmt: skip
    assert schema["status"]["constraints"]["enum"] == ["ok", "partial", "failed"]
    lines = {f["name"]: f for f in table_schema("budget_lines")["fields"]}
    assert lines["direction"]["constraints"] == {"enum": ["expense", "income"]}
    assert lines["amount_dkk"]["description"] == "Amount in Danish kroner [DKK]"
    [label] = [f for f in fields(Entity) if f.name == "label"]
    assert list(label.metadata["enum"]) == list(ENTITY_LABELS)  # one list, the extractor's
    assert description("pages") == "One row per page read: the page's normalised text and size."
    for name in DATASETS:
        assert description(name) and not description(name).startswith(DATASETS[name].__name__)


def test_the_descriptor_has_keys_and_no_class_reprs(corpus_run: Path) -> None:
    package = json.loads((corpus_run / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert resources["pages"]["schema"]["primaryKey"] == ["doc_id", "page"]
    assert resources["pages"]["title"] == "Pages"
    assert resources["checks"]["schema"]["foreignKeys"] == foreign_keys("checks")
    assert resources["budget_lines"]["description"].startswith(
        "One row per amount in a budget table"
    )
    assert not [r for r in package["resources"] if "(" in r["description"].split(" ")[0]]


def test_a_scanned_page_a_failed_and_a_partial_document_make_a_valid_package(
    prefect_server: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    scanned_pdf(folder / "scannet.pdf")
    shutil.copy(CORPUS_PDFS / "svar-vedr-overtagelse-af-integrationsansvar.pdf", folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (folder / "notat.pdf").write_text("<html>404</html>", encoding="utf-8")
    out = tmp_path / "out"
    no_ocr = munidocs.Settings().with_overrides({"ocr.enabled": False})  # a scan left unread
    munidocs.run(folder, out=out, settings=no_ocr)

    statuses = munidocs.query("select status, count(*) from documents group by 1 order by 1", out)
    assert statuses[0].rows == [("failed", 2), ("ok", 1), ("partial", 1)]
    empty = munidocs.query("select count(*) from pages where text = ''", out)[0].rows
    assert empty == [(1,)]  # the scanned page: no text layer, an empty cell in the CSV
    report = frictionless(out / "datapackage.json")
    assert report["valid"] is True, json.dumps(report)[-3000:]


def test_a_row_that_breaks_the_schema_is_never_published(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_datasets(out, tables(documents=[document()], budget_lines=[line()]))
    before = {name: (out / name).read_bytes() for name in output_files()}

    bad = tables(documents=[document(doc_type="leaflet")], budget_lines=[line(), line()])
    with pytest.raises(InvalidDatasets) as caught:
        write_datasets(out, bad)
    message = str(caught.value)
    assert message.startswith("the datasets break the data contract, nothing was published: ")
    assert "documents, row 2, column doc_type" in message and '"leaflet"' in message
    assert {name: (out / name).read_bytes() for name in output_files()} == before
    assert not list(out.glob(".writing-*"))
    assert len(list((out / ".munidocs" / "versions").iterdir())) == 1  # the refused one is gone


@pytest.mark.parametrize(
    ("records", "found"),
    [
        ({"budget_lines": [line("b" * 64)]}, "budget_lines, row 2: "),  # no such document
        ({"documents": [document(), document()]}, "documents, row 3: "),  # doc_id twice
        ({"pages": [Page(DOC, 1, "", 0, False, 1.0, 1.0)] * 2}, "pages, row 3: "),  # key twice
        ({"budget_lines": [line(direction="udgift")]}, "column direction"),
        ({"entities": [Entity(DOC, 1, "THING", "x", None, 0, 1, "x")]}, "column label"),
    ],
)
def test_each_kind_of_violation_is_named(
    tmp_path: Path, records: dict[str, list[object]], found: str
) -> None:
    records.setdefault("documents", [document()])
    with pytest.raises(InvalidDatasets, match=found.replace("(", r"\(")):
        write_datasets(tmp_path / "out", tables(**records))
    assert not (tmp_path / "out" / "datapackage.json").exists()


def test_validation_can_be_turned_off_for_huge_folders(tmp_path: Path) -> None:
    bad = tables(documents=[document(doc_type="leaflet")])
    write_datasets(tmp_path / "out", bad, validate=False)
    assert munidocs.Settings().output.validate is True
    assert json.loads((tmp_path / "out" / "datapackage.json").read_text())["resources"]


def test_descriptor_rows_follow_the_datasets() -> None:
    package = descriptor({name: 0 for name in DATASETS})
    assert [r["name"] for r in package["resources"]] == list(DATASETS)


def test_a_validating_process_that_dies_publishes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_datasets(out, tables(documents=[document()], budget_lines=[line()]))
    before = {name: (out / name).read_bytes() for name in output_files()}

    def kill_validator(version: Path) -> None:  # what runs while frictionless reads
        [proc] = [p for p in psutil.Process().children() if _validating(p)]
        proc.kill()

    with pytest.raises(InvalidDatasets, match="the validating process ended without a verdict"):
        write_datasets(out, tables(documents=[document()]), alongside=kill_validator)
    assert {name: (out / name).read_bytes() for name in output_files()} == before
    assert len(list((out / ".munidocs" / "versions").iterdir())) == 1


def test_the_validating_process_names_problems_as_frictionless_in_process_does(
    tmp_path: Path,
) -> None:
    bad = tables(documents=[document(doc_type="leaflet")], budget_lines=[line(), line()])
    write_datasets(tmp_path / "out", bad, validate=False)
    package = tmp_path / "out" / "datapackage.json"
    with pytest.raises(InvalidDatasets) as here:
        validate_package(package)
    with Validator() as validator, pytest.raises(InvalidDatasets) as there:
        validator.ask(package)
        validator.answer()
    assert str(there.value) == str(here.value) and "column doc_type" in str(here.value)


def _validating(proc: psutil.Process) -> bool:
    return "frictionless_process" in " ".join(proc.cmdline())


def test_asking_a_validating_process_that_is_gone_gives_no_verdict(tmp_path: Path) -> None:
    with Validator() as validator:
        validator._process.kill()
        validator._process.wait(10)
        validator.ask(tmp_path / "datapackage.json")  # the pipe is broken: answer says so
        with pytest.raises(InvalidDatasets, match=r"ended without a verdict \(exit code -9\)"):
            validator.answer()
