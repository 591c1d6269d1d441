"""Fuzzing the read stage: mutated real PDFs into `munidocs.process_pdf`, which must never raise.

Each case takes one PDF (the embedded seed documents, a generated budget note, and the small
good/encrypted/scanned PDFs of tests/pdfs.py when the tests folder is there) and mutates it with
a seeded RNG: bytes flipped, the file truncated, a content or font stream overwritten, a slice
deleted or repeated, the xref offset broken. Every case must come back as records (a documents
row, `failed` when the file is unreadable); an exception escaping `process_pdf` is a crash.

    python -m benchmarks.fuzz                  # 120 cases, seed 13
    python -m benchmarks.fuzz --cases 1000 --seed 7 --keep crashes/

Cases run in a worker process; one that takes longer than --hang-seconds is a hang: the worker
is killed and replaced (the bound a run enforces per document is the run's business, not this
benchmark's). Reported: crashes (must be 0), hangs, statuses, cases per second. Exit status 1
when any case crashed.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

Mutation = Callable[[bytes, random.Random], bytes]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """1 to 32 random bytes set to random values."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    """1 to 64 single bits flipped anywhere."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """The file cut off somewhere after its header (a download that stopped)."""
    return data[: rng.randint(8, max(9, len(data) - 1))]


_STREAM = re.compile(rb"stream\r?\n")


def _streams(data: bytes) -> list[tuple[int, int]]:
    spans = []
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        if end > m.end():
            spans.append((m.end(), end))
    return spans


def corrupt_stream(data: bytes, rng: random.Random) -> bytes:
    """One stream's bytes (content, font, image: compressed or not) partly overwritten."""
    spans = _streams(data)
    if not spans:
        return flip_bytes(data, rng)
    start, end = rng.choice(spans)
    out = bytearray(data)
    a = rng.randint(start, end - 1)
    b = min(end, a + rng.randint(1, 256))
    how = rng.randrange(3)
    for i in range(a, b):
        out[i] = rng.randrange(256) if how == 0 else (0 if how == 1 else out[i] ^ 0xFF)
    return bytes(out)


def shorten_stream(data: bytes, rng: random.Random) -> bytes:
    """A stream with bytes taken out, so its /Length lies and every later offset is off."""
    spans = _streams(data)
    if not spans:
        return truncate(data, rng)
    start, end = rng.choice(spans)
    a = rng.randint(start, end - 1)
    return data[:a] + data[min(end, a + rng.randint(1, 512)) :]


def splice(data: bytes, rng: random.Random) -> bytes:
    """A slice deleted or repeated (objects lost or duplicated)."""
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4096))
    if rng.random() < 0.5:
        return data[:a] + data[b:]
    return data[:b] + data[a:b] + data[b:]


def break_xref(data: bytes, rng: random.Random) -> bytes:
    """The startxref offset or an xref entry replaced by a random number."""
    m = re.search(rb"startxref\s+(\d+)", data)
    if m is None or rng.random() < 0.3:
        xref = data.find(b"xref")
        if xref < 0:
            return flip_bytes(data, rng)
        a = xref + rng.randint(5, 200)
        return data[:a] + str(rng.randrange(10**10)).encode() + data[a + 10 :]
    return data[: m.start(1)] + str(rng.randrange(10**9)).encode() + data[m.end(1) :]


MUTATIONS: dict[str, Mutation] = {
    "flip_bytes": flip_bytes,
    "flip_bits": flip_bits,
    "truncate": truncate,
    "corrupt_stream": corrupt_stream,
    "shorten_stream": shorten_stream,
    "splice": splice,
    "break_xref": break_xref,
}


