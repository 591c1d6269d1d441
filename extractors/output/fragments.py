"""Each document's records on disk as soon as the document is done: one folder of Arrow files.

`<output>/.munidocs/records/<doc_id>/` holds one Arrow IPC file per dataset that has rows
(`pages.arrow`, `budget_lines.arrow`, ...; LZ4-compressed) and `meta.json`, written last.
Fragments are the run's own state, read back whole at every publication: Arrow IPC reads four
times faster than Parquet, and a dataset without rows is no file at all (fragments written
by earlier versions, as Parquet, are read as before). The folder is written under a
temporary name and renamed into place, so a fragment is either complete or absent: a run killed
at document 30 keeps the 29 finished ones, and the next run extracts only what is missing.

The published datasets are assembled from these fragments (`datasets.publish`); they are the
state of the output folder, which is why memory no longer grows with the number of documents.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from munidocs.extractors.memory import release_large
from munidocs.extractors.output.tables import conform, to_table
from munidocs.models import DATASETS, DocumentRecords

PER_DOCUMENT = tuple(name for name in DATASETS if name not in ("comparisons", "runs"))
"""Datasets whose rows belong to one document (comparisons span documents, runs are runs)."""

META_FILE = "meta.json"
FRAGMENT_COMPRESSION = "lz4"
"""Fragments are internal state (`output.parquet_compression` is for the published files), read
back at every publication, many small files: the 13,622 fragment files of 2,064 generated notes
read in 3.1 s of CPU with LZ4 against 8.0 s with zstd (whose cost is mostly per buffer), and were
written in 4.4 s against 8.8 s, for 90 MiB instead of 72 (181 uncompressed). Fragments written
with zstd by earlier versions are read as they are."""
_PENDING = ".pending-"
_DISCARDED = ".discarded-"


@dataclass(frozen=True)
class FragmentMeta:
    """What the planner needs to know about a finished document without reading its records."""

    doc_id: str
    source: str
    status: str
    error: str | None
    pipeline_version: str
    processed_at: str
    token: str
    """Random per write: tells a re-extracted document from the one published before."""


class RecordStore:
    """The per-document fragments of one output folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def clean(self) -> None:
        """Remove half-written and discarded fragments a killed run left behind."""
        if not self.root.exists():
            return
        for stale in [*self.root.glob(f"{_PENDING}*"), *self.root.glob(f"{_DISCARDED}*")]:
            shutil.rmtree(stale, ignore_errors=True)

    def metas(self) -> dict[str, FragmentMeta]:
        """Every complete fragment's meta, by doc_id."""
        out: dict[str, FragmentMeta] = {}
        if not self.root.exists():
            return out
        for folder in self.root.iterdir():
            if folder.name.startswith(".") or not (folder / META_FILE).exists():
                continue
            try:
                raw = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
                meta = FragmentMeta(**raw)
            except (OSError, ValueError, TypeError):
                continue  # unreadable meta: the document is extracted again
            if meta.doc_id == folder.name:
                out[meta.doc_id] = meta
        return out

    def write(self, records: DocumentRecords) -> FragmentMeta:
        """Store one document's records atomically, replacing an earlier fragment of it."""
        doc = records.document
        # One dataset converted at a time, each written and dropped before the next (a
        # 1,000-page document: ~25 MiB less at the peak than all its tables at once; handing
        # the freed pages back after each, `release_memory`, another ~70 MiB).
        tables = ((name, to_table(name, rows)) for name, rows in records.datasets().items())
        return self.write_tables(
            doc.doc_id,
            doc.source,
            doc.status,
            doc.error,
            doc.pipeline_version,
            doc.processed_at.isoformat(),
            tables,
        )

    def write_tables(
        self,
        doc_id: str,
        source: str,
        status: str,
        error: str | None,
        pipeline_version: str,
        processed_at: str,
        tables: Iterable[tuple[str, pa.Table]],
    ) -> FragmentMeta:
        """Store one document's dataset tables atomically (the meta file is written last).

        `tables` is consumed one pair at a time, so a generator keeps one table in memory.
        """
        meta = FragmentMeta(
            doc_id, source, status, error, pipeline_version, processed_at, uuid.uuid4().hex
        )
        self.root.mkdir(parents=True, exist_ok=True)
        pending = self.root / f"{_PENDING}{doc_id}-{meta.token}"
        pending.mkdir()
        try:
            options = ipc.IpcWriteOptions(compression=FRAGMENT_COMPRESSION)
            for name, table in tables:
                if table.num_rows == 0:
                    continue
                path = pending / f"{name}.arrow"
                with ipc.new_file(path, table.schema, options=options) as writer:
                    writer.write_table(table)
                freed = table.nbytes
                del table  # before the next dataset is converted
                release_large(freed)  # Arrow's pool and glibc keep freed pages until asked
                fsync_file(path)
            (pending / META_FILE).write_text(json.dumps(asdict(meta)), encoding="utf-8")
            fsync_file(pending / META_FILE)
            self.remove(doc_id)
            os.replace(pending, self.root / doc_id)
            _fsync_dir(self.root)
        except BaseException:
            shutil.rmtree(pending, ignore_errors=True)
            raise
        return meta

    def remove(self, doc_id: str) -> None:
        """Drop a document's fragment (a rename first, so no half-deleted fragment is ever read)."""
        folder = self.root / doc_id
        if not folder.exists():
            return
        trash = self.root / f"{_DISCARDED}{doc_id}-{uuid.uuid4().hex}"
        os.replace(folder, trash)
        shutil.rmtree(trash, ignore_errors=True)

    def tables(
        self, dataset: str, doc_ids: list[str], columns: list[str] | None = None
    ) -> Iterator[pa.Table]:
        """One document's rows of a dataset at a time, in the order given, in today's schema."""
        for doc_id in doc_ids:
            table = self._read(doc_id, dataset, columns)
            if table is not None:
                yield table

    def _read(self, doc_id: str, dataset: str, columns: list[str] | None) -> pa.Table | None:
        """A fragment's rows of a dataset in today's schema; None when it has none."""
        path = self.root / doc_id / f"{dataset}.arrow"
        if path.exists():
            with ipc.open_file(path) as reader:
                table = reader.read_all()
        elif (old := path.with_suffix(".parquet")).exists():  # written by munidocs < 0.5
            table = pq.read_table(old)
        else:  # no rows (or a fragment from before the dataset existed)
            return None
        table = conform(table, dataset)
        return table.select(columns) if columns else table


def fsync_file(path: Path) -> None:
    """Flush a written file to disk before it is renamed into place."""
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    """Make a rename durable (best effort: not every filesystem allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
