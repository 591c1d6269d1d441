"""Stage 3, tables: budget tables into tidy budget lines (and each row's printed total).

`layout` (words, lines, rules: positions only), `header` (what header cells mean), `captions`
(header band, caption, title), `columns` (column bounds and kinds), `rows` (body lines into
rows), `emit` (rows into `BudgetLine`s), `reader` (`BudgetTableReader`, fed page by page),
`settings` (`TableSettings`: every tolerance, named). See docs/tables.md.
"""
