"""`apostilla rebase DOC NEW_SOURCE.txt`: carry the annotations onto a new version of the source."""

import json
from pathlib import Path
from typing import Optional

import typer

from .options import BY, DOC, format_option
from .output import data, say, warn


def rebase(
    doc: Path = DOC,
    source: Path = typer.Argument(..., metavar="NEW_SOURCE.txt", help="The new version of its source text (UTF-8)."),
    fmt: str = format_option("text", "json", help="The report: text or json."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the report (and, as text, the diff); write nothing."),
    by: Optional[str] = BY,
) -> None:
    """Replace the text by a new version of its source and carry every annotation over; orphans are listed."""
    from apostilla.annotations.rebase import rebase_file

    report, outcome = rebase_file(doc, source, dry_run=dry_run, by=by)
    for warning in outcome.warnings:
        warn(warning)
    if fmt == "json":
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    for line in report.to_text().splitlines():
        say(line)
    if outcome.diff:
        data(outcome.diff)
