"""Build small Danish floret vectors for NER experiments (optional, offline, one-off).

No Danish word vectors can be downloaded here, so they are trained on the Danish text that
Debian packages ship (LibreOffice/GIMP/Debian Edu help, Danish man pages) plus the raw text
of the UNER train split. They were an experiment (benchmarks/ner_scores.md): they did not help on
top of the gazetteer, so the shipped model does not use them and they are not committed. To try
them again (then train with `--set vectors=true`):

    apt-get download libreoffice-help-da gimp-help-da debian-edu-doc-da manpages-da
    for d in *.deb; do dpkg-deb -x "$d" debroot; done
    pip install floret==0.10.5
    .venv/bin/python -m tools.ner_vectors debroot munidocs.tools/data/uner/vectors-floret
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import spacy

from tools.train_ner import DATA_DIR

BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "td", "tr"}
BREAK_TAGS = BLOCK_TAGS | {"br", "title", "pre"}


@dataclass(frozen=True)
class FloretSettings:
    """floret training parameters (cbow, floret mode, small hash table: ~5 MB in spaCy)."""

    dim: int = 64
    bucket: int = 20000
    minn: int = 3
    maxn: int = 5
    min_count: int = 2
    epoch: int = 10
    hash_count: int = 2


class _TextParser(HTMLParser):
    """HTML to text, with a line break at every block element, scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BREAK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _lines(text: str) -> Iterator[str]:
    """Whitespace-normalised lines of at least four words (drops menus and headings)."""
    for line in text.split("\n"):
        clean = re.sub(r"\s+", " ", line).strip()
        if len(clean.split()) >= 4:
            yield clean


def help_text(root: Path) -> Iterator[str]:
    """Unique prose lines of every HTML page and Danish man page under `root`."""
    seen: set[str] = set()
    sources: list[Iterator[str]] = []
    for page in sorted(root.rglob("*.html")):
        parser = _TextParser()
        parser.feed(page.read_text(errors="ignore"))
        sources.append(_lines("".join(parser.parts)))
    for man in sorted(root.rglob("*.gz")):
        if "/man/" in str(man):
            raw = gzip.decompress(man.read_bytes()).decode("utf-8", errors="ignore")
            raw = re.sub(r"(?m)^\.[A-Za-z]* *", "", raw)
            sources.append(_lines(re.sub(r"\\f[BIRP]", "", raw)))
    for source in sources:
        for line in source:
            if line not in seen:
                seen.add(line)
                yield line


def train_text(data_dir: Path = DATA_DIR) -> Iterator[str]:
    """Raw sentences of the UNER train split (never dev or test)."""
    for line in (data_dir / "da_ddt-ud-train.iob2").read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            yield line[len("# text = ") :].strip()


def write_tokenized(lines: list[str], path: Path) -> Path:
    """One line per paragraph, tokens split by the same blank `da` tokenizer as the model."""
    nlp = spacy.blank("da")
    with path.open("w", encoding="utf-8") as out:
        for doc in nlp.pipe(lines, batch_size=2000):
            out.write(" ".join(t.text for t in doc) + "\n")
    return path


def build(deb_root: Path, out: Path, settings: FloretSettings = FloretSettings()) -> Path:
    """Train floret vectors on the Debian help text + train text, save as a spaCy vectors dir."""
    import floret  # optional: only needed to rebuild the vectors

    with tempfile.TemporaryDirectory(prefix="ner-vectors-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = write_tokenized([*help_text(deb_root), *train_text()], tmp / "corpus.txt")
        model = floret.train_unsupervised(
            str(corpus),
            model="cbow",
            mode="floret",
            hashCount=settings.hash_count,
            bucket=settings.bucket,
            minn=settings.minn,
            maxn=settings.maxn,
            minCount=settings.min_count,
            dim=settings.dim,
            epoch=settings.epoch,
            thread=1,
        )
        model.save_floret_vectors(str(tmp / "vectors.floret"))
        cmd = [sys.executable, "-m", "spacy", "init", "vectors", "da"]
        subprocess.run(
            [*cmd, str(tmp / "vectors.floret"), str(out), "--mode", "floret"], check=True
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: DEB_ROOT OUT."""
    parser = argparse.ArgumentParser(prog="python -m tools.ner_vectors", description=__doc__)
    parser.add_argument("deb_root", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    build(args.deb_root, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
