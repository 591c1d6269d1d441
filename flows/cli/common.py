"""What the `munidocs` commands share: the app, the consoles, the common options, and the
few steps every command takes the same way (settings, logging, an output folder to read or
write, the sources to check) — each ending in one clear line and exit status 2 when wrong.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    import munidocs
    from munidocs.extractors.settings import Settings

app = typer.Typer(
    help="Turn Danish municipal PDFs (budget notes, letters) into datasets you can query and check.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def _out_folder(value: str | Path) -> Path:
    """`--out`: a folder name; an empty one would silently mean the current folder."""
    if isinstance(value, Path):
        return value
    if not value.strip():
        raise typer.BadParameter("must name a folder, e.g. --out outputs (got an empty name)")
    return Path(value)


OutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="Folder for the datasets (created if missing).",
        parser=_out_folder,
    ),
]
ManifestOption = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        "-m",
        help="A sources manifest (TOML); see corpus/sources.example.toml.",
        exists=True,
        dir_okay=False,
    ),
]
ReadOption = Annotated[
    Path,
    typer.Option("--out", "-o", help="The output folder to read (where `munidocs run` wrote)."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="A settings file (TOML, one table per stage); `munidocs settings` prints one.",
        exists=True,
        dir_okay=False,
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Change one setting, e.g. --set pdf.max_pages=50 (repeatable; wins over --config).",
        show_default=False,
    ),
]


def load_settings(config: Path | None, overrides: list[str] | None) -> Settings:
    """The run's settings: defaults, then the file, then each --set; exit 2 on a bad one."""
    from munidocs.extractors.settings import Settings, SettingsError

    try:
        settings = Settings.from_toml(config) if config else Settings()
        pairs = {}
        for item in overrides or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise SettingsError(f"--set {item!r}: write it as key=value, e.g. pdf.max_pages=50")
            pairs[key.strip()] = value.strip()
        return settings.with_overrides(pairs)
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc


def setup_logging(verbose: int) -> None:
    """Quiet by default (failures are listed once at the end); -v shows Prefect's and our logs.

    Without -v Prefect's console shows nothing: a task that raises (a full disk) would print
    its traceback twice, and the command prints one line for it instead.
    """
    level = ["ERROR", "INFO", "DEBUG"][min(verbose, 2)]
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "CRITICAL" if verbose == 0 else level
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    ours = logging.getLogger("munidocs")
    ours.addHandler(handler)
    ours.setLevel(level)
    ours.propagate = False


def check_sources(sources: list[str] | None, manifest: Path | None) -> None:
    """Fail fast (exit 2) on a wrong path or manifest, before Prefect starts. URLs are asked
    only once, by the flow, which also records an unreachable one as a failed document."""
    from munidocs.extractors.sources.manifest import SourceError, is_http_url, sources_from_args
    from munidocs.flows.current import resolve_sources

    local = [s for s in sources or [] if not is_http_url(s)]
    try:
        if local:
            sources_from_args(local)
        elif not sources:
            resolve_sources(None, str(manifest) if manifest else None)
    except SourceError as exc:  # escaped: a manifest error names `[[source]]`, not rich markup
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc


def failure_line(exc: BaseException, out_dir: Path) -> str:
    """One line for a run that stopped: what happened, that the outputs are as before."""
    as_before = f"the outputs in {escape(str(out_dir))} are as before"
    seen: BaseException | None = exc
    while seen is not None:  # Prefect may wrap the OSError; look down the chain
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            where = escape(str(seen.filename or out_dir))
            return f"[red]error:[/red] the disk is full (writing {where}); {as_before}"
        seen = seen.__cause__ or seen.__context__
    what = escape(f"{type(exc).__name__}: {exc}")
    return f"[red]error:[/red] the run failed: {what}; {as_before} (run with -v for details)"


def writable_folder(path: Path) -> None:
    """Fail before any work when the output folder cannot be created or written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        reason = escape(str(exc.strerror or exc))
        err.print(f"[red]error:[/red] cannot write datasets to {escape(str(path))}: {reason}")
        raise typer.Exit(2) from exc


def need_outputs(out_dir: Path) -> munidocs.Outputs:
    import munidocs

    try:
        return munidocs.open_outputs(out_dir)
    except munidocs.NoOutputs as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc
