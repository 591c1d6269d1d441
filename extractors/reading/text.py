"""Text normalisation of the contract: one space for any whitespace run, line-end
hyphenation undone only where the word continues.

A hyphen at a line end is a soft break when a lowercase letter precedes it and the next line
starts with a lowercase word that is not a conjunction ("Inte-\\ngrationsforvaltningen").
It is kept when it ends a suspended compound ("Beskæftigelses-\\nog Integration..."), or follows
an acronym, digit or sign ("LGBT+-\\nborgere", "EU-\\nborgere"), where it belongs to the word.
"""

from __future__ import annotations

import re

_CONJUNCTIONS = frozenset({"og", "eller", "samt", "men", "som", "end", "hhv", "el"})

# word chars before the hyphen, optional spaces, newline, optional spaces, next word
_LINE_END_HYPHEN = re.compile(r"(\S*?)(\S)-[ \t]*(?:\r?\n[ \t]*){1,2}(\w+)")
_WHITESPACE = re.compile(r"\s+")


def _join_hyphen(match: re.Match[str]) -> str:
    head, last, nxt = match.group(1), match.group(2), match.group(3)
    word_before = head + last
    soft = (
        last.islower()
        and nxt[0].islower()
        and nxt.lower() not in _CONJUNCTIONS
        and not any(c.isdigit() for c in last)
    )
    if soft:
        return f"{word_before}{nxt}"
    # a real hyphen: keep it; a suspended compound ("Beskæftigelses- og") keeps its space
    sep = " " if nxt.lower() in _CONJUNCTIONS else ""
    return f"{word_before}-{sep}{nxt}"


def undo_hyphenation(text: str) -> str:
    """Join words split by a line-end hyphen, keeping hyphens that belong to the word."""
    return _LINE_END_HYPHEN.sub(_join_hyphen, text)


def normalize_whitespace(text: str) -> str:
    """Collapse any run of whitespace (including newlines and NBSP) into one space."""
    return _WHITESPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def normalize_text(text: str) -> str:
    """The contract's normal form of a text column: hyphenation undone, whitespace collapsed."""
    return normalize_whitespace(undo_hyphenation(text))


_CID = re.compile(r"\(cid:\d+\)")


def cid_ratio(text: str) -> float:
    """Share of the text made of `(cid:NN)` placeholders: fonts without a Unicode map."""
    if not text:
        return 0.0
    return sum(len(m) for m in _CID.findall(text)) / len(text)
