"""What `munidocs verify` was asked, read: an amount in kroner, a number, or a law reference.

`verify.py` searches the datasets for it; this module only reads the text ("0,6 mio. kr.",
"650.000", "integrationslovens § 18", "§ 18, stk. 2") into a `Query`, through the Danish
lexicon and the law finder, so the search never parses numbers itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from munidocs.extractors.checks.common import fmt
from munidocs.extractors.entities.laws import LawContext, find_law_references
from munidocs.extractors.lexicon.money import SCALE_AFTER, factor_of, find_money
from munidocs.extractors.lexicon.numbers import (
    NUMBER,
    NotANumber,
    decimals_printed,
    parse_danish_number,
)

_BARE_SECTION = re.compile(r"^\s*§+\s*(\d+\s?[a-h]?)(?:\s*,?\s*stk\.\s*(\d+))?\s*$", re.I)


class NotAFigure(ValueError):
    """The text given is neither an amount, a number nor a law reference."""


@dataclass(frozen=True)
class Query:
    """What was asked, read: an amount (kroner), a number, or a law reference."""

    text: str
    kind: str  # money, number, law
    value: Decimal | None = None
    half_step: Decimal = Decimal(0)
    law: str | None = None
    section: str | None = None
    subsection: str | None = None

    def describe(self) -> str:
        if self.kind == "law":
            parts = [
                f"§ {self.section}" if self.section else "",
                f"stk. {self.subsection}" if self.subsection else "",
            ]
            where = ", ".join(p for p in parts if p)
            return f"{where} {'of ' + self.law if self.law else 'of any law'}".strip()
        assert self.value is not None
        if self.kind == "number":
            # as typed when it has no thousands to group ("2024" reads better than "2.024")
            shown = self.text if re.fullmatch(r"\d{1,4}", self.text) else fmt(self.value)
            return f"the number {shown} (in kroner, or as printed in any unit)"
        span = ""
        if self.half_step >= 1:  # "0,6 mio. kr."; not "5297,96 kr." (exact to the øre)
            span = f", i.e. {fmt(self.value - self.half_step)}-{fmt(self.value + self.half_step - Decimal(1))} kr. at the precision stated"
        return f"{fmt(self.value)} kr.{span}"


def parse_query(text: str) -> Query:
    """A figure or a law reference as a journalist would type it (module docstring)."""
    q = text.strip()
    if "§" in q or re.search(r"lov|bekendtgørelse", q, re.I):
        refs = find_law_references(q, 1, LawContext())
        if refs:
            ref = refs[0]
            return Query(q, "law", law=ref.law, section=ref.section, subsection=ref.subsection)
        bare = _BARE_SECTION.match(q)
        if bare:
            return Query(q, "law", section=bare.group(1).replace(" ", ""), subsection=bare.group(2))
        raise NotAFigure(f"cannot read {text!r} as a law reference (try 'integrationslovens § 18')")
    money = find_money(q)
    if len(money) == 1 and money[0].number_max is None and len(money[0].text) >= len(q) - 2:
        m = money[0]
        number = parse_danish_number(m.number)
        step = Decimal(10) ** -decimals_printed(m.number) * m.factor / 2
        return Query(
            q,
            "money",
            number * m.factor,
            step if m.factor > 1 or decimals_printed(m.number) else Decimal(0),
        )
    compact = q.replace(" ", "") if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:,\d+)?", q) else q
    head = re.match(rf"^\s*(?:{NUMBER})", compact)
    if head:
        scale = SCALE_AFTER.match(compact, head.end())
        rest = compact[scale.end() if scale else head.end() :].strip()
        printed = head.group().strip()
        parsed: Decimal | None = None
        if not rest:
            try:
                parsed = parse_danish_number(printed)
            except NotANumber:
                parsed = None
        if parsed is not None and scale:
            factor = factor_of(scale.group("scale"))
            step = Decimal(10) ** -decimals_printed(printed) * factor / 2
            return Query(q, "money", parsed * factor, step)
        if parsed is not None:
            return Query(q, "number", parsed)
    try:
        return Query(q, "number", Decimal(q.replace("_", "")))
    except InvalidOperation:
        pass
    raise NotAFigure(
        f"cannot read {text!r} as an amount, a number or a law reference "
        "(e.g. 650000, '0,6 mio. kr.', '650.000 kr.', 'integrationslovens § 18')"
    )
