"""Entities, law references and figures from page text.

STUB (issue 5 fills it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Entity, Figure, LawReference, Page


@dataclass
class EntityRecords:
    """What the entity stage finds in one document."""

    entities: list[Entity] = field(default_factory=list)
    law_references: list[LawReference] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    districts: list[str] | None = None


def extract_entities(doc_id: str, pages: list[Page]) -> EntityRecords:
    """Entities, law references, figures and ticked districts of one document's pages."""
    return EntityRecords()
