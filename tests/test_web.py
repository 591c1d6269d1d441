"""`munidocs serve`: the SQLite copy, and Datasette's JSON API over it as a program uses it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import httpx
import psutil
import pytest
import sqlite_utils
from conftest import BIN, free_port

from munidocs.browse import sqlite_copy
from munidocs.browse.datasette_meta import QUERIES
from munidocs.extractors.output.views import VIEWS
from munidocs.models import DATASETS

LETTER_TITLE = "Kære Astrid Aller og Laura Rosenvinge"


@pytest.fixture
def outputs(corpus_run: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus run's outputs (state folder included) to change freely."""
    out = tmp_path / "out"
    shutil.copytree(corpus_run, out, ignore=shutil.ignore_patterns("web", "*.lock"))
    return out


def test_the_copy_has_every_dataset_view_key_and_search_index(outputs: Path) -> None:
    path, made = sqlite_copy.ensure_copy(outputs)
    assert made and path == outputs / ".munidocs" / "web" / "municipal.sqlite"
    db = sqlite_utils.Database(path)
    names = set(db.table_names())
    assert set(DATASETS) | {v.name for v in VIEWS} <= names
    assert db["documents"].pks == ["doc_id"] and db["pages"].pks == ["doc_id", "page"]
    assert [fk.other_table for fk in db["budget_lines"].foreign_keys] == ["documents"]
    assert {t: db[t].detect_fts() for t in sqlite_copy.FTS_COLUMNS} == {
        t: f"{t}_fts" for t in sqlite_copy.FTS_COLUMNS
    }
    hits = db.execute(
        "select p.page, d.title from pages_fts f join pages p on p.rowid = f.rowid "
        "join documents d on d.doc_id = p.doc_id where pages_fts match 'Ankestyrelsen'"
    ).fetchall()
    assert hits == [(2, LETTER_TITLE)]
    assert db.execute("select count(*), sum(amount_dkk) from budget_lines").fetchone() == (14, 7800000.0)  # fmt: skip
    [(districts,)] = db.execute(
        "select districts from documents where reference = 'BI35'"
    ).fetchall()
    assert json.loads(districts) == ["Indre by"]  # lists as JSON
    [(pages,)] = db.execute("select pages from organisation_documents where organisation = 'Ankestyrelsen'").fetchall()  # fmt: skip
    assert json.loads(pages) == [2, 3]
    assert not list(path.parent.glob("*.part"))


def test_the_copy_is_made_again_only_when_the_outputs_change(outputs: Path) -> None:
    path, made = sqlite_copy.ensure_copy(outputs)
    inode = path.stat().st_ino
    again, made_again = sqlite_copy.ensure_copy(outputs)
    assert (made, made_again) == (True, False) and again.stat().st_ino == inode

    published = outputs / ".munidocs" / "published.json"
    record = json.loads(published.read_text())
    published.write_text(json.dumps({**record, "fingerprint": "a new publication"}))
    _, made_now = sqlite_copy.ensure_copy(outputs)
    assert made_now and path.stat().st_ino != inode


