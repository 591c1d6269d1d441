"""DATE entities in running text, to ISO: "13. august 2021" -> 2021-08-13, "oktober 2019" ->
2019-10 (month precision is kept, not padded to a day), "13.08.2021" -> 2021-08-13.

The date grammar and the month names are the lexicon's (`munidocs.extractors.lexicon.dates`);
this module only turns its dates into entity hits. Bare years ("i 2017") are not DATE entities;
they are figures with unit `year`.
"""

from __future__ import annotations

from munidocs.extractors.entities.base import Hit
from munidocs.extractors.lexicon.dates import find_danish_dates


def find_dates(text: str) -> list[Hit]:
    """DATE hits with ISO `normalized` (YYYY-MM-DD, or YYYY-MM for "oktober 2019")."""
    return [Hit(d.start, d.end, "DATE", d.text, d.iso, "date") for d in find_danish_dates(text)]
