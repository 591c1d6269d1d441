"""What kind of document it is, from the cues each kind prints, in any municipality.

Each kind has a list of general Danish cues: the words and page furniture its genre prints,
whatever the municipality or template (a memo says "notat", minutes list who attended, an
agenda item has a "Sagsfremstilling" and an "Indstilling", an e-mail printout has "Sendt:",
a decision letter a "Klagevejledning"). A document's kind is the one with most distinct cues
(at least `MIN_CUES`); the title counts extra when it names the kind ("Notat om ...",
"Referat", "Dokumentationsrapport"). Budget notes are told first, by the budget vocabulary in
`classify.py`; letters, e-mails and decision letters are all `correspondence`. Contracts,
statutes and plans, lists and slide decks have cues too, so that a contract with a table of
contents is not a report; they stay `other`, as does anything without enough cues.
"""

from __future__ import annotations

import re

MIN_CUES = 2
"""Distinct cues a kind needs."""
TITLE_WEIGHT = 3
"""What a title naming the kind counts, in cues."""

_NUMBERED = r"(?:\d+(?:\.\d+)*\.?\s+)?"
"""A section number before a heading ("2.1 Indledning")."""


def _cues(*patterns: str) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns]


KIND_CUES: dict[str, list[re.Pattern[str]]] = {
    "correspondence": _cues(
        r"^\s*(?:Kære|Hej)\s+\S",
        r"(?:Med )?venlig(?:e|st)? hilsen|^\s*(?:Mvh|Hilsen|De bedste hilsner|Mange hilsner)\b",
        r"\bhenvendelse\b",
        r"\b(?:Deres|jeres|din|dit) (?:brev|mail|e-mail|henvendelse|spørgsmål|ansøgning)",
        r"^\s*(?:Vedr\.|Vedrørende|Angående)\s*:?\s*\S",
        r"^\s*Svar på\b",
        # an e-mail printout's header block (one cue), and what only e-mails print
        r"^\s*Fra:\s*\S[\s\S]{0,300}?^\s*(?:Til|Emne):\s*\S",
        r"^\s*(?:Sendt|Sent):\s*\S",
        r"^\s*Cc:\s",
        # decision letters
        r"\bafgørelse\b",
        r"\bklagevejledning\b|\bdu kan klage\b|\bklage over afgørelsen\b",
        r"\b(?:du|I) har (?:søgt|ansøgt) om\b|\bvi har modtaget (?:din|jeres)\b",
        r"\bpartshøring\b|\bbevillingsbrev\b|\btilsagn om tilskud\b",
    ),
    "minutes": _cues(
        r"\b(?:møde)?referat\b",
        r"^\s*(?:til stede|fraværende|afbud|deltagere|mødedeltagere|deltog)\b",
        r"\bbeslutningsprotokol\b|\bforhandlingsprotokol\b",
        r"\bafhold(?:t|tes)\b[^.\n]{0,40}\bmøde|\bmøde[^.\n]{0,20}\bafholdt\b",
        r"\b(?:hvor )?følgende (?:behandledes|forhandledes|var til behandling)\b",
        r"\bmødet (?:blev )?hævet\b|\bgodkendelse af (?:dagsorden|referat)\b",
        r"^\s*mødedato\b|^\s*mødested\b|^\s*mødetidspunkt\b",
        r"\b(?:vedtoges|besluttedes|bestemtes)\b",
    ),
    "agenda_item": _cues(
        r"\bsagsfremstilling\b",
        rf"^\s*{_NUMBERED}indstilling\b",
        r"\b(?:forvaltningen|direktionen|administrationen) indstiller\b|\bindstiller,? at\b",
        rf"^\s*{_NUMBERED}beslutning\b",
        r"\bdagsorden(?:spunkt)?\b",
        r"^\s*(?:åbent|lukket) punkt\b",
        r"^\s*(?:punkt|pkt\.)\s*\d+",
        r"^\s*sagens (?:indhold|baggrund|forløb)\b|^\s*tidligere beslutninger\b",
        r"\b(?:udvalg(?:et)?|byrådet|kommunalbestyrelsen|økonomiudvalget) (?:den|d\.)\s*\d",
        r"^\s*(?:økonomiske|økonomi og|personalemæssige|miljømæssige) konsekvenser\b",
    ),
    "memo": _cues(
        r"^\s*notat\b",
        r"\b(?:nærværende|dette|i dette) notat\b|\bnotatet\b",
        r"^\s*(?:til|fra|dato|emne|vedr\.?|sagsnr\.?|forfatter)\s*:[^\n]*\n(?:[^\n]*\n){0,3}?\s*"
        r"(?:til|fra|dato|emne|vedr\.?|sagsnr\.?)\s*:",
        rf"^\s*{_NUMBERED}(?:formål|konklusion|anbefaling|sammenfatning|baggrund)\s*$",
    ),
    "report": _cues(
        r"rapport(?:en)?\b",
        rf"^\s*indholdsfortegnelse\b|^\s*{_NUMBERED}indhold\s*$",
        r"(?:\.\s?){6,}\s*\d+\s*$",
        rf"^\s*{_NUMBERED}(?:sammenfatning|resumé|konklusion(?:er)?|indledning|introduktion|"
        r"metode|anbefalinger|læsevejledning|forord|baggrund)\s*$",
        r"\bvejledning(?:en)?\b",
        r"\b(?:evaluering|analyse|undersøgelse|kortlægning|redegørelse|arbejdsoplæg)(?:en)?\b",
        r"^\s*(?:bilag|appendix|kapitel|del)\s*\d",
        r"\bnærværende (?:rapport|dokument|vejledning|oplæg)\b",
    ),
    "other": _cues(
        r"\baftale(?:n)?\b[^.\n]{0,60}\bmellem\b|\bparterne\b",
        r"\b(?:kontrakt|databehandleraftale|standardkontrakt|samarbejdsaftale|lejekontrakt|"
        r"kontraktbestemmelser)",
        r"\b(?:vedtægt|byplanvedtægt|lokalplan|regulativ|deklaration)(?:en|er)?\b",
        r"^\s*§\s*\d+\s*\.?\s+[A-ZÆØÅ]",
        r"^\s*(?:liste|oversigt) over\b",
        r"\bunderskrift\b|\bunderskrevet\b|\bfor (?:leverandøren|kunden|databehandleren)\b",
    ),
}
"""The cues of each kind; `other` collects the genres that stay `other`."""

