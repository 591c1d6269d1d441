"""Danish law references: every citation form of municipal letters and notes, normalised to
(law, section, subsection), with the ELI where a law is cited by number and date.

The law names come from extractors/data/laws.csv (short name, full title, aliases,
abbreviations); the genitive of each form is derived, so "lov om social service",
"servicelovens" and "serviceloven" are one law. A § reference without a law ("jf. § 12,
stk. 1") takes the law last cited before it on the same or the previous page.

Beyond national acts: a municipality's own statutes ("Københavns Kommunes styrelsesvedtægt
§ 12, stk. 5", "§ 12 i vedtægten for Borgerrådgiveren", "byplanvedtægt nr. 48") are laws of
their own; EU acts are cited by article ("artikel 28, stk. 3, i forordning 2016/679"), the
article kept as the section; subsection ranges ("§ 44, stk. 2-7") stay one row, like section
ranges. A document that is itself a statute, or a guide to one (its title names it), prints
its own sections as headings ("§ 4. Bebyggelsens omfang", "§ 1 Bekendtgørelsen gælder ..."):
a heading is no reference, but a bare § after it, or one whose number is a heading of the
document, is a section of the document's own law ("bekendtgørelsens § 3" likewise), never of
the act last named nearby.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from munidocs.extractors.entities.base import Hit, literal_alternation, read_csv, split_list
from munidocs.extractors.lexicon.dates import CITED_DATE, NUMERIC_DATE

_B = r"(?<![\w-])"  # no letter, digit or hyphen before
_E = r"(?![\w-])"  # nor after


@dataclass(frozen=True)
class LawTable:
    """Name forms (lowercase) and abbreviations (case-sensitive) to canonical short names."""

    forms: dict[str, str]
    abbreviations: dict[str, str]
    name_re: re.Pattern[str]
    abbr_re: re.Pattern[str]


def _genitive(form: str) -> str | None:
    if form.endswith(("en", "et", "lov")):
        return form + "s"
    return None


@lru_cache(maxsize=1)
def law_table() -> LawTable:
    """The law table from extractors/data/laws.csv, with derived genitive and definite forms."""
    forms: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    for row in read_csv("laws.csv"):
        canonical = row["short_name"].strip().lower()
        names = [canonical, row["title"].strip().lower(), *split_list(row["aliases"])]
        for name in names:
            name = name.lower()
            variants = {name, name.removesuffix(" m.v.")}
            if name.startswith("lov om "):
                variants.add("loven om " + name[len("lov om ") :])
            if name.startswith("bekendtgørelse om "):
                variants.add("bekendtgørelsen om " + name[len("bekendtgørelse om ") :])
            for v in list(variants):
                gen = _genitive(v)
                if gen and " " not in v:
                    variants.add(gen)
            for v in variants:
                forms.setdefault(v, canonical)
        for abbr in split_list(row["abbreviations"]):
            abbreviations[abbr] = canonical
    alternation = literal_alternation(forms)
    abbr_alt = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    return LawTable(
        forms=forms,
        abbreviations=abbreviations,
        name_re=re.compile(rf"{_B}(?:{alternation}){_E}", re.IGNORECASE),
        abbr_re=re.compile(rf"{_B}(?:{abbr_alt}){_E}"),
    )


_VERB = (
    r"\s(?:ophæves|ændres|gælder|træder|finder|fastsætter|fastsættes|bortfalder|indeholder|"
    r"omfatter|skal|skulle|skulde|vil|ville|vilde|kunne|kunde|bør|burde|er|var|blev|bliver|har|"
    r"havde|kan|må|vedtages|godkendes)(?![\w-])"
)
"""A finite verb after a title ends it ("bekendtgørelse ... om arkiveringsversioner ophæves")."""
_SEC_NO = r"\d+(?:\s?[a-h](?![\w]))?"
_STK_NO = r"\d+(?:\s*[-–]\s*\d+)?"
_SECREF = re.compile(
    r"(?P<sign>§§?|(?<![\w-])(?:[Aa]rtikel|[Aa]rtiklerne|[Aa]rt\.)(?=\s*\d))"
    rf"\s*(?P<secs>{_SEC_NO}(?:\s*(?:,|og|eller|-|–)\s*{_SEC_NO}(?!\.\s*pkt))*)"
    rf"(?:\s*,?\s*[Ss]tk\.?\s*(?P<stks>{_STK_NO}(?:\s*(?:,|og|eller)\s*{_STK_NO}(?!\.\s*pkt))*))?"
    r"(?:\s*,?\s*nr\.\s*\d+)?(?:\s*,?\s*\d+\.\s*pkt\.)?"
)
_CITATION = re.compile(
    r"(?<![\w-])(?P<kind>lovbekendtgørelse|bekendtgørelse|lov|LBK|BEK|lovbek\.)\s+(?:nr\.?|№|no\.)\s*"
    rf"(?P<nr>\d+)\s+af\s+(?P<date>{CITED_DATE}|{NUMERIC_DATE})"
    rf"(?P<title>\s+om\s+[a-zæøå][\w\s-]*?(?=[,.;:()]|\s§|$|{_VERB}))?",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"(?<![\w-])(?P<kind>lovbekendtgørelse|bekendtgørelse|lov)\s+nr\.?\s*\d+\s+"
    rf"om\s+(?P<title>[a-zæøå][\w\s-]*?)(?=[,.;:()]|\s§|$|{_VERB})",
    re.IGNORECASE,
)
"""An act or order cited by number without its date ("bekendtgørelse nr. 128 om ..."): no ELI."""
_STATUTE_OWNER = re.compile(
    r"(?P<owner>(?:[A-ZÆØÅ][\w-]*\s+)?(?:Kommunes|Regions|Region\s+[A-ZÆØÅ][\w-]*s))\s+"
    r"(?P<kind>styrelsesvedtægt|vedtægt|forretningsorden|regulativ)(?:en|s)?(?![\w-])"
)
_STATUTE_FOR = re.compile(
    r"(?<![\w-])(?P<kind>[Ss]tyrelsesvedtægt|[Vv]edtægt|[Ff]orretningsorden)(?:en)?\s+for\s+"
    r"(?P<owner>(?:det\s+|den\s+)?[A-ZÆØÅ][\w-]*(?:\s+(?:og\s+)?[A-ZÆØÅ][\w-]*)*)"
)
_PLAN = re.compile(
    r"(?<![\w-])(?:partiel\s+)?(?P<kind>byplanvedtægt|lokalplan|kommuneplantillæg)(?:en)?"
    r"\s+nr\.?\s*(?P<nr>\d+[\w.-]*?)(?=[\s,.;:)]|$)",
    re.IGNORECASE,
)
"""A municipality's own statutes and plans, each a law of its own."""
_UNKNOWN_LAW = re.compile(r"(?<![\w/-])([a-zæøåA-ZÆØÅ][a-zæøå]{2,}lov(?:en|ens))(?![\w/-])")
"""An act not in the table, by its one-word name ("snekastningsloven"; older print capitalises
nouns: "Landkommunalloven")."""
_NOT_LAWS = frozenset({"forloven", "sneploven", "hestesloven"})
_UNKNOWN_TITLE = re.compile(
    r"(?<![\w-])(?P<kind>lov|bekendtgørelsen?)\s+om\s+(?P<title>[a-zæøå][a-zæøå\s-]{2,80}?)"
    rf"(?=\s*,?\s*§|\s*,\s|[.;:()]|{_VERB})"
)
_CONTEXT_LAW = re.compile(
    r"(?<![\w-])(?P<word>lovens|bekendtgørelsens|forordningens|vedtægtens)\s*$", re.IGNORECASE
)
_IN_LAW = re.compile(
    r"\s*,?\s+(?:i|efter|jf\.)\s+(?:denne\s+)?(?P<word>loven|bekendtgørelsen|forordningen|vedtægten)"
    r"(?![\w])"
)
_REFERRING = re.compile(
    r"(?:\b(?:i|efter|jf|jfr|af|til|og|eller|samt|ifølge|iht|h\.t|medfør af|se|om|på|under|"
    r"henhold til|hjemmel i|nævnte|lovens|bekendtgørelsens|forordningens|vedtægtens)|[,(])\.?\s*$",
    re.IGNORECASE,
)
"""Words before a § that make it a reference in a sentence, not a section heading."""
_HEADING_AFTER = re.compile(r"\.?\s+(?=[A-ZÆØÅ])")
_EU_ACT = re.compile(r"forordning|direktiv|konvention|traktat|gdpr", re.IGNORECASE)
_LINK_AFTER = re.compile(r"\s*,?\s+(?:i|efter|jf\.|ifølge)\s+", re.IGNORECASE)
_NAME_THEN_CITATION = re.compile(r"\s*[,(]?\s*(?:jf\.\s*)?")