def seed_pdfs(work: Path) -> dict[str, bytes]:
    """The PDFs to mutate, by name: the seeds, a generated budget note, the tests' small ones."""
    pdfs = {p.name: p.read_bytes() for p in sorted((ROOT / "corpus" / "pdfs").glob("*.pdf"))}
    try:
        from benchmarks.budgetgen import generate_note

        pdfs["generated-budget-note.pdf"] = generate_note(3).pdf
    except Exception as exc:  # the generator needs reportlab (dev extra)
        print(f"(no generated budget note: {exc})", file=sys.stderr)
    tests = ROOT / "tests"
    if (tests / "pdfs.py").is_file():
        sys.path.insert(0, str(tests))
        try:
            import pdfs as test_pdfs

            lines = ["Kære borger", "Jf. § 85, stk. 2, i lov om social service: 1.200 kr."]
            made = {
                "text.pdf": test_pdfs.text_pdf(work / "text.pdf", lines, pages=2),
                "encrypted.pdf": test_pdfs.text_pdf(work / "enc.pdf", lines, encrypt="hemmelig"),
                "scanned.pdf": test_pdfs.scanned_pdf(work / "scanned.pdf"),
            }
            pdfs.update({name: path.read_bytes() for name, path in made.items()})
        except Exception as exc:
            print(f"(no test PDFs: {exc})", file=sys.stderr)
    return pdfs


def _worker(conn: Connection) -> None:
    """Reads case paths, answers (status, error) or ("crash", traceback)."""
    import logging

    logging.disable(logging.CRITICAL)
    import munidocs

    conn.send(("ready", ""))
    while True:
        path = conn.recv()
        if path is None:
            return
        try:
            records = munidocs.process_pdf(path)
            conn.send((records.document.status, records.document.error or ""))
        except Exception:
            conn.send(("crash", traceback.format_exc()))


class Worker:
    """A process that runs process_pdf; killed and replaced when a case hangs."""

    def __init__(self, ctx: mp.context.BaseContext) -> None:
        self._ctx = ctx
        self._start()

    def _start(self) -> None:
        self.conn, child = self._ctx.Pipe()
        self.proc = self._ctx.Process(target=_worker, args=(child,), daemon=True)  # type: ignore[attr-defined]
        self.proc.start()
        child.close()
        self.conn.recv()  # "ready": imports done, not counted against the first case

    def run(self, path: Path, hang_seconds: float) -> tuple[str, str]:
        self.conn.send(str(path))
        if not self.conn.poll(hang_seconds):
            self.proc.kill()
            self.proc.join()
            self._start()
            return "hang", f"no answer within {hang_seconds:g} s"
        try:
            return self.conn.recv()
        except EOFError:  # the worker died (segfault, OOM kill): a crash of the read stage
            code = self.proc.exitcode
            self.proc.join()
            self._start()
            return "crash", f"the worker process died (exit code {code})"

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=120, help="mutated PDFs to read")
    parser.add_argument("--seed", type=int, default=13, help="RNG seed (same seed, same cases)")
    parser.add_argument("--hang-seconds", type=float, default=60.0, help="a case this slow hangs")
    parser.add_argument("--keep", type=Path, help="copy crashing and hanging cases here")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="munidocs-fuzz-"))
    try:
        pdfs = seed_pdfs(work)
        names = sorted(pdfs)
        print(f"{len(pdfs)} PDFs to mutate: {', '.join(names)}")
        print(f"{len(MUTATIONS)} mutations: {', '.join(MUTATIONS)}; seed {args.seed}", flush=True)
        worker = Worker(mp.get_context("spawn"))
        outcomes: Counter[str] = Counter()
        bad: list[tuple[str, str, str]] = []
        started = time.perf_counter()
        for n in range(args.cases):
            name = names[n % len(names)]
            mutation = rng.choice(list(MUTATIONS))
            data = MUTATIONS[mutation](pdfs[name], rng)
            case = work / f"case-{n:05d}-{mutation}-{Path(name).stem}.pdf"
            case.write_bytes(data)
            status, detail = worker.run(case, args.hang_seconds)
            outcomes[status] += 1
            if status in ("crash", "hang"):
                bad.append((status, case.name, detail))
                print(f"{status}: {case.name}\n{detail}", flush=True)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(case, args.keep / case.name)
            case.unlink()
        elapsed = time.perf_counter() - started
        worker.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    out = io.StringIO()
    out.write(f"cases: {args.cases} in {elapsed:.1f} s ({args.cases / elapsed:.2f} cases/s)\n")
    for status in sorted(outcomes):
        out.write(f"  {status}: {outcomes[status]}\n")
    out.write(f"crashes: {outcomes['crash']} (must be 0); hangs: {outcomes['hang']}\n")
    print(out.getvalue(), end="")
    return 1 if outcomes["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
