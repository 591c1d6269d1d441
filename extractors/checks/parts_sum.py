"""`parts_sum`: parts stated in running text against the whole they should add up to.

"Afgørelserne i de 481 sager fordeler sig således: - 299 godkendelser. - 182 afslag." is a whole
(481) split into parts (299 + 182). Two shapes are read, on one page, from the `figures`:

- whole first: a figure, then within `parts_cue_chars` (and before any other number) a cue that
  splits it, in the same sentence or the next ("481 ansøgninger. Afgørelserne fordeler sig…")
  — a partition ("fordeler sig", "fordelt på/mellem/med/således", "består af", "opdelt i",
  "udgøres af", "sammensat af") or a subset ("heraf", "hvoraf", "deraf", "af disse") — then the
  parts: the figures that follow, one after the other;
- whole first, cued before it: "Af de 64 ansøgninger blev 40 imødekommet og 24 afvist" (a
  subset, like "heraf"), or a whole stated as a total followed by a colon ("I alt 37 sager: 20
  om hjemmehjælp, 10 om hjælpemidler og 7 om boligindretning", a partition);
- whole last: the parts, then "i alt", "samlet", "tilsammen" or "totalt" and the whole
  ("299 godkendelser og 182 afslag, i alt 481 afgørelser").

Parts follow each other with at most `parts_max_gap_chars` of text between them and no new
sentence ("- 182" after "godkendelser." is a list item; ". I 2020 ..." ends the list); a figure
of another kind (money among counts) ends the list too, while a year or a duration between
parts is read as a part's words ("90 under 30 år"). At least two parts are needed. Counts and
persons are one kind, money another, percentages a third; a bare whole number ("70 fra kvinder")
is a part only in a list after a cue, never a whole or a part before "i alt" (section numbers
and table cells run into page text are bare numbers too).

A whole split two ways ("100 borgere: 60 kvinder og 40 mænd, 70 under 30 år og 30 over") is two
checks when the parts fall into two runs that each add up to the whole. Otherwise: the parts
add up to the whole: `pass`; they do not: `fail`, except after a subset cue ("heraf") where
parts adding up to less than the whole are only some of it and give no check. Money is
compared at the precision printed: a difference within the rounding of the printed amounts
(half a unit of each one's last decimal) is a `warn`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from munidocs.extractors.checks.common import dec, fmt
from munidocs.extractors.checks.settings import CheckSettings
from munidocs.extractors.lexicon.money import find_money
from munidocs.extractors.lexicon.numbers import decimals_printed
from munidocs.models import Check, Figure, Page

_PARTITION = re.compile(
    r"\b(?:fordel(?:er|te) sig|fordelt(?:e)?(?:\s+(?:på|mellem|med|således|som følger))?|"
    r"fordeles\s+(?:på|mellem|således)|fordelingen er|bestå(?:r|r nu)? af|bestod af|"
    r"opdelt(?:e)? (?:i|på)|deles (?:op )?i|udgøres af|udgjordes af|sammensat af)\b",
    re.IGNORECASE,
)
_SUBSET = re.compile(r"\b(?:heraf|hvoraf|deraf|af disse|af dem|af hvilke)\b", re.IGNORECASE)
_TOTAL_BEFORE = re.compile(r"(?:\bi alt|\bsamlet(?: set)?|\btilsammen|\btotalt)\s*:?\s*$", re.I)
_TOTAL_IN_FIGURE = re.compile(r"^(?:i alt|samlet)\b", re.IGNORECASE)
_OF_THE = re.compile(r"\baf (?:de|disse|dem|i alt)\s+$", re.IGNORECASE)
"""Before a whole, a subset cue: "Af de 64 ansøgninger blev 40 imødekommet og 24 afvist"."""
_COLON = re.compile(r"^[^.!?\d]{0,40}:")
"""After a whole stated as a total ("I alt 37 sager: 20 …, 10 … og 7 …"), a colon lists its parts."""
_NEW_SENTENCE = re.compile(r"[.!?]\s+[A-ZÆØÅ]")

_KINDS = {"count": "count", "persons": "count", "DKK": "money", "percent": "percent"}
_TIME = frozenset({"year", "years", "months", "weeks", "days", "hours"})


def kind_of(figure: Figure, bare: bool = False) -> str | None:
    """Which figures can be added to which: counts and persons, money, percentages; None for a
    range or a time. A bare whole number ("70 fra kvinder") counts only with `bare`: as a part
    after an explicit cue, never as a whole or before "i alt" (section numbers, table cells)."""
    if figure.value_max is not None or figure.unit in _TIME:
        return None  # a range states no single number
    if figure.unit is None:
        return "count" if bare and figure.value == int(figure.value) else None
    return _KINDS.get(figure.unit)


def _in_gap(figure: Figure) -> bool:
    """A year or a duration between parts belongs to a part's words ("90 under 30 år")."""
    return figure.unit in _TIME


