"""What a document is: its type, title, reference and own date, read from its layout.

PDF metadata titles are usually useless ("06.DOCX"), so the title is read from the first page's
printed lines, page furniture left out (`furniture.py`): a letter's or e-mail's subject line;
else the largest print, with a larger line right above it ("Vejledning til" over
"bekendtgørelse om arkiveringsversioner") and its wrapped lines joined; a print that only names
the genre ("Notat", "Referat") gives way to the subject under it; where nothing stands out by
size, the first bold line. An agenda item's title loses its number ("2. Bygningsvedligeholdelse"
-> "Bygningsvedligeholdelse"), a title its footnote mark ("Standardkontraktsbestemmelser1"),
and garbled text (a diagram's letters interleaved) is no title.

The type: budget notes by the budget vocabulary below; every other kind (`kinds.py`) by the
general cues its genre prints. Only the document's *own* date counts: a date in a labelled
"Dato" line or standing alone on a line, not a date mentioned in a sentence ("henvendelse af
d. 13. august 2021").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from munidocs.extractors.lexicon.dates import NUMERIC_DATE, WRITTEN_DATE, parse_danish_date
from munidocs.extractors.reading.furniture import PAGE_STAMP, Furniture
from munidocs.extractors.reading.kinds import KIND_CUES, document_kind
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
_SUBJECT = re.compile(
    r"^\s*(?:Vedr\.|Vedrørende|Emne|Angående|Subject|Sag|Om)\s*:\s*(.+)$"
    r"|^\s*(?:Vedr\.|Vedrørende|Angående)\s+(.+)$",
    re.I,
)
_REPLY = re.compile(r"^(?:\s*(?:SV|Sv|RE|Re|VS|Vs|FW|Fw|Fwd|FWD|AW|Aw)\s*:\s*)+")
"""Reply and forward marks before an e-mail's subject ("SV: ", "RE: Fw: ")."""
_GENRE_ONLY = re.compile(
    r"^\s*(?:notat|memo|referat|mødereferat|dagsorden|indstilling|afgørelse|rapport|"
    r"beslutning|sagsfremstilling|høringssvar|orientering|bilag\s*\d*|brev|e-mail|mail)\s*:?\s*$",
    re.I,
)
"""A print that only names the genre: the subject is the next title-like line."""
_ITEM_NUMBER = re.compile(r"^\s*(?:(?:punkt|pkt\.?)\s*)?\d{1,3}\s*[.):-]?\s+(?=[A-ZÆØÅ])", re.I)
_FOOTNOTE = re.compile(r"(?<=[a-zæøå])\d{1,2}$")
_SALUTATION = re.compile(r"^\s*Kære\s+\S.*$")
_DATE_LINE = re.compile(
    rf"^\s*(?:Dato\s*:?\s*)?(?:[A-ZÆØÅ][a-zæøå]+,\s*)?(?P<date>{WRITTEN_DATE})\s*$", re.I
)
_NUMERIC_DATE_LINE = re.compile(rf"^\s*Dato\s*:?\s*(?P<date>{NUMERIC_DATE})\s*$", re.I)


def _score(text: str, cues: list[re.Pattern[str]]) -> int:
    return sum(1 for cue in cues if cue.search(text))


def document_type(text: str, title: str | None = None) -> str:
    """`budget_note`, or the kind `kinds.document_kind` finds (`correspondence`, `minutes`,
    `agenda_item`, `memo`, `report`, `other`), by counting the cues each kind prints."""
    budget = _score(text, [*_BUDGET_CUES, *budget_heading_cues()])
    letter = _score(text, _LETTER_CUES)
    if budget >= 3 and budget >= letter:
        return "budget_note"
    if letter >= 2 and letter >= _score(text, KIND_CUES["correspondence"]):
        # the letter cues a budget note's reader was built on still decide a plain letter
        kind = document_kind(text, title)
        return kind if kind in ("minutes", "agenda_item", "memo") else "correspondence"
    return document_kind(text, title)


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
    # a larger-than-body line right above ("Vejledning til" over the title's big print)
    above = sized[first - 1] if first else None
    if (
        above is not None
        and above.size >= body * 1.3
        and run[0].top - above.top <= run[0].size * 2.0
        and not _GENRE_ONLY.match(above.text)
    ):
        run.insert(0, above)
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


def subject_line(lines: list[PrintedLine]) -> str | None:
    """The first subject line ("Emne: ...", "Vedr.: ..."), without reply marks ("SV: ")."""
    for ln in lines:
        m = _SUBJECT.match(ln.text)
        if m:
            subject = _REPLY.sub("", (m.group(1) or m.group(2)).strip())
            if subject:
                return normalize_text(subject)
    return None


