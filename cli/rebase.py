"""`apostilla rebase DOC NEW_SOURCE.txt`: carry the annotations onto a new version of the source."""

import json
from pathlib import Path
from typing import Optional

import typer


def rebase(
    doc: Path = typer.Argument(..., help="The TEI document."),
    source: Path = typer.Argument(..., metavar="NEW_SOURCE.txt", help="The new version of its source text (UTF-8)."),
    fmt: str = typer.Option("text", "--format", help="The report: text or json."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the report (and, as text, the diff); write nothing."),
    by: Optional[str] = typer.Option(None, "--by", help="Who is acting (default: $APOSTILLA_USER, else the system user)."),
) -> None:
    """Replace the text by a new version of its source and carry every annotation over; orphans are listed."""
    from apostilla.annotations.rebase import rebase_file
    from apostilla.common.errors import UsageError

    if fmt not in ("text", "json"):
        raise UsageError(f"--format {fmt!r}: use text or json")
    report, outcome = rebase_file(doc, source, dry_run=dry_run, by=by)
    if fmt == "json":
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    typer.echo(report.to_text())
    if outcome.diff:
        typer.echo(outcome.diff, nl=False)
