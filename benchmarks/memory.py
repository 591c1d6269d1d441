"""Memory and no-op cost of a whole run: many documents against the largest one alone.

Records stream to disk one document at a time, so a run over many PDFs should peak no higher
than a run over its largest PDF alone plus a little (target: at most ~100 MB more), and a run
where nothing changed should cost Prefect's start-up plus hashing the files, and write nothing.

    python -m benchmarks.memory                     # a generated corpus of budget notes + the seeds
    python -m benchmarks.memory --pdfs some/folder  # real PDFs

Every measurement runs `munidocs.run` in a fresh process (peak RSS of that process; Prefect's
temporary server is a separate process and the same in every row), side by side in one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_EXTRA_MIB = 100


def _measure(fn: Any) -> dict[str, Any]:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    result = fn()
    return {
        **result,
        "wall": time.perf_counter() - wall0,
        "cpu": time.process_time() - cpu0,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def worker(mode: str, sources: list[str], out: str) -> None:
    """One measurement, printed as JSON on the last line."""
    if mode == "hash":

        def work() -> dict[str, Any]:
            for path in sources:
                hashlib.sha256(Path(path).read_bytes()).hexdigest()
            return {}

    elif mode == "prefect":
        from prefect import flow

        import munidocs.flows

        @flow
        def empty() -> int:
            return 0

        def work() -> dict[str, Any]:
            empty()
            return {}

    else:
        import munidocs

        def work() -> dict[str, Any]:
            summary = munidocs.run(sources, out=out)
            return {
                "documents": summary.documents,
                "new": summary.new,
                "pages": summary.pages,
                "written": summary.written,
            }

    print(json.dumps(_measure(work)), flush=True)


def _run(mode: str, sources: list[Path], out: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.memory", "--worker", mode, "--out", str(out)]
    done = subprocess.run(
        [*cmd, *map(str, sources)], capture_output=True, text=True, check=False, timeout=7200
    )
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _pages(path: Path) -> int:
    """Page count (pypdfium2: milliseconds); the largest PDF is the one with most pages."""
    import pypdfium2

    try:
        with pypdfium2.PdfDocument(path) as pdf:
            return len(pdf)
    except pypdfium2.PdfiumError:
        return 0


def _generated(folder: Path, min_pages: int) -> list[Path]:
    from benchmarks.budgetgen import generate_corpus

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for note in generate_corpus(min_pages, seed=4242):
        path = folder / note.name
        path.write_bytes(note.pdf)
        paths.append(path)
    for seed in sorted((Path(__file__).resolve().parents[1] / "corpus" / "pdfs").glob("*.pdf")):
        shutil.copy(seed, folder / seed.name)
        paths.append(folder / seed.name)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__)
    parser.add_argument("--pdfs", type=Path, help="a folder of PDFs (default: generated)")
    parser.add_argument("--pages", type=int, default=150, help="pages of the generated corpus")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("sources", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.sources, args.out)
        return 0

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    with tempfile.TemporaryDirectory(prefix="munidocs-bench-") as tmp:
        work = Path(tmp)
        if args.pdfs:
            pdfs = sorted(p for p in args.pdfs.rglob("*") if p.suffix.lower() == ".pdf")
        else:
            pdfs = _generated(work / "pdfs", args.pages)
        largest = max(pdfs, key=lambda p: (_pages(p), p.stat().st_size))
        mib = sum(p.stat().st_size for p in pdfs) / 2**20
        rows = {
            "Prefect start-up (an empty flow)": _run("prefect", [], work / "none"),
            "hashing every file": _run("hash", pdfs, work / "none"),
            f"run over the largest PDF alone ({largest.name})": _run(
                "run", [largest], work / "one"
            ),
            f"run over all {len(pdfs)} PDFs": _run("run", pdfs, work / "all"),
        }
        before = {p.name: p.stat().st_mtime_ns for p in (work / "all").iterdir() if p.is_file()}
        rows["the same run again (nothing changed)"] = _run("run", pdfs, work / "all")
        after = {p.name: p.stat().st_mtime_ns for p in (work / "all").iterdir() if p.is_file()}

    print(f"\n{len(pdfs)} PDFs, {mib:.1f} MiB")
    print("| run | pages | wall s | CPU s | peak MiB |\n|---|---:|---:|---:|---:|")
    for name, r in rows.items():
        print(
            f"| {name} | {r.get('pages', '')} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['peak_mib']:.0f} |"
        )
    one = rows[f"run over the largest PDF alone ({largest.name})"]["peak_mib"]
    many = rows[f"run over all {len(pdfs)} PDFs"]["peak_mib"]
    noop = rows["the same run again (nothing changed)"]
    print(
        f"\nall PDFs peak {many - one:+.0f} MiB against the largest alone (target <= +{TARGET_EXTRA_MIB})"
    )
    print(f"no-op rerun wrote {'nothing' if before == after and not noop['written'] else 'FILES'}")
    return 0 if many - one <= TARGET_EXTRA_MIB and before == after else 1


if __name__ == "__main__":
    sys.exit(main())
