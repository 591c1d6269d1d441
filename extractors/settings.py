"""One typed `Settings` for a run: a frozen dataclass per stage, loadable from TOML.

The CLI and the Python API build one `Settings` (defaults, a TOML file, `--set key=value`
overrides) and hand it down: the flow passes each stage its part. Nothing deeper reads the
environment or a config file. Plain dataclasses, so a run's settings can be printed, compared
and logged as one value, and a typo in a file is an error that names the key.
"""

from __future__ import annotations

import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from munidocs.extractors.tables.settings import TableSettings

PROJECT_URL = "https://github.com/munidocs/munidocs"
"""Put in the User-Agent so a site's admin can find out who is fetching their PDFs."""


def _munidocs_version() -> str:
    """The installed distribution's version; the pipeline version when run from a checkout."""
    try:
        return version("munidocs")
    except PackageNotFoundError:
        from munidocs.extractors import PIPELINE_VERSION

        return PIPELINE_VERSION


def default_user_agent() -> str:
    """Identify ourselves honestly: some municipal sites block anonymous scrapers."""
    return f"munidocs/{_munidocs_version()} (+{PROJECT_URL})"


@dataclass(frozen=True)
class PullSettings:
    """How the pull stage talks to the network and what it accepts.

    `retries` is the total number of tries of one request (3 = one try plus two retries);
    the waits between tries are backoff_base, 2*backoff_base, 4*backoff_base... seconds, each
    capped at backoff_max (a server's Retry-After is honoured up to backoff_max).
    """

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_bytes: int = 200 * 1024 * 1024
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    user_agent: str = field(default_factory=default_user_agent)

    def __post_init__(self) -> None:
        if self.retries < 1:
            raise ValueError(f"retries must be at least 1 (tries in total), got {self.retries}")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if min(self.connect_timeout, self.read_timeout) <= 0:
            raise ValueError("connect_timeout and read_timeout must be positive")
        if self.backoff_base < 0 or self.backoff_max < 0:
            raise ValueError("backoff_base and backoff_max must not be negative")


@dataclass(frozen=True)
class PdfSettings:
    """Limits that keep one bad or huge file from dominating a run, and what counts as text."""

    max_pages: int = 2000
    """Pages beyond this are not read; the document is marked partial."""
    min_chars_per_page: int = 20
    """A page with fewer characters has no usable text layer (scanned or blank)."""
    max_cid_ratio: float = 0.2
    """Share of `(cid:NN)` placeholders above which a page's text is unreadable."""
    text_engine: str = "auto"
    """Page text from "pdfium" (fast), "pdfplumber" (pdfminer's layout, slow), or "auto": pdfium,
    unless it decodes a document's glyphs otherwise than pdfminer on a sampled page."""
    engine_check_min_chars: int = 200
    """"auto" compares the engines on page 1 and on the first page with this many characters."""
    text_x_tolerance: float = 1.5
    """pdfplumber `extract_text` x_tolerance for page text: letters closer than this join."""
    text_y_tolerance: float = 3.0
    """pdfplumber `extract_text` y_tolerance for page text: glyphs closer than this share a line."""

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, got {self.max_pages}")
        if self.text_engine not in ("auto", "pdfium", "pdfplumber"):
            raise ValueError(
                f"text_engine must be auto, pdfium or pdfplumber: {self.text_engine!r}"
            )


@dataclass(frozen=True)
class EntitySettings:
    """How the entity stage runs."""

    batch_size: int = 64
    """Pages per `nlp.pipe` batch."""
    ner_model: str = ""
    """Folder of another spaCy NER model to use; empty: the one shipped with munidocs."""

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")


@dataclass(frozen=True)
class OutputSettings:
    """How the datasets are written."""

    parquet_compression: str = "zstd"
    """Parquet codec (zstd, snappy, gzip, none)."""
    comparisons_min_documents: int = 2
    """A key (organisation, appropriation, law) is compared once this many documents name it."""
    lock_timeout: float = 3600.0
    """Seconds a run waits for another run writing to the same output folder before giving up."""
    validate: bool = True
    """Validate every row against the data package's schema (frictionless) before publishing;
    a violation stops the run with the reason and the previous outputs stay."""

    def __post_init__(self) -> None:
        if self.parquet_compression not in ("zstd", "snappy", "gzip", "none"):
            raise ValueError(f"unknown parquet_compression {self.parquet_compression!r}")
        if self.comparisons_min_documents < 2:
            raise ValueError("comparisons_min_documents must be at least 2")
        if self.lock_timeout < 0:
            raise ValueError("lock_timeout must not be negative")


