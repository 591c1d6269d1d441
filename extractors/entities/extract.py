"""Entities, law references and figures from page text.

One spaCy pipeline (sentences, the statistical NER model when shipped, the gazetteer entity
rulers) runs over all pages with `nlp.pipe`; rule modules in `extractors.entities` add laws,
money, dates, figures, addresses, district boxes and pattern-found names. Overlaps are resolved
by source priority (rules > gazetteer > patterns > model), so known names win and the model
only fills gaps. Table regions and the district box block are masked: their numbers are
budget lines and their labels are not mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

from spacy.tokens import Doc

from munidocs.extractors.entities.addresses import find_addresses
from munidocs.extractors.entities.base import (
    GENERIC_BODIES,
    Hit,
    in_any,
    resolve_overlaps,
)
from munidocs.extractors.entities.blas import blas_threads
from munidocs.extractors.entities.bodies import body_forms, document_city, find_bodies
from munidocs.extractors.entities.cells import (
    CellSpan,
    cell_orgs,
    clip_to_last_cell,
    crosses_cells,
    name_columns,
)
from munidocs.extractors.entities.dates import find_dates
from munidocs.extractors.entities.figures import find_figures
from munidocs.extractors.entities.laws import (
    LawContext,
    LawRef,
    document_context,
    find_law_references,
    law_hits,
)
from munidocs.extractors.entities.masking import masked_docs, model_text, page_mask
from munidocs.extractors.entities.modelfilter import clean_model_hit
from munidocs.extractors.entities.names import aliases, find_orgs, find_people, propagate
from munidocs.extractors.entities.nlp import gazetteer, get_nlp
from munidocs.extractors.entities.orgforms import find_org_forms
from munidocs.extractors.entities.sentences import PageQuoter
from munidocs.extractors.entities.settings import EntitySettings
from munidocs.models import Entity, EntityRecords, Figure, LawReference, Page, TableCell

ENTITY_LABELS = ("ORG", "PER", "LOC", "LAW", "MONEY", "DATE", "PERCENT", "CARDINAL", "ADDRESS")
_MODEL_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}
_FIGURE_FIELDS = {f.name for f in fields(Figure)}


@dataclass
class _PageFinds:
    """Everything the rules found on one page, before overlaps are resolved."""

    text: str
    sentences: list[tuple[int, int]]
    mask: list[tuple[int, int]]
    hits: list[Hit] = field(default_factory=list)
    figures: list[Hit] = field(default_factory=list)
    laws: list[LawRef] = field(default_factory=list)
    district_block: bool = False
    districts: list[str] = field(default_factory=list)
    max_sentence_chars: int = EntitySettings.max_sentence_chars
    furniture: list[tuple[int, int]] = field(default_factory=list)
    cells: list[CellSpan] = field(default_factory=list)
    quoter: PageQuoter | None = None


def extract_entities(
    doc_id: str,
    pages: list[Page],
    settings: EntitySettings | None = None,
    *,
    title: str | None = None,
    furniture: Mapping[int, list[tuple[int, int]]] | None = None,
    cells: Sequence[TableCell] = (),
) -> EntityRecords:
    """Entities, law references, figures and ticked districts of one document's pages.

    `title` tells the law a statute or a guide to one is (its own sections); `furniture`, per
    page, the spans of running headers, footers, stamps and margin text (`reading.furniture`),
    kept out of entities and sentences; `cells`, the document's table cells (`entities.cells`):
    header cells make no entity, a name column's cells are organisations."""
    settings = settings or EntitySettings()
    nlp = get_nlp(settings.ner_model)
    by_page = _cells_by_page(cells)
    unmasked = (
        model_text(
            p.text, page_mask(p.text, (furniture or {}).get(p.page, []), by_page.get(p.page, []))[0]
        )
        for p in pages
    )
    # a generator: each page's spaCy Doc (~2 MiB on a table page) is dropped once its finds
    # are taken; a list held every page's Doc, and a 1,000-page report went past 1 GiB
    docs = masked_docs(nlp, (p.text for p in pages), unmasked, settings.batch_size)
    with blas_threads(settings.blas_threads):  # the docs are made as records_from_docs reads
        return records_from_docs(
            doc_id,
            pages,
            docs,
            settings.max_sentence_chars,
            title=title,
            furniture=furniture,
            cells=cells,
        )


