"""Settings of the pipeline's stages, one frozen dataclass per stage.

Kept as plain dataclasses so the CLI, the flow and the tests can build them without a
config framework, and so a run's settings can be logged as one value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

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
