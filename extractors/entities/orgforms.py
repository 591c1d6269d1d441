"""Organisation names by their form, in any municipality: what a name's shape says.

- a company by its legal form, Danish or foreign ("Danish Crown A/S", "Rio Tinto plc");
- a unit named by its field, commas inside ("Center for Social, Sundhed og Beskæftigelse",
  "Udvalget for Plan, Udvikling og Kultur", "Styrelsen for Dataforsyning og Effektivisering");
- compounds sharing their head ("Sundheds- og Forebyggelsesudvalget");
- a place's council written with a lowercase noun ("Ballerup-Måløv kommunalbestyrelse");
- the governing bodies every municipality and region has (Kommunalbestyrelsen, Byrådet,
  Borgerrepræsentationen, Magistraten, Økonomiudvalget, Regionsrådet), by their own name.

The head words come from `extractors/data/org_words.csv` (every row with its source) through
`names.org_words`, so no rule names one document's organisations.
"""

from __future__ import annotations

import re

from munidocs.extractors.entities.base import Hit
from munidocs.extractors.entities.names import (
    _CAPW,
    _ORG_FIRST,
    ORG_SUFFIXES,
    _hit,
    _is_common,
    _strip_run,
)

LEGAL_FORM = re.compile(
    r"(?<![\w/.-])(?:A/S|ApS|I/S|P/S|K/S|IVS|F\.m\.b\.a\.|A\.m\.b\.a\.|a\.m\.b\.a\.|"
    r"[Aa]\s?m\s?b\s?a|Ltd|Limited|Inc|Corp|Corporation|PLC|plc|LLC|S\.A\.|SA|SE|AG|GmbH|"
    r"ASA|Oyj|NV|N\.V\.|BV|B\.V\.|SpA|S\.p\.A\.|Bhd|OAO|OJSC|PJSC|JSC|SAB de CV)"
    r"(?:/The)?\.?(?![\w/])"
)
"""A company's legal form, Danish or foreign: what ends a company's name ("Atea A/S")."""
_COMPANY = re.compile(
    rf"(?<![\w-]){_CAPW}(?:(?:\s+(?:for|of|and|&|og|de|ve|i|du|la)\s+|\s+){_CAPW}){{0,7}}"
    rf"(?:\s*,)?\s+(?:Co\s+)?(?:Pvt\s+)?{LEGAL_FORM.pattern}"
)
"""Capitalised words ended by a legal form ("Danish Crown A/S", "Rio Tinto plc")."""
_HEAD_FOR = re.compile(
    rf"(?<![\w-])(?:{'|'.join(sorted((w.capitalize() for w in _ORG_FIRST), key=len, reverse=True))})"
    rf"\s+for\s+{_CAPW}(?:\s*,\s*{_CAPW})*(?:\s+(?:og|&)\s+{_CAPW})?"
)
"""A unit named by its field, commas inside: "Center for Social, Sundhed og Beskæftigelse"."""
_COMPOUND_LIST = re.compile(
    r"(?<![\w-])[A-ZÆØÅ]\w*-(?:\s*,\s*\w+-)*\s+(?:og|&)\s+[A-ZÆØÅ]?\w*"
    rf"(?:{'|'.join(re.escape(x) for x in ORG_SUFFIXES)})(?![\w-])",
    re.IGNORECASE,
)
"""Compounds sharing their head: "Sundheds- og Forebyggelsesudvalget", "Børne- og
Ungdomsforvaltningen"."""
_BODY_OF = re.compile(
    rf"(?<![\w-]){_CAPW}\s+(?:kommunalbestyrelse|byråd|sogneråd|sogneraad|amtsråd|amtsraad)"
    r"(?![\w-])"
)
"""A place's council written with a lowercase noun ("Ballerup-Måløv kommunalbestyrelse")."""
GOVERNING_BODIES = frozenset(
    "kommunalbestyrelsen byrådet borgerrepræsentationen magistraten økonomiudvalget "
    "regionsrådet".split()
)
"""The governing bodies every Danish municipality or region has (lov om kommunernes
styrelse §§ 2, 17 and 64; lov om regioner § 8): organisations by their own name."""
_GOVERNING = re.compile(rf"(?<![\w-])(?i:{'|'.join(sorted(GOVERNING_BODIES))})s?(?![\w-])")


def find_org_forms(text: str) -> list[Hit]:
    """Organisation hits from the name forms above."""
    hits: list[Hit] = []
    for regex in (_HEAD_FOR, _COMPOUND_LIST, _BODY_OF):
        for m in regex.finditer(text):
            if regex is _BODY_OF and _is_common(m.group().split()[0]):
                continue  # "Et byråd", "Hvert sogneråd"
            hits.append(_hit(m.start(), m.end(), "ORG", text))
    for m in _GOVERNING.finditer(text):
        low = m.group().lower()
        name = low[:-1] if low[:-1] in GOVERNING_BODIES else low
        hits.append(_hit(m.start(), m.end(), "ORG", text, name.capitalize()))
    for m in _COMPANY.finditer(text):
        start, end = _strip_run(text, m.start(), m.end())
        if len(text[start:end].split()) >= 2:
            hits.append(_hit(start, end, "ORG", text))
    return hits
