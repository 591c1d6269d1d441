"""General patterns for organisations and people that no list knows.

Organisations: a name after a cue noun ("organisationen LGBT Asylum"); capitalised multiword
names ending (or starting) with a word for a kind of organisation (Fonden, Forening, Forbund,
Research, Center for ..., the table `extractors/data/org_words.csv`, every row with its
source), unless the last word names an event (Week, Festival, Konference); CamelCase brand
names ("RådgivningsDanmark"); an acronym with a capitalised word ("MIX CPH"); the capitalised
items of a list after "samarbejdspartnere som". People: the addressees after "Kære", the signature after "Med
venlig hilsen", and names after a title ("borgmester X"). A name found once is found
everywhere in the document (`propagate`), genitive included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from munidocs.extractors.entities.base import (
    GENERIC_BODIES,
    Hit,
    common_words,
    read_sourced_csv,
    sentence_initial,
    stop_words,
)
from munidocs.extractors.reading.profiles import heading_words

_CAPW = r"(?:[A-ZÆØÅ][\w&'’+]*(?:-[\w&'’+]+)*)"
_ACRONYM = r"(?:[A-ZÆØÅ]{2,6}\+?)"
_CONNECT = r"(?:\s+(?:for|og|af|til|i|of|the|and|&)\s+|\s+)"
_RUN = re.compile(rf"(?<![\w-]){_CAPW}(?:{_CONNECT}{_CAPW})*")


@dataclass(frozen=True)
class OrgWords:
    """Head words of organisation and event names, from extractors/data/org_words.csv."""

    last: frozenset[str]
    first: frozenset[str]
    suffixes: tuple[str, ...]
    events: frozenset[str]


@lru_cache(maxsize=1)
def org_words() -> OrgWords:
    """The head-word table, each row with its source; kept as data so that a word is added
    with the reason it names organisations everywhere, not because one document needed it."""
    by_position: dict[str, set[str]] = {
        "last": set(),
        "first": set(),
        "suffix": set(),
        "event": set(),
    }
    for row in read_sourced_csv("org_words.csv"):
        position = row["position"]
        if position not in by_position:
            raise ValueError(f"org_words.csv: unknown position {position!r} for {row['word']!r}")
        by_position[position].add(row["word"].lower())
    return OrgWords(
        last=frozenset(by_position["last"]),
        first=frozenset(by_position["first"]),
        # longest first: the stem left before a suffix is the shortest one
        suffixes=tuple(sorted(by_position["suffix"], key=lambda s: (-len(s), s))),
        events=frozenset(by_position["event"]),
    )


ORG_LAST = org_words().last
_ORG_FIRST = org_words().first
ORG_SUFFIXES = org_words().suffixes
NOT_ORG_LAST = org_words().events

_CUE = re.compile(
    r"(?<![\w-])(?:organisationen|foreningen|fonden|netværket|virksomheden|firmaet|selskabet|"
    r"ngo'en|NGO'en|partneren|aktøren|leverandøren|konsulentfirmaet|konsulenthuset)\s+"
    rf"(?P<name>{_CAPW}(?:\s+{_CAPW}){{0,4}})"
)
_LIST_CUE = re.compile(
    r"(?<![\w-])(?i:samarbejdspartnere|samarbejdspartnerne|partnere|organisationer|foreninger|"
    r"aktører|NGO'er|ngo'er|virksomheder|leverandører)\s+(?:som|såsom|fx|f\.eks\.|herunder|"
    r"bl\.a\.|blandt andet|:)\s+"
)
_LIST_ITEM = re.compile(
    rf"(?P<item>{_CAPW}(?:\s+{_CAPW}){{0,4}})(?P<sep>\s*,\s*|\s+(?:og|samt|eller)\s+)?"
)
_CAMEL = re.compile(r"(?<![\w-])[A-ZÆØÅ][a-zæøå]+(?:[A-ZÆØÅ][a-zæøå]+)+(?![\w-])")
_ACRO_RUN = re.compile(
    rf"(?<![\w-])(?:{_ACRONYM}\s+[A-ZÆØÅ][a-zæøå]+|{_ACRONYM}(?:\s+{_ACRONYM}){{1,2}})(?![\w-])"
)
_DEAR = re.compile(r"(?<![\w-])Kære\s+")
_SIGN = re.compile(
    r"(?<![\w-])(?:Med\s+)?(?:[Vv]enlig(?:e|st)?\s+(?:hilsen|hilsner)|Mvh\.?|Kind regards)\s*,?\s+"
)
_TITLE = re.compile(
    r"(?<![\w-])(?:\w*(?:borgmester|rådmand|direktør|formand|chef|konsulent|fuldmægtig|"
    r"sagsbehandler|kontaktperson|minister|ministeren|leder)|v/|"
    r"medlem af Borgerrepræsentationen|medlem af byrådet|medlem af kommunalbestyrelsen|"
    r"medlem af Folketinget|MB|MF|BR-medlem)\s*:?\s+"
    r"(?=[A-ZÆØÅ])",
    re.IGNORECASE,
)
_PERSON_TOKEN = re.compile(r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?(?![\w-])")
JOB_TITLES = frozenset(
    [
        "administrerende",
        "direktør",
        "vicedirektør",
        "kontorchef",
        "centerchef",
        "chef",
        "souschef",
        "specialkonsulent",
        "chefkonsulent",
        "konsulent",
        "fuldmægtig",
        "sagsbehandler",
        "teamleder",
        "afdelingschef",
        "leder",
        "borgmester",
        "rådmand",
        "overborgmester",
        "formand",
        "medarbejder",
        "projektleder",
        "økonomichef",
        "sekretær",
        "jurist",
        "bilag",
    ]
)
_SENTENCE_ADVERBS = frozenset(
    "desuden derudover herudover endvidere samtidig således dermed derfor heraf hertil "
    "ligeledes endelig også både men fordi hvis når imens".split()
)
# headings and letter furniture that run into a name once line breaks are gone: those of
# Danish letters and agenda items in general, and the headings of the template profiles
# (extractors/data/profiles, each with its source)
STRUCTURE_WORDS = (
    frozenset(
        "Kære Til Hej Vedr Vedrørende Dato Emne Resume Beslutning Baggrund Indhold Økonomi "
        "Bilag Side Sagsnr J.nr Svar Spørgsmål Indstilling Fra Tabel Adresse Kontaktperson "
        "Tidsplan".split()
    )
    | heading_words()
)
# words that open a letter's first sentence right after the greeting ("Kære Lise Tak for ...")
LETTER_OPENERS = frozenset(
    "Tak Vi Jeg Hermed Mange Tusind Først Som I Du De Det Der Hej Her Din Jeres Jf "
    "Indledningsvis Med Venlig Svar Vedr Vedrørende Angående".split()
)


def _hit(start: int, end: int, label: str, text: str, normalized: str | None = None) -> Hit:
    span = text[start:end]
    return Hit(start, end, label, span, normalized or span, "pattern")


def _is_common(word: str) -> bool:
    low = word.lower()
    return low in common_words() or low in stop_words()


def _strip_run(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop sentence-initial capitalised stop words ("I Danmark", "Der ...") from a run."""
    while start < end:
        m = re.match(r"\S+\s+", text[start:end])
        if not m:
            break
        first = m.group().strip()
        low = first.lower()
        if (
            low in stop_words()
            or low in _SENTENCE_ADVERBS
            or (
                sentence_initial(text, start)
                and low in common_words()
                and (low.endswith(("et", "en", "ene", "erne")) or len(text[start:end].split()) == 2)
            )
        ):
            start += m.end()
        else:
            break
    return start, end


