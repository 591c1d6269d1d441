"""Compare the datasets of two output folders: what a change to the pipeline changed.

    python -m tools.compare_outputs OLD_OUT NEW_OUT [--examples 5]

For each dataset: rows in each, rows only in the old and only in the new folder (compared on
every column except the run's own bookkeeping: processed_at, pipeline_version), and a few
examples of each. Documents are matched by doc_id, so the same PDFs must have been run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from munidocs.models import DATASETS

IGNORED = {"processed_at", "pipeline_version"}


def _rows(folder: Path, name: str) -> Counter[str]:
    path = folder / f"{name}.parquet"
    if not path.exists():
        return Counter()
    table = pq.read_table(path)
    keep = [c for c in table.column_names if c not in IGNORED]
    return Counter(
        json.dumps(row, ensure_ascii=False, sort_keys=True, default=str)
        for row in table.select(keep).to_pylist()
    )


def compare(old: Path, new: Path, examples: int = 5) -> dict[str, Any]:
    """Per dataset: row counts and the rows only one side has."""
    report: dict[str, Any] = {}
    for name in DATASETS:
        a, b = _rows(old, name), _rows(new, name)
        only_old, only_new = a - b, b - a
        report[name] = {
            "old": sum(a.values()),
            "new": sum(b.values()),
            "only_old": sum(only_old.values()),
            "only_new": sum(only_new.values()),
            "examples_old": list(only_old)[:examples],
            "examples_new": list(only_new)[:examples],
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.compare_outputs", description=__doc__)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args(argv)
    report = compare(args.old, args.new, args.examples)
    print("| dataset | old rows | new rows | only old | only new |\n|---|---:|---:|---:|---:|")
    for name, r in report.items():
        print(f"| {name} | {r['old']} | {r['new']} | {r['only_old']} | {r['only_new']} |")
    for name, r in report.items():
        for side in ("old", "new"):
            for row in r[f"examples_{side}"]:
                print(f"\n{name}, only {side}: {row[:400]}")
    return 0 if all(r["only_old"] == r["only_new"] == 0 for r in report.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
