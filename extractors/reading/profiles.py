"""Template profiles: the headings one municipality prints in its document templates.

A heading that only one municipality's template prints ("Risikovurdering og proces" in
Københavns Kommune's budget notes) is data about that template, not Danish vocabulary, so it
lives in `extractors/data/profiles/<name>.toml` with the source of every heading. The type vote
(`classify.py`) counts the headings marked `budget_cue`; the entity rules stop a capitalised
name at any heading's first word. Adding a municipality's template is adding a file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from munidocs.extractors.resources import data_path


@dataclass(frozen=True)
class Heading:
    """One printed heading of a template, in all its spellings, with where it comes from."""

    spellings: tuple[str, ...]
    template: str
    budget_cue: bool
    source: str

    def pattern(self) -> re.Pattern[str]:
        """The heading as a line of its own (any case, surrounding blanks allowed)."""
        alternation = "|".join(r"\s+".join(re.escape(w) for w in s.split()) for s in self.spellings)
        return re.compile(rf"^\s*(?:{alternation})\s*$", re.I | re.M)


@dataclass(frozen=True)
class Profile:
    """The template headings of one municipality (one file in data/profiles)."""

    name: str
    municipality: str
    source: str
    headings: tuple[Heading, ...]


def _heading(name: str, raw: dict[str, Any]) -> Heading:
    spellings = tuple(str(s) for s in raw.get("spellings", []) if str(s).strip())
    source = str(raw.get("source", "")).strip()
    if not spellings or not source:
        raise ValueError(f"profile {name}: a heading needs spellings and a source: {raw}")
    return Heading(spellings, str(raw.get("template", "")), bool(raw.get("budget_cue")), source)


@lru_cache(maxsize=1)
def profiles() -> tuple[Profile, ...]:
    """Every shipped profile, by file name; a heading without a source is refused."""
    out = []
    for path in sorted(data_path("profiles").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if not str(data.get("source", "")).strip():
            raise ValueError(f"profile {path.stem}: no source")
        headings = tuple(_heading(path.stem, h) for h in data.get("heading", []))
        out.append(Profile(path.stem, str(data["municipality"]), str(data["source"]), headings))
    return tuple(out)


@lru_cache(maxsize=1)
def budget_heading_cues() -> tuple[re.Pattern[str], ...]:
    """One cue per template heading that marks a budget note, from all profiles."""
    return tuple(h.pattern() for p in profiles() for h in p.headings if h.budget_cue)


def heading_words() -> frozenset[str]:
    """The first word of every template heading ("Risikovurdering", "Bydele")."""
    return frozenset(s.split()[0] for p in profiles() for h in p.headings for s in h.spellings)
