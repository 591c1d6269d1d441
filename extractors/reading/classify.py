"""What a document is: its type, title, reference and own date, read from its layout.

PDF metadata titles are usually useless ("06.DOCX"), so the title is the largest print on the
first page, and the type is a vote of cues that budget notes and letters always print. Only
the document's *own* date counts: a date in a labelled "Dato" line or standing alone on a
line, not a date mentioned in a sentence ("henvendelse af d. 13. august 2021").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from munidocs.extractors.lexicon.dates import NUMERIC_DATE, WRITTEN_DATE, parse_danish_date
from munidocs.extractors.reading.profiles import budget_heading_cues
from munidocs.extractors.reading.text import normalize_text


@dataclass(frozen=True)
class PrintedLine:
    """One printed line of a page with the size of its largest glyphs."""

    text: str
    size: float
    bold: bool
    top: float


@dataclass(frozen=True)
class Classification:
    doc_type: str
    title: str | None
    reference: str | None
    doc_date: date | None


# General Danish budget vocabulary, printed by budget notes of any municipality: the terms of
# the kommunale budget- og regnskabssystem (bevilling, serviceudgifter, anlægsudgifter,
# overslagsår), the price level of the amounts ("2026 p/l", "2026-priser"), amounts in 1.000 kr.,
# and the kinds of budget proposal (budgetforslag, driftsønske, udvidelses-/reduktionsforslag).
# A template's own headings come from its profile (data/profiles), each with its source.
_BUDGET_CUES = [
    re.compile(p, re.I | re.M)
    for p in (
        r"budgetnotat",
        r"\bp/l\b|\b\d{4}-priser\b|\bprisniveau\b|\bpris- og lønniveau",
        r"styringsområde",
        r"\b(?:anlægs|tillægs)?bevilling(?:en|er|erne)?\b",
        r"serviceudgifter|anlægsudgifter|udgifter i alt",
        r"\b1\.000 kr\.|\bmio\. kr\.",
        r"^\s*Tabel \d+\.",
        r"\boverslagsår",
        r"\b(?:budget|udvidelses|reduktions|effektiviserings|besparelses|prioriterings|ændrings)"
        r"forslag|\b(?:budget|drifts|anlægs)ønske",
    )
]
_LETTER_CUES = [
    re.compile(p, re.I | re.M)
    for p in (
        r"^\s*(Kære|Til)\s+\S",
        r"(Med )?venlig(e)? hilsen",
        r"\bhenvendelse\b",
        r"\b(Deres|jeres|din|dit) (brev|mail|henvendelse|spørgsmål)",
        r"^\s*(Vedr\.|Vedrørende|Emne|Angående)\s*:?",
        r"^\s*Svar på\b",
    )
]

BUDGET_REFERENCE = re.compile(r"^([A-ZÆØÅ]{1,4}\d{1,3}[a-z]?)\s+\S")
"""A budget note's code at the start of its title: "BI35 Støtte til ..."."""
_CASE_REFERENCE = re.compile(
    r"\b(?:Sagsnr|Sagsnummer|J\.\s?nr|Journalnr|Vores ref)\.?\s*:?\s*([A-Z0-9][\w./-]{3,})", re.I
)
_SUBJECT = re.compile(r"^\s*(?:Vedr\.|Vedrørende|Emne|Angående)\s*:?\s*(.+)$", re.I)
_SALUTATION = re.compile(r"^\s*Kære\s+\S.*$")
_DATE_LINE = re.compile(
    rf"^\s*(?:Dato\s*:?\s*)?(?:[A-ZÆØÅ][a-zæøå]+,\s*)?(?P<date>{WRITTEN_DATE})\s*$", re.I
)
_NUMERIC_DATE_LINE = re.compile(rf"^\s*Dato\s*:?\s*(?P<date>{NUMERIC_DATE})\s*$", re.I)


def _score(text: str, cues: list[re.Pattern[str]]) -> int:
    return sum(1 for cue in cues if cue.search(text))


def document_type(text: str) -> str:
    """`budget_note`, `correspondence` or `other`, by counting the cues each kind prints."""
    budget = _score(text, [*_BUDGET_CUES, *budget_heading_cues()])
    letter = _score(text, _LETTER_CUES)
    if budget >= 3 and budget >= letter:
        return "budget_note"
    if letter >= 2:
        return "correspondence"
    return "other"


def largest_print(lines: list[PrintedLine]) -> str | None:
    """The title: the run of adjacent lines set in the page's largest type, if it stands out."""
    sized = [ln for ln in lines if ln.text.strip()]
    if not sized:
        return None
    body = sorted(ln.size for ln in sized)[len(sized) // 2]
    top_size = max(ln.size for ln in sized)
    if top_size < body * 1.15:
        return None
    first = next(i for i, ln in enumerate(sized) if ln.size >= top_size - 0.5)
    run = [sized[first]]
    for ln in sized[first + 1 :]:
        if ln.size < top_size - 0.5 or ln.top - run[-1].top > ln.size * 2.0:
            break
        run.append(ln)
    return normalize_text("\n".join(ln.text for ln in run)) or None


def own_date(lines: list[PrintedLine]) -> date | None:
    """The document's own date: a "Dato" line or a line holding only a written date.

    A numeric date counts only after "Dato": alone on a line it may be anything. The date
    grammar is the lexicon's; a line naming no real day ("31. juni 2021") is passed over.
    """
    for ln in lines:
        m = _DATE_LINE.match(ln.text) or _NUMERIC_DATE_LINE.match(ln.text)
        parsed = parse_danish_date(m.group("date")) if m else None
        if parsed is not None:
            return parsed
    return None


def letter_title(lines: list[PrintedLine], printed_title: str | None) -> str | None:
    """A letter's subject line; else a title printed above the salutation; else the salutation."""
    subject = next((m.group(1) for ln in lines if (m := _SUBJECT.match(ln.text))), None)
    if subject:
        return normalize_text(subject)
    salutation = next((ln for ln in lines if _SALUTATION.match(ln.text)), None)
    if salutation is None:
        return printed_title
    if printed_title:
        heading_top = next(
            (ln.top for ln in lines if ln.text.strip() and ln.text in printed_title), None
        )
        if heading_top is not None and heading_top < salutation.top:
            return printed_title
    return normalize_text(salutation.text)


def classify(first_page_lines: list[PrintedLine], full_text: str) -> Classification:
    """Type, title, reference and date of a document from its first page and its text."""
    doc_type = document_type(full_text)
    texts = [ln.text for ln in first_page_lines]
    title = largest_print(first_page_lines)
    reference: str | None = None
    if doc_type == "correspondence":
        title = letter_title(first_page_lines, title)
    if title:
        code = BUDGET_REFERENCE.match(title)
        if code and doc_type == "budget_note":
            reference = code.group(1)
    if reference is None:
        case = _CASE_REFERENCE.search(full_text)
        reference = case.group(1) if case else None
    if title is None:
        title = next((normalize_text(t) for t in texts if t.strip()), None)
    return Classification(doc_type, title, reference, own_date(first_page_lines))
