"""One typed `Settings` for a run: a frozen dataclass per stage, loadable from TOML.

Each stage's dataclass lives with its stage (`sources/settings.py`, `reading/settings.py`,
`tables/settings.py`, `entities/settings.py`, `checks/settings.py`, `output/settings.py`); the
run's own parts (`RunSettings`, `ProgressSettings`) and the loading live here, and every part is
importable from here.

The CLI and the Python API build one `Settings` (defaults, a TOML file, `--set key=value`
overrides) and hand it down: the flow passes each stage its part. Nothing deeper reads the
environment or a config file. Plain dataclasses, so a run's settings can be printed, compared
and logged as one value, and a typo in a file is an error that names the key.
"""

from __future__ import annotations

import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from munidocs.extractors.checks.settings import CheckSettings
from munidocs.extractors.entities.settings import EntitySettings
from munidocs.extractors.output.settings import OutputSettings, QuerySettings
from munidocs.extractors.reading.settings import OcrSettings, PdfSettings
from munidocs.extractors.sources.settings import PROJECT_URL, PullSettings, default_user_agent
from munidocs.extractors.tables.settings import TableSettings

__all__ = [
    "PROJECT_URL",
    "CheckSettings",
    "EntitySettings",
    "OcrSettings",
    "OutputSettings",
    "PdfSettings",
    "ProgressSettings",
    "PullSettings",
    "QuerySettings",
    "RunSettings",
    "Settings",
    "SettingsError",
    "TableSettings",
    "default_user_agent",
]


@dataclass(frozen=True)
class RunSettings:
    """How a run spreads its documents over processes, and the limits of one document."""

    workers: int = 0
    """Worker processes on this machine; 0: one per CPU core."""
    time_limit: float = 120.0
    """CPU seconds one document may take (plus `time_per_page` for each page it has); a worker
    past it is killed and the document `failed`. CPU time, not wall time: on a busy machine a
    worker that waits for a core is not a hung one."""
    time_per_page: float = 0.5
    """Seconds more for each page: a long report is not a hung one (a pathological file is
    typically a page or two that never finish). 1,000 pages: 120 + 500 s."""
    wall_factor: float = 3.0
    """A worker that waits rather than computes (a hung network file system) is stopped after
    this many times its time limit in wall-clock time."""
    memory_limit_mb: float = 2048.0
    """Resident memory one worker may use (MiB); past it, it is killed and the document `failed`."""
    release_above_mb: float = 320.0
    """Between a document's stages, freed memory goes back to the operating system only when
    the process holds more than this (MiB; a warm worker holds ~240): handing it back after
    every small document cost 4 % of a worker's CPU in page faults, for no lower peak
    (`extractors.memory`). 0: after every stage."""
    gc_young_objects: int = 5000
    """A worker's garbage collector looks for cycles after this many new objects (Python's own
    700), as does the run's own process while the run lasts. Reading a page makes tens of
    thousands of short-lived objects: on 21 real PDFs a worker spent 0.65 s collecting at 700 and
    0.28 s at 5,000, on a 1,000-page PDF 1.44 s and 0.45 s, with the same peak memory (432-439
    MiB; 458 and 439 MiB); the run's process on 209 notes 0.55 and 0.18 s (peak 423-431 MiB)."""
    quick_check: bool = True
    """Before starting the Prefect flow, pull local sources and plan (`flows/current.py`): a run
    that finds nothing new is answered there (1.0 s instead of 2.4 s for a folder of 209
    documents), and the worker processes of one that does start loading while Prefect does.
    False: every run is a flow run, with its artifacts in the Prefect UI."""
    dask_address: str = ""
    """A Dask scheduler (tcp://HOST:PORT) to run the documents on; empty: local processes."""
    batch_documents: int = 16
    """Documents one `extract` task processes, one after the other, each under its own limits.
    A task costs the Prefect server some 45 ms of CPU (and 80-150 ms on Dask), a small
    document's stages about as much: batches keep the server from competing with the
    workers (209 documents, `--workers 1`: the server's CPU 1.3-1.9 s with batches of 8,
    1.05 s with 16, 0.9-1.1 s with 32, whose run took longer once). Batches shrink so that
    each worker gets at least `batches_per_worker` of them, and towards the end of the run
    (`flows.workers.batches`)."""
    batches_per_worker: int = 4
    """The fewest batches per worker (a long document in one batch does not leave the other
    workers idle at the end of the run)."""

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise ValueError(f"workers must not be negative, got {self.workers}")
        if self.gc_young_objects < 1:
            raise ValueError(f"gc_young_objects must be at least 1, got {self.gc_young_objects}")
        if self.release_above_mb < 0:
            raise ValueError(f"release_above_mb must not be negative, got {self.release_above_mb}")
        if self.time_limit <= 0 or self.memory_limit_mb <= 0:
            raise ValueError("time_limit and memory_limit_mb must be positive")
        if self.batch_documents < 1 or self.batches_per_worker < 1:
            raise ValueError("batch_documents and batches_per_worker must be at least 1")
        if self.wall_factor < 1:
            raise ValueError(f"wall_factor must be at least 1, got {self.wall_factor}")
        if self.time_per_page < 0:
            raise ValueError(f"time_per_page must not be negative, got {self.time_per_page}")
        if self.dask_address and "://" not in self.dask_address:
            raise ValueError(f"dask_address must look like tcp://HOST:PORT: {self.dask_address!r}")

    def local_workers(self) -> int:
        """The number of local worker processes this setting asks for."""
        return self.workers or os.cpu_count() or 1


@dataclass(frozen=True)
class ProgressSettings:
    """How often a run logs how far it is (for the Prefect UI and cron logs; a terminal also
    gets a progress bar): after every `every_documents` documents, or when `every_seconds`
    passed since the last line, whichever comes first."""

    every_documents: int = 10
    every_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.every_documents < 1:
            raise ValueError(f"every_documents must be at least 1, got {self.every_documents}")
        if self.every_seconds <= 0:
            raise ValueError(f"every_seconds must be positive, got {self.every_seconds}")


class SettingsError(ValueError):
    """A settings file or override names an unknown key or gives a value of the wrong type."""


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told, one part per stage."""

    pull: PullSettings = field(default_factory=PullSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    entities: EntitySettings = field(default_factory=EntitySettings)
    checks: CheckSettings = field(default_factory=CheckSettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    progress: ProgressSettings = field(default_factory=ProgressSettings)
    run: RunSettings = field(default_factory=RunSettings)
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
