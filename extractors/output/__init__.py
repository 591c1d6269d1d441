"""Stage 5, output: records to disk and the published datasets.

`fragments` (each document's records, written the moment it is done), `incremental` (which
documents need work), `datasets` (the published Parquet, CSV, DuckDB and data package, assembled
from the fragments atomically), `comparisons` (the same key across documents), `tables`
(records as Arrow tables in the contract's schema).
"""
