"""munidocs: Danish municipal PDFs into datasets people can query and check.

    import munidocs

    records = munidocs.process_pdf("note.pdf")       # one PDF -> its records, in memory
    summary = munidocs.run(["pdfs/"], out="outputs")  # the flow: pull, extract, publish
    outputs = munidocs.open_outputs("outputs")        # DataFrames and read-only SQL
    munidocs.schedule(["pdfs/"], out="outputs", cron="0 6 * * 1-5")  # served until stopped
    found = munidocs.verify("0,6 mio. kr.", "outputs") # every place a figure appears
    results = munidocs.query("select ...", "outputs")  # safe SQL, one result per statement

The stages live in `munidocs.extractors` (plain functions), the record types in
`munidocs.models`, the Prefect flow and the command line in `munidocs.flows`.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.settings import Settings, SettingsError
from munidocs.models import DocumentRecords, RunSummary

if TYPE_CHECKING:
    from munidocs.api import (
        NoOutputs,
        Outputs,
        open_outputs,
        page_picture,
        process_pdf,
        query,
        run,
        schedule,
        serve,
        show,
        start_server,
        verify,
    )
    from munidocs.browse.safesql import QueryError, QueryResult, QueryTimeout, RefusedStatement

_LAZY = {
    **dict.fromkeys(
        ("NoOutputs", "Outputs", "open_outputs", "page_picture", "process_pdf", "query", "run",
         "schedule", "serve", "show", "start_server", "verify"),
        "munidocs.api",
    ),
    **dict.fromkeys(
        ("QueryError", "QueryResult", "QueryTimeout", "RefusedStatement"), "munidocs.browse.safesql"
    ),
}  # fmt: skip
"""Names imported when first used: a worker process imports `munidocs.extractors`, and with it
this package, but needs none of the API's own imports (DuckDB, the report, the outputs: 0.1-0.15 s
of every worker's start, measured)."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # found once; later lookups do not come here
        return value
    raise AttributeError(f"module 'munidocs' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The API's names and the subpackages, not this module's helpers (what completes in a
    notebook)."""
    modules = (n for n, v in globals().items() if isinstance(v, ModuleType) and n[0] != "_")
    return sorted({*__all__, *modules})


__version__ = PIPELINE_VERSION

__all__ = [
    "PIPELINE_VERSION",
    "DocumentRecords",
    "NoOutputs",
    "Outputs",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "RefusedStatement",
    "RunSummary",
    "Settings",
    "SettingsError",
    "__version__",
    "open_outputs",
    "page_picture",
    "process_pdf",
    "query",
    "run",
    "schedule",
    "serve",
    "show",
    "start_server",
    "verify",
]
