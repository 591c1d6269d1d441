"""Train the Danish PER/ORG/LOC NER model from the UNER Danish-DDT data, offline.

One command, reproducible (fixed seed), CPU only, about 5 minutes on 2 cores:

    .venv/bin/python -m tools.train_ner [--out DIR] [--max-sentences N] [--max-steps N]
                                             [--seed N] [--set KEY=JSON] [--evaluate dev|test]

The IOB2 files in tools/data/uner/ are converted to spaCy DocBins in a temporary folder at
training time (never committed), a config is generated from `TrainSettings`, and spaCy's own
training loop does the rest. The defaults are the settings chosen on dev, trained on train+dev
for a fixed number of steps (the last checkpoint is kept); `--set train_splits='["train"]'
--set keep='"best"'` gives the dev-selection setup instead. The model is written to `--out`
(default: extractors/data/ner-model/) with the data's CC BY-SA 4.0 license and attribution.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Corpus, iob_to_biluo, tags_to_entities

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "tools" / "data" / "uner"
DEFAULT_OUT = REPO / "extractors" / "data" / "ner-model"
LABELS = ("PER", "ORG", "LOC")
SPLITS = ("train", "dev", "test")
GAZETTEER = DATA_DIR / "gazetteer-da.tsv"
VECTORS_DIR = DATA_DIR / "vectors-floret"
GAZETTEER_CALLBACK = "munidocs.ner_gazetteer_norms.v1"


@dataclass(frozen=True)
class Sentence:
    """One gold sentence: UD tokens, whether each is followed by a space, and IOB2 tags."""

    words: list[str]
    spaces: list[bool]
    tags: list[str]


@dataclass(frozen=True)
class TrainSettings:
    """Everything that decides the model; the defaults are the settings chosen on dev."""

    seed: int = 0
    max_sentences: int = 0  # 0 = all; >0 = only the first N sentences of each split
    max_steps: int = 2000
    patience: int = 3000
    eval_frequency: int = 500
    train_splits: tuple[str, ...] = ("train", "dev")
    eval_split: str = "dev"
    keep: str = "last"  # "best" on eval_split, or "last" (when eval_split is trained on too)
    width: int = 128
    depth: int = 4
    window_size: int = 1
    maxout_pieces: int = 3
    attrs: tuple[str, ...] = ("NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE")
    rows: tuple[int, ...] = (5000, 5000, 2500, 2500, 2500)
    hidden_width: int = 64
    dropout: float = 0.2
    learn_rate: float = 0.001
    l2: float = 0.01
    batch_start: int = 100
    batch_stop: int = 1000
    vectors: bool = False  # static floret vectors from VECTORS_DIR (see tools/ner_vectors.py)
    char_embed: bool = False  # spacy.CharacterEmbed.v2 (NORM + first/last chars) instead
    char_nm: int = 64
    char_nc: int = 8
    gazetteer: bool = True  # NORM of listed names becomes their class (hence LOWER in attrs)


def _spaces(words: list[str], text: str) -> list[bool]:
    """Whether each token is followed by whitespace in the raw sentence text."""
    spaces: list[bool] = []
    pos = 0
    for word in words:
        found = text.find(word, pos)
        if found < 0:  # tokens and text disagree: fall back to a space after every token
            return [True] * (len(words) - 1) + [False]
        pos = found + len(word)
        spaces.append(pos < len(text) and text[pos].isspace())
    return spaces


def _fix_iob(tags: list[str]) -> list[str]:
    """IOB2 tags restricted to LABELS, with an orphan I- (no B- before it) read as B-."""
    fixed: list[str] = []
    prev = "O"
    for tag in tags:
        label = tag[2:] if tag[:2] in ("B-", "I-") else ""
        if label not in LABELS:
            tag = "O"
        elif tag.startswith("I-") and prev[2:] != label:
            tag = "B-" + label
        fixed.append(tag)
        prev = tag
    return fixed


def read_iob2(path: Path) -> list[Sentence]:
    """Sentences of a UNER .iob2 file (column 2 = token, column 3 = UNER tag)."""
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    text = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# text = "):
            text = line[len("# text = ") :]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if words:
                sentences.append(Sentence(words, _spaces(words, text), _fix_iob(tags)))
            words, tags, text = [], [], ""
        else:
            cols = line.split("\t")
            words.append(cols[1])
            tags.append(cols[2])
    return sentences


def to_doc(nlp: spacy.Language, sentence: Sentence) -> Doc:
    """A spaCy Doc with the gold entities of one sentence."""
    doc = Doc(nlp.vocab, words=sentence.words, spaces=sentence.spaces)
    biluo = iob_to_biluo(sentence.tags)
    doc.ents = [
        Span(doc, start, end + 1, label=label) for label, start, end in tags_to_entities(biluo)
    ]
    return doc


def write_docbin(nlp: spacy.Language, sentences: list[Sentence], path: Path) -> Path:
    """Serialise gold sentences as a DocBin for spaCy's corpus reader."""
    DocBin(docs=(to_doc(nlp, s) for s in sentences)).to_disk(path)
    return path