def half_step(figure: Figure) -> Decimal:
    """Half a unit of the last printed decimal, in base units (kroner for money)."""
    if figure.unit != "DKK":
        return Decimal(0)
    money = find_money(figure.text)
    if not money:
        return Decimal(0)
    return Decimal(10) ** -decimals_printed(money[0].number) * money[0].factor / 2


@dataclass(frozen=True, slots=True)
class Split:
    """A whole and the parts the text splits it into, and how (partition, subset, total)."""

    whole: Figure
    parts: tuple[Figure, ...]
    cue: str


def _run(
    figures: Sequence[Figure], first: int, text: str, after: int, kind: str, max_gap: int
) -> list[Figure]:
    """The figures from index `first` on that follow each other as one list (bare numbers
    included: the cue before them says a list follows)."""
    out: list[Figure] = []
    end = after
    for fig in figures[first:]:
        assert fig.start is not None and fig.end is not None
        if _in_gap(fig):
            continue
        gap = text[end : fig.start]
        if len(gap) > max_gap or _NEW_SENTENCE.search(gap) or kind_of(fig, bare=True) != kind:
            break
        out.append(fig)
        end = fig.end
    return out


def _run_before(
    figures: Sequence[Figure], last: int, text: str, before: int, kind: str, max_gap: int
) -> list[Figure]:
    """The figures up to index `last` (going back) that precede `before` as one list."""
    out: list[Figure] = []
    start = before
    for fig in reversed(figures[: last + 1]):
        assert fig.start is not None and fig.end is not None
        if _in_gap(fig):
            continue
        gap = text[fig.end : start]
        if len(gap) > max_gap or _NEW_SENTENCE.search(gap) or kind_of(fig) != kind:
            break
        out.insert(0, fig)
        start = fig.start
    return out


def find_splits(text: str, figures: Sequence[Figure], settings: CheckSettings) -> list[Split]:
    """Every whole the text splits into parts, on one page (figures in text order)."""
    figs = [f for f in figures if f.start is not None and f.end is not None]
    out: list[Split] = []
    used: set[int] = set()
    for i, whole in enumerate(figs):
        kind = kind_of(whole)
        if kind is None or i in used:
            continue
        assert whole.start is not None and whole.end is not None
        after = [f.start for f in figs[i + 1 :] if not _in_gap(f) and f.start is not None]
        nxt = after[0] if after else len(text)
        window = text[whole.end : min(nxt, whole.end + settings.parts_cue_chars)]
        before = text[max(0, whole.start - 20) : whole.start]
        cue = _PARTITION.search(window) or _SUBSET.search(window)
        if cue is None and _OF_THE.search(before):
            cue = re.match("", window)  # the parts follow the whole: "Af de 64 … blev 40 …"
        if cue is None and (_TOTAL_BEFORE.search(before) or _TOTAL_IN_FIGURE.match(whole.text)):
            cue = _COLON.match(window)
        if cue:
            parts = _run(
                figs, i + 1, text, whole.end + cue.end(), kind, settings.parts_max_gap_chars
            )
            if len(parts) >= 2:
                subset = _SUBSET.fullmatch(cue.group()) or _OF_THE.search(before)
                label = "subset" if subset else "partition"
                out.append(Split(whole, tuple(parts), label))
                used.update(range(i + 1, i + 1 + len(parts)))
                continue
        if _TOTAL_IN_FIGURE.match(whole.text) or _TOTAL_BEFORE.search(before):
            total_at = _TOTAL_BEFORE.search(before)
            limit = whole.start - (len(before) - total_at.start()) if total_at else whole.start
            parts = _run_before(figs, i - 1, text, limit, kind, settings.parts_max_gap_chars)
            parts = [p for j, p in enumerate(figs[:i]) if p in parts and j not in used]
            if len(parts) >= 2:
                out.append(Split(whole, tuple(parts), "total"))
    return out


