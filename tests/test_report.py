"""report.html: written by every run that publishes, self-contained, and read in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import Browser, missing

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def test_a_run_writes_the_report_with_the_failed_seed_check_first(corpus_run: Path) -> None:
    report = (corpus_run / "report.html").read_text(encoding="utf-8")
    failed = report.index('<h2 id="failed">Failed checks (1)</h2>')
    card = report.index('<div class="check fail"', failed)
    assert card < report.index('<h2 id="documents">')
    message = re.sub(r"<[^>]+>", "", report[card : report.index("</div>", card + 30)])
    assert "Page 1 says 0,6 mio. kr. a year in 2026-2028" in message
    assert "650 (1.000 kr.) = 650.000 kr." in message
    assert "a difference of 50.000 kr. a year" in message
    # both numbers, and a picture of each of the check's pages, embedded
    assert "650.000 kr." in report and "600.000 kr." in report
    assert report.count('src="data:image/png;base64,') == 3
    for page in ("page 1", "page 2", "page 4"):
        assert f"BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf, {page}</figcaption>" in report


def test_the_report_is_self_contained(corpus_run: Path) -> None:
    report = (corpus_run / "report.html").read_text(encoding="utf-8")
    assert "<script" not in report
    assert not re.search(r"""(?:src|href)=(?!["']?(?:data:|#))""", report)


def test_the_report_lists_documents_tables_and_comparisons(corpus_run: Path) -> None:
    text = re.sub(r"<[^>]+>", " ", (corpus_run / "report.html").read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", text)
    assert "Documents (2)" in text and "Tables found (2)" in text
    assert "Tabel 2. Udgifter til service 4 2 2026-2028 1.000 kr." in text
    assert "svar-vedr-overtagelse-af-integrationsansvar.pdf b5f106d919c3 correspondence" in text
    for key in (
        "LGBT Asylum",
        "Beskæftigelses- og Integrationsforvaltningen",
        "Københavns Kommune",
    ):
        assert f"organisation {key} " in text


@pytest.mark.skipif(missing() is not None, reason=str(missing()))
def test_the_report_opens_in_chromium_without_console_errors(corpus_run: Path) -> None:
    with Browser(1280, 1600) as browser:
        driver = browser.driver
        driver.get((corpus_run / "report.html").resolve().as_uri())
        assert driver.title == f"munidocs report: {corpus_run.name}"
        card = driver.find_element("css selector", "#failed + .check.fail")
        assert card.is_displayed()
        assert "0,6 mio. kr." in card.text and "650.000 kr." in card.text
        # the failed check is on the first screen, above the documents
        assert card.location["y"] < driver.get_window_size()["height"]
        images = driver.find_elements("css selector", ".check.fail img")
        assert len(images) == 3
        assert all(
            driver.execute_script("return arguments[0].naturalWidth", i) > 500 for i in images
        )
        assert browser.console_errors() == []
        shot = browser.screenshot(ARTIFACTS / "report-seed.png")
    assert shot.stat().st_size > 50_000


def test_a_run_that_changes_nothing_keeps_the_report_and_a_lost_one_comes_back(
    prefect_server: str, corpus_run: Path, tmp_path: Path
) -> None:
    import shutil

    import munidocs

    out = tmp_path / "out"
    shutil.copytree(corpus_run, out)
    report = out / "report.html"
    before = report.stat().st_mtime_ns
    assert munidocs.run(out=out).written is False
    assert report.stat().st_mtime_ns == before
    report.unlink()
    assert munidocs.run(out=out).written is True
    assert "Failed checks (1)" in report.read_text(encoding="utf-8")


def test_past_the_card_limit_checks_are_counted_with_the_query_that_lists_them(
    corpus_run: Path,
) -> None:
    """A corpus of many similar notes gave 36,000 cross-document warnings: one card each made a
    report no one reads, built in seconds per run. Cards stop at `report_max_check_cards`."""
    from munidocs.extractors.output.report import build_report

    report = build_report(corpus_run, max_pictures=0, max_cards=0)
    failed = report.index('<h2 id="failed">Failed checks (1)</h2>')
    assert '<div class="check fail"' not in report
    more = report.index("… and 1 more, not shown here", failed)
    assert (
        "<code>munidocs query &quot;select * from checks where status = 'fail'&quot;</code>"
        in (report[more : more + 200])
    )


def test_the_report_reads_the_boxes_of_the_pages_it_draws_only(corpus_run: Path) -> None:
    """A 1,000-page note's boxes of every page held 160 MiB while its report was written."""
    import pyarrow.parquet as pq

    from munidocs.extractors.output.evidence import boxes_by_page, page_boxes

    [doc] = set(pq.read_table(corpus_run / "budget_lines.parquet").column("doc_id").to_pylist())
    places = [(doc, 1), (doc, 4)]
    found = boxes_by_page(corpus_run, places)
    assert set(found) == set(places)  # not the note's other pages
    for place in places:
        assert found[place] == page_boxes(corpus_run, *place) != []


@pytest.mark.parametrize("band", [(100.3, 260.7), (0.0, 50.0), (-30.0, 2000.0), (700.0, 900.0)])
def test_a_pictures_band_is_drawn_alone_as_the_whole_page_draws_it(
    band: tuple[float, float],
) -> None:
    """The report draws only the band of a page its card shows: the same rows of pixels as
    the whole page's picture (an edge row's anti-aliasing may differ by a pixel or two)."""
    from PIL import ImageChops

    from munidocs.extractors.output.pictures import band_rows, render_page

    for pdf in sorted((Path(__file__).resolve().parents[1] / "corpus" / "pdfs").glob("*.pdf")):
        whole, offset = render_page(pdf, 1, 1.3)
        part, part_offset = render_page(pdf, 1, 1.3, band)
        first, end = band_rows((band[0] - offset[1], band[1] - offset[1]), 1.3, whole.height)
        assert part.size == (whole.width, end - first)
        assert part_offset == (offset[0], offset[1] + first / 1.3)
        diff = ImageChops.difference(whole.crop((0, first, whole.width, end)), part).convert("L")
        changed = sum(diff.point(lambda v: 255 if v else 0).histogram()[255:])
        assert changed <= part.width * part.height // 1000
