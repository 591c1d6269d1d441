"""Run every benchmark in one go: `make bench` (or `python -m benchmarks`).

Each benchmark measures munidocs side by side with its baseline in the same run (plain
pdfplumber and Camelot for tables; the bare spaCy tokenizer for entities; a run over
its largest PDF alone for a whole run's memory; plain pdfplumber against `--workers 1`/`2` and
Dask for speed and scale-out; pandas and the web view's SQLite copy for `munidocs query`) and
prints ratios, so results from different machines compare by ratio, not by absolute speed. The
fuzz benchmark (mutated PDFs into the read stage) counts crashes, which must be none.
"""

from __future__ import annotations

import argparse
import subprocess
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--table-pages", type=int, default=200, help="budget-note pages (>= 200)")
    parser.add_argument("--entity-pages", type=int, default=1000, help="Danish text pages")
    parser.add_argument("--run-pages", type=int, default=150, help="pages for the memory benchmark")
    parser.add_argument(
        "--scale-pages", type=int, default=500, help="pages for the scale benchmark"
    )
    parser.add_argument("--fuzz-cases", type=int, default=120, help="mutated PDFs to read")
    parser.add_argument(
        "--query-rows", type=int, default=1_000_000, help="budget lines for the query benchmark"
    )
    args = parser.parse_args(argv)
    runs = [
        ["benchmarks.tables", "--pages", str(args.table_pages)],
        ["benchmarks.entities", "--pages", str(args.entity_pages)],
        ["benchmarks.memory", "--pages", str(args.run_pages)],
        ["benchmarks.scale", "--pages", str(args.scale_pages)],
        ["benchmarks.fuzz", "--cases", str(args.fuzz_cases)],
        ["benchmarks.query", "--rows", str(args.query_rows)],
    ]
    status = 0
    for module, *rest in runs:
        print(f"\n=== {module} ===", flush=True)
        status |= subprocess.call([sys.executable, "-m", module, *rest])
    return status


if __name__ == "__main__":
    sys.exit(main())