def load_split(split: str, settings: TrainSettings, data_dir: Path = DATA_DIR) -> list[Sentence]:
    """One split's sentences, cut to settings.max_sentences when that is set."""
    sentences = read_iob2(data_dir / f"da_ddt-ud-{split}.iob2")
    return sentences[: settings.max_sentences] if settings.max_sentences else sentences


def gazetteer_norms(path: Path = GAZETTEER) -> dict[str, str]:
    """Word (and its genitive) -> `gaz_<class>` norm, e.g. "Lines" -> "gaz_first"."""
    classes: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        word, cls = line.split("\t")
        if " " in word:
            continue
        genitive = word + ("'" if word[-1] in "sxz" else "s")
        for form in (word, genitive):
            classes.setdefault(form, set()).add(cls)
    return {word: "gaz_" + "_".join(sorted(c)) for word, c in classes.items()}


@spacy.registry.callbacks(GAZETTEER_CALLBACK)
def make_gazetteer_norms(path: str) -> Callable[[Language], Language]:
    """before_init callback: install the gazetteer as the vocab's `lexeme_norm` lookups table.

    The table is saved with the model (vocab/lookups.bin), so a plain `spacy.load` gives the
    same norms; no code of ours is needed at load time.
    """

    def install(nlp: Language) -> Language:
        lookups = Lookups()
        lookups.add_table("lexeme_norm", gazetteer_norms(REPO / path))
        nlp.vocab.lookups = lookups
        return nlp

    return install


