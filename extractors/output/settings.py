"""How the datasets are written (`OutputSettings`) and read back by researchers' SQL
(`QuerySettings`).

Part of the one `Settings` (`munidocs.extractors.settings`), which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    report_max_check_cards: int = 200
    """Failed checks shown as cards in report.html, and as many warnings; the rest are counted
    there, with the query that lists them all."""
    picture_scale: float = 2.0
    """Pixels per PDF point of page pictures (`munidocs show`, `verify --pictures`); 2 = 144 dpi."""
    write_threads: int = 1
    """Datasets written at the same time when publishing (0: one per core). Arrow reads the
    fragments and writes Parquet and CSV mostly without holding the GIL, and waits on the disk:
    the datasets of 2,064 generated notes were written in 15.6 s on two threads, 30.4 s on one.
    The cost is memory: each thread holds its dataset's rows of one document at a time, and a
    1,000-page document's publication peaked at 539 MiB on two threads (479-495 on one), so one
    is the default; an archive of many ordinary documents gains from `0`."""
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
        if self.write_threads < 0:
            raise ValueError(f"write_threads must not be negative, got {self.write_threads}")
        if self.lock_timeout < 0:
            raise ValueError("lock_timeout must not be negative")
        if self.report_max_pictures < 0 or self.report_max_check_cards < 0:
            raise ValueError("report_max_pictures and report_max_check_cards must not be negative")
        if not 0.25 <= self.picture_scale <= 8:
            raise ValueError(f"picture_scale must be between 0.25 and 8, got {self.picture_scale}")


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
