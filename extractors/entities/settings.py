"""The entity stage's settings (`EntitySettings`).

Part of the one `Settings` (`munidocs.extractors.settings`), which re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntitySettings:
    """How the entity stage runs."""

    batch_size: int = 8
    """Pages per `nlp.pipe` batch. A batch's Docs and tensors are held together: on 200 table
    pages, 64 peaked at 668 MiB and 8 at 351 MiB, with the same CPU time and entities."""
    ner_model: str = ""
    """Folder of another spaCy NER model to use; empty: the one shipped with munidocs."""
    max_sentence_chars: int = 1000
    """The `sentence` of an entity, law reference or figure is cut to this many characters
    around the match (a "sentence" without full stops can be a whole page)."""
    blas_threads: int = 1
    """Threads the NER model's matrix products may use (OpenBLAS, `entities/blas.py`); 0: as
    many as OpenBLAS chooses. Documents run side by side in worker processes already, and two
    threads here took 56.6 s of CPU for 33.7 s of wall on the benchmark's 502 pages read in one
    process (OpenBLAS's threads wait busily)."""

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.blas_threads < 0:
            raise ValueError(f"blas_threads must not be negative, got {self.blas_threads}")
        if self.max_sentence_chars < 2:
            raise ValueError(
                f"max_sentence_chars must be at least 2, got {self.max_sentence_chars}"
            )
