"""The NER training command still runs end to end, and the committed model still works."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import spacy
from spacy.pipeline import EntityRecognizer

from munidocs.extractors.entities.model import MODEL_DIR, load_ner
from tools.train_ner import TrainSettings, main, read_iob2, train

IOB2 = """# sent_id = x-1
# text = Kjeld Christensen bor i Valby, ikke i SID-huset.
1\tKjeld\tB-PER\tB-PER#O\ts
2\tChristensen\tI-PER\tI-PER#O\ts
3\tbor\tO\tO#O\ts
4\ti\tO\tO#O\ts
5\tValby\tI-LOC\tB-LOC#O\ts
6\t,\tO\tO#O\ts
7\tikke\tO\tO#O\ts
8\ti\tO\tO#O\ts
9\tSID-huset\tB-ORG\tB-ORGpart#O\ts
10\t.\tO\tO#O\ts

"""


def test_read_iob2_spacing_and_orphan_inside_tag(tmp_path: Path) -> None:
    path = tmp_path / "x.iob2"
    path.write_text(IOB2, encoding="utf-8")
    [sentence] = read_iob2(path)
    assert sentence.tags == ["B-PER", "I-PER", "O", "O", "B-LOC", "O", "O", "O", "B-ORG", "O"]
    assert sentence.spaces == [True, True, True, True, False, True, True, True, False, False]


def test_training_command_on_a_small_slice(tmp_path: Path) -> None:
    out = tmp_path / "model"
    settings = replace(TrainSettings(), max_sentences=40, max_steps=6, eval_frequency=3)
    train(settings, out)
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, EntityRecognizer)
    assert set(ner.labels) == {"PER", "ORG", "LOC"}
    doc = nlp("Borgerrepræsentationen i København mødes torsdag.")
    assert [t.text for t in doc][:3] == ["Borgerrepræsentationen", "i", "København"]
    assert (out / "LICENSE.txt").read_text(encoding="utf-8").startswith("Attribution-ShareAlike")


def test_command_line_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "cli-model"
    code = main(["--out", str(out), "--max-sentences", "30", "--max-steps", "2", "--seed", "1"])
    assert code == 0
    assert spacy.load(out).meta["munidocs_training"]["seed"] == 1


def test_committed_model_finds_a_signature_name() -> None:
    nlp = load_ner()
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert (MODEL_DIR / "LICENSE.txt").exists()
    doc = nlp("Med venlig hilsen Line Nørbæk")
    assert [(e.text, e.label_) for e in doc.ents] == [("Line Nørbæk", "PER")]
