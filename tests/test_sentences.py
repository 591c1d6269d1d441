"""The sentence an entity record quotes: cut at the tables and boxes around it, by bisection."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from munidocs.extractors.entities.sentences import PageQuoter, RegionCuts

_SPAN = st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=2000, deadline=None)
@given(
    mask=st.lists(_SPAN, max_size=6),
    cells=st.lists(_SPAN, max_size=10),
    shared=st.booleans(),
    span=st.tuples(st.integers(0, 70), st.integers(0, 8)),
)
def test_bisection_cuts_as_walking_every_region_does(
    mask: list[tuple[int, int]],
    cells: list[tuple[int, int]],
    shared: bool,
    span: tuple[int, int],
) -> None:
    """A page of a long table has thousands of names and cells; the cut of each name's sentence
    must be what walking every region gives (overlapping cells, a cell that is also masked,
    an empty span included)."""
    if shared and mask:
        cells = [*cells, mask[0]]
    cuts = RegionCuts.of(mask, cells)
    start, end = span[0], span[0] + span[1]
    assert cuts.narrow(start, end, 0, 80) == cuts._walk(start, end, 0, 80)


def test_a_name_in_a_cell_quotes_its_cell_and_prose_stops_at_the_table() -> None:
    text = "Vi har bedt om tilbud. Navn Alfa ApS Beta A/S Slut på listen. Svar senest fredag."
    table = (text.index("Navn"), text.index(" Slut"))
    alfa = (text.index("Alfa"), text.index(" Beta"))
    quoter = PageQuoter(text, [(0, len(text))], [table], [alfa], [], 200)
    assert quoter(alfa[0], alfa[0] + 4) == "Alfa ApS"
    fredag = text.index("fredag")
    assert quoter(fredag, fredag + 6) == "Slut på listen. Svar senest fredag."
    assert quoter(0, 2) == "Vi har bedt om tilbud."
