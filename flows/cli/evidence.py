"""`munidocs verify` (where does a figure come from) and `munidocs show` (a page with its boxes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from munidocs.flows.cli.common import ReadOption, app, err, need_outputs, out

if TYPE_CHECKING:
    from munidocs.extractors.output.verify import Verification


@app.command(name="verify")
def verify_figure(
    figure: Annotated[
        str,
        typer.Argument(
            help="An amount, a number or a law reference: 650000, '0,6 mio. kr.', "
            "'650.000 kr.', 'integrationslovens § 18'.",
            show_default=False,
        ),
    ],
    out_dir: ReadOption = Path("outputs"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
    pictures: Annotated[
        Path | None,
        typer.Option(
            "--pictures",
            help="Write one PNG per hit into this folder: its page, the hit highlighted.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Find every place a figure or a law reference appears, in any form, and the checks on it."""
    import json

    import munidocs
    from munidocs.extractors.output.verify import NotAFigure

    need_outputs(out_dir)
    try:
        result = munidocs.verify(figure, out_dir, pictures=pictures)
    except NotAFigure as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_verification(result)
    if pictures is not None and result.hits:
        n = len(result.hits)
        err.print(f"pictures of {n} hit{'s' if n != 1 else ''} in {pictures}", highlight=False)
    if not result.hits:
        if as_json:
            err.print(result.no_hit_line(), highlight=False)
        raise typer.Exit(1)


def _print_verification(result: Verification) -> None:
    """One block per hit (where, what kind, how it matched, the text, its checks), then the
    checks that involve the hits: failures and warnings in full, passes counted."""
    if not result.hits:
        out.print(result.no_hit_line(), highlight=False)
        return
    n = len(result.hits)
    out.print(
        f"{result.query.text!r} read as {result.query.describe()}: "
        f"{n} place{'s' if n != 1 else ''} in {len({h.doc_id for h in result.hits})} of "
        f"{result.n_documents} documents",
        highlight=False,
    )
    marks = {"fail": "[red]✗[/red]", "warn": "[yellow]![/yellow]", "pass": "[green]✓[/green]"}
    for k, hit in enumerate(result.hits, start=1):
        total = " [bold]total[/bold]" if hit.is_total else ""
        match = hit.match if hit.match == "exact" else f"[yellow]{hit.match}[/yellow]"
        box = "" if hit.bbox is None else " at " + ",".join(f"{v:.0f}" for v in hit.bbox)
        out.print(
            f"\n[bold]{k:>3}[/bold]  {hit.file_name}  page {hit.page}{box}  "
            f"{hit.kind}{total}  {match}",
            highlight=False,
        )
        out.print(f"     {hit.text}", highlight=False, markup=False)
        if hit.checks:
            listed = "  ".join(f"{marks.get(c.status, c.status)} {c.check}" for c in hit.checks)
            out.print(f"     checks: {listed}", highlight=False)
    shown = [c for c in result.checks if c.status != "pass"]
    passed = len(result.checks) - len(shown)
    if result.checks:
        out.print("")
    for check in shown:
        out.print(f"{marks[check.status]} {check.check}: ", end="", highlight=False)
        out.print(check.message, highlight=False, markup=False)
    if passed:
        out.print(f"{marks['pass']} {passed} more checks on these places pass", highlight=False)


@app.command()
def show(
    doc: Annotated[
        str,
        typer.Argument(
            help="The document: its doc_id, the first characters of it, or its file name.",
            show_default=False,
        ),
    ],
    page: Annotated[int, typer.Argument(help="Page number (1-based).", min=1, show_default=False)],
    out_dir: ReadOption = Path("outputs"),
    png: Annotated[
        Path | None,
        typer.Option(
            "--png", help="Where to write the picture (default: <file name>-p<PAGE>.png here)."
        ),
    ] = None,
) -> None:
    """Draw a page with the box of every extracted record on it (a legend by kind) as a PNG."""
    import munidocs
    from munidocs.extractors.output.evidence import UnknownDocument

    need_outputs(out_dir)
    try:
        path = munidocs.show(doc, page, out_dir, png)
    except (UnknownDocument, ValueError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {exc.args[0] if exc.args else exc}", highlight=False)
        raise typer.Exit(2) from exc
    out.print(str(path), highlight=False)
