"""Validate the datasets against the data package's schema before they are published.

Frictionless, the tool users run (`frictionless validate outputs/datapackage.json`), checks
the staged CSV files and descriptor in the scratch folder: types, required values, allowed
values (`constraints.enum`), primary keys and foreign keys (`doc_id` -> documents). A violation
raises InvalidDatasets naming the file, row, column and rule; the caller then publishes
nothing, so the previous outputs stay as they were and an invalid file is never published.
"""

from __future__ import annotations

from pathlib import Path

from munidocs.extractors.memory import release_memory

MAX_REPORTED = 5
"""Errors listed in the message (the count says how many there were)."""


class InvalidDatasets(ValueError):
    """Rows that break the data package's schema: nothing was published."""


def validate_package(descriptor: Path) -> None:
    """Check every resource of a data package; InvalidDatasets with the first errors if any."""
    from frictionless import validate

    report = validate(str(descriptor))
    release_memory()  # frictionless holds every primary key while it validates
    if report.valid:
        return
    problems: list[str] = [f"package: {e.message}" for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            where = [task.name or task.place]
            row = getattr(error, "row_number", None)
            if row is not None:
                where.append(f"row {row}")
            field = getattr(error, "field_name", None)
            if field:
                where.append(f"column {field}")
            problems.append(f"{', '.join(where)}: {error.message}")
    listed = "; ".join(problems[:MAX_REPORTED])
    more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
    raise InvalidDatasets(
        f"the datasets break the data contract, nothing was published: {listed}{more}"
    )
