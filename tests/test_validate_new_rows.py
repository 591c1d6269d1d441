"""Publishing validates with frictionless only the rows of documents not validated before, and
checks the keys that span old and new documents over every row with DuckDB."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS_PDFS
from test_datapackage import DOC, document, frictionless, line, tables

import munidocs
from munidocs.extractors.output import validate
from munidocs.extractors.output.datasets import write_datasets
from munidocs.extractors.output.validate import InvalidDatasets
from munidocs.models import Page

OTHER = "b" * 64


def test_only_the_new_documents_rows_are_validated_again(
    prefect_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, int]] = []  # the rows of each package frictionless was asked about
    real = validate.Validator.ask

    def spy(self: validate.Validator, path: Path) -> None:
        package = json.loads(path.read_text(encoding="utf-8"))
        seen.append({r["name"]: r["rows"] for r in package["resources"]})
        real(self, path)

    monkeypatch.setattr(validate.Validator, "ask", spy)
    folder = tmp_path / "in"
    folder.mkdir()
    notes = sorted(CORPUS_PDFS.glob("svar-*.pdf")) + sorted(CORPUS_PDFS.glob("BI*.pdf"))
    shutil.copy(notes[0], folder)
    out = tmp_path / "out"
    munidocs.run(folder, out=out)  # the first publication validates every row
    record = json.loads((out / ".munidocs" / "published.json").read_text())
    assert len(record["validated"]) == 1 and len(seen) == 1
    first = munidocs.open_outputs(out)
    assert seen.pop() == {name: len(first[name]) for name in first.datasets}

    shutil.copy(notes[1], folder)
    munidocs.run(folder, out=out)
    [rows] = seen
    data = munidocs.open_outputs(out)
    docs = data.documents
    new_id = docs.loc[docs["file_name"] == notes[1].name, "doc_id"].item()
    for name in ("pages", "budget_lines", "entities", "figures"):
        table = getattr(data, name)
        assert rows[name] == (table["doc_id"] == new_id).sum() > 0, name  # not the first one's
    assert rows["documents"] == 2  # every document: what the foreign keys point at
    record = json.loads((out / ".munidocs" / "published.json").read_text())
    assert len(record["validated"]) == 2
    assert frictionless(out / "datapackage.json")["valid"] is True


def test_a_key_repeated_across_old_and_new_documents_is_refused(tmp_path: Path) -> None:
    twice = [Page(DOC, 1, "", 0, False, 1.0, 1.0)] * 2  # rows of a document validated before
    bad = tables(documents=[document(), document(OTHER)], pages=twice)
    with pytest.raises(InvalidDatasets, match=r"pages: 1 values of the primary key"):
        write_datasets(tmp_path / "out", bad, fresh={OTHER})
    assert not (tmp_path / "out" / "datapackage.json").exists()


def test_a_row_of_an_old_document_naming_no_document_is_refused(tmp_path: Path) -> None:
    bad = tables(documents=[document()], budget_lines=[line("c" * 64)])
    with pytest.raises(InvalidDatasets, match=r"budget_lines: 1 rows name a doc_id not in"):
        write_datasets(tmp_path / "out", bad, fresh=set())


def test_a_new_documents_row_is_validated_by_frictionless(tmp_path: Path) -> None:
    bad = tables(documents=[document(), document(OTHER)], budget_lines=[line(OTHER, direction="x")])
    with pytest.raises(InvalidDatasets, match="budget_lines, row 2, column direction"):
        write_datasets(tmp_path / "out", bad, fresh={OTHER})
    # the same row of a document validated before is not read again: only the keys are checked
    write_datasets(tmp_path / "out", bad, fresh={DOC})
    assert (tmp_path / "out" / "datapackage.json").exists()
