"""The `munidocs` command: each command is one call into the Python API (`munidocs.api`).

The API (and with it Prefect) is imported only inside the commands, after the log level is
chosen, so `--help` is instant and `-v` can still turn Prefect's logging up. The commands live
in one module per concern and register themselves on the one `app` when imported here.
"""

from __future__ import annotations

import importlib

from munidocs.flows.cli.common import app

COMMAND_MODULES = ("run", "evidence", "query", "schedule")
"""Imported in this order, which is the order of the commands in `munidocs --help`."""
for _module in COMMAND_MODULES:
    importlib.import_module(f"munidocs.flows.cli.{_module}")

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