def records_from_docs(
    doc_id: str,
    pages: Sequence[Page],
    docs: Iterable[Doc],
    max_sentence_chars: int = EntitySettings.max_sentence_chars,
    *,
    title: str | None = None,
    furniture: Mapping[int, list[tuple[int, int]]] | None = None,
    cells: Sequence[TableCell] = (),
) -> EntityRecords:
    """Build the records of one document from its pages and their processed spaCy docs (one
    per page, in order; consumed one at a time, so a generator keeps one batch in memory)."""
    context = document_context([p.text for p in pages], title)
    furniture = furniture or {}
    columns = name_columns(cells)
    by_page = _cells_by_page(cells)
    finds = [
        _page_finds(page, doc, context, furniture.get(page.page, []), by_page.get(page.page, []))
        for page, doc in zip(pages, docs, strict=True)
    ]
    for found in finds:
        found.max_sentence_chars = max_sentence_chars
        found.hits += cell_orgs(found.cells, columns)
    _drop_common_nouns(finds)
    _add_propagated(finds)
    _add_municipal_bodies(finds)
    records = EntityRecords()
    for page, found in zip(pages, finds, strict=True):
        hits = _within_cells(found.hits, found.cells)
        kept = [h for h in resolve_overlaps(hits) if _acceptable(found.text, h)]
        for hit in kept:
            records.entities.append(
                Entity(
                    doc_id=doc_id,
                    page=page.page,
                    label=hit.label,
                    text=hit.text,
                    normalized=hit.normalized,
                    start=hit.start,
                    end=hit.end,
                    sentence=_sentence(found, hit.start, hit.end),
                )
            )
        for ref in found.laws:
            records.law_references.append(
                LawReference(
                    doc_id=doc_id,
                    page=page.page,
                    text=found.text[ref.start : ref.end],
                    law=ref.law,
                    section=ref.section,
                    subsection=ref.subsection,
                    eli=ref.eli,
                    sentence=_sentence(found, ref.start, ref.end),
                    start=ref.start,
                    end=ref.end,
                )
            )
        for fig in found.figures:
            records.figures.append(_figure_record(doc_id, page.page, found, fig))
    if any(f.district_block for f in finds):
        records.districts = list(dict.fromkeys(d for f in finds for d in f.districts))
    return records


def _cells_by_page(cells: Sequence[TableCell]) -> dict[int, list[TableCell]]:
    by_page: dict[int, list[TableCell]] = {}
    for cell in cells:
        by_page.setdefault(cell.page, []).append(cell)
    return by_page


_LOWER_WORD = re.compile(r"(?<![\w-])[a-zæøå][a-zæøå-]+(?![\w-])")
_CONNECTORS = frozenset("og i af for til of the and".split())


def _drop_common_nouns(finds: list[_PageFinds]) -> None:
    """A name the model found whose every word the same document prints in lower case
    ("Stormflod", "Erhvervsbygninger Data") is a capitalised common noun (a heading, a table
    cell, a sentence start), not an organisation or a person: real names keep their capital."""
    lower = {w for f in finds for w in _LOWER_WORD.findall(f.text)}
    for found in finds:
        found.hits = [
            h
            for h in found.hits
            if h.source != "model"
            or h.label not in ("ORG", "PER")
            or not all(
                w.lower() in lower
                for w in re.findall(r"[\w-]+", h.text)
                if w.lower() not in _CONNECTORS
            )
        ]


def _within_cells(hits: list[Hit], cells: list[CellSpan]) -> list[Hit]:
    """Names and addresses stay inside one table cell: one glued across cells is dropped, an
    address run on from the cell before is cut to its own cell."""
    out = []
    for h in hits:
        kept = h.source == "table" or h.label not in ("ORG", "PER", "LOC", "ADDRESS")
        if kept or not crosses_cells(h, cells):
            out.append(h)
        elif h.label == "ADDRESS" and (clipped := clip_to_last_cell(h, cells)) is not None:
            out.append(clipped)
    return out


def _figure_record(doc_id: str, page: int, found: _PageFinds, hit: Hit) -> Figure:
    start, end = hit.extra["figure_start"], hit.extra["figure_end"]
    values = {
        "doc_id": doc_id,
        "page": page,
        "text": found.text[start:end],
        "value": hit.extra["value"],
        "unit": hit.extra["unit"],
        "sentence": _sentence(found, start, end),
        "start": start,
        "end": end,
    }
    if "value_max" in _FIGURE_FIELDS:  # the column the contract may add for ranges
        values["value_max"] = hit.extra["value_max"]
    return Figure(**values)