def _runs_of(split: Split) -> list[tuple[Figure, ...]]:
    """The parts as one run, or as two runs when each adds up to the whole on its own."""
    target = dec(split.whole.value)
    values = [dec(p.value) for p in split.parts]
    if sum(values, Decimal(0)) != target:
        for k in range(2, len(values) - 1):
            if sum(values[:k], Decimal(0)) == target and sum(values[k:], Decimal(0)) == target:
                return [split.parts[:k], split.parts[k:]]
    return [split.parts]


def parts_sum_checks(
    doc_id: str, pages: list[Page], figures: Sequence[Figure], settings: CheckSettings | None = None
) -> list[Check]:
    """One check per whole and way of splitting it, page by page."""
    settings = settings or CheckSettings()
    by_page: dict[int, list[Figure]] = {}
    for fig in figures:
        by_page.setdefault(fig.page, []).append(fig)
    out: list[Check] = []
    for page in pages:
        figs = sorted(by_page.get(page.page, []), key=lambda f: f.start or 0)
        for split in find_splits(page.text, figs, settings):
            for parts in _runs_of(split):
                check = _check(doc_id, split, parts, page.text)
                if check is not None:
                    out.append(check)
    return out


def _shown(fig: Figure, text: str) -> str:
    """A part as a reader sees it: a bare number with the two words after it ("70 fra kvinder")."""
    if fig.unit is not None or fig.end is None:
        return fig.text
    after = re.match(r"(?:\s+[^\s.,;:!?()]+){1,2}", text[fig.end : fig.end + 40])
    return fig.text + (after.group() if after else "")


def _check(doc_id: str, split: Split, parts: tuple[Figure, ...], text: str) -> Check | None:
    whole = split.whole
    expected = dec(whole.value)
    actual = sum((dec(p.value) for p in parts), Decimal(0))
    slack = half_step(whole) + sum((half_step(p) for p in parts), Decimal(0))
    if actual == expected:
        status = "pass"
    elif abs(actual - expected) <= slack:
        status = "warn"
    elif split.cue == "subset" and actual < expected:
        return None  # "heraf": some of the whole, not all of it
    else:
        status = "fail"
    listed = " + ".join(f"'{_shown(p, text)}'" for p in parts)
    money = whole.unit == "DKK"
    unit = "kr." if money else (whole.unit or "count")
    total = f"{fmt(actual)} kr." if money else fmt(actual)
    said = f"Page {whole.page}: '{whole.text}' is split into {listed}"
    if status == "pass":
        message = f"{said}, which add up to {total}, as stated."
    else:
        gap = actual - expected
        word = "more" if gap > 0 else "short"
        amount = f"{fmt(abs(gap))} kr." if money else fmt(abs(gap))
        message = f"{said}, which add up to {total}, not {fmt(expected)}: {amount} {word}."
        if status == "warn":
            message += " The difference is within the rounding of the printed amounts."
    return Check(
        doc_id=doc_id,
        check="parts_sum",
        status=status,
        expected=float(expected),
        actual=float(actual),
        message=message,
        page=whole.page,
        pages=[whole.page],
        record_ids=[r for r in (whole.record_id, *(p.record_id for p in parts)) if r],
        doc_ids=[doc_id],
        unit=unit,
        expected_dkk=float(expected) if money else None,
        actual_dkk=float(actual) if money else None,
    )
