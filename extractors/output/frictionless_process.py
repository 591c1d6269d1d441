"""frictionless in a process of its own: validate each data package named on stdin and answer
with the problems found (a JSON list of strings, one line per package; empty when valid).

Run by its path (`validate.Validator`), so the process loads the standard library and
frictionless, not munidocs (0.35 s more). `problems` is also what `validate.validate_package`
reports in the calling process, so both say the same about the same rows.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def problems(report: Any) -> list[str]:
    """Each error of a frictionless report, with where it is: resource, row, column."""
    found: list[str] = [f"package: {e.message}" for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            where = [task.name or task.place]
            row = getattr(error, "row_number", None)
            if row is not None:
                where.append(f"row {row}")
            field = getattr(error, "field_name", None)
            if field:
                where.append(f"column {field}")
            found.append(f"{', '.join(where)}: {error.message}")
    return found


def main() -> None:
    """Answer on the original stdout; anything frictionless prints goes to stderr."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr
    from frictionless import validate

    for line in sys.stdin:
        report = validate(json.loads(line))
        answers.write(json.dumps([] if report.valid else problems(report)) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
