"""Stage 2, reading: one PDF into its document row and pages, parsing every page once.

`pdf` (open a PDF, stream and close its pages, map every failure to a reason), `text` (the
contract's text normalisation), `classify` (document kind, title, reference, own date),
`profiles` (a municipality's template headings, as data), `read` (the read stage itself, which
also feeds each page to the table reader).
"""
