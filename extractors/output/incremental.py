"""Which documents need work: the fragments of the output folder are the state.

A document whose fragment was written by the current pipeline version is not extracted again,
and its records stay. Documents from earlier runs that are not among today's sources stay too:
the datasets grow run by run. An output folder written before fragments existed (munidocs
0.1.0) is split into fragments once, so its documents are kept and not extracted again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.output.datasets import read_dataset
from munidocs.extractors.output.fragments import PER_DOCUMENT, FragmentMeta, RecordStore
from munidocs.extractors.output.tables import only_documents
from munidocs.extractors.sources.pulled import PulledFile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    """Document ids to extract now, and those whose earlier records stand."""

    extract: list[str]
    skip: list[str]


def plan(
    doc_ids: Iterable[str],
    done: Mapping[str, FragmentMeta],
    *,
    force: bool = False,
    retry_failed: bool = False,
) -> Plan:
    """Split this run's documents into those to extract and those already done."""
    extract: list[str] = []
    skip: list[str] = []
    for doc_id in dict.fromkeys(doc_ids):  # same bytes under two names: once
        meta = done.get(doc_id)
        current = meta is not None and meta.pipeline_version == PIPELINE_VERSION
        failed = meta is not None and meta.status == "failed"
        redo = force or not current or (retry_failed and failed)
        (extract if redo else skip).append(doc_id)
    return Plan(extract, skip)


def superseded(done: Mapping[str, FragmentMeta], pulled: Mapping[str, str]) -> list[str]:
    """Earlier documents whose source now gives other bytes: the new version replaces them.

    `pulled` maps this run's doc_id to its source. A file edited in place, or a URL that now
    serves a corrected PDF, must not leave its old version's rows beside the new ones.
    """
    current = {source: doc_id for doc_id, source in pulled.items()}
    return [
        doc_id
        for doc_id, meta in done.items()
        if doc_id not in pulled and current.get(meta.source) not in (None, doc_id)
    ]


@dataclass(frozen=True)
class Decision:
    """What a run does with the files its sources gave, before anything is read."""

    work: Plan
    superseded: list[str]
    """Earlier documents whose source now gives other bytes: their fragments go."""
    unusable: list[str]
    """Sources that gave no usable bytes, newly or for another reason than last time: their
    reason is recorded again."""

    @property
    def changes_nothing(self) -> bool:
        return not (self.work.extract or self.superseded or self.unusable)


def decide(
    pulled: Mapping[str, PulledFile],
    done: Mapping[str, FragmentMeta],
    *,
    force: bool = False,
    retry_failed: bool = False,
) -> Decision:
    """The flow's plan for one run's pulled files (`flows/run.py`), and the same plan asked
    before the flow starts (`flows/current.py`)."""
    usable = {d: p.source for d, p in pulled.items() if p.ok}
    return Decision(
        plan(list(usable), done, force=force, retry_failed=retry_failed),
        # only usable bytes replace an earlier version: a source that fails today keeps
        # yesterday's
        superseded(done, usable),
        [
            d
            for d, p in pulled.items()
            if not p.ok and (done.get(d) is None or done[d].error != p.error)
        ],
    )


def adopt_published(out_dir: Path, store: RecordStore) -> int:
    """Split datasets published before fragments existed into fragments; returns documents.

    The caller calls it only for a folder whose datasets were not published from fragments
    (no `published.json`): then those datasets are the only record of earlier runs. Documents
    that already have a fragment (a first run of this version killed midway) keep it.
    """
    if not (out_dir / "documents.parquet").exists():
        return 0
    have = store.metas()
    documents = read_dataset(out_dir, "documents")
    missing = [row for row in documents.to_pylist() if row["doc_id"] not in have]
    if not missing:
        return 0
    tables = {name: read_dataset(out_dir, name) for name in PER_DOCUMENT}
    for row in missing:
        doc_id = row["doc_id"]
        own = {name: only_documents(tables[name], [doc_id]) for name in PER_DOCUMENT}
        store.write_tables(
            doc_id,
            row["source"],
            row["status"],
            row["error"],
            row["pipeline_version"],
            row["processed_at"].isoformat(),
            own.items(),
        )
    log.info("kept %d documents of %s written by an earlier version", len(missing), out_dir)
    return len(missing)
