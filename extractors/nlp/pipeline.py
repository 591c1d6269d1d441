"""The spaCy pipeline of the entity stage, built once per process.

[sentencizer] -> [ner: the statistical model, when shipped] -> [entity_ruler: the gazetteer,
overwriting the model where they overlap], so known names win and the model fills the gaps.
Without the model (extractors/data/ner-model not present) a blank Danish pipeline is used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from extractors.nlp.base import read_csv, split_list

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gazetteer:
    """Canonical names and the city each body belongs to (for "jobcentret")."""

    city_of: dict[str, str]
    labels: dict[str, str]


def _variants(name: str) -> list[str]:
    """The name and its genitive ("Københavns Kommune" -> "Københavns Kommunes")."""
    return [name] if name.endswith("s") else [name, name + "s"]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Gazetteer rows from extractors/data/gazetteer.csv."""
    city_of: dict[str, str] = {}
    labels: dict[str, str] = {}
    for row in read_csv("gazetteer.csv"):
        labels[row["canonical"]] = row["label"]
        if row["city"]:
            city_of[row["canonical"]] = row["city"]
    return Gazetteer(city_of, labels)


def ruler_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns: names (any case) and abbreviations and place names (exact)."""
    patterns: list[dict[str, Any]] = []
    cities: set[str] = set()
    for row in read_csv("gazetteer.csv"):
        canonical, label = row["canonical"], row["label"]
        for name in [canonical, *split_list(row["aliases"])]:
            for variant in _variants(name):
                patterns.append(
                    {
                        "label": label,
                        "pattern": [{"LOWER": w.lower()} for w in _words(variant)],
                        "id": canonical,
                    }
                )
        for abbr in split_list(row["abbreviations"]):
            patterns.append(
                {"label": label, "pattern": [{"ORTH": w} for w in _words(abbr)], "id": canonical}
            )
        if row["city"]:
            cities.add(row["city"])
    for city in sorted(cities):
        patterns.append({"label": "LOC", "pattern": [{"ORTH": city}], "id": city})
    return patterns


_TOKENIZER = spacy.blank("da").tokenizer


def _words(text: str) -> list[str]:
    return [t.text for t in _TOKENIZER(text)]


def _base_model() -> Language:
    """The trained NER model when shipped, else a blank Danish pipeline."""
    try:
        from extractors.ner import MODEL_DIR

        if (MODEL_DIR / "config.cfg").exists():
            return spacy.load(MODEL_DIR)
    except (ImportError, OSError, ValueError) as exc:  # a broken model must not stop the run
        log.warning("NER model not loaded, using rules only: %s", exc)
    return spacy.blank("da")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The entity pipeline, loaded once per process."""
    nlp = _base_model()
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    ruler = nlp.add_pipe(
        "entity_ruler", last=True, config={"overwrite_ents": True, "validate": False}
    )
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def has_model(nlp: Language) -> bool:
    """The pipeline has a statistical NER component."""
    return "ner" in nlp.pipe_names
