"""The web view: Datasette over the SQLite copy of an output folder, and munidocs' plugin.

Read-only by construction: the copy is opened as an immutable database (Datasette opens it
`?immutable=1`, read-only), SQL typed into the web view runs on that read-only SQLite
connection under a time limit, and the server listens on 127.0.0.1 unless told otherwise.

The plugin (the hook functions below, registered with Datasette's plugin manager) adds:
- `/-/munidocs/page/<doc_id>/<page>.png`: a page picture (see `pictures.py`, the hook for the
  pictures with boxes), linked from every record's `page` cell and from page lists;
- `/-/munidocs/pdf/<doc_id>.pdf`: the stored PDF, linked from each document's file name.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from munidocs.browse import pictures
from munidocs.browse.datasette_meta import DATABASE, metadata
from munidocs.browse.sqlite_copy import ensure_copy
from munidocs.extractors.settings import QuerySettings

PLUGIN = "munidocs"
_DOC_ID = r"(?P<doc_id>[0-9a-f]{64})"


class ServeError(RuntimeError):
    """The web view cannot start (the address is taken, the folder cannot hold the copy)."""


def _out_dir(datasette: Any) -> Path | None:
    config = datasette.plugin_config(PLUGIN) or {}
    return Path(config["out_dir"]) if config.get("out_dir") else None


def _page_url(datasette: Any, doc_id: str, page: int) -> str:
    return str(datasette.urls.path(f"/-/munidocs/page/{doc_id}/{page}.png"))


def _link(url: str, text: str, title: str) -> str:
    return f'<a href="{escape(url)}" title="{escape(title)}">{escape(text)}</a>'


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, datasette: Any) -> Any:
    """Link pages to their pictures and file names to the stored PDF."""
    out_dir = _out_dir(datasette)
    if out_dir is None or row is None or value in (None, ""):
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    doc_id = row["doc_id"] if "doc_id" in keys else None
    if isinstance(doc_id, dict):  # a foreign key Datasette has expanded to its label
        doc_id = doc_id.get("value")
    if not isinstance(doc_id, str):
        return None
    if not pictures.has_pictures(out_dir, doc_id):
        return None
    if column == "page" and isinstance(value, int):
        return Markup(_link(_page_url(datasette, doc_id, value), str(value), "page picture"))
    if column in ("pages", "named_pages") and isinstance(value, str) and value.startswith("["):
        try:
            pages = [p for p in json.loads(value) if isinstance(p, int)]
        except ValueError:
            return None
        links = ", ".join(
            _link(_page_url(datasette, doc_id, p), str(p), "page picture") for p in pages
        )
        return Markup(f"[{links}]")
    if column == "file_name":
        url = datasette.urls.path(f"/-/munidocs/pdf/{doc_id}.pdf")
        return Markup(_link(str(url), str(value), "the PDF"))
    return None


async def _page_png(request: Any, datasette: Any) -> Response:
    out_dir = _out_dir(datasette)
    doc_id = request.url_vars["doc_id"]
    page = int(request.url_vars["page"])
    png = None
    if out_dir is not None:
        png = await asyncio.to_thread(pictures.page_picture, out_dir, doc_id, page)
    if png is None:
        return Response.text("no such page picture", status=404)
    return Response(png, content_type="image/png", headers={"Cache-Control": "max-age=3600"})


async def _pdf(request: Any, datasette: Any) -> Response:
    out_dir = _out_dir(datasette)
    path = pictures.stored_pdf(out_dir, request.url_vars["doc_id"]) if out_dir else None
    if path is None:
        return Response.text("no such PDF", status=404)
    data = await asyncio.to_thread(path.read_bytes)
    return Response(data, content_type="application/pdf")


CSS = """
dl.column-descriptions { display: grid; grid-template-columns: max-content 1fr;
  column-gap: 1.5em; row-gap: 0.1em; font-size: 0.85em; }
dl.column-descriptions dd { margin: 0; color: #555; }
td.col-text { min-width: 28em; }
td.col-sentence, td.col-message, td.col-table_title, td.col-item, td.col-title { min-width: 14em; }
td.type-pk { font: 0.75em monospace; min-width: 16em; max-width: 22em; word-break: break-all; }
td.col-doc_id { min-width: 10em; max-width: 16em; }
td.col-doc_id em { display: block; font: 0.75em monospace; color: #777; word-break: break-all; }
"""
"""Column descriptions as a compact two-column list (the rows show without scrolling); text
columns wide enough to read; the 64-digit ids small, in two lines, under the document's title
that Datasette shows for a `doc_id`."""


async def _css(request: Any, datasette: Any) -> Response:
    return Response(CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [str(datasette.urls.path("/-/munidocs/munidocs.css"))]


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Any]]]:
    return [
        (rf"^/-/munidocs/page/{_DOC_ID}/(?P<page>\d+)\.png$", _page_png),
        (rf"^/-/munidocs/pdf/{_DOC_ID}\.pdf$", _pdf),
        (r"^/-/munidocs/munidocs\.css$", _css),
    ]


def datasette_app(out_dir: Path, sqlite: Path, settings: QuerySettings) -> Any:
    """A Datasette instance over the copy, with munidocs' metadata and plugin."""
    import sys

    from datasette.app import Datasette  # first: it loads Datasette's own plugins
    from datasette.plugins import pm

    # Datasette prints every error, a 404 too, with rich when rich is installed (munidocs' CLI
    # uses it); outside an `except` block that print itself fails, and a POST to a missing
    # page became a 500. Without it, Datasette answers 404 and prints only real errors.
    setattr(importlib.import_module("datasette.handle_exception"), "rich", None)  # noqa: B010

    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name=PLUGIN)
    return Datasette(
        immutables=[str(sqlite)],
        metadata=metadata(out_dir),
        settings={
            "sql_time_limit_ms": int(settings.web_time_limit * 1000),
            "max_returned_rows": settings.web_max_rows,
            "facet_time_limit_ms": int(settings.web_time_limit * 1000),
            "suggest_facets": False,
            "truncate_cells_html": 300,
        },
    )


def _check_address(host: str, port: int) -> None:
    """Fail with a clear reason before starting when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/{DATABASE}"


def serve_outputs(
    out_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    settings: QuerySettings | None = None,
    ready: Callable[[str, bool], None] | None = None,
) -> None:
    """Make the SQLite copy current, then serve it until interrupted (Ctrl+C)."""
    import uvicorn

    if not re.fullmatch(r"[\w.:-]+", host):
        raise ServeError(f"not a host name or address: {host!r}")
    _check_address(host, port)
    try:
        sqlite, made = ensure_copy(out_dir)
    except OSError as exc:
        raise ServeError(
            f"cannot write the web view's SQLite copy beside the outputs in {out_dir}: "
            f"{exc.strerror or exc}"
        ) from exc
    app = datasette_app(out_dir, sqlite, settings or QuerySettings())
    asyncio.run(app.invoke_startup())
    if ready is not None:
        ready(url_for(host, port), made)
    uvicorn.run(app.app(), host=host, port=port, log_level="warning", lifespan="on")
