"""munidocs verify and munidocs show, on the embedded corpus, as a user runs them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import munidocs_cli
from PIL import Image

import munidocs
from munidocs.extractors.output.verify import NotAFigure, _sentence_at, parse_query

NOTE = "BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf"
LETTER = "svar-vedr-overtagelse-af-integrationsansvar.pdf"


@pytest.mark.parametrize(
    ("text", "kind", "value", "half"),
    [
        ("650000", "number", 650000, 0),
        ("650.000 kr.", "money", 650000, 0),
        ("0,65 mio. kr.", "money", 650000, 5000),
        ("0,6 mio. kr.", "money", 600000, 50000),
        ("650 t.kr.", "money", 650000, 500),
        ("2,7 mia.", "money", 2700000000, 50000000),
    ],
)
def test_a_figure_is_read_with_the_lexicon(text: str, kind: str, value: int, half: int) -> None:
    q = parse_query(text)
    assert (q.kind, q.value, q.half_step) == (kind, value, half)


def test_the_query_is_described_as_a_reader_would_say_it() -> None:
    assert parse_query("0,6 mio. kr.").describe() == (
        "600.000 kr., i.e. 550.000-649.999 kr. at the precision stated"
    )
    assert parse_query("5297,96 kr.").describe() == "5.297,96 kr."  # exact to the øre: no span
    assert (
        parse_query("2024").describe() == "the number 2024 (in kroner, or as printed in any unit)"
    )


def test_a_hit_shows_the_sentence_that_holds_it() -> None:
    text = (
        "Beslutning • Der afsættes 481 kr. Afgørelserne i de 481 sager fordeler sig således: "
        "- 299 godkendelser. - 182 afslag. Baggrund følger."
    )
    second = text.index("481 sager")
    assert _sentence_at(text, second, second + 3) == (
        "Afgørelserne i de 481 sager fordeler sig således: - 299 godkendelser. - 182 afslag."
    )
    assert _sentence_at(text, 25, 28) == "Der afsættes 481 kr."
    long = "Ord " * 200 + "her står 481 kr. " + "ord " * 200
    window = _sentence_at(long, long.index("481"), long.index("481") + 3)
    assert "481 kr." in window and window.startswith("…") and window.endswith("…")


def test_law_references_are_read_in_any_form() -> None:
    for text in ("integrationslovens § 18", "§ 18 i integrationsloven"):
        q = parse_query(text)
        assert (q.kind, q.law, q.section, q.subsection) == ("law", "integrationsloven", "18", None)
    bare = parse_query("§ 12, stk. 1")
    assert (bare.law, bare.section, bare.subsection) == (None, "12", "1")
    with pytest.raises(NotAFigure):
        parse_query("LGBT Asylum")


def test_650000_finds_the_six_cells_the_totals_and_the_failed_check(corpus_run: Path) -> None:
    result = munidocs.verify("650000", corpus_run)
    cells = [(h.page, h.is_total, h.kind, h.match) for h in result.hits]
    assert (
        cells
        == [(2, False, "budget_line", "exact")] * 3
        + [(2, True, "budget_line", "exact")] * 3
        + [(4, False, "budget_line", "exact")] * 3
        + [(4, True, "budget_line", "exact")] * 3
    )
    assert {h.file_name for h in result.hits} == {NOTE}
    assert result.hits[0].text == (
        "Tabel 1, row 'Drift af værested under LGBT Asylum', 2026: 650 (1.000 kr.) = 650.000 kr."
    )
    # "650" as pdfium places it (pdfminer, reading /Widths unrounded, ends it at 362.88)
    assert result.hits[0].bbox == (347.68, 502.2, 362.86, 512.2)
    totals = [h for h in result.hits if h.is_total]
    assert all(
        h.checks[0].check == "text_vs_table" and h.checks[0].status == "fail" for h in totals
    )
    assert result.checks[0].status == "fail" and "0,6 mio. kr." in result.checks[0].message


def test_0_6_mio_finds_the_sentence_and_the_failed_check(corpus_run: Path) -> None:
    result = munidocs.verify("0,6 mio. kr.", corpus_run)
    [hit] = result.hits
    assert (hit.file_name, hit.page, hit.kind, hit.match) == (NOTE, 1, "figure", "exact")
    assert "afsætte 0,6 mio. kr. (servicemidler) årligt i 2026 - 2028" in hit.text
    assert hit.text.startswith("Der skal træffes beslutning")  # not the heading before the bullet
    assert [(c.check, c.status) for c in hit.checks] == [("text_vs_table", "fail")]


def test_a_lower_precision_match_is_marked(corpus_run: Path) -> None:
    result = munidocs.verify("0,7 mio. kr.", corpus_run)  # 650.000 rounds to 0,7 mio.
    assert {h.match for h in result.hits} == {"approximate"}
    assert len(result.hits) == 12


def test_the_law_is_found_on_every_page_that_cites_it(corpus_run: Path) -> None:
    for text in ("integrationslovens § 18", "§ 18 i integrationsloven"):
        result = munidocs.verify(text, corpus_run)
        assert [(h.file_name, h.page, h.kind) for h in result.hits] == [
            (LETTER, 1, "law_reference"), (LETTER, 2, "law_reference"), (LETTER, 2, "law_reference"),
        ]  # fmt: skip


def test_cli_verify_prints_json_and_writes_pictures(corpus_run: Path, tmp_path: Path) -> None:
    done = munidocs_cli(
        "verify", "0,6 mio. kr.", "--out", str(corpus_run), "--json", "--pictures", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["read_as"] == "600.000 kr., i.e. 550.000-649.999 kr. at the precision stated"
    assert [(h["page"], h["kind"], h["bbox"]) for h in data["hits"]] == [
        (1, "figure", [276.7, 182.47, 325.99, 191.5])
    ]
    [picture] = sorted(tmp_path.glob("*.png"))
    assert picture.name == "001-BI35-stoette-til-vaerested-under-LGBT-Asylum-p1-figure.png"
    image = Image.open(picture).convert("RGB")
    # the hit is drawn in red around "0,6 mio. kr." (2 px per point)
    assert image.getpixel((round(276.7 * 2) - 2, 187 * 2)) == (214, 39, 40)


def test_cli_verify_without_a_hit_says_so_and_exits_1(corpus_run: Path) -> None:
    done = munidocs_cli("verify", "123456", "--out", str(corpus_run))
    assert done.returncode == 1
    assert done.stdout.strip() == (
        f"No place in the 2 documents of {corpus_run} states '123456' "
        "(the number 123.456 (in kroner, or as printed in any unit)) in any form."
    )


def test_cli_show_draws_a_page_named_by_a_prefix(corpus_run: Path, tmp_path: Path) -> None:
    target = tmp_path / "p2.png"
    done = munidocs_cli("show", "aea912", "2", "--out", str(corpus_run), "--png", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    image = Image.open(target).convert("RGB")
    assert image.width == 1191 and image.height > 1684  # the page at 2 px/pt, and the legend
    # the 2026 cell of Tabel 1 is boxed in the budget-line colour
    r, g, b = image.getpixel((round(347.68 * 2) - 2, 507 * 2))
    assert (r < 80, g < 150, b > 170) == (True, True, True), (r, g, b)
    r, g, b = image.getpixel((round(347.68 * 2) - 12, 507 * 2))  # left of the box: the page
    assert min(r, g, b) > 200


def test_show_names_documents_by_file_name_and_refuses_unknown_ones(corpus_run: Path) -> None:
    png = munidocs.page_picture(LETTER, 1, corpus_run)
    assert Image.open(io.BytesIO(png)).size[0] == 1191
    done = munidocs_cli("show", "nope.pdf", "1", "--out", str(corpus_run))
    assert done.returncode == 2
    assert "no document in" in done.stderr and "'nope.pdf'" in done.stderr
    done = munidocs_cli("show", NOTE, "9", "--out", str(corpus_run))
    assert done.returncode == 2 and "has 4 pages; there is no page 9" in done.stderr


def test_a_year_or_a_count_is_found_where_the_text_prints_it(corpus_run: Path) -> None:
    result = munidocs.verify("2024", corpus_run)
    assert [(h.page, h.kind) for h in result.hits][:2] == [(1, "figure"), (2, "figure")]
    assert result.hits[1].text == (
        "Forvaltningen bemærker, at Als Research i 2024 udarbejdet en evaluering af LGBT Asylum."
    )
    second = munidocs.verify("481", corpus_run).hits[1]
    assert second.text.startswith("Afgørelserne i de 481 sager")
