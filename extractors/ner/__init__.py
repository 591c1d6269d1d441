"""Statistical Danish NER (PER/ORG/LOC) trained on UNER Danish-DDT; see extractors/ner/train.py."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "ner-model"


@lru_cache(maxsize=1)
def load_ner() -> spacy.Language:
    """The committed model (blank `da` tokenizer + tok2vec + ner), loaded once, no network."""
    return spacy.load(MODEL_DIR)
