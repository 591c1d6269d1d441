"""Stage 1, sources: where the PDFs come from and how their bytes get into the store.

`manifest` (TOML manifests and command-line arguments as `Source`s), `pull` (local files and
folders; the entry points `pull`/`pull_all`), `http` (downloads with retries and conditional
re-fetch), `listing` (HTML pages whose PDF links are followed), `pulled` (what a pull yields),
`store` (the content-addressed PDF store). A new kind of source goes here.
"""
