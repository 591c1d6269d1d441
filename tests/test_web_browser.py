"""The web view in a real headless Chromium, as a researcher uses it: search, filter, a canned
query, a facet and a page picture, with no console errors. Screenshots are kept as artifacts
(in the test's tmp dir, and in $MUNIDOCS_ARTIFACTS when set)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, keep, missing

# Skipped on a machine without Chromium, but never in CI (`CI` set): there it must run.
pytestmark = pytest.mark.skipif(
    missing() is not None and not os.environ.get("CI"), reason=str(missing())
)

LETTER_TITLE = "Kære Astrid Aller og Laura Rosenvinge"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as session:
        yield session


def test_full_text_search_finds_the_letters_page(
    browser: Browser, web_server: str, tmp_path: Path
) -> None:
    browser.open(f"{web_server}/municipal/pages")
    browser.fill("input#_search", "Ankestyrelsen")
    browser.click("form.filters input[type=submit]")
    text = browser.text()
    assert '1 row where search matches "Ankestyrelsen"' in text
    row = browser.run("return document.querySelector('table.rows-and-columns tbody tr').innerText")
    assert LETTER_TITLE in row
    page_link = browser.run(
        "return document.querySelector('td.col-page a[title=\"page picture\"]').textContent"
    )
    assert page_link == "2"
    keep(browser.screenshot(tmp_path / "web-search.png"))

    browser.click("td.col-page a")  # the page picture
    size = browser.wait_for("const i = document.querySelector('img'); return i && i.complete && [i.naturalWidth, i.naturalHeight]")  # fmt: skip
    assert size == [893, 1263]  # A4 at 1.5 pixels per point
    assert browser.console_errors() == []


def test_budget_lines_filtered_to_650_show_the_rows(
    browser: Browser, web_server: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.open(f"{web_server}/municipal/budget_lines")
    driver = browser.driver
    Select(driver.find_element(By.NAME, "_filter_column")).select_by_visible_text("amount")
    Select(driver.find_element(By.NAME, "_filter_op")).select_by_value("exact")
    browser.fill("input[name=_filter_value]", "650")
    browser.click("form.filters input[type=submit]")
    assert "12 rows where amount = 650" in browser.text()
    items = browser.run(
        "return [...document.querySelectorAll('td.col-item')].map(td => td.textContent.trim())"
    )
    assert sorted(set(items)) == [
        "Drift af værested under LGBT Asylum", "Serviceudgifter i alt", "Udgifter i alt (netto)",
    ]  # fmt: skip
    facets = browser.run(
        "return [...document.querySelectorAll('.facet-info')].map(f => f.getAttribute('data-column'))"
    )
    assert sorted(facets) == ["committee", "control_area", "direction", "year"]
    keep(browser.screenshot(tmp_path / "web-budget-lines-650.png"))
    assert browser.console_errors() == []


def test_a_canned_query_runs_with_its_parameter(
    browser: Browser, web_server: str, tmp_path: Path
) -> None:
    browser.open(f"{web_server}/municipal")
    browser.click("a[href='/municipal/documents_citing_a_law']")
    assert "Every law reference with its documents and pages" in browser.text()
    browser.fill("input[name=law]", "integrationsloven")
    browser.click("form.sql input[type=submit][value='Run SQL']")
    laws = browser.run(
        "return [...document.querySelectorAll('td.col-law')].map(td => td.textContent.trim())"
    )
    assert laws == ["integrationsloven", "integrationsloven"]
    keep(browser.screenshot(tmp_path / "web-canned-query.png"))
    assert browser.console_errors() == []


def test_documents_facet_on_type_and_status(
    browser: Browser, web_server: str, tmp_path: Path
) -> None:
    browser.open(f"{web_server}/municipal/documents")
    text = browser.text()
    for facet in ("doc_type", "status", "budget_note 1", "correspondence 1", "ok 2"):
        assert facet in text, facet
    keep(browser.screenshot(tmp_path / "web-documents.png"))
    assert browser.console_errors() == []