def _run_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A capitalised run cut at letter headings and greetings ("... Voksne Kære Jens"); if the
    whole part is no organisation, its halves around "og" are tried ("Kirkens Korshær og
    Mændenes Hjem")."""
    parts: list[tuple[int, int]] = []
    cursor = start
    for m in re.finditer(r"\S+", text[start:end]):
        if m.group().rstrip(":.") in STRUCTURE_WORDS:
            if cursor < start + m.start():
                parts.append((cursor, start + m.start()))
            cursor = start + m.end()
    if cursor < end:
        parts.append((cursor, end))
    out: list[tuple[int, int]] = []
    for p_start, p_end in parts:
        p_start, p_end = (
            p_start + _lspace(text, p_start, p_end),
            p_end - _rspace(text, p_start, p_end),
        )
        if p_start >= p_end:
            continue
        # "Socialforvaltningen Center for Udsatte Voksne": a name starting inside the run
        for w in re.finditer(r"\S+", text[p_start:p_end]):
            if w.start() and w.group().lower() in _ORG_FIRST:
                out.append((p_start + w.start(), p_end))
        halves = _split_og(text, p_start, p_end)
        if len(halves) > 1 and any(_org_from_run(text, a, b) for a, b in halves):
            out.extend(halves)
        else:
            out.append((p_start, p_end))
    return out


def _split_og(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a run between its "og"s."""
    parts, cursor = [], start
    for m in re.finditer(r"\s+og\s+", text[start:end]):
        parts.append((cursor, start + m.start()))
        cursor = start + m.end()
    parts.append((cursor, end))
    return parts


def _lspace(text: str, start: int, end: int) -> int:
    return len(text[start:end]) - len(text[start:end].lstrip())


def _rspace(text: str, start: int, end: int) -> int:
    return len(text[start:end]) - len(text[start:end].rstrip())


_PLACE_HEADS = frozenset(
    "kommune kommunalbestyrelse kommunalbestyrelsen byråd sogneråd sogneraad amtsråd amtsraad "
    "amt region skole efterskole højskole gymnasium bibliotek museum sparekasse".split()
)
"""Head words of names made of a place and the head ("Elev Kommune", "Rønde Bibliotek"): a
name of this kind holds no "i", "af", "for" or "til", so a run with one begins after it
("Medlem af Kommunalbestyrelsen", "Spild i Elev Kommune" in older print)."""
_RUN_LINK = re.compile(r"\s(?:i|af|for|til)\s")


def _org_from_run(text: str, start: int, end: int) -> Hit | None:
    start, end = _strip_run(text, start, end)
    words = text[start:end].split()
    if len(words) > 1 and words[-1].lower().removesuffix("s") in _PLACE_HEADS:
        links = list(_RUN_LINK.finditer(text, start, end))
        if links:
            start = links[-1].end()
            words = text[start:end].split()
    if len(words) < 2:
        word = words[0] if words else ""
        low = word.lower()
        stem = next((low[: -len(s)] for s in ORG_SUFFIXES if low.endswith(s)), None)
        if (
            stem
            and len(stem.strip("-")) >= 4
            and low not in GENERIC_BODIES
            and low not in common_words()
            and not sentence_initial(text, start)
        ):
            return _hit(start, end, "ORG", text)
        return None
    last, first = words[-1].lower(), words[0].lower()
    if last in NOT_ORG_LAST:
        return None
    genitive = last.endswith("s") and (last[:-1] in ORG_LAST or last[:-1].endswith(ORG_SUFFIXES))
    if last in ORG_LAST or last.endswith(ORG_SUFFIXES) or genitive:
        name = text[start:end]
        return _hit(start, end, "ORG", text, name[:-1] if genitive else name)
    if first in _ORG_FIRST:
        return _hit(start, end, "ORG", text)
    return None


def find_orgs(text: str) -> list[Hit]:
    """Organisation hits from the general patterns (cue, list, head word, CamelCase, acronym)."""
    hits: list[Hit] = []
    for m in _CUE.finditer(text):
        start, end = m.start("name"), m.end("name")
        words = text[start:end].split()
        # stop at a capitalised common word that starts the next heading
        while len(words) > 2 and _is_common(words[-1]) and not words[-1].isupper():
            end -= len(words[-1]) + 1
            end = start + len(text[start:end].rstrip())
            words = words[:-1]
        hits.append(_hit(start, end, "ORG", text))
    for m in _LIST_CUE.finditer(text):
        pos = m.end()
        while True:
            item = _LIST_ITEM.match(text, pos)
            if not item:
                break
            s, e = item.start("item"), item.end("item")
            if not _is_common(text[s:e]) or text[s:e].isupper():
                hits.append(_hit(s, e, "ORG", text))
            if not item.group("sep"):
                break
            pos = item.end()
    for m in _RUN.finditer(text):
        for start, end in _run_parts(text, m.start(), m.end()):
            hit = _org_from_run(text, start, end)
            if hit is not None:
                hits.append(hit)
    for m in _CAMEL.finditer(text):
        hits.append(_hit(m.start(), m.end(), "ORG", text))
    for m in _ACRO_RUN.finditer(text):
        words = m.group().split()
        if any(_is_common(w) and not w.isupper() for w in words):
            continue
        hits.append(_hit(m.start(), m.end(), "ORG", text))
    return hits


_ALIAS = re.compile(r"\s*\((?P<acr>[A-ZÆØÅ]{2,8})\)")


def aliases(text: str, orgs: list[Hit]) -> list[Hit]:
    """An acronym in brackets right after an organisation is that organisation."""
    out = []
    for org in orgs:
        m = _ALIAS.match(text, org.end)
        if m:
            acr = m.group("acr")
            out.append(Hit(m.start("acr"), m.end("acr"), "ORG", acr, org.normalized, "pattern"))
    return out


def _person_at(text: str, pos: int, min_tokens: int = 2) -> Hit | None:
    """A personal name of `min_tokens` to 3 tokens starting at pos, stopping at job titles,
    letter openers ("Tak for ...") and trailing common words."""
    toks: list[re.Match[str]] = []
    cursor = pos
    while len(toks) < 3:
        m = _PERSON_TOKEN.match(text, cursor)
        if not m or m.group().lower() in JOB_TITLES or m.group() in LETTER_OPENERS:
            break
        toks.append(m)
        ws = re.match(r"[ ]+", text[m.end() :])
        if not ws:
            break
        cursor = m.end() + ws.end()
    while len(toks) > 2 and _is_common(toks[-1].group()):
        toks.pop()
    if len(toks) < min_tokens or (len(toks) == 1 and _is_common(toks[0].group())):
        return None
    return _hit(toks[0].start(), toks[-1].end(), "PER", text)


def find_people(text: str) -> list[Hit]:
    """People after "Kære" (first names alone too), in a signature, and after a title."""
    hits: list[Hit] = []
    for m in _DEAR.finditer(text):
        pos = m.end()
        while True:
            person = _person_at(text, pos, min_tokens=1)
            if person is None:
                break
            hits.append(person)
            sep = re.match(r"\s*(?:,|og)\s+", text[person.end :])
            if not sep:
                break
            pos = person.end + sep.end()
    for regex in (_SIGN, _TITLE):
        for m in regex.finditer(text):
            person = _person_at(text, m.end())
            if person is not None:
                hits.append(person)
    return hits


def propagate(pages: list[str], seeds: Iterable[Hit]) -> list[list[Hit]]:
    """Every other mention (and genitive) of a name found once, on every page."""
    names: dict[str, tuple[str, str, str]] = {}
    for hit in seeds:
        if hit.label in ("ORG", "PER") and len(hit.text) >= 3:
            value = (hit.label, hit.normalized or hit.text, hit.source)
            names.setdefault(hit.normalized or hit.text, value)
            names.setdefault(hit.text, value)
    out: list[list[Hit]] = [[] for _ in pages]
    if not names:
        return out
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # not inside a longer capitalised name ("Copenhagen Pride" in "Copenhagen Pride Week")
    regex = re.compile(rf"(?<![\w-])(?:{alternation})(?P<gen>s)?(?![\w-])(?! [A-ZÆØÅ][a-zæøå])")
    for i, text in enumerate(pages):
        for m in regex.finditer(text):
            base = m.group()[:-1] if m.group("gen") else m.group()
            label, normalized, source = names[base]
            out[i].append(Hit(m.start(), m.end(), label, m.group(), normalized, source))
    return out
