"""The consistency checks' settings (`CheckSettings`).

Part of the one `Settings` (`munidocs.extractors.settings`), which re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckSettings:
    """How the consistency checks match text to tables and read parts of a whole."""

    label_min_share: float = 0.5
    """Share of a row label's content words a sentence must hold to name that row
    (text_vs_table; "drift af værestedet" names "Drift af værested under LGBT Asylum")."""
    label_window_chars: int = 150
    """Characters before and after an amount within which its sentence may name a row (page
    text runs headings into sentences, so a whole "sentence" can be long)."""
    parts_cue_chars: int = 60
    """Characters after a whole within which a cue ("fordeler sig", "heraf") must start (parts_sum)."""
    parts_max_gap_chars: int = 60
    """Characters of text allowed between two parts of one list (parts_sum)."""
    cross_label_min_share: float = 0.6
    """cross_document: share of content words two row labels must share to be the same item,
    (half that when both print the same udvalg and bevilling)."""
    cross_label_max_documents: int = 10
    """cross_document: a row label (with its udvalg and bevilling, when printed) found in more
    documents than this is a generic heading ("Husleje", "Projektledelse", "Evaluering") that
    names a different thing in each note, not one item restated: its rows are not compared
    across documents. One item is restated in a handful of documents (proposal, note, letters,
    the adopted budget); without this bound a folder of n notes that all have a "Husleje" row
    gets n(n-1)/2 checks, nearly all false failures."""
    cross_quote_min_share: float = 0.75
    """cross_document: share of a row label's content words a sentence in another document must
    hold to quote that row. Stricter than within a note: a letter's "driften af værestedet
    under LGBT Asylum" must not be held against another note's "Drift af værested for unge"
    (2 of 3 words), a false failure a journalist would quote."""

    def __post_init__(self) -> None:
        for name in ("label_min_share", "cross_label_min_share", "cross_quote_min_share"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValueError(f"{name} must be in (0, 1], got {value}")
        if self.cross_label_max_documents < 2:
            raise ValueError(
                "cross_label_max_documents must be at least 2 (two documents to compare), "
                f"got {self.cross_label_max_documents}"
            )
        if min(self.parts_cue_chars, self.parts_max_gap_chars, self.label_window_chars) < 0:
            raise ValueError("the *_chars settings must not be negative")
