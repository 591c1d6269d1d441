"""Every tolerance of the table reader, named, as pdfplumber's `TableSettings` names its own.

Distances are in PDF points, or in multiples of the table's body font size where the name
says `_em` (so a table set in 8 pt and one set in 11 pt are read alike); `_share` is a fraction
(of the page height, or of the table's width where the docstring says so); `_lines` and
`_chars` are counts. Fields come in the order the reader meets them: words and lines, the page,
rules, the header and its caption, columns, rows, the body, the continuation on the next page.

The defaults are the values the reader was tuned with on the Copenhagen notes, the generated
corpus and the word-processor fixtures; the tests pin the answers they give. All fields are
scalars, so a run's TOML file (`[tables]`) or a dotted override (`tables.<field>`, see
`Settings.with_overrides`) can change any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class TableSettings:
    """How the budget-table reader groups words into lines, columns and rows."""

    # ------------------------------------------------------------------ words and lines
    word_x_tolerance: float = 2.0
    """pdfplumber `extract_words` x_tolerance: letters closer than this form one word."""
    word_y_tolerance: float = 2.0
    """pdfplumber `extract_words` y_tolerance."""
    line_y_tolerance: float = 2.0
    """Points: words whose bottoms differ by at most this stand on one text line (also the
    lines of one header cell or one row's label)."""
    size_tolerance: float = 0.6
    """Points: lines whose font sizes differ by no more than this are set in the same size;
    a bigger difference marks a heading, a paragraph or a footer, not the table's body."""

    # ------------------------------------------------------------------ the page
    header_share: float = 0.08
    """Lines above this share of the page height are its running header or letterhead."""
    footer_share: float = 0.9
    """Lines below this share of the page height are its footer (a table reaching it may go on)."""

    # ------------------------------------------------------------------ rules
    rule_min_h_length: float = 15.0
    """Points: horizontal edges shorter than this are not rules (underlines, glyph strokes)."""
    rule_min_v_length: float = 4.0
    """Points: vertical edges shorter than this are not rules."""
    rule_y_slack: float = 1.0
    """Points a horizontal rule may overlap a text line and still lie between two lines (or
    bound the header); points a vertical rule may stop short of a line and still cross it."""
    rule_x_slack: float = 2.0
    """Points a rule may fall short of the header's width, or lie outside the window searched
    for vertical rules, and still count."""
    edge_merge_tolerance: float = 1.5
    """Points: vertical rules, or grid cell edges, closer than this are one edge."""
    row_rule_span_share: float = 0.6
    """A horizontal rule splits rows only if it spans this share of the table's width."""

    # ------------------------------------------------------------------ header and caption
    header_min_years: int = 2
    """Year columns a header row needs ("2026 2027" starts a table; at least 2, which the
    page pre-filter's "two years in a row" assumes)."""
    year_gap_em: float = 0.8
    """Multiples of the year's own font size: consecutive header years must stand at least
    this far apart (closer, they are a phrase such as "2026 2027" in prose)."""
    grid_min_rules: int = 3
    """Vertical rules crossing the year row that make the table a ruled grid."""
    grid_reach_left: float = 400.0
    """Points left of the year row's first word within which its vertical rules are counted
    (the label column stands left of the years)."""
    grid_reach_right: float = 50.0
    """Points right of the year row's last word within which its vertical rules are counted."""
    grid_bbox_slack: float = 1.0
    """Points the year row may stick out of pdfplumber's table box and still be its header."""
    grid_min_body_em: float = 1.0
    """Multiples of the header's font size: a ruled box less tall than this below the header
    row is a shaded header, not a grid with a body."""
    header_rule_above_em: float = 6.0
    """Multiples of the header's font size: a rule at most this far above the year row can
    top the header band (header cells wrap onto lines above the years)."""
    header_rule_below_em: float = 4.0
    """Multiples of the header's font size: a rule at most this far below the year row can
    close the header band."""
    header_line_gap_em: float = 0.9
    """Multiples of the header's font size: a line further than this above the header line
    below it is not part of the header (without rules to say so)."""
    header_line_max_chars: int = 60
    """A line longer than this above the year row is prose, not a header cell."""
    header_left_edge_lines: int = 7
    """Lines from the year row on whose leftmost start, among those in the header's size,
    gives the table's left edge (body labels start there, header continuations do not)."""
    header_wrap_gap_em: float = 0.6
    """Multiples of the header's font size: a line at most this far below the header line
    above continues the header (a wrapped cell such as "område", or the unit "2026 p/l")."""
    body_indent_em: float = 1.0
    """Multiples of the header's font size: a line starting within this of the table's left
    edge is a body label, not a header continuation."""
    header_band_slack: float = 1.0
    """Points a line's middle (or a caption line's bottom) may stray past the header band's
    top or bottom and still belong to the header (or above it)."""
    header_band_pad: float = 0.5
    """Points the header band found from text alone reaches beyond its first and last line."""
    caption_max_lines: int = 4
    """Lines above the header searched for the table's caption (title and unit line)."""
    unit_line_max_chars: int = 40
    """A line naming a unit ("1.000 kr., 2026 p/l") shorter than this is a unit line; a longer
    one is a sentence that happens to name a unit."""
    body_size_lines: int = 6
    """Lines below the header searched for the first line with amounts, whose font size is
    the body's (the body may be set smaller than its header)."""

    # ------------------------------------------------------------------ columns
    column_scan_lines: int = 80
    """Body lines whose words give the columns' x-ranges in a table without vertical rules."""
    column_gap_em: float = 0.55
    """Multiples of the body font size: an empty x-gap this wide separates two columns."""
    label_column_gap: float = 0.5
    """Points left between a widened label column and the column to its right."""

    # ------------------------------------------------------------------ rows
    row_line_em: float = 0.75
    """Multiples of the body font size: lines whose tops are closer than this form one visual
    line (superscripts, a cell set a little higher)."""
    row_pitch_em: float = 1.2
    """Multiples of the body font size: the line pitch assumed where no band between rules has
    two visual lines to measure it from."""
    row_padding_min: float = 1.5
    """Points: extra space beyond the line pitch that separates two rows (the cells' padding),
    at least this much ..."""
    row_padding_em: float = 0.15
    """... or this multiple of the body font size, whichever is larger."""

    # ------------------------------------------------------------------ body
    body_gap_em: float = 2.0
    """Multiples of the body font size: a vertical gap wider than this ends a table without
    rules below it."""
    body_margin_em: float = 1.0
    """Multiples of the body font size: a line reaching this far past the table's left or
    right edge is text after the table, not a row."""
    wrapped_label_em: float = 1.6
    """Multiples of the body font size: a label line after the last amounts stays in the table
    (as a wrapped label) if its top is at most this far below the line above, with no rule
    between."""

    # ------------------------------------------------------------------ continuation
    continuation_header_lines: int = 4
    """Lines at the top of a continuation page searched for a repeated year header."""
    top_align_tolerance: float = 2.0
    """Points: a wrapped label whose first line's top is within this of its amounts' top
    marks a top-aligned table, where label lines opening the next page finish the row the
    page break cut (they cannot begin a row of their own)."""
    dangling_caption_lines: int = 3
    """Lines at the foot of a page searched for a table title left without its table."""

    # ------------------------------------------------------------------ any table (grid.py)
    predicate_min_lines: int = 3
    """`may_hold_table`: lines with two or more numbers, or with an amount in kroner, that make
    a page worth looking at for tables."""
    predicate_list_lines: int = 5
    """`may_hold_table`: consecutive lines ending in a number (a list with a number column)."""
    predicate_min_rules: int = 6
    """`may_hold_table`: ruling segments on a page that may make a ruled grid."""
    table_min_rows: int = 2
    """Rows (header included) a table needs; an aligned table needs one more line than this
    split into columns."""
    table_max_header_rows: int = 3
    """Leading rows that may be a table's header (bold over a regular body, title rows
    spanning a ruled table, words over a column of numbers)."""
    cell_gap_em: float = 1.0
    """Multiples of a line's font size: a gap at least this wide between two words separates
    two cells of a table without vertical rules (a space between words is about 0.25 em)."""
    aligned_gap_em: float = 1.6
    """Multiples of the font size: a vertical gap wider than this between two lines ends a
    table without rules."""
    aligned_prose_chars: int = 45
    """Median characters of a column's cells above which the column is prose: two such
    columns are a page set in columns, not a table."""
    caption_reach_em: float = 2.5
    """Multiples of the body font size: a "Tabel N" line at most this far above (or below) a
    table is its caption."""
    amount_share: float = 0.6
    """Share of a column's filled body cells that must be numbers (in kroner where the header
    names no money) for the column to hold amounts."""
    continue_share: float = 0.75
    """A table whose part on one page ends below this share of the page height, followed by
    one with the same columns starting above (1 - this share) of the next page, is one table."""
    total_words: int = 4
    """Words a label may have besides "i alt"/"total" and still be a total row."""

    def __post_init__(self) -> None:
        """Reject values the reader cannot work with, naming the field."""
        for f in fields(self):
            value = getattr(self, f.name)
            if value < 0:
                raise ValueError(f"{f.name} must not be negative, got {value}")
        for name in ("header_share", "footer_share", "row_rule_span_share"):
            if getattr(self, name) > 1:
                raise ValueError(f"{name} is a share: at most 1, got {getattr(self, name)}")
        if self.header_min_years < 2:
            raise ValueError(f"header_min_years must be at least 2, got {self.header_min_years}")
