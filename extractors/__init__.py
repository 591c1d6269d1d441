"""PDF, table, entity and check logic: plain functions and classes, no Prefect imports.

PIPELINE_VERSION is recorded on every document; a document extracted by another version
is extracted again. Bump it whenever an extractor's output changes.
"""

PIPELINE_VERSION = "0.5.0"
