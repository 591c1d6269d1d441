"""How the statistical model's spans are combined with the rules: known names win, the model
fills gaps, and its domain errors (headings, suspended compounds, events) are dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from munidocs.extractors.entities.base import Hit
from munidocs.extractors.entities.extract import records_from_docs
from munidocs.extractors.entities.modelfilter import clean_model_hit
from munidocs.extractors.entities.nlp import build_nlp, get_nlp
from munidocs.models import EntityRecords, Page


def model_hit(text: str, span: str, label: str, occurrence: int = 0) -> Hit:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(span, start + 1)
    return Hit(start, start + len(span), label, span, span, "model")


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        (
            "Med venlig hilsen Line Nørbæk Administrerende direktør",
            "Line Nørbæk Administrerende",
            "PER",
            "Line Nørbæk",
        ),
        (
            "tal. Rådmand Sisse Welling har bedt om det",
            "Rådmand Sisse Welling",
            "PER",
            "Sisse Welling",
        ),
        (
            "Kontakt Cyklistforbundet for mere",
            "Kontakt Cyklistforbundet",
            "ORG",
            "Cyklistforbundet",
        ),
        ("Forældrene og BUPL støtter forslaget", "BUPL", "ORG", "BUPL"),
        (
            "akkrediteret ved RådgivningsDanmark Indhold Værestedet i København",
            "RådgivningsDanmark Indhold Værestedet",
            "ORG",
            "RådgivningsDanmark",
        ),
        ("samarbejde med Red Kors Danmark om", "Red Kors Danmark", "ORG", "Red Kors Danmark"),
    ],
)
def test_model_spans_trimmed_to_the_name(text: str, span: str, label: str, expected: str) -> None:
    cleaned = clean_model_hit(text, model_hit(text, span, label))
    assert cleaned is not None
    assert (cleaned.text, text[cleaned.start : cleaned.end]) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("Beskæftigelses- og Integrationsforvaltningen", "Beskæftigelses-", "ORG"),
        ("LGBT Asylum. Værestedet sikrer en sikker rådgivning", "Værestedet", "ORG"),
        ("deltager i Winter Pride Week og", "Winter Pride Week", "ORG"),
        ("deltager i Copenhagen Pride Week. Der", "Copenhagen Pride Week", "PER"),
        ("frivillige LGBT+ personer", "LGBT+", "ORG"),
        ("Økonomi Vurderingen af behovet", "Økonomi Vurderingen", "PER"),
        ("vi har i Q2Q-metoden fokus", "Q2Q-metoden", "ORG"),
        ("Forvaltningen vil følge op", "Forvaltningen", "ORG"),
        ("Bispebjerg ☐ Indre by ☒", "Bispebjerg ☐ Indre", "ORG"),
        ("hvor Hansen sagde", "Hansen", "PER"),
        ("Kære Lise og Ahmad Med Budgetaftalen for 2025", "Ahmad Med Budgetaftalen", "PER"),
        ("indgår i Strategi for Socialt Udsatte og", "Socialt Udsatte", "ORG"),
    ],
)
def test_model_errors_are_dropped(text: str, span: str, label: str) -> None:
    assert clean_model_hit(text, model_hit(text, span, label)) is None


def records_with_model(text: str, model_spans: list[tuple[str, str, int]]) -> EntityRecords:
    """Run the rule pipeline, then add spans as a statistical model would have set them."""
    doc: Doc = get_nlp()(text)
    ents = list(doc.ents)
    for span_text, label, occurrence in model_spans:
        hit = model_hit(text, span_text, label, occurrence)
        span = doc.char_span(hit.start, hit.end, label=label)
        assert span is not None
        if not any(span.start < e.end and e.start < span.end for e in ents):
            ents.append(span)
    doc.set_ents(sorted(ents, key=lambda s: s.start), default="unmodified")
    page = Page("d", 1, text, len(text), False, 595.0, 842.0)
    return records_from_docs("d", [page], [doc])


def test_rule_names_win_and_the_model_fills_gaps() -> None:
    text = (
        "Vi samarbejder med partnere som Copenhagen Pride og Red Barnet. Brugerne deltager i "
        "Copenhagen Pride Week. Red Barnets frivillige og Ankestyrelsen er orienteret."
    )
    recs = records_with_model(
        text,
        [("Copenhagen Pride", "PER", 1), ("Red Barnet", "ORG", 0), ("Ankestyrelsen", "PER", 0)],
    )
    assert [(e.label, e.text, e.normalized) for e in recs.entities] == [
        ("ORG", "Copenhagen Pride", "Copenhagen Pride"),
        ("ORG", "Red Barnet", "Red Barnet"),
        ("ORG", "Red Barnets", "Red Barnet"),
        ("ORG", "Ankestyrelsen", "Ankestyrelsen"),
    ]


def test_the_model_is_picked_up_when_present(tmp_path: Path) -> None:
    model = spacy.blank("da")
    ner = model.add_pipe("ner")
    ner.add_label("ORG")  # type: ignore[attr-defined]
    model.initialize()
    model.to_disk(tmp_path / "ner-model")
    nlp = build_nlp(tmp_path / "ner-model")
    assert nlp.pipe_names == ["sentencizer", "ner", "gazetteer_exact", "gazetteer"]
    assert build_nlp(tmp_path / "missing").pipe_names == [
        "sentencizer",
        "gazetteer_exact",
        "gazetteer",
    ]