@dataclass(frozen=True)
class LawName:
    """A law named in the text (by name, title, abbreviation or number and date)."""

    start: int
    end: int
    law: str
    eli: str | None
    needs_section: bool = False  # abbreviations and unknown laws count only with a §


@dataclass(frozen=True)
class LawRef:
    """One (law, section, subsection) row and the text span it was read from."""

    start: int
    end: int
    law: str
    section: str | None
    subsection: str | None
    eli: str | None


def eli_for(year: str, number: str) -> str:
    """ELI of a Danish act or order cited by number and year (Lovtidende A)."""
    return f"eli/lta/{int(year)}/{int(number)}"


def _title_law(kind: str, title: str) -> str:
    forms = law_table().forms
    kind = "bekendtgørelse" if kind.lower().startswith(("bek", "lbk")) else "lov"
    title = " ".join(title.lower().split()).removesuffix(" m.v.").strip(" ,")
    for candidate in (f"{kind} om {title}", f"lov om {title}", f"bekendtgørelse om {title}"):
        if candidate in forms:
            return forms[candidate]
    return f"{kind} om {title}"


def find_law_names(text: str) -> list[LawName]:
    """Every law named on the page, longest form first, never overlapping."""
    table = law_table()
    found: list[LawName] = []

    def free(start: int, end: int) -> bool:
        return not any(start < n.end and n.start < end for n in found)

    for m in _CITATION.finditer(text):
        eli = eli_for(m.group("date")[-4:], m.group("nr"))  # both date forms end in the year
        title = m.group("title")
        if title and len(title.split()) <= 12:
            law = _title_law(m.group("kind"), title.strip()[3:])
            found.append(LawName(m.start(), m.end(), law, eli))
        else:
            end = m.end("date")
            law = " ".join(text[m.start() : end].lower().split())
            found.append(LawName(m.start(), end, law, eli))
    for m in _NUMBERED.finditer(text):
        if free(m.start(), m.end()) and len(m.group("title").split()) <= 12:
            found.append(
                LawName(m.start(), m.end(), _title_law(m.group("kind"), m.group("title")), None)
            )
    for name in statute_names(text):
        if free(name.start, name.end):
            found.append(name)
    for m in table.name_re.finditer(text):
        if free(m.start(), m.end()):
            found.append(LawName(m.start(), m.end(), table.forms[m.group().lower()], None))
    for m in table.abbr_re.finditer(text):
        if free(m.start(), m.end()):
            found.append(LawName(m.start(), m.end(), table.abbreviations[m.group()], None, True))
    for m in _UNKNOWN_LAW.finditer(text):
        word = m.group(1).lower()
        if word.removesuffix("s") in _NOT_LAWS or not free(m.start(), m.end()):
            continue
        # "snekastningsloven" is a reference; its genitive only with the § it governs
        genitive = word.endswith("s")
        found.append(LawName(m.start(), m.end(), word.removesuffix("s"), None, genitive))
    for m in _UNKNOWN_TITLE.finditer(text):
        if free(m.start(), m.end()) and len(m.group("title").split()) <= 8:
            law = _title_law(m.group("kind"), m.group("title"))
            found.append(LawName(m.start(), m.end(), law, None, True))
    return _attach_citations(sorted(found, key=lambda n: n.start), text)


