"""SQL views in `municipal.duckdb` for the questions researchers ask first.

Each view answers one common question across every document of an output folder, in DuckDB's
SQL (the one definition: the web view's SQLite copy stores each view's rows as a table of the
same name, so both give the same answer). The views name the columns they use, so a column
added to a dataset later does not break them; `failed_checks` passes every column of `checks`
through (`c.*`), so columns a later version adds to checks (pages, record ids) appear in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class View:
    """One view: its name, what it answers (for the README, the web view and `SHOW`), its SQL."""

    name: str
    title: str
    description: str
    sql: str


_DOC = "d.file_name, d.title, d.reference, d.doc_date"
"""The columns that tell a reader which document a row comes from."""

VIEWS: tuple[View, ...] = (
    View(
        "appropriation_amounts",
        "Amounts per appropriation and item per year, across documents",
        "One row per appropriation (committee + bevilling), control area, item, year and "
        "document: the amount in kroner the document gives (non-total rows of its budget "
        "tables added up), the pages, how many documents give an amount for the same "
        "appropriation, item and year, and whether they differ.",
        f"""
        WITH lines AS (
            SELECT doc_id, committee, appropriation, control_area, item, year,
                   sum(amount_dkk) AS amount_dkk,
                   list(DISTINCT page ORDER BY page) AS pages
            FROM budget_lines
            WHERE NOT is_total
            GROUP BY doc_id, committee, appropriation, control_area, item, year
        )
        SELECT l.committee, l.appropriation, l.control_area, l.item, l.year, l.amount_dkk,
               count(*) OVER same AS n_documents,
               min(l.amount_dkk) OVER same <> max(l.amount_dkk) OVER same AS documents_differ,
               {_DOC}, l.pages, l.doc_id
        FROM lines l JOIN documents d ON d.doc_id = l.doc_id
        WINDOW same AS (PARTITION BY l.committee, l.appropriation, l.control_area, l.item, l.year)
        ORDER BY l.committee NULLS LAST, l.appropriation NULLS LAST, l.item, l.year,
                 d.doc_date NULLS LAST, d.file_name
        """,
    ),
    View(
        "law_reference_documents",
        "Every law reference with its documents and pages",
        "One row per law, paragraph (§), subsection (stk.) and document: the ELI identifier "
        "where the text gives one, the pages, how often the document cites it, and how many "
        "documents cite it.",
        f"""
        WITH refs AS (
            SELECT law, section, subsection, doc_id, max(eli) AS eli, count(*) AS mentions,
                   list(DISTINCT page ORDER BY page) AS pages
            FROM law_references
            GROUP BY law, section, subsection, doc_id
        )
        SELECT r.law, r.section, r.subsection, r.eli,
               count(*) OVER (PARTITION BY r.law, r.section, r.subsection) AS n_documents,
               {_DOC}, r.pages, r.mentions, r.doc_id
        FROM refs r JOIN documents d ON d.doc_id = r.doc_id
        ORDER BY r.law, length(r.section) NULLS FIRST, r.section, length(r.subsection) NULLS FIRST,
                 r.subsection, d.doc_date NULLS LAST, d.file_name
        """,
    ),
    View(
        "failed_checks",
        "Failed checks with their pages and records",
        "Every check that did not pass (fail or warn), with its document, the pages its message "
        "names (named_pages), and the budget lines on those pages whose amount is one of the "
        "two numbers compared (matching_lines).",
        f"""
        WITH failed AS (
            SELECT c.*,
                   list_sort(list_distinct(CAST(
                       regexp_extract_all(c.message, '(?i)\\bpages? (\\d+)', 1) AS INTEGER[]
                   ))) AS named_pages
            FROM checks c
            WHERE c.status <> 'pass'
        )
        SELECT {_DOC}, f.* EXCLUDE (doc_id),
               (SELECT list({{'page': b.page, 'table': b."table", 'item': b.item,
                             'year': b.year, 'amount': b.amount, 'unit': b.unit,
                             'amount_dkk': b.amount_dkk, 'is_total': b.is_total}}
                            ORDER BY b.page, b."table", b.is_total, b.item, b.year)
                FROM budget_lines b
                WHERE b.doc_id = f.doc_id AND list_contains(f.named_pages, b.page)
                  AND (b.amount IN (f.expected, f.actual)
                       OR b.amount_dkk IN (f.expected, f.actual))) AS matching_lines,
               f.doc_id
        FROM failed f LEFT JOIN documents d ON d.doc_id = f.doc_id
        ORDER BY f.status, d.file_name NULLS LAST, f."check"
        """,
    ),
    View(
        "organisation_documents",
        "Organisations with the documents naming them",
        "One row per organisation (its canonical name) and document that names it: the pages, "
        "how often, and how many documents name it; most widely named first.",
        f"""
        WITH orgs AS (
            SELECT coalesce(normalized, text) AS organisation, doc_id, count(*) AS mentions,
                   list(DISTINCT page ORDER BY page) AS pages
            FROM entities
            WHERE label = 'ORG'
            GROUP BY coalesce(normalized, text), doc_id
        )
        SELECT o.organisation, count(*) OVER (PARTITION BY o.organisation) AS n_documents,
               {_DOC}, o.pages, o.mentions, o.doc_id
        FROM orgs o JOIN documents d ON d.doc_id = o.doc_id
        ORDER BY n_documents DESC, o.organisation, d.doc_date NULLS LAST, d.file_name
        """,
    ),
)
"""Every view `municipal.duckdb` holds, in the order the README documents them."""


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create every view (with its description as a comment) in a database being written."""
    for view in VIEWS:
        con.execute(f'CREATE VIEW "{view.name}" AS {view.sql}')
        comment = view.description.replace("'", "''")
        con.execute(f"COMMENT ON VIEW \"{view.name}\" IS '{comment}'")
