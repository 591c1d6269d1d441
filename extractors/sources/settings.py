"""The pull stage's settings (`PullSettings`) and how munidocs names itself to web servers.

Part of the one `Settings` (`munidocs.extractors.settings`), which re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version

PROJECT_URL = "https://github.com/munidocs/munidocs"
"""Put in the User-Agent so a site's admin can find out who is fetching their PDFs."""


@cache
def _munidocs_version() -> str:
    """The installed distribution's version; the pipeline version when run from a checkout.

    Asked once per process: reading the package metadata costs milliseconds, and every
    `Settings` (one per document in a worker) names its user agent."""
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
    reread_unchanged_files: bool = False
    """Read and hash every local file on every pull. By default a file whose size, times and
    inode are as they were when it was last pulled is not read again (`store.LocalFileIndex`)."""

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
