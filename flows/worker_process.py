"""A worker process's own side: take a job (one document), run every stage on it, write its
fragment, answer with a small summary, until told to stop.

The supervising side (`workers.py`: starting workers, their limits, the pool the flow's tasks
share) never imports spaCy or the PDF engines; this module is what a worker process runs
(`serve`, in a process forked by `forkserver.py`, which has run `warm_up`), and what
`workers.InProcess` calls to run a job in the calling process.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from munidocs.extractors.settings import RunSettings, Settings


@dataclass(frozen=True)
class Job:
    """One document to process: the stored PDF and where its fragment goes."""

    path: str
    doc_id: str
    source: str
    file_name: str
    n_bytes: int
    records_dir: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """What became of a job: the document's status and reason, and its pages."""

    doc_id: str
    status: str
    error: str | None
    pages: int
    seconds: float
    peak_mib: float


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a SIGKILLed run)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def process_job(job: Job) -> Outcome:
    """Every stage of one document, and its fragment, in this (worker) process."""
    import resource

    from munidocs.extractors import stages
    from munidocs.extractors.output.fragments import RecordStore

    started = time.perf_counter()
    settings = _settings(job.settings)
    records = stages.process_document(
        Path(job.path), job.doc_id, job.source, job.file_name, settings
    )
    RecordStore(Path(job.records_dir)).write(records)
    doc = records.document
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Outcome(
        doc.doc_id, doc.status, doc.error, len(records.pages), time.perf_counter() - started, peak
    )


_last_settings: tuple[dict[str, Any], Settings] | None = None


def _settings(mapping: dict[str, Any]) -> Settings:
    """`Settings.from_mapping`, once for a run's jobs (they carry the same mapping; building it
    cost 1.4 ms a document)."""
    global _last_settings
    from munidocs.extractors.settings import Settings

    if _last_settings is None or _last_settings[0] != mapping:
        _last_settings = (mapping, Settings.from_mapping(mapping))
    return _last_settings[1]


def warm_up() -> None:
    """Load what every document needs (pdfplumber, pdfium, spaCy and the NER model), then
    take it out of the garbage collector's sight: it lives as long as the worker, and every full
    collection walked its ~130,000 objects again (on 21 real PDFs 1.6 s of a worker's 21 s went to
    collecting, 0.65 s after `gc.freeze`; on the 209 generated notes 0.62 -> 0.29 s)."""
    with contextlib.suppress(Exception):  # a broken model shows up in the first job
        from munidocs.extractors import stages  # noqa: F401 - pdfplumber, pdfium, spaCy
        from munidocs.extractors.entities.nlp import get_nlp
        from munidocs.extractors.settings import EntitySettings

        get_nlp(EntitySettings().ner_model)
    gc.freeze()


def tune_collector(run: RunSettings) -> None:
    """This process's garbage collector runs after `run.gc_young_objects` new objects (a worker's
    for its life; the run's own process for the run: `munidocs.run`)."""
    threshold = gc.get_threshold()
    if threshold[0] != run.gc_young_objects:
        gc.set_threshold(run.gc_young_objects, *threshold[1:])


def serve(conn: Connection) -> None:
    """A worker's life: take a job, answer with its outcome, until told to stop (what every
    document needs was loaded before the fork, `warm_up`: no job's clock pays for it)."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            _leave()
        tune_collector(_settings(job.settings).run)
        conn.send(("start", None))  # the clock starts now, not while the worker warmed up
        conn.send(("pages", _page_count(job.path)))  # a long document gets more time
        try:
            conn.send(("ok", process_job(job)))
        except Exception as exc:  # stages never raise for a bad file; this is a bug or I/O
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))


def _leave() -> None:
    """End the worker now: every fragment is written and synced, so the interpreter's tear-down
    (~0.4 s of freeing spaCy, pdfium and Arrow objects one by one) has nothing left to save."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    logging.shutdown()
    os._exit(0)


def _page_count(path: str) -> int:
    """Pages of a PDF by pdfium's page tree (0 when it cannot be opened: reading says why)."""
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(path)
        try:
            return len(doc)
        finally:
            doc.close()
    except Exception:  # any unreadable file: the stages record the reason
        return 0
