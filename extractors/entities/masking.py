"""What the statistical NER model reads: a page's text with its masked regions blanked.

Names in a page's tables (as the text shows them), its district box, its running headers and
footers and its table header cells are dropped whatever finds them (`extract`); the model,
whose cost grows with the words it reads, reads only the rest. On a budget note most of the
text is table: the entity stage takes 40 % less time there (the same entities on generated
notes; a name at a table's edge can change, as the model sees less around it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from munidocs.extractors.entities.cells import CellSpan, header_mask, locate
from munidocs.extractors.entities.districts import DistrictBoxes, find_districts
from munidocs.extractors.entities.regions import table_regions
from munidocs.models import TableCell


def page_mask(
    text: str, furniture: list[tuple[int, int]], cells: list[TableCell]
) -> tuple[list[tuple[int, int]], DistrictBoxes, list[CellSpan]]:
    """The page's regions where no entity is taken (its tables as the text shows them, the
    district box, running headers and footers, table header cells), with the district box and
    the cells located in the text, which the finds need too."""
    boxes = find_districts(text)
    spans = locate(text, cells)
    mask = table_regions(text) + ([boxes.region] if boxes.region else [])
    return mask + furniture + header_mask(spans), boxes, spans


RULE_PIPES = ("sentencizer", "gazetteer_exact", "gazetteer")
"""The pipeline's rule components (`nlp.build_nlp`); every other one is the statistical model."""


def model_text(text: str, mask: list[tuple[int, int]]) -> str:
    """The page's text with its masked regions blanked, each widened to whole words (a name
    touching a region is dropped anyway, and half a word read alone can look like a name)."""
    chars = list(text)
    for start, end in mask:
        start, end = max(0, start), min(end, len(text))
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def masked_docs(
    nlp: Language, texts: Iterable[str], unmasked: Iterable[str], batch_size: int
) -> Iterator[Doc]:
    """Each page's Doc: the statistical model's names as it finds them in `unmasked` (the text
    with its masked regions blanked, `model_text`: same length, same offsets), then the
    sentencizer and the gazetteer rulers over the whole text, overwriting the model where they
    overlap, as the pipeline does in one pass."""
    model = [n for n in nlp.pipe_names if n not in RULE_PIPES]
    if not model:
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    rules = [n for n in nlp.pipe_names if n in RULE_PIPES and n != "sentencizer"]
    # each masked text travels with its page's text and whether they are the same
    pairs = (
        (blanked, (text, blanked == text)) for text, blanked in zip(texts, unmasked, strict=True)
    )
    guesses = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, disable=rules)

    def with_names() -> Iterator[Doc]:
        for guess, (text, same) in guesses:
            if same:  # nothing masked: the model's Doc is this text's, its names set
                yield guess
                continue
            doc = nlp.make_doc(text)
            spans = (doc.char_span(e.start_char, e.end_char, e.label_) for e in guess.ents)
            doc.set_ents([span for span in spans if span is not None])
            yield doc

    yield from nlp.pipe(with_names(), batch_size=batch_size, disable=model)
