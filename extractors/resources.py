"""Files shipped inside the package (word lists, the NER model, the embedded corpus).

Found through `importlib.resources`, never through paths relative to another module's file, so
they are where the installed package is, whatever the folder layout of a checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _path(package: str, parts: tuple[str, ...]) -> Path:
    resource = files(package).joinpath(*parts)
    path = Path(str(resource))
    if not path.exists():
        raise FileNotFoundError(f"{'/'.join(parts)} is not installed with {package}")
    return path


def data_path(*parts: str) -> Path:
    """A file or folder under munidocs/extractors/data (e.g. "gazetteer.csv", "ner-model")."""
    return _path("munidocs.extractors", ("data", *parts))


def corpus_path(*parts: str) -> Path:
    """A file or folder of the embedded corpus (e.g. "sources.toml", "pdfs")."""
    return _path("munidocs.corpus", parts)