TITLE_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s*notat\b", re.I), "memo"),
    (re.compile(r"\b(?:møde)?referat\b|\bbeslutningsprotokol\b", re.I), "minutes"),
    (re.compile(r"\bdagsorden\b|\bsagsfremstilling\b", re.I), "agenda_item"),
    (re.compile(r"rapport\b|\bvejledning\b|\bevaluering\b|\bredegørelse\b", re.I), "report"),
    (re.compile(r"\bafgørelse\b|\bsvar på\b", re.I), "correspondence"),
    (re.compile(r"vedtægt|lokalplan|aftale|kontrakt", re.I), "other"),
]
"""A title naming the kind: it counts `TITLE_WEIGHT` cues."""

_ORDER = ["correspondence", "minutes", "agenda_item", "memo", "report", "other"]


def kind_scores(text: str, title: str | None = None) -> dict[str, int]:
    """How many distinct cues of each kind the text prints (the title's naming counts more)."""
    scores = {kind: sum(1 for cue in cues if cue.search(text)) for kind, cues in KIND_CUES.items()}
    for pattern, kind in TITLE_KINDS:
        if title and pattern.search(title):
            scores[kind] += TITLE_WEIGHT
            break
    return scores


def document_kind(text: str, title: str | None = None) -> str:
    """`correspondence`, `minutes`, `agenda_item`, `memo`, `report` or `other`."""
    scores = kind_scores(text, title)
    best = max(_ORDER, key=lambda k: (scores[k], -_ORDER.index(k)))
    return best if scores[best] >= MIN_CUES else "other"
