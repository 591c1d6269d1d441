"""Precision guard on the statistical model's spans in municipal text.

A model trained on news reads headings that run into the next line ("Økonomi Vurderingen"),
suspended compounds ("Beskæftigelses-"), definite common nouns at a sentence start
("Værestedet", "Indsatsen"), events ("Winter Pride Week") and group words ("LGBT+") as names.
Such spans are trimmed at their edges or dropped; what is left is a name-shaped span.
"""

from __future__ import annotations

import re
from dataclasses import replace

from munidocs.extractors.entities.base import (
    GENERIC_BODIES,
    Hit,
    common_words,
    sentence_initial,
    stop_words,
)
from munidocs.extractors.entities.names import (
    JOB_TITLES,
    LETTER_OPENERS,
    NOT_ORG_LAST,
    ORG_LAST,
    ORG_SUFFIXES,
    STRUCTURE_WORDS,
)

_CONNECTORS = frozenset({"og", "for", "af", "i", "&", "of", "the", "and", "til"})
_NAME_TOKEN = re.compile(r"[A-ZÆØÅ][\w'’.&-]*[\w.]|[A-ZÆØÅ]")
_DEFINITE = ("et", "en", "ene", "erne", "ets", "ens")


def _common(word: str) -> bool:
    low = word.lower().strip(".,:;")
    return low in common_words() or low in stop_words() or word.strip(":.") in STRUCTURE_WORDS


def _furniture(word: str) -> bool:
    """A heading word, a job title or a letter's opening word ("... Rosenvinge Tak for")."""
    bare = word.strip(":.,")
    return bare in STRUCTURE_WORDS or bare in LETTER_OPENERS or bare.lower() in JOB_TITLES


def clean_model_hit(text: str, hit: Hit) -> Hit | None:
    """The model's span trimmed to its name-shaped core, or None when nothing is left."""
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", hit.text)]
    if any(not re.search(r"\w", t) or t.endswith("-") or "+" in t for _, _, t in tokens):
        return None
    if any(c.isdigit() for c in hit.text) or re.search(r"[☐☒☑/’'\"”“()]", hit.text):
        return None
    # a heading or a letter's first word inside the span ends the name ("RådgivningsDanmark
    # Indhold Værestedet", "Ahmad Med Budgetaftalen")
    cut = next((i for i, t in enumerate(tokens) if i and _furniture(t[2])), None)
    if cut is not None:
        tokens = tokens[:cut]
    # trailing headings and titles ("Line Nørbæk Administrerende"); common words too, except
    # in organisation names, which are often made of them ("Red Barnet")
    while len(tokens) > 1 and (
        _furniture(tokens[-1][2])
        or tokens[-1][2] in _CONNECTORS
        or (hit.label != "ORG" and _common(tokens[-1][2]))
    ):
        tokens.pop()
    # a capitalised common word opening a sentence or a heading ("Kontakt Cyklistforbundet")
    while len(tokens) > 1 and (
        _furniture(tokens[0][2])
        or (_common(tokens[0][2]) and sentence_initial(text, hit.start + tokens[0][0]))
    ):
        tokens.pop(0)
    if not tokens:
        return None
    words = [t for _, _, t in tokens]
    if not all(_NAME_TOKEN.fullmatch(w) or w in _CONNECTORS for w in words):
        return None
    if not _NAME_TOKEN.fullmatch(words[0]) or not _NAME_TOKEN.fullmatch(words[-1]):
        return None
    start, end = hit.start + tokens[0][0], hit.start + tokens[-1][1]
    span = text[start:end]
    low = span.lower()
    if low in GENERIC_BODIES or (len(words) == 1 and _common(words[0])):
        return None
    # an all-caps fragment of a heading ("OG UNGE") or a lone capital ("K") is no name
    if all(w.isupper() for w in words) and (
        len(span) < 2 or (len(words) > 1 and any(_common(w) for w in words))
    ):
        return None
    if len(words) == 1 and (
        sentence_initial(text, start)
        or (low.endswith(_DEFINITE) and not low.endswith(ORG_SUFFIXES))
    ):
        return None
    last = words[-1].lower()
    label = hit.label
    if label == "PER" and any(
        w.lower() in ORG_LAST or w.lower().endswith(ORG_SUFFIXES) for w in words
    ):
        label = "ORG"  # "Dansk Cyklist Forbund" is no person
    if label == "PER" and (len(words) < 2 or any(w.isupper() for w in words)):
        return None
    if last in NOT_ORG_LAST:  # an event ("Copenhagen Pride Week"), whatever the label
        return None
    # capitalised common words only is a programme or plan title ("Strategi for Socialt
    # Udsatte"), unless it ends in an organisation word
    if (
        label == "ORG"
        and all(_common(w) or w in _CONNECTORS for w in words)
        and last not in ORG_LAST
        and not last.endswith(ORG_SUFFIXES)
    ):
        return None
    return replace(hit, start=start, end=end, label=label, text=span, normalized=span)