def statute_names(text: str) -> list[LawName]:
    """A municipality's or region's own statutes and plans named in the text: "Københavns
    Kommunes styrelsesvedtægt", "vedtægten for Borgerrådgiveren", "byplanvedtægt nr. 48" (a
    plan counts only with a §: "lokalplan nr. 12" alone is a plan, not a reference)."""
    out = []
    for m in _STATUTE_OWNER.finditer(text):
        law = f"{' '.join(m.group('owner').lower().split())} {m.group('kind')}"
        out.append(LawName(m.start(), m.end(), law, None))
    for m in _STATUTE_FOR.finditer(text):
        kind, owner = m.group("kind").lower(), " ".join(m.group("owner").split())
        if kind == "styrelsesvedtægt" and owner.endswith(("Kommune", "Region")):
            law = f"{owner.lower()}s styrelsesvedtægt"
        else:
            law = f"{kind} for {owner.lower()}"
        out.append(LawName(m.start(), m.end(), law, None))
    for m in _PLAN.finditer(text):
        law = f"{m.group('kind').lower()} nr. {m.group('nr').lower()}"
        out.append(LawName(m.start(), m.end(), law, None, True))
    return out


def own_law(title: str | None) -> str | None:
    """The law a document is, or is a guide to, when its title names one ("Vejledning til
    bekendtgørelse om arkiveringsversioner", "Partiel byplanvedtægt nr. 48 for ...")."""
    if not title:
        return None
    flat = " ".join(title.split())
    names = statute_names(flat) or find_law_names(flat.lower() + ".")
    return names[0].law if names else None


