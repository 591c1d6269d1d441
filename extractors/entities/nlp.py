"""The spaCy pipeline of the entity stage, built once per process.

[sentencizer] -> [ner: the statistical model, when shipped] -> [gazetteer_exact, gazetteer:
entity rulers overwriting the model where they overlap], so known names win and the model fills the gaps.
Without the model (extractors/data/ner-model not present) a blank Danish pipeline is used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from munidocs.extractors.entities.base import read_csv, split_list
from munidocs.extractors.entities.blas import model_ops

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gazetteer:
    """Canonical names, the city each body belongs to and which names are municipalities
    (to resolve "jobcentret" to the document's municipality)."""

    city_of: dict[str, str]
    labels: dict[str, str]
    municipalities: frozenset[str]


def _variants(name: str) -> list[str]:
    """The name and its genitive ("Københavns Kommune" -> "Københavns Kommunes")."""
    return [name] if name.endswith("s") else [name, name + "s"]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Gazetteer rows from extractors/data/gazetteer.csv."""
    city_of: dict[str, str] = {}
    labels: dict[str, str] = {}
    municipalities: set[str] = set()
    for row in read_csv("gazetteer.csv"):
        labels[row["canonical"]] = row["label"]
        if row["city"]:
            city_of[row["canonical"]] = row["city"]
        if row["kind"] == "kommune":
            municipalities.add(row["canonical"])
    return Gazetteer(city_of, labels, frozenset(municipalities))


def ruler_patterns() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entity-ruler phrase patterns: names (matched in any case) and abbreviations and place
    names (matched exactly). Phrase patterns go through spaCy's PhraseMatcher, which is fast."""
    names: list[dict[str, Any]] = []
    exact: list[dict[str, Any]] = []
    cities: set[str] = set()
    for row in read_csv("gazetteer.csv"):
        canonical, label = row["canonical"], row["label"]
        for name in [canonical, *split_list(row["aliases"])]:
            if label == "LOC":  # place names only as printed: "Fyn", not "fyn"
                exact.append({"label": label, "pattern": name, "id": canonical})
                continue
            for variant in _variants(name):
                names.append({"label": label, "pattern": variant, "id": canonical})
        for abbr in split_list(row["abbreviations"]):
            exact.append({"label": label, "pattern": abbr, "id": canonical})
        if row["city"]:
            cities.add(row["city"])
    for city in sorted(cities):
        exact.append({"label": "LOC", "pattern": city, "id": city})
    return names, exact


def model_dir(ner_model: str = "") -> Path:
    """Where the NER model is: the folder `EntitySettings.ner_model` names, else the shipped one."""
    from munidocs.extractors.entities.model import MODEL_DIR

    return Path(ner_model) if ner_model else MODEL_DIR


def _base_model(path: Path) -> Language:
    """The trained NER model when present at `path`, else a blank Danish pipeline."""
    if (path / "config.cfg").exists():
        try:
            with model_ops():  # the model's matrix products through OpenBLAS (`blas`)
                return spacy.load(path)
        except (OSError, ValueError) as exc:  # a broken model must not stop the run
            log.warning("NER model at %s not loaded, using rules only: %s", path, exc)
    return spacy.blank("da")


def get_nlp(ner_model: str = "") -> Language:
    """The entity pipeline, built once per process (per model folder)."""
    return _cached_nlp(ner_model)


@lru_cache(maxsize=2)
def _cached_nlp(ner_model: str) -> Language:
    # one cache key per folder: get_nlp() and get_nlp("") must not load the model twice
    return build_nlp(model_dir(ner_model))


def build_nlp(path: Path) -> Language:
    """sentencizer -> NER model (when present at `path`) -> gazetteer rulers."""
    nlp = _base_model(path)
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    names, exact = ruler_patterns()
    # exact forms first, then names, each overwriting what came before: "Aarhus Kommune" (ORG)
    # wins over "Aarhus" (LOC), and both over the model's guesses
    exact_ruler = nlp.add_pipe(
        "entity_ruler",
        name="gazetteer_exact",
        last=True,
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
    )
    exact_ruler.add_patterns(exact)  # type: ignore[attr-defined]
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="gazetteer",
        last=True,
        config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
    )
    ruler.add_patterns(names)  # type: ignore[attr-defined]
    return nlp


def has_model(nlp: Language) -> bool:
    """The pipeline has a statistical NER component."""
    return "ner" in nlp.pipe_names
