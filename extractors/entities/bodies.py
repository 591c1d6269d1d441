"""Bodies a law gives every municipality, named without the municipality ("jobcentret").

Danish letters and notes write "jobcentret" for their own municipality's jobcentre. When the
document's municipality is clear, such a definite form is resolved to that municipality's body
("Jobcenter Aarhus"). The forms come from one table, extractors/data/municipal_bodies.csv,
where each row cites the law behind the body, so one mechanism serves every municipality
instead of a rule per word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from munidocs.extractors.entities.base import Hit, read_sourced_csv, split_list


@dataclass(frozen=True)
class MunicipalBody:
    """One row of municipal_bodies.csv: the word forms and the name template ({city})."""

    forms: tuple[str, ...]
    name: str


@lru_cache(maxsize=1)
def municipal_bodies() -> tuple[MunicipalBody, ...]:
    """The table of bodies every municipality has; a name without {city} is a data error."""
    bodies = []
    for row in read_sourced_csv("municipal_bodies.csv"):
        if "{city}" not in row["name"]:
            raise ValueError(f"municipal_bodies.csv: name {row['name']!r} has no {{city}}")
        forms = tuple(f.lower() for f in split_list(row["forms"]))
        bodies.append(MunicipalBody(forms, row["name"]))
    return tuple(bodies)


def body_forms() -> frozenset[str]:
    """Every form in the table: without a clear municipality they name no one."""
    return frozenset(f for body in municipal_bodies() for f in body.forms)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    forms = sorted(body_forms(), key=len, reverse=True)
    # lowercase as written, or capitalised at a sentence start ("Jobcentret har ...")
    alternation = "|".join(f"[{f[0].upper()}{f[0]}]{re.escape(f[1:])}" for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


@lru_cache(maxsize=1)
def _name_of() -> dict[str, str]:
    return {form: body.name for body in municipal_bodies() for form in body.forms}


def document_city(municipalities: Iterable[str], bodies: Iterable[str]) -> str | None:
    """The one city a document is about, or None when that is not clear.

    `municipalities` are the cities of the municipalities it names ("Aarhus Kommune"),
    `bodies` the cities of other bodies it names (Copenhagen's forvaltninger). A named
    municipality is the stronger evidence: a body's name may be used by other municipalities
    too, so bodies only break a tie between named municipalities or speak when none is
    named. A tie that remains decides nothing.
    """
    muni, body = Counter(municipalities), Counter(bodies)
    ranked = sorted(set(muni) or set(body), key=lambda c: (muni[c], body[c]), reverse=True)
    if not ranked:
        return None
    score = [(muni[c], body[c]) for c in ranked[:2]]
    return None if len(score) == 2 and score[0] == score[1] else ranked[0]


def find_bodies(text: str, city: str) -> list[Hit]:
    """The definite forms in `text` as ORG hits named for `city` ("Jobcenter København")."""
    names = _name_of()
    return [
        Hit(
            m.start(),
            m.end(),
            "ORG",
            m.group(),
            names[m.group().lower()].format(city=city),
            "context",
        )
        for m in _pattern().finditer(text)
    ]