def build_config(settings: TrainSettings) -> str:
    """The spaCy training config for these settings (tok2vec + ner on a blank `da`)."""
    s = settings
    static = "true" if s.vectors else "false"
    before_init = (
        f'{{"@callbacks":"{GAZETTEER_CALLBACK}","path":"{GAZETTEER.relative_to(REPO).as_posix()}"}}'
        if s.gazetteer
        else "null"
    )
    if s.char_embed:
        embed = f"""[components.tok2vec.model.embed]
@architectures = "spacy.CharacterEmbed.v2"
width = {s.width}
rows = {s.rows[0]}
nM = {s.char_nm}
nC = {s.char_nc}
include_static_vectors = {static}
"""
    else:
        embed = f"""[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {s.width}
attrs = {json.dumps(list(s.attrs))}
rows = {json.dumps(list(s.rows))}
include_static_vectors = {static}
"""
    return f"""
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
seed = {s.seed}
gpu_allocator = null

[nlp]
lang = "da"
pipeline = ["tok2vec","ner"]
batch_size = 256
tokenizer = {{"@tokenizers":"spacy.Tokenizer.v1"}}

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

{embed}
[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {s.width}
depth = {s.depth}
window_size = {s.window_size}
maxout_pieces = {s.maxout_pieces}

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = {s.hidden_width}
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {s.width}
upstream = "*"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = {s.dropout}
accumulate_gradient = 1
patience = {s.patience}
max_epochs = 0
max_steps = {s.max_steps}
eval_frequency = {s.eval_frequency}
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = {s.batch_start}
stop = {s.batch_stop}
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = {s.l2}
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = {s.learn_rate}

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = {before_init}
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def train(settings: TrainSettings, out: Path = DEFAULT_OUT, data_dir: Path = DATA_DIR) -> Path:
    """Train with these settings and write the best model (on the eval split) to `out`."""
    from spacy.cli.train import train as spacy_train

    nlp = spacy.blank("da")
    with tempfile.TemporaryDirectory(prefix="ner-train-") as tmp_name:
        tmp = Path(tmp_name)
        train_sents = [
            s for split in settings.train_splits for s in load_split(split, settings, data_dir)
        ]
        train_path = write_docbin(nlp, train_sents, tmp / "train.spacy")
        eval_sents = load_split(settings.eval_split, settings, data_dir)
        dev_path = write_docbin(nlp, eval_sents, tmp / "dev.spacy")
        config_path = tmp / "config.cfg"
        config_path.write_text(build_config(settings), encoding="utf-8")
        overrides: dict[str, object] = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
        if settings.vectors:
            overrides["paths.vectors"] = str(VECTORS_DIR)
        started = time.monotonic()
        spacy_train(config_path, tmp / "output", use_gpu=-1, overrides=overrides)
        elapsed = time.monotonic() - started
        best = tmp / "output" / f"model-{settings.keep}"
        if out.exists():
            if any(out.iterdir()) and not (out / "meta.json").exists():
                raise FileExistsError(f"{out} is not empty and not a spaCy model: not replacing it")
            shutil.rmtree(out)
        shutil.copytree(best, out)
    _stamp(out, settings, elapsed, data_dir)
    return out


def _stamp(out: Path, settings: TrainSettings, elapsed: float, data_dir: Path) -> None:
    """Record license, data provenance and training settings next to the model."""
    shutil.copy(data_dir / "LICENSE.txt", out / "LICENSE.txt")
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        name="munidocs_ner",
        version="0.1.0",
        license="CC BY-SA 4.0",
        author="munidocs",
        description="Danish PER/ORG/LOC NER trained on UNER Danish-DDT (see ATTRIBUTION.md).",
        sources=[
            {
                "name": "UNER_Danish-DDT (Universal NER v1, DaN+ annotations of UD Danish-DDT)",
                "url": "https://github.com/UniversalNER/UNER_Danish-DDT",
                "license": "CC BY-SA 4.0",
            }
        ],
    )
    meta["munidocs_training"] = {**asdict(settings), "seconds": round(elapsed, 1)}
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    attribution = data_dir / "ATTRIBUTION.md"
    if attribution.exists():
        shutil.copy(attribution, out / "ATTRIBUTION.md")


def evaluate(model: Path, split: str, data_dir: Path = DATA_DIR) -> dict[str, object]:
    """Entity P/R/F overall and per label of `model` on one split (raw text, own tokenizer)."""
    nlp = spacy.load(model)
    with tempfile.TemporaryDirectory(prefix="ner-eval-") as tmp_name:
        path = write_docbin(
            nlp, read_iob2(data_dir / f"da_ddt-ud-{split}.iob2"), Path(tmp_name) / "e.spacy"
        )
        examples = list(Corpus(path)(nlp))
    scores = nlp.evaluate(examples)
    return {
        "ents_p": scores["ents_p"],
        "ents_r": scores["ents_r"],
        "ents_f": scores["ents_f"],
        "per_type": scores["ents_per_type"],
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options; anything not given keeps the TrainSettings default."""
    parser = argparse.ArgumentParser(prog="python -m tools.train_ner", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--max-sentences", type=int, default=None)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON")
    parser.add_argument("--evaluate", choices=["dev", "test"], default=None)
    return parser.parse_args(argv)


def settings_from_args(args: argparse.Namespace) -> TrainSettings:
    """TrainSettings with the command-line changes applied."""
    changes: dict[str, object] = {}
    if args.max_sentences is not None:
        changes["max_sentences"] = args.max_sentences
    if args.max_steps is not None:
        changes["max_steps"] = args.max_steps
    if args.seed is not None:
        changes["seed"] = args.seed
    for item in args.set:
        key, _, value = item.partition("=")
        parsed = json.loads(value)
        changes[key] = tuple(parsed) if isinstance(parsed, list) else parsed
    return replace(TrainSettings(), **changes)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    """Train, then optionally print the scores of the written model on one split."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = settings_from_args(args)
    out = train(settings, args.out)
    if args.evaluate:
        print(json.dumps(evaluate(out, args.evaluate), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
