"""Numbers in running text, with their meaning: money, percentages, counts with their noun,
durations and calendar years.

What becomes a figure (the `figures` dataset), decided here and documented in the README:
- money ("0,6 mio. kr." -> 600000, unit DKK); percentages ("12,5 %" -> 12.5, unit percent);
- counts with their noun ("481 ansøgninger" -> 481, unit count; "omkring 200 personer" ->
  200, unit persons); a range ("2-3 af disse ansøgninger") has value = the low end and
  `value_max` = the high end; durations ("3 år" -> 3, unit years / months / weeks / days);
- calendar years outside a date ("i 2017", "2026 - 2028") -> unit year (no DATE entity);
- other bare numbers -> unit null.
Not figures: numbers inside dates, law references (§, stk., nr.), addresses, references and
list markers ("Ad 1", "1. Hvor mange"), ordinals ("2. behandling"), codes ("BI35"), and any
number in a table region (table cells are budget lines).
Every number goes through `munidocs.extractors.lexicon.numbers.parse_danish_number` (strict: "1.200"
is 1200); money, its multipliers and the month names are the lexicon's (`munidocs.extractors.lexicon`),
so this module holds no money or date grammar of its own.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from munidocs.extractors.entities.base import Hit, sentence_initial, stop_words
from munidocs.extractors.lexicon.dates import MONTHS
from munidocs.extractors.lexicon.money import MONEY_WORDS, SCALE_AFTER, factor_of, find_money
from munidocs.extractors.lexicon.numbers import NUMBER, RANGE, NotANumber, parse_danish_number

_PERCENT = re.compile(
    rf"(?<![\w.,])(?P<num>{NUMBER})(?:{RANGE}(?P<num2>{NUMBER}))?\s*"
    r"(?:%|pct\.?|procent)(?P<point>\s*-?point)?(?![\w])"
)
_YEAR_RANGE = re.compile(
    r"(?<![\w.,/-])((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?![\w/-]|[.,]\d)"
)
_PHONE = re.compile(
    r"(?i:tlf\.?|telefon|mobil|mob\.)\s*(?:nr\.)?\s*:?\s*(?:\+45\s?)?(?:\d{2}\s?){3}\d{2}"
    r"|\+45\s?(?:\d{2}\s?){3}\d{2}|(?<![\d.,])\d{2} \d{2} \d{2} \d{2}(?![\d.,]\d)"
)
_YEAR = re.compile(r"(?<![\w.,/-])(19[5-9]\d|20\d{2})(?![\w/-]|[.,]\d)")
_QUALIFIER = (
    r"(?:omkring|ca\.|cirka|knap|godt|over|under|mindst|højst|op til|næsten|mere end|"
    r"flere end|færre end|i alt|samlet|yderligere)"
)
_COUNT = re.compile(
    rf"(?<![\w.,/§-])(?P<num>{NUMBER})(?:{RANGE}(?P<num2>{NUMBER}))?(?![\w/]|[.,]\d)"
)
_QUALIFIED = re.compile(rf"(?i:{_QUALIFIER})\s+$")
_NOUN = re.compile(
    r"\s+(?P<of>af\s+(?:disse|de|dem|vores|deres|jeres|dine|sine)\s+)?"
    r"(?:(?P<adj>[a-zæøå]+e)\s+(?=[a-zæøå]))?(?P<noun>[a-zæøå][a-zæøå-]+)"
    r"(?P<freq>\s+(?:årligt|om året|om måneden|månedligt|ugentligt|dagligt|pr\. år))?"
)
_ADJECTIVES = frozenset(
    """nye unikke forskellige flere mange nuværende eksisterende aktive særlige konkrete
    ekstra yderligere samlede registrerede godkendte afviste udsatte hjemløse ensomme danske
    udenlandske nyankomne tidligere ugentlige årlige månedlige faste midlertidige
    permanente store små fuldtids deltids ledige nye""".split()
)
_SKIP_BEFORE = re.compile(
    r"(?:§§?|stk\.|nr\.|kl\.|tlf\.|telefon|pkt\.|ad|side|s\.|bilag|punkt|cvr|cvr-nr\.|"
    r"sagsnr\.?|j\.nr\.|journalnr\.?|uge|version|tabel|figur|spørgsmål|bevilling|konto|"
    r"postnr\.?|p-nr\.)\s*$",
    re.IGNORECASE,
)
PERSON_NOUNS = frozenset(
    [
        "personer",
        "person",
        "borgere",
        "borger",
        "flygtninge",
        "flygtning",
        "børn",
        "barn",
        "unge",
        "elever",
        "elev",
        "medarbejdere",
        "medarbejder",
        "ansatte",
        "deltagere",
        "deltager",
        "brugere",
        "bruger",
        "medlemmer",
        "medlem",
        "frivillige",
        "beboere",
        "ledige",
        "modtagere",
        "patienter",
        "kvinder",
        "mænd",
        "piger",
        "drenge",
        "indbyggere",
        "ansøgere",
        "ansøger",
        "familier",
        "mentorer",
        "kontaktpersoner",
        "studerende",
        "pensionister",
        "ældre",
        "udlændinge",
        "klienter",
    ]
)
_DURATIONS = {
    "år": "years",
    "måneder": "months",
    "måned": "months",
    "uger": "weeks",
    "uge": "weeks",
    "dage": "days",
    "dag": "days",
    "timer": "hours",
    "time": "hours",
}
# Words after a number that are not what it counts: money and month words (from the lexicon),
# percent words and function words.
_NOT_NOUNS = (
    MONEY_WORDS
    | {month.rstrip(".") for month in MONTHS}
    | frozenset(
        [
            "pct",
            "procent",
            "og",
            "eller",
            "i",
            "af",
            "til",
            "på",
            "for",
            "med",
            "som",
            "der",
            "at",
            "om",
            "fra",
            "med",
            "mod",
            "ved",
            "efter",
        ]
    )
)


@lru_cache(maxsize=16384)
def _number(text: str) -> Decimal | None:
    try:
        return parse_danish_number(text)
    except NotANumber:
        return None


def _fmt(value: Decimal) -> str:
    """A canonical number string: 600000, 12.5."""
    return f"{value.normalize():f}" if value != value.to_integral() else str(int(value))


def _figure(
    start: int,
    end: int,
    label: str,
    value: Decimal,
    unit: str | None,
    value_max: Decimal | None = None,
    entity: tuple[int, int] | None = None,
    text: str = "",
) -> Hit:
    normalized = _fmt(value) if value_max is None else f"{_fmt(value)}-{_fmt(value_max)}"
    ent_start, ent_end = entity or (start, end)
    return Hit(
        ent_start,
        ent_end,
        label,
        text[ent_start:ent_end],
        normalized,
        "money" if label == "MONEY" else "percent" if label == "PERCENT" else "count",
        {
            "figure_start": start,
            "figure_end": end,
            "value": float(value),
            "value_max": None if value_max is None else float(value_max),
            "unit": unit,
        },
    )


def find_figures(text: str, blocked: list[tuple[int, int]]) -> list[Hit]:
    """Figure hits on one page; numbers inside `blocked` regions are not figures.

    Hits with label YEAR are figures without an entity; the others are MONEY, PERCENT and
    CARDINAL entities whose `extra` carries the figure (text span, value, unit).
    """
    hits: list[Hit] = []
    mask = bytearray(len(text) + 1)
    for start, end in blocked:
        mask[start:end] = b"\x01" * (end - start)

    def free(start: int, end: int) -> bool:
        return not any(mask[start:end])

    def take(start: int, end: int) -> None:
        mask[start:end] = b"\x01" * (end - start)

    for m in _PHONE.finditer(text):
        take(m.start(), m.end())

    for money in find_money(text):
        if not free(money.start, money.end):
            continue
        low = _number(money.number)
        if low is None:
            continue
        high = _number(money.number_max) if money.number_max else None
        value_max = high * money.factor if high is not None else None
        value = low * money.factor
        hits.append(_figure(money.start, money.end, "MONEY", value, "DKK", value_max, text=text))
        take(money.start, money.end)
    for m in _PERCENT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        low = _number(m.group("num"))
        if low is None:
            continue
        high = _number(m.group("num2")) if m.group("num2") else None
        unit = "percentage points" if m.group("point") else "percent"
        hits.append(_figure(m.start(), m.end(), "PERCENT", low, unit, high, text=text))
        take(m.start(), m.end())
    for m in _YEAR_RANGE.finditer(text):
        if free(m.start(), m.end()) and not _skipped(text, m.start()):
            low, high = Decimal(m.group(1)), Decimal(m.group(2))
            hits.append(_figure(m.start(), m.end(), "YEAR", low, "year", high, text=text))
            take(m.start(), m.end())
    for m in _YEAR.finditer(text):
        after = text[m.end() : m.end() + 30].split()
        if after and after[0].lower().strip(".,") in PERSON_NOUNS:
            continue
        if free(m.start(), m.end()) and not _skipped(text, m.start()):
            value = Decimal(m.group(1))
            hits.append(_figure(m.start(), m.end(), "YEAR", value, "year", text=text))
            take(m.start(), m.end())
    for m in _COUNT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        hit = _count(text, m)
        if hit is not None:
            hits.append(hit)
            take(m.start(), m.end())
    return sorted(hits, key=lambda h: h.start)


def _skipped(text: str, start: int) -> bool:
    """A reference number, list marker or ordinal, not a quantity."""
    return bool(_SKIP_BEFORE.search(text, max(0, start - 16), start))


def _count(text: str, m: re.Match[str]) -> Hit | None:
    num_start, num_end = m.start(), m.end()
    if _skipped(text, num_start):
        return None
    rest = text[num_end : num_end + 3]
    if re.match(r"\.\s*[a-zæøå]", rest):  # ordinal: "2. behandling"
        return None
    if re.match(r"\.\s", rest) and sentence_initial(text, num_start):  # "1. Hvor mange"
        return None
    if re.match(r"\)", rest) and sentence_initial(text, num_start):  # "1) ..."
        return None
    if re.match(r":", rest):  # "Ad 1:", "1: ..."
        return None
    low = _number(m.group("num"))
    high = _number(m.group("num2")) if m.group("num2") else None
    if low is None or (m.group("num2") and high is None):
        return None
    scale = SCALE_AFTER.match(text, num_end)
    if scale:  # "5 mio." without a currency: the number is scaled, its unit unknown
        factor = factor_of(scale.group("scale"))
        high = high * factor if high is not None else None
        start = num_start
        end = scale.end()
        return _figure(start, end, "CARDINAL", low * factor, None, high, (num_start, end), text)
    qualifier = _QUALIFIED.search(text, max(0, num_start - 16), num_start)
    start = qualifier.start() if qualifier else num_start
    end, unit = num_end, None
    phrase = _NOUN.match(text, num_end)
    if phrase:
        noun = phrase.group("noun").lower()
        adj = (phrase.group("adj") or "").lower()
        if adj and adj not in _ADJECTIVES:  # "borgere modtager": the first word is the noun
            noun, phrase = adj, _NOUN.match(text[: phrase.start("adj") + len(adj)], num_end)
        of = bool(phrase and phrase.group("of"))
        if phrase and noun not in _NOT_NOUNS and (of or noun not in stop_words()):
            duration = None if of else _DURATIONS.get(noun)
            unit = duration or ("persons" if noun in PERSON_NOUNS else "count")
            end = phrase.end("freq") if phrase.group("freq") else phrase.end("noun")
    return _figure(start, end, "CARDINAL", low, unit, high, (num_start, num_end), text)
