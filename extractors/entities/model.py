"""Statistical Danish NER (PER/ORG/LOC) trained on UNER Danish-DDT; see tools/train_ner.py."""

from __future__ import annotations

from functools import lru_cache

import spacy

from munidocs.extractors.resources import data_path

MODEL_DIR = data_path("ner-model")


@lru_cache(maxsize=1)
def load_ner() -> spacy.Language:
    """The committed model (blank `da` tokenizer + tok2vec + ner), loaded once, no network."""
    return spacy.load(MODEL_DIR)