def _attach_citations(names: list[LawName], text: str) -> list[LawName]:
    """ "lov om social service, jf. lovbekendtgørelse nr. 1 af ..." is one law with an ELI."""
    out: list[LawName] = []
    for name in names:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.eli is None
            and name.eli is not None
            and name.law.split(" nr. ")[0] in ("lov", "lovbekendtgørelse", "bekendtgørelse", "lbk")
            and _NAME_THEN_CITATION.fullmatch(text, prev.end, name.start)
        ):
            out[-1] = LawName(prev.start, name.end, prev.law, name.eli, prev.needs_section)
            continue
        out.append(name)
    return out


def _split_numbers(value: str | None) -> list[str | None]:
    if not value:
        return [None]
    parts = [p.strip() for p in re.split(r"\s*(?:,|\bog\b|\beller\b)\s*", value) if p.strip()]
    return [re.sub(r"\s*[-–]\s*", "-", re.sub(r"\s+", " ", p)) for p in parts] or [None]


def _rows(start: int, end: int, law: str, eli: str | None, m: re.Match[str]) -> list[LawRef]:
    """One row per (section, subsection); "§§ 6 og 9, stk. 2": the stk. is the last §'s."""
    secs = _split_numbers(m.group("secs"))
    stks = _split_numbers(m.group("stks"))
    return [
        LawRef(start, end, law, sec, stk, eli)
        for k, sec in enumerate(secs)
        for stk in (stks if k == len(secs) - 1 else [None])
    ]


@dataclass
class LawContext:
    """The law last cited, carried across pages for bare § references; the document's own law
    and section headings, and the order (bekendtgørelse) last named."""

    law: str | None = None
    eli: str | None = None
    page: int = 0
    own: str | None = None
    own_sections: frozenset[str] = frozenset()
    order: str | None = None


def section_headings(text: str) -> list[re.Match[str]]:
    """The § numbers a page prints as its own section headings ("§ 4. Bebyggelsens omfang"):
    a § with no stk., not after a word that makes it a reference, before a capitalised word
    that names no law."""
    found = find_law_names(text)
    names = {n.start for n in found}
    name_ends = {n.end for n in found}
    out = []
    for m in _SECREF.finditer(text):
        if not m.group("sign").startswith("§") or m.group("stks") or len(m.group("sign")) > 1:
            continue
        if _REFERRING.search(text, max(0, m.start() - 24), m.start()):
            continue
        if len(text[: m.start()].rstrip(" ,(")) in name_ends:  # "servicelovens § 85"
            continue
        after = _HEADING_AFTER.match(text, m.end())
        link = _LINK_AFTER.match(text, m.end())
        if after and after.end() not in names and not (link and link.end() in names):
            out.append(m)
    return out


def document_context(texts: list[str], title: str | None) -> LawContext:
    """The context a document starts with: its own law (from the title) and its headings."""
    sections = {m.group("secs").strip() for text in texts for m in section_headings(text)}
    own = own_law(title)
    order = own if own and own.startswith("bekendtgørelse") else None
    return LawContext(own=own, own_sections=frozenset(sections), order=order)


