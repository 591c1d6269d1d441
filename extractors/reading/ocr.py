"""OCR of one page with Tesseract: the page rendered by pdfium, turned upright, read word by word.

Called by the read stage only for pages whose text cannot be used (no text layer, a font without
a Unicode map, a garbage hidden OCR layer): OCR costs seconds a page, text extraction
milliseconds. The page is rendered as it is displayed (pdfium applies /Rotate); a page that
still reads badly is checked with Tesseract's orientation detection (OSD) and read again turned
upright, so OSD's cost is only paid by pages that need it.

Tesseract is called as a program (TSV output: a box and a confidence per word), not through
pytesseract, because the call needs its own environment: OMP_THREAD_LIMIT=1, since Tesseract's
OpenMP threads spin on a shared machine (a page took 17 s single-threaded and 58 s with threads
here). Word boxes are in PDF points on the page turned upright (top-left origin), the space the
OCR'd `PageText`, `Page.width/height` and any table read from the words share.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import subprocess
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

from munidocs.extractors.reading.classify import PrintedLine
from munidocs.extractors.reading.settings import OcrSettings
from munidocs.extractors.reading.text import normalize_with_offsets
from munidocs.models import PageText

INSTALL_HINT = (
    "install Tesseract with its Danish data (Debian/Ubuntu: apt-get install tesseract-ocr "
    "tesseract-ocr-dan; or run scripts/system-deps.sh), or point ocr.command at it"
)
_NAN = float("nan")
_ROTATIONS = {
    90: Image.Transpose.ROTATE_270,  # PIL turns counter-clockwise: 270 CCW is 90 clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


class OcrUnavailable(Exception):
    """Tesseract (or its language data) is not installed; the message says how to install it."""


class OcrFailed(Exception):
    """Tesseract could not read one page (it crashed or took too long)."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word Tesseract read, in points on the upright page (top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    line: tuple[int, int, int]
    """(block, paragraph, line) numbers: words of one printed line share them."""


@dataclass
class OcrPage:
    """What Tesseract read on one page."""

    number: int
    width: float
    height: float
    words: list[OcrWord] = field(default_factory=list)
    turned: int = 0
    """Degrees (clockwise) the rendered page was turned to read it upright (OSD)."""

    @property
    def confidence(self) -> float:
        """Mean word confidence (0-100); 0 for a page without words."""
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0

    def lines(self) -> Iterator[list[OcrWord]]:
        """The words line by line, in Tesseract's reading order."""
        current: list[OcrWord] = []
        for word in self.words:
            if current and word.line != current[-1].line:
                yield current
                current = []
            current.append(word)
        if current:
            yield current

    def text_with_boxes(self) -> tuple[str, PageText]:
        """(raw text, `PageText`): lines joined by line breaks, a blank line between paragraphs;
        each character gets its share of its word's box (Tesseract boxes words, not letters)."""
        parts: list[str] = []
        boxes = array("d")
        previous: tuple[int, int, int] | None = None
        for line in self.lines():
            if previous is not None:
                sep = "\n\n" if line[0].line[:2] != previous[:2] else "\n"
                parts.append(sep)
                boxes.extend([_NAN] * 4 * len(sep))
            for k, word in enumerate(line):
                if k:
                    parts.append(" ")
                    boxes.extend([_NAN] * 4)
                parts.append(word.text)
                step = (word.x1 - word.x0) / len(word.text)
                for i in range(len(word.text)):
                    x = word.x0 + i * step
                    boxes.extend((x, word.top, x + step, word.bottom))
            previous = line[0].line
        raw = "".join(parts)
        text, offsets = normalize_with_offsets(raw)
        return raw, PageText(self.number, text, array("i", offsets), boxes)

    def printed_lines(self, min_confidence: float, min_letters: int) -> list[PrintedLine]:
        """The page's lines with their height as size, for the title of a scanned document.

        Words read with less than `min_confidence`, and lines of fewer than `min_letters`
        letters, are left out: a logo or a stamp read as big letters ("TN", "al") would
        otherwise be the largest print on the page, its title.
        """
        out = []
        for words in self.lines():
            line = [w for w in words if w.confidence >= min_confidence]
            if sum(c.isalpha() for w in line for c in w.text) < min_letters:
                continue
            heights = sorted(w.bottom - w.top for w in line)
            size = round(heights[len(heights) // 2], 1)
            text = " ".join(w.text for w in line)
            out.append(PrintedLine(text=text, size=size, bold=False, top=line[0].top))
        return out


@functools.lru_cache(maxsize=8)
def _installed_languages(command: str) -> frozenset[str]:
    """The language data the Tesseract `command` has (cached: one call per run and command)."""
    exe = shutil.which(command)
    if exe is None:
        raise OcrUnavailable(f"Tesseract is not installed ({command!r} not found): {INSTALL_HINT}")
    try:
        done = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(
            f"Tesseract ({command!r}) does not run: {exc}; {INSTALL_HINT}"
        ) from exc
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and " " not in ln.strip())


def check_tesseract(settings: OcrSettings) -> None:
    """Raise OcrUnavailable (saying how to install it) unless Tesseract and the languages run."""
    have = _installed_languages(settings.command)
    missing = [lang for lang in settings.language.split("+") if lang not in have]
    if missing:
        raise OcrUnavailable(
            f"Tesseract has no {'+'.join(missing)!r} language data: {INSTALL_HINT}"
        )


PNG_COMPRESS_LEVEL = 1
"""zlib level of the page images handed to Tesseract (1: fastest; the pixels are the same)."""


def _tesseract(image: Image.Image, args: list[str], settings: OcrSettings) -> str:
    """Run Tesseract on an image (PNG on stdin) and return what it prints.

    The PNG is written with zlib's fastest level: the same pixels (lossless), and on a page of
    maps or photos a tenth of a second less each time; Tesseract reads it as fast. (Raw PGM or
    BMP cost nothing to write but Tesseract reads them slower than it saves.)"""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    env = {**os.environ, "OMP_THREAD_LIMIT": str(settings.threads)}
    try:
        done = subprocess.run(
            [settings.command, "stdin", "stdout", *args],
            input=buf.getvalue(),
            capture_output=True,
            timeout=settings.page_timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"Tesseract took longer than {settings.page_timeout:g} s") from exc
    except OSError as exc:
        raise OcrUnavailable(f"Tesseract does not run ({exc}): {INSTALL_HINT}") from exc
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"Tesseract failed: {err[-1] if err else done.returncode}"[:200])
    return done.stdout.decode("utf-8", "replace")


