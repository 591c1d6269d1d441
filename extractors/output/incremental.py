"""Which documents need work, and how this run's records join the datasets already written.

The outputs themselves are the state: a document whose SHA-256 is in the previous
`documents` dataset with the current pipeline version is not extracted again, and its rows are
carried over. Documents from earlier runs that are not among today's sources stay too: the
datasets grow run by run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from munidocs.extractors import PIPELINE_VERSION
from munidocs.extractors.output.datasets import without_documents
from munidocs.models import DATASETS


@dataclass(frozen=True)
class Plan:
    """Document ids to extract now, and those whose earlier records stand."""

    extract: list[str]
    skip: list[str]


def plan(
    doc_ids: Iterable[str],
    previous_documents: pa.Table,
    *,
    force: bool = False,
    retry_failed: bool = False,
) -> Plan:
    """Split this run's documents into those to extract and those already done."""
    done: dict[str, str] = {}
    if previous_documents.num_rows:
        for row in previous_documents.select(["doc_id", "pipeline_version", "status"]).to_pylist():
            if row["pipeline_version"] == PIPELINE_VERSION:
                done[row["doc_id"]] = row["status"]
    extract: list[str] = []
    skip: list[str] = []
    for doc_id in dict.fromkeys(doc_ids):  # same bytes under two names: once
        status = done.get(doc_id)
        redo = force or status is None or (retry_failed and status == "failed")
        (extract if redo else skip).append(doc_id)
    return Plan(extract, skip)


def superseded(previous_documents: pa.Table, pulled: dict[str, str]) -> list[str]:
    """Earlier documents whose source now gives other bytes: the new version replaces them.

    `pulled` maps this run's doc_id to its source. A file edited in place, or a URL that now
    serves a corrected PDF, must not leave its old version's rows beside the new ones.
    """
    if previous_documents.num_rows == 0:
        return []
    current = {source: doc_id for doc_id, source in pulled.items()}
    out = []
    for row in previous_documents.select(["doc_id", "source"]).to_pylist():
        new_id = current.get(row["source"])
        if new_id is not None and new_id != row["doc_id"] and row["doc_id"] not in pulled:
            out.append(row["doc_id"])
    return out


def merge(
    previous: dict[str, pa.Table], fresh: dict[str, pa.Table], replaced: Iterable[str]
) -> dict[str, pa.Table]:
    """Previous rows of documents not replaced, plus this run's rows, dataset by dataset.

    Cross-document rows (checks without doc_id, comparisons) are not merged: they are
    recomputed over the merged datasets by the caller.
    """
    replaced_ids = list(dict.fromkeys(replaced))
    merged = {}
    for name in DATASETS:
        old = without_documents(previous[name], replaced_ids)
        if name == "comparisons":
            merged[name] = fresh[name]
            continue
        if name == "checks" and old.num_rows:
            old = old.filter(old["doc_id"].is_valid())
        merged[name] = pa.concat_tables([old, fresh[name]])
    return merged
