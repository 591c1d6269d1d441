"""Page furniture (running headers and footers, page stamps, margin text), per document."""

from __future__ import annotations

from array import array
from pathlib import Path

from munidocs.extractors.reading.furniture import detect_furniture
from munidocs.extractors.reading.read import read_document
from munidocs.extractors.reading.text import normalize_with_offsets
from munidocs.models import PageText

FIXTURES = Path(__file__).parent / "fixtures" / "realworld"


def page(number: int, raw: str) -> PageText:
    """A page whose characters have no boxes (the band is told by line order)."""
    text, offsets = normalize_with_offsets(raw)
    return PageText(number, text, array("i", offsets), array("d", [float("nan")] * 4 * len(raw)))


def test_a_running_footer_with_a_page_number_is_furniture_on_every_page() -> None:
    words = ["Indledning", "Baggrund", "Formål", "Metode"]
    raws = [
        f"{words[n - 1]}\n"
        + "\n".join(f"{words[n - 1]} linje {k} om sagen." for k in range(8))
        + f"\nslut på {words[n - 1].lower()}.\n"
        f"Rigsarkivet → Vejledning til bekendtgørelse om arkiveringsversioner Side {n} af 9"
        for n in range(1, 5)
    ]
    found = detect_furniture(raws, [page(n, r) for n, r in enumerate(raws, 1)], [842.0] * 4)
    for n in range(1, 5):
        assert found.texts(n) == [raws[n - 1].splitlines()[-1]]
        ((start, end),) = found.spans[n]
        assert page(n, raws[n - 1]).text[start:end].endswith(f"Side {n} af 9")


def test_a_page_stamp_glued_to_a_heading_leaves_the_heading() -> None:
    raws = ["2. Præambel Side 3 af 19\nDisse bestemmelser gælder.\nMere tekst her."]
    found = detect_furniture(raws, [page(1, raws[0])], [842.0])
    assert found.texts(1) == ["Side 3 af 19"]
    assert found.strip(1, "2. Præambel Side 3 af 19") == "2. Præambel"


def test_text_that_recurs_only_in_the_body_is_not_furniture() -> None:
    raws = [
        f"Overskrift {n}\nTekst {n}\nBeslutning\nTekst\nBeslutning\nMere {n}\nSlut {n}"
        for n in range(3)
    ]
    found = detect_furniture(raws, [page(n, r) for n, r in enumerate(raws, 1)], [842.0] * 3)
    assert all("Beslutning" not in found.texts(n) for n in range(1, 4))


def test_real_documents_keep_stamps_and_footers_out_of_titles_and_entities() -> None:
    path = FIXTURES / "syddjurs_arbejdsoplaeg_kulturkommune_2017.pdf"
    read = read_document(path, "syddjurs", str(path))
    assert read.document.title == "KULTURKOMMUNE 2017 - Arbejdsoplæg"
    assert all(read.furniture.get(n) for n in range(1, 12))  # "n of 11" on every page
    path = FIXTURES / "kmd_databehandleraftale_aalborg_testudfyldt.pdf"
    read = read_document(path, "kmd", str(path))
    stamped = [read.pages[n - 1].text[a:b] for n, spans in read.furniture.items() for a, b in spans]
    assert any("Side 11 af 19" in t for t in stamped)
    assert any("Internal - KMD A/S" in t for t in stamped)


def test_text_printed_sideways_in_the_margin_is_furniture() -> None:
    raw = "Kære Jens\nSagsnr. 2024-17\nTak for dit brev."
    text, offsets = normalize_with_offsets(raw)
    boxes = array("d")
    for k in range(len(raw)):
        line = raw[:k].count("\n")
        if line == 1:  # printed up the left margin: one character above the other
            boxes.extend([20.0, 700.0 - 8 * k, 27.0, 707.0 - 8 * k])
        else:
            boxes.extend([72.0 + 5 * k, 100.0 + 14 * line, 77.0 + 5 * k, 110.0 + 14 * line])
    found = detect_furniture([raw], [PageText(1, text, array("i", offsets), boxes)], [842.0])
    assert found.texts(1) == ["Sagsnr. 2024-17"]
