"""Table benchmark: the full pipeline vs plain pdfplumber (and Camelot) on generated budget notes.

    python -m benchmarks.tables --pages 200

One run generates a seeded corpus (benchmarks/budgetgen.py, at least ``--pages`` pages), then
measures each approach in its own subprocess (so peak memory is its own):
- pipeline: `munidocs.extractors.reading.read.read_document` on every file, the flow's read stage (page
  text, normalisation, classification and budget tables, each page parsed once);
- pdfplumber: extract_text() + extract_tables() on every page, tables read naively (header row
  with years, first cell as label);
- camelot: Camelot's best flavor on the same files (optional: pip install .[bench]).
Accuracy: cells right / cells expected, a cell being (document, item, year, amount); and, for
the pipeline, rows (budget lines) with every attribute right.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.budgetgen import ExpectedLine, generate_corpus
from munidocs.extractors.lexicon.numbers import NotANumber, parse_danish_number
from munidocs.extractors.reading.text import normalize_text

FIELDS = (
    "table", "table_title", "item", "committee", "appropriation", "control_area", "direction",
    "year", "amount", "unit", "amount_dkk", "price_level", "is_total",
)  # fmt: skip
Cell = tuple[str, str, int, float]


# ---------------------------------------------------------------------- naive reading (baselines)


def naive_cells(doc: str, table: list[list[Any]]) -> list[Cell]:
    """Read a raw table as a user of the library would: the year header row, label in column 0."""
    out: list[Cell] = []
    years: dict[int, int] = {}
    for row in table:
        cells = ["" if c is None else str(c) for c in row]
        found = {k: int(c.strip()) for k, c in enumerate(cells) if c.strip().isdigit()
                 and len(c.strip()) == 4 and c.strip().startswith("20")}  # fmt: skip
        if len(found) >= 2:
            years = found
            continue
        if not years or not cells:
            continue
        label = normalize_text(cells[0])
        for k, year in years.items():
            raw = cells[k].replace("\n", "").replace(" ", "") if k < len(cells) else ""
            if not raw:
                continue
            try:
                value = 0.0 if raw in ("-", "–") else float(parse_danish_number(raw))
            except NotANumber:
                continue
            out.append((doc, label, year, value))
    return out


# ---------------------------------------------------------------------- workers


def _peak_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def work_pipeline(files: list[Path]) -> dict[str, Any]:
    from munidocs.extractors.reading.read import read_document

    base = _peak_kib()
    pages, lines = 0, []
    start = time.perf_counter()
    for path in files:
        # the flow's read stage itself: page text, layout, classification and tables
        result = read_document(path, path.name, str(path))
        pages += len(result.pages)
        lines += [(path.name, {f: getattr(ln, f) for f in FIELDS}) for ln in result.budget_lines]
    seconds = time.perf_counter() - start
    return {
        "pages": pages,
        "seconds": seconds,
        "peak_kib": _peak_kib(),
        "base_kib": base,
        "lines": lines,
    }


def work_pdfplumber(files: list[Path]) -> dict[str, Any]:
    import pdfplumber

    base = _peak_kib()
    pages, cells = 0, []
    start = time.perf_counter()
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                for table in page.extract_tables():
                    cells += naive_cells(path.name, table)
                page.close()
                pages += 1
    seconds = time.perf_counter() - start
    return {
        "pages": pages,
        "seconds": seconds,
        "peak_kib": _peak_kib(),
        "base_kib": base,
        "cells": cells,
    }


def work_camelot(files: list[Path], flavor: str) -> dict[str, Any]:
    import camelot  # optional extra

    base = _peak_kib()
    pages, cells = 0, []
    start = time.perf_counter()
    for path in files:
        tables = camelot.read_pdf(str(path), pages="all", flavor=flavor)
        for table in tables:
            cells += naive_cells(path.name, table.df.values.tolist())
    seconds = time.perf_counter() - start
    import pdfplumber

    for path in files:
        with pdfplumber.open(path) as pdf:
            pages += len(pdf.pages)
    return {
        "pages": pages,
        "seconds": seconds,
        "peak_kib": _peak_kib(),
        "base_kib": base,
        "cells": cells,
    }


def _worker(approach: str, corpus: Path, limit: int | None) -> None:
    files = sorted(corpus.glob("*.pdf"))[:limit]
    if approach == "pipeline":
        result = work_pipeline(files)
    elif approach == "pdfplumber":
        result = work_pdfplumber(files)
    else:
        result = work_camelot(files, approach.split(":", 1)[1])
    sys.stdout.write(json.dumps(result))


def _run(approach: str, corpus: Path, limit: int | None = None) -> dict[str, Any] | None:
    cmd = [sys.executable, "-m", "benchmarks.tables", "--worker", approach, "--corpus", str(corpus)]
    if limit:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"{approach}: failed: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# ---------------------------------------------------------------------- scoring


def cell_accuracy(expected: Counter[Cell], got: Counter[Cell]) -> float:
    right = sum(min(n, got[key]) for key, n in expected.items())
    return right / max(1, sum(expected.values()))


def row_accuracy(expected: dict[str, list[ExpectedLine]], lines: list[Any]) -> float:
    want = Counter(
        (doc, tuple(e.as_dict()[f] for f in FIELDS)) for doc, es in expected.items() for e in es
    )
    got = Counter((doc, tuple(d[f] for f in FIELDS)) for doc, d in lines)
    return sum(min(n, got[k]) for k, n in want.items()) / max(1, sum(want.values()))


def _camelot_available() -> bool:
    proc = subprocess.run(
        [sys.executable, "-c", "import camelot"], capture_output=True, check=False
    )
    return proc.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="minimum pages to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-camelot", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.corpus, args.limit)
        return 0
    with tempfile.TemporaryDirectory(prefix="munidocs-bench-") as tmp:
        corpus = Path(tmp)
        expected: dict[str, list[ExpectedLine]] = {}
        n_pages = 0
        for note in generate_corpus(args.pages, seed=args.seed):
            (corpus / note.name).write_bytes(note.pdf)
            expected[note.name] = note.expected
            n_pages += note.n_pages
        (corpus / "expected.pickle").write_bytes(pickle.dumps(expected))
        want = Counter((doc, e.item, e.year, e.amount) for doc, es in expected.items() for e in es)
        print(
            f"corpus: {len(expected)} generated budget notes, {n_pages} pages, "
            f"{sum(want.values())} expected cells (seed {args.seed})"
        )
        results: dict[str, dict[str, Any]] = {}
        for approach in ("pipeline", "pdfplumber"):
            res = _run(approach, corpus)
            if res:
                results[approach] = res
        if args.no_camelot:
            print("camelot: skipped (--no-camelot)")
        elif not _camelot_available():
            print("camelot: not installed (pip install .[bench])")
        else:
            best, best_acc = None, -1.0
            sample = 8
            sub = Counter({k: n for k, n in want.items() if k[0] in sorted(expected)[:sample]})
            for flavor in ("lattice", "stream", "network", "hybrid"):
                res = _run(f"camelot:{flavor}", corpus, limit=sample)
                if res is None:
                    continue
                acc = cell_accuracy(sub, Counter(tuple(c) for c in res["cells"]))
                print(f"camelot {flavor}: cell accuracy {acc:.3f} on the first {sample} notes")
                if acc > best_acc:
                    best, best_acc = flavor, acc
            if best:
                res = _run(f"camelot:{best}", corpus)
                if res:
                    results[f"camelot ({best})"] = res
        print()
        print(
            f"{'approach':<22}{'pages/s':>9}{'peak MiB':>10}{'(imports)':>11}"
            f"{'cell acc':>10}{'row acc':>9}"
        )
        for name, res in results.items():
            if "lines" in res:
                got = Counter((d, x["item"], x["year"], x["amount"]) for d, x in res["lines"])
                rows = f"{row_accuracy(expected, res['lines']):.4f}"
            else:
                got = Counter(tuple(c) for c in res["cells"])
                rows = "n/a"
            pps = res["pages"] / res["seconds"]
            res["pps"] = pps
            print(
                f"{name:<22}{pps:>9.1f}{res['peak_kib'] / 1024:>10.1f}"
                f"{res['base_kib'] / 1024:>11.1f}"
                f"{cell_accuracy(want, got):>10.4f}{rows:>9}"
            )
        if "pipeline" in results and "pdfplumber" in results:
            ratio = results["pipeline"]["pps"] / results["pdfplumber"]["pps"]
            print(f"\npipeline speed / plain pdfplumber speed: {ratio:.2f} (target >= 0.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
