"""Danish street addresses with a postcode: "Lavendelstræde 1, 1462 København",
"H.C. Andersens Boulevard 27, 1. sal, 1553 København V".

The postcode is required: a street name and a number alone are too often something else.
"""

from __future__ import annotations

import re

from munidocs.extractors.entities.base import Hit

_CAP = r"[A-ZÆØÅ][\w'.-]*"
_STREET_SUFFIX = (
    r"(?:gade|vej|stræde|allé|alle|plads|torv|boulevard|vænge|have|sti|stien|bro|park|parken|"
    r"passage|kaj|gård|gården|vangen|toften|højen|holm|bakken|bakke|dal|marken|engen|løkken|"
    r"port|gyde|strand|stræde|vang|hegn|lund|skov|huse|plads|kvarter|boulevarden|promenade)"
)
_STREET = rf"(?:(?:{_CAP}\s+){{1,3}}[\w'-]*(?i:{_STREET_SUFFIX})|{_CAP})"
_HEADINGS = frozenset(
    [
        "adresse",
        "adr.",
        "beliggenhed",
        "sted",
        "lokation",
        "besøgsadresse",
        "postadresse",
        "lokale",
        "mødested",
    ]
)
ADDRESS = re.compile(
    rf"(?<![\w-])(?P<street>{_STREET})\s+(?P<no>\d{{1,4}}(?:\s?[A-Za-z])?)(?![\w.,]\d)"
    r"(?:,?\s*(?P<floor>(?:st\.|kl\.|\d{1,2}\.)(?:\s*(?:sal|th|tv|mf)\.?)?))?"
    r",?\s+(?P<zip>[1-9]\d{3})\s+(?P<city>[A-ZÆØÅ][\w-]+(?:\s+(?:SV|NV|[KVØNSC])(?![\w]))?)"
)


def find_addresses(text: str) -> list[Hit]:
    """ADDRESS hits; `normalized` is "street no, postcode city"."""
    hits = []
    for m in ADDRESS.finditer(text):
        street = m.group("street")
        start = m.start("street")
        # a heading word before the street is not part of it ("Adresse Lavendelstræde 1")
        words = street.split()
        while len(words) > 1 and words[0].rstrip(":").lower() in _HEADINGS:
            start += len(words[0]) + 1
            words = words[1:]
        street = text[start : m.end("street")]
        normalized = f"{street} {m.group('no')}, {m.group('zip')} {m.group('city')}"
        hits.append(Hit(start, m.end(), "ADDRESS", text[start : m.end()], normalized, "address"))
    return hits
