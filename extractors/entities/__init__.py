"""Stage 4, entities: laws, organisations, people, places, money, dates and figures in page text.

Each module finds `Hit`s (character spans with a label and a canonical form) in one page's
normalised text; `extractors.entities.extract` merges them with the spaCy pipeline's entities.
"""
