"""Budget notes and letters made on the fly: text and a ruled budget table, as a word processor
lays them out, so the checks can be tried on documents the seeds are not."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

Row = tuple[str, Sequence[int]]
"""A table row: label and one printed amount per year."""


def _danish(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def budget_note(
    path: Path,
    title: str,
    paragraphs: Sequence[str],
    rows: Sequence[Row],
    *,
    total: str = "Udgifter i alt (netto)",
    years: Sequence[int] = (2026, 2027, 2028),
    caption: str = "Tabel 1. Oversigt over ønskets økonomi",
    unit: str = "1.000 kr., 2026 p/l",
    appropriation: tuple[str, str] | None = None,
) -> Path:
    """A budget note: heading, paragraphs, then one ruled table with a total row."""
    styles = getSampleStyleSheet()
    story: list[object] = [Paragraph(title, styles["Title"])]
    story += [Paragraph(p, styles["BodyText"]) for p in paragraphs]
    story += [Spacer(1, 12), Paragraph(caption, styles["Heading4"])]
    extra = ["Udvalg", "Bevilling"] if appropriation else []
    header = [unit, *extra, *map(str, years), "I alt"]
    body = []
    for label, amounts in rows:
        cells = list(appropriation) if appropriation else []
        body.append([label, *cells, *map(_danish, amounts), _danish(sum(amounts))])
    sums = [sum(a[i] for _, a in rows) for i in range(len(years))]
    body.append([total, *([""] * len(extra)), *map(_danish, sums), _danish(sum(sums))])
    table = Table([header, *body], colWidths=[190] + [50] * (len(header) - 1))
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1, title=title).build(story)
    return path


def letter(path: Path, paragraphs: Sequence[str], title: str = "Svar på henvendelse") -> Path:
    """A letter: a subject line and paragraphs of running text."""
    styles = getSampleStyleSheet()
    story: list[object] = [Paragraph(title, styles["Heading2"])]
    story += [Paragraph(p, styles["BodyText"]) for p in paragraphs]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1, title=title).build(story)
    return path
