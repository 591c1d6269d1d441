"""The rebuilt seed PDFs must reproduce the seed text layer and the seed layout features."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from tools.build_seed_pdfs import (
    BUDGET_PDF,
    BUDGET_SEED,
    LETTER_PDF,
    LETTER_SEED,
    PDF_DIR,
    SEED_DIR,
    URL,
    build,
)

BUDGET = PDF_DIR / BUDGET_PDF
LETTER = PDF_DIR / LETTER_PDF

# Word-sequence differences between seed text and rebuilt PDF that we accept. None are needed:
# the tables' per-column vertical offsets reproduce the seed's reading order exactly, so this
# stays empty; any entry added here must be justified next to it.
ALLOWED_DIFFERENCES: dict[str, list[tuple[list[str], list[str]]]] = {
    BUDGET_PDF: [],
    LETTER_PDF: [],
}


def pdf_words(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return " ".join(page.extract_text() or "" for page in pdf.pages).split()


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def seed_words(name: str) -> list[str]:
    return (SEED_DIR / name).read_text(encoding="utf-8").split()


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    yield build(tmp_path_factory.mktemp("build1"))


@pytest.mark.parametrize(("pdf", "seed"), [(BUDGET, BUDGET_SEED), (LETTER, LETTER_SEED)])
def test_text_layer_reproduces_seed_words(pdf: Path, seed: str) -> None:
    assert pdf_words(pdf) == seed_words(seed)
    assert ALLOWED_DIFFERENCES[pdf.name] == []


def nonblank_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(("pdf", "seed"), [(BUDGET, BUDGET_SEED), (LETTER, LETTER_SEED)])
def test_printed_lines_match_seed_lines(pdf: Path, seed: str) -> None:
    """Every seed line is one printed line (hyphenation and table flattening included)."""
    printed = nonblank_lines("\n".join(page_texts(pdf)))
    assert printed == nonblank_lines((SEED_DIR / seed).read_text(encoding="utf-8"))


def test_line_end_hyphens_are_kept() -> None:
    budget = nonblank_lines("\n".join(page_texts(BUDGET)))
    letter = nonblank_lines("\n".join(page_texts(LETTER)))
    assert (
        "og mentorprogram varetaget af frivillige kontaktpersoner og mentorer baseret på orga-"
        in budget
    )
    assert (
        "nisationens særlige queer-to-queer metode. LGBT Asylums kontaktpersonsprogram er" in budget
    )
    assert "https://ast.dk/filer/bilag-til-publikationer/pixi-asts-undersogelse-ud-" in letter
    assert "valgte-dele-af-integrationsloven.pdf." in letter


def test_page_counts() -> None:
    assert len(page_texts(BUDGET)) == 4
    assert len(page_texts(LETTER)) == 3


def test_budget_appendix_starts_a_new_page() -> None:
    pages = page_texts(BUDGET)
    assert pages[3].startswith("Administrativt bilag\nTabel 2. Udgifter til service")
    assert "Administrativt bilag" not in pages[2]


def test_tabel_1_is_a_ruled_grid() -> None:
    with pdfplumber.open(BUDGET) as pdf:
        page = pdf.pages[1]
        tables = page.extract_tables()
        found = page.find_tables()
        assert "Tabel 1. Oversigt over ønskets aktiviteter på alle styringsområder" in (
            page.extract_text() or ""
        )
    assert len(found) == 1
    assert (len(found[0].rows), len(found[0].columns)) == (3, 7)
    assert tables == [
        [
            ["1.000 kr., 2026 p/l", "Styrings-\nområde", "2026", "2027", "2028", "2029", "I alt"],
            ["Drift af værested under LGBT Asylum", "Service", "650", "650", "650", "0", "1.950"],
            ["Udgifter i alt (netto)", "", "650", "650", "650", "0", "1.950"],
        ]
    ]


def test_tabel_1_total_row_is_bold() -> None:
    with pdfplumber.open(BUDGET) as pdf:
        found = pdf.pages[1].extract_words(extra_attrs=["fontname"])
    fonts = {(w["text"], w["fontname"].split("+")[-1]) for w in found}
    assert ("Udgifter", "Carlito-Bold") in fonts
    assert ("Drift", "Carlito") in fonts
    assert {f for t, f in fonts if t == "1.950"} == {"Carlito", "Carlito-Bold"}


def test_tabel_2_has_horizontal_rules_only() -> None:
    with pdfplumber.open(BUDGET) as pdf:
        page = pdf.pages[3]
        orientations = [edge["orientation"] for edge in page.edges]
        tables = page.find_tables()
    assert orientations.count("h") == 4
    assert "v" not in orientations
    assert tables == []


def test_tabel_2_amounts_are_right_aligned() -> None:
    with pdfplumber.open(BUDGET) as pdf:
        found = pdf.pages[3].extract_words()
    totals = [w for w in found if w["text"] == "1.950"]
    header = next(w for w in found if w["text"] == "alt")  # "I alt" column heading
    assert len(totals) == 2
    assert {round(w["x1"], 1) for w in [*totals, header]} == {round(header["x1"], 1)}


def test_indre_by_is_ticked() -> None:
    words = pdf_words(BUDGET)
    i = words.index("Indre")
    assert words[i : i + 3] == ["Indre", "by", "☒"]
    assert words.count("☒") == 1
    assert words.count("☐") == 11


def test_check_boxes_use_an_embedded_symbol_font() -> None:
    with pdfplumber.open(BUDGET) as pdf:
        fonts = {ch["fontname"] for ch in pdf.pages[3].chars if ch["text"] in "☐☒"}
    assert len(fonts) == 1
    assert fonts.pop().split("+")[-1] == "DejaVuSans"


def test_letter_has_no_text_above_salutation() -> None:
    first = page_texts(LETTER)[0]
    assert first.startswith("Kære Astrid Aller og Laura Rosenvinge\n")
    with pdfplumber.open(LETTER) as pdf:
        page = pdf.pages[0]
        assert len(page.curves) + len(page.rects) > 0  # the drawn letterhead


def test_letter_answers_fall_on_expected_pages() -> None:
    pages = page_texts(LETTER)
    where = {
        f"Ad {n}:": [i + 1 for i, t in enumerate(pages) if f"Ad {n}:" in t] for n in range(1, 5)
    }
    assert where == {"Ad 1:": [1], "Ad 2:": [2], "Ad 3:": [2], "Ad 4:": [2]}


def test_letter_links_to_the_report() -> None:
    with pdfplumber.open(LETTER) as pdf:
        uris = [link["uri"] for page in pdf.pages for link in page.hyperlinks]
    assert uris == [URL, URL, URL, URL]


def test_build_is_deterministic_and_committed_pdfs_are_current(
    fresh_build: list[Path], tmp_path: Path
) -> None:
    again = build(tmp_path)
    assert [p.name for p in fresh_build] == [BUDGET_PDF, LETTER_PDF]
    for first, second in zip(fresh_build, again, strict=True):
        assert first.read_bytes() == second.read_bytes()
        assert first.read_bytes() == (PDF_DIR / first.name).read_bytes()