def _page_finds(
    page: Page,
    doc: Doc,
    context: LawContext,
    furniture: list[tuple[int, int]],
    cells: list[TableCell],
) -> _PageFinds:
    text = page.text
    sentences = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else []
    mask, boxes, spans = page_mask(text, furniture, cells)
    found = _PageFinds(
        text,
        sentences,
        mask,
        district_block=boxes.region is not None,
        furniture=furniture,
        cells=spans,
    )
    found.districts = [h.text for h in boxes.ticked]
    found.hits.extend(boxes.ticked)

    found.laws = [r for r in find_law_references(text, page.page, context) if _free(r, mask)]
    laws = law_hits(text, found.laws)
    dates = [h for h in find_dates(text) if _free(h, mask)]
    addresses = [h for h in find_addresses(text) if _free(h, mask)]
    blocked = mask + [(h.start, h.end) for h in (*laws, *dates, *addresses)]
    found.figures = find_figures(text, blocked)
    found.hits += laws + dates + addresses
    found.hits += [h for h in found.figures if h.label != "YEAR"]
    found.hits += [h for h in _doc_hits(doc, text) if _free(h, mask)]
    orgs = find_orgs(text) + find_org_forms(text)
    known_orgs = [h for h in found.hits if h.source in ("gazetteer", "model") and h.label == "ORG"]
    orgs += aliases(text, orgs + known_orgs)
    found.hits += [h for h in orgs + find_people(text) if _free(h, mask)]
    return found


def _free(span: Hit | LawRef, mask: list[tuple[int, int]]) -> bool:
    return not in_any(span.start, span.end, mask)


def _doc_hits(doc: Doc, text: str) -> list[Hit]:
    """The pipeline's entities: gazetteer ones carry their canonical name as `ent_id_`.
    `text` is the Doc's text (`Doc.text` joins every token again each time it is asked)."""
    hits = []
    for ent in doc.ents:
        if ent.ent_id_:
            source = "place" if ent.label_ == "LOC" else "gazetteer"
            hits.append(
                Hit(ent.start_char, ent.end_char, ent.label_, ent.text, ent.ent_id_, source)
            )
        elif ent.label_ in _MODEL_LABELS:
            label = _MODEL_LABELS[ent.label_]
            raw = Hit(ent.start_char, ent.end_char, label, ent.text, ent.text, "model")
            cleaned = clean_model_hit(text, raw)
            if cleaned is not None:
                hits.append(cleaned)
    return hits


def _acceptable(text: str, hit: Hit) -> bool:
    if hit.label not in ENTITY_LABELS:
        return False
    generic = hit.text.lower() in GENERIC_BODIES or hit.text.lower() in body_forms()
    if hit.label in ("ORG", "PER") and generic and hit.source != "context":
        return False
    # "de danske regioner" is no name
    return not (hit.source == "gazetteer" and hit.text.islower())


def _add_propagated(finds: list[_PageFinds]) -> None:
    """Names found by a pattern or the model anywhere, tagged everywhere (genitive included).

    A rule-found name keeps its label: the model's span of the same name (often with another
    label) is dropped, and the rule name is propagated instead."""
    ruled = {
        key: h.label
        for f in finds
        for h in f.hits
        if h.source in ("pattern", "gazetteer", "context", "place")
        and h.label in ("ORG", "PER", "LOC")
        for key in (h.text, h.normalized)
    }
    for found in finds:
        found.hits = [
            h
            for h in found.hits
            if h.source != "model"
            or (h.text not in ruled and h.text.removesuffix("s") not in ruled)
        ]
    seeds = [h for f in finds for h in f.hits if h.source == "pattern"]
    seeds += [h for f in finds for h in f.hits if h.source == "model"]
    for found, extra in zip(finds, propagate([f.text for f in finds], seeds), strict=True):
        found.hits += [h for h in extra if _free(h, found.mask)]
    # a genitive found on its own ("LGBT Asylums") is the name seen elsewhere without the -s
    known = {h.normalized for f in finds for h in f.hits if h.label in ("ORG", "PER")}
    for found in finds:
        found.hits = [
            replace(h, normalized=h.normalized[:-1])
            if h.source == "pattern"
            and h.normalized
            and h.normalized.endswith("s")
            and h.normalized[:-1] in known
            else h
            for h in found.hits
        ]


def _add_municipal_bodies(finds: list[_PageFinds]) -> None:
    """ "jobcentret" is the jobcentre of the document's municipality, when that is clear: the
    municipality the document's gazetteer names point to (see `entities.bodies`)."""
    gaz = gazetteer()
    known = [
        h.normalized
        for f in finds
        for h in f.hits
        if h.source == "gazetteer" and h.normalized is not None and h.normalized in gaz.city_of
    ]
    city = document_city(
        (gaz.city_of[n] for n in known if n in gaz.municipalities),
        (gaz.city_of[n] for n in known if n not in gaz.municipalities),
    )
    if city is None:
        return
    for found in finds:
        found.hits += [h for h in find_bodies(found.text, city) if _free(h, found.mask)]


def _sentence(found: _PageFinds, start: int, end: int) -> str:
    """The sentence(s) a span stands in, at most `max_sentence_chars` around the span."""
    if found.quoter is None:  # the page's sentences and regions, sorted once for all its spans
        cells = [(c.start, c.end) for c in found.cells]
        found.quoter = PageQuoter(
            found.text, found.sentences, found.mask, cells, found.furniture,
            found.max_sentence_chars,
        )  # fmt: skip
    return found.quoter(start, end)