def find_law_references(text: str, page: int, context: LawContext) -> list[LawRef]:
    """All law references on one page, in text order; `context` is updated as it goes."""
    names = find_law_names(text)
    by_start = {n.start: n for n in names}
    headings = {m.start() for m in section_headings(text)} if context.own_sections else set()
    used_names: set[int] = set()
    used_secs: set[int] = set()
    refs: list[LawRef] = []
    if context.page and page - context.page > 1:
        context.law = None
    events: list[tuple[int, LawName | re.Match[str]]] = [(n.start, n) for n in names]
    events += [(m.start(), m) for m in _SECREF.finditer(text)]
    events.sort(key=lambda e: e[0])
    for _, obj in events:
        if isinstance(obj, LawName):
            if obj.start in used_names:
                continue
            used_names.add(obj.start)
            # a name followed by a § reference: "integrationslovens § 18", "SEL § 85"
            gap = _gap(text, obj.end)
            sec = _SECREF.match(text, obj.end + len(gap))
            if sec:
                refs.extend(_rows(obj.start, sec.end(), obj.law, obj.eli, sec))
                used_secs.add(sec.start())
            elif not obj.needs_section or obj.eli:
                refs.append(LawRef(obj.start, obj.end, obj.law, None, None, obj.eli))
            context.law, context.eli, context.page = obj.law, obj.eli, page
            if obj.law.startswith("bekendtgørelse"):
                context.order = obj.law
            continue
        sec = obj
        if sec.start() in used_secs:
            continue
        # a § reference followed by its law: "§ 85, stk. 2, i lov om social service"
        link = _LINK_AFTER.match(text, sec.end())
        target = by_start.get(link.end()) if link else None
        if target is not None and target.start not in used_names:
            refs.extend(_rows(sec.start(), target.end, target.law, target.eli, sec))
            used_names.add(target.start)
            context.law, context.eli, context.page = target.law, target.eli, page
            continue
        # the document's own section heading: no reference; bare §s after it are its own
        if sec.start() in headings:
            context.law, context.eli, context.page = context.own, None, page
            continue
        # a bare § reference: the law from the context ("jf. § 12, stk. 1", "lovens § 18")
        start, end = sec.start(), sec.end()
        before = _CONTEXT_LAW.search(text, max(0, start - 24), start)
        if before:
            start = before.start()
        in_law = _IN_LAW.match(text, end)
        if in_law:
            end = in_law.end()
        law, eli = _bare_law(sec, (before or in_law), context)
        if law is not None:
            refs.extend(_rows(start, end, law, eli, sec))
            context.page = page
    return refs


def _bare_law(
    sec: re.Match[str], word: re.Match[str] | None, context: LawContext
) -> tuple[str | None, str | None]:
    """The law of a § without a name: "bekendtgørelsens § 3" the order last named (or the
    document's own), a § the document prints as a heading its own law, else the law last
    cited. An article needs an EU act (or convention) in the context."""
    kind = word.group("word").lower() if word else ""
    law, eli = context.law, context.eli
    if kind.startswith("bekendtgørelse") and context.order:
        law, eli = context.order, None
    elif (kind.startswith("vedtægt") and context.own) or (
        not kind and sec.group("secs").strip() in context.own_sections
    ):
        law, eli = context.own, None
    if not sec.group("sign").startswith("§") and (law is None or not _EU_ACT.search(law)):
        return None, None
    return law, eli


def _gap(text: str, pos: int) -> str:
    m = re.match(r"\s*,?\s*", text[pos:])
    return m.group() if m else ""


def law_hits(text: str, refs: list[LawRef]) -> list[Hit]:
    """LAW entities: one per reference span (several rows of "§§ 83 og 85" share one)."""
    seen: dict[tuple[int, int], Hit] = {}
    for ref in refs:
        key = (ref.start, ref.end)
        if key not in seen:
            seen[key] = Hit(ref.start, ref.end, "LAW", text[ref.start : ref.end], ref.law, "law")
    return list(seen.values())
