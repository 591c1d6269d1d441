"""One typed `Settings` for a run: a frozen dataclass per stage, loadable from TOML.

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
    download_deadline: float = 600.0
    """Seconds one download may take in all, its retries included: a server that drips a byte
    every few seconds never trips `read_timeout` and is cut off here."""
    max_redirects: int = 5
    """Redirects followed per request; each must stay on http(s) and on an allowed host."""
    max_listing_links: int = 1000
    """PDF links followed per listing page; the rest are skipped with a warning naming the cap."""
    max_listing_bytes: int = 10 * 1024 * 1024
    """Size cap of a listing (HTML) page, enforced while it streams in."""

    def __post_init__(self) -> None:
        if self.retries < 1:
            raise ValueError(f"retries must be at least 1 (tries in total), got {self.retries}")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if min(self.connect_timeout, self.read_timeout) <= 0:
            raise ValueError("connect_timeout and read_timeout must be positive")
        if self.backoff_base < 0 or self.backoff_max < 0:
            raise ValueError("backoff_base and backoff_max must not be negative")
        if self.download_deadline <= 0:
            raise ValueError(f"download_deadline must be positive, got {self.download_deadline}")
        if self.max_redirects < 0:
            raise ValueError(f"max_redirects must not be negative, got {self.max_redirects}")
        if self.max_listing_links < 1 or self.max_listing_bytes < 1:
            raise ValueError("max_listing_links and max_listing_bytes must be positive")


@dataclass(frozen=True)
class PdfSettings:
    """Limits that keep one bad or huge file from dominating a run, and what counts as text."""

    max_pages: int = 2000
    """Pages beyond this are not read; the document is marked partial."""
    min_chars_per_page: int = 20
    """A page with fewer characters has no usable text layer (scanned or blank)."""
    max_cid_ratio: float = 0.2
    """Share of `(cid:NN)` placeholders above which a page's text is unreadable."""
    max_unmapped_in_words: int = 0
    """Unmapped glyphs inside words ("Milj(cid:1)") a page may have before its text counts as
    unreadable (OCR'd, or flagged); unmapped glyphs outside words (bullets) are blanked."""
    text_engine: str = "auto"
    """Page text from "pdfium" (fast), "pdfplumber" (pdfminer's layout, slow), or "auto": pdfium,
    unless it decodes a document's glyphs otherwise than pdfminer on a sampled page."""
    min_hidden_word_share: float = 0.6
    """A hidden text layer under a scanned image (an earlier OCR) is used as it is when at least
    this share of its tokens look like words or numbers; below, the page is OCR'd again (and the
    better of the two readings kept)."""
    engine_check_min_chars: int = 200
    """"auto" compares the engines on page 1 and on the first page with this many characters."""
    text_x_tolerance: float = 1.5
    """pdfplumber `extract_text` x_tolerance for page text: letters closer than this join."""
    text_y_tolerance: float = 3.0
    """pdfplumber `extract_text` y_tolerance for page text: glyphs closer than this share a line."""
    max_title_chars: int = 300
    """A longer title (a page of thousands of tiny text objects) is cut here, ending in "…"."""
    furniture_edge_lines: int = 2
    """Lines at the top and at the foot of a page's text that may be its running header or
    footer (besides those printed in the page's top or bottom band)."""
    furniture_band_share: float = 0.1
    """Share of the page height at its top and at its foot where headers and footers print."""
    furniture_min_pages: int = 2
    """Pages a line must recur on (digits aside) to be a running header or footer ..."""
    furniture_page_share: float = 0.5
    """... and the share of the document's pages with text it must recur on."""

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, got {self.max_pages}")
        if self.max_title_chars < 2:
            raise ValueError(f"max_title_chars must be at least 2, got {self.max_title_chars}")
        if self.text_engine not in ("auto", "pdfium", "pdfplumber"):
            raise ValueError(
                f"text_engine must be auto, pdfium or pdfplumber: {self.text_engine!r}"
            )


@dataclass(frozen=True)
class OcrSettings:
    """OCR of pages without usable text (scans, fonts without a Unicode map, garbage hidden
    OCR layers) with the Tesseract command-line program and its Danish data.

    Tesseract runs once per such page, single-threaded (`threads`): its OpenMP threads spin
    on a busy machine and made a page 3-6 times slower here. A document gets `max_seconds`
    of OCR in all, so a long scan ends `partial` (the pages not read named) rather than being
    stopped by the per-document time limit with nothing kept.
    """

    enabled: bool = True
    """OCR pages without usable text; off: such pages are only flagged (status partial)."""
    command: str = "tesseract"
    """The Tesseract program: a name looked up on PATH, or a path."""
    language: str = "dan"
    """Tesseract language data ("dan", "dan+eng"); each must be installed (tesseract-ocr-dan)."""
    dpi: int = 300
    """Resolution pages are rendered at for OCR."""
    page_segmentation: int = 3
    """Tesseract's --psm: 3 = fully automatic page layout (columns, blocks)."""
    orientation_below_confidence: float = 70.0
    """Mean word confidence (0-100) under which a page is checked for lying sideways or upside
    down (Tesseract's OSD) and read again turned upright; an upright clean page skips OSD."""
    orientation_min_confidence: float = 1.5
    """OSD's orientation confidence needed before a page is turned."""
    min_title_confidence: float = 30.0
    """Words Tesseract reads with less confidence (0-100) are left out of a scanned first
    page's printed lines, so a logo or stamp read as big letters does not become the title."""
    min_title_letters: int = 4
    """A scanned first page's line with fewer letters (read confidently) is no title."""
    page_timeout: float = 60.0
    """Seconds one Tesseract call may take before the page is given up (flagged)."""
    max_seconds: float = 90.0
    """OCR time one document may use; later pages are flagged, not read (status partial).
    Below the per-document time limit, so a long scan keeps the pages read."""
    threads: int = 1
    """OMP_THREAD_LIMIT for Tesseract."""

    def __post_init__(self) -> None:
        if not 50 <= self.dpi <= 1200:
            raise ValueError(f"dpi must be between 50 and 1200, got {self.dpi}")
        if self.page_timeout <= 0 or self.max_seconds <= 0:
            raise ValueError("page_timeout and max_seconds must be positive")
        if self.threads < 1:
            raise ValueError(f"threads must be at least 1, got {self.threads}")
        if not self.command.strip() or not self.language.strip():
            raise ValueError("command and language must not be empty")