def test_serve_answers_the_json_api(web_server: str) -> None:
    base = f"{web_server}/municipal"
    found = httpx.get(f"{base}/pages.json?_search=Ankestyrelsen&_shape=objects&_labels=on").json()
    assert [(r["page"], r["doc_id"]["label"]) for r in found["rows"]] == [(2, LETTER_TITLE)]

    lines = httpx.get(f"{base}/budget_lines.json?amount=650&_shape=array&_sort=rowid").json()
    assert len(lines) == 12 and {r["amount_dkk"] for r in lines} == {650000.0}

    entities = httpx.get(f"{base}/entities.json?_search=Udlændingestyrelsen&_shape=array").json()
    assert sorted((e["label"], e["page"], e["text"]) for e in entities) == [
        (
            "LAW",
            3,
            "bekendtgørelsen om boligplacering af flygtninge, § 12, stk. 1",
        ),  # same sentence
        ("ORG", 3, "Udlændingestyrelsen"),
    ]

    items = httpx.get(f"{base}/budget_lines.json?_search=værested&_shape=array").json()
    assert len(items) == 7

    canned = httpx.get(f"{base}/amounts_per_committee_and_year.json?_shape=array").json()
    assert canned == [
        {"committee": None, "year": 2026, "amount_dkk": 650000.0, "lines": 1},
        {"committee": None, "year": 2027, "amount_dkk": 650000.0, "lines": 1},
        {"committee": None, "year": 2028, "amount_dkk": 650000.0, "lines": 1},
        {"committee": None, "year": 2029, "amount_dkk": 0.0, "lines": 1},
        {"committee": "BIU", "year": 2026, "amount_dkk": 650000.0, "lines": 1},
        {"committee": "BIU", "year": 2027, "amount_dkk": 650000.0, "lines": 1},
        {"committee": "BIU", "year": 2028, "amount_dkk": 650000.0, "lines": 1},
    ]
    law = httpx.get(f"{base}/documents_citing_a_law.json?law=boligplacering&_shape=array").json()
    assert [(r["law"], r["section"], r["pages"]) for r in law] == [
        ("bekendtgørelse om boligplacering af flygtninge", "12", "[3]")
    ]
    for name in QUERIES:
        assert httpx.get(f"{base}/{name}.json").status_code == 200, name


def test_facets_and_metadata_come_from_the_contract(web_server: str) -> None:
    base = f"{web_server}/municipal"
    docs = httpx.get(f"{base}/documents.json?_extra=facet_results").json()
    facets = docs["facet_results"]
    assert {v["value"]: v["count"] for v in facets["doc_type"]["results"]} == {
        "budget_note": 1, "correspondence": 1,
    }  # fmt: skip
    assert {v["value"] for v in facets["status"]["results"]} == {"ok"}
    lines = httpx.get(f"{base}/budget_lines.json").json()
    assert set(lines["facet_results"]) == {"committee", "year", "control_area", "direction"}
    metadata = httpx.get(f"{web_server}/-/metadata.json").json()
    table = metadata["databases"]["municipal"]["tables"]["budget_lines"]
    assert table["columns"]["amount_dkk"] == "Amount in Danish kroner [DKK]"
    assert table["columns"]["direction"] == "expense (U) or income (I) (one of: expense, income)"
    assert table["description"].startswith("One row per amount in a budget table")


def test_pages_link_to_their_picture_and_files_to_the_pdf(web_server: str) -> None:
    html = httpx.get(f"{web_server}/municipal/pages?_search=Ankestyrelsen").text
    doc_id = "b5f106d919c390459278eab483d472f72b91bccf23c029cc2c6e5f082513761c"
    link = f'<a href="/-/munidocs/page/{doc_id}/2.png" title="page picture">2</a>'
    assert link in html
    picture = httpx.get(f"{web_server}/-/munidocs/page/{doc_id}/2.png")
    assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert httpx.get(f"{web_server}/-/munidocs/page/{doc_id}/9.png").status_code == 404
    pdf = httpx.get(f"{web_server}/-/munidocs/pdf/{doc_id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_the_web_view_is_read_only(web_server: str) -> None:
    base = f"{web_server}/municipal"
    refused = httpx.get(f"{base}.json", params={"sql": "delete from documents"})
    assert refused.status_code == 400 and "Statement must be a SELECT" in refused.text
    write = httpx.post(f"{base}/documents/-/insert", json={"row": {"doc_id": "x"}})
    assert write.status_code == 404  # no write API
    count = httpx.get(f"{base}.json", params={"sql": "select count(*) as n from documents", "_shape": "array"})  # fmt: skip
    assert count.json() == [{"n": 2}]


def test_serve_listens_on_loopback_only(web_server: str) -> None:
    port = int(web_server.rsplit(":", 1)[1])
    listening = [
        c.laddr.ip
        for c in psutil.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port
    ]
    assert listening == ["127.0.0.1"]


def test_a_taken_port_is_a_clear_error(corpus_run: Path) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = subprocess.run(
            [str(BIN / "munidocs"), "serve", "--out", str(corpus_run), "--port", str(port)],
            capture_output=True, text=True, timeout=60, env=os.environ.copy(),
        )  # fmt: skip
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