def letter_title(lines: list[PrintedLine], printed_title: str | None) -> str | None:
    """A letter's subject line; else a title printed above the salutation; else the salutation."""
    subject = subject_line(lines)
    if subject:
        return subject
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


def _content_lines(lines: list[PrintedLine], furniture: Furniture | None) -> list[PrintedLine]:
    """The first page's lines without page furniture (stamps, running header and footer)."""
    if furniture is None:
        return lines
    out = []
    for ln in lines:
        text = furniture.strip(1, ln.text)
        if text.strip():
            out.append(PrintedLine(text=text, size=ln.size, bold=ln.bold, top=ln.top))
    return out


def _garbled(text: str) -> bool:
    """Letters of neighbouring boxes interleaved (a diagram): mostly one-letter words."""
    words = text.split()
    return len(words) >= 6 and sum(1 for w in words if len(w) == 1) >= 0.4 * len(words)


def printed_title(lines: list[PrintedLine]) -> str | None:
    """The title by print: the largest print (a bare genre word gives way to the subject
    below it); else the first bold line; else the first line."""
    title = largest_print(lines)
    if title and _GENRE_ONLY.match(title):
        below = [ln for ln in lines if ln.text.strip() and title not in ln.text]
        title = subject_line(lines) or largest_print(below) or _first_bold(below)
    if title is None:
        title = _first_bold(lines)
    return title


_GOES_ON = re.compile(r"(?:[-,/–]|\b(?:og|af|til|for|i|om|med|på|fra|ved|samt|eller|vedr\.))\s*$")


def _first_bold(lines: list[PrintedLine]) -> str | None:
    """The first bold line that is a title, not a genre word, with the bold lines wrapped
    right under it."""
    for i, ln in enumerate(lines):
        if ln.bold and len(ln.text.strip()) > 3 and not _GENRE_ONLY.match(ln.text):
            run = [ln]
            for nxt in lines[i + 1 :]:
                if not nxt.bold or nxt.size != ln.size or nxt.top - run[-1].top > ln.size * 1.6:
                    break
                # a wrapped title goes on mid-phrase; a heading under it starts anew
                if not (nxt.text[:1].islower() or _GOES_ON.search(run[-1].text)):
                    break
                run.append(nxt)
            return normalize_text("\n".join(x.text for x in run))
    return None


_ADDRESS = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$|^\s*\S+@\S+\s*$|^\s*[\d\s+]{8,}$")
"""A web or e-mail address or a phone number alone on a line: never a title."""
_SEPARATORS = re.compile(r"\s+(?:→|->|\||•|–|—|-)\s+")


def running_title(furniture: Furniture) -> str | None:
    """A title from the running header or footer ("Rigsarkivet → Vejledning til ... Side 3
    af 162"), for a document whose first page prints none as text (a cover image): the
    longest part of the most frequent running line, page stamp and publisher cut off."""
    counts: Counter[str] = Counter()
    for page in furniture.lines:
        for text in furniture.texts(page):
            bare = PAGE_STAMP.sub("", text).strip()
            if len(bare.split()) >= 3:
                counts[bare] += 1
    if not counts:
        return None
    line = counts.most_common(1)[0][0]
    part = max(_SEPARATORS.split(line), key=lambda p: len(p.split()))
    return normalize_text(part) if len(part.split()) >= 3 else None


def _tidy(title: str | None, doc_type: str) -> str | None:
    """An agenda item's title without its number, any title without a footnote mark; garbled
    text is no title."""
    if title is None or _garbled(title):
        return None
    if doc_type in ("agenda_item", "minutes"):
        title = _ITEM_NUMBER.sub("", title, count=1)
    return _FOOTNOTE.sub("", title).strip() or None


def classify(
    first_page_lines: list[PrintedLine], full_text: str, furniture: Furniture | None = None
) -> Classification:
    """Type, title, reference and date of a document from its first page and its text."""
    first_page_lines = _content_lines(first_page_lines, furniture)
    texts = [ln.text for ln in first_page_lines]
    title = printed_title(first_page_lines)
    doc_type = document_type(full_text, title)
    reference: str | None = None
    if doc_type == "correspondence":
        title = letter_title(first_page_lines, title)
    elif doc_type in ("memo", "agenda_item"):
        title = subject_line(first_page_lines) if _GENRE_ONLY.match(title or "") else title
    if title:
        code = BUDGET_REFERENCE.match(title)
        if code and doc_type == "budget_note":
            reference = code.group(1)
    if reference is None:
        case = _CASE_REFERENCE.search(full_text)
        reference = case.group(1) if case else None
    if title is None and furniture is not None:
        title = running_title(furniture)
    if title is None:
        title = next(
            (normalize_text(t) for t in texts if t.strip() and not _ADDRESS.search(t)), None
        )
    return Classification(doc_type, _tidy(title, doc_type), reference, own_date(first_page_lines))