@dataclass(frozen=True)
class EntitySettings:
    """How the entity stage runs."""

    batch_size: int = 64
    """Pages per `nlp.pipe` batch."""
    ner_model: str = ""
    """Folder of another spaCy NER model to use; empty: the one shipped with munidocs."""
    max_sentence_chars: int = 1000
    """The `sentence` of an entity, law reference or figure is cut to this many characters
    around the match (a "sentence" without full stops can be a whole page)."""

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.max_sentence_chars < 2:
            raise ValueError(
                f"max_sentence_chars must be at least 2, got {self.max_sentence_chars}"
            )


@dataclass(frozen=True)
class CheckSettings:
    """How the consistency checks match text to tables and read parts of a whole."""

    label_min_share: float = 0.5
    """Share of a row label's content words a sentence must hold to name that row
    (text_vs_table; "drift af værestedet" names "Drift af værested under LGBT Asylum")."""
    label_window_chars: int = 150
    """Characters before and after an amount within which its sentence may name a row (page
    text runs headings into sentences, so a whole "sentence" can be long)."""
    parts_cue_chars: int = 60
    """Characters after a whole within which a cue ("fordeler sig", "heraf") must start (parts_sum)."""
    parts_max_gap_chars: int = 60
    """Characters of text allowed between two parts of one list (parts_sum)."""
    cross_label_min_share: float = 0.6
    """cross_document: share of content words two row labels must share to be the same item,
    (half that when both print the same udvalg and bevilling)."""
    cross_quote_min_share: float = 0.75
    """cross_document: share of a row label's content words a sentence in another document must
    hold to quote that row. Stricter than within a note: a letter's "driften af værestedet
    under LGBT Asylum" must not be held against another note's "Drift af værested for unge"
    (2 of 3 words), a false failure a journalist would quote."""

    def __post_init__(self) -> None:
        for name in ("label_min_share", "cross_label_min_share", "cross_quote_min_share"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValueError(f"{name} must be in (0, 1], got {value}")
        if min(self.parts_cue_chars, self.parts_max_gap_chars, self.label_window_chars) < 0:
            raise ValueError("the *_chars settings must not be negative")


@dataclass(frozen=True)
class OutputSettings:
    """How the datasets are written."""

    parquet_compression: str = "zstd"
    """Parquet codec (zstd, snappy, gzip, none)."""
    comparisons_min_documents: int = 2
    """A key (organisation, appropriation, law) is compared once this many documents name it."""
    lock_timeout: float = 3600.0
    """Seconds a run waits for another run writing to the same output folder before giving up."""
    when_busy: str = "wait"
    """When another run is writing to the output folder: `wait` (up to lock_timeout, then fail)
    or `skip` (do nothing, log why, record the run as skipped)."""
    report_max_pictures: int = 60
    """Page pictures embedded in report.html (failed checks first); the rest are listed without."""
    picture_scale: float = 2.0
    """Pixels per PDF point of page pictures (`munidocs show`, `verify --pictures`); 2 = 144 dpi."""
    validate: bool = True
    """Validate every row against the data package's schema (frictionless) before publishing;
    a violation stops the run with the reason and the previous outputs stay."""

    def __post_init__(self) -> None:
        if self.when_busy not in ("wait", "skip"):
            raise ValueError(f"when_busy must be wait or skip, got {self.when_busy!r}")
        if self.parquet_compression not in ("zstd", "snappy", "gzip", "none"):
            raise ValueError(f"unknown parquet_compression {self.parquet_compression!r}")
        if self.comparisons_min_documents < 2:
            raise ValueError("comparisons_min_documents must be at least 2")
        if self.lock_timeout < 0:
            raise ValueError("lock_timeout must not be negative")
        if self.report_max_pictures < 0:
            raise ValueError("report_max_pictures must not be negative")
        if not 0.25 <= self.picture_scale <= 8:
            raise ValueError(f"picture_scale must be between 0.25 and 8, got {self.picture_scale}")


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
    dask_address: str = ""
    """A Dask scheduler (tcp://HOST:PORT) to run the documents on; empty: local processes."""

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise ValueError(f"workers must not be negative, got {self.workers}")
        if self.time_limit <= 0 or self.memory_limit_mb <= 0:
            raise ValueError("time_limit and memory_limit_mb must be positive")
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
