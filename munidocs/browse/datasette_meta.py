"""Datasette's metadata for an output folder, read from the data contract.

Titles and descriptions of the datasets come from the record classes' docstrings, column
descriptions (with units) from their field metadata, the views' titles and descriptions from
`extractors/output/views.py`; facets are the columns a reader narrows by (document type,
status, committee, year, check); the canned queries are the views with an optional filter,
and the aggregate the benchmark measures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.output.views import VIEWS
from munidocs.extractors.settings import PROJECT_URL
from munidocs.models import DATASETS, column_specs
from munidocs.models.schemas import description

DATABASE = "municipal"
"""The database's name in the web view (from the SQLite file's name)."""

FACETS: dict[str, list[Any]] = {
    "documents": ["doc_type", "status", {"array": "districts"}],
    "budget_lines": ["committee", "year", "control_area", "direction"],
    "entities": ["label"],
    "law_references": ["law"],
    "figures": ["unit"],
    "checks": ["check", "status"],
    "comparisons": ["key_kind"],
    "appropriation_amounts": ["committee", "year"],
    "law_reference_documents": ["law"],
    "failed_checks": ["check", "status"],
}
"""Facets shown on each table's page."""

QUERIES: dict[str, dict[str, str]] = {
    "amounts_per_committee_and_year": {
        "title": "Amounts per committee and year",
        "description": "The sum of amount_dkk of every budget line that is not a total, per "
        "committee (udvalg) and year, across all documents.",
        "sql": "select committee, year, sum(amount_dkk) as amount_dkk, count(*) as lines\n"
        "from budget_lines\nwhere not is_total\ngroup by committee, year\n"
        "order by committee, year",
    },
    "amounts_per_appropriation": {
        "view": "appropriation_amounts",
        "sql": "select * from appropriation_amounts\n"
        "where :appropriation = '' or appropriation = :appropriation\n"
        "   or committee || ' ' || appropriation = :appropriation",
    },
    "documents_citing_a_law": {
        "view": "law_reference_documents",
        "sql": "select * from law_reference_documents\n"
        "where :law = '' or law like '%' || :law || '%'",
    },
    "checks_that_failed": {"view": "failed_checks", "sql": "select * from failed_checks"},
    "documents_naming_an_organisation": {
        "view": "organisation_documents",
        "sql": "select * from organisation_documents\n"
        "where :organisation = '' or organisation like '%' || :organisation || '%'",
    },
}
"""Canned queries: each view (filter left empty: every row) and the committee/year aggregate.

Named apart from the tables: in Datasette a canned query hides a table of the same name."""


def _columns(dataset: str) -> dict[str, str]:
    out = {}
    for spec in column_specs(DATASETS[dataset]):
        text = str(spec["description"])
        if spec["unit"]:
            text += f" [{spec['unit']}]"
        if spec["enum"]:
            text += f" (one of: {', '.join(spec['enum'])})"
        out[spec["name"]] = text
    return out


def tables() -> dict[str, dict[str, Any]]:
    """Per table: title, description, column descriptions, facets, sort order."""
    out: dict[str, dict[str, Any]] = {}
    for name in DATASETS:
        meta: dict[str, Any] = {
            "title": name.replace("_", " ").capitalize(),
            "description": description(name),
            "columns": _columns(name),
        }
        if name in FACETS:
            meta["facets"] = FACETS[name]
        if name == "documents":
            meta["label_column"] = "title"
        out[name] = meta
    for view in VIEWS:
        meta = {"title": view.title, "description": view.description}
        if view.name in FACETS:
            meta["facets"] = FACETS[view.name]
        out[view.name] = meta
    return out


def queries() -> dict[str, dict[str, str]]:
    """The canned queries, titled and described like the views they query."""
    views = {v.name: v for v in VIEWS}
    out = {}
    for name, query in QUERIES.items():
        view = views.get(query.get("view", ""))
        out[name] = {
            "title": query.get("title") or (view.title if view else name),
            "description": query.get("description") or (view.description if view else ""),
            "sql": query["sql"],
        }
    return out


def metadata(out_dir: Path) -> dict[str, Any]:
    """Datasette's metadata (titles, descriptions, facets, canned queries) for `out_dir`."""
    return {
        "title": f"munidocs: {out_dir.resolve().name}",
        "description": (
            "Datasets extracted from municipal PDFs by munidocs: documents, page text, budget "
            "lines, entities, law references, figures and consistency checks, with the page "
            "each record came from. Search the text, filter and facet the tables, or run SQL."
        ),
        "source": f"munidocs {PIPELINE_VERSION}",
        "source_url": PROJECT_URL,
        "about": "Data contract",
        "about_url": f"{PROJECT_URL}/blob/main/docs/data-contract.md",
        "databases": {
            DATABASE: {
                "title": "Datasets",
                "description": (
                    "Every dataset of the output folder and the views for the common "
                    "questions; the source of each document is in documents.source."
                ),
                "tables": tables(),
                "queries": queries(),
            }
        },
        "plugins": {"munidocs": {"out_dir": str(out_dir.resolve())}},
    }