_SECTION_LOOKALIKES = frozenset({"&", "$", "S", "8", "5"})
_LAW_WORD = re.compile(
    r"(?i)(?:lov|loven|lovens|bekendtgørelse[ns]{0,3}|bkg\.?|cirkulære[ts]{0,3})$"
)
_SECTION_NUMBER = re.compile(r"^\d{1,3}[a-z]?[.,]?$")


def fix_section_signs(words: list[str]) -> list[str]:
    """Put back the "§" Tesseract reads as "&", "$", "S", "8" or "5": a lone such token before a
    section number ("integrationslovens 8 18", "flygtninge, & 12, stk. 1"). "&", "$" and "S"
    before a number are taken anywhere; a digit only after a law's name, where a digit cannot
    stand ("lovens 8 18"), so a row of numbers in a table is never touched."""
    out = list(words)
    for i, word in enumerate(words[:-1]):
        if word not in _SECTION_LOOKALIKES or not _SECTION_NUMBER.match(words[i + 1]):
            continue
        before = words[i - 1].rstrip(",") if i else ""
        after_name = bool(_LAW_WORD.search(before)) or (
            words[i - 1].endswith(",") and i + 3 < len(words) and words[i + 2] == "stk."
        )
        if word in "&$S" or after_name:
            out[i] = "§"
    return out


def _words(tsv: str, scale: float) -> list[OcrWord]:
    """Tesseract's TSV rows of level 5 (words) as `OcrWord`s in points, "§" put back."""
    out = []
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows_ = [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]
    texts = fix_section_signs([(r.get("text") or "").strip() for r in rows_])
    for row, text in zip(rows_, texts, strict=True):
        left, top = float(row["left"]) / scale, float(row["top"]) / scale
        width, height = float(row["width"]) / scale, float(row["height"]) / scale
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        conf = max(float(row["conf"]), 0.0)
        out.append(OcrWord(text, left, top, left + width, top + height, conf, key))
    return out


def _orientation(image: Image.Image, settings: OcrSettings) -> int:
    """Clockwise degrees that turn the image upright by OSD, 0 when OSD is unsure or fails."""
    try:
        osd = _tesseract(image, ["--psm", "0", "-l", "osd"], settings)
    except OcrFailed:
        return 0  # too few characters to tell: leave the page as it is
    rotate = re.search(r"Rotate:\s*(\d+)", osd)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", osd)
    if (
        not rotate
        or not confidence
        or float(confidence.group(1)) < settings.orientation_min_confidence
    ):
        return 0
    return int(rotate.group(1)) % 360


def _read(image: Image.Image, number: int, settings: OcrSettings, turned: int) -> OcrPage:
    scale = settings.dpi / 72
    args = ["-l", settings.language, "--psm", str(settings.page_segmentation)]
    tsv = _tesseract(image, [*args, "--dpi", str(settings.dpi), "tsv"], settings)
    return OcrPage(number, image.width / scale, image.height / scale, _words(tsv, scale), turned)


def ocr_page(page: pdfium.PdfPage, number: int, settings: OcrSettings) -> OcrPage:
    """OCR one page: render it as displayed, read it; if it reads badly, turn it upright by OSD
    and keep whichever reading is more confident."""
    bitmap = page.render(scale=settings.dpi / 72, grayscale=True)
    image = bitmap.to_pil().convert("L")
    bitmap.close()
    best = _read(image, number, settings, 0)
    if best.confidence < settings.orientation_below_confidence:
        turn = _orientation(image, settings)
        if turn:
            again = _read(image.transpose(_ROTATIONS[turn]), number, settings, turn)
            if again.confidence > best.confidence:
                best = again
    return best


class OcrLayout:
    """An OCR'd page as the table reader reads a pdfplumber page: its words (with their height
    as font size), no ruling lines. The reader's rule-less path (columns from word positions)
    then reads a scanned budget table like a printed one."""

    def __init__(self, ocr: OcrPage) -> None:
        self.ocr = ocr
        self.width = ocr.width
        self.height = ocr.height
        self.edges: list[dict[str, Any]] = []
        self.chars = [{"text": ch} for w in ocr.words for ch in w.text + " "]

    def extract_words(self, **_: Any) -> list[dict[str, Any]]:
        return [
            {
                "text": w.text,
                "x0": w.x0,
                "x1": w.x1,
                "top": w.top,
                "bottom": w.bottom,
                "size": w.bottom - w.top,
            }
            for w in self.ocr.words
        ]

    def find_tables(self) -> list[Any]:
        return []  # no ruling lines: the table reader never asks (edges are empty)
