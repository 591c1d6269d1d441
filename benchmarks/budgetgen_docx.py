"""Budget notes written as .docx (python-docx) and exported to PDF by LibreOffice.

The reportlab generator (`benchmarks.budgetgen`) is fast and runs everywhere; this one gives the
PDF structure a word processor's export has: text placed word by word, cell borders as the
office suite draws them, table rows that break across pages (a header row may even stand alone
at a page foot), a caption left behind. The tables are the same seeded specifications, so the
answers come from the same place. It needs python-docx and LibreOffice (`soffice`), so it only
(re)builds the committed fixtures in tests/fixtures/word_like/:

    python -m benchmarks.budgetgen_docx --out tests/fixtures/word_like --first 0 --count 10
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics

from benchmarks import budgetgen as gen

TEXT_WIDTH_PT = 460.0
DESC_W_PT = 60.0
MIN_LABEL_PT = 135.0


def _borders(table: Any, style: str) -> None:
    """Table borders as Word stores them (w:tblBorders): grid, rules only, or none."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    on = {
        "grid": ("top", "bottom", "left", "right", "insideH", "insideV"),
        "hrules": ("top", "bottom", "insideH"),
        "booktabs": ("top", "bottom"),
        "borderless": (),
    }[style]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if edge in on else "nil")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _put(cell: Any, text: str, size: float, bold: bool = False, right: bool = False) -> None:
    """Cell text; "<br/>" becomes a manual line break, as a writer types Shift+Enter."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.text = ""
    paragraph = cell.paragraphs[0]
    parts = text.replace("<br/>", "\n").split("\n")
    for k, part in enumerate(parts):
        run = paragraph.add_run(part)
        run.bold = bold
        run.font.size = Pt(size)
        run.font.name = "Carlito"
        if k < len(parts) - 1:
            run.add_break()
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def note_docx(seed: int) -> tuple[Any, list[gen.ExpectedLine]]:
    """One note as a python-docx Document, with its exact budget lines."""
    from docx import Document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Pt

    gen.register_fonts()
    rng = random.Random(seed)
    doc = Document()
    doc.add_heading(f"BI{seed} Budgetnotat", 1)
    doc.add_paragraph("Der søges om midler til driftsstøtte til et værested.")
    expected: list[gen.ExpectedLine] = []
    for number in range(1, rng.randint(2, 3) + 1):
        spec = gen._TableSpec(rng, number, long=rng.random() < 0.3)
        rows = gen._with_totals(spec, gen._rows(spec))
        expected += gen._expected(spec, rows, number)
        for _ in range(rng.randint(0, 3)):
            doc.add_paragraph(rng.choice(gen.FILLER))
        doc.add_paragraph().add_run(spec.title).bold = True
        if not spec.unit_in_header:
            doc.add_paragraph(spec.unit_text)
        header = [spec.unit_text if spec.unit_in_header else ""]
        header += [gen._DESC_HEADERS[d][0] for d in spec.desc]
        header += [str(y) for y in spec.years] + (["I alt"] if spec.has_sum else [])
        body = [gen.row_cells(spec, row) for row in rows]
        table = doc.add_table(rows=1 + len(rows), cols=len(header))
        _borders(table, spec.style)
        first_num = 1 + len(spec.desc)
        for k, text in enumerate(header):
            _put(table.rows[0].cells[k], text, spec.size, bold=True, right=k >= first_num)
        align = {
            "TOP": WD_CELL_VERTICAL_ALIGNMENT.TOP,
            "MIDDLE": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
            "BOTTOM": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
        }[spec.valign]
        for i, (row, texts) in enumerate(zip(rows, body, strict=True), start=1):
            cells = table.rows[i].cells
            for k, text in enumerate(texts):
                _put(cells[k], text, spec.size, bold=row.is_total, right=k >= first_num)
                cells[k].vertical_alignment = align
        widest = max(
            pdfmetrics.stringWidth(t, gen.BOLD, spec.size) for r in body for t in r[first_num:]
        )
        n_num = len(header) - first_num
        num_w = max(spec.num_w, widest + 14)
        label_w = max(MIN_LABEL_PT, TEXT_WIDTH_PT - num_w * n_num - DESC_W_PT * len(spec.desc))
        widths = [label_w] + [DESC_W_PT] * len(spec.desc) + [num_w] * n_num
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Pt(width)
        for table_row in table.rows:
            for cell, width in zip(table_row.cells, widths, strict=True):
                cell.width = Pt(width)
        doc.add_paragraph("")
        doc.add_heading(rng.choice(("Risikovurdering og proces", "Økonomi")), 2)
    return doc, expected


def build(seeds: range, out: Path) -> None:
    """Write n<seed>.pdf and expected.jsonl (one budget line per line) into ``out``."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit(
            "LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui"
        )
    out.mkdir(parents=True, exist_ok=True)
    answers: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            doc, expected = note_docx(seed)
            doc.save(str(Path(tmp) / f"n{seed}.docx"))
            answers[f"n{seed}.pdf"] = [e.as_dict() for e in expected]
        docs = sorted(str(p) for p in Path(tmp).glob("*.docx"))
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), *docs],
            check=True,
            capture_output=True,
        )
    with (out / "expected.jsonl").open("w", encoding="utf-8") as f:
        for name, lines in answers.items():
            for line in lines:
                f.write(json.dumps({"file": name, **line}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args(argv)
    build(range(args.first, args.first + args.count), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
