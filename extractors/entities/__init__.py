"""Rule parts of the entity stage: laws, gazetteer, figures, dates, addresses, districts, names.

Each module finds `Hit`s (character spans with a label and a canonical form) in one page's
normalised text; `extractors.entities.extract` merges them with the spaCy pipeline's entities.
"""