@dataclass(frozen=True)
class QuerySettings:
    """How `munidocs query`, `Outputs.sql` and `munidocs serve` run researchers' SQL."""

    time_limit: float = 30.0
    """Seconds one SQL statement may run before it is stopped (`munidocs query`, `Outputs.sql`)."""
    table_rows: int = 200
    """Rows the terminal table shows when no --limit is given (CSV and JSON show all)."""
    web_time_limit: float = 5.0
    """Seconds one SQL query may run in the web view (Datasette's sql_time_limit_ms)."""
    web_max_rows: int = 1000
    """Rows one page or query of the web view returns at most (Datasette's max_returned_rows)."""

    def __post_init__(self) -> None:
        if self.time_limit <= 0 or self.web_time_limit <= 0:
            raise ValueError("time_limit and web_time_limit must be positive")
        if self.table_rows < 1 or self.web_max_rows < 1:
            raise ValueError("table_rows and web_max_rows must be at least 1")


class SettingsError(ValueError):
    """A settings file or override names an unknown key or gives a value of the wrong type."""


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told, one part per stage."""

    pull: PullSettings = field(default_factory=PullSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    entities: EntitySettings = field(default_factory=EntitySettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    query: QuerySettings = field(default_factory=QuerySettings)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "settings") -> Settings:
        """Settings from nested tables ({"pdf": {"max_pages": 50}}); missing keys keep defaults."""
        return _build(cls, data, where)

    @classmethod
    def from_toml(cls, path: Path | str) -> Settings:
        """Settings from a TOML file with one table per stage ([pdf], [tables], ...)."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: cannot read it: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
        return cls.from_mapping(data, str(path))

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        """A copy with dotted keys replaced: {"pdf.max_pages": 50} or {"pdf.max_pages": "50"}."""
        nested: dict[str, Any] = {}
        for key, value in overrides.items():
            part, _, name = key.partition(".")
            if not name:
                raise SettingsError(f"{key!r}: say which stage, e.g. pdf.max_pages")
            nested.setdefault(part, {})[name] = value
        return _build(type(self), nested, "override", base=self)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Every setting, by stage, as plain values (for printing and logging)."""
        return {
            f.name: {
                g.name: getattr(getattr(self, f.name), g.name)
                for g in fields(getattr(self, f.name))
            }
            for f in fields(self)
        }

    def to_toml(self) -> str:
        """The settings as a TOML file `from_toml` reads back."""
        out = []
        for part, values in self.to_dict().items():
            out.append(f"[{part}]")
            out += [f"{name} = {_toml_value(value)}" for name, value in values.items()]
            out.append("")
        return "\n".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


def _parse_text(text: str, hint: Any) -> Any:
    """A command-line string as a bool, int or float; unchanged when it is none of them."""
    if hint is bool and text.lower() in _TRUE + _FALSE:
        return text.lower() in _TRUE
    try:
        return hint(text.replace("_", "")) if hint in (int, float) else text
    except ValueError:
        return text


def _coerce(value: Any, hint: Any, where: str) -> Any:
    """A TOML or command-line value as the field's type; strings are parsed ("50" -> 50)."""
    origin = typing.get_origin(hint)
    if isinstance(hint, types.UnionType) or origin is typing.Union:
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None or (isinstance(value, str) and value.lower() in ("", "none", "null")):
            return None
        return _coerce(value, inner[0], where)
    if origin in (tuple, list):
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise SettingsError(f"{where}: expected a list, got {value!r}")
        inner_hint = typing.get_args(hint)[0] if typing.get_args(hint) else str
        return tuple(
            _coerce(v.strip() if isinstance(v, str) else v, inner_hint, where) for v in items
        )
    if isinstance(value, str) and hint is not str:
        value = _parse_text(value, hint)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is hint:
        return value
    raise SettingsError(f"{where}: expected {getattr(hint, '__name__', hint)}, got {value!r}")


def _build(cls: type[Any], data: Mapping[str, Any], where: str, base: Any = None) -> Any:
    """A dataclass from a mapping, field by field, naming the first unknown key or bad value."""
    if not isinstance(data, Mapping):
        raise SettingsError(f"{where}: expected a table of settings, got {data!r}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise SettingsError(
            f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})"
        )
    changes: dict[str, Any] = {}
    for name, value in data.items():
        hint = hints[name]
        key = f"{where}.{name}" if where != "override" else name
        if isinstance(hint, type) and is_dataclass(hint):
            current = getattr(base, name) if base is not None else hint()
            changes[name] = _build(hint, value, key, base=current)
        else:
            changes[name] = _coerce(value, hint, key)
    try:
        return replace(base, **changes) if base is not None else cls(**changes)
    except ValueError as exc:
        raise SettingsError(f"{where}: {exc}") from exc
