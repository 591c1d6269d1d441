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


def normalize_with_offsets(raw: str) -> tuple[str, list[int]]:
    """`normalize_text(raw)` and, for each of its characters, the index of the raw character it
    stands for, so a span of the normalised text can be traced back to the page (its boxes).

    Normalisation only drops characters (whitespace runs, a soft line-end hyphen) and turns
    whitespace into one space, so the normal form is a subsequence of the raw text with any
    whitespace standing for a space: a greedy walk aligns them.
    """
    text = normalize_text(raw)
    offsets: list[int] = []
    j = 0
    for ch in text:
        if ch == " ":
            while j < len(raw) and not (raw[j].isspace() or raw[j] == "\u00a0"):
                j += 1
        else:
            while j < len(raw) and raw[j] != ch:
                j += 1
        offsets.append(min(j, len(raw) - 1))
        j += 1
    return text, offsets


_UNMAPPED = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")


def unmapped_ratio(text: str) -> float:
    """Share of glyphs a font without a Unicode map left unreadable: `(cid:NN)` placeholders
    (pdfminer) or replacement, private-use and control characters (pdfium)."""
    if not text:
        return 0.0
    cid = sum(len(m) for m in _CID.findall(text))
    return (cid + len(_UNMAPPED.findall(text))) / len(text)


_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")


def unmapped_in_words(text: str) -> int:
    """Unmapped glyphs standing inside a word ("Milj(cid:1)forvaltningen"): a letter the font
    could not name. One is enough to make the page's text wrong; a lone unmapped bullet is not."""
    count = 0
    for m in _UNMAPPED_GLYPH.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        count += before.isalpha() or after.isalpha()
    return count


def blank_unmapped(raw: str) -> str:
    """The text with every unmapped glyph (a bullet from a symbol font, say) blanked by spaces
    of the same length, so character boxes stay aligned: a placeholder is never passed on."""
    return _UNMAPPED_GLYPH.sub(lambda m: " " * len(m.group(0)), raw)


_WORD = re.compile(r"^[(\"'«]?[A-Za-zÀ-ÖØ-öø-ÿ]{2,}(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)*[.,:;!?)\"'»]*$")
_NUMBER = re.compile(r"^[(§]?\d[\d.,/-]*[.,:;)%]?$")


def word_share(text: str) -> float:
    """Share of a text's tokens that look like words or numbers: a hidden OCR layer made of
    "l|i ,.;' rn:" scores low, a transcription or a good OCR high. Language-neutral on purpose:
    old spellings and names are words too."""
    tokens = text.split()
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if _WORD.match(t) or _NUMBER.match(t)) / len(tokens)
